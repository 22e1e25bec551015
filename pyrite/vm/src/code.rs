//! [`VmCode`]: a [`CodeObject`] prepared for running — validated once, constants turned into
//! values, names interned as `str` objects, the parameter layout built for
//! [`pyrite_runtime::bind`], and the VM's own mutable copy of the instructions that quickening
//! rewrites (see `quicken.rs`).
//!
//! # Invariant
//! A `VmCode` exists only for a code object that passed [`pyrite_bytecode::validate::validate`]
//! (checked in [`VmCode::prepare`], whatever produced the code object: the compiler or a cache
//! file). Every register operand is below `n_registers`, every constant/name/cell index and
//! jump target is in range, and the last instruction is a terminator, so the program counter
//! never leaves `instrs`. The dispatch loop's unchecked accesses cite this invariant.
//!
//! Quickening only ever stores an instruction whose operands are those of the original
//! (`code.instructions[pc]`), with an opcode of the same layout: the invariant survives it.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use pyrite_bytecode::code::{CodeFlags, CodeObject, Constant};
use pyrite_bytecode::instr::Instr;
use pyrite_runtime::bind::Params;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::types::{PyBytes, PyStr};
use pyrite_runtime::value::Value;

use crate::quicken::CacheEntry;
use crate::stack::Slot;

/// A constant of the pool, ready to load.
pub(crate) enum VmConst {
    /// Any value (loaded by cloning it).
    Value(Value),
    /// A nested code object (`MakeFunction`'s operand).
    Code(Rc<VmCode>),
}

/// See the module documentation.
pub struct VmCode {
    /// The code object as compiled (its `instructions` are the generic originals).
    pub code: Arc<CodeObject>,
    /// The running copy of the instructions, rewritten by quickening.
    pub(crate) instrs: Box<[Cell<Instr>]>,
    /// One inline-cache entry per instruction (meaningful for cacheable ones).
    pub(crate) caches: Box<[CacheEntry]>,
    /// The constants, as values.
    pub(crate) consts: Box<[VmConst]>,
    /// `code.names`, as `str` objects (their hashes are computed once and cached).
    pub(crate) names: Box<[Rc<PyStr>]>,
    /// The parameter layout, for argument binding.
    pub(crate) params: Params,
    /// `code.n_registers`.
    pub(crate) n_registers: usize,
    /// The registers of a new frame before arguments are bound: unbound, except the constant
    /// registers, which hold their constants (`pyrite_bytecode::code`). `n_registers` slots,
    /// every one inline (owning nothing), so a frame's window is a bitwise copy of it
    /// (`ValueStack::push_window`, `ValueStack::push_template`).
    pub(crate) window: Box<[Slot]>,
    /// The function or scope name, for traceback entries.
    pub(crate) name: Rc<str>,
    /// The file name, for traceback entries.
    pub(crate) filename: Rc<str>,
    /// Calls with exactly `arg_count` positional arguments bind by copying (no `*args`,
    /// `**kwargs`, keyword-only parameters, cells for parameters, or generator).
    pub(crate) simple_args: bool,
    /// Native code for this code object, once a native compiler has looked at it (see
    /// `native.rs`).
    pub(crate) native: crate::native::NativeCell,
}

impl std::fmt::Debug for VmCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<code {}>", self.code.qualname)
    }
}

/// The deepest nesting of code objects prepared (the validator's own bound).
const MAX_DEPTH: u32 = pyrite_bytecode::validate::MAX_CODE_DEPTH + 1;

impl VmCode {
    /// Validates `code` and prepares it and every code object nested in it.
    pub fn prepare(code: Arc<CodeObject>) -> PyResult<Rc<VmCode>> {
        if let Err(msg) = pyrite_bytecode::validate::validate(&code) {
            return Err(PyErr::new(
                BuiltinType::SystemError,
                format!("invalid code object: {msg}"),
            ));
        }
        Self::prepare_validated(code, 0)
    }

    fn prepare_validated(code: Arc<CodeObject>, depth: u32) -> PyResult<Rc<VmCode>> {
        if depth > MAX_DEPTH {
            return Err(PyErr::new(
                BuiltinType::SystemError,
                "code objects nested too deeply",
            ));
        }
        let mut consts = Vec::with_capacity(code.constants.len());
        for c in &code.constants {
            consts.push(match c {
                Constant::Code(inner) => {
                    VmConst::Code(Self::prepare_validated(Arc::clone(inner), depth + 1)?)
                }
                other => VmConst::Value(constant_value(other, &code)?),
            });
        }
        let names = code
            .names
            .iter()
            .map(|n| Rc::new(PyStr::new(n.clone())))
            .collect();
        let varargs = code.flags.has(CodeFlags::VARARGS);
        let varkw = code.flags.has(CodeFlags::VARKEYWORDS);
        let params = Params {
            names: code
                .varnames
                .iter()
                .take(code.param_count())
                .map(|n| Rc::new(PyStr::new(n.clone())))
                .collect(),
            posonly: code.posonly_count as usize,
            argcount: code.arg_count as usize,
            kwonly: code.kwonly_count as usize,
            varargs,
            varkw,
        };
        let simple_args = code.kwonly_count == 0
            && !varargs
            && !varkw
            && code.cell_params.is_empty()
            && !code.is_generator();
        let mut window = vec![None; code.n_registers as usize];
        let first = code.first_const_register() as usize;
        for (slot, &k) in window[first..].iter_mut().zip(&code.const_registers) {
            // Validation checked that `k` names an inline constant.
            match consts.get(k as usize) {
                Some(VmConst::Value(v)) if v.is_inline() => *slot = Some(v.clone()),
                _ => return Err(crate::dispatch::internal("a constant register's constant")),
            }
        }
        let instrs = code.instructions.iter().map(|&i| Cell::new(i)).collect();
        let caches = code
            .instructions
            .iter()
            .map(|_| CacheEntry::default())
            .collect();
        Ok(Rc::new(VmCode {
            instrs,
            caches,
            consts: consts.into_boxed_slice(),
            names,
            params,
            n_registers: code.n_registers as usize,
            window: window.into_boxed_slice(),
            name: Rc::from(code.name.as_str()),
            filename: Rc::from(code.filename.as_str()),
            simple_args,
            native: crate::native::NativeCell::default(),
            code,
        }))
    }

    /// The source line of the instruction at `pc`.
    pub(crate) fn line_for(&self, pc: u32) -> u32 {
        self.code.line_for(pc)
    }
}

/// A constant as a value (code objects are handled by the caller).
fn constant_value(c: &Constant, code: &CodeObject) -> PyResult<Value> {
    Ok(match c {
        Constant::None => Value::None,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(i) => Value::Int(*i),
        Constant::BigInt(b) => Value::from_bigint(b.clone()),
        Constant::Float(f) => Value::Float(*f),
        Constant::Str(s) => Value::str(s.clone()),
        Constant::Bytes(b) => Value::Bytes(Rc::new(PyBytes::new(b.clone()))),
        Constant::Tuple(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(constant_value(item, code)?);
            }
            Value::tuple(out)
        }
        Constant::Ellipsis => {
            return Err(unsupported_constant("the Ellipsis constant", code));
        }
        Constant::Complex { .. } => {
            return Err(unsupported_constant("complex numbers", code));
        }
        Constant::Code(_) => {
            return Err(unsupported_constant("a code object inside a tuple", code));
        }
    })
}

fn unsupported_constant(what: &str, code: &CodeObject) -> PyErr {
    PyErr::new(
        BuiltinType::NotImplementedError,
        format!(
            "{what} is not supported ({}, line {})",
            code.filename, code.first_line
        ),
    )
}

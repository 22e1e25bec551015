//! The dispatch loop: one `match` over fixed-size instructions, registers addressed by index.
//!
//! [`Vm::run`] drives frames until the frame it was started for returns: a Python-to-Python
//! call pushes the callee's frame and the loop continues with it (no Rust recursion); a return
//! pops it and stores the result in the caller's destination register; an exception goes to
//! [`Vm::unwind`] (`exceptions.rs`), which finds a handler in the exception tables of the
//! frames it pops.
//!
//! [`Vm::run_frame`] is the hot loop over one frame's instructions. It keeps the program counter
//! in a local (through `&mut`), reads registers without bounds checks (see the `reg!` macro's
//! safety argument), and hands everything rare to methods in the other files. Inline fast paths
//! here (`int + int`, `list[int]`, truthiness of a `bool`) compute exactly what the runtime's
//! `ops` would; everything else calls `ops`.

use std::rc::Rc;

use pyrite_bytecode::instr::{CmpKind, Instr};
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::ops;
use pyrite_runtime::types::PyDict;
use pyrite_runtime::value::Value;

use crate::code::{VmCode, VmConst};
use crate::frame::FrameKind;
use crate::function::vm_body;
use crate::machine::Vm;
use crate::quicken;

/// Why [`Vm::run_frames`] stopped.
pub(crate) enum Exit {
    /// The entry frame returned this value (it is still on the frame stack).
    Return(Value),
    /// The entry (generator) frame yielded this value.
    Yield(Value),
    /// `STEP` mode: the entry frame's instruction is done (with any frames it called).
    Step,
}

/// A `SystemError` for states validated code cannot reach (a compiler bug, reported rather than
/// a panic).
#[cold]
pub(crate) fn internal(msg: &str) -> PyErr {
    PyErr::new(BuiltinType::SystemError, format!("pyrite VM: {msg}"))
}

/// `LoadBuildClass`: classes are not supported by the VM yet.
#[cold]
pub(crate) fn classes_unsupported(code: &VmCode, at: u32) -> PyErr {
    PyErr::new(
        BuiltinType::NotImplementedError,
        format!(
            "class definitions are not supported by the bytecode VM yet ({}, line {})",
            code.filename,
            code.line_for(at)
        ),
    )
}

/// A register read that found the unbound state where the compiler promised a value.
#[cold]
pub(crate) fn unbound_register() -> PyErr {
    internal("read of an unbound register")
}

impl Vm {
    /// Runs frames until the frame at index `entry` of the frame stack returns (its value) or,
    /// for a generator frame, yields (the yielded value; the generator records which).
    pub(crate) fn run(&mut self, entry: usize) -> PyResult<Value> {
        if let Some(native) = self.native_for_top() {
            return self.run_native(native);
        }
        let mut pc = match self.frames.last() {
            Some(top) => top.pc,
            None => return Err(internal("no frame to run")),
        };
        loop {
            let ran = if self.count_instructions {
                self.run_frames::<true, false>(entry, &mut pc, 0)
            } else {
                self.run_frames::<false, false>(entry, &mut pc, 0)
            };
            match ran {
                Ok(Exit::Return(value)) => {
                    return self.finish_entry(value);
                }
                Ok(Exit::Yield(value)) => {
                    return crate::generator::suspend(self, pc, value, entry);
                }
                Ok(Exit::Step) => return Err(internal("a step outside native code")),
                Err(err) => {
                    if let Some(f) = self.frames.last_mut() {
                        f.pc = pc;
                    }
                    self.unwind(err, entry)?;
                    pc = match self.frames.last() {
                        Some(top) => top.pc,
                        None => return Err(internal("no frame after unwinding")),
                    };
                }
            }
        }
    }

    /// Pops the entry frame, which returned `value`.
    fn finish_entry(&mut self, value: Value) -> PyResult<Value> {
        let Some(frame) = self.frames.pop() else {
            return Err(internal("return without a frame"));
        };
        self.stack.truncate(frame.base);
        if let FrameKind::Generator(g) = &frame.kind {
            g.finish();
        }
        Ok(value)
    }

    /// Pops a returning frame that is not the entry frame and stores `value` in the caller's
    /// destination register.
    #[inline]
    fn return_to_caller(&mut self, value: Value) -> PyResult<()> {
        let Some(ret) = self.pop_plain_frame() else {
            return Err(internal("return without a frame"));
        };
        let Some(caller) = self.frames.last() else {
            return Err(internal("return without a caller"));
        };
        if !self.stack.put(caller.base + usize::from(ret), value) {
            return Err(internal("return register out of range"));
        }
        Ok(())
    }

    /// Pops the top frame and its registers: the caller's register its result goes to, or
    /// `None` without a frame. The frame is dropped where it lies: `Vec::pop` would first
    /// move its 72 bytes out (a `memcpy` call on every return, callgrind on `spectral_norm`).
    /// For frames whose kind needs no action when they end (plain frames, and generator
    /// frames the caller has already dealt with).
    #[inline]
    pub(crate) fn pop_plain_frame(&mut self) -> Option<u16> {
        let top = self.frames.len().checked_sub(1)?;
        // SAFETY: `top < len`, so the frame is initialized; the length drops first, so the
        // vector no longer owns it and it is dropped exactly once, here.
        let (base, ret) = unsafe {
            self.frames.set_len(top);
            let f = &mut *self.frames.as_mut_ptr().add(top);
            // Field by field (`Frame` has no `Drop` of its own), skipping what owns nothing
            // in the common case: no locals, no cells (an empty vector allocates nothing),
            // a plain kind; the drop glue of the whole frame was a call per return, and one
            // more for the empty cells vector (callgrind on `fib`).
            std::ptr::drop_in_place(&raw mut f.code);
            std::ptr::drop_in_place(&raw mut f.globals);
            if f.locals.is_some() {
                std::ptr::drop_in_place(&raw mut f.locals);
            }
            if f.cells.capacity() != 0 {
                std::ptr::drop_in_place(&raw mut f.cells);
            }
            if !matches!(f.kind, FrameKind::Plain) {
                std::ptr::drop_in_place(&raw mut f.kind);
            }
            (f.base, f.ret)
        };
        self.stack.truncate(base);
        Some(ret)
    }

    /// Runs the top frame from `*pc`, and the frames it calls and returns to, until the frame
    /// at index `entry` returns or yields, or an instruction raises. `*pc` always holds the top
    /// frame's program counter; on an `Err` it is one past the faulting instruction.
    ///
    /// With `COUNT`, every instruction is counted in `stats.instructions` (for the JIT's
    /// report of how much ran natively). With `STEP`, the loop stops (`Exit::Step`) as soon as
    /// control is in the entry frame outside the instructions `*pc..step_end` it started on: it
    /// runs that run of the entry frame's instructions, with everything they call (the generic
    /// helper of native code, see `native.rs`); `step_end` is unused otherwise.
    #[allow(clippy::too_many_lines)]
    pub(crate) fn run_frames<const COUNT: bool, const STEP: bool>(
        &mut self,
        entry: usize,
        pc: &mut u32,
        step_end: u32,
    ) -> PyResult<Exit> {
        let mut code: &VmCode;
        let mut globals: &PyDict;
        let mut base: usize;

        /// Loads the top frame's state into the locals above.
        macro_rules! load_frame {
            () => {{
                let Some(top) = self.frames.last() else {
                    return Err(internal("no frame to run"));
                };
                // SAFETY: the top frame owns an `Rc` of its code and of its globals, and stays
                // on the frame stack until this loop pops it (after which it reloads before
                // using `code` or `globals` again): nested runs started by calls into the
                // runtime pop only the frames they pushed above it. The `Rc`s' targets do
                // not move when the `frames` vector does.
                code = unsafe { &*Rc::as_ptr(&top.code) };
                // SAFETY: as above.
                globals = unsafe { &*Rc::as_ptr(&top.globals) };
                base = top.base;
                // Establishes the frame invariant of `stack.rs` for this frame, so that the
                // `reg!` accesses need no check: every register operand of validated code is
                // `< n_registers`.
                if base + code.n_registers > self.stack.len() {
                    return Err(internal("frame window beyond the stack"));
                }
            }};
        }
        load_frame!();

        /// Register `i` of this frame, as `&Option<Value>`.
        macro_rules! reg {
            ($i:expr) => {{
                let idx = base + ($i) as usize;
                // SAFETY: `code` passed validation (`VmCode::prepare`), so every register
                // operand is `< code.n_registers`; the check at the top of `run_frame` and the
                // frame invariant (`stack.rs`: a window stays allocated while its frame is on
                // the frame stack; nested runs only push and pop above it) give
                // `base + n_registers <= stack.len()` for the whole loop.
                unsafe { self.stack.slot_unchecked(idx) }
            }};
        }
        /// Register `i` of this frame, mutably.
        macro_rules! reg_mut {
            ($i:expr) => {{
                let idx = base + ($i) as usize;
                // SAFETY: as for `reg!`.
                unsafe { self.stack.slot_unchecked_mut(idx) }
            }};
        }
        /// `r[i] = v`: `v` is computed first (it may borrow registers), and the old value is
        /// released inline when it owns nothing (`stack::store`).
        macro_rules! set {
            ($i:expr, $v:expr) => {{
                let v = $v;
                crate::stack::store(reg_mut!($i), v)
            }};
        }
        /// The bound value of register `i` (a compiler bug if unbound).
        macro_rules! val {
            ($i:expr) => {
                match reg!($i) {
                    Some(v) => v,
                    None => return Err(unbound_register()),
                }
            };
        }
        /// A specialized instruction whose guard failed: restore the generic instruction and
        /// run it.
        macro_rules! deopt {
            ($at:expr) => {{
                quicken::deopt(code, $at);
                self.stats.deopts += 1;
                *pc -= 1;
                continue;
            }};
        }
        /// A fused int compare-and-branch.
        macro_rules! int_jump {
            ($ins:expr, $at:expr, $cond:expr) => {{
                if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!($ins.a), reg!($ins.b)) {
                    if $cond(*x, *y) {
                        *pc = $ins.k();
                    }
                } else {
                    deopt!($at);
                }
            }};
        }

        let step_from = *pc;
        // `*pc` is outside `step_from..step_end` exactly when `*pc - step_from` (wrapping)
        // is at least the span: one compare per instruction instead of two. An empty range
        // (a handler past `step_end`, after an unwind) has span 0: every `pc` is outside.
        let step_span = step_end.saturating_sub(step_from);
        loop {
            if STEP && (*pc).wrapping_sub(step_from) >= step_span && self.frames.len() == entry + 1
            {
                return Ok(Exit::Step);
            }
            let at = *pc as usize;
            debug_assert!(at < code.instrs.len());
            // SAFETY: validation guarantees every jump target and handler is in range and the
            // last instruction is a terminator, so `pc` only ever names an instruction.
            let ins: Instr = unsafe { code.instrs.get_unchecked(at) }.get();
            *pc += 1;
            if COUNT {
                self.stats.instructions += 1;
            }
            match ins.op {
                Opcode::Nop => {}
                Opcode::Move => {
                    // SAFETY: both are registers of this frame (see `reg!`).
                    unsafe {
                        self.stack
                            .copy_unchecked(base + usize::from(ins.b), base + usize::from(ins.a));
                    }
                }
                Opcode::LoadConst => match code.consts.get(ins.k() as usize) {
                    Some(VmConst::Value(v)) => set!(ins.a, v.clone()),
                    _ => return Err(internal("LoadConst of a code object")),
                },
                Opcode::CheckBound => {
                    if reg!(ins.a).is_none() {
                        return Err(crate::names::unbound_local(code, ins.a));
                    }
                }
                Opcode::DeleteFast => {
                    if reg_mut!(ins.a).take().is_none() {
                        return Err(crate::names::unbound_local(code, ins.a));
                    }
                }

                // ---- names ----------------------------------------------------------------
                Opcode::LoadGlobal => {
                    let v = self.load_global(code, globals, at, ins)?;
                    set!(ins.a, v);
                }
                Opcode::LoadGlobalModule => {
                    let v = match quicken::global_module_hit(code, at, globals) {
                        Some(v) => v,
                        None => {
                            match crate::names::reload_global(code, globals, at, ins.k(), false) {
                                Some(v) => v,
                                None => deopt!(at),
                            }
                        }
                    };
                    set!(ins.a, v);
                }
                Opcode::LoadGlobalBuiltin => {
                    let v = match quicken::global_builtin_hit(code, at, globals) {
                        Some(v) => v,
                        None => match crate::names::reload_global(code, globals, at, ins.k(), true)
                        {
                            Some(v) => v,
                            None => deopt!(at),
                        },
                    };
                    set!(ins.a, v);
                }
                Opcode::StoreGlobal => {
                    let v = val!(ins.a).clone_fast();
                    globals.set_str(&code.names[ins.k() as usize], v)?;
                }
                Opcode::DeleteGlobal
                | Opcode::LoadName
                | Opcode::StoreName
                | Opcode::DeleteName
                | Opcode::LoadDeref
                | Opcode::StoreDeref
                | Opcode::DeleteDeref
                | Opcode::LoadClassDeref
                | Opcode::LoadClosure => self.name_op(code, base, ins)?,

                // ---- operators ------------------------------------------------------------
                Opcode::UnaryOp => self.unary(base, ins)?,
                Opcode::BinaryOp => self.binary_generic(code, at, base, ins)?,
                Opcode::InplaceOp => {
                    // `x += 1` on ints and floats: they are immutable, so this is `x + 1`.
                    if let (Some(a), Some(b)) = (reg!(ins.b), reg!(ins.c))
                        && let Some(op) = pyrite_bytecode::instr::BIN_OPS.get(usize::from(ins.x))
                        && let Some(r) = crate::binary::inline_result(*op, a, b)
                    {
                        set!(ins.a, r);
                    } else {
                        self.inplace(base, ins)?;
                    }
                }
                Opcode::BinaryAddInt => {
                    if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!(ins.b), reg!(ins.c))
                        && let Some(z) = x.checked_add(*y)
                    {
                        set!(ins.a, Value::Int(z));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinarySubInt => {
                    if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!(ins.b), reg!(ins.c))
                        && let Some(z) = x.checked_sub(*y)
                    {
                        set!(ins.a, Value::Int(z));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryMulInt => {
                    if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!(ins.b), reg!(ins.c))
                        && let Some(z) = x.checked_mul(*y)
                    {
                        set!(ins.a, Value::Int(z));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryFloorDivInt => {
                    // Python's floor division equals Euclid's for a positive divisor.
                    if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!(ins.b), reg!(ins.c))
                        && *y > 0
                    {
                        set!(ins.a, Value::Int(x.div_euclid(*y)));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryModInt => {
                    if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!(ins.b), reg!(ins.c))
                        && *y > 0
                    {
                        set!(ins.a, Value::Int(x.rem_euclid(*y)));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryAddFloat => {
                    if let (Some(Value::Float(x)), Some(Value::Float(y))) =
                        (reg!(ins.b), reg!(ins.c))
                    {
                        set!(ins.a, Value::Float(x + y));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinarySubFloat => {
                    if let (Some(Value::Float(x)), Some(Value::Float(y))) =
                        (reg!(ins.b), reg!(ins.c))
                    {
                        set!(ins.a, Value::Float(x - y));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryMulFloat => {
                    if let (Some(Value::Float(x)), Some(Value::Float(y))) =
                        (reg!(ins.b), reg!(ins.c))
                    {
                        set!(ins.a, Value::Float(x * y));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryTrueDivFloat => {
                    if let (Some(Value::Float(x)), Some(Value::Float(y))) =
                        (reg!(ins.b), reg!(ins.c))
                        && *y != 0.0
                    {
                        set!(ins.a, Value::Float(x / y));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryOtherInt | Opcode::BinaryOtherFloat => {
                    if let (Some(a), Some(b)) = (reg!(ins.b), reg!(ins.c))
                        && let Some(op) = pyrite_bytecode::instr::BIN_OPS.get(usize::from(ins.x))
                        && let Some(r) = crate::binary::inline_result(*op, a, b)
                    {
                        set!(ins.a, r);
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::BinaryAddStr => {
                    if let (Some(Value::Str(x)), Some(Value::Str(y))) = (reg!(ins.b), reg!(ins.c)) {
                        set!(ins.a, crate::binary::concat_str(x, y));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::Compare => self.compare_generic(code, at, base, ins)?,
                Opcode::CompareInt => {
                    if let (Some(Value::Int(x)), Some(Value::Int(y))) = (reg!(ins.b), reg!(ins.c))
                        && let Some(r) = crate::compare::int_holds(ins.x, *x, *y)
                    {
                        set!(ins.a, Value::Bool(r));
                    } else {
                        deopt!(at);
                    }
                }
                Opcode::CompareFloat => {
                    if let (Some(Value::Float(x)), Some(Value::Float(y))) =
                        (reg!(ins.b), reg!(ins.c))
                        && let Some(r) = crate::compare::float_holds(ins.x, *x, *y)
                    {
                        set!(ins.a, Value::Bool(r));
                    } else {
                        deopt!(at);
                    }
                }

                // ---- control flow -----------------------------------------------------------
                Opcode::Jump => *pc = ins.k(),
                Opcode::JumpIfTrue | Opcode::JumpIfFalse => {
                    let truth = match reg!(ins.a) {
                        Some(Value::Bool(b)) => *b,
                        Some(Value::Int(i)) => *i != 0,
                        Some(Value::None) => false,
                        Some(other) => {
                            let v = other.clone();
                            ops::truthy(self, &v)?
                        }
                        None => return Err(unbound_register()),
                    };
                    if truth == (ins.op == Opcode::JumpIfTrue) {
                        *pc = ins.k();
                    }
                }
                Opcode::JumpIfLt
                | Opcode::JumpIfLe
                | Opcode::JumpIfGt
                | Opcode::JumpIfGe
                | Opcode::JumpIfEq
                | Opcode::JumpIfNe
                | Opcode::JumpIfNotLt
                | Opcode::JumpIfNotLe
                | Opcode::JumpIfNotGt
                | Opcode::JumpIfNotGe
                | Opcode::JumpIfNotEq
                | Opcode::JumpIfNotNe => {
                    if self.compare_jump_generic(code, at, base, ins)? {
                        *pc = ins.k();
                    }
                }
                Opcode::JumpIfLtInt => int_jump!(ins, at, |x: i64, y: i64| x < y),
                Opcode::JumpIfLeInt => int_jump!(ins, at, |x: i64, y: i64| x <= y),
                Opcode::JumpIfGtInt => int_jump!(ins, at, |x: i64, y: i64| x > y),
                Opcode::JumpIfGeInt => int_jump!(ins, at, |x: i64, y: i64| x >= y),
                Opcode::JumpIfEqInt => int_jump!(ins, at, |x: i64, y: i64| x == y),
                Opcode::JumpIfNeInt => int_jump!(ins, at, |x: i64, y: i64| x != y),
                Opcode::JumpIfNotLtInt => int_jump!(ins, at, |x: i64, y: i64| x >= y),
                Opcode::JumpIfNotLeInt => int_jump!(ins, at, |x: i64, y: i64| x > y),
                Opcode::JumpIfNotGtInt => int_jump!(ins, at, |x: i64, y: i64| x <= y),
                Opcode::JumpIfNotGeInt => int_jump!(ins, at, |x: i64, y: i64| x < y),
                Opcode::JumpIfNotEqInt => int_jump!(ins, at, |x: i64, y: i64| x != y),
                Opcode::JumpIfNotNeInt => int_jump!(ins, at, |x: i64, y: i64| x == y),

                // ---- containers ---------------------------------------------------------------
                Opcode::BuildTuple
                | Opcode::BuildList
                | Opcode::BuildSet
                | Opcode::BuildMap
                | Opcode::BuildString
                | Opcode::BuildSlice
                | Opcode::SetAdd
                | Opcode::MapAdd
                | Opcode::ListExtend
                | Opcode::SetUpdate
                | Opcode::DictUpdate
                | Opcode::DictMerge
                | Opcode::ListToTuple
                | Opcode::FormatValue
                | Opcode::UnpackSequence
                | Opcode::UnpackEx => self.build_op(base, ins)?,
                Opcode::ListAppend => {
                    if let (Some(Value::List(l)), Some(v)) = (reg!(ins.a), reg!(ins.b))
                        && let Ok(mut items) = l.items.try_borrow_mut()
                    {
                        items.push(v.clone_fast());
                    } else {
                        self.build_op(base, ins)?;
                    }
                }

                // ---- items and attributes ----------------------------------------------------
                Opcode::GetItem => {
                    let v = if let (Some(Value::List(l)), Some(Value::Int(i))) =
                        (reg!(ins.b), reg!(ins.c))
                        && let Some(v) = crate::build::list_item(l, *i)
                    {
                        v
                    } else if let (Some(Value::Dict(d)), Some(Value::Str(k))) =
                        (reg!(ins.b), reg!(ins.c))
                        && let Some(v) = d.get_pystr(k)
                    {
                        v
                    } else {
                        let obj = val!(ins.b).clone();
                        let key = val!(ins.c).clone();
                        ops::getitem(self, &obj, &key)?
                    };
                    set!(ins.a, v);
                }
                Opcode::SetItem => {
                    if let (Some(Value::List(l)), Some(Value::Int(i)), Some(v)) =
                        (reg!(ins.a), reg!(ins.b), reg!(ins.c))
                        && crate::build::set_list_item(l, *i, v)
                    {
                    } else {
                        let obj = val!(ins.a).clone();
                        let key = val!(ins.b).clone();
                        let v = val!(ins.c).clone();
                        ops::setitem(self, &obj, &key, v)?;
                    }
                }
                Opcode::DelItem => {
                    let obj = val!(ins.a).clone();
                    let key = val!(ins.b).clone();
                    ops::delitem(self, &obj, &key)?;
                }
                Opcode::LoadAttr => {
                    let obj = val!(ins.b).clone();
                    let v = ops::getattr(self, &obj, &code.names[ins.k() as usize])?;
                    set!(ins.a, v);
                }
                Opcode::StoreAttr => {
                    let obj = val!(ins.a).clone();
                    let v = val!(ins.b).clone();
                    ops::setattr(self, &obj, &code.names[ins.k() as usize], v)?;
                }
                Opcode::DeleteAttr => {
                    let obj = val!(ins.a).clone();
                    ops::delattr(self, &obj, &code.names[ins.k() as usize])?;
                }
                Opcode::LoadMethod => self.load_method_generic(code, at, base, ins)?,
                Opcode::LoadMethodCached => {
                    let recv = val!(ins.b);
                    match quicken::method_hit_ptr(code, at, recv) {
                        Some(f) => {
                            let recv: *const Value = recv;
                            // SAFETY: `a`, `a + 1` and `b` are registers of this frame (see
                            // `reg!`); the receiver goes first, so writing `a` (which may be
                            // `b`) cannot free it; `f` is the code object's cached method,
                            // which no register write frees.
                            unsafe {
                                self.stack
                                    .clone_into_unchecked(base + usize::from(ins.a) + 1, recv);
                                self.stack
                                    .clone_into_unchecked(base + usize::from(ins.a), f);
                            }
                        }
                        None => deopt!(at),
                    }
                }

                // ---- calls ---------------------------------------------------------------------
                Opcode::Call
                    if let Some(Value::Function(f)) = reg!(ins.b)
                        && let Some(vf) = vm_body(f)
                        && vf.code.simple_args
                        && usize::from(ins.c) == vf.code.params.argcount =>
                {
                    // A Python function called with exactly its positional parameters: copy the
                    // arguments into a new frame and run it, in this loop.
                    let f = Rc::clone(f);
                    let Some(vf) = vm_body(&f) else {
                        return Err(internal("function body changed"));
                    };
                    if let Some(top) = self.frames.last_mut() {
                        top.pc = *pc;
                    }
                    let start = base + usize::from(ins.b) + 1;
                    self.push_exact(&f, vf, start, usize::from(ins.c), ins.a)?;
                    if let Some(native) = self.native_for_top() {
                        let v = self.run_native(native)?;
                        set!(ins.a, v);
                        continue;
                    }
                    load_frame!();
                    *pc = 0;
                }
                Opcode::Call | Opcode::CallKw | Opcode::CallMethod | Opcode::CallEx => {
                    if let Some(v) = self.call_op(base, ins, *pc)? {
                        set!(ins.a, v);
                    } else if let Some(native) = self.native_for_top() {
                        let v = self.run_native(native)?;
                        set!(ins.a, v);
                    } else {
                        // The callee's frame was pushed (this frame's `pc` saved): run it.
                        load_frame!();
                        *pc = 0;
                    }
                }
                Opcode::MakeFunction | Opcode::MakeFunctionDefaults => {
                    let f = self.make_function_op(code, base, ins)?;
                    set!(ins.a, f);
                }
                Opcode::Return => {
                    let v = match reg_mut!(ins.a).take() {
                        Some(v) => v,
                        None => return Err(unbound_register()),
                    };
                    if self.frames.len() <= entry + 1 {
                        return Ok(Exit::Return(v));
                    }
                    self.return_to_caller(v)?;
                    load_frame!();
                    *pc = match self.frames.last() {
                        Some(top) => top.pc,
                        None => return Err(internal("no caller")),
                    };
                }

                // ---- iteration -----------------------------------------------------------------
                Opcode::GetIter => {
                    let src = val!(ins.b).clone();
                    let it = crate::build::get_iter(self, &src)?;
                    set!(ins.a, it);
                }
                Opcode::ForIter => {
                    let next = match reg!(ins.a) {
                        Some(Value::Other(o)) => {
                            if let Some(r) = o.next_int() {
                                r.map(Value::Int)
                            } else {
                                let it = Rc::clone(o);
                                match it.iter_next(self) {
                                    Some(r) => r?,
                                    None => ops::next(self, &Value::Other(it))?,
                                }
                            }
                        }
                        Some(other) => {
                            let it = other.clone();
                            ops::next(self, &it)?
                        }
                        None => return Err(unbound_register()),
                    };
                    match next {
                        Some(v) => set!(ins.b, v),
                        None => *pc = ins.k(),
                    }
                }

                // ---- exceptions ----------------------------------------------------------------
                Opcode::Raise => return Err(self.raise_op(base, ins)),
                Opcode::Reraise => {
                    let e = val!(ins.a).clone();
                    return Err(self.reraise(e));
                }
                Opcode::PushExcInfo => {
                    let prev = self.exc_info.take().unwrap_or(Value::None);
                    let current = val!(ins.a).clone();
                    self.exc_info = Some(current);
                    set!(ins.b, prev);
                }
                Opcode::PopExcept => {
                    self.exc_info = match val!(ins.a) {
                        Value::None => None,
                        v => Some(v.clone()),
                    };
                }
                Opcode::JumpIfNotExcMatch => {
                    let exc = val!(ins.a).clone();
                    let class = val!(ins.b).clone();
                    if !crate::exceptions::exception_matches(&exc, &class)? {
                        *pc = ins.k();
                    }
                }
                Opcode::LoadAssertionError => {
                    set!(ins.a, Value::Type(BuiltinType::AssertionError.class()));
                }

                // ---- generators ----------------------------------------------------------------
                Opcode::Yield => {
                    let v = val!(ins.b).clone();
                    return Ok(Exit::Yield(v));
                }
                Opcode::YieldFrom => {
                    if let Some(v) = crate::generator::yield_from_step(self, base, ins)? {
                        // Suspend at this same instruction: it runs again on resumption.
                        *pc -= 1;
                        return Ok(Exit::Yield(v));
                    }
                }
                Opcode::GetYieldFromIter => {
                    let src = val!(ins.b).clone();
                    let it = ops::iter(self, &src)?;
                    set!(ins.a, it);
                }

                // ---- with, imports, classes ------------------------------------------------------
                Opcode::BeforeWith | Opcode::WithExceptStart => self.with_op(base, ins)?,
                Opcode::ImportName | Opcode::ImportFrom | Opcode::ImportStar => {
                    self.import_op(code, base, ins)?;
                }
                Opcode::LoadBuildClass => return Err(classes_unsupported(code, at as u32)),

                // Specialized forms this VM never writes: treat as their generic form.
                Opcode::LoadAttrInstance
                | Opcode::StoreAttrInstance
                | Opcode::ForIterRange
                | Opcode::ForIterList
                | Opcode::GetItemListInt
                | Opcode::GetItemDict
                | Opcode::SetItemListInt
                | Opcode::CallPyExact
                | Opcode::CallBuiltin
                | Opcode::CallMethodPyExact => deopt!(at),
            }
        }
    }
}

/// The comparison kind of a `Compare`'s `x` (validated).
#[inline]
pub(crate) fn cmp_kind(x: u8) -> PyResult<CmpKind> {
    CmpKind::from_u8(x).ok_or_else(|| internal("bad comparison kind"))
}

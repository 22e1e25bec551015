//! Code objects: what the compiler produces for a module, a function, a lambda, a class body or
//! a comprehension, and what the cache file stores.
//!
//! # The frame a code object runs in
//! ```text
//! registers:  [ varnames[0] .. varnames[n_locals-1] | temporaries ... | constants ]
//!               ^ parameters first, in the order            ^ compiler     ^ read-only
//!                 posonly, regular, kwonly, *args, **kwargs   scratch,       (n_registers
//!                                                             stack-like      slots in all)
//! cells:      [ cellvars[0] .. | freevars[0] .. ]   ("cell k" in opcode docs)
//! ```
//! - Register `i < varnames.len()` is the local variable `varnames[i]` (it may be *unbound*:
//!   before its first assignment or after `del`; the VM needs an unbound state for these
//!   slots). Temporaries are always written before they are read.
//! - On entry the VM binds the arguments into the parameter slots, then for each
//!   `(slot, cell)` of [`CodeObject::cell_params`] moves the argument into a new cell
//!   (CPython's `MAKE_CELL` of an argument); the other cellvars start as new empty cells; the
//!   freevars are the function's closure.
//! - A nested code object's [`CodeObject::closure`] lists, for each of its freevars, the cell
//!   index *in the creating frame* to capture (`MakeFunction` reads it).
//! - The last [`CodeObject::const_registers`]`.len()` registers are *constant registers*:
//!   register `n_registers - n + i` holds `constants[const_registers[i]]`, an inline constant
//!   (`None`, a `bool`, an `int` that fits `i64`, a `float`), from the frame's creation on. The
//!   compiler never writes them; an instruction reads a constant as it reads a local, in place,
//!   so `x + 1` is one `BinaryOp` and no `LoadConst` (Lua's constant operands, without a
//!   second operand kind to test on every read). The VM fills them when it creates the frame,
//!   from a template it copies with the unbound temporaries (`pyrite_vm::code`).
//! - Module and class bodies have no varnames: their names live in a namespace dict
//!   (`LoadName`/`StoreName`). A class body's code has [`CodeFlags::CLASS_BODY`].
//!
//! # Invariants
//! [`CodeObject::validate`] (run on everything read from a cache file, and by the compiler's
//! tests on everything it emits) guarantees that every register an instruction touches is below
//! `n_registers`, every constant, name and cell index and every jump target is in range, every
//! `MakeFunction` names a code constant whose closure fits this frame's cells, the exception
//! and line tables are well formed, every constant register names an inline constant and no
//! register window reaches one, no specialized opcode appears, and the last instruction does
//! not fall off the end. The VM may index without bounds checks on validated code.

use std::sync::Arc;

use num_bigint::BigInt;

use crate::instr::Instr;

/// Code flags (CPython's `co_flags` where one exists, same bit values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CodeFlags(pub u32);

impl CodeFlags {
    /// Function-like: locals in registers (`CO_OPTIMIZED`).
    pub const OPTIMIZED: CodeFlags = CodeFlags(0x1);
    /// A new locals namespace per call (`CO_NEWLOCALS`).
    pub const NEWLOCALS: CodeFlags = CodeFlags(0x2);
    /// Has `*args` (`CO_VARARGS`).
    pub const VARARGS: CodeFlags = CodeFlags(0x4);
    /// Has `**kwargs` (`CO_VARKEYWORDS`).
    pub const VARKEYWORDS: CodeFlags = CodeFlags(0x8);
    /// Nested in a function (`CO_NESTED`).
    pub const NESTED: CodeFlags = CodeFlags(0x10);
    /// A generator function (`CO_GENERATOR`): a call returns a generator.
    pub const GENERATOR: CodeFlags = CodeFlags(0x20);
    /// A coroutine (`CO_COROUTINE`; not run by pyrite yet).
    pub const COROUTINE: CodeFlags = CodeFlags(0x100);
    /// An async generator (`CO_ASYNC_GENERATOR`; not run by pyrite yet).
    pub const ASYNC_GENERATOR: CodeFlags = CodeFlags(0x200);
    /// pyrite's own: a class body (runs with the class namespace as its locals).
    pub const CLASS_BODY: CodeFlags = CodeFlags(0x1_0000);
    /// pyrite's own: a module body.
    pub const MODULE: CodeFlags = CodeFlags(0x2_0000);
    /// Every bit defined above (a file with another bit set is rejected).
    pub const ALL: CodeFlags = CodeFlags(0x1_0000 | 0x2_0000 | 0x33f);

    /// True if every bit of `other` is set.
    #[inline]
    pub fn has(self, other: CodeFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// `self` with the bits of `other` added.
    #[inline]
    pub fn with(self, other: CodeFlags) -> CodeFlags {
        CodeFlags(self.0 | other.0)
    }
}

/// A constant of the constant pool. Everything here is serializable.
#[derive(Debug, Clone)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits in an `i64`.
    Int(i64),
    /// An `int` that does not (never one that fits: the compiler normalizes).
    BigInt(BigInt),
    /// A `float`.
    Float(f64),
    /// A `complex` literal.
    Complex {
        /// Real part.
        real: f64,
        /// Imaginary part.
        imag: f64,
    },
    /// A `str`.
    Str(String),
    /// A `bytes`.
    Bytes(Vec<u8>),
    /// `...`.
    Ellipsis,
    /// A tuple of constants (e.g. keyword names of a call, folded tuple displays).
    Tuple(Vec<Constant>),
    /// A nested code object (functions, lambdas, comprehensions, class bodies).
    Code(Arc<CodeObject>),
}

impl Constant {
    /// True for the kinds a constant register may hold: those the runtime stores inline in a
    /// value, owning nothing (`None`, `bool`, a small `int`, `float`).
    #[inline]
    pub fn is_inline(&self) -> bool {
        matches!(
            self,
            Constant::None | Constant::Bool(_) | Constant::Int(_) | Constant::Float(_)
        )
    }
}

impl PartialEq for Constant {
    /// Structural equality, floats by bit pattern (so `0.0` and `-0.0` differ, and a `NaN`
    /// equals itself): the identity the constant pool and round-trip tests need.
    fn eq(&self, other: &Constant) -> bool {
        use Constant as C;
        match (self, other) {
            (C::None, C::None) | (C::Ellipsis, C::Ellipsis) => true,
            (C::Bool(a), C::Bool(b)) => a == b,
            (C::Int(a), C::Int(b)) => a == b,
            (C::BigInt(a), C::BigInt(b)) => a == b,
            (C::Float(a), C::Float(b)) => a.to_bits() == b.to_bits(),
            (C::Complex { real, imag }, C::Complex { real: r2, imag: i2 }) => {
                real.to_bits() == r2.to_bits() && imag.to_bits() == i2.to_bits()
            }
            (C::Str(a), C::Str(b)) => a == b,
            (C::Bytes(a), C::Bytes(b)) => a == b,
            (C::Tuple(a), C::Tuple(b)) => a == b,
            (C::Code(a), C::Code(b)) => Arc::ptr_eq(a, b) || **a == **b,
            _ => false,
        }
    }
}

/// One entry of the exception table: an exception raised by an instruction in
/// `start..end` (instruction indices) jumps to `handler`, with the exception object stored in
/// register `exc_reg`. Entries are ordered innermost first: the VM takes the *first* entry
/// that covers the faulting instruction (entries never partially overlap: two entries are
/// disjoint or the earlier one is nested in the later one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExceptionEntry {
    /// First covered instruction.
    pub start: u32,
    /// One past the last covered instruction.
    pub end: u32,
    /// Where the handler starts.
    pub handler: u32,
    /// The register that receives the exception.
    pub exc_reg: u16,
}

/// One run of the line table: instructions from `start` up to the next entry's `start` come
/// from source line `line`. Entries are sorted by `start`, the first has `start == 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineEntry {
    /// First instruction of the run.
    pub start: u32,
    /// The source line (1-based).
    pub line: u32,
}

/// A compiled body. See the module documentation for the frame layout.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeObject {
    /// `co_name`: the function name, `<module>`, `<lambda>`, `<listcomp>`, a class name, ...
    pub name: String,
    /// `co_qualname`: `f.<locals>.g`, `C.method`.
    pub qualname: String,
    /// The source file as given to the compiler.
    pub filename: String,
    /// The line of the `def`/`class`/`lambda` (the first decorator's line for a decorated
    /// definition, as CPython), or 1 for a module.
    pub first_line: u32,
    /// Positional parameters including positional-only ones (`co_argcount`).
    pub arg_count: u32,
    /// Positional-only parameters (`co_posonlyargcount`).
    pub posonly_count: u32,
    /// Keyword-only parameters (`co_kwonlyargcount`).
    pub kwonly_count: u32,
    /// Flags.
    pub flags: CodeFlags,
    /// Names of the local slots (registers `0..varnames.len()`), parameters first.
    pub varnames: Vec<String>,
    /// Variables of this scope captured by inner scopes (cells `0..cellvars.len()`).
    pub cellvars: Vec<String>,
    /// Variables of enclosing scopes (cells `cellvars.len()..`).
    pub freevars: Vec<String>,
    /// Parameters that live in cells: `(slot, cell)` pairs, moved on entry.
    pub cell_params: Vec<(u32, u32)>,
    /// For each freevar, the index of the creating frame's cell to capture.
    pub closure: Vec<u32>,
    /// The constant pool.
    pub constants: Vec<Constant>,
    /// Attribute, global and imported names.
    pub names: Vec<String>,
    /// The instructions.
    pub instructions: Vec<Instr>,
    /// Handlers, innermost first.
    pub exception_table: Vec<ExceptionEntry>,
    /// Source lines of the instructions.
    pub line_table: Vec<LineEntry>,
    /// Number of registers (locals, temporaries and constant registers):
    /// `>= varnames.len() + const_registers.len()`.
    pub n_registers: u32,
    /// The constant-pool indices of the constant registers, which are the last
    /// `const_registers.len()` registers (see the module documentation).
    pub const_registers: Vec<u32>,
}

impl CodeObject {
    /// The first constant register (`n_registers` when there are none).
    #[inline]
    pub fn first_const_register(&self) -> u32 {
        self.n_registers
            .saturating_sub(self.const_registers.len() as u32)
    }

    /// Total cells (`cellvars` then `freevars`).
    #[inline]
    pub fn n_cells(&self) -> usize {
        self.cellvars.len() + self.freevars.len()
    }

    /// The name of cell `k` (cellvars then freevars).
    pub fn cell_name(&self, k: u32) -> Option<&str> {
        let k = k as usize;
        match self.cellvars.get(k) {
            Some(n) => Some(n),
            None => self
                .freevars
                .get(k.checked_sub(self.cellvars.len())?)
                .map(String::as_str),
        }
    }

    /// The source line of the instruction at `pc` (for tracebacks and `dis`).
    pub fn line_for(&self, pc: u32) -> u32 {
        let i = self.line_table.partition_point(|e| e.start <= pc);
        match i.checked_sub(1).and_then(|i| self.line_table.get(i)) {
            Some(e) => e.line,
            None => self.first_line,
        }
    }

    /// The first exception-table entry covering `pc`.
    pub fn handler_for(&self, pc: u32) -> Option<&ExceptionEntry> {
        self.exception_table
            .iter()
            .find(|e| e.start <= pc && pc < e.end)
    }

    /// True for a generator function's code.
    #[inline]
    pub fn is_generator(&self) -> bool {
        self.flags.has(CodeFlags::GENERATOR)
    }

    /// Number of parameter slots (positional, keyword-only, `*args`, `**kwargs`).
    pub fn param_count(&self) -> usize {
        self.arg_count as usize
            + self.kwonly_count as usize
            + usize::from(self.flags.has(CodeFlags::VARARGS))
            + usize::from(self.flags.has(CodeFlags::VARKEYWORDS))
    }

    /// A dense numbering of the cacheable instructions: `slots[pc]` is the cache index of the
    /// instruction at `pc`, or `u32::MAX` if it has none; the second value is the count.
    pub fn cache_slots(&self) -> (Vec<u32>, u32) {
        let mut n = 0u32;
        let slots = self
            .instructions
            .iter()
            .map(|i| {
                if i.op.is_cacheable() {
                    n += 1;
                    n - 1
                } else {
                    u32::MAX
                }
            })
            .collect();
        (slots, n)
    }

    /// Every code object in this one's constants, recursively, depth first (not `self`).
    pub fn nested(&self) -> Vec<&CodeObject> {
        let mut out = Vec::new();
        fn walk<'a>(c: &'a Constant, out: &mut Vec<&'a CodeObject>) {
            match c {
                Constant::Code(code) => {
                    out.push(code);
                    for k in &code.constants {
                        walk(k, out);
                    }
                }
                Constant::Tuple(items) => items.iter().for_each(|k| walk(k, out)),
                _ => {}
            }
        }
        for k in &self.constants {
            walk(k, &mut out);
        }
        out
    }
}

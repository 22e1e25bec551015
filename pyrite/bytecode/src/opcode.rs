//! The opcodes of pyrite's register instruction set: numbers, names, operand layouts, and the
//! documented effect of each.
//!
//! # Invariant
//! Opcode bytes are part of the serialized code format (`serialize.rs`) and of the JIT's input.
//! Every opcode has an explicit discriminant so that reordering the source never changes the
//! format; an opcode is only ever *added* (with a new number) — changing the meaning or the
//! operands of an existing number requires bumping [`crate::FORMAT_VERSION`].
//!
//! # Notation (used in every opcode's doc)
//! An instruction is `op x a b c` (see [`crate::instr::Instr`]): `a`, `b`, `c` are 16-bit
//! operands, `x` an 8-bit one. Opcodes whose last operand is an index use the *wide* field
//! `k = x << 16 | c` (24 bits) instead of `x` and `c`.
//! - `r[n]`: register `n` of the frame (locals first, then temporaries; see `code.rs`).
//! - `consts[k]`, `names[k]`, `cell[k]` (cellvars then freevars), `varnames[n]`: the code
//!   object's tables.
//! - `Regs: inputs => outputs` states what an instruction reads and writes.
//! - A *window* `r[b..b+n]` is `n` consecutive registers; validation guarantees every register
//!   an instruction touches, windows included, is below `CodeObject::n_registers`. An empty
//!   window (count 0) has base register 0.
//!
//! # Numbering
//! - 0..=127: generic instructions, emitted by the compiler.
//! - 160..=239: *specialized* (quickened) forms, PEP 659 style. The compiler never emits them
//!   and a serialized file containing one is rejected; the VM rewrites a generic instruction
//!   into one in its own mutable copy of the instructions. A specialized instruction has exactly
//!   the operands of its generic form ([`Opcode::generic`]), so de-specializing is a one-byte
//!   store. They are reserved here so that the VM and the JIT agree on their numbers.
//!
//! # Changes after publication (additive only)
//! - (none yet)

use std::fmt;

/// What an 8-bit `x` operand means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    /// Unused (must be 0).
    None,
    /// A binary operator, see [`crate::instr::BIN_OPS`].
    BinOp,
    /// A unary operator, see [`crate::instr::UNARY_OPS`].
    UnaryOp,
    /// A comparison, see [`crate::instr::CmpKind`].
    Cmp,
    /// `FormatValue` flags, see [`crate::instr::FormatFlags`].
    Format,
    /// `Raise` form: 0 `raise`, 1 `raise a`, 2 `raise a from b`.
    RaiseForm,
    /// A boolean flag (0 or 1).
    Flag,
}

/// What a 16-bit operand (or the wide `k` operand) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// Unused (must be 0).
    Unused,
    /// A register.
    Reg,
    /// A count or packed counts (register windows are validated per opcode).
    Count,
    /// (wide) An index into `consts`.
    Const,
    /// (wide) An index into `names`.
    Name,
    /// (wide) A cell index: `cellvars` then `freevars`.
    Cell,
    /// (wide) An instruction index, the target of a jump.
    Target,
}

impl Arg {
    /// True for the operand kinds stored in the 24-bit wide field `k`.
    pub fn is_wide(self) -> bool {
        matches!(self, Arg::Const | Arg::Name | Arg::Cell | Arg::Target)
    }
}

/// The operand layout of an opcode: what `a`, `b`, the third operand (`c`, or the wide `k`
/// when `c.is_wide()`), and `x` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Operand `a`.
    pub a: Arg,
    /// Operand `b`.
    pub b: Arg,
    /// Operand `c`, or the wide `k` operand.
    pub c: Arg,
    /// Operand `x` (always [`Sub::None`] when `c` is wide: `x` is then `k`'s high byte).
    pub x: Sub,
}

const fn lay(a: Arg, b: Arg, c: Arg, x: Sub) -> Layout {
    Layout { a, b, c, x }
}

use Arg::{Cell, Const, Count, Name, Reg, Target, Unused as U};

const NONE: Layout = lay(U, U, U, Sub::None);
const A: Layout = lay(Reg, U, U, Sub::None);
const AB: Layout = lay(Reg, Reg, U, Sub::None);
const ABC: Layout = lay(Reg, Reg, Reg, Sub::None);
const ABN: Layout = lay(Reg, Reg, Count, Sub::None);
const A_CONST: Layout = lay(Reg, U, Const, Sub::None);
const A_NAME: Layout = lay(Reg, U, Name, Sub::None);
const K_NAME: Layout = lay(U, U, Name, Sub::None);
const A_CELL: Layout = lay(Reg, U, Cell, Sub::None);
const K_CELL: Layout = lay(U, U, Cell, Sub::None);
const AB_NAME: Layout = lay(Reg, Reg, Name, Sub::None);
const JUMP: Layout = lay(U, U, Target, Sub::None);
const A_JUMP: Layout = lay(Reg, U, Target, Sub::None);
const AB_JUMP: Layout = lay(Reg, Reg, Target, Sub::None);
const BINARY: Layout = lay(Reg, Reg, Reg, Sub::BinOp);
const COMPARE: Layout = lay(Reg, Reg, Reg, Sub::Cmp);

macro_rules! opcodes {
    ($( $(#[$doc:meta])* $name:ident = $num:literal, $layout:expr; )*) => {
        /// One opcode. See the module documentation for the notation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $( $(#[$doc])* $name = $num, )*
        }

        impl Opcode {
            /// Every opcode, in numeric order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];

            /// The opcode with this number, if any.
            #[inline]
            pub fn from_u8(byte: u8) -> Option<Opcode> {
                match byte {
                    $( $num => Some(Opcode::$name), )*
                    _ => None,
                }
            }

            /// The name as in the source (`LoadConst`).
            pub fn name(self) -> &'static str {
                match self {
                    $( Opcode::$name => stringify!($name), )*
                }
            }

            /// What the operands mean.
            pub fn layout(self) -> Layout {
                match self {
                    $( Opcode::$name => $layout, )*
                }
            }
        }
    };
}

opcodes! {
    // ---- Registers and constants ------------------------------------------------------------
    /// Does nothing. `Regs: =>`.
    Nop = 0, NONE;
    /// Copies a register: `r[a] = r[b]` (reading an unbound local copies the unbound state).
    /// `Regs: b => a`.
    Move = 1, AB;
    /// `r[a] = consts[k]`. `Regs: => a`.
    LoadConst = 2, A_CONST;
    /// Raises `UnboundLocalError: cannot access local variable 'varnames[a]' where it is not
    /// associated with a value` if local slot `a` is unbound. The compiler emits it before a
    /// read of a local it cannot prove assigned; every other register read may assume a bound
    /// value (temporaries are always bound when read). `Regs: a =>`.
    CheckBound = 3, A;
    /// `del x` for local slot `a`: raises like `CheckBound` if unbound, else unbinds it.
    /// `Regs: a => a`.
    DeleteFast = 4, A;

    // ---- Names -------------------------------------------------------------------------------
    /// `r[a] = globals[names[k]]`, else `builtins[names[k]]`, else
    /// `NameError: name '...' is not defined`. Cacheable. `Regs: => a`.
    LoadGlobal = 5, A_NAME;
    /// `globals[names[k]] = r[a]`. `Regs: a =>`.
    StoreGlobal = 6, A_NAME;
    /// `del globals[names[k]]` (`NameError` if absent). `Regs: =>`.
    DeleteGlobal = 7, K_NAME;
    /// `r[a] =` the name looked up in the frame's local namespace (module or class body), then
    /// globals, then builtins (`NameError` if absent). `Regs: => a`.
    LoadName = 8, A_NAME;
    /// `locals[names[k]] = r[a]` (module or class body namespace). `Regs: a =>`.
    StoreName = 9, A_NAME;
    /// `del locals[names[k]]` (`NameError` if absent). `Regs: =>`.
    DeleteName = 10, K_NAME;
    /// `r[a] =` the content of cell `k` (`NameError: cannot access free variable ...` /
    /// `UnboundLocalError` when empty, as CPython words it for a free or a cell variable).
    /// `Regs: => a`.
    LoadDeref = 11, A_CELL;
    /// Cell `k` content `= r[a]`. `Regs: a =>`.
    StoreDeref = 12, A_CELL;
    /// Empties cell `k` (raises like `LoadDeref` if already empty). `Regs: =>`.
    DeleteDeref = 13, K_CELL;
    /// In a class body: `r[a] =` the class namespace's entry for the name of free cell `k` if
    /// present, else the cell's content (CPython's `LOAD_CLASSDEREF`). `Regs: => a`.
    LoadClassDeref = 14, A_CELL;
    /// `r[a] =` cell `k` itself, as a value (only used to store `__classcell__` in a class
    /// body). `Regs: => a`.
    LoadClosure = 15, A_CELL;

    // ---- Operators ---------------------------------------------------------------------------
    /// `r[a] = op r[b]` with `op = UNARY_OPS[x]` (`-`, `+`, `~`, `not`). `Regs: b => a`.
    UnaryOp = 16, lay(Reg, Reg, U, Sub::UnaryOp);
    /// `r[a] = r[b] op r[c]` with `op = BIN_OPS[x]`. Cacheable (quickens to `Binary*Int` etc.).
    /// `Regs: b, c => a`.
    BinaryOp = 17, BINARY;
    /// `r[a] = r[b] op= r[c]` (augmented assignment: tries `__iadd__` first) with
    /// `op = BIN_OPS[x]`. Cacheable. `Regs: b, c => a`.
    InplaceOp = 18, BINARY;
    /// `r[a] = r[b] cmp r[c]` with `cmp = CmpKind(x)` (`<`, ..., `is`, `in`, `not in`).
    /// Cacheable. `Regs: b, c => a`.
    Compare = 19, COMPARE;

    // ---- Control flow ------------------------------------------------------------------------
    /// `pc = k`. `Regs: =>`.
    Jump = 24, JUMP;
    /// If `r[a]` is true (`bool(r[a])`, may call `__bool__`/`__len__`): `pc = k`. `Regs: a =>`.
    JumpIfTrue = 25, A_JUMP;
    /// If `r[a]` is false: `pc = k`. `Regs: a =>`.
    JumpIfFalse = 26, A_JUMP;
    /// If `bool(r[a] < r[b])`: `pc = k` (fused compare and branch). Cacheable. `Regs: a, b =>`.
    JumpIfLt = 28, AB_JUMP;
    /// If `bool(r[a] <= r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfLe = 29, AB_JUMP;
    /// If `bool(r[a] > r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfGt = 30, AB_JUMP;
    /// If `bool(r[a] >= r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfGe = 31, AB_JUMP;
    /// If `bool(r[a] == r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfEq = 32, AB_JUMP;
    /// If `bool(r[a] != r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfNe = 33, AB_JUMP;
    /// If `not (r[a] < r[b])`: `pc = k` (not the same as `>=`: NaN, user `__lt__`). Cacheable.
    /// `Regs: a, b =>`.
    JumpIfNotLt = 34, AB_JUMP;
    /// If `not (r[a] <= r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfNotLe = 35, AB_JUMP;
    /// If `not (r[a] > r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfNotGt = 36, AB_JUMP;
    /// If `not (r[a] >= r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfNotGe = 37, AB_JUMP;
    /// If `not (r[a] == r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfNotEq = 38, AB_JUMP;
    /// If `not (r[a] != r[b])`: `pc = k`. Cacheable. `Regs: a, b =>`.
    JumpIfNotNe = 39, AB_JUMP;

    // ---- Building containers -----------------------------------------------------------------
    /// `r[a] = tuple(r[b..b+c])`. `Regs: b..b+c => a`.
    BuildTuple = 40, ABN;
    /// `r[a] = list(r[b..b+c])`. `Regs: b..b+c => a`.
    BuildList = 41, ABN;
    /// `r[a] = set(r[b..b+c])` (hashing each, left to right). `Regs: b..b+c => a`.
    BuildSet = 42, ABN;
    /// `r[a] = {r[b]: r[b+1], r[b+2]: r[b+3], ...}` with `c` pairs. `Regs: b..b+2c => a`.
    BuildMap = 43, ABN;
    /// `r[a] = ''.join(r[b..b+c])`, each a `str` (f-strings). `Regs: b..b+c => a`.
    BuildString = 44, ABN;
    /// `r[a] = slice(r[b], r[b+1])` (`c == 2`) or `slice(r[b], r[b+1], r[b+2])` (`c == 3`).
    /// `Regs: b..b+c => a`.
    BuildSlice = 45, ABN;
    /// `r[a].append(r[b])`, `r[a]` a list (displays, comprehensions). `Regs: a, b =>`.
    ListAppend = 46, AB;
    /// `r[a].add(r[b])`, `r[a]` a set. `Regs: a, b =>`.
    SetAdd = 47, AB;
    /// `r[a][r[b]] = r[c]`, `r[a]` a dict (dict displays and comprehensions). `Regs: a, b, c =>`.
    MapAdd = 48, ABC;
    /// `r[a].extend(r[b])`, `r[a]` a list (`[*x]`, `f(*x)`). `Regs: a, b =>`.
    ListExtend = 49, AB;
    /// `r[a].update(r[b])`, `r[a]` a set (`{*x}`). `Regs: a, b =>`.
    SetUpdate = 50, AB;
    /// `r[a].update(r[b])`, `r[a]` a dict (`{**x}`; `TypeError: 'T' object is not a mapping`).
    /// `Regs: a, b =>`.
    DictUpdate = 51, AB;
    /// Merges mapping `r[b]` into dict `r[a]` for a call's `**r[b]`, raising
    /// `TypeError: f() got multiple values for keyword argument 'k'` (with `r[c]` the callee,
    /// for its name) on a duplicate, and `... argument after ** must be a mapping` on a
    /// non-mapping. `Regs: a, b, c =>`.
    DictMerge = 52, ABC;
    /// `r[a] = tuple(r[b])`, `r[b]` a list. `Regs: b => a`.
    ListToTuple = 53, AB;
    /// `r[a] = format(conv(r[b]), spec)` for an f-string field: `conv` per `x & 3`
    /// (0 none, 1 `!s`, 2 `!r`, 3 `!a`); `spec = r[c]` if `x & 4`, else `''`.
    /// `Regs: b[, c] => a`.
    FormatValue = 54, lay(Reg, Reg, Reg, Sub::Format);

    // ---- Items and attributes ----------------------------------------------------------------
    /// `r[a] = r[b][r[c]]`. Cacheable. `Regs: b, c => a`.
    GetItem = 56, ABC;
    /// `r[a][r[b]] = r[c]`. Cacheable. `Regs: a, b, c =>`.
    SetItem = 57, ABC;
    /// `del r[a][r[b]]`. `Regs: a, b =>`.
    DelItem = 58, AB;
    /// `r[a] = r[b].names[k]`. Cacheable. `Regs: b => a`.
    LoadAttr = 59, AB_NAME;
    /// `r[a].names[k] = r[b]`. Cacheable. `Regs: a, b =>`.
    StoreAttr = 60, AB_NAME;
    /// `del r[a].names[k]`. `Regs: a =>`.
    DeleteAttr = 61, lay(Reg, U, Name, Sub::None);
    /// Method lookup for a following `CallMethod a ...`: `r[a] = ` the function and
    /// `r[a+1] = r[b]` when `r[b].names[k]` is a method to be called with `r[b]` first
    /// (`ops::load_method` returned a receiver); else `r[a] = r[b].names[k]` and `r[a+1]` is
    /// left *unbound* (the unbound-local state). Cacheable. `Regs: b => a, a+1`.
    LoadMethod = 62, AB_NAME;

    // ---- Calls and functions -----------------------------------------------------------------
    /// `r[a] = r[b](*r[b+1..b+1+c])`. Cacheable. `Regs: b..b+1+c => a`.
    Call = 64, ABN;
    /// `r[a] = r[b](...)` with the `c` arguments `r[b+1..b+1+c]`, of which the last
    /// `len(kwnames)` are keyword arguments named by the tuple of `str` constants
    /// `kwnames = r[b+1+c]`. Cacheable. `Regs: b..b+2+c => a`.
    CallKw = 65, ABN;
    /// `r[a] = r[b](r[b+1], *r[b+2..b+2+c])` when `r[b+1]` is bound (set by `LoadMethod`), else
    /// `r[a] = r[b](*r[b+2..b+2+c])`. Cacheable. `Regs: b..b+2+c => a`.
    CallMethod = 66, ABN;
    /// `r[a] = r[b](*r[c], **r[c+1])`: `r[c]` a tuple; the dict `r[c+1]` only if `x == 1`.
    /// `Regs: b, c[, c+1] => a`.
    CallEx = 67, lay(Reg, Reg, Reg, Sub::Flag);
    /// `r[a] =` a new function from code object `consts[k]`, with no defaults; its closure
    /// takes the cells `code.closure` (indices into this frame's cells) of the new code.
    /// `Regs: => a`.
    MakeFunction = 68, A_CONST;
    /// Like `MakeFunction`, with defaults: `r[b]` the positional defaults (a tuple, or `None`)
    /// and `r[b+1]` the keyword-only defaults (a dict, or `None`). `Regs: b, b+1 => a`.
    MakeFunctionDefaults = 69, lay(Reg, Reg, Const, Sub::None);
    /// Returns `r[a]` from the frame (a generator: finishes with `StopIteration(r[a])`).
    /// `Regs: a =>`.
    Return = 70, A;

    // ---- Iteration and unpacking -------------------------------------------------------------
    /// `r[a] = iter(r[b])`. `Regs: b => a`.
    GetIter = 72, AB;
    /// `r[b] = next(r[a])`; when the iterator is exhausted, `pc = k` instead (`r[b]` untouched).
    /// Cacheable (quickens to `ForIterRange`, `ForIterList`). `Regs: a => b`.
    ForIter = 73, AB_JUMP;
    /// Unpacks the iterable `r[b]` into `r[a..a+c]` (`ValueError` on a length mismatch, with
    /// CPython's messages). `Regs: b => a..a+c`.
    UnpackSequence = 74, ABN;
    /// Star-unpacking `r[b]` with `before = c & 0xff` targets before the star and
    /// `after = c >> 8` after: `r[a..a+before]`, then the list of the rest in `r[a+before]`,
    /// then `r[a+before+1..a+before+1+after]`. `Regs: b => a..a+before+1+after`.
    UnpackEx = 75, ABN;

    // ---- Exceptions --------------------------------------------------------------------------
    /// `x == 0`: bare `raise` (re-raises the exception being handled, or
    /// `RuntimeError: No active exception to reraise`); `x == 1`: `raise r[a]`; `x == 2`:
    /// `raise r[a] from r[b]`. A class is instantiated first. `Regs: a[, b] =>`.
    Raise = 80, lay(Reg, Reg, U, Sub::RaiseForm);
    /// Re-raises the exception object `r[a]` as it is, without adding a traceback entry for
    /// this frame (cleanup paths of `finally`/`except`). `Regs: a =>`.
    Reraise = 81, A;
    /// Entering an exception handler: `r[b] =` the exception currently being handled
    /// (`sys.exception()`, `None` if none); then the handled exception becomes `r[a]`.
    /// `Regs: a => b`.
    PushExcInfo = 82, AB;
    /// Leaving an exception handler: the exception being handled becomes `r[a]` again (the
    /// value `PushExcInfo` saved; `None` means none). `Regs: a =>`.
    PopExcept = 83, A;
    /// If the exception `r[a]` is not an instance of `r[b]` (a class or a tuple of classes;
    /// `TypeError` if `r[b]` is neither): `pc = k`. `Regs: a, b =>`.
    JumpIfNotExcMatch = 84, AB_JUMP;
    /// `r[a] = AssertionError` (the builtin class, whatever a global of that name says).
    /// `Regs: => a`.
    LoadAssertionError = 85, A;

    // ---- Generators --------------------------------------------------------------------------
    /// Suspends the generator, yielding `r[b]`; on resumption `r[a]` is the value sent
    /// (`None` for `next()`), or the thrown exception is raised here. `Regs: b => a`.
    Yield = 88, AB;
    /// `r[a] = yield from r[b]`, `r[b]` made by `GetYieldFromIter`: delegates `next`/`send`/
    /// `throw`/`close` to it, suspending this frame at this same instruction each time it
    /// yields, until it is exhausted; `r[a]` is then its return value. `Regs: b => a`.
    YieldFrom = 89, AB;
    /// `r[a] = iter(r[b])` for `yield from` (a generator stays itself). `Regs: b => a`.
    GetYieldFromIter = 90, AB;

    // ---- with --------------------------------------------------------------------------------
    /// `with r[b]`: looks up `type(r[b]).__enter__` and `__exit__` (`TypeError: 'T' object does
    /// not support the context manager protocol`), then `r[a] =` the bound `__exit__` and
    /// `r[a+1] = r[b].__enter__()`. `Regs: b => a, a+1`.
    BeforeWith = 92, AB;
    /// `r[a] = r[b](type(r[c]), r[c], r[c].__traceback__)`: calls the saved `__exit__` for the
    /// exception `r[c]` (the caller then re-raises it unless the result is true).
    /// `Regs: b, c => a`.
    WithExceptStart = 93, ABC;

    // ---- Imports and classes -----------------------------------------------------------------
    /// `r[a] = __import__(names[k], fromlist=r[b])` (`r[b]` `None` or a tuple of `str`; the
    /// level is 0). For `import a.b` the result is the top package `a`. `Regs: b => a`.
    ImportName = 96, AB_NAME;
    /// `r[a] = r[b].names[k]` for `from m import name` (`ImportError: cannot import name ...`).
    /// `Regs: b => a`.
    ImportFrom = 97, AB_NAME;
    /// `from r[a] import *` into the local namespace (module level only). `Regs: a =>`.
    ImportStar = 98, A;
    /// `r[a] = builtins.__build_class__`. `Regs: => a`.
    LoadBuildClass = 100, A;

    // ---- Specialized forms (VM only; see the module doc) ------------------------------------
    /// `BinaryOp` specialized to `int + int` (falls back on a non-`Int` operand or overflow).
    BinaryAddInt = 160, BINARY;
    /// `BinaryOp` specialized to `int - int`.
    BinarySubInt = 161, BINARY;
    /// `BinaryOp` specialized to `int * int`.
    BinaryMulInt = 162, BINARY;
    /// `BinaryOp` specialized to `int // int`.
    BinaryFloorDivInt = 163, BINARY;
    /// `BinaryOp` specialized to `int % int`.
    BinaryModInt = 164, BINARY;
    /// `BinaryOp` specialized to `float + float`.
    BinaryAddFloat = 165, BINARY;
    /// `BinaryOp` specialized to `float - float`.
    BinarySubFloat = 166, BINARY;
    /// `BinaryOp` specialized to `float * float`.
    BinaryMulFloat = 167, BINARY;
    /// `BinaryOp` specialized to `float / float`.
    BinaryTrueDivFloat = 168, BINARY;
    /// `BinaryOp` specialized to `str + str`.
    BinaryAddStr = 169, BINARY;
    /// `BinaryOp` specialized to two `int`s for an operator without a form of its own (`&`,
    /// `|`, `^`, `<<`, `>>`; falls back when the result needs the runtime: a wide shift, say).
    BinaryOtherInt = 170, BINARY;
    /// `BinaryOp` specialized to a `float` and a `float` or an `int`, for an operator or an
    /// operand pair without a form of its own (`**`, `float * int`, `int / float`, ...).
    BinaryOtherFloat = 171, BINARY;
    /// `Compare` specialized to two `Int`s.
    CompareInt = 172, COMPARE;
    /// `Compare` specialized to two `Float`s.
    CompareFloat = 173, COMPARE;
    /// `JumpIfLt` specialized to two `Int`s.
    JumpIfLtInt = 176, AB_JUMP;
    /// `JumpIfLe` specialized to two `Int`s.
    JumpIfLeInt = 177, AB_JUMP;
    /// `JumpIfGt` specialized to two `Int`s.
    JumpIfGtInt = 178, AB_JUMP;
    /// `JumpIfGe` specialized to two `Int`s.
    JumpIfGeInt = 179, AB_JUMP;
    /// `JumpIfEq` specialized to two `Int`s.
    JumpIfEqInt = 180, AB_JUMP;
    /// `JumpIfNe` specialized to two `Int`s.
    JumpIfNeInt = 181, AB_JUMP;
    /// `JumpIfNotLt` specialized to two `Int`s.
    JumpIfNotLtInt = 182, AB_JUMP;
    /// `JumpIfNotLe` specialized to two `Int`s.
    JumpIfNotLeInt = 183, AB_JUMP;
    /// `JumpIfNotGt` specialized to two `Int`s.
    JumpIfNotGtInt = 184, AB_JUMP;
    /// `JumpIfNotGe` specialized to two `Int`s.
    JumpIfNotGeInt = 185, AB_JUMP;
    /// `JumpIfNotEq` specialized to two `Int`s.
    JumpIfNotEqInt = 186, AB_JUMP;
    /// `JumpIfNotNe` specialized to two `Int`s.
    JumpIfNotNeInt = 187, AB_JUMP;
    /// `LoadGlobal` hitting a module global (cache: globals dict version + value).
    LoadGlobalModule = 192, A_NAME;
    /// `LoadGlobal` hitting a builtin (cache: globals and builtins versions + value).
    LoadGlobalBuiltin = 193, A_NAME;
    /// `LoadAttr` on an instance whose class (by version) has no data descriptor of the name.
    LoadAttrInstance = 194, AB_NAME;
    /// `LoadMethod` for a class (by version) whose attribute is a plain function.
    LoadMethodCached = 195, AB_NAME;
    /// `StoreAttr` into an instance dict (class version checked).
    StoreAttrInstance = 196, AB_NAME;
    /// `ForIter` over a `range` iterator.
    ForIterRange = 200, AB_JUMP;
    /// `ForIter` over a `list` iterator.
    ForIterList = 201, AB_JUMP;
    /// `GetItem` of `list[int]`.
    GetItemListInt = 204, ABC;
    /// `GetItem` of `dict[key]`.
    GetItemDict = 205, ABC;
    /// `SetItem` of `list[int] = v`.
    SetItemListInt = 206, ABC;
    /// `Call` of a Python function with exactly matching positional parameters.
    CallPyExact = 208, ABN;
    /// `Call` of a builtin function.
    CallBuiltin = 209, ABN;
    /// `CallMethod` of a Python function with exactly matching positional parameters.
    CallMethodPyExact = 210, ABN;
}

// The opcode is one byte of the instruction.
const _: () = assert!(std::mem::size_of::<Opcode>() == 1);

impl Opcode {
    /// True for the specialized forms that only the VM writes (never emitted, never serialized).
    #[inline]
    pub fn is_specialized(self) -> bool {
        self as u8 >= 160
    }

    /// The generic opcode a specialized one stands for (itself for a generic one).
    pub fn generic(self) -> Opcode {
        use Opcode::*;
        match self {
            BinaryAddInt | BinarySubInt | BinaryMulInt | BinaryFloorDivInt | BinaryModInt
            | BinaryAddFloat | BinarySubFloat | BinaryMulFloat | BinaryTrueDivFloat
            | BinaryAddStr | BinaryOtherInt | BinaryOtherFloat => BinaryOp,
            CompareInt | CompareFloat => Compare,
            JumpIfLtInt => JumpIfLt,
            JumpIfLeInt => JumpIfLe,
            JumpIfGtInt => JumpIfGt,
            JumpIfGeInt => JumpIfGe,
            JumpIfEqInt => JumpIfEq,
            JumpIfNeInt => JumpIfNe,
            JumpIfNotLtInt => JumpIfNotLt,
            JumpIfNotLeInt => JumpIfNotLe,
            JumpIfNotGtInt => JumpIfNotGt,
            JumpIfNotGeInt => JumpIfNotGe,
            JumpIfNotEqInt => JumpIfNotEq,
            JumpIfNotNeInt => JumpIfNotNe,
            LoadGlobalModule | LoadGlobalBuiltin => LoadGlobal,
            LoadAttrInstance => LoadAttr,
            LoadMethodCached => LoadMethod,
            StoreAttrInstance => StoreAttr,
            ForIterRange | ForIterList => ForIter,
            GetItemListInt | GetItemDict => GetItem,
            SetItemListInt => SetItem,
            CallPyExact | CallBuiltin => Call,
            CallMethodPyExact => CallMethod,
            other => other,
        }
    }

    /// True for the generic opcodes the VM may specialize, and so keeps an inline-cache entry
    /// for (see `instr.rs`, "Inline caches").
    pub fn is_cacheable(self) -> bool {
        use Opcode::*;
        matches!(
            self.generic(),
            BinaryOp
                | InplaceOp
                | Compare
                | JumpIfLt
                | JumpIfLe
                | JumpIfGt
                | JumpIfGe
                | JumpIfEq
                | JumpIfNe
                | JumpIfNotLt
                | JumpIfNotLe
                | JumpIfNotGt
                | JumpIfNotGe
                | JumpIfNotEq
                | JumpIfNotNe
                | LoadGlobal
                | GetItem
                | SetItem
                | LoadAttr
                | StoreAttr
                | LoadMethod
                | Call
                | CallKw
                | CallMethod
                | ForIter
        )
    }

    /// True if the instruction may transfer control to its wide `k` target.
    #[inline]
    pub fn is_jump(self) -> bool {
        self.layout().c == Arg::Target
    }

    /// True if control never falls through to the next instruction.
    pub fn is_terminator(self) -> bool {
        matches!(
            self,
            Opcode::Jump | Opcode::Return | Opcode::Raise | Opcode::Reraise
        )
    }

    /// True for the fused compare-and-branch family (`JumpIfLt` ... `JumpIfNotNe`, generic).
    pub fn is_compare_jump(self) -> bool {
        (Opcode::JumpIfLt as u8..=Opcode::JumpIfNotNe as u8).contains(&(self as u8))
    }

    /// The name as `dis` prints it: `LoadConst` becomes `LOAD_CONST`.
    pub fn dis_name(self) -> String {
        let mut out = String::new();
        for (i, ch) in self.name().char_indices() {
            if ch.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_uppercase());
        }
        out
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &op in Opcode::ALL {
            assert!(seen.insert(op as u8));
            assert_eq!(Opcode::from_u8(op as u8), Some(op));
        }
        assert_eq!(Opcode::from_u8(255), None);
    }

    #[test]
    fn specialized_forms_share_their_generic_layout() {
        for &op in Opcode::ALL {
            assert_eq!(op.is_specialized(), op.generic() != op, "{op}");
            assert_eq!(op.layout(), op.generic().layout(), "{op}");
            assert!(!op.generic().is_specialized());
        }
    }

    #[test]
    fn wide_operands_leave_x_free() {
        for &op in Opcode::ALL {
            let l = op.layout();
            if l.c.is_wide() {
                assert_eq!(l.x, Sub::None, "{op}");
            }
            assert!(!l.a.is_wide() && !l.b.is_wide(), "{op}");
        }
    }

    #[test]
    fn dis_names() {
        assert_eq!(Opcode::LoadConst.dis_name(), "LOAD_CONST");
        assert_eq!(Opcode::JumpIfNotLt.dis_name(), "JUMP_IF_NOT_LT");
    }
}

//! What native code knows about registers along a *chain*: the fast paths of consecutive
//! instructions, translated once more with the facts their guards established.
//!
//! # Chains
//! Every instruction has its *generic* block (`i<n>` in `translate.rs`), entered by jumps and
//! by the slow paths of the instruction before, knowing nothing. A *chain head* (an
//! instruction that is a jump target, or follows one that cannot pass facts on) also starts a
//! chain: the exit of its fast path that established facts (`r[a]` is an `int` with payload
//! `z`, say) continues in a second translation of the next instruction, which knows them, and
//! so on while instructions are [`chainable`] and not jump targets. A slow path always
//! continues in the generic block of the next instruction: facts hold only where every guard
//! before passed. So each instruction is translated at most twice.
//!
//! The registers stay the one home of every value (native code stores every result, as
//! before); a fact only saves reloading and re-checking a tag, and lets a store skip releasing
//! the value it overwrites (a known value is inline, owning nothing).
//!
//! # Hints
//! Where a binary operation's operands are not known, its int and float fast paths both
//! exist, and only one of them can continue the chain with the facts it established (a
//! Cranelift block has one set of facts). [`hints`] guesses, from the constants and operations
//! that write each register anywhere in the code, which kind a register usually holds; the
//! guessed kind's path continues the chain, the other fast path continues in the generic next
//! block. A wrong guess costs speed (the chain is never entered), never correctness: the facts
//! of a path are what its own guards checked.

use cranelift_codegen::ir::Value;
use pyrite_bytecode::instr::{BIN_OPS, Instr};
use pyrite_bytecode::opcode::{Arg, Opcode};
use pyrite_runtime::ops::BinOp;
use pyrite_runtime::value::Value as PyValue;
use pyrite_vm::code::VmCode;

/// A register's content known along a chain (its tag in memory agrees).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Known {
    /// `None`.
    NoneValue,
    /// A `bool`: the `i8` 0/1 payload.
    Bool(Value),
    /// An `int` (an `i64` payload).
    Int(Value),
    /// A `float` (an `f64` payload).
    Float(Value),
}

/// The facts at one point of a chain, by register.
pub(crate) type Facts = Vec<Option<Known>>;

/// The kind a register usually holds, from the instructions that write it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Hint {
    /// No instruction tells (yet).
    Unknown,
    /// Small ints.
    Int,
    /// Floats.
    Float,
    /// Neither: strings, containers, `None` (operations on them have no fast path).
    Other,
    /// Several of these.
    Mixed,
}

impl Hint {
    fn join(self, other: Hint) -> Hint {
        match (self, other) {
            (Hint::Unknown, h) | (h, Hint::Unknown) => h,
            (a, b) if a == b => a,
            _ => Hint::Mixed,
        }
    }
}

/// The kind `op` usually yields for operands of kinds `x` and `y` (`Unknown` when the
/// operands do not tell).
pub(crate) fn result_hint(op: BinOp, x: Hint, y: Hint) -> Hint {
    if x == Hint::Other || y == Hint::Other {
        // `str + str`, `"x" * n`, `"%d" % n`, `list + list`: no number comes out.
        return Hint::Other;
    }
    let float = x == Hint::Float || y == Hint::Float;
    let ints = x == Hint::Int && y == Hint::Int;
    match op {
        BinOp::TrueDiv => Hint::Float,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::FloorDiv | BinOp::Mod if float => Hint::Float,
        BinOp::Add
        | BinOp::Sub
        | BinOp::Mul
        | BinOp::FloorDiv
        | BinOp::Mod
        | BinOp::BitAnd
        | BinOp::BitOr
        | BinOp::BitXor
        | BinOp::LShift
        | BinOp::RShift
            if ints =>
        {
            Hint::Int
        }
        _ => Hint::Unknown,
    }
}

/// The kind hint of an inline constant.
fn constant_hint(v: Option<PyValue>) -> Hint {
    match v {
        Some(PyValue::Int(_)) => Hint::Int,
        Some(PyValue::Float(_)) => Hint::Float,
        Some(PyValue::Bool(_)) => Hint::Mixed,
        _ => Hint::Other,
    }
}

/// The constant registers (`pyrite_bytecode::code`) native code may treat as known values
/// everywhere: each with its constant, when no instruction can write it. The compiler never
/// writes one; this checks it rather than trusts it, conservatively: a constant register
/// appearing anywhere but a register operand an opcode only reads (or as an exception
/// register) is left out, and native code then reads it as any other register.
pub(crate) fn constant_registers(code: &VmCode) -> Vec<(u16, PyValue)> {
    let object = code.code_object();
    let first = object.first_const_register();
    let mut trusted: Vec<Option<PyValue>> = object
        .const_registers
        .iter()
        .map(|&k| code.inline_constant(k))
        .collect();
    let mut distrust = |r: u16| {
        if let Some(slot) = u32::from(r)
            .checked_sub(first)
            .and_then(|i| trusted.get_mut(i as usize))
        {
            *slot = None;
        }
    };
    for ins in &object.instructions {
        let layout = ins.op.layout();
        let read = reads_only(ins.op);
        let c_reg = !layout.c.is_wide() && layout.c == Arg::Reg;
        for (is_reg, r, only_read) in [
            (layout.a == Arg::Reg, ins.a, read[0]),
            (layout.b == Arg::Reg, ins.b, read[1]),
            (c_reg, ins.c, read[2]),
        ] {
            if is_reg && !only_read {
                distrust(r);
            }
        }
    }
    for e in &object.exception_table {
        distrust(e.exc_reg);
    }
    trusted
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| Some((u16::try_from(first as usize + i).ok()?, v?)))
        .collect()
}

/// Which of the register operands `a`, `b`, `c` opcode `op` only reads (its documented
/// `Regs: inputs => outputs`), for the opcodes constants are read by; `false` otherwise.
fn reads_only(op: Opcode) -> [bool; 3] {
    match op {
        Opcode::Move
        | Opcode::UnaryOp
        | Opcode::GetIter
        | Opcode::Yield
        | Opcode::LoadAttr
        | Opcode::ListToTuple => [false, true, false],
        Opcode::BinaryOp
        | Opcode::InplaceOp
        | Opcode::Compare
        | Opcode::GetItem
        | Opcode::FormatValue => [false, true, true],
        Opcode::JumpIfTrue
        | Opcode::JumpIfFalse
        | Opcode::Return
        | Opcode::StoreGlobal
        | Opcode::StoreName
        | Opcode::StoreDeref => [true, false, false],
        Opcode::ListAppend
        | Opcode::SetAdd
        | Opcode::StoreAttr
        | Opcode::DelItem
        | Opcode::Raise => [true, true, false],
        Opcode::SetItem | Opcode::MapAdd | Opcode::DictMerge => [true, true, true],
        op if op.is_compare_jump() => [true, true, false],
        _ => [false, false, false],
    }
}

/// The kind guesses of one code object (see the module documentation).
pub(crate) struct Hints {
    /// Each instruction's `a`, `b` and `c` operands' kinds where it reads them.
    operands: Vec<[Hint; 3]>,
    /// Whether each instruction is a `GetItem` or `SetItem` whose key was just built by a
    /// `BuildSlice` (no pure helper handles slices).
    slice_keys: Vec<bool>,
}

impl Hints {
    /// Whether the instruction at `at` is an item access with a slice just built as its key.
    pub(crate) fn slice_key(&self, at: usize) -> bool {
        self.slice_keys.get(at).copied().unwrap_or(false)
    }

    /// The kinds of the `b` and `c` operands of the instruction at `at`.
    pub(crate) fn operands(&self, at: u32) -> (Hint, Hint) {
        match self.operands.get(at as usize) {
            Some(&[_, b, c]) => (b, c),
            None => (Hint::Mixed, Hint::Mixed),
        }
    }

    /// The kinds of the `a` and `b` operands of the instruction at `at` (a compare-and-branch
    /// reads those).
    pub(crate) fn operands_ab(&self, at: u32) -> (Hint, Hint) {
        match self.operands.get(at as usize) {
            Some(&[a, b, _]) => (a, b),
            None => (Hint::Mixed, Hint::Mixed),
        }
    }
}

/// Guesses the kinds of registers: a few passes over the instructions that write registers
/// from constants, moves, arithmetic and range loops, after the constant registers' kinds.
/// An operand's kind is that of the write it reads when that write is earlier in the same
/// straight stretch of code (no jump target between), and its register's otherwise: the
/// compiler reuses temporaries, so a register that holds a string in one statement may hold
/// ints in the next. `entries` are the instructions control reaches other than from the one
/// before (jump targets, handlers).
pub(crate) fn hints(code: &VmCode, entries: &[bool]) -> Hints {
    let object = code.code_object();
    let mut h = vec![Hint::Unknown; object.n_registers as usize];
    let first = object.first_const_register() as usize;
    for (slot, &k) in h[first..].iter_mut().zip(&object.const_registers) {
        *slot = constant_hint(code.inline_constant(k));
    }
    let local = Local { code, entries };
    for _ in 0..4 {
        let before = h.clone();
        for (at, ins) in object.instructions.iter().enumerate() {
            let dst = if ins.op == Opcode::ForIter {
                ins.b
            } else {
                ins.a
            };
            let Some(hint) = local.write(&before, at, *ins, dst, DEPTH) else {
                continue;
            };
            if let Some(slot) = h.get_mut(usize::from(dst)) {
                *slot = slot.join(hint);
            }
        }
        if h == before {
            break;
        }
    }
    let operands = object
        .instructions
        .iter()
        .enumerate()
        .map(|(at, ins)| {
            [
                local.operand(&h, at, ins.a, DEPTH),
                local.operand(&h, at, ins.b, DEPTH),
                local.operand(&h, at, ins.c, DEPTH),
            ]
        })
        .collect();
    let slice_keys = object
        .instructions
        .iter()
        .enumerate()
        .map(|(at, ins)| {
            let key = match ins.op {
                Opcode::GetItem => ins.c,
                Opcode::SetItem => ins.b,
                _ => return false,
            };
            local
                .writer(at, key)
                .is_some_and(|j| object.instructions[j].op == Opcode::BuildSlice)
        })
        .collect();
    Hints {
        operands,
        slice_keys,
    }
}

/// How many writes back an operand's kind is followed.
const DEPTH: u8 = 4;

/// Operand kinds from the writes before them in straight-line code.
struct Local<'a> {
    code: &'a VmCode,
    entries: &'a [bool],
}

impl Local<'_> {
    /// The kind of register `r` as the instruction at `at` reads it.
    fn operand(&self, h: &[Hint], at: usize, r: u16, depth: u8) -> Hint {
        if depth == 0 {
            return get(h, r);
        }
        match self.writer(at, r) {
            Some(j) => {
                let ins = self.code.code_object().instructions[j];
                self.write(h, j, ins, r, depth - 1)
                    .unwrap_or_else(|| get(h, r))
            }
            None => get(h, r),
        }
    }

    /// The instruction that wrote register `r` for the instruction at `at` to read, when it is
    /// earlier in the same straight stretch of code.
    fn writer(&self, at: usize, r: u16) -> Option<usize> {
        let instrs = &self.code.code_object().instructions;
        let mut j = at;
        while j > 0 && self.entries.get(j) == Some(&false) {
            j -= 1;
            match writes(*instrs.get(j)?, r) {
                Writes::No => {}
                Writes::Yes => return Some(j),
                Writes::Maybe => return None,
            }
        }
        None
    }

    /// The kind the instruction at `at` writes to `r`, when it writes one the hints know.
    fn write(&self, h: &[Hint], at: usize, ins: Instr, r: u16, depth: u8) -> Option<Hint> {
        let hint = match ins.op {
            Opcode::LoadConst if ins.a == r => constant_hint(self.code.inline_constant(ins.k())),
            Opcode::BuildString
            | Opcode::FormatValue
            | Opcode::BuildTuple
            | Opcode::BuildList
            | Opcode::BuildSet
            | Opcode::BuildMap
            | Opcode::BuildSlice
                if ins.a == r =>
            {
                Hint::Other
            }
            Opcode::Move if ins.a == r => self.operand(h, at, ins.b, depth),
            Opcode::BinaryOp | Opcode::InplaceOp if ins.a == r => {
                let &op = BIN_OPS.get(usize::from(ins.x))?;
                result_hint(
                    op,
                    self.operand(h, at, ins.b, depth),
                    self.operand(h, at, ins.c, depth),
                )
            }
            // Most loops in numeric code run over a range.
            Opcode::ForIter if ins.b == r => Hint::Int,
            _ => return None,
        };
        Some(hint)
    }
}

/// Whether an instruction writes a register.
enum Writes {
    No,
    Yes,
    /// It may (a window, say): the search for the write an operand reads stops.
    Maybe,
}

/// Whether `ins` writes register `r`, for the instructions common between a write and its
/// read; `Maybe` for the others.
fn writes(ins: Instr, r: u16) -> Writes {
    let yes = |w: bool| if w { Writes::Yes } else { Writes::No };
    match ins.op {
        Opcode::Nop
        | Opcode::Jump
        | Opcode::SetItem
        | Opcode::ListAppend
        | Opcode::StoreAttr
        | Opcode::JumpIfTrue
        | Opcode::JumpIfFalse
        | Opcode::StoreGlobal
        | Opcode::StoreDeref => Writes::No,
        op if op.is_compare_jump() => Writes::No,
        Opcode::ForIter => yes(ins.b == r),
        Opcode::LoadMethod => yes(ins.a == r || ins.a.wrapping_add(1) == r),
        Opcode::LoadConst
        | Opcode::Move
        | Opcode::BinaryOp
        | Opcode::InplaceOp
        | Opcode::UnaryOp
        | Opcode::Compare
        | Opcode::GetItem
        | Opcode::GetIter
        | Opcode::LoadGlobal
        | Opcode::LoadDeref
        | Opcode::LoadAttr
        | Opcode::Call
        | Opcode::CallMethod
        | Opcode::BuildString
        | Opcode::FormatValue
        | Opcode::BuildTuple
        | Opcode::BuildList
        | Opcode::BuildSet
        | Opcode::BuildMap
        | Opcode::BuildSlice => yes(ins.a == r),
        _ => Writes::Maybe,
    }
}

/// True for an instruction at `at` whose fast paths would only ever fail: a `BinaryOp`,
/// `InplaceOp` or `Compare` whose operands are hinted [`Hint::Other`], an item access whose
/// key is a slice just built. It is left to the generic helper (and batched with its
/// neighbours into one call of it, see `translate::generic_runs`).
pub(crate) fn non_numeric(hints: &Hints, at: u32, ins: Instr) -> bool {
    let (b, c) = hints.operands(at);
    (matches!(
        ins.op,
        Opcode::BinaryOp | Opcode::InplaceOp | Opcode::Compare
    ) && (b == Hint::Other || c == Hint::Other))
        || hints.slice_key(at as usize)
}

/// True for a `Call` at `at` whose callee was just loaded by a `LoadGlobal` of a builtin's name
/// (`len`, `str`, `range`...): most likely that builtin, so no Python function to call
/// directly. A guess about speed only: a module global of the same name is still called
/// correctly by the generic path.
pub(crate) fn builtin_callee(code: &VmCode, at: usize) -> bool {
    let object = code.code_object();
    let Some(call) = object.instructions.get(at) else {
        return false;
    };
    // The callee's load is a few instructions up (the arguments' moves and loads between).
    for k in (at.saturating_sub(8)..at).rev() {
        let Some(&ins) = object.instructions.get(k) else {
            return false;
        };
        if ins.op.is_jump() || ins.op.is_compare_jump() || ins.op.is_terminator() {
            return false;
        }
        if ins.a == call.b {
            return ins.op == Opcode::LoadGlobal
                && object
                    .names
                    .get(ins.k() as usize)
                    .and_then(|name| pyrite_runtime::builtins::lookup(name))
                    .is_some_and(|v| !matches!(v, PyValue::Function(_)));
        }
    }
    false
}

fn get(h: &[Hint], r: u16) -> Hint {
    h.get(usize::from(r)).copied().unwrap_or(Hint::Mixed)
}

/// True for an instruction whose translation can continue a chain (it reads and writes only
/// the registers its fast paths account for, and falls through).
pub(crate) fn chainable(code: &VmCode, ins: Instr) -> bool {
    match ins.op {
        Opcode::Nop
        | Opcode::Move
        | Opcode::BinaryOp
        | Opcode::InplaceOp
        | Opcode::Compare
        | Opcode::JumpIfTrue
        | Opcode::JumpIfFalse
        | Opcode::GetItem
        | Opcode::SetItem
        | Opcode::ListAppend
        | Opcode::LoadDeref
        | Opcode::LoadGlobal
        | Opcode::ForIter => true,
        Opcode::LoadConst => code.inline_constant(ins.k()).is_some(),
        op => op.is_compare_jump(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use pyrite_bytecode::code::{CodeObject, Constant};
    use pyrite_bytecode::instr::Instr;
    use pyrite_bytecode::opcode::Opcode;
    use pyrite_runtime::value::Value as PyValue;
    use pyrite_vm::code::VmCode;

    /// The first function of `src`, compiled.
    fn function(src: &str) -> CodeObject {
        let module = pyrite_bytecode::compile_source(src.as_bytes(), "t.py").expect("compiles");
        module
            .constants
            .iter()
            .find_map(|c| match c {
                Constant::Code(f) => Some((**f).clone()),
                _ => None,
            })
            .expect("a function")
    }

    fn trusted(code: CodeObject) -> Vec<(u16, PyValue)> {
        let vm_code = VmCode::prepare(Arc::new(code)).expect("valid");
        super::constant_registers(&vm_code)
    }

    #[test]
    fn constant_registers_only_read_are_known() {
        let f = function("def f(n):\n    return n * 2 + 0.5\n");
        let first = f.first_const_register() as u16;
        let known = trusted(f);
        assert_eq!(known.len(), 2);
        assert!(matches!(known[0], (r, PyValue::Int(2)) if r == first));
        assert!(matches!(known[1], (r, PyValue::Float(x)) if r == first + 1 && x == 0.5));
    }

    #[test]
    fn a_written_constant_register_is_not_trusted() {
        let mut f = function("def f(n):\n    return n * 2 + 0.5\n");
        let first = f.first_const_register() as u16;
        // A (hand-made) write of the first constant register, before the code.
        let k = f.const_registers[1];
        f.instructions
            .insert(0, Instr::wide(Opcode::LoadConst, first, 0, k));
        let known = trusted(f);
        assert_eq!(known.len(), 1);
        assert_eq!(known[0].0, first + 1);
    }
}

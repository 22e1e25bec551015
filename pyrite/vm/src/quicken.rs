//! Quickening (PEP 659 style): generic instructions rewrite themselves into specialized forms
//! after observing their operands, and specialized forms fall back (de-specialize) when their
//! guard fails.
//!
//! What is specialized, and the guard each specialized form checks before its fast path:
//! - `BinaryOp` on two `int`s (`+ - * // %`), two `float`s (`+ - * /`) or two `str`s (`+`):
//!   both operands of that kind (and no overflow, a positive divisor, a non-zero float divisor;
//!   otherwise the generic form computes the exact result).
//! - `Compare` and the fused compare-and-branch family on two `int`s; `Compare` on two
//!   `float`s.
//! - `LoadGlobal`: a module global (`LoadGlobalModule`: one probe of the module namespace with
//!   the name's cached hash; a globals-version key needs a `PyDict` version accessor, which
//!   the runtime does not expose yet), or a builtin (`LoadGlobalBuiltin`, the
//!   builtin's value cached here; the guard checks the name is still absent from the module
//!   namespace, so a later global of that name shadows it, as in CPython).
//! - `LoadMethod` on a builtin kind (`LoadMethodCached`): the method found for the receiver's
//!   kind is cached, keyed by the kind's tag (the method table of a builtin kind is fixed, and
//!   `ops::load_method` looks only at it for these kinds).
//!
//! Invariants: a specialized instruction keeps the operands of the instruction it replaced
//! (`code.instructions[pc]`, which de-specializing restores), so validation still holds; and
//! every fast path computes exactly what the runtime's generic operation computes for the
//! operands its guard admits.
//!
//! Back-off: an instruction that could not be specialized, or was de-specialized, waits
//! [`BACKOFF`] executions before trying again, so a polymorphic site settles on its generic
//! form instead of flapping.

use std::cell::Cell;

use pyrite_bytecode::instr::{BIN_OPS, CmpKind, Instr};
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::ops::BinOp;
use pyrite_runtime::value::{Value, tag};

use crate::code::VmCode;

/// Executions to wait before re-trying to specialize.
const BACKOFF: u16 = 64;

/// One instruction's inline cache.
#[derive(Default)]
pub(crate) struct CacheEntry {
    /// Executions left before the next specialization attempt.
    counter: Cell<u16>,
    /// The cached value (a builtin, a method).
    value: Cell<Option<Value>>,
    /// What the cached value is valid for (a tag, plus one).
    key: Cell<u64>,
}

#[inline]
fn entry(code: &VmCode, at: usize) -> Option<&CacheEntry> {
    code.caches.get(at)
}

/// True when the instruction at `at` may try to specialize now (counts down otherwise).
#[inline]
fn ready(code: &VmCode, at: usize) -> bool {
    match entry(code, at) {
        Some(e) => {
            let n = e.counter.get();
            if n == 0 {
                true
            } else {
                e.counter.set(n - 1);
                false
            }
        }
        None => false,
    }
}

fn back_off(code: &VmCode, at: usize) {
    if let Some(e) = entry(code, at) {
        e.counter.set(BACKOFF);
    }
}

/// Rewrites the instruction at `at` to `op` (same layout), keeping its operands.
fn rewrite(code: &VmCode, at: usize, op: Opcode) {
    if let (Some(cell), Some(orig)) = (code.instrs.get(at), code.code.instructions.get(at)) {
        debug_assert_eq!(op.generic(), orig.op.generic());
        cell.set(Instr { op, ..*orig });
    }
}

/// Restores the generic instruction at `at` and backs off.
pub(crate) fn deopt(code: &VmCode, at: usize) {
    if let (Some(cell), Some(orig)) = (code.instrs.get(at), code.code.instructions.get(at)) {
        cell.set(*orig);
    }
    if let Some(e) = entry(code, at) {
        e.value.set(None);
        e.key.set(0);
    }
    back_off(code, at);
}

/// After a generic `BinaryOp` with operator `x` ran on `a` and `b`.
#[inline]
pub(crate) fn binary(code: &VmCode, at: usize, x: u8, a: &Value, b: &Value) {
    if !ready(code, at) {
        return;
    }
    let Some(&op) = BIN_OPS.get(usize::from(x)) else {
        return;
    };
    let special = match (a, b) {
        (Value::Int(_), Value::Int(_)) => match op {
            BinOp::Add => Some(Opcode::BinaryAddInt),
            BinOp::Sub => Some(Opcode::BinarySubInt),
            BinOp::Mul => Some(Opcode::BinaryMulInt),
            BinOp::FloorDiv => Some(Opcode::BinaryFloorDivInt),
            BinOp::Mod => Some(Opcode::BinaryModInt),
            _ => None,
        },
        (Value::Float(_), Value::Float(_)) => match op {
            BinOp::Add => Some(Opcode::BinaryAddFloat),
            BinOp::Sub => Some(Opcode::BinarySubFloat),
            BinOp::Mul => Some(Opcode::BinaryMulFloat),
            BinOp::TrueDiv => Some(Opcode::BinaryTrueDivFloat),
            _ => None,
        },
        (Value::Str(_), Value::Str(_)) if op == BinOp::Add => Some(Opcode::BinaryAddStr),
        _ => None,
    };
    match special {
        Some(s) => rewrite(code, at, s),
        None => back_off(code, at),
    }
}

/// After a generic `Compare` with kind `x` ran on `a` and `b`.
#[inline]
pub(crate) fn compare(code: &VmCode, at: usize, x: u8, a: &Value, b: &Value) {
    if !ready(code, at) {
        return;
    }
    let rich = CmpKind::from_u8(x).and_then(CmpKind::rich).is_some();
    let special = match (a, b) {
        (Value::Int(_), Value::Int(_)) if rich => Some(Opcode::CompareInt),
        (Value::Float(_), Value::Float(_)) if rich => Some(Opcode::CompareFloat),
        _ => None,
    };
    match special {
        Some(s) => rewrite(code, at, s),
        None => back_off(code, at),
    }
}

/// After a generic fused compare-and-branch `op` ran on `a` and `b`.
#[inline]
pub(crate) fn compare_jump(code: &VmCode, at: usize, op: Opcode, a: &Value, b: &Value) {
    if !ready(code, at) {
        return;
    }
    if !matches!((a, b), (Value::Int(_), Value::Int(_))) {
        back_off(code, at);
        return;
    }
    let special = match op {
        Opcode::JumpIfLt => Opcode::JumpIfLtInt,
        Opcode::JumpIfLe => Opcode::JumpIfLeInt,
        Opcode::JumpIfGt => Opcode::JumpIfGtInt,
        Opcode::JumpIfGe => Opcode::JumpIfGeInt,
        Opcode::JumpIfEq => Opcode::JumpIfEqInt,
        Opcode::JumpIfNe => Opcode::JumpIfNeInt,
        Opcode::JumpIfNotLt => Opcode::JumpIfNotLtInt,
        Opcode::JumpIfNotLe => Opcode::JumpIfNotLeInt,
        Opcode::JumpIfNotGt => Opcode::JumpIfNotGtInt,
        Opcode::JumpIfNotGe => Opcode::JumpIfNotGeInt,
        Opcode::JumpIfNotEq => Opcode::JumpIfNotEqInt,
        Opcode::JumpIfNotNe => Opcode::JumpIfNotNeInt,
        _ => return,
    };
    rewrite(code, at, special);
}

/// After a generic `LoadGlobal` found its name: in the module namespace `globals`
/// (`builtin == None`) or among the builtins (`Some(value)`).
#[inline]
pub(crate) fn load_global(code: &VmCode, at: usize, builtin: Option<&Value>) {
    if !ready(code, at) {
        return;
    }
    match builtin {
        None => rewrite(code, at, Opcode::LoadGlobalModule),
        Some(v) => {
            if let Some(e) = entry(code, at) {
                e.value.set(Some(v.clone()));
                rewrite(code, at, Opcode::LoadGlobalBuiltin);
            }
        }
    }
}

/// The value cached for the instruction at `at`.
#[inline]
pub(crate) fn cached_value(code: &VmCode, at: usize) -> Option<Value> {
    let e = entry(code, at)?;
    let v = e.value.take();
    let out = v.clone();
    e.value.set(v);
    out
}

/// The cache key of a receiver whose method table is fixed by its tag (builtin kinds); 0 for
/// kinds whose attributes depend on more than the tag.
#[inline]
fn receiver_key(recv: &Value) -> u64 {
    match recv.tag() {
        tag::INSTANCE | tag::EXCEPTION | tag::OTHER | tag::TYPE => 0,
        t => u64::from(t) + 1,
    }
}

/// After a generic `LoadMethod` on `recv` found `func` to be called with `recv` first.
#[inline]
pub(crate) fn load_method(code: &VmCode, at: usize, recv: &Value, func: &Value) {
    if !ready(code, at) {
        return;
    }
    let key = receiver_key(recv);
    let Some(e) = entry(code, at) else {
        return;
    };
    if key == 0 || !matches!(func, Value::Builtin(_)) {
        back_off(code, at);
        return;
    }
    e.key.set(key);
    e.value.set(Some(func.clone()));
    rewrite(code, at, Opcode::LoadMethodCached);
}

/// The cached method for `recv`, if the cache at `at` is valid for it.
#[inline]
pub(crate) fn method_hit(code: &VmCode, at: usize, recv: &Value) -> Option<Value> {
    let e = entry(code, at)?;
    let key = receiver_key(recv);
    if key == 0 || key != e.key.get() {
        return None;
    }
    cached_value(code, at)
}

//! Quickening (PEP 659 style): generic instructions rewrite themselves into specialized forms
//! after observing their operands, and specialized forms fall back (de-specialize) when their
//! guard fails.
//!
//! What is specialized, and the guard each specialized form checks before its fast path:
//! - `BinaryOp` on two `int`s (`+ - * // %`), two `float`s (`+ - * /`) or two `str`s (`+`):
//!   both operands of that kind (and no overflow, a positive divisor, a non-zero float divisor;
//!   otherwise the generic form computes the exact result). The other operators on two ints
//!   (`& | ^ << >>`, `BinaryOtherInt`), and `**` on two floats or `+ - * / **` on a float and an
//!   int (`BinaryOtherFloat`) share one form each, which looks at the operator: both run
//!   `binary::inline_result`, the generic form's own fast path, and fall back when it has none.
//! - `Compare` and the fused compare-and-branch family on two `int`s; `Compare` on two
//!   `float`s.
//! - `LoadGlobal`: a module global (`LoadGlobalModule`) or a builtin (`LoadGlobalBuiltin`).
//!   The cache key is the module namespace's key-structure version (`PyDict::version`: unique
//!   per dict and key structure, unchanged by overwriting a value). A module global caches its
//!   entry position: while the version holds, the name is at that position, and its current
//!   value is read from there (so `global x; x = ...` is seen without any invalidation). A
//!   builtin caches its value (the builtins namespace never changes): while the version
//!   holds, the name is still absent from the module namespace, so a later global of that
//!   name shadows it, as in CPython. When the version moved the instruction looks the name
//!   up again and re-keys itself, or de-specializes if the name moved between the module and
//!   the builtins (`names.rs`).
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
use pyrite_runtime::types::PyDict;
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
    /// What the cached value is valid for (a tag, plus one; a dict version).
    key: Cell<u64>,
    /// A dict entry position (module globals).
    index: Cell<u32>,
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
        e.index.set(0);
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
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift => {
                Some(Opcode::BinaryOtherInt)
            }
            _ => None,
        },
        (Value::Float(_), Value::Float(_)) => match op {
            BinOp::Add => Some(Opcode::BinaryAddFloat),
            BinOp::Sub => Some(Opcode::BinarySubFloat),
            BinOp::Mul => Some(Opcode::BinaryMulFloat),
            BinOp::TrueDiv => Some(Opcode::BinaryTrueDivFloat),
            BinOp::Pow => Some(Opcode::BinaryOtherFloat),
            _ => None,
        },
        (Value::Float(_), Value::Int(_)) | (Value::Int(_), Value::Float(_)) => match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::TrueDiv | BinOp::Pow => {
                Some(Opcode::BinaryOtherFloat)
            }
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

/// Where a generic `LoadGlobal` found its name.
pub(crate) enum GlobalSite<'a> {
    /// In the module namespace (at key-structure `version`), at entry position `pos`.
    Module { version: u64, pos: usize },
    /// Among the builtins (absent from the module namespace at `version`).
    Builtin { version: u64, value: &'a Value },
}

/// After a generic `LoadGlobal` found its name at `site`.
#[inline]
pub(crate) fn load_global(code: &VmCode, at: usize, site: GlobalSite<'_>) {
    if !ready(code, at) {
        return;
    }
    match site {
        GlobalSite::Module { version, pos } => {
            if rekey_global(code, at, version, pos) {
                rewrite(code, at, Opcode::LoadGlobalModule);
            }
        }
        GlobalSite::Builtin { version, value } => {
            if rekey_global(code, at, version, 0)
                && let Some(e) = entry(code, at)
            {
                e.value.set(Some(value.clone()));
                rewrite(code, at, Opcode::LoadGlobalBuiltin);
            }
        }
    }
}

/// Points the global-load cache at `at` to `version` and entry position `pos`; false when
/// there is no cache entry or `pos` does not fit one.
#[inline]
pub(crate) fn rekey_global(code: &VmCode, at: usize, version: u64, pos: usize) -> bool {
    match (entry(code, at), u32::try_from(pos)) {
        (Some(e), Ok(pos)) => {
            e.key.set(version);
            e.index.set(pos);
            true
        }
        _ => false,
    }
}

/// `LoadGlobalModule`'s fast path: the global's current value, if `globals` still has the
/// key structure the cache was filled at.
#[inline]
pub(crate) fn global_module_hit(code: &VmCode, at: usize, globals: &PyDict) -> Option<Value> {
    let (key, pos) = global_module_entry(code, at)?;
    globals.value_at(key, pos)
}

/// What `LoadGlobalModule` at `at` cached: the key structure version and the entry position.
#[inline]
pub(crate) fn global_module_entry(code: &VmCode, at: usize) -> Option<(u64, usize)> {
    let e = entry(code, at)?;
    Some((e.key.get(), e.index.get() as usize))
}

/// `LoadGlobalBuiltin`'s fast path: the cached builtin, if `globals` still has the key
/// structure at which the name was absent from it.
#[inline]
pub(crate) fn global_builtin_hit(code: &VmCode, at: usize, globals: &PyDict) -> Option<Value> {
    let e = entry(code, at)?;
    if globals.version() != e.key.get() {
        return None;
    }
    cached_value(code, at)
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

/// The cached method for `recv` if the cache at `at` is valid for it, as a pointer for a clone
/// straight into a register (`ValueStack::clone_into_unchecked`). Valid until the cache at `at` is written again (a
/// generic `LoadMethod` there, or a deopt), which nothing does before the caller's copy.
#[inline]
pub(crate) fn method_hit_ptr(code: &VmCode, at: usize, recv: &Value) -> Option<*const Value> {
    let e = entry(code, at)?;
    let key = receiver_key(recv);
    if key == 0 || key != e.key.get() {
        return None;
    }
    // SAFETY: a shared look at the cell's content: the VM is single-threaded and nothing
    // writes the cell while this reference lives (it ends at the return).
    let v: Option<&Value> = unsafe { &*e.value.as_ptr() }.as_ref();
    v.map(std::ptr::from_ref)
}

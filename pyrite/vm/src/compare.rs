//! Comparisons off the specialized paths: generic `Compare` (`<`, ..., `is`, `in`) and the
//! fused compare-and-branch family, each quickening itself (see `quicken.rs`), and the helpers
//! the specialized `CompareInt`/`CompareFloat` use.
//!
//! Invariant: `int`/`float` fast paths give what `ops::compare` gives (a `bool`; floats by IEEE
//! comparison, so `nan` compares false except `!=`); `is` is `Value::is`; `in` is
//! `ops::contains`; a rich comparison's result in a branch is taken by `ops::truthy`.

use pyrite_bytecode::instr::{CmpKind, Instr, compare_jump_kind};
use pyrite_runtime::error::PyResult;
use pyrite_runtime::ops;
use pyrite_runtime::value::Value;

use crate::code::VmCode;
use crate::dispatch::{cmp_kind, internal};
use crate::machine::Vm;
use crate::quicken;

/// `x cmp y` on two ints for a rich comparison kind `k`; `None` for the other kinds.
#[inline(always)]
pub(crate) fn int_holds(k: u8, x: i64, y: i64) -> Option<bool> {
    Some(match k {
        0 => x == y,
        1 => x != y,
        2 => x < y,
        3 => x <= y,
        4 => x > y,
        5 => x >= y,
        _ => return None,
    })
}

/// `x cmp y` on two floats for a rich comparison kind `k` (IEEE, as Python).
#[inline(always)]
pub(crate) fn float_holds(k: u8, x: f64, y: f64) -> Option<bool> {
    Some(match k {
        0 => x == y,
        1 => x != y,
        2 => x < y,
        3 => x <= y,
        4 => x > y,
        5 => x >= y,
        _ => return None,
    })
}

impl Vm {
    /// `a cmp b` as a value.
    fn compare_values(&mut self, kind: CmpKind, a: &Value, b: &Value) -> PyResult<Value> {
        if let Some(op) = kind.rich() {
            if let Some(r) = inline(kind as u8, a, b) {
                return Ok(Value::Bool(r));
            }
            return ops::compare(self, op, a, b);
        }
        Ok(Value::Bool(match kind {
            CmpKind::Is => a.is(b),
            CmpKind::IsNot => !a.is(b),
            CmpKind::In => ops::contains(self, b, a)?,
            CmpKind::NotIn => !ops::contains(self, b, a)?,
            _ => return Err(internal("comparison kind")),
        }))
    }

    /// Generic `Compare`: `r[a] = r[b] cmp r[c]`, then a specialization attempt.
    pub(crate) fn compare_generic(
        &mut self,
        code: &VmCode,
        at: usize,
        base: usize,
        ins: Instr,
    ) -> PyResult<()> {
        let kind = cmp_kind(ins.x)?;
        let a = self.reg(base + usize::from(ins.b))?;
        let b = self.reg(base + usize::from(ins.c))?;
        // The cases that cannot run Python code read the operands in place (no clones).
        let quick = match kind {
            CmpKind::Is => Some(a.is(b)),
            CmpKind::IsNot => Some(!a.is(b)),
            _ => inline(ins.x, a, b),
        };
        let r = match quick {
            Some(r) => {
                quicken::compare(code, at, ins.x, a, b);
                Value::Bool(r)
            }
            None => {
                let (a, b) = (a.clone(), b.clone());
                let r = self.compare_values(kind, &a, &b)?;
                quicken::compare(code, at, ins.x, &a, &b);
                r
            }
        };
        self.put_reg(base + usize::from(ins.a), r)
    }

    /// Generic fused compare-and-branch: whether to jump.
    pub(crate) fn compare_jump_generic(
        &mut self,
        code: &VmCode,
        at: usize,
        base: usize,
        ins: Instr,
    ) -> PyResult<bool> {
        let (kind, negate) =
            compare_jump_kind(ins.op).ok_or_else(|| internal("not a compare-and-branch"))?;
        let a = self.reg(base + usize::from(ins.a))?;
        let b = self.reg(base + usize::from(ins.b))?;
        if let Some(r) = inline(kind as u8, a, b) {
            if matches!((a, b), (Value::Int(_), Value::Int(_))) {
                quicken::compare_jump(code, at, ins.op, a, b);
            }
            return Ok(r != negate);
        }
        let (a, b) = (a.clone(), b.clone());
        let v = self.compare_values(kind, &a, &b)?;
        let truth = match v {
            Value::Bool(t) => t,
            other => ops::truthy(self, &other)?,
        };
        quicken::compare_jump(code, at, ins.op, &a, &b);
        Ok(truth != negate)
    }
}

/// The inline result of a rich comparison of two ints or two floats.
#[inline(always)]
fn inline(k: u8, a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_holds(k, *x, *y),
        (Value::Float(x), Value::Float(y)) => float_holds(k, *x, *y),
        _ => None,
    }
}

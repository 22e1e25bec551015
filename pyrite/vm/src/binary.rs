//! Arithmetic off the specialized paths: generic `BinaryOp` (which then quickens itself, see
//! `quicken.rs`), `InplaceOp` and `UnaryOp`.
//!
//! Invariant: the inline cases compute what `ops::binary_op`/`ops::inplace_op` would for the
//! same operands (`int`s and `float`s are immutable, so `x += y` on them is `x + y`); every
//! other case calls the runtime.

use pyrite_bytecode::instr::{BIN_OPS, Instr, UNARY_OPS};
use pyrite_runtime::error::PyResult;
use pyrite_runtime::ops::{self, BinOp};
use pyrite_runtime::value::Value;

use crate::code::VmCode;
use crate::dispatch::internal;
use crate::machine::Vm;
use crate::quicken;

/// `x op y` for the operators whose small-int result needs no call; `None` otherwise (the
/// runtime handles overflow, negative divisors, negative or wide shifts and powers).
#[inline(always)]
pub(crate) fn small_int(op: BinOp, x: i64, y: i64) -> Option<i64> {
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        BinOp::FloorDiv if y > 0 => Some(x.div_euclid(y)),
        BinOp::Mod if y > 0 => Some(x.rem_euclid(y)),
        // An arithmetic shift floors, as Python's `>>` does for negative operands.
        BinOp::RShift if (0..64).contains(&y) => Some(x >> y),
        // Exact when shifting back restores the operand (no bit, sign included, lost).
        BinOp::LShift if (0..64).contains(&y) && (x << y) >> y == x => Some(x << y),
        _ => None,
    }
}

/// Ints of at most this magnitude convert to `float` exactly.
const EXACT: u64 = 1 << 53;

/// `x op y` on two floats for the operators that need no exception here: `**` is the
/// runtime's own `float ** float`, when it returns rather than raises.
#[inline(always)]
fn small_float(op: BinOp, x: f64, y: f64) -> Option<f64> {
    match op {
        BinOp::Add => Some(x + y),
        BinOp::Sub => Some(x - y),
        BinOp::Mul => Some(x * y),
        BinOp::TrueDiv if y != 0.0 => Some(x / y),
        BinOp::Pow => pyrite_runtime::float::pow(x, y).ok(),
        _ => None,
    }
}

#[inline]
fn bin_op(x: u8) -> PyResult<BinOp> {
    BIN_OPS
        .get(usize::from(x))
        .copied()
        .ok_or_else(|| internal("bad binary operator"))
}

/// The inline result of `a op b`, if there is one.
#[inline(always)]
pub(crate) fn inline_result(op: BinOp, a: &Value, b: &Value) -> Option<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => small_int(op, *x, *y).map(Value::Int),
        (Value::Float(x), Value::Float(y)) => small_float(op, *x, *y).map(Value::Float),
        // Mixed: the int converts exactly (|i| <= 2**53), as `float.__op__` converts it.
        (Value::Float(x), Value::Int(i)) if i.unsigned_abs() <= EXACT => {
            small_float(op, *x, *i as f64).map(Value::Float)
        }
        (Value::Int(i), Value::Float(y)) if i.unsigned_abs() <= EXACT => {
            small_float(op, *i as f64, *y).map(Value::Float)
        }
        _ => None,
    }
}

impl Vm {
    /// Generic `BinaryOp`: `r[a] = r[b] op r[c]`, then a specialization attempt.
    ///
    /// Operators with no specialized form (`^`, `&`, `|` on ints, mixed int/float arithmetic)
    /// run here every time, so the inline cases read the operands in place: no clone, no
    /// drop of a copy.
    #[inline]
    pub(crate) fn binary_generic(
        &mut self,
        code: &VmCode,
        at: usize,
        base: usize,
        ins: Instr,
    ) -> PyResult<()> {
        let op = bin_op(ins.x)?;
        let a = self.reg(base + usize::from(ins.b))?;
        let b = self.reg(base + usize::from(ins.c))?;
        if let Some(r) = inline_result(op, a, b) {
            quicken::binary(code, at, ins.x, a, b);
            return self.put_reg(base + usize::from(ins.a), r);
        }
        let (a, b) = (a.clone(), b.clone());
        let r = ops::binary_op(self, op, &a, &b)?;
        quicken::binary(code, at, ins.x, &a, &b);
        self.put_reg(base + usize::from(ins.a), r)
    }

    /// `InplaceOp`: `r[a] = r[b] op= r[c]`.
    #[inline]
    pub(crate) fn inplace(&mut self, base: usize, ins: Instr) -> PyResult<()> {
        let op = bin_op(ins.x)?;
        let inline = inline_result(
            op,
            self.reg(base + usize::from(ins.b))?,
            self.reg(base + usize::from(ins.c))?,
        );
        let r = match inline {
            Some(r) => r,
            None if ins.a == ins.b
                && op == ops::BinOp::Add
                && matches!(
                    (
                        self.reg(base + usize::from(ins.b))?,
                        self.reg(base + usize::from(ins.c))?
                    ),
                    (Value::Str(_), Value::Str(_))
                ) =>
            {
                // `s += t` on strings cannot fail, so the register may let go of its reference
                // first: the string is then unique (when nothing else holds it) and
                // `inplace_op_owned` appends in place instead of copying the left side.
                let rhs = self.reg_clone(base + usize::from(ins.c))?;
                let cur = self
                    .stack
                    .get_mut(base + usize::from(ins.b))
                    .and_then(Option::take)
                    .ok_or_else(|| internal("register out of range"))?;
                ops::inplace_op_owned(self, op, cur, &rhs)?
            }
            None => {
                let a = self.reg_clone(base + usize::from(ins.b))?;
                let b = self.reg_clone(base + usize::from(ins.c))?;
                ops::inplace_op(self, op, &a, &b)?
            }
        };
        self.put_reg(base + usize::from(ins.a), r)
    }

    /// `UnaryOp`: `r[a] = op r[b]`.
    pub(crate) fn unary(&mut self, base: usize, ins: Instr) -> PyResult<()> {
        let op = *UNARY_OPS
            .get(usize::from(ins.x))
            .ok_or_else(|| internal("bad unary operator"))?;
        let r = match (op, self.reg(base + usize::from(ins.b))?) {
            (ops::UnaryOp::Neg, Value::Int(i)) if *i != i64::MIN => Value::Int(-i),
            (ops::UnaryOp::Neg, Value::Float(x)) => Value::Float(-x),
            (ops::UnaryOp::Not, Value::Bool(b)) => Value::Bool(!b),
            (_, v) => {
                let v = v.clone();
                ops::unary_op(self, op, &v)?
            }
        };
        self.put_reg(base + usize::from(ins.a), r)
    }
}

/// `x + y` on two `str`s (the dispatch loop's `BinaryAddStr` and native code's helper).
#[inline]
pub(crate) fn concat_str(
    x: &pyrite_runtime::types::PyStr,
    y: &pyrite_runtime::types::PyStr,
) -> Value {
    let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
    s.push_str(x.as_str());
    s.push_str(y.as_str());
    Value::str(s)
}

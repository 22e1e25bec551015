//! Operators on the numeric tower `bool` ⊂ `int` ⊂ `float`, for values of those types: the entry
//! points the operator layer calls before looking at dunder methods.
//!
//! - Two ints (or bools): the exact int operation ([`crate::int`]). `&`, `|`, `^` of two bools
//!   give a bool (`True & False is False`), every other operation on bools gives an int.
//! - An int with a float: the int converts to float first, left operand first, as CPython's
//!   `CONVERT_TO_DOUBLE` does (`OverflowError: int too large to convert to float`), then the
//!   float operation; shifts and bitwise operators do not apply to floats.
//! - Comparisons are exact in every combination (no conversion: see
//!   [`super::compare_int`]).
//!
//! Each function returns `None` when the operation does not apply to the operand types, so the
//! caller goes on to `__radd__`-style dispatch or its `TypeError`.

use std::cmp::Ordering;

use crate::error::PyResult;
use crate::float;
use crate::int::{self, Int};
use crate::value::Value;

/// A binary numeric operation (`divmod` included, as it shares the dispatch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumericOp {
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b`
    TrueDiv,
    /// `a // b`
    FloorDiv,
    /// `a % b`
    Mod,
    /// `divmod(a, b)`, a 2-tuple
    DivMod,
    /// `a ** b` (two-argument `pow`)
    Pow,
    /// `a << b`
    LShift,
    /// `a >> b`
    RShift,
    /// `a & b`
    BitAnd,
    /// `a | b`
    BitOr,
    /// `a ^ b`
    BitXor,
}

/// A unary numeric operation (`abs` included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-a`
    Neg,
    /// `+a`
    Pos,
    /// `~a`
    Invert,
    /// `abs(a)`
    Abs,
}

/// A numeric operand: an int view or a float.
enum Num<'a> {
    Int(Int<'a>),
    Float(f64),
}

impl<'a> Num<'a> {
    fn from_value(v: &'a Value) -> Option<Num<'a>> {
        match v {
            Value::Float(f) => Some(Num::Float(*f)),
            _ => Int::from_value(v).map(Num::Int),
        }
    }

    fn to_f64(&self) -> PyResult<f64> {
        match self {
            Num::Int(i) => int::to_f64(*i),
            Num::Float(f) => Ok(*f),
        }
    }
}

/// `a op b` when both are `int`, `bool` or `float`; `None` when the operation does not apply.
pub fn numeric_binary_op(op: NumericOp, a: &Value, b: &Value) -> Option<PyResult<Value>> {
    let x = Num::from_value(a)?;
    let y = Num::from_value(b)?;
    match (x, y) {
        (Num::Int(i), Num::Int(j)) => Some(int_binary_op(op, i, j, a, b)),
        (x, y) => {
            if matches!(
                op,
                NumericOp::LShift
                    | NumericOp::RShift
                    | NumericOp::BitAnd
                    | NumericOp::BitOr
                    | NumericOp::BitXor
            ) {
                return None;
            }
            Some(x.to_f64().and_then(|f| {
                let g = y.to_f64()?;
                float_binary_op(op, f, g)
            }))
        }
    }
}

fn int_binary_op(op: NumericOp, i: Int<'_>, j: Int<'_>, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Bool(p), Value::Bool(q)) = (a, b) {
        match op {
            NumericOp::BitAnd => return Ok(Value::Bool(p & q)),
            NumericOp::BitOr => return Ok(Value::Bool(p | q)),
            NumericOp::BitXor => return Ok(Value::Bool(p ^ q)),
            _ => {}
        }
    }
    Ok(match op {
        NumericOp::Add => int::add(i, j),
        NumericOp::Sub => int::sub(i, j),
        NumericOp::Mul => int::mul(i, j),
        NumericOp::TrueDiv => Value::Float(int::true_divide(i, j)?),
        NumericOp::FloorDiv => int::floordiv(i, j)?,
        NumericOp::Mod => int::modulo(i, j)?,
        NumericOp::DivMod => {
            let (q, r) = int::divmod(i, j)?;
            Value::tuple(vec![q, r])
        }
        NumericOp::Pow => int::pow(i, j)?,
        NumericOp::LShift => int::lshift(i, j)?,
        NumericOp::RShift => int::rshift(i, j)?,
        NumericOp::BitAnd => int::and(i, j),
        NumericOp::BitOr => int::or(i, j),
        NumericOp::BitXor => int::xor(i, j),
    })
}

/// `a op b` on two floats (the arithmetic operators only).
pub fn float_binary_op(op: NumericOp, a: f64, b: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        NumericOp::Add => a + b,
        NumericOp::Sub => a - b,
        NumericOp::Mul => a * b,
        NumericOp::TrueDiv => float::div(a, b)?,
        NumericOp::FloorDiv => float::floordiv(a, b)?,
        NumericOp::Mod => float::modulo(a, b)?,
        NumericOp::DivMod => {
            let (q, r) = float::divmod(a, b)?;
            return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
        }
        NumericOp::Pow => float::pow(a, b)?,
        NumericOp::LShift
        | NumericOp::RShift
        | NumericOp::BitAnd
        | NumericOp::BitOr
        | NumericOp::BitXor => {
            // Unreachable from `numeric_binary_op`; a direct caller gets the CPython TypeError.
            return crate::error::raise(
                crate::builtin_type::BuiltinType::TypeError,
                "unsupported operand type(s) for float",
            );
        }
    }))
}

/// `op a` when `a` is `int`, `bool` or `float`; `None` when it does not apply (`~` of a float).
pub fn numeric_unary_op(op: UnaryOp, a: &Value) -> Option<PyResult<Value>> {
    Some(Ok(match Num::from_value(a)? {
        Num::Int(i) => match op {
            UnaryOp::Neg => int::neg(i),
            UnaryOp::Pos => int::pos(i),
            UnaryOp::Invert => int::invert(i),
            UnaryOp::Abs => int::abs(i),
        },
        Num::Float(f) => Value::Float(match op {
            UnaryOp::Neg => -f,
            UnaryOp::Pos => f,
            UnaryOp::Abs => f.abs(),
            UnaryOp::Invert => return None,
        }),
    }))
}

/// Compares two numeric values exactly: `None` when either is not numeric, `Some(None)` when
/// they are unordered (a NaN is involved: every comparison but `!=` is false).
pub fn numeric_compare(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    let x = Num::from_value(a)?;
    let y = Num::from_value(b)?;
    Some(match (x, y) {
        (Num::Int(i), Num::Int(j)) => Some(int::compare(i, j)),
        (Num::Float(f), Num::Float(g)) => f.partial_cmp(&g),
        (Num::Float(f), Num::Int(j)) => float::compare_int(f, j),
        (Num::Int(i), Num::Float(g)) => float::compare_int(g, i).map(Ordering::reverse),
    })
}

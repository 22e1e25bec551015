//! Unary operators (`-a`, `+a`, `~a`, `not a`), `abs(a)` and truth testing.
//!
//! Truth follows CPython's `PyObject_IsTrue`: `None` and zero numbers are false, containers are
//! false when empty, every other object is true (user `__bool__`/`__len__` arrive with user
//! classes as one more arm in [`truthy`]).

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::float::mixed::{self, numeric_unary_op};
use crate::format::type_name;
use crate::interp::Interp;
use crate::value::Value;

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-a`
    Neg,
    /// `+a`
    Pos,
    /// `~a`
    Invert,
    /// `not a`
    Not,
}

impl UnaryOp {
    /// The operator as written (`"-"`, `"not"`).
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
            UnaryOp::Not => "not",
        }
    }

    /// The method name (`"__neg__"`; `not` uses `__bool__`).
    pub fn dunder(self) -> &'static str {
        match self {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            UnaryOp::Invert => "__invert__",
            UnaryOp::Not => "__bool__",
        }
    }
}

/// `op a`.
#[inline]
pub fn unary_op(vm: &mut dyn Interp, op: UnaryOp, a: &Value) -> PyResult<Value> {
    let numeric = match op {
        UnaryOp::Not => return Ok(Value::Bool(!truthy(vm, a)?)),
        UnaryOp::Neg => {
            if let Value::Int(i) = a
                && let Some(n) = i.checked_neg()
            {
                return Ok(Value::Int(n));
            }
            mixed::UnaryOp::Neg
        }
        UnaryOp::Pos => mixed::UnaryOp::Pos,
        UnaryOp::Invert => mixed::UnaryOp::Invert,
    };
    if let Some(result) = numeric_unary_op(numeric, a) {
        return result;
    }
    raise(
        BuiltinType::TypeError,
        format!(
            "bad operand type for unary {}: '{}'",
            op.symbol(),
            type_name(a)
        ),
    )
}

/// `abs(a)`.
pub fn abs(_vm: &mut dyn Interp, a: &Value) -> PyResult<Value> {
    if let Some(result) = numeric_unary_op(mixed::UnaryOp::Abs, a) {
        return result;
    }
    raise(
        BuiltinType::TypeError,
        format!("bad operand type for abs(): '{}'", type_name(a)),
    )
}

/// `bool(v)`.
#[inline]
pub fn truthy(_vm: &mut dyn Interp, v: &Value) -> PyResult<bool> {
    Ok(match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::BigInt(_) => true,
        Value::Float(x) => *x != 0.0,
        Value::Str(s) => !s.as_str().is_empty(),
        Value::Bytes(b) => !b.as_bytes().is_empty(),
        Value::Tuple(t) => !t.items().is_empty(),
        Value::List(l) => l.items.try_borrow().map_or(true, |items| !items.is_empty()),
        Value::Dict(d) => !d.is_empty(),
        Value::Set(s) | Value::FrozenSet(s) => !s.is_empty(),
        Value::Range(r) => !matches!(crate::iterators::range_len_value(r), Value::Int(0)),
        Value::Other(o) => o.length().is_none_or(|n| n != 0),
        Value::Slice(_)
        | Value::Type(_)
        | Value::Instance(_)
        | Value::Function(_)
        | Value::Builtin(_)
        | Value::Method(_)
        | Value::Exception(_) => true,
    })
}

//! Binary operators (`a + b`, `a |= b`, ...): CPython's `binary_op1` / `PyNumber_Add` /
//! `PyNumber_InPlaceAdd` protocol for every builtin kind.
//!
//! Order of dispatch, as CPython:
//! 1. inline `int op int` without overflow (no allocation, no call);
//! 2. the numeric tower (`bool`/`int`/`float` in any mix, [`crate::float::mixed`]);
//! 3. the other builtin "number slots": `str % x`, set algebra, `dict | dict`;
//! 4. user classes' `__op__` / `__rop__` (the hook [`user_binary`], subclass first);
//! 5. the sequence slots: `seq + seq` (concatenation, with its own messages) and `seq * n`;
//! 6. `TypeError: unsupported operand type(s) for +: 'int' and 'str'`.
//!
//! In-place operators first try the in-place slot of the left operand (`list +=` extends, set
//! `|=` updates), then fall back to the binary operator, with the error message naming the
//! augmented symbol (`+=`).

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::float::mixed::{NumericOp, numeric_binary_op};
use crate::format::{percent_format, type_name};
use crate::interp::Interp;
use crate::seq;
use crate::types::{PyBytes, PyDict, PySet, PyStr};
use crate::value::Value;

use super::format_host::Host;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
}

impl BinOp {
    /// The operator as written (`"+"`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }

    /// The augmented-assignment form (`"+="`).
    pub fn inplace_symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+=",
            BinOp::Sub => "-=",
            BinOp::Mul => "*=",
            BinOp::MatMul => "@=",
            BinOp::TrueDiv => "/=",
            BinOp::FloorDiv => "//=",
            BinOp::Mod => "%=",
            BinOp::Pow => "**=",
            BinOp::LShift => "<<=",
            BinOp::RShift => ">>=",
            BinOp::BitAnd => "&=",
            BinOp::BitOr => "|=",
            BinOp::BitXor => "^=",
        }
    }

    /// The method name (`"__add__"`).
    pub fn dunder(self) -> &'static str {
        match self {
            BinOp::Add => "__add__",
            BinOp::Sub => "__sub__",
            BinOp::Mul => "__mul__",
            BinOp::MatMul => "__matmul__",
            BinOp::TrueDiv => "__truediv__",
            BinOp::FloorDiv => "__floordiv__",
            BinOp::Mod => "__mod__",
            BinOp::Pow => "__pow__",
            BinOp::LShift => "__lshift__",
            BinOp::RShift => "__rshift__",
            BinOp::BitAnd => "__and__",
            BinOp::BitOr => "__or__",
            BinOp::BitXor => "__xor__",
        }
    }

    /// The reflected method name (`"__radd__"`).
    pub fn reflected_dunder(self) -> &'static str {
        match self {
            BinOp::Add => "__radd__",
            BinOp::Sub => "__rsub__",
            BinOp::Mul => "__rmul__",
            BinOp::MatMul => "__rmatmul__",
            BinOp::TrueDiv => "__rtruediv__",
            BinOp::FloorDiv => "__rfloordiv__",
            BinOp::Mod => "__rmod__",
            BinOp::Pow => "__rpow__",
            BinOp::LShift => "__rlshift__",
            BinOp::RShift => "__rrshift__",
            BinOp::BitAnd => "__rand__",
            BinOp::BitOr => "__ror__",
            BinOp::BitXor => "__rxor__",
        }
    }

    /// The in-place method name (`"__iadd__"`).
    pub fn inplace_dunder(self) -> &'static str {
        match self {
            BinOp::Add => "__iadd__",
            BinOp::Sub => "__isub__",
            BinOp::Mul => "__imul__",
            BinOp::MatMul => "__imatmul__",
            BinOp::TrueDiv => "__itruediv__",
            BinOp::FloorDiv => "__ifloordiv__",
            BinOp::Mod => "__imod__",
            BinOp::Pow => "__ipow__",
            BinOp::LShift => "__ilshift__",
            BinOp::RShift => "__irshift__",
            BinOp::BitAnd => "__iand__",
            BinOp::BitOr => "__ior__",
            BinOp::BitXor => "__ixor__",
        }
    }

    /// The numeric-tower operation, if the operator has one.
    fn numeric(self) -> Option<NumericOp> {
        Some(match self {
            BinOp::Add => NumericOp::Add,
            BinOp::Sub => NumericOp::Sub,
            BinOp::Mul => NumericOp::Mul,
            BinOp::MatMul => return None,
            BinOp::TrueDiv => NumericOp::TrueDiv,
            BinOp::FloorDiv => NumericOp::FloorDiv,
            BinOp::Mod => NumericOp::Mod,
            BinOp::Pow => NumericOp::Pow,
            BinOp::LShift => NumericOp::LShift,
            BinOp::RShift => NumericOp::RShift,
            BinOp::BitAnd => NumericOp::BitAnd,
            BinOp::BitOr => NumericOp::BitOr,
            BinOp::BitXor => NumericOp::BitXor,
        })
    }
}

/// `a op b` on two small ints when the result is a small int computed without a call; `None`
/// sends the caller to the general path (overflow, division, shifts, powers).
#[inline(always)]
fn small_int_op(op: BinOp, x: i64, y: i64) -> Option<Value> {
    Some(Value::Int(match op {
        BinOp::Add => x.checked_add(y)?,
        BinOp::Sub => x.checked_sub(y)?,
        BinOp::Mul => x.checked_mul(y)?,
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::FloorDiv if y > 0 => x.div_euclid(y),
        BinOp::Mod if y > 0 => x.rem_euclid(y),
        // Arithmetic shift is floor division by 2**y, as Python's `>>`.
        BinOp::RShift if (0..64).contains(&y) => x >> y,
        BinOp::LShift if (0..63).contains(&y) && (x << y) >> y == x => x << y,
        _ => return None,
    }))
}

/// `a op b` when one side is a float and the other a float or a small int, for the operators
/// whose float result needs no check (`+ - *`, and `/` by a non-zero divisor); `None` sends the
/// caller to [`numeric_binary_op`], which has the rest (and the error messages).
///
/// A small int converts exactly as CPython's `PyLong_AsDouble` does: `i64 as f64` rounds to
/// nearest, ties to even, like the C conversion it uses for ints that fit a machine word.
#[inline(always)]
fn float_op(op: BinOp, a: &Value, b: &Value) -> Option<Value> {
    let (x, y) = match (a, b) {
        (Value::Float(x), Value::Float(y)) => (*x, *y),
        (Value::Float(x), Value::Int(i)) => (*x, *i as f64),
        (Value::Int(i), Value::Float(y)) => (*i as f64, *y),
        _ => return None,
    };
    Some(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv if y != 0.0 => x / y,
        _ => return None,
    }))
}

/// `a op b`.
#[inline]
pub fn binary_op(vm: &mut dyn Interp, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b)
        && let Some(v) = small_int_op(op, *x, *y)
    {
        return Ok(v);
    }
    if let Some(v) = float_op(op, a, b) {
        return Ok(v);
    }
    binary_general(vm, op, a, b, op.symbol())
}

/// Everything but the inline fast path; `symbol` is what the `TypeError` names (`+` or `+=`).
fn binary_general(
    vm: &mut dyn Interp,
    op: BinOp,
    a: &Value,
    b: &Value,
    symbol: &str,
) -> PyResult<Value> {
    if let Some(nop) = op.numeric()
        && let Some(result) = numeric_binary_op(nop, a, b)
    {
        return result;
    }
    if let Some(result) = builtin_slot(vm, op, a, b)? {
        return Ok(result);
    }
    if let Some(result) = user_binary(vm, op, a, b)? {
        return Ok(result);
    }
    match op {
        BinOp::Add => {
            if let Some(result) = concat(a, b) {
                return result;
            }
        }
        BinOp::Mul => {
            if is_repeatable(a) {
                return repeat(a, b);
            }
            if is_repeatable(b) {
                return repeat(b, a);
            }
        }
        _ => {}
    }
    Err(unsupported(op, symbol, a, b))
}

/// CPython's `binop_type_error`.
fn unsupported(op: BinOp, symbol: &str, a: &Value, b: &Value) -> PyErr {
    let symbol = if op == BinOp::Pow && symbol == "**" {
        "** or pow()"
    } else {
        symbol
    };
    PyErr::new(
        BuiltinType::TypeError,
        format!(
            "unsupported operand type(s) for {symbol}: '{}' and '{}'",
            type_name(a),
            type_name(b)
        ),
    )
}

/// The number slots of builtin kinds other than the numeric tower: `None` = not implemented.
fn builtin_slot(vm: &mut dyn Interp, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    match (op, a, b) {
        (BinOp::Mod, Value::Str(fmt), args) => {
            let mut host = Host(vm);
            let text = percent_format(&mut host, fmt.as_str(), args)?;
            Ok(Some(Value::str(text)))
        }
        (
            BinOp::Sub | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor,
            Value::Set(x) | Value::FrozenSet(x),
            Value::Set(_) | Value::FrozenSet(_),
        ) => {
            let result = match op {
                BinOp::Sub => x.difference(vm, b)?,
                BinOp::BitAnd => x.intersection(vm, b)?,
                BinOp::BitOr => x.union(vm, b)?,
                _ => x.symmetric_difference(vm, b)?,
            };
            Ok(Some(same_set_kind(a, result)))
        }
        (BinOp::BitOr, Value::Dict(x), Value::Dict(y)) => {
            let result = x.copy()?;
            result.update_from(vm, y)?;
            Ok(Some(Value::Dict(Rc::new(result))))
        }
        _ => Ok(None),
    }
}

/// A set result with the kind (`set`/`frozenset`) of the left operand, as CPython's
/// `make_new_set_basetype(Py_TYPE(so))`.
fn same_set_kind(like: &Value, s: PySet) -> Value {
    match like {
        Value::FrozenSet(_) => Value::FrozenSet(Rc::new(s)),
        _ => Value::Set(Rc::new(s)),
    }
}

/// The user-class arm: `a.__op__(b)`, then `b.__rop__(a)` (the subclass's reflected method
/// first when `type(b)` is a proper subclass of `type(a)`). `None` = not implemented.
///
/// User classes arrive with a later issue; until then instances have no operator methods.
fn user_binary(
    _vm: &mut dyn Interp,
    _op: BinOp,
    _a: &Value,
    _b: &Value,
) -> PyResult<Option<Value>> {
    Ok(None)
}

/// `sq_concat` of `a`'s kind: `None` when `a` is not a concatenable sequence.
fn concat(a: &Value, b: &Value) -> Option<PyResult<Value>> {
    Some(match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            if y.as_str().is_empty() {
                return Some(Ok(a.clone()));
            }
            if x.as_str().is_empty() {
                return Some(Ok(b.clone()));
            }
            Ok(Value::Str(Rc::new(x.concat(y))))
        }
        (Value::Str(_), other) => raise(
            BuiltinType::TypeError,
            format!(
                "can only concatenate str (not \"{}\") to str",
                type_name(other)
            ),
        ),
        (Value::List(x), Value::List(y)) => (|| {
            let xs = x.items.try_borrow().map_err(|_| seq::busy())?;
            let ys = y.items.try_borrow().map_err(|_| seq::busy())?;
            let mut items = Vec::with_capacity(xs.len() + ys.len());
            items.extend_from_slice(&xs);
            items.extend_from_slice(&ys);
            Ok(Value::list(items))
        })(),
        (Value::List(_), other) => raise(
            BuiltinType::TypeError,
            format!(
                "can only concatenate list (not \"{}\") to list",
                type_name(other)
            ),
        ),
        (Value::Tuple(x), Value::Tuple(y)) => {
            if y.items().is_empty() {
                return Some(Ok(a.clone()));
            }
            if x.items().is_empty() {
                return Some(Ok(b.clone()));
            }
            let mut items = Vec::with_capacity(x.items().len() + y.items().len());
            items.extend_from_slice(x.items());
            items.extend_from_slice(y.items());
            Ok(Value::tuple(items))
        }
        (Value::Tuple(_), other) => raise(
            BuiltinType::TypeError,
            format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                type_name(other)
            ),
        ),
        (Value::Bytes(x), Value::Bytes(y)) => {
            let mut data = Vec::with_capacity(x.as_bytes().len() + y.as_bytes().len());
            data.extend_from_slice(x.as_bytes());
            data.extend_from_slice(y.as_bytes());
            Ok(Value::Bytes(Rc::new(PyBytes::new(data))))
        }
        (Value::Bytes(_), other) => raise(
            BuiltinType::TypeError,
            format!("can't concat {} to bytes", type_name(other)),
        ),
        _ => return None,
    })
}

/// Whether `v`'s kind has `sq_repeat`.
fn is_repeatable(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)
    )
}

/// `seq * n` (CPython's `sequence_repeat`): `n` must be an integer.
fn repeat(seq_value: &Value, n: &Value) -> PyResult<Value> {
    let count = match n {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        Value::BigInt(_) => {
            return raise(
                BuiltinType::OverflowError,
                "cannot fit 'int' into an index-sized integer",
            );
        }
        other => {
            return raise(
                BuiltinType::TypeError,
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    type_name(other)
                ),
            );
        }
    };
    let count = usize::try_from(count).unwrap_or(0);
    match seq_value {
        Value::Str(s) => {
            if count == 1 {
                return Ok(seq_value.clone());
            }
            check_repeat_size(s.as_str().len(), count)?;
            Ok(Value::Str(Rc::new(PyStr::new(s.as_str().repeat(count)))))
        }
        Value::Bytes(b) => {
            check_repeat_size(b.as_bytes().len(), count)?;
            Ok(Value::Bytes(Rc::new(PyBytes::new(
                b.as_bytes().repeat(count),
            ))))
        }
        Value::Tuple(t) => {
            if count == 1 {
                return Ok(seq_value.clone());
            }
            check_repeat_size(t.items().len(), count)?;
            Ok(Value::tuple(repeat_items(t.items(), count)))
        }
        Value::List(l) => {
            let items = l.items.try_borrow().map_err(|_| seq::busy())?;
            check_repeat_size(items.len(), count)?;
            Ok(Value::list(repeat_items(&items, count)))
        }
        _ => raise(BuiltinType::SystemError, "repeat of a non-sequence"),
    }
}

/// `items` repeated `count` times (`Value` is `Clone`, not `Copy`).
fn repeat_items(items: &[Value], count: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend_from_slice(items);
    }
    out
}

/// `MemoryError` for a repetition too large to allocate (CPython fails the allocation).
fn check_repeat_size(len: usize, count: usize) -> PyResult<()> {
    match len.checked_mul(count) {
        Some(total) if total <= seq::MAX_ITEMS => Ok(()),
        _ => raise(BuiltinType::MemoryError, ""),
    }
}

/// `a op= b` given the only reference the caller holds to `a` (taken out of its variable):
/// `str += str` then appends in place when nothing else holds the string, as CPython's
/// `unicode_concatenate` does, instead of copying the whole left side (quadratic in a loop
/// building a string). Otherwise as [`inplace_op`].
pub fn inplace_op_owned(
    vm: &mut dyn Interp,
    op: BinOp,
    mut a: Value,
    b: &Value,
) -> PyResult<Value> {
    if op == BinOp::Add
        && let (Value::Str(x), Value::Str(y)) = (&mut a, b)
        && !y.as_str().is_empty()
        && let Some(x) = Rc::get_mut(x)
    {
        x.push_str(y);
        return Ok(a);
    }
    inplace_op(vm, op, &a, b)
}

/// `a op= b`: the in-place slot of `a` when its kind has one (mutating `a` and returning it),
/// else `a op b`.
pub fn inplace_op(vm: &mut dyn Interp, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b)
        && let Some(v) = small_int_op(op, *x, *y)
    {
        return Ok(v);
    }
    if let Some(v) = float_op(op, a, b) {
        return Ok(v);
    }
    match (op, a) {
        (BinOp::Add, Value::List(l)) => {
            let items = super::to_vec(vm, b)?;
            l.items
                .try_borrow_mut()
                .map_err(|_| seq::busy())?
                .extend(items);
            return Ok(a.clone());
        }
        (BinOp::Mul, Value::List(l)) if is_index(b) => {
            let count = repeat_count(b)?;
            let mut items = l.items.try_borrow_mut().map_err(|_| seq::busy())?;
            if count == 0 {
                items.clear();
            } else {
                check_repeat_size(items.len(), count)?;
                let copy = items.clone();
                for _ in 1..count {
                    items.extend_from_slice(&copy);
                }
            }
            return Ok(a.clone());
        }
        (BinOp::Sub | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor, Value::Set(s))
            if matches!(b, Value::Set(_) | Value::FrozenSet(_)) =>
        {
            match op {
                BinOp::Sub => s.difference_update(vm, b)?,
                BinOp::BitAnd => s.intersection_update(vm, b)?,
                BinOp::BitOr => s.update(vm, b)?,
                _ => s.symmetric_difference_update(vm, b)?,
            }
            return Ok(a.clone());
        }
        (BinOp::BitOr, Value::Dict(d)) => {
            dict_update(vm, d, b)?;
            return Ok(a.clone());
        }
        _ => {}
    }
    binary_general(vm, op, a, b, op.inplace_symbol())
}

fn is_index(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

/// The repeat count of an integer operand (negative counts are 0).
fn repeat_count(n: &Value) -> PyResult<usize> {
    match n {
        Value::Int(i) => Ok(usize::try_from(*i).unwrap_or(0)),
        Value::Bool(b) => Ok(usize::from(*b)),
        _ => raise(
            BuiltinType::OverflowError,
            "cannot fit 'int' into an index-sized integer",
        ),
    }
}

/// `d.update(other)` / `d |= other` / `dict(other)`: CPython's `dict_update_arg` (a dict, a
/// mapping with `keys()`, or an iterable of pairs), implemented once in the dict methods.
pub(crate) fn dict_update(vm: &mut dyn Interp, d: &PyDict, other: &Value) -> PyResult<()> {
    crate::methods::dict_methods::update_from_value(vm, d, other)
}

//! Rich comparison (`==`, `<`, ...) and membership (`in`), as CPython's `PyObject_RichCompare`
//! and `PySequence_Contains`.
//!
//! - Each builtin kind's `tp_richcompare` is [`builtin_compare`]; "not implemented" is `None`.
//!   The reflected operation of the right operand is tried next (`a < b` → `b > a`), then `==`
//!   and `!=` fall back to identity, and ordering raises
//!   `TypeError: '<' not supported between instances of 'int' and 'str'`.
//! - Containers compare items with [`eq`], which, like `PyObject_RichCompareBool`, treats
//!   identical objects as equal first: `nan in [nan]` and `[nan] == [nan]` are true for the same
//!   `nan` object. (Pyrite's floats are inline values, so *every* NaN is "identical" to an equal-
//!   bit NaN: `[float('nan')] == [float('nan')]` is true here and false in CPython, whose two
//!   NaN objects differ. Documented divergence, shared with PyPy.)
//! - Sequences compare lexicographically by index, re-reading a list's length at every step, so
//!   a list mutated by a user `__eq__` during the comparison is handled as CPython does.

use std::cmp::Ordering;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::float::mixed::numeric_compare;
use crate::format::type_name;
use crate::interp::Interp;
use crate::seq;
use crate::value::Value;

use super::RecursionGuard;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }

    /// The method name (`"__lt__"`).
    pub fn dunder(self) -> &'static str {
        match self {
            CmpOp::Eq => "__eq__",
            CmpOp::Ne => "__ne__",
            CmpOp::Lt => "__lt__",
            CmpOp::Le => "__le__",
            CmpOp::Gt => "__gt__",
            CmpOp::Ge => "__ge__",
        }
    }

    /// Whether an ordering satisfies the operator.
    #[inline]
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            CmpOp::Eq => ord == Ordering::Equal,
            CmpOp::Ne => ord != Ordering::Equal,
            CmpOp::Lt => ord == Ordering::Less,
            CmpOp::Le => ord != Ordering::Greater,
            CmpOp::Gt => ord == Ordering::Greater,
            CmpOp::Ge => ord != Ordering::Less,
        }
    }
}

/// `a == b` for pairs whose equality cannot run user code (numbers, `str`, `bytes`, `None`);
/// `None` for any pair that needs the general path. Used under `RefCell` borrows by dict and
/// set lookups.
#[inline]
pub fn eq_without_user_code(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.as_str() == y.as_str()),
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (
            Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::BigInt(_),
            Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::BigInt(_),
        ) => Some(numeric_compare(a, b).flatten() == Some(Ordering::Equal)),
        (Value::Bytes(x), Value::Bytes(y)) => Some(x.as_bytes() == y.as_bytes()),
        (Value::None, Value::None) => Some(true),
        _ if is_simple(a) && is_simple(b) => Some(false),
        _ => None,
    }
}

#[inline]
fn is_simple(v: &Value) -> bool {
    matches!(
        v,
        Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::Bytes(_)
    )
}

/// `a op b`, the full rich comparison: the result of a builtin comparison is a `bool`; a user
/// `__lt__` may return anything.
///
/// The `int`/`float` cases are inline at every call site (a tier's comparison node); the rest
/// is one call away, in [`compare_general`].
#[inline]
pub fn compare(vm: &mut dyn Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(Value::Bool(op.holds(x.cmp(y))));
    }
    if let Some(r) = float_compare(op, a, b) {
        return Ok(Value::Bool(r));
    }
    compare_general(vm, op, a, b)
}

/// [`compare`] past the numeric fast paths: the builtin slots both ways, identity for `==`/`!=`,
/// else CPython's `TypeError`.
#[inline(never)]
fn compare_general(vm: &mut dyn Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let Some(r) = builtin_compare(vm, op, a, b)? {
        return Ok(Value::Bool(r));
    }
    if let Some(r) = builtin_compare(vm, op.swapped(), b, a)? {
        return Ok(Value::Bool(r));
    }
    match op {
        CmpOp::Eq => Ok(Value::Bool(a.is(b))),
        CmpOp::Ne => Ok(Value::Bool(!a.is(b))),
        _ => raise(
            BuiltinType::TypeError,
            format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                type_name(a),
                type_name(b)
            ),
        ),
    }
}

/// Ints of at most this magnitude convert to `f64` exactly, so comparing the conversion is
/// comparing the numbers (larger ones go to the exact mixed comparison).
const EXACT_F64_INT: i64 = 1 << 53;

/// `a op b` for a float against a float or an exactly convertible int: IEEE comparison, which is
/// Python's (every comparison with a NaN is false but `!=`). `None` = not this case.
#[inline(always)]
fn float_compare(op: CmpOp, a: &Value, b: &Value) -> Option<bool> {
    let exact = |i: i64| {
        (-EXACT_F64_INT..=EXACT_F64_INT)
            .contains(&i)
            .then_some(i as f64)
    };
    let (x, y) = match (a, b) {
        (Value::Float(x), Value::Float(y)) => (*x, *y),
        (Value::Float(x), Value::Int(i)) => (*x, exact(*i)?),
        (Value::Int(i), Value::Float(y)) => (exact(*i)?, *y),
        _ => return None,
    };
    Some(match op {
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
    })
}

/// `a op b` as a truth value (`PyObject_RichCompareBool` without the identity shortcut).
#[inline]
fn compare_bool(vm: &mut dyn Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    match compare(vm, op, a, b)? {
        Value::Bool(r) => Ok(r),
        other => super::truthy(vm, &other),
    }
}

/// `a == b` for containers' purposes: identical objects are equal (`PyObject_RichCompareBool`).
#[inline]
pub fn eq(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    if let Some(r) = eq_without_user_code(a, b) {
        return Ok(r);
    }
    compare_bool(vm, CmpOp::Eq, a, b)
}

/// `a != b` (identical objects are not unequal).
pub fn ne(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(false);
    }
    compare_bool(vm, CmpOp::Ne, a, b)
}

/// `a < b` as a truth value (what `sorted` and `min` use).
#[inline]
pub fn lt(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, CmpOp::Lt, a, b)
}

/// `a <= b` as a truth value.
pub fn le(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, CmpOp::Le, a, b)
}

/// `a > b` as a truth value.
pub fn gt(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, CmpOp::Gt, a, b)
}

/// `a >= b` as a truth value.
pub fn ge(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, CmpOp::Ge, a, b)
}

/// The `tp_richcompare` of `a`'s builtin kind: `None` when not implemented for `b`.
fn builtin_compare(vm: &mut dyn Interp, op: CmpOp, a: &Value, b: &Value) -> PyResult<Option<bool>> {
    if let Some(ord) = numeric_compare(a, b) {
        return Ok(Some(match ord {
            Some(ord) => op.holds(ord),
            None => op == CmpOp::Ne,
        }));
    }
    Ok(Some(match (a, b) {
        (Value::Str(x), Value::Str(y)) => op.holds(x.as_str().cmp(y.as_str())),
        (Value::Bytes(x), Value::Bytes(y)) => op.holds(x.as_bytes().cmp(y.as_bytes())),
        (Value::Tuple(x), Value::Tuple(y)) => {
            let (x, y) = (x.clone(), y.clone());
            return seq_compare(vm, op, &|i| x.items().get(i).cloned(), &|i| {
                y.items().get(i).cloned()
            })
            .map(Some);
        }
        (Value::List(x), Value::List(y)) => {
            let get = |l: &crate::types::PyList, i: usize| -> Option<Value> {
                l.items.try_borrow().ok()?.get(i).cloned()
            };
            let (x, y) = (x.clone(), y.clone());
            return seq_compare(vm, op, &|i| get(&x, i), &|i| get(&y, i)).map(Some);
        }
        (Value::Dict(x), Value::Dict(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let equal = dict_equal(vm, x, y)?;
            equal == (op == CmpOp::Eq)
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => match op {
            CmpOp::Eq => x.equals(vm, y)?,
            CmpOp::Ne => !x.equals(vm, y)?,
            CmpOp::Le => x.is_subset(vm, y)?,
            CmpOp::Ge => y.is_subset(vm, x)?,
            CmpOp::Lt => x.len() < y.len() && x.is_subset(vm, y)?,
            CmpOp::Gt => x.len() > y.len() && y.is_subset(vm, x)?,
        },
        (Value::Range(x), Value::Range(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let equal = crate::iterators::range_equal(x, y);
            equal == (op == CmpOp::Eq)
        }
        (Value::Slice(x), Value::Slice(y)) => {
            let tx = Value::tuple(vec![x.start.clone(), x.stop.clone(), x.step.clone()]);
            let ty = Value::tuple(vec![y.start.clone(), y.stop.clone(), y.step.clone()]);
            return builtin_compare(vm, op, &tx, &ty);
        }
        (Value::Builtin(x), Value::Builtin(y))
            if matches!(op, CmpOp::Eq | CmpOp::Ne) && x.receiver.is_some() =>
        {
            // Bound builtin methods: the same function bound to the same object.
            let same = std::ptr::fn_addr_eq(x.func, y.func)
                && matches!((&x.receiver, &y.receiver), (Some(a), Some(b)) if a.is(b));
            same == (op == CmpOp::Eq)
        }
        (Value::Method(x), Value::Method(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let same = x.receiver.is(&y.receiver) && eq(vm, &x.func, &y.func)?;
            same == (op == CmpOp::Eq)
        }
        (Value::Other(o), _) if matches!(op, CmpOp::Eq | CmpOp::Ne) => match o.eq(vm, a, b) {
            Some(r) => r? == (op == CmpOp::Eq),
            None => return Ok(None),
        },
        _ => return Ok(None),
    }))
}

/// Lexicographic comparison of two sequences read by index (`list_richcompare`).
fn seq_compare(
    vm: &mut dyn Interp,
    op: CmpOp,
    x: &dyn Fn(usize) -> Option<Value>,
    y: &dyn Fn(usize) -> Option<Value>,
) -> PyResult<bool> {
    let _guard = RecursionGuard::enter(" in comparison")?;
    let mut i = 0;
    loop {
        match (x(i), y(i)) {
            (Some(a), Some(b)) => {
                if !eq(vm, &a, &b)? {
                    return match op {
                        CmpOp::Eq => Ok(false),
                        CmpOp::Ne => Ok(true),
                        _ => compare_bool(vm, op, &a, &b),
                    };
                }
            }
            (a, b) => {
                // One ran out: compare lengths (only presence matters for the ordering).
                let ord = match (a.is_some(), b.is_some()) {
                    (false, false) => Ordering::Equal,
                    (false, true) => Ordering::Less,
                    _ => Ordering::Greater,
                };
                return Ok(op.holds(ord));
            }
        }
        i += 1;
    }
}

/// `dict == dict`: same size, and each key maps to an equal value in the other.
fn dict_equal(
    vm: &mut dyn Interp,
    x: &crate::types::PyDict,
    y: &crate::types::PyDict,
) -> PyResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    let _guard = RecursionGuard::enter(" in comparison")?;
    for e in x.entries() {
        match y.get_with_hash(vm, &e.key, e.hash)? {
            Some(v) => {
                if !eq(vm, &e.value, &v)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// `item in container` (`PySequence_Contains`).
pub fn contains(vm: &mut dyn Interp, container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::List(l) => {
            let mut i = 0;
            loop {
                let candidate = match l.items.try_borrow().map_err(|_| seq::busy())?.get(i) {
                    Some(v) => v.clone(),
                    None => return Ok(false),
                };
                if eq(vm, &candidate, item)? {
                    return Ok(true);
                }
                i += 1;
            }
        }
        Value::Tuple(t) => {
            for candidate in t.items() {
                if eq(vm, candidate, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Str(s) => match item {
            Value::Str(needle) => Ok(s.as_str().contains(needle.as_str())),
            other => raise(
                BuiltinType::TypeError,
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    type_name(other)
                ),
            ),
        },
        Value::Bytes(b) => bytes_contains(b.as_bytes(), item),
        Value::Dict(d) => d.contains(vm, item),
        Value::Set(s) | Value::FrozenSet(s) => s.contains(vm, item),
        Value::Range(r) => crate::iterators::range_contains(vm, r, item),
        Value::Other(o) => match o.contains(vm, item) {
            Some(r) => r,
            None => contains_by_iteration(vm, container, item),
        },
        _ => contains_by_iteration(vm, container, item),
    }
}

/// `item in x` by iterating `x` (`_PySequence_IterSearch`).
fn contains_by_iteration(vm: &mut dyn Interp, container: &Value, item: &Value) -> PyResult<bool> {
    let it = match super::iter(vm, container) {
        Ok(it) => it,
        Err(e) if e.matches(BuiltinType::TypeError) => {
            return raise(
                BuiltinType::TypeError,
                format!(
                    "argument of type '{}' is not iterable",
                    type_name(container)
                ),
            );
        }
        Err(e) => return Err(e),
    };
    while let Some(candidate) = super::next(vm, &it)? {
        if eq(vm, &candidate, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `item in some_bytes`: an int in `range(256)` or a bytes-like subsequence.
fn bytes_contains(hay: &[u8], item: &Value) -> PyResult<bool> {
    match item {
        Value::Bytes(needle) => {
            let needle = needle.as_bytes();
            Ok(needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle))
        }
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => match seq::as_index(item) {
            Ok(Some(i)) if (0..256).contains(&i) => Ok(hay.contains(&(i as u8))),
            Ok(_) | Err(_) => raise(BuiltinType::ValueError, "byte must be in range(0, 256)"),
        },
        other => raise(
            BuiltinType::TypeError,
            format!(
                "a bytes-like object is required, not '{}'",
                type_name(other)
            ),
        ),
    }
}

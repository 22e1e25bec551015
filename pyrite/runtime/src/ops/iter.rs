//! Iteration: `iter(x)`, `next(it)`, and the unpacking forms built on them (`a, b = x`,
//! `a, *b, c = x`, `list(x)`).
//!
//! `next` returns `Ok(None)` at exhaustion rather than raising `StopIteration`: tiers loop on it
//! without allocating an exception per loop. (A Python-level `next(it)` builtin turns `None`
//! into `StopIteration`.)

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::iterators::builtin_iter;
use crate::seq;
use crate::value::Value;

/// `iter(v)`.
pub fn iter(vm: &mut dyn Interp, v: &Value) -> PyResult<Value> {
    if let Some(it) = builtin_iter(v) {
        return Ok(it);
    }
    if let Value::Other(o) = v {
        if o.is_iterator() {
            return Ok(v.clone());
        }
        if let Some(it) = o.iter(vm, v) {
            return it;
        }
    }
    raise(
        BuiltinType::TypeError,
        format!("'{}' object is not iterable", type_name(v)),
    )
}

/// `next(it)`: `Ok(None)` when exhausted.
#[inline]
pub fn next(vm: &mut dyn Interp, it: &Value) -> PyResult<Option<Value>> {
    if let Value::Other(o) = it
        && let Some(r) = o.iter_next(vm)
    {
        return r;
    }
    raise(
        BuiltinType::TypeError,
        format!("'{}' object is not an iterator", type_name(it)),
    )
}

/// `list(v)`'s items: a copy for lists and tuples, else the items of `iter(v)`.
pub fn to_vec(vm: &mut dyn Interp, v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => Ok(l.items.try_borrow().map_err(|_| seq::busy())?.clone()),
        Value::Tuple(t) => Ok(t.items().to_vec()),
        _ => {
            let it = iter(vm, v)?;
            let mut out = Vec::new();
            while let Some(item) = next(vm, &it)? {
                out.push(item);
            }
            Ok(out)
        }
    }
}

/// The iterator for unpacking, with CPython's `cannot unpack non-iterable int object`.
fn unpack_iter(vm: &mut dyn Interp, v: &Value) -> PyResult<Value> {
    match iter(vm, v) {
        Err(e) if e.matches(BuiltinType::TypeError) && !is_iterable_kind(v) => raise(
            BuiltinType::TypeError,
            format!("cannot unpack non-iterable {} object", type_name(v)),
        ),
        other => other,
    }
}

fn is_iterable_kind(v: &Value) -> bool {
    builtin_iter(v).is_some() || matches!(v, Value::Other(o) if o.is_iterator())
}

/// `a, b, c = v`: exactly `n` items.
pub fn unpack(vm: &mut dyn Interp, v: &Value, n: usize) -> PyResult<Vec<Value>> {
    let direct = |items: &[Value]| -> PyResult<Vec<Value>> {
        if items.len() == n {
            Ok(items.to_vec())
        } else if items.len() < n {
            not_enough(n, items.len(), false)
        } else {
            too_many(n)
        }
    };
    match v {
        Value::Tuple(t) => return direct(t.items()),
        Value::List(l) => return direct(&l.items.try_borrow().map_err(|_| seq::busy())?),
        _ => {}
    }
    let it = unpack_iter(vm, v)?;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        match next(vm, &it)? {
            Some(item) => out.push(item),
            None => return not_enough(n, out.len(), false),
        }
    }
    if next(vm, &it)?.is_some() {
        return too_many(n);
    }
    Ok(out)
}

/// `a, *b, c = v` with `before` names before the star and `after` after it: returns
/// `before + 1 + after` values, the starred one a list.
pub fn unpack_ex(
    vm: &mut dyn Interp,
    v: &Value,
    before: usize,
    after: usize,
) -> PyResult<Vec<Value>> {
    let it = unpack_iter(vm, v)?;
    let mut out = Vec::with_capacity(before + after + 1);
    while out.len() < before {
        match next(vm, &it)? {
            Some(item) => out.push(item),
            None => return not_enough(before + after, out.len(), true),
        }
    }
    let mut rest = Vec::new();
    while let Some(item) = next(vm, &it)? {
        rest.push(item);
    }
    if rest.len() < after {
        return not_enough(before + after, before + rest.len(), true);
    }
    let tail = rest.split_off(rest.len() - after);
    out.push(Value::list(rest));
    out.extend(tail);
    Ok(out)
}

fn not_enough<T>(expected: usize, got: usize, at_least: bool) -> PyResult<T> {
    let at_least = if at_least { "at least " } else { "" };
    raise(
        BuiltinType::ValueError,
        format!("not enough values to unpack (expected {at_least}{expected}, got {got})"),
    )
}

fn too_many<T>(expected: usize) -> PyResult<T> {
    raise(
        BuiltinType::ValueError,
        format!("too many values to unpack (expected {expected})"),
    )
}

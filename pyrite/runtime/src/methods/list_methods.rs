//! `list` methods: `append`, `extend`, `insert`, `pop`, `remove`, `index`, `count`, `reverse`,
//! `sort` ([`super::list_sort`]), `copy`, `clear`, and the container dunders.
//!
//! Invariant: methods that compare elements (`remove`, `index`, `count`) re-borrow the list for
//! every element and never hold the borrow across `==`, which may run a user `__eq__` that
//! mutates the list; like CPython they re-read the length at every step.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{
    Kwargs, index_i64, no_args, no_kwargs, one_arg, positional, slice_bound,
};
use crate::error::{PyResult, raise};
use crate::interp::Interp;
use crate::ops;
use crate::seq;
use crate::types::PyList;
use crate::value::Value;

use super::list_sort::{list_sort, recv_list};
use super::{Method, READ_DUNDERS, WRITE_DUNDERS};

/// `list`'s methods.
pub static METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[1],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    WRITE_DUNDERS[0],
    WRITE_DUNDERS[1],
    ("append", append),
    ("clear", clear),
    ("copy", copy),
    ("count", count),
    ("extend", extend),
    ("index", index),
    ("insert", insert),
    ("pop", pop),
    ("remove", remove),
    ("reverse", reverse),
    ("sort", list_sort),
];

fn items_mut(l: &PyList) -> PyResult<std::cell::RefMut<'_, Vec<Value>>> {
    l.items.try_borrow_mut().map_err(|_| seq::busy())
}

fn item_at(l: &PyList, i: usize) -> PyResult<Option<Value>> {
    Ok(l.items
        .try_borrow()
        .map_err(|_| seq::busy())?
        .get(i)
        .cloned())
}

/// `list.append(x)`.
pub fn append(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("append", args)?;
    let x = one_arg("list.append", rest, kwargs)?;
    items_mut(l)?.push(x.clone());
    Ok(Value::None)
}

/// `list.extend(iterable)`.
pub fn extend(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("extend", args)?;
    let it = one_arg("list.extend", rest, kwargs)?;
    // `to_vec` copies first, so `l.extend(l)` doubles the list as in CPython.
    let new = ops::to_vec(vm, it)?;
    items_mut(l)?.extend(new);
    Ok(Value::None)
}

/// `list.insert(index, object)`.
pub fn insert(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("insert", args)?;
    no_kwargs("list.insert", kwargs)?;
    positional("insert", rest, 2, 2)?;
    let i = index_i64(&rest[0])?;
    let mut items = items_mut(l)?;
    let n = items.len() as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
    items.insert(at as usize, rest[1].clone());
    Ok(Value::None)
}

/// `list.pop(index=-1)`.
pub fn pop(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("pop", args)?;
    no_kwargs("list.pop", kwargs)?;
    positional("pop", rest, 0, 1)?;
    let i = match rest.first() {
        Some(v) => index_i64(v)?,
        None => -1,
    };
    let mut items = items_mut(l)?;
    if items.is_empty() {
        return raise(BuiltinType::IndexError, "pop from empty list");
    }
    let n = items.len() as i64;
    let at = if i < 0 { i + n } else { i };
    if !(0..n).contains(&at) {
        return raise(BuiltinType::IndexError, "pop index out of range");
    }
    Ok(items.remove(at as usize))
}

/// The first index in `start..stop` where `l[i] == x` (re-reading the list at every step).
fn position(
    vm: &mut dyn Interp,
    l: &PyList,
    x: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    let mut i = start;
    while i < stop {
        let Some(item) = item_at(l, i)? else {
            break;
        };
        if item.is(x) || ops::eq(vm, &item, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

/// `list.remove(x)`.
pub fn remove(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("remove", args)?;
    let x = one_arg("list.remove", rest, kwargs)?;
    match position(vm, l, x, 0, usize::MAX)? {
        Some(i) => {
            let mut items = items_mut(l)?;
            if i < items.len() {
                items.remove(i);
            }
            Ok(Value::None)
        }
        None => raise(BuiltinType::ValueError, "list.remove(x): x not in list"),
    }
}

/// Resolves `start`/`stop` of `index` against the current length (`_PyEval_SliceIndex`
/// then `PySlice`-style clamping).
pub(crate) fn index_bounds(rest: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let start = slice_bound(rest.get(1), false)?;
    let stop = slice_bound(rest.get(2), false)?;
    let len = len as i64;
    let fix = |i: i64| if i < 0 { (i + len).max(0) } else { i };
    let s = start.map_or(0, fix);
    let e = stop.map_or(i64::MAX, fix);
    Ok((s as usize, e.max(0) as usize))
}

/// `list.index(x[, start[, stop]])`.
pub fn index(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("index", args)?;
    no_kwargs("list.index", kwargs)?;
    positional("index", rest, 1, 3)?;
    let len = l.items.try_borrow().map_err(|_| seq::busy())?.len();
    let (start, stop) = index_bounds(rest, len)?;
    match position(vm, l, &rest[0], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let shown = ops::repr(vm, &rest[0])?;
            raise(BuiltinType::ValueError, format!("{shown} is not in list"))
        }
    }
}

/// `list.count(x)`.
pub fn count(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("count", args)?;
    let x = one_arg("list.count", rest, kwargs)?;
    let mut n = 0;
    let mut i = 0;
    while let Some(item) = item_at(l, i)? {
        if item.is(x) || ops::eq(vm, &item, x)? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::Int(n))
}

/// `list.reverse()`.
pub fn reverse(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("reverse", args)?;
    no_args("list.reverse", rest, kwargs)?;
    items_mut(l)?.reverse();
    Ok(Value::None)
}

/// `list.copy()`.
pub fn copy(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("copy", args)?;
    no_args("list.copy", rest, kwargs)?;
    let items = l.items.try_borrow().map_err(|_| seq::busy())?.clone();
    Ok(Value::List(Rc::new(PyList::new(items))))
}

/// `list.clear()`.
pub fn clear(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (l, rest) = recv_list("clear", args)?;
    no_args("list.clear", rest, kwargs)?;
    // Drop the items after releasing the borrow: their destructors cannot see the list busy.
    let old = std::mem::take(&mut *items_mut(l)?);
    drop(old);
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, ints, s, show};

    #[test]
    fn list_methods_match_cpython() {
        let b = ints(&[1, 2, 3]);
        call(append, &[b.clone(), Value::Int(10)], &[]).unwrap();
        call(extend, &[b.clone(), ints(&[11, 12])], &[]).unwrap();
        call(insert, &[b.clone(), Value::Int(0), Value::Int(0)], &[]).unwrap();
        call(insert, &[b.clone(), Value::Int(100), Value::Int(99)], &[]).unwrap();
        call(insert, &[b.clone(), Value::Int(-1), Value::Int(98)], &[]).unwrap();
        assert_eq!(
            show(Ok(b.clone())),
            Ok("[0, 1, 2, 3, 10, 11, 12, 98, 99]".into())
        );
        assert_eq!(call(pop, std::slice::from_ref(&b), &[]), Ok("99".into()));
        assert_eq!(call(pop, &[b.clone(), Value::Int(0)], &[]), Ok("0".into()));
        assert_eq!(
            call(pop, &[b.clone(), Value::Int(-2)], &[]),
            Ok("12".into())
        );
        assert_eq!(
            call(pop, &[ints(&[])], &[]),
            Err("IndexError: pop from empty list".into())
        );
        assert_eq!(
            call(pop, &[ints(&[1]), Value::Int(5)], &[]),
            Err("IndexError: pop index out of range".into())
        );
        assert_eq!(
            call(remove, &[b.clone(), Value::Int(42)], &[]),
            Err("ValueError: list.remove(x): x not in list".into())
        );
        assert_eq!(
            call(index, &[b.clone(), Value::Int(10)], &[]),
            Ok("3".into())
        );
        assert_eq!(
            call(index, &[b.clone(), s("a")], &[]),
            Err("ValueError: 'a' is not in list".into())
        );
        assert_eq!(
            call(
                index,
                &[
                    ints(&[1, 2, 3]),
                    Value::Int(3),
                    Value::Int(0),
                    Value::Int(2)
                ],
                &[]
            ),
            Err("ValueError: 3 is not in list".into())
        );
        assert_eq!(
            call(
                index,
                &[ints(&[1, 2, 3]), Value::Int(3), Value::Int(-1)],
                &[]
            ),
            Ok("2".into())
        );
        assert_eq!(
            call(count, &[ints(&[1, 2, 1]), Value::Int(1)], &[]),
            Ok("2".into())
        );
        assert_eq!(
            call(append, &[Value::Int(1), Value::Int(2)], &[]),
            Err(
                "TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'int' object"
                    .into()
            )
        );
        assert_eq!(
            call(append, &[], &[]),
            Err("TypeError: unbound method list.append() needs an argument".into())
        );
        assert_eq!(
            call(reverse, &[ints(&[]), Value::Int(1)], &[]),
            Err("TypeError: list.reverse() takes no arguments (1 given)".into())
        );
        let e = ints(&[1, 2]);
        call(extend, &[e.clone(), e.clone()], &[]).unwrap();
        assert_eq!(show(Ok(e)), Ok("[1, 2, 1, 2]".into()));
    }
}

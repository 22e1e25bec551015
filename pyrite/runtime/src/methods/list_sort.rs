//! `list.sort(*, key=None, reverse=False)` (and so `sorted`): a stable merge sort whose
//! comparisons are Python's `<` and may fail.
//!
//! Semantics, as CPython's `list.sort`:
//! - stable; `reverse=True` keeps equal elements in their original order (it reverses, sorts
//!   stably, and reverses back, as CPython does);
//! - a key function is called once per element, before any comparison;
//! - the first exception from a key function or a comparison propagates
//!   (`TypeError: '<' not supported between instances of 'str' and 'int'`), leaving the list
//!   holding all its elements;
//! - while sorting, the list is empty to Python code; if that code modifies it, the sort
//!   raises `ValueError: list modified during sort` and the modifications are discarded.
//!
//! Comparison counts and the order of comparisons differ from CPython's timsort (visible only
//! to comparison functions with side effects). Lists whose keys are all ints, all floats
//! without NaN, or all strs are sorted without calling `ops`.

use std::cmp::Ordering;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params};
use crate::error::{PyResult, raise};
use crate::int::Int;
use crate::interp::Interp;
use crate::ops;
use crate::seq;
use crate::types::PyList;
use crate::value::Value;

use super::receiver_fn;

receiver_fn!(recv_list, "list", std::rc::Rc<PyList>, Value::List(l) => l);

const SORT: Params<'static> = Params {
    fname: "sort",
    names: &["key", "reverse"],
    posonly: 0,
    required: 0,
    kwonly_from: 0,
};

/// `a < b` through the object protocol (ints compared inline).
fn less(vm: &mut dyn Interp, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x < y);
    }
    ops::lt(vm, a, b)
}

/// Stable merge sort of `items` (pairs of key and value) by key with a fallible `<`.
fn merge_sort(vm: &mut dyn Interp, items: &mut [(Value, Value)]) -> PyResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    // Binary insertion sort of runs of RUN elements, then bottom-up merging.
    const RUN: usize = 16;
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let (mut lo, mut hi) = (start, i);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if less(vm, &items[i].0, &items[mid].0)? {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            items[lo..=i].rotate_right(1);
        }
        start = end;
    }
    let mut width = RUN;
    let mut buf: Vec<(Value, Value)> = Vec::with_capacity(n);
    while width < n {
        let mut lo = 0;
        while lo + width < n {
            let mid = lo + width;
            let hi = (lo + 2 * width).min(n);
            // Already in order: skip the merge (common for nearly sorted input).
            if !less(vm, &items[mid].0, &items[mid - 1].0)? {
                lo = hi;
                continue;
            }
            buf.clear();
            let (mut i, mut j) = (lo, mid);
            while i < mid && j < hi {
                if less(vm, &items[j].0, &items[i].0)? {
                    buf.push(items[j].clone());
                    j += 1;
                } else {
                    buf.push(items[i].clone());
                    i += 1;
                }
            }
            buf.extend_from_slice(&items[i..mid]);
            buf.extend_from_slice(&items[j..hi]);
            items[lo..hi].clone_from_slice(&buf);
            lo = hi;
        }
        width *= 2;
    }
    Ok(())
}

/// Sorts keys that need no Python code: all `int`, all `str`, or all non-NaN `float`.
fn sort_native(items: &mut [(Value, Value)]) -> bool {
    let all = |f: fn(&Value) -> bool| items.iter().all(|(k, _)| f(k));
    if all(|k| matches!(k, Value::Int(_))) {
        items.sort_by_key(|(k, _)| match k {
            Value::Int(i) => *i,
            _ => 0,
        });
        return true;
    }
    if all(|k| matches!(k, Value::Str(_))) {
        // Code-point order is byte order in UTF-8.
        items.sort_by(|(a, _), (b, _)| match (a, b) {
            (Value::Str(a), Value::Str(b)) => a.as_str().cmp(b.as_str()),
            _ => Ordering::Equal,
        });
        return true;
    }
    if all(|k| matches!(k, Value::Float(x) if !x.is_nan())) {
        items.sort_by(|(a, _), (b, _)| match (a, b) {
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            _ => Ordering::Equal,
        });
        return true;
    }
    false
}

/// Sorts `values` as `list.sort` would (see the module documentation for the semantics).
pub(crate) fn sort_values(
    vm: &mut dyn Interp,
    values: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> Result<Vec<Value>, (crate::error::PyErr, Vec<Value>)> {
    let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(values.len());
    match key {
        None => pairs.extend(values.iter().map(|v| (v.clone(), Value::None))),
        Some(f) => {
            for v in &values {
                match ops::call(vm, f, std::slice::from_ref(v), &[]) {
                    Ok(k) => pairs.push((k, Value::None)),
                    Err(e) => return Err((e, values)),
                }
            }
        }
    }
    for (pair, v) in pairs.iter_mut().zip(values.iter()) {
        pair.1 = v.clone();
    }
    if reverse {
        pairs.reverse();
    }
    if !sort_native(&mut pairs)
        && let Err(e) = merge_sort(vm, &mut pairs)
    {
        let mut left: Vec<Value> = pairs.into_iter().map(|(_, v)| v).collect();
        if reverse {
            left.reverse();
        }
        return Err((e, left));
    }
    if reverse {
        pairs.reverse();
    }
    Ok(pairs.into_iter().map(|(_, v)| v).collect())
}

/// `list.sort(*, key=None, reverse=False)`.
pub fn list_sort(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (list, rest) = recv_list("sort", args)?;
    let slots = SORT.bind(rest, kwargs)?;
    let key = slots[0].as_ref().filter(|k| !matches!(k, Value::None));
    let reverse = match &slots[1] {
        None => false,
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => match Int::from_value(v)
            .and_then(|i| i.to_i64())
            .filter(|i| i32::try_from(*i).is_ok())
        {
            Some(i) => i != 0,
            None => {
                return raise(
                    BuiltinType::OverflowError,
                    "Python int too large to convert to C int",
                );
            }
        },
        Some(other) => {
            return raise(
                BuiltinType::TypeError,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    crate::format::type_name(other)
                ),
            );
        }
    };
    // The list is empty while Python code may run; its items live here meanwhile.
    let values = std::mem::take(&mut *list.items.try_borrow_mut().map_err(|_| seq::busy())?);
    let (result, outcome) = match sort_values(vm, values, key, reverse) {
        Ok(sorted) => (sorted, Ok(())),
        Err((e, left)) => (left, Err(e)),
    };
    let mut items = list.items.try_borrow_mut().map_err(|_| seq::busy())?;
    let modified = !items.is_empty() || items.capacity() != 0;
    *items = result;
    drop(items);
    outcome?;
    if modified {
        return raise(BuiltinType::ValueError, "list modified during sort");
    }
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, kw, s};

    #[test]
    fn sorts_stably_with_key_and_reverse() {
        let pairs = Value::list(
            (0..40)
                .map(|i| Value::tuple(vec![Value::Int(i % 3), Value::Int(i)]))
                .collect(),
        );
        // Tuples compare element-wise through ops; the result must equal CPython's.
        let sorted =
            crate::builtins::seq::sorted(&mut crate::ops::test_support::NoInterp, &[pairs], &[])
                .unwrap();
        let shown = crate::builtins::test_util::show(Ok(sorted)).unwrap();
        assert!(shown.starts_with("[(0, 0), (0, 3), (0, 6)"));
        let l = Value::list(vec![s("b"), s("a"), s("c"), s("a")]);
        assert_eq!(
            call(
                list_sort,
                std::slice::from_ref(&l),
                &[kw("reverse", Value::Bool(true))]
            ),
            Ok("None".into())
        );
        assert_eq!(
            crate::builtins::test_util::show(Ok(l)),
            Ok("['c', 'b', 'a', 'a']".into())
        );
        let mixed = Value::list(vec![Value::Int(1), s("a"), Value::Float(2.0)]);
        assert_eq!(
            call(list_sort, std::slice::from_ref(&mixed), &[]),
            Err("TypeError: '<' not supported between instances of 'str' and 'int'".into())
        );
        assert_eq!(
            crate::builtins::test_util::show(Ok(mixed)).map(|t| t.len()),
            Ok("[1, 'a', 2.0]".len())
        );
        assert_eq!(
            call(list_sort, &[Value::list(vec![]), Value::Int(1)], &[]),
            Err("TypeError: sort() takes no positional arguments".into())
        );
        assert_eq!(
            call(
                list_sort,
                &[Value::list(vec![])],
                &[kw("reverse", Value::Float(1.5))]
            ),
            Err("TypeError: 'float' object cannot be interpreted as an integer".into())
        );
    }

    #[test]
    fn merge_sort_is_stable_on_long_inputs() {
        let mut vm = crate::ops::test_support::NoInterp;
        // Big ints force the general path.
        let big = |i: i64| Value::from_bigint(num_bigint::BigInt::from(i) << 70);
        let values: Vec<Value> = (0..200)
            .map(|i| Value::tuple(vec![big((i * 37) % 11), Value::Int(i)]))
            .collect();
        let sorted = sort_values(&mut vm, values, None, false)
            .map_err(|(e, _)| e)
            .unwrap();
        let keys: Vec<(i64, i64)> = sorted
            .iter()
            .map(|v| match v {
                Value::Tuple(t) => match (&t.items()[0], &t.items()[1]) {
                    (Value::BigInt(b), Value::Int(i)) => {
                        ((&**b >> 70u32).try_into().unwrap_or(-1), *i)
                    }
                    (Value::Int(0), Value::Int(i)) => (0, *i),
                    _ => (-1, -1),
                },
                _ => (-1, -1),
            })
            .collect();
        let mut expected = keys.clone();
        expected.sort();
        assert_eq!(keys, expected);
    }
}

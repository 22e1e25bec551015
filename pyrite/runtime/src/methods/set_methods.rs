//! `set` and `frozenset` methods: `add`, `discard`, `remove`, `pop`, `update`, `union`,
//! `intersection`, `difference`, `symmetric_difference` (and their `_update` forms),
//! `issubset`, `issuperset`, `isdisjoint`, `copy`, `clear`, and the container dunders.
//!
//! The set algebra is [`PySet`]'s (CPython's table algorithm, so results iterate in CPython's
//! order); this file checks arguments and chains multi-argument forms as `setobject.c` does
//! (`a.union(b, c)` is a copy of `a` updated with `b` then `c`). A method's result has its
//! receiver's kind: `frozenset.union` returns a `frozenset`.
//!
//! Divergence: the `set` methods also accept a `frozenset` receiver when called unbound
//! (`set.union(frozenset())`), which CPython rejects.

use std::rc::Rc;

use crate::builtins::args::{Kwargs, no_args, no_kwargs, one_arg};
use crate::error::PyResult;
use crate::interp::Interp;
use crate::ops;
use crate::types::PySet;
use crate::value::Value;

use super::{Method, READ_DUNDERS, split_receiver, wrong_receiver};

/// `set`'s methods.
pub static SET_METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    ("add", add),
    ("clear", clear),
    ("copy", copy),
    ("difference", difference),
    ("difference_update", difference_update),
    ("discard", discard),
    ("intersection", intersection),
    ("intersection_update", intersection_update),
    ("isdisjoint", isdisjoint),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("pop", pop),
    ("remove", remove),
    ("symmetric_difference", symmetric_difference),
    ("symmetric_difference_update", symmetric_difference_update),
    ("union", union),
    ("update", update),
];

/// `frozenset`'s methods.
pub static FROZENSET_METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    ("copy", copy),
    ("difference", difference),
    ("intersection", intersection),
    ("isdisjoint", isdisjoint),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("symmetric_difference", symmetric_difference),
    ("union", union),
];

/// The receiver set, whether it is frozen, and the arguments after it.
fn recv<'a>(method: &str, args: &'a [Value]) -> PyResult<(&'a Rc<PySet>, bool, &'a [Value])> {
    let (r, rest) = split_receiver(method, "set", args)?;
    match r {
        Value::Set(s) => Ok((s, false, rest)),
        Value::FrozenSet(s) => Ok((s, true, rest)),
        other => Err(wrong_receiver(method, "set", other)),
    }
}

/// A mutating method's receiver: only a `set`.
fn recv_mut<'a>(method: &str, args: &'a [Value]) -> PyResult<(&'a Rc<PySet>, &'a [Value])> {
    let (r, rest) = split_receiver(method, "set", args)?;
    match r {
        Value::Set(s) => Ok((s, rest)),
        other => Err(wrong_receiver(method, "set", other)),
    }
}

fn wrap(s: PySet, frozen: bool) -> Value {
    if frozen {
        Value::FrozenSet(Rc::new(s))
    } else {
        Value::Set(Rc::new(s))
    }
}

/// `other` as a set: itself when it is one, else a new set of its elements.
fn as_set(vm: &mut dyn Interp, other: &Value) -> PyResult<Rc<PySet>> {
    match other {
        Value::Set(s) | Value::FrozenSet(s) => Ok(Rc::clone(s)),
        _ => Ok(Rc::new(PySet::from_iterable(vm, other)?)),
    }
}

/// `set.add(elem)`.
pub fn add(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_mut("add", args)?;
    let x = one_arg("set.add", rest, kwargs)?;
    s.add(vm, x.clone())?;
    Ok(Value::None)
}

/// `set.discard(elem)`.
pub fn discard(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_mut("discard", args)?;
    let x = one_arg("set.discard", rest, kwargs)?;
    s.discard(vm, x)?;
    Ok(Value::None)
}

/// `set.remove(elem)`: `KeyError(elem)` when absent.
pub fn remove(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_mut("remove", args)?;
    let x = one_arg("set.remove", rest, kwargs)?;
    if !s.discard(vm, x)? {
        return Err(super::dict_methods::key_error(x));
    }
    Ok(Value::None)
}

/// `set.pop()`.
pub fn pop(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_mut("pop", args)?;
    no_args("set.pop", rest, kwargs)?;
    s.pop()
}

/// `set.clear()`.
pub fn clear(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_mut("clear", args)?;
    no_args("set.clear", rest, kwargs)?;
    s.clear()?;
    Ok(Value::None)
}

/// `set.copy()` / `frozenset.copy()` (a frozenset's copy is itself, as in CPython).
pub fn copy(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, frozen, rest) = recv("copy", args)?;
    no_args(
        if frozen { "frozenset.copy" } else { "set.copy" },
        rest,
        kwargs,
    )?;
    if frozen {
        return Ok(Value::FrozenSet(Rc::clone(s)));
    }
    Ok(wrap(s.copy(vm)?, false))
}

/// `set.update(*others)`.
pub fn update(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_mut("update", args)?;
    no_kwargs("set.update", kwargs)?;
    for other in rest {
        s.update(vm, other)?;
    }
    Ok(Value::None)
}

/// `set.union(*others)`.
pub fn union(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, frozen, rest) = recv("union", args)?;
    no_kwargs("set.union", kwargs)?;
    let result = match rest.split_first() {
        None => s.copy(vm)?,
        Some((first, more)) => {
            let r = s.union(vm, first)?;
            for other in more {
                r.update(vm, other)?;
            }
            r
        }
    };
    Ok(wrap(result, frozen))
}

/// `set.intersection(*others)`.
pub fn intersection(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, frozen, rest) = recv("intersection", args)?;
    no_kwargs("set.intersection", kwargs)?;
    Ok(wrap(intersect_all(vm, s, rest)?, frozen))
}

fn intersect_all(vm: &mut dyn Interp, s: &PySet, others: &[Value]) -> PyResult<PySet> {
    let Some((first, more)) = others.split_first() else {
        return s.copy(vm);
    };
    let mut result = s.intersection(vm, first)?;
    for other in more {
        result = result.intersection(vm, other)?;
    }
    Ok(result)
}

/// `set.intersection_update(*others)`.
pub fn intersection_update(
    vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (s, rest) = recv_mut("intersection_update", args)?;
    no_kwargs("set.intersection_update", kwargs)?;
    let result = intersect_all(vm, s, rest)?;
    s.clear()?;
    s.merge(vm, &result)?;
    Ok(Value::None)
}

/// `set.difference(*others)`.
pub fn difference(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, frozen, rest) = recv("difference", args)?;
    no_kwargs("set.difference", kwargs)?;
    let result = match rest.split_first() {
        None => s.copy(vm)?,
        Some((first, more)) => {
            let r = s.difference(vm, first)?;
            for other in more {
                r.difference_update(vm, other)?;
            }
            r
        }
    };
    Ok(wrap(result, frozen))
}

/// `set.difference_update(*others)`.
pub fn difference_update(
    vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (s, rest) = recv_mut("difference_update", args)?;
    no_kwargs("set.difference_update", kwargs)?;
    for other in rest {
        s.difference_update(vm, other)?;
    }
    Ok(Value::None)
}

/// `set.symmetric_difference(other)`.
pub fn symmetric_difference(
    vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (s, frozen, rest) = recv("symmetric_difference", args)?;
    let other = one_arg("set.symmetric_difference", rest, kwargs)?;
    Ok(wrap(s.symmetric_difference(vm, other)?, frozen))
}

/// `set.symmetric_difference_update(other)`.
pub fn symmetric_difference_update(
    vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (s, rest) = recv_mut("symmetric_difference_update", args)?;
    let other = one_arg("set.symmetric_difference_update", rest, kwargs)?;
    s.symmetric_difference_update(vm, other)?;
    Ok(Value::None)
}

/// `set.issubset(other)`.
pub fn issubset(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, _, rest) = recv("issubset", args)?;
    let other = one_arg("set.issubset", rest, kwargs)?;
    let other = as_set(vm, other)?;
    s.is_subset(vm, &other).map(Value::Bool)
}

/// `set.issuperset(other)`.
pub fn issuperset(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, _, rest) = recv("issuperset", args)?;
    let other = one_arg("set.issuperset", rest, kwargs)?;
    if let Value::Set(o) | Value::FrozenSet(o) = other {
        return o.is_subset(vm, s).map(Value::Bool);
    }
    let it = ops::iter(vm, other)?;
    while let Some(item) = ops::next(vm, &it)? {
        if !s.contains(vm, &item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `set.isdisjoint(other)`.
pub fn isdisjoint(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, _, rest) = recv("isdisjoint", args)?;
    let other = one_arg("set.isdisjoint", rest, kwargs)?;
    s.is_disjoint(vm, other).map(Value::Bool)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, ints, show};

    fn set(items: &[i64]) -> Value {
        let mut vm = crate::ops::test_support::NoInterp;
        Value::Set(Rc::new(
            PySet::from_iterable(&mut vm, &ints(items)).unwrap(),
        ))
    }

    #[test]
    fn set_methods_match_cpython() {
        let a = set(&[1, 2, 3, 4]);
        assert_eq!(
            call(union, &[a.clone(), ints(&[9])], &[]),
            Ok("{1, 2, 3, 4, 9}".into())
        );
        assert_eq!(
            call(intersection, &[a.clone(), ints(&[0, 1, 2])], &[]),
            Ok("{1, 2}".into())
        );
        assert_eq!(
            call(difference, &[a.clone(), set(&[1])], &[]),
            Ok("{2, 3, 4}".into())
        );
        assert_eq!(
            call(symmetric_difference, &[a.clone(), ints(&[4, 8])], &[]),
            Ok("{1, 2, 3, 8}".into())
        );
        assert_eq!(
            call(issubset, &[a.clone(), ints(&[1, 2, 3, 4, 5])], &[]),
            Ok("True".into())
        );
        assert_eq!(
            call(issuperset, &[a.clone(), ints(&[1, 2])], &[]),
            Ok("True".into())
        );
        assert_eq!(
            call(isdisjoint, &[a.clone(), set(&[7])], &[]),
            Ok("True".into())
        );
        call(add, &[a.clone(), Value::Int(10)], &[]).unwrap();
        call(discard, &[a.clone(), Value::Int(1)], &[]).unwrap();
        call(remove, &[a.clone(), Value::Int(2)], &[]).unwrap();
        assert_eq!(show(Ok(a.clone())), Ok("{3, 4, 10}".into()));
        assert_eq!(
            call(remove, &[a.clone(), Value::Int(42)], &[]),
            Err("KeyError: 42".into())
        );
        assert_eq!(
            call(pop, &[set(&[])], &[]),
            Err("KeyError: 'pop from an empty set'".into())
        );
        call(intersection_update, &[a.clone(), ints(&[3, 10, 11])], &[]).unwrap();
        assert_eq!(show(Ok(a.clone())), Ok("{10, 3}".into()));
        assert_eq!(
            call(add, &[a, Value::list(vec![])], &[]),
            Err("TypeError: unhashable type: 'list'".into())
        );
        let f = Value::FrozenSet(Rc::new(PySet::new()));
        assert_eq!(
            call(union, &[f, ints(&[1])], &[]),
            Ok("frozenset({1})".into())
        );
    }
}

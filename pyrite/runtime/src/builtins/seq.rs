//! Builtins over iterables and sequences: `len`, `min`, `max`, `sum`, `sorted`, `reversed`,
//! `enumerate`, `zip`, `map`, `filter`, `any`, `all`, and the constructors `range()` and
//! `slice()`.
//!
//! The lazy ones return [`crate::iterators`]' objects; `sorted` is `list.sort` on a new list
//! ([`crate::methods::list_sort`]), so both share one algorithm and one set of messages.
//! Invariant: no `RefCell` borrow is held while a key function or a comparison runs.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::int::{self, Int};
use crate::interp::Interp;
use crate::iterators;
use crate::methods::list_sort;
use crate::object::{PyRange, PySlice};
use crate::ops::{self, BinOp, CmpOp};
use crate::value::Value;

use super::args::{Kwargs, Params, one_arg, positional, positional_only, type_error};
use super::numeric::{dunder, index};

/// `len(obj)`.
pub fn len(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let obj = one_arg("len", args, kwargs)?;
    len_of(vm, obj).map(|n| Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
}

/// `len(obj)` as a number, user `__len__` included.
pub(crate) fn len_of(vm: &mut dyn Interp, obj: &Value) -> PyResult<usize> {
    if let Some(r) = dunder(vm, obj, "__len__", &[])? {
        let n = index(vm, &r)?;
        return match Int::from_value(&n) {
            Some(i) if i.is_negative() => {
                raise(BuiltinType::ValueError, "__len__() should return >= 0")
            }
            Some(i) => match i.to_i64() {
                Some(k) => Ok(k as usize),
                None => raise(
                    BuiltinType::OverflowError,
                    "cannot fit 'int' into an index-sized integer",
                ),
            },
            None => Ok(0),
        };
    }
    ops::len(vm, obj)
}

/// `min(...)` / `max(...)`: the shared body. `op` is the comparison that makes an item the
/// new best (`<` for `min`, `>` for `max`).
fn min_max(
    vm: &mut dyn Interp,
    name: &str,
    op: CmpOp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    positional(name, args, 1, usize::MAX)?;
    let mut key = None;
    let mut default = None;
    for (k, v) in kwargs {
        match k.as_str() {
            "key" => key = Some(v.clone()),
            "default" => default = Some(v.clone()),
            other => {
                return Err(type_error(format!(
                    "'{other}' is an invalid keyword argument for {name}()"
                )));
            }
        }
    }
    if args.len() > 1 && default.is_some() {
        return Err(type_error(format!(
            "Cannot specify a default for {name}() with multiple positional arguments"
        )));
    }
    let key = key.filter(|k| !matches!(k, Value::None));
    let it = if args.len() == 1 {
        ops::iter(vm, &args[0])?
    } else {
        ops::iter(vm, &Value::tuple(args.to_vec()))?
    };
    let mut best: Option<(Value, Value)> = None;
    while let Some(item) = ops::next(vm, &it)? {
        let k = match &key {
            Some(f) => ops::call(vm, f, std::slice::from_ref(&item), &[])?,
            None => item.clone(),
        };
        best = Some(match best {
            None => (item, k),
            Some((bi, bk)) => {
                let better = match (&k, &bk) {
                    (Value::Int(a), Value::Int(b)) => op.holds(a.cmp(b)),
                    _ => {
                        let r = ops::compare(vm, op, &k, &bk)?;
                        ops::truthy(vm, &r)?
                    }
                };
                if better { (item, k) } else { (bi, bk) }
            }
        });
    }
    match (best, default) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(d)) => Ok(d),
        (None, None) => raise(
            BuiltinType::ValueError,
            format!("{name}() arg is an empty sequence"),
        ),
    }
}

/// `min(iterable, *, key=None, default=...)` / `min(a, b, *args, key=None)`.
pub fn min(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    min_max(vm, "min", CmpOp::Lt, args, kwargs)
}

/// `max(iterable, *, key=None, default=...)` / `max(a, b, *args, key=None)`.
pub fn max(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    min_max(vm, "max", CmpOp::Gt, args, kwargs)
}

const SUM: Params<'static> = Params {
    fname: "sum",
    names: &["iterable", "start"],
    posonly: 1,
    required: 1,
    kwonly_from: 2,
};

/// `sum(iterable, /, start=0)`.
pub fn sum(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = SUM.bind(args, kwargs)?;
    let Some(iterable) = &slots[0] else {
        return Err(type_error(
            "sum() takes at least 1 positional argument (0 given)",
        ));
    };
    let mut total = slots[1].clone().unwrap_or(Value::Int(0));
    match total {
        Value::Str(_) => {
            return Err(type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ));
        }
        Value::Bytes(_) => {
            return Err(type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ));
        }
        _ => {}
    }
    let it = ops::iter(vm, iterable)?;
    while let Some(item) = ops::next(vm, &it)? {
        total = match (&total, &item) {
            (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                Some(s) => Value::Int(s),
                None => int::add(Int::Small(*a), Int::Small(*b)),
            },
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            _ => ops::binary_op(vm, BinOp::Add, &total, &item)?,
        };
    }
    Ok(total)
}

/// `sorted(iterable, /, *, key=None, reverse=False)`.
pub fn sorted(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional("sorted", args, 1, 1)?;
    let list = Value::list(ops::to_vec(vm, &args[0])?);
    list_sort(vm, std::slice::from_ref(&list), kwargs)?;
    Ok(list)
}

/// `reversed(seq)`.
pub fn reversed(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("reversed", args, kwargs, 1, 1)?;
    if let Some(r) = dunder(vm, &args[0], "__reversed__", &[])? {
        return Ok(r);
    }
    iterators::reversed(vm, &args[0])
}

const ENUMERATE: Params<'static> = Params {
    fname: "enumerate",
    names: &["iterable", "start"],
    posonly: 0,
    required: 0,
    kwonly_from: 2,
};

/// `enumerate(iterable, start=0)`.
pub fn enumerate(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = ENUMERATE.bind(args, kwargs)?;
    let Some(iterable) = &slots[0] else {
        return Err(type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    };
    let start = match &slots[1] {
        Some(s) => index(vm, s)?,
        None => Value::Int(0),
    };
    iterators::enumerate(vm, iterable, start)
}

/// `zip(*iterables, strict=False)`.
pub fn zip(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let mut strict = false;
    if kwargs.len() > 1 {
        return Err(type_error(format!(
            "zip() takes at most 1 keyword argument ({} given)",
            kwargs.len()
        )));
    }
    for (k, v) in kwargs {
        if k.as_str() != "strict" {
            return Err(type_error(format!(
                "'{}' is an invalid keyword argument for zip()",
                k.as_str()
            )));
        }
        strict = ops::truthy(vm, v)?;
    }
    // CPython 3.11 reports a non-iterable argument as `'int' object is not iterable`.
    let mut iters = Vec::with_capacity(args.len());
    for a in args {
        iters.push(ops::iter(vm, a)?);
    }
    iterators::zip(vm, &iters, strict)
}

/// `map(func, *iterables)`.
pub fn map(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    super::args::no_kwargs("map", kwargs)?;
    match args.split_first() {
        Some((func, iterables)) if !iterables.is_empty() => {
            iterators::map(vm, func.clone(), iterables)
        }
        _ => Err(type_error("map() must have at least two arguments.")),
    }
}

/// `filter(function, iterable)`.
pub fn filter(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("filter", args, kwargs, 2, 2)?;
    iterators::filter(vm, args[0].clone(), &args[1])
}

/// `any(iterable)` / `all(iterable)`: stops at the first item whose truth is `stop_on`.
fn any_all(
    vm: &mut dyn Interp,
    name: &str,
    stop_on: bool,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let iterable = one_arg(name, args, kwargs)?;
    let it = ops::iter(vm, iterable)?;
    while let Some(item) = ops::next(vm, &it)? {
        if ops::truthy(vm, &item)? == stop_on {
            return Ok(Value::Bool(stop_on));
        }
    }
    Ok(Value::Bool(!stop_on))
}

/// `any(iterable)`.
pub fn any(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    any_all(vm, "any", true, args, kwargs)
}

/// `all(iterable)`.
pub fn all(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    any_all(vm, "all", false, args, kwargs)
}

/// `range(stop)` / `range(start, stop[, step])`.
pub fn range(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("range", args, kwargs, 1, 3)?;
    let mut ints = Vec::with_capacity(3);
    for a in args {
        ints.push(index(vm, a)?);
    }
    let (start, stop, step) = match ints.as_slice() {
        [stop] => (Value::Int(0), stop.clone(), Value::Int(1)),
        [start, stop] => (start.clone(), stop.clone(), Value::Int(1)),
        [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
        _ => return Err(type_error("range expected at most 3 arguments")),
    };
    if Int::from_value(&step).is_some_and(|s| s.is_zero()) {
        return raise(BuiltinType::ValueError, "range() arg 3 must not be zero");
    }
    Ok(Value::Range(Rc::new(PyRange { start, stop, step })))
}

/// `slice(stop)` / `slice(start, stop[, step])`.
pub fn slice(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("slice", args, kwargs, 1, 3)?;
    let (start, stop, step) = match args {
        [stop] => (Value::None, stop.clone(), Value::None),
        [start, stop] => (start.clone(), stop.clone(), Value::None),
        [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
        _ => return Err(type_error("slice expected at most 3 arguments")),
    };
    Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{call, ints, kw, s};
    use super::*;

    #[test]
    fn len_min_max_sum() {
        assert_eq!(call(len, &[s("abc")], &[]), Ok("3".into()));
        assert_eq!(
            call(len, &[Value::Int(5)], &[]),
            Err("TypeError: object of type 'int' has no len()".into())
        );
        assert_eq!(
            call(min, &[Value::Int(3), Value::Int(1), Value::Int(2)], &[]),
            Ok("1".into())
        );
        assert_eq!(call(max, &[ints(&[4, 8, 2])], &[]), Ok("8".into()));
        assert_eq!(call(min, &[s("hello")], &[]), Ok("'e'".into()));
        assert_eq!(
            call(min, &[ints(&[])], &[kw("default", Value::Int(0))]),
            Ok("0".into())
        );
        assert_eq!(
            call(max, &[ints(&[])], &[]),
            Err("ValueError: max() arg is an empty sequence".into())
        );
        assert_eq!(
            call(min, &[], &[]),
            Err("TypeError: min expected at least 1 argument, got 0".into())
        );
        assert_eq!(
            call(min, &[Value::list(vec![Value::Int(1), s("a")])], &[]),
            Err("TypeError: '<' not supported between instances of 'str' and 'int'".into())
        );
        assert_eq!(
            call(
                max,
                &[Value::Int(1), Value::Int(2)],
                &[kw("default", Value::None)]
            ),
            Err(
                "TypeError: Cannot specify a default for max() with multiple positional arguments"
                    .into()
            )
        );
        assert_eq!(call(sum, &[ints(&[1, 2, 3])], &[]), Ok("6".into()));
        assert_eq!(
            call(sum, &[ints(&[1, 2]), Value::Float(0.5)], &[]),
            Ok("3.5".into())
        );
        assert_eq!(
            call(sum, &[Value::list(vec![]), s("")], &[]),
            Err("TypeError: sum() can't sum strings [use ''.join(seq) instead]".into())
        );
        assert_eq!(
            call(sum, &[], &[kw("iterable", ints(&[1]))]),
            Err("TypeError: sum() takes at least 1 positional argument (0 given)".into())
        );
        assert_eq!(
            call(sum, &[ints(&[i64::MAX, 1])], &[]),
            Ok("9223372036854775808".into())
        );
    }

    #[test]
    fn sorted_and_friends() {
        assert_eq!(
            call(sorted, &[ints(&[3, 1, 2])], &[]),
            Ok("[1, 2, 3]".into())
        );
        assert_eq!(
            call(
                sorted,
                &[ints(&[3, 1, 2])],
                &[kw("reverse", Value::Bool(true))]
            ),
            Ok("[3, 2, 1]".into())
        );
        assert_eq!(
            call(sorted, &[], &[]),
            Err("TypeError: sorted expected 1 argument, got 0".into())
        );
        assert_eq!(
            call(sorted, &[ints(&[1])], &[kw("reversed", Value::Bool(true))]),
            Err("TypeError: 'reversed' is an invalid keyword argument for sort()".into())
        );
        assert_eq!(
            call(sorted, &[Value::list(vec![Value::Int(1), s("a")])], &[]),
            Err("TypeError: '<' not supported between instances of 'str' and 'int'".into())
        );
        assert_eq!(call(any, &[ints(&[0, 1])], &[]), Ok("True".into()));
        assert_eq!(call(all, &[ints(&[])], &[]), Ok("True".into()));
        assert_eq!(call(all, &[ints(&[1, 0])], &[]), Ok("False".into()));
        assert_eq!(
            call(range, &[Value::Int(1), Value::Int(10), Value::Int(2)], &[]),
            Ok("range(1, 10, 2)".into())
        );
        assert_eq!(
            call(range, &[Value::Int(1), Value::Int(2), Value::Int(0)], &[]),
            Err("ValueError: range() arg 3 must not be zero".into())
        );
        assert_eq!(
            call(enumerate, &[], &[]),
            Err("TypeError: enumerate() missing required argument 'iterable'".into())
        );
        assert_eq!(
            call(map, &[Value::None], &[]),
            Err("TypeError: map() must have at least two arguments.".into())
        );
        assert_eq!(
            call(zip, &[], &[kw("x", Value::None)]),
            Err("TypeError: 'x' is an invalid keyword argument for zip()".into())
        );
    }
}

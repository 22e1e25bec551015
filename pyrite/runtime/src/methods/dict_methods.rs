//! `dict` methods: `get`, `keys`, `values`, `items`, `pop`, `popitem`, `setdefault`, `update`,
//! `copy`, `clear`, `fromkeys` (a class method), and the container dunders.
//!
//! Lookups and insertions go through [`PyDict`], which never holds a borrow while a user
//! `__eq__`/`__hash__` runs. `KeyError`s carry the key itself as their argument, as CPython's
//! do (so `str(e)` is the key's repr).

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, no_args, no_kwargs, positional};
use crate::error::{PyErr, PyResult, raise};
use crate::interp::Interp;
use crate::iterators::{DictPart, DictView, other};
use crate::ops;
use crate::types::{PyDict, PyStr};
use crate::value::Value;

use super::{Method, READ_DUNDERS, WRITE_DUNDERS, receiver_fn};

receiver_fn!(recv_dict, "dict", Rc<PyDict>, Value::Dict(d) => d);

/// `dict`'s methods.
pub static METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[1],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    WRITE_DUNDERS[0],
    WRITE_DUNDERS[1],
    ("clear", clear),
    ("copy", copy),
    ("get", get),
    ("items", items),
    ("keys", keys),
    ("pop", pop),
    ("popitem", popitem),
    ("setdefault", setdefault),
    ("update", update),
    ("values", values),
];

/// `dict`'s class methods.
pub static CLASSMETHODS: &[Method] = &[("fromkeys", fromkeys)];

/// `KeyError(key)`.
pub fn key_error(key: &Value) -> PyErr {
    PyErr::with_args(BuiltinType::KeyError.class(), vec![key.clone()])
}

/// `dict.get(key, default=None)`.
pub fn get(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("get", args)?;
    no_kwargs("dict.get", kwargs)?;
    positional("get", rest, 1, 2)?;
    if let Value::Str(s) = &rest[0]
        && let Some(v) = d.get_pystr(s)
    {
        return Ok(v);
    }
    Ok(d.get(vm, &rest[0])?
        .unwrap_or_else(|| rest.get(1).cloned().unwrap_or(Value::None)))
}

fn view(name: &str, part: DictPart, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict(name, args)?;
    no_args(&format!("dict.{name}"), rest, kwargs)?;
    Ok(other(DictView {
        dict: Rc::clone(d),
        part,
    }))
}

/// `dict.keys()`.
pub fn keys(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    view("keys", DictPart::Keys, args, kwargs)
}

/// `dict.values()`.
pub fn values(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    view("values", DictPart::Values, args, kwargs)
}

/// `dict.items()`.
pub fn items(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    view("items", DictPart::Items, args, kwargs)
}

/// `dict.pop(key[, default])`.
pub fn pop(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("pop", args)?;
    no_kwargs("dict.pop", kwargs)?;
    positional("pop", rest, 1, 2)?;
    match (d.remove(vm, &rest[0])?, rest.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(key_error(&rest[0])),
    }
}

/// `dict.popitem()`.
pub fn popitem(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("popitem", args)?;
    no_args("dict.popitem", rest, kwargs)?;
    if d.is_empty() {
        return raise(BuiltinType::KeyError, "popitem(): dictionary is empty");
    }
    let (k, v) = d.popitem()?;
    Ok(Value::tuple(vec![k, v]))
}

/// `dict.setdefault(key, default=None)`.
pub fn setdefault(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("setdefault", args)?;
    no_kwargs("dict.setdefault", kwargs)?;
    positional("setdefault", rest, 1, 2)?;
    if let Some(v) = d.get(vm, &rest[0])? {
        return Ok(v);
    }
    let default = rest.get(1).cloned().unwrap_or(Value::None);
    d.insert(vm, rest[0].clone(), default.clone())?;
    Ok(default)
}

/// `d.update(other)` for one positional argument (CPython's `dict_update_arg`): a dict, a
/// mapping with `keys()`, or an iterable of pairs.
pub(crate) fn update_from_value(vm: &mut dyn Interp, d: &PyDict, src: &Value) -> PyResult<()> {
    if let Value::Dict(o) = src {
        return d.update_from(vm, o);
    }
    let keys_name = PyStr::new("keys".to_owned());
    let has_keys = !matches!(src, Value::List(_) | Value::Tuple(_) | Value::Str(_))
        && ops::hasattr(vm, src, &keys_name)?;
    if has_keys {
        let keys_method = ops::getattr(vm, src, &keys_name)?;
        let keys = ops::call(vm, &keys_method, &[], &[])?;
        let it = ops::iter(vm, &keys)?;
        while let Some(k) = ops::next(vm, &it)? {
            let v = ops::getitem(vm, src, &k)?;
            d.insert(vm, k, v)?;
        }
        return Ok(());
    }
    let it = ops::iter(vm, src)?;
    let mut index = 0usize;
    while let Some(item) = ops::next(vm, &it)? {
        let pair = match ops::to_vec(vm, &item) {
            Ok(p) => p,
            Err(e)
                if e.matches(BuiltinType::TypeError)
                    && crate::iterators::builtin_iter(&item).is_none()
                    && !matches!(item, Value::Other(_) | Value::Instance(_)) =>
            {
                return raise(
                    BuiltinType::TypeError,
                    format!(
                        "cannot convert dictionary update sequence element #{index} to a sequence"
                    ),
                );
            }
            Err(e) => return Err(e),
        };
        let [k, v] = <[Value; 2]>::try_from(pair).map_err(|pair| {
            PyErr::new(
                BuiltinType::ValueError,
                format!(
                    "dictionary update sequence element #{index} has length {}; 2 is required",
                    pair.len()
                ),
            )
        })?;
        d.insert(vm, k, v)?;
        index += 1;
    }
    Ok(())
}

/// `dict.update([other], **kwargs)`.
pub fn update(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("update", args)?;
    positional("update", rest, 0, 1)?;
    if let Some(src) = rest.first() {
        update_from_value(vm, d, src)?;
    }
    for (k, v) in kwargs {
        d.set_str(k, v.clone())?;
    }
    Ok(Value::None)
}

/// `dict.copy()`.
pub fn copy(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("copy", args)?;
    no_args("dict.copy", rest, kwargs)?;
    Ok(Value::Dict(Rc::new(d.copy()?)))
}

/// `dict.clear()`.
pub fn clear(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (d, rest) = recv_dict("clear", args)?;
    no_args("dict.clear", rest, kwargs)?;
    d.clear()?;
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`: a class method. `args[0]` is the class (or a dict it
/// was looked up on) when the object protocol binds it as one; called as a plain unbound
/// method (`args[0]` neither), the arguments start at `args[0]`.
pub fn fromkeys(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let rest = match args.first() {
        Some(Value::Type(_)) => &args[1..],
        Some(Value::Dict(_)) if args.len() >= 2 => &args[1..],
        _ => args,
    };
    no_kwargs("dict.fromkeys", kwargs)?;
    positional("fromkeys", rest, 1, 2)?;
    let value = rest.get(1).cloned().unwrap_or(Value::None);
    let d = PyDict::new();
    let it = ops::iter(vm, &rest[0])?;
    while let Some(k) = ops::next(vm, &it)? {
        d.insert(vm, k, value.clone())?;
    }
    Ok(Value::Dict(Rc::new(d)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, kw, s, show};

    fn dict(pairs: &[(&str, i64)]) -> Value {
        let d = PyDict::new();
        for (k, v) in pairs {
            d.set_str(&Rc::new(PyStr::new((*k).to_owned())), Value::Int(*v))
                .unwrap();
        }
        Value::Dict(Rc::new(d))
    }

    #[test]
    fn dict_methods_match_cpython() {
        let d = dict(&[("a", 1), ("b", 2), ("c", 3)]);
        assert_eq!(call(get, &[d.clone(), s("z")], &[]), Ok("None".into()));
        assert_eq!(
            call(get, &[d.clone(), s("z"), Value::Int(0)], &[]),
            Ok("0".into())
        );
        assert_eq!(call(pop, &[d.clone(), s("c")], &[]), Ok("3".into()));
        assert_eq!(
            call(pop, &[d.clone(), s("zz"), s("default")], &[]),
            Ok("'default'".into())
        );
        assert_eq!(
            call(pop, &[d.clone(), s("zz")], &[]),
            Err("KeyError: 'zz'".into())
        );
        call(
            update,
            &[d.clone(), dict(&[("x", 1)])],
            &[kw("y", Value::Int(2))],
        )
        .unwrap();
        let pairs = Value::list(vec![Value::tuple(vec![s("z"), Value::Int(3)])]);
        call(update, &[d.clone(), pairs], &[]).unwrap();
        assert_eq!(
            show(Ok(d.clone())),
            Ok("{'a': 1, 'b': 2, 'x': 1, 'y': 2, 'z': 3}".into())
        );
        assert_eq!(
            call(setdefault, &[d.clone(), s("x"), Value::Int(100)], &[]),
            Ok("1".into())
        );
        assert_eq!(
            call(popitem, std::slice::from_ref(&d), &[]),
            Ok("('z', 3)".into())
        );
        assert_eq!(
            call(popitem, &[dict(&[])], &[]),
            Err("KeyError: 'popitem(): dictionary is empty'".into())
        );
        assert_eq!(
            call(update, &[d.clone(), Value::list(vec![Value::Int(1)])], &[]),
            Err(
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence"
                    .into()
            )
        );
        assert_eq!(
            call(
                update,
                &[
                    d.clone(),
                    Value::list(vec![Value::tuple(vec![Value::Int(1)])])
                ],
                &[]
            ),
            Err(
                "ValueError: dictionary update sequence element #0 has length 1; 2 is required"
                    .into()
            )
        );
        assert_eq!(
            call(
                fromkeys,
                &[
                    Value::Type(BuiltinType::Dict.class()),
                    s("ab"),
                    Value::Int(0)
                ],
                &[]
            ),
            Ok("{'a': 0, 'b': 0}".into())
        );
        assert_eq!(
            call(fromkeys, &[s("ab")], &[]),
            Ok("{'a': None, 'b': None}".into())
        );
        assert_eq!(
            call(keys, &[d.clone(), Value::Int(1)], &[]),
            Err("TypeError: dict.keys() takes no arguments (1 given)".into())
        );
        assert_eq!(
            call(get, &[d], &[]),
            Err("TypeError: get expected at least 1 argument, got 0".into())
        );
    }
}

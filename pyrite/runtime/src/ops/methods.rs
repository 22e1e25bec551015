//! The method tables of the builtin types: what `[].append`, `{}.get` and `','.join` are.
//!
//! # Registration
//!
//! [`builtin_methods`] maps a [`BuiltinType`] to a static table of `(name, function)` pairs;
//! that `match` is the one registration point. To add methods for a type, write them as
//! [`BuiltinFn`]s (the receiver is `args[0]`; the rest are the call's arguments) in a file of
//! their own (`src/methods/list.rs`, say) and return its table from the match arm. Lookup
//! ([`find_builtin_method`]) walks the builtin base chain (`bool` finds `int`'s methods,
//! `KeyError` finds `BaseException`'s), so a table lists only what its type defines.
//!
//! Each function must check its receiver's kind (it can be called unbound, as
//! `list.append(x, 1)`) with [`wrong_receiver`]'s message, and its arguments with CPython's
//! messages (`list.append() takes exactly one argument (0 given)`).
//!
//! The few methods here prove the table: `list.append`, `dict.get`, `dict.keys`/`values`/
//! `items`, `str.join`, `set.add`.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::iterators::{DictPart, DictView, other};
use crate::object::BuiltinFn;
use crate::seq;
use crate::types::PyStr;
use crate::value::Value;

/// One method of a builtin type: its name and implementation.
pub type BuiltinMethod = (&'static str, BuiltinFn);

/// The methods `t` itself defines (not its bases').
pub fn builtin_methods(t: BuiltinType) -> &'static [BuiltinMethod] {
    match t {
        BuiltinType::List => LIST_METHODS,
        BuiltinType::Dict => DICT_METHODS,
        BuiltinType::Str => STR_METHODS,
        BuiltinType::Set => SET_METHODS,
        _ => &[],
    }
}

/// The method `name` of `t` or of its builtin bases.
#[inline]
pub fn find_builtin_method(t: BuiltinType, name: &str) -> Option<BuiltinMethod> {
    let mut t = Some(t);
    while let Some(ty) = t {
        if let Some(m) = builtin_methods(ty).iter().find(|(n, _)| *n == name) {
            return Some(*m);
        }
        t = ty.base();
    }
    None
}

/// `descriptor 'append' for 'list' objects doesn't apply to a 'int' object`.
pub fn wrong_receiver(method: &str, owner: &str, got: &Value) -> PyErr {
    PyErr::new(
        BuiltinType::TypeError,
        format!(
            "descriptor '{method}' for '{owner}' objects doesn't apply to a '{}' object",
            type_name(got)
        ),
    )
}

/// The receiver (`args[0]`) and the arguments after it; `TypeError` for an unbound call
/// without a receiver.
fn split_receiver<'a>(
    method: &str,
    owner: &str,
    args: &'a [Value],
) -> PyResult<(&'a Value, &'a [Value])> {
    match args.split_first() {
        Some((recv, rest)) => Ok((recv, rest)),
        None => raise(
            BuiltinType::TypeError,
            format!("unbound method {owner}.{method}() needs an argument"),
        ),
    }
}

fn no_kwargs(qualname: &str, kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        raise(
            BuiltinType::TypeError,
            format!("{qualname}() takes no keyword arguments"),
        )
    }
}

fn exactly_one<'a>(qualname: &str, args: &'a [Value]) -> PyResult<&'a Value> {
    match args {
        [one] => Ok(one),
        _ => raise(
            BuiltinType::TypeError,
            format!(
                "{qualname}() takes exactly one argument ({} given)",
                args.len()
            ),
        ),
    }
}

fn no_args(qualname: &str, args: &[Value]) -> PyResult<()> {
    if args.is_empty() {
        Ok(())
    } else {
        raise(
            BuiltinType::TypeError,
            format!("{qualname}() takes no arguments ({} given)", args.len()),
        )
    }
}

static LIST_METHODS: &[BuiltinMethod] = &[("append", list_append)];

fn list_append(
    _vm: &mut dyn Interp,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    let (recv, rest) = split_receiver("append", "list", args)?;
    let Value::List(l) = recv else {
        return Err(wrong_receiver("append", "list", recv));
    };
    no_kwargs("list.append", kwargs)?;
    let item = exactly_one("list.append", rest)?;
    l.items
        .try_borrow_mut()
        .map_err(|_| seq::busy())?
        .push(item.clone());
    Ok(Value::None)
}

static DICT_METHODS: &[BuiltinMethod] = &[
    ("get", dict_get),
    ("keys", dict_keys),
    ("values", dict_values),
    ("items", dict_items),
];

fn dict_get(vm: &mut dyn Interp, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let (recv, rest) = split_receiver("get", "dict", args)?;
    let Value::Dict(d) = recv else {
        return Err(wrong_receiver("get", "dict", recv));
    };
    no_kwargs("dict.get", kwargs)?;
    let (key, default) = match rest {
        [key] => (key, Value::None),
        [key, default] => (key, default.clone()),
        [] => {
            return raise(
                BuiltinType::TypeError,
                "get expected at least 1 argument, got 0",
            );
        }
        _ => {
            return raise(
                BuiltinType::TypeError,
                format!("get expected at most 2 arguments, got {}", rest.len()),
            );
        }
    };
    if let Value::Str(s) = key
        && let Some(v) = d.get_pystr(s)
    {
        return Ok(v);
    }
    Ok(d.get(vm, key)?.unwrap_or(default))
}

fn dict_view(
    name: &str,
    part: DictPart,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    let (recv, rest) = split_receiver(name, "dict", args)?;
    let Value::Dict(d) = recv else {
        return Err(wrong_receiver(name, "dict", recv));
    };
    let qualname = format!("dict.{name}");
    no_kwargs(&qualname, kwargs)?;
    no_args(&qualname, rest)?;
    Ok(other(DictView {
        dict: Rc::clone(d),
        part,
    }))
}

fn dict_keys(_vm: &mut dyn Interp, a: &[Value], k: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    dict_view("keys", DictPart::Keys, a, k)
}

fn dict_values(_vm: &mut dyn Interp, a: &[Value], k: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    dict_view("values", DictPart::Values, a, k)
}

fn dict_items(_vm: &mut dyn Interp, a: &[Value], k: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    dict_view("items", DictPart::Items, a, k)
}

static STR_METHODS: &[BuiltinMethod] = &[("join", str_join)];

fn str_join(vm: &mut dyn Interp, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let (recv, rest) = split_receiver("join", "str", args)?;
    let Value::Str(sep) = recv else {
        return Err(wrong_receiver("join", "str", recv));
    };
    no_kwargs("str.join", kwargs)?;
    let iterable = exactly_one("str.join", rest)?;
    let items = match super::to_vec(vm, iterable) {
        Ok(items) => items,
        Err(e)
            if e.matches(BuiltinType::TypeError)
                && crate::iterators::builtin_iter(iterable).is_none()
                && !matches!(iterable, Value::Other(_)) =>
        {
            return raise(BuiltinType::TypeError, "can only join an iterable");
        }
        Err(e) => return Err(e),
    };
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Str(s) = item else {
            return raise(
                BuiltinType::TypeError,
                format!(
                    "sequence item {i}: expected str instance, {} found",
                    type_name(item)
                ),
            );
        };
        if i > 0 {
            out.push_str(sep.as_str());
        }
        out.push_str(s.as_str());
    }
    Ok(Value::str(out))
}

static SET_METHODS: &[BuiltinMethod] = &[("add", set_add)];

fn set_add(vm: &mut dyn Interp, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let (recv, rest) = split_receiver("add", "set", args)?;
    let Value::Set(s) = recv else {
        return Err(wrong_receiver("add", "set", recv));
    };
    no_kwargs("set.add", kwargs)?;
    let item = exactly_one("set.add", rest)?;
    s.add(vm, item.clone())?;
    Ok(Value::None)
}

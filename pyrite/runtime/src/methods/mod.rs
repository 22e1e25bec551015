//! The methods of the builtin types: `str.split`, `list.sort`, `dict.update`, `set.union`, ...
//!
//! [`table`] gives, for a [`BuiltinType`], the `(name, function)` pairs it defines (its bases'
//! are found by walking the base chain, as [`crate::ops::find_builtin_method`] does); the
//! object protocol's attribute lookup serves them. [`classmethods`] lists the ones that bind to
//! the class rather than to an instance (`dict.fromkeys`, `int.from_bytes`, `float.fromhex`).
//!
//! Each method is a plain [`crate::object::BuiltinFn`] whose `args[0]` is the receiver (it may
//! be called unbound, `list.append(x, 1)`, so it checks the receiver's kind with CPython's
//! `descriptor 'append' for 'list' objects doesn't apply to a 'int' object`).
//!
//! Files: [`str_methods`] (+ [`str_search`], [`str_layout`] and [`unicode`] for its Unicode
//! rules), [`list_methods`] (+ [`list_sort`]), [`dict_methods`], [`set_methods`],
//! [`misc_methods`] (`tuple`, `bytes`, `int`, `float`), [`codecs`], and generic dunders below.
//!
//! Invariant: no method holds a `RefCell` borrow while it runs Python code (a comparison, a
//! key function, `__hash__`); borrow conflicts become Python exceptions.

pub mod bytes_methods;
pub mod codecs;
pub mod dict_methods;
pub mod float_fromhex;
pub mod list_methods;
pub mod list_sort;
pub mod misc_methods;
pub mod set_methods;
pub mod str_layout;
pub mod str_methods;
pub mod str_search;
pub mod unicode;
#[rustfmt::skip]
pub mod unicode_tables;

#[cfg(test)]
mod str_differential_tests;

pub use list_sort::list_sort;

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::object::BuiltinFn;
use crate::ops;
use crate::types::PyStr;
use crate::value::Value;

use crate::builtins::args::{Kwargs, one_arg, positional_only};

/// One method: its name and implementation.
pub type Method = (&'static str, BuiltinFn);

/// The methods `t` itself defines (not its bases').
pub fn table(t: BuiltinType) -> &'static [Method] {
    match t {
        BuiltinType::Str => str_methods::METHODS,
        BuiltinType::List => list_methods::METHODS,
        BuiltinType::Dict => dict_methods::METHODS,
        BuiltinType::Set => set_methods::SET_METHODS,
        BuiltinType::FrozenSet => set_methods::FROZENSET_METHODS,
        BuiltinType::Tuple => misc_methods::TUPLE_METHODS,
        BuiltinType::Bytes => misc_methods::BYTES_METHODS,
        BuiltinType::Int => misc_methods::INT_METHODS,
        BuiltinType::Float => misc_methods::FLOAT_METHODS,
        BuiltinType::Range => misc_methods::RANGE_METHODS,
        _ => &[],
    }
}

/// The methods of `t` that bind to the class (`classmethod`/`staticmethod` in CPython): when
/// looked up on the class *or* an instance, the receiver passed as `args[0]` is the class.
pub fn classmethods(t: BuiltinType) -> &'static [Method] {
    match t {
        BuiltinType::Dict => dict_methods::CLASSMETHODS,
        BuiltinType::Int => misc_methods::INT_CLASSMETHODS,
        BuiltinType::Float => misc_methods::FLOAT_CLASSMETHODS,
        BuiltinType::Str => str_methods::CLASSMETHODS,
        BuiltinType::Bytes => misc_methods::BYTES_CLASSMETHODS,
        _ => &[],
    }
}

/// How a method found by [`find`] binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// To the instance it was looked up on (`[].append`).
    Instance,
    /// To the class, even when looked up on an instance (`{}.fromkeys`, `int.from_bytes`).
    Class,
}

/// The method `name` of `t` or of its builtin bases, with how it binds.
pub fn find(t: BuiltinType, name: &str) -> Option<(BuiltinFn, Binding)> {
    let mut ty = Some(t);
    while let Some(owner) = ty {
        if let Some((_, f)) = table(owner).iter().find(|(n, _)| *n == name) {
            return Some((*f, Binding::Instance));
        }
        if let Some((_, f)) = classmethods(owner).iter().find(|(n, _)| *n == name) {
            return Some((*f, Binding::Class));
        }
        ty = owner.base();
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

/// The receiver and the remaining arguments; `unbound method list.append() needs an argument`
/// when there is none.
pub fn split_receiver<'a>(
    method: &str,
    owner: &str,
    args: &'a [Value],
) -> PyResult<(&'a Value, &'a [Value])> {
    match args.split_first() {
        Some(pair) => Ok(pair),
        None => raise(
            BuiltinType::TypeError,
            format!("unbound method {owner}.{method}() needs an argument"),
        ),
    }
}

/// Defines a function extracting a typed receiver: `fn name(method, args) -> (&T, &[Value])`.
macro_rules! receiver_fn {
    ($fn_name:ident, $owner:literal, $ty:ty, $($pat:pat => $bind:expr),+) => {
        /// The receiver of a method of this type, and the arguments after it.
        pub(crate) fn $fn_name<'a>(
            method: &str,
            args: &'a [Value],
        ) -> crate::error::PyResult<(&'a $ty, &'a [Value])> {
            let (recv, rest) = $crate::methods::split_receiver(method, $owner, args)?;
            match recv {
                $($pat => Ok(($bind, rest)),)+
                other => Err($crate::methods::wrong_receiver(method, $owner, other)),
            }
        }
    };
}
pub(crate) use receiver_fn;

// Generic dunder methods: what `x.__len__()` & co. mean for every builtin container (the
// receiver's kind is checked by the operation itself).

fn dunder_len(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__len__", "object", args)?;
    crate::builtins::args::no_args("__len__", rest, kwargs)?;
    Ok(Value::Int(ops::len(vm, recv)? as i64))
}

fn dunder_getitem(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__getitem__", "object", args)?;
    let key = one_arg("__getitem__", rest, kwargs)?;
    ops::getitem(vm, recv, key)
}

fn dunder_setitem(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__setitem__", "object", args)?;
    positional_only("__setitem__", rest, kwargs, 2, 2)?;
    ops::setitem(vm, recv, &rest[0], rest[1].clone())?;
    Ok(Value::None)
}

fn dunder_delitem(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__delitem__", "object", args)?;
    let key = one_arg("__delitem__", rest, kwargs)?;
    ops::delitem(vm, recv, key)?;
    Ok(Value::None)
}

fn dunder_contains(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__contains__", "object", args)?;
    let item = one_arg("__contains__", rest, kwargs)?;
    ops::contains(vm, recv, item).map(Value::Bool)
}

fn dunder_iter(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__iter__", "object", args)?;
    crate::builtins::args::no_args("__iter__", rest, kwargs)?;
    ops::iter(vm, recv)
}

fn dunder_repr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (recv, rest) = split_receiver("__repr__", "object", args)?;
    crate::builtins::args::no_args("__repr__", rest, kwargs)?;
    ops::repr(vm, recv).map(Value::str)
}

/// `__len__`, `__getitem__`, `__contains__`, `__iter__`, `__repr__`: the read-only container
/// dunders, shared by every container type's table.
pub(crate) const READ_DUNDERS: [Method; 5] = [
    ("__len__", dunder_len),
    ("__getitem__", dunder_getitem),
    ("__contains__", dunder_contains),
    ("__iter__", dunder_iter),
    ("__repr__", dunder_repr),
];

/// `__setitem__`, `__delitem__`: the mutable container dunders.
pub(crate) const WRITE_DUNDERS: [Method; 2] = [
    ("__setitem__", dunder_setitem),
    ("__delitem__", dunder_delitem),
];

/// A `str` argument with CPython's `must be str, not int`.
pub(crate) fn str_arg(v: &Value) -> PyResult<&Rc<PyStr>> {
    match v {
        Value::Str(s) => Ok(s),
        other => raise(
            BuiltinType::TypeError,
            format!("must be str, not {}", type_name(other)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_unique_sorted_names() {
        for &t in BuiltinType::ALL {
            let names: Vec<&str> = table(t).iter().map(|(n, _)| *n).collect();
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(
                unique.len(),
                names.len(),
                "duplicate method in {}",
                t.name()
            );
        }
    }
}

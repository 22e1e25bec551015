//! Builtins about objects in general: `isinstance`, `issubclass`, `type`, `id`, `hash`, `iter`,
//! `next`, `callable`, `getattr`, `setattr`, `hasattr`, `delattr`, and `object()`.
//!
//! Each is a thin, argument-checking layer over [`crate::ops`]; the one object made here is the
//! `callable_iterator` of two-argument `iter(f, sentinel)`. Invariant: messages are CPython
//! 3.11's; `StopIteration` is raised only by `next()` at the Python level (the runtime's
//! iteration protocol signals exhaustion with `None`).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::iterators::other;
use crate::object::{PyInstance, PyObject, PyType};
use crate::ops;
use crate::types::{PyDict, PyStr};
use crate::value::Value;

use super::args::{Kwargs, no_kwargs, one_arg, positional, positional_only, type_error};
use super::numeric::dunder;

/// Whether `v` is an instance of `classinfo` (a class or a tuple of them, nested);
/// `Ok(None)` when `classinfo` contains something else before a match.
fn instance_of(v: &Value, classinfo: &Value) -> Option<bool> {
    match classinfo {
        Value::Type(t) => Some(ops::isinstance(v, t)),
        Value::Tuple(items) => {
            for c in items.items() {
                if instance_of(v, c)? {
                    return Some(true);
                }
            }
            Some(false)
        }
        _ => None,
    }
}

/// `isinstance(obj, classinfo)`.
pub fn isinstance(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("isinstance", args, kwargs, 2, 2)?;
    match instance_of(&args[0], &args[1]) {
        Some(b) => Ok(Value::Bool(b)),
        None => Err(type_error(
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn subclass_of(cls: &PyType, classinfo: &Value) -> Option<bool> {
    match classinfo {
        Value::Type(t) => Some(ops::is_subclass(cls, t)),
        Value::Tuple(items) => {
            for c in items.items() {
                if subclass_of(cls, c)? {
                    return Some(true);
                }
            }
            Some(false)
        }
        _ => None,
    }
}

/// `issubclass(cls, classinfo)`.
pub fn issubclass(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("issubclass", args, kwargs, 2, 2)?;
    let Value::Type(cls) = &args[0] else {
        return Err(type_error("issubclass() arg 1 must be a class"));
    };
    match subclass_of(cls, &args[1]) {
        Some(b) => Ok(Value::Bool(b)),
        None => Err(type_error(
            "issubclass() arg 2 must be a class, a tuple of classes, or a union",
        )),
    }
}

/// `type(obj)`. (`type(name, bases, dict)` makes a class: that belongs to the tier that builds
/// classes, and raises `NotImplementedError` here.)
pub fn type_(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    match (args, kwargs) {
        ([obj], []) => Ok(Value::Type(ops::type_of(obj))),
        ([_, _, _], _) => raise(
            BuiltinType::NotImplementedError,
            "type(name, bases, dict) is not supported yet",
        ),
        _ => Err(type_error("type() takes 1 or 3 arguments")),
    }
}

/// A stand-in address for values without one (inline ints, floats, `None`, `bool`): stable for
/// equal values and never that of a live heap object (odd, where allocations are aligned).
fn inline_identity(bits: u64, tag: u8) -> i64 {
    let mixed = bits.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ u64::from(tag);
    ((mixed >> 2) | 1) as i64
}

/// `id(v)`: the address of the object for heap kinds; see [`inline_identity`] otherwise.
pub fn identity(v: &Value) -> i64 {
    fn addr<T: ?Sized>(rc: &Rc<T>) -> i64 {
        Rc::as_ptr(rc) as *const u8 as usize as i64
    }
    match v {
        Value::None => inline_identity(0, 0),
        Value::Bool(b) => inline_identity(u64::from(*b), 1),
        Value::Int(i) => inline_identity(*i as u64, 2),
        Value::Float(x) => inline_identity(x.to_bits(), 3),
        Value::BigInt(b) => addr(b),
        Value::Str(x) => addr(x),
        Value::Bytes(x) => addr(x),
        Value::Tuple(x) => addr(x),
        Value::List(x) => addr(x),
        Value::Dict(x) => addr(x),
        Value::Set(x) | Value::FrozenSet(x) => addr(x),
        Value::Range(x) => addr(x),
        Value::Slice(x) => addr(x),
        Value::Type(x) => addr(x),
        Value::Instance(x) => addr(x),
        Value::Function(x) => addr(x),
        Value::Builtin(x) => addr(x),
        Value::Method(x) => addr(x),
        Value::Exception(x) => addr(x),
        Value::Other(x) => addr(x),
    }
}

/// `id(obj)`.
pub fn id(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("id", args, kwargs)?;
    Ok(Value::Int(identity(v)))
}

/// `hash(obj)`.
pub fn hash(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("hash", args, kwargs)?;
    ops::hash(vm, v).map(Value::Int)
}

/// `callable(obj)`.
pub fn callable(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("callable", args, kwargs)?;
    Ok(Value::Bool(is_callable(vm, v)))
}

/// Whether `v` can be called.
pub(crate) fn is_callable(vm: &mut dyn Interp, v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Type(_) => true,
        Value::Instance(i) => {
            let class = Value::Type(Rc::clone(&i.class));
            ops::hasattr(vm, &class, &PyStr::new("__call__".to_owned())).unwrap_or(false)
        }
        _ => false,
    }
}

/// The `callable_iterator` of `iter(f, sentinel)`: calls `f()` until it returns `sentinel`.
#[derive(Debug)]
struct CallIter {
    /// `(callable, sentinel)`; `None` once exhausted.
    state: RefCell<Option<(Value, Value)>>,
}

impl PyObject for CallIter {
    fn type_name(&self) -> &str {
        "callable_iterator"
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn is_iterator(&self) -> bool {
        true
    }

    fn iter_next(&self, vm: &mut dyn Interp) -> Option<PyResult<Option<Value>>> {
        let state = match self.state.try_borrow() {
            Ok(s) => s.clone(),
            Err(_) => {
                return Some(raise(
                    BuiltinType::ValueError,
                    "generator already executing",
                ));
            }
        };
        let (func, sentinel) = state?;
        let mut step = || -> PyResult<Option<Value>> {
            let v = match ops::call(vm, &func, &[], &[]) {
                Ok(v) => v,
                Err(e) if e.matches(BuiltinType::StopIteration) => return Ok(None),
                Err(e) => return Err(e),
            };
            if ops::eq(vm, &v, &sentinel)? {
                Ok(None)
            } else {
                Ok(Some(v))
            }
        };
        let r = step();
        if matches!(r, Ok(None))
            && let Ok(mut s) = self.state.try_borrow_mut()
        {
            *s = None;
        }
        Some(r)
    }
}

/// `iter(obj)` / `iter(callable, sentinel)`.
pub fn iter(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    no_kwargs("iter", kwargs)?;
    positional("iter", args, 1, 2)?;
    if let [func, sentinel] = args {
        if !is_callable(vm, func) {
            return Err(type_error("iter(v, w): v must be callable"));
        }
        return Ok(other(CallIter {
            state: RefCell::new(Some((func.clone(), sentinel.clone()))),
        }));
    }
    if let Some(it) = dunder(vm, &args[0], "__iter__", &[])? {
        return Ok(it);
    }
    ops::iter(vm, &args[0])
}

/// `next(iterator[, default])`.
pub fn next(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    no_kwargs("next", kwargs)?;
    positional("next", args, 1, 2)?;
    let step = if matches!(args[0], Value::Instance(_)) {
        match dunder(vm, &args[0], "__next__", &[]) {
            Ok(Some(v)) => Ok(Some(v)),
            Ok(None) => raise(
                BuiltinType::TypeError,
                format!("'{}' object is not an iterator", type_name(&args[0])),
            ),
            Err(e) if e.matches(BuiltinType::StopIteration) && args.len() == 2 => Ok(None),
            Err(e) => Err(e),
        }
    } else {
        ops::next(vm, &args[0])
    };
    match (step?, args.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => {
            let carried = match &args[0] {
                Value::Other(o) => o.stop_value(),
                _ => None,
            };
            let args = match carried {
                Some(Value::None) | None => vec![],
                Some(v) => vec![v],
            };
            Err(PyErr::with_args(BuiltinType::StopIteration.class(), args))
        }
    }
}

/// The attribute-name argument of `getattr` and friends.
fn attr_name(v: &Value) -> PyResult<&PyStr> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(type_error(format!(
            "attribute name must be string, not '{}'",
            type_name(other)
        ))),
    }
}

/// `getattr(obj, name[, default])`.
pub fn getattr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("getattr", args, kwargs, 2, 3)?;
    let name = attr_name(&args[1])?;
    match (ops::getattr(vm, &args[0], name), args.get(2)) {
        (Err(e), Some(default)) if e.matches(BuiltinType::AttributeError) => Ok(default.clone()),
        (r, _) => r,
    }
}

/// `setattr(obj, name, value)`.
pub fn setattr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("setattr", args, kwargs, 3, 3)?;
    let name = attr_name(&args[1])?;
    ops::setattr(vm, &args[0], name, args[2].clone())?;
    Ok(Value::None)
}

/// `delattr(obj, name)`.
pub fn delattr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("delattr", args, kwargs, 2, 2)?;
    let name = attr_name(&args[1])?;
    ops::delattr(vm, &args[0], name)?;
    Ok(Value::None)
}

/// `hasattr(obj, name)`.
pub fn hasattr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("hasattr", args, kwargs, 2, 2)?;
    let name = attr_name(&args[1])?;
    ops::hasattr(vm, &args[0], name).map(Value::Bool)
}

/// `object()`.
pub fn object(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    if !args.is_empty() || !kwargs.is_empty() {
        return Err(type_error("object() takes no arguments"));
    }
    Ok(Value::Instance(Rc::new(PyInstance {
        class: BuiltinType::Object.class(),
        dict: PyDict::new(),
    })))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{call, ints, s};
    use super::*;

    fn ty(t: BuiltinType) -> Value {
        Value::Type(t.class())
    }

    #[test]
    fn isinstance_and_issubclass() {
        assert_eq!(
            call(isinstance, &[Value::Bool(true), ty(BuiltinType::Int)], &[]),
            Ok("True".into())
        );
        let types = Value::tuple(vec![ty(BuiltinType::Int), ty(BuiltinType::Str)]);
        assert_eq!(call(isinstance, &[s("s"), types], &[]), Ok("True".into()));
        let bad = Value::tuple(vec![ty(BuiltinType::Int), Value::Int(2)]);
        assert_eq!(
            call(isinstance, &[Value::Int(1), bad.clone()], &[]),
            Ok("True".into())
        );
        assert_eq!(
            call(isinstance, &[s("x"), bad], &[]),
            Err(
                "TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union".into()
            )
        );
        assert_eq!(
            call(
                issubclass,
                &[ty(BuiltinType::Bool), ty(BuiltinType::Int)],
                &[]
            ),
            Ok("True".into())
        );
        assert_eq!(
            call(issubclass, &[Value::Int(1), ty(BuiltinType::Int)], &[]),
            Err("TypeError: issubclass() arg 1 must be a class".into())
        );
    }

    #[test]
    fn iteration_and_attributes() {
        let mut vm = ops::test_support::NoInterp;
        let it = iter(&mut vm, &[ints(&[10, 20])], &[]).unwrap();
        assert_eq!(call(next, std::slice::from_ref(&it), &[]), Ok("10".into()));
        assert_eq!(call(next, std::slice::from_ref(&it), &[]), Ok("20".into()));
        assert_eq!(
            call(next, &[it.clone(), s("done")], &[]),
            Ok("'done'".into())
        );
        assert_eq!(call(next, &[it], &[]), Err("StopIteration: ".into()));
        assert_eq!(
            call(next, &[Value::Int(1)], &[]),
            Err("TypeError: 'int' object is not an iterator".into())
        );
        assert_eq!(
            call(iter, &[Value::Int(1), Value::Int(2)], &[]),
            Err("TypeError: iter(v, w): v must be callable".into())
        );
        assert_eq!(
            call(getattr, &[Value::Int(1), s("x"), Value::Int(5)], &[]),
            Ok("5".into())
        );
        assert_eq!(
            call(getattr, &[Value::Int(1), s("x")], &[]),
            Err("AttributeError: 'int' object has no attribute 'x'".into())
        );
        assert_eq!(
            call(getattr, &[Value::Int(1), Value::Int(2)], &[]),
            Err("TypeError: attribute name must be string, not 'int'".into())
        );
        assert_eq!(
            call(hasattr, &[Value::Int(1), s("real")], &[]),
            Ok("True".into())
        );
        assert_eq!(
            call(type_, &[Value::Int(1)], &[]),
            Ok("<class 'int'>".into())
        );
        assert_eq!(
            call(type_, &[], &[]),
            Err("TypeError: type() takes 1 or 3 arguments".into())
        );
        let l = ints(&[]);
        assert_eq!(identity(&l), identity(&l.clone()));
        assert_eq!(identity(&Value::Int(5)), identity(&Value::Int(5)));
    }
}

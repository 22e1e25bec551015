//! Calls: `f(*args, **kwargs)` for every callable kind.
//!
//! - Python functions go to the tier ([`Interp::call_function`]);
//! - builtins call their Rust function, a bound builtin passing its receiver first;
//! - bound methods call their function with the receiver first;
//! - classes construct: builtin classes through [`builtin_constructor`] (the table the builtins
//!   engineer fills: `int(x)`, `list(it)`, ...), exception classes make an exception with the
//!   arguments as `args`, user classes make an instance and run `__init__` (metaclasses,
//!   `__new__` and `__call__` arrive with user classes);
//! - `Value::Other` objects through [`crate::object::PyObject::call`];
//! - anything else: `TypeError: 'int' object is not callable`.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::object::{BuiltinFn, PyInstance, PyType};
use crate::types::{PyDict, PySet, PyStr};
use crate::value::Value;

use super::attr::lookup_class;
use super::is_subclass;

/// `callee(*args, **kwargs)`.
pub fn call(
    vm: &mut dyn Interp,
    callee: &Value,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    match callee {
        Value::Function(f) => vm.call_function(f, args, kwargs),
        // A builtin with no receiver is [`direct_builtin`]'s case.
        Value::Builtin(b) => match &b.receiver {
            None => (b.func)(vm, args, kwargs),
            Some(r) => call_with_receiver(vm, b.func, r, args, kwargs),
        },
        Value::Method(m) => call_method(vm, &m.func, &m.receiver, args, kwargs),
        Value::Type(t) => construct(vm, t, args, kwargs),
        Value::Other(o) => match o.call(vm, callee, args, kwargs) {
            Some(r) => r,
            None => not_callable(callee),
        },
        _ => not_callable(callee),
    }
}

/// The function a call of `callee` runs with the call's own arguments and nothing else: a
/// builtin with no bound receiver (`len`, or a method `LoadMethod` split from its receiver).
/// A tier may call it straight, without keeping a clone of the callee.
#[inline]
pub fn direct_builtin(callee: &Value) -> Option<BuiltinFn> {
    match callee {
        Value::Builtin(b) if b.receiver.is_none() => Some(b.func),
        _ => None,
    }
}

fn not_callable<T>(callee: &Value) -> PyResult<T> {
    raise(
        BuiltinType::TypeError,
        format!("'{}' object is not callable", type_name(callee)),
    )
}

/// `func(receiver, *args, **kwargs)`: the second half of [`super::load_method`].
#[inline]
pub fn call_method(
    vm: &mut dyn Interp,
    func: &Value,
    receiver: &Value,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    match func {
        Value::Builtin(b) if b.receiver.is_none() => {
            call_with_receiver(vm, b.func, receiver, args, kwargs)
        }
        _ => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(receiver.clone());
            full.extend_from_slice(args);
            call(vm, func, &full, kwargs)
        }
    }
}

fn call_with_receiver(
    vm: &mut dyn Interp,
    func: BuiltinFn,
    receiver: &Value,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    // Small calls build the argument array on the stack.
    match args {
        [] => func(vm, std::slice::from_ref(receiver), kwargs),
        [a] => func(vm, &[receiver.clone(), a.clone()], kwargs),
        [a, b] => func(vm, &[receiver.clone(), a.clone(), b.clone()], kwargs),
        _ => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(receiver.clone());
            full.extend_from_slice(args);
            func(vm, &full, kwargs)
        }
    }
}

/// `cls(*args, **kwargs)`.
fn construct(
    vm: &mut dyn Interp,
    cls: &Rc<PyType>,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    let base_exception = BuiltinType::BaseException.class();
    if is_subclass(cls, &base_exception) {
        if !kwargs.is_empty() {
            return raise(
                BuiltinType::TypeError,
                format!("{}() takes no keyword arguments", cls.name),
            );
        }
        let exc = PyErr::with_args(Rc::clone(cls), args.to_vec());
        return Ok(Value::Exception(exc.0));
    }
    if let Some(t) = cls.builtin {
        return match builtin_constructor(t) {
            Some(ctor) => ctor(vm, args, kwargs),
            None => raise(
                BuiltinType::TypeError,
                format!("cannot create '{}' instances", cls.name),
            ),
        };
    }
    let instance = Value::Instance(Rc::new(PyInstance {
        class: Rc::clone(cls),
        dict: PyDict::new(),
    }));
    match lookup_class(cls, "__init__") {
        Some(init) => {
            let result = call_method(vm, &init, &instance, args, kwargs)?;
            if !matches!(result, Value::None) {
                return raise(
                    BuiltinType::TypeError,
                    format!(
                        "__init__() should return None, not '{}'",
                        type_name(&result)
                    ),
                );
            }
        }
        None if !args.is_empty() || !kwargs.is_empty() => {
            return raise(
                BuiltinType::TypeError,
                format!("{}() takes no arguments", cls.name),
            );
        }
        None => {}
    }
    Ok(instance)
}

/// The constructor of a builtin class (`list(it)`): the registration point for the builtins
/// engineer, one arm per class. The function receives the call's arguments (not the class).
pub fn builtin_constructor(t: BuiltinType) -> Option<BuiltinFn> {
    Some(match t {
        BuiltinType::List => new_list,
        BuiltinType::Tuple => new_tuple,
        BuiltinType::Set => new_set,
        BuiltinType::FrozenSet => new_frozenset,
        BuiltinType::Dict => new_dict,
        _ => return crate::builtins::constructor(t),
    })
}

/// At most one positional argument and no keywords, with CPython's messages.
fn optional_iterable<'a>(
    name: &str,
    args: &'a [Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Option<&'a Value>> {
    if !kwargs.is_empty() {
        return raise(
            BuiltinType::TypeError,
            format!("{name}() takes no keyword arguments"),
        );
    }
    match args {
        [] => Ok(None),
        [x] => Ok(Some(x)),
        _ => raise(
            BuiltinType::TypeError,
            format!("{name} expected at most 1 argument, got {}", args.len()),
        ),
    }
}

fn new_list(vm: &mut dyn Interp, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let items = match optional_iterable("list", args, kwargs)? {
        Some(it) => super::to_vec(vm, it)?,
        None => Vec::new(),
    };
    Ok(Value::list(items))
}

fn new_tuple(
    vm: &mut dyn Interp,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    match optional_iterable("tuple", args, kwargs)? {
        Some(t @ Value::Tuple(_)) => Ok(t.clone()),
        Some(it) => Ok(Value::tuple(super::to_vec(vm, it)?)),
        None => Ok(Value::tuple(Vec::new())),
    }
}

fn new_set(vm: &mut dyn Interp, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let s = match optional_iterable("set", args, kwargs)? {
        Some(it) => PySet::from_iterable(vm, it)?,
        None => PySet::new(),
    };
    Ok(Value::Set(Rc::new(s)))
}

fn new_frozenset(
    vm: &mut dyn Interp,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    match optional_iterable("frozenset", args, kwargs)? {
        Some(f @ Value::FrozenSet(_)) => Ok(f.clone()),
        Some(it) => Ok(Value::FrozenSet(Rc::new(PySet::from_iterable(vm, it)?))),
        None => Ok(Value::FrozenSet(Rc::new(PySet::new()))),
    }
}

fn new_dict(vm: &mut dyn Interp, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let d = PyDict::new();
    match args {
        [] => {}
        [source] => super::binary::dict_update(vm, &d, source)?,
        _ => {
            return raise(
                BuiltinType::TypeError,
                format!("dict expected at most 1 argument, got {}", args.len()),
            );
        }
    }
    for (k, v) in kwargs {
        d.set_str(k, v.clone())?;
    }
    Ok(Value::Dict(Rc::new(d)))
}

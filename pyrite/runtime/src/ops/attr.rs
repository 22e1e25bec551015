//! Attribute access (`x.name`, `x.name = v`, `del x.name`) and method loading.
//!
//! Lookup order, per kind:
//! - instances: the instance `__dict__`, then the class and its MRO (a function found on the
//!   class binds to the instance); descriptors (`property`, `staticmethod`, ...) and
//!   `__getattr__` arrive with user classes as further arms of [`lookup_class`] / [`getattr`];
//! - classes: `__name__`/`__qualname__`/`__module__`, the class namespaces along the MRO, then
//!   (builtin classes) the method table, unbound (`str.join`);
//! - every builtin kind: its data attributes (`range.start`, `int.real`, ...), then its method
//!   table ([`super::methods`]), bound to the receiver;
//! - `Value::Other`: the object's own [`crate::object::PyObject::getattr`].
//!
//! [`load_method`] is `getattr` for a call site: it returns the function and the receiver
//! separately, so `x.append(1)` neither allocates a bound method nor copies arguments twice.
//! Unbound builtin method objects are made once per (type, method) and cached.

use std::cell::RefCell;
use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::object::{PyBuiltin, PyMethod, PyType};
use crate::types::PyStr;
use crate::value::Value;

use super::methods::{builtin_methods, find_builtin_classmethod, find_builtin_method};
use super::{builtin_type_of, type_of};

thread_local! {
    /// Unbound builtin methods, by (type, index in its table), made on first use.
    static UNBOUND: RefCell<Vec<Vec<Option<Value>>>> = const { RefCell::new(Vec::new()) };
}

/// Slots of [`RECENT`] (a power of two).
const RECENT_SLOTS: usize = 64;

/// One remembered lookup: the type asked about, the method's name, the method.
type RecentEntry = Option<(BuiltinType, &'static str, Value)>;

thread_local! {
    /// Recent [`unbound_builtin`] answers, direct-mapped by the address of the name asked for.
    /// Call sites ask with the same name object every time, so a hit costs one short string
    /// comparison instead of a scan of the type's method table (~5% of `string_build`). The
    /// address only picks the slot: a hit is checked on the type and the name's text, so a
    /// freed name whose address is reused cannot give a wrong answer.
    static RECENT: RefCell<[RecentEntry; RECENT_SLOTS]> =
        const { RefCell::new([const { None }; RECENT_SLOTS]) };
}

/// The unbound builtin method `name` of `t` (or its bases), cached.
fn unbound_builtin(t: BuiltinType, name: &str) -> Option<Value> {
    let slot = (name.as_ptr() as usize >> 3 ^ t as usize) % RECENT_SLOTS;
    let hit = RECENT.with(|recent| {
        let recent = recent.try_borrow().ok()?;
        match &recent[slot] {
            Some((ty, n, v)) if *ty == t && *n == name => Some(v.clone()),
            _ => None,
        }
    });
    if hit.is_some() {
        return hit;
    }
    let (static_name, v) = unbound_builtin_uncached(t, name)?;
    RECENT.with(|recent| {
        if let Ok(mut recent) = recent.try_borrow_mut() {
            recent[slot] = Some((t, static_name, v.clone()));
        }
    });
    Some(v)
}

/// [`unbound_builtin`] by a scan of the method tables; also returns the table's name.
fn unbound_builtin_uncached(t: BuiltinType, name: &str) -> Option<(&'static str, Value)> {
    let mut ty = Some(t);
    while let Some(owner) = ty {
        let table = builtin_methods(owner);
        if let Some(idx) = table.iter().position(|(n, _)| *n == name) {
            return Some(UNBOUND.with(|cache| {
                let mut cache = cache.borrow_mut();
                let ti = owner as usize;
                if cache.len() <= ti {
                    cache.resize_with(ti + 1, Vec::new);
                }
                if cache[ti].len() < table.len() {
                    cache[ti].resize(table.len(), None);
                }
                let (static_name, func) = table[idx];
                let v = cache[ti][idx]
                    .get_or_insert_with(|| {
                        Value::Builtin(Rc::new(PyBuiltin {
                            name: static_name,
                            func,
                            receiver: None,
                        }))
                    })
                    .clone();
                (static_name, v)
            }));
        }
        ty = owner.base();
    }
    None
}

/// `'int' object has no attribute 'foo'`.
fn no_attribute(obj: &Value, name: &PyStr) -> PyErr {
    let msg = match obj {
        Value::Type(t) => format!(
            "type object '{}' has no attribute '{}'",
            t.name,
            name.as_str()
        ),
        _ => format!(
            "'{}' object has no attribute '{}'",
            type_name(obj),
            name.as_str()
        ),
    };
    PyErr::new(BuiltinType::AttributeError, msg)
}

/// `name` in the namespaces of `class` and its MRO.
pub(crate) fn lookup_class(class: &PyType, name: &str) -> Option<Value> {
    let own = |c: &PyType| -> Option<Value> {
        let dict = c.dict.try_borrow().ok()?;
        dict.iter()
            .find(|(k, _)| k.as_str() == name)
            .map(|(_, v)| v.clone())
    };
    own(class).or_else(|| class.mro_tail.iter().find_map(|c| own(c)))
}

/// The builtin type whose method table applies to `obj`, if any.
fn method_table_type(obj: &Value) -> Option<BuiltinType> {
    match obj {
        Value::Exception(e) => exception_builtin(&e.class),
        _ => builtin_type_of(obj),
    }
}

/// The nearest builtin class of an exception class (its table applies).
fn exception_builtin(class: &PyType) -> Option<BuiltinType> {
    class
        .builtin
        .or_else(|| class.mro_tail.iter().find_map(|c| c.builtin))
}

/// `obj.name`.
pub fn getattr(vm: &mut dyn Interp, obj: &Value, name: &PyStr) -> PyResult<Value> {
    if let Some(v) = special_attr(vm, obj, name)? {
        return Ok(v);
    }
    if let Some(t) = method_table_type(obj) {
        if let Some((mname, func)) = find_builtin_method(t, name.as_str()) {
            return Ok(Value::Builtin(Rc::new(PyBuiltin {
                name: mname,
                func,
                receiver: Some(obj.clone()),
            })));
        }
        if let Some((mname, func)) = find_builtin_classmethod(t, name.as_str()) {
            return Ok(Value::Builtin(Rc::new(PyBuiltin {
                name: mname,
                func,
                receiver: Some(Value::Type(type_of(obj))),
            })));
        }
    }
    Err(no_attribute(obj, name))
}

/// `hasattr(obj, name)`: `getattr` succeeded; only `AttributeError` means no.
pub fn hasattr(vm: &mut dyn Interp, obj: &Value, name: &PyStr) -> PyResult<bool> {
    match getattr(vm, obj, name) {
        Ok(_) => Ok(true),
        Err(e) if e.matches(BuiltinType::AttributeError) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Attributes other than builtin methods; `None` when `obj` has no such attribute.
fn special_attr(vm: &mut dyn Interp, obj: &Value, name: &PyStr) -> PyResult<Option<Value>> {
    let n = name.as_str();
    if n == "__class__" {
        return Ok(Some(Value::Type(type_of(obj))));
    }
    Ok(match obj {
        Value::Instance(i) => {
            if let Some(v) = i.dict.get_pystr(name) {
                return Ok(Some(v));
            }
            lookup_class(&i.class, n).map(|v| bind(v, obj))
        }
        Value::Type(t) => match n {
            "__name__" => Some(Value::str(t.name.clone())),
            "__qualname__" => Some(Value::str(t.qualname.clone())),
            "__module__" => Some(Value::str(t.module.clone())),
            "__bases__" => Some(Value::tuple(
                t.bases.iter().cloned().map(Value::Type).collect(),
            )),
            "__mro__" => {
                let mut mro = vec![Value::Type(Rc::clone(t))];
                mro.extend(t.mro_tail.iter().cloned().map(Value::Type));
                Some(Value::tuple(mro))
            }
            _ => lookup_class(t, n).or_else(|| {
                let b = t.builtin.or_else(|| exception_builtin(t))?;
                unbound_builtin(b, n).or_else(|| {
                    let (mname, func) = find_builtin_classmethod(b, n)?;
                    Some(Value::Builtin(Rc::new(PyBuiltin {
                        name: mname,
                        func,
                        receiver: Some(obj.clone()),
                    })))
                })
            }),
        },
        Value::Function(f) => match n {
            "__name__" => Some(Value::str(f.name.clone())),
            "__qualname__" => Some(Value::str(f.qualname.clone())),
            "__defaults__" => Some(if f.defaults.is_empty() {
                Value::None
            } else {
                Value::tuple(f.defaults.clone())
            }),
            _ => None,
        },
        Value::Builtin(b) => match n {
            "__name__" | "__qualname__" => Some(Value::str(b.name)),
            "__self__" => Some(b.receiver.clone().unwrap_or(Value::None)),
            _ => None,
        },
        Value::Method(m) => match n {
            "__func__" => Some(m.func.clone()),
            "__self__" => Some(m.receiver.clone()),
            _ => {
                let func = m.func.clone();
                return special_attr(vm, &func, name);
            }
        },
        Value::Exception(e) => match n {
            "args" => Some(Value::tuple(
                e.args.try_borrow().map(|a| a.clone()).unwrap_or_default(),
            )),
            "__cause__" => Some(
                e.cause
                    .try_borrow()
                    .ok()
                    .and_then(|c| c.clone())
                    .unwrap_or(Value::None),
            ),
            "__context__" => Some(
                e.context
                    .try_borrow()
                    .ok()
                    .and_then(|c| c.clone())
                    .unwrap_or(Value::None),
            ),
            "__suppress_context__" => Some(Value::Bool(e.suppress_context.get())),
            "__traceback__" => Some(Value::None),
            // `StopIteration.value`: the first argument (a generator's return value), or None.
            "value"
                if e.class.builtin == Some(BuiltinType::StopIteration)
                    || e.class
                        .mro_tail
                        .iter()
                        .any(|c| c.builtin == Some(BuiltinType::StopIteration)) =>
            {
                Some(
                    e.args
                        .try_borrow()
                        .ok()
                        .and_then(|a| a.first().cloned())
                        .unwrap_or(Value::None),
                )
            }
            _ => e
                .dict
                .get_pystr(name)
                .or_else(|| lookup_class(&e.class, n).map(|v| bind(v, obj))),
        },
        Value::Range(r) => match n {
            "start" => Some(r.start.clone()),
            "stop" => Some(r.stop.clone()),
            "step" => Some(r.step.clone()),
            _ => None,
        },
        Value::Slice(s) => match n {
            "start" => Some(s.start.clone()),
            "stop" => Some(s.stop.clone()),
            "step" => Some(s.step.clone()),
            _ => None,
        },
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => match n {
            "real" | "numerator" => Some(match obj {
                Value::Bool(b) => Value::Int(i64::from(*b)),
                other => other.clone(),
            }),
            "imag" => Some(Value::Int(0)),
            "denominator" => Some(Value::Int(1)),
            _ => None,
        },
        Value::Float(x) => match n {
            "real" => Some(Value::Float(*x)),
            "imag" => Some(Value::Float(0.0)),
            _ => None,
        },
        Value::Other(o) => match o.getattr(vm, obj, name) {
            Some(r) => Some(r?),
            None => None,
        },
        _ => None,
    })
}

/// A class attribute as seen through an instance: functions bind to it.
fn bind(v: Value, instance: &Value) -> Value {
    match v {
        Value::Function(_) => Value::Method(Rc::new(PyMethod {
            func: v,
            receiver: instance.clone(),
        })),
        other => other,
    }
}

/// `obj.name(...)` without a bound method: `(function, Some(receiver))` when the call must pass
/// `obj` first, `(callable, None)` when the attribute is called as is.
#[inline]
pub fn load_method(
    vm: &mut dyn Interp,
    obj: &Value,
    name: &PyStr,
) -> PyResult<(Value, Option<Value>)> {
    match obj {
        Value::Instance(i) => {
            if let Some(v) = i.dict.get_pystr(name) {
                return Ok((v, None));
            }
            if let Some(v) = lookup_class(&i.class, name.as_str()) {
                return Ok(match v {
                    Value::Function(_) => (v, Some(obj.clone())),
                    other => (other, None),
                });
            }
        }
        _ => {
            if let Some(t) = method_table_type(obj)
                && let Some(f) = unbound_builtin(t, name.as_str())
            {
                return Ok((f, Some(obj.clone())));
            }
        }
    }
    Ok((getattr(vm, obj, name)?, None))
}

/// `obj.name = value`.
pub fn setattr(vm: &mut dyn Interp, obj: &Value, name: &PyStr, value: Value) -> PyResult<()> {
    store_attr(vm, obj, name, Some(value))
}

/// `del obj.name`.
pub fn delattr(vm: &mut dyn Interp, obj: &Value, name: &PyStr) -> PyResult<()> {
    store_attr(vm, obj, name, None)
}

fn store_attr(
    vm: &mut dyn Interp,
    obj: &Value,
    name: &PyStr,
    value: Option<Value>,
) -> PyResult<()> {
    let key = || Rc::new(PyStr::new(name.as_str().to_owned()));
    match obj {
        Value::Instance(i) => match value {
            Some(v) => i.dict.set_str(&key(), v).map(drop),
            None => match i.dict.remove_str(name.as_str())? {
                Some(_) => Ok(()),
                None => Err(no_attribute(obj, name)),
            },
        },
        Value::Exception(e) => {
            match (name.as_str(), &value) {
                ("__cause__", Some(v)) => {
                    *e.cause.try_borrow_mut().map_err(|_| busy())? =
                        (!matches!(v, Value::None)).then(|| v.clone());
                    e.suppress_context.set(true);
                    return Ok(());
                }
                ("__context__", Some(v)) => {
                    *e.context.try_borrow_mut().map_err(|_| busy())? =
                        (!matches!(v, Value::None)).then(|| v.clone());
                    return Ok(());
                }
                ("__suppress_context__", Some(v)) => {
                    let b = super::truthy(vm, v)?;
                    e.suppress_context.set(b);
                    return Ok(());
                }
                ("args", Some(v)) => {
                    let items = super::to_vec(vm, v)?;
                    *e.args.try_borrow_mut().map_err(|_| busy())? = items;
                    return Ok(());
                }
                _ => {}
            }
            match value {
                Some(v) => e.dict.set_str(&key(), v).map(drop),
                None => match e.dict.remove_str(name.as_str())? {
                    Some(_) => Ok(()),
                    None => Err(no_attribute(obj, name)),
                },
            }
        }
        Value::Type(t) if t.builtin.is_some() => raise(
            BuiltinType::TypeError,
            format!(
                "cannot set '{}' attribute of immutable type '{}'",
                name.as_str(),
                t.name
            ),
        ),
        Value::Type(t) => {
            let mut dict = t.dict.try_borrow_mut().map_err(|_| busy())?;
            let pos = dict.iter().position(|(k, _)| k.as_str() == name.as_str());
            match (pos, value) {
                (Some(p), Some(v)) => dict[p].1 = v,
                (None, Some(v)) => dict.push((key(), v)),
                (Some(p), None) => {
                    dict.remove(p);
                }
                (None, None) => {
                    return Err(no_attribute(obj, name));
                }
            }
            t.version.set(t.version.get().wrapping_add(1));
            Ok(())
        }
        Value::Other(o) => match o.setattr(vm, name, value) {
            Some(r) => r,
            None => Err(no_attribute(obj, name)),
        },
        _ => {
            if let Some(t) = method_table_type(obj)
                && find_builtin_method(t, name.as_str()).is_some()
            {
                return raise(
                    BuiltinType::AttributeError,
                    format!(
                        "'{}' object attribute '{}' is read-only",
                        type_name(obj),
                        name.as_str()
                    ),
                );
            }
            Err(no_attribute(obj, name))
        }
    }
}

fn busy() -> PyErr {
    PyErr::new(BuiltinType::RuntimeError, "object is being modified")
}

//! The builtin modules (`sys`, `math`, `time`) as objects, and `import` of them.
//!
//! A module is a [`PyModule`]: a name and a namespace of `str` keys, behind `Value::Other`.
//! [`import`] builds each module once per thread (values hold `Rc`s) and returns the same object
//! afterwards, so `import sys` twice gives one module and attributes set on it persist, as in
//! CPython. Process-wide state that the tiers read (`sys.argv`, the recursion limit) lives in
//! [`sys`] behind plain functions, not in the module object.

pub mod math;
pub mod math_int;
pub mod sys;
pub mod time;

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::interp::Interp;
use crate::object::{BuiltinFn, PyBuiltin, PyObject, PyType};
use crate::types::{PyDict, PyStr};
use crate::value::Value;

/// A module object (or, with `kind` [`ModuleKind::Namespace`], a `types.SimpleNamespace` such
/// as `sys.implementation`).
#[derive(Debug)]
pub struct PyModule {
    /// `__name__`.
    pub name: String,
    /// The namespace (`__dict__`): `str` keys only.
    pub dict: PyDict,
    kind: ModuleKind,
}

/// What a [`PyModule`] presents itself as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ModuleKind {
    Module,
    Namespace,
}

impl PyModule {
    /// A module named `name` with the given attributes.
    pub fn new(name: &str, attrs: Vec<(&str, Value)>) -> PyModule {
        let dict = PyDict::new();
        let _ = dict.set_str(
            &Rc::new(PyStr::new("__name__".to_owned())),
            Value::str(name),
        );
        for (k, v) in attrs {
            let _ = dict.set_str(&Rc::new(PyStr::new(k.to_owned())), v);
        }
        PyModule {
            name: name.to_owned(),
            dict,
            kind: ModuleKind::Module,
        }
    }

    /// A `types.SimpleNamespace` with the given attributes (in that order for its repr).
    pub fn namespace(attrs: Vec<(&str, Value)>) -> PyModule {
        let dict = PyDict::new();
        for (k, v) in attrs {
            let _ = dict.set_str(&Rc::new(PyStr::new(k.to_owned())), v);
        }
        PyModule {
            name: String::new(),
            dict,
            kind: ModuleKind::Namespace,
        }
    }
}

impl PyObject for PyModule {
    fn type_name(&self) -> &str {
        match self.kind {
            ModuleKind::Module => "module",
            ModuleKind::Namespace => "types.SimpleNamespace",
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn class(&self) -> Option<Rc<PyType>> {
        match self.kind {
            ModuleKind::Module => Some(BuiltinType::Module.class()),
            ModuleKind::Namespace => None,
        }
    }

    fn repr(&self, vm: &mut dyn Interp) -> Option<PyResult<String>> {
        match self.kind {
            ModuleKind::Module => Some(Ok(format!("<module '{}' (built-in)>", self.name))),
            ModuleKind::Namespace => {
                let mut parts = Vec::new();
                for e in self.dict.entries() {
                    let key = match &e.key {
                        Value::Str(s) => s.as_str().to_owned(),
                        _ => continue,
                    };
                    match crate::ops::repr(vm, &e.value) {
                        Ok(r) => parts.push(format!("{key}={r}")),
                        Err(err) => return Some(Err(err)),
                    }
                }
                Some(Ok(format!("namespace({})", parts.join(", "))))
            }
        }
    }

    fn getattr(
        &self,
        _vm: &mut dyn Interp,
        _this: &Value,
        name: &PyStr,
    ) -> Option<PyResult<Value>> {
        if name.as_str() == "__dict__" {
            return match self.dict.copy() {
                Ok(d) => Some(Ok(Value::Dict(Rc::new(d)))),
                Err(e) => Some(Err(e)),
            };
        }
        match self.dict.get_pystr(name) {
            Some(v) => Some(Ok(v)),
            None if self.kind == ModuleKind::Module => Some(raise(
                BuiltinType::AttributeError,
                format!(
                    "module '{}' has no attribute '{}'",
                    self.name,
                    name.as_str()
                ),
            )),
            None => None,
        }
    }

    fn setattr(
        &self,
        _vm: &mut dyn Interp,
        name: &PyStr,
        value: Option<Value>,
    ) -> Option<PyResult<()>> {
        Some(match value {
            Some(v) => self
                .dict
                .set_str(&Rc::new(PyStr::new(name.as_str().to_owned())), v)
                .map(drop),
            None => match self.dict.remove_str(name.as_str()) {
                Ok(Some(_)) => Ok(()),
                Ok(None) => raise(
                    BuiltinType::AttributeError,
                    format!(
                        "module '{}' has no attribute '{}'",
                        self.name,
                        name.as_str()
                    ),
                ),
                Err(e) => Err(e),
            },
        })
    }
}

/// A builtin function value (for module namespaces).
pub fn function(name: &'static str, func: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(PyBuiltin {
        name,
        func,
        receiver: None,
    }))
}

/// A module value.
fn module_value(m: PyModule) -> Value {
    Value::Other(Rc::new(Box::new(m)))
}

thread_local! {
    static MODULES: RefCell<HashMap<&'static str, Value>> = RefCell::new(HashMap::new());
}

/// The names of the builtin modules.
pub const NAMES: &[&str] = &["math", "sys", "time"];

/// `import name` for a builtin module: the module object, the same one at every call;
/// `ModuleNotFoundError: No module named 'x'` for anything else.
pub fn import(name: &str) -> PyResult<Value> {
    if let Some(m) = cached(name) {
        return Ok(m);
    }
    let (key, module) = match name {
        "sys" => ("sys", sys::build()),
        "math" => ("math", math::build()),
        "time" => ("time", time::build()),
        _ => {
            let err = crate::error::PyErr::new(
                BuiltinType::ModuleNotFoundError,
                format!("No module named '{name}'"),
            );
            // CPython sets `e.name` too.
            let _ = err
                .0
                .dict
                .set_str(&Rc::new(PyStr::new("name".to_owned())), Value::str(name));
            return Err(err);
        }
    };
    let value = module_value(module);
    MODULES.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            m.insert(key, value.clone());
        }
    });
    Ok(value)
}

/// The module `name` if this thread has imported it already.
pub(crate) fn cached(name: &str) -> Option<Value> {
    MODULES.with(|m| m.try_borrow().ok().and_then(|m| m.get(name).cloned()))
}

/// The attribute `attr` of an already imported module.
pub(crate) fn cached_attr(module: &str, attr: &str) -> Option<Value> {
    let Value::Other(o) = cached(module)? else {
        return None;
    };
    o.as_any().downcast_ref::<PyModule>()?.dict.get_str(attr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{err_text, show};
    use crate::ops::test_support::NoInterp;

    #[test]
    fn import_returns_one_module() {
        let a = import("math").unwrap();
        let b = import("math").unwrap();
        assert!(a.is(&b));
        assert_eq!(show(Ok(a)), Ok("<module 'math' (built-in)>".into()));
        let e = import("nonexistent").unwrap_err();
        assert_eq!(
            err_text(&e),
            "ModuleNotFoundError: No module named 'nonexistent'"
        );
    }

    #[test]
    fn module_attributes() {
        let m = import("math").unwrap();
        let pi = crate::ops::getattr(&mut NoInterp, &m, &PyStr::new("pi".to_owned())).unwrap();
        assert_eq!(show(Ok(pi)), Ok("3.141592653589793".into()));
        let missing = crate::ops::getattr(&mut NoInterp, &m, &PyStr::new("nope".to_owned()));
        assert_eq!(
            err_text(&missing.unwrap_err()),
            "AttributeError: module 'math' has no attribute 'nope'"
        );
    }
}

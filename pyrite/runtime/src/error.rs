//! Python exceptions as Rust values: `PyResult<T> = Result<T, PyErr>`.
//!
//! A `PyErr` is a raised exception instance. Runtime code never panics on a Python-level error;
//! it returns `Err(PyErr::new(BuiltinType::ZeroDivisionError, "division by zero"))` with
//! CPython's exact message, and tiers propagate it, adding traceback entries as it unwinds.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::object::{PyException, PyType};
use crate::types::PyDict;
use crate::value::Value;

/// A raised Python exception.
#[derive(Debug, Clone)]
pub struct PyErr(pub Rc<PyException>);

/// The result of anything that can raise.
pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    /// A new exception of a builtin class with one string argument (the message).
    pub fn new(kind: BuiltinType, msg: impl Into<String>) -> PyErr {
        PyErr::with_args(kind.class(), vec![Value::str(msg)])
    }

    /// A new exception of any class with the given `args`.
    pub fn with_args(class: Rc<PyType>, args: Vec<Value>) -> PyErr {
        PyErr(Rc::new(PyException {
            class,
            args: RefCell::new(args),
            traceback: RefCell::new(Vec::new()),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
            dict: PyDict::default(),
        }))
    }

    /// The exception's class.
    pub fn class(&self) -> &Rc<PyType> {
        &self.0.class
    }

    /// Whether the exception is an instance of the builtin class `kind` (or a subclass).
    pub fn matches(&self, kind: BuiltinType) -> bool {
        let class = &self.0.class;
        class.builtin == Some(kind) || class.mro_tail.iter().any(|c| c.builtin == Some(kind))
    }
}

/// Shorthand for `Err(PyErr::new(kind, msg))`.
pub fn raise<T>(kind: BuiltinType, msg: impl Into<String>) -> PyResult<T> {
    Err(PyErr::new(kind, msg))
}

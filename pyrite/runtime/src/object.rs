//! The object kinds behind `Value`'s pointer variants other than containers: classes, instances,
//! functions, builtins, bound methods, exceptions, `range`, `slice`, and the open-ended
//! [`PyObject`] trait for rarer kinds.
//!
//! A Python function's body is tier-specific (an AST for the tree tier, a code object for the
//! VM and JIT): [`PyFunction::body`] holds it as `Rc<dyn Any>` and only the tier that made it
//! downcasts it. Everything else here is tier-neutral.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::error::PyResult;
use crate::interp::Interp;
use crate::types::{PyDict, PyStr};
use crate::value::Value;

/// A rarer object kind, boxed behind `Value::Other`.
pub trait PyObject: std::fmt::Debug {
    /// The Python type name (`type(x).__name__`).
    fn type_name(&self) -> &str;
    /// Downcasting to the concrete kind.
    fn as_any(&self) -> &dyn Any;

    // The protocol hooks below have defaults meaning "not supported", so a kind implements only
    // what it has. `crate::ops` calls them; `this` is the `Value` holding `self` (to bind
    // methods or return itself).

    /// The class object (`type(x)`); `None` lets the runtime make one from `type_name`.
    fn class(&self) -> Option<Rc<crate::object::PyType>> {
        None
    }

    /// Whether this is an iterator (`iter(x)` returns `x` itself).
    fn is_iterator(&self) -> bool {
        false
    }

    /// `next(x)`: `Some(Ok(None))` when exhausted; `None` when `x` is not an iterator.
    fn iter_next(&self, _vm: &mut dyn Interp) -> Option<PyResult<Option<Value>>> {
        None
    }

    /// `next(x)` for an iterator of `int`s that runs no code and cannot fail (a range
    /// iterator): `Some(Some(i))`, or `Some(None)` when exhausted; `None` for every other kind,
    /// which goes through [`PyObject::iter_next`]. One virtual call where a downcast is two:
    /// the interpreters' `for` loops ask it on every step.
    fn next_int(&self) -> Option<Option<i64>> {
        None
    }

    /// `next(x)` for an iterator whose step runs no code (a list iterator): `Some(Some(v))`,
    /// or `Some(None)` when exhausted; `None` for other kinds, and for a step that would
    /// raise, which [`PyObject::iter_next`] then takes. For callers without an interpreter at
    /// hand (native code's pure helpers).
    fn next_plain(&self) -> Option<Option<Value>> {
        None
    }

    /// What the `StopIteration` of an exhausted iterator carries: a generator's return value
    /// (`None` for iterators that carry nothing).
    fn stop_value(&self) -> Option<Value> {
        None
    }

    /// `iter(x)` for a non-iterator iterable (a dict view, say); `None` when not iterable.
    fn iter(&self, _vm: &mut dyn Interp, _this: &Value) -> Option<PyResult<Value>> {
        None
    }

    /// `len(x)`; `None` when `x` has no length.
    fn length(&self) -> Option<usize> {
        None
    }

    /// `repr(x)`; `None` for the default `<name object at 0x...>`.
    fn repr(&self, _vm: &mut dyn Interp) -> Option<PyResult<String>> {
        None
    }

    /// `x.name`; `None` when there is no such attribute (the caller raises `AttributeError`).
    fn getattr(
        &self,
        _vm: &mut dyn Interp,
        _this: &Value,
        _name: &PyStr,
    ) -> Option<PyResult<Value>> {
        None
    }

    /// `x.name = value` (`value` `None`: `del x.name`); `None` when not supported.
    fn setattr(
        &self,
        _vm: &mut dyn Interp,
        _name: &PyStr,
        _value: Option<Value>,
    ) -> Option<PyResult<()>> {
        None
    }

    /// `x(*args, **kwargs)`; `None` when not callable.
    fn call(
        &self,
        _vm: &mut dyn Interp,
        _this: &Value,
        _args: &[Value],
        _kwargs: &[(Rc<PyStr>, Value)],
    ) -> Option<PyResult<Value>> {
        None
    }

    /// `key in x`; `None` to fall back to iteration.
    fn contains(&self, _vm: &mut dyn Interp, _item: &Value) -> Option<PyResult<bool>> {
        None
    }

    /// `x == other` (`Some(Ok(b))`), or `None` for "not implemented" (identity is used).
    fn eq(&self, _vm: &mut dyn Interp, _this: &Value, _other: &Value) -> Option<PyResult<bool>> {
        None
    }
}

/// A class: builtin (`int`, `ValueError`) or defined by a `class` statement.
#[derive(Debug)]
pub struct PyType {
    /// `__name__`.
    pub name: String,
    /// `__qualname__`.
    pub qualname: String,
    /// `__module__` (`builtins` for builtin types).
    pub module: String,
    /// Direct bases, in order.
    pub bases: Vec<Rc<PyType>>,
    /// The method resolution order (C3), starting with the class itself... except that a class
    /// cannot hold an `Rc` to itself, so `mro` lists the classes after it.
    pub mro_tail: Vec<Rc<PyType>>,
    /// The class namespace (`__dict__`), in definition order.
    pub dict: RefCell<Vec<(Rc<PyStr>, Value)>>,
    /// Bumped on every change to this class or its bases' namespaces; inline caches key on it.
    pub version: Cell<u64>,
    /// For builtin types, which one (so the runtime dispatches on it without string compares).
    pub builtin: Option<crate::builtin_type::BuiltinType>,
}

/// An instance of a user-defined class.
#[derive(Debug)]
pub struct PyInstance {
    /// Its class.
    pub class: Rc<PyType>,
    /// Its attributes (`__dict__`).
    pub dict: PyDict,
}

/// A Python function (`def` or `lambda`).
pub struct PyFunction {
    /// `__name__`.
    pub name: String,
    /// `__qualname__`.
    pub qualname: String,
    /// Positional defaults (`__defaults__`).
    pub defaults: Vec<Value>,
    /// Keyword-only defaults (`__kwdefaults__`).
    pub kwdefaults: Vec<(Rc<PyStr>, Value)>,
    /// Cells of the free variables, in `co_freevars` order.
    pub closure: Vec<Rc<RefCell<Option<Value>>>>,
    /// The tier-specific body; only the tier that created it downcasts it.
    pub body: Rc<dyn Any>,
}

impl std::fmt::Debug for PyFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<function {}>", self.qualname)
    }
}

/// The signature of a function implemented in Rust: positional arguments, then keyword
/// arguments as (name, value) pairs.
pub type BuiltinFn = fn(&mut dyn Interp, &[Value], &[(Rc<PyStr>, Value)]) -> PyResult<Value>;

/// A builtin function, or a builtin method bound to its receiver.
#[derive(Debug)]
pub struct PyBuiltin {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation; for a bound method the receiver is passed as the first argument.
    pub func: BuiltinFn,
    /// The receiver of a bound builtin method (`[].append`).
    pub receiver: Option<Value>,
}

/// A bound method: a function with its `self`.
#[derive(Debug)]
pub struct PyMethod {
    /// `__func__`.
    pub func: Value,
    /// `__self__`.
    pub receiver: Value,
}

/// One line of a traceback: where an exception passed through.
#[derive(Debug, Clone)]
pub struct TracebackEntry {
    /// The file name as given to the tier.
    pub filename: Rc<str>,
    /// 1-based line.
    pub lineno: u32,
    /// The function name (`<module>` for module code).
    pub name: Rc<str>,
}

/// An exception instance (of `BaseException` or any subclass, builtin or user-defined).
#[derive(Debug)]
pub struct PyException {
    /// Its class.
    pub class: Rc<PyType>,
    /// `args`.
    pub args: RefCell<Vec<Value>>,
    /// The frames it unwound through, outermost first.
    pub traceback: RefCell<Vec<TracebackEntry>>,
    /// `__cause__` (`raise ... from ...`).
    pub cause: RefCell<Option<Value>>,
    /// `__context__` (the exception being handled when this one was raised).
    pub context: RefCell<Option<Value>>,
    /// `__suppress_context__`.
    pub suppress_context: Cell<bool>,
    /// Other attributes set on it.
    pub dict: PyDict,
}

/// A `range` object.
#[derive(Debug, Clone)]
pub struct PyRange {
    /// Start.
    pub start: Value,
    /// Stop.
    pub stop: Value,
    /// Step (never zero).
    pub step: Value,
}

/// A `slice` object.
#[derive(Debug, Clone)]
pub struct PySlice {
    /// Start (`None` if omitted).
    pub start: Value,
    /// Stop (`None` if omitted).
    pub stop: Value,
    /// Step (`None` if omitted).
    pub step: Value,
}

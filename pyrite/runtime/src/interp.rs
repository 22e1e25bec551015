//! The interface every tier implements so that runtime code can call back into Python code.
//!
//! Builtins and runtime operations sometimes run user code: `sorted(key=f)`, a user `__eq__`
//! inside a dict lookup, `__repr__` inside `print`. They receive a `&mut dyn Interp` and go
//! through it; the runtime itself never knows how a function body is evaluated.

use std::rc::Rc;

use crate::error::PyResult;
use crate::object::PyFunction;
use crate::types::PyStr;
use crate::value::Value;

/// What a tier provides to the runtime.
pub trait Interp {
    /// Calls a Python function (whose body this tier created) with positional arguments and
    /// keyword arguments as (name, value) pairs.
    fn call_function(
        &mut self,
        func: &Rc<PyFunction>,
        args: &[Value],
        kwargs: &[(Rc<PyStr>, Value)],
    ) -> PyResult<Value>;

    /// The tier itself, for objects a tier made that want its own fast paths back when runtime
    /// code hands them the tier (a VM generator resumed by `sum`, say); `None` by default.
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        None
    }
}

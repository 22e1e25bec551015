//! Test helpers for builtins, methods and modules: call a [`BuiltinFn`] without a tier and see
//! its result as CPython would print it (`repr`, or `TypeError: message`).

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::object::BuiltinFn;
use crate::ops;
use crate::ops::test_support::NoInterp;
use crate::types::PyStr;
use crate::value::Value;

/// `ExceptionName: message`, as the corpus scripts print exceptions.
pub fn err_text(e: &PyErr) -> String {
    let args = e.0.args.borrow();
    let msg = match args.as_slice() {
        [] => String::new(),
        [Value::Str(s)] => s.as_str().to_owned(),
        [one] => ops::str_(&mut NoInterp, one).unwrap_or_default(),
        many => ops::repr(&mut NoInterp, &Value::tuple(many.to_vec())).unwrap_or_default(),
    };
    format!("{}: {msg}", e.class().name)
}

/// `repr(result)` or `Err(err_text)`.
pub fn show(r: PyResult<Value>) -> Result<String, String> {
    match r {
        Ok(v) => ops::repr(&mut NoInterp, &v).map_err(|e| err_text(&e)),
        Err(e) => Err(err_text(&e)),
    }
}

/// A keyword argument.
pub fn kw(name: &str, v: Value) -> (Rc<PyStr>, Value) {
    (Rc::new(PyStr::new(name.to_owned())), v)
}

/// Calls `f(*args, **kwargs)` and shows the outcome (see [`show`]).
pub fn call(f: BuiltinFn, args: &[Value], kwargs: &[(Rc<PyStr>, Value)]) -> Result<String, String> {
    show(f(&mut NoInterp, args, kwargs))
}

/// A `str` value.
pub fn s(text: &str) -> Value {
    Value::str(text)
}

/// A list of ints.
pub fn ints(items: &[i64]) -> Value {
    Value::list(items.iter().map(|&i| Value::Int(i)).collect())
}

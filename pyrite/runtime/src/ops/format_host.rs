//! The bridge from [`crate::format`] to the object protocol: a [`FormatHost`] whose `str`,
//! `repr`, item and attribute access go through `ops`, so `'%s' % x`, `'{0[k]}'.format(d)` and
//! `format(x, spec)` see every kind (and, later, user dunders) exactly as the operators do.

use crate::error::PyResult;
use crate::format::{FormatHost, format_builtin, object_format};
use crate::interp::Interp;
use crate::value::Value;

/// A [`FormatHost`] over a tier's interpreter.
pub struct Host<'a>(pub &'a mut dyn Interp);

impl FormatHost for Host<'_> {
    fn str(&mut self, v: &Value) -> PyResult<String> {
        super::str_(self.0, v)
    }

    fn repr(&mut self, v: &Value) -> PyResult<String> {
        super::repr(self.0, v)
    }

    fn getattr(&mut self, v: &Value, name: &str) -> PyResult<Value> {
        let name = crate::types::PyStr::new(name.to_owned());
        super::getattr(self.0, v, &name)
    }

    fn getitem(&mut self, v: &Value, key: &Value) -> PyResult<Value> {
        super::getitem(self.0, v, key)
    }
}

/// `format(v, spec)`: the builtin scalars' `__format__`, else `object.__format__` (`str(v)` for
/// an empty spec, `TypeError` otherwise).
pub fn format(vm: &mut dyn Interp, v: &Value, spec: &str) -> PyResult<String> {
    match format_builtin(v, spec) {
        Some(result) => result,
        None => object_format(&mut Host(vm), v, spec),
    }
}

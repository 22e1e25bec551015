//! Function objects made by the VM: the runtime's [`PyFunction`] with a [`VmFunction`] body
//! (the prepared code and the module namespace it runs in), and `MakeFunction`.
//!
//! Invariant: a `PyFunction` whose body downcasts to [`VmFunction`] was made here, from a code
//! object that went through [`VmCode::prepare`]; its `closure` has exactly one cell per free
//! variable of the code (`MakeFunction` takes them from the creating frame, whose cell count
//! the validator checked against `code.closure`).

use std::rc::Rc;

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::object::PyFunction;
use pyrite_runtime::types::{PyDict, PyStr};
use pyrite_runtime::value::Value;

use crate::code::VmCode;
use crate::frame::CellRef;

/// The body of a function made by the VM (behind `PyFunction::body`).
pub struct VmFunction {
    /// The prepared code.
    pub code: Rc<VmCode>,
    /// The namespace of the module that defined it.
    pub globals: Rc<PyDict>,
}

/// A new function for `code`, defined in `globals`, with its defaults and closure cells.
pub(crate) fn make_function(
    code: Rc<VmCode>,
    globals: Rc<PyDict>,
    defaults: Vec<Value>,
    kwdefaults: Vec<(Rc<PyStr>, Value)>,
    closure: Vec<CellRef>,
) -> Value {
    let name = code.code.name.clone();
    let qualname = code.code.qualname.clone();
    Value::Function(Rc::new(PyFunction {
        name,
        qualname,
        defaults,
        kwdefaults,
        closure,
        body: Rc::new(VmFunction { code, globals }),
    }))
}

/// Keyword-only defaults, as `PyFunction::kwdefaults` holds them.
pub(crate) type KwDefaults = Vec<(Rc<PyStr>, Value)>;

/// `MakeFunctionDefaults`' operands: the positional defaults (a tuple or `None`) and the
/// keyword-only defaults (a dict or `None`).
pub(crate) fn defaults_of(
    positional: &Value,
    kwonly: &Value,
) -> PyResult<(Vec<Value>, KwDefaults)> {
    let defaults = match positional {
        Value::None => Vec::new(),
        Value::Tuple(t) => t.items().to_vec(),
        _ => return Err(bad_defaults()),
    };
    let kwdefaults = match kwonly {
        Value::None => Vec::new(),
        Value::Dict(d) => {
            let mut out = Vec::with_capacity(d.len());
            for e in d.entries() {
                match e.key {
                    Value::Str(k) => out.push((k, e.value)),
                    _ => return Err(bad_defaults()),
                }
            }
            out
        }
        _ => return Err(bad_defaults()),
    };
    Ok((defaults, kwdefaults))
}

fn bad_defaults() -> PyErr {
    PyErr::new(
        BuiltinType::SystemError,
        "MakeFunctionDefaults: bad defaults",
    )
}

/// The VM body of `f`, if the VM made it.
#[inline]
pub(crate) fn vm_body(f: &PyFunction) -> Option<&VmFunction> {
    f.body.downcast_ref::<VmFunction>()
}

//! f-strings: each field's value converted (`!s`, `!r`, `!a`) and formatted with its spec
//! through the runtime's `format`, the literal parts copied.

use pyrite_runtime::error::PyResult;
use pyrite_runtime::ops;
use pyrite_runtime::value::Value;

use super::expr::eval;
use super::{Frame, TreeVm};
use crate::node::FPart;

/// The text of an f-string (or of a nested format spec).
pub fn eval_fstring(vm: &mut TreeVm, f: &mut Frame, parts: &[FPart]) -> PyResult<String> {
    let mut out = String::new();
    for part in parts {
        match part {
            FPart::Lit(text) => out.push_str(text),
            FPart::Field {
                value,
                conversion,
                spec,
            } => {
                let v = eval(vm, f, value)?;
                let v = match conversion {
                    Some(b's') => Value::str(ops::str_(vm, &v)?),
                    Some(b'r') => Value::str(ops::repr(vm, &v)?),
                    Some(b'a') => Value::str(ops::ascii(vm, &v)?),
                    _ => v,
                };
                let spec = match spec {
                    Some(parts) => eval_fstring(vm, f, parts)?,
                    None => String::new(),
                };
                match &v {
                    Value::Str(s) if spec.is_empty() => out.push_str(s.as_str()),
                    _ => out.push_str(&ops::format(vm, &v, &spec)?),
                }
            }
        }
    }
    Ok(out)
}

//! `repr(x)`, `str(x)` and `ascii(x)` for every builtin kind, as CPython 3.11 prints them.
//!
//! Containers recurse through [`repr`] and guard against self-reference as CPython's
//! `Py_ReprEnter` does: a list that contains itself prints as `[[...]]`, a dict as `{1: {...}}`,
//! a tuple reached again through a list as `(...)`. The guard is a per-thread stack of the
//! addresses being printed; it is popped even when an element's repr raises. Deep nesting
//! raises `RecursionError` ([`super::RecursionGuard`]).
//!
//! Object addresses in reprs (`<function f at 0x7f...>`) are pyrite's own, so they differ from
//! CPython's as they differ between two CPython runs.

use std::cell::RefCell;

use crate::builtin_type::BuiltinType;
use crate::error::PyResult;
use crate::format::{ascii_escape, scalar_repr, type_name};
use crate::interp::Interp;
use crate::str_repr::bytes_repr;
use crate::value::Value;

use super::RecursionGuard;
use super::hash::{addr_of, identity};

thread_local! {
    static PRINTING: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Marks a container as being printed; `None` if it already is (self-reference).
struct ReprGuard(usize);

impl ReprGuard {
    fn enter(addr: usize) -> Option<ReprGuard> {
        PRINTING.with(|p| {
            let mut p = p.borrow_mut();
            if p.contains(&addr) {
                None
            } else {
                p.push(addr);
                Some(ReprGuard(addr))
            }
        })
    }
}

impl Drop for ReprGuard {
    fn drop(&mut self) {
        PRINTING.with(|p| {
            let mut p = p.borrow_mut();
            if let Some(i) = p.iter().rposition(|&a| a == self.0) {
                p.remove(i);
            }
        });
    }
}

/// `repr(v)`.
pub fn repr(vm: &mut dyn Interp, v: &Value) -> PyResult<String> {
    if let Some(s) = scalar_repr(v) {
        return s;
    }
    let _depth = RecursionGuard::enter(" while getting the repr of an object")?;
    Ok(match v {
        Value::Bytes(b) => bytes_repr(b.as_bytes()),
        Value::Tuple(t) => {
            let Some(_g) = ReprGuard::enter(addr_of(t)) else {
                return Ok("(...)".to_owned());
            };
            let items = t.items();
            let mut out = String::from("(");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&repr(vm, item)?);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
            out
        }
        Value::List(l) => {
            let Some(_g) = ReprGuard::enter(addr_of(l)) else {
                return Ok("[...]".to_owned());
            };
            let mut out = String::from("[");
            let mut i = 0;
            // Re-read the length each step: an element's repr may mutate the list.
            while let Some(item) = l.items.try_borrow().ok().and_then(|x| x.get(i).cloned()) {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&repr(vm, &item)?);
                i += 1;
            }
            out.push(']');
            out
        }
        Value::Dict(d) => {
            let Some(_g) = ReprGuard::enter(addr_of(d)) else {
                return Ok("{...}".to_owned());
            };
            let mut out = String::from("{");
            let mut pos = 0;
            let mut first = true;
            while let Some((at, e)) = d.entry_from(pos) {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                out.push_str(&repr(vm, &e.key)?);
                out.push_str(": ");
                out.push_str(&repr(vm, &e.value)?);
                pos = at + 1;
            }
            out.push('}');
            out
        }
        Value::Set(s) | Value::FrozenSet(s) => {
            let name = type_name(v);
            let Some(_g) = ReprGuard::enter(addr_of(s)) else {
                return Ok(format!("{name}(...)"));
            };
            let items = s.items();
            if items.is_empty() {
                return Ok(format!("{name}()"));
            }
            let mut out = String::from("{");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&repr(vm, item)?);
            }
            out.push('}');
            if matches!(v, Value::FrozenSet(_)) {
                format!("frozenset({out})")
            } else {
                out
            }
        }
        Value::Range(r) => {
            let start = repr(vm, &r.start)?;
            let stop = repr(vm, &r.stop)?;
            if matches!(r.step, Value::Int(1)) {
                format!("range({start}, {stop})")
            } else {
                format!("range({start}, {stop}, {})", repr(vm, &r.step)?)
            }
        }
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            repr(vm, &s.start)?,
            repr(vm, &s.stop)?,
            repr(vm, &s.step)?
        ),
        Value::Type(t) => {
            if t.module == "builtins" {
                format!("<class '{}'>", t.qualname)
            } else {
                format!("<class '{}.{}'>", t.module, t.qualname)
            }
        }
        Value::Function(f) => format!("<function {} at {:#x}>", f.qualname, addr_of(f)),
        Value::Builtin(b) => match &b.receiver {
            None => format!("<built-in function {}>", b.name),
            Some(r) => match r {
                Value::Type(t) => format!(
                    "<built-in method {} of type object at {:#x}>",
                    b.name,
                    addr_of(t)
                ),
                _ => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    type_name(r),
                    identity(r)
                ),
            },
        },
        Value::Method(m) => {
            let name = match &m.func {
                Value::Function(f) => f.qualname.clone(),
                Value::Builtin(b) => b.name.to_owned(),
                other => type_name(other).into_owned(),
            };
            format!("<bound method {name} of {}>", repr(vm, &m.receiver)?)
        }
        Value::Instance(i) => format!(
            "<{}.{} object at {:#x}>",
            i.class.module,
            i.class.qualname,
            addr_of(i)
        ),
        Value::Exception(e) => {
            let args = e.args.try_borrow().map(|a| a.clone()).unwrap_or_default();
            let name = &e.class.name;
            if args.len() == 1 {
                format!("{name}({})", repr(vm, &args[0])?)
            } else {
                let t = repr(vm, &Value::tuple(args))?;
                if t == "()" {
                    format!("{name}()")
                } else {
                    format!("{name}{t}")
                }
            }
        }
        Value::Other(o) => match o.repr(vm) {
            Some(r) => r?,
            None => format!("<{} object at {:#x}>", o.type_name(), addr_of(o)),
        },
        // Scalars were handled by `scalar_repr`.
        Value::None
        | Value::Bool(_)
        | Value::Int(_)
        | Value::BigInt(_)
        | Value::Float(_)
        | Value::Str(_) => String::new(),
    })
}

/// `str(v)`.
pub fn str_(vm: &mut dyn Interp, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_owned()),
        Value::Float(x) => Ok(crate::float_repr::float_str(*x)),
        Value::Exception(e) => {
            let args = e.args.try_borrow().map(|a| a.clone()).unwrap_or_default();
            let is_key_error = e.class.builtin == Some(BuiltinType::KeyError)
                || e.class
                    .mro_tail
                    .iter()
                    .any(|c| c.builtin == Some(BuiltinType::KeyError));
            match args.len() {
                0 => Ok(String::new()),
                1 if is_key_error => repr(vm, &args[0]),
                1 => str_(vm, &args[0]),
                _ => repr(vm, &Value::tuple(args)),
            }
        }
        _ => repr(vm, v),
    }
}

/// `ascii(v)`: `repr(v)` with non-ASCII characters escaped.
pub fn ascii(vm: &mut dyn Interp, v: &Value) -> PyResult<String> {
    let r = repr(vm, v)?;
    if r.is_ascii() {
        return Ok(r);
    }
    Ok(ascii_escape(&r))
}

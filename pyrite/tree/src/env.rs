//! The tier's view of the runtime's environment: builtins by name, importing builtin modules,
//! `sys.argv`, and flushing the standard streams. One file, so the names agreed with the
//! builtins/modules engineers live in one place.
//!
//! Agreed interface (see the report to the lead): `pyrite_runtime::builtins::lookup(name)`,
//! `pyrite_runtime::modules::import(name)`, `pyrite_runtime::modules::set_argv(argv)`,
//! `pyrite_runtime::io::flush_all()`. Until the runtime registers those modules, this file
//! provides a minimal stand-in (`print` only, no modules) so the tier runs end to end.

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::value::Value;

/// The builtin `name` (`len`, `print`, `ValueError`), if there is one.
pub fn builtin(name: &str) -> Option<Value> {
    shim::lookup(name)
}

/// `import name` of a module the runtime provides.
pub fn import(name: &str) -> PyResult<Value> {
    Err(PyErr::new(
        BuiltinType::ModuleNotFoundError,
        format!("No module named '{name}'"),
    ))
}

/// Sets `sys.argv` for the program about to run.
pub fn set_argv(_argv: &[String]) {}

/// Writes out whatever the program printed (before a traceback goes to stderr, and at exit).
pub fn flush_output() {
    shim::flush();
}

/// Runs `f` with the program's standard output captured; returns what it printed (tests).
pub fn capture_stdout<R>(f: impl FnOnce() -> R) -> (R, String) {
    shim::flush_to_string();
    shim::CAPTURING.with(|c| c.set(true));
    let r = f();
    shim::CAPTURING.with(|c| c.set(false));
    (r, shim::flush_to_string())
}

/// Stand-in builtins until `pyrite_runtime::builtins` is registered.
mod shim {
    use std::io::Write;
    use std::rc::Rc;

    use pyrite_runtime::builtin_type::BuiltinType;
    use pyrite_runtime::error::PyResult;
    use pyrite_runtime::interp::Interp;
    use pyrite_runtime::object::PyBuiltin;
    use pyrite_runtime::ops;
    use pyrite_runtime::types::PyStr;
    use pyrite_runtime::value::Value;

    thread_local! {
        static OUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        pub static CAPTURING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    pub fn lookup(name: &str) -> Option<Value> {
        let f: pyrite_runtime::object::BuiltinFn = match name {
            "print" => print,
            "len" => len,
            "range" => range,
            _ => {
                return BuiltinType::ALL
                    .iter()
                    .find(|t| t.name() == name)
                    .map(|t| Value::Type(t.class()));
            }
        };
        Some(Value::Builtin(Rc::new(PyBuiltin {
            name: match name {
                "print" => "print",
                "len" => "len",
                _ => "range",
            },
            func: f,
            receiver: None,
        })))
    }

    fn print(vm: &mut dyn Interp, args: &[Value], _kw: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
        let mut parts = Vec::with_capacity(args.len());
        for a in args {
            parts.push(ops::str_(vm, a)?);
        }
        let line = parts.join(" ") + "\n";
        OUT.with(|o| o.borrow_mut().extend_from_slice(line.as_bytes()));
        Ok(Value::None)
    }

    fn len(vm: &mut dyn Interp, args: &[Value], _kw: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
        match args {
            [x] => Ok(Value::Int(ops::len(vm, x)? as i64)),
            _ => pyrite_runtime::error::raise(BuiltinType::TypeError, "len() takes exactly one argument"),
        }
    }

    fn range(_vm: &mut dyn Interp, args: &[Value], _kw: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
        let (start, stop, step) = match args {
            [b] => (Value::Int(0), b.clone(), Value::Int(1)),
            [a, b] => (a.clone(), b.clone(), Value::Int(1)),
            [a, b, c] => (a.clone(), b.clone(), c.clone()),
            _ => return pyrite_runtime::error::raise(BuiltinType::TypeError, "range expected 1 to 3 arguments"),
        };
        Ok(Value::Range(Rc::new(pyrite_runtime::object::PyRange { start, stop, step })))
    }

    pub fn flush_to_string() -> String {
        OUT.with(|o| String::from_utf8_lossy(&std::mem::take(&mut *o.borrow_mut())).into_owned())
    }

    pub fn flush() {
        if CAPTURING.with(|c| c.get()) {
            return;
        }
        OUT.with(|o| {
            let mut o = o.borrow_mut();
            let _ = std::io::stdout().write_all(&o);
            let _ = std::io::stdout().flush();
            o.clear();
        });
    }
}

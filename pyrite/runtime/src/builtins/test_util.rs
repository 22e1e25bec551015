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
    let key_error = e.matches(crate::builtin_type::BuiltinType::KeyError);
    let msg = match args.as_slice() {
        [] => String::new(),
        [one] if key_error => ops::repr(&mut NoInterp, one).unwrap_or_default(),
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

/// What a differential case calls.
pub enum Callee {
    /// `recv.name(...)`: the receiver's repr is shown after the call too (mutations count).
    Method(Value, &'static str),
    /// A builtin function or class by name (`len`, `int`).
    Builtin(&'static str),
    /// `module.name(...)`.
    Module(&'static str, &'static str),
}

/// One call to compare with CPython.
pub struct Case {
    /// The callee.
    pub callee: Callee,
    /// Positional arguments.
    pub args: Vec<Value>,
    /// Keyword arguments.
    pub kwargs: Vec<(&'static str, Value)>,
}

/// A method call case.
pub fn method(recv: Value, name: &'static str, args: Vec<Value>) -> Case {
    Case {
        callee: Callee::Method(recv, name),
        args,
        kwargs: Vec::new(),
    }
}

/// A builtin call case.
pub fn builtin(name: &'static str, args: Vec<Value>) -> Case {
    Case {
        callee: Callee::Builtin(name),
        args,
        kwargs: Vec::new(),
    }
}

/// A module function call case.
pub fn module_fn(module: &'static str, name: &'static str, args: Vec<Value>) -> Case {
    Case {
        callee: Callee::Module(module, name),
        args,
        kwargs: Vec::new(),
    }
}

impl Case {
    /// Adds a keyword argument.
    pub fn kw(mut self, name: &'static str, v: Value) -> Case {
        self.kwargs.push((name, v));
        self
    }
}

fn repr_of(v: &Value) -> String {
    ops::repr(&mut NoInterp, v).unwrap_or_else(|e| format!("<repr failed: {}>", err_text(&e)))
}

/// The Python source of a case's call.
fn call_text(case: &Case) -> String {
    let mut parts: Vec<String> = case.args.iter().map(repr_of).collect();
    parts.extend(
        case.kwargs
            .iter()
            .map(|(k, v)| format!("{k}={}", repr_of(v))),
    );
    let args = parts.join(", ");
    match &case.callee {
        Callee::Method(_, name) => format!("R.{name}({args})"),
        Callee::Builtin(name) => format!("{name}({args})"),
        Callee::Module(m, name) => format!("{m}.{name}({args})"),
    }
}

/// Pyrite's outcome of a case, formatted as the Python driver prints it.
fn run_case(case: &Case) -> String {
    let kwargs: Vec<(Rc<PyStr>, Value)> =
        case.kwargs.iter().map(|(k, v)| kw(k, v.clone())).collect();
    let mut vm = NoInterp;
    let (result, recv) = match &case.callee {
        Callee::Method(recv, name) => {
            // The methods of this crate's tables, whether or not `ops` serves them yet.
            let found = crate::ops::builtin_type_of(recv)
                .and_then(|t| crate::methods::find(t, name).map(|m| (t, m)));
            let r = match found {
                Some((t, (f, crate::methods::Binding::Instance))) => {
                    let _ = t;
                    let mut full = vec![recv.clone()];
                    full.extend(case.args.iter().cloned());
                    f(&mut vm, &full, &kwargs)
                }
                Some((t, (f, crate::methods::Binding::Class))) => {
                    let mut full = vec![Value::Type(t.class())];
                    full.extend(case.args.iter().cloned());
                    f(&mut vm, &full, &kwargs)
                }
                None => crate::ops::getattr(&mut vm, recv, &PyStr::new((*name).to_owned()))
                    .and_then(|f| ops::call(&mut vm, &f, &case.args, &kwargs)),
            };
            (r, Some(recv))
        }
        Callee::Builtin(name) => {
            let f = crate::builtins::lookup(name).unwrap_or(Value::None);
            let r = match &f {
                Value::Type(t) => match t.builtin.and_then(crate::builtins::constructor) {
                    Some(ctor) => ctor(&mut vm, &case.args, &kwargs),
                    None => ops::call(&mut vm, &f, &case.args, &kwargs),
                },
                _ => ops::call(&mut vm, &f, &case.args, &kwargs),
            };
            (r, None)
        }
        Callee::Module(m, name) => {
            let f = crate::modules::import(m)
                .and_then(|m| crate::ops::getattr(&mut vm, &m, &PyStr::new((*name).to_owned())));
            (
                f.and_then(|f| ops::call(&mut vm, &f, &case.args, &kwargs)),
                None,
            )
        }
    };
    match (result, recv) {
        (Ok(v), Some(r)) => format!("{} | {}", repr_of(&v), repr_of(r)),
        (Ok(v), None) => repr_of(&v),
        (Err(e), _) => format!("!{}", err_text(&e)),
    }
}

const DRIVER: &str = r#"
import sys, math, time
inf = float("inf")
nan = float("nan")
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    kind, recv, call = line.split("\t")
    try:
        if kind == "M":
            R = eval(recv)
            O = eval(call)
            print(repr(O), "|", repr(R))
        else:
            print(repr(eval(call)))
    except Exception as e:
        print("!" + type(e).__name__ + ": " + str(e))
"#;

/// Runs every case under pyrite and CPython; returns the mismatches as readable lines (empty
/// when they all agree, or when CPython is absent).
pub fn differential(cases: &[Case]) -> Vec<String> {
    let mut input = String::new();
    for case in cases {
        let (kind, recv) = match &case.callee {
            Callee::Method(r, _) => ("M", repr_of(r)),
            _ => ("F", String::new()),
        };
        input.push_str(&format!("{kind}\t{recv}\t{}\n", call_text(case)));
    }
    let Some(expected) = crate::test_python::python3(DRIVER, &input, &[]) else {
        return Vec::new();
    };
    let expected: Vec<&str> = expected.lines().collect();
    let mut mismatches = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let ours = run_case(case);
        let theirs = expected.get(i).copied().unwrap_or("<missing>");
        if ours != theirs {
            mismatches.push(format!(
                "{}\n    cpython: {theirs}\n    pyrite:  {ours}",
                input.lines().nth(i).unwrap_or("")
            ));
        }
    }
    mismatches
}

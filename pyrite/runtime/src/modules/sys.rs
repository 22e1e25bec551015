//! The `sys` module, and the process-wide state behind it that the CLI and the tiers share.
//!
//! - [`set_argv`]: the CLI sets `sys.argv` before running a program.
//! - [`recursion_limit`] / [`set_recursion_limit`]: `sys.getrecursionlimit()` and friends; the
//!   tiers read the limit at every call depth check.
//! - `sys.stdout` / `sys.stderr`: objects whose `write`/`flush` go to [`crate::io`]'s buffers;
//!   [`stream_of`] recognizes them so `print` skips the method call.
//! - `sys.set_int_max_str_digits` / `get_int_max_str_digits`: [`crate::int`]'s limit.
//!
//! Decisions: `sys.implementation.name` is `'pyrite'` (CPython says `'cpython'`; a program that
//! checks it is asking which implementation runs it); `sys.version_info` is a plain tuple
//! `(3, 11, 7, 'final', 0)` (CPython's is a struct sequence: `sys.version_info.major` is an
//! `AttributeError` here); `sys.version` starts with `3.11.7` and names pyrite.

use std::any::Any;
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, index_value, no_args, one_arg, positional_only, type_error};
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::int::{self, Int};
use crate::interp::Interp;
use crate::io::{self, Stream};
use crate::object::{PyBuiltin, PyObject};
use crate::types::PyStr;
use crate::value::Value;

use super::{PyModule, function};

/// CPython's default recursion limit.
pub const DEFAULT_RECURSION_LIMIT: usize = 1000;

static RECURSION_LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_RECURSION_LIMIT);
static ARGV: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The current `sys.getrecursionlimit()`.
#[inline]
pub fn recursion_limit() -> usize {
    RECURSION_LIMIT.load(Ordering::Relaxed)
}

/// Sets the recursion limit (the CLI or a test; Python code calls `sys.setrecursionlimit`).
pub fn set_recursion_limit(limit: usize) {
    RECURSION_LIMIT.store(limit.max(1), Ordering::Relaxed);
}

/// Sets `sys.argv` (for modules imported from now on, and the current thread's `sys` if it is
/// already imported).
pub fn set_argv(argv: Vec<String>) {
    if let Some(Value::Other(o)) = super::cached("sys")
        && let Some(m) = o.as_any().downcast_ref::<PyModule>()
    {
        let list = Value::list(argv.iter().map(|a| Value::str(a.clone())).collect());
        let _ = m
            .dict
            .set_str(&Rc::new(PyStr::new("argv".to_owned())), list);
    }
    match ARGV.lock() {
        Ok(mut a) => *a = argv,
        Err(poisoned) => *poisoned.into_inner() = argv,
    }
}

fn argv_value() -> Value {
    let argv = match ARGV.lock() {
        Ok(a) => a.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    Value::list(argv.into_iter().map(Value::str).collect())
}

/// `sys.stdout` / `sys.stderr` / `sys.stdin`: a standard stream as a Python object.
#[derive(Debug)]
pub struct StdStream {
    /// The stream (`None`: stdin).
    stream: Option<Stream>,
}

impl StdStream {
    fn name(&self) -> &'static str {
        match self.stream {
            Some(Stream::Stdout) => "<stdout>",
            Some(Stream::Stderr) => "<stderr>",
            None => "<stdin>",
        }
    }
}

fn bound(name: &'static str, func: crate::object::BuiltinFn, this: &Value) -> Value {
    Value::Builtin(Rc::new(PyBuiltin {
        name,
        func,
        receiver: Some(this.clone()),
    }))
}

impl PyObject for StdStream {
    fn type_name(&self) -> &str {
        "_io.TextIOWrapper"
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut dyn Interp) -> Option<PyResult<String>> {
        let mode = if self.stream.is_some() { "w" } else { "r" };
        Some(Ok(format!(
            "<_io.TextIOWrapper name='{}' mode='{mode}' encoding='utf-8'>",
            self.name()
        )))
    }

    fn getattr(&self, _vm: &mut dyn Interp, this: &Value, name: &PyStr) -> Option<PyResult<Value>> {
        let v = match (name.as_str(), self.stream) {
            ("write", Some(_)) => bound("write", stream_write, this),
            ("flush", _) => bound("flush", stream_flush, this),
            ("readline", None) => bound("readline", stdin_readline, this),
            ("read", None) => bound("read", stdin_read, this),
            ("name", _) => Value::str(self.name()),
            ("encoding", _) => Value::str("utf-8"),
            ("errors", _) => Value::str("strict"),
            ("mode", _) => Value::str(if self.stream.is_some() { "w" } else { "r" }),
            ("closed", _) => Value::Bool(false),
            ("fileno", _) => bound("fileno", stream_fileno, this),
            ("isatty", _) => bound("isatty", stream_isatty, this),
            ("writable", _) => bound("writable", stream_writable, this),
            ("readable", _) => bound("readable", stream_readable, this),
            _ => return None,
        };
        Some(Ok(v))
    }
}

fn receiver_stream<'a>(method: &str, args: &'a [Value]) -> PyResult<(&'a StdStream, &'a [Value])> {
    if let Some((Value::Other(o), rest)) = args.split_first()
        && let Some(s) = o.as_any().downcast_ref::<StdStream>()
    {
        return Ok((s, rest));
    }
    Err(type_error(format!(
        "descriptor '{method}' for '_io.TextIOWrapper' objects doesn't apply to this object"
    )))
}

fn stream_write(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = receiver_stream("write", args)?;
    let text = one_arg("write", rest, kwargs)?;
    let Value::Str(text) = text else {
        return Err(type_error(format!(
            "write() argument must be str, not {}",
            type_name(text)
        )));
    };
    if let Some(stream) = s.stream {
        io::write(stream, text.as_str())?;
    }
    Ok(Value::Int(text.char_len() as i64))
}

fn stream_flush(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = receiver_stream("flush", args)?;
    no_args("flush", rest, kwargs)?;
    if let Some(stream) = s.stream {
        io::flush(stream)?;
    }
    Ok(Value::None)
}

fn stream_fileno(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = receiver_stream("fileno", args)?;
    no_args("fileno", rest, kwargs)?;
    Ok(Value::Int(match s.stream {
        None => 0,
        Some(Stream::Stdout) => 1,
        Some(Stream::Stderr) => 2,
    }))
}

fn stream_isatty(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    use std::io::IsTerminal;
    let (s, rest) = receiver_stream("isatty", args)?;
    no_args("isatty", rest, kwargs)?;
    Ok(Value::Bool(match s.stream {
        None => std::io::stdin().is_terminal(),
        Some(Stream::Stdout) => std::io::stdout().is_terminal(),
        Some(Stream::Stderr) => std::io::stderr().is_terminal(),
    }))
}

fn stream_writable(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = receiver_stream("writable", args)?;
    no_args("writable", rest, kwargs)?;
    Ok(Value::Bool(s.stream.is_some()))
}

fn stream_readable(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = receiver_stream("readable", args)?;
    no_args("readable", rest, kwargs)?;
    Ok(Value::Bool(s.stream.is_none()))
}

fn stdin_readline(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (_, rest) = receiver_stream("readline", args)?;
    positional_only("readline", rest, kwargs, 0, 1)?;
    io::flush(Stream::Stdout)?;
    Ok(Value::str(match io::read_line()? {
        Some(line) => line + "\n",
        None => String::new(),
    }))
}

fn stdin_read(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (_, rest) = receiver_stream("read", args)?;
    positional_only("read", rest, kwargs, 0, 1)?;
    io::flush(Stream::Stdout)?;
    let mut all = String::new();
    while let Some(line) = io::read_line()? {
        all.push_str(&line);
        all.push('\n');
    }
    Ok(Value::str(all))
}

/// A new `sys.stdout`/`sys.stderr` object for `stream`.
pub fn stream_value(stream: Stream) -> Value {
    Value::Other(Rc::new(Box::new(StdStream {
        stream: Some(stream),
    })))
}

/// The standard stream `v` writes to, when `v` is one of the objects above.
pub fn stream_of(v: &Value) -> Option<Stream> {
    match v {
        Value::Other(o) => o.as_any().downcast_ref::<StdStream>()?.stream,
        _ => None,
    }
}

/// `sys.stdout` (or `stderr`, `stdin`) as the program has left it, if `sys` is imported in this
/// thread; `None` means "the real stream" (nothing can have replaced it).
pub fn std_stream_value(name: &str) -> Option<Value> {
    super::cached_attr("sys", name)
}

fn exit(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("exit", args, kwargs, 0, 1)?;
    let exc_args = match args.first() {
        None | Some(Value::None) => Vec::new(),
        Some(code) => vec![code.clone()],
    };
    Err(PyErr::with_args(BuiltinType::SystemExit.class(), exc_args))
}

fn getrecursionlimit(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    no_args("getrecursionlimit", args, kwargs)?;
    Ok(Value::Int(recursion_limit() as i64))
}

fn setrecursionlimit(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("setrecursionlimit", args, kwargs)?;
    if matches!(v, Value::Float(_)) {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let n = index_value(v)?;
    match Int::from_value(&n).and_then(|i| i.to_i64()) {
        Some(n) if n < 1 => raise(
            BuiltinType::ValueError,
            "recursion limit must be greater or equal than 1",
        ),
        Some(n) if n <= i64::from(i32::MAX) => {
            set_recursion_limit(n as usize);
            Ok(Value::None)
        }
        _ => raise(
            BuiltinType::OverflowError,
            "Python int too large to convert to C int",
        ),
    }
}

fn get_int_max_str_digits(
    _vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    no_args("get_int_max_str_digits", args, kwargs)?;
    Ok(Value::Int(int::max_str_digits() as i64))
}

fn set_int_max_str_digits(
    _vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let params = crate::builtins::args::Params {
        fname: "set_int_max_str_digits",
        names: &["maxdigits"],
        posonly: 0,
        required: 1,
        kwonly_from: 1,
    };
    let slots = params.bind(args, kwargs)?;
    let Some(v) = &slots[0] else {
        return Err(type_error(
            "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
        ));
    };
    let n = index_value(v)?;
    int::set_max_str_digits(Int::from_value(&n).unwrap_or(Int::Small(0)))?;
    Ok(Value::None)
}

fn intern(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("intern", args, kwargs)?;
    match v {
        Value::Str(_) => Ok(v.clone()),
        other => Err(type_error(format!(
            "intern() argument must be str, not {}",
            type_name(other)
        ))),
    }
}

/// Builds the `sys` module.
pub(super) fn build() -> PyModule {
    let implementation = PyModule::namespace(vec![
        ("name", Value::str("pyrite")),
        ("cache_tag", Value::str("pyrite-311")),
        (
            "version",
            Value::tuple(vec![
                Value::Int(0),
                Value::Int(1),
                Value::Int(0),
                Value::str("alpha"),
                Value::Int(0),
            ]),
        ),
        ("hexversion", Value::Int(0x0001_00A0)),
    ]);
    PyModule::new(
        "sys",
        vec![
            ("argv", argv_value()),
            ("exit", function("exit", exit)),
            ("stdout", stream_value(Stream::Stdout)),
            ("stderr", stream_value(Stream::Stderr)),
            (
                "stdin",
                Value::Other(Rc::new(Box::new(StdStream { stream: None }))),
            ),
            ("__stdout__", stream_value(Stream::Stdout)),
            ("__stderr__", stream_value(Stream::Stderr)),
            ("maxsize", Value::Int(i64::MAX)),
            ("maxunicode", Value::Int(0x10_FFFF)),
            ("byteorder", Value::str("little")),
            ("platform", Value::str("linux")),
            ("executable", Value::str("")),
            ("path", Value::list(Vec::new())),
            ("version", Value::str("3.11.7 (pyrite)")),
            ("hexversion", Value::Int(0x030B_07F0)),
            (
                "version_info",
                Value::tuple(vec![
                    Value::Int(3),
                    Value::Int(11),
                    Value::Int(7),
                    Value::str("final"),
                    Value::Int(0),
                ]),
            ),
            (
                "implementation",
                Value::Other(Rc::new(Box::new(implementation))),
            ),
            (
                "getrecursionlimit",
                function("getrecursionlimit", getrecursionlimit),
            ),
            (
                "setrecursionlimit",
                function("setrecursionlimit", setrecursionlimit),
            ),
            (
                "get_int_max_str_digits",
                function("get_int_max_str_digits", get_int_max_str_digits),
            ),
            (
                "set_int_max_str_digits",
                function("set_int_max_str_digits", set_int_max_str_digits),
            ),
            ("intern", function("intern", intern)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, err_text, s};

    #[test]
    fn exit_raises_system_exit_with_the_code() {
        let e = exit(
            &mut crate::ops::test_support::NoInterp,
            &[Value::Int(3)],
            &[],
        )
        .unwrap_err();
        assert!(e.matches(BuiltinType::SystemExit));
        assert_eq!(err_text(&e), "SystemExit: 3");
        let e = exit(&mut crate::ops::test_support::NoInterp, &[], &[]).unwrap_err();
        assert!(e.0.args.borrow().is_empty());
    }

    #[test]
    fn recursion_limit_round_trips() {
        assert_eq!(call(getrecursionlimit, &[], &[]), Ok("1000".into()));
        assert_eq!(
            call(setrecursionlimit, &[Value::Int(0)], &[]),
            Err("ValueError: recursion limit must be greater or equal than 1".into())
        );
        assert_eq!(
            call(setrecursionlimit, &[Value::Float(1.5)], &[]),
            Err("TypeError: 'float' object cannot be interpreted as an integer".into())
        );
    }

    #[test]
    fn stdout_object_writes_through_the_buffer() {
        let out = stream_value(Stream::Stdout);
        let (r, text, _) = io::capture(|| call(stream_write, &[out.clone(), s("héllo")], &[]));
        assert_eq!(r, Ok("5".into()));
        assert_eq!(text, "héllo");
        assert_eq!(
            call(stream_write, &[out.clone(), Value::Int(1)], &[]),
            Err("TypeError: write() argument must be str, not int".into())
        );
        assert_eq!(
            crate::builtins::test_util::show(Ok(out)),
            Ok("<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>".into())
        );
    }
}

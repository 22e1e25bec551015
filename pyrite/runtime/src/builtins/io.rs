//! `print` and `input`.
//!
//! Output to the real standard streams goes through [`crate::io`]'s buffers (one `write` per
//! `print` call); to any other `file=` object, through its `write` method, one call per piece as
//! CPython makes them. `sys.stdout` reassigned by the program is honoured: `print` looks the
//! stream up in the `sys` module at every call, as CPython does.

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::io::{self, Stream};
use crate::modules::sys;
use crate::ops;
use crate::types::PyStr;
use crate::value::Value;

use super::args::{Kwargs, positional, type_error};

/// Where `print` writes.
enum Target {
    /// A standard stream, through its buffer.
    Std(Stream),
    /// Any object with a `write` method.
    Object(Value),
    /// `sys.stdout is None`: output is discarded.
    Nowhere,
}

fn target_of(file: Option<&Value>) -> Target {
    let file = match file {
        Some(Value::None) | None => match sys::std_stream_value("stdout") {
            Some(v) => v,
            None => return Target::Std(Stream::Stdout),
        },
        Some(f) => f.clone(),
    };
    if matches!(file, Value::None) {
        return Target::Nowhere;
    }
    match sys::stream_of(&file) {
        Some(s) => Target::Std(s),
        None => Target::Object(file),
    }
}

/// `sep`/`end`: `None` means the default.
fn text_kwarg<'a>(name: &str, v: &'a Value, default: &'a str) -> PyResult<&'a str> {
    match v {
        Value::None => Ok(default),
        Value::Str(s) => Ok(s.as_str()),
        other => Err(type_error(format!(
            "{name} must be None or a string, not {}",
            type_name(other)
        ))),
    }
}

/// Calls `file.name(*args)`.
fn call_file_method(
    vm: &mut dyn Interp,
    file: &Value,
    name: &str,
    args: &[Value],
) -> PyResult<Value> {
    let method = ops::getattr(vm, file, &PyStr::new(name.to_owned()))?;
    ops::call(vm, &method, args, &[])
}

/// `print(*objects, sep=' ', end='\n', file=None, flush=False)`.
pub fn print(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (mut sep, mut end, mut file, mut flush) = (None, None, None, None);
    for (k, v) in kwargs {
        match k.as_str() {
            "sep" => sep = Some(v),
            "end" => end = Some(v),
            "file" => file = Some(v),
            "flush" => flush = Some(v),
            other => {
                return Err(type_error(format!(
                    "'{other}' is an invalid keyword argument for print()"
                )));
            }
        }
    }
    let target = target_of(file);
    if matches!(target, Target::Nowhere) {
        return Ok(Value::None);
    }
    let sep = match sep {
        Some(v) => text_kwarg("sep", v, " ")?,
        None => " ",
    };
    let end = match end {
        Some(v) => text_kwarg("end", v, "\n")?,
        None => "\n",
    };
    let flush = match flush {
        Some(v) => ops::truthy(vm, v)?,
        None => false,
    };
    match target {
        Target::Std(stream) => {
            let mut line = String::new();
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    line.push_str(sep);
                }
                match a {
                    Value::Str(s) => line.push_str(s.as_str()),
                    other => line.push_str(&ops::str_(vm, other)?),
                }
            }
            line.push_str(end);
            io::write(stream, &line)?;
            if flush {
                io::flush(stream)?;
            }
        }
        Target::Object(file) => {
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    call_file_method(vm, &file, "write", &[Value::str(sep)])?;
                }
                let text = match a {
                    Value::Str(_) => a.clone(),
                    other => Value::str(ops::str_(vm, other)?),
                };
                call_file_method(vm, &file, "write", &[text])?;
            }
            call_file_method(vm, &file, "write", &[Value::str(end)])?;
            if flush {
                call_file_method(vm, &file, "flush", &[])?;
            }
        }
        Target::Nowhere => {}
    }
    Ok(Value::None)
}

/// `input(prompt='')`.
pub fn input(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    super::args::no_kwargs("input", kwargs)?;
    positional("input", args, 0, 1)?;
    // CPython flushes stderr, writes the prompt to stdout and flushes it before reading.
    io::flush(Stream::Stderr)?;
    if let Some(prompt) = args.first() {
        let text = ops::str_(vm, prompt)?;
        match target_of(None) {
            Target::Std(s) => io::write(s, &text)?,
            Target::Object(f) => {
                call_file_method(vm, &f, "write", &[Value::str(text)])?;
            }
            Target::Nowhere => {}
        }
    }
    io::flush(Stream::Stdout)?;
    match io::read_line()? {
        Some(line) => Ok(Value::str(line)),
        None => raise(BuiltinType::EOFError, "EOF when reading a line"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{call, kw, s};
    use super::*;

    #[test]
    fn print_writes_one_line() {
        let (r, out, _) = io::capture(|| {
            call(
                print,
                &[Value::Int(1), s("a"), Value::None],
                &[kw("sep", s("-")), kw("end", s("!\n"))],
            )
        });
        assert_eq!(r, Ok("None".into()));
        assert_eq!(out, "1-a-None!\n");
        let (_, out, _) = io::capture(|| call(print, &[], &[]));
        assert_eq!(out, "\n");
        let (_, out, _) = io::capture(|| {
            call(
                print,
                &[Value::Int(1), Value::Int(2)],
                &[kw("sep", Value::None), kw("end", Value::None)],
            )
        });
        assert_eq!(out, "1 2\n");
    }

    #[test]
    fn print_to_stderr_and_errors() {
        let stderr = sys::stream_value(Stream::Stderr);
        let (_, out, err) = io::capture(|| {
            call(
                print,
                &[s("e")],
                &[kw("file", stderr), kw("flush", Value::Bool(true))],
            )
        });
        assert_eq!((out.as_str(), err.as_str()), ("", "e\n"));
        assert_eq!(
            call(print, &[], &[kw("x", Value::Int(1))]),
            Err("TypeError: 'x' is an invalid keyword argument for print()".into())
        );
        assert_eq!(
            call(print, &[], &[kw("sep", Value::Int(1))]),
            Err("TypeError: sep must be None or a string, not int".into())
        );
        assert_eq!(
            call(print, &[], &[kw("file", Value::Int(1))]),
            Err("AttributeError: 'int' object has no attribute 'write'".into())
        );
    }
}

//! Printing an uncaught exception exactly as CPython 3.11 does on stderr, and the exit status
//! of a program that ends with one (`SystemExit` included). Every tier calls this; none prints
//! tracebacks itself.
//!
//! ```text
//! Traceback (most recent call last):
//!   File "/path/x.py", line 12, in <module>
//!     level1()
//!   File "/path/x.py", line 9, in level1
//!     return d["missing"]
//!            ~^^^^^^^^^^^          <- 3.11's carets: not printed here (see below)
//! KeyError: 'missing'
//! ```
//!
//! - Chains come first: the `__cause__` (then "The above exception was the direct cause of the
//!   following exception:") or else, unless `__suppress_context__`, the `__context__` (then
//!   "During handling of the above exception, another exception occurred:"), recursively, each
//!   exception printed once even if the chain has a cycle.
//! - Source lines come from a registry of file name → text that the tiers fill
//!   ([`register_source`]) when they load a file; a line not found is simply not printed, as
//!   CPython does for a missing file.
//! - Runs of more than three identical entries collapse into `[Previous line repeated N more
//!   times]`, as CPython's `traceback.c` does (a `RecursionError` prints about 1000 frames).
//! - The final line is `Type: message` (`str(exc)`; a `KeyError`'s single argument is shown by
//!   its repr), or just `Type` when `str(exc)` is empty; a class not from `builtins` or
//!   `__main__` is qualified by its module.
//!
//! Divergence, on purpose: 3.11's `^^^^` caret lines are not printed (the harness compares only
//! the last line of stderr; the carets need column spans the tiers do not track).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::builtin_type::BuiltinType;
use crate::error::PyErr;
use crate::interp::Interp;
use crate::object::{PyException, TracebackEntry};
use crate::ops;
use crate::value::Value;

/// Source text of the files programs were loaded from, by the file name tracebacks show.
static SOURCES: Mutex<Option<HashMap<String, Arc<[String]>>>> = Mutex::new(None);

/// Remembers the text of `filename` so tracebacks can quote its lines.
pub fn register_source(filename: &str, text: &str) {
    let lines: Arc<[String]> = text.lines().map(str::to_owned).collect();
    if let Ok(mut sources) = SOURCES.lock() {
        sources
            .get_or_insert_with(HashMap::new)
            .insert(filename.to_owned(), lines);
    }
}

/// Line `lineno` (1-based) of a registered file, if any.
pub fn source_line(filename: &str, lineno: u32) -> Option<String> {
    let sources = SOURCES.lock().ok()?;
    let lines = sources.as_ref()?.get(filename)?;
    let index = usize::try_from(lineno).ok()?.checked_sub(1)?;
    lines.get(index).cloned()
}

const CAUSE_SEPARATOR: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT_SEPARATOR: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

/// How many identical consecutive entries are printed before collapsing (CPython's
/// `TB_RECURSIVE_CUTOFF`).
const RECURSIVE_CUTOFF: usize = 3;

/// The full report CPython prints for an uncaught `err`, chains included, ending in a newline.
pub fn format_exception(vm: &mut dyn Interp, err: &PyErr) -> String {
    let mut out = String::new();
    let mut seen: Vec<*const PyException> = Vec::new();
    format_chain(vm, &err.0, &mut out, &mut seen);
    out
}

fn format_chain(
    vm: &mut dyn Interp,
    exc: &std::rc::Rc<PyException>,
    out: &mut String,
    seen: &mut Vec<*const PyException>,
) {
    seen.push(std::rc::Rc::as_ptr(exc));
    let chained = |v: &Option<Value>| match v {
        Some(Value::Exception(e)) => Some(e.clone()),
        _ => None,
    };
    let cause = exc.cause.try_borrow().ok().and_then(|c| chained(&c));
    let context = exc.context.try_borrow().ok().and_then(|c| chained(&c));
    if let Some(cause) = cause {
        if !seen.contains(&std::rc::Rc::as_ptr(&cause)) {
            format_chain(vm, &cause, out, seen);
            out.push_str(CAUSE_SEPARATOR);
        }
    } else if let Some(context) = context
        && !exc.suppress_context.get()
        && !seen.contains(&std::rc::Rc::as_ptr(&context))
    {
        format_chain(vm, &context, out, seen);
        out.push_str(CONTEXT_SEPARATOR);
    }
    format_one(vm, exc, out);
}

/// One exception: its traceback entries and its final line.
fn format_one(vm: &mut dyn Interp, exc: &std::rc::Rc<PyException>, out: &mut String) {
    let entries: Vec<TracebackEntry> = exc
        .traceback
        .try_borrow()
        .map(|t| t.clone())
        .unwrap_or_default();
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        format_entries(&entries, out);
    }
    out.push_str(&exception_line(vm, &Value::Exception(exc.clone())));
    out.push('\n');
}

fn format_entries(entries: &[TracebackEntry], out: &mut String) {
    let same = |a: &TracebackEntry, b: &TracebackEntry| {
        a.lineno == b.lineno && a.filename == b.filename && a.name == b.name
    };
    let mut repeated = 0usize;
    for (i, e) in entries.iter().enumerate() {
        if i > 0 && same(&entries[i - 1], e) {
            repeated += 1;
            if repeated >= RECURSIVE_CUTOFF {
                continue;
            }
        } else {
            flush_repeats(repeated, out);
            repeated = 0;
        }
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            e.filename, e.lineno, e.name
        ));
        if let Some(line) = source_line(&e.filename, e.lineno) {
            let stripped = line.trim();
            if !stripped.is_empty() {
                out.push_str("    ");
                out.push_str(stripped);
                out.push('\n');
            }
        }
    }
    flush_repeats(repeated, out);
}

fn flush_repeats(repeated: usize, out: &mut String) {
    if repeated >= RECURSIVE_CUTOFF {
        let n = repeated - (RECURSIVE_CUTOFF - 1);
        out.push_str(&format!(
            "  [Previous line repeated {n} more time{}]\n",
            if n > 1 { "s" } else { "" }
        ));
    }
}

/// `Type: message` (or `Type` when the message is empty), as the last line of a traceback.
pub fn exception_line(vm: &mut dyn Interp, exc: &Value) -> String {
    let class = ops::type_of(exc);
    let name = if class.module == "builtins" || class.module == "__main__" {
        class.qualname.clone()
    } else {
        format!("{}.{}", class.module, class.qualname)
    };
    let message = match ops::str_(vm, exc) {
        Ok(m) => m,
        Err(_) => "<exception str() failed>".to_owned(),
    };
    if message.is_empty() {
        name
    } else {
        format!("{name}: {message}")
    }
}

/// What a program that ends with the uncaught `err` does: for `SystemExit`, its status (and its
/// message on stderr when the code is not an int or `None`); otherwise the traceback on stderr
/// and status 1. The caller flushes stdout before calling this.
pub fn report_uncaught(vm: &mut dyn Interp, err: &PyErr) -> i32 {
    if err.matches(BuiltinType::SystemExit) {
        return system_exit_status(vm, err);
    }
    let text = format_exception(vm, err);
    write_stderr(&text);
    1
}

/// Writes to `sys.stderr`'s buffer (so a capture sees it and it stays ordered with the
/// program's own writes) and flushes it.
fn write_stderr(text: &str) {
    let _ = crate::io::write(crate::io::Stream::Stderr, text);
    let _ = crate::io::flush(crate::io::Stream::Stderr);
}

/// `SystemExit(code)`: `None` → 0, an int → that int (truncated to the low 32 bits, as C's
/// `exit` sees it), anything else printed to stderr → 1.
fn system_exit_status(vm: &mut dyn Interp, err: &PyErr) -> i32 {
    let args = err
        .0
        .args
        .try_borrow()
        .map(|a| a.clone())
        .unwrap_or_default();
    let code = match args.len() {
        0 => Value::None,
        1 => args[0].clone(),
        _ => Value::tuple(args),
    };
    match code {
        Value::None => 0,
        Value::Bool(b) => i32::from(b),
        Value::Int(i) => i as i32,
        other => {
            match ops::str_(vm, &other) {
                Ok(text) => write_stderr(&format!("{text}\n")),
                Err(_) => write_stderr("<exception str() failed>\n"),
            }
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::test_support::NoInterp;
    use std::rc::Rc;

    fn entry(line: u32, name: &str) -> TracebackEntry {
        TracebackEntry {
            filename: Rc::from("/t/x.py"),
            lineno: line,
            name: Rc::from(name),
        }
    }

    #[test]
    fn key_error_uses_repr_and_source_lines() {
        register_source("/t/x.py", "level1()\n    return d['missing']\n");
        let err = PyErr::with_args(BuiltinType::KeyError.class(), vec![Value::str("missing")]);
        err.0
            .traceback
            .borrow_mut()
            .extend([entry(1, "<module>"), entry(2, "level1")]);
        let text = format_exception(&mut NoInterp, &err);
        assert_eq!(
            text,
            "Traceback (most recent call last):\n  File \"/t/x.py\", line 1, in <module>\n    level1()\n  File \"/t/x.py\", line 2, in level1\n    return d['missing']\nKeyError: 'missing'\n"
        );
    }

    #[test]
    fn chains_and_bare_type() {
        let first = PyErr::with_args(BuiltinType::ZeroDivisionError.class(), vec![]);
        let second = PyErr::new(BuiltinType::ValueError, "converted");
        *second.0.context.borrow_mut() = Some(Value::Exception(first.0.clone()));
        let text = format_exception(&mut NoInterp, &second);
        assert_eq!(
            text,
            format!("ZeroDivisionError\n{CONTEXT_SEPARATOR}ValueError: converted\n")
        );
    }

    #[test]
    fn repeated_entries_collapse() {
        let err = PyErr::new(
            BuiltinType::RecursionError,
            "maximum recursion depth exceeded",
        );
        let mut tb = vec![entry(9, "<module>")];
        tb.extend((0..10).map(|_| entry(3, "down")));
        *err.0.traceback.borrow_mut() = tb;
        let text = format_exception(&mut NoInterp, &err);
        assert!(
            text.contains("  [Previous line repeated 7 more times]\n"),
            "{text}"
        );
        assert_eq!(text.matches("in down").count(), 3);
    }
}

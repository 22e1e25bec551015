//! The process's standard output and error streams, buffered as CPython buffers them.
//!
//! CPython's `sys.stdout` is block-buffered when it is not a terminal and line-buffered when it
//! is; `sys.stderr` is line-buffered (3.9+). Programs observe the difference only through
//! interleaving (`print(..., file=sys.stderr)` between `print`s on a shared pipe) and through
//! what is lost when the process dies, so we do exactly the same: every Python-level write
//! goes through [`write`], and nothing reaches the file descriptor before CPython's would.
//!
//! Invariants:
//! - There is one buffer per stream for the whole process (a `Mutex`, because the CLI runs the
//!   interpreter on a thread of its own and calls [`flush_all`] wherever it finishes).
//! - A broken pipe (`pyrite script.py | head -1`) is not an error: the stream is marked broken and
//!   later output is discarded quietly, so the program finishes (CPython prints an "Exception
//!   ignored" note at exit in that case; ending quietly is the documented divergence).
//! - A thread may [`capture`] both streams (tests, in-process harnesses): its writes then go to
//!   memory and never touch the descriptors.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};

/// Which standard stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// `sys.stdout` (file descriptor 1).
    Stdout,
    /// `sys.stderr` (file descriptor 2).
    Stderr,
}

/// When buffered text is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// When the buffer holds [`BLOCK_SIZE`] bytes (and at flush).
    Block,
    /// At every newline (and at flush).
    Line,
}

/// CPython's `io.DEFAULT_BUFFER_SIZE`.
const BLOCK_SIZE: usize = 8192;

#[derive(Debug)]
struct Buffer {
    data: Vec<u8>,
    /// Decided on first use (the descriptor may be redirected before the program starts).
    mode: Option<Mode>,
    /// The reader went away: discard everything from now on.
    broken: bool,
}

impl Buffer {
    const fn new() -> Buffer {
        Buffer {
            data: Vec::new(),
            mode: None,
            broken: false,
        }
    }
}

static STDOUT: Mutex<Buffer> = Mutex::new(Buffer::new());
static STDERR: Mutex<Buffer> = Mutex::new(Buffer::new());

thread_local! {
    /// `Some((stdout, stderr))` while this thread captures its output.
    static CAPTURE: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

fn buffer(stream: Stream) -> &'static Mutex<Buffer> {
    match stream {
        Stream::Stdout => &STDOUT,
        Stream::Stderr => &STDERR,
    }
}

fn mode_of(stream: Stream) -> Mode {
    match stream {
        Stream::Stdout if std::io::stdout().is_terminal() => Mode::Line,
        Stream::Stdout => Mode::Block,
        Stream::Stderr => Mode::Line,
    }
}

/// Writes `bytes` to the descriptor; a broken pipe marks the buffer broken, other errors raise
/// `OSError` as CPython would.
fn write_out(stream: Stream, buf: &mut Buffer, upto: usize) -> PyResult<()> {
    let chunk: Vec<u8> = buf.data.drain(..upto).collect();
    if buf.broken || chunk.is_empty() {
        return Ok(());
    }
    let result = match stream {
        Stream::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(&chunk).and_then(|()| out.flush())
        }
        Stream::Stderr => {
            let mut err = std::io::stderr().lock();
            err.write_all(&chunk).and_then(|()| err.flush())
        }
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            buf.broken = true;
            buf.data.clear();
            Ok(())
        }
        Err(e) => raise(
            BuiltinType::OSError,
            format!("[Errno {}] {e}", e.raw_os_error().unwrap_or(0)),
        ),
    }
}

/// `stream.write(text)`.
pub fn write(stream: Stream, text: &str) -> PyResult<()> {
    let captured = CAPTURE.with(|c| match c.try_borrow_mut() {
        Ok(mut c) => match c.as_mut() {
            Some((out, err)) => {
                match stream {
                    Stream::Stdout => out.push_str(text),
                    Stream::Stderr => err.push_str(text),
                }
                true
            }
            None => false,
        },
        Err(_) => false,
    });
    if captured {
        return Ok(());
    }
    let mut buf = match buffer(stream).lock() {
        Ok(b) => b,
        Err(poisoned) => poisoned.into_inner(),
    };
    if buf.broken {
        return Ok(());
    }
    let mode = *buf.mode.get_or_insert_with(|| mode_of(stream));
    buf.data.extend_from_slice(text.as_bytes());
    match mode {
        Mode::Block if buf.data.len() >= BLOCK_SIZE => {
            let n = buf.data.len();
            write_out(stream, &mut buf, n)
        }
        Mode::Line if text.contains('\n') => {
            let n = buf.data.len();
            write_out(stream, &mut buf, n)
        }
        _ => Ok(()),
    }
}

/// `stream.flush()`.
pub fn flush(stream: Stream) -> PyResult<()> {
    let mut buf = match buffer(stream).lock() {
        Ok(b) => b,
        Err(poisoned) => poisoned.into_inner(),
    };
    let n = buf.data.len();
    write_out(stream, &mut buf, n)
}

/// Flushes both streams, ignoring errors: what the CLI calls when the program ends (normally,
/// by an exception, or by `sys.exit`).
pub fn flush_all() {
    let _ = flush(Stream::Stdout);
    let _ = flush(Stream::Stderr);
}

/// Runs `f` with this thread's output captured; returns its result and the text written to
/// stdout and stderr meanwhile.
pub fn capture<R>(f: impl FnOnce() -> R) -> (R, String, String) {
    let previous = CAPTURE.with(|c| c.replace(Some((String::new(), String::new()))));
    let result = f();
    let (out, err) = CAPTURE.with(|c| c.replace(previous)).unwrap_or_default();
    (result, out, err)
}

/// Reads one line from standard input for `input()`: `None` at end of file. The trailing
/// newline is removed.
pub fn read_line() -> PyResult<Option<String>> {
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) => Ok(None),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    // Universal newlines: CPython's text stdin translates `\r\n`.
                    line.pop();
                }
            }
            Ok(Some(line))
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => raise(
            BuiltinType::UnicodeDecodeError,
            "'utf-8' codec can't decode standard input",
        ),
        Err(e) => raise(BuiltinType::OSError, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_collects_both_streams() {
        let ((), out, err) = capture(|| {
            write(Stream::Stdout, "a").unwrap();
            write(Stream::Stderr, "b\n").unwrap();
            write(Stream::Stdout, "c\n").unwrap();
        });
        assert_eq!(out, "ac\n");
        assert_eq!(err, "b\n");
    }
}

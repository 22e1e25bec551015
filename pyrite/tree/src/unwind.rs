//! Control flow out of the normal path: `return`, `break`, `continue` as [`Flow`] values, and
//! exceptions as `Err(PyErr)`, with the bookkeeping CPython does as an exception travels:
//! traceback entries, `__context__`, the stack of exceptions being handled, and the recursion
//! limit.
//!
//! Traceback invariant: each frame adds its entry (`File ..., line N, in name`) exactly once,
//! where the exception first appears in it — the simple statement (or compound statement
//! header) whose evaluation failed calls [`raised_here`]; errors coming out of nested blocks
//! are passed on untouched, and a bare `raise` re-raises without a new entry (CPython's
//! `RERAISE`/`RAISE_VARARGS 0` skip `PyTraceBack_Here` the same way).
//!
//! The handled-exception stack is per thread, like CPython's `exc_info` chain: an `except` or
//! a `finally` entered by an exception pushes it while its block runs; a new exception raised
//! meanwhile gets it as `__context__`, and a bare `raise` re-raises its top.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::object::TracebackEntry;
use pyrite_runtime::value::Value;

use crate::frame::Frame;

/// How a block of statements finished, when it did not raise.
pub enum Flow {
    /// Ran to its end.
    Normal,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `return value`.
    Return(Value),
}

// The recursion limit (`sys.getrecursionlimit()`, 1000 by default) bounds the stack of Python
// frames, the module's included: with limit N, frame N+1 raises `RecursionError` before it
// starts (checked against CPython 3.11.7: a function recursing from module level reaches 999
// calls deep under the default limit).

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static HANDLED: RefCell<Vec<PyErr>> = const { RefCell::new(Vec::new()) };
}

/// One Python frame on the stack; dropping it leaves the frame.
pub struct DepthGuard(());

impl DepthGuard {
    /// Enters a frame, or raises `RecursionError` past the recursion limit.
    #[inline]
    pub fn enter() -> PyResult<DepthGuard> {
        let depth = DEPTH.with(|d| d.get()) + 1;
        if depth > crate::env::recursion_limit() {
            return recursion_error();
        }
        DEPTH.with(|d| d.set(depth));
        Ok(DepthGuard(()))
    }
}

#[cold]
fn recursion_error<T>() -> PyResult<T> {
    raise(
        BuiltinType::RecursionError,
        "maximum recursion depth exceeded",
    )
}

impl Drop for DepthGuard {
    #[inline]
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Records that `err` surfaced in frame `f` at its current line: prepends the frame's
/// traceback entry and gives the exception its `__context__` (the exception being handled,
/// unless it already has one or is that exception).
#[cold]
#[inline(never)]
pub fn raised_here(f: &Frame, err: PyErr) -> PyErr {
    set_context(&err);
    let entry = TracebackEntry {
        filename: f.code.filename.clone(),
        lineno: f.line,
        name: f.code.name.clone(),
    };
    if let Ok(mut tb) = err.0.traceback.try_borrow_mut() {
        tb.insert(0, entry);
    }
    err
}

/// Sets `err.__context__` to the exception being handled, if it has none yet.
pub fn set_context(err: &PyErr) {
    let Some(handled) = current_handled() else {
        return;
    };
    if Rc::ptr_eq(&handled.0, &err.0) {
        return;
    }
    if let Ok(mut ctx) = err.0.context.try_borrow_mut()
        && ctx.is_none()
    {
        // Never make a cycle: if `err` is already in `handled`'s context chain, stop there.
        let mut cur = Some(handled.0.clone());
        let mut steps = 0;
        while let Some(c) = cur {
            if Rc::ptr_eq(&c, &err.0) || steps > 10_000 {
                return;
            }
            steps += 1;
            cur = match c.context.try_borrow().ok().as_deref() {
                Some(Some(Value::Exception(next))) => Some(next.clone()),
                _ => None,
            };
        }
        *ctx = Some(Value::Exception(handled.0));
    }
}

/// The exception being handled (what a bare `raise` re-raises), if any.
pub fn current_handled() -> Option<PyErr> {
    HANDLED.with(|h| h.borrow().last().cloned())
}

/// Runs `body` with `err` as the exception being handled.
pub fn while_handling<T>(err: &PyErr, body: impl FnOnce() -> T) -> T {
    HANDLED.with(|h| h.borrow_mut().push(err.clone()));
    let result = body();
    HANDLED.with(|h| {
        h.borrow_mut().pop();
    });
    result
}

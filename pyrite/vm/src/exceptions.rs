//! Exceptions: unwinding through the exception tables of the frames on the stack, traceback
//! entries with the line of the faulting instruction (from the line table), `__context__`,
//! `raise` in its three forms, `except` matching, and the two `with` instructions.
//!
//! Traceback invariant (as CPython's `PyTraceBack_Here`): each frame an exception passes
//! through adds one entry, naming the line of the instruction that was running in it (for a
//! caller, its call instruction). `Reraise` and a bare `raise` add none for the frame that
//! re-raises: the exception already has that frame's entry from when it was first caught.
//!
//! Context invariant: an exception raised while another is being handled (`exc_info`, set by
//! `PushExcInfo`) gets it as `__context__` unless it has one, or is that exception, or the
//! link would make a cycle.

use std::rc::Rc;

use pyrite_bytecode::instr::Instr;
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::format::type_name;
use pyrite_runtime::object::{PyType, TracebackEntry};
use pyrite_runtime::ops;
use pyrite_runtime::value::Value;

use crate::build::not_an_exception;
use crate::dispatch::internal;
use crate::frame::FrameKind;
use crate::machine::Vm;

/// Sets `err.__context__` to `handled` if it has none yet (never making a cycle).
pub(crate) fn set_context(err: &PyErr, handled: &Value) {
    let Value::Exception(handled) = handled else {
        return;
    };
    if Rc::ptr_eq(handled, &err.0) {
        return;
    }
    let Ok(mut ctx) = err.0.context.try_borrow_mut() else {
        return;
    };
    if ctx.is_some() {
        return;
    }
    let mut cur = Some(Rc::clone(handled));
    let mut steps = 0;
    while let Some(c) = cur {
        if Rc::ptr_eq(&c, &err.0) || steps > 10_000 {
            return;
        }
        steps += 1;
        cur = match c.context.try_borrow().ok().as_deref() {
            Some(Some(Value::Exception(next))) => Some(Rc::clone(next)),
            _ => None,
        };
    }
    *ctx = Some(Value::Exception(Rc::clone(handled)));
}

/// Whether exception `exc` matches `except <class>` (a class or a tuple of classes).
pub(crate) fn exception_matches(exc: &Value, class: &Value) -> PyResult<bool> {
    match class {
        Value::Type(t) => {
            check_catchable(t)?;
            Ok(ops::isinstance(exc, t))
        }
        Value::Tuple(items) => {
            for item in items.items() {
                if exception_matches(exc, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => raise(
            BuiltinType::TypeError,
            "catching classes that do not inherit from BaseException is not allowed",
        ),
    }
}

fn check_catchable(t: &PyType) -> PyResult<()> {
    if ops::is_subclass(t, &BuiltinType::BaseException.class()) {
        Ok(())
    } else {
        raise(
            BuiltinType::TypeError,
            "catching classes that do not inherit from BaseException is not allowed",
        )
    }
}

impl Vm {
    /// `v` made an exception to raise: an exception instance as is, an exception class called
    /// with no arguments.
    fn exception_of(&mut self, v: &Value) -> PyResult<PyErr> {
        match v {
            Value::Exception(e) => Ok(PyErr(Rc::clone(e))),
            Value::Type(t) if ops::is_subclass(t, &BuiltinType::BaseException.class()) => {
                match ops::call(self, v, &[], &[])? {
                    Value::Exception(e) => Ok(PyErr(e)),
                    other => raise(
                        BuiltinType::TypeError,
                        format!(
                            "calling {} should have returned an instance of BaseException, not {}",
                            t.name,
                            type_name(&other)
                        ),
                    ),
                }
            }
            _ => Err(not_an_exception()),
        }
    }

    /// `Raise`: the error to propagate.
    pub(crate) fn raise_op(&mut self, base: usize, ins: Instr) -> PyErr {
        match self.raise_inner(base, ins) {
            Ok(e) | Err(e) => e,
        }
    }

    fn raise_inner(&mut self, base: usize, ins: Instr) -> PyResult<PyErr> {
        match ins.x {
            0 => match &self.exc_info {
                Some(Value::Exception(e)) => {
                    let e = PyErr(Rc::clone(e));
                    self.reraising = true;
                    Ok(e)
                }
                _ => Ok(PyErr::new(
                    BuiltinType::RuntimeError,
                    "No active exception to reraise",
                )),
            },
            1 => {
                let v = self.reg_clone(base + usize::from(ins.a))?;
                self.exception_of(&v)
            }
            _ => {
                let v = self.reg_clone(base + usize::from(ins.a))?;
                let cause = self.reg_clone(base + usize::from(ins.b))?;
                let err = self.exception_of(&v)?;
                let cause = match &cause {
                    Value::None => None,
                    Value::Exception(_) => Some(cause.clone()),
                    Value::Type(_) => match self.exception_of(&cause) {
                        Ok(c) => Some(Value::Exception(c.0)),
                        Err(_) => {
                            return Ok(PyErr::new(
                                BuiltinType::TypeError,
                                "exception causes must derive from BaseException",
                            ));
                        }
                    },
                    _ => {
                        return Ok(PyErr::new(
                            BuiltinType::TypeError,
                            "exception causes must derive from BaseException",
                        ));
                    }
                };
                if let Ok(mut c) = err.0.cause.try_borrow_mut() {
                    *c = cause;
                }
                err.0.suppress_context.set(true);
                Ok(err)
            }
        }
    }

    /// `Reraise`: `e` propagates without a new traceback entry for this frame.
    pub(crate) fn reraise(&mut self, e: Value) -> PyErr {
        match e {
            Value::Exception(e) => {
                self.reraising = true;
                PyErr(e)
            }
            _ => internal("Reraise of a non-exception"),
        }
    }

    /// Handles `err` raised in the top frame (whose `pc` is one past the faulting instruction):
    /// records traceback entries and pops frames until one has a handler covering its current
    /// instruction (`Ok`: that frame continues at the handler), or the frame at `entry` is
    /// popped (`Err`: the exception leaves this run).
    pub(crate) fn unwind(&mut self, err: PyErr, entry: usize) -> PyResult<()> {
        let mut add_entry = self.begin_unwind(&err);
        let mut err = err;
        loop {
            err = match self.unwind_top(err, add_entry) {
                Ok(_) => return Ok(()),
                Err(err) => err,
            };
            add_entry = true;
            let Some(frame) = self.frames.pop() else {
                return Err(err);
            };
            self.stack.truncate(frame.base);
            if let FrameKind::Generator(g) = &frame.kind {
                g.finish();
            }
            if self.frames.len() <= entry {
                return Err(err);
            }
        }
    }

    /// The start of unwinding `err` where it was raised: whether the raising frame gets a
    /// traceback entry (not for a re-raise), and its `__context__`.
    pub(crate) fn begin_unwind(&mut self, err: &PyErr) -> bool {
        let add_entry = !std::mem::take(&mut self.reraising);
        if add_entry && let Some(handled) = &self.exc_info {
            set_context(err, handled);
        }
        add_entry
    }

    /// One frame of unwinding: the top frame's traceback entry (if `add_entry`), then its
    /// handler for the faulting instruction (the one before its `pc`): `Ok(handler)` with the
    /// exception stored in the handler's register and `pc` set to it, or `Err(err)` when the
    /// frame has none (it is not popped).
    pub(crate) fn unwind_top(&mut self, err: PyErr, add_entry: bool) -> Result<u32, PyErr> {
        let Some(frame) = self.frames.last_mut() else {
            return Err(err);
        };
        let fault = frame.pc.saturating_sub(1);
        if add_entry {
            let tb = TracebackEntry {
                filename: Rc::clone(&frame.code.filename),
                lineno: frame.code.line_for(fault),
                name: Rc::clone(&frame.code.name),
            };
            if let Ok(mut list) = err.0.traceback.try_borrow_mut() {
                list.insert(0, tb);
            }
        }
        let Some(h) = frame.code.code.handler_for(fault) else {
            return Err(err);
        };
        frame.pc = h.handler;
        let handler = h.handler;
        let slot = frame.base + usize::from(h.exc_reg);
        self.set_reg(slot, Value::Exception(err.0))?;
        Ok(handler)
    }

    /// `BeforeWith` and `WithExceptStart`.
    pub(crate) fn with_op(&mut self, base: usize, ins: Instr) -> PyResult<()> {
        let a = base + usize::from(ins.a);
        match ins.op {
            Opcode::BeforeWith => {
                let mgr = self.reg_clone(base + usize::from(ins.b))?;
                let enter_name = pyrite_runtime::types::PyStr::new("__enter__".to_owned());
                let exit_name = pyrite_runtime::types::PyStr::new("__exit__".to_owned());
                let no_protocol = || {
                    PyErr::new(
                        BuiltinType::TypeError,
                        format!(
                            "'{}' object does not support the context manager protocol",
                            type_name(&mgr)
                        ),
                    )
                };
                let enter = ops::getattr(self, &mgr, &enter_name).map_err(|_| no_protocol())?;
                let exit = ops::getattr(self, &mgr, &exit_name).map_err(|_| no_protocol())?;
                self.set_reg(a, exit)?;
                let entered = ops::call(self, &enter, &[], &[])?;
                self.set_reg(a + 1, entered)
            }
            Opcode::WithExceptStart => {
                let exit = self.reg_clone(base + usize::from(ins.b))?;
                let exc = self.reg_clone(base + usize::from(ins.c))?;
                let class = Value::Type(ops::type_of(&exc));
                let r = ops::call(self, &exit, &[class, exc, Value::None], &[])?;
                self.set_reg(a, r)
            }
            _ => Err(internal("not a with instruction")),
        }
    }
}

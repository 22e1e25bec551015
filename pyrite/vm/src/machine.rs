//! [`Vm`]: the interpreter's whole state — the value stack, the frame stack, the exception
//! being handled — and its [`Interp`] implementation, through which runtime code (builtins,
//! `ops`) calls back into Python functions.
//!
//! Depth: every active Python frame is on `frames`, whether it was entered by a Python-level
//! call (no Rust recursion: the dispatch loop pushes the frame and continues) or by a runtime
//! callback ([`Interp::call_function`], which runs a nested dispatch loop: Rust recursion). The
//! recursion limit is checked against `frames.len()`, so both kinds of call count in one depth,
//! and the Rust recursion is bounded by it (the VM runs on a thread with a big stack, see
//! `module.rs`).

use std::rc::Rc;

use pyrite_runtime::error::PyResult;
use pyrite_runtime::interp::Interp;
use pyrite_runtime::object::PyFunction;
use pyrite_runtime::types::PyStr;
use pyrite_runtime::value::Value;

use crate::frame::Frame;
use crate::stack::ValueStack;
use crate::stats::Stats;

/// See the module documentation.
#[derive(Default)]
pub struct Vm {
    /// Every frame's registers.
    pub(crate) stack: ValueStack,
    /// Active frames, outermost first.
    pub(crate) frames: Vec<Frame>,
    /// The exception being handled (`sys.exception()`), set by `PushExcInfo`.
    pub(crate) exc_info: Option<Value>,
    /// Set by `Reraise` and bare `raise`: the error leaving the running frame must not get a
    /// traceback entry for it (it has one already).
    pub(crate) reraising: bool,
    /// Set by `YieldFrom` when it yields: the generator is suspended inside a `yield from`.
    pub(crate) yielded_from: bool,
    /// Counters for `--stats`.
    pub stats: Stats,
    /// The native compiler (the JIT), if installed: code objects are offered to it when they
    /// first run (`native.rs`).
    pub(crate) jit: Option<Box<dyn crate::native::NativeCompiler>>,
    /// The exception leaving native code (see `native.rs`).
    pub(crate) native_err: Option<pyrite_runtime::error::PyErr>,
    /// The running native frame's first register (see `native.rs`).
    pub(crate) native_regs: crate::native::NativeRegs,
    /// Count interpreted instructions in `stats.instructions` (for the JIT's report).
    pub(crate) count_instructions: bool,
}

impl Vm {
    /// A VM with no frames.
    pub fn new() -> Vm {
        Vm::default()
    }
}

impl Interp for Vm {
    fn call_function(
        &mut self,
        func: &Rc<PyFunction>,
        args: &[Value],
        kwargs: &[(Rc<PyStr>, Value)],
    ) -> PyResult<Value> {
        crate::call::call_function_reentrant(self, func, args, kwargs)
    }

    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(self)
    }
}

impl Vm {
    /// The bound value in stack slot `i` (checked; for the paths off the hot loop).
    #[inline]
    pub(crate) fn reg(&self, i: usize) -> PyResult<&Value> {
        match self.stack.get(i) {
            Some(Some(v)) => Ok(v),
            Some(None) => Err(crate::dispatch::unbound_register()),
            None => Err(crate::dispatch::internal("register out of range")),
        }
    }

    /// A copy of the value in stack slot `i`.
    #[inline]
    pub(crate) fn reg_clone(&self, i: usize) -> PyResult<Value> {
        self.reg(i).cloned()
    }

    /// Stores `v` in stack slot `i`.
    #[inline]
    pub(crate) fn set_reg(&mut self, i: usize, v: Value) -> PyResult<()> {
        match self.stack.get_mut(i) {
            Some(slot) => {
                *slot = Some(v);
                Ok(())
            }
            None => Err(crate::dispatch::internal("register out of range")),
        }
    }

    /// Copies of the values in slots `start..start + n`.
    pub(crate) fn reg_values(&self, start: usize, n: usize) -> PyResult<Vec<Value>> {
        let Some(slots) = self.stack.range(start, start + n) else {
            return Err(crate::dispatch::internal("register window out of range"));
        };
        let mut out = Vec::with_capacity(n);
        for s in slots {
            match s {
                Some(v) => out.push(v.clone()),
                None => return Err(crate::dispatch::unbound_register()),
            }
        }
        Ok(out)
    }
}

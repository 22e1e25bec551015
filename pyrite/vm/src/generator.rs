//! Generators: a generator function's call makes a [`GenObject`]; `next`/`send`/`throw`/`close`
//! resume its frame.
//!
//! # Where a suspended generator's frame lives
//! Not on the value stack: while suspended, its registers are moved into [`GenState::regs`]
//! (and its cells into `GenState::cells`). Resuming pushes a frame at the top of the stack,
//! moves the registers back into its window, and runs the dispatch loop until the frame
//! yields (registers moved out again, frame popped) or finishes. So the value stack stays one
//! contiguous run of active frames, and a generator may be resumed from any depth.
//!
//! # How runtime code resumes one
//! The runtime iterates with `PyObject::iter_next(&self, vm: &mut dyn Interp)`; the VM is behind
//! that `dyn Interp`, and its one method is `call_function`. So each generator owns a small
//! `PyFunction` whose body is a [`GenResume`] (a weak reference back to the generator), and
//! resuming is `vm.call_function(resume_fn, [mode, value])`, which the VM recognizes
//! (`call.rs`); when the `dyn Interp` is the VM itself (`Interp::as_any_mut`), the generator
//! skips that call and resumes directly. Resumption therefore recurses in Rust once per active
//! generator, bounded by the recursion limit like every other frame.
//!
//! Invariant: a generator frame is always the entry frame of the `run` that resumed it, so a
//! `Yield` always returns to [`resume_call`]. `yield from` delegates `next`/`send` to the inner
//! iterator (`throw`/`close` are raised at the `yield from` itself: a documented simplification).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use pyrite_bytecode::instr::Instr;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult, raise};
use pyrite_runtime::interp::Interp;
use pyrite_runtime::object::{PyBuiltin, PyFunction, PyObject};
use pyrite_runtime::ops;
use pyrite_runtime::types::{PyDict, PyStr};
use pyrite_runtime::value::Value;

use crate::call::bind_frame;
use crate::code::VmCode;
use crate::dispatch::internal;
use crate::frame::{CellRef, Frame, FrameKind};
use crate::function::VmFunction;
use crate::machine::Vm;
use crate::stack::Slot;

/// Resumption modes (the first argument of a resume call).
const NEXT: i64 = 0;
const THROW: i64 = 1;
const CLOSE: i64 = 2;

/// Where a generator is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Created,
    Suspended,
    Running,
    Finished,
}

/// A generator's frame while it is not running.
struct GenState {
    regs: Vec<Slot>,
    cells: Vec<CellRef>,
    pc: u32,
    /// Suspended inside a `yield from` (resumption re-runs that instruction).
    in_yield_from: bool,
}

/// The generator proper (the Python object is [`GenObject`], which holds it).
pub(crate) struct GenCore {
    code: Rc<VmCode>,
    globals: Rc<PyDict>,
    qualname: String,
    status: Cell<Status>,
    state: RefCell<GenState>,
    /// The value `send` passed, for a `yield from` to forward.
    sent: RefCell<Option<Value>>,
    /// The value of the `return` that finished it (`yield from`'s result).
    returned: RefCell<Option<Value>>,
    resume_fn: RefCell<Option<Rc<PyFunction>>>,
}

impl GenCore {
    /// Marks the generator finished (its frame returned or raised).
    pub(crate) fn finish(&self) {
        self.status.set(Status::Finished);
    }
}

/// A `PyFunction` body meaning "resume this generator" (see the module documentation).
pub(crate) struct GenResume {
    target: Weak<GenCore>,
}

/// The `generator` object Python code sees.
pub(crate) struct GenObject(Rc<GenCore>);

impl std::fmt::Debug for GenObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<generator object {}>", self.0.qualname)
    }
}

/// Calling a generator function: binds the arguments into a suspended frame.
pub(crate) fn create(
    _vm: &mut Vm,
    func: &Rc<PyFunction>,
    vf: &VmFunction,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    let code = &vf.code;
    let mut regs: Vec<Slot> = code.window.to_vec();
    let cells = bind_frame(code, func, &mut regs, args, kwargs)?;
    let core = Rc::new(GenCore {
        code: Rc::clone(code),
        globals: Rc::clone(&vf.globals),
        qualname: func.qualname.clone(),
        status: Cell::new(Status::Created),
        state: RefCell::new(GenState {
            regs,
            cells,
            pc: 0,
            in_yield_from: false,
        }),
        sent: RefCell::new(None),
        returned: RefCell::new(None),
        resume_fn: RefCell::new(None),
    });
    let resume_fn = Rc::new(PyFunction {
        name: "<resume>".to_owned(),
        qualname: func.qualname.clone(),
        defaults: Vec::new(),
        kwdefaults: Vec::new(),
        closure: Vec::new(),
        body: Rc::new(GenResume {
            target: Rc::downgrade(&core),
        }),
    });
    *core.resume_fn.borrow_mut() = Some(resume_fn);
    Ok(Value::Other(Rc::new(Box::new(GenObject(core)))))
}

/// `Exit::Yield` from the entry frame of a resumption: saves the frame into its generator.
pub(crate) fn suspend(vm: &mut Vm, pc: u32, value: Value, entry: usize) -> PyResult<Value> {
    let in_yield_from = std::mem::take(&mut vm.yielded_from);
    if vm.frames.len() != entry + 1 {
        return Err(internal("yield outside the resumed generator frame"));
    }
    let Some(frame) = vm.frames.last_mut() else {
        return Err(internal("yield without a frame"));
    };
    let FrameKind::Generator(core) = &frame.kind else {
        vm.pop_plain_frame();
        return Err(internal("yield in a frame that is not a generator's"));
    };
    let core = Rc::clone(core);
    let base = frame.base;
    let cells = std::mem::take(&mut frame.cells);
    let saved = match core.state.try_borrow_mut() {
        Ok(mut state) => {
            vm.stack.take_from(base, &mut state.regs);
            state.cells = cells;
            state.pc = pc;
            state.in_yield_from = in_yield_from;
            Ok(())
        }
        Err(_) => Err(internal("generator state in use")),
    };
    // Its registers and cells are saved: the frame goes, dropped in place.
    vm.pop_plain_frame();
    saved?;
    core.status.set(Status::Suspended);
    Ok(value)
}

/// The body of a resume call: `args` is `[mode, value]`.
pub(crate) fn resume_call(vm: &mut Vm, resume: &GenResume, args: &[Value]) -> PyResult<Value> {
    let Some(core) = resume.target.upgrade() else {
        return Err(internal("resume of a dropped generator"));
    };
    let (mode, value) = match args {
        [Value::Int(m), v] => (*m, v.clone()),
        _ => return Err(internal("bad resume arguments")),
    };
    resume_core(vm, &core, mode, value)
}

/// Resumes `core` with `mode` and `value`: what it yielded or returned, or its exception.
fn resume_core(vm: &mut Vm, core: &Rc<GenCore>, mode: i64, value: Value) -> PyResult<Value> {
    match core.status.get() {
        Status::Running => {
            return raise(BuiltinType::ValueError, "generator already executing");
        }
        Status::Finished => {
            return match mode {
                THROW => Err(exception_from(vm, &value)?),
                _ => Ok(Value::None),
            };
        }
        Status::Created => match mode {
            THROW => {
                core.finish();
                return Err(exception_from(vm, &value)?);
            }
            CLOSE => {
                core.finish();
                return Ok(Value::None);
            }
            _ if !matches!(value, Value::None) => {
                return raise(
                    BuiltinType::TypeError,
                    "can't send non-None value to a just-started generator",
                );
            }
            _ => {}
        },
        Status::Suspended => {}
    }
    if vm.frames.len() >= pyrite_runtime::modules::sys::recursion_limit() {
        return raise(
            BuiltinType::RecursionError,
            "maximum recursion depth exceeded",
        );
    }
    // Rebuild the frame on top of the stack.
    let entry = vm.frames.len();
    let base = vm.stack.len();
    let (pc, in_yield_from, cells) = {
        let mut state = core
            .state
            .try_borrow_mut()
            .map_err(|_| internal("generator state in use"))?;
        vm.stack.restore(&mut state.regs);
        (
            state.pc,
            state.in_yield_from,
            std::mem::take(&mut state.cells),
        )
    };
    vm.stack.resize(base + core.code.n_registers);
    vm.frames.push(Frame {
        code: Rc::clone(&core.code),
        globals: Rc::clone(&core.globals),
        locals: None,
        cells,
        base,
        pc,
        ret: 0,
        kind: FrameKind::Generator(Rc::clone(core)),
    });
    let was_created = core.status.get() == Status::Created;
    core.status.set(Status::Running);
    if mode == NEXT && !was_created {
        if in_yield_from {
            *core.sent.borrow_mut() = Some(value.clone());
        } else if let Some(yield_instr) = pc
            .checked_sub(1)
            .and_then(|p| core.code.code.instructions.get(p as usize))
        {
            vm.set_reg(base + usize::from(yield_instr.a), value.clone())?;
        }
    }
    let result = if mode == THROW || mode == CLOSE {
        let err = if mode == CLOSE {
            PyErr::new(BuiltinType::GeneratorExit, "")
        } else {
            exception_from(vm, &value)?
        };
        let err = if mode == CLOSE {
            PyErr::with_args(BuiltinType::GeneratorExit.class(), Vec::new())
        } else {
            err
        };
        match vm.unwind(err, entry) {
            Ok(()) => vm.run(entry),
            Err(e) => Err(e),
        }
    } else {
        vm.run(entry)
    };
    if core.status.get() == Status::Running {
        // Only an internal error leaves it running; never resume it again.
        core.finish();
    }
    match result {
        Ok(v) => {
            if core.status.get() == Status::Finished {
                *core.returned.borrow_mut() = Some(v.clone());
            }
            Ok(v)
        }
        Err(e) if e.matches(BuiltinType::StopIteration) => {
            let err = PyErr::new(BuiltinType::RuntimeError, "generator raised StopIteration");
            *err.0.cause.borrow_mut() = Some(Value::Exception(Rc::clone(&e.0)));
            *err.0.context.borrow_mut() = Some(Value::Exception(e.0));
            err.0.suppress_context.set(true);
            Err(err)
        }
        Err(e) => Err(e),
    }
}

/// The exception `throw(v)` raises: an instance as is, a class instantiated.
fn exception_from(vm: &mut Vm, v: &Value) -> PyResult<PyErr> {
    match v {
        Value::Exception(e) => Ok(PyErr(Rc::clone(e))),
        Value::Type(_) => match ops::call(vm, v, &[], &[])? {
            Value::Exception(e) => Ok(PyErr(e)),
            _ => Err(crate::build::not_an_exception()),
        },
        _ => Err(PyErr::new(
            BuiltinType::TypeError,
            "exceptions must be classes or instances deriving from BaseException, not ".to_owned()
                + &pyrite_runtime::format::type_name(v),
        )),
    }
}

impl GenObject {
    /// Resumes with `mode` and `value`: `Some(yielded)`, or `None` once finished.
    fn resume(&self, vm: &mut dyn Interp, mode: i64, value: Value) -> PyResult<Option<Value>> {
        // Straight to the VM that made it when the caller hands that VM over (the usual
        // case); through the resume function otherwise.
        let v = match vm.as_any_mut().and_then(|a| a.downcast_mut::<Vm>()) {
            Some(vm) => resume_core(vm, &self.0, mode, value)?,
            None => {
                let Some(f) = self.0.resume_fn.borrow().clone() else {
                    return Err(internal("generator without a resume function"));
                };
                vm.call_function(&f, &[Value::Int(mode), value], &[])?
            }
        };
        if self.0.status.get() == Status::Finished {
            Ok(None)
        } else {
            Ok(Some(v))
        }
    }

    /// The value its `return` produced (for `StopIteration` and `yield from`), handed out
    /// once: as in CPython, only the `StopIteration` of the resumption that finished it
    /// carries the value; later ones are bare.
    fn return_value(&self) -> Value {
        self.0.returned.borrow_mut().take().unwrap_or(Value::None)
    }
}

/// `StopIteration(value)` (no argument for `None`).
fn stop_iteration(value: Value) -> PyErr {
    let args = if matches!(value, Value::None) {
        Vec::new()
    } else {
        vec![value]
    };
    PyErr::with_args(BuiltinType::StopIteration.class(), args)
}

/// The generator behind a method's receiver.
fn receiver(args: &[Value]) -> PyResult<&GenObject> {
    match args.first() {
        Some(Value::Other(o)) => o
            .as_any()
            .downcast_ref::<GenObject>()
            .ok_or_else(|| internal("generator method on a non-generator")),
        _ => Err(internal("generator method without a receiver")),
    }
}

fn gen_send(vm: &mut dyn Interp, args: &[Value], _kw: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let g = receiver(args)?;
    let value = match args.get(1..) {
        Some([v]) => v.clone(),
        _ => {
            return raise(
                BuiltinType::TypeError,
                format!(
                    "generator.send() takes exactly one argument ({} given)",
                    args.len().saturating_sub(1)
                ),
            );
        }
    };
    match g.resume(vm, NEXT, value)? {
        Some(v) => Ok(v),
        None => Err(stop_iteration(g.return_value())),
    }
}

fn gen_throw(vm: &mut dyn Interp, args: &[Value], _kw: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let g = receiver(args)?;
    let exc = match args.get(1..) {
        Some([t, ..]) => match (t, args.get(2)) {
            (Value::Type(_), Some(v)) if !matches!(v, Value::None) => {
                ops::call(vm, t, std::slice::from_ref(v), &[])?
            }
            _ => t.clone(),
        },
        _ => {
            return raise(
                BuiltinType::TypeError,
                "throw expected at least 1 argument, got 0",
            );
        }
    };
    match g.resume(vm, THROW, exc)? {
        Some(v) => Ok(v),
        None => Err(stop_iteration(g.return_value())),
    }
}

fn gen_close(vm: &mut dyn Interp, args: &[Value], _kw: &[(Rc<PyStr>, Value)]) -> PyResult<Value> {
    let g = receiver(args)?;
    match g.resume(vm, CLOSE, Value::None) {
        Ok(None) => Ok(Value::None),
        Ok(Some(_)) => raise(BuiltinType::RuntimeError, "generator ignored GeneratorExit"),
        Err(e)
            if e.matches(BuiltinType::GeneratorExit) || e.matches(BuiltinType::StopIteration) =>
        {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

impl PyObject for GenObject {
    fn type_name(&self) -> &str {
        "generator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter_next(&self, vm: &mut dyn Interp) -> Option<PyResult<Option<Value>>> {
        Some(self.resume(vm, NEXT, Value::None))
    }
    fn stop_value(&self) -> Option<Value> {
        Some(self.return_value())
    }
    fn repr(&self, _vm: &mut dyn Interp) -> Option<PyResult<String>> {
        Some(Ok(format!(
            "<generator object {} at {:#x}>",
            self.0.qualname,
            Rc::as_ptr(&self.0) as usize
        )))
    }
    fn getattr(&self, _vm: &mut dyn Interp, this: &Value, name: &PyStr) -> Option<PyResult<Value>> {
        let (name, func): (&'static str, pyrite_runtime::object::BuiltinFn) = match name.as_str() {
            "send" => ("send", gen_send),
            "throw" => ("throw", gen_throw),
            "close" => ("close", gen_close),
            "__name__" => return Some(Ok(Value::str(self.0.code.code.name.clone()))),
            "__qualname__" => return Some(Ok(Value::str(self.0.qualname.clone()))),
            _ => return None,
        };
        Some(Ok(Value::Builtin(Rc::new(PyBuiltin {
            name,
            func,
            receiver: Some(this.clone()),
        }))))
    }
}

/// One step of `YieldFrom a b`: `Some(v)` to yield `v` (the instruction runs again on
/// resumption), `None` when the inner iterator is exhausted (`r[a]` is then its result).
pub(crate) fn yield_from_step(vm: &mut Vm, base: usize, ins: Instr) -> PyResult<Option<Value>> {
    let inner = vm.reg_clone(base + usize::from(ins.b))?;
    let sent = match vm.frames.last() {
        Some(Frame {
            kind: FrameKind::Generator(core),
            ..
        }) => core.sent.borrow_mut().take(),
        _ => None,
    };
    let inner_gen = match &inner {
        Value::Other(o) => o.as_any().downcast_ref::<GenObject>(),
        _ => None,
    };
    let step = match (inner_gen, sent) {
        (Some(g), Some(v)) => g.resume(vm, NEXT, v)?,
        (Some(g), None) => g.resume(vm, NEXT, Value::None)?,
        (None, Some(v)) if !matches!(v, Value::None) => {
            let send = PyStr::new("send".to_owned());
            let (f, recv) = ops::load_method(vm, &inner, &send)?;
            let r = match recv {
                Some(r) => ops::call_method(vm, &f, &r, &[v], &[]),
                None => ops::call(vm, &f, &[v], &[]),
            };
            match r {
                Ok(v) => Some(v),
                Err(e) if e.matches(BuiltinType::StopIteration) => {
                    let value = e.0.args.borrow().first().cloned().unwrap_or(Value::None);
                    vm.set_reg(base + usize::from(ins.a), value)?;
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        }
        (None, _) => ops::next(vm, &inner)?,
    };
    match step {
        Some(v) => {
            vm.yielded_from = true;
            Ok(Some(v))
        }
        None => {
            let result = inner_gen.map_or(Value::None, GenObject::return_value);
            vm.set_reg(base + usize::from(ins.a), result)?;
            Ok(None)
        }
    }
}

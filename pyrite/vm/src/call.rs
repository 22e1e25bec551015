//! Calls: the `Call*` instructions, pushing a Python function's frame (arguments copied or
//! bound into the callee's registers, cells made), `MakeFunction`, the recursion limit, and the
//! re-entrant path through which runtime code calls a Python function
//! ([`call_function_reentrant`], behind `Interp::call_function`).
//!
//! A call of a VM function from VM code never recurses in Rust: the callee's frame is pushed
//! and the dispatch loop continues with it. Everything
//! else (builtins, classes, bound builtin methods) goes through `ops::call`.
//!
//! Binding: a call whose positional arguments match a "simple" signature exactly (no defaults
//! used, no keywords, no `*args`/`**kwargs`, no cell parameters) copies the arguments from the
//! caller's window straight into the callee's; every other call goes through
//! `pyrite_runtime::bind::bind_args`, which has CPython's checks and messages.
//!
//! Invariant: a frame is pushed only after its whole window is allocated and bound; a failed
//! binding leaves the stack as it found it.

use std::cell::RefCell;
use std::rc::Rc;

use pyrite_bytecode::code::Constant;
use pyrite_bytecode::instr::Instr;
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::bind::bind_args;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyResult, raise};
use pyrite_runtime::object::PyFunction;
use pyrite_runtime::ops;
use pyrite_runtime::types::PyStr;
use pyrite_runtime::value::Value;

use crate::code::{VmCode, VmConst};
use crate::dispatch::internal;
use crate::frame::{CellRef, FrameKind};
use crate::function::{VmFunction, defaults_of, make_function, vm_body};
use crate::machine::Vm;

/// Keyword arguments as the runtime passes them.
type Kwargs = Vec<(Rc<PyStr>, Value)>;

/// Calls `func` (a function whose body a tier made) from runtime code: `Interp::call_function`.
pub(crate) fn call_function_reentrant(
    vm: &mut Vm,
    func: &Rc<PyFunction>,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    if let Some(vf) = vm_body(func) {
        if vf.code.code.is_generator() {
            return crate::generator::create(vm, func, vf, args, kwargs);
        }
        let entry = vm.frames.len();
        vm.push_bound(func, vf, args, kwargs, 0)?;
        return vm.run(entry);
    }
    if let Some(resume) = func.body.downcast_ref::<crate::generator::GenResume>() {
        return crate::generator::resume_call(vm, resume, args);
    }
    Err(internal("call of a function made by another tier"))
}

/// `ops::call` (the runtime dispatches builtin classes to their constructors, including the
/// ones in `pyrite_runtime::builtins`).
#[inline]
pub(crate) fn call_object(
    vm: &mut Vm,
    callee: &Value,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Value> {
    ops::call(vm, callee, args, kwargs)
}

/// `RecursionError` when one more frame would pass the recursion limit.
#[inline]
fn check_depth(depth: usize) -> PyResult<()> {
    if depth >= pyrite_runtime::modules::sys::recursion_limit() {
        return recursion_error();
    }
    Ok(())
}

#[cold]
fn recursion_error<T>() -> PyResult<T> {
    raise(
        BuiltinType::RecursionError,
        "maximum recursion depth exceeded",
    )
}

/// The cells of a new frame of `code`: fresh cells for its cell variables (parameters that live
/// in cells moved into theirs from `regs`), then the function's closure.
pub(crate) fn make_cells(
    code: &VmCode,
    func: &PyFunction,
    regs: &mut [Option<Value>],
) -> PyResult<Vec<CellRef>> {
    let c = &code.code;
    if c.cellvars.is_empty() && c.freevars.is_empty() {
        return Ok(Vec::new());
    }
    let mut cells: Vec<CellRef> = Vec::with_capacity(c.n_cells());
    cells.extend((0..c.cellvars.len()).map(|_| Rc::new(RefCell::new(None))));
    for &(slot, cell) in &c.cell_params {
        let value = regs.get_mut(slot as usize).and_then(Option::take);
        match cells.get(cell as usize) {
            Some(cell) => *cell.borrow_mut() = value,
            None => return Err(internal("parameter cell out of range")),
        }
    }
    if func.closure.len() != c.freevars.len() {
        return Err(internal("closure does not match the free variables"));
    }
    cells.extend(func.closure.iter().cloned());
    Ok(cells)
}

/// Binds `args` and `kwargs` to the parameters of `code` in `regs` (a new frame's registers,
/// all unbound) with CPython's checks, then makes the frame's cells (see [`make_cells`]).
pub(crate) fn bind_frame(
    code: &VmCode,
    func: &PyFunction,
    regs: &mut [Option<Value>],
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> PyResult<Vec<CellRef>> {
    let params = regs
        .get_mut(..code.params.count())
        .ok_or_else(|| internal("parameters beyond the registers"))?;
    bind_args(
        &code.params,
        &func.qualname,
        &func.defaults,
        &func.kwdefaults,
        args,
        kwargs,
        params,
    )?;
    make_cells(code, func, regs)
}

impl Vm {
    /// Records `pc` as the running frame's resumption point (before a callee is pushed).
    #[inline]
    fn save_pc(&mut self, pc: u32) {
        if let Some(f) = self.frames.last_mut() {
            f.pc = pc;
        }
    }

    /// Pushes the frame of a plain call of `vf` whose registers start at `base` (allocated
    /// and bound).
    ///
    /// `cells` makes the frame's cells where they are stored (`Vec::new` for none: inlined, it
    /// is three constant stores, where a vector passed by value went through a local).
    #[inline]
    fn push_plain(
        &mut self,
        vf: &VmFunction,
        cells: impl FnOnce() -> Vec<CellRef>,
        base: usize,
        ret: u16,
    ) {
        // Written straight into the vector's spare capacity: a `push` of the struct built in
        // a local stored `pc` and `ret` as 4- and 2-byte writes and copied them with one
        // 8-byte load, a store-forwarding stall on every call (perf annotate on `fib`).
        // Field by field: a struct literal was still assembled in a local first (the empty
        // `cells` vector's three words stored, then reloaded as one 16-byte move).
        self.frames.reserve(1);
        if let Some(slot) = self.frames.spare_capacity_mut().first_mut() {
            let p = slot.as_mut_ptr();
            // SAFETY: `p` points to the vector's first spare slot (capacity reserved above),
            // valid for writes and properly aligned; every field is written exactly once
            // before the length covers the slot, so the frame is fully initialized then.
            unsafe {
                std::ptr::addr_of_mut!((*p).code).write(Rc::clone(&vf.code));
                std::ptr::addr_of_mut!((*p).globals).write(Rc::clone(&vf.globals));
                std::ptr::addr_of_mut!((*p).locals).write(None);
                std::ptr::addr_of_mut!((*p).cells).write(cells());
                std::ptr::addr_of_mut!((*p).base).write(base);
                std::ptr::addr_of_mut!((*p).pc).write(0);
                std::ptr::addr_of_mut!((*p).ret).write(ret);
                std::ptr::addr_of_mut!((*p).kind).write(FrameKind::Plain);
                self.frames.set_len(self.frames.len() + 1);
            }
        }
    }

    /// Pushes a frame for `func` whose `n` arguments are copied from slots `start..start+n`
    /// (the exact-positional fast path; `vf.code.simple_args` and `n == argcount` hold).
    #[inline]
    pub(crate) fn push_exact(
        &mut self,
        func: &Rc<PyFunction>,
        vf: &VmFunction,
        start: usize,
        n: usize,
        ret: u16,
    ) -> PyResult<()> {
        check_depth(self.frames.len())?;
        let code = &vf.code;
        let base = self.stack.len();
        if !self.stack.push_window(start, start + n, &code.window) {
            return Err(internal("argument window out of range"));
        }
        if code.code.n_cells() == 0 {
            // A push of its own (not a shared one after choosing the cells): the empty vector
            // is then written in place rather than through a local (see `push_plain`).
            self.push_plain(vf, Vec::new, base, ret);
            return Ok(());
        }
        let regs = self
            .stack
            .range_mut(base, base + code.n_registers)
            .ok_or_else(|| internal("frame window"))?;
        match make_cells(code, func, regs) {
            Ok(cells) => self.push_plain(vf, move || cells, base, ret),
            Err(e) => {
                self.stack.truncate(base);
                return Err(e);
            }
        }
        Ok(())
    }

    /// Pushes a frame for `func` with `args` and `kwargs` bound to its parameters.
    pub(crate) fn push_bound(
        &mut self,
        func: &Rc<PyFunction>,
        vf: &VmFunction,
        args: &[Value],
        kwargs: &[(Rc<PyStr>, Value)],
        ret: u16,
    ) -> PyResult<()> {
        check_depth(self.frames.len())?;
        let code = &vf.code;
        let base = self.stack.len();
        self.stack.push_template(&code.window);
        let result = match self.stack.range_mut(base, base + code.n_registers) {
            Some(regs) => bind_frame(code, func, regs, args, kwargs),
            None => Err(internal("frame window")),
        };
        let cells = match result {
            Ok(cells) => cells,
            Err(e) => {
                self.stack.truncate(base);
                return Err(e);
            }
        };
        self.push_plain(vf, move || cells, base, ret);
        Ok(())
    }

    /// `Call`, `CallKw`, `CallMethod`, `CallEx`: the result, or `None` when a frame was pushed
    /// (the result arrives in `r[a]` when it returns).
    #[inline]
    pub(crate) fn call_op(&mut self, base: usize, ins: Instr, pc: u32) -> PyResult<Option<Value>> {
        let b = base + usize::from(ins.b);
        let c = usize::from(ins.c);
        match ins.op {
            Opcode::Call | Opcode::CallMethod => {
                let (start, n) = match ins.op {
                    Opcode::Call => (b + 1, c),
                    _ if matches!(self.stack.get(b + 1), Some(Some(_))) => (b + 1, c + 1),
                    _ => (b + 2, c),
                };
                // A builtin with no bound receiver is called straight (`ops::direct_builtin`):
                // its function pointer is copied out, so the callee needs no clone.
                if let Some(Some(callee)) = self.stack.get(b)
                    && let Some(f) = ops::direct_builtin(callee)
                {
                    return self.with_window(start, n, |vm, args| f(vm, args, &[]).map(Some));
                }
                let callee = self.reg_clone(b)?;
                self.call_window(callee, start, n, ins.a, pc)
            }
            Opcode::CallKw => {
                let callee = self.reg_clone(b)?;
                let names = match self.reg(b + 1 + c)? {
                    Value::Tuple(t) => t.items().to_vec(),
                    _ => return Err(internal("CallKw names are not a tuple")),
                };
                let mut args = self.reg_values(b + 1, c)?;
                let npos = c
                    .checked_sub(names.len())
                    .ok_or_else(|| internal("CallKw: more names than arguments"))?;
                let values = args.split_off(npos);
                let mut kwargs: Kwargs = Vec::with_capacity(names.len());
                for (name, v) in names.into_iter().zip(values) {
                    match name {
                        Value::Str(s) => kwargs.push((s, v)),
                        _ => return Err(internal("CallKw name is not a str")),
                    }
                }
                self.call_with(callee, &args, &kwargs, ins.a, pc)
            }
            Opcode::CallEx => {
                let callee = self.reg_clone(b)?;
                let args = match self.reg(base + c)? {
                    Value::Tuple(t) => t.items().to_vec(),
                    _ => return Err(internal("CallEx arguments are not a tuple")),
                };
                let mut kwargs: Kwargs = Vec::new();
                if ins.x == 1 {
                    match self.reg(base + c + 1)? {
                        Value::Dict(d) => {
                            for e in d.entries() {
                                match e.key {
                                    Value::Str(s) => kwargs.push((s, e.value)),
                                    _ => {
                                        return raise(
                                            BuiltinType::TypeError,
                                            format!(
                                                "{} keywords must be strings",
                                                crate::build::callee_name(&callee)
                                            ),
                                        );
                                    }
                                }
                            }
                        }
                        Value::None => {}
                        _ => return Err(internal("CallEx keywords are not a dict")),
                    }
                }
                self.call_with(callee, &args, &kwargs, ins.a, pc)
            }
            _ => Err(internal("not a call")),
        }
    }

    /// `f(vm, slots[start..start+n])` with clones of the arguments (the call may move the
    /// stack), on the Rust stack for the common arities.
    #[inline]
    fn with_window<R>(
        &mut self,
        start: usize,
        n: usize,
        f: impl FnOnce(&mut Self, &[Value]) -> PyResult<R>,
    ) -> PyResult<R> {
        match n {
            0 => f(self, &[]),
            1 => {
                let a = [self.reg_clone(start)?];
                f(self, &a)
            }
            2 => {
                let a = [self.reg_clone(start)?, self.reg_clone(start + 1)?];
                f(self, &a)
            }
            3 => {
                let a = [
                    self.reg_clone(start)?,
                    self.reg_clone(start + 1)?,
                    self.reg_clone(start + 2)?,
                ];
                f(self, &a)
            }
            _ => {
                let a = self.reg_values(start, n)?;
                f(self, &a)
            }
        }
    }

    /// `callee(*slots[start..start+n])`.
    #[inline]
    fn call_window(
        &mut self,
        callee: Value,
        start: usize,
        n: usize,
        dest: u16,
        pc: u32,
    ) -> PyResult<Option<Value>> {
        if let Value::Function(f) = &callee
            && let Some(vf) = vm_body(f)
            && vf.code.simple_args
            && n == vf.code.params.argcount
        {
            self.save_pc(pc);
            self.push_exact(f, vf, start, n, dest)?;
            return Ok(None);
        }
        if !matches!(callee, Value::Function(_) | Value::Method(_)) {
            // Builtins and classes.
            return self.with_window(start, n, |vm, args| {
                call_object(vm, &callee, args, &[]).map(Some)
            });
        }
        let args = self.reg_values(start, n)?;
        self.call_with(callee, &args, &[], dest, pc)
    }

    /// `callee(*args, **kwargs)`: VM functions get a frame, anything else is called.
    fn call_with(
        &mut self,
        callee: Value,
        args: &[Value],
        kwargs: &[(Rc<PyStr>, Value)],
        dest: u16,
        pc: u32,
    ) -> PyResult<Option<Value>> {
        match &callee {
            Value::Function(f) => {
                if let Some(vf) = vm_body(f) {
                    if vf.code.code.is_generator() {
                        return crate::generator::create(self, f, vf, args, kwargs).map(Some);
                    }
                    self.save_pc(pc);
                    self.push_bound(f, vf, args, kwargs, dest)?;
                    return Ok(None);
                }
                Ok(Some(call_object(self, &callee, args, kwargs)?))
            }
            Value::Method(m) if matches!(&m.func, Value::Function(f) if vm_body(f).is_some()) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(m.receiver.clone());
                full.extend_from_slice(args);
                let func = m.func.clone();
                self.call_with(func, &full, kwargs, dest, pc)
            }
            _ => Ok(Some(call_object(self, &callee, args, kwargs)?)),
        }
    }

    /// `MakeFunction` / `MakeFunctionDefaults`.
    pub(crate) fn make_function_op(
        &mut self,
        code: &VmCode,
        base: usize,
        ins: Instr,
    ) -> PyResult<Value> {
        let globals = &self.frame_globals()?;
        let Some(VmConst::Code(inner)) = code.consts.get(ins.k() as usize) else {
            return Err(internal("MakeFunction of a non-code constant"));
        };
        debug_assert!(matches!(
            code.code.constants.get(ins.k() as usize),
            Some(Constant::Code(_))
        ));
        let (defaults, kwdefaults) = if ins.op == Opcode::MakeFunctionDefaults {
            let b = base + usize::from(ins.b);
            let pos = self.reg_clone(b)?;
            let kw = self.reg_clone(b + 1)?;
            defaults_of(&pos, &kw)?
        } else {
            (Vec::new(), Vec::new())
        };
        let frame = self.frames.last().ok_or_else(|| internal("no frame"))?;
        let mut closure = Vec::with_capacity(inner.code.closure.len());
        for &cell in &inner.code.closure {
            match frame.cells.get(cell as usize) {
                Some(c) => closure.push(Rc::clone(c)),
                None => return Err(internal("closure cell out of range")),
            }
        }
        Ok(make_function(
            Rc::clone(inner),
            Rc::clone(globals),
            defaults,
            kwdefaults,
            closure,
        ))
    }
}

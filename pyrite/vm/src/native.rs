//! The VM's side of the JIT boundary (DESIGN.md section 3, tier 3): how native code made by a
//! [`NativeCompiler`] (the `pyrite-jit` crate) runs a frame, and the `extern "C"` helpers it
//! calls for everything it does not do inline.
//!
//! # Contract
//! A [`NativeFn`] runs the *top* frame of the VM from its first instruction until that frame
//! returns or an exception leaves it:
//! ```text
//! status = native(vm, out)
//!   0 (NATIVE_RETURNED): the return value was moved into *out (the register it came from is
//!                        left unbound)
//!   1 (NATIVE_RAISED):   the exception is in `vm.native_err`, with this frame's traceback entry
//! ```
//! The frame stays on the frame stack while it runs (tracebacks, `MakeFunction` closures and
//! the recursion limit see it exactly as an interpreted frame) and [`Vm::run_native`] pops it.
//! Its registers are the frame's slots of the value stack, read and written in place by the
//! native code through the pointer kept in the `Vm` at [`native_regs_offset`]; any helper may
//! grow (move) the stack, so helpers update that pointer and native code reloads it after
//! every helper call.
//!
//! Helpers take the instruction's index `at`: they set the frame's `pc` to `at + 1` first (the
//! VM's convention: a traceback names the instruction before `pc`), decode the generic
//! instruction from the immutable code object, and report failure by storing the error in
//! `vm.native_err` and returning a negative status. One generic helper, [`native_step`],
//! executes any instruction by running the dispatch loop itself for that one instruction
//! (`run_frames` in `STEP` mode: the same arms, quickening and inline caches), so calls of
//! Python functions run to completion before it returns (a callee with native code runs
//! natively). So every semantic stays in one place; native
//! code only adds fast paths that compute what the runtime would.
//!
//! Exceptions: on a failed helper, native code calls [`native_unwind`], which does for this
//! frame what `Vm::unwind` does for an interpreted one (traceback entry, `__context__`, the
//! exception table) and returns the handler to continue at, or -1 to return `NATIVE_RAISED`.

use std::cell::Cell;
use std::rc::Rc;

use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::object::PyFunction;
use pyrite_runtime::value::Value;

use crate::code::{VmCode, VmConst};
use crate::dispatch::{Exit, internal, unbound_register};
use crate::frame::FrameKind;
use crate::function::{VmFunction, vm_body};
use crate::machine::Vm;
use crate::stack::Slot;

/// Native code for one code object. See the module documentation.
pub type NativeFn = unsafe extern "C" fn(vm: *mut Vm, out: *mut Slot) -> u32;

/// [`NativeFn`] status: the frame returned.
pub const NATIVE_RETURNED: u32 = 0;
/// [`NativeFn`] status: an exception left the frame.
pub const NATIVE_RAISED: u32 = 1;

/// Whether a code object has native code (kept in [`VmCode`]).
#[derive(Clone, Copy, Default)]
pub enum NativeState {
    /// Not compiled yet (compiled when it first runs, if a compiler is installed).
    #[default]
    Untried,
    /// Compiled.
    Compiled(NativeFn),
    /// The compiler declined it: it runs on the VM.
    Refused,
}

/// A compiler of code objects to native code: the JIT, behind this trait so that the VM does
/// not depend on it.
pub trait NativeCompiler {
    /// Compiles `code`, or says why not (it then runs on the VM).
    ///
    /// # Errors
    /// The reason the code object is left to the VM.
    fn compile(&mut self, code: &Rc<VmCode>) -> Result<NativeFn, String>;

    /// The `--jit-stats` report, given how many instructions the VM interpreted.
    fn report(&self, vm_instructions: u64) -> String;
}

impl VmCode {
    /// The code object's native state.
    pub fn native_state(&self) -> NativeState {
        self.native.get()
    }

    /// The code object as compiled (instructions, tables, names).
    pub fn code_object(&self) -> &pyrite_bytecode::code::CodeObject {
        &self.code
    }

    /// The code objects nested in this one (its functions, comprehensions, ...), in constant
    /// order (for benchmarks and tools that compile them one by one).
    pub fn nested_code(&self) -> impl Iterator<Item = &Rc<VmCode>> {
        self.consts.iter().filter_map(|c| match c {
            VmConst::Code(code) => Some(code),
            VmConst::Value(_) => None,
        })
    }

    /// The constant at `k` when it is an inline value (`None`, `bool`, small `int`, `float`):
    /// the JIT stores those without a helper.
    pub fn inline_constant(&self, k: u32) -> Option<Value> {
        match self.consts.get(k as usize) {
            Some(VmConst::Value(
                v @ (Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_)),
            )) => Some(v.clone()),
            _ => None,
        }
    }
}

/// Keeps [`NativeState`] in a `Cell` of the code object.
pub(crate) type NativeCell = Cell<NativeState>;

impl Vm {
    /// Installs a native compiler: from now on every code object is offered to it when it
    /// first runs. With `count_instructions`, the VM counts the instructions it interprets
    /// (for the compiler's report).
    pub fn set_native_compiler(&mut self, jit: Box<dyn NativeCompiler>, count_instructions: bool) {
        self.jit = Some(jit);
        self.count_instructions = count_instructions;
    }

    /// The native compiler's report (`None` without a compiler).
    pub fn native_report(&self) -> Option<String> {
        self.jit.as_ref().map(|j| j.report(self.stats.instructions))
    }

    /// Native code for `code`, compiling it on first use (`None`: no compiler, or refused).
    #[inline]
    pub(crate) fn native_for(&mut self, code: &Rc<VmCode>) -> Option<NativeFn> {
        match code.native.get() {
            NativeState::Compiled(f) => Some(f),
            NativeState::Refused => None,
            NativeState::Untried => self.compile_native(code),
        }
    }

    #[cold]
    fn compile_native(&mut self, code: &Rc<VmCode>) -> Option<NativeFn> {
        let jit = self.jit.as_mut()?;
        match jit.compile(code) {
            Ok(f) => {
                code.native.set(NativeState::Compiled(f));
                Some(f)
            }
            Err(_) => {
                code.native.set(NativeState::Refused);
                None
            }
        }
    }

    /// Native code for the top frame if it is a plain frame about to start. A generator's frame
    /// is offered to the compiler too (which declines it, and reports that), but always runs on
    /// the VM.
    #[inline]
    pub(crate) fn native_for_top(&mut self) -> Option<NativeFn> {
        self.jit.as_ref()?;
        let top = self.frames.last()?;
        if top.pc != 0 {
            return None;
        }
        let plain = matches!(top.kind, FrameKind::Plain);
        let code = Rc::clone(&top.code);
        let native = self.native_for(&code);
        if plain { native } else { None }
    }

    /// Runs the top frame with native code `f` and pops it: its return value or exception.
    pub(crate) fn run_native(&mut self, f: NativeFn) -> PyResult<Value> {
        let mut out: Slot = None;
        self.refresh_native_regs();
        // SAFETY: `f` was made by the installed compiler for the top frame's code, and follows
        // the module's contract: it accesses the VM only through the helpers below (each makes
        // a `&mut Vm` from the pointer for its own duration; none is alive across another) and
        // writes at most one value into `out`, which starts unbound (nothing leaks).
        let status = unsafe { f(std::ptr::from_mut(self), &raw mut out) };
        // Native code runs plain frames only.
        if self.pop_plain_frame().is_none() {
            return Err(internal("native code popped its frame"));
        }
        if status == NATIVE_RETURNED {
            out.ok_or_else(unbound_register)
        } else {
            Err(self
                .native_err
                .take()
                .unwrap_or_else(|| internal("native code raised without an error")))
        }
    }

    /// Executes the instructions `at..end` of the top frame (see the module documentation),
    /// which only the last may jump out of: the next instruction to run. The dispatch loop
    /// runs them in `STEP` mode, with its quickened paths and inline caches, and runs the
    /// frames they call (natively when they have native code); an exception leaving those
    /// frames is unwound through them as `Vm::run` does. On an error, the frame's `pc` is one
    /// past the faulting instruction. Instructions run by called frames here are not counted
    /// for `--jit-stats` (they are frames the JIT declined, which calls never push: generators).
    #[inline(never)]
    fn step<const COUNT: bool>(&mut self, at: u32, end: u32) -> PyResult<u32> {
        let Some(entry) = self.frames.len().checked_sub(1) else {
            return Err(internal("no frame"));
        };
        let mut pc = at;
        loop {
            match self.run_frames::<COUNT, true>(entry, &mut pc, end) {
                Ok(Exit::Step) => break,
                Ok(_) => return Err(internal("native code left a frame transfer to a helper")),
                Err(err) => {
                    if let Some(f) = self.frames.last_mut() {
                        f.pc = pc;
                    }
                    if self.frames.len() <= entry + 1 {
                        return Err(err);
                    }
                    self.unwind(err, entry + 1)?;
                    pc = match self.frames.last() {
                        Some(top) => top.pc,
                        None => return Err(internal("no frame after unwinding")),
                    };
                }
            }
        }
        if let Some(f) = self.frames.last_mut() {
            f.pc = pc;
        }
        Ok(pc)
    }

    /// Records the top frame's first register for native code (see [`native_regs_offset`]).
    #[inline]
    fn refresh_native_regs(&mut self) {
        let ptr = match self.frames.last().map(|f| f.base) {
            Some(base) => self
                .stack
                .get_mut(base)
                .map_or(std::ptr::null_mut(), std::ptr::from_mut),
            None => std::ptr::null_mut(),
        };
        self.native_regs = NativeRegs(ptr);
    }

    /// Handles the pending native error at `at` in the top frame: the handler's instruction,
    /// or `None` (the error stays pending: the frame must return `NATIVE_RAISED`).
    fn native_unwind_at(&mut self, at: u32) -> Option<u32> {
        let err = self
            .native_err
            .take()
            .unwrap_or_else(|| internal("native unwind without an error"));
        if let Some(frame) = self.frames.last_mut() {
            frame.pc = at + 1;
        }
        let add_entry = self.begin_unwind(&err);
        match self.unwind_top(err, add_entry) {
            Ok(handler) => Some(handler),
            Err(err) => {
                self.native_err = Some(err);
                None
            }
        }
    }
}

/// Stores `err` for the native code's caller; the status native code sees.
fn fail(vm: &mut Vm, err: PyErr) -> i32 {
    vm.native_err = Some(err);
    -1
}

/// Where native code finds the running frame's first register: a pointer at this offset in
/// the `Vm`, which every helper (and [`Vm::run_native`]) updates before returning, since a
/// helper may move the value stack. Native code reloads it after each helper call.
pub fn native_regs_offset() -> usize {
    std::mem::offset_of!(Vm, native_regs)
}

/// The running frame's first register, as native code reads it (see [`native_regs_offset`]).
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct NativeRegs(pub(crate) *mut Slot);

impl Default for NativeRegs {
    fn default() -> Self {
        NativeRegs(std::ptr::null_mut())
    }
}

/// Executes the instruction at `at` (see the module documentation): 0 to go on with the next
/// instruction, 1 to take its jump, -1 on an exception (pending in the VM).
///
/// # Safety
/// `vm` is the VM running the native code (a valid, unaliased pointer for this call).
pub unsafe extern "C" fn native_step(vm: *mut Vm, at: u32) -> i32 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &mut *vm };
    let status = match vm.step::<false>(at, at + 1) {
        Ok(pc) => i32::from(pc != at + 1),
        Err(e) => fail(vm, e),
    };
    vm.refresh_native_regs();
    status
}

/// Executes the instructions `at..end`, none of which jumps (a run of instructions native code
/// has no fast path for, entered only at `at`): 0 when they are done, `-(fault + 1)` when the
/// instruction at `fault` raised (the exception pending in the VM).
///
/// # Safety
/// `vm` is the VM running the native code (a valid, unaliased pointer for this call).
pub unsafe extern "C" fn native_run(vm: *mut Vm, at: u32, end: u32) -> i32 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &mut *vm };
    let ran = vm.step::<false>(at, end);
    run_status(vm, at, end, ran)
}

/// Executes a whole loop `at..end` that native code has nothing to add to: a `for` loop whose
/// body is a run of instructions without fast paths. The loop's `ForIter` at `at` leaves it
/// by jumping to `end`; the body jumps back only to `at`, and nothing else enters it. Status
/// as [`native_run`]. Unlike a run's, these instructions count as the VM's when counting is on
/// (it interprets each of them a varying number of times).
///
/// # Safety
/// As [`native_run`].
pub unsafe extern "C" fn native_run_loop(vm: *mut Vm, at: u32, end: u32) -> i32 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &mut *vm };
    let ran = if vm.count_instructions {
        vm.step::<true>(at, end)
    } else {
        vm.step::<false>(at, end)
    };
    run_status(vm, at, end, ran)
}

/// The status of a run or a loop that ended at `ran`.
fn run_status(vm: &mut Vm, at: u32, end: u32, ran: PyResult<u32>) -> i32 {
    let fault = match ran {
        Ok(pc) if pc == end => None,
        Ok(_) => {
            fail(vm, internal("a jump out of a run of generic instructions"));
            Some(at)
        }
        Err(e) => {
            fail(vm, e);
            Some(vm.frames.last().map_or(at, |f| f.pc.saturating_sub(1)))
        }
    };
    // `!fault` is `-(fault + 1)`.
    let status = fault.map_or(0, |f| !i32::try_from(f).unwrap_or(i32::MAX));
    vm.refresh_native_regs();
    status
}

/// The pending exception raised at `at`: the handler to continue at, or -1 when the frame must
/// return `NATIVE_RAISED`.
///
/// # Safety
/// `vm` is the VM running the native code (a valid, unaliased pointer for this call).
pub unsafe extern "C" fn native_unwind(vm: *mut Vm, at: u32) -> i64 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &mut *vm };
    let handler = vm.native_unwind_at(at).map_or(-1, i64::from);
    vm.refresh_native_regs();
    handler
}

/// Releases the value in a register before native code overwrites it with an inline value.
///
/// # Safety
/// `slot` points to an initialized register of the running frame; the caller overwrites it
/// right after (it is left dropped).
pub unsafe extern "C" fn native_release(slot: *mut Slot) {
    // SAFETY: the caller's contract: the value is dropped exactly once, then overwritten.
    unsafe { std::ptr::drop_in_place(slot) }
}

/// The tag byte of an unbound register (`Option<Value>::None` in the spare tag values).
pub fn unbound_tag() -> u8 {
    let unbound: Slot = None;
    // SAFETY: a `Slot` is 16 initialized bytes whose first byte is the tag (`Value` is
    // `#[repr(C, u8)]`, and `None` is encoded in that byte's unused values).
    unsafe { *std::ptr::from_ref(&unbound).cast::<u8>() }
}

// ---- Pure helpers ----------------------------------------------------------------------------
//
// The helpers below never run Python code, never touch the value stack's allocation and never
// raise: they take register pointers from native code, do the dispatch loop's fast path for
// one instruction, and return `HANDLED`, `EXHAUSTED` (a `ForIter` whose iterator is done) or
// `FALLBACK` (nothing was done: native code then calls `native_step` for the instruction,
// which handles every case). Native code need not reload its register pointer after them.

/// A pure helper did the instruction's work.
pub const HANDLED: i32 = 0;
/// `native_for_iter`: the iterator is exhausted (take the jump).
pub const EXHAUSTED: i32 = 1;
/// A pure helper did nothing: run the generic helper.
pub const FALLBACK: i32 = 2;

/// Stores `v` in the register at `dst` (releasing its old value).
///
/// # Safety
/// `dst` is a register of the running frame, with no live reference to it.
unsafe fn store_at(dst: *mut Slot, v: Value) {
    // SAFETY: the caller's contract.
    crate::stack::store(unsafe { &mut *dst }, v);
}

/// `GetItem` for `list[int]`, `tuple[int]` (in range) and `dict[str]` (present).
///
/// # Safety
/// The pointers are registers of the running frame (`dst` may equal an operand); no
/// reference to them is alive.
pub unsafe extern "C" fn native_getitem(dst: *mut Slot, obj: *const Slot, key: *const Slot) -> i32 {
    // SAFETY: the caller's contract; the shared references end before `dst` is written.
    let v = match unsafe { (&*obj, &*key) } {
        (Some(Value::List(l)), Some(Value::Int(i))) => crate::build::list_item(l, *i),
        (Some(Value::Tuple(t)), Some(Value::Int(i))) => {
            let items = t.items();
            let n = items.len() as i64;
            let j = if *i < 0 { *i + n } else { *i };
            usize::try_from(j)
                .ok()
                .and_then(|j| items.get(j))
                .map(Value::clone_fast)
        }
        (Some(Value::Dict(d)), Some(Value::Str(k))) => d.get_pystr(k),
        _ => None,
    };
    match v {
        // SAFETY: the caller's contract.
        Some(v) => unsafe {
            store_at(dst, v);
            HANDLED
        },
        None => FALLBACK,
    }
}

/// `SetItem` for `list[int] = v` (in range), and `dict[str] = v` where that `str` key is
/// already there (`PyDict::replace_str`, as `ops::setitem` does).
///
/// # Safety
/// As [`native_getitem`].
pub unsafe extern "C" fn native_setitem(obj: *const Slot, key: *const Slot, v: *const Slot) -> i32 {
    // SAFETY: the caller's contract.
    match unsafe { (&*obj, &*key, &*v) } {
        (Some(Value::List(l)), Some(Value::Int(i)), Some(v))
            if crate::build::set_list_item(l, *i, v) =>
        {
            HANDLED
        }
        (Some(Value::Dict(d)), Some(Value::Str(k)), Some(v)) if d.replace_str(k, v) => HANDLED,
        _ => FALLBACK,
    }
}

/// `ForIter` over the VM's range iterators and the iterators whose step runs no code (lists):
/// the next value into `dst`, or `EXHAUSTED`.
///
/// # Safety
/// As [`native_getitem`].
pub unsafe extern "C" fn native_for_iter(it: *const Slot, dst: *mut Slot) -> i32 {
    // SAFETY: the caller's contract; the shared reference ends before `dst` is written.
    let Some(Value::Other(o)) = (unsafe { &*it }) else {
        return FALLBACK;
    };
    let next = match o.next_int() {
        Some(Some(i)) => Some(Value::Int(i)),
        Some(None) => return EXHAUSTED,
        None => match o.next_plain() {
            Some(Some(v)) => Some(v),
            Some(None) => return EXHAUSTED,
            None => None,
        },
    };
    match next {
        // SAFETY: the caller's contract.
        Some(v) => unsafe {
            store_at(dst, v);
            HANDLED
        },
        // The VM's iterators do not fail; anything else is the generic helper's.
        None => FALLBACK,
    }
}

/// `BinaryOp` `+` on two `str`s: their concatenation into `dst` (what the dispatch loop's
/// `BinaryAddStr` computes); `FALLBACK` for any other operands.
///
/// # Safety
/// As [`native_getitem`].
pub unsafe extern "C" fn native_add_str(dst: *mut Slot, a: *const Slot, b: *const Slot) -> i32 {
    // SAFETY: the caller's contract; the shared references end before `dst` is written.
    let v = match unsafe { (&*a, &*b) } {
        (Some(Value::Str(x)), Some(Value::Str(y))) => crate::binary::concat_str(x, y),
        _ => return FALLBACK,
    };
    // SAFETY: the caller's contract.
    unsafe { store_at(dst, v) };
    HANDLED
}

/// `ListAppend` (a comprehension's `list.append`).
///
/// # Safety
/// As [`native_getitem`].
pub unsafe extern "C" fn native_list_append(list: *const Slot, v: *const Slot) -> i32 {
    // SAFETY: the caller's contract.
    if let (Some(Value::List(l)), Some(v)) = unsafe { (&*list, &*v) }
        && let Ok(mut items) = l.items.try_borrow_mut()
    {
        items.push(v.clone_fast());
        HANDLED
    } else {
        FALLBACK
    }
}

/// `LoadDeref` of a bound cell `k` of the running frame into `dst`.
///
/// # Safety
/// `vm` is the VM running the native code; `dst` a register of its running frame; no
/// reference to either is alive.
pub unsafe extern "C" fn native_load_deref(vm: *mut Vm, k: u32, dst: *mut Slot) -> i32 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &*vm };
    let Some(cell) = vm.frames.last().and_then(|f| f.cells.get(k as usize)) else {
        return FALLBACK;
    };
    let Ok(content) = cell.try_borrow() else {
        return FALLBACK;
    };
    let Some(v) = content.as_ref() else {
        return FALLBACK;
    };
    // SAFETY: the caller's contract (`dst` is in the value stack, not in a cell).
    let slot = unsafe { &mut *dst };
    // A loop loads the same cell into the same register on every iteration: when the register
    // already holds that very object, there is nothing to do (no reference taken, none
    // released). Big ints compare by value in `is`, so they are always stored.
    if let Some(old) = slot
        && old.is(v)
        && !matches!(v, Value::BigInt(_))
    {
        return HANDLED;
    }
    crate::stack::store(slot, v.clone());
    HANDLED
}

/// `LoadGlobal` through the inline cache the VM keeps for the instruction at `at` (filled by
/// the generic path): the cached value into `dst`, or `FALLBACK`.
///
/// # Safety
/// As [`native_load_deref`].
pub unsafe extern "C" fn native_load_global(vm: *mut Vm, at: u32, dst: *mut Slot) -> i32 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &*vm };
    let Some(frame) = vm.frames.last() else {
        return FALLBACK;
    };
    let code = &frame.code;
    let at = at as usize;
    let hit = match code.instrs.get(at).map(|i| i.get().op) {
        Some(Opcode::LoadGlobalModule) => {
            // The cached global is cloned straight into the register (one 16-byte copy; a
            // clone moved through locals stalled store forwarding, perf annotate on `fib`).
            let stored = crate::quicken::global_module_entry(code, at).and_then(|(key, pos)| {
                frame.globals.with_value_at(key, pos, |v| {
                    // SAFETY: the caller's contract (`dst` is a register of the running frame,
                    // initialized; nothing else refers to it). Its old value is released
                    // first; a `Some(v)` slot has `v`'s layout (the unbound state lives in
                    // the tag's spare values, as native code relies on), so writing the
                    // value's bytes makes it `Some`.
                    unsafe {
                        if !crate::stack::is_inline(&*dst) {
                            std::ptr::drop_in_place(dst);
                        }
                        v.clone_to(dst.cast::<Value>());
                    }
                })
            });
            return if stored.is_some() { HANDLED } else { FALLBACK };
        }
        Some(Opcode::LoadGlobalBuiltin) => {
            crate::quicken::global_builtin_hit(code, at, &frame.globals)
        }
        _ => None,
    };
    match hit {
        // SAFETY: the caller's contract (`dst` is in the value stack).
        Some(v) => unsafe {
            store_at(dst, v);
            HANDLED
        },
        None => FALLBACK,
    }
}

/// A direct call site's cache: the Python function last called there with native code, so
/// the next call that finds the same function in the callee register skips the checks
/// (its kind, its body, its parameters, its native state). Native code owns one per `Call`
/// it translates (the JIT allocates it and keeps it as long as the code).
///
/// The cache holds a strong reference: while cached, the function's address names it (no
/// new function can reuse it), and `PyFunction`'s fields never change after creation, so a
/// hit is exactly "the same function as last time". Nothing observes the longer lifetime
/// (there are no finalizers or weak references to functions).
#[derive(Default)]
pub struct CallSite {
    /// The function, its VM body (inside the function's body `Rc`, alive as long as it), and
    /// its native entry point.
    hit: Option<(Rc<PyFunction>, *const VmFunction, NativeFn)>,
}

impl CallSite {
    /// Fills the cache for the function in slot `callee` if it can be called directly with
    /// `n` arguments (a Python function with simple parameters, exactly `n` of them, and
    /// native code); false otherwise (the cache is left as it was).
    #[cold]
    fn fill(&mut self, vm: &mut Vm, callee: usize, n: usize) -> bool {
        let Some(Some(Value::Function(f))) = vm.stack.get(callee) else {
            return false;
        };
        let f = Rc::clone(f);
        let Some(vf) = vm_body(&f) else {
            return false;
        };
        if !vf.code.simple_args || n != vf.code.params.argcount {
            return false;
        }
        let code = Rc::clone(&vf.code);
        let vf: *const VmFunction = vf;
        let Some(native) = vm.native_for(&code) else {
            return false;
        };
        self.hit = Some((f, vf, native));
        true
    }
}

/// [`native_call_enter`]'s result when the call raised before the callee started.
pub const CALL_RAISED: u64 = 1;

/// The first half of a direct call from native code (`Call` of a Python function with exactly
/// its positional parameters whose code has native code): pushes the callee's frame with the
/// arguments `r[b+1..b+1+c]` (`bc` is `b | c << 16`) and returns its native entry point, for
/// native code to call directly; then [`native_call_leave`] finishes the call. `site` caches
/// the callee between calls. Returns 0 (nothing done: run the generic helper) for any other
/// callee, or [`CALL_RAISED`] (the exception pending, e.g. the recursion limit).
///
/// # Safety
/// `vm` is the VM running the native code (a valid, unaliased pointer for this call); `site`
/// the call site's own cache (valid, used by nothing else during the call).
pub unsafe extern "C" fn native_call_enter(
    vm: *mut Vm,
    at: u32,
    bc: u32,
    site: *mut CallSite,
) -> u64 {
    // SAFETY: the caller's contract.
    let (vm, site) = unsafe { (&mut *vm, &mut *site) };
    let Some(frame) = vm.frames.last_mut() else {
        return 0;
    };
    frame.pc = at + 1;
    let callee = frame.base + (bc & 0xffff) as usize;
    let n = (bc >> 16) as usize;
    let same = match (vm.stack.get(callee), &site.hit) {
        (Some(Some(Value::Function(f))), Some((g, _, _))) => Rc::ptr_eq(f, g),
        _ => false,
    };
    if !same && !site.fill(vm, callee, n) {
        return 0;
    }
    let Some((f, vf, native)) = &site.hit else {
        return 0;
    };
    // SAFETY: `vf` points into `f`'s body, which the cache keeps alive.
    let vf = unsafe { &**vf };
    if let Err(e) = vm.push_exact(f, vf, callee + 1, n, 0) {
        vm.native_err = Some(e);
        vm.refresh_native_regs();
        return CALL_RAISED;
    }
    vm.refresh_native_regs();
    *native as usize as u64
}

/// The second half of a direct call: pops the callee's frame; when it returned (`status`),
/// moves its value from `*out` into the caller's `r[a]` (0), else leaves its exception
/// pending (-1).
///
/// # Safety
/// `vm` as for [`native_call_enter`]; `out` the slot the callee's native code was given, which
/// it initialized or left unbound.
pub unsafe extern "C" fn native_call_leave(
    vm: *mut Vm,
    status: u32,
    out: *mut Slot,
    a: u32,
) -> i32 {
    // SAFETY: the caller's contract.
    let vm = unsafe { &mut *vm };
    if vm.pop_plain_frame().is_none() {
        return fail(vm, internal("native call without a frame"));
    }
    let status = match vm.frames.last().map(|f| f.base + a as usize) {
        // SAFETY: `*out` is an initialized slot (a value moved in by the callee, or unbound)
        // that nothing else owns: moving it into the register takes ownership of it; native
        // code does not use it again. A register of the caller is in the stack.
        Some(dst) if status == NATIVE_RETURNED && dst < vm.stack.len() => unsafe {
            if (*out).is_none() {
                fail(vm, unbound_register())
            } else {
                vm.stack.move_into_unchecked(dst, out);
                0
            }
        },
        Some(_) if status == NATIVE_RETURNED => {
            // SAFETY: as above; the value is dropped.
            drop(unsafe { std::ptr::read(out) });
            fail(vm, internal("return register out of range"))
        }
        Some(_) => {
            // SAFETY: as above (the callee raised: the slot is unbound).
            drop(unsafe { std::ptr::read(out) });
            -1
        }
        None => {
            // SAFETY: as above.
            drop(unsafe { std::ptr::read(out) });
            fail(vm, internal("native call without a caller"))
        }
    };
    vm.refresh_native_regs();
    status
}

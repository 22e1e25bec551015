//! Translation of one code object to Cranelift IR: the baseline compiler.
//!
//! # Shape of the generated function
//! `fn(vm: *mut Vm, out: *mut Slot) -> u32` (the VM's `NativeFn`, see `pyrite_vm::native`):
//! ```text
//! entry:    regs = vm.native_regs; jump i0
//! i<n>:     one block per instruction (every instruction may be a jump target)
//!             inline fast path behind tag checks  --guard fails-->  slow path
//!             slow path: s = native_step(vm, n); regs = vm.native_regs
//!                        s < 0 -> unwind(n);  s == 1 -> jump target;  else -> i<n+1>
//! run<n..m>: instructions n..m in a row with no fast path (and the few cheap ones between
//!             them, see `generic_runs`), none jumping, only n a jump target:
//!             s = native_run(vm, n, m); regs = vm.native_regs
//!             s < 0 -> unwind(!s);  else -> i<m>     (one helper call for the whole run)
//! unwind(at): h = native_unwind(vm, at); regs = vm.native_regs
//!             h < 0 -> return NATIVE_RAISED;  else switch h -> handler block
//! chain<n>:  a second translation of instruction n, entered only from the fast path of the
//!             instruction before, knowing what that path's guards checked (`facts.rs`); its
//!             slow path continues in i<n+1>
//! ```
//!
//! Registers stay in the frame's slots of the VM's value stack (16 bytes each: the tag byte
//! at offset 0, the payload at offset 8, see `pyrite_runtime::value`), addressed from `regs`,
//! which lives in a Cranelift variable and is reloaded after every helper call (a helper may
//! move the stack). Keeping the slots as the one home of every value is what lets helpers,
//! tracebacks and the VM see the frame exactly as the interpreter leaves it, and keeps
//! reference counting in one place: inline paths only ever store inline kinds (`None`,
//! `bool`, `int`, `float`), releasing a heap value they overwrite through `native_release`.
//!
//! # Fast paths and their semantics
//! Each computes what the runtime would, and only for operands where that is cheap and exact;
//! anything else (a big int, a bool operand, a zero divisor, an overflow) takes the slow path,
//! which runs the runtime's code:
//! - `+ - *` on two ints with the overflow flag (overflow -> slow path -> big int); on two
//!   floats, or a float and an int (the int converted as `float()` converts it), as IEEE
//!   operations.
//! - `//` and `%` on two ints with a divisor other than 0 and -1: truncating division, then
//!   Python's floor adjustment (`q - 1`, `r + y` when the remainder's sign differs from the
//!   divisor's); `/` on two floats with a nonzero divisor.
//! - `& | ^` on two ints; `>>` by 0..64; `<<` by 0..64 when shifting back gives the operand.
//! - comparisons of two ints (`icmp`) or two floats (`fcmp` with ordered conditions, and
//!   unordered-or-not-equal for `!=`, so NaN compares as in Python and `-0.0 == 0.0`), as a
//!   `bool` or fused with the branch; truth of a `bool` or an `int`.
//! - `Move` and `LoadConst` of inline kinds, `Jump`, `Return`.
//! - through *pure* helpers (`pyrite_vm::native`: no Python code, no stack growth, so no
//!   register reload) before the generic one: `ForIter` over a range, `list[int]`,
//!   `tuple[int]` and `dict[str]` items, `list[int] = v` and `dict[str] = v` of a key already
//!   there, a comprehension's append, a bound cell's load, a cached global's load; and `str +
//!   str` when a `+` is not on two numbers.
//! - `Call` of a Python function with native code and exactly its positional parameters: the
//!   VM pushes the frame (`native_call_enter`, with the call site's cache of the callee),
//!   native code calls the callee's native code directly, and `native_call_leave` pops the
//!   frame and stores the result.

use std::pin::Pin;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    AbiParam, Block, BlockArg, Function, InstBuilder, MemFlagsData, SigRef, Signature, StackSlot,
    StackSlotData, StackSlotKind, Value, types,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Switch, Variable};
use pyrite_bytecode::instr::{BIN_OPS, CmpKind, Instr};
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::ops::BinOp;
use pyrite_runtime::value::Value as PyValue;
use pyrite_vm::code::VmCode;
use pyrite_vm::native;

use crate::facts::{self, Facts, Hint, Hints, Known};

/// Value tags (`pyrite_runtime::value`'s table).
const TAG_NONE: i64 = 0;
const TAG_BOOL: i64 = 1;
const TAG_INT: i64 = 2;
const TAG_FLOAT: i64 = 3;
/// Heap kinds are tags `HEAP_FIRST ..= HEAP_FIRST + HEAP_COUNT - 1`.
const HEAP_FIRST: i64 = 4;
const HEAP_COUNT: i64 = 17;
/// Bytes per register, and the payload's offset in it.
const SLOT: i32 = 16;
const PAYLOAD: i32 = 8;

/// What the translation needs besides the code object.
pub(crate) struct Config {
    /// The tag byte of an unbound register.
    pub unbound_tag: u8,
    /// Counters to bump (instructions run natively, and through the generic helper), or none.
    pub counters: Option<*mut crate::Counters>,
    /// The calling convention of the host.
    pub call_conv: CallConv,
    /// Offset in the `Vm` of the running frame's register pointer.
    pub regs_offset: i32,
    /// The target's configuration, for the function builder.
    pub frontend: TargetFrontendConfig,
}

/// How many instructions of each kind were translated (for the report).
#[derive(Default, Clone, Copy)]
pub(crate) struct Shape {
    /// Instructions with an inline fast path.
    pub inline: usize,
    /// Instructions always run by a helper.
    pub helper: usize,
}

/// The signature of native code (`pyrite_vm::native::NativeFn`).
pub(crate) fn native_signature(call_conv: CallConv) -> Signature {
    let mut sig = Signature::new(call_conv);
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// Helper signatures, imported into the function.
struct Sigs {
    /// `(vm, at) -> status`
    step: SigRef,
    /// `(vm, at, end) -> status`
    run: SigRef,
    /// `(vm, at) -> handler`
    unwind: SigRef,
    /// `(slot)`
    release: SigRef,
    /// `(slot, slot, slot) -> status` (pure helpers)
    pure3: SigRef,
    /// `(slot, slot) -> status`
    pure2: SigRef,
    /// `(vm, index, slot) -> status`
    deref: SigRef,
    /// `(vm, at, b | c << 16, site) -> entry point`
    call_enter: SigRef,
    /// `(vm, status, out, a) -> status`
    call_leave: SigRef,
    /// native code itself: `(vm, out) -> status`
    native: SigRef,
}

/// Translates `code` into `func` (whose signature is set). Errors name what is not supported.
pub(crate) fn translate(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    code: &VmCode,
    cfg: &Config,
    sites: &mut Vec<Pin<Box<native::CallSite>>>,
) -> Result<Shape, String> {
    let object = code.code_object();
    let instrs = &object.instructions;
    if instrs.is_empty() {
        return Err("empty code object".to_owned());
    }
    let targets = jump_targets(object);
    let mut b = FunctionBuilder::new(func, fctx);
    let sig = |params: &[types::Type], ret: Option<types::Type>| {
        let mut s = Signature::new(cfg.call_conv);
        s.params.extend(params.iter().map(|&t| AbiParam::new(t)));
        s.returns.extend(ret.map(AbiParam::new));
        s
    };
    let sigs = Sigs {
        step: b.import_signature(sig(&[types::I64, types::I32], Some(types::I32))),
        run: b.import_signature(sig(&[types::I64, types::I32, types::I32], Some(types::I32))),
        unwind: b.import_signature(sig(&[types::I64, types::I32], Some(types::I64))),
        release: b.import_signature(sig(&[types::I64], None)),
        pure3: b.import_signature(sig(&[types::I64; 3], Some(types::I32))),
        pure2: b.import_signature(sig(&[types::I64; 2], Some(types::I32))),
        deref: b.import_signature(sig(&[types::I64, types::I32, types::I64], Some(types::I32))),
        call_enter: b.import_signature(sig(
            &[types::I64, types::I32, types::I32, types::I64],
            Some(types::I64),
        )),
        call_leave: b.import_signature(sig(
            &[types::I64, types::I32, types::I64, types::I32],
            Some(types::I32),
        )),
        native: b.import_signature(native_signature(cfg.call_conv)),
    };
    // Where a direct callee moves its return value (see `native_call_leave`).
    let call_out =
        b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 16, 3));
    let entry = b.create_block();
    let blocks: Vec<Block> = instrs.iter().map(|_| b.create_block()).collect();
    let unwind = b.create_block();
    let dead = b.create_block();
    b.append_block_param(unwind, types::I32);

    let vm = b.declare_var(types::I64);
    let out = b.declare_var(types::I64);
    let regs = b.declare_var(types::I64);

    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    b.def_var(vm, params[0]);
    b.def_var(out, params[1]);
    let mut t = Tx {
        b,
        vm,
        out,
        regs,
        sigs,
        blocks,
        unwind,
        dead,
        call_out,
        cfg,
        shape: Shape::default(),
        known: vec![None; object.n_registers as usize],
        base: Vec::new(),
        chain: Chain::Off,
        hints: facts::hints(code, &targets),
        sites,
    };
    t.reload_regs();
    let mut base = vec![None; object.n_registers as usize];
    for (r, v) in facts::constant_registers(code) {
        if let Some(slot) = base.get_mut(usize::from(r)) {
            *slot = Some(t.known_constant(v));
        }
    }
    t.base = base;
    let first = t.blocks[0];
    t.b.ins().jump(first, &[]);

    let (run_ends, in_run, loop_runs) = generic_runs(code, &t.hints, &targets);
    let plan = Plan {
        targets,
        run_ends,
        in_run,
        loop_runs,
    };
    let targets = &plan.targets;
    let looped = in_loops(object);
    let mut i = 0;
    while let Some(&ins) = instrs.get(i) {
        let at = u32::try_from(i).map_err(|_| "too many instructions".to_owned())?;
        t.b.switch_to_block(t.blocks[i]);
        let end = plan.run_ends.get(i).copied().unwrap_or(i + 1);
        if end > i + 1 {
            let end_u = u32::try_from(end).map_err(|_| "too many instructions".to_owned())?;
            let next = t.blocks.get(end).copied();
            let whole_loop = plan.loop_runs.get(i) == Some(&true);
            t.generic_run(at, end_u, whole_loop, next);
            i = end;
        } else {
            // The generic block knows only the constant registers; a chain head also starts
            // a chain.
            t.known.clone_from(&t.base);
            // Chains only where code repeats: straight-line code runs once, and a chain
            // roughly doubles its compile time.
            let head = looped[i]
                && (i == 0
                    || targets[i]
                    || !instrs
                        .get(i - 1)
                        .is_some_and(|&prev| facts::chainable(code, prev)));
            t.chain = if head {
                chain_permit(code, &plan, &t.hints, at)
            } else {
                Chain::Off
            };
            t.count(0);
            t.instruction(code, at, ins)?;
            // The chain: each fast exit that made a block for the next instruction.
            let mut j = at;
            while let Chain::Made { block, facts } = std::mem::replace(&mut t.chain, Chain::Off) {
                j += 1;
                let Some(&next_ins) = instrs.get(j as usize) else {
                    return Err("a chain past the last instruction".to_owned());
                };
                t.b.switch_to_block(block);
                t.known = facts;
                t.chain = chain_permit(code, &plan, &t.hints, j);
                t.count(0);
                t.instruction(code, j, next_ins)?;
            }
            i += 1;
        }
    }

    // unwind(at): the exception table, through the VM.
    t.b.switch_to_block(t.unwind);
    let at = t.b.block_params(t.unwind)[0];
    let vmv = t.b.use_var(t.vm);
    let h = t.call(
        t.sigs.unwind,
        native::native_unwind as *const u8,
        &[vmv, at],
    )[0];
    t.reload_regs();
    let raised = t.b.create_block();
    let mut handlers: Vec<u32> = object.exception_table.iter().map(|e| e.handler).collect();
    handlers.sort_unstable();
    handlers.dedup();
    let mut switch = Switch::new();
    for &handler in &handlers {
        let target = *t
            .blocks
            .get(handler as usize)
            .ok_or_else(|| "handler out of range".to_owned())?;
        switch.set_entry(u128::from(handler), target);
    }
    let negative = t.b.ins().icmp_imm_s(IntCC::SignedLessThan, h, 0);
    let dispatch = t.b.create_block();
    t.b.ins().brif(negative, raised, &[], dispatch, &[]);
    t.b.switch_to_block(dispatch);
    switch.emit(&mut t.b, h, raised);
    t.b.switch_to_block(raised);
    let status =
        t.b.ins()
            .iconst(types::I32, i64::from(native::NATIVE_RAISED));
    t.b.ins().return_(&[status]);

    // A helper reported "continue" after an instruction that cannot continue: never happens;
    // leave with the VM's "raised without an error" internal error rather than a crash.
    t.b.switch_to_block(t.dead);
    let status =
        t.b.ins()
            .iconst(types::I32, i64::from(native::NATIVE_RAISED));
    t.b.ins().return_(&[status]);

    t.b.seal_all_blocks();
    let shape = t.shape;
    t.b.finalize(cfg.frontend);
    Ok(shape)
}

/// What the translation decided about the code object's instructions before emitting any.
struct Plan {
    /// Jump targets and handlers ([`jump_targets`]).
    targets: Vec<bool>,
    /// The end of the generic run each instruction starts ([`generic_runs`]).
    run_ends: Vec<usize>,
    /// Whether each instruction is inside a run, after its first.
    in_run: Vec<bool>,
    /// Whether the run each instruction starts is a whole loop ([`generic_runs`]).
    loop_runs: Vec<bool>,
}

/// [`generic_runs`]' result: the end of the run each instruction starts, whether it is
/// inside one, and whether the run it starts is a whole loop.
type Runs = (Vec<usize>, Vec<bool>, Vec<bool>);

/// The chain state for translating instruction `at` inside a chain: open when the next
/// instruction can continue it (it exists, is no jump target, is [`facts::chainable`], and is
/// no part of a run for the generic helper: a run is translated only from its first
/// instruction, so the generic blocks inside it are empty).
fn chain_permit(code: &VmCode, plan: &Plan, hints: &Hints, at: u32) -> Chain {
    let next = at as usize + 1;
    let ok = plan.targets.get(next) == Some(&false)
        && plan.run_ends.get(next) == Some(&(next + 1))
        && plan.in_run.get(next) == Some(&false)
        && code
            .code_object()
            .instructions
            .get(next)
            .is_some_and(|&ins| {
                facts::chainable(code, ins) && !facts::non_numeric(hints, next as u32, ins)
            });
    if ok { Chain::Open } else { Chain::Off }
}

/// Which instructions are inside a loop: between the target of a backward jump and the jump.
fn in_loops(object: &pyrite_bytecode::code::CodeObject) -> Vec<bool> {
    let mut looped = vec![false; object.instructions.len()];
    for (at, ins) in object.instructions.iter().enumerate() {
        let target = ins.target() as usize;
        if ins.op.is_jump() && target <= at {
            for slot in looped.get_mut(target..=at).into_iter().flatten() {
                *slot = true;
            }
        }
    }
    looped
}

/// Which instructions control can enter other than from the one before: jump targets and
/// exception handlers.
fn jump_targets(object: &pyrite_bytecode::code::CodeObject) -> Vec<bool> {
    let mut targets = vec![false; object.instructions.len()];
    let jumps = object
        .instructions
        .iter()
        .filter(|ins| ins.op.is_jump())
        .map(|ins| ins.target());
    let handlers = object.exception_table.iter().map(|e| e.handler);
    for t in jumps.chain(handlers) {
        if let Some(slot) = targets.get_mut(t as usize) {
            *slot = true;
        }
    }
    targets
}

/// True for an instruction native code has no fast path for (only the generic helper runs
/// it) and that never jumps: such instructions in a row are run by one helper call.
fn generic_only(code: &VmCode, hints: &Hints, at: usize) -> bool {
    let instrs = &code.code_object().instructions;
    let Some(&ins) = instrs.get(at) else {
        return false;
    };
    if facts::non_numeric(hints, at as u32, ins) {
        return true;
    }
    match ins.op {
        // A call of a builtin function or class: no direct call to try.
        Opcode::Call => facts::builtin_callee(code, at),
        Opcode::Nop
        | Opcode::Jump
        | Opcode::Move
        | Opcode::BinaryOp
        | Opcode::InplaceOp
        | Opcode::Compare
        | Opcode::Return
        | Opcode::GetItem
        | Opcode::SetItem
        | Opcode::ListAppend
        | Opcode::LoadDeref
        | Opcode::LoadGlobal => false,
        Opcode::LoadConst => code.inline_constant(ins.k()).is_none(),
        op => !op.is_jump() && !op.is_compare_jump(),
    }
}

/// Whether an instruction's fast path saves less than a helper call costs when it stands
/// alone between [`generic_only`] instructions: `Some(true)` for a move or a constant's,
/// global's or cell's load, which may also lead a run; `Some(false)` for one arithmetic
/// operation, comparison or item access, which only joins a run already started (before a
/// run, it may be the end of native arithmetic worth keeping native). A few of them in a row
/// join the generic run (the dispatch loop runs them with its own quickened paths) rather
/// than split it into two helper calls; longer stretches stay native, where chains pay off.
fn glue(code: &VmCode, ins: Instr) -> Option<bool> {
    match ins.op {
        Opcode::Nop | Opcode::Move | Opcode::LoadGlobal | Opcode::LoadDeref => Some(true),
        Opcode::LoadConst if code.inline_constant(ins.k()).is_some() => Some(true),
        Opcode::BinaryOp
        | Opcode::InplaceOp
        | Opcode::Compare
        | Opcode::GetItem
        | Opcode::SetItem
        | Opcode::ListAppend => Some(false),
        _ => None,
    }
}

/// The most [`glue`] instructions in a row a generic run takes.
const MAX_GLUE: usize = 4;

/// Where the runs of instructions one helper call executes are: for each instruction, the end
/// of the run it starts (its own index + 1 when it starts none, or is inside one), and whether
/// it is inside a run (not its first instruction; its generic block is never filled).
///
/// A run is [`generic_only`] instructions in a row, with the [`glue`] between them and the
/// leading kind of glue before them (at most [`MAX_GLUE`] in a row, and only when a generic
/// instruction follows, or a `Jump` ends the run); it stops
/// before a jump target and after a terminator (`raise`).
fn generic_runs(code: &VmCode, hints: &Hints, targets: &[bool]) -> Runs {
    let instrs = &code.code_object().instructions;
    let n = instrs.len();
    let mut ends: Vec<usize> = (1..=n).collect();
    let mut inside = vec![false; n];
    let mut loops = vec![false; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        let mut generic = false;
        while j < n && (j == i || targets.get(j) == Some(&false)) {
            if generic_only(code, hints, j) {
                generic = true;
                j += 1;
                if instrs[j - 1].op.is_terminator() {
                    break;
                }
                continue;
            }
            // Glue joins when a generic instruction follows it before any jump target, or,
            // at the end of a run, an unconditional jump (a loop's back edge: no chain would
            // continue past it anyway).
            let mut k = j;
            while k < n
                && k - j < MAX_GLUE
                && glue(code, instrs[k]).is_some_and(|lead| lead || generic)
                && (k == i || targets.get(k) == Some(&false))
            {
                k += 1;
            }
            let joins = k > j
                && k < n
                && ((targets.get(k) == Some(&false) && generic_only(code, hints, k))
                    || (generic && instrs[k].op == Opcode::Jump));
            if !joins {
                break;
            }
            j = k;
        }
        if generic && j > i + 1 {
            ends[i] = j;
            for slot in inside.get_mut(i + 1..j).into_iter().flatten() {
                *slot = true;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // Whole loops the generic helper runs: a `for` loop whose body is one run, ending in the
    // back edge (`FOR_ITER h` .. `JUMP h` at `e`, leaving to `e + 1`), that no jump or handler
    // enters (the body is a run, so no jump in the loop but the back edge, which targets `h`).
    // Native code would only add a helper call per iteration to the VM's own loop.
    for (e, ins) in instrs.iter().enumerate() {
        let h = ins.target() as usize;
        let whole_loop = ins.op == Opcode::Jump
            && h + 2 < e
            && instrs[h].op == Opcode::ForIter
            && instrs[h].target() as usize == e + 1
            && ends[h] == h + 1
            && !inside[h]
            && ends[h + 1] == e
            && !targets[h + 1..=e].contains(&true);
        if whole_loop {
            ends[h] = e + 1;
            for slot in &mut inside[h + 1..=e] {
                *slot = true;
            }
            loops[h] = true;
        }
    }
    (ends, inside, loops)
}

/// The translation state of one function.
struct Tx<'a, 'c> {
    b: FunctionBuilder<'a>,
    vm: Variable,
    out: Variable,
    regs: Variable,
    sigs: Sigs,
    blocks: Vec<Block>,
    unwind: Block,
    dead: Block,
    call_out: StackSlot,
    cfg: &'c Config,
    shape: Shape,
    /// The facts at entry to the instruction being translated (`base` in a generic block;
    /// see `facts.rs`).
    known: Facts,
    /// What every block knows: the values of the constant registers no instruction writes
    /// (`facts::constant_registers`), made in the entry block, which dominates every other.
    base: Facts,
    /// Whether the instruction being translated may continue a chain, and the chain block it
    /// made for the next instruction.
    chain: Chain,
    /// The kind guesses (`facts::hints`).
    hints: Hints,
    /// Where the direct call sites' caches go (owned by the JIT as long as the code).
    sites: &'a mut Vec<Pin<Box<native::CallSite>>>,
}

/// The chain state of the instruction being translated.
enum Chain {
    /// Its exits continue in generic blocks.
    Off,
    /// A fast exit may continue the chain in a new block for the next instruction.
    Open,
    /// The chain block made for the next instruction, with the facts at its entry.
    Made { block: Block, facts: Facts },
}

/// Which operand kinds a binary fast path handles.
#[derive(Clone, Copy)]
enum Arith {
    /// Int and float forms.
    IntFloat,
    /// Int only.
    Int,
}

impl Tx<'_, '_> {
    // ---- small emitters ------------------------------------------------------------------

    /// Calls the helper at `addr` with signature `sig`; its results.
    fn call(&mut self, sig: SigRef, addr: *const u8, args: &[Value]) -> Vec<Value> {
        let callee = self.b.ins().iconst(types::I64, addr as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call).to_vec()
    }

    /// `regs =` the pointer the VM keeps for native code (see `native_regs_offset`).
    fn reload_regs(&mut self) {
        let vm = self.b.use_var(self.vm);
        let r = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            vm,
            self.cfg.regs_offset,
        );
        self.b.def_var(self.regs, r);
    }

    /// Bumps counter `which` (0: native instructions, 1: run by the generic helper).
    fn count(&mut self, which: i32) {
        if self.cfg.counters.is_some() {
            let one = self.b.ins().iconst(types::I64, 1);
            self.count_by(which, one);
        }
    }

    /// Adds `delta` (an `i64`) to counter `which`.
    fn count_by(&mut self, which: i32, delta: Value) {
        if let Some(c) = self.cfg.counters {
            let addr = self.b.ins().iconst(types::I64, c as i64);
            let off = which * 8;
            let n = self
                .b
                .ins()
                .load(types::I64, MemFlagsData::trusted(), addr, off);
            let n = self.b.ins().iadd(n, delta);
            self.b.ins().store(MemFlagsData::trusted(), n, addr, off);
        }
    }

    /// An inline constant as a known value (its constants made in the current block).
    fn known_constant(&mut self, v: PyValue) -> Known {
        match v {
            PyValue::Bool(x) => Known::Bool(self.b.ins().iconst(types::I8, i64::from(x))),
            PyValue::Int(x) => Known::Int(self.b.ins().iconst(types::I64, x)),
            PyValue::Float(x) => Known::Float(self.b.ins().f64const(x)),
            _ => Known::NoneValue,
        }
    }

    /// What the chain knows about register `r`.
    fn known_of(&self, r: u16) -> Option<Known> {
        self.known.get(usize::from(r)).copied().flatten()
    }

    /// Where a fast exit goes: the chain block for the next instruction, entered with the
    /// current facts updated by `updates` (in order; `None` forgets a register), when the
    /// chain is open and no other exit made that block with other facts; else the generic
    /// block `next`.
    fn chain_exit(&mut self, updates: &[(u16, Option<Known>)], next: Option<Block>) -> Block {
        let generic = next.unwrap_or(self.dead);
        let mut facts = self.known.clone();
        for &(r, k) in updates {
            if let Some(slot) = facts.get_mut(usize::from(r)) {
                *slot = k;
            }
        }
        match &self.chain {
            Chain::Off => generic,
            Chain::Made { block, facts: made } => {
                if *made == facts {
                    *block
                } else {
                    generic
                }
            }
            Chain::Open => {
                let block = self.b.create_block();
                self.chain = Chain::Made { block, facts };
                block
            }
        }
    }

    /// The tag of register `r` (an `i8`): a constant when the chain knows it.
    fn tag(&mut self, r: u16) -> Value {
        if let Some(k) = self.known_of(r) {
            let t = match k {
                Known::NoneValue => TAG_NONE,
                Known::Bool(_) => TAG_BOOL,
                Known::Int(_) => TAG_INT,
                Known::Float(_) => TAG_FLOAT,
            };
            return self.b.ins().iconst(types::I8, t);
        }
        let regs = self.b.use_var(self.regs);
        self.b.ins().load(
            types::I8,
            MemFlagsData::trusted(),
            regs,
            i32::from(r) * SLOT,
        )
    }

    /// The payload of register `r` as `ty`: the known value when the chain knows it.
    fn payload(&mut self, r: u16, ty: types::Type) -> Value {
        if let Some(k) = self.known_of(r) {
            return self.known_as(k, ty);
        }
        let regs = self.b.use_var(self.regs);
        self.b.ins().load(
            ty,
            MemFlagsData::trusted(),
            regs,
            i32::from(r) * SLOT + PAYLOAD,
        )
    }

    /// A known value's payload as `ty` (`I64`, `F64` or `I8`), as its slot's bytes read so.
    fn known_as(&mut self, k: Known, ty: types::Type) -> Value {
        let (v, vty) = match k {
            Known::NoneValue => (self.b.ins().iconst(types::I64, 0), types::I64),
            Known::Bool(v) => (self.b.ins().uextend(types::I64, v), types::I64),
            Known::Int(v) => (v, types::I64),
            Known::Float(v) => (v, types::F64),
        };
        match (vty, ty) {
            (a, b) if a == b => v,
            (types::F64, types::I64) => self.b.ins().bitcast(types::I64, MemFlagsData::new(), v),
            (types::F64, _) => {
                let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), v);
                self.known_as(Known::Int(bits), ty)
            }
            (_, types::F64) => self.b.ins().bitcast(types::F64, MemFlagsData::new(), v),
            (_, narrow) => self.b.ins().ireduce(narrow, v),
        }
    }

    /// A known `int` or `float` as an `f64` (an int converted as `float()` converts it).
    fn known_f64(&mut self, k: Known) -> Value {
        match k {
            Known::Int(v) => self.b.ins().fcvt_from_sint(types::F64, v),
            other => self.known_as(other, types::F64),
        }
    }

    /// Whether the tags of `x` and `y` are both `tag` (an `i8` boolean).
    fn both(&mut self, x: Value, y: Value, tag: i64) -> Value {
        let x = self.b.ins().uextend(types::I32, x);
        let y = self.b.ins().uextend(types::I32, y);
        let y = self.b.ins().ishl_imm_u(y, 8);
        let xy = self.b.ins().bor(x, y);
        self.b.ins().icmp_imm_s(IntCC::Equal, xy, tag | (tag << 8))
    }

    /// Whether tag `t` is a heap kind (its register owns a reference).
    fn is_heap(&mut self, t: Value) -> Value {
        let d = self.b.ins().iadd_imm_s(t, -HEAP_FIRST);
        self.b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, d, HEAP_COUNT)
    }

    /// Releases register `r`'s value if it is a heap kind (before an inline store); nothing
    /// when the chain knows it (a known value is inline).
    fn release(&mut self, r: u16) {
        if self.known_of(r).is_some() {
            return;
        }
        let t = self.tag(r);
        let heap = self.is_heap(t);
        let release = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(heap, release, &[], done, &[]);
        self.b.switch_to_block(release);
        let regs = self.b.use_var(self.regs);
        let slot = self
            .b
            .ins()
            .iadd_imm_s(regs, i64::from(r) * i64::from(SLOT));
        self.call(
            self.sigs.release,
            native::native_release as *const u8,
            &[slot],
        );
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
    }

    /// Stores an inline value (tag and 8-byte payload) in register `r`.
    fn store(&mut self, r: u16, tag: i64, payload: Value) {
        let t = self.b.ins().iconst(types::I8, tag);
        self.store_tagged(r, t, payload);
    }

    /// Stores an inline value whose tag is the `i8` value `t` in register `r`.
    fn store_tagged(&mut self, r: u16, t: Value, payload: Value) {
        self.release(r);
        let regs = self.b.use_var(self.regs);
        let off = i32::from(r) * SLOT;
        self.b.ins().store(MemFlagsData::trusted(), t, regs, off);
        self.b
            .ins()
            .store(MemFlagsData::trusted(), payload, regs, off + PAYLOAD);
    }

    /// Stores a `bool` (an `i8` 0/1) in register `r`.
    fn store_bool(&mut self, r: u16, v: Value) {
        let v = self.b.ins().uextend(types::I64, v);
        self.store(r, TAG_BOOL, v);
    }

    /// The slow path of instruction `at`: the generic helper, then `next` (status 0), `jump`
    /// (status 1, for instructions that jump) or the unwind block (status < 0).
    fn slow(&mut self, at: u32, next: Option<Block>, jump: Option<Block>) {
        self.count(1);
        let vm = self.b.use_var(self.vm);
        let at_v = self.b.ins().iconst(types::I32, i64::from(at));
        let status = self.call(
            self.sigs.step,
            native::native_step as *const u8,
            &[vm, at_v],
        )[0];
        self.reload_regs();
        let failed = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, status, 0);
        let ok = self.b.create_block();
        self.b
            .ins()
            .brif(failed, self.unwind, &[BlockArg::Value(at_v)], ok, &[]);
        self.b.switch_to_block(ok);
        let next = next.unwrap_or(self.dead);
        match jump {
            Some(target) => {
                let taken = self.b.ins().icmp_imm_s(IntCC::Equal, status, 1);
                self.b.ins().brif(taken, target, &[], next, &[]);
            }
            None => {
                self.b.ins().jump(next, &[]);
            }
        }
    }

    /// The block of instruction `pc`.
    fn block(&self, pc: u32) -> Result<Block, String> {
        self.blocks
            .get(pc as usize)
            .copied()
            .ok_or_else(|| format!("jump target {pc} out of range"))
    }

    // ---- instructions ----------------------------------------------------------------------

    /// Translates the instruction `ins` at `at` (the current block is its block).
    fn instruction(&mut self, code: &VmCode, at: u32, ins: Instr) -> Result<(), String> {
        let next = self.blocks.get(at as usize + 1).copied();
        if facts::non_numeric(&self.hints, at, ins) {
            self.helper(at, next, None);
            return Ok(());
        }
        if matches!(
            ins.op,
            Opcode::ForIter
                | Opcode::GetItem
                | Opcode::SetItem
                | Opcode::ListAppend
                | Opcode::LoadDeref
                | Opcode::LoadGlobal
        ) {
            // Tried by a pure helper (`Tx::pure`) first.
            self.shape.inline += 1;
        }
        match ins.op {
            Opcode::Nop => {
                self.shape.inline += 1;
                let exit = self.chain_exit(&[], next);
                self.b.ins().jump(exit, &[]);
            }
            Opcode::Jump => {
                self.shape.inline += 1;
                let target = self.block(ins.k())?;
                self.b.ins().jump(target, &[]);
            }
            Opcode::Move => self.move_op(at, ins, next),
            Opcode::LoadConst => match code.inline_constant(ins.k()) {
                Some(v) => {
                    self.shape.inline += 1;
                    let (tag, payload) = match v {
                        PyValue::None => (TAG_NONE, 0),
                        PyValue::Bool(x) => (TAG_BOOL, i64::from(x)),
                        PyValue::Int(x) => (TAG_INT, x),
                        PyValue::Float(x) => (TAG_FLOAT, x.to_bits().cast_signed()),
                        _ => unreachable!("inline_constant returns inline kinds"),
                    };
                    let p = self.b.ins().iconst(types::I64, payload);
                    self.store(ins.a, tag, p);
                    let known = self.known_constant(v);
                    let exit = self.chain_exit(&[(ins.a, Some(known))], next);
                    self.b.ins().jump(exit, &[]);
                }
                None => self.helper(at, next, None),
            },
            Opcode::BinaryOp | Opcode::InplaceOp => self.binary(at, ins, next),
            Opcode::Compare => self.compare(at, ins, next),
            Opcode::JumpIfTrue | Opcode::JumpIfFalse => self.truth_jump(at, ins, next)?,
            op if op.is_compare_jump() => self.compare_jump(at, ins, next)?,
            Opcode::Return => self.return_op(at, ins),
            Opcode::ForIter => {
                let target = self.block(ins.k())?;
                let args = [self.slot_addr(ins.a), self.slot_addr(ins.b)];
                let f = native::native_for_iter as *const u8;
                self.pure(
                    at,
                    (self.sigs.pure2, f),
                    &args,
                    Some(ins.b),
                    next,
                    Some(target),
                );
            }
            Opcode::GetItem => {
                let args = [
                    self.slot_addr(ins.a),
                    self.slot_addr(ins.b),
                    self.slot_addr(ins.c),
                ];
                let f = native::native_getitem as *const u8;
                self.pure(at, (self.sigs.pure3, f), &args, Some(ins.a), next, None);
            }
            Opcode::SetItem => {
                let args = [
                    self.slot_addr(ins.a),
                    self.slot_addr(ins.b),
                    self.slot_addr(ins.c),
                ];
                let f = native::native_setitem as *const u8;
                self.pure(at, (self.sigs.pure3, f), &args, None, next, None);
            }
            Opcode::ListAppend => {
                let args = [self.slot_addr(ins.a), self.slot_addr(ins.b)];
                let f = native::native_list_append as *const u8;
                self.pure(at, (self.sigs.pure2, f), &args, None, next, None);
            }
            Opcode::LoadDeref => {
                let vm = self.b.use_var(self.vm);
                let k = self.b.ins().iconst(types::I32, i64::from(ins.k()));
                let args = [vm, k, self.slot_addr(ins.a)];
                let f = native::native_load_deref as *const u8;
                self.pure(at, (self.sigs.deref, f), &args, Some(ins.a), next, None);
            }
            Opcode::LoadGlobal => {
                let vm = self.b.use_var(self.vm);
                let at_v = self.b.ins().iconst(types::I32, i64::from(at));
                let args = [vm, at_v, self.slot_addr(ins.a)];
                let f = native::native_load_global as *const u8;
                self.pure(at, (self.sigs.deref, f), &args, Some(ins.a), next, None);
            }
            Opcode::Call => self.direct_call(at, ins, next),
            Opcode::JumpIfNotExcMatch => {
                let target = self.block(ins.k())?;
                self.helper(at, next, Some(target));
            }
            _ => self.helper(at, next, None),
        }
        Ok(())
    }

    /// The address of register `r`.
    fn slot_addr(&mut self, r: u16) -> Value {
        let regs = self.b.use_var(self.regs);
        self.b
            .ins()
            .iadd_imm_s(regs, i64::from(r) * i64::from(SLOT))
    }

    /// An instruction tried by a pure helper first (see `pyrite_vm::native`): `HANDLED` goes on
    /// to `next` (a chain forgetting the register `writes`, the only one a pure helper
    /// changes), `EXHAUSTED` to `jump`, anything else to the generic helper. (The caller counts
    /// the instruction in the shape: a pure helper may also be a slow path's first try.)
    fn pure(
        &mut self,
        at: u32,
        (sig, addr): (SigRef, *const u8),
        args: &[Value],
        writes: Option<u16>,
        next: Option<Block>,
        jump: Option<Block>,
    ) {
        let status = self.call(sig, addr, args)[0];
        let handled = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, status, i64::from(native::HANDLED));
        let not_handled = self.b.create_block();
        let slow = self.b.create_block();
        let forget: Vec<(u16, Option<Known>)> = writes.into_iter().map(|r| (r, None)).collect();
        let fallthrough = self.chain_exit(&forget, next);
        self.b
            .ins()
            .brif(handled, fallthrough, &[], not_handled, &[]);
        self.b.switch_to_block(not_handled);
        match jump {
            Some(target) => {
                let done =
                    self.b
                        .ins()
                        .icmp_imm_s(IntCC::Equal, status, i64::from(native::EXHAUSTED));
                self.b.ins().brif(done, target, &[], slow, &[]);
            }
            None => {
                self.b.ins().jump(slow, &[]);
            }
        }
        self.b.switch_to_block(slow);
        self.slow(at, next, jump);
    }

    /// `Call`: a Python function with native code is called directly (see
    /// `native_call_enter`); anything else goes through the generic helper.
    fn direct_call(&mut self, at: u32, ins: Instr, next: Option<Block>) {
        self.shape.inline += 1;
        let vm = self.b.use_var(self.vm);
        let at_v = self.b.ins().iconst(types::I32, i64::from(at));
        let bc = self
            .b
            .ins()
            .iconst(types::I32, i64::from(ins.b) | (i64::from(ins.c) << 16));
        // Pinned: native code holds the address.
        let mut site = Box::pin(native::CallSite::default());
        let site_ptr = std::ptr::from_mut::<native::CallSite>(&mut site) as i64;
        self.sites.push(site);
        let site_v = self.b.ins().iconst(types::I64, site_ptr);
        let enter = native::native_call_enter as *const u8;
        let entry = self.call(self.sigs.call_enter, enter, &[vm, at_v, bc, site_v])[0];
        let slow = self.b.create_block();
        let not_slow = self.b.create_block();
        let go = self.b.create_block();
        let raised = self.b.create_block();
        let is_slow = self.b.ins().icmp_imm_s(IntCC::Equal, entry, 0);
        self.b.ins().brif(is_slow, slow, &[], not_slow, &[]);
        self.b.switch_to_block(not_slow);
        let is_raised =
            self.b
                .ins()
                .icmp_imm_s(IntCC::Equal, entry, native::CALL_RAISED.cast_signed());
        self.b.ins().brif(is_raised, raised, &[], go, &[]);

        self.b.switch_to_block(go);
        let out = self.b.ins().stack_addr(types::I64, self.call_out, 0);
        let unbound = self
            .b
            .ins()
            .iconst(types::I8, i64::from(self.cfg.unbound_tag));
        self.b.ins().store(MemFlagsData::trusted(), unbound, out, 0);
        let call = self
            .b
            .ins()
            .call_indirect(self.sigs.native, entry, &[vm, out]);
        let status = self.b.inst_results(call)[0];
        let a = self.b.ins().iconst(types::I32, i64::from(ins.a));
        let leave = native::native_call_leave as *const u8;
        let r = self.call(self.sigs.call_leave, leave, &[vm, status, out, a])[0];
        self.reload_regs();
        let failed = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
        let fallthrough = next.unwrap_or(self.dead);
        self.b.ins().brif(
            failed,
            self.unwind,
            &[BlockArg::Value(at_v)],
            fallthrough,
            &[],
        );

        self.b.switch_to_block(raised);
        self.reload_regs();
        self.b.ins().jump(self.unwind, &[BlockArg::Value(at_v)]);

        self.b.switch_to_block(slow);
        self.slow(at, next, None);
    }

    /// An instruction always run by the generic helper.
    fn helper(&mut self, at: u32, next: Option<Block>, jump: Option<Block>) {
        self.shape.helper += 1;
        self.slow(at, next, jump);
    }

    /// Instructions `at..end` ([`generic_runs`]): one call of the generic helper runs them
    /// all, then `next`, or the unwind block for the instruction that raised.
    fn generic_run(&mut self, at: u32, end: u32, whole_loop: bool, next: Option<Block>) {
        let n = end - at;
        self.shape.helper += n as usize;
        if !whole_loop {
            let counted = self.b.ins().iconst(types::I64, i64::from(n));
            self.count_by(0, counted);
            self.count_by(1, counted);
        }
        let vm = self.b.use_var(self.vm);
        let at_v = self.b.ins().iconst(types::I32, i64::from(at));
        let end_v = self.b.ins().iconst(types::I32, i64::from(end));
        let helper = if whole_loop {
            native::native_run_loop as *const u8
        } else {
            native::native_run as *const u8
        };
        let status = self.call(self.sigs.run, helper, &[vm, at_v, end_v])[0];
        self.reload_regs();
        let failed = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, status, 0);
        let raised = self.b.create_block();
        self.b
            .ins()
            .brif(failed, raised, &[], next.unwrap_or(self.dead), &[]);
        self.b.switch_to_block(raised);
        // `status` is `!fault`; the instructions after the fault did not run (a whole loop's
        // were counted by the VM as they ran).
        let fault = self.b.ins().bnot(status);
        if !whole_loop {
            let last = self.b.ins().iconst(types::I32, i64::from(end - 1));
            let not_run = self.b.ins().isub(fault, last);
            let not_run = self.b.ins().sextend(types::I64, not_run);
            self.count_by(0, not_run);
            self.count_by(1, not_run);
        }
        self.b.ins().jump(self.unwind, &[BlockArg::Value(fault)]);
    }

    /// `Move`: a raw copy when neither the source nor the overwritten value owns a reference
    /// (no check when the chain knows the source: a known value is inline).
    fn move_op(&mut self, at: u32, ins: Instr, next: Option<Block>) {
        self.shape.inline += 1;
        let known = self.known_of(ins.b);
        let t = self.tag(ins.b);
        let slow = if known.is_some() {
            None
        } else {
            let heap = self.is_heap(t);
            let fast = self.b.create_block();
            let slow = self.b.create_block();
            self.b.ins().brif(heap, slow, &[], fast, &[]);
            self.b.switch_to_block(fast);
            Some(slow)
        };
        let p = self.payload(ins.b, types::I64);
        self.store_tagged(ins.a, t, p);
        let exit = self.chain_exit(&[(ins.a, known)], next);
        self.b.ins().jump(exit, &[]);
        if let Some(slow) = slow {
            self.b.switch_to_block(slow);
            self.slow(at, next, None);
        }
    }

    /// `Return`: moves the value to `*out` and leaves the register unbound.
    fn return_op(&mut self, at: u32, ins: Instr) {
        self.shape.inline += 1;
        let t = self.tag(ins.a);
        let unbound = self
            .b
            .ins()
            .icmp_imm_u(IntCC::Equal, t, i64::from(self.cfg.unbound_tag));
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        self.b.ins().brif(unbound, slow, &[], fast, &[]);
        self.b.switch_to_block(fast);
        let regs = self.b.use_var(self.regs);
        let out = self.b.use_var(self.out);
        let off = i32::from(ins.a) * SLOT;
        // One 16-byte move: the VM reads `*out` as a whole, which two 8-byte stores could
        // not forward to it (a store-forwarding stall on every return).
        let v = self
            .b
            .ins()
            .load(types::I8X16, MemFlagsData::trusted(), regs, off);
        self.b.ins().store(MemFlagsData::trusted(), v, out, 0);
        let ub = self
            .b
            .ins()
            .iconst(types::I8, i64::from(self.cfg.unbound_tag));
        self.b.ins().store(MemFlagsData::trusted(), ub, regs, off);
        let status = self
            .b
            .ins()
            .iconst(types::I32, i64::from(native::NATIVE_RETURNED));
        self.b.ins().return_(&[status]);
        // An unbound register: the helper reports the VM's internal error.
        self.b.switch_to_block(slow);
        self.slow(at, None, None);
    }

    /// `BinaryOp` / `InplaceOp` (on ints and floats they compute the same).
    ///
    /// With operands the chain knows, one path and no tag checks. Otherwise both fast paths,
    /// and the one of the kind [`facts::hints`] guesses continues the chain with its facts
    /// (with no guess, both continue it knowing nothing new).
    fn binary(&mut self, at: u32, ins: Instr, next: Option<Block>) {
        let Some(&op) = BIN_OPS.get(usize::from(ins.x)) else {
            return self.helper(at, next, None);
        };
        let kinds = match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::TrueDiv => Arith::IntFloat,
            BinOp::FloorDiv
            | BinOp::Mod
            | BinOp::BitAnd
            | BinOp::BitOr
            | BinOp::BitXor
            | BinOp::LShift
            | BinOp::RShift => Arith::Int,
            _ => return self.helper(at, next, None),
        };
        self.shape.inline += 1;
        let slow = self.b.create_block();
        let generic = next.unwrap_or(self.dead);
        let int_op_ok = !matches!(op, BinOp::TrueDiv);
        match (self.known_of(ins.b), self.known_of(ins.c)) {
            (Some(Known::Int(x)), Some(Known::Int(y))) if int_op_ok => {
                let z = self.int_op(op, x, y, slow);
                self.store(ins.a, TAG_INT, z);
                let exit = self.chain_exit(&[(ins.a, Some(Known::Int(z)))], next);
                self.b.ins().jump(exit, &[]);
                self.b.switch_to_block(slow);
                self.slow(at, next, None);
                return;
            }
            (
                Some(kx @ (Known::Int(_) | Known::Float(_))),
                Some(ky @ (Known::Int(_) | Known::Float(_))),
            ) if matches!(kinds, Arith::IntFloat) => {
                // At least one float (two ints took the arm above, or are a true division).
                let x = self.known_f64(kx);
                let y = self.known_f64(ky);
                let z = self.float_op(op, x, y, slow);
                let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), z);
                self.store(ins.a, TAG_FLOAT, bits);
                let exit = self.chain_exit(&[(ins.a, Some(Known::Float(z)))], next);
                self.b.ins().jump(exit, &[]);
                self.b.switch_to_block(slow);
                self.slow(at, next, None);
                return;
            }
            _ => {}
        }
        let (hb, hc) = self.hints.operands(at);
        let guess = facts::result_hint(op, hb, hc);
        // Paths that cannot apply are left out (less code to compile): two ints when an
        // operand is a known float, and an int at all when both operands are hinted floats (a
        // guess: an int there takes the slow path, which computes the same result).
        let is_float = |k: Option<Known>| matches!(k, Some(Known::Float(_)));
        let floats_hinted = hb == Hint::Float && hc == Hint::Float;
        // Two ints are possible unless an operand is a known float; both hinted floats leave
        // them to the slow path (the float paths below never take two ints).
        let ints_checked =
            !is_float(self.known_of(ins.b)) && !is_float(self.known_of(ins.c)) && !floats_hinted;
        let tb = self.tag(ins.b);
        let tc = self.tag(ins.c);
        let not_int = self.b.create_block();
        if ints_checked {
            let ints = self.both(tb, tc, TAG_INT);
            let int_block = self.b.create_block();
            self.b.ins().brif(ints, int_block, &[], not_int, &[]);
            self.b.switch_to_block(int_block);
            if int_op_ok {
                self.int_path(ins, guess, slow, next);
            } else {
                self.b.ins().jump(slow, &[]);
            }
        } else {
            self.b.ins().jump(not_int, &[]);
        }

        // float op float
        self.b.switch_to_block(not_int);
        match kinds {
            Arith::Int => {
                self.b.ins().jump(slow, &[]);
            }
            Arith::IntFloat if guess == Hint::Float => {
                // Two floats continue the chain knowing them; a float and an int do not.
                let floats = self.both(tb, tc, TAG_FLOAT);
                let both_block = self.b.create_block();
                let mixed = self.b.create_block();
                self.b.ins().brif(floats, both_block, &[], mixed, &[]);
                self.b.switch_to_block(both_block);
                let x = self.payload(ins.b, types::F64);
                let y = self.payload(ins.c, types::F64);
                let z = self.float_op(op, x, y, slow);
                let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), z);
                self.store(ins.a, TAG_FLOAT, bits);
                let exit = self.chain_exit(
                    &[
                        (ins.b, Some(Known::Float(x))),
                        (ins.c, Some(Known::Float(y))),
                        (ins.a, Some(Known::Float(z))),
                    ],
                    next,
                );
                self.b.ins().jump(exit, &[]);
                self.b.switch_to_block(mixed);
                if floats_hinted {
                    // Both hinted floats: a float and an int is the slow path's.
                    self.b.ins().jump(slow, &[]);
                    self.b.switch_to_block(slow);
                    self.slow(at, next, None);
                    return;
                }
                let x = self.float_operand(ins.b, tb, slow);
                let y = self.float_operand(ins.c, tc, slow);
                let z = self.float_op(op, x, y, slow);
                let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), z);
                self.store(ins.a, TAG_FLOAT, bits);
                self.b.ins().jump(generic, &[]);
            }
            Arith::IntFloat => {
                // Two floats, or a float and an int (converted as `float(int)` does: an `i64`
                // converts exactly or rounds to nearest-even, as CPython's conversion does).
                let x = self.float_operand(ins.b, tb, slow);
                let y = self.float_operand(ins.c, tc, slow);
                let z = self.float_op(op, x, y, slow);
                let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), z);
                self.store(ins.a, TAG_FLOAT, bits);
                let exit = match guess {
                    Hint::Unknown | Hint::Mixed => self.chain_exit(&[(ins.a, None)], next),
                    Hint::Int | Hint::Float | Hint::Other => generic,
                };
                self.b.ins().jump(exit, &[]);
            }
        }

        self.b.switch_to_block(slow);
        if op == BinOp::Add && ins.op == Opcode::BinaryOp {
            // Not two numbers: two strs are joined by a pure helper before the generic one.
            let args = [
                self.slot_addr(ins.a),
                self.slot_addr(ins.b),
                self.slot_addr(ins.c),
            ];
            let f = native::native_add_str as *const u8;
            self.pure(at, (self.sigs.pure3, f), &args, Some(ins.a), next, None);
        } else {
            self.slow(at, next, None);
        }
    }

    /// The int-and-int path of `BinaryOp` (the current block knows both operands are ints).
    fn int_path(&mut self, ins: Instr, guess: Hint, slow: Block, next: Option<Block>) {
        let Some(&op) = BIN_OPS.get(usize::from(ins.x)) else {
            self.b.ins().jump(slow, &[]);
            return;
        };
        let generic = next.unwrap_or(self.dead);
        let x = self.payload(ins.b, types::I64);
        let y = self.payload(ins.c, types::I64);
        let z = self.int_op(op, x, y, slow);
        self.store(ins.a, TAG_INT, z);
        let exit = match guess {
            Hint::Int => self.chain_exit(
                &[
                    (ins.b, Some(Known::Int(x))),
                    (ins.c, Some(Known::Int(y))),
                    (ins.a, Some(Known::Int(z))),
                ],
                next,
            ),
            Hint::Unknown | Hint::Mixed => self.chain_exit(&[(ins.a, None)], next),
            Hint::Float | Hint::Other => generic,
        };
        self.b.ins().jump(exit, &[]);
    }

    /// `x op y` on two `f64`s for `+ - * /`, branching to `slow` for a zero divisor (Python
    /// raises `ZeroDivisionError`). The current block continues with the result.
    fn float_op(&mut self, op: BinOp, x: Value, y: Value, slow: Block) -> Value {
        match op {
            BinOp::Add => self.b.ins().fadd(x, y),
            BinOp::Sub => self.b.ins().fsub(x, y),
            BinOp::Mul => self.b.ins().fmul(x, y),
            _ => {
                let zero = self.b.ins().f64const(0.0);
                let is_zero = self.b.ins().fcmp(FloatCC::Equal, y, zero);
                let div = self.b.create_block();
                self.b.ins().brif(is_zero, slow, &[], div, &[]);
                self.b.switch_to_block(div);
                self.b.ins().fdiv(x, y)
            }
        }
    }

    /// Register `r` (with tag `t`) as an `f64`: a float's payload, or an int converted;
    /// branches to `slow` for any other kind. The current block continues with the value.
    fn float_operand(&mut self, r: u16, t: Value, slow: Block) -> Value {
        let is_float = self.b.ins().icmp_imm_s(IntCC::Equal, t, TAG_FLOAT);
        let float_block = self.b.create_block();
        let not_float = self.b.create_block();
        let int_block = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, types::F64);
        self.b
            .ins()
            .brif(is_float, float_block, &[], not_float, &[]);
        self.b.switch_to_block(float_block);
        let f = self.payload(r, types::F64);
        self.b.ins().jump(join, &[BlockArg::Value(f)]);
        self.b.switch_to_block(not_float);
        let is_int = self.b.ins().icmp_imm_s(IntCC::Equal, t, TAG_INT);
        self.b.ins().brif(is_int, int_block, &[], slow, &[]);
        self.b.switch_to_block(int_block);
        let i = self.payload(r, types::I64);
        let f = self.b.ins().fcvt_from_sint(types::F64, i);
        self.b.ins().jump(join, &[BlockArg::Value(f)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    /// `x op y` on two `i64`s, branching to `slow` where Python's result is not an `i64` or
    /// the operation raises. The current block continues with the result.
    fn int_op(&mut self, op: BinOp, x: Value, y: Value, slow: Block) -> Value {
        let ok = self.b.create_block();
        let (z, bad) = match op {
            BinOp::Add => self.b.ins().sadd_overflow(x, y),
            BinOp::Sub => self.b.ins().ssub_overflow(x, y),
            BinOp::Mul => self.b.ins().smul_overflow(x, y),
            BinOp::BitAnd => return self.b.ins().band(x, y),
            BinOp::BitOr => return self.b.ins().bor(x, y),
            BinOp::BitXor => return self.b.ins().bxor(x, y),
            BinOp::FloorDiv | BinOp::Mod => {
                // y == 0 raises, and MIN // -1 overflows: both take the slow path (y == -1
                // always does; it is rare).
                let y0 = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                let ym1 = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let bad = self.b.ins().bor(y0, ym1);
                self.b.ins().brif(bad, slow, &[], ok, &[]);
                self.b.switch_to_block(ok);
                let q = self.b.ins().sdiv(x, y);
                let r = self.b.ins().srem(x, y);
                // Floor: adjust when the remainder is nonzero and its sign differs from y's.
                let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                let sx = self.b.ins().bxor(r, y);
                let differ = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sx, 0);
                let adjust = self.b.ins().band(nonzero, differ);
                return if matches!(op, BinOp::FloorDiv) {
                    let one = self.b.ins().uextend(types::I64, adjust);
                    self.b.ins().isub(q, one)
                } else {
                    let zero = self.b.ins().iconst(types::I64, 0);
                    let add = self.b.ins().select(adjust, y, zero);
                    self.b.ins().iadd(r, add)
                };
            }
            BinOp::LShift | BinOp::RShift => {
                // A negative count raises ValueError (slow path); counts of 64 and more are
                // handled by the runtime too.
                let in_range = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThan, y, 64);
                let shift = self.b.create_block();
                self.b.ins().brif(in_range, shift, &[], slow, &[]);
                self.b.switch_to_block(shift);
                if matches!(op, BinOp::RShift) {
                    return self.b.ins().sshr(x, y);
                }
                let z = self.b.ins().ishl(x, y);
                let back = self.b.ins().sshr(z, y);
                let lost = self.b.ins().icmp(IntCC::NotEqual, back, x);
                (z, lost)
            }
            _ => {
                self.b.ins().jump(slow, &[]);
                let dead = self.b.create_block();
                self.b.switch_to_block(dead);
                return self.b.ins().iconst(types::I64, 0);
            }
        };
        self.b.ins().brif(bad, slow, &[], ok, &[]);
        self.b.switch_to_block(ok);
        z
    }

    /// The comparison of `Compare`'s `x`, or of a fused compare-and-branch (rich kinds only).
    fn cmp_ccs(kind: CmpKind) -> Option<(IntCC, FloatCC)> {
        Some(match kind {
            CmpKind::Eq => (IntCC::Equal, FloatCC::Equal),
            CmpKind::Ne => (IntCC::NotEqual, FloatCC::NotEqual),
            CmpKind::Lt => (IntCC::SignedLessThan, FloatCC::LessThan),
            CmpKind::Le => (IntCC::SignedLessThanOrEqual, FloatCC::LessThanOrEqual),
            CmpKind::Gt => (IntCC::SignedGreaterThan, FloatCC::GreaterThan),
            CmpKind::Ge => (IntCC::SignedGreaterThanOrEqual, FloatCC::GreaterThanOrEqual),
            _ => return None,
        })
    }

    /// Emits the int/float comparison of registers `ra` and `rb`: returns the blocks where the
    /// current code continues with the `i8` outcome (int, float), or `None` where neither
    /// applies (the caller emits the jump to its slow path in the returned block).
    fn compare_values(
        &mut self,
        (ra, rb): (u16, u16),
        (ha, hb): (Hint, Hint),
        kind: CmpKind,
        slow: Block,
    ) -> Option<Value> {
        let (icc, fcc) = Self::cmp_ccs(kind)?;
        match (self.known_of(ra), self.known_of(rb)) {
            (Some(Known::Int(x)), Some(Known::Int(y))) => {
                return Some(self.b.ins().icmp(icc, x, y));
            }
            (Some(Known::Float(x)), Some(Known::Float(y))) => {
                return Some(self.b.ins().fcmp(fcc, x, y));
            }
            _ => {}
        }
        // As in `binary`, paths that cannot apply are left out: ints when an operand is a
        // known float or both are hinted floats, floats when an operand is a known int.
        let (ka, kb) = (self.known_of(ra), self.known_of(rb));
        let floats_hinted = ha == Hint::Float && hb == Hint::Float;
        let is = |k: Option<Known>, int: bool| match k {
            Some(Known::Int(_)) => int,
            Some(Known::Float(_)) => !int,
            _ => false,
        };
        let int_path = !is(ka, false) && !is(kb, false) && !floats_hinted;
        let float_path = !is(ka, true) && !is(kb, true);
        let ta = self.tag(ra);
        let tb = self.tag(rb);
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I8);
        let not_int = self.b.create_block();
        if int_path {
            let icmp = |b: &mut FunctionBuilder<'_>, x, y| b.ins().icmp(icc, x, y);
            let path = (TAG_INT, types::I64, join, not_int);
            self.compare_path((ra, rb), (ta, tb), path, icmp);
        } else {
            self.b.ins().jump(not_int, &[]);
        }
        self.b.switch_to_block(not_int);
        if float_path {
            let fcmp = |b: &mut FunctionBuilder<'_>, x, y| b.ins().fcmp(fcc, x, y);
            let path = (TAG_FLOAT, types::F64, join, slow);
            self.compare_path((ra, rb), (ta, tb), path, fcmp);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(join);
        Some(self.b.block_params(join)[0])
    }

    /// One kind's path of [`Tx::compare_values`], `(tag, ty, join, otherwise)`: when both tags
    /// are `tag`, the payloads (as `ty`) compared by `cmp`, the outcome passed to `join`;
    /// otherwise on to `otherwise`.
    fn compare_path(
        &mut self,
        (ra, rb): (u16, u16),
        (ta, tb): (Value, Value),
        (tag, ty, join, otherwise): (i64, types::Type, Block, Block),
        cmp: impl FnOnce(&mut FunctionBuilder<'_>, Value, Value) -> Value,
    ) {
        let both = self.both(ta, tb, tag);
        let block = self.b.create_block();
        self.b.ins().brif(both, block, &[], otherwise, &[]);
        self.b.switch_to_block(block);
        let x = self.payload(ra, ty);
        let y = self.payload(rb, ty);
        let r = cmp(&mut self.b, x, y);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
    }

    /// `Compare`.
    fn compare(&mut self, at: u32, ins: Instr, next: Option<Block>) {
        let Some(kind) = CmpKind::from_u8(ins.x) else {
            return self.helper(at, next, None);
        };
        if Self::cmp_ccs(kind).is_none() {
            return self.helper(at, next, None);
        }
        self.shape.inline += 1;
        let slow = self.b.create_block();
        let hints = self.hints.operands(at);
        if let Some(r) = self.compare_values((ins.b, ins.c), hints, kind, slow) {
            self.store_bool(ins.a, r);
            let exit = self.chain_exit(&[(ins.a, Some(Known::Bool(r)))], next);
            self.b.ins().jump(exit, &[]);
        }
        self.b.switch_to_block(slow);
        self.slow(at, next, None);
    }

    /// The fused compare-and-branch family.
    fn compare_jump(&mut self, at: u32, ins: Instr, next: Option<Block>) -> Result<(), String> {
        let target = self.block(ins.k())?;
        let (kind, negate) = match ins.op {
            Opcode::JumpIfLt => (CmpKind::Lt, false),
            Opcode::JumpIfLe => (CmpKind::Le, false),
            Opcode::JumpIfGt => (CmpKind::Gt, false),
            Opcode::JumpIfGe => (CmpKind::Ge, false),
            Opcode::JumpIfEq => (CmpKind::Eq, false),
            Opcode::JumpIfNe => (CmpKind::Ne, false),
            Opcode::JumpIfNotLt => (CmpKind::Lt, true),
            Opcode::JumpIfNotLe => (CmpKind::Le, true),
            Opcode::JumpIfNotGt => (CmpKind::Gt, true),
            Opcode::JumpIfNotGe => (CmpKind::Ge, true),
            Opcode::JumpIfNotEq => (CmpKind::Eq, true),
            Opcode::JumpIfNotNe => (CmpKind::Ne, true),
            _ => {
                self.helper(at, next, Some(target));
                return Ok(());
            }
        };
        self.shape.inline += 1;
        let slow = self.b.create_block();
        let fallthrough = self.chain_exit(&[], next);
        let hints = self.hints.operands_ab(at);
        if let Some(r) = self.compare_values((ins.a, ins.b), hints, kind, slow) {
            if negate {
                self.b.ins().brif(r, fallthrough, &[], target, &[]);
            } else {
                self.b.ins().brif(r, target, &[], fallthrough, &[]);
            }
        }
        self.b.switch_to_block(slow);
        self.slow(at, next, Some(target));
        Ok(())
    }

    /// `JumpIfTrue` / `JumpIfFalse`: inline truth of a `bool` or an `int`.
    fn truth_jump(&mut self, at: u32, ins: Instr, next: Option<Block>) -> Result<(), String> {
        self.shape.inline += 1;
        let target = self.block(ins.k())?;
        let fallthrough = self.chain_exit(&[], next);
        let (on_true, on_false) = if ins.op == Opcode::JumpIfTrue {
            (target, fallthrough)
        } else {
            (fallthrough, target)
        };
        if let Some(Known::Bool(v) | Known::Int(v)) = self.known_of(ins.a) {
            self.b.ins().brif(v, on_true, &[], on_false, &[]);
            return Ok(());
        }
        let t = self.tag(ins.a);
        let is_bool = self.b.ins().icmp_imm_s(IntCC::Equal, t, TAG_BOOL);
        let bool_block = self.b.create_block();
        let not_bool = self.b.create_block();
        let int_block = self.b.create_block();
        let slow = self.b.create_block();
        self.b.ins().brif(is_bool, bool_block, &[], not_bool, &[]);
        self.b.switch_to_block(bool_block);
        let v = self.payload(ins.a, types::I8);
        self.b.ins().brif(v, on_true, &[], on_false, &[]);
        self.b.switch_to_block(not_bool);
        let is_int = self.b.ins().icmp_imm_s(IntCC::Equal, t, TAG_INT);
        self.b.ins().brif(is_int, int_block, &[], slow, &[]);
        self.b.switch_to_block(int_block);
        let v = self.payload(ins.a, types::I64);
        self.b.ins().brif(v, on_true, &[], on_false, &[]);
        self.b.switch_to_block(slow);
        self.slow(at, next, Some(target));
        Ok(())
    }
}

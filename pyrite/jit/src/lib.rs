//! pyrite-jit: the Cranelift tier (DESIGN.md section 3, tier 3), baseline stage.
//!
//! [`Jit`] is the VM's [`NativeCompiler`]: every code object is offered to it the first time it
//! runs, and compiled to native code by [`translate`] (one Cranelift function per code object,
//! a block per instruction, inline fast paths for int and float arithmetic, comparisons and
//! branches, `extern "C"` helpers in `pyrite_vm::native` for everything else). Generators are
//! left to the VM (their frames suspend, which native frames do not), as is anything the
//! translator rejects; `--jit-stats` lists them with the reason.
//!
//! Calls: a call instruction goes through the helper, which pushes the callee's frame and runs
//! it (natively, when the callee has native code) before returning: Python calls between
//! native functions involve no interpreter dispatch, but they do recurse on the Rust stack
//! (bounded by the recursion limit, on the VM's big-stack thread).
//!
//! Statistics: with counting on, native code bumps two counters per instruction it runs
//! (all of them, and those it hands to the generic helper), and the VM counts the
//! instructions it interprets, so the report gives the share of executed instructions that
//! ran from native code. Counting costs time: it is off unless `--jit-stats` asks for it.
//!
//! Cranelift settings: `opt_level=speed`, and the IR verifier only in debug builds. Module and
//! class bodies without a loop run once, so their compile time is most of their cost: they
//! go to a second module compiled with `opt_level=none` and the single-pass register
//! allocator (`runs_once`). For
//! experiments, `PYRITE_JIT_CRANELIFT=k=v,k=v` sets more (e.g. `regalloc_algorithm=single_pass`);
//! an unknown setting is an error that says which. `PYRITE_JIT_DUMP=qualname` prints the
//! Cranelift IR of the code objects of that name to stderr (for reading what a fast path
//! became).
//!
//! Memory: compiled code lives as long as the [`Jit`] (the VM holds it until the program
//! ends); code objects keep only a function pointer to it.

mod facts;
mod translate;

use std::fmt::Write as _;
use std::rc::Rc;
use std::time::{Duration, Instant};

use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{Context, ir};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Module, default_libcall_names};
use pyrite_vm::Vm;
use pyrite_vm::code::VmCode;
use pyrite_vm::native::{NativeCompiler, NativeFn, unbound_tag};

/// Counters bumped by native code (their address is baked into it).
#[derive(Debug, Default)]
#[repr(C)]
pub struct Counters {
    /// Instructions run from native code (inline or through a helper).
    pub native: u64,
    /// Of those, the ones run by the generic helper.
    pub helper: u64,
}

/// One code object's outcome, for the report.
struct Record {
    /// `name (file:line)`.
    what: String,
    /// Compile time (zero when refused).
    time: Duration,
    /// `Ok((inline, helper))` instruction counts, or the reason it runs on the VM.
    outcome: Result<(usize, usize), String>,
}

/// See the crate documentation.
pub struct Jit {
    /// Optimized code.
    module: JITModule,
    /// Code that runs once ([`runs_once`]), compiled quickly.
    quick: JITModule,
    ctx: Context,
    fctx: FunctionBuilderContext,
    counters: Box<Counters>,
    count: bool,
    unbound_tag: u8,
    records: Vec<Record>,
    /// The caches of the direct call sites of all compiled code (their addresses are baked
    /// into it, so they are pinned and live as long as the module).
    sites: Vec<std::pin::Pin<Box<pyrite_vm::native::CallSite>>>,
}

/// A module whose code is compiled with the host's ISA: optimized (`opt_level=speed`, the
/// backtracking register allocator), or `quick` (no optimization, the single-pass register
/// allocator: about 40% less compile time, for code that runs once).
fn new_module(quick: bool) -> Result<JITModule, String> {
    let mut flags = settings::builder();
    let set = |flags: &mut settings::Builder, k: &str, v: &str| {
        flags
            .set(k, v)
            .map_err(|e| format!("cranelift setting {k}: {e}"))
    };
    if quick {
        set(&mut flags, "opt_level", "none")?;
        set(&mut flags, "regalloc_algorithm", "single_pass")?;
    } else {
        set(&mut flags, "opt_level", "speed")?;
    }
    set(&mut flags, "use_colocated_libcalls", "false")?;
    set(&mut flags, "is_pic", "false")?;
    // The IR verifier is a third of the compile time; debug builds (the tests) keep it.
    let verify = if cfg!(debug_assertions) {
        "true"
    } else {
        "false"
    };
    set(&mut flags, "enable_verifier", verify)?;
    if let Ok(extra) = std::env::var("PYRITE_JIT_CRANELIFT") {
        for kv in extra.split(',').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, "true"));
            set(&mut flags, k, v)?;
        }
    }
    let isa = cranelift_native::builder()
        .map_err(|e| format!("host not supported by Cranelift: {e}"))?
        .finish(settings::Flags::new(flags))
        .map_err(|e| format!("cannot configure Cranelift: {e}"))?;
    if isa.pointer_type() != ir::types::I64 {
        return Err("the JIT needs a 64-bit host".to_owned());
    }
    Ok(JITModule::new(JITBuilder::with_isa(
        isa,
        default_libcall_names(),
    )))
}

/// True for code that runs once, so compiling it fast matters more than the speed of what
/// comes out: a module or class body without a loop.
fn runs_once(code: &VmCode) -> bool {
    use pyrite_bytecode::code::CodeFlags;
    let object = code.code_object();
    (object.flags.has(CodeFlags::MODULE) || object.flags.has(CodeFlags::CLASS_BODY))
        && !object
            .instructions
            .iter()
            .enumerate()
            .any(|(at, ins)| ins.op.is_jump() && ins.target() as usize <= at)
}

impl Jit {
    /// A JIT for the host; with `count`, native code counts the instructions it runs.
    ///
    /// # Errors
    /// The host is not supported by Cranelift, or the value layout is not the one the
    /// translator assumes.
    pub fn new(count: bool) -> Result<Jit, String> {
        let unbound = unbound_tag();
        if unbound <= 20 {
            return Err(format!(
                "unexpected encoding of an unbound register (tag {unbound})"
            ));
        }
        let module = new_module(false)?;
        let quick = new_module(true)?;
        let ctx = module.make_context();
        Ok(Jit {
            module,
            quick,
            ctx,
            fctx: FunctionBuilderContext::new(),
            counters: Box::default(),
            count,
            unbound_tag: unbound,
            records: Vec::new(),
            sites: Vec::new(),
        })
    }

    /// Compiles `code` (see [`NativeCompiler::compile`]) and returns the code size in bytes
    /// too (for benchmarks).
    ///
    /// # Errors
    /// Why the code object is left to the VM.
    pub fn compile_code(&mut self, code: &Rc<VmCode>) -> Result<NativeFn, String> {
        let object = code.code_object();
        let what = format!(
            "{} ({}:{})",
            object.qualname, object.filename, object.first_line
        );
        if object.is_generator() {
            self.records.push(Record {
                what,
                time: Duration::ZERO,
                outcome: Err("generator (its frames suspend)".to_owned()),
            });
            return Err("generator".to_owned());
        }
        let start = Instant::now();
        let result = self.translate_and_define(code);
        let time = start.elapsed();
        match result {
            Ok((f, shape)) => {
                self.records.push(Record {
                    what,
                    time,
                    outcome: Ok((shape.inline, shape.helper)),
                });
                Ok(f)
            }
            Err(reason) => {
                self.records.push(Record {
                    what,
                    time,
                    outcome: Err(reason.clone()),
                });
                Err(reason)
            }
        }
    }

    fn translate_and_define(
        &mut self,
        code: &Rc<VmCode>,
    ) -> Result<(NativeFn, translate::Shape), String> {
        let module = if runs_once(code) {
            &mut self.quick
        } else {
            &mut self.module
        };
        let call_conv = module.isa().default_call_conv();
        let sig = translate::native_signature(call_conv);
        module.clear_context(&mut self.ctx);
        self.ctx.func.signature = sig.clone();
        let id = module
            .declare_anonymous_function(&sig)
            .map_err(|e| format!("cranelift: {e}"))?;
        let cfg = translate::Config {
            unbound_tag: self.unbound_tag,
            counters: self.count.then(|| std::ptr::from_mut(&mut *self.counters)),
            call_conv,
            frontend: module.target_config(),
            regs_offset: i32::try_from(pyrite_vm::native::native_regs_offset())
                .map_err(|_| "VM layout".to_owned())?,
        };
        let shape = translate::translate(
            &mut self.ctx.func,
            &mut self.fctx,
            code,
            &cfg,
            &mut self.sites,
        )?;
        if std::env::var("PYRITE_JIT_DUMP").is_ok_and(|name| name == code.code_object().qualname) {
            eprintln!("{}", self.ctx.func.display());
        }
        module
            .define_function(id, &mut self.ctx)
            .map_err(|e| format!("cranelift: {e:?}"))?;
        module
            .finalize_definitions()
            .map_err(|e| format!("cranelift: {e}"))?;
        let ptr = module.get_finalized_function(id);
        // SAFETY: `ptr` is the finalized code of a function with the signature
        // `native_signature`, i.e. `extern "C" fn(*mut Vm, *mut Slot) -> u32` in the host's
        // default calling convention, which is `NativeFn`. It stays mapped while `self.module`
        // lives, which is as long as the VM holding this JIT.
        let f = unsafe { std::mem::transmute::<*const u8, NativeFn>(ptr) };
        Ok((f, shape))
    }

    /// The counters (meaningful when counting).
    pub fn counters(&self) -> &Counters {
        &self.counters
    }
}

impl NativeCompiler for Jit {
    fn compile(&mut self, code: &Rc<VmCode>) -> Result<NativeFn, String> {
        self.compile_code(code)
    }

    fn report(&self, vm_instructions: u64) -> String {
        let mut s = String::new();
        let compiled = self.records.iter().filter(|r| r.outcome.is_ok()).count();
        let total_time: Duration = self.records.iter().map(|r| r.time).sum();
        let _ = writeln!(
            s,
            "pyrite: jit: {compiled} code objects compiled, {} left to the VM, compile time {:.3} ms",
            self.records.len() - compiled,
            total_time.as_secs_f64() * 1e3
        );
        for r in &self.records {
            match &r.outcome {
                Ok((inline, helper)) => {
                    let _ = writeln!(
                        s,
                        "pyrite: jit:   compiled {}: {} instructions ({inline} with fast paths, {helper} only through the generic helper) in {:.3} ms",
                        r.what,
                        inline + helper,
                        r.time.as_secs_f64() * 1e3
                    );
                }
                Err(reason) => {
                    let _ = writeln!(s, "pyrite: jit:   left to the VM {}: {reason}", r.what);
                }
            }
        }
        if self.count {
            let native = self.counters.native;
            let total = native + vm_instructions;
            let share = if total == 0 {
                0.0
            } else {
                native as f64 * 100.0 / total as f64
            };
            let _ = writeln!(
                s,
                "pyrite: jit: executed {total} instructions: {native} native ({share:.2}%; {} of them through the generic helper), {vm_instructions} on the VM",
                self.counters.helper
            );
        }
        s
    }
}

/// Installs a JIT in `vm` (`pyrite --mode jit`); with `stats`, it counts what runs natively.
///
/// # Errors
/// As [`Jit::new`].
pub fn install(vm: &mut Vm, stats: bool) -> Result<(), String> {
    let jit = Jit::new(stats)?;
    vm.set_native_compiler(Box::new(jit), stats);
    Ok(())
}

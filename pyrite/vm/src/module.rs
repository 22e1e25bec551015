//! Running a program: preparing its code, creating the `__main__` namespace, executing the
//! module body on a thread with a big stack, and turning the outcome into an exit status
//! (CPython's `python FILE`); and the import instructions.
//!
//! The stack: Python-to-Python calls do not recurse in Rust, but calls through the runtime do
//! (a builtin calling back into Python, a class constructor running `__init__`, a generator
//! resumed by `sum()`), each costing some Rust stack. All of them count against the recursion
//! limit, so the Rust recursion is bounded; the thread gets 512 MiB (reserved, not committed),
//! as the tree tier's does, which leaves a wide margin even in debug builds.

use std::rc::Rc;
use std::sync::Arc;

use pyrite_bytecode::code::CodeObject;
use pyrite_bytecode::instr::Instr;
use pyrite_bytecode::opcode::Opcode;
use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::{PyErr, PyResult};
use pyrite_runtime::modules::PyModule;
use pyrite_runtime::ops;
use pyrite_runtime::traceback;
use pyrite_runtime::types::{PyDict, PyStr};
use pyrite_runtime::value::Value;

use crate::code::VmCode;
use crate::dispatch::internal;
use crate::frame::{Frame, FrameKind};
use crate::machine::Vm;
use crate::stats::Stats;

/// Stack size of the evaluation thread (the tree tier's too).
pub const STACK_SIZE: usize = 512 << 20;

/// Runs `code` (a module's code object) as the main program on a thread of its own; returns
/// the exit status (0, 1 for an uncaught exception, or a `SystemExit` code) and the VM's
/// counters. `argv` becomes `sys.argv`. The caller registers the source text for tracebacks
/// (`pyrite_runtime::traceback::register_source`).
pub fn run_main(code: CodeObject, argv: &[String]) -> (i32, Stats) {
    run_main_with(code, argv, &|_| {})
}

/// [`run_main`] with `configure` applied to the new VM first (installing the JIT: see
/// `Vm::set_native_compiler`). The counters include the native compiler's report.
pub fn run_main_with(
    code: CodeObject,
    argv: &[String],
    configure: &(dyn Fn(&mut Vm) + Sync),
) -> (i32, Stats) {
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pyrite-vm".to_owned())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, move || run_configured(code, argv, configure))
            .map(|handle| handle.join())
    });
    match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => {
            pyrite_runtime::io::flush_all();
            eprintln!("pyrite: internal error in the bytecode VM (a bug: please report it)");
            (70, Stats::default())
        }
        Err(e) => {
            eprintln!("pyrite: cannot start the interpreter thread: {e}");
            (70, Stats::default())
        }
    }
}

/// [`run_main`] without the thread: the caller provides the stack.
pub fn run_on_this_thread(code: CodeObject, argv: &[String]) -> (i32, Stats) {
    run_configured(code, argv, &|_| {})
}

/// [`run_main_with`] without the thread.
fn run_configured(
    code: CodeObject,
    argv: &[String],
    configure: &(dyn Fn(&mut Vm) + Sync),
) -> (i32, Stats) {
    pyrite_runtime::modules::sys::set_argv(argv.to_vec());
    let mut vm = Vm::new();
    configure(&mut vm);
    let result = exec_main(&mut vm, code);
    pyrite_runtime::io::flush_all();
    let status = match result {
        Ok(()) => 0,
        Err(err) => traceback::report_uncaught(&mut vm, &err),
    };
    pyrite_runtime::io::flush_all();
    let report = vm.native_report();
    let mut stats = std::mem::take(&mut vm.stats);
    stats.jit_report = report;
    // The process ends next: drop the program's objects before the VM so that any destructor
    // work happens while the VM still exists.
    (status, stats)
}

/// Executes module code in a fresh `__main__` namespace.
fn exec_main(vm: &mut Vm, code: CodeObject) -> PyResult<()> {
    let code = VmCode::prepare(Arc::new(code))?;
    let globals = Rc::new(PyDict::new());
    let set = |k: &str, v: Value| globals.set_str(&Rc::new(PyStr::new(k.to_owned())), v);
    set("__name__", Value::str("__main__"))?;
    set("__doc__", Value::None)?;
    set("__file__", Value::str(code.code.filename.clone()))?;
    exec_module_code(vm, code, globals).map(drop)
}

/// Runs module-level code with `globals` as its namespace; the value it returns.
pub fn exec_module_code(vm: &mut Vm, code: Rc<VmCode>, globals: Rc<PyDict>) -> PyResult<Value> {
    let entry = vm.frames.len();
    if entry >= pyrite_runtime::modules::sys::recursion_limit() {
        return Err(PyErr::new(
            BuiltinType::RecursionError,
            "maximum recursion depth exceeded",
        ));
    }
    let base = vm.stack.len();
    vm.stack.push_template(&code.window);
    vm.frames.push(Frame {
        code,
        locals: Some(Rc::clone(&globals)),
        globals,
        cells: Vec::new(),
        base,
        pc: 0,
        ret: 0,
        kind: FrameKind::Plain,
    });
    vm.run(entry)
}

/// `ImportError: cannot import name 'x' from 'm' (unknown location)`.
fn cannot_import(name: &str, module: &Value) -> PyErr {
    let module_name = match module {
        Value::Other(o) => o
            .as_any()
            .downcast_ref::<PyModule>()
            .map_or_else(|| "?".to_owned(), |m| m.name.clone()),
        _ => "?".to_owned(),
    };
    PyErr::new(
        BuiltinType::ImportError,
        format!("cannot import name '{name}' from '{module_name}' (unknown location)"),
    )
}

impl Vm {
    /// `ImportName`, `ImportFrom`, `ImportStar`.
    pub(crate) fn import_op(&mut self, code: &VmCode, base: usize, ins: Instr) -> PyResult<()> {
        let globals = &self.frame_globals()?;
        let a = base + usize::from(ins.a);
        match ins.op {
            Opcode::ImportName => {
                let name = code.names[ins.k() as usize].as_str();
                let module = pyrite_runtime::modules::import(name)?;
                let top = match name.split_once('.') {
                    Some((top, _)) => pyrite_runtime::modules::import(top)?,
                    None => module,
                };
                self.set_reg(a, top)
            }
            Opcode::ImportFrom => {
                let module = self.reg_clone(base + usize::from(ins.b))?;
                let name = &code.names[ins.k() as usize];
                match ops::getattr(self, &module, name) {
                    Ok(v) => self.set_reg(a, v),
                    Err(e) if e.matches(BuiltinType::AttributeError) => {
                        Err(cannot_import(name.as_str(), &module))
                    }
                    Err(e) => Err(e),
                }
            }
            Opcode::ImportStar => {
                let module = self.reg_clone(a)?;
                let Value::Other(o) = &module else {
                    return Err(internal("import * from a non-module"));
                };
                let Some(m) = o.as_any().downcast_ref::<PyModule>() else {
                    return Err(internal("import * from a non-module"));
                };
                let target = self
                    .frames
                    .last()
                    .and_then(|f| f.locals.clone())
                    .unwrap_or_else(|| Rc::clone(globals));
                for e in m.dict.entries() {
                    if let Value::Str(k) = &e.key
                        && !k.as_str().starts_with('_')
                    {
                        target.set_str(k, e.value)?;
                    }
                }
                Ok(())
            }
            _ => Err(internal("not an import")),
        }
    }
}

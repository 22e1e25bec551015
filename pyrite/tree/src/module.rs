//! Running a module: lowering it, creating its namespace, executing its body on a thread with
//! a big stack, and turning the outcome into an exit status (CPython's `python FILE`).
//!
//! The stack: Python recursion is bounded by the recursion limit (1000 frames), each of
//! which costs a few kilobytes of Rust stack in the tree walker (more in debug builds), and
//! runtime recursion (`repr` of nested lists, ...) is bounded by its own guard. A 512 MiB stack
//! (only the touched pages are ever committed) leaves a wide margin, so deep Python recursion
//! raises `RecursionError` and never overflows the Rust stack.

use std::rc::Rc;

use pyrite_runtime::builtin_type::BuiltinType;
use pyrite_runtime::error::PyErr;
use pyrite_runtime::traceback;
use pyrite_runtime::types::PyDict;
use pyrite_runtime::value::Value;
use pyrite_syntax::ast;
use pyrite_syntax::symtable::SymbolTable;

use crate::env;
use crate::eval::stmt::exec_block;
use crate::eval::{Frame, TreeVm};
use crate::lower::{Unsupported, lower_module};
use crate::node::Code;
use crate::unwind::DepthGuard;

/// Stack size of the evaluation thread.
pub const STACK_SIZE: usize = 512 << 20;

/// Runs a parsed, name-resolved module as the main program; returns the exit status (0, 1 for
/// an uncaught exception, or a `SystemExit` code). `argv` becomes `sys.argv`.
pub fn run_module(
    module: &ast::Mod,
    table: &SymbolTable,
    filename: &str,
    source: &str,
    argv: &[String],
) -> i32 {
    // CPython quotes source lines only for real files (`linecache` cannot read `<string>`).
    if !filename.starts_with('<') {
        traceback::register_source(filename, source);
    }
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pyrite-tree".to_owned())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || run_on_this_thread(module, table, filename, argv))
            .map(|handle| handle.join())
    });
    match outcome {
        Ok(Ok(status)) => status,
        Ok(Err(_)) => {
            env::flush_output();
            eprintln!("pyrite: internal error in the tree interpreter (a bug: please report it)");
            70
        }
        Err(e) => {
            eprintln!("pyrite: cannot start the interpreter thread: {e}");
            70
        }
    }
}

/// [`run_module`] without the thread: the caller provides the stack.
pub fn run_on_this_thread(
    module: &ast::Mod,
    table: &SymbolTable,
    filename: &str,
    argv: &[String],
) -> i32 {
    let code = match lower_module(module, table, filename) {
        Ok(code) => code,
        Err(Unsupported { what, line }) => {
            let err = PyErr::new(
                BuiltinType::NotImplementedError,
                format!("{what} is not supported ({filename}, line {line})"),
            );
            return traceback::report_uncaught(&mut TreeVm, &err);
        }
    };
    env::set_argv(argv);
    let result = exec_main(&code, module_doc(module));
    env::flush_output();
    match result {
        Ok(()) => 0,
        Err(err) => traceback::report_uncaught(&mut TreeVm, &err),
    }
}

/// The module docstring (`__doc__`): a string constant as the first statement.
fn module_doc(module: &ast::Mod) -> Value {
    if let ast::Mod::Module { body, .. } = module
        && let Some(first) = body.first()
        && let ast::StmtKind::Expr { value } = &first.kind
        && let ast::ExprKind::Constant {
            value: ast::Constant::Str(s),
            ..
        } = &value.kind
    {
        return Value::str(s.as_str());
    }
    Value::None
}

/// Executes `<module>` code in a fresh `__main__` namespace.
fn exec_main(code: &Rc<Code>, doc: Value) -> Result<(), PyErr> {
    let globals = Rc::new(PyDict::new());
    let set = |k: &str, v: Value| globals.set_str(&crate::lower::intern(k), v).map(|_| ());
    set("__name__", Value::str("__main__"))?;
    set("__doc__", doc)?;
    set("__file__", Value::str(&*code.filename))?;
    let _depth = DepthGuard::enter()?;
    let mut frame = Frame::new(code.clone(), globals, Vec::new(), &[]);
    exec_block(&mut TreeVm, &mut frame, &code.body).map(|_| ())
}

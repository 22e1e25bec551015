//! The tier's view of the runtime's environment: builtins by name, importing builtin modules,
//! `sys.argv`, and flushing the standard streams — one file, so the names agreed with the
//! builtins/modules engineers live in one place: `pyrite_runtime::builtins::lookup`,
//! `pyrite_runtime::modules::import`, `pyrite_runtime::modules::sys::set_argv`,
//! `pyrite_runtime::io::{flush_all, capture}`.

use pyrite_runtime::error::PyResult;
use pyrite_runtime::value::Value;

/// The builtin `name` (`len`, `print`, `ValueError`), if there is one.
#[inline]
pub fn builtin(name: &str) -> Option<Value> {
    pyrite_runtime::builtins::lookup(name)
}

/// `import name` of a module the runtime provides.
pub fn import(name: &str) -> PyResult<Value> {
    pyrite_runtime::modules::import(name)
}

/// Sets `sys.argv` for the program about to run.
pub fn set_argv(argv: &[String]) {
    pyrite_runtime::modules::sys::set_argv(argv.to_vec());
}

/// Writes out whatever the program printed (before a traceback goes to stderr, and at exit).
pub fn flush_output() {
    pyrite_runtime::io::flush_all();
}

/// The recursion limit in force (`sys.setrecursionlimit` changes it).
#[inline]
pub fn recursion_limit() -> u32 {
    u32::try_from(pyrite_runtime::modules::sys::recursion_limit()).unwrap_or(u32::MAX)
}

/// Runs `f` with this thread's standard streams captured (tests): its result, stdout, stderr.
pub fn capture<R>(f: impl FnOnce() -> R) -> (R, String, String) {
    pyrite_runtime::io::capture(f)
}

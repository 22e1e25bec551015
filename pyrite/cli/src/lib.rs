//! pyrite: the library behind the `pyrite` command.
//!
//! `main_with_args` is the whole command line as a function, so the harness can link this crate
//! and re-execute its own binary as a pyrite tier (DESIGN.md section 4) with exactly the
//! behaviour of the `pyrite` binary.

use std::ffi::OsString;

/// Runs the `pyrite` command line (`args[0]` is the program name) and returns the exit code.
pub fn main_with_args<I: IntoIterator<Item = OsString>>(args: I) -> i32 {
    let _ = args.into_iter();
    2
}

//! pyrite-tree: the tree-walking tier. Evaluates the AST directly, after the symbol-table pass has
//! resolved every name to a local slot, a cell, a global or a builtin (DESIGN.md section 3).
//!
//! Pipeline: [`lower`] turns the AST and its symbol table into the resolved tree of [`node`]
//! (rejecting what the tier does not support yet with `NotImplementedError`); [`eval`] walks
//! it over [`frame::Frame`]s, with control flow and exception bookkeeping in [`unwind`];
//! [`module`] runs a program and turns its outcome into an exit status. Every piece of Python
//! semantics (operators, calls' argument binding, tracebacks) comes from `pyrite-runtime`.
//!
//! Entry points for the CLI: [`run_module`] (a parsed, name-resolved module) and
//! [`run_source`] (text).

pub mod env;
pub mod eval;
pub mod frame;
pub mod lower;
pub mod module;
pub mod node;
pub mod unwind;

pub use module::run_module;

/// Parses, resolves and runs `source` as the main program `filename`; returns the exit status.
/// A syntax error is reported on stderr (briefly: the CLI prints CPython's full format) with
/// status 1.
pub fn run_source(source: &str, filename: &str, argv: &[String]) -> i32 {
    let module = match pyrite_syntax::parse_module(source.as_bytes()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("SyntaxError: {e:?}");
            return 1;
        }
    };
    let table = match pyrite_syntax::symtable::build(&module)
        .and_then(|t| pyrite_syntax::symtable::check_context(&t).map(|()| t))
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("SyntaxError: {e:?}");
            return 1;
        }
    };
    run_module(&module, &table, filename, source, argv)
}

#[cfg(test)]
mod tests;

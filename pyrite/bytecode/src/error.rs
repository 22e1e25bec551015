//! Compile errors: what the CLI turns into a Python exception before anything runs.
//!
//! Invariant: the compiler reports every failure as a [`CompileError`] value, never a panic;
//! [`CompileError::python_message`] is the exact `Type: message` line the CLI prints.

use pyrite_syntax::SyntaxError;

/// Why a source file could not be compiled.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CompileError {
    /// The source is not valid Python (the CLI prints CPython's full `SyntaxError` format).
    #[error("{0:?}")]
    Syntax(SyntaxError),
    /// A construct pyrite's bytecode tier does not run yet, or a code object past the
    /// instruction format's limits: `NotImplementedError` at compile time.
    #[error("NotImplementedError: {construct} is not supported ({filename}, line {line})")]
    NotImplemented {
        /// What (`match statement`).
        construct: String,
        /// The source file.
        filename: String,
        /// The line of the construct.
        line: u32,
    },
}

impl CompileError {
    /// The Python exception line: `NotImplementedError: ... is not supported (f.py, line 3)`;
    /// for a syntax error, `SyntaxError: <msg>` (the CLI prints the full format itself).
    pub fn python_message(&self) -> String {
        match self {
            CompileError::Syntax(e) => format!("{}: {}", e.kind.name(), e.msg),
            other => other.to_string(),
        }
    }
}

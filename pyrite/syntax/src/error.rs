//! Syntax errors, as CPython reports them.
//!
//! The fields are those of CPython's `SyntaxError` (`lineno`, `offset`, `end_lineno`,
//! `end_offset`, `text`), with CPython's conventions: lines 1-based, offsets 1-based and counted
//! in characters (not bytes), `end_offset` exclusive. `Display` prints the traceback-style report
//! CPython prints for an uncaught syntax error in a file.

/// Which class of syntax error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`.
    SyntaxError,
    /// `IndentationError` (a subclass of `SyntaxError`).
    IndentationError,
    /// `TabError` (a subclass of `IndentationError`).
    TabError,
}

impl SyntaxErrorKind {
    /// The Python class name.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorKind::SyntaxError => "SyntaxError",
            SyntaxErrorKind::IndentationError => "IndentationError",
            SyntaxErrorKind::TabError => "TabError",
        }
    }
}

/// A syntax error with CPython's location fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The class.
    pub kind: SyntaxErrorKind,
    /// The message (`invalid syntax`, `'(' was never closed`, ...).
    pub msg: String,
    /// Line, 1-based.
    pub lineno: u32,
    /// Column, 1-based, in characters.
    pub offset: u32,
    /// End line, 1-based.
    pub end_lineno: u32,
    /// End column, 1-based, in characters, exclusive.
    pub end_offset: u32,
}

impl SyntaxError {
    /// A `SyntaxError` of class `kind`.
    pub fn new(kind: SyntaxErrorKind, msg: impl Into<String>, lineno: u32, offset: u32) -> Self {
        SyntaxError {
            kind,
            msg: msg.into(),
            lineno,
            offset,
            end_lineno: lineno,
            end_offset: offset,
        }
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} (line {})", self.kind.name(), self.msg, self.lineno)
    }
}

impl std::error::Error for SyntaxError {}

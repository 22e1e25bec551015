//! pyrite-syntax: Python 3.11 source to AST.
//!
//! Pipeline: [`source`] (bytes to text: BOM and PEP 263 coding cookie) then [`lexer`] (text to
//! tokens, with indentation) then [`parser`] (tokens to the [`ast`], mirroring CPython's `ast`
//! module; string and number literals decoded by [`literal`]) then [`symtable`] (every name
//! classified as local, global, free or cell, with CPython's rules). [`dump`] prints a tree
//! exactly as `ast.dump` does. This crate knows nothing of runtime values; every failure is a
//! [`SyntaxError`], never a panic.

pub mod ast;
pub mod dump;
pub mod error;
pub mod lexer;
pub mod literal;
pub mod parser;
pub mod source;
pub mod symtable;
pub mod token;

pub use error::{SyntaxError, SyntaxErrorKind};

/// Parses a whole file (`ast.parse(source_bytes)` in CPython): decodes it, then parses it as a
/// module, errors located as CPython locates them in that file.
pub fn parse_module(source: &[u8]) -> Result<ast::Mod, SyntaxError> {
    let text = source::decode(source)?;
    parser::parse_module_declared(&text, source::Declaration::of(source))
}

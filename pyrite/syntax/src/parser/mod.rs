//! The parser: tokens to AST. Placeholder until the parser work lands.

use crate::{SyntaxError, SyntaxErrorKind, ast};

/// Parses decoded source text as a module.
pub fn parse_module(_source: &str) -> Result<ast::Mod, SyntaxError> {
    Err(SyntaxError::new(SyntaxErrorKind::SyntaxError, "parser not written yet", 1, 1))
}

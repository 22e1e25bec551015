//! Source decoding: bytes to text as CPython does (UTF-8 BOM, PEP 263 coding cookie).
//! Placeholder until the lexer work lands.

use crate::SyntaxError;

/// Decodes a source file's bytes to text.
pub fn decode(source: &[u8]) -> Result<String, SyntaxError> {
    Ok(String::from_utf8_lossy(source).into_owned())
}

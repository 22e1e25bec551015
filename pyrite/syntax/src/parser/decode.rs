//! Adapters from [`crate::literal`] to what the parser needs: one string token taken apart,
//! escape decoding with the error message alone, numbers as AST constants.
//!
//! Invariant: every function here is total (no panic on any input); bad literals come back as
//! CPython's message for the parser to locate.

use crate::ast::Constant;
use crate::literal::{self, Number};

/// One string token taken apart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StrParts<'s> {
    /// `b` prefix.
    pub bytes: bool,
    /// `r` prefix.
    pub raw: bool,
    /// `f` prefix.
    pub fstring: bool,
    /// `u` prefix.
    pub unicode: bool,
    /// The text between the quotes.
    pub body: &'s str,
    /// Byte offset of `body` within the token text.
    pub body_offset: usize,
}

/// Splits a string token's text into prefix flags and body (an empty body if the lexer ever
/// handed over something that is not a quoted string).
pub(crate) fn split_string(text: &str) -> StrParts<'_> {
    match literal::parse_string_prefix(text) {
        Some(l) => StrParts {
            bytes: l.is_bytes,
            raw: l.is_raw,
            fstring: l.is_fstring,
            unicode: l.is_unicode_u,
            body: l.body,
            body_offset: l.body_offset,
        },
        None => StrParts {
            bytes: false,
            raw: false,
            fstring: false,
            unicode: false,
            body: "",
            body_offset: 0,
        },
    }
}

/// Decodes a `str` literal body.
pub(crate) fn decode_str(body: &str, raw: bool) -> Result<String, String> {
    literal::decode_str(body, raw).map_err(|e| e.msg)
}

/// Decodes a bytes literal body.
pub(crate) fn decode_bytes(body: &str, raw: bool) -> Result<Vec<u8>, String> {
    literal::decode_bytes(body, raw).map_err(|e| e.msg)
}

/// Parses a NUMBER token's text.
pub(crate) fn parse_number(text: &str) -> Result<Constant, String> {
    match literal::parse_number(text) {
        Ok(Number::Int(i)) => Ok(Constant::Int(i)),
        Ok(Number::Float(f)) => Ok(Constant::Float(f)),
        Ok(Number::Complex(imag)) => Ok(Constant::Complex { real: 0.0, imag }),
        Err(e) => Err(e.msg),
    }
}

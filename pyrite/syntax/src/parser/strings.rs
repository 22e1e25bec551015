//! String literals: implicit concatenation of adjacent `String` tokens, bytes versus str, the
//! `u` kind, and numbers.
//!
//! Rules (CPython 3.11's `_PyPegen_concatenate_strings`): all parts must agree on bytes versus
//! str; without f-strings the result is one `Constant` whose `kind` is `'u'` when the FIRST
//! token has a `u` prefix; with any f-string it is one `JoinedStr` whose adjacent literal
//! pieces are merged into single constants and empty ones dropped. Every node built here spans
//! the whole concatenation. Errors are located at the token after the strings, as CPython's
//! `RAISE_SYNTAX_ERROR` locates them.

use super::decode::{self, split_string};
use super::expr::mk;
use super::fstring::JoinedBuilder;
use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprKind};
use crate::token::{Token, TokenKind};

impl<'a> Parser<'a> {
    /// The value of a NUMBER token.
    pub(crate) fn number(&mut self, t: Token) -> PResult<Constant> {
        match decode::parse_number(self.text(t)) {
            Ok(c) => Ok(c),
            // CPython's digit limit error is reported at column 0 of the token's line.
            Err(msg) => {
                let mut at = t.start;
                at.offset -= at.col.min(at.offset);
                at.col = 0;
                let mut e = self.make_error(crate::SyntaxErrorKind::SyntaxError, msg, at, at);
                e.offset = 0;
                e.end_offset = 0;
                if self.error.is_none() {
                    self.error = Some(e);
                }
                Err(super::Fail)
            }
        }
    }

    /// `strings: STRING+`, positioned at the first string token.
    pub(crate) fn strings(&mut self) -> PResult<Expr> {
        let first_index = self.pos;
        let first = self.tok();
        while self.kind() == TokenKind::String {
            self.bump();
        }
        let last_index = self.pos - 1;
        let last = self.tokens[last_index];
        let span = self.span(first.start, last.end);

        let first_parts = split_string(self.text(first));
        let is_bytes = first_parts.bytes;
        let mut any_f = false;
        for i in first_index..=last_index {
            let parts = split_string(self.text(self.tokens[i]));
            if parts.bytes != is_bytes {
                return Err(self.raise_here("cannot mix bytes and nonbytes literals"));
            }
            any_f |= parts.fstring;
        }
        let kind = first_parts.unicode.then(|| "u".to_owned());

        if is_bytes {
            let mut out = Vec::new();
            for i in first_index..=last_index {
                let parts = split_string(self.text(self.tokens[i]));
                match decode::decode_bytes(parts.body, parts.raw) {
                    Ok(b) => out.extend_from_slice(&b),
                    Err(msg) if msg.starts_with("bytes can only") => {
                        let t = self.tokens[i];
                        return Err(self.raise_at(msg, t.start, t.end));
                    }
                    Err(msg) => return Err(self.raise_here(msg)),
                }
            }
            return Ok(mk(
                ExprKind::Constant {
                    value: Constant::Bytes(out),
                    kind: None,
                },
                span,
            ));
        }
        if !any_f {
            let mut out = String::new();
            for i in first_index..=last_index {
                let parts = split_string(self.text(self.tokens[i]));
                match decode::decode_str(parts.body, parts.raw) {
                    Ok(s) => out.push_str(&s),
                    Err(msg) => return Err(self.raise_here(msg)),
                }
            }
            return Ok(mk(
                ExprKind::Constant {
                    value: Constant::Str(out),
                    kind,
                },
                span,
            ));
        }
        let mut builder = JoinedBuilder::new(span, kind);
        for i in first_index..=last_index {
            let tok = self.tokens[i];
            let parts = split_string(self.text(tok));
            if parts.fstring {
                self.fstring_token(tok, &mut builder)?;
            } else {
                match decode::decode_str(parts.body, parts.raw) {
                    Ok(s) => builder.push_literal(&s),
                    Err(msg) => return Err(self.raise_here(msg)),
                }
            }
        }
        Ok(builder.finish())
    }
}

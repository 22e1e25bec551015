//! String literals: finding where one ends. The prefix was read by the caller; the body is
//! only skimmed (a backslash skips the next byte, so `\'` and `\<newline>` do not end it);
//! decoding is `crate::literal`'s job. An f-string is one token too, as in CPython 3.11.
//!
//! Invariant: a string token starts at its prefix and ends just past its closing quotes; it may
//! span lines (triple quotes, or a backslash before a line break), and the lexer's line count
//! follows.

use super::Lexer;
use super::errors::{LexError, char_count};
use crate::token::{Pos, Token, TokenKind};

impl Lexer<'_> {
    /// The string literal whose prefix starts at `start` and whose opening quote is at `quote_at`.
    pub(super) fn scan_string(&mut self, start: usize, quote_at: usize) -> Result<Token, LexError> {
        let first_line = self.line;
        let first_line_start = self.line_start;
        let start_pos = Pos {
            offset: start as u32,
            line: first_line,
            col: (start - first_line_start) as u32,
        };
        let quote = self.bytes.get(quote_at).copied().unwrap_or(b'"');
        let mut p = quote_at + 1;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        if self.byte(p) == Some(quote) {
            p += 1;
            if self.byte(p) == Some(quote) {
                p += 1;
                quote_size = 3;
            } else {
                // The empty string.
                end_quote_size = 1;
            }
        }
        while end_quote_size != quote_size {
            let newline = self.newline_at(p);
            let at_end = p >= self.bytes.len() && newline.is_none();
            if at_end || (quote_size == 1 && newline.is_some()) {
                // At the end of the file the last line break has been counted already.
                let detected_at = if at_end { self.line - 1 } else { self.line };
                let what = if quote_size == 3 {
                    "unterminated triple-quoted string literal"
                } else {
                    "unterminated string literal"
                };
                let offset = char_count(self.bytes.get(first_line_start..=start).unwrap_or(&[]));
                self.pos = p;
                return Err(self.error_at(
                    format!("{what} (detected at line {detected_at})"),
                    first_line,
                    offset,
                ));
            }
            if let Some(len) = newline {
                self.pos = p;
                self.consume_newline(len);
                p = self.pos;
                end_quote_size = 0;
                continue;
            }
            let c = self.bytes[p];
            p += 1;
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == b'\\' {
                    // Skip the escaped character: one byte, or a whole line break.
                    if let Some(len) = self.newline_at(p) {
                        self.pos = p;
                        self.consume_newline(len);
                        p = self.pos;
                    } else if p < self.bytes.len() {
                        p += 1;
                    }
                }
            }
        }
        self.pos = p;
        Ok(Token {
            kind: TokenKind::String,
            start: start_pos,
            end: self.pos_at(p),
        })
    }
}

//! Where the parser's errors are, as CPython 3.11's `Parser/pegen_errors.c` locates them.
//!
//! Three ways to locate an error, after CPython's macros:
//! - at known positions (`RAISE_ERROR_KNOWN_LOCATION`, [`Parser::raise_at`]): 1-based byte
//!   columns of the start and end;
//! - at the current position (`RAISE_SYNTAX_ERROR`, [`Parser::raise_here`]): the span of the
//!   last token fetched; but CPython gives INDENT, DEDENT and ENDMARKER tokens no column, and
//!   then takes the tokenizer's cursor instead (the first character after the indentation, or
//!   at the end of the file the end of the last line, its line break included, for a string;
//!   column 0 for a file, whose tokenizer has emptied its buffer), with no end;
//! - the generic error ([`Parser::generic_error`]) at the furthest token of the first pass:
//!   "invalid syntax" at its span (no column at all for ENDMARKER), "unexpected indent" or
//!   "unexpected unindent" at the cursor.
//!
//! Then `_PyPegen_raise_error_known_location` converts the byte columns to characters when
//! the tokenizer knows the file's encoding ([`crate::source::Declaration`]), counting on the line
//! as read back from the file, where line 1 of a file with a BOM starts with U+FEFF; such an
//! error shows that line as its text. Errors of an f-string field's sub-parser are relative to
//! the field's `(` + text + `)`, which is their text ([`Parser::with_sub_source_text`]).
//!
//! Invariant: the first definitive error recorded wins; nothing here panics on any position
//! (columns past the line are clipped as CPython clips them).

use super::{Fail, Parser, Reader};
use crate::ast::Span;
use crate::lexer::{LexError, Origin};
use crate::token::{Pos, Token, TokenKind};
use crate::{SyntaxError, SyntaxErrorKind};

/// CPython's `_PyPegen_byte_offset_to_character_offset`: the characters in the first `offset`
/// bytes of `line` (a cut multi-byte character counts as one, as a "replace" decoding counts
/// it), `offset` clipped to the line's length + 1 (the C string's NUL counts as one more).
fn byte_offset_to_character_offset(line: &str, offset: u32) -> u32 {
    let offset = offset as usize;
    let bytes = line.as_bytes();
    let taken = &bytes[..offset.min(bytes.len())];
    let chars = taken.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
    chars + u32::from(offset > bytes.len())
}

impl Parser<'_> {
    /// Whether a definitive error has been raised.
    #[inline]
    pub(super) fn failed_hard(&self) -> bool {
        self.error.is_some()
    }

    /// Builds a syntax error spanning `start..end` (CPython's `RAISE_ERROR_KNOWN_LOCATION`).
    pub(super) fn make_error(
        &self,
        kind: SyntaxErrorKind,
        msg: String,
        start: Pos,
        end: Pos,
    ) -> SyntaxError {
        self.error_at_columns(
            kind,
            msg,
            (start.line, start.col + 1),
            (end.line, end.col + 1),
        )
    }

    /// An error at 1-based byte columns (0: none) of lines of the source being parsed, as
    /// CPython's parser hands them to `_PyPegen_raise_error_known_location`, which shifts the
    /// errors of f-string fields and converts columns to characters when the file declares its
    /// encoding.
    fn error_at_columns(
        &self,
        kind: SyntaxErrorKind,
        msg: String,
        (line, offset): (u32, u32),
        (end_line, end_offset): (u32, u32),
    ) -> SyntaxError {
        if let Some(sh) = &self.shift {
            return sh.error(kind, msg, (line, offset), (end_line, end_offset));
        }
        let mut e = SyntaxError {
            kind,
            msg,
            lineno: line.max(1),
            offset,
            end_lineno: end_line.max(1),
            end_offset,
            text: None,
        };
        self.count_columns(&mut e);
        e
    }

    /// Converts the byte columns of an error CPython's parser raises to characters when the
    /// file declares its encoding, and gives it the text of line 1 of a file with a BOM.
    pub(super) fn count_columns(&self, e: &mut SyntaxError) {
        if !self.declaration.counts_chars() || self.shift.is_some() {
            return;
        }
        let line = self.line_as_read_back(e.lineno);
        e.offset = byte_offset_to_character_offset(&line, e.offset);
        if e.end_offset > 0 {
            e.end_offset = byte_offset_to_character_offset(&line, e.end_offset);
        }
        if self.declaration.bom && e.lineno == 1 {
            e.text = Some(line);
        }
    }

    /// Line `lineno` of the file as CPython's `_PyErr_ProgramDecodedTextObject` reads it back
    /// for an error: with its line break, and on line 1 of a file with a BOM, the BOM.
    fn line_as_read_back(&self, lineno: u32) -> String {
        let index = (lineno as usize).saturating_sub(1);
        let mut line = match self.src.split_inclusive('\n').nth(index) {
            Some(line) => line.to_owned(),
            None => String::new(),
        };
        if lineno == 1 && self.declaration.bom {
            line.insert(0, '\u{feff}');
        }
        line
    }

    /// A tokenizer error as reported: when the parser words it (CPython's `tokenizer_error`),
    /// with its columns counted as the parser counts them; inside an f-string field, moved to
    /// the field's line.
    pub(super) fn lexer_error(&self, (origin, mut e): LexError) -> SyntaxError {
        if let Some(sh) = &self.shift {
            let (line, _) = sh.pos(Pos {
                offset: 0,
                line: e.lineno,
                col: 0,
            });
            let (end_line, _) = sh.pos(Pos {
                offset: 0,
                line: e.end_lineno,
                col: 0,
            });
            e.lineno = line;
            e.end_lineno = end_line;
        } else if origin != Origin::Tokenizer {
            self.count_columns(&mut e);
        }
        e
    }

    /// An error of an f-string field's sub-parser with its text: the line of the sub-source
    /// its tokenizer was reading (the line of the last token fetched), as CPython's
    /// `_PyPegen_raise_error_known_location` takes it from the sub-tokenizer's buffer. Errors
    /// of the file, and errors of a nested field that already have their text, are unchanged.
    pub(super) fn with_sub_source_text(&self, mut e: SyntaxError) -> SyntaxError {
        if self.shift.is_some() && e.text.is_none() {
            let line = self.tokens.last().map_or(1, |t| t.start.line);
            let index = (line as usize).saturating_sub(1);
            let text = self.src.split('\n').nth(index).unwrap_or("");
            e.text = Some(format!("{text}\n"));
        }
        e
    }

    /// Records a definitive `SyntaxError` spanning `start..end` (the first one wins).
    pub(super) fn raise_at(&mut self, msg: impl Into<String>, start: Pos, end: Pos) -> Fail {
        self.raise_kind_at(SyntaxErrorKind::SyntaxError, msg, start, end)
    }

    /// Records a definitive error of class `kind` spanning `start..end`.
    pub(super) fn raise_kind_at(
        &mut self,
        kind: SyntaxErrorKind,
        msg: impl Into<String>,
        start: Pos,
        end: Pos,
    ) -> Fail {
        if self.error.is_none() {
            self.error = Some(self.make_error(kind, msg.into(), start, end));
        }
        Fail
    }

    /// Records a definitive `SyntaxError` spanning token `t`, which may be one CPython gives
    /// no column (`RAISE_ERROR_KNOWN_LOCATION` on a token: the column is then 0, no end).
    pub(super) fn raise_at_token(&mut self, msg: impl Into<String>, t: Token) -> Fail {
        if self.error.is_none() {
            let e = if has_no_column(t) {
                let msg = msg.into();
                self.error_at_columns(
                    SyntaxErrorKind::SyntaxError,
                    msg,
                    (t.start.line, 0),
                    (t.end.line, 0),
                )
            } else {
                self.make_error(SyntaxErrorKind::SyntaxError, msg.into(), t.start, t.end)
            };
            self.error = Some(e);
        }
        Fail
    }

    /// CPython's `RAISE_SYNTAX_ERROR(msg)`: at the current position (see the module doc).
    pub(super) fn raise_here(&mut self, msg: impl Into<String>) -> Fail {
        self.raise_kind_here(SyntaxErrorKind::SyntaxError, msg)
    }

    /// `RAISE_SYNTAX_ERROR` or `RAISE_INDENTATION_ERROR` (`kind`): at the last token fetched,
    /// or at the tokenizer's cursor when that token has no column.
    pub(super) fn raise_kind_here(
        &mut self,
        kind: SyntaxErrorKind,
        msg: impl Into<String>,
    ) -> Fail {
        if self.error.is_none() {
            let e = self.error_here(kind, msg.into());
            self.error = Some(e);
        }
        Fail
    }

    /// The error `_PyPegen_raise_error` builds at the last token fetched.
    fn error_here(&mut self, kind: SyntaxErrorKind, msg: String) -> SyntaxError {
        let t = self.token_at(self.furthest);
        if !has_no_column(t) {
            return self.make_error(kind, msg, t.start, t.end);
        }
        let cursor = if self.is_at_end(t) {
            match self.reader {
                // The file tokenizer's buffer is empty once the file is read: `cur == buf`,
                // which `_PyPegen_raise_error` takes as column 0.
                Reader::File => 0,
                // The string tokenizer stays after the last line, its line break included:
                // `col` is the line's length.
                Reader::String => t.start.col + 1,
            }
        } else {
            // On the first character after the indentation.
            t.start.col
        };
        self.error_at_columns(kind, msg, (t.start.line, cursor), (t.start.line, 0))
    }

    /// Whether `t` is one of the tokens of the end of the file (the last DEDENTs, ENDMARKER).
    fn is_at_end(&self, t: Token) -> bool {
        matches!(t.kind, TokenKind::Dedent | TokenKind::EndMarker)
            && t.start.offset as usize >= self.src.len()
    }

    /// CPython's `RAISE_SYNTAX_ERROR_STARTING_FROM`: from `start` to the tokenizer's cursor,
    /// which is the end of the last token fetched (past the line break of a NEWLINE).
    pub(super) fn raise_starting_from(&mut self, msg: impl Into<String>, start: Pos) -> Fail {
        if self.error.is_none() {
            let t = self.token_at(self.furthest);
            let cursor = match t.kind {
                TokenKind::Newline => t.end.col + 1,
                _ => t.end.col,
            };
            let e = self.error_at_columns(
                SyntaxErrorKind::SyntaxError,
                msg.into(),
                (start.line, start.col + 1),
                (t.end.line, cursor),
            );
            self.error = Some(e);
        }
        Fail
    }

    /// Records an error spanning a node.
    pub(super) fn raise_span(&mut self, msg: impl Into<String>, span: Span) -> Fail {
        let (s, e) = self.unshift_span(span);
        self.raise_at(msg, s, e)
    }

    /// Positions back from a node span (inverse of `span`, approximate inside f-strings).
    pub(super) fn unshift_span(&self, span: Span) -> (Pos, Pos) {
        let find = |line: u32, col: u32| -> Pos {
            // Locate the byte offset of (line, col) by scanning tokens: spans always start and
            // end at token boundaries.
            let mut best = Pos {
                offset: 0,
                line,
                col,
            };
            for t in &self.tokens {
                for p in [t.start, t.end] {
                    let q = match &self.shift {
                        Some(sh) => sh.pos(p),
                        None => (p.line, p.col),
                    };
                    if q == (line, col) {
                        best = p;
                        return best;
                    }
                }
            }
            best.offset = 0;
            best
        };
        (
            find(span.lineno, span.col_offset),
            find(span.end_lineno, span.end_col_offset),
        )
    }

    /// The generic error for a failed first pass whose furthest token was `furthest`
    /// (`_PyPegen_set_syntax_error`).
    pub(super) fn generic_error(&mut self, furthest: usize) -> SyntaxError {
        let t = self.token_at(furthest);
        match t.kind {
            TokenKind::Indent | TokenKind::Dedent => {
                let msg = if t.kind == TokenKind::Indent {
                    "unexpected indent"
                } else {
                    "unexpected unindent"
                };
                // `RAISE_INDENTATION_ERROR`: at the current position, which is that token's
                // (`furthest` is the last token fetched).
                self.error_here(SyntaxErrorKind::IndentationError, msg.to_owned())
            }
            TokenKind::EndMarker => self.error_at_columns(
                SyntaxErrorKind::SyntaxError,
                "invalid syntax".to_owned(),
                (t.start.line, 0),
                (t.end.line, 0),
            ),
            _ => self.make_error(
                SyntaxErrorKind::SyntaxError,
                "invalid syntax".to_owned(),
                t.start,
                t.end,
            ),
        }
    }
}

/// Whether CPython gives token `t` no column (`col_offset` -1): INDENT, DEDENT, ENDMARKER.
fn has_no_column(t: Token) -> bool {
    matches!(
        t.kind,
        TokenKind::Indent | TokenKind::Dedent | TokenKind::EndMarker
    )
}

#[cfg(test)]
mod tests {
    use super::byte_offset_to_character_offset as chars;

    #[test]
    fn byte_offsets_become_character_offsets() {
        assert_eq!(chars("café = 1\n", 0), 0);
        assert_eq!(chars("café = 1\n", 1), 1);
        // Inside `é` (bytes 3 and 4): the cut character counts as one.
        assert_eq!(chars("café = 1\n", 4), 4);
        assert_eq!(chars("café = 1\n", 5), 4);
        assert_eq!(chars("café = 1\n", 6), 5);
        // Past the end: clipped to the length + 1.
        assert_eq!(chars("é\n", 9), 3);
        // A BOM is 3 bytes, one character.
        assert_eq!(chars("\u{feff}x = = 1\n", 5), 3);
    }
}

//! The lexer's errors, each with the class, message and location CPython 3.11 reports for it
//! when compiling a file (`compile(bytes, path, "exec")`, which is what running a file does).
//!
//! CPython raises them from two places, and that decides both the location's unit and whether
//! the error can replace a parser error found earlier on the line ([`Origin`]):
//! - the tokenizer's own `syntaxerror()` (unterminated strings, bad numbers and characters,
//!   bracket mismatches): line and 1-based *character* offset of the tokenizer's cursor;
//! - the parser, from an error code the tokenizer left (`E_DEDENT`, `E_TABSPACE`, `E_TOODEEP`,
//!   `E_LINECONT`, `E_EOF`): 1-based *byte* offsets here, which CPython 3.11 converts to
//!   characters only for a file that declares its encoding (a coding cookie or a BOM); the
//!   parser does that conversion, as it does for its own errors (`parser/error_location.rs`).
//!   Where CPython reports an end offset of -1 we store 0 (see `error.rs`).

use super::{Lexer, OpenBracket};
use crate::{SyntaxError, SyntaxErrorKind};

/// Who raises an error in CPython, which decides what `scan_rest_for_errors` does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The tokenizer sets the exception itself: it wins over a parser error.
    Tokenizer,
    /// The tokenizer only signals; the parser words the error. It does not replace a parser
    /// error.
    Signal,
    /// A character that is no token (`$`, `?`, a backquote): CPython's tokenizer hands the
    /// parser a generic operator that no rule accepts, so the error is the parser's
    /// "invalid syntax", and tokenizing can go on past it.
    StrayChar,
}

/// A tokenizer error and who raises it in CPython.
pub type LexError = (Origin, SyntaxError);

/// Characters (not bytes) in `bytes`: a cut multi-byte sequence counts as one, as CPython's
/// `PyUnicode_DecodeUTF8(..., "replace")` counts it.
pub(super) fn char_count(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32
}

fn located(
    kind: SyntaxErrorKind,
    msg: impl Into<String>,
    lineno: u32,
    offset: u32,
    end_offset: u32,
) -> SyntaxError {
    SyntaxError {
        kind,
        msg: msg.into(),
        lineno,
        offset,
        end_lineno: lineno,
        end_offset,
        text: None,
    }
}

impl Lexer<'_> {
    /// The bytes of the current line before byte `at`.
    fn line_prefix(&self, at: usize) -> &[u8] {
        self.bytes
            .get(self.line_start..at.min(self.bytes.len()))
            .unwrap_or(&[])
    }

    /// Byte length of the current line, without its line break.
    fn line_len(&self) -> u32 {
        let rest = self.bytes.get(self.line_start..).unwrap_or(&[]);
        rest.iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len()) as u32
    }

    /// The tokenizer's `syntaxerror()` with its cursor at byte `cursor` of the current line.
    pub(super) fn error_here(&self, cursor: usize, msg: String) -> LexError {
        let offset = char_count(self.line_prefix(cursor));
        (
            Origin::Tokenizer,
            located(SyntaxErrorKind::SyntaxError, msg, self.line, offset, offset),
        )
    }

    /// `syntaxerror_known_range()`: 1-based byte columns, as given.
    pub(super) fn error_range(&self, msg: &str, offset: u32, end_offset: u32) -> LexError {
        (
            Origin::Tokenizer,
            located(
                SyntaxErrorKind::SyntaxError,
                msg,
                self.line,
                offset,
                end_offset,
            ),
        )
    }

    /// An error located at `line`, 1-based character `offset` (unterminated strings).
    pub(super) fn error_at(&self, msg: String, line: u32, offset: u32) -> LexError {
        (
            Origin::Tokenizer,
            located(SyntaxErrorKind::SyntaxError, msg, line, offset, offset),
        )
    }

    /// `'(' was never closed`, at the bracket.
    pub(super) fn never_closed(&self, open: OpenBracket) -> SyntaxError {
        located(
            SyntaxErrorKind::SyntaxError,
            format!("'{}' was never closed", open.bracket as char),
            open.line,
            open.col + 1,
            0,
        )
    }

    /// `E_LINECONT`: a backslash at byte `backslash` not followed by a line break.
    pub(super) fn error_line_continuation(&self, backslash: usize) -> LexError {
        let col = (backslash - self.line_start) as u32;
        (
            Origin::Signal,
            located(
                SyntaxErrorKind::SyntaxError,
                "unexpected character after line continuation character",
                self.line,
                col + 2,
                0,
            ),
        )
    }

    /// `E_EOF`: the file ends right after a `\` continuation whose line break is at byte
    /// `line_end`.
    pub(super) fn error_eof_in_continuation(&self, line_end: usize) -> LexError {
        if let Some(open) = self.brackets.last() {
            return (Origin::Signal, self.never_closed(*open));
        }
        let col = (line_end - self.line_start) as u32;
        (
            Origin::Signal,
            located(
                SyntaxErrorKind::SyntaxError,
                "unexpected EOF while parsing",
                self.line,
                col + 1,
                0,
            ),
        )
    }

    /// `E_TABSPACE`.
    pub(super) fn error_tab(&self) -> LexError {
        (
            Origin::Signal,
            located(
                SyntaxErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                self.line,
                1,
                0,
            ),
        )
    }

    /// `E_TOODEEP`.
    pub(super) fn error_too_deep(&self) -> LexError {
        (
            Origin::Signal,
            located(
                SyntaxErrorKind::IndentationError,
                "too many levels of indentation",
                self.line,
                1,
                0,
            ),
        )
    }

    /// `E_DEDENT`: located at the end of the line, line break included.
    pub(super) fn error_dedent(&self) -> LexError {
        (
            Origin::Signal,
            located(
                SyntaxErrorKind::IndentationError,
                "unindent does not match any outer indentation level",
                self.line,
                self.line_len() + 1,
                0,
            ),
        )
    }

    /// A character that is no token, at byte `at`: the parser's "invalid syntax" on it.
    pub(super) fn error_stray_char(&self, at: usize) -> LexError {
        let col = (at - self.line_start) as u32;
        (
            Origin::StrayChar,
            located(
                SyntaxErrorKind::SyntaxError,
                "invalid syntax",
                self.line,
                col + 1,
                col + 2,
            ),
        )
    }
}

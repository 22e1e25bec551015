//! The tokenizer: source text to [`Token`]s, pulled one at a time, as CPython 3.11's
//! `Parser/tokenizer.c` produces them for the parser.
//!
//! What it reproduces: INDENT/DEDENT from a stack of indentation columns (tabs to multiples of
//! 8, plus CPython's second count with tabs as 1 column that must agree, else `TabError`);
//! blank and comment-only lines produce nothing; no NEWLINE or indentation inside brackets;
//! `\` continuations; an implicit NEWLINE when the last line has no line break; the DEDENTs
//! then ENDMARKER at the end, placed where CPython's C tokenizer places them (on the last line,
//! at the column of its line break: see [`Lexer::eof_token`]); every string literal (f-strings
//! included) as one `String` token; numbers checked exactly as CPython checks them; and every
//! tokenizer error with CPython's message, class and location (see `errors.rs`).
//!
//! Invariants: the lexer never panics and never reads outside `src`; `pos` is always on a char
//! boundary between tokens (it only stops on ASCII bytes or at the end); a token's text is
//! `&src[start.offset..end.offset]`; nothing is allocated per token (the two stacks grow with
//! nesting only). Once [`Lexer::next_token`] has returned an error it keeps returning it, except
//! for a stray character such as `$` (CPython hands the parser an operator token there, so the
//! lexer can go on: [`Lexer::try_next_token`] says which errors those are).
//!
//! Line breaks are `\n`, `\r\n` and `\r` alike ([`crate::source::decode`] already turns them all
//! into `\n`, as CPython does when it reads a file).

mod errors;
mod ident;
mod number;
mod string;
#[cfg(test)]
mod tests;

use crate::SyntaxError;
use crate::token::{Keyword, Op, Pos, Token, TokenKind};
pub use errors::{LexError, Origin};

/// CPython's `MAXINDENT`: the indentation stack holds at most this many levels (the first is 0).
const MAX_INDENT: usize = 100;
/// CPython's `MAXLEVEL`: at most this many brackets open at once.
const MAX_LEVEL: usize = 200;
/// Tab stops for the indentation that counts (CPython's `TABSIZE`).
const TAB_SIZE: u32 = 8;

/// Tokenizes the whole of `src`, ENDMARKER included. Stops at the first error.
pub fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut lexer = Lexer::new(src);
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        tokens.push(token);
        if token.kind == TokenKind::EndMarker {
            return Ok(tokens);
        }
    }
}

/// One level of indentation: its column with tabs to multiples of 8, and with tabs as 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Indent {
    col: u32,
    alt_col: u32,
}

/// An open bracket: which, and where (1-based line, 0-based byte column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenBracket {
    /// `(`, `[` or `{`.
    pub bracket: u8,
    /// Its line.
    pub line: u32,
    /// Its column in UTF-8 bytes, 0-based.
    pub col: u32,
}

/// The incremental tokenizer. See the module documentation.
#[derive(Debug, Clone)]
pub struct Lexer<'src> {
    src: &'src str,
    bytes: &'src [u8],
    /// Next byte to read.
    pos: usize,
    /// Line of `pos`, 1-based.
    line: u32,
    /// Byte offset where the line of `pos` starts.
    line_start: usize,
    /// At the beginning of a line: indentation must be measured.
    at_bol: bool,
    /// The source does not end with a line break and the one CPython adds has not been read.
    implicit_newline: bool,
    /// Indentation stack; never empty (the bottom is column 0).
    indents: Vec<Indent>,
    /// INDENT (> 0) or DEDENT (< 0) tokens still to hand out.
    pending: i32,
    /// Brackets open, innermost last.
    brackets: Vec<OpenBracket>,
    /// The first error, returned again by every later call.
    failed: Option<LexError>,
    /// ENDMARKER was returned.
    finished: bool,
}

impl<'src> Lexer<'src> {
    /// A lexer at the start of `src`.
    pub fn new(src: &'src str) -> Self {
        let bytes = src.as_bytes();
        Lexer {
            src,
            bytes,
            pos: 0,
            line: 1,
            line_start: 0,
            at_bol: true,
            implicit_newline: !matches!(bytes.last(), None | Some(b'\n' | b'\r')),
            indents: vec![Indent { col: 0, alt_col: 0 }],
            pending: 0,
            brackets: Vec::new(),
            failed: None,
            finished: false,
        }
    }

    /// The source being tokenized.
    pub fn source(&self) -> &'src str {
        self.src
    }

    /// The text of `token` (empty for NEWLINE, INDENT, DEDENT and ENDMARKER).
    pub fn text(&self, token: &Token) -> &'src str {
        self.src
            .get(token.start.offset as usize..token.end.offset as usize)
            .unwrap_or("")
    }

    /// The brackets open at this point, innermost last.
    pub fn open_brackets(&self) -> &[OpenBracket] {
        &self.brackets
    }

    /// The next token, or the tokenizer error CPython raises at this point.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        self.try_next_token().map_err(|(_, error)| error)
    }

    /// The next token, or the tokenizer error CPython raises at this point with who raises it
    /// ([`Origin`]). After an [`Origin::StrayChar`] error tokenizing can go on (the next call
    /// returns the token after the character); after any other, every call returns the same
    /// error again.
    pub fn try_next_token(&mut self) -> Result<Token, LexError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        match self.scan() {
            Ok(token) => Ok(token),
            Err(error) => {
                if error.0 != Origin::StrayChar {
                    self.failed = Some(error.clone());
                }
                Err(error)
            }
        }
    }

    /// What CPython's `_PyPegen_tokenize_full_source_to_check_for_errors` does once the parser
    /// has failed with an error of its own on line `parser_error_line`: tokenize the rest of the
    /// file, and return the error that replaces the parser's, if any. That is an error the
    /// tokenizer itself raises (an unterminated string, an invalid character, a bad number, an
    /// unmatched bracket...), wherever it is; else, when the tokenizer stops on an error it
    /// only signals with a bracket still open on a line before `parser_error_line`, `'(' was
    /// never closed` (which CPython's parser words, so it comes as an [`Origin::Signal`] error). Errors CPython's tokenizer only signals (bad
    /// indentation, end of file inside brackets, a bad `\` continuation) do not replace the
    /// parser's error.
    pub fn scan_rest_for_errors(&mut self, parser_error_line: u32) -> Option<LexError> {
        if self.failed.is_some() {
            return None;
        }
        loop {
            match self.scan() {
                Ok(token) if token.kind == TokenKind::EndMarker => return None,
                Ok(_) => {}
                Err((Origin::StrayChar, _)) => {}
                Err(error) => {
                    self.failed = Some(error.clone());
                    if error.0 == Origin::Tokenizer {
                        return Some(error);
                    }
                    if let Some(open) = self.brackets.last()
                        && parser_error_line > open.line
                    {
                        return Some((Origin::Signal, self.never_closed(*open)));
                    }
                    return None;
                }
            }
        }
    }

    /// The position of byte `offset` on the current line.
    #[inline]
    fn pos_at(&self, offset: usize) -> Pos {
        Pos {
            offset: offset as u32,
            line: self.line,
            col: offset.saturating_sub(self.line_start) as u32,
        }
    }

    /// The byte at `i`, if any.
    #[inline]
    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// The length of the line break at `i` if a line ends there: 1 or 2 bytes, or 0 for the
    /// line break CPython adds at the end of a source that lacks one.
    #[inline]
    fn newline_at(&self, i: usize) -> Option<usize> {
        match self.bytes.get(i) {
            Some(b'\n') => Some(1),
            Some(b'\r') => Some(if self.bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            }),
            Some(_) => None,
            None => self.implicit_newline.then_some(0),
        }
    }

    /// Moves past the line break of length `len` at `pos`, onto the next line.
    #[inline]
    fn consume_newline(&mut self, len: usize) {
        if len == 0 {
            self.implicit_newline = false;
        }
        self.pos += len;
        self.line += 1;
        self.line_start = self.pos;
    }

    /// CPython's `tok_continuation_line`, `pos` on the backslash: a backslash must be followed
    /// by a line break, and that line break by something.
    fn continuation_line(&mut self) -> Result<(), (Origin, SyntaxError)> {
        let backslash = self.pos;
        let Some(len) = self.newline_at(backslash + 1) else {
            return Err(self.error_line_continuation(backslash));
        };
        if backslash + 1 + len >= self.bytes.len() {
            return Err(self.error_eof_in_continuation(backslash + 1));
        }
        self.pos = backslash + 1;
        self.consume_newline(len);
        Ok(())
    }

    /// The scanner proper: `tok_get` of CPython.
    fn scan(&mut self) -> Result<Token, (Origin, SyntaxError)> {
        if self.finished {
            return Ok(self.eof_token(TokenKind::EndMarker));
        }
        'next_line: loop {
            let mut blank_line = false;
            if self.at_bol {
                self.at_bol = false;
                blank_line = self.measure_indentation()?;
            }
            if self.pending != 0 {
                let kind = if self.pending < 0 {
                    self.pending += 1;
                    TokenKind::Dedent
                } else {
                    self.pending -= 1;
                    TokenKind::Indent
                };
                if self.pos >= self.bytes.len() {
                    return Ok(self.eof_token(kind));
                }
                return Ok(self.token(kind, self.pos, self.pos));
            }
            // `again` in CPython: after a `\` continuation, go on with the same logical line.
            loop {
                while let Some(b' ' | b'\t' | b'\x0c') = self.byte(self.pos) {
                    self.pos += 1;
                }
                let start = self.pos;
                if self.byte(start) == Some(b'#') {
                    while self.pos < self.bytes.len() && self.newline_at(self.pos).is_none() {
                        self.pos += 1;
                    }
                }
                if let Some(len) = self.newline_at(self.pos) {
                    let at = self.pos;
                    let token = self.token(TokenKind::Newline, at, at);
                    self.consume_newline(len);
                    self.at_bol = true;
                    if blank_line || !self.brackets.is_empty() {
                        continue 'next_line;
                    }
                    return Ok(token);
                }
                let Some(c) = self.byte(self.pos) else {
                    if let Some(open) = self.brackets.last() {
                        return Err((Origin::Signal, self.never_closed(*open)));
                    }
                    self.finished = true;
                    return Ok(self.eof_token(TokenKind::EndMarker));
                };
                if c == b'\\' {
                    self.continuation_line()?;
                    continue;
                }
                return self.scan_token(start, c);
            }
        }
    }

    /// Measures the indentation of a new line (CPython's `atbol` block), leaving `pos` on its
    /// first significant character and queueing INDENT/DEDENT tokens. Returns whether the line
    /// is blank (only whitespace and maybe a comment), which produces no token at all.
    fn measure_indentation(&mut self) -> Result<bool, (Origin, SyntaxError)> {
        let mut col: u32 = 0;
        let mut alt_col: u32 = 0;
        // Indentation cannot be split by `\` continuations: the column before the first one
        // is the one that counts.
        let mut cont_line_col: u32 = 0;
        loop {
            match self.byte(self.pos) {
                Some(b' ') => {
                    col = col.saturating_add(1);
                    alt_col = alt_col.saturating_add(1);
                }
                Some(b'\t') => {
                    col = (col / TAB_SIZE).saturating_add(1).saturating_mul(TAB_SIZE);
                    alt_col = alt_col.saturating_add(1);
                }
                // A form feed resets the column (for Emacs users, says CPython).
                Some(b'\x0c') => {
                    col = 0;
                    alt_col = 0;
                }
                Some(b'\\') => {
                    if cont_line_col == 0 {
                        cont_line_col = col;
                    }
                    self.continuation_line()?;
                    continue;
                }
                _ => break,
            }
            self.pos += 1;
        }
        let blank = self.byte(self.pos) == Some(b'#') || self.newline_at(self.pos).is_some();
        if blank || !self.brackets.is_empty() {
            return Ok(blank);
        }
        if cont_line_col != 0 {
            col = cont_line_col;
            alt_col = cont_line_col;
        }
        let top = self
            .indents
            .last()
            .copied()
            .unwrap_or(Indent { col: 0, alt_col: 0 });
        if col == top.col {
            if alt_col != top.alt_col {
                return Err(self.error_tab());
            }
        } else if col > top.col {
            if self.indents.len() >= MAX_INDENT {
                return Err(self.error_too_deep());
            }
            if alt_col <= top.alt_col {
                return Err(self.error_tab());
            }
            self.pending += 1;
            self.indents.push(Indent { col, alt_col });
        } else {
            while self.indents.len() > 1 && self.indents.last().is_some_and(|i| col < i.col) {
                self.indents.pop();
                self.pending -= 1;
            }
            let top = self
                .indents
                .last()
                .copied()
                .unwrap_or(Indent { col: 0, alt_col: 0 });
            if col != top.col {
                return Err(self.error_dedent());
            }
            if alt_col != top.alt_col {
                return Err(self.error_tab());
            }
        }
        Ok(false)
    }

    /// One token starting with byte `c` at `start`, which is neither a line break, a comment,
    /// nor a `\`.
    fn scan_token(&mut self, start: usize, c: u8) -> Result<Token, (Origin, SyntaxError)> {
        if ident::is_potential_identifier_start(c) {
            return self.scan_name_or_prefixed_string(start);
        }
        if c.is_ascii_digit()
            || (c == b'.' && self.byte(start + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let end = self.scan_number(start)?;
            self.pos = end;
            return Ok(self.token(TokenKind::Number, start, end));
        }
        if c == b'\'' || c == b'"' {
            return self.scan_string(start, start);
        }
        self.scan_operator(start, c)
    }

    /// A name, a keyword, or a string literal with a prefix (`rb"..."`).
    fn scan_name_or_prefixed_string(
        &mut self,
        start: usize,
    ) -> Result<Token, (Origin, SyntaxError)> {
        // CPython's prefix rules: `b`, `r`, `u`, `f` in either case; `u` alone; `b` and `f`
        // exclusive; `r` with `b` or `f` in any order.
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        let mut p = start;
        while let Some(c) = self.byte(p) {
            match c {
                b'b' | b'B' if !(saw_b || saw_u || saw_f) => saw_b = true,
                b'u' | b'U' if !(saw_b || saw_u || saw_r || saw_f) => saw_u = true,
                b'r' | b'R' if !(saw_r || saw_u) => saw_r = true,
                b'f' | b'F' if !(saw_f || saw_b || saw_u) => saw_f = true,
                _ => break,
            }
            p += 1;
            if let Some(b'\'' | b'"') = self.byte(p) {
                return self.scan_string(start, p);
            }
        }
        let mut non_ascii = false;
        while let Some(c) = self.byte(p) {
            if !ident::is_potential_identifier_char(c) {
                break;
            }
            non_ascii |= c >= 0x80;
            p += 1;
        }
        self.pos = p;
        // `p` stopped on an ASCII byte or at the end: a char boundary.
        let text = self.src.get(start..p).unwrap_or("");
        if non_ascii {
            self.verify_identifier(start, text)?;
        }
        let kind = match Keyword::from_str(text) {
            Some(keyword) => TokenKind::Keyword(keyword),
            None => TokenKind::Name,
        };
        Ok(self.token(kind, start, p))
    }

    /// An operator or delimiter, with bracket matching.
    fn scan_operator(&mut self, start: usize, c: u8) -> Result<Token, (Origin, SyntaxError)> {
        let c2 = self.byte(start + 1).unwrap_or(0);
        let c3 = self.byte(start + 2).unwrap_or(0);
        if let Some(op) = three_char_op(c, c2, c3) {
            self.pos = start + 3;
            return Ok(self.token(TokenKind::Op(op), start, start + 3));
        }
        if let Some(op) = two_char_op(c, c2) {
            self.pos = start + 2;
            return Ok(self.token(TokenKind::Op(op), start, start + 2));
        }
        self.pos = start + 1;
        match c {
            b'(' | b'[' | b'{' => {
                if self.brackets.len() >= MAX_LEVEL {
                    return Err(self.error_here(self.pos, "too many nested parentheses".into()));
                }
                self.brackets.push(OpenBracket {
                    bracket: c,
                    line: self.line,
                    col: (start - self.line_start) as u32,
                });
            }
            b')' | b']' | b'}' => {
                let Some(open) = self.brackets.pop() else {
                    return Err(self.error_here(self.pos, format!("unmatched '{}'", c as char)));
                };
                let expected = match open.bracket {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if c != expected {
                    let msg = if open.line != self.line {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                            c as char, open.bracket as char, open.line
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as char, open.bracket as char
                        )
                    };
                    return Err(self.error_here(self.pos, msg));
                }
            }
            _ => {}
        }
        match one_char_op(c) {
            Some(op) => Ok(self.token(TokenKind::Op(op), start, start + 1)),
            None if c.is_ascii_graphic() => Err(self.error_stray_char(start)),
            None => Err(self.error_here(
                self.pos,
                format!("invalid non-printable character U+{:04X}", c),
            )),
        }
    }

    /// A DEDENT or the ENDMARKER at the end of the file, where CPython's C tokenizer puts it:
    /// on the last line of the file (not on a line after it, as the `tokenize` module does), at
    /// the byte column of that line's break (its length without the break; a file that does
    /// not end with one gets an implicit one there). The byte offset is the end of the source.
    ///
    /// Called once the last line break has been consumed, so `line` is one past the last line
    /// (except in an empty source, which has no line to leave).
    fn eof_token(&self, kind: TokenKind) -> Token {
        let len = self.bytes.len();
        let body = match self.bytes {
            [rest @ .., b'\r', b'\n'] => rest,
            [rest @ .., b'\n' | b'\r'] => rest,
            all => all,
        };
        let last_start = body
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1);
        let at = Pos {
            offset: len as u32,
            line: if len == 0 {
                1
            } else {
                self.line.saturating_sub(1).max(1)
            },
            col: (body.len() - last_start) as u32,
        };
        Token {
            kind,
            start: at,
            end: at,
        }
    }

    /// A token of `kind` from byte `start` to byte `end`, both on the current line.
    #[inline]
    fn token(&self, kind: TokenKind, start: usize, end: usize) -> Token {
        Token {
            kind,
            start: self.pos_at(start),
            end: self.pos_at(end),
        }
    }
}

/// CPython's `PyToken_OneChar`, less the characters that are not operators.
fn one_char_op(c: u8) -> Option<Op> {
    Some(match c {
        b'(' => Op::LPar,
        b')' => Op::RPar,
        b'[' => Op::LSqb,
        b']' => Op::RSqb,
        b'{' => Op::LBrace,
        b'}' => Op::RBrace,
        b':' => Op::Colon,
        b',' => Op::Comma,
        b';' => Op::Semi,
        b'+' => Op::Plus,
        b'-' => Op::Minus,
        b'*' => Op::Star,
        b'/' => Op::Slash,
        b'|' => Op::VBar,
        b'&' => Op::Amper,
        b'<' => Op::Less,
        b'>' => Op::Greater,
        b'=' => Op::Equal,
        b'.' => Op::Dot,
        b'%' => Op::Percent,
        b'~' => Op::Tilde,
        b'^' => Op::Circumflex,
        b'@' => Op::At,
        // A generic OP in 3.11: the parser rejects it with "invalid syntax".
        b'!' => Op::Exclamation,
        _ => return None,
    })
}

/// CPython's `PyToken_TwoChars`. `<>` is NOTEQUAL there too (the parser rejects it unless
/// `barry_as_FLUFL`), so it is `NotEqual` here: the parser must check the text.
fn two_char_op(c1: u8, c2: u8) -> Option<Op> {
    Some(match (c1, c2) {
        (b'!', b'=') | (b'<', b'>') => Op::NotEqual,
        (b'%', b'=') => Op::PercentEqual,
        (b'&', b'=') => Op::AmperEqual,
        (b'*', b'*') => Op::DoubleStar,
        (b'*', b'=') => Op::StarEqual,
        (b'+', b'=') => Op::PlusEqual,
        (b'-', b'=') => Op::MinEqual,
        (b'-', b'>') => Op::RArrow,
        (b'/', b'/') => Op::DoubleSlash,
        (b'/', b'=') => Op::SlashEqual,
        (b':', b'=') => Op::ColonEqual,
        (b'<', b'<') => Op::LeftShift,
        (b'<', b'=') => Op::LessEqual,
        (b'=', b'=') => Op::EqEqual,
        (b'>', b'=') => Op::GreaterEqual,
        (b'>', b'>') => Op::RightShift,
        (b'@', b'=') => Op::AtEqual,
        (b'^', b'=') => Op::CircumflexEqual,
        (b'|', b'=') => Op::VBarEqual,
        _ => return None,
    })
}

/// CPython's `PyToken_ThreeChars`.
fn three_char_op(c1: u8, c2: u8, c3: u8) -> Option<Op> {
    Some(match (c1, c2, c3) {
        (b'*', b'*', b'=') => Op::DoubleStarEqual,
        (b'.', b'.', b'.') => Op::Ellipsis,
        (b'/', b'/', b'=') => Op::DoubleSlashEqual,
        (b'<', b'<', b'=') => Op::LeftShiftEqual,
        (b'>', b'>', b'=') => Op::RightShiftEqual,
        _ => return None,
    })
}

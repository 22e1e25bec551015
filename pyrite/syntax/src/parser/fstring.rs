//! f-strings, as CPython 3.11's `Parser/string_parser.c` parses them: the literal text is
//! scanned for replacement fields (`{{`/`}}` escapes, `!r`/`!s`/`!a`, `=` self-documentation,
//! nested format specs one level deep), and each expression is parsed by a sub-parser over
//! `(` + its text + `)`.
//!
//! Invariants: the sub-parser's node positions are shifted into the enclosing file with
//! CPython's arithmetic ([`Shift`]), including its quirks for fields after a line break; its
//! errors get the `f-string: ` prefix and CPython's relative columns. Scanning errors are
//! located at the token after the strings (CPython's `RAISE_SYNTAX_ERROR`). Literal pieces are
//! merged by [`JoinedBuilder`] exactly as `_PyPegen_FstringParser_*` merges them.

use super::decode::{self, split_string};
use super::expr::mk;
use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprKind, Span};
use crate::token::{Pos, Token};
use crate::{SyntaxError, SyntaxErrorKind};

/// CPython's `MAXLEVEL` for brackets inside a replacement field.
const MAX_FIELD_NESTING: usize = 200;

/// How the sub-parser of one replacement field maps its positions into the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shift {
    /// The file line of the sub-source's first line.
    line: u32,
    /// Added to columns on the sub-source's first line.
    col: u32,
}

impl Shift {
    /// A position's (line, column) in the file.
    pub(crate) fn pos(&self, p: Pos) -> (u32, u32) {
        let line = self.line + p.line.saturating_sub(1);
        let col = if p.line <= 1 { self.col + p.col } else { p.col };
        (line, col)
    }

    /// A sub-parser span in the file.
    pub(crate) fn apply(&self, s: Span) -> Span {
        let start = self.pos(Pos {
            offset: 0,
            line: s.lineno,
            col: s.col_offset,
        });
        let end = self.pos(Pos {
            offset: 0,
            line: s.end_lineno,
            col: s.end_col_offset,
        });
        Span {
            lineno: start.0,
            col_offset: start.1,
            end_lineno: end.0,
            end_col_offset: end.1,
        }
    }

    /// A sub-parser error as CPython reports it, from 1-based byte columns (0: none) on lines
    /// of the sub-source: `f-string: ` prefix, lines in the file, columns relative to the
    /// sub-source (CPython subtracts the shift from columns already shifted, so on the
    /// sub-source's later lines, which are not shifted, the shift is subtracted anyway).
    pub(crate) fn error(
        &self,
        kind: SyntaxErrorKind,
        msg: String,
        (line, offset): (u32, u32),
        (end_line, end_offset): (u32, u32),
    ) -> SyntaxError {
        let column = |line: u32, offset: u32| match offset {
            0 => 0,
            _ if line <= 1 => offset,
            _ => offset.saturating_sub(self.col),
        };
        SyntaxError {
            kind,
            msg: format!("f-string: {msg}"),
            lineno: self.line + line.saturating_sub(1),
            offset: column(line, offset),
            end_lineno: self.line + end_line.saturating_sub(1),
            end_offset: column(end_line, end_offset),
            text: None,
        }
    }
}

/// Accumulates the parts of a `JoinedStr` (CPython's `FstringParser`).
pub(crate) struct JoinedBuilder {
    values: Vec<Expr>,
    last_str: String,
    span: Span,
    kind: Option<String>,
}

impl JoinedBuilder {
    /// A builder for a `JoinedStr` spanning `span`; constants get `kind`.
    pub(crate) fn new(span: Span, kind: Option<String>) -> Self {
        JoinedBuilder {
            values: Vec::new(),
            last_str: String::new(),
            span,
            kind,
        }
    }

    /// Appends literal text (empty text is dropped).
    pub(crate) fn push_literal(&mut self, s: &str) {
        self.last_str.push_str(s);
    }

    fn flush(&mut self) {
        if !self.last_str.is_empty() {
            let value = Constant::Str(std::mem::take(&mut self.last_str));
            self.values.push(mk(
                ExprKind::Constant {
                    value,
                    kind: self.kind.clone(),
                },
                self.span,
            ));
        }
    }

    /// Appends a `FormattedValue`.
    fn push_expr(&mut self, e: Expr) {
        self.flush();
        self.values.push(e);
    }

    /// The `JoinedStr`.
    pub(crate) fn finish(mut self) -> Expr {
        self.flush();
        mk(
            ExprKind::JoinedStr {
                values: self.values,
            },
            self.span,
        )
    }
}

/// Where the scanner is inside one f-string token.
struct Scan<'s> {
    /// The token.
    tok: Token,
    /// Its whole text (prefix and quotes included).
    text: &'s str,
    /// The body between the quotes.
    body: &'s str,
    /// Offset of `body` in `text`.
    body_offset: usize,
    raw: bool,
    /// Current byte index in `body`.
    i: usize,
}

impl<'a> Parser<'a> {
    /// Parses one f-string token's contents into `b`.
    pub(crate) fn fstring_token(&mut self, tok: Token, b: &mut JoinedBuilder) -> PResult<()> {
        let text = self.text(tok);
        let parts = split_string(text);
        let mut s = Scan {
            tok,
            text,
            body: parts.body,
            body_offset: parts.body_offset,
            raw: parts.raw,
            i: 0,
        };
        self.fstring_concat(&mut s, 0, b)
    }

    /// `_PyPegen_FstringParser_ConcatFstring`: literals and fields until the end (level 0) or
    /// the `}` closing a format spec (level 1).
    fn fstring_concat(
        &mut self,
        s: &mut Scan<'_>,
        level: u32,
        b: &mut JoinedBuilder,
    ) -> PResult<()> {
        loop {
            let doubled = self.fstring_literal(s, level, b)?;
            if doubled {
                continue;
            }
            let at = s.body.as_bytes().get(s.i).copied();
            if at.is_none() || at == Some(b'}') {
                break;
            }
            let e = self.fstring_field(s, level, b)?;
            b.push_expr(e);
        }
        if level != 0 && s.body.as_bytes().get(s.i) != Some(&b'}') {
            return Err(self.raise_here("f-string: expecting '}'"));
        }
        Ok(())
    }

    /// `fstring_find_literal`: scans literal text up to a field or the end; returns whether it
    /// stopped after a doubled brace (scanning then continues).
    fn fstring_literal(
        &mut self,
        s: &mut Scan<'_>,
        level: u32,
        b: &mut JoinedBuilder,
    ) -> PResult<bool> {
        let bytes = s.body.as_bytes();
        let start = s.i;
        let mut i = s.i;
        let mut doubled = false;
        while i < bytes.len() {
            let mut ch = bytes[i];
            i += 1;
            if !s.raw && ch == b'\\' && i < bytes.len() {
                ch = bytes[i];
                i += 1;
                if ch == b'N' {
                    if i < bytes.len() && bytes[i] == b'{' {
                        i += 1;
                        while i < bytes.len() {
                            let c = bytes[i];
                            i += 1;
                            if c == b'}' {
                                break;
                            }
                        }
                    } else if i < bytes.len() {
                        i += 1;
                    }
                    continue;
                }
            }
            if ch == b'{' || ch == b'}' {
                if level == 0 {
                    if i < bytes.len() && bytes[i] == ch {
                        s.i = i + 1;
                        doubled = true;
                        break;
                    }
                    if ch == b'}' {
                        s.i = i - 1;
                        return Err(self.raise_here("f-string: single '}' is not allowed"));
                    }
                }
                i -= 1;
                break;
            }
        }
        let end = i;
        if !doubled {
            s.i = i;
        }
        if end > start {
            let piece = s.body.get(start..end).unwrap_or("");
            if s.raw {
                b.push_literal(piece);
            } else {
                match decode::decode_str(piece, false) {
                    Ok(t) => b.push_literal(&t),
                    Err(msg) => return Err(self.raise_here(msg)),
                }
            }
        }
        Ok(doubled)
    }

    /// `fstring_find_expr`: one replacement field, `s.i` on its `{`.
    fn fstring_field(
        &mut self,
        s: &mut Scan<'_>,
        level: u32,
        b: &mut JoinedBuilder,
    ) -> PResult<Expr> {
        if level >= 2 {
            return Err(self.raise_here("f-string: expressions nested too deeply"));
        }
        let bytes = s.body.as_bytes();
        let brace = s.i;
        s.i += 1;
        let expr_start = s.i;
        let mut quote: u8 = 0;
        let mut triple = false;
        let mut stack: Vec<u8> = Vec::new();
        while s.i < bytes.len() {
            let ch = bytes[s.i];
            if ch == b'\\' {
                return Err(self.raise_here("f-string expression part cannot include a backslash"));
            }
            if quote != 0 {
                if ch == quote {
                    if triple {
                        if s.i + 2 < bytes.len() && bytes[s.i + 1] == ch && bytes[s.i + 2] == ch {
                            s.i += 3;
                            quote = 0;
                            continue;
                        }
                    } else {
                        quote = 0;
                    }
                }
                s.i += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    if s.i + 2 < bytes.len() && bytes[s.i + 1] == ch && bytes[s.i + 2] == ch {
                        triple = true;
                        s.i += 2;
                    } else {
                        triple = false;
                    }
                    quote = ch;
                }
                b'[' | b'{' | b'(' => {
                    if stack.len() >= MAX_FIELD_NESTING {
                        return Err(self.raise_here("f-string: too many nested parenthesis"));
                    }
                    stack.push(ch);
                }
                b'#' => {
                    return Err(self.raise_here("f-string expression part cannot include '#'"));
                }
                b'!' | b':' | b'}' | b'=' | b'>' | b'<' if stack.is_empty() => {
                    if s.i + 1 < bytes.len() && bytes[s.i + 1] == b'=' && ch != b':' && ch != b'}' {
                        s.i += 2;
                        continue;
                    }
                    if ch == b'>' || ch == b'<' {
                        s.i += 1;
                        continue;
                    }
                    break;
                }
                b']' | b'}' | b')' => {
                    let Some(open) = stack.pop() else {
                        return Err(
                            self.raise_here(format!("f-string: unmatched '{}'", ch as char))
                        );
                    };
                    let ok = matches!((open, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                    if !ok {
                        return Err(self.raise_here(format!(
                            "f-string: closing parenthesis '{}' does not match opening \
                             parenthesis '{}'",
                            ch as char, open as char
                        )));
                    }
                }
                _ => {}
            }
            s.i += 1;
        }
        let expr_end = s.i;
        if quote != 0 {
            return Err(self.raise_here("f-string: unterminated string"));
        }
        if let Some(&open) = stack.last() {
            return Err(self.raise_here(format!("f-string: unmatched '{}'", open as char)));
        }
        if s.i >= bytes.len() {
            return Err(self.raise_here("f-string: expecting '}'"));
        }
        let expr_text = s.body.get(expr_start..expr_end).unwrap_or("");
        let value = self.fstring_expression(s, brace, expr_text)?;

        let mut self_doc = None;
        if bytes[s.i] == b'=' {
            s.i += 1;
            while s.i < bytes.len() && bytes[s.i].is_ascii_whitespace() {
                s.i += 1;
            }
            if s.i >= bytes.len() {
                return Err(self.raise_here("f-string: expecting '}'"));
            }
            self_doc = Some(s.body.get(expr_start..s.i).unwrap_or(""));
        }
        let mut conversion = -1;
        if bytes[s.i] == b'!' {
            s.i += 1;
            if s.i >= bytes.len() {
                return Err(self.raise_here("f-string: expecting '}'"));
            }
            let c = bytes[s.i];
            s.i += 1;
            if !matches!(c, b's' | b'r' | b'a') {
                return Err(self.raise_here(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                ));
            }
            conversion = i32::from(c);
        }
        let mut format_spec = None;
        if s.i < bytes.len() && bytes[s.i] == b':' {
            s.i += 1;
            if s.i >= bytes.len() {
                return Err(self.raise_here("f-string: expecting '}'"));
            }
            let mut spec = JoinedBuilder::new(b.span, b.kind.clone());
            self.fstring_concat(s, level + 1, &mut spec)?;
            format_spec = Some(Box::new(spec.finish()));
        }
        if s.i >= bytes.len() || bytes[s.i] != b'}' {
            return Err(self.raise_here("f-string: expecting '}'"));
        }
        s.i += 1;
        if let Some(t) = self_doc {
            b.push_literal(t);
            if format_spec.is_none() && conversion == -1 {
                conversion = i32::from(b'r');
            }
        }
        Ok(mk(
            ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            },
            b.span,
        ))
    }

    /// `fstring_compile_expr`: parses one field's expression text with a sub-parser.
    fn fstring_expression(&mut self, s: &Scan<'_>, brace: usize, text: &str) -> PResult<Expr> {
        if text
            .bytes()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c'))
        {
            return Err(self.raise_here("f-string: empty expression not allowed"));
        }
        let shift = self.field_shift(s, brace);
        let src = format!("({text})");
        match super::run_sub(&src, shift, self.depth) {
            Ok(e) => Ok(e),
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(e);
                }
                Err(super::Fail)
            }
        }
    }

    /// `fstring_find_expr_location`: where the field's sub-source starts in the file.
    fn field_shift(&self, s: &Scan<'_>, brace: usize) -> Shift {
        let brace_in_text = s.body_offset + brace;
        let text = s.text.as_bytes();
        let after = &text[(brace_in_text + 1).min(text.len())..];
        let newline_after_brace = after
            .iter()
            .take_while(|&&c| c != b'}' && c != b'\n')
            .all(|&c| c == b' ' || c == b'\t' || c == b'\x0c');
        let before = &text[..brace_in_text.min(text.len())];
        let lines = before.iter().filter(|&&c| c == b'\n').count() as u32;
        let cols = if newline_after_brace {
            0
        } else {
            match before.iter().rposition(|&c| c == b'\n') {
                Some(nl) => (brace_in_text - nl - 1) as u32,
                None => brace_in_text as u32,
            }
        };
        let line = s.tok.start.line + lines;
        let col = s.tok.start.col + cols;
        match &self.shift {
            // A field inside a field: compose with the enclosing shift.
            Some(outer) => {
                let (line, col) = outer.pos(Pos {
                    offset: 0,
                    line,
                    col,
                });
                Shift { line, col }
            }
            None => Shift { line, col },
        }
    }
}

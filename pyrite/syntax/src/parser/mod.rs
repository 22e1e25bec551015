//! The parser: tokens to AST, for the whole Python 3.11 grammar.
//!
//! A hand-written recursive-descent parser over a token buffer, following the rules of CPython's
//! PEG grammar (`Grammar/python.gram`) but deciding deterministically wherever one token of
//! lookahead (or a cheap scan) suffices; where the grammar needs it (assignment targets), an
//! expression is parsed first and converted afterwards (`target.rs`).
//!
//! Errors follow CPython's two-pass strategy:
//! 1. the first pass parses without the `invalid_*` checks; every token the parser looks at
//!    advances `furthest` (CPython's `p->fill`), which is where a generic `invalid syntax` is
//!    reported;
//! 2. if it fails, a second pass over the same tokens runs with `invalid_pass` set, where the
//!    checks in `invalid.rs` (and a few inline ones) raise CPython's specific messages;
//! 3. a tokenizer error met while parsing is the error; otherwise the rest of the file is
//!    tokenized and a tokenizer error there replaces the parser's
//!    ([`Lexer::scan_rest_for_errors`], CPython's
//!    `_PyPegen_tokenize_full_source_to_check_for_errors`).
//!
//! Error locations follow `Parser/pegen_errors.c`: an error at a known location
//! (`RAISE_ERROR_KNOWN_LOCATION`) spans its tokens; an error at the current position
//! (`RAISE_SYNTAX_ERROR`, [`Parser::raise_here`]) is at the last token fetched, or, when that
//! token has no column in CPython (INDENT, DEDENT, ENDMARKER), at the tokenizer's cursor with no
//! end. Columns are 1-based UTF-8 byte offsets, converted to characters when the file declares
//! its encoding ([`Declaration`]).
//!
//! Invariants: a parse function returns `Err(Fail)` either softly (no `error` recorded: the
//! caller may backtrack by restoring `pos`) or with `error` set (a definitive syntax error that
//! every caller propagates). No input makes the parser panic or recurse deeper than
//! [`MAX_DEPTH`] levels. Tokens are read lazily, as CPython's parser reads them, so that
//! tokenizer errors surface exactly when CPython's would.

mod args;
mod decode;
mod displays;
mod error_location;
mod expr;
mod fstring;
mod invalid;
mod pattern;
mod stmt;
mod strings;
mod target;

use crate::ast::{self, Span};
use crate::lexer::{LexError, Lexer, Origin};
use crate::source::Declaration;
use crate::token::{Keyword as Kw, Op, Pos, Token, TokenKind};
use crate::{SyntaxError, SyntaxErrorKind};

/// The deepest nesting of expressions, blocks and patterns the parser accepts (it also bounds
/// the depth of every tree it builds, for the passes that walk trees recursively).
///
/// Measured in the dev profile (opt-level 1) with `tests::measure_stack`: a bracket level
/// costs about 4.6 KiB of stack (the tokenizer allows 200 of them: 910 KiB), a `lambda` or
/// conditional-expression level about 1.2 KiB, a unary operator nothing (they are parsed in a
/// loop). 500 levels of the worst mix stay under 1.4 MiB, inside a 2 MiB test-thread stack.
/// CPython reports deeper input as "too complex" (a `MemoryError` there, a `SyntaxError`
/// here).
pub(crate) const MAX_DEPTH: u32 = 500;

/// A parse failure; see the module doc for soft versus definitive failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fail;

/// The result of one parse function.
pub(crate) type PResult<T> = Result<T, Fail>;

/// Which of CPython's tokenizers reads the source; error locations at the end of the file
/// depend on it (see `error_location.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    /// A file's (`python3 FILE`).
    File,
    /// A string's (`compile(source, ...)`, `ast.parse`, f-string fields).
    String,
}

/// Parses decoded source text as a module, errors located as `compile(text.encode(), ...)`
/// locates them for a UTF-8 source without a BOM or a coding declaration.
pub fn parse_module(source: &str) -> Result<ast::Mod, SyntaxError> {
    parse_module_declared(source, Declaration::default())
}

/// Parses the decoded text of a source whose bytes had `declaration` ([`Declaration::of`]) as a
/// module, errors located as `compile(source_bytes, ...)` locates them.
pub fn parse_module_declared(
    source: &str,
    declaration: Declaration,
) -> Result<ast::Mod, SyntaxError> {
    parse_as_module(source, declaration, Reader::String)
}

/// Parses the decoded text of a file whose bytes had `declaration` ([`Declaration::of`]) as a
/// module, errors located exactly as `python3 FILE` locates them.
pub fn parse_file(source: &str, declaration: Declaration) -> Result<ast::Mod, SyntaxError> {
    parse_as_module(source, declaration, Reader::File)
}

fn parse_as_module(
    source: &str,
    declaration: Declaration,
    reader: Reader,
) -> Result<ast::Mod, SyntaxError> {
    run(source, None, declaration, reader, 0, |p| p.file()).map(|body| ast::Mod::Module {
        body,
        type_ignores: Vec::new(),
    })
}

/// Parses decoded source text as a single expression (`eval` mode).
pub fn parse_expression(source: &str) -> Result<ast::Mod, SyntaxError> {
    let declaration = Declaration::default();
    run(source, None, declaration, Reader::String, 0, |p| {
        p.eval_input()
    })
    .map(|e| ast::Mod::Expression { body: Box::new(e) })
}

/// Parses the `(expression)` text of an f-string replacement field (CPython's
/// `Py_fstring_input`), starting at nesting depth `depth`. CPython's sub-tokenizer reads a
/// string and has no encoding of its own, so the columns of its errors are bytes whatever the
/// file declares.
fn run_sub(src: &str, shift: fstring::Shift, depth: u32) -> Result<ast::Expr, SyntaxError> {
    let declaration = Declaration::default();
    run(src, Some(shift), declaration, Reader::String, depth, |p| {
        p.star_expressions()
    })
}

/// Runs both passes of a parse with entry point `entry` and resolves the error to report.
fn run<T>(
    src: &str,
    shift: Option<fstring::Shift>,
    declaration: Declaration,
    reader: Reader,
    depth: u32,
    entry: impl Fn(&mut Parser<'_>) -> PResult<T>,
) -> Result<T, SyntaxError> {
    let mut p = Parser::new(src);
    p.shift = shift;
    p.declaration = declaration;
    p.reader = reader;
    p.depth = depth;
    run_passes(&mut p, depth, entry).map_err(|e| p.with_sub_source_text(e))
}

/// The passes of [`run`] over a fresh parser.
fn run_passes<T>(
    p: &mut Parser<'_>,
    depth: u32,
    entry: impl Fn(&mut Parser<'_>) -> PResult<T>,
) -> Result<T, SyntaxError> {
    let first = entry(p);
    if p.hit_lex_error
        && let Some(e) = p.lex_error.take()
    {
        return Err(p.lexer_error(e));
    }
    if let Ok(v) = first {
        return Ok(v);
    }
    let error = match p.error.take() {
        Some(e) => e,
        None => {
            let furthest = p.furthest;
            p.pos = 0;
            p.depth = depth;
            p.invalid_pass = true;
            let _ = entry(p);
            // A tokenizer error the second pass reached (looking further than the first) is
            // raised by CPython as the token is fetched, before any message of that pass.
            if p.hit_lex_error
                && let Some(e) = p.lex_error.take()
            {
                return Err(p.lexer_error(e));
            }
            match p.error.take() {
                Some(e) => e,
                None => {
                    let e = p.generic_error(furthest);
                    // CPython's `_PyPegen_set_syntax_error` returns right after "unexpected
                    // indent" / "unexpected unindent", without tokenizing the rest.
                    if e.kind != SyntaxErrorKind::SyntaxError {
                        return Err(e);
                    }
                    e
                }
            }
        }
    };
    if p.lex_error.is_some() {
        return Err(error);
    }
    // CPython compares with the line of the last token fetched (`p->tokens[p->fill - 1]`).
    let last_line = p.tokens.last().map_or(error.lineno, |t| t.start.line);
    match p.lexer.scan_rest_for_errors(last_line) {
        Some(e) => Err(p.lexer_error(e)),
        None => Err(error),
    }
}

/// Parser state: the lexer and the tokens read so far (CPython's `p->tokens`).
pub(crate) struct Parser<'a> {
    /// The text the tokens point into.
    src: &'a str,
    /// The tokenizer, pulled lazily as the parser looks ahead.
    lexer: Lexer<'a>,
    /// The tokens read so far; once the lexer is done, the last one is an `EndMarker`.
    tokens: Vec<Token>,
    /// Bracket nesting after each token (CPython's `token->level`).
    levels: Vec<u16>,
    /// The lexer has produced its last token (an `EndMarker`, real or standing for an error).
    lex_done: bool,
    /// The tokenizer error the final sentinel token stands for.
    lex_error: Option<LexError>,
    /// Whether the parser looked at that sentinel.
    hit_lex_error: bool,
    /// Index of the current token.
    pos: usize,
    /// The furthest token index looked at (where generic errors are reported).
    furthest: usize,
    /// Current nesting depth (see [`MAX_DEPTH`]).
    depth: u32,
    /// Second pass: CPython's `invalid_*` rules are active.
    invalid_pass: bool,
    /// A definitive error, once raised.
    error: Option<SyntaxError>,
    /// Set when parsing an f-string replacement field: positions are shifted into the
    /// enclosing source (see `fstring.rs`).
    shift: Option<fstring::Shift>,
    /// What the file's bytes declared: decides the unit of error columns.
    declaration: Declaration,
    /// Which CPython tokenizer the error locations copy.
    reader: Reader,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Parser {
            src,
            lexer: Lexer::new(src),
            tokens: Vec::with_capacity(src.len() / 5 + 4),
            levels: Vec::with_capacity(src.len() / 5 + 4),
            lex_done: false,
            lex_error: None,
            hit_lex_error: false,
            pos: 0,
            furthest: 0,
            depth: 0,
            invalid_pass: false,
            error: None,
            shift: None,
            declaration: Declaration::default(),
            reader: Reader::String,
        }
    }

    // ----- token access -----

    /// Reads one more token from the lexer. A character that is no token becomes an
    /// `Op::Exclamation` token, which no rule accepts (CPython's generic operator token, on
    /// which its parser fails with "invalid syntax"); any other tokenizer error ends the buffer
    /// with an `EndMarker` standing for it.
    fn fill(&mut self) {
        match self.lexer.try_next_token() {
            Ok(t) => self.push_token(t),
            Err((Origin::StrayChar, e)) => {
                let start = self.pos_of(e.lineno, e.offset);
                let mut end = start;
                end.offset += 1;
                end.col += 1;
                self.push_token(Token {
                    kind: TokenKind::Op(Op::Exclamation),
                    start,
                    end,
                });
            }
            Err(e) => {
                let at = self.pos_of(e.1.lineno, e.1.offset);
                self.push_token(Token {
                    kind: TokenKind::EndMarker,
                    start: at,
                    end: at,
                });
                self.lex_error = Some(e);
            }
        }
    }

    fn push_token(&mut self, t: Token) {
        if t.kind == TokenKind::EndMarker {
            self.lex_done = true;
        }
        self.tokens.push(t);
        let level = self.lexer.open_brackets().len().min(u16::MAX as usize) as u16;
        self.levels.push(level);
    }

    /// The position of 1-based line `line`, 1-based byte column `offset` (error positions).
    fn pos_of(&self, line: u32, offset: u32) -> Pos {
        let mut start = 0usize;
        if line > 1 {
            let mut l = 1u32;
            for (i, b) in self.src.bytes().enumerate() {
                if b == b'\n' {
                    l += 1;
                    if l == line {
                        start = i + 1;
                        break;
                    }
                }
            }
        }
        let col = offset.saturating_sub(1);
        let off = (start + col as usize).min(self.src.len());
        Pos {
            offset: off as u32,
            line: line.max(1),
            col,
        }
    }

    /// The token at `i`, clamped to the final `EndMarker`; records how far the parser looked.
    #[inline]
    fn token_at(&mut self, i: usize) -> Token {
        while self.tokens.len() <= i && !self.lex_done {
            self.fill();
        }
        let last = self.tokens.len() - 1;
        let i = i.min(last);
        if i > self.furthest {
            self.furthest = i;
        }
        if i == last && self.lex_error.is_some() {
            self.hit_lex_error = true;
        }
        self.tokens[i]
    }

    /// The current token.
    #[inline]
    fn tok(&mut self) -> Token {
        self.token_at(self.pos)
    }

    /// The current token's kind.
    #[inline]
    fn kind(&mut self) -> TokenKind {
        self.tok().kind
    }

    /// The kind of the token `n` places ahead.
    #[inline]
    fn nth_kind(&mut self, n: usize) -> TokenKind {
        self.token_at(self.pos + n).kind
    }

    /// Consumes the current token.
    #[inline]
    fn bump(&mut self) -> Token {
        let t = self.tok();
        if self.pos + 1 < self.tokens.len() || !self.lex_done {
            self.pos += 1;
        }
        t
    }

    #[inline]
    fn at_op(&mut self, op: Op) -> bool {
        self.kind() == TokenKind::Op(op)
    }

    #[inline]
    fn at_kw(&mut self, kw: Kw) -> bool {
        self.kind() == TokenKind::Keyword(kw)
    }

    #[inline]
    fn eat_op(&mut self, op: Op) -> bool {
        if self.at_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    #[inline]
    fn eat_kw(&mut self, kw: Kw) -> bool {
        if self.at_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `op` or fails softly.
    fn expect_op(&mut self, op: Op) -> PResult<Token> {
        if self.at_op(op) {
            Ok(self.bump())
        } else {
            Err(Fail)
        }
    }

    /// Consumes `kw` or fails softly.
    fn expect_kw(&mut self, kw: Kw) -> PResult<Token> {
        if self.at_kw(kw) {
            Ok(self.bump())
        } else {
            Err(Fail)
        }
    }

    /// CPython's forced token (`&&':'`): anything else is "expected ':'" at that token.
    fn expect_forced(&mut self, op: Op, spelling: &str) -> PResult<Token> {
        if self.at_op(op) {
            return Ok(self.bump());
        }
        let t = self.tok();
        Err(self.raise_at_token(format!("expected '{spelling}'"), t))
    }

    /// The source text of a token.
    #[inline]
    fn text(&self, t: Token) -> &'a str {
        self.src
            .get(t.start.offset as usize..t.end.offset as usize)
            .unwrap_or("")
    }

    /// Whether the current token is the name `s` (a soft keyword).
    fn at_soft(&mut self, s: &str) -> bool {
        let t = self.tok();
        t.kind == TokenKind::Name && self.text(t) == s
    }

    /// Consumes a NAME token and returns its (normalized) identifier.
    fn name(&mut self) -> PResult<(ast::Identifier, Span)> {
        let t = self.tok();
        if t.kind != TokenKind::Name {
            return Err(Fail);
        }
        self.bump();
        Ok((self.ident(t), self.span_of(t)))
    }

    /// The identifier a NAME token spells, NFKC-normalized when not ASCII (PEP 3131).
    fn ident(&self, t: Token) -> ast::Identifier {
        let s = self.text(t);
        if s.is_ascii() {
            s.to_owned()
        } else {
            use unicode_normalization::UnicodeNormalization;
            s.nfkc().collect()
        }
    }

    // ----- positions -----

    /// Start position of the current token.
    #[inline]
    fn start(&mut self) -> Pos {
        self.tok().start
    }

    /// End of the last consumed token that is not NEWLINE, INDENT or DEDENT (CPython's
    /// `_PyPegen_get_last_nonnwhitespace_token`).
    #[inline]
    fn prev_end(&self) -> Pos {
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            let t = self.tokens[i];
            if !matches!(
                t.kind,
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
            ) {
                return t.end;
            }
        }
        Pos::default()
    }

    /// The span from `start` to the end of the last consumed token.
    #[inline]
    fn span_from(&self, start: Pos) -> Span {
        self.span(start, self.prev_end())
    }

    /// A span between two positions (shifted into the enclosing source inside f-strings).
    #[inline]
    fn span(&self, start: Pos, end: Pos) -> Span {
        let s = Span {
            lineno: start.line,
            col_offset: start.col,
            end_lineno: end.line,
            end_col_offset: end.col,
        };
        match &self.shift {
            Some(sh) => sh.apply(s),
            None => s,
        }
    }

    /// The span of one token.
    #[inline]
    fn span_of(&self, t: Token) -> Span {
        self.span(t.start, t.end)
    }

    // ----- depth -----

    /// Enters one nesting level; fails definitively past [`MAX_DEPTH`].
    #[inline]
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.too_complex());
        }
        Ok(())
    }

    /// The error for input nested deeper than [`MAX_DEPTH`]: CPython's text (where it is a
    /// `MemoryError`), as a `SyntaxError` at the current token.
    fn too_complex(&mut self) -> Fail {
        let t = self.tok();
        self.raise_at(
            "Parser stack overflowed - Python source too complex to parse",
            t.start,
            t.end,
        )
    }

    #[inline]
    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ----- entry points -----

    /// `file: [statements] ENDMARKER`.
    fn file(&mut self) -> PResult<Vec<ast::Stmt>> {
        let mut body = Vec::new();
        loop {
            match self.kind() {
                TokenKind::EndMarker => break,
                TokenKind::Newline => {
                    self.bump();
                }
                _ => self.statement(&mut body)?,
            }
        }
        Ok(body)
    }

    /// `eval: expressions NEWLINE* ENDMARKER`.
    fn eval_input(&mut self) -> PResult<ast::Expr> {
        let e = self.expressions()?;
        while self.kind() == TokenKind::Newline {
            self.bump();
        }
        if self.kind() != TokenKind::EndMarker {
            return Err(Fail);
        }
        Ok(e)
    }
}

#[cfg(test)]
mod tests;

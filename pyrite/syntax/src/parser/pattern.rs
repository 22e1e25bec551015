//! The `match` statement and its patterns (PEP 634).
//!
//! `match` and `case` are soft keywords: a statement starting with the name `match` is tried as
//! a match statement and, if that fails softly, re-parsed from the same token as a simple
//! statement (`match = 1`, `match(x)`), exactly as CPython's PEG parser backtracks. Invariant:
//! pattern nodes have CPython's shapes (`MatchAs` with neither pattern nor name for `_`, value
//! patterns holding `Load` expressions, `-1` and `1+2j` as `UnaryOp`/`BinOp` values).

use super::expr::mk;
use super::{Fail, PResult, Parser};
use crate::SyntaxErrorKind;
use crate::ast::{
    Constant, Expr, ExprContext, ExprKind, MatchCase, Operator, Pattern, PatternKind, Stmt,
    StmtKind, UnaryOp,
};
use crate::token::{Keyword as Kw, Op, Pos, TokenKind};

/// Builds a pattern node.
fn pat(kind: PatternKind, span: crate::ast::Span) -> Pattern {
    Pattern { kind, span }
}

impl<'a> Parser<'a> {
    /// `match_stmt`, or `None` (position restored) when this is not a match statement.
    pub(crate) fn match_stmt(&mut self) -> PResult<Option<Stmt>> {
        let mark = self.pos;
        let kw = self.bump();
        let subject = match self.subject_expr() {
            Ok(e) => e,
            Err(f) if self.failed_hard() => return Err(f),
            Err(_) => {
                self.pos = mark;
                return Ok(None);
            }
        };
        if !self.at_op(Op::Colon) {
            if self.invalid_pass && self.kind() == TokenKind::Newline {
                return Err(self.raise_here("expected ':'"));
            }
            self.pos = mark;
            return Ok(None);
        }
        self.bump();
        if self.kind() != TokenKind::Newline {
            self.pos = mark;
            return Ok(None);
        }
        self.bump();
        if self.kind() != TokenKind::Indent {
            let msg = format!(
                "expected an indented block after 'match' statement on line {}",
                kw.start.line
            );
            return Err(self.raise_kind_here(SyntaxErrorKind::IndentationError, msg));
        }
        self.bump();
        let mut cases = Vec::new();
        while self.at_soft("case") {
            cases.push(self.case_block()?);
        }
        if cases.is_empty() || self.kind() != TokenKind::Dedent {
            return Err(Fail);
        }
        self.bump();
        Ok(Some(Stmt {
            kind: StmtKind::Match {
                subject: Box::new(subject),
                cases,
            },
            span: self.span_from(kw.start),
        }))
    }

    /// `subject_expr: star_named_expression ',' star_named_expressions? | named_expression`.
    fn subject_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_named_expression()?;
        if !self.at_op(Op::Comma) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(Fail);
            }
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.at_expr_start() {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `case_block: "case" patterns guard? ':' block`.
    fn case_block(&mut self) -> PResult<MatchCase> {
        let kw = self.bump();
        let pattern = self.patterns()?;
        let guard = if self.eat_kw(Kw::If) {
            Some(Box::new(self.named_expression()?))
        } else {
            None
        };
        if !self.eat_op(Op::Colon) {
            if self.invalid_pass && self.kind() == TokenKind::Newline {
                return Err(self.raise_here("expected ':'"));
            }
            return Err(Fail);
        }
        let body = self.block("'case' statement", kw.start.line)?;
        Ok(MatchCase {
            pattern,
            guard,
            body,
        })
    }

    /// `patterns: open_sequence_pattern | pattern`.
    fn patterns(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.maybe_star_pattern()?;
        if !self.at_op(Op::Comma) {
            if matches!(first.kind, PatternKind::MatchStar { .. }) {
                return Err(Fail);
            }
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Colon) || self.at_kw(Kw::If) {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        Ok(pat(
            PatternKind::MatchSequence { patterns },
            self.span_from(start),
        ))
    }

    /// `maybe_star_pattern: star_pattern | pattern`.
    fn maybe_star_pattern(&mut self) -> PResult<Pattern> {
        if self.at_op(Op::Star) {
            let start = self.bump().start;
            let t = self.tok();
            if t.kind != TokenKind::Name {
                return Err(Fail);
            }
            self.bump();
            let name = if self.text(t) == "_" {
                None
            } else {
                Some(self.ident(t))
            };
            return Ok(pat(PatternKind::MatchStar { name }, self.span_from(start)));
        }
        self.pattern()
    }

    /// `pattern: or_pattern ['as' pattern_capture_target]`.
    fn pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let p = self.or_pattern()?;
        if !self.at_kw(Kw::As) {
            return Ok(p);
        }
        self.bump();
        let t = self.tok();
        if t.kind != TokenKind::Name || self.text(t) == "_" {
            if self.invalid_pass {
                if t.kind == TokenKind::Name {
                    return Err(self.raise_at("cannot use '_' as a target", t.start, t.end));
                }
                if let Ok(e) = self.expression() {
                    return Err(self.raise_span("invalid pattern target", e.span));
                }
            }
            return Err(Fail);
        }
        self.bump();
        if matches!(self.kind(), TokenKind::Op(Op::Dot | Op::LPar | Op::Equal)) {
            return Err(Fail);
        }
        let name = Some(self.ident(t));
        Ok(pat(
            PatternKind::MatchAs {
                pattern: Some(Box::new(p)),
                name,
            },
            self.span_from(start),
        ))
    }

    /// `or_pattern: '|'.closed_pattern+`.
    fn or_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.closed_pattern()?;
        if !self.at_op(Op::VBar) {
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat_op(Op::VBar) {
            patterns.push(self.closed_pattern()?);
        }
        Ok(pat(
            PatternKind::MatchOr { patterns },
            self.span_from(start),
        ))
    }

    /// `closed_pattern`, with a depth guard (patterns nest through brackets).
    fn closed_pattern(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let r = self.closed_pattern_inner();
        self.leave();
        r
    }

    fn closed_pattern_inner(&mut self) -> PResult<Pattern> {
        let t = self.tok();
        match t.kind {
            TokenKind::Number | TokenKind::Op(Op::Minus) | TokenKind::String => {
                let value = self.literal_expr()?;
                let span = value.span;
                Ok(pat(
                    PatternKind::MatchValue {
                        value: Box::new(value),
                    },
                    span,
                ))
            }
            TokenKind::Keyword(k @ (Kw::None | Kw::True | Kw::False)) => {
                self.bump();
                let value = match k {
                    Kw::None => Constant::None,
                    Kw::True => Constant::Bool(true),
                    _ => Constant::Bool(false),
                };
                Ok(pat(PatternKind::MatchSingleton { value }, self.span_of(t)))
            }
            TokenKind::Name => {
                if self.text(t) == "_" {
                    self.bump();
                    return Ok(pat(
                        PatternKind::MatchAs {
                            pattern: None,
                            name: None,
                        },
                        self.span_of(t),
                    ));
                }
                let next = self.nth_kind(1);
                match next {
                    TokenKind::Op(Op::Dot) | TokenKind::Op(Op::LPar) => {
                        let cls = self.name_or_attr()?;
                        if self.at_op(Op::LPar) {
                            return self.class_pattern(cls, t.start);
                        }
                        if self.at_op(Op::Equal) {
                            return Err(Fail);
                        }
                        let span = cls.span;
                        Ok(pat(
                            PatternKind::MatchValue {
                                value: Box::new(cls),
                            },
                            span,
                        ))
                    }
                    TokenKind::Op(Op::Equal) => Err(Fail),
                    _ => {
                        self.bump();
                        let name = Some(self.ident(t));
                        Ok(pat(
                            PatternKind::MatchAs {
                                pattern: None,
                                name,
                            },
                            self.span_of(t),
                        ))
                    }
                }
            }
            TokenKind::Op(Op::LPar) => {
                self.bump();
                if self.eat_op(Op::RPar) {
                    return Ok(pat(
                        PatternKind::MatchSequence {
                            patterns: Vec::new(),
                        },
                        self.span_from(t.start),
                    ));
                }
                let first = self.maybe_star_pattern()?;
                if self.eat_op(Op::RPar) {
                    if matches!(first.kind, PatternKind::MatchStar { .. }) {
                        return Err(Fail);
                    }
                    return Ok(first);
                }
                if !self.at_op(Op::Comma) {
                    return Err(Fail);
                }
                let patterns = self.sequence_rest(first, Op::RPar)?;
                Ok(pat(
                    PatternKind::MatchSequence { patterns },
                    self.span_from(t.start),
                ))
            }
            TokenKind::Op(Op::LSqb) => {
                self.bump();
                if self.eat_op(Op::RSqb) {
                    return Ok(pat(
                        PatternKind::MatchSequence {
                            patterns: Vec::new(),
                        },
                        self.span_from(t.start),
                    ));
                }
                let first = self.maybe_star_pattern()?;
                let patterns = self.sequence_rest(first, Op::RSqb)?;
                Ok(pat(
                    PatternKind::MatchSequence { patterns },
                    self.span_from(t.start),
                ))
            }
            TokenKind::Op(Op::LBrace) => self.mapping_pattern(),
            _ => Err(Fail),
        }
    }

    /// The patterns after `first` of a bracketed sequence pattern, through `close`.
    fn sequence_rest(&mut self, first: Pattern, close: Op) -> PResult<Vec<Pattern>> {
        let mut patterns = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(close) {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        self.expect_op(close)?;
        Ok(patterns)
    }

    /// `name_or_attr: NAME ('.' NAME)*` as a `Load` expression.
    fn name_or_attr(&mut self) -> PResult<Expr> {
        let t = self.tok();
        let (id, span) = self.name()?;
        let mut e = mk(
            ExprKind::Name {
                id,
                ctx: ExprContext::Load,
            },
            span,
        );
        while self.eat_op(Op::Dot) {
            let (attr, _) = self.name()?;
            e = mk(
                ExprKind::Attribute {
                    value: Box::new(e),
                    attr,
                    ctx: ExprContext::Load,
                },
                self.span_from(t.start),
            );
        }
        Ok(e)
    }

    /// `literal_expr` for numbers (signed, complex) and strings.
    fn literal_expr(&mut self) -> PResult<Expr> {
        let t = self.tok();
        if t.kind == TokenKind::String {
            return self.strings();
        }
        let real = self.signed_number()?;
        let op = match self.kind() {
            TokenKind::Op(Op::Plus) => Operator::Add,
            TokenKind::Op(Op::Minus) => Operator::Sub,
            _ => return Ok(real),
        };
        self.bump();
        let it = self.tok();
        if it.kind != TokenKind::Number {
            return Err(Fail);
        }
        self.bump();
        let value = self.number(it)?;
        if !matches!(value, Constant::Complex { .. }) {
            if self.invalid_pass {
                return Err(self.raise_at(
                    "imaginary number required in complex literal",
                    it.start,
                    it.end,
                ));
            }
            return Err(Fail);
        }
        if matches!(
            real.kind,
            ExprKind::Constant {
                value: Constant::Complex { .. },
                ..
            }
        ) || matches!(&real.kind, ExprKind::UnaryOp { operand, .. }
                if matches!(operand.kind, ExprKind::Constant { value: Constant::Complex { .. }, .. }))
        {
            if self.invalid_pass {
                return Err(self.raise_span("real number required in complex literal", real.span));
            }
            return Err(Fail);
        }
        let imag = mk(ExprKind::Constant { value, kind: None }, self.span_of(it));
        Ok(mk(
            ExprKind::BinOp {
                left: Box::new(real),
                op,
                right: Box::new(imag),
            },
            self.span_from(t.start),
        ))
    }

    /// `signed_number: NUMBER | '-' NUMBER`.
    fn signed_number(&mut self) -> PResult<Expr> {
        let start = self.start();
        let neg = self.eat_op(Op::Minus);
        let t = self.tok();
        if t.kind != TokenKind::Number {
            return Err(Fail);
        }
        self.bump();
        let value = self.number(t)?;
        let n = mk(ExprKind::Constant { value, kind: None }, self.span_of(t));
        if !neg {
            return Ok(n);
        }
        Ok(mk(
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand: Box::new(n),
            },
            self.span_from(start),
        ))
    }

    /// `class_pattern: name_or_attr '(' [pattern args] ')'` (positioned at `(`).
    fn class_pattern(&mut self, cls: Expr, start: Pos) -> PResult<Pattern> {
        self.bump();
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        loop {
            if self.at_op(Op::RPar) {
                break;
            }
            if self.kind() == TokenKind::Name && self.nth_kind(1) == TokenKind::Op(Op::Equal) {
                let (name, _) = self.name()?;
                self.bump();
                kwd_attrs.push(name);
                kwd_patterns.push(self.pattern()?);
            } else {
                let p = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    if self.invalid_pass {
                        return Err(
                            self.raise_span("positional patterns follow keyword patterns", p.span)
                        );
                    }
                    return Err(Fail);
                }
                patterns.push(p);
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RPar)?;
        Ok(pat(
            PatternKind::MatchClass {
                cls: Box::new(cls),
                patterns,
                kwd_attrs,
                kwd_patterns,
            },
            self.span_from(start),
        ))
    }

    /// `mapping_pattern: '{' [items] ['**' NAME] '}'`.
    fn mapping_pattern(&mut self) -> PResult<Pattern> {
        let start = self.bump().start;
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        loop {
            if self.at_op(Op::RBrace) {
                break;
            }
            if self.eat_op(Op::DoubleStar) {
                let t = self.tok();
                if t.kind != TokenKind::Name || self.text(t) == "_" {
                    return Err(Fail);
                }
                self.bump();
                rest = Some(self.ident(t));
                self.eat_op(Op::Comma);
                break;
            }
            let key = self.mapping_key()?;
            if !self.eat_op(Op::Colon) {
                return Err(Fail);
            }
            keys.push(key);
            patterns.push(self.pattern()?);
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RBrace)?;
        Ok(pat(
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            },
            self.span_from(start),
        ))
    }

    /// A mapping pattern key: `literal_expr | attr`.
    fn mapping_key(&mut self) -> PResult<Expr> {
        let t = self.tok();
        match t.kind {
            TokenKind::Keyword(k @ (Kw::None | Kw::True | Kw::False)) => {
                self.bump();
                let value = match k {
                    Kw::None => Constant::None,
                    Kw::True => Constant::Bool(true),
                    _ => Constant::Bool(false),
                };
                Ok(mk(
                    ExprKind::Constant { value, kind: None },
                    self.span_of(t),
                ))
            }
            TokenKind::Name => {
                if self.nth_kind(1) != TokenKind::Op(Op::Dot) {
                    return Err(Fail);
                }
                self.name_or_attr()
            }
            _ => self.literal_expr(),
        }
    }
}

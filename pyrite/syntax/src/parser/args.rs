//! Parameter lists (`def` and `lambda`) and call arguments.
//!
//! Invariant: the `Arguments` built here has CPython's layout: `defaults` holds the defaults of
//! the last positional parameters (positional-only ones included), `kw_defaults` has exactly
//! one entry per keyword-only parameter (`None` where there is no default), and a call's
//! positional arguments keep `*x` as `Starred` while `**x` becomes a keyword with no name.
//! Ordering mistakes fail softly in the first pass and raise CPython's messages in the second.

use super::expr::mk;
use super::{Fail, PResult, Parser};
use crate::ast::{Arg, Arguments, Expr, ExprContext, ExprKind, Keyword};
use crate::token::{Keyword as Kw, Op, TokenKind};

/// Where a parameter list is in its layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Positional parameters (before `*`).
    Positional,
    /// After `*` or `*args`.
    KeywordOnly,
    /// After `**kwargs`: nothing may follow.
    Done,
}

impl<'a> Parser<'a> {
    /// `params` of a `def` (up to, not including, `)`) or `lambda_params` (up to `:`).
    pub(crate) fn parameters(&mut self, lambda: bool) -> PResult<Arguments> {
        let close = if lambda { Op::Colon } else { Op::RPar };
        let mut a = Arguments::default();
        let mut section = Section::Positional;
        let mut seen_slash = false;
        let mut seen_default = false;
        let mut bare_star: Option<crate::token::Token> = None;
        loop {
            if self.at_op(close) {
                break;
            }
            let t = self.tok();
            if section == Section::Done {
                if self.invalid_pass
                    && matches!(
                        t.kind,
                        TokenKind::Name | TokenKind::Op(Op::Star | Op::DoubleStar | Op::Slash)
                    )
                {
                    return Err(self.raise_at(
                        "arguments cannot follow var-keyword argument",
                        t.start,
                        t.end,
                    ));
                }
                return Err(Fail);
            }
            match t.kind {
                TokenKind::Op(Op::Slash) => {
                    if self.invalid_pass {
                        let msg = if seen_slash {
                            Some("/ may appear only once")
                        } else if section == Section::KeywordOnly {
                            Some("/ must be ahead of *")
                        } else if a.args.is_empty() {
                            Some("at least one argument must precede /")
                        } else {
                            None
                        };
                        if let Some(msg) = msg {
                            return Err(self.raise_at(msg, t.start, t.end));
                        }
                    }
                    if seen_slash || section != Section::Positional || a.args.is_empty() {
                        return Err(Fail);
                    }
                    self.bump();
                    seen_slash = true;
                    a.posonlyargs = std::mem::take(&mut a.args);
                }
                TokenKind::Op(Op::Star) => {
                    if section != Section::Positional {
                        if self.invalid_pass {
                            return Err(self.raise_at(
                                "* argument may appear only once",
                                t.start,
                                t.end,
                            ));
                        }
                        return Err(Fail);
                    }
                    self.bump();
                    section = Section::KeywordOnly;
                    if self.kind() == TokenKind::Name {
                        let p = self.param(lambda, true)?;
                        if self.at_op(Op::Equal) {
                            if self.invalid_pass {
                                let e = self.tok();
                                return Err(self.raise_at(
                                    "var-positional argument cannot have default value",
                                    e.start,
                                    e.end,
                                ));
                            }
                            return Err(Fail);
                        }
                        a.vararg = Some(Box::new(p));
                    } else {
                        bare_star = Some(t);
                        if !self.at_op(Op::Comma)
                            || matches!(self.nth_kind(1), TokenKind::Op(op) if op == close || op == Op::DoubleStar)
                        {
                            if self.invalid_pass && (self.at_op(close) || self.at_op(Op::Comma)) {
                                if lambda {
                                    return Err(
                                        self.raise_here("named arguments must follow bare *")
                                    );
                                }
                                return Err(self.raise_at(
                                    "named arguments must follow bare *",
                                    t.start,
                                    t.end,
                                ));
                            }
                            return Err(Fail);
                        }
                    }
                }
                TokenKind::Op(Op::DoubleStar) => {
                    self.bump();
                    let p = self.param(lambda, false)?;
                    if self.at_op(Op::Equal) {
                        if self.invalid_pass {
                            let e = self.tok();
                            return Err(self.raise_at(
                                "var-keyword argument cannot have default value",
                                e.start,
                                e.end,
                            ));
                        }
                        return Err(Fail);
                    }
                    a.kwarg = Some(Box::new(p));
                    section = Section::Done;
                }
                TokenKind::Name => {
                    let p = self.param(lambda, false)?;
                    let default = if self.at_op(Op::Equal) {
                        let eq = self.bump();
                        if self.invalid_pass && (self.at_op(close) || self.at_op(Op::Comma)) {
                            return Err(self.raise_at(
                                "expected default value expression",
                                eq.start,
                                eq.end,
                            ));
                        }
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    if section == Section::Positional {
                        match default {
                            Some(d) => {
                                seen_default = true;
                                a.defaults.push(d);
                            }
                            None if seen_default => {
                                if self.invalid_pass {
                                    return Err(self.raise_span(
                                        "non-default argument follows default argument",
                                        p.span,
                                    ));
                                }
                                return Err(Fail);
                            }
                            None => {}
                        }
                        a.args.push(p);
                    } else {
                        a.kwonlyargs.push(p);
                        a.kw_defaults.push(default);
                        bare_star = None;
                    }
                }
                TokenKind::Op(Op::LPar)
                    if self.invalid_pass
                        && section == Section::Positional
                        && !seen_slash
                        && !seen_default =>
                {
                    if let Some(close) = self.parenthesized_names_end() {
                        let msg = if lambda {
                            "Lambda expression parameters cannot be parenthesized"
                        } else {
                            "Function parameters cannot be parenthesized"
                        };
                        return Err(self.raise_at(msg, t.start, close.end));
                    }
                    return Err(Fail);
                }
                _ => return Err(Fail),
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        let _ = bare_star;
        Ok(a)
    }

    /// On a `(`: its `)` if only plain names separated by commas stand between them (CPython's
    /// `'(' param_no_default+ ','? ')'` of `invalid_parameters`, and the lambda version).
    fn parenthesized_names_end(&mut self) -> Option<crate::token::Token> {
        let mut i = 1;
        loop {
            if self.nth_kind(i) != TokenKind::Name {
                return None;
            }
            i += 1;
            if self.nth_kind(i) == TokenKind::Op(Op::Comma) {
                i += 1;
            }
            if self.nth_kind(i) == TokenKind::Op(Op::RPar) {
                return Some(self.token_at(self.pos + i));
            }
            if self.nth_kind(i - 1) != TokenKind::Op(Op::Comma) {
                return None;
            }
        }
    }

    /// `param: NAME annotation?` (no annotation in a lambda; `*args` may have `*Ts`).
    fn param(&mut self, lambda: bool, star: bool) -> PResult<Arg> {
        let t = self.tok();
        let (arg, _) = self.name()?;
        let annotation = if !lambda && self.eat_op(Op::Colon) {
            Some(Box::new(if star {
                self.star_expression()?
            } else {
                self.expression()?
            }))
        } else {
            None
        };
        Ok(Arg {
            arg,
            annotation,
            type_comment: None,
            span: self.span_from(t.start),
        })
    }

    /// `'(' [arguments] ')'` of a call or class definition, including a bare generator
    /// argument (`f(x for x in y)`). Positioned at `(`.
    pub(crate) fn call_arguments(&mut self) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        self.arguments(true)
    }

    /// `'(' [arguments] ')'`; a bare generator argument only when `genexp` (calls, not class
    /// definitions).
    pub(crate) fn arguments(&mut self, genexp: bool) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let open = self.bump();
        let mut args: Vec<Expr> = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_dstar = false;
        loop {
            if self.at_op(Op::RPar) {
                break;
            }
            let t = self.tok();
            match t.kind {
                TokenKind::Op(Op::Star) => {
                    self.bump();
                    if seen_dstar {
                        if self.invalid_pass {
                            return Err(self.raise_at(
                                "iterable argument unpacking follows keyword argument unpacking",
                                t.start,
                                t.end,
                            ));
                        }
                        return Err(Fail);
                    }
                    let value = self.expression()?;
                    let starred = mk(
                        ExprKind::Starred {
                            value: Box::new(value),
                            ctx: ExprContext::Load,
                        },
                        self.span_from(t.start),
                    );
                    if self.invalid_pass
                        && genexp
                        && args.is_empty()
                        && keywords.is_empty()
                        && (self.at_kw(Kw::For) || self.at_kw(Kw::Async))
                    {
                        return Err(self.starred_in_comprehension(&starred));
                    }
                    args.push(starred);
                }
                TokenKind::Op(Op::DoubleStar) => {
                    self.bump();
                    let value = self.expression()?;
                    if self.invalid_pass && self.at_op(Op::Equal) {
                        self.bump();
                        let rhs = self.expression()?;
                        let end = self.prev_end();
                        let _ = rhs;
                        return Err(self.raise_at(
                            "cannot assign to keyword argument unpacking",
                            t.start,
                            end,
                        ));
                    }
                    seen_dstar = true;
                    keywords.push(Keyword {
                        arg: None,
                        value,
                        span: self.span_from(t.start),
                    });
                }
                TokenKind::Name if self.nth_kind(1) == TokenKind::Op(Op::Equal) => {
                    self.bump();
                    let eq = self.bump();
                    let value = self.expression()?;
                    if self.invalid_pass && (self.at_kw(Kw::For) || self.at_kw(Kw::Async)) {
                        return Err(self.raise_at(
                            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                            t.start,
                            eq.end,
                        ));
                    }
                    let arg = Some(self.ident(t));
                    keywords.push(Keyword {
                        arg,
                        value,
                        span: self.span_from(t.start),
                    });
                }
                _ => {
                    let e = if t.kind == TokenKind::Name
                        && self.nth_kind(1) == TokenKind::Op(Op::ColonEqual)
                    {
                        self.named_expression()?
                    } else {
                        let e = self.expression()?;
                        if self.at_op(Op::ColonEqual) {
                            return Err(Fail);
                        }
                        e
                    };
                    if self.at_op(Op::Equal) {
                        if self.invalid_pass {
                            return Err(self.invalid_kwarg(&e));
                        }
                        return Err(Fail);
                    }
                    if genexp && (self.at_kw(Kw::For) || self.at_kw(Kw::Async)) {
                        let generators = self.for_if_clauses()?;
                        let lone = args.is_empty() && keywords.is_empty();
                        if lone && self.at_op(Op::RPar) {
                            let close = self.bump();
                            let span = self.span(open.start, close.end);
                            let g = mk(
                                ExprKind::GeneratorExp {
                                    elt: Box::new(e),
                                    generators,
                                },
                                span,
                            );
                            return Ok((vec![g], keywords));
                        }
                        if self.invalid_pass {
                            let end = self.prev_end();
                            let (s, _) = self.unshift_span(e.span);
                            return Err(self.raise_at(
                                "Generator expression must be parenthesized",
                                s,
                                end,
                            ));
                        }
                        return Err(Fail);
                    }
                    if !keywords.is_empty() {
                        if self.invalid_pass {
                            let msg = if seen_dstar {
                                "positional argument follows keyword argument unpacking"
                            } else {
                                "positional argument follows keyword argument"
                            };
                            // CPython's `RAISE_SYNTAX_ERROR`: at the last token read.
                            let here = self.tok();
                            return Err(self.raise_at(msg, here.start, here.end));
                        }
                        return Err(Fail);
                    }
                    args.push(e);
                }
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RPar)?;
        Ok((args, keywords))
    }
}

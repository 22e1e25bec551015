//! Displays and comprehensions: parenthesized forms (tuple, group, generator expression),
//! lists, dicts, sets, their comprehensions, and the `for ... in ... if ...` clauses.
//!
//! Invariant: as in `expr.rs`, nodes are built in `Load` context; a group returns its inner
//! node unchanged (its span excludes the parentheses) while tuples and displays span their
//! brackets.

use super::expr::mk;
use super::{Fail, PResult, Parser};
use crate::ast::{Comprehension, Expr, ExprContext, ExprKind};
use crate::token::{Keyword as Kw, Op, Pos, TokenKind};

impl<'a> Parser<'a> {
    /// `tuple | group | genexp`, all starting with `(`.
    pub(crate) fn paren_atom(&mut self) -> PResult<Expr> {
        let open = self.bump();
        let start = open.start;
        if self.eat_op(Op::RPar) {
            return Ok(mk(
                ExprKind::Tuple {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        if self.at_kw(Kw::Yield) {
            let e = self.yield_expr()?;
            self.expect_op(Op::RPar)?;
            return Ok(e);
        }
        if self.invalid_pass && self.at_op(Op::DoubleStar) {
            let t = self.bump();
            self.expression()?;
            if self.at_op(Op::RPar) {
                return Err(self.raise_at(
                    "cannot use double starred expression here",
                    t.start,
                    t.end,
                ));
            }
            return Err(Fail);
        }
        let first = self.star_named_expression()?;
        if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.starred_in_comprehension(&first));
            }
            let generators = self.for_if_clauses()?;
            self.expect_op(Op::RPar)?;
            return Ok(mk(
                ExprKind::GeneratorExp {
                    elt: Box::new(first),
                    generators,
                },
                self.span_from(start),
            ));
        }
        if self.eat_op(Op::RPar) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                if self.invalid_pass {
                    return Err(self.raise_span("cannot use starred expression here", first.span));
                }
                return Err(Fail);
            }
            return Ok(first);
        }
        if !self.at_op(Op::Comma) {
            return Err(Fail);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::RPar) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        self.expect_op(Op::RPar)?;
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `list | listcomp`.
    pub(crate) fn list_atom(&mut self) -> PResult<Expr> {
        let start = self.bump().start;
        if self.eat_op(Op::RSqb) {
            return Ok(mk(
                ExprKind::List {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        let first = self.star_named_expression()?;
        if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.starred_in_comprehension(&first));
            }
            let generators = self.for_if_clauses()?;
            self.expect_op(Op::RSqb)?;
            return Ok(mk(
                ExprKind::ListComp {
                    elt: Box::new(first),
                    generators,
                },
                self.span_from(start),
            ));
        }
        let elts = self.rest_of_elements(first, Op::RSqb)?;
        Ok(mk(
            ExprKind::List {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// The elements after `first` up to and including the closing `close`.
    fn rest_of_elements(&mut self, first: Expr, close: Op) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(close) {
                break;
            }
            elts.push(self.star_named_expression()?);
            if self.invalid_pass && (self.at_kw(Kw::For) || self.at_kw(Kw::Async)) {
                let first = elts[0].span;
                let last = elts.last().map_or(first, |e| e.span);
                return Err(self.raise_span(
                    "did you forget parentheses around the comprehension target?",
                    first.to(last),
                ));
            }
        }
        self.expect_op(close)?;
        Ok(elts)
    }

    /// `dict | set | dictcomp | setcomp`.
    pub(crate) fn brace_atom(&mut self) -> PResult<Expr> {
        let start = self.bump().start;
        if self.eat_op(Op::RBrace) {
            return Ok(mk(
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
                self.span_from(start),
            ));
        }
        if self.at_op(Op::DoubleStar) {
            if self.invalid_pass {
                let mark = self.pos;
                let t = self.bump();
                let ok = self.bitwise_or().is_ok();
                if ok && (self.at_kw(Kw::For) || self.at_kw(Kw::Async)) {
                    return Err(self.raise_at(
                        "dict unpacking cannot be used in dict comprehension",
                        t.start,
                        t.end,
                    ));
                }
                if self.failed_hard() {
                    return Err(Fail);
                }
                self.pos = mark;
            }
            return self.dict_rest(start, Vec::new(), Vec::new());
        }
        let walrus =
            self.kind() == TokenKind::Name && self.nth_kind(1) == TokenKind::Op(Op::ColonEqual);
        let first = self.star_named_expression()?;
        if self.at_op(Op::Colon) && !matches!(first.kind, ExprKind::Starred { .. }) {
            if walrus {
                return Err(Fail);
            }
            let colon = self.bump();
            if self.invalid_pass {
                self.invalid_dict_value(colon)?;
            }
            let value = self.expression()?;
            if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
                let generators = self.for_if_clauses()?;
                self.expect_op(Op::RBrace)?;
                return Ok(mk(
                    ExprKind::DictComp {
                        key: Box::new(first),
                        value: Box::new(value),
                        generators,
                    },
                    self.span_from(start),
                ));
            }
            if !self.at_op(Op::Comma) && !self.at_op(Op::RBrace) {
                return Err(Fail);
            }
            return self.dict_rest(start, vec![Some(first)], vec![value]);
        }
        if self.at_kw(Kw::For) || self.at_kw(Kw::Async) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.starred_in_comprehension(&first));
            }
            let generators = self.for_if_clauses()?;
            self.expect_op(Op::RBrace)?;
            return Ok(mk(
                ExprKind::SetComp {
                    elt: Box::new(first),
                    generators,
                },
                self.span_from(start),
            ));
        }
        let elts = self.rest_of_elements(first, Op::RBrace)?;
        Ok(mk(ExprKind::Set { elts }, self.span_from(start)))
    }

    /// The rest of a dict display, after the items already parsed (positioned at a `,`, at
    /// `}` or, for a leading `**`, at the `**`).
    fn dict_rest(
        &mut self,
        start: Pos,
        mut keys: Vec<Option<Expr>>,
        mut values: Vec<Expr>,
    ) -> PResult<Expr> {
        let mut need_comma = !keys.is_empty();
        loop {
            if self.eat_op(Op::RBrace) {
                break;
            }
            if need_comma {
                if !self.eat_op(Op::Comma) {
                    return Err(Fail);
                }
                if self.eat_op(Op::RBrace) {
                    break;
                }
            }
            need_comma = true;
            if self.eat_op(Op::DoubleStar) {
                keys.push(None);
                values.push(self.bitwise_or()?);
                continue;
            }
            let k = self.expression()?;
            if !self.at_op(Op::Colon) {
                if self.invalid_pass {
                    // CPython's `invalid_kvpair`: at the key's last character, no end.
                    let (_, mut end) = self.unshift_span(k.span);
                    end.col = end.col.saturating_sub(1);
                    let mut e = self.make_error(
                        crate::SyntaxErrorKind::SyntaxError,
                        "':' expected after dictionary key".to_owned(),
                        end,
                        end,
                    );
                    e.end_offset = 0;
                    if self.error.is_none() {
                        self.error = Some(e);
                    }
                }
                return Err(Fail);
            }
            let colon = self.bump();
            if self.invalid_pass {
                self.invalid_dict_value(colon)?;
            }
            let v = self.expression()?;
            keys.push(Some(k));
            values.push(v);
        }
        Ok(mk(ExprKind::Dict { keys, values }, self.span_from(start)))
    }

    /// `for_if_clauses: (['async'] 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)+`.
    pub(crate) fn for_if_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut out = Vec::new();
        loop {
            let is_async =
                if self.at_kw(Kw::Async) && self.nth_kind(1) == TokenKind::Keyword(Kw::For) {
                    self.bump();
                    true
                } else {
                    false
                };
            if !self.eat_kw(Kw::For) {
                break;
            }
            let target = self.for_targets()?;
            if !self.eat_kw(Kw::In) {
                if self.invalid_pass {
                    return Err(self.raise_here("'in' expected after for-loop variables"));
                }
                return Err(Fail);
            }
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw(Kw::If) {
                ifs.push(self.disjunction()?);
            }
            out.push(Comprehension {
                target,
                iter,
                ifs,
                is_async,
            });
        }
        if out.is_empty() { Err(Fail) } else { Ok(out) }
    }
}

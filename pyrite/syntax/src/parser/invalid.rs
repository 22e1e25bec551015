//! CPython's `invalid_*` rules: the specific messages of the second pass.
//!
//! Each check runs only when `invalid_pass` is set, at the point where CPython's grammar would
//! try the corresponding rule, and either raises the message (a definitive error) or leaves
//! the parser where it was. Invariant: no check here raises on input the first pass accepts
//! at that point, and every speculative parse restores `pos` before returning without error.

use super::target::{TargetKind, expr_name, set_context};
use super::{Fail, PResult, Parser};
use crate::ast::{Constant, Expr, ExprContext, ExprKind};
use crate::token::{Keyword as Kw, Op, TokenKind};

impl<'a> Parser<'a> {
    /// Runs `f` speculatively with the `invalid_*` checks off (CPython's `_without_invalid`
    /// rules); the position is restored unless it succeeds.
    fn without_invalid<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let mark = self.pos;
        let saved = self.invalid_pass;
        self.invalid_pass = false;
        let r = f(self);
        self.invalid_pass = saved;
        match r {
            Ok(v) if !self.failed_hard() => Some(v),
            _ => {
                self.pos = mark;
                None
            }
        }
    }

    /// `invalid_legacy_expression: NAME !'(' star_expressions` for `print` and `exec`, checked
    /// at the start of an expression.
    pub(crate) fn invalid_legacy_expression(&mut self) -> PResult<()> {
        let t = self.tok();
        if t.kind != TokenKind::Name || !matches!(self.text(t), "print" | "exec") {
            return Ok(());
        }
        if self.nth_kind(1) == TokenKind::Op(Op::LPar) {
            return Ok(());
        }
        let mark = self.pos;
        self.bump();
        if self.at_expr_start() && self.without_invalid(|p| p.star_expressions()).is_some() {
            let name = self.text(t);
            let msg = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
            let end = self.prev_end();
            return Err(self.raise_at(msg, t.start, end));
        }
        self.pos = mark;
        Ok(())
    }

    /// `invalid_expression`'s missing-comma alternative, after the disjunction `a` that started
    /// at token index `mark`: `!(NAME STRING | SOFT_KEYWORD) a=disjunction
    /// b=expression_without_invalid`, reported only inside brackets.
    pub(crate) fn invalid_expression(&mut self, mark: usize, a: &Expr) -> PResult<()> {
        let first = self.token_at(mark);
        if first.kind == TokenKind::Name {
            let s = self.text(first);
            if matches!(s, "match" | "case" | "_") {
                return Ok(());
            }
            if self.token_at(mark + 1).kind == TokenKind::String {
                return Ok(());
            }
        }
        if !self.at_expr_start() || self.at_op(Op::Star) {
            return Ok(());
        }
        let after_a = self.pos;
        let Some(b) = self.without_invalid(|p| p.expression()) else {
            return Ok(());
        };
        let last = self.pos.saturating_sub(1);
        let level = self.levels.get(last).copied().unwrap_or(0);
        let legacy = matches!(&a.kind, ExprKind::Name { id, .. } if id == "print" || id == "exec");
        if legacy || level == 0 {
            self.pos = after_a;
            return Ok(());
        }
        let end = self.prev_end();
        let (start, _) = self.unshift_span(a.span);
        let _ = b;
        Err(self.raise_at("invalid syntax. Perhaps you forgot a comma?", start, end))
    }

    /// `invalid_named_expression`, after an `expression` `e` that started at token `mark`.
    pub(crate) fn invalid_named_expression(&mut self, mark: usize, e: &Expr) -> PResult<()> {
        if self.at_op(Op::ColonEqual) {
            let msg = format!("cannot use assignment expressions with {}", expr_name(e));
            return Err(self.raise_span(msg, e.span));
        }
        if !self.at_op(Op::Equal) {
            return Ok(());
        }
        let after = self.pos;
        let first = self.token_at(mark);
        // `a=NAME '=' b=bitwise_or !('='|':=')`
        if first.kind == TokenKind::Name && after == mark + 1 {
            self.bump();
            if self.without_invalid(|p| p.bitwise_or()).is_some()
                && !self.at_op(Op::Equal)
                && !self.at_op(Op::ColonEqual)
            {
                let end = self.prev_end();
                return Err(self.raise_at(
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    first.start,
                    end,
                ));
            }
            self.pos = after;
            return Ok(());
        }
        // `!(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or
        //  !('='|':=')`
        let excluded = match first.kind {
            TokenKind::Keyword(Kw::True | Kw::None | Kw::False) => true,
            TokenKind::Op(Op::LSqb) | TokenKind::Op(Op::LPar) => {
                self.pos = mark;
                let r = self.without_invalid(|p| p.atom_only());
                self.pos = after;
                matches!(
                    r.map(|x| x.kind),
                    Some(
                        ExprKind::List { .. }
                            | ExprKind::Tuple { .. }
                            | ExprKind::GeneratorExp { .. }
                    )
                )
            }
            _ => false,
        };
        if excluded {
            return Ok(());
        }
        self.pos = mark;
        let a = self.without_invalid(|p| p.bitwise_or());
        let Some(a) = a else {
            self.pos = after;
            return Ok(());
        };
        if !self.at_op(Op::Equal) {
            self.pos = after;
            return Ok(());
        }
        self.bump();
        if self.without_invalid(|p| p.bitwise_or()).is_some()
            && !self.at_op(Op::Equal)
            && !self.at_op(Op::ColonEqual)
        {
            let msg = format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(&a)
            );
            return Err(self.raise_span(msg, a.span));
        }
        self.pos = after;
        Ok(())
    }

    /// `invalid_kwarg` for a call argument `e` followed by `=`.
    pub(crate) fn invalid_kwarg(&mut self, e: &Expr) -> Fail {
        let eq = self.tok();
        let (start, _) = self.unshift_span(e.span);
        if let ExprKind::Constant {
            value: c @ (Constant::None | Constant::Bool(_)),
            ..
        } = &e.kind
        {
            let name = match c {
                Constant::None => "None",
                Constant::Bool(true) => "True",
                _ => "False",
            };
            return self.raise_at(format!("cannot assign to {name}"), start, eq.end);
        }
        self.raise_at(
            "expression cannot contain assignment, perhaps you meant \"==\"?",
            start,
            eq.end,
        )
    }

    /// `invalid_assignment`, tried from the start of an expression statement when no valid
    /// assignment matched. Leaves `pos` anywhere; raises or does nothing.
    pub(crate) fn invalid_assignment(&mut self) {
        let mark = self.pos;
        let _ = self.invalid_assignment_inner(mark);
    }

    fn invalid_assignment_inner(&mut self, mark: usize) -> PResult<()> {
        // invalid_ann_assign_target ':' expression
        if self.at_op(Op::LSqb) || self.at_op(Op::LPar) {
            if let Some(a) = self.without_invalid(|p| p.atom_only())
                && let ExprKind::List { .. } | ExprKind::Tuple { .. } = a.kind
                && self.eat_op(Op::Colon)
                && self.without_invalid(|p| p.expression()).is_some()
            {
                let msg = format!(
                    "only single target (not {}) can be annotated",
                    expr_name(&a)
                );
                return Err(self.raise_span(msg, a.span));
            }
            self.pos = mark;
        }
        // a=star_named_expression ',' star_named_expressions* ':' expression
        let a = self.star_named_expression()?;
        if self.eat_op(Op::Comma) {
            while self.at_expr_start() {
                if self.star_named_expression().is_err() {
                    break;
                }
                if !self.eat_op(Op::Comma) {
                    break;
                }
            }
            if self.failed_hard() {
                return Err(Fail);
            }
            if self.eat_op(Op::Colon) && self.without_invalid(|p| p.expression()).is_some() {
                return Err(
                    self.raise_span("only single target (not tuple) can be annotated", a.span)
                );
            }
        }
        // a=expression ':' expression
        self.pos = mark;
        if let Some(a) = self.without_invalid(|p| p.expression())
            && self.eat_op(Op::Colon)
            && self.without_invalid(|p| p.expression()).is_some()
        {
            return Err(self.raise_span("illegal target for annotation", a.span));
        }
        // (star_targets '=')* a=(star_expressions | yield_expr) '='
        self.pos = mark;
        loop {
            let is_yield = self.at_kw(Kw::Yield);
            let Some(mut e) = self.without_invalid(|p| {
                if is_yield {
                    p.yield_expr()
                } else {
                    p.star_expressions()
                }
            }) else {
                break;
            };
            if !self.at_op(Op::Equal) {
                break;
            }
            if is_yield {
                return Err(self.raise_span("assignment to yield expression not possible", e.span));
            }
            let span = e.span;
            if !set_context(&mut e, ExprContext::Store) {
                let _ = span;
                return Err(self.raise_invalid_target(&e, TargetKind::Star));
            }
            self.bump();
        }
        // a=star_expressions augassign (yield_expr | star_expressions)
        self.pos = mark;
        if let Some(a) = self.without_invalid(|p| p.star_expressions())
            && let TokenKind::Op(op) = self.kind()
            && super::stmt::augassign(op).is_some()
        {
            self.bump();
            let rhs = self.without_invalid(|p| {
                if p.at_kw(Kw::Yield) {
                    p.yield_expr()
                } else {
                    p.star_expressions()
                }
            });
            if rhs.is_some() {
                let msg = format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&a)
                );
                return Err(self.raise_span(msg, a.span));
            }
        }
        Ok(())
    }

    /// `(` / `[` atoms alone, without trailers (for the lookaheads of the invalid rules).
    pub(crate) fn atom_only(&mut self) -> PResult<Expr> {
        self.atom()
    }

    /// `iterable unpacking cannot be used in comprehension`, for a starred element `e`.
    pub(crate) fn starred_in_comprehension(&mut self, e: &Expr) -> Fail {
        if self.invalid_pass {
            return self.raise_span("iterable unpacking cannot be used in comprehension", e.span);
        }
        Fail
    }

    /// `invalid_kvpair`'s value alternatives, right after a dict display's `:`.
    pub(crate) fn invalid_dict_value(&mut self, colon: crate::token::Token) -> PResult<()> {
        if self.at_op(Op::RBrace) || self.at_op(Op::Comma) {
            return Err(self.raise_at(
                "expression expected after dictionary key and ':'",
                colon.start,
                colon.end,
            ));
        }
        if self.at_op(Op::Star) {
            let t = self.tok();
            let mark = self.pos;
            self.bump();
            if self.without_invalid(|p| p.bitwise_or()).is_some() {
                return Err(self.raise_starting_from(
                    "cannot use a starred expression in a dictionary value",
                    t.start,
                ));
            }
            self.pos = mark;
        }
        Ok(())
    }

    /// Whether the statement at the current position starts with a valid assignment prefix
    /// (`(star_targets '=')+` and something the right-hand side can start with): CPython's
    /// `assignment` rule then succeeds on a prefix and `invalid_assignment` is never tried.
    pub(crate) fn valid_assignment_prefix(&mut self) -> bool {
        let mark = self.pos;
        let mut seen = false;
        let r = loop {
            let Some(mut e) = self.without_invalid(|p| p.star_expressions()) else {
                // PEG would settle for any prefix of the right-hand side.
                break seen && self.without_invalid(|p| p.bitwise_or()).is_some();
            };
            if !self.at_op(Op::Equal) {
                break seen;
            }
            if !set_context(&mut e, ExprContext::Store) {
                break false;
            }
            self.bump();
            seen = true;
        };
        self.pos = mark;
        r
    }
}

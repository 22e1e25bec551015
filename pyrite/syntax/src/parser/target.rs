//! Assignment and deletion targets: expression contexts and CPython's "cannot assign to ..."
//! diagnostics.
//!
//! Targets are parsed as expressions (an assignment's left side is only known to be a target
//! when the `=` arrives) and converted here: `set_context` rewrites `Load` to `Store`/`Del` on
//! exactly the nodes CPython's `_PyPegen_set_expr_context` touches, and refuses anything that
//! is not a valid target. Invariant: a converted target contains only `Name`, `Attribute`,
//! `Subscript`, `Starred` (not under `del`), `Tuple` and `List` at its target positions.

use super::expr::mk;
use super::{Fail, PResult, Parser};
use crate::ast::{Constant, Expr, ExprContext, ExprKind};
use crate::token::{Keyword as Kw, Op, TokenKind};

/// What a target is for; it selects the message and whether a starred target is allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// `=` targets, `with ... as` targets.
    Star,
    /// `for` and comprehension targets.
    For,
    /// `del` targets.
    Del,
}

/// Sets `ctx` on a target and its target children; `false` when `e` is not a valid target.
pub(crate) fn set_context(e: &mut Expr, ctx: ExprContext) -> bool {
    match &mut e.kind {
        ExprKind::Name { ctx: c, .. }
        | ExprKind::Attribute { ctx: c, .. }
        | ExprKind::Subscript { ctx: c, .. } => {
            *c = ctx;
            true
        }
        ExprKind::Starred { value, ctx: c } => {
            if ctx == ExprContext::Del {
                return false;
            }
            *c = ctx;
            set_context(value, ctx)
        }
        ExprKind::Tuple { elts, ctx: c } | ExprKind::List { elts, ctx: c } => {
            *c = ctx;
            elts.iter_mut().all(|x| set_context(x, ctx))
        }
        _ => false,
    }
}

/// CPython's `_PyPegen_get_invalid_target`: the first sub-expression that makes `e` an
/// invalid target, if any.
pub(crate) fn invalid_target(e: &Expr, kind: TargetKind) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, kind))
        }
        ExprKind::Starred { value, .. } => {
            if kind == TargetKind::Del {
                Some(e)
            } else {
                invalid_target(value, kind)
            }
        }
        ExprKind::Compare { left, ops, .. } => {
            if kind == TargetKind::For && ops.first() == Some(&crate::ast::CmpOp::In) {
                return invalid_target(left, kind);
            }
            Some(e)
        }
        ExprKind::Name { .. } | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => None,
        _ => Some(e),
    }
}

/// CPython's `_PyPegen_get_expr_name`: how messages name an expression.
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

impl<'a> Parser<'a> {
    /// Converts a parsed expression into a target, or fails (with CPython's message in the
    /// second pass).
    pub(crate) fn make_target(&mut self, mut e: Expr, kind: TargetKind) -> PResult<Expr> {
        let ctx = if kind == TargetKind::Del {
            ExprContext::Del
        } else {
            ExprContext::Store
        };
        if set_context(&mut e, ctx) {
            return Ok(e);
        }
        if self.invalid_pass {
            return Err(self.raise_invalid_target(&e, kind));
        }
        Err(Fail)
    }

    /// CPython's `RAISE_SYNTAX_ERROR_INVALID_TARGET`.
    pub(crate) fn raise_invalid_target(&mut self, e: &Expr, kind: TargetKind) -> Fail {
        match invalid_target(e, kind) {
            Some(bad) => {
                let verb = if kind == TargetKind::Del {
                    "delete"
                } else {
                    "assign to"
                };
                let msg = format!("cannot {verb} {}", expr_name(bad));
                self.raise_span(msg, bad.span)
            }
            None => Fail,
        }
    }

    /// Whether the current token can start a target.
    fn at_target_start(&mut self) -> bool {
        match self.kind() {
            TokenKind::Name | TokenKind::Number | TokenKind::String => true,
            TokenKind::Keyword(k) => matches!(k, Kw::None | Kw::True | Kw::False),
            TokenKind::Op(op) => {
                matches!(
                    op,
                    Op::LPar | Op::LSqb | Op::LBrace | Op::Ellipsis | Op::Star
                )
            }
            _ => false,
        }
    }

    /// One `star_target` as an unconverted expression: `'*' star_target | t_primary...`.
    fn raw_star_target(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.bump().start;
            if self.at_op(Op::Star) {
                return Err(Fail);
            }
            self.enter()?;
            let r = self.raw_star_target();
            self.leave();
            let value = r?;
            return Ok(mk(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        self.primary()
    }

    /// `star_targets` as an unconverted expression (a `Tuple` when there is a comma).
    fn raw_star_targets(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.raw_star_target()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.at_target_start() {
                break;
            }
            elts.push(self.raw_star_target()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// The target of a `for` statement or comprehension clause (stops before `in`).
    pub(crate) fn for_targets(&mut self) -> PResult<Expr> {
        let mark = self.pos;
        let raw = match self.raw_star_targets() {
            Ok(e) => e,
            Err(f) => {
                if self.invalid_pass && !self.failed_hard() {
                    self.pos = mark;
                    return Err(self.invalid_for_target());
                }
                return Err(f);
            }
        };
        if self.invalid_pass && !self.at_kw(Kw::In) {
            self.pos = mark;
            return Err(self.invalid_for_target());
        }
        self.make_target(raw, TargetKind::For)
    }

    /// `invalid_for_target: 'for' star_expressions` (positioned after `for`).
    fn invalid_for_target(&mut self) -> Fail {
        match self.star_expressions() {
            Ok(e) => self.raise_invalid_target(&e, TargetKind::For),
            Err(f) => f,
        }
    }

    /// A single `star_target` (the target of a `with` item).
    pub(crate) fn star_target(&mut self) -> PResult<Expr> {
        let raw = self.raw_star_target()?;
        self.make_target(raw, TargetKind::Star)
    }

    /// `del_targets: ','.del_target+ [',']`, converted to `Del` context.
    pub(crate) fn del_targets(&mut self) -> PResult<Vec<Expr>> {
        let mut out = Vec::new();
        loop {
            let raw = self.primary()?;
            out.push(self.make_target(raw, TargetKind::Del)?);
            if !self.eat_op(Op::Comma) {
                break;
            }
            if !self.at_target_start() || self.at_op(Op::Star) {
                break;
            }
        }
        Ok(out)
    }
}

//! Expressions: the precedence ladder of CPython's grammar, from `star_expressions` down to
//! `atom`, plus displays and comprehensions.
//!
//! Invariant: every function here builds nodes in `Load` context; assignment and deletion
//! targets are re-contextualized afterwards by `target.rs`. Spans run from the first token of a
//! node to the last token it consumed (parentheses of a group are not part of the inner node,
//! those of a tuple are), as in CPython.

use super::{Fail, PResult, Parser};
use crate::ast::{BoolOp, CmpOp, Constant, Expr, ExprContext, ExprKind, Operator, UnaryOp};
use crate::token::{Keyword as Kw, Op, Pos, TokenKind};

/// Builds an expression node.
#[inline]
pub(crate) fn mk(kind: ExprKind, span: crate::ast::Span) -> Expr {
    Expr { kind, span }
}

impl<'a> Parser<'a> {
    /// Whether the current token can start an expression.
    pub(crate) fn at_expr_start(&mut self) -> bool {
        match self.kind() {
            TokenKind::Name | TokenKind::Number | TokenKind::String => true,
            TokenKind::Keyword(k) => matches!(
                k,
                Kw::None | Kw::True | Kw::False | Kw::Not | Kw::Lambda | Kw::Await
            ),
            TokenKind::Op(op) => matches!(
                op,
                Op::LPar
                    | Op::LSqb
                    | Op::LBrace
                    | Op::Minus
                    | Op::Plus
                    | Op::Tilde
                    | Op::Ellipsis
                    | Op::Star
            ),
            _ => false,
        }
    }

    /// `expressions: expression (',' expression)* [',']`.
    pub(crate) fn expressions(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.expression()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.at_expr_start() || self.at_op(Op::Star) {
                break;
            }
            elts.push(self.expression()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `star_expressions: star_expression (',' star_expression)* [',']`.
    pub(crate) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_expression()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.at_expr_start() {
                break;
            }
            elts.push(self.star_expression()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `star_expression: '*' bitwise_or | expression`.
    pub(crate) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.bump().start;
            let value = self.bitwise_or()?;
            return Ok(mk(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        self.expression()
    }

    /// `star_named_expression: '*' bitwise_or | named_expression`.
    #[inline(always)]
    pub(crate) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.bump().start;
            let value = self.bitwise_or()?;
            return Ok(mk(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        self.named_expression()
    }

    /// `named_expression: NAME ':=' expression | expression !':='`.
    #[inline(always)]
    pub(crate) fn named_expression(&mut self) -> PResult<Expr> {
        if self.kind() == TokenKind::Name && self.nth_kind(1) == TokenKind::Op(Op::ColonEqual) {
            let t = self.bump();
            self.bump();
            let target = mk(
                ExprKind::Name {
                    id: self.ident(t),
                    ctx: ExprContext::Store,
                },
                self.span_of(t),
            );
            let value = self.expression()?;
            return Ok(mk(
                ExprKind::NamedExpr {
                    target: Box::new(target),
                    value: Box::new(value),
                },
                self.span_from(t.start),
            ));
        }
        let mark = self.pos;
        let e = self.expression()?;
        if self.invalid_pass {
            self.invalid_named_expression(mark, &e)?;
        }
        if self.at_op(Op::ColonEqual) {
            return Err(Fail);
        }
        Ok(e)
    }

    /// `expression: disjunction ['if' disjunction 'else' expression] | lambdef`.
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.leave();
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at_kw(Kw::Lambda) {
            return self.lambdef();
        }
        if self.invalid_pass {
            self.invalid_legacy_expression()?;
        }
        let mark = self.pos;
        let start = self.start();
        let body = self.disjunction()?;
        if self.invalid_pass {
            self.invalid_expression(mark, &body)?;
        }
        if !self.at_kw(Kw::If) {
            return Ok(body);
        }
        self.bump();
        let test = self.disjunction()?;
        if !self.eat_kw(Kw::Else) {
            if self.invalid_pass && !self.at_op(Op::Colon) {
                return Err(self.raise_span(
                    "expected 'else' after 'if' expression",
                    body.span.to(test.span),
                ));
            }
            return Err(Fail);
        }
        let orelse = self.expression()?;
        Ok(mk(
            ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            self.span_from(start),
        ))
    }

    /// `lambdef: 'lambda' [lambda_params] ':' expression`.
    fn lambdef(&mut self) -> PResult<Expr> {
        let start = self.bump().start;
        let args = self.parameters(true)?;
        if !self.eat_op(Op::Colon) {
            return Err(Fail);
        }
        let body = self.expression()?;
        Ok(mk(
            ExprKind::Lambda {
                args: Box::new(args),
                body: Box::new(body),
            },
            self.span_from(start),
        ))
    }

    /// `disjunction: conjunction ('or' conjunction)*`.
    #[inline(always)]
    pub(crate) fn disjunction(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.conjunction()?;
        if !self.at_kw(Kw::Or) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_kw(Kw::Or) {
            values.push(self.conjunction()?);
        }
        Ok(mk(
            ExprKind::BoolOp {
                op: BoolOp::Or,
                values,
            },
            self.span_from(start),
        ))
    }

    /// `conjunction: inversion ('and' inversion)*`.
    #[inline(always)]
    fn conjunction(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.inversion()?;
        if !self.at_kw(Kw::And) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_kw(Kw::And) {
            values.push(self.inversion()?);
        }
        Ok(mk(
            ExprKind::BoolOp {
                op: BoolOp::And,
                values,
            },
            self.span_from(start),
        ))
    }

    /// `inversion: 'not' inversion | comparison`.
    #[inline(always)]
    fn inversion(&mut self) -> PResult<Expr> {
        if !self.at_kw(Kw::Not) {
            return self.comparison();
        }
        self.enter()?;
        let start = self.bump().start;
        let r = self.inversion();
        self.leave();
        let operand = r?;
        Ok(mk(
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: Box::new(operand),
            },
            self.span_from(start),
        ))
    }

    /// The comparison operator at the current token, and how many tokens it takes.
    fn comparison_op(&mut self) -> Option<(CmpOp, usize)> {
        let t = self.tok();
        Some(match t.kind {
            TokenKind::Op(Op::EqEqual) => (CmpOp::Eq, 1),
            // `<>` is NOTEQUAL too, valid only with `from __future__ import barry_as_FLUFL`.
            TokenKind::Op(Op::NotEqual) if self.text(t) == "!=" => (CmpOp::NotEq, 1),
            TokenKind::Op(Op::Less) => (CmpOp::Lt, 1),
            TokenKind::Op(Op::LessEqual) => (CmpOp::LtE, 1),
            TokenKind::Op(Op::Greater) => (CmpOp::Gt, 1),
            TokenKind::Op(Op::GreaterEqual) => (CmpOp::GtE, 1),
            TokenKind::Keyword(Kw::In) => (CmpOp::In, 1),
            TokenKind::Keyword(Kw::Is) => {
                if self.nth_kind(1) == TokenKind::Keyword(Kw::Not) {
                    (CmpOp::IsNot, 2)
                } else {
                    (CmpOp::Is, 1)
                }
            }
            TokenKind::Keyword(Kw::Not) if self.nth_kind(1) == TokenKind::Keyword(Kw::In) => {
                (CmpOp::NotIn, 2)
            }
            _ => return None,
        })
    }

    /// `comparison: bitwise_or compare_op_bitwise_or_pair*`.
    #[inline(always)]
    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.bitwise_or()?;
        let Some(mut op) = self.comparison_op() else {
            return Ok(left);
        };
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            self.pos += op.1;
            ops.push(op.0);
            comparators.push(self.bitwise_or()?);
            match self.comparison_op() {
                Some(o) => op = o,
                None => break,
            }
        }
        Ok(mk(
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
            self.span_from(start),
        ))
    }

    /// The binary operator at the current token and its precedence level (0 `|`, 1 `^`,
    /// 2 `&`, 3 shifts, 4 sums, 5 terms).
    #[inline]
    fn binop_here(&mut self) -> Option<(Operator, u8)> {
        let TokenKind::Op(op) = self.kind() else {
            return None;
        };
        Some(match op {
            Op::VBar => (Operator::BitOr, 0),
            Op::Circumflex => (Operator::BitXor, 1),
            Op::Amper => (Operator::BitAnd, 2),
            Op::LeftShift => (Operator::LShift, 3),
            Op::RightShift => (Operator::RShift, 3),
            Op::Plus => (Operator::Add, 4),
            Op::Minus => (Operator::Sub, 4),
            Op::Star => (Operator::Mult, 5),
            Op::Slash => (Operator::Div, 5),
            Op::DoubleSlash => (Operator::FloorDiv, 5),
            Op::Percent => (Operator::Mod, 5),
            Op::At => (Operator::MatMult, 5),
            _ => return None,
        })
    }

    /// `bitwise_or` down to `term`, by precedence climbing: one frame per precedence level
    /// actually used, instead of one per grammar rule (this keeps deep bracket nesting well
    /// inside a small stack). All these operators are left-associative.
    fn binary_from(&mut self, min_level: u8) -> PResult<Expr> {
        let start = self.start();
        let mut left = self.factor()?;
        while let Some((op, level)) = self.binop_here() {
            if level < min_level {
                break;
            }
            self.bump();
            let right = self.binary_from(level + 1)?;
            left = mk(
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
                self.span_from(start),
            );
        }
        Ok(left)
    }

    /// `bitwise_or`.
    pub(crate) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary_from(0)
    }

    /// `factor: ('+' | '-' | '~') factor | power`, iteratively over the prefix operators.
    fn factor(&mut self) -> PResult<Expr> {
        let mut ops: Vec<(UnaryOp, Pos)> = Vec::new();
        loop {
            let op = match self.kind() {
                TokenKind::Op(Op::Plus) => UnaryOp::UAdd,
                TokenKind::Op(Op::Minus) => UnaryOp::USub,
                TokenKind::Op(Op::Tilde) => UnaryOp::Invert,
                _ => break,
            };
            if ops.len() as u32 + self.depth >= super::MAX_DEPTH {
                return Err(self.too_complex());
            }
            let start = self.bump().start;
            ops.push((op, start));
        }
        let mut e = self.power()?;
        while let Some((op, start)) = ops.pop() {
            e = mk(
                ExprKind::UnaryOp {
                    op,
                    operand: Box::new(e),
                },
                self.span_from(start),
            );
        }
        Ok(e)
    }

    /// `power: await_primary ['**' factor]`.
    #[inline(always)]
    fn power(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.await_primary()?;
        if !self.eat_op(Op::DoubleStar) {
            return Ok(left);
        }
        self.enter()?;
        let r = self.factor();
        self.leave();
        let right = r?;
        Ok(mk(
            ExprKind::BinOp {
                left: Box::new(left),
                op: Operator::Pow,
                right: Box::new(right),
            },
            self.span_from(start),
        ))
    }

    /// `await_primary: 'await' primary | primary`.
    #[inline(always)]
    fn await_primary(&mut self) -> PResult<Expr> {
        if !self.at_kw(Kw::Await) {
            return self.primary();
        }
        let start = self.bump().start;
        let value = self.primary()?;
        Ok(mk(
            ExprKind::Await {
                value: Box::new(value),
            },
            self.span_from(start),
        ))
    }

    /// `primary: atom ('.' NAME | '(' arguments ')' | '[' slices ']' | genexp)*`.
    pub(crate) fn primary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut e = self.atom()?;
        loop {
            match self.kind() {
                TokenKind::Op(Op::Dot) => {
                    self.bump();
                    let (attr, _) = self.name()?;
                    e = mk(
                        ExprKind::Attribute {
                            value: Box::new(e),
                            attr,
                            ctx: ExprContext::Load,
                        },
                        self.span_from(start),
                    );
                }
                TokenKind::Op(Op::LPar) => {
                    let (args, keywords) = self.call_arguments()?;
                    e = mk(
                        ExprKind::Call {
                            func: Box::new(e),
                            args,
                            keywords,
                        },
                        self.span_from(start),
                    );
                }
                TokenKind::Op(Op::LSqb) => {
                    // `primary '[' slices ']'`: when it does not parse, the PEG rule falls back
                    // to the primary before it (then `x[]` is `x` followed by a list).
                    let before = self.pos;
                    self.bump();
                    let slice = match self.slices() {
                        Ok(slice) if self.at_op(Op::RSqb) => slice,
                        Err(f) if self.failed_hard() => return Err(f),
                        _ => {
                            self.pos = before;
                            return Ok(e);
                        }
                    };
                    self.bump();
                    e = mk(
                        ExprKind::Subscript {
                            value: Box::new(e),
                            slice: Box::new(slice),
                            ctx: ExprContext::Load,
                        },
                        self.span_from(start),
                    );
                }
                _ => return Ok(e),
            }
        }
    }

    /// `slices: slice !',' | ','.(slice | starred_expression)+ [',']`.
    fn slices(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.slice_item()?;
        // A lone `*x` is not a `slice`: it is a one-element tuple of slices.
        if !self.at_op(Op::Comma) && !matches!(first.kind, ExprKind::Starred { .. }) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::RSqb) {
                break;
            }
            elts.push(self.slice_item()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.span_from(start),
        ))
    }

    /// `slice: [expression] ':' [expression] [':' [expression]] | named_expression`, or a
    /// `starred_expression` inside a tuple of slices.
    fn slice_item(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.at_op(Op::Star) {
            self.bump();
            let value = self.expression()?;
            return Ok(mk(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.span_from(start),
            ));
        }
        let lower = if self.at_op(Op::Colon) {
            None
        } else {
            let e = self.named_expression()?;
            if !self.at_op(Op::Colon) {
                return Ok(e);
            }
            if matches!(e.kind, ExprKind::NamedExpr { .. }) {
                // `a[x := 1:2]`: the lower bound is an `expression`, not a walrus.
                return Err(Fail);
            }
            Some(Box::new(e))
        };
        self.bump();
        let upper = self.optional_slice_bound()?;
        let step = if self.eat_op(Op::Colon) {
            self.optional_slice_bound()?
        } else {
            None
        };
        Ok(mk(
            ExprKind::Slice { lower, upper, step },
            self.span_from(start),
        ))
    }

    fn optional_slice_bound(&mut self) -> PResult<Option<Box<Expr>>> {
        if self.at_op(Op::Colon) || self.at_op(Op::Comma) || self.at_op(Op::RSqb) {
            return Ok(None);
        }
        Ok(Some(Box::new(self.expression()?)))
    }

    /// `atom`.
    pub(crate) fn atom(&mut self) -> PResult<Expr> {
        let t = self.tok();
        let constant = |p: &mut Parser<'a>, value| {
            p.bump();
            Ok(mk(ExprKind::Constant { value, kind: None }, p.span_of(t)))
        };
        match t.kind {
            TokenKind::Name => {
                self.bump();
                Ok(mk(
                    ExprKind::Name {
                        id: self.ident(t),
                        ctx: ExprContext::Load,
                    },
                    self.span_of(t),
                ))
            }
            TokenKind::Keyword(Kw::True) => constant(self, Constant::Bool(true)),
            TokenKind::Keyword(Kw::False) => constant(self, Constant::Bool(false)),
            TokenKind::Keyword(Kw::None) => constant(self, Constant::None),
            TokenKind::Op(Op::Ellipsis) => constant(self, Constant::Ellipsis),
            TokenKind::Number => {
                self.bump();
                let value = self.number(t)?;
                Ok(mk(
                    ExprKind::Constant { value, kind: None },
                    self.span_of(t),
                ))
            }
            TokenKind::String => self.strings(),
            TokenKind::Op(Op::LPar) => self.paren_atom(),
            TokenKind::Op(Op::LSqb) => self.list_atom(),
            TokenKind::Op(Op::LBrace) => self.brace_atom(),
            _ => Err(Fail),
        }
    }

    /// `yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]`.
    pub(crate) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.expect_kw(Kw::Yield)?.start;
        if self.eat_kw(Kw::From) {
            let value = self.expression()?;
            return Ok(mk(
                ExprKind::YieldFrom {
                    value: Box::new(value),
                },
                self.span_from(start),
            ));
        }
        let value = if self.at_expr_start() {
            Some(Box::new(self.star_expressions()?))
        } else {
            None
        };
        Ok(mk(ExprKind::Yield { value }, self.span_from(start)))
    }
}

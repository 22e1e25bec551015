//! Expressions: the precedence ladder of CPython's grammar, from `star_expressions` down to
//! `atom`, plus displays and comprehensions.
//!
//! Invariant: every function here builds nodes in `Load` context; assignment and deletion
//! targets are re-contextualized afterwards by `target.rs`. Spans run from the first token of a
//! node to the last token it consumed (parentheses of a group are not part of the inner node,
//! those of a tuple are), as in CPython.

use super::{Fail, PResult, Parser};
use crate::ast::{
    BoolOp, CmpOp, Comprehension, Constant, Expr, ExprContext, ExprKind, Operator, UnaryOp,
};
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
        Some(match self.kind() {
            TokenKind::Op(Op::EqEqual) => (CmpOp::Eq, 1),
            TokenKind::Op(Op::NotEqual) => (CmpOp::NotEq, 1),
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
            TokenKind::Keyword(Kw::Not) => {
                if self.nth_kind(1) == TokenKind::Keyword(Kw::In) {
                    (CmpOp::NotIn, 2)
                } else {
                    return None;
                }
            }
            _ => return None,
        })
    }

    /// `comparison: bitwise_or compare_op_bitwise_or_pair*`.
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

    /// The binary operator of one precedence level at the current token.
    fn binop_at(&mut self, level: u8) -> Option<Operator> {
        let TokenKind::Op(op) = self.kind() else {
            return None;
        };
        let r = match (level, op) {
            (0, Op::VBar) => Operator::BitOr,
            (1, Op::Circumflex) => Operator::BitXor,
            (2, Op::Amper) => Operator::BitAnd,
            (3, Op::LeftShift) => Operator::LShift,
            (3, Op::RightShift) => Operator::RShift,
            (4, Op::Plus) => Operator::Add,
            (4, Op::Minus) => Operator::Sub,
            (5, Op::Star) => Operator::Mult,
            (5, Op::Slash) => Operator::Div,
            (5, Op::DoubleSlash) => Operator::FloorDiv,
            (5, Op::Percent) => Operator::Mod,
            (5, Op::At) => Operator::MatMult,
            _ => return None,
        };
        Some(r)
    }

    /// `bitwise_or` and every left-associative binary level below it (`level` 0..=5:
    /// `|`, `^`, `&`, shifts, sums, terms), bottoming out at `factor`.
    fn binary_level(&mut self, level: u8) -> PResult<Expr> {
        let start = self.start();
        let mut left = if level == 5 {
            self.factor()?
        } else {
            self.binary_level(level + 1)?
        };
        while let Some(op) = self.binop_at(level) {
            self.bump();
            let right = if level == 5 {
                self.factor()?
            } else {
                self.binary_level(level + 1)?
            };
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
        self.binary_level(0)
    }

    /// `factor: ('+' | '-' | '~') factor | power`.
    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.kind() {
            TokenKind::Op(Op::Plus) => UnaryOp::UAdd,
            TokenKind::Op(Op::Minus) => UnaryOp::USub,
            TokenKind::Op(Op::Tilde) => UnaryOp::Invert,
            _ => return self.power(),
        };
        self.enter()?;
        let start = self.bump().start;
        let r = self.factor();
        self.leave();
        let operand = r?;
        Ok(mk(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            self.span_from(start),
        ))
    }

    /// `power: await_primary ['**' factor]`.
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
                    self.bump();
                    let slice = self.slices()?;
                    if !self.eat_op(Op::RSqb) {
                        return Err(Fail);
                    }
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

    /// `tuple | group | genexp`, all starting with `(`.
    fn paren_atom(&mut self) -> PResult<Expr> {
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
    fn list_atom(&mut self) -> PResult<Expr> {
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
    fn brace_atom(&mut self) -> PResult<Expr> {
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

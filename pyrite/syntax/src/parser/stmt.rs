//! Statements: simple statements (assignments, imports, `del`, ...) and compound ones (`if`,
//! loops, `try`, `with`, definitions), and blocks.
//!
//! Invariant: a statement's span runs from its first keyword (`def`/`class`, not a decorator)
//! to the last token of its last block that is not NEWLINE/INDENT/DEDENT, as in CPython; a
//! block is either an indented suite or simple statements on the header's line.

use super::target::{TargetKind, set_context};
use super::{Fail, PResult, Parser};
use crate::SyntaxErrorKind;
use crate::ast::{
    Alias, ExceptHandler, Expr, ExprContext, ExprKind, For, FunctionDef, Operator, Stmt, StmtKind,
    Try, With, WithItem,
};
use crate::token::{Keyword as Kw, Op, Pos, TokenKind};

/// Builds a statement node.
#[inline]
fn st(kind: StmtKind, span: crate::ast::Span) -> Stmt {
    Stmt { kind, span }
}

impl<'a> Parser<'a> {
    /// `statement: compound_stmt | simple_stmts`, appending to `out`.
    pub(crate) fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let t = self.tok();
        let s = match t.kind {
            TokenKind::Keyword(Kw::If) => self.if_stmt()?,
            TokenKind::Keyword(Kw::While) => self.while_stmt()?,
            TokenKind::Keyword(Kw::For) => self.for_stmt(None)?,
            TokenKind::Keyword(Kw::Try) => self.try_stmt()?,
            TokenKind::Keyword(Kw::With) => self.with_stmt(None)?,
            TokenKind::Keyword(Kw::Def) => self.function_def(Vec::new(), None)?,
            TokenKind::Keyword(Kw::Class) => self.class_def(Vec::new())?,
            TokenKind::Op(Op::At) => self.decorated()?,
            TokenKind::Keyword(Kw::Async) => {
                let a = self.bump();
                match self.kind() {
                    TokenKind::Keyword(Kw::Def) => self.function_def(Vec::new(), Some(a.start))?,
                    TokenKind::Keyword(Kw::For) => self.for_stmt(Some(a.start))?,
                    TokenKind::Keyword(Kw::With) => self.with_stmt(Some(a.start))?,
                    _ => return Err(Fail),
                }
            }
            TokenKind::Name if self.at_soft("match") => match self.match_stmt()? {
                Some(s) => s,
                None => return self.simple_stmts(out),
            },
            _ => return self.simple_stmts(out),
        };
        out.push(s);
        Ok(())
    }

    /// `simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE`.
    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let s = self.simple_stmt()?;
            out.push(s);
            if !self.eat_op(Op::Semi) {
                break;
            }
            if self.kind() == TokenKind::Newline {
                break;
            }
        }
        if self.kind() != TokenKind::Newline {
            return Err(Fail);
        }
        self.bump();
        Ok(())
    }

    /// `block: NEWLINE INDENT statements DEDENT | simple_stmts`. `what` names the header for
    /// the "expected an indented block after ..." message, whose line is `line`.
    pub(crate) fn block(&mut self, what: &str, line: u32) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        if self.kind() != TokenKind::Newline {
            self.simple_stmts(&mut body)?;
            return Ok(body);
        }
        self.bump();
        if self.kind() != TokenKind::Indent {
            let msg = format!("expected an indented block after {what} on line {line}");
            return Err(self.raise_kind_here(SyntaxErrorKind::IndentationError, msg));
        }
        self.bump();
        self.enter()?;
        let r = self.statements_until_dedent(&mut body);
        self.leave();
        r?;
        Ok(body)
    }

    fn statements_until_dedent(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            match self.kind() {
                TokenKind::Dedent => {
                    self.bump();
                    return Ok(());
                }
                TokenKind::EndMarker => return Err(Fail),
                _ => self.statement(body)?,
            }
        }
    }

    /// `':'` after a compound statement header; in the second pass, a NEWLINE there is
    /// CPython's "expected ':'".
    fn header_colon(&mut self) -> PResult<()> {
        if self.eat_op(Op::Colon) {
            return Ok(());
        }
        if self.invalid_pass && self.kind() == TokenKind::Newline {
            return Err(self.raise_here("expected ':'"));
        }
        Err(Fail)
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let kw = self.bump();
        let test = self.named_expression()?;
        self.header_colon()?;
        let what = if self.text(kw) == "if" {
            "'if' statement"
        } else {
            "'elif' statement"
        };
        let body = self.block(what, kw.start.line)?;
        let orelse = if self.at_kw(Kw::Elif) {
            vec![self.if_stmt()?]
        } else {
            self.else_block()?
        };
        Ok(st(
            StmtKind::If {
                test: Box::new(test),
                body,
                orelse,
            },
            self.span_from(kw.start),
        ))
    }

    /// `[else_block]: 'else' &&':' block`.
    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        if !self.at_kw(Kw::Else) {
            return Ok(Vec::new());
        }
        let kw = self.bump();
        self.expect_forced(Op::Colon, ":")?;
        self.block("'else' statement", kw.start.line)
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let kw = self.bump();
        let test = self.named_expression()?;
        self.header_colon()?;
        let body = self.block("'while' statement", kw.start.line)?;
        let orelse = self.else_block()?;
        Ok(st(
            StmtKind::While {
                test: Box::new(test),
                body,
                orelse,
            },
            self.span_from(kw.start),
        ))
    }

    fn for_stmt(&mut self, async_start: Option<Pos>) -> PResult<Stmt> {
        let kw = self.bump();
        let target = self.for_targets()?;
        if !self.eat_kw(Kw::In) {
            return Err(Fail);
        }
        let iter = self.star_expressions()?;
        self.header_colon()?;
        let body = self.block("'for' statement", kw.start.line)?;
        let orelse = self.else_block()?;
        let f = For {
            target: Box::new(target),
            iter: Box::new(iter),
            body,
            orelse,
            type_comment: None,
        };
        let start = async_start.unwrap_or(kw.start);
        let kind = if async_start.is_some() {
            StmtKind::AsyncFor(f)
        } else {
            StmtKind::For(f)
        };
        Ok(st(kind, self.span_from(start)))
    }

    fn with_stmt(&mut self, async_start: Option<Pos>) -> PResult<Stmt> {
        let kw = self.bump();
        let mut items = None;
        if self.at_op(Op::LPar) {
            // `with (a as b, c):` (3.9+); else the parenthesis belongs to an expression.
            let mark = self.pos;
            match self.parenthesized_with_items() {
                Ok(v) => items = Some(v),
                Err(f) if self.failed_hard() => return Err(f),
                Err(_) => self.pos = mark,
            }
        }
        let items = match items {
            Some(v) => v,
            None => {
                let mut v = vec![self.with_item()?];
                while self.eat_op(Op::Comma) {
                    if self.invalid_pass && self.at_op(Op::Colon) {
                        let t = self.tokens[self.pos - 1];
                        return Err(self.raise_at(
                            "the last 'with' item has a trailing comma",
                            t.start,
                            t.end,
                        ));
                    }
                    v.push(self.with_item()?);
                }
                self.header_colon()?;
                v
            }
        };
        let body = self.block("'with' statement", kw.start.line)?;
        let w = With {
            items,
            body,
            type_comment: None,
        };
        let start = async_start.unwrap_or(kw.start);
        let kind = if async_start.is_some() {
            StmtKind::AsyncWith(w)
        } else {
            StmtKind::With(w)
        };
        Ok(st(kind, self.span_from(start)))
    }

    /// `'(' ','.with_item+ ','? ')' ':'` (positioned at the parenthesis).
    fn parenthesized_with_items(&mut self) -> PResult<Vec<WithItem>> {
        self.bump();
        let mut v = vec![self.with_item()?];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::RPar) {
                break;
            }
            v.push(self.with_item()?);
        }
        self.expect_op(Op::RPar)?;
        self.expect_op(Op::Colon)?;
        Ok(v)
    }

    /// `with_item: expression 'as' star_target &(',' | ')' | ':') | expression`.
    fn with_item(&mut self) -> PResult<WithItem> {
        let context_expr = self.expression()?;
        let mut optional_vars = None;
        if self.at_kw(Kw::As) {
            let mark = self.pos;
            self.bump();
            match self.star_target() {
                Ok(t) if self.at_op(Op::Comma) || self.at_op(Op::RPar) || self.at_op(Op::Colon) => {
                    optional_vars = Some(Box::new(t))
                }
                // `invalid_with_stmt`: `with a as b` then NEWLINE is "expected ':'", which the
                // caller's `header_colon` raises.
                Ok(t) if self.invalid_pass && self.kind() == TokenKind::Newline => {
                    optional_vars = Some(Box::new(t))
                }
                Err(f) if self.failed_hard() => return Err(f),
                _ => {
                    if self.invalid_pass {
                        // invalid_with_item: expression 'as' expression &(',' | ')' | ':').
                        self.pos = mark + 1;
                        if let Ok(e) = self.expression()
                            && (self.at_op(Op::Comma)
                                || self.at_op(Op::RPar)
                                || self.at_op(Op::Colon))
                        {
                            return Err(self.raise_invalid_target(&e, TargetKind::Star));
                        }
                    }
                    self.pos = mark;
                }
            }
        }
        Ok(WithItem {
            context_expr,
            optional_vars,
        })
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let kw = self.bump();
        self.expect_forced(Op::Colon, ":")?;
        let body = self.block("'try' statement", kw.start.line)?;
        let mut handlers = Vec::new();
        let mut star = None;
        while self.at_kw(Kw::Except) {
            let ex = self.bump();
            let is_star = self.at_op(Op::Star);
            // CPython spans `except*` from `except` to the star, a plain `except` alone.
            let mut ex_end = ex.end;
            if is_star {
                ex_end = self.bump().end;
            }
            match star {
                None => star = Some(is_star),
                Some(s) if s != is_star => {
                    if self.invalid_pass {
                        return Err(self.raise_at(
                            "cannot have both 'except' and 'except*' on the same 'try'",
                            ex.start,
                            ex_end,
                        ));
                    }
                    return Err(Fail);
                }
                Some(_) => {}
            }
            let mut type_ = None;
            let mut name = None;
            if is_star && self.invalid_pass && self.at_op(Op::Colon) {
                let c = self.tok();
                return Err(self.raise_at("expected one or more exception types", c.start, c.end));
            }
            // `invalid_except_stmt`: `except` then NEWLINE.
            if self.invalid_pass && self.kind() == TokenKind::Newline {
                return Err(self.raise_here(if is_star {
                    "expected one or more exception types"
                } else {
                    "expected ':'"
                }));
            }
            if !self.at_op(Op::Colon) || is_star {
                let start = self.start();
                let e = self.expression()?;
                let e = if self.at_op(Op::Comma) {
                    // `except A, B:`: CPython's message, from `A` to the end of the clause.
                    if self.invalid_pass {
                        let _ = self.expressions_after(e, start);
                        if self.eat_kw(Kw::As) {
                            let _ = self.name();
                        }
                        if self.at_op(Op::Colon) {
                            return Err(self.raise_at(
                                "multiple exception types must be parenthesized",
                                start,
                                self.prev_end(),
                            ));
                        }
                    }
                    return Err(Fail);
                } else {
                    e
                };
                type_ = Some(Box::new(e));
                if self.eat_kw(Kw::As) {
                    name = Some(self.name()?.0);
                }
            }
            self.header_colon()?;
            let what = if is_star {
                "'except*' statement"
            } else {
                "'except' statement"
            };
            let hbody = self.block(what, ex.start.line)?;
            handlers.push(ExceptHandler {
                type_,
                name,
                body: hbody,
                span: self.span_from(ex.start),
            });
        }
        let orelse = if handlers.is_empty() {
            Vec::new()
        } else {
            self.else_block()?
        };
        let finalbody = if self.at_kw(Kw::Finally) {
            let f = self.bump();
            self.expect_forced(Op::Colon, ":")?;
            self.block("'finally' statement", f.start.line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            if self.invalid_pass {
                return Err(self.raise_here("expected 'except' or 'finally' block"));
            }
            return Err(Fail);
        }
        let t = Try {
            body,
            handlers,
            orelse,
            finalbody,
        };
        let kind = if star == Some(true) {
            StmtKind::TryStar(t)
        } else {
            StmtKind::Try(t)
        };
        Ok(st(kind, self.span_from(kw.start)))
    }

    /// Parses `, expr, ...` after `first` (for the `except A, B` message).
    fn expressions_after(&mut self, first: Expr, _start: Pos) -> PResult<Expr> {
        let mut last = first;
        while self.eat_op(Op::Comma) {
            last = self.expression()?;
        }
        Ok(last)
    }

    /// `decorators (class_def_raw | function_def_raw)`.
    fn decorated(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat_op(Op::At) {
            decorators.push(self.named_expression()?);
            if self.kind() != TokenKind::Newline {
                return Err(Fail);
            }
            self.bump();
        }
        match self.kind() {
            TokenKind::Keyword(Kw::Def) => self.function_def(decorators, None),
            TokenKind::Keyword(Kw::Class) => self.class_def(decorators),
            TokenKind::Keyword(Kw::Async) if self.nth_kind(1) == TokenKind::Keyword(Kw::Def) => {
                let a = self.bump();
                self.function_def(decorators, Some(a.start))
            }
            _ => Err(Fail),
        }
    }

    /// `'def' NAME &&'(' [params] ')' ['->' expression] &&':' block` (positioned at `def`).
    fn function_def(
        &mut self,
        decorator_list: Vec<Expr>,
        async_start: Option<Pos>,
    ) -> PResult<Stmt> {
        let kw = self.bump();
        let (name, _) = self.name()?;
        self.expect_forced(Op::LPar, "(")?;
        let args = self.parameters(false)?;
        self.expect_op(Op::RPar)?;
        // `['->' expression] &&':'`: without an expression the arrow is not taken, and the
        // forced `:` fails on it.
        let before_arrow = self.pos;
        let returns = if self.eat_op(Op::RArrow) {
            match self.expression() {
                Ok(e) => Some(Box::new(e)),
                Err(f) if self.failed_hard() => return Err(f),
                Err(_) => {
                    self.pos = before_arrow;
                    None
                }
            }
        } else {
            None
        };
        self.expect_forced(Op::Colon, ":")?;
        let body = self.block("function definition", kw.start.line)?;
        let f = FunctionDef {
            name,
            args: Box::new(args),
            body,
            decorator_list,
            returns,
            type_comment: None,
        };
        let start = async_start.unwrap_or(kw.start);
        let kind = if async_start.is_some() {
            StmtKind::AsyncFunctionDef(f)
        } else {
            StmtKind::FunctionDef(f)
        };
        Ok(st(kind, self.span_from(start)))
    }

    /// `'class' NAME ['(' [arguments] ')'] &&':' block`.
    fn class_def(&mut self, decorator_list: Vec<Expr>) -> PResult<Stmt> {
        let kw = self.bump();
        let (name, _) = self.name()?;
        let (bases, keywords) = if self.at_op(Op::LPar) {
            self.arguments(false)?
        } else {
            (Vec::new(), Vec::new())
        };
        self.header_colon()?;
        let body = self.block("class definition", kw.start.line)?;
        Ok(st(
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            },
            self.span_from(kw.start),
        ))
    }

    /// `simple_stmt`.
    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let t = self.tok();
        let start = t.start;
        let kind = match t.kind {
            TokenKind::Keyword(Kw::Pass) => {
                self.bump();
                StmtKind::Pass
            }
            TokenKind::Keyword(Kw::Break) => {
                self.bump();
                StmtKind::Break
            }
            TokenKind::Keyword(Kw::Continue) => {
                self.bump();
                StmtKind::Continue
            }
            TokenKind::Keyword(Kw::Return) => {
                self.bump();
                let value = if self.at_expr_start() {
                    Some(Box::new(self.star_expressions()?))
                } else {
                    None
                };
                StmtKind::Return { value }
            }
            TokenKind::Keyword(Kw::Raise) => self.raise_stmt()?,
            TokenKind::Keyword(Kw::Global) | TokenKind::Keyword(Kw::Nonlocal) => {
                self.bump();
                let mut names = vec![self.name()?.0];
                while self.eat_op(Op::Comma) {
                    names.push(self.name()?.0);
                }
                if t.kind == TokenKind::Keyword(Kw::Global) {
                    StmtKind::Global { names }
                } else {
                    StmtKind::Nonlocal { names }
                }
            }
            TokenKind::Keyword(Kw::Del) => self.del_stmt()?,
            TokenKind::Keyword(Kw::Assert) => {
                self.bump();
                let test = self.expression()?;
                let msg = if self.eat_op(Op::Comma) {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                StmtKind::Assert {
                    test: Box::new(test),
                    msg,
                }
            }
            TokenKind::Keyword(Kw::Import) => self.import_name()?,
            TokenKind::Keyword(Kw::From) => self.import_from()?,
            _ => return self.expression_stmt(),
        };
        Ok(st(kind, self.span_from(start)))
    }

    fn raise_stmt(&mut self) -> PResult<StmtKind> {
        let kw = self.bump();
        let _ = kw;
        if !self.at_expr_start() {
            return Ok(StmtKind::Raise {
                exc: None,
                cause: None,
            });
        }
        let exc = self.expression()?;
        let cause = if self.at_kw(Kw::From) {
            self.bump();
            Some(Box::new(self.expression()?))
        } else {
            None
        };
        Ok(StmtKind::Raise {
            exc: Some(Box::new(exc)),
            cause,
        })
    }

    fn del_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mark = self.pos;
        let r = self.del_targets();
        if let Ok(targets) = r
            && (self.at_op(Op::Semi) || self.kind() == TokenKind::Newline)
        {
            return Ok(StmtKind::Delete { targets });
        }
        if self.failed_hard() {
            return Err(Fail);
        }
        if self.invalid_pass {
            self.pos = mark;
            if let Ok(e) = self.star_expressions() {
                return Err(self.raise_invalid_target(&e, TargetKind::Del));
            }
        }
        Err(Fail)
    }

    /// `import_name: 'import' dotted_as_names`.
    fn import_name(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut names = Vec::new();
        loop {
            let start = self.start();
            let name = self.dotted_name()?;
            let asname = if self.eat_kw(Kw::As) {
                Some(self.name()?.0)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                span: self.span_from(start),
            });
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        Ok(StmtKind::Import { names })
    }

    /// `dotted_name: NAME ('.' NAME)*`, joined with dots.
    fn dotted_name(&mut self) -> PResult<String> {
        let mut s = self.name()?.0;
        while self.at_op(Op::Dot) {
            self.bump();
            s.push('.');
            s.push_str(&self.name()?.0);
        }
        Ok(s)
    }

    /// `import_from: 'from' ('.' | '...')* dotted_name 'import' targets | 'from' ('.' |
    /// '...')+ 'import' targets`.
    fn import_from(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut level = 0;
        loop {
            if self.eat_op(Op::Dot) {
                level += 1;
            } else if self.eat_op(Op::Ellipsis) {
                level += 3;
            } else {
                break;
            }
        }
        let module = if level > 0 && self.at_kw(Kw::Import) {
            None
        } else {
            Some(self.dotted_name()?)
        };
        self.expect_kw(Kw::Import)?;
        let mut names = Vec::new();
        if self.at_op(Op::Star) {
            let t = self.bump();
            names.push(Alias {
                name: "*".to_owned(),
                asname: None,
                span: self.span_of(t),
            });
            return Ok(StmtKind::ImportFrom {
                module,
                names,
                level,
            });
        }
        let paren = self.eat_op(Op::LPar);
        loop {
            let start = self.start();
            let (name, _) = self.name()?;
            let asname = if self.eat_kw(Kw::As) {
                Some(self.name()?.0)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                span: self.span_from(start),
            });
            if !self.eat_op(Op::Comma) {
                break;
            }
            if paren && self.at_op(Op::RPar) {
                break;
            }
            if !paren && self.kind() == TokenKind::Newline {
                if self.invalid_pass {
                    return Err(self
                        .raise_here("trailing comma not allowed without surrounding parentheses"));
                }
                return Err(Fail);
            }
        }
        if paren {
            self.expect_op(Op::RPar)?;
        }
        Ok(StmtKind::ImportFrom {
            module,
            names,
            level,
        })
    }

    /// The right-hand side of an assignment: `yield_expr | star_expressions`.
    fn assignment_rhs(&mut self) -> PResult<Expr> {
        if self.at_kw(Kw::Yield) {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// Expression statements and every kind of assignment.
    fn expression_stmt(&mut self) -> PResult<Stmt> {
        let mark = self.pos;
        let r = self.expression_stmt_inner();
        if !self.invalid_pass || self.failed_hard() {
            return r.map(|(s, _)| s);
        }
        // Second pass: CPython tries `invalid_assignment` whenever no valid assignment matched.
        match r {
            Ok((s, true)) => Ok(s),
            Ok((s, false)) => {
                let end = self.pos;
                self.pos = mark;
                self.invalid_assignment();
                if self.failed_hard() {
                    return Err(Fail);
                }
                self.pos = end;
                Ok(s)
            }
            Err(f) => {
                self.pos = mark;
                if !self.valid_assignment_prefix() {
                    self.invalid_assignment();
                }
                Err(f)
            }
        }
    }

    /// The statement, and whether it is an assignment.
    fn expression_stmt_inner(&mut self) -> PResult<(Stmt, bool)> {
        let start = self.start();
        let parenthesized = self.at_op(Op::LPar);
        let first = self.assignment_rhs()?;
        let t = self.tok();
        match t.kind {
            TokenKind::Op(Op::Colon) => {
                let simple = matches!(first.kind, ExprKind::Name { .. }) && !parenthesized;
                if !matches!(
                    first.kind,
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                ) {
                    return Err(Fail);
                }
                let mut target = first;
                set_context(&mut target, ExprContext::Store);
                self.bump();
                let annotation = self.expression()?;
                let value = if self.eat_op(Op::Equal) {
                    Some(Box::new(self.assignment_rhs()?))
                } else {
                    None
                };
                let kind = StmtKind::AnnAssign {
                    target: Box::new(target),
                    annotation: Box::new(annotation),
                    value,
                    simple,
                };
                Ok((st(kind, self.span_from(start)), true))
            }
            TokenKind::Op(Op::Equal) => {
                let mut targets = vec![first];
                let mut value;
                loop {
                    self.bump();
                    value = self.assignment_rhs()?;
                    if !self.at_op(Op::Equal) {
                        break;
                    }
                    targets.push(value);
                }
                let mut converted = Vec::with_capacity(targets.len());
                for mut t in targets {
                    if !set_context(&mut t, ExprContext::Store) {
                        return Err(Fail);
                    }
                    converted.push(t);
                }
                let kind = StmtKind::Assign {
                    targets: converted,
                    value: Box::new(value),
                    type_comment: None,
                };
                Ok((st(kind, self.span_from(start)), true))
            }
            TokenKind::Op(op) if augassign(op).is_some() => {
                let op = augassign(op).unwrap_or(Operator::Add);
                if !matches!(
                    first.kind,
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                ) {
                    return Err(Fail);
                }
                let mut target = first;
                set_context(&mut target, ExprContext::Store);
                self.bump();
                let value = self.assignment_rhs()?;
                let kind = StmtKind::AugAssign {
                    target: Box::new(target),
                    op,
                    value: Box::new(value),
                };
                Ok((st(kind, self.span_from(start)), true))
            }
            _ => {
                let kind = StmtKind::Expr {
                    value: Box::new(first),
                };
                Ok((st(kind, self.span_from(start)), false))
            }
        }
    }
}

/// The operator of an augmented assignment token.
pub(crate) fn augassign(op: Op) -> Option<Operator> {
    Some(match op {
        Op::PlusEqual => Operator::Add,
        Op::MinEqual => Operator::Sub,
        Op::StarEqual => Operator::Mult,
        Op::AtEqual => Operator::MatMult,
        Op::SlashEqual => Operator::Div,
        Op::PercentEqual => Operator::Mod,
        Op::AmperEqual => Operator::BitAnd,
        Op::VBarEqual => Operator::BitOr,
        Op::CircumflexEqual => Operator::BitXor,
        Op::LeftShiftEqual => Operator::LShift,
        Op::RightShiftEqual => Operator::RShift,
        Op::DoubleStarEqual => Operator::Pow,
        Op::DoubleSlashEqual => Operator::FloorDiv,
        _ => return None,
    })
}

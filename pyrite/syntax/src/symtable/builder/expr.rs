//! The first pass over expressions and patterns (CPython's `symtable_visit_expr`,
//! `symtable_handle_comprehension`, `symtable_extend_namedexpr_scope`,
//! `symtable_visit_pattern`): comprehension scopes, walrus targets, generator and coroutine
//! marks.

use super::{Builder, Res, error_at};
use crate::ast::{self, Expr, ExprKind, Span};
use crate::symtable::{ScopeKey, ScopeKind, SymbolFlags, mangle};

impl Builder {
    pub(super) fn visit_expr(&mut self, e: &Expr) -> Res {
        self.descend(e.span)?;
        let r = self.visit_expr_inner(e);
        self.depth -= 1;
        r
    }

    pub(super) fn visit_expr_inner(&mut self, e: &Expr) -> Res {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation_block("named expression", e.span)?;
                if self.scopes[self.cur()].comp_iter_expr > 0 {
                    return Err(error_at(
                        "assignment expression cannot be used in a comprehension iterable \
                         expression",
                        e.span,
                    ));
                }
                if self.scopes[self.cur()].kind.is_comprehension() {
                    self.extend_namedexpr_scope(target)?;
                }
                self.visit_expr(value)?;
                self.visit_expr(target)?;
            }
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.visit_exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.enter_block(
                    "lambda".into(),
                    ScopeKind::Lambda,
                    false,
                    Some(ScopeKey::new(ScopeKind::Lambda, e.span)),
                    e.span,
                );
                self.visit_params(args)?;
                self.visit_expr(body)?;
                self.exit_block();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_expr(body)?;
                self.visit_expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.visit_expr(k)?;
                }
                self.visit_exprs(values)?;
            }
            ExprKind::Set { elts } => self.visit_exprs(elts)?,
            ExprKind::ListComp { elt, generators } => {
                self.visit_comprehension(e, ScopeKind::ListComp, generators, elt, None)?;
            }
            ExprKind::SetComp { elt, generators } => {
                self.visit_comprehension(e, ScopeKind::SetComp, generators, elt, None)?;
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.visit_comprehension(e, ScopeKind::GeneratorExp, generators, elt, None)?;
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.visit_comprehension(e, ScopeKind::DictComp, generators, key, Some(value))?;
            }
            ExprKind::Yield { value } => {
                self.raise_if_annotation_block("yield expression", e.span)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
                self.mark_generator(e.span)?;
            }
            ExprKind::YieldFrom { value } => {
                self.raise_if_annotation_block("yield expression", e.span)?;
                self.visit_expr(value)?;
                self.mark_generator(e.span)?;
            }
            ExprKind::Await { value } => {
                self.raise_if_annotation_block("await expression", e.span)?;
                self.visit_expr(value)?;
                self.cur_scope().coroutine = true;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.visit_expr(left)?;
                self.visit_exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.visit_expr(func)?;
                self.visit_exprs(args)?;
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.visit_expr(value)?;
                if let Some(f) = format_spec {
                    self.visit_expr(f)?;
                }
            }
            ExprKind::JoinedStr { values } => self.visit_exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.visit_expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.visit_expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                let load = *ctx == ast::ExprContext::Load;
                let flag = if load {
                    SymbolFlags::USE
                } else {
                    SymbolFlags::DEF_LOCAL
                };
                self.add_def(id, flag, e.span)?;
                // `super()` needs the class cell: it counts as a use of `__class__`.
                if load && id == "super" && self.scopes[self.cur()].is_function_block() {
                    self.add_def("__class__", SymbolFlags::USE, e.span)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                self.visit_exprs(elts)?;
            }
        }
        Ok(())
    }

    pub(super) fn mark_generator(&mut self, span: Span) -> Res {
        let scope = self.cur_scope();
        scope.generator = true;
        let msg = match scope.kind {
            ScopeKind::ListComp => "'yield' inside list comprehension",
            ScopeKind::SetComp => "'yield' inside set comprehension",
            ScopeKind::DictComp => "'yield' inside dict comprehension",
            ScopeKind::GeneratorExp => "'yield' inside generator expression",
            _ => return Ok(()),
        };
        Err(error_at(msg, span))
    }

    pub(super) fn raise_if_annotation_block(&self, what: &str, span: Span) -> Res {
        if self.scopes[self.cur()].annotation {
            return Err(error_at(
                format!("'{what}' can not be used within an annotation"),
                span,
            ));
        }
        Ok(())
    }

    /// `symtable_handle_comprehension`: the first iterable in the current block, the rest in
    /// a new function-like block whose parameter `.0` is that iterable's iterator.
    pub(super) fn visit_comprehension(
        &mut self,
        e: &Expr,
        kind: ScopeKind,
        generators: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> Res {
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        self.cur_scope().comp_iter_expr += 1;
        let r = self.visit_expr(&outermost.iter);
        self.cur_scope().comp_iter_expr -= 1;
        r?;
        let name = match kind {
            ScopeKind::ListComp => "listcomp",
            ScopeKind::SetComp => "setcomp",
            ScopeKind::DictComp => "dictcomp",
            _ => "genexpr",
        };
        self.enter_block(
            name.into(),
            kind,
            false,
            Some(ScopeKey::new(kind, e.span)),
            e.span,
        );
        if outermost.is_async {
            self.cur_scope().coroutine = true;
        }
        self.add_def(".0", SymbolFlags::DEF_PARAM, e.span)?;
        self.cur_scope().arg_count = 1;
        self.cur_scope().comp_iter_target = true;
        let r = self.visit_expr(&outermost.target);
        self.cur_scope().comp_iter_target = false;
        r?;
        self.visit_exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.cur_scope().comp_iter_target = true;
            let r = self.visit_expr(&g.target);
            self.cur_scope().comp_iter_target = false;
            r?;
            self.cur_scope().comp_iter_expr += 1;
            let r = self.visit_expr(&g.iter);
            self.cur_scope().comp_iter_expr -= 1;
            r?;
            self.visit_exprs(&g.ifs)?;
            if g.is_async {
                self.cur_scope().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.visit_expr(v)?;
        }
        self.visit_expr(elt)?;
        let is_generator = kind == ScopeKind::GeneratorExp;
        let scope = self.cur_scope();
        scope.generator = is_generator;
        let is_async = scope.coroutine && !is_generator;
        self.exit_block();
        if is_async {
            self.cur_scope().coroutine = true;
        }
        Ok(())
    }

    /// `symtable_extend_namedexpr_scope`: a walrus in a comprehension binds in the nearest
    /// enclosing function (or the module), never in a comprehension or a class.
    pub(super) fn extend_namedexpr_scope(&mut self, target: &Expr) -> Res {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Ok(());
        };
        let span = target.span;
        let mangled = mangle(self.private.as_deref(), id).into_owned();
        for i in (0..self.stack.len()).rev() {
            let sid = self.stack[i];
            let scope = &self.scopes[sid];
            if scope.annotation {
                continue;
            }
            if scope.kind.is_comprehension() {
                if scope.flags(&mangled).has(SymbolFlags::DEF_COMP_ITER) {
                    return Err(error_at(
                        format!(
                            "assignment expression cannot rebind comprehension iteration \
                             variable '{id}'"
                        ),
                        span,
                    ));
                }
                continue;
            }
            match scope.kind {
                ScopeKind::Module => {
                    self.add_def(id, SymbolFlags::DEF_GLOBAL, span)?;
                    self.record_directive(id, span);
                    return self.add_def_in(sid, id, SymbolFlags::DEF_GLOBAL, span);
                }
                ScopeKind::Class => {
                    return Err(error_at(
                        "assignment expression within a comprehension cannot be used in a \
                         class body",
                        span,
                    ));
                }
                _ => {
                    let flag = if scope.flags(&mangled).has(SymbolFlags::DEF_GLOBAL) {
                        SymbolFlags::DEF_GLOBAL
                    } else {
                        SymbolFlags::DEF_NONLOCAL
                    };
                    self.add_def(id, flag, span)?;
                    self.record_directive(id, span);
                    return self.add_def_in(sid, id, SymbolFlags::DEF_LOCAL, span);
                }
            }
        }
        Ok(())
    }

    pub(super) fn visit_pattern(&mut self, p: &ast::Pattern) -> Res {
        self.descend(p.span)?;
        let r = self.visit_pattern_inner(p);
        self.depth -= 1;
        r
    }

    pub(super) fn visit_pattern_inner(&mut self, p: &ast::Pattern) -> Res {
        use ast::PatternKind as P;
        match &p.kind {
            P::MatchValue { value } => self.visit_expr(value)?,
            P::MatchSingleton { .. } => {}
            P::MatchSequence { patterns } | P::MatchOr { patterns } => {
                for sub in patterns {
                    self.visit_pattern(sub)?;
                }
            }
            P::MatchStar { name } => {
                if let Some(n) = name {
                    self.add_def(n, SymbolFlags::DEF_LOCAL, p.span)?;
                }
            }
            P::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.visit_exprs(keys)?;
                for sub in patterns {
                    self.visit_pattern(sub)?;
                }
                if let Some(r) = rest {
                    self.add_def(r, SymbolFlags::DEF_LOCAL, p.span)?;
                }
            }
            P::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.visit_expr(cls)?;
                for sub in patterns.iter().chain(kwd_patterns) {
                    self.visit_pattern(sub)?;
                }
            }
            P::MatchAs { pattern, name } => {
                if let Some(sub) = pattern {
                    self.visit_pattern(sub)?;
                }
                if let Some(n) = name {
                    self.add_def(n, SymbolFlags::DEF_LOCAL, p.span)?;
                }
            }
        }
        Ok(())
    }
}

//! The first pass over statements, parameters, annotations and imports (CPython's
//! `symtable_visit_stmt`, `symtable_visit_arguments`, `symtable_visit_annotations`,
//! `symtable_visit_alias`), in CPython's visiting order.

use super::{Builder, Res, error_at};
use crate::ast::{self, Expr, ExprKind, Span, Stmt, StmtKind};
use crate::symtable::{ScopeKey, ScopeKind, SymbolFlags};

impl Builder {
    pub(super) fn visit_body(&mut self, body: &[Stmt]) -> Res {
        body.iter().try_for_each(|s| self.visit_stmt(s))
    }

    pub(super) fn visit_exprs(&mut self, exprs: &[Expr]) -> Res {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    pub(super) fn visit_stmt(&mut self, s: &Stmt) -> Res {
        self.descend(s.span)?;
        let r = self.visit_stmt_inner(s);
        self.depth -= 1;
        r
    }

    pub(super) fn visit_stmt_inner(&mut self, s: &Stmt) -> Res {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                let is_async = matches!(s.kind, StmtKind::AsyncFunctionDef(_));
                self.add_def(&f.name, SymbolFlags::DEF_LOCAL, s.span)?;
                self.visit_exprs(&f.args.defaults)?;
                for d in f.args.kw_defaults.iter().flatten() {
                    self.visit_expr(d)?;
                }
                self.visit_annotations(s.span, &f.args, f.returns.as_deref())?;
                self.visit_exprs(&f.decorator_list)?;
                let kind = if is_async {
                    ScopeKind::AsyncFunction
                } else {
                    ScopeKind::Function
                };
                self.enter_block(
                    f.name.clone(),
                    kind,
                    false,
                    Some(ScopeKey::new(kind, s.span)),
                    s.span,
                );
                if is_async {
                    self.cur_scope().coroutine = true;
                }
                self.visit_params(&f.args)?;
                self.visit_body(&f.body)?;
                self.exit_block();
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => {
                self.add_def(name, SymbolFlags::DEF_LOCAL, s.span)?;
                self.visit_exprs(bases)?;
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
                self.visit_exprs(decorator_list)?;
                self.enter_block(
                    name.clone(),
                    ScopeKind::Class,
                    false,
                    Some(ScopeKey::new(ScopeKind::Class, s.span)),
                    s.span,
                );
                let saved = self.private.replace(name.clone());
                self.cur_scope().private = Some(name.clone());
                let r = self.visit_body(body);
                self.private = saved;
                r?;
                self.exit_block();
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.visit_expr(v)?;
                    self.cur_scope().returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.visit_exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.visit_exprs(targets)?;
                self.visit_expr(value)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_expr(target)?;
                self.visit_expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let cur = self.lookup(id);
                    let is_module = self.cur() == 0;
                    if cur.has(SymbolFlags::DEF_GLOBAL.with(SymbolFlags::DEF_NONLOCAL))
                        && !is_module
                        && *simple
                    {
                        let what = if cur.has(SymbolFlags::DEF_GLOBAL) {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(error_at(
                            format!("annotated name '{id}' can't be {what}"),
                            s.span,
                        ));
                    }
                    if *simple {
                        self.add_def(
                            id,
                            SymbolFlags::DEF_ANNOT.with(SymbolFlags::DEF_LOCAL),
                            target.span,
                        )?;
                    } else if value.is_some() {
                        self.add_def(id, SymbolFlags::DEF_LOCAL, target.span)?;
                    }
                } else {
                    self.visit_expr(target)?;
                }
                self.visit_annotation(annotation)?;
                if let Some(v) = value {
                    self.visit_expr(v)?;
                }
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_body(&f.body)?;
                self.visit_body(&f.orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_body(body)?;
                self.visit_body(orelse)?;
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                for item in &w.items {
                    self.visit_expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.visit_expr(v)?;
                    }
                }
                self.visit_body(&w.body)?;
            }
            StmtKind::Match { subject, cases } => {
                self.visit_expr(subject)?;
                for case in cases {
                    self.visit_pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.visit_expr(g)?;
                    }
                    self.visit_body(&case.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.visit_expr(e)?;
                }
                if let Some(c) = cause {
                    self.visit_expr(c)?;
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.visit_body(&t.body)?;
                self.visit_body(&t.orelse)?;
                for h in &t.handlers {
                    if let Some(ty) = &h.type_ {
                        self.visit_expr(ty)?;
                    }
                    if let Some(name) = &h.name {
                        self.add_def(name, SymbolFlags::DEF_LOCAL, h.span)?;
                    }
                    self.visit_body(&h.body)?;
                }
                self.visit_body(&t.finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                if let Some(m) = msg {
                    self.visit_expr(m)?;
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    self.visit_alias(alias)?;
                }
            }
            StmtKind::Global { names } => {
                for name in names {
                    let cur = self.lookup(name);
                    if cur.has(SymbolFlags(
                        SymbolFlags::DEF_PARAM.0
                            | SymbolFlags::DEF_LOCAL.0
                            | SymbolFlags::USE.0
                            | SymbolFlags::DEF_ANNOT.0,
                    )) {
                        return Err(error_at(directive_conflict(name, cur, "global"), s.span));
                    }
                    self.add_def(name, SymbolFlags::DEF_GLOBAL, s.span)?;
                    self.record_directive(name, s.span);
                }
            }
            StmtKind::Nonlocal { names } => {
                for name in names {
                    let cur = self.lookup(name);
                    if cur.has(SymbolFlags(
                        SymbolFlags::DEF_PARAM.0
                            | SymbolFlags::DEF_LOCAL.0
                            | SymbolFlags::USE.0
                            | SymbolFlags::DEF_ANNOT.0,
                    )) {
                        return Err(error_at(directive_conflict(name, cur, "nonlocal"), s.span));
                    }
                    self.add_def(name, SymbolFlags::DEF_NONLOCAL, s.span)?;
                    self.record_directive(name, s.span);
                }
            }
            StmtKind::Expr { value } => self.visit_expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    pub(super) fn visit_alias(&mut self, alias: &ast::Alias) -> Res {
        let name = alias.asname.as_deref().unwrap_or(&alias.name);
        if name == "*" {
            if self.cur() != 0 {
                return Err(error_at(
                    "import * only allowed at module level",
                    alias.span,
                ));
            }
            return Ok(());
        }
        // `import a.b` binds `a`.
        let store = name.split('.').next().unwrap_or(name);
        self.add_def(store, SymbolFlags::DEF_IMPORT, alias.span)
    }

    /// `symtable_visit_annotation`: in an annotation block under `from __future__ import
    /// annotations`, else in the current block.
    pub(super) fn visit_annotation(&mut self, annotation: &Expr) -> Res {
        if self.future_annotations {
            self.enter_block(
                "_annotation".into(),
                ScopeKind::Function,
                true,
                None,
                annotation.span,
            );
            self.visit_expr(annotation)?;
            self.exit_block();
            Ok(())
        } else {
            self.visit_expr(annotation)
        }
    }

    /// `symtable_visit_annotations`: a function's parameter and return annotations, in the
    /// enclosing block (CPython's order: positional-only, regular, `*args`, `**kwargs`,
    /// keyword-only, then the return annotation).
    pub(super) fn visit_annotations(
        &mut self,
        def_span: Span,
        args: &ast::Arguments,
        returns: Option<&Expr>,
    ) -> Res {
        if self.future_annotations {
            self.enter_block(
                "_annotation".into(),
                ScopeKind::Function,
                true,
                None,
                def_span,
            );
        }
        let ordered = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.as_deref())
            .chain(args.kwarg.as_deref())
            .chain(&args.kwonlyargs);
        for a in ordered {
            if let Some(ann) = &a.annotation {
                self.visit_expr(ann)?;
            }
        }
        if self.future_annotations {
            self.exit_block();
        }
        if let Some(r) = returns {
            self.visit_annotation(r)?;
        }
        Ok(())
    }

    /// `symtable_visit_arguments`: the parameters, inside the new block.
    pub(super) fn visit_params(&mut self, args: &ast::Arguments) -> Res {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            self.add_def(&a.arg, SymbolFlags::DEF_PARAM, a.span)?;
        }
        if let Some(a) = &args.vararg {
            self.add_def(&a.arg, SymbolFlags::DEF_PARAM, a.span)?;
        }
        if let Some(a) = &args.kwarg {
            self.add_def(&a.arg, SymbolFlags::DEF_PARAM, a.span)?;
        }
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let scope = self.cur_scope();
        scope.posonly_count = count(args.posonlyargs.len());
        scope.arg_count = count(args.posonlyargs.len() + args.args.len());
        scope.kwonly_count = count(args.kwonlyargs.len());
        scope.has_varargs = args.vararg.is_some();
        scope.has_varkeywords = args.kwarg.is_some();
        Ok(())
    }
}

/// The message for a `global`/`nonlocal` statement after another use of the name.
fn directive_conflict(name: &str, cur: SymbolFlags, directive: &str) -> String {
    if cur.has(SymbolFlags::DEF_PARAM) {
        format!("name '{name}' is parameter and {directive}")
    } else if cur.has(SymbolFlags::USE) {
        format!("name '{name}' is used prior to {directive} declaration")
    } else if cur.has(SymbolFlags::DEF_ANNOT) {
        format!("annotated name '{name}' can't be {directive}")
    } else {
        format!("name '{name}' is assigned to before {directive} declaration")
    }
}

//! Lowering statements, function definitions and assignment targets.

use std::rc::Rc;

use pyrite_syntax::ast::{self, ExprKind, StmtKind as A};
use pyrite_syntax::symtable::ScopeKind;

use super::{LowerResult, Lowerer, intern, unsupported};
use crate::node::{Expr, ForNode, FuncDef, Handler, Stmt, StmtKind, Target, TryNode};

impl Lowerer<'_> {
    /// Lowers one statement, appending to `out` (annotated assignments may become two).
    pub(super) fn stmt(&mut self, s: &ast::Stmt, out: &mut Vec<Stmt>) -> LowerResult<()> {
        let line = s.span.lineno;
        self.line = line;
        let kind = match &s.kind {
            A::FunctionDef(def) => {
                let func = self.function(def, s.span)?;
                let decorators = self.exprs(&def.decorator_list)?;
                let target = self.store_name(&def.name, line)?;
                StmtKind::Def(func, decorators, target)
            }
            A::AsyncFunctionDef(_) => return unsupported("async function", line),
            A::ClassDef { .. } => return unsupported("class definition", line),
            A::Return { value } => StmtKind::Return(self.opt_expr(value.as_deref())?),
            A::Delete { targets } => StmtKind::Delete(
                targets
                    .iter()
                    .map(|t| self.target(t))
                    .collect::<LowerResult<_>>()?,
            ),
            A::Assign { targets, value, .. } => {
                let value = self.expr(value)?;
                let mut lowered: Vec<Target> = targets
                    .iter()
                    .map(|t| self.target(t))
                    .collect::<LowerResult<_>>()?;
                if lowered.len() == 1 {
                    let t = lowered.pop().ok_or_else(|| super::Unsupported {
                        what: "an empty assignment".into(),
                        line,
                    })?;
                    match (t, value) {
                        (Target::Unpack(ts), Expr::Tuple(es, false)) if ts.len() == es.len() => {
                            StmtKind::AssignParallel(ts, es)
                        }
                        (t, value) => StmtKind::Assign(t, value),
                    }
                } else {
                    StmtKind::AssignMulti(lowered, value)
                }
            }
            A::AugAssign { target, op, value } => {
                let t = self.target(target)?;
                let v = self.expr(value)?;
                StmtKind::AugAssign(Box::new((t, v)), super::expr::bin_op(*op))
            }
            A::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let Some(value) = value {
                    let v = self.expr(value)?;
                    let t = self.target(target)?;
                    out.push(Stmt {
                        line,
                        kind: StmtKind::Assign(t, v),
                    });
                }
                // Module-level annotations are evaluated (CPython stores them in
                // `__annotations__`, which the tree tier does not keep); a function's local
                // annotations are never evaluated.
                let evaluated = self.current().id == pyrite_syntax::symtable::ScopeId::MODULE
                    && !self.table.future_annotations;
                if evaluated && *simple {
                    StmtKind::Expr(self.expr(annotation)?)
                } else {
                    return Ok(());
                }
            }
            A::For(f) => StmtKind::For(Box::new(ForNode {
                iter: self.expr(&f.iter)?,
                target: self.target(&f.target)?,
                body: self.block(&f.body)?,
                orelse: self.block(&f.orelse)?,
            })),
            A::AsyncFor(_) => return unsupported("async for loop", line),
            A::While { test, body, orelse } => StmtKind::While(Box::new((
                self.expr(test)?,
                self.block(body)?,
                self.block(orelse)?,
            ))),
            A::If { test, body, orelse } => StmtKind::If(Box::new((
                self.expr(test)?,
                self.block(body)?,
                self.block(orelse)?,
            ))),
            A::With(_) => return unsupported("with statement", line),
            A::AsyncWith(_) => return unsupported("async with statement", line),
            A::Match { .. } => return unsupported("match statement", line),
            A::Raise { exc, cause } => StmtKind::Raise(
                self.opt_expr(exc.as_deref())?,
                self.opt_expr(cause.as_deref())?,
            ),
            A::Try(t) => StmtKind::Try(Box::new(self.try_(t)?)),
            A::TryStar(_) => return unsupported("except* clause", line),
            A::Assert { test, msg } => {
                StmtKind::Assert(self.expr(test)?, self.opt_expr(msg.as_deref())?)
            }
            A::Import { names } => {
                let mut items = Vec::with_capacity(names.len());
                for alias in names {
                    let module: Rc<str> = Rc::from(alias.name.as_str());
                    let (bound, target) = match &alias.asname {
                        Some(asname) => (module.clone(), self.store_name(asname, line)?),
                        None => {
                            let top = alias.name.split('.').next().unwrap_or(&alias.name);
                            (Rc::from(top), self.store_name(top, line)?)
                        }
                    };
                    items.push((module, bound, target));
                }
                StmtKind::Import(items)
            }
            A::ImportFrom {
                module,
                names,
                level,
            } => {
                if *level > 0 {
                    return unsupported("relative import", line);
                }
                let Some(module) = module else {
                    return unsupported("relative import", line);
                };
                let mut items = Vec::with_capacity(names.len());
                for alias in names {
                    if alias.name == "*" {
                        return unsupported("'from ... import *'", line);
                    }
                    let bound = alias.asname.as_deref().unwrap_or(&alias.name);
                    items.push((intern(&alias.name), self.store_name(bound, line)?));
                }
                StmtKind::ImportFrom(Rc::from(module.as_str()), items)
            }
            A::Global { .. } | A::Nonlocal { .. } | A::Pass => StmtKind::Pass,
            A::Expr { value } => StmtKind::Expr(self.expr(value)?),
            A::Break => StmtKind::Break,
            A::Continue => StmtKind::Continue,
        };
        out.push(Stmt { line, kind });
        Ok(())
    }

    fn try_(&mut self, t: &ast::Try) -> LowerResult<TryNode> {
        let body = self.block(&t.body)?;
        let mut handlers = Vec::with_capacity(t.handlers.len());
        for h in &t.handlers {
            let line = h.span.lineno;
            self.line = line;
            handlers.push(Handler {
                typ: self.opt_expr(h.type_.as_deref())?,
                name: match &h.name {
                    Some(n) => Some(self.store_name(n, line)?),
                    None => None,
                },
                body: self.block(&h.body)?,
                line,
            });
        }
        Ok(TryNode {
            body,
            handlers,
            orelse: self.block(&t.orelse)?,
            finalbody: self.block(&t.finalbody)?,
        })
    }

    /// A `def`: defaults and annotations in the current scope, the body in the function's.
    fn function(&mut self, def: &ast::FunctionDef, span: ast::Span) -> LowerResult<Rc<FuncDef>> {
        let line = span.lineno;
        let (defaults, kwdefaults, mut annotations) = self.signature_parts(&def.args)?;
        if let Some(r) = &def.returns
            && !self.table.future_annotations
        {
            annotations.push(self.expr(r)?);
        }
        let id = self.child_scope(ScopeKind::Function, span)?;
        if self.table.scope(id).is_generator {
            return unsupported("generator (yield)", line);
        }
        let captures = self.captures(id, line)?;
        let qualname = self.child_qualname(&def.name);
        let code = self.in_scope(id, qualname.clone(), |l| {
            let body = l.block(&def.body)?;
            Ok(l.code_for(id, &def.name, qualname, line, body))
        })?;
        Ok(Rc::new(FuncDef {
            code: Rc::new(code),
            defaults,
            kwdefaults,
            annotations,
            captures,
        }))
    }

    /// A `lambda`.
    pub(super) fn lambda(
        &mut self,
        args: &ast::Arguments,
        body: &ast::Expr,
        span: ast::Span,
    ) -> LowerResult<Rc<FuncDef>> {
        let line = span.lineno;
        let (defaults, kwdefaults, _) = self.signature_parts(args)?;
        let id = self.child_scope(ScopeKind::Lambda, span)?;
        if self.table.scope(id).is_generator {
            return unsupported("generator (yield)", line);
        }
        let captures = self.captures(id, line)?;
        let qualname = self.child_qualname("<lambda>");
        let code = self.in_scope(id, qualname.clone(), |l| {
            let value = l.expr(body)?;
            let ret = Stmt {
                line: body.span.lineno,
                kind: StmtKind::Return(Some(value)),
            };
            Ok(l.code_for(id, "<lambda>", qualname, line, vec![ret]))
        })?;
        Ok(Rc::new(FuncDef {
            code: Rc::new(code),
            defaults,
            kwdefaults,
            annotations: Vec::new(),
            captures,
        }))
    }

    /// Defaults, keyword-only defaults and parameter annotations (all evaluated in the
    /// enclosing scope, in CPython's order: defaults, keyword defaults, annotations).
    #[allow(clippy::type_complexity)]
    fn signature_parts(
        &mut self,
        args: &ast::Arguments,
    ) -> LowerResult<(
        Vec<Expr>,
        Vec<(Rc<pyrite_runtime::types::PyStr>, Expr)>,
        Vec<Expr>,
    )> {
        let defaults = self.exprs(&args.defaults)?;
        let mut kwdefaults = Vec::new();
        for (arg, default) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(d) = default {
                kwdefaults.push((intern(&arg.arg), self.expr(d)?));
            }
        }
        let mut annotations = Vec::new();
        if !self.table.future_annotations {
            let all = args
                .posonlyargs
                .iter()
                .chain(&args.args)
                .chain(args.vararg.as_deref())
                .chain(&args.kwonlyargs)
                .chain(args.kwarg.as_deref());
            for a in all {
                if let Some(ann) = &a.annotation {
                    annotations.push(self.expr(ann)?);
                }
            }
        }
        Ok((defaults, kwdefaults, annotations))
    }

    /// An assignment or deletion target.
    pub(super) fn target(&mut self, e: &ast::Expr) -> LowerResult<Target> {
        let line = e.span.lineno;
        Ok(match &e.kind {
            ExprKind::Name { id, .. } => self.store_name(id, line)?,
            ExprKind::Attribute { value, attr, .. } => {
                Target::Attr(self.expr(value)?, intern(attr))
            }
            ExprKind::Subscript { value, slice, .. } => {
                Target::Item(self.expr(value)?, self.expr(slice)?)
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                let mut targets = Vec::with_capacity(elts.len());
                let mut star = None;
                for (i, elt) in elts.iter().enumerate() {
                    match &elt.kind {
                        ExprKind::Starred { value, .. } => {
                            star = Some(i);
                            targets.push(self.target(value)?);
                        }
                        _ => targets.push(self.target(elt)?),
                    }
                }
                match star {
                    Some(star) => Target::UnpackStar { targets, star },
                    None => Target::Unpack(targets),
                }
            }
            _ => return unsupported("this assignment target", line),
        })
    }
}

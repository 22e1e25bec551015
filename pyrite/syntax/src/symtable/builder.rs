//! First pass: walk the AST and record, per scope, the raw facts about each name (CPython's
//! `symtable_visit_*` functions in 3.11's `Python/symtable.c`).
//!
//! The walk visits nodes in CPython's order, because that order is observable: it decides the
//! order of symbols (and so which analysis error comes first), the order of children, and which
//! of two first-pass errors is reported. Invariants kept while walking:
//! - `stack` holds the open blocks, innermost last (CPython's `st_stack`), including the
//!   annotation blocks opened under `from __future__ import annotations`, which are never
//!   linked as children and are dropped by the analysis;
//! - `private` is the name of the innermost class whose body is being visited (mangling);
//! - every name is mangled before it is recorded.

use std::collections::HashMap;

use super::{MAX_DEPTH, ScopeKey, ScopeKind, SymbolFlags, mangle};
use crate::ast::{self, Expr, ExprKind, Span, Stmt, StmtKind};
use crate::{SyntaxError, SyntaxErrorKind};

/// One block as the first pass leaves it.
#[derive(Debug)]
pub(super) struct RawScope {
    pub kind: ScopeKind,
    /// An annotation block (only under `from __future__ import annotations`): a sink for the
    /// names in annotations, never a child of anything.
    pub annotation: bool,
    pub name: String,
    pub key: Option<ScopeKey>,
    pub span: Span,
    pub children: Vec<usize>,
    /// Names with their flags, in first-seen order.
    pub symbols: Vec<(String, SymbolFlags)>,
    pub index: HashMap<String, usize>,
    /// Parameters in declaration order as CPython records them (`ste_varnames`).
    pub params: Vec<String>,
    /// `global`/`nonlocal` statements and walrus targets, for error locations.
    pub directives: Vec<(String, Span)>,
    pub private: Option<String>,
    pub nested: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub returns_value: bool,
    pub posonly_count: u32,
    pub arg_count: u32,
    pub kwonly_count: u32,
    pub has_varargs: bool,
    pub has_varkeywords: bool,
    /// Visiting a comprehension's iteration target.
    comp_iter_target: bool,
    /// Inside a comprehension's iterable expression (inherited by nested blocks).
    comp_iter_expr: u32,
}

impl RawScope {
    pub fn flags(&self, name: &str) -> SymbolFlags {
        self.index
            .get(name)
            .and_then(|&i| self.symbols.get(i))
            .map_or(SymbolFlags::default(), |s| s.1)
    }

    fn is_function_block(&self) -> bool {
        !self.annotation && self.kind.is_function_like()
    }
}

/// The first pass's result: all blocks, the module first.
#[derive(Debug)]
pub(super) struct RawTable {
    pub scopes: Vec<RawScope>,
    pub future_annotations: bool,
}

/// An error at a node's span, CPython-style (offsets are byte columns + 1).
pub(super) fn error_at(msg: impl Into<String>, span: Span) -> SyntaxError {
    let mut e = SyntaxError::new(
        SyntaxErrorKind::SyntaxError,
        msg,
        span.lineno,
        span.col_offset + 1,
    );
    e.end_lineno = span.end_lineno;
    e.end_offset = span.end_col_offset + 1;
    e
}

fn too_deep(span: Span) -> SyntaxError {
    error_at("maximum recursion depth exceeded during compilation", span)
}

type Res = Result<(), SyntaxError>;

struct Builder {
    scopes: Vec<RawScope>,
    stack: Vec<usize>,
    private: Option<String>,
    future_annotations: bool,
    depth: u32,
}

/// Runs the first pass over a module.
pub(super) fn collect(module: &ast::Mod) -> Result<RawTable, SyntaxError> {
    let mut b = Builder {
        scopes: Vec::new(),
        stack: Vec::new(),
        private: None,
        future_annotations: false,
        depth: 0,
    };
    b.enter_block(
        "top".into(),
        ScopeKind::Module,
        false,
        None,
        Span::default(),
    );
    match module {
        ast::Mod::Module { body, .. } | ast::Mod::Interactive { body } => {
            b.future_annotations = has_future_annotations(body);
            for s in body {
                b.visit_stmt(s)?;
            }
        }
        ast::Mod::Expression { body } => b.visit_expr(body)?,
    }
    Ok(RawTable {
        scopes: b.scopes,
        future_annotations: b.future_annotations,
    })
}

/// `from __future__ import annotations` among the leading future imports (after an optional
/// docstring), as CPython's `future.c` finds it.
fn has_future_annotations(body: &[Stmt]) -> bool {
    let mut stmts = body.iter().peekable();
    if let Some(first) = stmts.peek()
        && let StmtKind::Expr { value } = &first.kind
        && let ExprKind::Constant {
            value: ast::Constant::Str(_),
            ..
        } = value.kind
    {
        stmts.next();
    }
    for s in stmts {
        match &s.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                level: 0,
            } if m == "__future__" => {
                if names.iter().any(|a| a.name == "annotations") {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}

impl Builder {
    fn cur(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    fn cur_scope(&mut self) -> &mut RawScope {
        let cur = self.cur();
        &mut self.scopes[cur]
    }

    fn enter_block(
        &mut self,
        name: String,
        kind: ScopeKind,
        annotation: bool,
        key: Option<ScopeKey>,
        span: Span,
    ) {
        let prev = self.stack.last().copied();
        let (nested, comp_iter_expr) = match prev {
            Some(p) => {
                let p = &self.scopes[p];
                (p.nested || p.is_function_block(), p.comp_iter_expr)
            }
            None => (false, 0),
        };
        let id = self.scopes.len();
        self.scopes.push(RawScope {
            kind,
            annotation,
            name,
            key,
            span,
            children: Vec::new(),
            symbols: Vec::new(),
            index: HashMap::new(),
            params: Vec::new(),
            directives: Vec::new(),
            private: self.private.clone(),
            nested,
            generator: false,
            coroutine: false,
            returns_value: false,
            posonly_count: 0,
            arg_count: 0,
            kwonly_count: 0,
            has_varargs: false,
            has_varkeywords: false,
            comp_iter_target: false,
            comp_iter_expr,
        });
        if let Some(p) = prev
            && !annotation
        {
            self.scopes[p].children.push(id);
        }
        self.stack.push(id);
    }

    fn exit_block(&mut self) {
        self.stack.pop();
    }

    /// `symtable_add_def`: records `flag` for `name` in the current block.
    fn add_def(&mut self, name: &str, flag: SymbolFlags, span: Span) -> Res {
        let cur = self.cur();
        self.add_def_in(cur, name, flag, span)
    }

    /// `symtable_add_def_helper`: records `flag` for `name` in block `id`.
    fn add_def_in(&mut self, id: usize, name: &str, flag: SymbolFlags, span: Span) -> Res {
        let mangled = mangle(self.private.as_deref(), name).into_owned();
        let scope = &mut self.scopes[id];
        let mut val = flag;
        if let Some(&i) = scope.index.get(&mangled) {
            let old = scope.symbols[i].1;
            if flag.has(SymbolFlags::DEF_PARAM) && old.has(SymbolFlags::DEF_PARAM) {
                return Err(error_at(
                    format!("duplicate argument '{name}' in function definition"),
                    span,
                ));
            }
            val = old.with(flag);
        }
        if scope.comp_iter_target {
            if val.has(SymbolFlags::DEF_GLOBAL.with(SymbolFlags::DEF_NONLOCAL)) {
                return Err(error_at(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target \
                         '{name}'"
                    ),
                    span,
                ));
            }
            val = val.with(SymbolFlags::DEF_COMP_ITER);
        }
        set_flags(scope, &mangled, val);
        if flag.has(SymbolFlags::DEF_PARAM) {
            scope.params.push(mangled);
        } else if flag.has(SymbolFlags::DEF_GLOBAL) {
            // `global x` anywhere also marks `x` in the module block.
            let module = &mut self.scopes[0];
            let val = module.flags(&mangled).with(flag);
            set_flags(module, &mangled, val);
        }
        Ok(())
    }

    fn lookup(&self, name: &str) -> SymbolFlags {
        let mangled = mangle(self.private.as_deref(), name);
        self.scopes[self.cur()].flags(&mangled)
    }

    fn record_directive(&mut self, name: &str, span: Span) {
        let mangled = mangle(self.private.as_deref(), name).into_owned();
        self.cur_scope().directives.push((mangled, span));
    }

    fn descend(&mut self, span: Span) -> Res {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(too_deep(span));
        }
        Ok(())
    }

    fn visit_body(&mut self, body: &[Stmt]) -> Res {
        body.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_exprs(&mut self, exprs: &[Expr]) -> Res {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    fn visit_stmt(&mut self, s: &Stmt) -> Res {
        self.descend(s.span)?;
        let r = self.visit_stmt_inner(s);
        self.depth -= 1;
        r
    }

    fn visit_stmt_inner(&mut self, s: &Stmt) -> Res {
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

    fn visit_alias(&mut self, alias: &ast::Alias) -> Res {
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
    fn visit_annotation(&mut self, annotation: &Expr) -> Res {
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
    fn visit_annotations(
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
    fn visit_params(&mut self, args: &ast::Arguments) -> Res {
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

    fn visit_expr(&mut self, e: &Expr) -> Res {
        self.descend(e.span)?;
        let r = self.visit_expr_inner(e);
        self.depth -= 1;
        r
    }

    fn visit_expr_inner(&mut self, e: &Expr) -> Res {
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

    fn mark_generator(&mut self, span: Span) -> Res {
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

    fn raise_if_annotation_block(&self, what: &str, span: Span) -> Res {
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
    fn visit_comprehension(
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
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> Res {
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

    fn visit_pattern(&mut self, p: &ast::Pattern) -> Res {
        self.descend(p.span)?;
        let r = self.visit_pattern_inner(p);
        self.depth -= 1;
        r
    }

    fn visit_pattern_inner(&mut self, p: &ast::Pattern) -> Res {
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

fn set_flags(scope: &mut RawScope, mangled: &str, val: SymbolFlags) {
    match scope.index.get(mangled) {
        Some(&i) => scope.symbols[i].1 = val,
        None => {
            scope.index.insert(mangled.to_owned(), scope.symbols.len());
            scope.symbols.push((mangled.to_owned(), val));
        }
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

//! Third pass: walk the AST in the order CPython 3.11's *compiler* (`Python/compile.c`) does,
//! for the two things that depend on that order.
//!
//! 1. Slots: CPython's symbol table only lists parameters; its compiler adds every other fast
//!    local to `co_varnames` the first time it emits an instruction for it. Compiler order
//!    differs from source order and from the symbol table's order in places: an assignment's
//!    value before its targets, `a if t else b` test first, a `try`'s `else` before its handlers
//!    (but after them for `try`/`except*`), a pattern's captures after all its value lookups,
//!    parameter annotations with the regular parameters before the positional-only ones, and a
//!    variable annotation in a function is never evaluated.
//! 2. Context errors, which CPython's compiler raises as it reaches them: `'return' outside
//!    function`, `'break' outside loop`, `'await' outside async function`, ..., and the checks
//!    of `compile_checks.rs` (the first one in compiler order is kept; [`super::check_context`]
//!    reports it). The compiler's block stack is modelled by [`Block`]: loops, and `except*`
//!    handlers (which forbid `break`, `continue` and `return`).
//!
//! Invariant on exit: every `Local` symbol of a function-like scope has a slot; those CPython
//! never emits (an annotation-only `x: int`) come after `n_code_varnames`.

use std::collections::HashSet;

use super::builder::error_at;
use super::compile_checks::{self, Found};
use super::{ScopeId, ScopeKey, ScopeKind, SymbolScope, SymbolTable};
use crate::SyntaxError;
use crate::ast::{self, Expr, ExprKind, Pattern, PatternKind, Span, Stmt, StmtKind};

/// A compiler block that matters to `break`, `continue` and `return`.
#[derive(Debug, Clone, Copy)]
enum Block<'a> {
    /// The body of a `for` or `while` loop (not its `else`).
    Loop,
    /// The body of an `except*` handler.
    ExceptStar,
    /// The `try` part (body, handlers, `else`) of a `try` with this `finally` body: leaving it
    /// by `return`/`break`/`continue` compiles the `finally` body right there.
    Finally(&'a [Stmt]),
}

struct Walker<'t, 'a> {
    table: &'t mut SymbolTable,
    cur: ScopeId,
    /// Names already given a slot, per scope.
    seen: Vec<HashSet<String>>,
    /// Pattern captures waiting for the end of the pattern.
    pending_stores: Vec<String>,
    /// Walking code CPython does not compile in this scope (a function's variable
    /// annotations): nested scopes are still walked for their own slots, names here are not,
    /// and no context error is raised here.
    quiet: bool,
    /// The current scope's open blocks, innermost last.
    blocks: Vec<Block<'a>>,
    /// `finally` bodies already compiled inline by an unwinding statement (by address): a
    /// second inline copy adds no name and no error, as its context is the same.
    inlined: HashSet<usize>,
    /// The first context error in compiler order.
    error: Option<SyntaxError>,
}

/// Fills `varnames` and `n_code_varnames` of every function-like scope, and records the first
/// context error.
pub(super) fn walk(table: &mut SymbolTable, module: &ast::Mod) {
    let seen = table
        .scopes
        .iter()
        .map(|s| s.varnames.iter().cloned().collect())
        .collect();
    let mut w = Walker {
        table,
        cur: ScopeId::MODULE,
        seen,
        pending_stores: Vec::new(),
        quiet: false,
        blocks: Vec::new(),
        inlined: HashSet::new(),
        error: None,
    };
    match module {
        ast::Mod::Module { body, .. } | ast::Mod::Interactive { body } => w.body(body),
        ast::Mod::Expression { body } => w.expr(body),
    }
    let error = w.error.take();
    w.table.context_error = error;
    for scope in &mut w.table.scopes {
        scope.n_code_varnames = scope.varnames.len();
        if !scope.kind.is_function_like() {
            continue;
        }
        let extra: Vec<String> = scope
            .symbols
            .iter()
            .filter(|s| s.scope == SymbolScope::Local && !scope.varnames.contains(&s.name))
            .map(|s| s.name.clone())
            .collect();
        scope.varnames.extend(extra);
        scope.slot_index = scope
            .varnames
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((n.clone(), u32::try_from(i).ok()?)))
            .collect();
    }
}

impl<'a> Walker<'_, 'a> {
    /// A load, store or delete of `id` in the current scope.
    fn name(&mut self, id: &str) {
        if self.quiet {
            return;
        }
        let Some(scope) = self.table.scopes.get_mut(self.cur.index()) else {
            return;
        };
        if !scope.kind.is_function_like() {
            return;
        }
        let mangled = scope.mangle(id).into_owned();
        if scope.symbol(&mangled).map(|s| s.scope) != Some(SymbolScope::Local) {
            return;
        }
        if let Some(seen) = self.seen.get_mut(self.cur.index())
            && seen.insert(mangled.clone())
        {
            scope.varnames.push(mangled);
        }
    }

    /// Runs `f` inside the scope opened by the node with `key` (skipped if the symbol table
    /// has no such scope, as for code inside postponed annotations).
    fn in_scope(&mut self, key: ScopeKey, f: impl FnOnce(&mut Self)) {
        let Some(id) = self.table.scope_for(key) else {
            return;
        };
        let saved = (self.cur, self.quiet, std::mem::take(&mut self.blocks));
        self.cur = id;
        self.quiet = false;
        f(self);
        (self.cur, self.quiet, self.blocks) = saved;
    }

    /// Records a context error unless one came earlier (or this code is not compiled).
    fn fail(&mut self, msg: &str, span: Span) {
        if !self.quiet && self.error.is_none() {
            self.error = Some(error_at(msg, span));
        }
    }

    /// Records the error of a compiler check, if any (see [`Walker::fail`]).
    fn check(&mut self, found: Option<Found>) {
        if let Some((msg, span)) = found {
            self.fail(&msg, span);
        }
    }

    /// Elements of a display, call arguments or unpacking targets: a `Starred` there is
    /// unwrapped by its parent's visitor, not visited as an expression.
    fn elements(&mut self, elts: &'a [Expr]) {
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => self.expr(value),
                _ => self.expr(e),
            }
        }
    }

    fn cur_kind(&self) -> ScopeKind {
        self.table
            .get(self.cur)
            .map_or(ScopeKind::Module, |s| s.kind)
    }

    /// `compiler_unwind_fblock_stack` for `break`/`continue` (`to_loop`) or `return`: an
    /// `except*` handler in the way is an error, a `finally` body in the way is compiled here
    /// (in the context outside its `try`). False if `to_loop` and no loop was found.
    fn unwind(&mut self, to_loop: bool, span: Span) -> bool {
        let mut i = self.blocks.len();
        while i > 0 {
            i -= 1;
            match self.blocks[i] {
                Block::ExceptStar => {
                    self.fail(
                        "'break', 'continue' and 'return' cannot appear in an except* block",
                        span,
                    );
                    return true;
                }
                Block::Loop if to_loop => return true,
                Block::Loop => {}
                Block::Finally(body) => {
                    if self.inlined.insert(body.as_ptr() as usize) {
                        let inner = self.blocks.split_off(i);
                        self.body(body);
                        self.blocks.extend(inner);
                    }
                }
            }
        }
        false
    }

    fn with_block(&mut self, block: Block<'a>, body: &'a [Stmt]) {
        self.blocks.push(block);
        self.body(body);
        self.blocks.pop();
    }

    fn body(&mut self, stmts: &'a [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn exprs(&mut self, exprs: &'a [Expr]) {
        for e in exprs {
            self.expr(e);
        }
    }

    fn opt(&mut self, e: Option<&'a Expr>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }

    /// An annotation evaluated at run time unless annotations are postponed.
    fn annotation(&mut self, e: Option<&'a Expr>) {
        if !self.table.future_annotations
            && let Some(e) = e
        {
            // `*args: *Ts`: the compiler unwraps the star itself.
            self.elements(std::slice::from_ref(e));
        }
    }

    /// A variable annotation: evaluated only in module and class bodies.
    fn variable_annotation(&mut self, e: &'a Expr) {
        if self.table.future_annotations {
            return;
        }
        let function_like = self
            .table
            .get(self.cur)
            .is_some_and(|s| s.kind.is_function_like());
        let saved = self.quiet;
        self.quiet |= function_like;
        self.expr(e);
        self.quiet = saved;
    }

    fn stmt(&mut self, s: &'a Stmt) {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.check(compile_checks::parameters(&f.args, s.span));
                self.exprs(&f.decorator_list);
                self.exprs(&f.args.defaults);
                for d in f.args.kw_defaults.iter().flatten() {
                    self.expr(d);
                }
                let a = &f.args;
                let annotated = a
                    .args
                    .iter()
                    .chain(&a.posonlyargs)
                    .chain(a.vararg.as_deref())
                    .chain(&a.kwonlyargs)
                    .chain(a.kwarg.as_deref());
                for arg in annotated {
                    self.annotation(arg.annotation.as_deref());
                }
                self.annotation(f.returns.as_deref());
                if let Some(key) = ScopeKey::of_stmt(s) {
                    self.in_scope(key, |w| w.body(&f.body));
                }
                self.name(&f.name);
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => {
                self.exprs(decorator_list);
                if let Some(key) = ScopeKey::of_stmt(s) {
                    self.in_scope(key, |w| w.body(body));
                }
                self.check(compile_checks::keywords(keywords, s.span));
                self.elements(bases);
                for k in keywords {
                    self.expr(&k.value);
                }
                self.name(name);
            }
            StmtKind::Return { value } => {
                let kind = self.cur_kind();
                if !kind.is_function_like() {
                    self.fail("'return' outside function", s.span);
                } else if value.is_some()
                    && self
                        .table
                        .get(self.cur)
                        .is_some_and(|sc| sc.is_generator && sc.is_coroutine)
                {
                    self.fail("'return' with value in async generator", s.span);
                }
                self.opt(value.as_deref());
                // CPython's compiler reports this at a constant return value (it moved its
                // location there to emit a line-numbered `NOP`), else at the statement.
                let at = match value.as_deref() {
                    Some(v) if is_folded_constant(v) => v.span,
                    _ => s.span,
                };
                self.unwind(false, at);
            }
            StmtKind::Delete { targets } => self.exprs(targets),
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value);
                self.exprs(targets);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                if let Some(v) = value {
                    self.expr(v);
                    self.expr(target);
                } else {
                    match &target.kind {
                        ExprKind::Attribute { value, .. } => self.expr(value),
                        ExprKind::Subscript { value, slice, .. } => {
                            self.expr(value);
                            self.expr(slice);
                        }
                        _ => {}
                    }
                }
                self.variable_annotation(annotation);
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                if matches!(s.kind, StmtKind::AsyncFor(_))
                    && self.cur_kind() != ScopeKind::AsyncFunction
                {
                    self.fail("'async for' outside async function", s.span);
                }
                self.expr(&f.iter);
                self.expr(&f.target);
                self.with_block(Block::Loop, &f.body);
                self.body(&f.orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.with_block(Block::Loop, body);
                self.body(orelse);
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.body(body);
                self.body(orelse);
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                if matches!(s.kind, StmtKind::AsyncWith(_))
                    && self.cur_kind() != ScopeKind::AsyncFunction
                {
                    self.fail("'async with' outside async function", s.span);
                }
                for item in &w.items {
                    self.expr(&item.context_expr);
                    self.opt(item.optional_vars.as_deref());
                }
                self.body(&w.body);
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject);
                for (i, case) in cases.iter().enumerate() {
                    let irrefutable_allowed = case.guard.is_some() || i + 1 == cases.len();
                    self.check(compile_checks::case_pattern(
                        &case.pattern,
                        irrefutable_allowed,
                    ));
                    self.pattern(&case.pattern);
                    for n in std::mem::take(&mut self.pending_stores) {
                        self.name(&n);
                    }
                    self.opt(case.guard.as_deref());
                    self.body(&case.body);
                }
            }
            StmtKind::Raise { exc, cause } => {
                self.opt(exc.as_deref());
                self.opt(cause.as_deref());
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                let star = matches!(s.kind, StmtKind::TryStar(_));
                if !t.finalbody.is_empty() {
                    self.blocks.push(Block::Finally(&t.finalbody));
                }
                self.body(&t.body);
                if star {
                    self.handlers(&t.handlers, Some(Block::ExceptStar));
                    self.body(&t.orelse);
                } else {
                    self.body(&t.orelse);
                    self.handlers(&t.handlers, None);
                }
                if !t.finalbody.is_empty() {
                    self.blocks.pop();
                }
                self.body(&t.finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                self.opt(msg.as_deref());
            }
            StmtKind::ImportFrom {
                module: Some(m), ..
            } if m == "__future__"
                && self.table.future_lineno.is_none_or(|l| s.span.lineno > l) =>
            {
                self.fail(
                    "from __future__ imports must occur at the beginning of the file",
                    s.span,
                );
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    let name = alias.asname.as_deref().unwrap_or(&alias.name);
                    if name != "*" {
                        let stored = name.split('.').next().unwrap_or(name);
                        let store = ast::ExprContext::Store;
                        self.check(compile_checks::name(stored, store, s.span));
                        self.name(stored);
                    }
                }
            }
            StmtKind::Expr { value } => self.expr(value),
            StmtKind::Break => {
                if !self.unwind(true, s.span) {
                    self.fail("'break' outside loop", s.span);
                }
            }
            StmtKind::Continue => {
                if !self.unwind(true, s.span) {
                    self.fail("'continue' not properly in loop", s.span);
                }
            }
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } | StmtKind::Pass => {}
        }
    }

    fn handlers(&mut self, handlers: &'a [ast::ExceptHandler], block: Option<Block<'a>>) {
        for (i, h) in handlers.iter().enumerate() {
            self.check(compile_checks::handler(handlers, i));
            self.opt(h.type_.as_deref());
            if let Some(n) = &h.name {
                self.name(n);
            }
            match block {
                Some(b) => self.with_block(b, &h.body),
                None => self.body(&h.body),
            }
        }
    }

    fn expr(&mut self, e: &'a Expr) {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => self.exprs(values),
            ExprKind::NamedExpr { target, value } => {
                self.expr(value);
                self.expr(target);
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { args, body } => {
                self.check(compile_checks::parameters(args, e.span));
                self.exprs(&args.defaults);
                for d in args.kw_defaults.iter().flatten() {
                    self.expr(d);
                }
                self.in_scope(ScopeKey::new(ScopeKind::Lambda, e.span), |w| w.expr(body));
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    self.opt(k.as_ref());
                    self.expr(v);
                }
            }
            ExprKind::Set { elts } => self.elements(elts),
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, generators, elt, None);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, generators, key, Some(value)),
            ExprKind::Await { value } => {
                let kind = self.cur_kind();
                if !kind.is_function_like() {
                    self.fail("'await' outside function", e.span);
                } else if kind != ScopeKind::AsyncFunction && !kind.is_comprehension() {
                    self.fail("'await' outside async function", e.span);
                }
                self.expr(value);
            }
            ExprKind::Yield { value } => {
                if !self.cur_kind().is_function_like() {
                    self.fail("'yield' outside function", e.span);
                }
                self.opt(value.as_deref());
            }
            ExprKind::YieldFrom { value } => {
                let kind = self.cur_kind();
                if !kind.is_function_like() {
                    self.fail("'yield' outside function", e.span);
                } else if kind == ScopeKind::AsyncFunction {
                    self.fail("'yield from' inside async function", e.span);
                }
                self.expr(value);
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                self.exprs(comparators);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.check(compile_checks::keywords(keywords, e.span));
                self.expr(func);
                self.elements(args);
                for k in keywords {
                    self.expr(&k.value);
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value);
                self.opt(format_spec.as_deref());
            }
            ExprKind::JoinedStr { values } => self.exprs(values),
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, attr, ctx } => {
                if *ctx == ast::ExprContext::Store {
                    self.check(compile_checks::name(attr, *ctx, e.span));
                }
                self.expr(value);
            }
            ExprKind::Starred { value, ctx } => {
                self.check(Some(compile_checks::starred(*ctx, e.span)));
                self.expr(value);
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Slice { lower, upper, step } => {
                self.opt(lower.as_deref());
                self.opt(upper.as_deref());
                self.opt(step.as_deref());
            }
            ExprKind::Name { id, ctx } => {
                self.check(compile_checks::name(id, *ctx, e.span));
                self.name(id);
            }
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => {
                if *ctx == ast::ExprContext::Store {
                    self.check(compile_checks::unpacking(elts, e.span));
                }
                self.elements(elts);
            }
        }
    }

    /// A comprehension: the body in its own scope, the first iterable in the current one.
    fn comprehension(
        &mut self,
        e: &'a Expr,
        generators: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) {
        let Some(key) = ScopeKey::of_expr(e) else {
            return;
        };
        let outer = self.cur_kind();
        let is_async = self
            .table
            .scope_for(key)
            .and_then(|id| self.table.get(id))
            .is_some_and(|sc| sc.is_coroutine);
        if is_async
            && key.kind != ScopeKind::GeneratorExp
            && outer != ScopeKind::AsyncFunction
            && !outer.is_comprehension()
        {
            self.fail(
                "asynchronous comprehension outside of an asynchronous function",
                e.span,
            );
        }
        self.in_scope(key, |w| {
            for (i, g) in generators.iter().enumerate() {
                if i > 0 {
                    w.expr(&g.iter);
                }
                w.expr(&g.target);
                w.exprs(&g.ifs);
            }
            w.expr(elt);
            w.opt(value);
        });
        if let Some(first) = generators.first() {
            self.expr(&first.iter);
        }
    }

    fn pattern(&mut self, p: &'a Pattern) {
        match &p.kind {
            PatternKind::MatchValue { value } => self.expr(value),
            PatternKind::MatchSingleton { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                for sub in patterns {
                    self.pattern(sub);
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.exprs(keys);
                for sub in patterns {
                    self.pattern(sub);
                }
                if let Some(r) = rest {
                    self.pending_stores.push(r.clone());
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls);
                for sub in patterns.iter().chain(kwd_patterns) {
                    self.pattern(sub);
                }
            }
            PatternKind::MatchStar { name } => {
                if let Some(n) = name {
                    self.pending_stores.push(n.clone());
                }
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(sub) = pattern {
                    self.pattern(sub);
                }
                if let Some(n) = name {
                    self.pending_stores.push(n.clone());
                }
            }
        }
    }
}

/// An expression CPython's AST optimizer turns into a constant (an approximation: literals,
/// tuples of them, and signs of them; CPython also folds arithmetic on constants).
fn is_folded_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Constant { .. } => true,
        ExprKind::Tuple { elts, .. } => elts.iter().all(is_folded_constant),
        ExprKind::UnaryOp { operand, .. } => {
            matches!(operand.kind, ExprKind::Constant { .. })
        }
        _ => false,
    }
}

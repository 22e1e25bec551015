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

mod expr;
mod stmt;

use std::collections::HashMap;

use super::future::{Future, future_features};
use super::{MAX_DEPTH, ScopeKey, ScopeKind, SymbolFlags, mangle};
use crate::ast::{self, Span};
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
    pub future: Future,
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
    let future = match module {
        ast::Mod::Module { body, .. } | ast::Mod::Interactive { body } => future_features(body)?,
        ast::Mod::Expression { .. } => Future::default(),
    };
    let mut b = Builder {
        scopes: Vec::new(),
        stack: Vec::new(),
        private: None,
        future_annotations: future.annotations,
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
            for s in body {
                b.visit_stmt(s)?;
            }
        }
        ast::Mod::Expression { body } => b.visit_expr(body)?,
    }
    Ok(RawTable {
        scopes: b.scopes,
        future,
    })
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

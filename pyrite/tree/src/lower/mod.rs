//! Lowering: AST + symbol table → the resolved tree of [`crate::node`].
//!
//! Every name is resolved once, here, through [`Scope::resolve`]: fast locals become slot
//! indices, cells and free variables indices into the frame's cell array, everything else a
//! global/builtin load site. Constructs the tree tier does not run yet (classes, `with`,
//! generators, `async`, `match`, ...) are rejected here, before anything runs, with
//! `NotImplementedError: <construct> is not supported (file, line N)` — never a panic.
//!
//! Invariant: the lowerer's scope stack mirrors the symbol table's nesting; a scope is entered
//! exactly where the symbol table opened it (the node's [`ScopeKey`]), and the expressions that
//! CPython evaluates in the enclosing scope (defaults, decorators, annotations, a
//! comprehension's first iterable) are lowered before entering.

mod expr;
mod stmt;

use std::rc::Rc;

use pyrite_runtime::bind::Params;
use pyrite_runtime::types::PyStr;
use pyrite_syntax::ast;
use pyrite_syntax::symtable::{
    CaptureRef, NameRef, Scope, ScopeId, ScopeKey, ScopeKind, SymbolTable,
};

use crate::node::{Code, Expr, GlobalName, Stmt, Target};

/// A construct the tree tier does not support yet, found while lowering.
#[derive(Debug, Clone)]
pub struct Unsupported {
    /// What (`class definitions`).
    pub what: String,
    /// Where.
    pub line: u32,
}

/// The result of lowering one piece.
pub type LowerResult<T> = Result<T, Unsupported>;

fn unsupported<T>(what: &str, line: u32) -> LowerResult<T> {
    Err(Unsupported {
        what: what.to_owned(),
        line,
    })
}

/// Lowers a whole module to its `<module>` code.
pub fn lower_module(
    module: &ast::Mod,
    table: &SymbolTable,
    filename: &str,
) -> LowerResult<Rc<Code>> {
    let body = match module {
        ast::Mod::Module { body, .. } | ast::Mod::Interactive { body } => body,
        ast::Mod::Expression { .. } => return unsupported("expression mode", 1),
    };
    let mut lowerer = Lowerer {
        table,
        filename: Rc::from(filename),
        scopes: vec![ScopeCtx {
            id: ScopeId::MODULE,
            qualname: String::new(),
        }],
        line: 1,
    };
    let stmts = lowerer.block(body)?;
    Ok(Rc::new(Code {
        name: Rc::from("<module>"),
        qualname: Rc::from("<module>"),
        filename: lowerer.filename.clone(),
        line: 1,
        params: Params::default(),
        n_locals: 0,
        varnames: Vec::new(),
        cell_names: Vec::new(),
        n_cellvars: 0,
        param_cells: Vec::new(),
        body: stmts,
    }))
}

/// One scope being lowered.
struct ScopeCtx {
    id: ScopeId,
    /// The qualname of the scope's code (empty for the module).
    qualname: String,
}

struct Lowerer<'t> {
    table: &'t SymbolTable,
    filename: Rc<str>,
    scopes: Vec<ScopeCtx>,
    /// The line the frame will report when the expression being lowered runs.
    line: u32,
}

impl<'t> Lowerer<'t> {
    fn current(&self) -> &ScopeCtx {
        // The module scope is pushed first and never popped.
        &self.scopes[self.scopes.len() - 1]
    }

    fn scope(&self) -> &'t Scope {
        self.table.scope(self.current().id)
    }

    fn block(&mut self, stmts: &[ast::Stmt]) -> LowerResult<Vec<Stmt>> {
        let mut out = Vec::with_capacity(stmts.len());
        for s in stmts {
            self.stmt(s, &mut out)?;
        }
        Ok(out)
    }

    /// Where a loaded name lives.
    fn load_name(&self, name: &str, line: u32) -> LowerResult<Expr> {
        let scope = self.scope();
        Ok(match scope.resolve(name) {
            NameRef::Local(slot) => Expr::Local(slot),
            NameRef::Cell(i) => Expr::Deref(i),
            NameRef::Free(i) => Expr::Deref(cell_count(scope) + i),
            NameRef::ClassFree(_) => return unsupported("class body", line),
            NameRef::Global | NameRef::Name => Expr::Global(Box::new(GlobalName::new(name))),
        })
    }

    /// Where a stored (or deleted) name lives.
    fn store_name(&self, name: &str, line: u32) -> LowerResult<Target> {
        let scope = self.scope();
        Ok(match scope.resolve(name) {
            NameRef::Local(slot) => Target::Local(slot),
            NameRef::Cell(i) => Target::Deref(i),
            NameRef::Free(i) => Target::Deref(cell_count(scope) + i),
            NameRef::ClassFree(_) => return unsupported("class body", line),
            NameRef::Global | NameRef::Name => Target::Global(intern(name)),
        })
    }

    /// The qualname of a scope named `name` opened inside the current one.
    fn child_qualname(&self, name: &str) -> String {
        let cur = self.current();
        if cur.id == ScopeId::MODULE {
            name.to_owned()
        } else {
            format!("{}.<locals>.{name}", cur.qualname)
        }
    }

    /// Finds the scope a node opens, or reports a lowering bug as unsupported.
    fn child_scope(&self, kind: ScopeKind, span: ast::Span) -> LowerResult<ScopeId> {
        match self.table.scope_for(ScopeKey::new(kind, span)) {
            Some(id) => Ok(id),
            None => unsupported("a scope the symbol table did not record", span.lineno),
        }
    }

    /// Runs `f` inside child scope `id`.
    fn in_scope<T>(
        &mut self,
        id: ScopeId,
        qualname: String,
        f: impl FnOnce(&mut Self) -> LowerResult<T>,
    ) -> LowerResult<T> {
        self.scopes.push(ScopeCtx { id, qualname });
        let line = self.line;
        let result = f(self);
        self.line = line;
        self.scopes.pop();
        result
    }

    /// For each free variable of scope `child`, the index of the current frame's cell it
    /// captures.
    fn captures(&self, child: ScopeId, line: u32) -> LowerResult<Vec<u32>> {
        let creator = self.current().id;
        let creator_scope = self.scope();
        let mut out = Vec::new();
        for name in &self.table.scope(child).freevars {
            match self.table.capture(creator, name) {
                Some(CaptureRef::Cell(i)) => out.push(i),
                Some(CaptureRef::Free(i)) => out.push(cell_count(creator_scope) + i),
                None => return unsupported("a closure over a class scope", line),
            }
        }
        Ok(out)
    }

    /// The frame layout of a function-like scope, with its body.
    fn code_for(
        &self,
        id: ScopeId,
        name: &str,
        qualname: String,
        line: u32,
        body: Vec<Stmt>,
    ) -> Code {
        let scope = self.table.scope(id);
        let params = Params {
            names: scope.varnames[..scope.param_count().min(scope.varnames.len())]
                .iter()
                .map(|n| intern(n))
                .collect(),
            posonly: scope.posonly_count as usize,
            argcount: scope.arg_count as usize,
            kwonly: scope.kwonly_count as usize,
            varargs: scope.has_varargs,
            varkw: scope.has_varkeywords,
        };
        Code {
            name: Rc::from(name),
            qualname: Rc::from(qualname.as_str()),
            filename: self.filename.clone(),
            line,
            params,
            n_locals: scope.varnames.len(),
            varnames: scope
                .varnames
                .iter()
                .map(|n| Rc::from(n.as_str()))
                .collect(),
            cell_names: scope
                .cellvars
                .iter()
                .chain(&scope.freevars)
                .map(|n| Rc::from(n.as_str()))
                .collect(),
            n_cellvars: scope.cellvars.len(),
            param_cells: scope.param_cells(),
            body,
        }
    }
}

fn cell_count(scope: &Scope) -> u32 {
    u32::try_from(scope.cellvars.len()).unwrap_or(u32::MAX)
}

/// A `str` for a name (attribute, keyword, global).
pub(crate) fn intern(name: &str) -> Rc<PyStr> {
    Rc::new(PyStr::new(name.to_owned()))
}

//! The symbol table: every name in every scope classified as CPython 3.11's
//! `Python/symtable.c` classifies it (local, global explicit, global implicit, free, cell), with
//! the same syntax errors, plus the per-scope layout the two compilers need (slots, cells, frees).
//!
//! # Passes
//! 1. `builder` walks the AST and records raw facts per scope ("assigned here", "used here",
//!    "declared `global` here", ...) as CPython's `DEF_*` flags, in CPython's visiting order, and
//!    raises the errors CPython's first pass raises (`global`/`nonlocal` misuse, duplicate
//!    parameters, walrus in comprehensions, `import *` outside the module, `yield` in a
//!    comprehension, annotations under `from __future__ import annotations`), after those of
//!    CPython's `future.c` (unknown `__future__` feature, `braces`).
//! 2. `analyze` decides each name's [`SymbolScope`] top-down with the sets of names bound in
//!    enclosing functions, turns locals captured by inner functions into cells, computes
//!    `__class__` cells, and raises the errors of CPython's second pass (`no binding for nonlocal
//!    'x' found`, `name 'x' is nonlocal and global`, `nonlocal` at module level).
//! 3. `compile_order` walks the tree in CPython's *compiler* order: it orders each function's
//!    local variables as CPython's `co_varnames` (parameters first: positional-only, regular,
//!    keyword-only, `*args`, `**kwargs`; then the other non-cell locals in the order the compiler
//!    first emits them: for `x = y`, `y` before `x`), and finds the errors CPython's compiler
//!    (not its symbol table) raises from context: `'return' outside function`, `'break' outside
//!    loop`, `'await' outside async function`, ... [`check_context`] reports them; call it after
//!    [`build`] succeeded, as CPython only compiles a module whose symbol table was built.
//!
//! # Output
//! A [`SymbolTable`] owns the [`Scope`]s in a `Vec`, indexed by [`ScopeId`]: the module is
//! `ScopeId(0)`, the rest in pre-order (a scope before its children, children in CPython's
//! `get_children()` order, which is the order its symbol table visits them: e.g. a function's
//! default values and decorators before the function, a dict comprehension's value before its
//! key). A scope is found from its defining AST node through a [`ScopeKey`] (node kind, line and
//! column of the `def`/`class`/`lambda`/comprehension node), see [`SymbolTable::scope_for`].
//!
//! Each scope has its symbols (name, raw [`SymbolFlags`], [`SymbolScope`]) in first-seen order,
//! and for function-like scopes the frame layout:
//! - `varnames`: fast-local slots, in `co_varnames` order (non-cell locals and all parameters;
//!   a parameter captured by an inner function has both a slot and a cell);
//! - `cellvars` and `freevars` in `co_cellvars`/`co_freevars` order: captured parameters first
//!   in parameter order then the other cells sorted by name; frees sorted by name. A class
//!   scope has `__class__` as its only cell when a method uses `super` or `__class__`
//!   (CPython's `ste_needs_class_closure`; the class body then stores the cell as
//!   `__classcell__`); its `freevars` also name the cells it merely passes through to methods.
//!
//! A comprehension's scope has one parameter, `.0`: the iterator of its *first* iterable,
//! which is evaluated in the enclosing scope (every later iterable is evaluated inside).
//!
//! [`SymbolTable::resolve`] turns a name as written in a scope into a [`NameRef`] (slot, cell,
//! free, global, or by-name lookup), mangling private names (`__x` in class `C` is `_C__x`) as
//! CPython does, so no consumer looks a local up by string at run time.
//!
//! # Invariants
//! - Names stored in scopes are already mangled; [`Scope::mangle`] does the same to a raw name.
//! - Every symbol of a function-like scope that is `Local` has a slot in `varnames` (names that
//!   CPython's compiler never touches, such as an annotation-only `x: int` in a function, get
//!   slots after all the names CPython would list; `Scope::n_code_varnames` tells where
//!   CPython's `co_varnames` ends).
//! - `Cell` and `Free` symbols are in `cellvars`/`freevars` respectively.
//! - No input makes this pass panic; deep nesting is bounded by [`MAX_DEPTH`] (an error, as
//!   CPython's `RecursionError` during compilation).
//!
//! Error locations follow CPython 3.11 exactly: line, and `offset` = 0-based UTF-8 byte column
//! + 1 (CPython reports symbol-table and compiler errors in bytes, even on non-ASCII lines).

mod analyze;
mod builder;
mod compile_checks;
mod compile_order;
mod future;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::SyntaxError;
use crate::ast::{self, Span};

/// The deepest nesting of scopes, statements and expressions this pass walks (each level is one
/// or two recursive calls). The parser bounds nesting well below it.
pub const MAX_DEPTH: u32 = 500;

/// Index of a scope in [`SymbolTable::scopes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

impl ScopeId {
    /// The module scope.
    pub const MODULE: ScopeId = ScopeId(0);

    /// The index into [`SymbolTable::scopes`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What kind of block a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// The module (`top` in CPython).
    Module,
    /// `def`.
    Function,
    /// `async def`.
    AsyncFunction,
    /// `lambda`.
    Lambda,
    /// `class`.
    Class,
    /// `[... for ...]`.
    ListComp,
    /// `{... for ...}`.
    SetComp,
    /// `{k: v for ...}`.
    DictComp,
    /// `(... for ...)`.
    GeneratorExp,
}

impl ScopeKind {
    /// True for CPython's `FunctionBlock`s: functions, lambdas and comprehensions. Their locals
    /// live in slots; module and class scopes keep names in a dict.
    pub fn is_function_like(self) -> bool {
        !matches!(self, ScopeKind::Module | ScopeKind::Class)
    }

    /// True for the four comprehension kinds.
    pub fn is_comprehension(self) -> bool {
        matches!(
            self,
            ScopeKind::ListComp
                | ScopeKind::SetComp
                | ScopeKind::DictComp
                | ScopeKind::GeneratorExp
        )
    }

    /// What CPython's `SymbolTable.get_type()` says: `module`, `function` or `class`.
    pub fn type_name(self) -> &'static str {
        match self {
            ScopeKind::Module => "module",
            ScopeKind::Class => "class",
            _ => "function",
        }
    }
}

/// Identifies the AST node that opens a scope: its kind and the position of the node
/// (`FunctionDef`/`AsyncFunctionDef`/`ClassDef` statement, `Lambda`/`ListComp`/`SetComp`/
/// `DictComp`/`GeneratorExp` expression). Distinct scopes in one file have distinct keys, as two
/// such nodes of one kind cannot start at the same place; should a parser ever produce such a
/// collision, [`SymbolTable::scope_for`] returns the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopeKey {
    /// The kind of scope the node opens.
    pub kind: ScopeKind,
    /// The node's `lineno`.
    pub lineno: u32,
    /// The node's `col_offset` (0-based, UTF-8 bytes).
    pub col_offset: u32,
}

impl ScopeKey {
    /// A key from a kind and a node's span.
    pub fn new(kind: ScopeKind, span: Span) -> ScopeKey {
        ScopeKey {
            kind,
            lineno: span.lineno,
            col_offset: span.col_offset,
        }
    }

    /// The key of a statement that opens a scope (`def`, `async def`, `class`), else `None`.
    pub fn of_stmt(stmt: &ast::Stmt) -> Option<ScopeKey> {
        let kind = match stmt.kind {
            ast::StmtKind::FunctionDef(_) => ScopeKind::Function,
            ast::StmtKind::AsyncFunctionDef(_) => ScopeKind::AsyncFunction,
            ast::StmtKind::ClassDef { .. } => ScopeKind::Class,
            _ => return None,
        };
        Some(ScopeKey::new(kind, stmt.span))
    }

    /// The key of an expression that opens a scope (lambda, comprehension, generator
    /// expression), else `None`.
    pub fn of_expr(expr: &ast::Expr) -> Option<ScopeKey> {
        let kind = match expr.kind {
            ast::ExprKind::Lambda { .. } => ScopeKind::Lambda,
            ast::ExprKind::ListComp { .. } => ScopeKind::ListComp,
            ast::ExprKind::SetComp { .. } => ScopeKind::SetComp,
            ast::ExprKind::DictComp { .. } => ScopeKind::DictComp,
            ast::ExprKind::GeneratorExp { .. } => ScopeKind::GeneratorExp,
            _ => return None,
        };
        Some(ScopeKey::new(kind, expr.span))
    }
}

/// Raw facts about a name in one scope: CPython's `DEF_*` flags, with CPython's bit values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SymbolFlags(pub u16);

impl SymbolFlags {
    /// `global x` in this scope (or, at module level, `global x` in any function, or a walrus
    /// in a module-level comprehension).
    pub const DEF_GLOBAL: SymbolFlags = SymbolFlags(1);
    /// Assigned (or deleted, or bound by `for`, `with`, `except`, `def`, `class`, a pattern).
    pub const DEF_LOCAL: SymbolFlags = SymbolFlags(2);
    /// A parameter.
    pub const DEF_PARAM: SymbolFlags = SymbolFlags(4);
    /// `nonlocal x` (also set on a walrus target in a comprehension inside a function).
    pub const DEF_NONLOCAL: SymbolFlags = SymbolFlags(8);
    /// Read.
    pub const USE: SymbolFlags = SymbolFlags(16);
    /// Unused by CPython 3.11's symbol table; kept for the bit layout.
    pub const DEF_FREE: SymbolFlags = SymbolFlags(32);
    /// In a class: a method's free variable of the same name as a class-level name, so the
    /// class must pass the enclosing cell through (it is in the class's `freevars`).
    pub const DEF_FREE_CLASS: SymbolFlags = SymbolFlags(64);
    /// Bound by `import`.
    pub const DEF_IMPORT: SymbolFlags = SymbolFlags(128);
    /// Annotated (`x: int`).
    pub const DEF_ANNOT: SymbolFlags = SymbolFlags(256);
    /// A comprehension's iteration variable.
    pub const DEF_COMP_ITER: SymbolFlags = SymbolFlags(512);
    /// Any binding: assigned, parameter or imported.
    pub const DEF_BOUND: SymbolFlags = SymbolFlags(2 | 4 | 128);

    /// True if any flag of `other` is set.
    #[inline]
    pub fn has(self, other: SymbolFlags) -> bool {
        self.0 & other.0 != 0
    }

    /// `self` with the flags of `other` added.
    #[inline]
    pub fn with(self, other: SymbolFlags) -> SymbolFlags {
        SymbolFlags(self.0 | other.0)
    }

    /// The names of the set flags, `|`-separated, in bit order (`DEF_LOCAL|USE`).
    pub fn describe(self) -> String {
        const NAMES: [&str; 10] = [
            "DEF_GLOBAL",
            "DEF_LOCAL",
            "DEF_PARAM",
            "DEF_NONLOCAL",
            "USE",
            "DEF_FREE",
            "DEF_FREE_CLASS",
            "DEF_IMPORT",
            "DEF_ANNOT",
            "DEF_COMP_ITER",
        ];
        let set: Vec<&str> = NAMES
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect();
        set.join("|")
    }
}

/// Where a name lives, as decided by the analysis (CPython's `LOCAL` ... `CELL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolScope {
    /// Bound in this scope, not captured.
    Local,
    /// Declared `global` here (or a walrus target of a module-level comprehension).
    GlobalExplicit,
    /// Not bound here nor in an enclosing function: a global or a builtin.
    GlobalImplicit,
    /// Bound in an enclosing function (or declared `nonlocal`): read through a cell passed in.
    Free,
    /// Bound here and captured by an inner scope: lives in a cell.
    Cell,
}

impl SymbolScope {
    /// CPython's name for the scope (`LOCAL`, `GLOBAL_EXPLICIT`, ...).
    pub fn name(self) -> &'static str {
        match self {
            SymbolScope::Local => "LOCAL",
            SymbolScope::GlobalExplicit => "GLOBAL_EXPLICIT",
            SymbolScope::GlobalImplicit => "GLOBAL_IMPLICIT",
            SymbolScope::Free => "FREE",
            SymbolScope::Cell => "CELL",
        }
    }
}

/// One name in one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The name, mangled if private.
    pub name: String,
    /// What the scope does with it.
    pub flags: SymbolFlags,
    /// Where it lives.
    pub scope: SymbolScope,
}

impl Symbol {
    /// A parameter of this scope.
    pub fn is_parameter(&self) -> bool {
        self.flags.has(SymbolFlags::DEF_PARAM)
    }
    /// Assigned in this scope.
    pub fn is_assigned(&self) -> bool {
        self.flags.has(SymbolFlags::DEF_LOCAL)
    }
    /// Read in this scope.
    pub fn is_referenced(&self) -> bool {
        self.flags.has(SymbolFlags::USE)
    }
    /// Bound by an import in this scope.
    pub fn is_imported(&self) -> bool {
        self.flags.has(SymbolFlags::DEF_IMPORT)
    }
    /// Annotated in this scope.
    pub fn is_annotated(&self) -> bool {
        self.flags.has(SymbolFlags::DEF_ANNOT)
    }
    /// Declared `nonlocal` (or a comprehension's walrus target bound in a function).
    pub fn is_nonlocal(&self) -> bool {
        self.flags.has(SymbolFlags::DEF_NONLOCAL)
    }
    /// Declared `global`.
    pub fn is_declared_global(&self) -> bool {
        self.scope == SymbolScope::GlobalExplicit
    }
    /// Free in this scope.
    pub fn is_free(&self) -> bool {
        self.scope == SymbolScope::Free
    }
}

/// How a name is accessed at run time in a given scope: the answer to "where is `x`?" that the
/// interpreters and the compiler act on (CPython's `compiler_nameop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameRef {
    /// A fast local: the slot in the frame (`LOAD_FAST`), an index into [`Scope::varnames`].
    Local(u32),
    /// A cell owned by this frame (`LOAD_DEREF`), an index into [`Scope::cellvars`].
    Cell(u32),
    /// A cell received from the enclosing function (`LOAD_DEREF`), an index into
    /// [`Scope::freevars`].
    Free(u32),
    /// A free variable of a class body (`LOAD_CLASSDEREF`): a load looks in the class namespace
    /// first and then in the cell; stores and deletes go to the cell. An index into
    /// [`Scope::freevars`].
    ClassFree(u32),
    /// A global, then a builtin (`LOAD_GLOBAL`/`STORE_GLOBAL`): explicit globals anywhere and
    /// implicit globals in function-like scopes.
    Global,
    /// Looked up by name (`LOAD_NAME`/`STORE_NAME`): module- and class-level names, in the local
    /// namespace, then globals, then builtins.
    Name,
}

/// Where the cell for a closure variable comes from when a function is created: the creating
/// scope passes its own cell or one of its free cells (CPython's `LOAD_CLOSURE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaptureRef {
    /// The creating scope's cell, an index into its [`Scope::cellvars`].
    Cell(u32),
    /// The creating scope's free cell, an index into its [`Scope::freevars`].
    Free(u32),
}

/// How a function-like scope's code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A plain function (or module/class body).
    Normal,
    /// Contains `yield` (or is a generator expression): calling it makes a generator.
    Generator,
    /// `async def` (or a comprehension containing `await`/`async for`): a coroutine.
    Coroutine,
    /// `async def` containing `yield`, or an asynchronous generator expression.
    AsyncGenerator,
}

/// One scope (CPython's `PySTEntryObject`, plus the frame layout of its code object).
#[derive(Debug, Clone)]
pub struct Scope {
    /// What kind of block.
    pub kind: ScopeKind,
    /// CPython's block name: `top`, the function or class name, `lambda`, `listcomp`,
    /// `setcomp`, `dictcomp`, `genexpr`.
    pub name: String,
    /// The key of the defining node (`None` for the module).
    pub key: Option<ScopeKey>,
    /// The defining node's span (default for the module).
    pub span: Span,
    /// The enclosing scope (`None` for the module).
    pub parent: Option<ScopeId>,
    /// Directly nested scopes, in CPython's `get_children()` order.
    pub children: Vec<ScopeId>,
    /// Every name of the scope, in the order CPython's symbol table first saw them.
    pub symbols: Vec<Symbol>,
    symbol_index: HashMap<String, usize>,
    /// The private name in effect (the innermost enclosing class's name, or the class's own
    /// name for a class body), used to mangle `__x`.
    pub private: Option<String>,
    /// Fast-local slots of a function-like scope, in `co_varnames` order (see the module doc).
    /// Empty for module and class scopes.
    pub varnames: Vec<String>,
    slot_index: HashMap<String, u32>,
    /// How many of `varnames` CPython's `co_varnames` has (the rest are locals its compiler
    /// never emits an instruction for).
    pub n_code_varnames: usize,
    /// Positional-only parameters (the first `posonly` of `varnames`).
    pub posonly_count: u32,
    /// Positional parameters including positional-only ones.
    pub arg_count: u32,
    /// Keyword-only parameters (after the positional ones in `varnames`).
    pub kwonly_count: u32,
    /// Has `*args` (the slot after the keyword-only parameters).
    pub has_varargs: bool,
    /// Has `**kwargs` (the slot after `*args`, if any).
    pub has_varkeywords: bool,
    /// Cell variables in `co_cellvars` order: captured parameters in parameter order, then the
    /// other cells sorted by name.
    pub cellvars: Vec<String>,
    /// Free variables, sorted (`co_freevars`).
    pub freevars: Vec<String>,
    /// Contains `yield` / `yield from` (or is a generator expression).
    pub is_generator: bool,
    /// `async def`, or contains `await` / `async for` / `async with` / an async comprehension.
    pub is_coroutine: bool,
    /// Contains `return` with a value.
    pub returns_value: bool,
    /// Nested in a function (CPython's `ste_nested`).
    pub nested: bool,
    /// For a class: a method uses `super` or `__class__`, so the class has a `__class__` cell
    /// and stores it as `__classcell__` in its namespace.
    pub needs_class_closure: bool,
}

impl Scope {
    /// The symbol for an already-mangled name.
    pub fn symbol(&self, mangled: &str) -> Option<&Symbol> {
        self.symbol_index
            .get(mangled)
            .and_then(|&i| self.symbols.get(i))
    }

    /// `name` mangled as CPython mangles names in this scope (`__x` in class `C` is `_C__x`).
    pub fn mangle<'a>(&self, name: &'a str) -> Cow<'a, str> {
        mangle(self.private.as_deref(), name)
    }

    /// The symbol for a name as written in the source (mangled first).
    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.symbol(&self.mangle(name))
    }

    /// True for function, lambda and comprehension scopes (slots, cells, frees).
    pub fn is_function_like(&self) -> bool {
        self.kind.is_function_like()
    }

    /// Generator, coroutine, both or neither (CPython's `CO_GENERATOR`, `CO_COROUTINE`,
    /// `CO_ASYNC_GENERATOR` code flags).
    pub fn code_kind(&self) -> CodeKind {
        if !self.kind.is_function_like() {
            return CodeKind::Normal;
        }
        match (self.is_generator, self.is_coroutine) {
            (false, false) => CodeKind::Normal,
            (true, false) => CodeKind::Generator,
            (false, true) => CodeKind::Coroutine,
            (true, true) => CodeKind::AsyncGenerator,
        }
    }

    /// Number of parameters (the first slots of `varnames`).
    pub fn param_count(&self) -> usize {
        self.arg_count as usize
            + self.kwonly_count as usize
            + usize::from(self.has_varargs)
            + usize::from(self.has_varkeywords)
    }

    /// The slot of a local variable (mangled name).
    pub fn slot(&self, mangled: &str) -> Option<u32> {
        self.slot_index.get(mangled).copied()
    }

    /// The index of a cell variable (mangled name).
    pub fn cell_index(&self, mangled: &str) -> Option<u32> {
        position(&self.cellvars, mangled)
    }

    /// The index of a free variable (mangled name).
    pub fn free_index(&self, mangled: &str) -> Option<u32> {
        position(&self.freevars, mangled)
    }

    /// Parameters that live in cells: `(slot, cell index)` pairs. On entry, a frame moves each
    /// such argument from its slot into a fresh cell (CPython's `MAKE_CELL`).
    pub fn param_cells(&self) -> Vec<(u32, u32)> {
        let params = self.varnames.iter().take(self.param_count());
        params
            .enumerate()
            .filter_map(|(slot, name)| {
                let cell = self.cell_index(name)?;
                Some((u32::try_from(slot).ok()?, cell))
            })
            .collect()
    }

    /// Where `name` (as written in the source) lives when this scope's code runs.
    pub fn resolve(&self, name: &str) -> NameRef {
        let mangled = self.mangle(name);
        let function_like = self.kind.is_function_like();
        let Some(symbol) = self.symbol(&mangled) else {
            // Names the symbol table never saw (only the compiler's own, e.g. `__classcell__`).
            return NameRef::Name;
        };
        match symbol.scope {
            SymbolScope::Cell => self
                .cell_index(&mangled)
                .map_or(NameRef::Name, NameRef::Cell),
            SymbolScope::Free => match self.free_index(&mangled) {
                Some(i) if function_like => NameRef::Free(i),
                Some(i) => NameRef::ClassFree(i),
                None => NameRef::Name,
            },
            SymbolScope::Local if function_like => {
                self.slot(&mangled).map_or(NameRef::Name, NameRef::Local)
            }
            SymbolScope::GlobalImplicit if function_like => NameRef::Global,
            SymbolScope::GlobalExplicit => NameRef::Global,
            SymbolScope::Local | SymbolScope::GlobalImplicit => NameRef::Name,
        }
    }
}

fn position(names: &[String], name: &str) -> Option<u32> {
    names
        .iter()
        .position(|n| n == name)
        .and_then(|i| u32::try_from(i).ok())
}

/// The symbol table of a module: all its scopes.
#[derive(Debug, Clone)]
pub struct SymbolTable {
    /// All scopes; `scopes[0]` is the module; a scope precedes its descendants.
    pub scopes: Vec<Scope>,
    by_key: HashMap<ScopeKey, ScopeId>,
    /// The module has `from __future__ import annotations` (annotations are not evaluated).
    pub future_annotations: bool,
    /// The line of the last valid `from __future__` import.
    future_lineno: Option<u32>,
    /// The first error CPython's compiler would raise from context (see [`check_context`]).
    context_error: Option<SyntaxError>,
}

impl SymbolTable {
    /// The module scope.
    pub fn module(&self) -> &Scope {
        &self.scopes[0]
    }

    /// A scope by id. Ids come from this table; a foreign id out of range panics like any
    /// out-of-range index.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.index()]
    }

    /// A scope by id, `None` if out of range.
    pub fn get(&self, id: ScopeId) -> Option<&Scope> {
        self.scopes.get(id.index())
    }

    /// The scope opened by the node with this key.
    pub fn scope_for(&self, key: ScopeKey) -> Option<ScopeId> {
        self.by_key.get(&key).copied()
    }

    /// The scope opened by a `def`, `async def` or `class` statement.
    pub fn scope_of_stmt(&self, stmt: &ast::Stmt) -> Option<ScopeId> {
        self.scope_for(ScopeKey::of_stmt(stmt)?)
    }

    /// The scope opened by a lambda, comprehension or generator expression.
    pub fn scope_of_expr(&self, expr: &ast::Expr) -> Option<ScopeId> {
        self.scope_for(ScopeKey::of_expr(expr)?)
    }

    /// Where `name` (as written) lives in scope `scope`; `Name` for an unknown scope.
    pub fn resolve(&self, scope: ScopeId, name: &str) -> NameRef {
        self.get(scope).map_or(NameRef::Name, |s| s.resolve(name))
    }

    /// Where scope `creator` finds the cell for free variable `name` (mangled, as in the
    /// child's `freevars`) when it creates a nested function or class (CPython's
    /// `compiler_make_closure`). `None` if it has no such cell (a bug in the caller).
    pub fn capture(&self, creator: ScopeId, name: &str) -> Option<CaptureRef> {
        let scope = self.get(creator)?;
        if scope.kind == ScopeKind::Class && name == "__class__" {
            return scope.cell_index(name).map(CaptureRef::Cell);
        }
        match scope.symbol(name).map(|s| s.scope) {
            Some(SymbolScope::Cell) => scope.cell_index(name).map(CaptureRef::Cell),
            _ => scope.free_index(name).map(CaptureRef::Free),
        }
    }

    /// A readable dump of every scope, symbol and frame layout (used by tests to compare with
    /// CPython's `symtable` module; symbols sorted by name).
    pub fn dump(&self) -> String {
        let mut out = String::new();
        self.dump_scope(ScopeId::MODULE, 0, &mut out);
        out
    }

    fn dump_scope(&self, id: ScopeId, depth: usize, out: &mut String) {
        let Some(scope) = self.get(id) else { return };
        let ind = "  ".repeat(depth);
        out.push_str(&format!(
            "{ind}{} {} line {}\n",
            scope.kind.type_name(),
            scope.name,
            scope.span.lineno
        ));
        if scope.kind != ScopeKind::Module {
            let flags = match scope.code_kind() {
                CodeKind::Normal => "-",
                CodeKind::Generator => "generator",
                CodeKind::Coroutine => "coroutine",
                CodeKind::AsyncGenerator => "async_generator",
            };
            out.push_str(&format!(
                "{ind}  code varnames={} cellvars={} freevars={} flags={flags}\n",
                scope.varnames[..scope.n_code_varnames.min(scope.varnames.len())].join(","),
                scope.cellvars.join(","),
                scope.freevars.join(","),
            ));
        }
        let mut symbols: Vec<&Symbol> = scope.symbols.iter().collect();
        symbols.sort_by(|a, b| a.name.cmp(&b.name));
        for s in symbols {
            out.push_str(&format!(
                "{ind}  {}: {} {}\n",
                s.name,
                s.scope.name(),
                s.flags.describe()
            ));
        }
        for &child in &scope.children {
            self.dump_scope(child, depth + 1, out);
        }
    }
}

/// CPython's `_Py_Mangle`: inside class `private`, a name `__x` (not ending in `__`, without a
/// dot) becomes `_private__x` with the class name's leading underscores stripped; a class name
/// made only of underscores mangles nothing.
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> Cow<'a, str> {
    let Some(private) = private else {
        return Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = private.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

/// Builds the symbol table of a module (any [`ast::Mod`]): both passes of CPython's
/// `_PySymtable_Build`, then the frame layouts. Errors are CPython's, at CPython's locations.
pub fn build(module: &ast::Mod) -> Result<SymbolTable, SyntaxError> {
    let raw = builder::collect(module)?;
    let mut table = analyze::analyze(raw)?;
    compile_order::walk(&mut table, module);
    Ok(table)
}

/// The first error CPython 3.11's compiler (not its symbol table) raises from context, in the
/// compiler's order, for the module `table` was built from: `'return' outside function`,
/// `'return' with value in async generator`, `'break' outside loop`, `'continue' not properly
/// in loop`, `'break', 'continue' and 'return' cannot appear in an except* block`, `'yield'
/// outside function`, `'yield from' inside async function`, `'await' outside function`,
/// `'await' outside async function`, `'async for' outside async function`, `'async with'
/// outside async function`, `asynchronous comprehension outside of an asynchronous function`,
/// `from __future__ imports must occur at the beginning of the file`.
///
/// Both compilers call it after [`build`]: CPython reports a symbol-table error before any of
/// these, whatever their positions. (The walk that finds them runs inside [`build`], as it is
/// the same compiler-order walk that orders the slots.)
pub fn check_context(table: &SymbolTable) -> Result<(), SyntaxError> {
    match &table.context_error {
        Some(e) => Err(e.clone()),
        None => Ok(()),
    }
}

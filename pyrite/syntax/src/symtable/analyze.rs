//! Second pass: decide each name's scope (CPython 3.11's `analyze_block`, `analyze_name`,
//! `analyze_cells`, `drop_class_free`, `update_symbols`), then lay the scopes out in a
//! [`SymbolTable`].
//!
//! The analysis goes top-down. Each block receives `bound` (names bound in enclosing
//! functions: what a free name may refer to; `None` for the module) and `global` (names declared
//! global in enclosing blocks), each its own copy, which `analyze_name` edits as CPython's does
//! (a `global x` hides an outer binding of `x` from inner blocks). It returns the names free in
//! it or below it that it does not bind; a function that binds such a name turns it into a cell.
//! A class body's names are invisible to its methods, so a class passes down what it received
//! plus `__class__`, the implicit cell its methods' `super()` reads.
//!
//! Errors come in CPython's order: blocks in pre-order, names in first-seen order.

use std::collections::{HashMap, HashSet};

use super::builder::{RawScope, RawTable, error_at};
use super::future::Future;
use super::{Scope, ScopeId, ScopeKind, Symbol, SymbolFlags, SymbolScope, SymbolTable};
use crate::SyntaxError;

type Names = HashSet<String>;

struct Analysis {
    raw: Vec<RawScope>,
    /// Per raw block: the decided scope of each symbol (parallel to `RawScope::symbols`).
    decided: Vec<Vec<SymbolScope>>,
    needs_class_closure: Vec<bool>,
}

/// Runs the analysis and builds the table (without the non-parameter `varnames`, which
/// [`super::varnames`] adds).
pub(super) fn analyze(raw: RawTable) -> Result<SymbolTable, SyntaxError> {
    let n = raw.scopes.len();
    let mut a = Analysis {
        raw: raw.scopes,
        decided: vec![Vec::new(); n],
        needs_class_closure: vec![false; n],
    };
    if n > 0 {
        a.analyze_block(0, None, Names::new())?;
    }
    Ok(a.into_table(raw.future))
}

impl Analysis {
    fn analyze_block(
        &mut self,
        id: usize,
        mut bound: Option<Names>,
        mut global: Names,
    ) -> Result<Names, SyntaxError> {
        let kind = self.raw[id].kind;
        let is_class = kind == ScopeKind::Class;
        let is_function = kind.is_function_like();
        let mut free = Names::new();
        let mut local = Names::new();
        let mut newbound = Names::new();
        let mut newglobal = Names::new();

        // A class's own bindings are invisible to nested blocks: what they see is fixed before
        // the class's names are analyzed.
        if is_class {
            newglobal.clone_from(&global);
            if let Some(b) = &bound {
                newbound.clone_from(b);
            }
        }

        let symbols = std::mem::take(&mut self.raw[id].symbols);
        let mut scopes = Vec::with_capacity(symbols.len());
        for (name, flags) in &symbols {
            let decided = self.analyze_name(
                id,
                name,
                *flags,
                bound.as_mut(),
                &mut local,
                &mut free,
                &mut global,
            );
            match decided {
                Ok(scope) => scopes.push(scope),
                Err(e) => {
                    self.raw[id].symbols = symbols;
                    return Err(e);
                }
            }
        }
        self.raw[id].symbols = symbols;

        if is_class {
            newbound.insert("__class__".to_owned());
        } else {
            if is_function {
                newbound.extend(local.iter().cloned());
            }
            if let Some(b) = &bound {
                newbound.extend(b.iter().cloned());
            }
            newglobal.extend(global.iter().cloned());
        }

        let mut newfree = Names::new();
        let children = self.raw[id].children.clone();
        for child in children {
            let child_free =
                self.analyze_block(child, Some(newbound.clone()), newglobal.clone())?;
            newfree.extend(child_free);
        }

        if is_function {
            // Locals captured below become cells.
            for (i, (name, _)) in self.raw[id].symbols.iter().enumerate() {
                if scopes[i] == SymbolScope::Local && newfree.remove(name) {
                    scopes[i] = SymbolScope::Cell;
                }
            }
        } else if is_class && newfree.remove("__class__") {
            self.needs_class_closure[id] = true;
        }

        self.update_symbols(id, &mut scopes, bound.as_ref(), &newfree, is_class);
        self.decided[id] = scopes;
        free.extend(newfree);
        Ok(free)
    }

    /// Decides one name's scope from its flags (CPython's `analyze_name`).
    #[allow(clippy::too_many_arguments)]
    fn analyze_name(
        &self,
        id: usize,
        name: &str,
        flags: SymbolFlags,
        bound: Option<&mut Names>,
        local: &mut Names,
        free: &mut Names,
        global: &mut Names,
    ) -> Result<SymbolScope, SyntaxError> {
        if flags.has(SymbolFlags::DEF_GLOBAL) {
            if flags.has(SymbolFlags::DEF_NONLOCAL) {
                return Err(self.error_at_directive(
                    id,
                    name,
                    format!("name '{name}' is nonlocal and global"),
                ));
            }
            global.insert(name.to_owned());
            if let Some(b) = bound {
                b.remove(name);
            }
            return Ok(SymbolScope::GlobalExplicit);
        }
        if flags.has(SymbolFlags::DEF_NONLOCAL) {
            let Some(b) = bound else {
                return Err(self.error_at_directive(
                    id,
                    name,
                    "nonlocal declaration not allowed at module level".to_owned(),
                ));
            };
            if !b.contains(name) {
                return Err(self.error_at_directive(
                    id,
                    name,
                    format!("no binding for nonlocal '{name}' found"),
                ));
            }
            free.insert(name.to_owned());
            return Ok(SymbolScope::Free);
        }
        if flags.has(SymbolFlags::DEF_BOUND) {
            local.insert(name.to_owned());
            global.remove(name);
            return Ok(SymbolScope::Local);
        }
        if let Some(b) = bound
            && b.contains(name)
        {
            free.insert(name.to_owned());
            return Ok(SymbolScope::Free);
        }
        Ok(SymbolScope::GlobalImplicit)
    }

    /// The error at the first `global`/`nonlocal` statement (or walrus) naming `name`.
    fn error_at_directive(&self, id: usize, name: &str, msg: String) -> SyntaxError {
        let scope = &self.raw[id];
        let span = scope
            .directives
            .iter()
            .find(|(n, _)| n == name)
            .map_or(scope.span, |(_, span)| *span);
        error_at(msg, span)
    }

    /// Records names free below that this block does not bind: they pass through it as free
    /// variables when an enclosing function binds them; in a class, a name free in a method
    /// that the class also binds or declares global gets `DEF_FREE_CLASS` (CPython's
    /// `update_symbols`).
    fn update_symbols(
        &mut self,
        id: usize,
        scopes: &mut Vec<SymbolScope>,
        bound: Option<&Names>,
        newfree: &Names,
        is_class: bool,
    ) {
        let mut pending: Vec<&String> = newfree.iter().collect();
        pending.sort();
        let scope = &mut self.raw[id];
        for name in pending {
            if let Some(&i) = scope.index.get(name.as_str()) {
                if is_class
                    && let Some(sym) = scope.symbols.get_mut(i)
                    && sym
                        .1
                        .has(SymbolFlags::DEF_BOUND.with(SymbolFlags::DEF_GLOBAL))
                {
                    sym.1 = sym.1.with(SymbolFlags::DEF_FREE_CLASS);
                }
                continue;
            }
            if let Some(b) = bound
                && !b.contains(name.as_str())
            {
                continue; // a global
            }
            scope.index.insert(name.clone(), scope.symbols.len());
            scope.symbols.push((name.clone(), SymbolFlags::default()));
            scopes.push(SymbolScope::Free);
        }
    }

    /// Lays the analyzed blocks out as a [`SymbolTable`]: annotation blocks dropped, ids in
    /// pre-order.
    fn into_table(self, future: Future) -> SymbolTable {
        let mut order = Vec::with_capacity(self.raw.len());
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            order.push(id);
            if let Some(scope) = self.raw.get(id) {
                stack.extend(scope.children.iter().rev());
            }
        }
        let mut new_id = vec![None; self.raw.len()];
        for (i, &old) in order.iter().enumerate() {
            new_id[old] = Some(ScopeId(u32::try_from(i).unwrap_or(u32::MAX)));
        }
        let mut parents = vec![None; self.raw.len()];
        for &old in &order {
            for &c in &self.raw[old].children {
                parents[c] = new_id[old];
            }
        }

        let mut decided = self.decided;
        let mut raw: Vec<Option<RawScope>> = self.raw.into_iter().map(Some).collect();
        let mut scopes = Vec::with_capacity(order.len());
        let mut by_key = HashMap::new();
        for &old in &order {
            let Some(r) = raw[old].take() else { continue };
            let decided = std::mem::take(&mut decided[old]);
            let needs_class_closure = self.needs_class_closure[old];
            let symbols: Vec<Symbol> = r
                .symbols
                .into_iter()
                .zip(decided)
                .map(|((name, flags), scope)| Symbol { name, flags, scope })
                .collect();
            // CPython 3.11 lays cells out after the fast locals, except that a parameter's
            // cell shares the parameter's slot: `co_cellvars` lists the captured parameters in
            // parameter order, then the other cells sorted by name.
            let is_cell = |name: &str| {
                r.index
                    .get(name)
                    .and_then(|&i| symbols.get(i))
                    .is_some_and(|s| s.scope == SymbolScope::Cell)
            };
            let mut cellvars: Vec<String> =
                r.params.iter().filter(|p| is_cell(p)).cloned().collect();
            let mut other_cells: Vec<String> = symbols
                .iter()
                .filter(|s| s.scope == SymbolScope::Cell && !s.flags.has(SymbolFlags::DEF_PARAM))
                .map(|s| s.name.clone())
                .collect();
            if needs_class_closure {
                other_cells.push("__class__".to_owned());
            }
            other_cells.sort();
            cellvars.extend(other_cells);
            let mut freevars: Vec<String> = symbols
                .iter()
                .filter(|s| {
                    s.scope == SymbolScope::Free || s.flags.has(SymbolFlags::DEF_FREE_CLASS)
                })
                .map(|s| s.name.clone())
                .collect();
            freevars.sort();
            let symbol_index = symbols
                .iter()
                .enumerate()
                .map(|(i, s)| (s.name.clone(), i))
                .collect();
            let id = ScopeId(u32::try_from(scopes.len()).unwrap_or(u32::MAX));
            if let Some(key) = r.key {
                by_key.entry(key).or_insert(id);
            }
            let varnames = if r.kind.is_function_like() {
                r.params.clone()
            } else {
                Vec::new()
            };
            scopes.push(Scope {
                kind: r.kind,
                name: r.name,
                key: r.key,
                span: r.span,
                parent: parents[old],
                children: r.children.iter().filter_map(|&c| new_id[c]).collect(),
                symbols,
                symbol_index,
                private: r.private,
                n_code_varnames: varnames.len(),
                varnames,
                slot_index: HashMap::new(),
                posonly_count: r.posonly_count,
                arg_count: r.arg_count,
                kwonly_count: r.kwonly_count,
                has_varargs: r.has_varargs,
                has_varkeywords: r.has_varkeywords,
                cellvars,
                freevars,
                is_generator: r.generator,
                is_coroutine: r.coroutine,
                returns_value: r.returns_value,
                nested: r.nested,
                needs_class_closure,
            });
        }
        SymbolTable {
            scopes,
            by_key,
            future_annotations: future.annotations,
            future_lineno: future.lineno,
            context_error: None,
        }
    }
}

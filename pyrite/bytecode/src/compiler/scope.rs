//! Names: loading, storing and deleting a name as the symbol table resolved it
//! ([`NameRef`]), and the "definitely bound" tracking of local slots.
//!
//! # Definitely bound
//! A local read in place (as an instruction operand) must be bound; otherwise the compiler
//! first emits `CheckBound slot` (which raises `UnboundLocalError`). The compiler proves a
//! local bound along straight-line code only: parameters are bound on entry; a store (or a
//! passed `CheckBound`) binds a local for the rest of the current block. Entering a block whose
//! code may not run, or may be left early (a branch, a loop body, a `try` body, a handler, a
//! `with` body, the right side of `and`/`or`, an `if` expression's arms) saves the set, and
//! leaving it restores the saved set. Locals that can become unbound again (`del x`,
//! `except E as x`) are never trusted. The analysis is conservative: a wrong "bound" would let
//! the VM read an unbound slot, a wrong "maybe unbound" only costs one `CheckBound`.

use pyrite_syntax::ast::{Expr, ExprKind, Stmt, StmtKind};
use pyrite_syntax::symtable::NameRef;

use super::{CResult, Compiler, Reg};
use crate::code::Constant;
use crate::opcode::Opcode;

impl<'a> Compiler<'a> {
    /// Where `name` lives in the current scope.
    pub(crate) fn resolve(&mut self, name: &str) -> NameRef {
        let scope = self.unit().scope;
        self.table.resolve(scope, name)
    }

    /// The mangled form of `name` in the current scope (names in `names` are mangled).
    pub(crate) fn mangle(&mut self, name: &str) -> String {
        let scope = self.unit().scope;
        self.table.scope(scope).mangle(name).into_owned()
    }

    /// The index in `names` of `name`, mangled.
    pub(crate) fn mangled_name(&mut self, name: &str) -> u32 {
        let m = self.mangle(name);
        self.add_name(&m)
    }

    fn n_cellvars(&mut self) -> u32 {
        let scope = self.unit().scope;
        self.table.scope(scope).cellvars.len() as u32
    }

    /// The local slot of `name`, if it is a fast local here.
    pub(crate) fn local_slot(&mut self, name: &str) -> Option<Reg> {
        match self.resolve(name) {
            NameRef::Local(slot) => Reg::try_from(slot).ok(),
            _ => None,
        }
    }

    /// Loads `name` into `dst`.
    pub(crate) fn load_name_to(&mut self, name: &str, dst: Reg) -> CResult<()> {
        match self.resolve(name) {
            NameRef::Local(slot) => {
                let slot = slot as Reg;
                self.ensure_bound(slot);
                if slot != dst {
                    self.op(Opcode::Move, 0, dst, slot, 0);
                }
            }
            NameRef::Cell(i) => self.op_k(Opcode::LoadDeref, dst, 0, i),
            NameRef::Free(i) => {
                let k = self.n_cellvars() + i;
                self.op_k(Opcode::LoadDeref, dst, 0, k);
            }
            NameRef::ClassFree(i) => {
                let k = self.n_cellvars() + i;
                self.op_k(Opcode::LoadClassDeref, dst, 0, k);
            }
            NameRef::Global => {
                let k = self.mangled_name(name);
                self.op_k(Opcode::LoadGlobal, dst, 0, k);
            }
            NameRef::Name => {
                let k = self.mangled_name(name);
                self.op_k(Opcode::LoadName, dst, 0, k);
            }
        }
        Ok(())
    }

    /// Loads `name` where it is: a bound local's own slot when in-place reads are allowed,
    /// else a new temporary.
    pub(crate) fn load_name(&mut self, name: &str) -> CResult<Reg> {
        if !self.unit().no_alias
            && let Some(slot) = self.local_slot(name)
        {
            self.ensure_bound(slot);
            return Ok(slot);
        }
        let r = self.alloc()?;
        self.load_name_to(name, r)?;
        Ok(r)
    }

    /// Stores `src` into `name`.
    pub(crate) fn store_name(&mut self, name: &str, src: Reg) -> CResult<()> {
        match self.resolve(name) {
            NameRef::Local(slot) => {
                let slot = slot as Reg;
                if slot != src {
                    self.op(Opcode::Move, 0, slot, src, 0);
                }
                self.mark_bound(slot);
            }
            NameRef::Cell(i) => self.op_k(Opcode::StoreDeref, src, 0, i),
            NameRef::Free(i) | NameRef::ClassFree(i) => {
                let k = self.n_cellvars() + i;
                self.op_k(Opcode::StoreDeref, src, 0, k);
            }
            NameRef::Global => {
                let k = self.mangled_name(name);
                self.op_k(Opcode::StoreGlobal, src, 0, k);
            }
            NameRef::Name => {
                let k = self.mangled_name(name);
                self.op_k(Opcode::StoreName, src, 0, k);
            }
        }
        Ok(())
    }

    /// `del name`.
    pub(crate) fn delete_name(&mut self, name: &str) -> CResult<()> {
        match self.resolve(name) {
            NameRef::Local(slot) => {
                let slot = slot as Reg;
                self.op(Opcode::DeleteFast, 0, slot, 0, 0);
                if let Some(b) = self.unit().bound.get_mut(slot as usize) {
                    *b = false;
                }
            }
            NameRef::Cell(i) => self.op_k(Opcode::DeleteDeref, 0, 0, i),
            NameRef::Free(i) | NameRef::ClassFree(i) => {
                let k = self.n_cellvars() + i;
                self.op_k(Opcode::DeleteDeref, 0, 0, k);
            }
            NameRef::Global => {
                let k = self.mangled_name(name);
                self.op_k(Opcode::DeleteGlobal, 0, 0, k);
            }
            NameRef::Name => {
                let k = self.mangled_name(name);
                self.op_k(Opcode::DeleteName, 0, 0, k);
            }
        }
        Ok(())
    }

    /// `name = None; del name` (the end of `except E as name`).
    pub(crate) fn unbind_handler_name(&mut self, name: &str) -> CResult<()> {
        let r = self.alloc()?;
        self.load_const(Constant::None, r);
        self.store_name(name, r)?;
        self.delete_name(name)?;
        self.free_to(u32::from(r));
        Ok(())
    }

    // ---- definitely bound ---------------------------------------------------------------------

    /// Emits `CheckBound` unless local `slot` is proven bound; it is bound afterwards.
    pub(crate) fn ensure_bound(&mut self, slot: Reg) {
        let known = self
            .unit()
            .bound
            .get(slot as usize)
            .copied()
            .unwrap_or(false);
        if !known {
            self.op(Opcode::CheckBound, 0, slot, 0, 0);
            self.mark_bound(slot);
        }
    }

    /// Records that local `slot` was just bound.
    pub(crate) fn mark_bound(&mut self, slot: Reg) {
        let u = self.unit();
        let trusted = !u.never_trust.get(slot as usize).copied().unwrap_or(true);
        if trusted && let Some(b) = u.bound.get_mut(slot as usize) {
            *b = true;
        }
    }

    /// The current bound set, to restore when leaving a conditional block.
    pub(crate) fn save_bound(&mut self) -> Vec<bool> {
        self.unit().bound.clone()
    }

    pub(crate) fn restore_bound(&mut self, saved: Vec<bool>) {
        self.unit().bound = saved;
    }

    /// Marks as never trusted every local that `body` deletes or binds with `except ... as`
    /// (not looking into nested scopes).
    pub(crate) fn scan_unbinding(&mut self, body: &[Stmt]) {
        let mut names = Vec::new();
        collect_unbinding(body, &mut names);
        for name in names {
            if let Some(slot) = self.local_slot(name)
                && let Some(t) = self.unit().never_trust.get_mut(slot as usize)
            {
                *t = true;
            }
        }
    }

    /// Sets [`super::Unit::no_alias`] for a statement-level expression: in-place local reads
    /// are off while it contains a walrus.
    pub(crate) fn set_alias_for(&mut self, exprs: &[&Expr]) {
        let walrus = exprs.iter().any(|e| has_walrus(e));
        self.unit().no_alias = walrus;
    }
}

fn collect_unbinding<'s>(body: &'s [Stmt], out: &mut Vec<&'s str>) {
    fn targets<'s>(e: &'s Expr, out: &mut Vec<&'s str>) {
        match &e.kind {
            ExprKind::Name { id, .. } => out.push(id),
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                elts.iter().for_each(|t| targets(t, out))
            }
            ExprKind::Starred { value, .. } => targets(value, out),
            _ => {}
        }
    }
    for s in body {
        match &s.kind {
            StmtKind::Delete { targets: ts } => ts.iter().for_each(|t| targets(t, out)),
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                collect_unbinding(body, out);
                collect_unbinding(orelse, out);
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                collect_unbinding(&f.body, out);
                collect_unbinding(&f.orelse, out);
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => collect_unbinding(&w.body, out),
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                collect_unbinding(&t.body, out);
                for h in &t.handlers {
                    if let Some(n) = &h.name {
                        out.push(n);
                    }
                    collect_unbinding(&h.body, out);
                }
                collect_unbinding(&t.orelse, out);
                collect_unbinding(&t.finalbody, out);
            }
            StmtKind::Match { cases, .. } => {
                cases.iter().for_each(|c| collect_unbinding(&c.body, out))
            }
            _ => {}
        }
    }
}

/// True if `e` contains a walrus evaluated in the current scope.
pub(crate) fn has_walrus(e: &Expr) -> bool {
    use ExprKind as E;
    match &e.kind {
        E::NamedExpr { .. } => true,
        E::Lambda { .. } => false,
        E::ListComp { generators, .. }
        | E::SetComp { generators, .. }
        | E::DictComp { generators, .. }
        | E::GeneratorExp { generators, .. } => {
            generators.first().is_some_and(|g| has_walrus(&g.iter))
        }
        E::BoolOp { values, .. } => values.iter().any(has_walrus),
        E::BinOp { left, right, .. } => has_walrus(left) || has_walrus(right),
        E::UnaryOp { operand, .. } => has_walrus(operand),
        E::IfExp { test, body, orelse } => {
            has_walrus(test) || has_walrus(body) || has_walrus(orelse)
        }
        E::Dict { keys, values } => {
            keys.iter().flatten().any(has_walrus) || values.iter().any(has_walrus)
        }
        E::Set { elts } | E::List { elts, .. } | E::Tuple { elts, .. } => {
            elts.iter().any(has_walrus)
        }
        E::Await { value } | E::YieldFrom { value } => has_walrus(value),
        E::Yield { value } => value.as_deref().is_some_and(has_walrus),
        E::Compare {
            left, comparators, ..
        } => has_walrus(left) || comparators.iter().any(has_walrus),
        E::Call {
            func,
            args,
            keywords,
        } => {
            has_walrus(func)
                || args.iter().any(has_walrus)
                || keywords.iter().any(|k| has_walrus(&k.value))
        }
        E::FormattedValue {
            value, format_spec, ..
        } => has_walrus(value) || format_spec.as_deref().is_some_and(has_walrus),
        E::JoinedStr { values } => values.iter().any(has_walrus),
        E::Constant { .. } | E::Name { .. } => false,
        E::Attribute { value, .. } | E::Starred { value, .. } => has_walrus(value),
        E::Subscript { value, slice, .. } => has_walrus(value) || has_walrus(slice),
        E::Slice { lower, upper, step } => [lower, upper, step]
            .iter()
            .any(|p| p.as_deref().is_some_and(has_walrus)),
    }
}

//! Comprehensions and generator expressions: each is its own code object (as in CPython
//! 3.11) taking one parameter, `.0`, the iterator of its first iterable, which the enclosing
//! scope evaluates; the others are evaluated inside.
//!
//! ```text
//! enclosing:  MakeFunction f, <listcomp>;  GetIter f+1, <first iterable>;  Call dst, f, 1
//! <listcomp>: BuildList res;  L: ForIter .0, x, end;  <ifs: JumpIfFalse .., L>;
//!             ListAppend res, <elt>;  Jump L;  end: Return res
//! ```
//! A generator expression yields each element instead (its code has `GENERATOR`).

use pyrite_syntax::ast::{Comprehension, Expr, ExprKind};

use super::{CResult, Compiler, Reg, code_const};
use crate::code::CodeFlags;
use crate::opcode::Opcode;

/// Which comprehension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    List,
    Set,
    Dict,
    Gen,
}

impl<'a> Compiler<'a> {
    pub(crate) fn comprehension(&mut self, e: &'a Expr, dst: Reg) -> CResult<()> {
        let line = e.span.lineno;
        let (kind, name, elt, value, generators) = match &e.kind {
            ExprKind::ListComp { elt, generators } => {
                (Kind::List, "<listcomp>", &**elt, None, generators)
            }
            ExprKind::SetComp { elt, generators } => {
                (Kind::Set, "<setcomp>", &**elt, None, generators)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => (Kind::Dict, "<dictcomp>", &**key, Some(&**value), generators),
            ExprKind::GeneratorExp { elt, generators } => {
                (Kind::Gen, "<genexpr>", &**elt, None, generators)
            }
            _ => return self.unsupported("this comprehension", line),
        };
        if generators.iter().any(|g| g.is_async) {
            return self.unsupported("asynchronous comprehension", line);
        }
        let Some(first) = generators.first() else {
            return self.unsupported("a comprehension without a for clause", line);
        };
        let Some(scope) = self.table.scope_of_expr(e) else {
            return self.unsupported("a comprehension the symbol table did not record", line);
        };
        if self.table.scope(scope).is_coroutine {
            return self.unsupported("asynchronous comprehension", line);
        }
        let base = self.alloc_n(2)?;
        // The first iterable, in the enclosing scope.
        let src = self.expr(&first.iter)?;
        let prev = self.set_line(first.iter.span.lineno);
        self.op(Opcode::GetIter, 0, base + 1, src, 0);
        self.set_line(prev);

        let qualname = self.child_qualname(name);
        let parent_nested = self.nested_flag();
        self.push_unit(scope, name.to_owned(), qualname, line)?;
        let mut flags = CodeFlags::OPTIMIZED
            .with(CodeFlags::NEWLOCALS)
            .with(parent_nested);
        if kind == Kind::Gen {
            flags = flags.with(CodeFlags::GENERATOR);
        }
        self.unit().flags = flags;
        self.set_line(line);
        let result = self.comprehension_body(kind, elt, value, generators);
        let code = match result {
            Ok(()) => self.pop_unit()?,
            Err(err) => {
                self.units.pop();
                return Err(err);
            }
        };
        let k = self.add_const(code_const(code));
        self.op_k(Opcode::MakeFunction, base, 0, k);
        self.op(Opcode::Call, 0, dst, base, 1);
        Ok(())
    }

    fn comprehension_body(
        &mut self,
        kind: Kind,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        generators: &'a [Comprehension],
    ) -> CResult<()> {
        let res = self.alloc()?;
        match kind {
            Kind::List => self.op(Opcode::BuildList, 0, res, 0, 0),
            Kind::Set => self.op(Opcode::BuildSet, 0, res, 0, 0),
            Kind::Dict => self.op(Opcode::BuildMap, 0, res, 0, 0),
            Kind::Gen => {}
        }
        // Per clause: (loop head, exit).
        let mut loops = Vec::with_capacity(generators.len());
        for (i, g) in generators.iter().enumerate() {
            let it = if i == 0 {
                0 // `.0`, the only parameter.
            } else {
                let src = self.expr(&g.iter)?;
                let it = self.alloc()?;
                self.op(Opcode::GetIter, 0, it, src, 0);
                it
            };
            let head = self.new_label();
            let exit = self.new_label();
            self.bind(head);
            let prev = self.set_line(g.iter.span.lineno);
            self.for_iter_into(it, &g.target, exit)?;
            self.set_line(prev);
            for cond in &g.ifs {
                self.jump_if(cond, false, head)?;
            }
            loops.push((head, exit));
        }
        let mark = self.mark();
        match kind {
            Kind::List | Kind::Set => {
                let v = self.expr(elt)?;
                let op = if kind == Kind::List {
                    Opcode::ListAppend
                } else {
                    Opcode::SetAdd
                };
                self.op(op, 0, res, v, 0);
            }
            Kind::Dict => {
                let k = self.expr(elt)?;
                let v = match value {
                    Some(v) => self.expr(v)?,
                    None => k,
                };
                self.op(Opcode::MapAdd, 0, res, k, v);
            }
            Kind::Gen => {
                let v = self.expr(elt)?;
                let sent = self.alloc()?;
                self.op(Opcode::Yield, 0, sent, v, 0);
            }
        }
        self.free_to(mark);
        for &(head, exit) in loops.iter().rev() {
            self.jump(head);
            self.bind(exit);
        }
        if kind == Kind::Gen {
            self.return_none()
        } else {
            self.op(Opcode::Return, 0, res, 0, 0);
            Ok(())
        }
    }

    /// `ForIter it, <target>, exit` then the assignment of the target: straight into a local
    /// slot when the target is a plain local name.
    pub(crate) fn for_iter_into(
        &mut self,
        it: Reg,
        target: &'a Expr,
        exit: super::Label,
    ) -> CResult<()> {
        if let ExprKind::Name { id, .. } = &target.kind
            && let Some(slot) = self.local_slot(id)
        {
            self.jump_op(Opcode::ForIter, it, slot, exit);
            self.mark_bound(slot);
            return Ok(());
        }
        let mark = self.mark();
        let v = self.alloc()?;
        self.jump_op(Opcode::ForIter, it, v, exit);
        self.assign(target, v)?;
        self.free_to(mark);
        Ok(())
    }
}

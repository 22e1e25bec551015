//! Assignments: `t1 = t2 = value`, star-unpacking, augmented assignment, and `del`.
//!
//! Invariant: the value is evaluated before any target expression (CPython's order: value,
//! then the targets left to right, each target's own sub-expressions first); a value held in
//! a local's slot is copied before a target list could rebind that local.

use pyrite_syntax::ast::{self, Expr, ExprKind};

use super::expr::{bin_op, writes_once};
use super::{CResult, Compiler, Reg};
use crate::instr::bin_op_code;
use crate::opcode::Opcode;

impl<'a> Compiler<'a> {
    pub(crate) fn assign_stmt(&mut self, targets: &'a [Expr], value: &'a Expr) -> CResult<()> {
        let mut exprs: Vec<&Expr> = vec![value];
        exprs.extend(targets.iter());
        self.set_alias_for(&exprs);
        // `x = <expr>` for a local x: compute straight into its slot.
        if let [target] = targets
            && let ExprKind::Name { id, .. } = &target.kind
            && let Some(slot) = self.local_slot(id)
            && writes_once(value)
            && !self.unit().no_alias
        {
            self.expr_to(value, slot)?;
            self.mark_bound(slot);
            return Ok(());
        }
        // `a, b = b, a`: evaluate every value, then assign; no tuple is built.
        if let [target] = targets
            && let (
                ExprKind::Tuple { elts: lhs, .. } | ExprKind::List { elts: lhs, .. },
                ExprKind::Tuple { elts: rhs, .. } | ExprKind::List { elts: rhs, .. },
            ) = (&target.kind, &value.kind)
            && lhs.len() == rhs.len()
            && !super::expr::has_starred(lhs)
            && !super::expr::has_starred(rhs)
        {
            let base = self.exprs_window(rhs)?;
            for (i, t) in lhs.iter().enumerate() {
                self.assign(t, base + i as Reg)?;
            }
            return Ok(());
        }
        let mut r = self.expr(value)?;
        if targets.len() > 1 && self.is_local_reg(r) {
            let t = self.alloc()?;
            self.op(Opcode::Move, 0, t, r, 0);
            r = t;
        }
        for t in targets {
            self.assign(t, r)?;
        }
        Ok(())
    }

    /// Stores the value in `src` into `target`.
    pub(crate) fn assign(&mut self, target: &'a Expr, src: Reg) -> CResult<()> {
        let line = target.span.lineno;
        let prev = self.set_line(line);
        let mark = self.mark();
        match &target.kind {
            ExprKind::Name { id, .. } => self.store_name(id, src)?,
            ExprKind::Attribute { value, attr, .. } => {
                let o = self.expr(value)?;
                let name = self.mangle(attr);
                let k = self.add_name(&name);
                self.op_k(Opcode::StoreAttr, o, src, k);
            }
            ExprKind::Subscript { value, slice, .. } => {
                let o = self.expr(value)?;
                let k = self.expr(slice)?;
                self.op(Opcode::SetItem, 0, o, k, src);
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                self.unpack(elts, src, line)?
            }
            _ => return self.unsupported("this assignment target", line),
        }
        self.free_to(mark);
        self.set_line(prev);
        Ok(())
    }

    fn unpack(&mut self, elts: &'a [Expr], src: Reg, line: u32) -> CResult<()> {
        let star = elts
            .iter()
            .position(|e| matches!(e.kind, ExprKind::Starred { .. }));
        let base = self.alloc_n(elts.len() as u32)?;
        match star {
            None => self.op(Opcode::UnpackSequence, 0, base, src, elts.len() as Reg),
            Some(i) => {
                let before = i;
                let after = elts.len() - i - 1;
                if before > 255 || after > 255 {
                    return self.unsupported("star-unpacking into this many targets", line);
                }
                self.op(
                    Opcode::UnpackEx,
                    0,
                    base,
                    src,
                    (before | (after << 8)) as Reg,
                );
            }
        }
        for (i, e) in elts.iter().enumerate() {
            let t = match &e.kind {
                ExprKind::Starred { value, .. } => &**value,
                _ => e,
            };
            self.assign(t, base + i as Reg)?;
        }
        Ok(())
    }

    pub(crate) fn aug_assign(
        &mut self,
        target: &'a Expr,
        op: ast::Operator,
        value: &'a Expr,
    ) -> CResult<()> {
        let line = self.unit().line;
        self.set_alias_for(&[target, value]);
        let x = bin_op_code(bin_op(op));
        match &target.kind {
            ExprKind::Name { id, .. } => {
                let cur = self.load_name(id)?;
                let v = self.expr(value)?;
                // In place for a local (`cur` is its slot), else into the temporary.
                let dst = if self.unit().no_alias {
                    cur
                } else {
                    self.local_slot(id).unwrap_or(cur)
                };
                self.set_line(line);
                self.op(Opcode::InplaceOp, x, dst, cur, v);
                if dst != cur || !self.is_local_reg(dst) {
                    self.store_name(id, dst)?;
                } else {
                    self.mark_bound(dst);
                }
            }
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                let o = self.expr(obj)?;
                let name = self.mangle(attr);
                let k = self.add_name(&name);
                let t = self.alloc()?;
                let prev = self.set_line(target.span.end_lineno);
                self.op_k(Opcode::LoadAttr, t, o, k);
                self.set_line(prev);
                let v = self.expr(value)?;
                self.op(Opcode::InplaceOp, x, t, t, v);
                self.op_k(Opcode::StoreAttr, o, t, k);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                let o = self.expr(obj)?;
                let k = self.expr(slice)?;
                let t = self.alloc()?;
                self.op(Opcode::GetItem, 0, t, o, k);
                let v = self.expr(value)?;
                self.op(Opcode::InplaceOp, x, t, t, v);
                self.op(Opcode::SetItem, 0, o, k, t);
            }
            _ => return self.unsupported("this augmented assignment target", line),
        }
        Ok(())
    }

    pub(crate) fn delete(&mut self, target: &'a Expr) -> CResult<()> {
        let line = target.span.lineno;
        let prev = self.set_line(line);
        let mark = self.mark();
        match &target.kind {
            ExprKind::Name { id, .. } => self.delete_name(id)?,
            ExprKind::Attribute { value, attr, .. } => {
                let o = self.expr(value)?;
                let name = self.mangle(attr);
                let k = self.add_name(&name);
                self.op_k(Opcode::DeleteAttr, o, 0, k);
            }
            ExprKind::Subscript { value, slice, .. } => {
                let o = self.expr(value)?;
                let k = self.expr(slice)?;
                self.op(Opcode::DelItem, 0, o, k, 0);
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                for e in elts {
                    self.delete(e)?;
                }
            }
            _ => return self.unsupported("this del target", line),
        }
        self.free_to(mark);
        self.set_line(prev);
        Ok(())
    }
}

//! Statements: sequencing, `if`, `while`, `for`, `break`/`continue`/`return`, `assert`,
//! imports, expression statements; the rest is dispatched to `assign.rs` (assignments,
//! `del`), `exceptions.rs` (`try`, `with`, `raise`) and `function.rs` (`def`, `class`).
//!
//! Invariant: each statement frees the temporaries it allocated and sets the line of its
//! instructions to its own first line unless a sub-node says otherwise.

use pyrite_syntax::ast::{self, Stmt, StmtKind};

use super::{Block, CResult, Compiler};
use crate::code::Constant;
use crate::opcode::Opcode;

impl<'a> Compiler<'a> {
    pub(crate) fn stmts(&mut self, body: &'a [Stmt]) -> CResult<()> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    pub(crate) fn stmt(&mut self, s: &'a Stmt) -> CResult<()> {
        let line = s.span.lineno;
        self.set_line(line);
        let mark = self.mark();
        self.unit().no_alias = false;
        self.stmt_kind(s)?;
        self.free_to(mark);
        Ok(())
    }

    fn stmt_kind(&mut self, s: &'a Stmt) -> CResult<()> {
        use StmtKind as S;
        let line = s.span.lineno;
        match &s.kind {
            S::FunctionDef(f) => self.function_def(s, f),
            S::AsyncFunctionDef(_) => self.unsupported("async function", line),
            S::ClassDef { .. } => self.class_def(s),
            S::Return { value } => self.return_stmt(value.as_deref()),
            S::Delete { targets } => targets.iter().try_for_each(|t| self.delete(t)),
            S::Assign { targets, value, .. } => self.assign_stmt(targets, value),
            S::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            S::AnnAssign { target, value, .. } => match value {
                Some(v) => self.assign_stmt(std::slice::from_ref(&**target), v),
                None => Ok(()),
            },
            S::For(f) => self.for_stmt(f),
            S::AsyncFor(_) => self.unsupported("async for loop", line),
            S::While { test, body, orelse } => self.while_stmt(test, body, orelse),
            S::If { test, body, orelse } => self.if_stmt(test, body, orelse),
            S::With(w) => self.with_stmt(w, 0, line),
            S::AsyncWith(_) => self.unsupported("async with statement", line),
            S::Match { .. } => self.unsupported("match statement", line),
            S::Raise { exc, cause } => self.raise_stmt(exc.as_deref(), cause.as_deref()),
            S::Try(t) => self.try_stmt(t),
            S::TryStar(_) => self.unsupported("except* clause", line),
            S::Assert { test, msg } => self.assert_stmt(test, msg.as_deref()),
            S::Import { names } => self.import(names),
            S::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(module.as_deref(), names, *level, line),
            S::Global { .. } | S::Nonlocal { .. } | S::Pass => Ok(()),
            S::Expr { value } => {
                if matches!(value.kind, ast::ExprKind::Constant { .. }) {
                    return Ok(());
                }
                self.set_alias_for(&[value]);
                let r = self.alloc()?;
                self.expr_to(value, r)
            }
            S::Break => self.break_continue(true, line),
            S::Continue => self.break_continue(false, line),
        }
    }

    fn if_stmt(
        &mut self,
        test: &'a ast::Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult<()> {
        let else_l = self.new_label();
        self.set_alias_for(&[test]);
        self.jump_if(test, false, else_l)?;
        let saved = self.save_bound();
        self.stmts(body)?;
        self.restore_bound(saved.clone());
        if orelse.is_empty() {
            self.bind(else_l);
        } else {
            let end = self.new_label();
            self.jump(end);
            self.bind(else_l);
            self.stmts(orelse)?;
            self.restore_bound(saved);
            self.bind(end);
        }
        Ok(())
    }

    fn while_stmt(
        &mut self,
        test: &'a ast::Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult<()> {
        let head = self.new_label();
        let cont = self.new_label();
        let brk = self.new_label();
        let else_l = self.new_label();
        // The test runs before the loop, then at the bottom of each iteration (one jump per
        // iteration instead of two).
        self.set_alias_for(&[test]);
        self.jump_if(test, false, else_l)?;
        let saved = self.save_bound();
        self.bind(head);
        self.push_block(Block::Loop {
            cont,
            brk,
            iter: None,
        });
        self.stmts(body)?;
        self.pop_block();
        self.bind(cont);
        self.set_line(test.span.lineno);
        self.set_alias_for(&[test]);
        self.jump_if(test, true, head)?;
        self.restore_bound(saved.clone());
        self.bind(else_l);
        self.stmts(orelse)?;
        self.restore_bound(saved);
        self.bind(brk);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::For) -> CResult<()> {
        let line = self.unit().line;
        self.set_alias_for(&[&f.iter]);
        let src = self.expr(&f.iter)?;
        let it = self.alloc()?;
        self.op(Opcode::GetIter, 0, it, src, 0);
        let head = self.new_label();
        let brk = self.new_label();
        let else_l = self.new_label();
        let saved = self.save_bound();
        self.bind(head);
        self.set_line(line);
        self.unit().no_alias = false;
        self.for_iter_into(it, &f.target, else_l)?;
        self.push_block(Block::Loop {
            cont: head,
            brk,
            iter: Some(it),
        });
        self.stmts(&f.body)?;
        self.pop_block();
        self.set_line(line);
        self.jump(head);
        self.restore_bound(saved.clone());
        self.bind(else_l);
        self.stmts(&f.orelse)?;
        self.restore_bound(saved);
        self.bind(brk);
        Ok(())
    }

    fn break_continue(&mut self, is_break: bool, line: u32) -> CResult<()> {
        let blocks = &self.unit().blocks;
        let Some(i) = blocks
            .iter()
            .rposition(|b| matches!(b.block, Block::Loop { .. }))
        else {
            let what = if is_break {
                "'break' outside loop"
            } else {
                "'continue' outside loop"
            };
            return self.unsupported(what, line);
        };
        let Block::Loop { cont, brk, iter } = self.unit().blocks[i].block.clone() else {
            return Ok(());
        };
        let paused = self.unwind(i + 1)?;
        self.set_line(line);
        if is_break {
            if let Some(it) = iter {
                // Drop the iterator now, as CPython pops it.
                self.load_none(it);
            }
            self.jump(brk);
        } else {
            self.jump(cont);
        }
        self.resume_regions(&paused);
        Ok(())
    }

    fn return_stmt(&mut self, value: Option<&'a ast::Expr>) -> CResult<()> {
        let line = self.unit().line;
        let r = match value {
            Some(v) => {
                self.set_alias_for(&[v]);
                let r = self.expr(v)?;
                if self.is_local_reg(r) && !self.unit().blocks.is_empty() {
                    // A `finally` may rebind the local: return the value it has now.
                    let t = self.alloc()?;
                    self.op(Opcode::Move, 0, t, r, 0);
                    t
                } else {
                    r
                }
            }
            None => self.none_register()?,
        };
        let paused = self.unwind(0)?;
        self.set_line(line);
        self.op(Opcode::Return, 0, r, 0, 0);
        self.resume_regions(&paused);
        Ok(())
    }

    fn assert_stmt(&mut self, test: &'a ast::Expr, msg: Option<&'a ast::Expr>) -> CResult<()> {
        let ok = self.new_label();
        self.set_alias_for(&[test]);
        self.jump_if(test, true, ok)?;
        let saved = self.save_bound();
        let exc = self.alloc()?;
        self.op(Opcode::LoadAssertionError, 0, exc, 0, 0);
        if let Some(msg) = msg {
            let base = self.alloc_n(2)?;
            self.op(Opcode::Move, 0, base, exc, 0);
            self.expr_to(msg, base + 1)?;
            self.op(Opcode::Call, 0, exc, base, 1);
        }
        self.op(Opcode::Raise, 1, exc, 0, 0);
        self.restore_bound(saved);
        self.bind(ok);
        Ok(())
    }

    fn import(&mut self, names: &'a [ast::Alias]) -> CResult<()> {
        for alias in names {
            let mark = self.mark();
            self.set_line(alias.span.lineno);
            let r = self.alloc()?;
            let fromlist = self.alloc()?;
            self.load_none(fromlist);
            let k = self.add_name(&alias.name);
            self.op_k(Opcode::ImportName, r, fromlist, k);
            match &alias.asname {
                Some(asname) => {
                    // `import a.b.c as d`: d is the submodule, reached attribute by attribute.
                    for part in alias.name.split('.').skip(1) {
                        let k = self.add_name(part);
                        self.op_k(Opcode::ImportFrom, r, r, k);
                    }
                    self.store_name(asname, r)?;
                }
                None => {
                    let top = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.store_name(top, r)?;
                }
            }
            self.free_to(mark);
        }
        Ok(())
    }

    fn import_from(
        &mut self,
        module: Option<&str>,
        names: &'a [ast::Alias],
        level: u32,
        line: u32,
    ) -> CResult<()> {
        let Some(module) = module.filter(|_| level == 0) else {
            return self.unsupported("relative import", line);
        };
        let fromlist = names
            .iter()
            .map(|a| Constant::Str(a.name.clone()))
            .collect();
        let m = self.alloc()?;
        let fl = self.alloc()?;
        self.load_const(Constant::Tuple(fromlist), fl);
        let k = self.add_name(module);
        self.op_k(Opcode::ImportName, m, fl, k);
        if names.iter().any(|a| a.name == "*") {
            self.op(Opcode::ImportStar, 0, m, 0, 0);
            return Ok(());
        }
        for alias in names {
            let mark = self.mark();
            self.set_line(alias.span.lineno);
            let r = self.alloc()?;
            let k = self.add_name(&alias.name);
            self.op_k(Opcode::ImportFrom, r, m, k);
            self.store_name(alias.asname.as_deref().unwrap_or(&alias.name), r)?;
            self.free_to(mark);
        }
        Ok(())
    }
}

//! `try`/`except`/`else`/`finally`, `with`, `raise`, and unwinding (`break`, `continue`,
//! `return` leaving `finally`, `except` and `with` blocks).
//!
//! Layout of `try: B except E as n: H else: O` (zero-cost: nothing runs on entry):
//! ```text
//!       B                      ; region -> handler, exception in e
//!       O
//!       Jump end
//! handler:
//!       PushExcInfo e, prev    ; region -> cleanup (exception in e2)
//!       JumpIfNotExcMatch e, E, next
//!       n = e
//!       H                      ; region -> named_cleanup (exception in e3)
//!       PopExcept prev; n = None; del n; Jump end
//! named_cleanup: n = None; del n; Reraise e3
//! next: ... Reraise e          ; no handler matched
//! cleanup: PopExcept prev; Reraise e2
//! end:
//! ```
//! `try: B finally: F` runs F inline on the normal path and on every `break`/`continue`/
//! `return` leaving B, and once more as the handler: `PushExcInfo e, prev; F; Reraise e`,
//! whose own cleanup restores `prev`. `with` is the same shape around `__exit__`.

use pyrite_syntax::ast::{self, Expr};

use super::{Block, CResult, Compiler, Reg};
use crate::opcode::Opcode;

impl<'a> Compiler<'a> {
    /// Emits the cleanup of every block above index `stop` (innermost first), pausing their
    /// exception regions; returns the paused regions, to resume after the jump or return.
    pub(crate) fn unwind(&mut self, stop: usize) -> CResult<Vec<usize>> {
        let mut paused = Vec::new();
        let mut i = self.unit().blocks.len();
        while i > stop {
            i -= 1;
            let entry = self.unit().blocks[i].clone();
            paused.extend(self.pause_regions(entry.region_depth));
            match entry.block {
                Block::Loop { .. } => {}
                Block::Finally { body } => {
                    // The `finally` body runs with its own block gone (a `break` in it must
                    // not run it again).
                    let saved_blocks = self.unit().blocks.split_off(i);
                    let saved_bound = self.save_bound();
                    let line = self.unit().line;
                    let result = self.stmts(body);
                    self.set_line(line);
                    self.restore_bound(saved_bound);
                    self.unit().blocks.extend(saved_blocks);
                    result?;
                }
                Block::Handler { prev, name } => {
                    self.op(Opcode::PopExcept, 0, prev, 0, 0);
                    if let Some(name) = name {
                        self.unbind_handler_name(name)?;
                    }
                }
                Block::With { exit } => self.call_exit_none(exit)?,
            }
        }
        Ok(paused)
    }

    /// `exit(None, None, None)`, result discarded.
    fn call_exit_none(&mut self, exit: Reg) -> CResult<()> {
        let mark = self.mark();
        let base = self.alloc_n(4)?;
        self.op(Opcode::Move, 0, base, exit, 0);
        for i in 1..4 {
            self.load_none(base + i);
        }
        self.op(Opcode::Call, 0, base, base, 3);
        self.free_to(mark);
        Ok(())
    }

    pub(crate) fn raise_stmt(
        &mut self,
        exc: Option<&'a Expr>,
        cause: Option<&'a Expr>,
    ) -> CResult<()> {
        let line = self.unit().line;
        match (exc, cause) {
            (None, _) => self.op(Opcode::Raise, 0, 0, 0, 0),
            (Some(e), None) => {
                let r = self.expr(e)?;
                self.set_line(line);
                self.op(Opcode::Raise, 1, r, 0, 0);
            }
            (Some(e), Some(c)) => {
                let r = self.expr(e)?;
                let c = self.expr(c)?;
                self.set_line(line);
                self.op(Opcode::Raise, 2, r, c, 0);
            }
        }
        Ok(())
    }

    pub(crate) fn try_stmt(&mut self, t: &'a ast::Try) -> CResult<()> {
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        let line = self.unit().line;
        let pre = self.save_bound();
        let end = self.new_label();
        let handler = self.new_label();
        let e = self.alloc()?;
        let prev = self.alloc()?;
        self.push_block(Block::Finally { body: &t.finalbody });
        self.push_region(handler, e);
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.pop_region();
        self.pop_block();
        // Normal path.
        self.restore_bound(pre.clone());
        self.stmts(&t.finalbody)?;
        self.jump(end);
        // Exceptional path.
        self.restore_bound(pre.clone());
        self.bind(handler);
        self.set_line(line);
        let cleanup = self.new_label();
        let e2 = self.alloc()?;
        self.push_block(Block::Handler { prev, name: None });
        self.push_region(cleanup, e2);
        self.op(Opcode::PushExcInfo, 0, e, prev, 0);
        self.stmts(&t.finalbody)?;
        self.op(Opcode::Reraise, 0, e, 0, 0);
        self.pop_region();
        self.pop_block();
        self.bind(cleanup);
        self.op(Opcode::PopExcept, 0, prev, 0, 0);
        self.op(Opcode::Reraise, 0, e2, 0, 0);
        self.bind(end);
        self.restore_bound(pre);
        Ok(())
    }

    /// The `try`/`except`/`else` part (no `finally`).
    fn try_except(&mut self, t: &'a ast::Try) -> CResult<()> {
        let line = self.unit().line;
        let pre = self.save_bound();
        let end = self.new_label();
        let handler = self.new_label();
        let e = self.alloc()?;
        let prev = self.alloc()?;
        self.push_region(handler, e);
        self.stmts(&t.body)?;
        self.pop_region();
        self.stmts(&t.orelse)?;
        self.jump(end);

        self.bind(handler);
        self.restore_bound(pre.clone());
        self.set_line(line);
        let cleanup = self.new_label();
        let e2 = self.alloc()?;
        self.push_region(cleanup, e2);
        self.op(Opcode::PushExcInfo, 0, e, prev, 0);
        for h in &t.handlers {
            self.handler(h, e, prev, end)?;
            self.restore_bound(pre.clone());
        }
        self.set_line(line);
        self.op(Opcode::Reraise, 0, e, 0, 0);
        self.pop_region();
        self.bind(cleanup);
        self.op(Opcode::PopExcept, 0, prev, 0, 0);
        self.op(Opcode::Reraise, 0, e2, 0, 0);
        self.bind(end);
        self.restore_bound(pre);
        Ok(())
    }

    /// One `except` clause; falls through to the next clause when it does not match.
    fn handler(
        &mut self,
        h: &'a ast::ExceptHandler,
        e: Reg,
        prev: Reg,
        end: super::Label,
    ) -> CResult<()> {
        let line = h.span.lineno;
        self.set_line(line);
        let next = self.new_label();
        let mark = self.mark();
        if let Some(ty) = &h.type_ {
            self.set_alias_for(&[ty]);
            let t = self.expr(ty)?;
            self.set_line(ty.span.lineno);
            self.jump_op(Opcode::JumpIfNotExcMatch, e, t, next);
            self.set_line(line);
        }
        self.free_to(mark);
        match &h.name {
            Some(name) => {
                self.store_name(name, e)?;
                let named_cleanup = self.new_label();
                let e3 = self.alloc()?;
                self.push_block(Block::Handler {
                    prev,
                    name: Some(name),
                });
                self.push_region(named_cleanup, e3);
                self.stmts(&h.body)?;
                self.pop_region();
                self.pop_block();
                self.op(Opcode::PopExcept, 0, prev, 0, 0);
                self.unbind_handler_name(name)?;
                self.jump(end);
                self.bind(named_cleanup);
                self.unbind_handler_name(name)?;
                self.op(Opcode::Reraise, 0, e3, 0, 0);
            }
            None => {
                self.push_block(Block::Handler { prev, name: None });
                self.stmts(&h.body)?;
                self.pop_block();
                self.op(Opcode::PopExcept, 0, prev, 0, 0);
                self.jump(end);
            }
        }
        self.bind(next);
        Ok(())
    }

    /// `with items[i:]: body`: one context manager, nesting the rest.
    pub(crate) fn with_stmt(&mut self, w: &'a ast::With, i: usize, line: u32) -> CResult<()> {
        let Some(item) = w.items.get(i) else {
            return self.stmts(&w.body);
        };
        self.set_line(item.context_expr.span.lineno);
        self.set_alias_for(&[&item.context_expr]);
        let mgr = self.expr(&item.context_expr)?;
        let base = self.alloc_n(2)?;
        self.op(Opcode::BeforeWith, 0, base, mgr, 0);
        if let Some(target) = &item.optional_vars {
            self.unit().no_alias = false;
            self.assign(target, base + 1)?;
        }
        let pre = self.save_bound();
        let e = self.alloc()?;
        let prev = self.alloc()?;
        let handler = self.new_label();
        let end = self.new_label();
        self.push_block(Block::With { exit: base });
        self.push_region(handler, e);
        self.with_stmt(w, i + 1, line)?;
        self.pop_region();
        self.pop_block();
        self.set_line(line);
        self.call_exit_none(base)?;
        self.jump(end);

        self.bind(handler);
        self.restore_bound(pre.clone());
        let cleanup = self.new_label();
        let e2 = self.alloc()?;
        let suppress = self.new_label();
        self.push_region(cleanup, e2);
        self.op(Opcode::PushExcInfo, 0, e, prev, 0);
        let res = self.alloc()?;
        self.op(Opcode::WithExceptStart, 0, res, base, e);
        self.jump_op(Opcode::JumpIfTrue, res, 0, suppress);
        self.op(Opcode::Reraise, 0, e, 0, 0);
        self.pop_region();
        self.bind(suppress);
        self.op(Opcode::PopExcept, 0, prev, 0, 0);
        self.jump(end);
        self.bind(cleanup);
        self.op(Opcode::PopExcept, 0, prev, 0, 0);
        self.op(Opcode::Reraise, 0, e2, 0, 0);
        self.bind(end);
        self.restore_bound(pre);
        Ok(())
    }
}

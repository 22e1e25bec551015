//! Calls: `f(a, b)`, `f(a, k=v)`, `obj.m(a)` (method calls without a bound-method object),
//! and `f(*args, **kwargs)` with any mix of unpacking.
//!
//! Invariant: arguments are evaluated left to right, positional then keyword, as written
//! (CPython's order), each into its slot of the call's register window.

use pyrite_syntax::ast::{Expr, ExprKind, Keyword};

use super::{CResult, Compiler, Reg};
use crate::code::Constant;
use crate::opcode::Opcode;

impl<'a> Compiler<'a> {
    pub(crate) fn call(
        &mut self,
        call: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
        dst: Reg,
    ) -> CResult<()> {
        let line = call.span.lineno;
        let unpacking = super::expr::has_starred(args) || keywords.iter().any(|k| k.arg.is_none());
        if unpacking {
            return self.call_ex(call, func, args, keywords, dst);
        }
        let n = (args.len() + keywords.len()) as u32;
        if n > u32::from(u16::MAX) - 2 {
            return self.unsupported("a call with this many arguments", line);
        }
        if let ExprKind::Attribute { value, attr, .. } = &func.kind
            && keywords.is_empty()
        {
            // obj.m(args): LoadMethod base, obj; args in base+2..; CallMethod.
            let base = self.alloc_n(2 + n)?;
            let obj = self.expr(value)?;
            // CPython 3.11 puts a method call on the attribute's last line.
            let attr_line = func.span.end_lineno;
            let prev = self.set_line(attr_line);
            let name = self.mangle(attr);
            let k = self.add_name(&name);
            self.op_k(Opcode::LoadMethod, base, obj, k);
            self.set_line(prev);
            for (i, a) in args.iter().enumerate() {
                self.expr_to(a, base + 2 + i as Reg)?;
            }
            let prev = self.set_line(attr_line);
            self.op(Opcode::CallMethod, 0, dst, base, n as Reg);
            self.set_line(prev);
            return Ok(());
        }
        let extra = if keywords.is_empty() { 1 } else { 2 };
        let base = self.alloc_n(extra + n)?;
        self.expr_to(func, base)?;
        for (i, a) in args.iter().enumerate() {
            self.expr_to(a, base + 1 + i as Reg)?;
        }
        let first_kw = base + 1 + args.len() as Reg;
        for (i, k) in keywords.iter().enumerate() {
            self.expr_to(&k.value, first_kw + i as Reg)?;
        }
        if keywords.is_empty() {
            self.op(Opcode::Call, 0, dst, base, n as Reg);
        } else {
            let names = keywords
                .iter()
                .map(|k| Constant::Str(k.arg.clone().unwrap_or_default()))
                .collect();
            self.load_const(Constant::Tuple(names), base + 1 + n as Reg);
            self.op(Opcode::CallKw, 0, dst, base, n as Reg);
        }
        Ok(())
    }

    /// A call with `*` or `**` unpacking: the positional arguments become a tuple, the keyword
    /// arguments a dict, then `CallEx`.
    fn call_ex(
        &mut self,
        call: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
        dst: Reg,
    ) -> CResult<()> {
        let f = self.expr_new(func)?;
        let pair = self.alloc_n(2)?;
        let (posargs, kwargs) = (pair, pair + 1);
        self.op(Opcode::BuildList, 0, posargs, 0, 0);
        for a in args {
            let mark = self.mark();
            match &a.kind {
                ExprKind::Starred { value, .. } => {
                    let v = self.expr(value)?;
                    self.op(Opcode::ListExtend, 0, posargs, v, 0);
                }
                _ => {
                    let v = self.expr(a)?;
                    self.op(Opcode::ListAppend, 0, posargs, v, 0);
                }
            }
            self.free_to(mark);
        }
        self.op(Opcode::ListToTuple, 0, posargs, posargs, 0);
        let has_kw = !keywords.is_empty();
        if has_kw {
            self.op(Opcode::BuildMap, 0, kwargs, 0, 0);
            for k in keywords {
                let mark = self.mark();
                let prev = self.set_line(k.span.lineno);
                match &k.arg {
                    Some(name) => {
                        // One `name=value` as a one-entry dict merged in, so a duplicate with
                        // an earlier `**` raises CPython's "multiple values" error.
                        let kv = self.alloc_n(2)?;
                        self.load_const(Constant::Str(name.clone()), kv);
                        self.expr_to(&k.value, kv + 1)?;
                        let one = self.alloc()?;
                        self.op(Opcode::BuildMap, 0, one, kv, 1);
                        self.op(Opcode::DictMerge, 0, kwargs, one, f);
                    }
                    None => {
                        let v = self.expr(&k.value)?;
                        self.op(Opcode::DictMerge, 0, kwargs, v, f);
                    }
                }
                self.set_line(prev);
                self.free_to(mark);
            }
        }
        let prev = self.set_line(call.span.lineno);
        self.op(Opcode::CallEx, u8::from(has_kw), dst, f, posargs);
        self.set_line(prev);
        Ok(())
    }
}

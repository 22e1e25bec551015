//! Expressions: `expr` (a value somewhere), `expr_to` (a value into a given register), and
//! `jump_if` (branch on truth, with fused compare-and-branch instructions).
//!
//! Invariant: `expr_to(e, dst)` frees every temporary it allocated (above the mark at its
//! entry) and leaves the line as it found it; `dst` is written by the expression's final
//! instruction for the kinds [`writes_once`] accepts (so a local may be `dst` even when `e`
//! reads it), possibly earlier for the others (the caller then passes a temporary).

use pyrite_syntax::ast::{self, BoolOp, Expr, ExprKind};

use super::{CResult, Compiler, Label, Reg, constant_of};
use crate::code::Constant;
use crate::instr::{CmpKind, FormatFlags, bin_op_code, unary_op_code};
use crate::opcode::Opcode;
use pyrite_runtime::ops::{BinOp, UnaryOp};

/// The runtime operator for an AST binary operator.
pub(crate) fn bin_op(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::MatMult => BinOp::MatMul,
        O::Div => BinOp::TrueDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitOr => BinOp::BitOr,
        O::BitXor => BinOp::BitXor,
        O::BitAnd => BinOp::BitAnd,
        O::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmp_kind(op: ast::CmpOp) -> CmpKind {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpKind::Eq,
        C::NotEq => CmpKind::Ne,
        C::Lt => CmpKind::Lt,
        C::LtE => CmpKind::Le,
        C::Gt => CmpKind::Gt,
        C::GtE => CmpKind::Ge,
        C::Is => CmpKind::Is,
        C::IsNot => CmpKind::IsNot,
        C::In => CmpKind::In,
        C::NotIn => CmpKind::NotIn,
    }
}

/// True if compiling `e` into `dst` writes `dst` only with its last instruction, after every
/// read of its operands (so `dst` may be a local that `e` reads).
pub(crate) fn writes_once(e: &Expr) -> bool {
    use ExprKind as E;
    match &e.kind {
        E::Constant { .. }
        | E::Name { .. }
        | E::BinOp { .. }
        | E::UnaryOp { .. }
        | E::Lambda { .. }
        | E::Call { .. }
        | E::Attribute { .. }
        | E::Subscript { .. }
        | E::Slice { .. }
        | E::JoinedStr { .. }
        | E::FormattedValue { .. }
        | E::ListComp { .. }
        | E::SetComp { .. }
        | E::DictComp { .. }
        | E::GeneratorExp { .. }
        | E::Yield { .. }
        | E::YieldFrom { .. } => true,
        E::Compare { ops, .. } => ops.len() == 1,
        E::List { elts, .. } | E::Tuple { elts, .. } | E::Set { elts } => !has_starred(elts),
        E::Dict { keys, .. } => keys.iter().all(Option::is_some),
        _ => false,
    }
}

pub(crate) fn has_starred(elts: &[Expr]) -> bool {
    elts.iter()
        .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
}

/// The truth of a literal, when it is one.
fn const_truth(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Constant { value, .. } => Some(match value {
            ast::Constant::None => false,
            ast::Constant::Bool(b) => *b,
            ast::Constant::Ellipsis => true,
            ast::Constant::Int(i) => i.sign() != num_bigint::Sign::NoSign,
            ast::Constant::Float(f) => *f != 0.0,
            ast::Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
            ast::Constant::Str(s) => !s.is_empty(),
            ast::Constant::Bytes(b) => !b.is_empty(),
        }),
        _ => None,
    }
}

/// A tuple display of literals, folded into one constant (as CPython folds it).
fn folded_tuple(elts: &[Expr]) -> Option<Constant> {
    let mut items = Vec::with_capacity(elts.len());
    for e in elts {
        match &e.kind {
            ExprKind::Constant { value, .. } => items.push(constant_of(value)),
            ExprKind::Tuple { elts, .. } => items.push(folded_tuple(elts)?),
            _ => return None,
        }
    }
    Some(Constant::Tuple(items))
}

impl<'a> Compiler<'a> {
    /// The value of `e` in some register, for reading only: a bound local's own slot (in
    /// place), a constant register for an inline constant, or a new temporary the caller frees
    /// with its mark.
    pub(crate) fn expr(&mut self, e: &'a Expr) -> CResult<Reg> {
        match &e.kind {
            ExprKind::Name { id, .. } => {
                let prev = self.set_line(e.span.lineno);
                let r = self.load_name(id);
                self.set_line(prev);
                return r;
            }
            ExprKind::Constant { value, .. } => {
                if let Some(r) = self.const_register(constant_of(value)) {
                    return Ok(r);
                }
            }
            ExprKind::UnaryOp { op, operand } => {
                if let Some(r) = self
                    .folded_unary(*op, operand)
                    .and_then(|c| self.const_register(c))
                {
                    return Ok(r);
                }
            }
            _ => {}
        }
        let r = self.alloc()?;
        self.expr_to(e, r)?;
        Ok(r)
    }

    /// The value of `e` in a new temporary (never a local's slot).
    pub(crate) fn expr_new(&mut self, e: &'a Expr) -> CResult<Reg> {
        let r = self.alloc()?;
        self.expr_to(e, r)?;
        Ok(r)
    }

    /// Evaluates `es` into consecutive new temporaries; returns the first.
    pub(crate) fn exprs_window(&mut self, es: &'a [Expr]) -> CResult<Reg> {
        let base = self.alloc_n(es.len() as u32)?;
        for (i, e) in es.iter().enumerate() {
            self.expr_to(e, base + i as Reg)?;
        }
        Ok(base)
    }

    /// Evaluates `e` into `dst`.
    pub(crate) fn expr_to(&mut self, e: &'a Expr, dst: Reg) -> CResult<()> {
        let prev = self.set_line(e.span.lineno);
        let mark = self.mark();
        self.expr_kind(e, dst)?;
        self.free_to(mark);
        self.set_line(prev);
        Ok(())
    }

    fn expr_kind(&mut self, e: &'a Expr, dst: Reg) -> CResult<()> {
        use ExprKind as E;
        let line = e.span.lineno;
        match &e.kind {
            E::BoolOp { op, values } => self.bool_op(*op, values, dst)?,
            E::NamedExpr { target, value } => {
                self.expr_to(value, dst)?;
                match &target.kind {
                    E::Name { id, .. } => self.store_name(id, dst)?,
                    _ => return self.unsupported("this walrus target", line),
                }
            }
            E::BinOp { left, op, right } => {
                let l = self.expr(left)?;
                let r = self.expr(right)?;
                self.op(Opcode::BinaryOp, bin_op_code(bin_op(*op)), dst, l, r);
            }
            E::UnaryOp { op, operand } => {
                if let Some(c) = self.folded_unary(*op, operand) {
                    self.load_const(c, dst);
                } else {
                    let v = self.expr(operand)?;
                    let op = match op {
                        ast::UnaryOp::Invert => UnaryOp::Invert,
                        ast::UnaryOp::Not => UnaryOp::Not,
                        ast::UnaryOp::UAdd => UnaryOp::Pos,
                        ast::UnaryOp::USub => UnaryOp::Neg,
                    };
                    self.op(Opcode::UnaryOp, unary_op_code(op), dst, v, 0);
                }
            }
            E::Lambda { args, body } => self.lambda(e, args, body, dst)?,
            E::IfExp { test, body, orelse } => {
                let else_l = self.new_label();
                let end = self.new_label();
                self.jump_if(test, false, else_l)?;
                let saved = self.save_bound();
                self.expr_to(body, dst)?;
                self.jump(end);
                self.restore_bound(saved.clone());
                self.bind(else_l);
                self.expr_to(orelse, dst)?;
                self.restore_bound(saved);
                self.bind(end);
            }
            E::Dict { keys, values } => self.dict_display(keys, values, dst)?,
            E::Set { elts } => match self.folded_set_items(elts) {
                Some(items) => self.constant_set_display(items, dst)?,
                None => self.sequence_display(elts, Opcode::BuildSet, dst)?,
            },
            E::List { elts, .. } => self.sequence_display(elts, Opcode::BuildList, dst)?,
            E::Tuple { elts, .. } => {
                if let Some(c) = folded_tuple(elts) {
                    self.load_const(c, dst);
                } else {
                    self.sequence_display(elts, Opcode::BuildTuple, dst)?;
                }
            }
            E::ListComp { .. }
            | E::SetComp { .. }
            | E::DictComp { .. }
            | E::GeneratorExp { .. } => self.comprehension(e, dst)?,
            E::Await { .. } => return self.unsupported("await", line),
            E::Yield { value } => {
                let v = match value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let r = self.alloc()?;
                        self.load_none(r);
                        r
                    }
                };
                self.op(Opcode::Yield, 0, dst, v, 0);
            }
            E::YieldFrom { value } => {
                let v = self.expr(value)?;
                let it = self.alloc()?;
                self.op(Opcode::GetYieldFromIter, 0, it, v, 0);
                self.op(Opcode::YieldFrom, 0, dst, it, 0);
            }
            E::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators, dst)?,
            E::Call {
                func,
                args,
                keywords,
            } => self.call(e, func, args, keywords, dst)?,
            E::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let v = self.expr(value)?;
                let mut flags = match u8::try_from(*conversion).ok().map(char::from) {
                    Some('s') => FormatFlags::STR,
                    Some('r') => FormatFlags::REPR,
                    Some('a') => FormatFlags::ASCII,
                    _ => FormatFlags::NONE,
                };
                let spec = match format_spec {
                    Some(spec) => {
                        flags |= FormatFlags::HAS_SPEC;
                        self.expr(spec)?
                    }
                    None => 0,
                };
                self.op(Opcode::FormatValue, flags, dst, v, spec);
            }
            E::JoinedStr { values } => self.joined_str(values, dst)?,
            E::Constant { value, .. } => self.load_const(constant_of(value), dst),
            E::Attribute { value, attr, .. } => {
                let o = self.expr(value)?;
                let name = self.mangle(attr);
                let k = self.add_name(&name);
                // CPython 3.11 puts an attribute load on the attribute's last line.
                let prev = self.set_line(e.span.end_lineno);
                self.op_k(Opcode::LoadAttr, dst, o, k);
                self.set_line(prev);
            }
            E::Subscript { value, slice, .. } => {
                let o = self.expr(value)?;
                let k = self.expr(slice)?;
                self.op(Opcode::GetItem, 0, dst, o, k);
            }
            E::Starred { .. } => {
                return self.unsupported("a starred expression here", line);
            }
            E::Name { id, .. } => self.load_name_to(id, dst)?,
            E::Slice { lower, upper, step } => {
                let n = if step.is_some() { 3 } else { 2 };
                let base = self.alloc_n(n)?;
                for (i, part) in [lower, upper, step]
                    .into_iter()
                    .take(n as usize)
                    .enumerate()
                {
                    let r = base + i as Reg;
                    match part {
                        Some(p) => self.expr_to(p, r)?,
                        None => self.load_none(r),
                    }
                }
                self.op(Opcode::BuildSlice, 0, dst, base, n as Reg);
            }
        }
        Ok(())
    }

    /// The folded items of a set display CPython 3.11 turns into a `frozenset` constant: three
    /// or more elements, each a literal (after folding `-<number>` and constant tuples).
    fn folded_set_items(&mut self, elts: &[Expr]) -> Option<Constant> {
        if elts.len() < 3 {
            return None;
        }
        let mut items = Vec::with_capacity(elts.len());
        for e in elts {
            items.push(match &e.kind {
                ExprKind::Constant { value, .. } => constant_of(value),
                ExprKind::Tuple { elts, .. } => folded_tuple(elts)?,
                ExprKind::UnaryOp { op, operand } => self.folded_unary(*op, operand)?,
                _ => return None,
            });
        }
        Some(Constant::Tuple(items))
    }

    /// A constant set display, built so that it iterates in CPython's order (the semantics is
    /// `pyrite_runtime::set::PySet::from_constant_display`, which the tree tier calls): CPython
    /// folds the display into a frozenset `fs1`, rebuilds it element by element from `fs1`'s
    /// iteration order into `fs2`, and merges `fs2` into an empty set at run time. With the
    /// existing opcodes: `SetUpdate` from a tuple or list adds element by element, and from a
    /// set merges (`set_merge`).
    fn constant_set_display(&mut self, items: Constant, dst: Reg) -> CResult<()> {
        let mark = self.mark();
        let tuple = self.alloc()?;
        let first = self.alloc()?;
        let order = self.alloc()?;
        let second = self.alloc()?;
        self.load_const(items, tuple);
        self.op(Opcode::BuildSet, 0, first, 0, 0);
        self.op(Opcode::SetUpdate, 0, first, tuple, 0);
        self.op(Opcode::BuildList, 0, order, 0, 0);
        self.op(Opcode::ListExtend, 0, order, first, 0);
        self.op(Opcode::BuildSet, 0, second, 0, 0);
        self.op(Opcode::SetUpdate, 0, second, order, 0);
        self.op(Opcode::BuildSet, 0, dst, 0, 0);
        self.op(Opcode::SetUpdate, 0, dst, second, 0);
        self.free_to(mark);
        Ok(())
    }

    /// `-<number literal>` folded, as CPython's constant folding does.
    fn folded_unary(&mut self, op: ast::UnaryOp, operand: &Expr) -> Option<Constant> {
        let ExprKind::Constant { value, .. } = &operand.kind else {
            return None;
        };
        match (op, value) {
            (ast::UnaryOp::USub, ast::Constant::Int(i)) => Some(super::int_constant(&-i)),
            (ast::UnaryOp::USub, ast::Constant::Float(f)) => Some(Constant::Float(-f)),
            _ => None,
        }
    }

    fn bool_op(&mut self, op: BoolOp, values: &'a [Expr], dst: Reg) -> CResult<()> {
        let end = self.new_label();
        let Some((first, rest)) = values.split_first() else {
            self.load_none(dst);
            return Ok(());
        };
        self.expr_to(first, dst)?;
        let saved = self.save_bound();
        for v in rest {
            let jump = match op {
                BoolOp::And => Opcode::JumpIfFalse,
                BoolOp::Or => Opcode::JumpIfTrue,
            };
            self.jump_op(jump, dst, 0, end);
            self.expr_to(v, dst)?;
        }
        self.restore_bound(saved);
        self.bind(end);
        Ok(())
    }

    fn compare(
        &mut self,
        left: &'a Expr,
        ops: &[ast::CmpOp],
        comparators: &'a [Expr],
        dst: Reg,
    ) -> CResult<()> {
        let mut lhs = self.expr(left)?;
        let end = self.new_label();
        let saved = self.save_bound();
        for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
            let last = i + 1 == ops.len();
            let rhs = if last {
                self.expr(right)?
            } else {
                // A middle operand is used twice: keep it out of any local it may alias.
                self.expr_new(right)?
            };
            self.op(Opcode::Compare, cmp_kind(*op) as u8, dst, lhs, rhs);
            if !last {
                self.jump_op(Opcode::JumpIfFalse, dst, 0, end);
            }
            lhs = rhs;
        }
        self.restore_bound(saved);
        self.bind(end);
        Ok(())
    }

    fn sequence_display(&mut self, elts: &'a [Expr], build: Opcode, dst: Reg) -> CResult<()> {
        if !has_starred(elts) {
            let base = self.exprs_window(elts)?;
            self.op(build, 0, dst, base, elts.len() as Reg);
            return Ok(());
        }
        // With unpacking: build a list (or set) step by step.
        let (start, add, extend) = match build {
            Opcode::BuildSet => (Opcode::BuildSet, Opcode::SetAdd, Opcode::SetUpdate),
            _ => (Opcode::BuildList, Opcode::ListAppend, Opcode::ListExtend),
        };
        self.op(start, 0, dst, 0, 0);
        for e in elts {
            let mark = self.mark();
            match &e.kind {
                ExprKind::Starred { value, .. } => {
                    let v = self.expr(value)?;
                    self.op(extend, 0, dst, v, 0);
                }
                _ => {
                    let v = self.expr(e)?;
                    self.op(add, 0, dst, v, 0);
                }
            }
            self.free_to(mark);
        }
        if build == Opcode::BuildTuple {
            self.op(Opcode::ListToTuple, 0, dst, dst, 0);
        }
        Ok(())
    }

    fn dict_display(
        &mut self,
        keys: &'a [Option<Expr>],
        values: &'a [Expr],
        dst: Reg,
    ) -> CResult<()> {
        // The leading run of `k: v` pairs is built at once.
        let run = keys.iter().take_while(|k| k.is_some()).count();
        let base = self.alloc_n(2 * run as u32)?;
        for (i, (k, v)) in keys.iter().zip(values).take(run).enumerate() {
            if let Some(k) = k {
                self.expr_to(k, base + 2 * i as Reg)?;
            }
            self.expr_to(v, base + 2 * i as Reg + 1)?;
        }
        self.op(Opcode::BuildMap, 0, dst, base, run as Reg);
        for (k, v) in keys.iter().zip(values).skip(run) {
            let mark = self.mark();
            match k {
                Some(k) => {
                    let kr = self.expr(k)?;
                    let vr = self.expr(v)?;
                    self.op(Opcode::MapAdd, 0, dst, kr, vr);
                }
                None => {
                    let vr = self.expr(v)?;
                    self.op(Opcode::DictUpdate, 0, dst, vr, 0);
                }
            }
            self.free_to(mark);
        }
        Ok(())
    }

    fn joined_str(&mut self, values: &'a [Expr], dst: Reg) -> CResult<()> {
        match values {
            [] => self.load_const(Constant::Str(String::new()), dst),
            [only]
                if matches!(
                    only.kind,
                    ExprKind::FormattedValue { .. } | ExprKind::Constant { .. }
                ) =>
            {
                self.expr_to(only, dst)?
            }
            _ => {
                let base = self.exprs_window(values)?;
                self.op(Opcode::BuildString, 0, dst, base, values.len() as Reg);
            }
        }
        Ok(())
    }

    /// Jumps to `target` if the truth of `e` is `cond`; falls through otherwise.
    pub(crate) fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult<()> {
        let prev = self.set_line(e.span.lineno);
        let mark = self.mark();
        self.jump_if_kind(e, cond, target)?;
        self.free_to(mark);
        self.set_line(prev);
        Ok(())
    }

    fn jump_if_kind(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult<()> {
        use ExprKind as E;
        if let Some(truth) = const_truth(e) {
            if truth == cond {
                self.jump(target);
            }
            return Ok(());
        }
        match &e.kind {
            E::UnaryOp {
                op: ast::UnaryOp::Not,
                operand,
            } => self.jump_if(operand, !cond, target),
            E::BoolOp { op, values } => {
                // `and` jumping on false / `or` jumping on true: every operand may jump.
                let jump_on_each = matches!((op, cond), (BoolOp::And, false) | (BoolOp::Or, true));
                let saved = self.save_bound();
                let skip = self.new_label();
                let n = values.len();
                for (i, v) in values.iter().enumerate() {
                    if jump_on_each || i + 1 == n {
                        self.jump_if(v, cond, target)?;
                    } else {
                        self.jump_if(v, !cond, skip)?;
                    }
                }
                // Later operands run conditionally: forget what they proved.
                self.restore_bound(saved);
                self.bind(skip);
                Ok(())
            }
            E::Compare {
                left,
                ops,
                comparators,
            } if ops.iter().all(|op| cmp_kind(*op).rich().is_some()) => {
                let mut lhs = self.expr(left)?;
                let skip = self.new_label();
                let saved = self.save_bound();
                for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
                    let last = i + 1 == ops.len();
                    let rhs = if last {
                        self.expr(right)?
                    } else {
                        self.expr_new(right)?
                    };
                    let kind = cmp_kind(*op);
                    let (negate, to) = if last {
                        (!cond, target)
                    } else if cond {
                        (true, skip)
                    } else {
                        (true, target)
                    };
                    if let Some(jop) = kind.jump_opcode(negate) {
                        self.jump_op(jop, lhs, rhs, to);
                    }
                    lhs = rhs;
                }
                self.restore_bound(saved);
                self.bind(skip);
                Ok(())
            }
            _ => {
                let r = self.expr(e)?;
                let op = if cond {
                    Opcode::JumpIfTrue
                } else {
                    Opcode::JumpIfFalse
                };
                self.jump_op(op, r, 0, target);
                Ok(())
            }
        }
    }
}

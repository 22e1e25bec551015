//! Lowering expressions: operators to the runtime's enums, literals to values, comprehensions
//! and f-strings to their nodes.

use std::rc::Rc;

use pyrite_runtime::ops::{BinOp, CmpOp, UnaryOp};
use pyrite_runtime::types::{PyBytes, PySet};
use pyrite_runtime::value::Value;
use pyrite_syntax::ast::{self, Constant, ExprKind as A};
use pyrite_syntax::symtable::ScopeKind;

use super::{LowerResult, Lowerer, intern, unsupported};
use crate::node::{CallNode, Cmp, CompFor, CompKind, CompNode, Expr, FPart};

/// The runtime's operator for an AST operator.
pub(super) fn bin_op(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::TrueDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmp_op(op: ast::CmpOp) -> Cmp {
    match op {
        ast::CmpOp::Eq => Cmp::Rich(CmpOp::Eq),
        ast::CmpOp::NotEq => Cmp::Rich(CmpOp::Ne),
        ast::CmpOp::Lt => Cmp::Rich(CmpOp::Lt),
        ast::CmpOp::LtE => Cmp::Rich(CmpOp::Le),
        ast::CmpOp::Gt => Cmp::Rich(CmpOp::Gt),
        ast::CmpOp::GtE => Cmp::Rich(CmpOp::Ge),
        ast::CmpOp::Is => Cmp::Is,
        ast::CmpOp::IsNot => Cmp::IsNot,
        ast::CmpOp::In => Cmp::In,
        ast::CmpOp::NotIn => Cmp::NotIn,
    }
}

fn constant(c: &Constant, line: u32) -> LowerResult<Value> {
    Ok(match c {
        Constant::None => Value::None,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(i) => Value::from_bigint(i.clone()),
        Constant::Float(f) => Value::Float(*f),
        Constant::Str(s) => Value::str(s.as_str()),
        Constant::Bytes(b) => Value::Bytes(Rc::new(PyBytes::new(b.clone()))),
        Constant::Ellipsis => return unsupported("Ellipsis", line),
        Constant::Complex { .. } => return unsupported("complex number", line),
    })
}

/// The constant frozenset CPython 3.11's compiler folds a display of three or more constants
/// into (`BUILD_SET 0; LOAD_CONST frozenset(...); SET_UPDATE`), or `None`. The compiler builds
/// it in source order, then its constant merging (`merge_consts_recursive`) rebuilds it from
/// the first one's iteration order; both steps shape the final iteration order, so both are
/// replayed (checked against CPython 3.11.7 on `corpus/conformance/sets.py`).
fn const_set(items: &[Expr]) -> Option<PySet> {
    if items.len() < 3 {
        return None;
    }
    // Constants are hashable builtin values: no user code runs.
    let mut no_vm = pyrite_runtime::ops::test_support::NoInterp;
    let first = PySet::new();
    for item in items {
        match item {
            Expr::Const(v) => first.add(&mut no_vm, v.clone()).ok()?,
            _ => return None,
        }
    }
    let merged = PySet::new();
    for v in first.items() {
        merged.add(&mut no_vm, v).ok()?;
    }
    Some(merged)
}

impl Lowerer<'_> {
    pub(super) fn exprs(&mut self, es: &[ast::Expr]) -> LowerResult<Vec<Expr>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    pub(super) fn opt_expr(&mut self, e: Option<&ast::Expr>) -> LowerResult<Option<Expr>> {
        e.map(|e| self.expr(e)).transpose()
    }

    fn boxed(&mut self, e: &ast::Expr) -> LowerResult<Box<Expr>> {
        Ok(Box::new(self.expr(e)?))
    }

    /// Lowers an expression (in the current scope), marking it with its line when that is not
    /// the line the frame reports at this point.
    pub(super) fn expr(&mut self, e: &ast::Expr) -> LowerResult<Expr> {
        let line = e.span.lineno;
        if line == self.line || matches!(e.kind, A::Constant { .. }) {
            return self.expr_here(e);
        }
        let saved = self.line;
        self.line = line;
        let inner = self.expr_here(e);
        self.line = saved;
        match inner? {
            // A constant cannot raise (and must stay recognizably constant for folding).
            c @ Expr::Const(_) => Ok(c),
            inner => Ok(Expr::Line(line, Box::new(inner))),
        }
    }

    fn expr_here(&mut self, e: &ast::Expr) -> LowerResult<Expr> {
        let line = e.span.lineno;
        Ok(match &e.kind {
            A::BoolOp { op, values } => {
                let values = self.exprs(values)?;
                match op {
                    ast::BoolOp::And => Expr::And(values),
                    ast::BoolOp::Or => Expr::Or(values),
                }
            }
            A::NamedExpr { target, value } => {
                let v = self.expr(value)?;
                let t = self.target(target)?;
                Expr::Walrus(Box::new((t, v)))
            }
            A::BinOp { left, op, right } => {
                Expr::BinOp(Box::new((self.expr(left)?, self.expr(right)?)), bin_op(*op))
            }
            A::UnaryOp { op, operand } => {
                let op = match op {
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                };
                let operand = self.expr(operand)?;
                // CPython's AST optimizer folds `-1`, `+2.0`, `~3` into constants (which
                // matters where constant-ness is observable: constant set displays).
                if let Expr::Const(v @ (Value::Int(_) | Value::BigInt(_) | Value::Float(_))) =
                    &operand
                    && op != UnaryOp::Not
                {
                    let mut no_vm = pyrite_runtime::ops::test_support::NoInterp;
                    if let Ok(folded) = pyrite_runtime::ops::unary_op(&mut no_vm, op, v) {
                        return Ok(Expr::Const(folded));
                    }
                }
                Expr::UnaryOp(op, Box::new(operand))
            }
            A::Lambda { args, body } => Expr::Lambda(self.lambda(args, body, e.span)?),
            A::IfExp { test, body, orelse } => Expr::IfExp(Box::new([
                self.expr(test)?,
                self.expr(body)?,
                self.expr(orelse)?,
            ])),
            A::Dict { keys, values } => {
                let mut items = Vec::with_capacity(values.len());
                for (k, v) in keys.iter().zip(values) {
                    items.push((self.opt_expr(k.as_ref())?, self.expr(v)?));
                }
                Expr::Dict(items)
            }
            A::Set { elts } => {
                let (items, star) = self.elements(elts)?;
                match const_set(&items) {
                    Some(set) => Expr::ConstSet(Rc::new(set)),
                    None => Expr::Set(items, star),
                }
            }
            A::ListComp { elt, generators } => {
                self.comprehension(e, ScopeKind::ListComp, generators, |l| {
                    Ok(CompKind::List(l.expr(elt)?))
                })?
            }
            A::SetComp { elt, generators } => {
                self.comprehension(e, ScopeKind::SetComp, generators, |l| {
                    Ok(CompKind::Set(l.expr(elt)?))
                })?
            }
            A::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, ScopeKind::DictComp, generators, |l| {
                Ok(CompKind::Dict(l.expr(key)?, l.expr(value)?))
            })?,
            A::GeneratorExp { elt, generators } => {
                self.comprehension(e, ScopeKind::GeneratorExp, generators, |l| {
                    Ok(CompKind::Gen(l.expr(elt)?))
                })?
            }
            A::Await { .. } => return unsupported("await", line),
            A::Yield { .. } | A::YieldFrom { .. } => {
                return unsupported("generator (yield)", line);
            }
            A::Compare {
                left,
                ops,
                comparators,
            } => {
                let mut rest = Vec::with_capacity(ops.len());
                for (op, c) in ops.iter().zip(comparators) {
                    rest.push((cmp_op(*op), self.expr(c)?));
                }
                Expr::Compare(self.boxed(left)?, rest)
            }
            A::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords, line)?,
            A::FormattedValue { .. } | A::JoinedStr { .. } => Expr::FString(self.fstring(e)?),
            A::Constant { value, .. } => Expr::Const(constant(value, line)?),
            A::Attribute { value, attr, .. } => Expr::Attribute(self.boxed(value)?, intern(attr)),
            A::Subscript { value, slice, .. } => {
                Expr::Subscript(Box::new((self.expr(value)?, self.expr(slice)?)))
            }
            A::Starred { value, .. } => Expr::Starred(self.boxed(value)?),
            A::Name { id, .. } => self.load_name(id, line)?,
            A::List { elts, .. } => {
                let (items, star) = self.elements(elts)?;
                Expr::List(items, star)
            }
            A::Tuple { elts, .. } => {
                let (items, star) = self.elements(elts)?;
                if !star && items.iter().all(|i| matches!(i, Expr::Const(_))) {
                    // A tuple of constants is itself a constant (CPython folds it too).
                    let values = items
                        .into_iter()
                        .filter_map(|i| match i {
                            Expr::Const(v) => Some(v),
                            _ => None,
                        })
                        .collect();
                    Expr::Const(Value::tuple(values))
                } else {
                    Expr::Tuple(items, star)
                }
            }
            A::Slice { lower, upper, step } => Expr::Slice(Box::new([
                self.opt_expr(lower.as_deref())?,
                self.opt_expr(upper.as_deref())?,
                self.opt_expr(step.as_deref())?,
            ])),
        })
    }

    /// Display elements, and whether any is starred.
    fn elements(&mut self, elts: &[ast::Expr]) -> LowerResult<(Vec<Expr>, bool)> {
        let items = self.exprs(elts)?;
        let star = items.iter().any(|i| matches!(i, Expr::Starred(_)));
        Ok((items, star))
    }

    fn call(
        &mut self,
        func: &ast::Expr,
        args: &[ast::Expr],
        keywords: &[ast::Keyword],
        line: u32,
    ) -> LowerResult<Expr> {
        let (callee, method) = match &func.kind {
            A::Attribute { value, attr, .. } => (self.expr(value)?, Some(intern(attr))),
            _ => (self.expr(func)?, None),
        };
        let args = self.exprs(args)?;
        let mut kwargs = Vec::with_capacity(keywords.len());
        for k in keywords {
            kwargs.push((k.arg.as_deref().map(intern), self.expr(&k.value)?));
        }
        let simple = kwargs.is_empty() && !args.iter().any(|a| matches!(a, Expr::Starred(_)));
        Ok(Expr::Call(Box::new(CallNode {
            func: callee,
            method,
            args,
            kwargs,
            simple,
            line,
        })))
    }

    /// A comprehension: the first iterable here, the rest in the comprehension's scope.
    fn comprehension(
        &mut self,
        e: &ast::Expr,
        kind: ScopeKind,
        generators: &[ast::Comprehension],
        element: impl FnOnce(&mut Self) -> LowerResult<CompKind>,
    ) -> LowerResult<Expr> {
        let line = e.span.lineno;
        if generators.iter().any(|g| g.is_async) {
            return unsupported("asynchronous comprehension", line);
        }
        let Some(first) = generators.first() else {
            return unsupported("a comprehension without a for clause", line);
        };
        let first_iter = self.expr(&first.iter)?;
        let id = self.child_scope(kind, e.span)?;
        let captures = self.captures(id, line)?;
        let name = match kind {
            ScopeKind::ListComp => "<listcomp>",
            ScopeKind::SetComp => "<setcomp>",
            ScopeKind::DictComp => "<dictcomp>",
            _ => "<genexpr>",
        };
        let qualname = self.child_qualname(name);
        let (gens, comp_kind, code) = self.in_scope(id, qualname.clone(), |l| {
            let mut gens = Vec::with_capacity(generators.len());
            for (i, g) in generators.iter().enumerate() {
                let iter = if i == 0 {
                    Expr::Const(Value::None)
                } else {
                    l.expr(&g.iter)?
                };
                gens.push(CompFor {
                    target: l.target(&g.target)?,
                    iter,
                    ifs: l.exprs(&g.ifs)?,
                });
            }
            let comp_kind = element(l)?;
            let code = l.code_for(id, name, qualname, line, Vec::new());
            Ok((gens, comp_kind, code))
        })?;
        Ok(Expr::Comp(Rc::new(CompNode {
            code: Rc::new(code),
            captures,
            first_iter,
            gens,
            kind: comp_kind,
        })))
    }

    /// An f-string (`JoinedStr`) or a lone field, as parts.
    fn fstring(&mut self, e: &ast::Expr) -> LowerResult<Vec<FPart>> {
        let mut parts = Vec::new();
        match &e.kind {
            A::JoinedStr { values } => {
                for v in values {
                    self.fstring_part(v, &mut parts)?;
                }
            }
            _ => self.fstring_part(e, &mut parts)?,
        }
        Ok(parts)
    }

    fn fstring_part(&mut self, e: &ast::Expr, parts: &mut Vec<FPart>) -> LowerResult<()> {
        match &e.kind {
            A::Constant {
                value: Constant::Str(s),
                ..
            } => parts.push(FPart::Lit(s.clone())),
            A::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let spec = match format_spec {
                    Some(spec) => Some(self.fstring(spec)?),
                    None => None,
                };
                parts.push(FPart::Field {
                    value: self.expr(value)?,
                    conversion: u8::try_from(*conversion).ok(),
                    spec,
                });
            }
            _ => return unsupported("this f-string part", e.span.lineno),
        }
        Ok(())
    }
}

//! `ast.dump`: a tree printed exactly as CPython 3.11's `ast.dump(node)` prints it.
//!
//! Only the default arguments are reproduced (`annotate_fields=True`, `include_attributes=False`,
//! `indent=None`), which makes the rules few (see `_format` in `Lib/ast.py`):
//! - a node prints as `Kind(field=value, ...)`, fields in the order of the class's `_fields`;
//! - an optional field (`?` in the ASDL) that is `None` is left out; every other field is shown,
//!   `None` elements of a list included (`kw_defaults=[None]`, `keys=[None, ...]`);
//! - lists print as `[a, b]`, enums as nullary nodes (`ctx=Load()`, `op=Add()`), ints and bools
//!   as numbers (`simple=1`, `is_async=0`, `conversion=-1`), identifiers and strings with the
//!   `str` repr, constants with their Python repr.
//!
//! This crate knows nothing of runtime values, so the reprs of floats, complexes, strings and
//! bytes come from a [`LiteralRepr`] the caller passes (the `pyrite` crate implements it with the
//! runtime's repr functions). Ints print their decimal digits; `None`, `True`, `False` and
//! `Ellipsis` are fixed words.
//!
//! Invariant: for any tree the parser builds, [`dump`] equals CPython's `ast.dump` of the tree
//! CPython builds from the same source (checked over the standard library by
//! `pyrite/cli/tests/stdlib_ast.rs`). The printer recurses; the parser bounds tree depth.

use crate::ast::*;

/// Python reprs of the literal values a tree can hold (`repr(value)` in CPython).
pub trait LiteralRepr {
    /// `repr(float)`: `1.0`, `1e+16`, `inf`.
    fn float(&self, value: f64) -> String;
    /// `repr(complex(real, imag))`: `2j`, `(1+2j)`.
    fn complex(&self, real: f64, imag: f64) -> String;
    /// `repr(str)`: `'abc'`, `"it's"`.
    fn str(&self, value: &str) -> String;
    /// `repr(bytes)`: `b'abc'`.
    fn bytes(&self, value: &[u8]) -> String;
}

/// `ast.dump(module)`.
pub fn dump(module: &Mod, literals: &dyn LiteralRepr) -> String {
    let mut d = Dumper::new(literals);
    d.module(module);
    d.out
}

/// `ast.dump(expr)` for one expression node.
pub fn dump_expr(expr: &Expr, literals: &dyn LiteralRepr) -> String {
    let mut d = Dumper::new(literals);
    d.expr(expr);
    d.out
}

/// `ast.dump(stmt)` for one statement node.
pub fn dump_stmt(stmt: &Stmt, literals: &dyn LiteralRepr) -> String {
    let mut d = Dumper::new(literals);
    d.stmt(stmt);
    d.out
}

/// The printer: an output buffer and, per open node, whether a field was written yet.
struct Dumper<'a> {
    out: String,
    literals: &'a dyn LiteralRepr,
    /// One entry per node being printed: `true` while it has no field yet.
    first_field: Vec<bool>,
}

impl<'a> Dumper<'a> {
    fn new(literals: &'a dyn LiteralRepr) -> Self {
        Dumper {
            out: String::new(),
            literals,
            first_field: Vec::new(),
        }
    }

    /// Starts `Kind(`.
    fn open(&mut self, kind: &str) {
        self.out.push_str(kind);
        self.out.push('(');
        self.first_field.push(true);
    }

    /// Ends the innermost node.
    fn close(&mut self) {
        self.out.push(')');
        self.first_field.pop();
    }

    /// A node with no fields: `Load()`, `Pass()`.
    fn unit(&mut self, kind: &str) {
        self.out.push_str(kind);
        self.out.push_str("()");
    }

    /// Writes `, name=` (or `name=` for the first field) of the innermost node.
    fn key(&mut self, name: &str) {
        if let Some(first) = self.first_field.last_mut() {
            if !*first {
                self.out.push_str(", ");
            }
            *first = false;
        }
        self.out.push_str(name);
        self.out.push('=');
    }

    /// `name=[a, b, ...]`, each element printed by `item`.
    fn list<T>(&mut self, name: &str, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.key(name);
        self.out.push('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            item(self, x);
        }
        self.out.push(']');
    }

    fn exprs(&mut self, name: &str, items: &[Expr]) {
        self.list(name, items, |d, e| d.expr(e));
    }

    fn stmts(&mut self, name: &str, items: &[Stmt]) {
        self.list(name, items, |d, s| d.stmt(s));
    }

    fn expr_field(&mut self, name: &str, expr: &Expr) {
        self.key(name);
        self.expr(expr);
    }

    /// An optional expression field: left out when `None`.
    fn opt_expr(&mut self, name: &str, expr: &Option<Box<Expr>>) {
        if let Some(e) = expr {
            self.expr_field(name, e);
        }
    }

    /// A string field (identifier or string), printed with the `str` repr.
    fn str_field(&mut self, name: &str, value: &str) {
        self.key(name);
        let repr = self.literals.str(value);
        self.out.push_str(&repr);
    }

    /// An optional string field: left out when `None`.
    fn opt_str(&mut self, name: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.str_field(name, v);
        }
    }

    /// An `int` field.
    fn int_field(&mut self, name: &str, value: i64) {
        self.key(name);
        self.out.push_str(&value.to_string());
    }

    fn ctx(&mut self, ctx: ExprContext) {
        self.key("ctx");
        self.unit(match ctx {
            ExprContext::Load => "Load",
            ExprContext::Store => "Store",
            ExprContext::Del => "Del",
        });
    }

    fn operator(&mut self, op: Operator) {
        self.key("op");
        self.unit(match op {
            Operator::Add => "Add",
            Operator::Sub => "Sub",
            Operator::Mult => "Mult",
            Operator::MatMult => "MatMult",
            Operator::Div => "Div",
            Operator::Mod => "Mod",
            Operator::Pow => "Pow",
            Operator::LShift => "LShift",
            Operator::RShift => "RShift",
            Operator::BitOr => "BitOr",
            Operator::BitXor => "BitXor",
            Operator::BitAnd => "BitAnd",
            Operator::FloorDiv => "FloorDiv",
        });
    }

    fn cmpop(&mut self, op: &CmpOp) {
        self.unit(match op {
            CmpOp::Eq => "Eq",
            CmpOp::NotEq => "NotEq",
            CmpOp::Lt => "Lt",
            CmpOp::LtE => "LtE",
            CmpOp::Gt => "Gt",
            CmpOp::GtE => "GtE",
            CmpOp::Is => "Is",
            CmpOp::IsNot => "IsNot",
            CmpOp::In => "In",
            CmpOp::NotIn => "NotIn",
        });
    }

    fn module(&mut self, module: &Mod) {
        match module {
            Mod::Module { body, type_ignores } => {
                self.open("Module");
                self.stmts("body", body);
                self.list("type_ignores", type_ignores, |d, t| {
                    d.open("TypeIgnore");
                    d.int_field("lineno", i64::from(t.lineno));
                    d.str_field("tag", &t.tag);
                    d.close();
                });
                self.close();
            }
            Mod::Interactive { body } => {
                self.open("Interactive");
                self.stmts("body", body);
                self.close();
            }
            Mod::Expression { body } => {
                self.open("Expression");
                self.expr_field("body", body);
                self.close();
            }
        }
    }

    fn function_def(&mut self, kind: &str, f: &FunctionDef) {
        self.open(kind);
        self.str_field("name", &f.name);
        self.key("args");
        self.arguments(&f.args);
        self.stmts("body", &f.body);
        self.exprs("decorator_list", &f.decorator_list);
        self.opt_expr("returns", &f.returns);
        self.opt_str("type_comment", &f.type_comment);
        self.close();
    }

    fn for_loop(&mut self, kind: &str, f: &For) {
        self.open(kind);
        self.expr_field("target", &f.target);
        self.expr_field("iter", &f.iter);
        self.stmts("body", &f.body);
        self.stmts("orelse", &f.orelse);
        self.opt_str("type_comment", &f.type_comment);
        self.close();
    }

    fn with(&mut self, kind: &str, w: &With) {
        self.open(kind);
        self.list("items", &w.items, |d, item| {
            d.open("withitem");
            d.expr_field("context_expr", &item.context_expr);
            d.opt_expr("optional_vars", &item.optional_vars);
            d.close();
        });
        self.stmts("body", &w.body);
        self.opt_str("type_comment", &w.type_comment);
        self.close();
    }

    fn try_stmt(&mut self, kind: &str, t: &Try) {
        self.open(kind);
        self.stmts("body", &t.body);
        self.list("handlers", &t.handlers, |d, h| {
            d.open("ExceptHandler");
            d.opt_expr("type", &h.type_);
            d.opt_str("name", &h.name);
            d.stmts("body", &h.body);
            d.close();
        });
        self.stmts("orelse", &t.orelse);
        self.stmts("finalbody", &t.finalbody);
        self.close();
    }

    fn aliases(&mut self, names: &[Alias]) {
        self.list("names", names, |d, a| {
            d.open("alias");
            d.str_field("name", &a.name);
            d.opt_str("asname", &a.asname);
            d.close();
        });
    }

    fn identifiers(&mut self, name: &str, names: &[Identifier]) {
        self.list(name, names, |d, n| {
            let repr = d.literals.str(n);
            d.out.push_str(&repr);
        });
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FunctionDef(f) => self.function_def("FunctionDef", f),
            StmtKind::AsyncFunctionDef(f) => self.function_def("AsyncFunctionDef", f),
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => {
                self.open("ClassDef");
                self.str_field("name", name);
                self.exprs("bases", bases);
                self.keywords(keywords);
                self.stmts("body", body);
                self.exprs("decorator_list", decorator_list);
                self.close();
            }
            StmtKind::Return { value } => {
                self.open("Return");
                self.opt_expr("value", value);
                self.close();
            }
            StmtKind::Delete { targets } => {
                self.open("Delete");
                self.exprs("targets", targets);
                self.close();
            }
            StmtKind::Assign {
                targets,
                value,
                type_comment,
            } => {
                self.open("Assign");
                self.exprs("targets", targets);
                self.expr_field("value", value);
                self.opt_str("type_comment", type_comment);
                self.close();
            }
            StmtKind::AugAssign { target, op, value } => {
                self.open("AugAssign");
                self.expr_field("target", target);
                self.operator(*op);
                self.expr_field("value", value);
                self.close();
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                self.open("AnnAssign");
                self.expr_field("target", target);
                self.expr_field("annotation", annotation);
                self.opt_expr("value", value);
                self.int_field("simple", i64::from(*simple));
                self.close();
            }
            StmtKind::For(f) => self.for_loop("For", f),
            StmtKind::AsyncFor(f) => self.for_loop("AsyncFor", f),
            StmtKind::While { test, body, orelse } => {
                self.open("While");
                self.expr_field("test", test);
                self.stmts("body", body);
                self.stmts("orelse", orelse);
                self.close();
            }
            StmtKind::If { test, body, orelse } => {
                self.open("If");
                self.expr_field("test", test);
                self.stmts("body", body);
                self.stmts("orelse", orelse);
                self.close();
            }
            StmtKind::With(w) => self.with("With", w),
            StmtKind::AsyncWith(w) => self.with("AsyncWith", w),
            StmtKind::Match { subject, cases } => {
                self.open("Match");
                self.expr_field("subject", subject);
                self.list("cases", cases, |d, c| {
                    d.open("match_case");
                    d.key("pattern");
                    d.pattern(&c.pattern);
                    d.opt_expr("guard", &c.guard);
                    d.stmts("body", &c.body);
                    d.close();
                });
                self.close();
            }
            StmtKind::Raise { exc, cause } => {
                self.open("Raise");
                self.opt_expr("exc", exc);
                self.opt_expr("cause", cause);
                self.close();
            }
            StmtKind::Try(t) => self.try_stmt("Try", t),
            StmtKind::TryStar(t) => self.try_stmt("TryStar", t),
            StmtKind::Assert { test, msg } => {
                self.open("Assert");
                self.expr_field("test", test);
                self.opt_expr("msg", msg);
                self.close();
            }
            StmtKind::Import { names } => {
                self.open("Import");
                self.aliases(names);
                self.close();
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                self.open("ImportFrom");
                self.opt_str("module", module);
                self.aliases(names);
                self.int_field("level", i64::from(*level));
                self.close();
            }
            StmtKind::Global { names } => {
                self.open("Global");
                self.identifiers("names", names);
                self.close();
            }
            StmtKind::Nonlocal { names } => {
                self.open("Nonlocal");
                self.identifiers("names", names);
                self.close();
            }
            StmtKind::Expr { value } => {
                self.open("Expr");
                self.expr_field("value", value);
                self.close();
            }
            StmtKind::Pass => self.unit("Pass"),
            StmtKind::Break => self.unit("Break"),
            StmtKind::Continue => self.unit("Continue"),
        }
    }

    fn arguments(&mut self, a: &Arguments) {
        self.open("arguments");
        self.list("posonlyargs", &a.posonlyargs, |d, x| d.arg(x));
        self.list("args", &a.args, |d, x| d.arg(x));
        if let Some(v) = &a.vararg {
            self.key("vararg");
            self.arg(v);
        }
        self.list("kwonlyargs", &a.kwonlyargs, |d, x| d.arg(x));
        self.list("kw_defaults", &a.kw_defaults, |d, x| match x {
            Some(e) => d.expr(e),
            None => d.out.push_str("None"),
        });
        if let Some(k) = &a.kwarg {
            self.key("kwarg");
            self.arg(k);
        }
        self.exprs("defaults", &a.defaults);
        self.close();
    }

    fn arg(&mut self, a: &Arg) {
        self.open("arg");
        self.str_field("arg", &a.arg);
        self.opt_expr("annotation", &a.annotation);
        self.opt_str("type_comment", &a.type_comment);
        self.close();
    }

    fn keywords(&mut self, keywords: &[Keyword]) {
        self.list("keywords", keywords, |d, k| {
            d.open("keyword");
            d.opt_str("arg", &k.arg);
            d.expr_field("value", &k.value);
            d.close();
        });
    }

    fn comprehensions(&mut self, generators: &[Comprehension]) {
        self.list("generators", generators, |d, c| {
            d.open("comprehension");
            d.expr_field("target", &c.target);
            d.expr_field("iter", &c.iter);
            d.exprs("ifs", &c.ifs);
            d.int_field("is_async", i64::from(c.is_async));
            d.close();
        });
    }

    /// The Python repr of a constant.
    fn constant(&mut self, value: &Constant) {
        let repr = match value {
            Constant::None => "None".to_owned(),
            Constant::Bool(true) => "True".to_owned(),
            Constant::Bool(false) => "False".to_owned(),
            Constant::Ellipsis => "Ellipsis".to_owned(),
            Constant::Int(i) => i.to_string(),
            Constant::Float(f) => self.literals.float(*f),
            Constant::Complex { real, imag } => self.literals.complex(*real, *imag),
            Constant::Str(s) => self.literals.str(s),
            Constant::Bytes(b) => self.literals.bytes(b),
        };
        self.out.push_str(&repr);
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::BoolOp { op, values } => {
                self.open("BoolOp");
                self.key("op");
                self.unit(match op {
                    BoolOp::And => "And",
                    BoolOp::Or => "Or",
                });
                self.exprs("values", values);
                self.close();
            }
            ExprKind::NamedExpr { target, value } => {
                self.open("NamedExpr");
                self.expr_field("target", target);
                self.expr_field("value", value);
                self.close();
            }
            ExprKind::BinOp { left, op, right } => {
                self.open("BinOp");
                self.expr_field("left", left);
                self.operator(*op);
                self.expr_field("right", right);
                self.close();
            }
            ExprKind::UnaryOp { op, operand } => {
                self.open("UnaryOp");
                self.key("op");
                self.unit(match op {
                    UnaryOp::Invert => "Invert",
                    UnaryOp::Not => "Not",
                    UnaryOp::UAdd => "UAdd",
                    UnaryOp::USub => "USub",
                });
                self.expr_field("operand", operand);
                self.close();
            }
            ExprKind::Lambda { args, body } => {
                self.open("Lambda");
                self.key("args");
                self.arguments(args);
                self.expr_field("body", body);
                self.close();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.open("IfExp");
                self.expr_field("test", test);
                self.expr_field("body", body);
                self.expr_field("orelse", orelse);
                self.close();
            }
            ExprKind::Dict { keys, values } => {
                self.open("Dict");
                self.list("keys", keys, |d, k| match k {
                    Some(e) => d.expr(e),
                    None => d.out.push_str("None"),
                });
                self.exprs("values", values);
                self.close();
            }
            ExprKind::Set { elts } => {
                self.open("Set");
                self.exprs("elts", elts);
                self.close();
            }
            ExprKind::ListComp { elt, generators } => {
                self.open("ListComp");
                self.expr_field("elt", elt);
                self.comprehensions(generators);
                self.close();
            }
            ExprKind::SetComp { elt, generators } => {
                self.open("SetComp");
                self.expr_field("elt", elt);
                self.comprehensions(generators);
                self.close();
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.open("DictComp");
                self.expr_field("key", key);
                self.expr_field("value", value);
                self.comprehensions(generators);
                self.close();
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.open("GeneratorExp");
                self.expr_field("elt", elt);
                self.comprehensions(generators);
                self.close();
            }
            ExprKind::Await { value } => {
                self.open("Await");
                self.expr_field("value", value);
                self.close();
            }
            ExprKind::Yield { value } => {
                self.open("Yield");
                self.opt_expr("value", value);
                self.close();
            }
            ExprKind::YieldFrom { value } => {
                self.open("YieldFrom");
                self.expr_field("value", value);
                self.close();
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.open("Compare");
                self.expr_field("left", left);
                self.list("ops", ops, |d, op| d.cmpop(op));
                self.exprs("comparators", comparators);
                self.close();
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.open("Call");
                self.expr_field("func", func);
                self.exprs("args", args);
                self.keywords(keywords);
                self.close();
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.open("FormattedValue");
                self.expr_field("value", value);
                self.int_field("conversion", i64::from(*conversion));
                self.opt_expr("format_spec", format_spec);
                self.close();
            }
            ExprKind::JoinedStr { values } => {
                self.open("JoinedStr");
                self.exprs("values", values);
                self.close();
            }
            ExprKind::Constant { value, kind } => {
                self.open("Constant");
                self.key("value");
                self.constant(value);
                self.opt_str("kind", kind);
                self.close();
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.open("Attribute");
                self.expr_field("value", value);
                self.str_field("attr", attr);
                self.ctx(*ctx);
                self.close();
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.open("Subscript");
                self.expr_field("value", value);
                self.expr_field("slice", slice);
                self.ctx(*ctx);
                self.close();
            }
            ExprKind::Starred { value, ctx } => {
                self.open("Starred");
                self.expr_field("value", value);
                self.ctx(*ctx);
                self.close();
            }
            ExprKind::Name { id, ctx } => {
                self.open("Name");
                self.str_field("id", id);
                self.ctx(*ctx);
                self.close();
            }
            ExprKind::List { elts, ctx } => {
                self.open("List");
                self.exprs("elts", elts);
                self.ctx(*ctx);
                self.close();
            }
            ExprKind::Tuple { elts, ctx } => {
                self.open("Tuple");
                self.exprs("elts", elts);
                self.ctx(*ctx);
                self.close();
            }
            ExprKind::Slice { lower, upper, step } => {
                self.open("Slice");
                self.opt_expr("lower", lower);
                self.opt_expr("upper", upper);
                self.opt_expr("step", step);
                self.close();
            }
        }
    }

    fn pattern(&mut self, pattern: &Pattern) {
        match &pattern.kind {
            PatternKind::MatchValue { value } => {
                self.open("MatchValue");
                self.expr_field("value", value);
                self.close();
            }
            PatternKind::MatchSingleton { value } => {
                self.open("MatchSingleton");
                self.key("value");
                self.constant(value);
                self.close();
            }
            PatternKind::MatchSequence { patterns } => {
                self.open("MatchSequence");
                self.list("patterns", patterns, |d, p| d.pattern(p));
                self.close();
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.open("MatchMapping");
                self.exprs("keys", keys);
                self.list("patterns", patterns, |d, p| d.pattern(p));
                self.opt_str("rest", rest);
                self.close();
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                self.open("MatchClass");
                self.expr_field("cls", cls);
                self.list("patterns", patterns, |d, p| d.pattern(p));
                self.identifiers("kwd_attrs", kwd_attrs);
                self.list("kwd_patterns", kwd_patterns, |d, p| d.pattern(p));
                self.close();
            }
            PatternKind::MatchStar { name } => {
                self.open("MatchStar");
                self.opt_str("name", name);
                self.close();
            }
            PatternKind::MatchAs { pattern, name } => {
                self.open("MatchAs");
                if let Some(p) = pattern {
                    self.key("pattern");
                    self.pattern(p);
                }
                self.opt_str("name", name);
                self.close();
            }
            PatternKind::MatchOr { patterns } => {
                self.open("MatchOr");
                self.list("patterns", patterns, |d, p| d.pattern(p));
                self.close();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    /// Reprs good enough for the hand-built trees below (the real ones live in the runtime).
    struct TestReprs;

    impl LiteralRepr for TestReprs {
        fn float(&self, value: f64) -> String {
            format!("{value:?}")
        }
        fn complex(&self, _real: f64, imag: f64) -> String {
            format!("{imag}j")
        }
        fn str(&self, value: &str) -> String {
            format!("'{value}'")
        }
        fn bytes(&self, value: &[u8]) -> String {
            format!("b'{}'", String::from_utf8_lossy(value))
        }
    }

    fn e(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::default(),
        }
    }

    fn s(kind: StmtKind) -> Stmt {
        Stmt {
            kind,
            span: Span::default(),
        }
    }

    fn name(id: &str, ctx: ExprContext) -> Expr {
        e(ExprKind::Name {
            id: id.to_owned(),
            ctx,
        })
    }

    fn int(i: i64) -> Expr {
        e(ExprKind::Constant {
            value: Constant::Int(BigInt::from(i)),
            kind: None,
        })
    }

    fn arg(n: &str) -> Arg {
        Arg {
            arg: n.to_owned(),
            annotation: None,
            type_comment: None,
            span: Span::default(),
        }
    }

    fn module(body: Vec<Stmt>) -> String {
        dump(
            &Mod::Module {
                body,
                type_ignores: vec![],
            },
            &TestReprs,
        )
    }

    #[test]
    fn assignment_and_binop() {
        // x = 1 + y
        let tree = vec![s(StmtKind::Assign {
            targets: vec![name("x", ExprContext::Store)],
            value: Box::new(e(ExprKind::BinOp {
                left: Box::new(int(1)),
                op: Operator::Add,
                right: Box::new(name("y", ExprContext::Load)),
            })),
            type_comment: None,
        })];
        assert_eq!(
            module(tree),
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(\
             value=1), op=Add(), right=Name(id='y', ctx=Load())))], type_ignores=[])"
        );
    }

    #[test]
    fn function_with_every_kind_of_parameter() {
        // def f(a, /, b=1, *c, d, e=2, **g) -> int: pass
        let args = Arguments {
            posonlyargs: vec![arg("a")],
            args: vec![arg("b")],
            vararg: Some(Box::new(arg("c"))),
            kwonlyargs: vec![arg("d"), arg("e")],
            kw_defaults: vec![None, Some(int(2))],
            kwarg: Some(Box::new(arg("g"))),
            defaults: vec![int(1)],
        };
        let tree = vec![s(StmtKind::FunctionDef(FunctionDef {
            name: "f".to_owned(),
            args: Box::new(args),
            body: vec![s(StmtKind::Pass)],
            decorator_list: vec![],
            returns: Some(Box::new(name("int", ExprContext::Load))),
            type_comment: None,
        }))];
        assert_eq!(
            module(tree),
            "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], \
             args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], \
             kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='g'), \
             defaults=[Constant(value=1)]), body=[Pass()], decorator_list=[], \
             returns=Name(id='int', ctx=Load()))], type_ignores=[])"
        );
    }

    #[test]
    fn optional_fields_are_left_out() {
        // from . import a as b; return; x[::]
        let tree = vec![
            s(StmtKind::ImportFrom {
                module: None,
                names: vec![Alias {
                    name: "a".to_owned(),
                    asname: Some("b".to_owned()),
                    span: Span::default(),
                }],
                level: 1,
            }),
            s(StmtKind::Return { value: None }),
            s(StmtKind::Expr {
                value: Box::new(e(ExprKind::Subscript {
                    value: Box::new(name("x", ExprContext::Load)),
                    slice: Box::new(e(ExprKind::Slice {
                        lower: None,
                        upper: None,
                        step: None,
                    })),
                    ctx: ExprContext::Load,
                })),
            }),
        ];
        assert_eq!(
            module(tree),
            "Module(body=[ImportFrom(names=[alias(name='a', asname='b')], level=1), Return(), \
             Expr(value=Subscript(value=Name(id='x', ctx=Load()), slice=Slice(), ctx=Load()))], \
             type_ignores=[])"
        );
    }

    #[test]
    fn constants_use_the_literal_reprs() {
        let values = [
            Constant::None,
            Constant::Bool(true),
            Constant::Ellipsis,
            Constant::Float(1.5),
            Constant::Complex {
                real: 0.0,
                imag: 2.0,
            },
            Constant::Str("s".to_owned()),
            Constant::Bytes(b"b".to_vec()),
        ];
        let tree: Vec<Stmt> = values
            .into_iter()
            .map(|value| {
                s(StmtKind::Expr {
                    value: Box::new(e(ExprKind::Constant { value, kind: None })),
                })
            })
            .collect();
        let text = module(tree);
        for part in [
            "Constant(value=None)",
            "Constant(value=True)",
            "Constant(value=Ellipsis)",
            "Constant(value=1.5)",
            "Constant(value=2j)",
            "Constant(value='s')",
            "Constant(value=b'b')",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }

    #[test]
    fn match_patterns() {
        // match x:
        //     case [1, *_] | C(a, b=c) as z if q: pass
        let p = |kind| Pattern {
            kind,
            span: Span::default(),
        };
        let capture = |n: &str| {
            p(PatternKind::MatchAs {
                pattern: None,
                name: Some(n.to_owned()),
            })
        };
        let seq = p(PatternKind::MatchSequence {
            patterns: vec![
                p(PatternKind::MatchValue {
                    value: Box::new(int(1)),
                }),
                p(PatternKind::MatchStar { name: None }),
            ],
        });
        let class = p(PatternKind::MatchClass {
            cls: Box::new(name("C", ExprContext::Load)),
            patterns: vec![capture("a")],
            kwd_attrs: vec!["b".to_owned()],
            kwd_patterns: vec![capture("c")],
        });
        let pattern = p(PatternKind::MatchAs {
            pattern: Some(Box::new(p(PatternKind::MatchOr {
                patterns: vec![seq, class],
            }))),
            name: Some("z".to_owned()),
        });
        let tree = vec![s(StmtKind::Match {
            subject: Box::new(name("x", ExprContext::Load)),
            cases: vec![MatchCase {
                pattern,
                guard: Some(Box::new(name("q", ExprContext::Load))),
                body: vec![s(StmtKind::Pass)],
            }],
        })];
        assert_eq!(
            module(tree),
            "Module(body=[Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=\
             MatchAs(pattern=MatchOr(patterns=[MatchSequence(patterns=[MatchValue(value=\
             Constant(value=1)), MatchStar()]), MatchClass(cls=Name(id='C', ctx=Load()), \
             patterns=[MatchAs(name='a')], kwd_attrs=['b'], kwd_patterns=[MatchAs(name='c')])]), \
             name='z'), guard=Name(id='q', ctx=Load()), body=[Pass()])])], type_ignores=[])"
        );
    }
}

//! Unit tests of the parser: tricky constructs, by the shape of the tree they produce, and
//! error messages checked against CPython 3.11.

use super::parse_module;
use crate::ast::{ExprKind, Mod, StmtKind};
use crate::dump::{LiteralRepr, dump};

/// Reprs good enough for the ASCII literals below.
struct Reprs;

impl LiteralRepr for Reprs {
    fn float(&self, value: f64) -> String {
        format!("{value:?}")
    }
    fn complex(&self, _real: f64, imag: f64) -> String {
        format!("{imag}j")
    }
    fn str(&self, value: &str) -> String {
        format!("{value:?}").replace('"', "'")
    }
    fn bytes(&self, value: &[u8]) -> String {
        format!("b'{}'", String::from_utf8_lossy(value))
    }
}

/// The `ast.dump` of the first statement of `src`.
fn first(src: &str) -> String {
    let m = parse_module(src).unwrap_or_else(|e| panic!("{src:?}: {e:?}"));
    let d = dump(&m, &Reprs);
    let body = d.trim_start_matches("Module(body=[");
    let end = body.rfind("], type_ignores=[])").unwrap_or(body.len());
    body[..end].to_owned()
}

/// Expected dumps printed by CPython 3.11.7's `ast.dump(ast.parse(src).body[0])`.
#[test]
fn trees_match_cpython() {
    let cases = [
        (
            "x: int = 1\n",
            "AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=1), simple=1)",
        ),
        (
            "(x): int\n",
            "AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), simple=0)",
        ),
        (
            "from ..a import b as c\n",
            "ImportFrom(module='a', names=[alias(name='b', asname='c')], level=2)",
        ),
        (
            "a[1:2, *b]\n",
            "Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))",
        ),
        (
            "a[*b]\n",
            "Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Starred(value=Name(id='b', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))",
        ),
        (
            "f(x for x in y)\n",
            "Expr(value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))",
        ),
        (
            "{**a, 'b': 1}\n",
            "Expr(value=Dict(keys=[None, Constant(value='b')], values=[Name(id='a', ctx=Load()), Constant(value=1)]))",
        ),
        (
            "a not in b is not c\n",
            "Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[NotIn(), IsNot()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load())]))",
        ),
        (
            "def f(a, /, b=1, *c, d, e=2, **g): pass\n",
            "FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], vararg=arg(arg='c'), kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=2)], kwarg=arg(arg='g'), defaults=[Constant(value=1)]), body=[Pass()], decorator_list=[])",
        ),
        (
            "del a, (b, c), [d]\n",
            "Delete(targets=[Name(id='a', ctx=Del()), Tuple(elts=[Name(id='b', ctx=Del()), Name(id='c', ctx=Del())], ctx=Del()), List(elts=[Name(id='d', ctx=Del())], ctx=Del())])",
        ),
        (
            "f'a{x=}b{y!r:>{w}}'\n",
            "Expr(value=JoinedStr(values=[Constant(value='ax='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value='b'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)]))]))",
        ),
        ("u'a' 'b'\n", "Expr(value=Constant(value='ab', kind='u'))"),
        (
            "with (a as b, c): pass\n",
            "With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()))], body=[Pass()])",
        ),
        (
            "match x:\n case [1, *r] | {'k': _, **kw} | P(a, b=-1): pass\n",
            "Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchOr(patterns=[MatchSequence(patterns=[MatchValue(value=Constant(value=1)), MatchStar(name='r')]), MatchMapping(keys=[Constant(value='k')], patterns=[MatchAs()], rest='kw'), MatchClass(cls=Name(id='P', ctx=Load()), patterns=[MatchAs(name='a')], kwd_attrs=['b'], kwd_patterns=[MatchValue(value=UnaryOp(op=USub(), operand=Constant(value=1)))])]), body=[Pass()])])",
        ),
        (
            "match = 1\n",
            "Assign(targets=[Name(id='match', ctx=Store())], value=Constant(value=1))",
        ),
        (
            "try:\n pass\nexcept* E as e:\n pass\n",
            "TryStar(body=[Pass()], handlers=[ExceptHandler(type=Name(id='E', ctx=Load()), name='e', body=[Pass()])], orelse=[], finalbody=[])",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(first(src), want, "{src:?}");
    }
}

/// Errors as CPython 3.11.7 reports them: class, message, line, offset.
#[test]
fn errors_match_cpython() {
    let cases = [
        (
            "f() = 1\n",
            "SyntaxError",
            "cannot assign to function call here. Maybe you meant '==' instead of '='?",
            1,
            1,
        ),
        (
            "f() = x = 1\n",
            "SyntaxError",
            "cannot assign to function call",
            1,
            1,
        ),
        (
            "if x = 1:\n    pass\n",
            "SyntaxError",
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            1,
            4,
        ),
        ("if x\n  pass\n", "SyntaxError", "expected ':'", 1, 5),
        (
            "if x:\npass\n",
            "IndentationError",
            "expected an indented block after 'if' statement on line 1",
            2,
            1,
        ),
        ("\n  x=1\n", "IndentationError", "unexpected indent", 2, 2),
        (
            "print 'a'\n",
            "SyntaxError",
            "Missing parentheses in call to 'print'. Did you mean print(...)?",
            1,
            1,
        ),
        (
            "f(a b)\n",
            "SyntaxError",
            "invalid syntax. Perhaps you forgot a comma?",
            1,
            3,
        ),
        (
            "f(a=1, b)\n",
            "SyntaxError",
            "positional argument follows keyword argument",
            1,
            9,
        ),
        (
            "def f(a=1, b): pass\n",
            "SyntaxError",
            "non-default argument follows default argument",
            1,
            12,
        ),
        ("x = 1 2 3\ny = (\n", "SyntaxError", "invalid syntax", 1, 7),
        (
            "x = (1, 2\ny = 3\n",
            "SyntaxError",
            "'(' was never closed",
            1,
            5,
        ),
        (
            "x = f\"{}\"\n",
            "SyntaxError",
            "f-string: empty expression not allowed",
            1,
            10,
        ),
        (
            "try:\n    pass\n",
            "SyntaxError",
            "expected 'except' or 'finally' block",
            2,
            9,
        ),
    ];
    for (src, kind, msg, line, offset) in cases {
        let e = parse_module(src).expect_err(src);
        assert_eq!(
            (e.kind.name(), e.msg.as_str(), e.lineno, e.offset),
            (kind, msg, line, offset),
            "{src:?}"
        );
    }
}

fn body(src: &str) -> Vec<crate::ast::Stmt> {
    match parse_module(src) {
        Ok(Mod::Module { body, .. }) => body,
        other => panic!("{src:?}: {other:?}"),
    }
}

#[test]
fn simple_assignment() {
    let b = body("x = 1\n");
    assert!(matches!(b[0].kind, StmtKind::Assign { .. }));
}

#[test]
fn unary_minus_is_not_folded() {
    let b = body("-1\n");
    let StmtKind::Expr { value } = &b[0].kind else {
        panic!()
    };
    assert!(matches!(value.kind, ExprKind::UnaryOp { .. }));
}

/// Parses `src` on a thread with `stack` bytes of stack; `Ok(true)` if it parsed.
fn parses_on_stack(src: String, stack: usize) -> Result<bool, crate::SyntaxError> {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || parse_module(&src).map(|_| true))
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn deep_nesting_fits_a_small_stack() {
    let stack = 2 << 20;
    let deep = [
        format!("{}1{}\n", "(".repeat(199), ")".repeat(199)),
        format!("{}1{}\n", "[".repeat(199), "]".repeat(199)),
        format!("{}1{}\n", "{".repeat(199), "}".repeat(199)),
        format!("f({}1{})\n", "f(".repeat(198), ")".repeat(198)),
        format!("x = {}1\n", "-".repeat(480)),
        format!("x = {}x\n", "not ".repeat(480)),
        format!("x = {}c\n", "a if b else ".repeat(480)),
        format!("x = {}c\n", "lambda: ".repeat(480)),
        format!("x = {}c\n", "2**".repeat(480)),
        format!(
            "match x:\n    case {}1{}:\n        pass\n",
            "[".repeat(198),
            "]".repeat(198)
        ),
        format!(
            "{} = 1\n",
            "*".repeat(0) + &"(".repeat(199) + "a" + &")".repeat(199)
        ),
    ];
    for src in deep {
        let r = parses_on_stack(src.clone(), stack);
        assert!(r.is_ok(), "{:?}: {r:?}", &src[..40.min(src.len())]);
    }
    let too_deep = [
        format!("x = {}1\n", "-".repeat(100_000)),
        format!("x = {}x\n", "not ".repeat(100_000)),
        format!("x = {}c\n", "lambda: ".repeat(100_000)),
        format!("x = {}c\n", "a if b else ".repeat(100_000)),
        format!("x = {}c\n", "2**".repeat(100_000)),
        format!("x = {}c\n", "(".repeat(300)),
    ];
    for src in too_deep {
        let r = parses_on_stack(src.clone(), stack);
        assert!(r.is_err(), "{:?}", &src[..40]);
    }
}

#[test]
#[ignore = "measurement aid"]
fn measure_stack() {
    let cases = [
        (
            "paren199",
            format!("{}1{}\n", "(".repeat(199), ")".repeat(199)),
        ),
        (
            "paren199_err",
            format!("{}1 2{}\n", "(".repeat(199), ")".repeat(199)),
        ),
        (
            "call199",
            format!("f({}1{})\n", "f(".repeat(198), ")".repeat(198)),
        ),
        ("minus900", format!("x = {}1\n", "-".repeat(480))),
        ("lambda900", format!("x = {}c\n", "lambda: ".repeat(480))),
        (
            "ifelse900",
            format!("x = {}c\n", "a if b else ".repeat(480)),
        ),
        ("pow900", format!("x = {}c\n", "2**".repeat(480))),
        ("not900", format!("x = {}c\n", "not ".repeat(480))),
    ];
    for (name, src) in cases {
        let mut lo = 16 << 10;
        let mut hi = 8 << 20;
        while hi - lo > 16 << 10 {
            let mid = (lo + hi) / 2;
            let s = src.clone();
            let ok = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "parser::tests::stack_probe",
                    "--nocapture",
                ])
                .env("PROBE_SRC", &s)
                .env("PROBE_STACK", mid.to_string())
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            if ok { hi = mid } else { lo = mid }
        }
        println!("{name}: needs ~{} KiB", hi >> 10);
    }
}

#[test]
#[ignore = "measurement aid"]
fn stack_probe() {
    let Ok(src) = std::env::var("PROBE_SRC") else {
        return;
    };
    let stack: usize = std::env::var("PROBE_STACK").unwrap().parse().unwrap();
    let _ = parses_on_stack(src, stack);
}

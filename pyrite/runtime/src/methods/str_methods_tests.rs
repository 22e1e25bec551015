//! `str` methods against CPython: results, receivers and error messages of many calls
//! (the driver is [`crate::builtins::test_util::differential`]).

use crate::builtins::test_util::{Case, differential, method};
use crate::value::Value;

fn s(t: &str) -> Value {
    Value::str(t)
}

fn i(n: i64) -> Value {
    Value::Int(n)
}

fn cases() -> Vec<Case> {
    let texts = [
        "Hello, World",
        "",
        "  a  b c ",
        "a,b,,c",
        "line1\nline2\r\nline3\r",
        "ǅungla ß ﬁ Σ",
        "ΑΣ ΑΣ. ΑΣ'σ",
        "x\u{2028}y\u{85}z\u{1c}w",
        "tab\there\ta",
        "-42",
        "+7",
        "日本語テキスト",
        "\u{3000}wide\u{3000}",
        "they're bill's friends",
        "MiXeD cAsE",
        "123",
        "½²٣",
    ];
    let mut v = Vec::new();
    for t in texts {
        let r = s(t);
        for m in [
            "upper",
            "lower",
            "title",
            "capitalize",
            "swapcase",
            "casefold",
            "isdigit",
            "isdecimal",
            "isnumeric",
            "isalpha",
            "isalnum",
            "isspace",
            "isupper",
            "islower",
            "istitle",
            "isidentifier",
            "isascii",
            "isprintable",
            "split",
            "rsplit",
            "splitlines",
            "strip",
            "lstrip",
            "rstrip",
        ] {
            v.push(method(r.clone(), m, vec![]));
        }
        for sub in ["", "a", "l", "Σ", "本", "xyz"] {
            for m in [
                "find",
                "rfind",
                "count",
                "startswith",
                "endswith",
                "partition",
                "rpartition",
            ] {
                v.push(method(r.clone(), m, vec![s(sub)]));
            }
            v.push(method(r.clone(), "find", vec![s(sub), i(2)]));
            v.push(method(r.clone(), "rfind", vec![s(sub), i(-5), i(-1)]));
            v.push(method(r.clone(), "count", vec![s(sub), i(1), i(100)]));
            v.push(method(r.clone(), "split", vec![s(sub)]));
            v.push(method(r.clone(), "rsplit", vec![s(sub), i(1)]));
            v.push(method(r.clone(), "replace", vec![s(sub), s("-")]));
            v.push(method(r.clone(), "replace", vec![s(sub), s("<>"), i(2)]));
            v.push(method(r.clone(), "strip", vec![s(sub)]));
            v.push(method(r.clone(), "removeprefix", vec![s(sub)]));
            v.push(method(r.clone(), "removesuffix", vec![s(sub)]));
        }
        for w in [0, 5, 20] {
            v.push(method(r.clone(), "center", vec![i(w), s("*")]));
            v.push(method(r.clone(), "ljust", vec![i(w)]));
            v.push(method(r.clone(), "rjust", vec![i(w), s("·")]));
            v.push(method(r.clone(), "zfill", vec![i(w)]));
        }
        v.push(method(r.clone(), "split", vec![Value::None, i(1)]));
        v.push(method(r.clone(), "rsplit", vec![Value::None, i(1)]));
        v.push(method(r.clone(), "splitlines", vec![Value::Bool(true)]));
        v.push(method(r.clone(), "expandtabs", vec![]));
        v.push(method(r.clone(), "expandtabs", vec![i(3)]));
        v.push(method(r.clone(), "encode", vec![]));
        v.push(method(r.clone(), "encode", vec![s("ascii"), s("replace")]));
        v.push(method(
            r.clone(),
            "startswith",
            vec![Value::tuple(vec![s("x"), s("H")])],
        ));
        v.push(method(r.clone(), "endswith", vec![s("d"), i(0), i(5)]));
        v.push(method(r, "index", vec![s("a")]));
    }
    // Argument errors.
    let r = s("abc");
    let errs: Vec<(&str, Vec<Value>)> = vec![
        ("split", vec![s("")]),
        ("split", vec![i(1)]),
        ("split", vec![s(","), i(1), i(2)]),
        ("find", vec![]),
        ("find", vec![i(1)]),
        ("find", vec![s("a"), Value::Float(1.5)]),
        ("find", vec![s("a"), i(1), i(2), i(3)]),
        ("index", vec![s("z")]),
        ("rindex", vec![s("z")]),
        ("startswith", vec![]),
        ("startswith", vec![i(1)]),
        ("startswith", vec![Value::tuple(vec![i(1)])]),
        ("startswith", vec![s("a"), s("b")]),
        ("startswith", vec![s(""), i(3)]),
        ("startswith", vec![s(""), i(4)]),
        ("replace", vec![s("a")]),
        ("replace", vec![s("a"), i(1)]),
        ("replace", vec![s("a"), s("b"), s("c")]),
        ("join", vec![]),
        ("join", vec![i(1)]),
        ("join", vec![Value::list(vec![s("a"), i(2)])]),
        ("strip", vec![i(1)]),
        ("strip", vec![s("a"), s("b")]),
        ("center", vec![]),
        ("center", vec![i(5), s("ab")]),
        ("center", vec![i(5), i(1)]),
        ("center", vec![Value::Float(1.5)]),
        ("zfill", vec![]),
        ("zfill", vec![s("a")]),
        ("partition", vec![s("")]),
        ("partition", vec![i(1)]),
        ("rpartition", vec![]),
        ("upper", vec![i(1)]),
        ("encode", vec![s("bogus")]),
        ("encode", vec![i(1)]),
        ("removeprefix", vec![i(1)]),
        ("splitlines", vec![s("x")]),
        ("expandtabs", vec![s("x")]),
        ("count", vec![]),
        ("ljust", vec![i(1), i(2), i(3)]),
        ("format", vec![i(1)]),
        ("format_map", vec![]),
        (
            "translate",
            vec![Value::Dict(std::rc::Rc::new(crate::types::PyDict::new()))],
        ),
    ];
    for (m, a) in errs {
        v.push(method(r.clone(), m, a));
    }
    v.push(method(s("a b"), "split", vec![]).kw("maxsplit", Value::Float(1.5)));
    v.push(method(s("a b"), "split", vec![]).kw("x", i(1)));
    v.push(
        method(s("a b"), "split", vec![])
            .kw("sep", Value::None)
            .kw("maxsplit", i(0)),
    );
    v.push(method(s("a"), "replace", vec![s("a"), s("b")]).kw("count", i(1)));
    v.push(method(s("a"), "expandtabs", vec![]).kw("tabsize", i(2)));
    v.push(method(s("é"), "encode", vec![]).kw("encoding", s("ascii")));
    v.push(method(
        s("aé€b"),
        "encode",
        vec![s("ascii"), s("xmlcharrefreplace")],
    ));
    v.push(method(s("{} {x}"), "format", vec![i(1)]).kw("x", i(2)));
    v.push(method(
        s("{0[1]}"),
        "format",
        vec![Value::list(vec![i(5), i(6)])],
    ));
    v.push(method(s("{2}"), "format", vec![i(1)]));
    v
}

#[test]
fn str_methods_match_cpython() {
    let mismatches = differential(&cases());
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

//! Builtin functions and the list/dict/set/tuple/int/float methods against CPython: results,
//! receivers after mutation, and error messages.

use std::rc::Rc;

use super::test_util::{Case, builtin, differential, ints, method};
use crate::types::{PyDict, PySet, PyStr};
use crate::value::Value;

fn s(t: &str) -> Value {
    Value::str(t)
}

fn i(n: i64) -> Value {
    Value::Int(n)
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn l(items: Vec<Value>) -> Value {
    Value::list(items)
}

fn t(items: Vec<Value>) -> Value {
    Value::tuple(items)
}

fn d(pairs: &[(&str, i64)]) -> Value {
    let dict = PyDict::new();
    for (k, v) in pairs {
        let _ = dict.set_str(&Rc::new(PyStr::new((*k).to_owned())), Value::Int(*v));
    }
    Value::Dict(Rc::new(dict))
}

fn set(items: &[i64]) -> Value {
    let mut vm = crate::ops::test_support::NoInterp;
    Value::Set(Rc::new(
        PySet::from_iterable(&mut vm, &ints(items)).unwrap_or_default(),
    ))
}

fn builtin_cases() -> Vec<Case> {
    let big = Value::from_bigint(num_bigint::BigInt::from(2u8).pow(70));
    vec![
        builtin("len", vec![]),
        builtin("len", vec![i(1), i(2)]),
        builtin("len", vec![]).kw("x", i(1)),
        builtin("len", vec![s("héllo")]),
        builtin("abs", vec![i(-3)]),
        builtin("abs", vec![f(-2.5)]),
        builtin("abs", vec![Value::Bool(true)]),
        builtin("abs", vec![s("x")]),
        builtin("divmod", vec![i(17), i(5)]),
        builtin("divmod", vec![i(-7), i(2)]),
        builtin("divmod", vec![f(7.5), i(-2)]),
        builtin("divmod", vec![i(1), i(0)]),
        builtin("divmod", vec![f(1.0), f(0.0)]),
        builtin("divmod", vec![s("a"), i(1)]),
        builtin("divmod", vec![i(1)]),
        builtin("pow", vec![i(2), i(10)]),
        builtin("pow", vec![i(2), i(10), i(1000)]),
        builtin("pow", vec![i(2), i(-1), i(5)]),
        builtin("pow", vec![f(2.0), i(3), i(5)]),
        builtin("pow", vec![i(1)]),
        builtin("pow", vec![i(2), i(3), i(4), i(5)]),
        builtin("round", vec![f(1.23456), i(2)]),
        builtin("round", vec![i(7)]),
        builtin("round", vec![f(-7.5)]),
        builtin("round", vec![f(8.5)]),
        builtin("round", vec![f(2.675), i(2)]),
        builtin("round", vec![i(1234), i(-2)]),
        builtin("round", vec![f(1e300), i(-400)]),
        builtin("round", vec![f(f64::NAN)]),
        builtin("round", vec![f(f64::INFINITY)]),
        builtin("round", vec![s("a")]),
        builtin("round", vec![f(1.5), s("a")]),
        builtin("round", vec![]),
        builtin("hex", vec![i(26)]),
        builtin("hex", vec![i(-255)]),
        builtin("oct", vec![i(26)]),
        builtin("bin", vec![i(26)]),
        builtin("bin", vec![big.clone()]),
        builtin("hex", vec![f(1.5)]),
        builtin("min", vec![i(3), i(1), i(2)]),
        builtin("max", vec![ints(&[4, 8, 2])]),
        builtin("min", vec![s("hello")]),
        builtin("min", vec![]),
        builtin("min", vec![i(1)]),
        builtin("max", vec![ints(&[])]),
        builtin("min", vec![t(vec![])]),
        builtin("max", vec![ints(&[])]).kw("default", Value::None),
        builtin("max", vec![i(1), i(2)]).kw("default", i(0)),
        builtin("min", vec![ints(&[])]).kw("x", i(1)),
        builtin("min", vec![l(vec![i(1), s("a")])]),
        builtin("max", vec![l(vec![s("a"), i(1)])]),
        builtin("max", vec![l(vec![f(1.0), i(1), Value::Bool(true)])]),
        builtin("sum", vec![ints(&[1, 2, 3])]),
        builtin("sum", vec![l(vec![ints(&[1]), ints(&[2])]), l(vec![])]),
        builtin("sum", vec![ints(&[0, 1, 2]), i(100)]),
        builtin("sum", vec![l(vec![f(0.1); 10])]),
        builtin("sum", vec![l(vec![s("a")]), s("")]),
        builtin("sum", vec![]),
        builtin("sum", vec![ints(&[1]), i(2), i(3)]),
        builtin("sum", vec![ints(&[1])]).kw("start", i(5)),
        builtin("sum", vec![l(vec![s("a"), s("b")])]),
        builtin("sorted", vec![ints(&[3, 1, 2])]),
        builtin("sorted", vec![s("bca")]),
        builtin("sorted", vec![ints(&[3, 1, 2])]).kw("reverse", Value::Bool(true)),
        builtin(
            "sorted",
            vec![l(vec![t(vec![i(1), s("b")]), t(vec![i(1), s("a")])])],
        ),
        builtin("sorted", vec![]),
        builtin("sorted", vec![ints(&[1]), ints(&[2])]),
        builtin("sorted", vec![ints(&[1])]).kw("reversed", Value::Bool(true)),
        builtin("sorted", vec![ints(&[3, 1])]).kw("reverse", s("x")),
        builtin("sorted", vec![l(vec![i(1), s("a")])]),
        builtin("sorted", vec![l(vec![f(2.5), i(1), f(f64::NAN), i(0)])]),
        builtin("any", vec![]),
        builtin("any", vec![i(1)]),
        builtin("all", vec![ints(&[1, 0])]),
        builtin("any", vec![ints(&[])]),
        builtin("ord", vec![s("A")]),
        builtin("ord", vec![s("€")]),
        builtin("ord", vec![s("ab")]),
        builtin("ord", vec![s("")]),
        builtin("ord", vec![i(1)]),
        builtin("chr", vec![i(66)]),
        builtin("chr", vec![i(0x110000)]),
        builtin("chr", vec![i(-1)]),
        builtin("chr", vec![s("a")]),
        builtin("chr", vec![big.clone()]),
        builtin("format", vec![i(255), s("x")]),
        builtin("format", vec![f(2.5)]),
        builtin("format", vec![i(1), i(2)]),
        builtin("format", vec![]),
        builtin("repr", vec![s("7")]),
        builtin("ascii", vec![s("é€😀")]),
        builtin("str", vec![i(7)]),
        builtin("str", vec![]),
        builtin("str", vec![]).kw("object", i(5)),
        builtin("str", vec![]).kw("x", i(5)),
        builtin("str", vec![i(1), i(2)]),
        builtin("str", vec![i(1), i(2), i(3), i(4)]),
        builtin("int", vec![s("7")]),
        builtin("int", vec![s(" -12_000 ")]),
        builtin("int", vec![s("z")]).kw("base", i(36)),
        builtin("int", vec![s("0x1f"), i(0)]),
        builtin("int", vec![s("")]),
        builtin("int", vec![f(-3.9)]),
        builtin("int", vec![f(f64::NAN)]),
        builtin("int", vec![i(1), i(2)]),
        builtin("int", vec![]).kw("base", i(10)),
        builtin("int", vec![s("1"), i(1)]),
        builtin("int", vec![Value::None]),
        builtin("int", vec![]).kw("x", s("1")),
        builtin("float", vec![s("7.5")]),
        builtin("float", vec![s(" -inf ")]),
        builtin("float", vec![s("x")]),
        builtin("float", vec![i(1), i(2)]),
        builtin("float", vec![l(vec![])]),
        builtin("float", vec![big]),
        builtin("bool", vec![i(0)]),
        builtin("bool", vec![s("x")]),
        builtin("bool", vec![i(1), i(2)]),
        builtin("range", vec![]),
        builtin("range", vec![f(1.5)]),
        builtin("range", vec![i(1), i(2), i(0)]),
        builtin("range", vec![i(1), i(10), i(2)]),
        builtin("range", vec![i(1), i(2), i(3), i(4)]),
        builtin("range", vec![]).kw("x", i(1)),
        builtin("slice", vec![i(1), i(2)]),
        builtin("slice", vec![]),
        builtin("bytes", vec![i(3)]),
        builtin("bytes", vec![s("ab")]),
        builtin("bytes", vec![s("ab"), s("ascii")]),
        builtin("bytes", vec![ints(&[1, 256])]),
        builtin("bytes", vec![i(-1)]),
        builtin("bytes", vec![i(1), s("utf-8")]),
        builtin("isinstance", vec![i(1)]),
        builtin("issubclass", vec![i(1), i(2)]),
        builtin("hash", vec![l(vec![])]),
        builtin("hash", vec![t(vec![i(1), f(2.5)])]),
        builtin("hash", vec![f(1.5)]),
        builtin("hash", vec![i(-1)]),
        builtin("callable", vec![i(1)]),
        builtin("getattr", vec![i(1)]),
        builtin("getattr", vec![i(1), s("x")]),
        builtin("getattr", vec![i(1), s("x"), i(5)]),
        builtin("getattr", vec![i(1), i(2)]),
        builtin("setattr", vec![i(1), s("x"), i(2)]),
        builtin("hasattr", vec![i(1), s("real")]),
        builtin("hasattr", vec![i(1)]),
        builtin("iter", vec![]),
        builtin("iter", vec![i(1)]),
        builtin("iter", vec![i(1), i(2)]),
        builtin("next", vec![]),
        builtin("next", vec![i(1)]),
        builtin("type", vec![]),
        builtin("type", vec![i(1), i(2)]),
        builtin("id", vec![]),
        builtin("enumerate", vec![]),
        builtin("enumerate", vec![i(1)]),
        builtin("enumerate", vec![ints(&[1]), i(1), i(2)]),
        builtin("zip", vec![]).kw("x", i(1)),
        builtin("zip", vec![ints(&[1])])
            .kw("strict", i(1))
            .kw("x", i(2)),
        builtin("zip", vec![i(1)]),
        builtin("map", vec![]),
        builtin("filter", vec![Value::None]),
        builtin("reversed", vec![]),
        builtin("reversed", vec![i(1)]),
        builtin("list", vec![i(1)]),
        builtin("dict", vec![i(1)]),
        builtin("print", vec![]).kw("x", i(1)),
        builtin("print", vec![]).kw("sep", i(1)),
        builtin("print", vec![]).kw("end", i(1)),
        builtin("print", vec![]).kw("file", i(1)),
    ]
}

fn method_cases() -> Vec<Case> {
    let lst = || ints(&[5, 1, 4, 1, 3]);
    let mut v = vec![
        method(lst(), "append", vec![i(9)]),
        method(lst(), "append", vec![]),
        method(lst(), "extend", vec![s("ab")]),
        method(lst(), "extend", vec![i(1)]),
        method(lst(), "insert", vec![i(-100), i(0)]),
        method(lst(), "insert", vec![i(2)]),
        method(lst(), "insert", vec![s("a"), i(1)]),
        method(lst(), "pop", vec![]),
        method(lst(), "pop", vec![i(-2)]),
        method(lst(), "pop", vec![i(5)]),
        method(ints(&[]), "pop", vec![]),
        method(lst(), "pop", vec![i(1), i(2)]),
        method(lst(), "remove", vec![i(1)]),
        method(lst(), "remove", vec![i(42)]),
        method(lst(), "index", vec![i(1)]),
        method(lst(), "index", vec![i(1), i(2)]),
        method(lst(), "index", vec![i(1), i(2), i(3)]),
        method(lst(), "index", vec![s("a")]),
        method(lst(), "index", vec![i(1), s("a")]),
        method(lst(), "index", vec![]),
        method(lst(), "count", vec![i(1)]),
        method(lst(), "count", vec![]),
        method(lst(), "reverse", vec![]),
        method(lst(), "reverse", vec![i(1)]),
        method(lst(), "sort", vec![]),
        method(lst(), "sort", vec![i(1)]),
        method(lst(), "sort", vec![]).kw("reverse", Value::Bool(true)),
        method(l(vec![s("b"), s("A"), s("c")]), "sort", vec![]),
        method(l(vec![i(1), s("a")]), "sort", vec![]),
        method(lst(), "copy", vec![]),
        method(lst(), "clear", vec![]),
        method(lst(), "__len__", vec![]),
        method(lst(), "__getitem__", vec![i(-1)]),
        method(lst(), "__contains__", vec![i(4)]),
        method(lst(), "__setitem__", vec![i(0), i(7)]),
        method(lst(), "__delitem__", vec![i(0)]),
        method(t(vec![i(1), i(2), i(1)]), "count", vec![i(1)]),
        method(t(vec![i(1), i(2), i(1)]), "index", vec![i(2)]),
        method(t(vec![i(1)]), "index", vec![i(2)]),
        method(t(vec![i(1)]), "index", vec![i(1), s("a")]),
        method(t(vec![i(1)]), "count", vec![]),
        method(i(5), "bit_length", vec![]),
        method(i(-3), "bit_count", vec![]),
        method(i(5), "to_bytes", vec![i(2), s("little")]),
        method(i(255), "to_bytes", vec![]),
        method(i(256), "to_bytes", vec![i(1), s("big")]),
        method(i(-1), "to_bytes", vec![i(1), s("big")]),
        method(i(1), "to_bytes", vec![i(1), s("middle")]),
        method(i(-129), "to_bytes", vec![i(2), s("little")]).kw("signed", Value::Bool(true)),
        method(i(7), "as_integer_ratio", vec![]),
        method(f(1.5), "is_integer", vec![]),
        method(f(-0.375), "as_integer_ratio", vec![]),
        method(f(f64::INFINITY), "as_integer_ratio", vec![]),
        method(f(0.1), "hex", vec![]),
        method(f(1.5), "conjugate", vec![]),
    ];
    let dct = || d(&[("a", 1), ("b", 2), ("c", 3)]);
    v.extend([
        method(dct(), "get", vec![s("a")]),
        method(dct(), "get", vec![s("z"), i(0)]),
        method(dct(), "get", vec![]),
        method(dct(), "pop", vec![s("c")]),
        method(dct(), "pop", vec![s("zz")]),
        method(dct(), "pop", vec![s("zz"), s("default")]),
        method(dct(), "pop", vec![]),
        method(dct(), "pop", vec![i(1), i(2), i(3)]),
        method(dct(), "popitem", vec![]),
        method(d(&[]), "popitem", vec![]),
        method(dct(), "setdefault", vec![s("x")]),
        method(dct(), "setdefault", vec![s("a"), i(100)]),
        method(dct(), "setdefault", vec![]),
        method(dct(), "update", vec![d(&[("x", 1)])]).kw("y", i(2)),
        method(dct(), "update", vec![l(vec![t(vec![s("z"), i(3)])])]),
        method(dct(), "update", vec![i(1)]),
        method(dct(), "update", vec![ints(&[1])]),
        method(dct(), "update", vec![l(vec![t(vec![i(1)])])]),
        method(dct(), "update", vec![d(&[]), d(&[])]),
        method(dct(), "update", vec![l(vec![s("ab")])]),
        method(dct(), "copy", vec![]),
        method(dct(), "clear", vec![]),
        method(dct(), "keys", vec![i(1)]),
        method(dct(), "fromkeys", vec![s("ab"), i(0)]),
        method(dct(), "__getitem__", vec![s("zz")]),
        method(dct(), "__len__", vec![]),
    ]);
    let st = || set(&[1, 2, 3, 4]);
    v.extend([
        method(st(), "add", vec![i(10)]),
        method(st(), "add", vec![]),
        method(st(), "add", vec![l(vec![])]),
        method(st(), "discard", vec![i(1)]),
        method(st(), "discard", vec![l(vec![])]),
        method(st(), "remove", vec![i(42)]),
        method(st(), "remove", vec![i(2)]),
        method(set(&[]), "pop", vec![]),
        method(st(), "pop", vec![]),
        method(st(), "update", vec![ints(&[7, 8]), set(&[9])]),
        method(st(), "union", vec![ints(&[9]), ints(&[10, 1])]),
        method(st(), "union", vec![]),
        method(st(), "union", vec![i(1)]),
        method(st(), "intersection", vec![ints(&[0, 1, 2]), set(&[2, 9])]),
        method(st(), "intersection_update", vec![ints(&[3, 4, 5])]),
        method(st(), "difference", vec![set(&[1]), ints(&[2])]),
        method(st(), "difference_update", vec![ints(&[1, 3])]),
        method(st(), "symmetric_difference", vec![ints(&[4, 8])]),
        method(st(), "symmetric_difference", vec![]),
        method(st(), "symmetric_difference_update", vec![ints(&[4, 8])]),
        method(st(), "issubset", vec![ints(&[1, 2, 3, 4, 5])]),
        method(st(), "issubset", vec![i(1)]),
        method(st(), "issuperset", vec![ints(&[1, 2])]),
        method(st(), "isdisjoint", vec![set(&[7])]),
        method(st(), "copy", vec![]),
        method(st(), "clear", vec![]),
        method(st(), "union", vec![]).kw("x", i(1)),
    ]);
    v
}

#[test]
fn builtins_match_cpython() {
    let mismatches = differential(&builtin_cases());
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn container_methods_match_cpython() {
    let mismatches = differential(&method_cases());
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

//! `math` against CPython: values and error messages of many calls, bit for bit.

use crate::builtins::test_util::{Case, differential, module_fn};
use crate::value::Value;

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn i(n: i64) -> Value {
    Value::Int(n)
}

fn big(exp: u32) -> Value {
    Value::from_bigint(num_bigint::BigInt::from(10u8).pow(exp))
}

fn cases() -> Vec<Case> {
    let samples = [
        f(0.0),
        f(-0.0),
        f(0.5),
        f(-0.5),
        f(1.0),
        f(-1.0),
        f(2.0),
        f(3.7),
        f(-3.7),
        f(1e-300),
        f(1e300),
        f(710.0),
        f(f64::INFINITY),
        f(f64::NEG_INFINITY),
        f(f64::NAN),
        i(0),
        i(7),
        i(-7),
        big(400),
        Value::Bool(true),
        Value::str("a"),
        f(5e-324),
        f(0.1),
    ];
    let unary = [
        "sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "fabs", "floor", "ceil",
        "trunc", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
        "acosh", "atanh", "erf", "erfc", "isnan", "isinf", "isfinite", "modf", "frexp", "degrees",
        "radians", "ulp",
    ];
    let mut v = Vec::new();
    for name in unary {
        for x in &samples {
            v.push(module_fn("math", name, vec![x.clone()]));
        }
    }
    let pairs = [
        (f(2.0), f(10.0)),
        (f(0.0), f(-1.0)),
        (f(-1.0), f(0.5)),
        (f(10.0), f(400.0)),
        (f(f64::NAN), f(0.0)),
        (f(1.0), f(f64::NAN)),
        (f(f64::INFINITY), f(-3.0)),
        (f(-8.0), f(3.0)),
        (f(0.5), f(f64::NEG_INFINITY)),
        (i(5), i(3)),
        (f(7.5), f(-2.0)),
        (f(1.0), f(0.0)),
        (f(f64::INFINITY), f(1.0)),
        (f(3.0), f(f64::INFINITY)),
        (f(-0.0), f(-0.0)),
        (big(400), f(2.0)),
    ];
    for name in [
        "pow",
        "atan2",
        "copysign",
        "fmod",
        "remainder",
        "hypot",
        "log",
        "nextafter",
    ] {
        for (a, b) in &pairs {
            v.push(module_fn("math", name, vec![a.clone(), b.clone()]));
        }
    }
    for (a, b) in &pairs {
        v.push(module_fn("math", "ldexp", vec![a.clone(), i(3)]));
        v.push(module_fn("math", "isclose", vec![a.clone(), b.clone()]));
    }
    v.push(module_fn("math", "ldexp", vec![f(1.0), i(2000)]));
    v.push(module_fn("math", "ldexp", vec![f(1.0), f(1.5)]));
    v.push(module_fn("math", "ldexp", vec![f(1.0), big(30)]));
    v.push(module_fn("math", "ldexp", vec![f(1.5), i(-1074)]));
    let coords: Vec<Vec<Value>> = vec![
        vec![],
        vec![f(3.0), f(4.0)],
        vec![f(1.0), f(1.0), f(1.0)],
        vec![f(1e-320), f(1e-320)],
        vec![f(1e308), f(1e308)],
        vec![f(0.1), f(0.2), f(0.3), f(0.4)],
        vec![f(f64::NAN), f(f64::INFINITY)],
        vec![i(7), f(-2.5)],
    ];
    for c in coords {
        v.push(module_fn("math", "hypot", c));
    }
    let lists = [
        vec![f(0.1); 10],
        vec![f(1e308), f(1e308)],
        vec![f(f64::INFINITY), f(f64::NEG_INFINITY)],
        vec![f(f64::INFINITY), i(1)],
        vec![
            f(1e100),
            f(1.0),
            f(-1e100),
            f(1e-100),
            f(1e50),
            f(-1.0),
            f(-1e50),
        ],
        vec![f(1e-16), f(1.0), f(1e16)],
        vec![Value::str("a")],
    ];
    for l in lists {
        v.push(module_fn("math", "fsum", vec![Value::list(l.clone())]));
        v.push(module_fn("math", "prod", vec![Value::list(l)]));
    }
    for (a, b) in [(12, 18), (0, 0), (-4, 6), (5, 0)] {
        v.push(module_fn("math", "gcd", vec![i(a), i(b)]));
        v.push(module_fn("math", "lcm", vec![i(a), i(b)]));
    }
    v.push(module_fn("math", "gcd", vec![]));
    v.push(module_fn("math", "lcm", vec![]));
    v.push(module_fn("math", "gcd", vec![f(1.5)]));
    for n in [0, 1, 5, 20, 25, 100] {
        v.push(module_fn("math", "factorial", vec![i(n)]));
        v.push(module_fn("math", "isqrt", vec![i(n * n + 3)]));
        v.push(module_fn("math", "comb", vec![i(n), i(3)]));
        v.push(module_fn("math", "perm", vec![i(n), i(2)]));
    }
    v.push(module_fn("math", "factorial", vec![i(-1)]));
    v.push(module_fn("math", "factorial", vec![f(1.5)]));
    v.push(module_fn("math", "comb", vec![i(-1), i(2)]));
    v.push(module_fn("math", "comb", vec![i(5), i(-2)]));
    v.push(module_fn("math", "perm", vec![i(5)]));
    v.push(module_fn("math", "perm", vec![]));
    v.push(module_fn("math", "isqrt", vec![i(-1)]));
    v.push(module_fn("math", "isqrt", vec![big(40)]));
    v.push(module_fn("math", "sqrt", vec![]));
    v.push(module_fn("math", "log", vec![]));
    v.push(module_fn("math", "pow", vec![f(1.0)]));
    v.push(module_fn("math", "prod", vec![]));
    v.push(module_fn("math", "isclose", vec![i(1)]));
    v.push(module_fn("math", "isclose", vec![i(1), i(2)]).kw("rel_tol", i(-1)));
    v.push(module_fn("math", "isclose", vec![f(1.0), f(1.0000000001)]));
    v.push(module_fn(
        "math",
        "dist",
        vec![
            Value::tuple(vec![i(0), i(0)]),
            Value::tuple(vec![i(3), i(4)]),
        ],
    ));
    v.push(module_fn("math", "sqrt", vec![i(1)]).kw("x", i(1)));
    v.push(module_fn("math", "prod", vec![Value::list(vec![i(1), i(2)])]).kw("start", i(2)));
    v.push(module_fn("math", "floor", vec![big(30)]));
    v
}

#[test]
fn math_matches_cpython() {
    let mismatches = differential(&cases());
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

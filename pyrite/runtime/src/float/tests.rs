//! Unit tests of `float` semantics, each result checked against CPython 3.11.7 by hand; the
//! differential test beside this file covers the bulk.

use super::*;
use crate::float_repr::float_repr;

/// `Type: str(exc)` of an error, or the Python repr of a float result.
fn show(r: PyResult<f64>) -> String {
    match r {
        Ok(x) => float_repr(x),
        Err(e) => {
            let args = e.0.args.borrow();
            let msg = match args.as_slice() {
                [Value::Str(s)] => s.as_str().to_owned(),
                [Value::Int(n), Value::Str(s)] => format!("({n}, '{}')", s.as_str()),
                _ => String::new(),
            };
            format!("{}: {}", e.class().name, msg)
        }
    }
}

#[test]
fn zero_division_messages() {
    assert_eq!(
        show(div(1.0, 0.0)),
        "ZeroDivisionError: float division by zero"
    );
    assert_eq!(
        show(floordiv(1.0, -0.0)),
        "ZeroDivisionError: float floor division by zero"
    );
    assert_eq!(show(modulo(1.0, 0.0)), "ZeroDivisionError: float modulo");
    assert_eq!(
        show(divmod(1.0, 0.0).map(|(q, _)| q)),
        "ZeroDivisionError: float divmod()"
    );
    assert_eq!(
        show(pow(-0.0, -1.5)),
        "ZeroDivisionError: 0.0 cannot be raised to a negative power"
    );
}

#[test]
fn floor_division_and_modulo_signs() {
    assert_eq!(show(floordiv(-0.0, -1.0)), "0.0");
    assert_eq!(show(floordiv(0.0, -1.0)), "-0.0");
    assert_eq!(show(modulo(-0.0, -1.0)), "-0.0");
    assert_eq!(show(modulo(-0.0, 5.0)), "0.0");
    assert_eq!(show(modulo(-7.0, 2.0)), "1.0");
    assert_eq!(show(modulo(7.0, -2.0)), "-1.0");
    assert_eq!(show(floordiv(-7.5, 2.0)), "-4.0");
    assert_eq!(show(modulo(-1e-300, 1e300)), "1e+300");
    assert_eq!(show(floordiv(1e300, 1e-300)), "inf");
    assert_eq!(show(modulo(-1e300, 1e-300)), "5.108445149146398e-301");
    assert_eq!(show(floordiv(5.0, 0.1)), "49.0");
    assert_eq!(show(modulo(5.0, 0.1)), "0.09999999999999973");
    assert_eq!(
        divmod(-1.0, f64::INFINITY)
            .map(|(q, r)| (float_repr(q), float_repr(r)))
            .ok(),
        Some(("-1.0".to_owned(), "inf".to_owned()))
    );
    assert_eq!(show(floordiv(f64::NAN, 1.0)), "nan");
}

#[test]
fn powers() {
    assert_eq!(
        show(pow(10.0, 400.0)),
        "OverflowError: (34, 'Numerical result out of range')"
    );
    assert_eq!(
        show(pow(-10.0, 401.0)),
        "OverflowError: (34, 'Numerical result out of range')"
    );
    assert_eq!(
        show(pow(-8.0, 1.0 / 3.0)),
        "NotImplementedError: complex results are not supported yet"
    );
    assert_eq!(show(pow(2.0, -1080.0)), "0.0");
    assert_eq!(show(pow(-1e-300, 3.0)), "-0.0");
    assert_eq!(show(pow(f64::NEG_INFINITY, 3.0)), "-inf");
    assert_eq!(show(pow(f64::NEG_INFINITY, -3.0)), "-0.0");
    assert_eq!(show(pow(f64::NEG_INFINITY, 0.5)), "inf");
    assert_eq!(show(pow(-0.0, 3.0)), "-0.0");
    assert_eq!(show(pow(-0.0, 0.5)), "0.0");
    assert_eq!(show(pow(0.5, f64::NEG_INFINITY)), "inf");
    assert_eq!(show(pow(-0.5, f64::INFINITY)), "0.0");
    assert_eq!(show(pow(-1.0, f64::INFINITY)), "1.0");
    assert_eq!(show(pow(1.0, f64::NAN)), "1.0");
    assert_eq!(show(pow(f64::NAN, 0.0)), "1.0");
    assert_eq!(show(pow(3.0, 0.5)), "1.7320508075688772");
}

#[test]
fn comparisons_with_ints_are_exact() {
    use std::cmp::Ordering::*;
    let big = |s: &str| {
        Value::from_bigint(num_bigint::BigInt::parse_bytes(s.as_bytes(), 10).expect("literal"))
    };
    let two53 = 9_007_199_254_740_992.0;
    assert_eq!(compare_int(two53, Int::Small((1 << 53) + 1)), Some(Less));
    assert_eq!(
        compare_int(9.223372036854776e18, Int::Small(i64::MAX)),
        Some(Greater)
    );
    assert_eq!(
        compare_int(-9.223372036854776e18, Int::Small(i64::MIN)),
        Some(Equal)
    );
    let huge = big(
        "179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216",
    );
    assert_eq!(
        compare_int(f64::INFINITY, Int::from_value(&huge).expect("int")),
        Some(Greater)
    );
    assert_eq!(
        compare_int(f64::MAX, Int::from_value(&huge).expect("int")),
        Some(Less)
    );
    assert_eq!(compare_int(f64::NAN, Int::Small(0)), None);
    assert_eq!(compare_int(-0.0, Int::Small(0)), Some(Equal));
    assert_eq!(compare_int(0.5, Int::Small(1)), Some(Less));
    assert_eq!(compare_int(-0.5, Int::Small(-1)), Some(Greater));
}

#[test]
fn rounding() {
    let r = |x: f64| match round_to_int(x) {
        Ok(v) => format!("{v:?}"),
        Err(e) => show(Err(e)),
    };
    assert_eq!(r(2.5), "2");
    assert_eq!(r(-0.5), "0");
    assert_eq!(r(1.5), "2");
    assert_eq!(
        r(f64::INFINITY),
        "OverflowError: cannot convert float infinity to integer"
    );
    assert_eq!(
        r(f64::NAN),
        "ValueError: cannot convert float NaN to integer"
    );
    assert_eq!(show(round_ndigits(2.675, 2)), "2.67");
    assert_eq!(show(round_ndigits(0.125, 2)), "0.12");
    assert_eq!(show(round_ndigits(0.375, 2)), "0.38");
    assert_eq!(show(round_ndigits(-0.001, 2)), "-0.0");
    assert_eq!(show(round_ndigits(123.456, -1)), "120.0");
    assert_eq!(show(round_ndigits(5e307, -308)), "1e+308");
    assert_eq!(show(round_ndigits(1e300, -400)), "0.0");
    assert_eq!(show(round_ndigits(-1.5, -400)), "-0.0");
    assert_eq!(show(round_ndigits(0.5, 400)), "0.5");
    assert_eq!(
        show(round_ndigits(1.7976931348623157e308, -308)),
        "OverflowError: rounded value too large to represent"
    );
}

#[test]
fn parsing() {
    let p = |s: &str| show(from_str(s));
    assert_eq!(p(" 1_0.5 "), "10.5");
    assert_eq!(p("-iNF"), "-inf");
    assert_eq!(p("+infinity"), "inf");
    assert_eq!(p("-nan"), "nan");
    assert_eq!(p("1e5_0"), "1e+50");
    assert_eq!(p("\u{663}.\u{665}"), "3.5");
    assert_eq!(p("1e99999999999999999999999"), "inf");
    assert_eq!(p("1e-99999999999999999999999"), "0.0");
    assert_eq!(p("-0"), "-0.0");
    for bad in [
        "x", "1__0", "_1", "1_e5", "1e_5", "0x10", ".", "1e", "infinit", "\x1c1", "",
    ] {
        assert_eq!(
            p(bad),
            format!(
                "ValueError: could not convert string to float: {}",
                crate::str_repr::str_repr(bad)
            )
        );
    }
}

#[test]
fn ratio_and_hex() {
    let ratio = |x: f64| {
        as_integer_ratio(x)
            .map(|(n, d)| format!("({n:?}, {d:?})"))
            .unwrap_or_else(|e| show(Err(e)))
    };
    assert_eq!(ratio(1.5), "(3, 2)");
    assert_eq!(ratio(-0.0), "(0, 1)");
    assert_eq!(ratio(1e20), "(100000000000000000000, 1)");
    assert_eq!(
        ratio(f64::INFINITY),
        "OverflowError: cannot convert Infinity to integer ratio"
    );
    assert_eq!(
        ratio(f64::NAN),
        "ValueError: cannot convert NaN to integer ratio"
    );
    assert_eq!(hex(0.1), "0x1.999999999999ap-4");
    assert_eq!(hex(-0.0), "-0x0.0p+0");
    assert_eq!(hex(5e-324), "0x0.0000000000001p-1022");
    assert_eq!(hex(1.0), "0x1.0000000000000p+0");
    assert_eq!(hex(f64::NEG_INFINITY), "-inf");
    assert!(is_integer(-0.0) && !is_integer(0.5) && !is_integer(f64::INFINITY));
}

#[test]
fn mixed_dispatch() {
    let huge = Value::from_bigint(num_bigint::BigInt::from(10u8).pow(400u32));
    let r = numeric_binary_op(NumericOp::Mul, &huge, &Value::Float(1.0));
    assert!(matches!(r, Some(Err(ref e)) if e.matches(BuiltinType::OverflowError)));
    let r = numeric_binary_op(NumericOp::BitAnd, &Value::Bool(true), &Value::Bool(false));
    assert!(matches!(r, Some(Ok(Value::Bool(false)))));
    let r = numeric_binary_op(NumericOp::Add, &Value::Bool(true), &Value::Bool(true));
    assert!(matches!(r, Some(Ok(Value::Int(2)))));
    assert!(numeric_binary_op(NumericOp::LShift, &Value::Float(1.0), &Value::Int(1)).is_none());
    assert!(numeric_binary_op(NumericOp::Add, &Value::None, &Value::Int(1)).is_none());
    assert!(numeric_unary_op(UnaryOp::Invert, &Value::Float(1.0)).is_none());
    assert!(matches!(
        numeric_unary_op(UnaryOp::Invert, &Value::Bool(true)),
        Some(Ok(Value::Int(-2)))
    ));
    assert_eq!(
        numeric_compare(&Value::Int(1), &Value::Float(f64::NAN)),
        Some(None)
    );
}

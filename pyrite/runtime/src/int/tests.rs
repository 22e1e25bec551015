//! Unit tests of `int` semantics: the cases whose results were checked one by one against
//! CPython 3.11.7 (the differential test in `float/differential_tests.rs` covers the bulk), and
//! the cases CPython itself cannot run quickly (huge powers and shifts).

use num_bigint::BigInt;
use num_traits::{Num, One};

use super::*;
use crate::error::PyResult;
use crate::value::Value;

fn big(s: &str) -> Value {
    Value::from_bigint(BigInt::from_str_radix(s, 10).expect("literal"))
}

fn int(v: &Value) -> Int<'_> {
    Int::from_value(v).expect("an int")
}

/// `Type: message` of an error, or the repr-like rendering of a value.
fn show(r: PyResult<Value>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => {
            let args = e.0.args.borrow();
            let msg = match args.first() {
                Some(Value::Str(s)) => s.as_str().to_owned(),
                _ => String::new(),
            };
            format!("{}: {}", e.class().name, msg)
        }
    }
}

#[test]
fn division_by_zero_messages() {
    let (one, zero) = (Value::Int(1), Value::Int(0));
    assert_eq!(
        show(floordiv(int(&one), int(&zero))),
        "ZeroDivisionError: integer division or modulo by zero"
    );
    assert_eq!(
        show(modulo(int(&one), int(&zero))),
        "ZeroDivisionError: integer modulo by zero"
    );
    assert_eq!(
        show(divmod(int(&one), int(&zero)).map(|(q, _)| q)),
        "ZeroDivisionError: integer division or modulo by zero"
    );
    assert_eq!(
        show(true_divide(int(&one), int(&zero)).map(Value::Float)),
        "ZeroDivisionError: division by zero"
    );
    assert_eq!(
        show(pow(int(&zero), int(&Value::Int(-1)))),
        "ZeroDivisionError: 0.0 cannot be raised to a negative power"
    );
}

#[test]
fn floor_semantics_and_i64_edges() {
    let min = Value::Int(i64::MIN);
    let m1 = Value::Int(-1);
    assert_eq!(show(floordiv(int(&min), int(&m1))), "9223372036854775808");
    assert_eq!(show(modulo(int(&min), int(&m1))), "0");
    assert_eq!(format!("{:?}", neg(int(&min))), "9223372036854775808");
    assert_eq!(format!("{:?}", abs(int(&min))), "9223372036854775808");
    assert_eq!(format!("{:?}", invert(int(&min))), "9223372036854775807");
    let cases = [
        (-7i64, 2i64, -4i64, 1i64),
        (7, -2, -4, -1),
        (-7, -2, 3, -1),
        (7, 2, 3, 1),
    ];
    for (a, b, q, r) in cases {
        let (x, y) = (Value::Int(a), Value::Int(b));
        assert_eq!(show(floordiv(int(&x), int(&y))), q.to_string());
        assert_eq!(show(modulo(int(&x), int(&y))), r.to_string());
    }
    // Results that fit come back as `Value::Int` whatever the path.
    let big_one = big("18446744073709551616");
    let r = sub(int(&big_one), int(&big("18446744073709551615")));
    assert!(matches!(r, Value::Int(1)));
}

#[test]
fn shifts() {
    let one = Value::Int(1);
    assert_eq!(
        show(lshift(int(&one), int(&Value::Int(-1)))),
        "ValueError: negative shift count"
    );
    assert_eq!(
        show(rshift(int(&one), int(&Value::Int(-1)))),
        "ValueError: negative shift count"
    );
    let huge = big("9223372036854775808");
    assert_eq!(show(lshift(int(&one), int(&huge))), "MemoryError: ");
    assert_eq!(
        show(lshift(int(&one), int(&Value::Int(1 << 62)))),
        "MemoryError: "
    );
    assert_eq!(show(lshift(int(&Value::Int(0)), int(&huge))), "0");
    assert_eq!(show(rshift(int(&Value::Int(-5)), int(&huge))), "-1");
    assert_eq!(show(rshift(int(&Value::Int(5)), int(&huge))), "0");
    assert_eq!(
        show(rshift(int(&Value::Int(-5)), int(&Value::Int(1)))),
        "-3"
    );
    assert_eq!(
        show(lshift(int(&Value::Int(-1)), int(&Value::Int(63)))),
        "-9223372036854775808"
    );
    assert_eq!(
        show(lshift(int(&Value::Int(1)), int(&Value::Int(63)))),
        "9223372036854775808"
    );
}

#[test]
fn huge_powers_fail_cleanly() {
    let two = Value::Int(2);
    let e62 = Value::Int(1 << 62);
    assert_eq!(show(pow(int(&two), int(&e62))), "MemoryError: ");
    let e100 = Value::from_bigint(BigInt::one() << 100u8);
    assert_eq!(show(pow(int(&two), int(&e100))), "MemoryError: ");
    assert_eq!(show(pow(int(&Value::Int(-1)), int(&e100))), "1");
    assert_eq!(show(pow(int(&Value::Int(0)), int(&e100))), "0");
    assert_eq!(show(pow(int(&Value::Int(1)), int(&e100))), "1");
    assert_eq!(
        show(pow_mod(
            int(&Value::Int(3)),
            int(&e100),
            int(&Value::Int(7))
        )),
        "4"
    );
    assert_eq!(
        show(pow(
            int(&big("-100000000000000000000")),
            int(&Value::Int(-1))
        )),
        "-1e-20"
    );
}

#[test]
fn modular_pow() {
    let v = |i: i64| Value::Int(i);
    let p = |a: i64, b: i64, m: i64| show(pow_mod(int(&v(a)), int(&v(b)), int(&v(m))));
    assert_eq!(p(2, -1, 5), "3");
    assert_eq!(
        p(2, -1, 4),
        "ValueError: base is not invertible for the given modulus"
    );
    assert_eq!(p(2, 3, 0), "ValueError: pow() 3rd argument cannot be 0");
    assert_eq!(p(2, 3, -5), "-2");
    assert_eq!(p(-2, 3, -5), "-3");
    assert_eq!(p(0, -1, 1), "0");
    assert_eq!(p(3, 0, -7), "-6");
    assert_eq!(p(0, 0, 5), "1");
    assert_eq!(p(3, -1, -7), "-2");
}

#[test]
fn true_division_rounding() {
    let t = |a: &Value, b: &Value| show(true_divide(int(a), int(b)).map(Value::Float));
    let p2 = |e: u32| Value::from_bigint(BigInt::one() << e);
    assert_eq!(t(&Value::Int(0), &Value::Int(-1)), "-0.0");
    assert_eq!(t(&Value::Int(1), &p2(1075)), "0.0");
    assert_eq!(t(&Value::Int(3), &p2(1075)), "1e-323");
    assert_eq!(t(&Value::Int(3), &p2(1076)), "5e-324");
    assert_eq!(t(&p2(1024), &Value::Int(2)), "8.98846567431158e307");
    assert_eq!(
        t(&p2(1024), &Value::Int(1)),
        "OverflowError: integer division result too large for a float"
    );
    let near = Value::from_bigint((BigInt::one() << 53u8) + 1);
    assert_eq!(t(&near, &Value::Int(1)), "9007199254740992.0");
    assert_eq!(
        show(to_f64(int(&p2(1024))).map(Value::Float)),
        "OverflowError: int too large to convert to float"
    );
}

#[test]
fn float_to_int() {
    assert_eq!(
        show(from_f64(f64::NAN)),
        "ValueError: cannot convert float NaN to integer"
    );
    assert_eq!(
        show(from_f64(f64::NEG_INFINITY)),
        "OverflowError: cannot convert float infinity to integer"
    );
    assert_eq!(show(from_f64(-2.5)), "-2");
    assert_eq!(show(from_f64(-0.0)), "0");
    assert_eq!(show(from_f64(9.223372036854776e18)), "9223372036854775808");
    assert_eq!(
        show(from_f64(-9.223372036854776e18)),
        "-9223372036854775808"
    );
}

#[test]
fn parsing() {
    let p = |s: &str, base: i64| show(from_str(s, base));
    assert_eq!(
        p("abc", 10),
        "ValueError: invalid literal for int() with base 10: 'abc'"
    );
    assert_eq!(p("  -0x_1f  ", 0), "-31");
    assert_eq!(p("0_0_0", 0), "0");
    assert_eq!(
        p("007", 0),
        "ValueError: invalid literal for int() with base 0: '007'"
    );
    assert_eq!(p("\u{663}\u{664}", 10), "34");
    assert_eq!(p("\u{1d7d9}", 10), "1");
    assert_eq!(
        p("1", 37),
        "ValueError: int() base must be >= 2 and <= 36, or 0"
    );
    assert_eq!(p("-9223372036854775808", 10), "-9223372036854775808");
    let long = p(&"9".repeat(5000), 10);
    assert_eq!(
        long,
        "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has \
         5000 digits; use sys.set_int_max_str_digits() to increase the limit"
    );
    let truncated = p(&"x".repeat(300), 10);
    assert_eq!(truncated.len(), "ValueError: ".len() + 240);
}

#[test]
fn formatting_and_limit() {
    let v = big("-1180591620717411303424");
    assert_eq!(to_hex(int(&v)), "-0x400000000000000000");
    assert_eq!(to_oct(int(&Value::Int(-8))), "-0o10");
    assert_eq!(to_bin(int(&Value::Int(5))), "0b101");
    assert_eq!(to_hex(int(&Value::Int(0))), "0x0");
    assert_eq!(to_hex(int(&Value::Int(i64::MIN))), "-0x8000000000000000");
    let huge = Value::from_bigint(num_traits::pow(BigInt::from(10u8), 4300));
    assert_eq!(
        to_str(int(&huge)).err().map(|e| show(Err(e))),
        Some(
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use \
             sys.set_int_max_str_digits() to increase the limit"
                .to_owned()
        )
    );
    assert_eq!(
        show(set_max_str_digits(int(&Value::Int(100))).map(|()| Value::None)),
        "ValueError: maxdigits must be 0 or larger than 640"
    );
    set_max_str_digits(int(&Value::Int(0))).expect("0 disables the limit");
    assert_eq!(to_str(int(&huge)).map(|s| s.len()).ok(), Some(4301));
    set_max_str_digits(int(&Value::Int(4300))).expect("restore the default");
    assert_eq!(max_str_digits(), 4300);
}

#[test]
fn rounding_ints() {
    let r = |a: Value, n: i64| format!("{:?}", round(int(&a), int(&Value::Int(n))));
    assert_eq!(r(Value::Int(25), -1), "20");
    assert_eq!(r(Value::Int(-25), -1), "-20");
    assert_eq!(r(Value::Int(15), -1), "20");
    assert_eq!(r(Value::Int(123), 5), "123");
    let huge_negative = Value::from_bigint(-(BigInt::one() << 70u8));
    assert_eq!(
        format!("{:?}", round(int(&Value::Int(123)), int(&huge_negative))),
        "0"
    );
}

//! `int` arithmetic: `+ - * // % divmod`, unary `- + abs`, comparison and `round(int, n)`.
//!
//! Division and modulo follow Python's floor semantics: the quotient rounds toward negative
//! infinity and the remainder takes the divisor's sign, for every sign combination. The one `i64`
//! case that overflows, `i64::MIN // -1`, goes to the big-integer path like any other overflow.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Zero;

use super::Int;
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::value::Value;

/// `a + b`.
#[inline]
pub fn add(a: Int<'_>, b: Int<'_>) -> Value {
    if let (Int::Small(x), Int::Small(y)) = (a, b) {
        return match x.checked_add(y) {
            Some(r) => Value::Int(r),
            None => Value::from_bigint(BigInt::from(i128::from(x) + i128::from(y))),
        };
    }
    Value::from_bigint(&*a.big() + &*b.big())
}

/// `a - b`.
#[inline]
pub fn sub(a: Int<'_>, b: Int<'_>) -> Value {
    if let (Int::Small(x), Int::Small(y)) = (a, b) {
        return match x.checked_sub(y) {
            Some(r) => Value::Int(r),
            None => Value::from_bigint(BigInt::from(i128::from(x) - i128::from(y))),
        };
    }
    Value::from_bigint(&*a.big() - &*b.big())
}

/// `a * b`.
#[inline]
pub fn mul(a: Int<'_>, b: Int<'_>) -> Value {
    if let (Int::Small(x), Int::Small(y)) = (a, b) {
        return match x.checked_mul(y) {
            Some(r) => Value::Int(r),
            None => Value::from_bigint(BigInt::from(i128::from(x) * i128::from(y))),
        };
    }
    Value::from_bigint(&*a.big() * &*b.big())
}

/// `-a`.
pub fn neg(a: Int<'_>) -> Value {
    match a {
        Int::Small(x) => match x.checked_neg() {
            Some(r) => Value::Int(r),
            None => Value::from_bigint(-BigInt::from(x)),
        },
        Int::Big(b) => Value::from_bigint(-b),
    }
}

/// `+a` (an `int`, also for a `bool` operand).
pub fn pos(a: Int<'_>) -> Value {
    a.to_value()
}

/// `abs(a)`.
pub fn abs(a: Int<'_>) -> Value {
    if a.is_negative() {
        neg(a)
    } else {
        a.to_value()
    }
}

/// Compares two ints.
#[inline]
pub fn compare(a: Int<'_>, b: Int<'_>) -> Ordering {
    match (a, b) {
        (Int::Small(x), Int::Small(y)) => x.cmp(&y),
        _ => a.big().cmp(&b.big()),
    }
}

/// The floor quotient and remainder of two `i64`s, `None` when the quotient overflows
/// (`i64::MIN // -1`). `y` must not be zero.
#[inline]
fn small_divmod(x: i64, y: i64) -> Option<(i64, i64)> {
    if y == -1 {
        // The remainder is 0; only the quotient can overflow.
        return x.checked_neg().map(|q| (q, 0));
    }
    Some(x.div_mod_floor(&y))
}

/// `a // b`; `ZeroDivisionError: integer division or modulo by zero`.
pub fn floordiv(a: Int<'_>, b: Int<'_>) -> PyResult<Value> {
    if b.is_zero() {
        return raise(
            BuiltinType::ZeroDivisionError,
            "integer division or modulo by zero",
        );
    }
    if let (Int::Small(x), Int::Small(y)) = (a, b)
        && let Some((q, _)) = small_divmod(x, y)
    {
        return Ok(Value::Int(q));
    }
    Ok(Value::from_bigint(a.big().div_floor(&b.big())))
}

/// `a % b`; `ZeroDivisionError: integer modulo by zero` (CPython 3.11's wording for `%`).
pub fn modulo(a: Int<'_>, b: Int<'_>) -> PyResult<Value> {
    if b.is_zero() {
        return raise(BuiltinType::ZeroDivisionError, "integer modulo by zero");
    }
    if let (Int::Small(x), Int::Small(y)) = (a, b)
        && let Some((_, r)) = small_divmod(x, y)
    {
        return Ok(Value::Int(r));
    }
    Ok(Value::from_bigint(a.big().mod_floor(&b.big())))
}

/// `divmod(a, b)` as `(a // b, a % b)`; `ZeroDivisionError: integer division or modulo by zero`.
pub fn divmod(a: Int<'_>, b: Int<'_>) -> PyResult<(Value, Value)> {
    if b.is_zero() {
        return raise(
            BuiltinType::ZeroDivisionError,
            "integer division or modulo by zero",
        );
    }
    if let (Int::Small(x), Int::Small(y)) = (a, b)
        && let Some((q, r)) = small_divmod(x, y)
    {
        return Ok((Value::Int(q), Value::Int(r)));
    }
    let (q, r) = a.big().div_mod_floor(&b.big());
    Ok((Value::from_bigint(q), Value::from_bigint(r)))
}

/// `round(a, ndigits)` for an int: `a` itself when `ndigits >= 0`, otherwise `a` rounded to a
/// multiple of `10 ** -ndigits`, ties to even (CPython's `long_round`).
///
/// A huge negative `ndigits` gives 0 at once: the multiple exceeds `2 * |a|`, so `a` rounds to 0
/// (CPython would compute `10 ** -ndigits` first, which can exhaust memory).
pub fn round(a: Int<'_>, ndigits: Int<'_>) -> Value {
    if !ndigits.is_negative() {
        return a.to_value();
    }
    // |a| < 2**bits <= 10**(bits/3 + 1); 10**k with k beyond that makes `a` round to zero.
    let limit = a.bits() / 3 + 2;
    let k = match ndigits.to_i64() {
        Some(n) if n.unsigned_abs() <= limit => n.unsigned_abs(),
        _ => return Value::Int(0),
    };
    // `k <= 2**32 / 3 + 2` because `a` is at most `MAX_RESULT_BITS` bits, so the cast is lossless.
    let pow10 = num_traits::pow(BigInt::from(10u8), k as usize);
    let (mut q, r) = a.big().div_mod_floor(&pow10);
    let twice_r: BigInt = r << 1u8;
    match twice_r.cmp(&pow10) {
        Ordering::Greater => q += 1u8,
        Ordering::Equal if q.is_odd() => q += 1u8,
        _ => {}
    }
    if q.is_zero() {
        return Value::Int(0);
    }
    Value::from_bigint(q * pow10)
}

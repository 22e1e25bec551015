//! `a ** b` and `pow(a, b, m)` for ints.
//!
//! - `b >= 0`: the exact power. Results larger than [`MAX_RESULT_BITS`] raise `MemoryError` before
//!   computing (`2 ** 2**62`), while `0`, `1` and `-1` raised to any power are immediate.
//! - `b < 0` without modulus: the `float` power of the two converted operands, as CPython
//!   (`2 ** -1 == 0.5`, `0 ** -1` raises `ZeroDivisionError: 0.0 cannot be raised to a negative
//!   power`, an operand too large for a float raises `OverflowError`).
//! - with modulus `m`: `m == 0` is `ValueError: pow() 3rd argument cannot be 0`; `|m| == 1` gives
//!   0; a negative `b` inverts `a` modulo `m` first (`ValueError: base is not invertible for the
//!   given modulus`); the result has the sign of `m`, as `%` does.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Pow, ToPrimitive, Zero};

use super::{Int, MAX_RESULT_BITS, memory_error, to_f64};
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::float;
use crate::value::Value;

/// `a ** b`.
pub fn pow(a: Int<'_>, b: Int<'_>) -> PyResult<Value> {
    if b.is_negative() {
        let base = to_f64(a)?;
        let exponent = to_f64(b)?;
        return float::pow(base, exponent).map(Value::Float);
    }
    if b.is_zero() {
        return Ok(Value::Int(1));
    }
    match a {
        Int::Small(0) | Int::Small(1) => return Ok(a.to_value()),
        Int::Small(-1) => return Ok(Value::Int(if b.is_odd() { -1 } else { 1 })),
        _ => {}
    }
    // |a| >= 2 from here, so the result has at least b + 1 bits: b is bounded.
    let exponent = match b.to_i64() {
        Some(e) if (e as f64) * log2_magnitude(a) <= MAX_RESULT_BITS as f64 => e as u64,
        _ => return Err(memory_error()),
    };
    if let Int::Small(x) = a
        && let Some(r) = checked_pow_i64(x, exponent)
    {
        return Ok(Value::Int(r));
    }
    Ok(Value::from_bigint(Pow::pow(&*a.big(), exponent)))
}

/// `log2(|a|)`, close enough to size a power's result (exact to a bit for big `a`).
fn log2_magnitude(a: Int<'_>) -> f64 {
    match a {
        Int::Small(x) => (x.unsigned_abs() as f64).log2(),
        Int::Big(b) => b.bits() as f64,
    }
}

/// `x ** e` in `i64`, or `None` on overflow.
fn checked_pow_i64(x: i64, e: u64) -> Option<i64> {
    let e = u32::try_from(e).ok()?;
    x.checked_pow(e)
}

/// `pow(a, b, m)`.
pub fn pow_mod(a: Int<'_>, b: Int<'_>, m: Int<'_>) -> PyResult<Value> {
    if m.is_zero() {
        return raise(BuiltinType::ValueError, "pow() 3rd argument cannot be 0");
    }
    let negative_modulus = m.is_negative();
    let modulus = m.magnitude();
    if modulus.is_one() {
        return Ok(Value::Int(0));
    }
    let mut base = a.big().mod_floor(&modulus);
    let exponent = if b.is_negative() {
        base = match base.modinv(&modulus) {
            Some(inverse) => inverse,
            None => {
                return raise(
                    BuiltinType::ValueError,
                    "base is not invertible for the given modulus",
                );
            }
        };
        -&*b.big()
    } else {
        b.big().into_owned()
    };
    let mut result = match (base.to_u64(), exponent.to_u64(), modulus.to_u64()) {
        (Some(x), Some(e), Some(n)) => BigInt::from(modpow_u64(x, e, n)),
        _ => base.modpow(&exponent, &modulus),
    };
    if negative_modulus && !result.is_zero() {
        result -= &modulus;
    }
    Ok(Value::from_bigint(result))
}

/// `x ** e % n` for `x < n`, `n > 1`, by square-and-multiply in 128-bit arithmetic.
fn modpow_u64(mut x: u64, mut e: u64, n: u64) -> u64 {
    let n128 = u128::from(n);
    let mut result: u64 = 1;
    while e > 0 {
        if e & 1 == 1 {
            result = (u128::from(result) * u128::from(x) % n128) as u64;
        }
        x = (u128::from(x) * u128::from(x) % n128) as u64;
        e >>= 1;
    }
    result
}

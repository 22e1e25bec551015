//! Between `int` and `float`: correctly rounded `float(int)`, true division `int / int`, and
//! `int(float)`.
//!
//! Both roundings are to nearest, ties to even, on the exact mathematical value, as CPython's
//! `PyLong_AsDouble` and `long_true_divide` do: `(2**53 + 1) / 1 == 2.0**53`, `1 / 2**1075 == 0.0`,
//! `3 / 2**1075 == 1e-323` (a subnormal, rounded once at its own precision, never twice).
//! Results beyond the `float` range raise `OverflowError` with CPython's messages:
//! `int too large to convert to float`, `integer division result too large for a float`.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::Int;
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::value::Value;

/// Significand bits of an `f64`, the implicit one included.
const MANT_DIG: i64 = 53;
/// The exponent of the smallest subnormal: `5e-324 == 2.0**-1074`.
const MIN_SUBNORMAL_EXP: i64 = -1074;
/// `2.0**MAX_EXP` is the first power of two past the largest finite `f64`.
const MAX_EXP: i64 = 1024;

/// `x * 2**exp`, rounding only if the exact result is not representable (callers in this
/// module pass values that are, so it is exact), overflowing to infinity.
pub(crate) fn ldexp(mut x: f64, mut exp: i64) -> f64 {
    // Scale in steps whose factor is a normal power of two, so every step but the last is exact.
    while exp > 1000 {
        x *= pow2(1000);
        exp -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while exp < -1000 {
        x *= pow2(-1000);
        exp += 1000;
    }
    x * pow2(exp as i32)
}

/// `2.0**e` for `-1022 <= e <= 1023`.
fn pow2(e: i32) -> f64 {
    debug_assert!((-1022..=1023).contains(&e));
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// A finite `f64` as `(negative, m, e)` with `|x| == m * 2**e` exactly, `m < 2**53`.
pub(crate) fn decompose(x: f64) -> (bool, u64, i64) {
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exp_field = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if exp_field == 0 {
        (negative, fraction, MIN_SUBNORMAL_EXP)
    } else {
        (negative, fraction | (1 << 52), exp_field - 1075)
    }
}

/// `float(a)`, correctly rounded; `OverflowError: int too large to convert to float`.
pub fn to_f64(a: Int<'_>) -> PyResult<f64> {
    match a {
        // `as` rounds to nearest, ties to even.
        Int::Small(i) => Ok(i as f64),
        Int::Big(b) => big_to_f64(b),
    }
}

fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    let magnitude = b.magnitude();
    let nbits = magnitude.bits();
    let (top, scale) = if nbits <= 64 {
        (magnitude.to_u64().unwrap_or(0), 0)
    } else {
        // Keep the top 64 bits and fold every dropped bit into the lowest one (a sticky bit):
        // 64 bits hold the 53 kept, the rounding bit and enough below it for the sticky bit to
        // decide ties, so the one rounding in `as f64` is the correct one.
        let shift = nbits - 64;
        let top = (magnitude >> shift).to_u64().unwrap_or(u64::MAX);
        let sticky = magnitude.trailing_zeros().is_some_and(|tz| tz < shift);
        (top | u64::from(sticky), shift as i64)
    };
    let result = if scale > MAX_EXP {
        f64::INFINITY
    } else {
        ldexp(top as f64, scale)
    };
    if result.is_infinite() {
        return raise(
            BuiltinType::OverflowError,
            "int too large to convert to float",
        );
    }
    Ok(if b.sign() == Sign::Minus {
        -result
    } else {
        result
    })
}

/// `a / b` for ints: the correctly rounded quotient; `ZeroDivisionError: division by zero`,
/// `OverflowError: integer division result too large for a float`.
pub fn true_divide(a: Int<'_>, b: Int<'_>) -> PyResult<f64> {
    if b.is_zero() {
        return raise(BuiltinType::ZeroDivisionError, "division by zero");
    }
    const EXACT: u64 = 1 << MANT_DIG;
    if let (Int::Small(x), Int::Small(y)) = (a, b)
        && x.unsigned_abs() <= EXACT
        && y.unsigned_abs() <= EXACT
    {
        // Both convert exactly, so IEEE division rounds the exact quotient once.
        return Ok(x as f64 / y as f64);
    }
    let negative = a.is_negative() != b.is_negative();
    let magnitude = divide_magnitudes(&a.magnitude_biguint(), &b.magnitude_biguint())?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// `a / b` for `b > 0`, correctly rounded.
fn divide_magnitudes(a: &BigUint, b: &BigUint) -> PyResult<f64> {
    if a.is_zero() {
        return Ok(0.0);
    }
    // a / b lies in [2**(diff-1), 2**(diff+1)).
    let diff = a.bits() as i64 - b.bits() as i64;
    if diff > MAX_EXP {
        return too_large();
    }
    if diff < MIN_SUBNORMAL_EXP - 1 {
        // a / b < 2**(diff+1) <= 2**-1075, half the smallest subnormal: rounds to zero.
        return Ok(0.0);
    }
    // Compute q = floor(a / b / 2**scale) with 56-57 bits for a normal result (53 kept, a
    // rounding bit, more below), and with its unit at most 2**-1076 for a subnormal one, so at
    // least two bits always sit below the final unit in the last place.
    let scale = (diff - MANT_DIG - 3).max(MIN_SUBNORMAL_EXP - 2);
    let (numerator, mut inexact) = if scale <= 0 {
        (a << (-scale) as u64, false)
    } else {
        let shift = scale as u64;
        let dropped = a.trailing_zeros().is_some_and(|tz| tz < shift);
        (a >> shift, dropped)
    };
    let (q, r) = numerator.div_rem(b);
    inexact |= !r.is_zero();
    // q < 2**58 by construction.
    let q = q.to_u64().unwrap_or(u64::MAX);
    let q_bits = i64::from(64 - q.leading_zeros());
    // Exponent of the unit in the last place of the result, and how many bits of q lie below it.
    let top_exp = scale + q_bits - 1;
    let ulp_exp = (top_exp - (MANT_DIG - 1)).max(MIN_SUBNORMAL_EXP);
    let drop = (ulp_exp - scale) as u32;
    debug_assert!((2..64).contains(&drop));
    let half = 1u64 << (drop - 1);
    let low = q & ((1u64 << drop) - 1);
    let mut kept = q >> drop;
    let round_up = low > half || (low == half && (inexact || kept & 1 == 1));
    if round_up {
        kept += 1;
    }
    // `kept <= 2**53`, exact in an f64; the scaling is exact unless it overflows.
    let result = ldexp(kept as f64, ulp_exp);
    if result.is_infinite() {
        return too_large();
    }
    Ok(result)
}

fn too_large() -> PyResult<f64> {
    raise(
        BuiltinType::OverflowError,
        "integer division result too large for a float",
    )
}

/// `int(x)` for a float: truncation toward zero; `ValueError: cannot convert float NaN to
/// integer`, `OverflowError: cannot convert float infinity to integer`.
pub fn from_f64(x: f64) -> PyResult<Value> {
    if x.is_nan() {
        return raise(
            BuiltinType::ValueError,
            "cannot convert float NaN to integer",
        );
    }
    if x.is_infinite() {
        return raise(
            BuiltinType::OverflowError,
            "cannot convert float infinity to integer",
        );
    }
    let t = x.trunc();
    // 2**63 is exact as f64, so this range check is exact and the cast below lossless.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t) {
        return Ok(Value::Int(t as i64));
    }
    Ok(Value::from_bigint(f64_integral_to_bigint(t)))
}

/// The exact integer value of a finite, integral `f64`.
pub(crate) fn f64_integral_to_bigint(x: f64) -> BigInt {
    let (negative, m, e) = decompose(x);
    let magnitude = if e >= 0 {
        BigInt::from(m) << e as u64
    } else {
        BigInt::from(m >> (-e).min(63) as u64)
    };
    if negative { -magnitude } else { magnitude }
}

impl Int<'_> {
    /// `|self|` as an unsigned big integer.
    fn magnitude_biguint(self) -> BigUint {
        match self {
            Int::Small(i) => BigUint::from(i.unsigned_abs()),
            Int::Big(b) => b.magnitude().clone(),
        }
    }
}

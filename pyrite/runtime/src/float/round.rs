//! `round(x)` and `round(x, ndigits)` for floats, as CPython 3.11's `float.__round__`.
//!
//! `round(x)` rounds half to even and returns an `int`. `round(x, n)` returns the float nearest
//! to the exact value of `x` rounded to `n` decimal places, ties to even on that exact value
//! (`round(2.675, 2) == 2.67`, because 2.675 is really 2.67499999...). CPython gets there by
//! printing `x` with `_Py_dg_dtoa` mode 3 and reading the digits back with `_Py_dg_strtod`; we do
//! the same two correctly rounded steps with exact rational arithmetic on big integers:
//! `N = round_half_even(x * 10**n)`, then the float nearest to `N / 10**n`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Pow, Zero};

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::int::{self, Int};
use crate::value::Value;

/// Above this many digits every float is already exact: CPython returns `x` unchanged
/// (`NDIGITS_MAX`, `(53 + 1021) * log10(2)`).
const NDIGITS_MAX: i64 = 323;
/// Below this (negative) many digits every float rounds to zero (`NDIGITS_MIN`,
/// `-(1025 * log10(2))`).
const NDIGITS_MIN: i64 = -308;

/// `round(x)`: the nearest int, ties to even; `ValueError: cannot convert float NaN to integer`,
/// `OverflowError: cannot convert float infinity to integer`.
pub fn round_to_int(x: f64) -> PyResult<Value> {
    int::from_f64(x.round_ties_even())
}

/// `round(x, ndigits)` (`ndigits` clamped to `i64` by the caller, as CPython clamps it to
/// `Py_ssize_t`); `OverflowError: rounded value too large to represent`.
pub fn round_ndigits(x: f64, ndigits: i64) -> PyResult<f64> {
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN || x == 0.0 {
        return Ok(0.0 * x);
    }
    let (negative, m, e) = int::to_float::decompose(x);
    // |x| = m * 2**e; scale it by 10**ndigits as a fraction num / den.
    let mut num = BigInt::from(m);
    let mut den = BigInt::one();
    if e >= 0 {
        num <<= e as u64;
    } else {
        den <<= (-e) as u64;
    }
    // `|ndigits| <= 323` here.
    let pow10: BigInt = Pow::pow(BigInt::from(10u8), ndigits.unsigned_abs());
    if ndigits >= 0 {
        num *= &pow10;
    } else {
        den *= &pow10;
    }
    let (mut q, r) = num.div_rem(&den);
    let twice_r: BigInt = r << 1u8;
    if twice_r > den || (twice_r == den && q.is_odd()) {
        q += 1u8;
    }
    let magnitude = if q.is_zero() {
        0.0
    } else if ndigits >= 0 {
        int::true_divide(Int::Big(&q), Int::Big(&pow10))?
    } else {
        let scaled = q * &pow10;
        match int::to_f64(Int::Big(&scaled)) {
            Ok(f) => f,
            Err(_) => {
                return raise(
                    BuiltinType::OverflowError,
                    "rounded value too large to represent",
                );
            }
        }
    };
    Ok(if negative { -magnitude } else { magnitude })
}

//! Python `float` semantics, exact to CPython 3.11 (`Objects/floatobject.c`): arithmetic with its
//! sign rules and exception messages, exact comparison with ints, `round`, `float(str)`,
//! `is_integer`, `as_integer_ratio`, `hex`.
//!
//! `+ - *` are IEEE operations and never raise (`1e308 * 10 == inf`). The others raise
//! `ZeroDivisionError` with a message naming the operation (`float division by zero`, `float
//! floor division by zero`, `float modulo`, `float divmod()`); `**` follows C99 `pow` special cases
//! as CPython's `float_pow` does and raises `OverflowError: (34, 'Numerical result out of range')`
//! when a finite power overflows. `%` and `//` give the remainder the divisor's sign and compute
//! the floor quotient from `fmod` as CPython does, so `-0.0` and infinities come out identical.
//!
//! A negative base raised to a non-integral power is a `complex` in CPython; `complex` does not
//! exist in pyrite yet, so that case raises `NotImplementedError: complex results are not
//! supported yet` (or, when the complex result's modulus overflows, CPython's own
//! `OverflowError: complex exponentiation`).
//!
//! Submodules: [`parse`] (`float(str)`), [`round`] (`round(x)`, `round(x, n)`), [`mixed`] (the
//! dispatch of operators and comparisons on `int`/`bool`/`float` values, int operands converted
//! as CPython converts them).

use std::cmp::Ordering;

use num_bigint::BigInt;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::int::{self, Int};
use crate::value::Value;

pub mod mixed;
pub mod parse;
pub mod round;

pub use mixed::{NumericOp, UnaryOp, numeric_binary_op, numeric_compare, numeric_unary_op};
pub use parse::from_str;
pub use round::{round_ndigits, round_to_int};

/// `a / b`; `ZeroDivisionError: float division by zero`.
#[inline]
pub fn div(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return raise(BuiltinType::ZeroDivisionError, "float division by zero");
    }
    Ok(a / b)
}

/// The remainder with the divisor's sign (`b != 0`), as CPython's `float_rem`.
fn rem_nonzero(a: f64, b: f64) -> f64 {
    // Rust's `%` on f64 is C's `fmod`: exact, with the dividend's sign.
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) { m + b } else { m }
    } else {
        0.0_f64.copysign(b)
    }
}

/// `(a // b, a % b)` for `b != 0`, as CPython's `_float_div_mod`.
fn divmod_nonzero(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    // `a - m` is an exact multiple of `b`, so this division is nearly exact; the floor and the
    // 0.5 correction below snap it to the integer it approximates.
    let mut d = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            d -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(b);
    }
    let q = if d != 0.0 {
        let f = d.floor();
        if d - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0_f64.copysign(a / b)
    };
    (q, m)
}

/// `a // b`; `ZeroDivisionError: float floor division by zero`.
pub fn floordiv(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return raise(
            BuiltinType::ZeroDivisionError,
            "float floor division by zero",
        );
    }
    Ok(divmod_nonzero(a, b).0)
}

/// `a % b`; `ZeroDivisionError: float modulo`.
pub fn modulo(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return raise(BuiltinType::ZeroDivisionError, "float modulo");
    }
    Ok(rem_nonzero(a, b))
}

/// `divmod(a, b)`; `ZeroDivisionError: float divmod()`.
pub fn divmod(a: f64, b: f64) -> PyResult<(f64, f64)> {
    if b == 0.0 {
        return raise(BuiltinType::ZeroDivisionError, "float divmod()");
    }
    Ok(divmod_nonzero(a, b))
}

/// Whether `x` is an odd integer (`DOUBLE_IS_ODD_INTEGER`).
fn is_odd_integer(x: f64) -> bool {
    // Finite integers beyond 2**53 are all even.
    x.is_finite() && x.abs() < 9_007_199_254_740_992.0 && x.fract() == 0.0 && (x as i64) & 1 == 1
}

/// `OverflowError: (34, 'Numerical result out of range')`: CPython raises it from `errno`
/// (`ERANGE`), so its args are the pair, and `str()` shows the tuple.
fn range_error() -> PyErr {
    PyErr::with_args(
        BuiltinType::OverflowError.class(),
        vec![Value::Int(34), Value::str("Numerical result out of range")],
    )
}

/// `a ** b` (CPython's `float_pow`).
pub fn pow(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Ok(1.0);
    }
    if a.is_nan() {
        return Ok(a);
    }
    if b.is_nan() {
        return Ok(if a == 1.0 { 1.0 } else { b });
    }
    if b.is_infinite() {
        let magnitude = a.abs();
        return Ok(if magnitude == 1.0 {
            1.0
        } else if (b > 0.0) == (magnitude > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if a.is_infinite() {
        let odd = is_odd_integer(b);
        return Ok(match (b > 0.0, odd) {
            (true, true) => a,
            (true, false) => a.abs(),
            (false, true) => 0.0_f64.copysign(a),
            (false, false) => 0.0,
        });
    }
    if a == 0.0 {
        if b < 0.0 {
            return raise(
                BuiltinType::ZeroDivisionError,
                "0.0 cannot be raised to a negative power",
            );
        }
        return Ok(if is_odd_integer(b) { a } else { 0.0 });
    }
    let mut base = a;
    let mut negate = false;
    if a < 0.0 {
        if b != b.floor() {
            // CPython computes a complex power, whose modulus is |a| ** b; when that overflows it
            // raises this OverflowError instead of returning.
            if (-a).powf(b).is_infinite() {
                return raise(BuiltinType::OverflowError, "complex exponentiation");
            }
            return raise(
                BuiltinType::NotImplementedError,
                "complex results are not supported yet",
            );
        }
        base = -a;
        negate = is_odd_integer(b);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    // Both finite and non-zero here: an infinite result is an overflow (C's ERANGE); a zero one
    // is an underflow, which CPython accepts silently.
    let r = base.powf(b);
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(if negate { -r } else { r })
}

/// Compares a float with an int exactly (CPython's `float_richcompare`): `None` when `x` is NaN.
/// No precision is lost: `2.0**53 < 2**53 + 1`, and every int is below `inf`.
pub fn compare_int(x: f64, i: Int<'_>) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    const EXACT: u64 = 1 << 53;
    if let Int::Small(n) = i {
        if n.unsigned_abs() <= EXACT {
            // The int converts exactly.
            return x.partial_cmp(&(n as f64));
        }
        // floor(x) fits in i128 whenever |x| < 2**126, and the comparison is then exact.
        if x.abs() < 1e37 {
            let floor = x.floor();
            return Some(match (floor as i128).cmp(&i128::from(n)) {
                Ordering::Equal if floor == x => Ordering::Equal,
                Ordering::Equal => Ordering::Greater,
                other => other,
            });
        }
    }
    let floor = x.floor();
    let floor_int = int::to_float::f64_integral_to_bigint(floor);
    Some(match floor_int.cmp(&i.big()) {
        Ordering::Equal if floor == x => Ordering::Equal,
        Ordering::Equal => Ordering::Greater,
        other => other,
    })
}

/// `x.is_integer()`.
pub fn is_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0
}

/// `x.as_integer_ratio()`: the exact value as a reduced fraction with a positive denominator;
/// `OverflowError: cannot convert Infinity to integer ratio`, `ValueError: cannot convert NaN to
/// integer ratio`.
pub fn as_integer_ratio(x: f64) -> PyResult<(Value, Value)> {
    if x.is_infinite() {
        return raise(
            BuiltinType::OverflowError,
            "cannot convert Infinity to integer ratio",
        );
    }
    if x.is_nan() {
        return raise(
            BuiltinType::ValueError,
            "cannot convert NaN to integer ratio",
        );
    }
    let (negative, mut m, mut e) = int::to_float::decompose(x);
    if m == 0 {
        return Ok((Value::Int(0), Value::Int(1)));
    }
    // The denominator is a power of two: cancel the factors of two the numerator shares.
    let shared = i64::from(m.trailing_zeros()).min((-e).max(0));
    m >>= shared;
    e += shared;
    let mut numerator = BigInt::from(m);
    if negative {
        numerator = -numerator;
    }
    if e >= 0 {
        Ok((Value::from_bigint(numerator << e as u64), Value::Int(1)))
    } else {
        let denominator = BigInt::from(1u8) << (-e) as u64;
        Ok((
            Value::from_bigint(numerator),
            Value::from_bigint(denominator),
        ))
    }
}

/// `x.hex()`: `0x1.8000000000000p+0`, `-0x0.0p+0`, `0x0.0000000000001p-1022`, `inf`, `nan`.
pub fn hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (lead, exp) = if exp_field == 0 {
        (0, -1022)
    } else {
        (1, exp_field - 1023)
    };
    format!("{sign}0x{lead}.{fraction:013x}p{exp:+}")
}

/// `float(i)` for an int operand of a float operation; `OverflowError: int too large to convert
/// to float`.
#[inline]
pub fn from_int(i: Int<'_>) -> PyResult<f64> {
    int::to_f64(i)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod differential_tests;

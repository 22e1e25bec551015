//! `int` to text: `str`/`repr` (decimal), `hex`, `oct`, `bin`, and the CPython 3.11 limit on
//! decimal conversions (`sys.set_int_max_str_digits`, CVE-2020-10735).
//!
//! The limit (default 4300 digits, 0 meaning none) applies to conversions in bases that are not
//! powers of two, both ways: `str(10**4300)` raises `ValueError: Exceeds the limit (4300 digits)
//! for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`, and
//! parsing ([`super::parse`]) reports the digit count as well. The sign never counts as a digit.
//! The limit is per thread (one interpreter per thread).

use std::cell::Cell;

use num_traits::Signed;

use super::Int;
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};

/// CPython's default for `sys.get_int_max_str_digits()`.
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;
/// The smallest non-zero limit `sys.set_int_max_str_digits` accepts.
pub const MAX_STR_DIGITS_THRESHOLD: usize = 640;

thread_local! {
    static MAX_STR_DIGITS: Cell<usize> = const { Cell::new(DEFAULT_MAX_STR_DIGITS) };
}

/// `sys.get_int_max_str_digits()`: the current limit, 0 for none.
pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS.with(Cell::get)
}

/// `sys.set_int_max_str_digits(n)`; `ValueError: maxdigits must be 0 or larger than 640` (CPython
/// accepts exactly 640 despite the wording).
pub fn set_max_str_digits(n: Int<'_>) -> PyResult<()> {
    match n.to_i64() {
        Some(v) if v == 0 || v >= MAX_STR_DIGITS_THRESHOLD as i64 => {
            MAX_STR_DIGITS.with(|c| c.set(v as usize));
            Ok(())
        }
        // A limit beyond i64 is as good as none, and no int can reach it.
        None if !n.is_negative() => {
            MAX_STR_DIGITS.with(|c| c.set(usize::MAX));
            Ok(())
        }
        _ => raise(
            BuiltinType::ValueError,
            "maxdigits must be 0 or larger than 640",
        ),
    }
}

/// The `ValueError` raised when a decimal conversion to text exceeds the limit.
fn to_str_limit_error<T>(limit: usize) -> PyResult<T> {
    raise(
        BuiltinType::ValueError,
        format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        ),
    )
}

/// `str(a)` / `repr(a)`: decimal, with a leading `-` for negatives; subject to the digit limit.
pub fn to_str(a: Int<'_>) -> PyResult<String> {
    let b = match a {
        Int::Small(i) => return Ok(i.to_string()),
        Int::Big(b) => b,
    };
    let limit = max_str_digits();
    if limit != 0 {
        // A number of `bits` bits has at least floor((bits - 1) * log10(2)) + 1 digits: reject
        // hopeless cases before the (super-linear) conversion.
        let min_digits = (b.bits().saturating_sub(1) as f64 * std::f64::consts::LOG10_2) as u64 + 1;
        if min_digits > limit as u64 + 1 {
            return to_str_limit_error(limit);
        }
    }
    let text = b.to_string();
    let digits = text.len() - usize::from(b.is_negative());
    if limit != 0 && digits > limit {
        return to_str_limit_error(limit);
    }
    Ok(text)
}

/// `a` in `radix` (2..=36), lowercase digits, a `-` for negatives and no prefix; no digit limit
/// (callers use this for power-of-two bases, which CPython never limits).
pub fn to_str_radix(a: Int<'_>, radix: u32) -> String {
    match a {
        Int::Small(i) if radix == 16 => signed(i, |m| format!("{m:x}")),
        Int::Small(i) if radix == 8 => signed(i, |m| format!("{m:o}")),
        Int::Small(i) if radix == 2 => signed(i, |m| format!("{m:b}")),
        _ => a.big().to_str_radix(radix),
    }
}

fn signed(i: i64, digits: impl Fn(u64) -> String) -> String {
    let body = digits(i.unsigned_abs());
    if i < 0 { format!("-{body}") } else { body }
}

fn prefixed(a: Int<'_>, prefix: &str, radix: u32) -> String {
    let body = to_str_radix(a, radix);
    match body.strip_prefix('-') {
        Some(magnitude) => format!("-{prefix}{magnitude}"),
        None => format!("{prefix}{body}"),
    }
}

/// `hex(a)`: `0xff`, `-0xff`.
pub fn to_hex(a: Int<'_>) -> String {
    prefixed(a, "0x", 16)
}

/// `oct(a)`: `0o17`, `-0o10`.
pub fn to_oct(a: Int<'_>) -> String {
    prefixed(a, "0o", 8)
}

/// `bin(a)`: `0b101`, `-0b101`.
pub fn to_bin(a: Int<'_>) -> String {
    prefixed(a, "0b", 2)
}

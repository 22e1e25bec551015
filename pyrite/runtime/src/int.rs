//! Python `int` semantics, exact to CPython 3.11: arithmetic, division, powers, shifts, bitwise
//! operations, comparison, conversion to and from `float` and `str`.
//!
//! Operations take [`Int`], a borrowed view of an integer `Value` (`Int`, `BigInt` or `Bool`), and
//! return a normalized `Value` (see [`Value::from_bigint`]): every operation first tries an `i64`
//! fast path with checked arithmetic and falls back to `num-bigint` on overflow, so results that
//! fit in 64 bits are always `Value::Int` whatever path computed them.
//!
//! Errors are CPython's, class and message: `ZeroDivisionError: integer division or modulo by
//! zero` (`//`, `divmod`), `integer modulo by zero` (`%`), `ValueError: negative shift count`, ...
//!
//! Memory is bounded: an operation whose result would need more than [`MAX_RESULT_BITS`] bits
//! (`2 ** (2 ** 62)`, `1 << 2 ** 40`) raises `MemoryError` at once instead of trying to allocate.
//! CPython would start computing and eventually raise `MemoryError` too (or, for results between
//! our bound and the machine's memory, succeed after a long time): this is the one documented
//! divergence.
//!
//! `#[inline]` marks the small-int fast paths (`add`, `sub`, `mul`, `compare`, `Int::from_value`):
//! every tier calls them from its hottest loop, across the crate boundary, and inlining lets the
//! `i64` case compile to the operation and one overflow check, with the big-integer path out of
//! line.
//!
//! Submodules, one concern each:
//! - [`arith`]: `+ - * // % divmod`, negation, `abs`, comparison, `round(int, n)`;
//! - [`bits`]: `<< >> & | ^ ~`, `bit_length`;
//! - [`pow`](mod@pow): `**` and three-argument `pow`;
//! - [`to_float`]: correctly rounded `int -> float`, true division `/`, `int(float)`;
//! - [`parse`]: `int(str, base)`;
//! - [`format`](mod@format): `str`/`repr`, `hex`/`oct`/`bin`, and the
//!   `sys.set_int_max_str_digits` limit.

use std::borrow::Cow;
use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use crate::builtin_type::BuiltinType;
use crate::error::PyErr;
use crate::value::Value;

pub mod arith;
pub mod bits;
pub mod format;
pub mod parse;
pub mod pow;
pub mod to_float;

pub use arith::{abs, add, compare, divmod, floordiv, modulo, mul, neg, pos, round, sub};
pub use bits::{and, bit_length, invert, lshift, or, rshift, xor};
pub use format::{
    max_str_digits, set_max_str_digits, to_bin, to_hex, to_oct, to_str, to_str_radix,
};
pub use parse::from_str;
pub use pow::{pow, pow_mod};
pub use to_float::{from_f64, to_f64, true_divide};

/// The largest result, in bits, an operation may produce (512 MiB of digits). Larger results
/// raise `MemoryError` before any allocation; see the module documentation.
pub const MAX_RESULT_BITS: u64 = 1 << 32;

/// A borrowed view of a Python `int` (or `bool`, which is an `int`).
///
/// Invariant (inherited from `Value`): `Big` never holds a value that fits in an `i64`. Functions
/// here do not rely on it for correctness, only for speed.
#[derive(Clone, Copy, Debug)]
pub enum Int<'a> {
    /// A value that fits in 64 bits (including `bool`s).
    Small(i64),
    /// A value that does not.
    Big(&'a BigInt),
}

impl<'a> Int<'a> {
    /// The integer view of `v`, or `None` when `v` is not an `int` or `bool`.
    #[inline]
    pub fn from_value(v: &'a Value) -> Option<Int<'a>> {
        match v {
            Value::Int(i) => Some(Int::Small(*i)),
            Value::Bool(b) => Some(Int::Small(i64::from(*b))),
            Value::BigInt(b) => Some(Int::Big(b)),
            _ => None,
        }
    }

    /// The value as a big integer (borrowed when it already is one).
    pub fn big(self) -> Cow<'a, BigInt> {
        match self {
            Int::Small(i) => Cow::Owned(BigInt::from(i)),
            Int::Big(b) => Cow::Borrowed(b),
        }
    }

    /// The value as an owned `Value` (normalized).
    pub fn to_value(self) -> Value {
        match self {
            Int::Small(i) => Value::Int(i),
            Int::Big(b) => Value::from_bigint(b.clone()),
        }
    }

    /// The value as an `i64`, when it fits.
    #[inline]
    pub fn to_i64(self) -> Option<i64> {
        match self {
            Int::Small(i) => Some(i),
            Int::Big(b) => b.to_i64(),
        }
    }

    /// The value clamped into `i64` (as CPython's `PyNumber_AsSsize_t(x, NULL)` clamps to
    /// `Py_ssize_t`, e.g. for `round(x, ndigits)`).
    pub fn to_i64_saturating(self) -> i64 {
        match self.to_i64() {
            Some(i) => i,
            None if self.is_negative() => i64::MIN,
            None => i64::MAX,
        }
    }

    /// Whether the value is zero.
    #[inline]
    pub fn is_zero(self) -> bool {
        match self {
            Int::Small(i) => i == 0,
            Int::Big(b) => b.is_zero(),
        }
    }

    /// Whether the value is negative.
    #[inline]
    pub fn is_negative(self) -> bool {
        match self {
            Int::Small(i) => i < 0,
            Int::Big(b) => b.sign() == Sign::Minus,
        }
    }

    /// Whether the value is odd.
    pub fn is_odd(self) -> bool {
        match self {
            Int::Small(i) => i & 1 == 1,
            Int::Big(b) => b.bit(0),
        }
    }

    /// The number of bits of `|self|` (`int.bit_length`).
    pub fn bits(self) -> u64 {
        match self {
            Int::Small(i) => u64::from(64 - i.unsigned_abs().leading_zeros()),
            Int::Big(b) => b.bits(),
        }
    }

    /// `self` compared with zero.
    pub fn signum(self) -> Ordering {
        match self {
            Int::Small(i) => i.cmp(&0),
            Int::Big(b) => match b.sign() {
                Sign::Minus => Ordering::Less,
                Sign::NoSign => Ordering::Equal,
                Sign::Plus => Ordering::Greater,
            },
        }
    }

    /// `|self|` as a big integer.
    pub fn magnitude(self) -> BigInt {
        match self {
            Int::Small(i) => BigInt::from(i.unsigned_abs()),
            Int::Big(b) => b.abs(),
        }
    }
}

/// `MemoryError()` (no message), raised when a result would exceed [`MAX_RESULT_BITS`].
pub(crate) fn memory_error() -> PyErr {
    PyErr::with_args(BuiltinType::MemoryError.class(), Vec::new())
}

#[cfg(test)]
mod tests;

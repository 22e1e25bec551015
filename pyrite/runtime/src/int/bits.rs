//! `int` bit operations: `<< >> & | ^ ~` and `bit_length`, on the infinite two's-complement
//! representation Python defines (`-1 & 0xff == 255`, `-5 >> 1 == -3`).
//!
//! Shift counts: a negative count raises `ValueError: negative shift count`; a right shift by any
//! count, however large, is 0 or -1; a left shift whose result would exceed
//! [`super::MAX_RESULT_BITS`] raises `MemoryError` (as CPython does for
//! `1 << 2**63`), except that `0 << n` is 0.

use super::{Int, MAX_RESULT_BITS, memory_error};
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::value::Value;

/// `a & b`.
pub fn and(a: Int<'_>, b: Int<'_>) -> Value {
    match (a, b) {
        (Int::Small(x), Int::Small(y)) => Value::Int(x & y),
        _ => Value::from_bigint(&*a.big() & &*b.big()),
    }
}

/// `a | b`.
pub fn or(a: Int<'_>, b: Int<'_>) -> Value {
    match (a, b) {
        (Int::Small(x), Int::Small(y)) => Value::Int(x | y),
        _ => Value::from_bigint(&*a.big() | &*b.big()),
    }
}

/// `a ^ b`.
pub fn xor(a: Int<'_>, b: Int<'_>) -> Value {
    match (a, b) {
        (Int::Small(x), Int::Small(y)) => Value::Int(x ^ y),
        _ => Value::from_bigint(&*a.big() ^ &*b.big()),
    }
}

/// `~a`, that is `-a - 1` (never overflows `i64` in that direction: `~i64::MIN == i64::MAX`).
pub fn invert(a: Int<'_>) -> Value {
    match a {
        Int::Small(x) => Value::Int(!x),
        Int::Big(b) => Value::from_bigint(-b - 1u8),
    }
}

/// `a.bit_length()`: the number of bits of `|a|`, 0 for 0.
pub fn bit_length(a: Int<'_>) -> Value {
    Value::Int(a.bits() as i64)
}

/// The shift count as a `u64`, or `ValueError: negative shift count`; `None` when it exceeds
/// `u64` (such shifts are handled without the count).
fn shift_count(b: Int<'_>) -> PyResult<Option<u64>> {
    if b.is_negative() {
        return raise(BuiltinType::ValueError, "negative shift count");
    }
    Ok(match b {
        Int::Small(n) => Some(n as u64),
        Int::Big(n) => u64::try_from(n).ok(),
    })
}

/// `a << b`.
pub fn lshift(a: Int<'_>, b: Int<'_>) -> PyResult<Value> {
    let count = shift_count(b)?;
    if a.is_zero() {
        return Ok(Value::Int(0));
    }
    let count = match count {
        Some(c) if c.saturating_add(a.bits()) <= MAX_RESULT_BITS => c,
        _ => return Err(memory_error()),
    };
    if let Int::Small(x) = a
        && count < 64
    {
        let shifted = x << count;
        if shifted >> count == x {
            return Ok(Value::Int(shifted));
        }
    }
    // `count <= MAX_RESULT_BITS` fits in `usize` on 64-bit targets; the shift allocates at most
    // `MAX_RESULT_BITS` bits.
    Ok(Value::from_bigint(&*a.big() << count))
}

/// `a >> b` (rounds toward negative infinity).
pub fn rshift(a: Int<'_>, b: Int<'_>) -> PyResult<Value> {
    let count = shift_count(b)?;
    let floor_of_tiny = Value::Int(if a.is_negative() { -1 } else { 0 });
    let count = match count {
        Some(c) if c < a.bits().max(64) => c,
        _ => return Ok(floor_of_tiny),
    };
    Ok(match a {
        // `count < 64` here, since a small `a` has at most 64 bits.
        Int::Small(x) => Value::Int(x >> count),
        Int::Big(x) => Value::from_bigint(x >> count),
    })
}

//! `float.fromhex(s)`: CPython's `float_fromhex`, correctly rounded (half to even), subnormals
//! included.
//!
//! Grammar (surrounding whitespace allowed): `[sign] ('inf' | 'infinity' | 'nan' | ['0x']
//! hexdigits ['.' hexdigits] ['p' [sign] decimal])`, case-insensitive, at least one hex digit.
//! The value `M * 2**E` (all digits as one integer `M`) is rounded once, to the precision the
//! result's binade allows (53 bits, fewer for subnormals), so there is no double rounding.

use num_bigint::BigInt;
use num_traits::{One, Zero};

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};

fn invalid<T>() -> PyResult<T> {
    raise(
        BuiltinType::ValueError,
        "invalid hexadecimal floating-point string",
    )
}

fn too_large<T>() -> PyResult<T> {
    raise(
        BuiltinType::OverflowError,
        "hexadecimal value too large to represent as a float",
    )
}

/// `float.fromhex(text)`.
pub fn fromhex(text: &str) -> PyResult<f64> {
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(f64::NAN.copysign(sign)),
        _ => {}
    }
    let t = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mantissa, exponent) = match t.find('p') {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return invalid();
    }
    let mut m = BigInt::zero();
    for c in int_part.chars().chain(frac_part.chars()) {
        let Some(d) = c.to_digit(16) else {
            return invalid();
        };
        m = (m << 4u8) + d;
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return invalid();
            }
            // Saturate: any exponent past these bounds is overflow or zero alike.
            e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                -(1 << 40)
            } else {
                1 << 40
            })
        }
    };
    let frac_bits = i64::try_from(frac_part.len()).unwrap_or(i64::MAX / 8) * 4;
    let e = exp.saturating_sub(frac_bits);
    Ok(sign * scale(m, e)?)
}

/// `m * 2**e` correctly rounded; `OverflowError` past the largest float.
fn scale(m: BigInt, e: i64) -> PyResult<f64> {
    if m.is_zero() {
        return Ok(0.0);
    }
    let bits = i64::try_from(m.bits()).unwrap_or(i64::MAX);
    let top = bits.saturating_add(e).saturating_sub(1);
    if top > 1023 {
        return too_large();
    }
    // Bits of precision available in the result's binade.
    let precision = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    let shift = bits - precision;
    let (q, q_exp) = if shift > 0 {
        let shift_u = u64::try_from(shift).unwrap_or(u64::MAX);
        let q: BigInt = &m >> shift_u;
        let rem: BigInt = &m - (&q << shift_u);
        let half: BigInt = BigInt::one() << (shift_u - 1);
        let round_up = rem > half || (rem == half && q.bit(0));
        (if round_up { q + 1u8 } else { q }, e + shift)
    } else {
        (m, e)
    };
    // `q` has at most 54 bits: exact as an `f64`.
    let q = u64::try_from(&q).unwrap_or(u64::MAX) as f64;
    let r = crate::int::to_float::ldexp(q, q_exp);
    if r.is_infinite() {
        return too_large();
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fromhex_matches_cpython() {
        assert_eq!(fromhex(" -0x1.8p-1 ").ok(), Some(-0.75));
        assert_eq!(fromhex("1.8").ok(), Some(1.5));
        assert_eq!(fromhex("0x.8").ok(), Some(0.5));
        assert_eq!(fromhex("0x1p-1075").ok(), Some(0.0));
        assert_eq!(fromhex("0x1.000001p-1074").ok(), Some(5e-324));
        assert_eq!(fromhex("0x1.fffffffffffffp1023").ok(), Some(f64::MAX));
        assert!(fromhex("0x1.fffffffffffff8p1023").is_err());
        assert!(fromhex("0x1p2000").is_err());
        assert!(fromhex("x").is_err());
        assert!(fromhex("0x").is_err());
        assert_eq!(fromhex("inf").ok(), Some(f64::INFINITY));
        assert_eq!(fromhex(&crate::float::hex(0.1)).ok(), Some(0.1));
    }
}

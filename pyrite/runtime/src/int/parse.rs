//! `int(text, base)`: CPython 3.11's `PyLong_FromUnicodeObject` / `PyLong_FromString`.
//!
//! The text is first made ASCII as CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII` does:
//! non-ASCII whitespace becomes a space, every Unicode decimal digit (category Nd, `'٣'`, `'𝟙'`)
//! its ASCII digit, any other non-ASCII character a byte no rule accepts. Then, on ASCII:
//! whitespace (` \t\n\v\f\r` only, so `'\x1c'` is not), an optional sign, for base 0 a prefix
//! `0x`/`0o`/`0b` choosing the base (else base 10, where a leading `0` allows only zeros: `'007'`
//! is invalid), for bases 16/8/2 the same prefix optionally; after a prefix one `_` may follow;
//! then digits with single underscores between them, then whitespace.
//!
//! Errors: `ValueError: int() base must be >= 2 and <= 36, or 0`; `ValueError: invalid literal for
//! int() with base 10: 'abc'` (the repr cut to 200 characters, as CPython's `%.200R`); and for
//! bases that are not powers of two, more digits than `sys.get_int_max_str_digits()` raise
//! `ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000
//! digits; use sys.set_int_max_str_digits() to increase the limit` (underscores and sign not
//! counted; checked before trailing garbage is noticed, as CPython does).

use num_bigint::{BigInt, BigUint, Sign};
use unicode_general_category::{GeneralCategory, get_general_category};

use super::format::max_str_digits;
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::str_repr::str_repr;
use crate::value::Value;

/// A byte that is neither a digit, a sign, a letter nor whitespace: stands for any non-ASCII
/// character that is not a decimal digit or whitespace.
const FOREIGN: u8 = 0xff;

/// The decimal value of a Unicode decimal digit (category Nd), or `None`.
///
/// Unicode encodes every Nd digit in a contiguous run of ten, 0 to 9, and runs that touch each
/// other are whole runs: so the value is the distance from the start of the contiguous Nd block,
/// modulo ten.
pub(crate) fn decimal_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    if c.is_ascii() || get_general_category(c) != GeneralCategory::DecimalNumber {
        return None;
    }
    let mut offset = 0u32;
    let mut code = c as u32;
    while let Some(prev) = code.checked_sub(1).and_then(char::from_u32) {
        if get_general_category(prev) != GeneralCategory::DecimalNumber {
            break;
        }
        offset += 1;
        code -= 1;
    }
    Some((offset % 10) as u8)
}

/// The text as ASCII bytes for number parsing (see the module documentation).
pub(crate) fn ascii_number_text(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c as u8
            } else if c.is_whitespace() {
                b' '
            } else if let Some(d) = decimal_value(c) {
                b'0' + d
            } else {
                FOREIGN
            }
        })
        .collect()
}

/// `Py_ISSPACE`: the ASCII whitespace number parsing skips.
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Why the ASCII text is not a number.
enum ParseError {
    /// Not an int literal in that base.
    Invalid,
    /// More digits than the limit allows (the count).
    TooManyDigits(usize),
}

/// `int(s, base)`.
pub fn from_str(s: &str, base: i64) -> PyResult<Value> {
    if base != 0 && !(2..=36).contains(&base) {
        return raise(
            BuiltinType::ValueError,
            "int() base must be >= 2 and <= 36, or 0",
        );
    }
    match parse_ascii(&ascii_number_text(s), base as u32) {
        Ok(v) => Ok(v),
        Err(ParseError::Invalid) => {
            let shown: String = str_repr(s).chars().take(200).collect();
            raise(
                BuiltinType::ValueError,
                format!("invalid literal for int() with base {base}: {shown}"),
            )
        }
        Err(ParseError::TooManyDigits(digits)) => raise(
            BuiltinType::ValueError,
            format!(
                "Exceeds the limit ({} digits) for integer string conversion: value has {digits} \
                 digits; use sys.set_int_max_str_digits() to increase the limit",
                max_str_digits()
            ),
        ),
    }
}

/// The value of an ASCII digit in bases up to 36, or 99.
fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => 99,
    }
}

fn parse_ascii(text: &[u8], mut base: u32) -> Result<Value, ParseError> {
    let mut i = 0;
    while i < text.len() && is_ascii_space(text[i]) {
        i += 1;
    }
    let negative = match text.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let at = |k: usize| text.get(k).copied().unwrap_or(0).to_ascii_lowercase();
    let mut zeros_only = false;
    if base == 0 {
        base = match (at(i), at(i + 1)) {
            (b'0', b'x') => 16,
            (b'0', b'o') => 8,
            (b'0', b'b') => 2,
            (b'0', _) => {
                // Old C-style octal ("010") is invalid; only a zero may start with 0.
                zeros_only = true;
                10
            }
            _ => 10,
        };
    }
    let prefix = match base {
        16 => b'x',
        8 => b'o',
        2 => b'b',
        _ => 0,
    };
    if prefix != 0 && at(i) == b'0' && at(i + 1) == prefix {
        i += 2;
        if at(i) == b'_' {
            i += 1;
        }
    }
    if at(i) == b'_' {
        return Err(ParseError::Invalid);
    }
    // Digits, single underscores between them.
    let mut values: Vec<u8> = Vec::new();
    let mut prev_underscore = false;
    while let Some(&b) = text.get(i) {
        if b == b'_' {
            if prev_underscore {
                return Err(ParseError::Invalid);
            }
            prev_underscore = true;
        } else {
            let v = digit_value(b);
            if v >= base {
                break;
            }
            values.push(v as u8);
            prev_underscore = false;
        }
        i += 1;
    }
    if prev_underscore {
        return Err(ParseError::Invalid);
    }
    let limit = max_str_digits();
    if !base.is_power_of_two() && limit != 0 && values.len() > limit {
        return Err(ParseError::TooManyDigits(values.len()));
    }
    if values.is_empty() {
        return Err(ParseError::Invalid);
    }
    while i < text.len() && is_ascii_space(text[i]) {
        i += 1;
    }
    if i != text.len() {
        return Err(ParseError::Invalid);
    }
    if zeros_only && values.iter().any(|&d| d != 0) {
        return Err(ParseError::Invalid);
    }
    Ok(digits_to_value(&values, base, negative))
}

/// The int whose digits (most significant first, each `< base`) are `values`.
fn digits_to_value(values: &[u8], base: u32, negative: bool) -> Value {
    let mut acc: u64 = 0;
    let mut fits = true;
    for &d in values {
        match acc
            .checked_mul(u64::from(base))
            .and_then(|a| a.checked_add(u64::from(d)))
        {
            Some(a) => acc = a,
            None => {
                fits = false;
                break;
            }
        }
    }
    if fits && acc <= i64::MAX as u64 {
        let v = acc as i64;
        return Value::Int(if negative { -v } else { v });
    }
    let magnitude = BigUint::from_radix_be(values, base).unwrap_or_default();
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    Value::from_bigint(BigInt::from_biguint(sign, magnitude))
}

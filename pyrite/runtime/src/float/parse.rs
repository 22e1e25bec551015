//! `float(text)`: CPython 3.11's `PyFloat_FromString`.
//!
//! Steps, each as CPython: the text is made ASCII like `int()`'s (Unicode digits and whitespace
//! mapped, see [`crate::int::parse`]); an underscore is allowed only between two digits
//! (`1_000.000_1`, not `1_.5`, `_1`, `1__0`, `1e_5`) and is then dropped; ASCII whitespace around
//! the number is skipped; what remains must be, entirely, an optional sign followed by `inf`,
//! `infinity` or `nan` in any case, or a decimal literal (`5.`, `.5`, `1e5`; no hexadecimal).
//! The value is the correctly rounded double (Rust's parser rounds correctly, as `_Py_dg_strtod`
//! does); overflow gives `inf` and underflow `0.0`, never an error.
//!
//! Error: `ValueError: could not convert string to float: 'x'` with the full repr of the text.

use super::super::int::parse::{ascii_number_text, is_ascii_space};
use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::str_repr::str_repr;

/// `float(s)`.
pub fn from_str(s: &str) -> PyResult<f64> {
    match parse_ascii(&ascii_number_text(s)) {
        Some(x) => Ok(x),
        None => raise(
            BuiltinType::ValueError,
            format!("could not convert string to float: {}", str_repr(s)),
        ),
    }
}

/// Drops underscores that sit between two digits; `None` if any other underscore is present.
fn without_underscores(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for (k, &b) in text.iter().enumerate() {
        if b == b'_' {
            let before = k.checked_sub(1).map(|p| text[p]);
            let after = text.get(k + 1).copied();
            if !(before.is_some_and(|c| c.is_ascii_digit())
                && after.is_some_and(|c| c.is_ascii_digit()))
            {
                return None;
            }
        } else {
            out.push(b);
        }
    }
    Some(out)
}

fn parse_ascii(text: &[u8]) -> Option<f64> {
    let cleaned;
    let mut text = text;
    if text.contains(&b'_') {
        cleaned = without_underscores(text)?;
        text = &cleaned;
    }
    let start = text.iter().position(|&b| !is_ascii_space(b))?;
    let end = text.iter().rposition(|&b| !is_ascii_space(b))? + 1;
    let body = &text[start..end];
    let (negative, unsigned) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let magnitude =
        if unsigned.eq_ignore_ascii_case(b"inf") || unsigned.eq_ignore_ascii_case(b"infinity") {
            f64::INFINITY
        } else if unsigned.eq_ignore_ascii_case(b"nan") {
            f64::NAN
        } else if is_decimal_literal(unsigned) {
            // Only ASCII digits, '.', 'e', 'E', signs remain, and the grammar is checked: Rust's
            // parser accepts exactly this and rounds correctly, huge exponents included.
            std::str::from_utf8(unsigned).ok()?.parse::<f64>().ok()?
        } else {
            return None;
        };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits [. digits] [e|E [sign] digits]` with at least one mantissa digit, or `. digits`.
fn is_decimal_literal(text: &[u8]) -> bool {
    let mut i = 0;
    let digits_from = |mut k: usize| {
        while k < text.len() && text[k].is_ascii_digit() {
            k += 1;
        }
        k
    };
    let int_end = digits_from(i);
    let mut mantissa_digits = int_end - i;
    i = int_end;
    if text.get(i) == Some(&b'.') {
        let frac_end = digits_from(i + 1);
        mantissa_digits += frac_end - (i + 1);
        i = frac_end;
    }
    if mantissa_digits == 0 {
        return false;
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_end = digits_from(i);
        if exp_end == i {
            return false;
        }
        i = exp_end;
    }
    i == text.len()
}

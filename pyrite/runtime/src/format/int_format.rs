//! `int.__format__` (CPython's `format_long_internal`): types `b c d o x X n` format the integer
//! itself; `e E f F g G %` convert it to `float` first (`OverflowError` when it does not fit);
//! no type means `d`.
//!
//! Rules beyond the shared number layout ([`super::number`]):
//! - no precision, no `z`;
//! - `#` adds `0b`/`0o`/`0x` (`0X` for `X`) between the sign and the digits;
//! - `c` writes the character with that code point, and allows neither a sign nor `#`;
//! - `n` is `d` with the current locale's grouping, which for pyrite is always the C locale:
//!   no grouping at all;
//! - `_` groups `b o x X` by four digits, everything else by three.

use num_traits::ToPrimitive;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::int;
pub use crate::int::Int;

use super::float_format::format_float;
use super::number::{NumberLayout, NumberParts, render_number};
use super::spec::{Align, FormatSpec};
use super::unknown_code;

/// The digits of `|x|` in `base` (2, 8, 10 or 16), lowercase. Decimal conversion of big ints
/// is subject to `sys.set_int_max_str_digits` as in CPython (binary bases never are).
fn magnitude_digits(x: Int<'_>, base: u32) -> PyResult<String> {
    let text = match (x, base) {
        (Int::Small(i), 2) => format!("{:b}", i.unsigned_abs()),
        (Int::Small(i), 8) => format!("{:o}", i.unsigned_abs()),
        (Int::Small(i), 16) => format!("{:x}", i.unsigned_abs()),
        (Int::Small(i), _) => i.unsigned_abs().to_string(),
        (Int::Big(b), 10) => {
            let mut text = int::to_str(x)?;
            if b.sign() == num_bigint::Sign::Minus {
                text.remove(0);
            }
            text
        }
        (Int::Big(b), _) => b.magnitude().to_str_radix(base),
    };
    Ok(text)
}

/// `format(x, spec)` for an `int` (or `bool`; `type_name` names the type in messages).
pub fn format_int(x: Int<'_>, spec: &FormatSpec, type_name: &str) -> PyResult<String> {
    spec.check_grouping('d')?;
    let ty = spec.ty_or('d');
    match ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_integer(x, spec, ty),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float(int::to_f64(x)?, spec, "float"),
        _ => unknown_code(ty, type_name),
    }
}

/// The integer presentation types.
fn format_integer(x: Int<'_>, spec: &FormatSpec, ty: char) -> PyResult<String> {
    if spec.precision.is_some() {
        return raise(
            BuiltinType::ValueError,
            "Precision not allowed in integer format specifier",
        );
    }
    if spec.no_neg_zero {
        return raise(
            BuiltinType::ValueError,
            "Negative zero coercion (z) not allowed in integer format specifier",
        );
    }
    let (fill, align) = spec.fill_align(Align::Right);
    let (group, separator) = match (spec.grouping, ty) {
        (_, 'n') | (None, _) => (0, ','),
        (Some('_'), 'b' | 'o' | 'x' | 'X') => (4, '_'),
        (Some(sep), _) => (3, sep),
    };
    let layout = NumberLayout {
        fill,
        align,
        sign: spec.sign,
        width: spec.width.unwrap_or(0),
        group,
        separator,
    };
    if ty == 'c' {
        let text = code_point(x, spec)?.to_string();
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: "",
            decimal_point: false,
            remainder: &text,
        };
        return render_number(&parts, &layout);
    }
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = magnitude_digits(x, base)?;
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: x.is_negative(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        decimal_point: false,
        remainder: "",
    };
    render_number(&parts, &layout)
}

/// The character for type `c`, with CPython's checks.
fn code_point(x: Int<'_>, spec: &FormatSpec) -> PyResult<char> {
    if spec.sign.is_some() {
        return raise(
            BuiltinType::ValueError,
            "Sign not allowed with integer format specifier 'c'",
        );
    }
    if spec.alternate {
        return raise(
            BuiltinType::ValueError,
            "Alternate form (#) not allowed with integer format specifier 'c'",
        );
    }
    let code = match x {
        Int::Small(i) => i,
        Int::Big(b) => match b.to_i64() {
            Some(i) => i,
            None => {
                return raise(
                    BuiltinType::OverflowError,
                    "Python int too large to convert to C long",
                );
            }
        },
    };
    char_from_code(code)
}

/// The character with code point `code`, or CPython's `OverflowError`. Lone surrogates are
/// valid Python characters but not Rust ones; pyrite's `str` cannot hold them.
pub(crate) fn char_from_code(code: i64) -> PyResult<char> {
    if !(0..=0x10ffff).contains(&code) {
        return raise(BuiltinType::OverflowError, "%c arg not in range(0x110000)");
    }
    match char::from_u32(code as u32) {
        Some(c) => Ok(c),
        None => raise(
            BuiltinType::NotImplementedError,
            format!("lone surrogate \\u{code:04x} is not supported in pyrite strings"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_spec;
    use super::*;

    fn f(x: i64, spec: &str) -> String {
        let parsed = parse_spec(spec, "int").unwrap();
        format_int(Int::Small(x), &parsed, "int").unwrap()
    }

    fn err(x: i64, spec: &str) -> String {
        let e = parse_spec(spec, "int")
            .and_then(|parsed| format_int(Int::Small(x), &parsed, "int"))
            .unwrap_err();
        format!("{}: {:?}", e.class().name, e.0.args.borrow()[0])
    }

    #[test]
    fn presentation_types() {
        assert_eq!(f(255, "b"), "11111111");
        assert_eq!(f(255, "#o"), "0o377");
        assert_eq!(f(-255, "#x"), "-0xff");
        assert_eq!(f(255, "#X"), "0XFF");
        assert_eq!(f(65, "c"), "A");
        assert_eq!(f(12345, "n"), "12345");
        assert_eq!(f(i64::MIN, "x"), "-8000000000000000");
        assert_eq!(f(3, "e"), "3.000000e+00");
        assert_eq!(f(1, "%"), "100.000000%");
    }

    #[test]
    fn padding_and_grouping() {
        assert_eq!(f(1234, "010,"), "00,001,234");
        assert_eq!(f(1234, "09,"), "0,001,234");
        assert_eq!(f(1234, "08,"), "0,001,234");
        assert_eq!(f(-255, "0=#20_b"), "-0b00_0000_1111_1111");
        assert_eq!(f(1, "0^9"), "000010000");
        assert_eq!(f(-1, "0^9"), "000-10000");
        assert_eq!(f(5, "=^5"), "==5==");
        assert_eq!(f(1, "=+5"), "+   1");
        assert_eq!(f(65, "0=5c"), "0000A");
        assert_eq!(f(1234567, "_"), "1_234_567");
        assert_eq!(f(0xdeadbeef, "_x"), "dead_beef");
    }

    #[test]
    fn errors() {
        assert_eq!(
            err(1, ".2"),
            "ValueError: \"Precision not allowed in integer format specifier\""
        );
        assert_eq!(
            err(1, "s"),
            "ValueError: \"Unknown format code 's' for object of type 'int'\""
        );
        assert_eq!(
            err(1, "\u{e9}"),
            "ValueError: \"Unknown format code '\\\\xe9' for object of type 'int'\""
        );
        assert_eq!(
            err(1, "+c"),
            "ValueError: \"Sign not allowed with integer format specifier 'c'\""
        );
        assert_eq!(
            err(-1, "c"),
            "OverflowError: \"%c arg not in range(0x110000)\""
        );
        assert_eq!(err(1, ",c"), "ValueError: \"Cannot specify ',' with 'c'.\"");
        assert_eq!(err(1, "999999999999999999"), "MemoryError: \"\"");
    }
}

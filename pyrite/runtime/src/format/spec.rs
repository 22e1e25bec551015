//! The format-spec mini-language, parsed as CPython 3.11's `parse_internal_render_format_spec`
//! (`Python/formatter_unicode.c`) reads it:
//!
//! ```text
//! [[fill]align][sign][z][#][0][width][grouping][.precision][type]
//! ```
//!
//! - `fill` is any character, but only when followed by an alignment (`<` `>` `=` `^`).
//! - `0` (only when no fill was given) means "fill with `0`", and for numbers, when no
//!   alignment was given either, "align `=`" (padding between sign and digits). Strings keep
//!   their default left alignment (`format('ab', '05')` is `'ab000'`).
//! - `width` and `precision` accept any Unicode decimal digits, like CPython; more than fits in
//!   a `Py_ssize_t` is `Too many decimal digits in format string`.
//! - Whatever is left after the precision must be at most one character, the type; more is
//!   `Invalid format specifier '<spec>' for object of type '<type>'`.
//!
//! The parse does not depend on the type of the formatted object except for the default type
//! used in the grouping check ([`FormatSpec::check_grouping`]), and for the default alignment
//! and fill, which [`FormatSpec::fill_align`] resolves.

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};

use super::{char_for_message, decimal_value};

/// An alignment character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`
    Center,
    /// `=`: padding after the sign (and `0x` prefix), before the digits.
    AfterSign,
}

impl Align {
    fn from_char(c: char) -> Option<Align> {
        Some(match c {
            '<' => Align::Left,
            '>' => Align::Right,
            '^' => Align::Center,
            '=' => Align::AfterSign,
            _ => return None,
        })
    }
}

/// A parsed format spec. `None` fields were absent from the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormatSpec {
    /// The fill character, when one was written before an alignment.
    pub fill: Option<char>,
    /// The alignment, when written.
    pub align: Option<Align>,
    /// `+`, `-` or ` `, when written.
    pub sign: Option<char>,
    /// `z`: negative zero (after rounding) is written without its sign.
    pub no_neg_zero: bool,
    /// `#`: the alternate form.
    pub alternate: bool,
    /// The `0` flag (only recognized when no fill was written).
    pub zero_pad: bool,
    /// The minimum width in characters.
    pub width: Option<usize>,
    /// `,` or `_`.
    pub grouping: Option<char>,
    /// The precision.
    pub precision: Option<usize>,
    /// The type character, exactly as written (it may be any character, even NUL).
    pub ty: Option<char>,
}

/// Parses `spec` for an object of type `type_name` (used in the error message only).
pub fn parse_spec(spec: &str, type_name: &str) -> PyResult<FormatSpec> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut out = FormatSpec::default();

    if end >= 2
        && let Some(align) = Align::from_char(chars[1])
    {
        out.fill = Some(chars[0]);
        out.align = Some(align);
        pos = 2;
    } else if let Some(align) = chars.first().copied().and_then(Align::from_char) {
        out.align = Some(align);
        pos = 1;
    }
    if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
        out.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        out.no_neg_zero = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        out.alternate = true;
        pos += 1;
    }
    if out.fill.is_none() && pos < end && chars[pos] == '0' {
        out.zero_pad = true;
        pos += 1;
    }
    let (width, consumed) = read_integer(&chars, &mut pos)?;
    if consumed > 0 {
        out.width = Some(width);
    }
    if pos < end && chars[pos] == ',' {
        out.grouping = Some(',');
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if out.grouping.is_some() {
            return raise(BuiltinType::ValueError, "Cannot specify both ',' and '_'.");
        }
        out.grouping = Some('_');
        pos += 1;
    }
    if pos < end && chars[pos] == ',' && out.grouping == Some('_') {
        return raise(BuiltinType::ValueError, "Cannot specify both ',' and '_'.");
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        let (precision, consumed) = read_integer(&chars, &mut pos)?;
        if consumed == 0 {
            return raise(
                BuiltinType::ValueError,
                "Format specifier missing precision",
            );
        }
        out.precision = Some(precision);
    }
    if end - pos > 1 {
        return raise(
            BuiltinType::ValueError,
            format!("Invalid format specifier '{spec}' for object of type '{type_name}'"),
        );
    }
    if end - pos == 1 {
        out.ty = Some(chars[pos]);
    }
    Ok(out)
}

/// Reads decimal digits at `*pos`; returns the value and how many digits were read.
fn read_integer(chars: &[char], pos: &mut usize) -> PyResult<(usize, usize)> {
    let mut value: usize = 0;
    let start = *pos;
    while let Some(digit) = chars.get(*pos).copied().and_then(decimal_value) {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit as usize))
            .filter(|&v| v <= isize::MAX as usize)
        {
            Some(v) => v,
            None => return too_many_digits(),
        };
        *pos += 1;
    }
    Ok((value, *pos - start))
}

/// CPython's error for a width, precision or field index beyond `Py_ssize_t`.
pub(crate) fn too_many_digits<T>() -> PyResult<T> {
    raise(
        BuiltinType::ValueError,
        "Too many decimal digits in format string",
    )
}

impl FormatSpec {
    /// The effective type: the written one, else `default`.
    pub fn ty_or(&self, default: char) -> char {
        self.ty.unwrap_or(default)
    }

    /// CPython's check that `,`/`_` go with the type (`default_type` when none was written):
    /// `,` with `d e f g E G % F` and none, `_` also with `b o x X` (grouping by four).
    pub fn check_grouping(&self, default_type: char) -> PyResult<()> {
        let Some(sep) = self.grouping else {
            return Ok(());
        };
        let ty = self.ty_or(default_type);
        match ty {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => Ok(()),
            'b' | 'o' | 'x' | 'X' if sep == '_' => Ok(()),
            _ => raise(
                BuiltinType::ValueError,
                format!(
                    "Cannot specify '{sep}' with '{}'.",
                    char_for_message(ty, 32, 128)
                ),
            ),
        }
    }

    /// The fill character and alignment in effect for an object whose default alignment is
    /// `default_align` (`>` for numbers, `<` for strings).
    pub fn fill_align(&self, default_align: Align) -> (char, Align) {
        let fill = self.fill.unwrap_or(if self.zero_pad { '0' } else { ' ' });
        let align = self
            .align
            .unwrap_or(if self.zero_pad && default_align == Align::Right {
                Align::AfterSign
            } else {
                default_align
            });
        (fill, align)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> FormatSpec {
        parse_spec(s, "int").unwrap()
    }

    fn message(s: &str) -> String {
        let err = parse_spec(s, "int").unwrap_err();
        format!("{:?}", err.0.args.borrow()[0])
    }

    #[test]
    fn full_spec() {
        let s = parse("*^+z#012_.3f");
        assert_eq!(s.fill, Some('*'));
        assert_eq!(s.align, Some(Align::Center));
        assert_eq!(s.sign, Some('+'));
        assert!(s.no_neg_zero && s.alternate && !s.zero_pad);
        assert_eq!(s.width, Some(12));
        assert_eq!(s.grouping, Some('_'));
        assert_eq!(s.precision, Some(3));
        assert_eq!(s.ty, Some('f'));
    }

    #[test]
    fn zero_flag_and_fill() {
        let s = parse("010");
        assert!(s.zero_pad);
        assert_eq!(s.width, Some(10));
        assert_eq!(s.fill_align(Align::Right), ('0', Align::AfterSign));
        assert_eq!(s.fill_align(Align::Left), ('0', Align::Left));
        // An explicit fill disables the flag: the 0 is part of the width.
        let s = parse("*<05");
        assert!(!s.zero_pad);
        assert_eq!(s.width, Some(5));
        // A fill may be an alignment character or a brace.
        assert_eq!(parse("<<").fill, Some('<'));
        assert_eq!(parse("{>3").fill, Some('{'));
    }

    #[test]
    fn unicode_digits_in_width() {
        assert_eq!(parse("\u{0665}").width, Some(5));
    }

    #[test]
    fn errors() {
        assert_eq!(
            message("1.2.3"),
            "\"Invalid format specifier '1.2.3' for object of type 'int'\""
        );
        assert_eq!(message(",_"), "\"Cannot specify both ',' and '_'.\"");
        assert_eq!(message("_,"), "\"Cannot specify both ',' and '_'.\"");
        assert_eq!(message("."), "\"Format specifier missing precision\"");
        assert_eq!(
            message("99999999999999999999"),
            "\"Too many decimal digits in format string\""
        );
        assert_eq!(
            parse("9223372036854775807").width,
            Some(isize::MAX as usize)
        );
        assert_eq!(
            message("9223372036854775808"),
            "\"Too many decimal digits in format string\""
        );
    }

    #[test]
    fn grouping_check() {
        assert!(parse(",").check_grouping('d').is_ok());
        assert!(parse(",").check_grouping('s').is_err());
        assert!(parse("_x").check_grouping('d').is_ok());
        assert!(parse(",x").check_grouping('d').is_err());
        assert!(parse("_n").check_grouping('d').is_err());
    }
}

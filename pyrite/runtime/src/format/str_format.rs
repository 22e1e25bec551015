//! `str.__format__` (CPython's `format_string_internal`): type `s` or none; the precision
//! truncates to that many characters; the default alignment is left; no sign, `z`, `#`, `=` or
//! grouping. Widths and precisions count code points, not bytes.

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};

use super::number::push_fill;
use super::spec::{Align, FormatSpec};
use super::{check_output_len, unknown_code};

/// `format(s, spec)` for a `str`.
pub fn format_str(s: &str, spec: &FormatSpec) -> PyResult<String> {
    spec.check_grouping('s')?;
    let ty = spec.ty_or('s');
    if ty != 's' {
        return unknown_code(ty, "str");
    }
    if let Some(sign) = spec.sign {
        let what = if sign == ' ' { "Space" } else { "Sign" };
        return raise(
            BuiltinType::ValueError,
            format!("{what} not allowed in string format specifier"),
        );
    }
    if spec.no_neg_zero {
        return raise(
            BuiltinType::ValueError,
            "Negative zero coercion (z) not allowed in string format specifier",
        );
    }
    if spec.alternate {
        return raise(
            BuiltinType::ValueError,
            "Alternate form (#) not allowed in string format specifier",
        );
    }
    let (fill, align) = spec.fill_align(Align::Left);
    if align == Align::AfterSign {
        return raise(
            BuiltinType::ValueError,
            "'=' alignment not allowed in string format specifier",
        );
    }
    let text = match spec.precision {
        Some(p) => match s.char_indices().nth(p) {
            Some((end, _)) => &s[..end],
            None => s,
        },
        None => s,
    };
    let len = text.chars().count();
    let padding = spec.width.unwrap_or(0).saturating_sub(len);
    check_output_len(
        padding
            .saturating_mul(fill.len_utf8())
            .saturating_add(text.len()),
    )?;
    let (left, right) = match align {
        Align::Right => (padding, 0),
        Align::Center => (padding / 2, padding - padding / 2),
        _ => (0, padding),
    };
    let mut out = String::with_capacity(text.len() + padding * fill.len_utf8());
    push_fill(&mut out, fill, left);
    out.push_str(text);
    push_fill(&mut out, fill, right);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::parse_spec;
    use super::*;

    fn f(s: &str, spec: &str) -> PyResult<String> {
        format_str(s, &parse_spec(spec, "str")?)
    }

    fn message(s: &str, spec: &str) -> String {
        let e = f(s, spec).unwrap_err();
        format!("{:?}", e.0.args.borrow()[0])
    }

    #[test]
    fn alignment_and_truncation() {
        assert_eq!(f("ab", "05").unwrap(), "ab000");
        assert_eq!(f("ab", "0^5").unwrap(), "0ab00");
        assert_eq!(f("ab", "^5").unwrap(), " ab  ");
        assert_eq!(f("abc", "x<10.2").unwrap(), "abxxxxxxxx");
        assert_eq!(f("é\u{1F600}", ".1").unwrap(), "é");
        assert_eq!(
            f("a", "\u{1F600}^4").unwrap(),
            "\u{1F600}a\u{1F600}\u{1F600}"
        );
        assert_eq!(f("abc", ".99999999999").unwrap(), "abc");
    }

    #[test]
    fn errors() {
        assert_eq!(
            message("a", "+"),
            "\"Sign not allowed in string format specifier\""
        );
        assert_eq!(
            message("a", " "),
            "\"Space not allowed in string format specifier\""
        );
        assert_eq!(
            message("a", "#"),
            "\"Alternate form (#) not allowed in string format specifier\""
        );
        assert_eq!(
            message("a", "="),
            "\"'=' alignment not allowed in string format specifier\""
        );
        assert_eq!(message("a", ","), "\"Cannot specify ',' with 's'.\"");
        assert_eq!(
            message("a", "d"),
            "\"Unknown format code 'd' for object of type 'str'\""
        );
        assert!(
            f("a", "999999999999999999")
                .unwrap_err()
                .matches(BuiltinType::MemoryError)
        );
    }
}

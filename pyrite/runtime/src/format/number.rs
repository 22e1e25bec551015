//! Laying out a formatted number in its field: sign, prefix, padding, digit grouping. Shared by
//! `int` and `float` formatting; the rules are CPython's `calc_number_widths`, `fill_number` and
//! `_PyUnicode_InsertThousandsGrouping`.
//!
//! A number is `[sign][prefix][digits][.][remainder]`: `digits` are the leading decimal (or
//! hex...) digits, the only part that is grouped; `remainder` is whatever follows the decimal
//! point (fraction, exponent, `%`, or all of `inf`/`nan`/a `c` character). The field is
//!
//! ```text
//! | lpadding | sign | prefix | spadding | grouped digits | . | remainder | rpadding |
//! ```
//!
//! where at most one padding is non-empty, chosen by the alignment (`=` uses `spadding`).
//! With fill `0` and alignment `=`, the padding is instead made of zeros *inside* the grouping
//! (`format(1234, '010,')` is `00,001,234`): the digits are padded to the remaining width, a
//! group at a time, never starting with a separator, which may make the result one
//! character wider than asked (`format(1234, '08,')` is `0,001,234`).

use crate::error::PyResult;

use super::check_output_len;
use super::spec::Align;

/// The parts of a number, as [`render_number`] lays them out.
pub(crate) struct NumberParts<'a> {
    /// Whether the number is negative (a `-` is written).
    pub negative: bool,
    /// `0x`, `0o`, `0b` (or upper case), or empty.
    pub prefix: &'a str,
    /// The digits before the decimal point (ASCII), possibly empty.
    pub digits: &'a str,
    /// Whether a decimal point follows the digits.
    pub decimal_point: bool,
    /// Everything after the decimal point (or after the digits when there is none).
    pub remainder: &'a str,
}

/// How the field is laid out.
pub(crate) struct NumberLayout {
    /// The fill character.
    pub fill: char,
    /// The alignment.
    pub align: Align,
    /// The sign option (`+`, ` `, `-`) if written.
    pub sign: Option<char>,
    /// The minimum width.
    pub width: usize,
    /// Digits per group (0: no grouping).
    pub group: usize,
    /// The group separator.
    pub separator: char,
}

/// Lays `parts` out as `layout` says.
pub(crate) fn render_number(parts: &NumberParts<'_>, layout: &NumberLayout) -> PyResult<String> {
    let sign = match (layout.sign, parts.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let non_digit_chars = usize::from(sign.is_some())
        + parts.prefix.len()
        + usize::from(parts.decimal_point)
        + parts.remainder.chars().count();
    let min_width = if layout.fill == '0' && layout.align == Align::AfterSign {
        layout.width.saturating_sub(non_digit_chars)
    } else {
        0
    };
    // The zero-padded digits can be as long as the width, which the caller bounded.
    check_output_len(min_width)?;
    let grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        group_digits(parts.digits, min_width, layout.group, layout.separator)
    };
    let used = non_digit_chars + grouped.chars().count();
    let padding = layout.width.saturating_sub(used);
    check_output_len(
        padding
            .saturating_mul(layout.fill.len_utf8())
            .saturating_add(used),
    )?;
    let (left, middle, right) = match layout.align {
        Align::Left => (0, 0, padding),
        Align::Right => (padding, 0, 0),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
    };
    let mut out = String::with_capacity(used + padding * layout.fill.len_utf8());
    push_fill(&mut out, layout.fill, left);
    if let Some(sign) = sign {
        out.push(sign);
    }
    out.push_str(parts.prefix);
    push_fill(&mut out, layout.fill, middle);
    out.push_str(&grouped);
    if parts.decimal_point {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_fill(&mut out, layout.fill, right);
    Ok(out)
}

/// Appends `count` copies of `fill`.
pub(crate) fn push_fill(out: &mut String, fill: char, count: usize) {
    out.extend(std::iter::repeat_n(fill, count));
}

/// Groups `digits` from the right into groups of `group` (0: no grouping) separated by
/// `separator`, padding on the left with `0` until the result is at least `min_width` long
/// (CPython's `_PyUnicode_InsertThousandsGrouping` with a repeating grouping).
fn group_digits(digits: &str, min_width: usize, group: usize, separator: char) -> String {
    let digits = digits.as_bytes();
    // Built right to left, then reversed.
    let mut reversed: Vec<u8> = Vec::with_capacity(digits.len().max(min_width) * 4 / 3 + 1);
    let mut remaining = digits.len() as isize;
    let mut min_width = min_width as isize;
    let mut next = digits.len();
    let mut first = true;
    let mut take = |len: isize, remaining: isize, first: bool, reversed: &mut Vec<u8>| {
        let zeros = (len - remaining).max(0);
        let chars = remaining.min(len).max(0);
        if !first {
            reversed.push(b'#');
        }
        for _ in 0..chars {
            next -= 1;
            reversed.push(digits[next]);
        }
        reversed.extend(std::iter::repeat_n(b'0', zeros as usize));
        chars
    };
    let mut done = false;
    if group > 0 {
        loop {
            let len = (group as isize).min(remaining.max(min_width).max(1));
            let used = take(len, remaining, first, &mut reversed);
            first = false;
            remaining -= used;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                done = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !done {
        let len = remaining.max(min_width).max(1);
        take(len, remaining, first, &mut reversed);
    }
    reversed
        .iter()
        .rev()
        .map(|&b| if b == b'#' { separator } else { b as char })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(group_digits("1234567", 0, 3, ','), "1,234,567");
        assert_eq!(group_digits("123", 0, 3, ','), "123");
        assert_eq!(group_digits("1234", 7, 3, ','), "001,234");
        assert_eq!(group_digits("1234", 8, 3, ','), "0,001,234");
        assert_eq!(group_digits("1234", 6, 3, ','), "01,234");
        assert_eq!(group_digits("1234", 9, 3, ','), "0,001,234");
        assert_eq!(group_digits("12", 5, 0, ','), "00012");
        assert_eq!(group_digits("deadbeef", 0, 4, '_'), "dead_beef");
    }

    #[test]
    fn layout() {
        let parts = NumberParts {
            negative: true,
            prefix: "0x",
            digits: "ff",
            decimal_point: false,
            remainder: "",
        };
        let mut layout = NumberLayout {
            fill: '*',
            align: Align::AfterSign,
            sign: None,
            width: 8,
            group: 0,
            separator: ',',
        };
        assert_eq!(render_number(&parts, &layout).unwrap(), "-0x***ff");
        layout.align = Align::Center;
        assert_eq!(render_number(&parts, &layout).unwrap(), "*-0xff**");
        layout.fill = '0';
        layout.align = Align::AfterSign;
        assert_eq!(render_number(&parts, &layout).unwrap(), "-0x000ff");
    }
}

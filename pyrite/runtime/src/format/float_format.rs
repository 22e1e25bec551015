//! `float.__format__` (CPython's `format_float_internal`) and the digit layouts of
//! `PyOS_double_to_string` that it, `%`-formatting and `repr` share.
//!
//! # Digits
//!
//! CPython takes digits from David Gay's `dtoa` in one of three modes and lays them out in
//! `format_float_short` (`Python/pystrtod.c`). We compute the same digit strings:
//! - mode 0 (`'r'`, shortest round-trip): from [`crate::float_repr`] (`ryu`);
//! - mode 2 (`'e'`, `'g'`: `n` significant digits) and mode 3 (`'f'`: `n` digits after the
//!   point): from Rust's `{:.*e}` / `{:.*}`, which are exact (correctly rounded from the exact
//!   binary value, ties to even), as `dtoa` is. A double's exact expansion has at most 767
//!   significant and 1074 fractional digits, so precisions beyond that are clamped before
//!   calling Rust (the digits past it are all zero) and padded back by the layout.
//!
//! Every digit string is normalized like `dtoa`'s: no leading or trailing zeros, with `decpt`
//! the position of the decimal point (`x = 0.DIGITS × 10**decpt`); zero is `"0"`, `decpt` 1.
//!
//! # Types
//!
//! `e E f F g G n %` and none. No type is `repr` when no precision is given, else `g` that
//! switches to exponent form one digit earlier and keeps at least one digit after the point
//! (`format(123.0, '.3')` is `1.23e+02`, `format(1e15, '.16')` is `1e+15`). `n` is `g` with the
//! C locale (no grouping). `%` is `f` of `100*x` followed by `%`. `z` drops the sign of a
//! result that rounds to zero. `#` keeps the decimal point and, for `g`, trailing zeros.

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::float_repr::float_repr;

use super::number::{NumberLayout, NumberParts, render_number};
use super::spec::{Align, FormatSpec};
use super::{check_output_len, unknown_code};

/// Options of [`double_to_string`] (CPython's `Py_DTSF_*` flags).
#[derive(Debug, Clone, Copy, Default)]
pub struct DoubleFlags {
    /// Write `+` before non-negative numbers (and `inf`/`nan`).
    pub sign_always: bool,
    /// Add `.0` to integral results in positional form (`repr` and format type none).
    pub add_dot_0: bool,
    /// The alternate form `#`: always a decimal point; `g` keeps trailing zeros.
    pub alternate: bool,
    /// `z`: no `-` before a result whose digits are all zero.
    pub no_neg_zero: bool,
}

/// The decimal digits of a finite double, normalized as described in the module doc.
struct Digits {
    digits: String,
    decpt: i64,
}

/// The largest precision worth asking Rust for in mode 3 (fractional digits) and mode 2
/// (significant digits): beyond these every digit of a double's exact expansion is zero.
const MAX_EXACT_FRACTION_DIGITS: usize = 1100;
const MAX_EXACT_SIGNIFICANT_DIGITS: usize = 800;

/// Reads `[digits][.digits][e[+-]exp]` (Rust's or `float_repr`'s output for a non-negative
/// finite value) into normalized digits.
fn split_decimal(text: &str) -> Digits {
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int_part}{frac_part}");
    let leading = all.len() - all.trim_start_matches('0').len();
    let significant = all[leading..].trim_end_matches('0');
    if significant.is_empty() {
        return Digits {
            digits: "0".to_owned(),
            decpt: 1,
        };
    }
    Digits {
        digits: significant.to_owned(),
        decpt: int_part.len() as i64 - leading as i64 + exp,
    }
}

/// Mode 3: `|x|` rounded to `frac` digits after the point.
fn fixed_digits(ax: f64, frac: usize) -> Digits {
    let frac = frac.min(MAX_EXACT_FRACTION_DIGITS);
    split_decimal(&format!("{ax:.frac$}"))
}

/// Mode 2: `|x|` rounded to `n >= 1` significant digits.
fn significant_digits(ax: f64, n: usize) -> Digits {
    let after_point = n.clamp(1, MAX_EXACT_SIGNIFICANT_DIGITS) - 1;
    split_decimal(&format!("{ax:.after_point$e}"))
}

/// Mode 0: the shortest digits that read back as `|x|`.
fn shortest_digits(ax: f64) -> Digits {
    split_decimal(&float_repr(ax))
}

/// CPython's `PyOS_double_to_string(x, code, precision, flags)`: `code` is one of
/// `e E f F g G r` (`r`: shortest digits, `precision` unused). `MemoryError` when the result
/// would exceed [`super::MAX_OUTPUT_BYTES`].
pub fn double_to_string(
    x: f64,
    code: char,
    precision: usize,
    flags: DoubleFlags,
) -> PyResult<String> {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    if !x.is_finite() {
        let mut out = String::with_capacity(4);
        if x.is_sign_negative() && x.is_infinite() {
            out.push('-');
        } else if flags.sign_always {
            out.push('+');
        }
        out.push_str(match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        return Ok(out);
    }
    let ax = x.abs();
    // `precision` is the number of significant digits for 'e' and 'g' from here on.
    let (digits, precision) = match code {
        'e' => {
            let n = precision.saturating_add(1);
            (significant_digits(ax, n), n)
        }
        'g' => {
            let n = precision.max(1);
            (significant_digits(ax, n), n)
        }
        'f' => (fixed_digits(ax, precision), precision),
        _ => (shortest_digits(ax), 0),
    };
    let mut negative = x.is_sign_negative();
    if flags.no_neg_zero && digits.digits == "0" {
        negative = false;
    }
    lay_out(&digits, negative, code, precision as i64, flags, upper)
}

/// `format_float_short`'s layout of `digits` for `code` (`e f g r`, lowercase).
fn lay_out(
    digits: &Digits,
    negative: bool,
    code: char,
    precision: i64,
    flags: DoubleFlags,
    upper: bool,
) -> PyResult<String> {
    let text = digits.digits.as_str();
    let len = text.len() as i64;
    let mut decpt = digits.decpt;
    let mut vdigits_end = len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            use_exp = decpt <= -4 || decpt > limit;
            if flags.alternate {
                vdigits_end = precision;
            }
        }
        _ => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    let total = (vdigits_end - vdigits_start).max(0) as usize;
    check_output_len(total.saturating_add(8))?;

    let mut out = String::with_capacity(total + 8);
    if negative {
        out.push('-');
    } else if flags.sign_always {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| out.extend(std::iter::repeat_n('0', n.max(0) as usize));
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= len {
        out.push_str(&text[..decpt as usize]);
        out.push('.');
        out.push_str(&text[decpt as usize..]);
    } else {
        out.push_str(text);
    }
    if len < decpt {
        zeros(&mut out, decpt - len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - len);
    }
    if out.ends_with('.') && !flags.alternate {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    }
    Ok(out)
}

/// `format(x, spec)` for a `float` (`type_name` names the type in messages).
pub fn format_float(x: f64, spec: &FormatSpec, type_name: &str) -> PyResult<String> {
    spec.check_grouping('\0')?;
    let ty = match spec.ty {
        None | Some('\0') => None,
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')) => Some(c),
        Some(c) => return unknown_code(c, type_name),
    };
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return raise(BuiltinType::ValueError, "precision too big");
    }
    let mut flags = DoubleFlags {
        alternate: spec.alternate,
        no_neg_zero: spec.no_neg_zero,
        ..DoubleFlags::default()
    };
    let mut default_precision = 6;
    let mut value = x;
    let mut percent = false;
    let mut code = match ty {
        None => {
            flags.add_dot_0 = true;
            default_precision = 0;
            'r'
        }
        Some('n') => 'g',
        Some('%') => {
            value *= 100.0;
            percent = true;
            'f'
        }
        Some(c) => c,
    };
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if code == 'r' {
                code = 'g';
            }
            p
        }
    };
    let mut body = double_to_string(value, code, precision, flags)?;
    if percent {
        body.push('%');
    }
    let (negative, unsigned) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body.as_str()),
    };
    let digit_count = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = unsigned.split_at(digit_count);
    let (decimal_point, remainder) = match rest.strip_prefix('.') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let (fill, align) = spec.fill_align(Align::Right);
    let (group, separator) = match (spec.grouping, ty) {
        (_, Some('n')) | (None, _) => (0, ','),
        (Some(sep), _) => (3, sep),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        decimal_point,
        remainder,
    };
    let layout = NumberLayout {
        fill,
        align,
        sign: spec.sign,
        width: spec.width.unwrap_or(0),
        group,
        separator,
    };
    render_number(&parts, &layout)
}

#[cfg(test)]
mod tests {
    use super::super::parse_spec;
    use super::*;

    fn f(x: f64, spec: &str) -> String {
        let parsed = parse_spec(spec, "float").unwrap();
        format_float(x, &parsed, "float").unwrap()
    }

    fn dts(x: f64, code: char, precision: usize) -> String {
        double_to_string(x, code, precision, DoubleFlags::default()).unwrap()
    }

    #[test]
    fn fixed_and_exponent_digits_round_half_even() {
        assert_eq!(dts(0.125, 'f', 2), "0.12");
        assert_eq!(dts(0.375, 'f', 2), "0.38");
        assert_eq!(dts(2.5, 'f', 0), "2");
        assert_eq!(dts(0.5, 'f', 0), "0");
        assert_eq!(dts(2.5, 'e', 0), "2e+00");
        assert_eq!(dts(1e22, 'f', 0), "10000000000000000000000");
        assert_eq!(dts(1e100, 'e', 6), "1.000000e+100");
        assert_eq!(dts(-0.0, 'f', 2), "-0.00");
        assert_eq!(dts(f64::NAN, 'F', 2), "NAN");
        assert_eq!(dts(f64::NEG_INFINITY, 'g', 2), "-inf");
    }

    #[test]
    fn general_and_none_types() {
        assert_eq!(f(123.0, ".3"), "1.23e+02");
        assert_eq!(f(123.0, ".3g"), "123");
        assert_eq!(f(1e15, ".16"), "1e+15");
        assert_eq!(f(1.0, ".0"), "1e+00");
        assert_eq!(f(1e20, "#"), "1.e+20");
        assert_eq!(f(1.5, "#.3g"), "1.50");
        assert_eq!(f(12345678.9, "n"), "1.23457e+07");
        assert_eq!(f(123456789.0, ",.12"), "123,456,789.0");
        assert_eq!(f(1e-7, "020,g"), "0,000,000,000,001e-07");
        assert_eq!(f(1.5, "%"), "150.000000%");
        assert_eq!(f(1.5, "#.0%"), "150.%");
    }

    #[test]
    fn signs_and_zero() {
        assert_eq!(f(-0.0, "z"), "0.0");
        assert_eq!(f(-0.0001, "z.2f"), "0.00");
        assert_eq!(f(-1e-8, "z.3g"), "-1e-08");
        assert_eq!(f(f64::NAN, "+"), "+nan");
        assert_eq!(f(f64::INFINITY, "010"), "0000000inf");
        assert_eq!(f(-1234.5, "0=12,"), "-0,001,234.5");
    }

    #[test]
    fn huge_precisions() {
        // The digits stop at the exact expansion; the rest is zero padding.
        let s = f(0.1, ".1000000000g");
        assert_eq!(
            s,
            "0.1000000000000000055511151231257827021181583404541015625"
        );
        assert_eq!(f(1.0, ".2000f").len(), 2002);
        let parsed = parse_spec(".2147483648f", "float").unwrap();
        assert!(format_float(1.0, &parsed, "float").is_err());
        let parsed = parse_spec(".2147483647f", "float").unwrap();
        assert!(
            format_float(1.0, &parsed, "float")
                .unwrap_err()
                .matches(BuiltinType::MemoryError)
        );
    }
}

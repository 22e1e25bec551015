//! `str % args`: printf-style formatting as CPython 3.11's `PyUnicode_Format`.
//!
//! A conversion is `%[(key)][flags][width][.precision][h|l|L]type`:
//! - `(key)` takes the value from `args[key]`, allowed only when `args` is a mapping (and not a
//!   tuple or a str); the value then also feeds a following `*`;
//! - flags `-` (left-justify), `+`, ` ` (sign), `#` (alternate form: `0x`/`0o` prefix, a
//!   decimal point always), `0` (zero padding, numbers only);
//! - width and precision are ASCII digits or `*` (taken from the arguments; a negative `*`
//!   width left-justifies, a negative `*` precision means 0);
//! - types: `s r a` (str/repr/ascii; precision truncates), `d i u` (int or float, truncated),
//!   `o x X` (integers only), `e E f F g G` (floats), `c` (int code point or one-character
//!   str), `%%`.
//!
//! `args` that is a tuple supplies the conversions in order, and all of it must be used;
//! anything else is the single argument (or the mapping). The checks and their order follow
//! CPython, so the same string fails with the same message (`not enough arguments for format
//! string`, `not all arguments converted during string formatting`, `incomplete format`,
//! `unsupported format character 'y' (0x79) at index 1`, ...).

use num_traits::ToPrimitive;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::int::{self, Int};
use crate::value::Value;

use super::float_format::{DoubleFlags, double_to_string};
use super::int_format::char_from_code;
use super::{FormatHost, check_output_len, type_name};

/// Conversion flags.
#[derive(Default, Clone, Copy)]
struct Flags {
    left: bool,
    plus: bool,
    blank: bool,
    alternate: bool,
    zero: bool,
}

/// One parsed conversion.
struct Conversion {
    ty: char,
    flags: Flags,
    /// -1: none.
    width: isize,
    /// -1: none.
    precision: i64,
    /// Whether the result is a number whose sign the flags control.
    numeric: bool,
}

/// The state of one `fmt % args` evaluation.
struct Formatter<'a, H: ?Sized> {
    host: &'a mut H,
    chars: Vec<char>,
    pos: usize,
    /// Whether a read went past the end (CPython's `fmtcnt < 0`).
    exhausted: bool,
    /// The current argument source: the tuple, the single value, or a mapping value.
    args: Value,
    /// Number of arguments, -1 for a single value.
    arglen: isize,
    /// Next argument index; -2 before a single value is used.
    argidx: isize,
    /// The mapping, when `args` is one.
    dict: Option<Value>,
}

/// `fmt % args`.
pub fn percent_format<H: FormatHost + ?Sized>(
    host: &mut H,
    fmt: &str,
    args: &Value,
) -> PyResult<String> {
    let (arglen, argidx) = match args {
        Value::Tuple(t) => (t.items().len() as isize, 0),
        _ => (-1, -2),
    };
    let dict = match args {
        Value::Tuple(_) | Value::Str(_) => None,
        other => host.is_mapping(other).then(|| args.clone()),
    };
    let mut f = Formatter {
        host,
        chars: fmt.chars().collect(),
        pos: 0,
        exhausted: false,
        args: args.clone(),
        arglen,
        argidx,
        dict,
    };
    let mut out = String::with_capacity(fmt.len() + 16);
    while f.pos < f.chars.len() {
        let c = f.chars[f.pos];
        f.pos += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        if f.chars.get(f.pos) == Some(&'%') {
            f.pos += 1;
            out.push('%');
            continue;
        }
        f.conversion(&mut out)?;
        check_output_len(out.len())?;
    }
    if f.argidx < f.arglen && f.dict.is_none() {
        return raise(
            BuiltinType::TypeError,
            "not all arguments converted during string formatting",
        );
    }
    Ok(out)
}

impl<H: FormatHost + ?Sized> Formatter<'_, H> {
    /// The next format character, or `None` (remembered) past the end.
    fn next_char(&mut self) -> Option<char> {
        match self.chars.get(self.pos) {
            Some(&c) => {
                self.pos += 1;
                Some(c)
            }
            None => {
                self.exhausted = true;
                None
            }
        }
    }

    /// The next argument (CPython's `unicode_format_getnextarg`).
    fn next_arg(&mut self) -> PyResult<Value> {
        if self.argidx < self.arglen {
            let index = self.argidx;
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.args.clone());
            }
            if let Value::Tuple(t) = &self.args
                && let Some(v) = t.items().get(index as usize)
            {
                return Ok(v.clone());
            }
        }
        raise(
            BuiltinType::TypeError,
            "not enough arguments for format string",
        )
    }

    /// Parses and formats one conversion; `self.pos` is just after its `%`.
    fn conversion(&mut self, out: &mut String) -> PyResult<()> {
        // The character after '%' (NUL past the end, as CPython reads the terminator).
        let mut ch = self.chars.get(self.pos).copied().unwrap_or('\0');
        if ch == '(' {
            self.mapping_key()?;
            ch = ')';
        }
        let mut flags = Flags::default();
        while let Some(c) = self.next_char() {
            ch = c;
            match c {
                '-' => flags.left = true,
                '+' => flags.plus = true,
                ' ' => flags.blank = true,
                '#' => flags.alternate = true,
                '0' => flags.zero = true,
                _ => break,
            }
        }
        let mut width: isize = -1;
        if ch == '*' {
            let w = self.star_arg()?;
            let w = match w.to_isize() {
                // -(-2**63) does not fit; CPython's negation wraps and then fails to allocate.
                Some(isize::MIN) => return raise(BuiltinType::MemoryError, ""),
                Some(w) => w,
                None => {
                    return raise(
                        BuiltinType::OverflowError,
                        "Python int too large to convert to C ssize_t",
                    );
                }
            };
            width = w.abs();
            if w < 0 {
                flags.left = true;
            }
            if let Some(c) = self.next_char() {
                ch = c;
            }
        } else if ch.is_ascii_digit() {
            width = digit(ch);
            while let Some(c) = self.next_char() {
                ch = c;
                if !c.is_ascii_digit() {
                    break;
                }
                width = match width.checked_mul(10).and_then(|w| w.checked_add(digit(c))) {
                    Some(w) => w,
                    None => return raise(BuiltinType::ValueError, "width too big"),
                };
            }
        }
        let mut precision: i64 = -1;
        if ch == '.' {
            precision = 0;
            if let Some(c) = self.next_char() {
                ch = c;
            }
            if ch == '*' {
                let p = self.star_arg()?;
                precision = match p.to_i32() {
                    Some(p) => i64::from(p.max(0)),
                    None => {
                        return raise(
                            BuiltinType::OverflowError,
                            "Python int too large to convert to C int",
                        );
                    }
                };
                if let Some(c) = self.next_char() {
                    ch = c;
                }
            } else if ch.is_ascii_digit() {
                precision = digit(ch) as i64;
                while let Some(c) = self.next_char() {
                    ch = c;
                    if !c.is_ascii_digit() {
                        break;
                    }
                    precision = precision * 10 + digit(c) as i64;
                    if precision > i64::from(i32::MAX) {
                        return raise(BuiltinType::ValueError, "precision too big");
                    }
                }
            }
        }
        if !self.exhausted
            && matches!(ch, 'h' | 'l' | 'L')
            && let Some(c) = self.next_char()
        {
            ch = c;
        }
        if self.exhausted {
            return raise(BuiltinType::ValueError, "incomplete format");
        }
        let mut conv = Conversion {
            ty: ch,
            flags,
            width,
            precision,
            numeric: false,
        };
        let text = self.format_arg(&mut conv)?;
        write_padded(out, &conv, &text)?;
        if self.dict.is_some() && self.argidx < self.arglen {
            return raise(
                BuiltinType::TypeError,
                "not all arguments converted during string formatting",
            );
        }
        Ok(())
    }

    /// `(key)`: replaces the argument source by `mapping[key]`. `self.pos` is at the `(`.
    fn mapping_key(&mut self) -> PyResult<()> {
        let Some(dict) = self.dict.clone() else {
            return raise(BuiltinType::TypeError, "format requires a mapping");
        };
        let start = self.pos + 1;
        let mut depth = 1;
        let mut end = start;
        while depth > 0 {
            match self.chars.get(end) {
                Some(')') => depth -= 1,
                Some('(') => depth += 1,
                Some(_) => {}
                None => return raise(BuiltinType::ValueError, "incomplete format key"),
            }
            end += 1;
        }
        let key: String = self.chars[start..end - 1].iter().collect();
        self.pos = end;
        self.args = self.host.getitem(&dict, &Value::str(key))?;
        self.arglen = -1;
        self.argidx = -2;
        Ok(())
    }

    /// The argument for a `*` width or precision, which must be an `int`.
    fn star_arg(&mut self) -> PyResult<num_bigint::BigInt> {
        match self.next_arg()? {
            Value::Int(i) => Ok(i.into()),
            Value::Bool(b) => Ok(i64::from(b).into()),
            Value::BigInt(b) => Ok(b.as_ref().clone()),
            _ => raise(BuiltinType::TypeError, "* wants int"),
        }
    }

    /// Formats the next argument for `conv.ty` (CPython's `unicode_format_arg_format`).
    fn format_arg(&mut self, conv: &mut Conversion) -> PyResult<String> {
        let v = self.next_arg()?;
        match conv.ty {
            's' => match &v {
                Value::Str(s) => Ok(s.as_str().to_owned()),
                _ => self.host.str(&v),
            },
            'r' => self.host.repr(&v),
            'a' => self.host.ascii(&v),
            'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
                conv.numeric = true;
                self.format_integer(&v, conv)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                conv.numeric = true;
                let x = match self.host.to_float(&v)? {
                    Some(x) => x,
                    None => {
                        return raise(
                            BuiltinType::TypeError,
                            format!("must be real number, not {}", type_name(&v)),
                        );
                    }
                };
                let precision = if conv.precision < 0 {
                    6
                } else {
                    conv.precision as usize
                };
                let flags = DoubleFlags {
                    alternate: conv.flags.alternate,
                    ..DoubleFlags::default()
                };
                double_to_string(x, conv.ty, precision, flags)
            }
            'c' => Ok(self.code_point(&v)?.to_string()),
            other => {
                let shown = if (31..=126).contains(&(other as u32)) {
                    other
                } else {
                    '?'
                };
                raise(
                    BuiltinType::ValueError,
                    format!(
                        "unsupported format character '{shown}' (0x{:x}) at index {}",
                        other as u32,
                        self.pos - 1
                    ),
                )
            }
        }
    }

    /// `%d %i %u %o %x %X` (CPython's `mainformatlong` and `_PyUnicode_FormatLong`).
    fn format_integer(&mut self, v: &Value, conv: &Conversion) -> PyResult<String> {
        let ty = conv.ty;
        let index_only = matches!(ty, 'o' | 'x' | 'X');
        let converted = match self.host.to_int(v, index_only) {
            Ok(converted) => converted,
            Err(e) if e.matches(BuiltinType::TypeError) => None,
            Err(e) => return Err(e),
        };
        let Some(int) = converted else {
            let what = if index_only {
                "an integer is required"
            } else {
                "a real number is required"
            };
            return raise(
                BuiltinType::TypeError,
                format!("%{ty} format: {what}, not {}", type_name(v)),
            );
        };
        let Some(int) = Int::from_value(&int) else {
            return raise(BuiltinType::TypeError, "an integer is required");
        };
        let negative = int.is_negative();
        let mut digits = match (ty, int) {
            ('o', _) | ('x' | 'X', _) => {
                let mut text = int::to_str_radix(int, if ty == 'o' { 8 } else { 16 });
                if negative {
                    text.remove(0);
                }
                text
            }
            (_, Int::Small(i)) => i.unsigned_abs().to_string(),
            (_, Int::Big(_)) => {
                let mut text = int::to_str(int)?;
                if negative {
                    text.remove(0);
                }
                text
            }
        };
        if conv.precision > i64::from(i32::MAX - 3) {
            return raise(BuiltinType::OverflowError, "precision too large");
        }
        let precision = conv.precision.max(0) as usize;
        check_output_len(precision)?;
        let mut out = String::with_capacity(digits.len().max(precision) + 3);
        if negative {
            out.push('-');
        }
        if conv.flags.alternate {
            match ty {
                'o' => out.push_str("0o"),
                'x' => out.push_str("0x"),
                'X' => out.push_str("0X"),
                _ => {}
            }
        }
        out.extend(std::iter::repeat_n(
            '0',
            precision.saturating_sub(digits.len()),
        ));
        if ty == 'X' {
            digits.make_ascii_uppercase();
        }
        out.push_str(&digits);
        Ok(out)
    }

    /// `%c`: a one-character str, or an integer code point.
    fn code_point(&mut self, v: &Value) -> PyResult<char> {
        if let Value::Str(s) = v {
            let mut chars = s.as_str().chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => raise(BuiltinType::TypeError, "%c requires int or char"),
            };
        }
        let code = match self.host.to_int(v, true) {
            Ok(Some(Value::Int(i))) => i,
            Ok(Some(Value::Bool(b))) => i64::from(b),
            Ok(Some(Value::BigInt(_))) => -1,
            _ => return raise(BuiltinType::TypeError, "%c requires int or char"),
        };
        char_from_code(code)
    }
}

fn digit(c: char) -> isize {
    c as isize - '0' as isize
}

/// Writes `text` padded as `conv` asks (CPython's `unicode_format_arg_output`).
fn write_padded(out: &mut String, conv: &Conversion, text: &str) -> PyResult<()> {
    let flags = conv.flags;
    let fill = if conv.numeric && flags.zero { '0' } else { ' ' };
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.len() as isize;
    let precision = conv.precision;
    if (conv.width == -1 || conv.width <= len)
        && (precision == -1 || precision >= len as i64)
        && !(flags.plus || flags.blank)
    {
        out.push_str(text);
        return Ok(());
    }
    if matches!(conv.ty, 's' | 'r' | 'a') && precision >= 0 && len as i64 > precision {
        len = precision as isize;
    }
    let mut pindex = 0usize;
    let mut sign_char = None;
    if conv.numeric {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                sign_char = Some(c);
                len -= 1;
                pindex = 1;
            }
            _ if flags.plus => sign_char = Some('+'),
            _ if flags.blank => sign_char = Some(' '),
            _ => {}
        }
    }
    let mut width = conv.width.max(len);
    check_output_len((width as usize).saturating_add(text.len()))?;
    let prefixed = flags.alternate && matches!(conv.ty, 'x' | 'X' | 'o');
    if let Some(sign) = sign_char {
        if fill != ' ' {
            out.push(sign);
        }
        if width > len {
            width -= 1;
        }
    }
    if prefixed {
        if fill != ' ' {
            out.push('0');
            out.push(conv.ty);
            pindex += 2;
        }
        width = (width - 2).max(0);
        len -= 2;
    }
    if width > len && !flags.left {
        out.extend(std::iter::repeat_n(fill, (width - len) as usize));
        width = len;
    }
    if fill == ' ' {
        if let Some(sign) = sign_char {
            out.push(sign);
        }
        if prefixed {
            out.push('0');
            out.push(conv.ty);
            pindex += 2;
        }
    }
    let len = len.max(0) as usize;
    out.extend(chars.iter().skip(pindex).take(len));
    if width > len as isize {
        out.extend(std::iter::repeat_n(' ', (width - len as isize) as usize));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::differential_tests::TestHost;
    use super::*;

    fn fmt(f: &str, args: Value) -> String {
        match percent_format(&mut TestHost, f, &args) {
            Ok(s) => s,
            Err(e) => format!("{}: {:?}", e.class().name, e.0.args.borrow()[0]),
        }
    }

    fn tuple(items: Vec<Value>) -> Value {
        Value::tuple(items)
    }

    #[test]
    fn conversions() {
        assert_eq!(
            fmt(
                "%s|%r|%a",
                tuple(vec![Value::str("é"), Value::str("é"), Value::str("é")])
            ),
            "é|'é'|'\\xe9'"
        );
        assert_eq!(
            fmt(
                "%d %i %u",
                tuple(vec![Value::Float(3.7), Value::Bool(true), Value::Int(-2)])
            ),
            "3 1 -2"
        );
        assert_eq!(
            fmt(
                "%#x %#X %#o",
                tuple(vec![Value::Int(255), Value::Int(255), Value::Int(8)])
            ),
            "0xff 0XFF 0o10"
        );
        assert_eq!(
            fmt(
                "%.0e|%#g|%#.0f",
                tuple(vec![
                    Value::Float(2.5),
                    Value::Float(1.0),
                    Value::Float(1.0)
                ])
            ),
            "2e+00|1.00000|1."
        );
        assert_eq!(
            fmt("%c%c", tuple(vec![Value::Int(65), Value::str("é")])),
            "Aé"
        );
        assert_eq!(fmt("100%%", tuple(vec![])), "100%");
    }

    #[test]
    fn flags_width_precision() {
        assert_eq!(fmt("%-5d|", Value::Int(3)), "3    |");
        assert_eq!(fmt("%05s", Value::str("ab")), "   ab");
        assert_eq!(fmt("%#010x", Value::Int(255)), "0x000000ff");
        assert_eq!(fmt("%-#010x|", Value::Int(255)), "0xff      |");
        assert_eq!(fmt("%+.5x", Value::Int(255)), "+000ff");
        assert_eq!(fmt("% 05d", Value::Int(3)), " 0003");
        assert_eq!(fmt("%010f", Value::Float(f64::INFINITY)), "0000000inf");
        assert_eq!(
            fmt(
                "%*.*s|",
                tuple(vec![Value::Int(5), Value::Int(2), Value::str("abc")])
            ),
            "   ab|"
        );
        assert_eq!(
            fmt("%-*d|", tuple(vec![Value::Int(-5), Value::Int(3)])),
            "3    |"
        );
        assert_eq!(
            fmt("%.*f", tuple(vec![Value::Int(-2), Value::Float(3.25)])),
            "3"
        );
        assert_eq!(
            fmt(
                "%hd %ld %Ld",
                tuple(vec![Value::Int(1), Value::Int(2), Value::Int(3)])
            ),
            "1 2 3"
        );
    }

    #[test]
    fn argument_rules() {
        assert_eq!(fmt("%s", Value::tuple(vec![Value::Int(1)])), "1");
        assert_eq!(fmt("%s", Value::list(vec![Value::Int(1)])), "[1]");
        assert_eq!(fmt("", Value::list(vec![])), "");
        assert_eq!(
            fmt("", Value::Int(5)),
            "TypeError: \"not all arguments converted during string formatting\""
        );
        assert_eq!(
            fmt("%s %s", tuple(vec![Value::Int(1)])),
            "TypeError: \"not enough arguments for format string\""
        );
        assert_eq!(
            fmt("%s", tuple(vec![Value::Int(1), Value::Int(2)])),
            "TypeError: \"not all arguments converted during string formatting\""
        );
        assert_eq!(
            fmt("%(a)s", Value::Int(1)),
            "TypeError: \"format requires a mapping\""
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            fmt("%y", Value::Int(1)),
            "ValueError: \"unsupported format character 'y' (0x79) at index 1\""
        );
        assert_eq!(
            fmt("%\u{20ac}", Value::Int(1)),
            "ValueError: \"unsupported format character '?' (0x20ac) at index 1\""
        );
        assert_eq!(
            fmt("%d", Value::str("s")),
            "TypeError: \"%d format: a real number is required, not str\""
        );
        assert_eq!(
            fmt("%x", Value::Float(3.0)),
            "TypeError: \"%x format: an integer is required, not float\""
        );
        assert_eq!(
            fmt("%f", Value::str("s")),
            "TypeError: \"must be real number, not str\""
        );
        assert_eq!(
            fmt("%c", Value::str("ab")),
            "TypeError: \"%c requires int or char\""
        );
        assert_eq!(
            fmt("%c", Value::Int(-1)),
            "OverflowError: \"%c arg not in range(0x110000)\""
        );
        assert_eq!(fmt("%", tuple(vec![])), "ValueError: \"incomplete format\"");
        assert_eq!(
            fmt("%5%", tuple(vec![])),
            "TypeError: \"not enough arguments for format string\""
        );
        assert_eq!(
            fmt("%*d", tuple(vec![Value::str("a"), Value::Int(3)])),
            "TypeError: \"* wants int\""
        );
        assert_eq!(
            fmt("%99999999999999999999d", Value::Int(1)),
            "ValueError: \"width too big\""
        );
        assert_eq!(
            fmt("%.2147483648f", Value::Float(1.0)),
            "ValueError: \"precision too big\""
        );
        assert_eq!(
            fmt("%d", Value::Float(f64::NAN)),
            "ValueError: \"cannot convert float NaN to integer\""
        );
    }
}

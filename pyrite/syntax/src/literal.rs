//! Literal decoding for the parser: a `String` token's prefix and body, the value of a string
//! or bytes body (escape sequences), and the value of a `Number` token.
//!
//! Everything here works on text the lexer already accepted, so the shape is known (a string
//! token has its quotes, a number token is well formed), but nothing relies on it: malformed
//! input gives an error or a best effort, never a panic.
//!
//! Errors are [`LiteralError`]s holding CPython's message; the parser places them. CPython 3.11
//! (compiling a file) places an escape error of a string at the end of its token
//! (`offset = end_offset = end col + 1`), `bytes can only contain ASCII literal characters` on
//! the whole token, and the integer digit limit at `offset = end_offset = 0` on the token's
//! line.
//!
//! Known limitation: Rust strings cannot hold lone surrogates, so `"\ud800"` decodes to U+FFFD
//! (see `ast.rs`). Invalid escapes such as `"\d"` are kept verbatim, as CPython does (it also
//! emits a `DeprecationWarning` that is hidden by default; we emit none).

use num_bigint::BigInt;
use num_traits::Num;

/// A decoding error, with CPython's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    /// The message (`(unicode error) 'unicodeescape' codec can't decode ...`).
    pub msg: String,
}

impl LiteralError {
    fn new(msg: impl Into<String>) -> Self {
        LiteralError { msg: msg.into() }
    }
}

impl std::fmt::Display for LiteralError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for LiteralError {}

/// A string token taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrLiteral<'a> {
    /// `b` prefix.
    pub is_bytes: bool,
    /// `r` prefix.
    pub is_raw: bool,
    /// `f` prefix.
    pub is_fstring: bool,
    /// `u` prefix (`Constant.kind == 'u'` in the AST).
    pub is_unicode_u: bool,
    /// 1 or 3.
    pub quote_len: usize,
    /// The text between the quotes.
    pub body: &'a str,
    /// Byte offset of `body` within the token text (prefix length + `quote_len`).
    pub body_offset: usize,
}

/// Takes apart the text of a `String` token: prefix letters, quotes, body. `None` if the text
/// is not a quoted string.
pub fn parse_string_prefix(token_text: &str) -> Option<StrLiteral<'_>> {
    let bytes = token_text.as_bytes();
    let quote_at = bytes.iter().position(|&b| b == b'\'' || b == b'"')?;
    let (mut is_bytes, mut is_raw, mut is_fstring, mut is_unicode_u) = (false, false, false, false);
    for &b in &bytes[..quote_at] {
        match b.to_ascii_lowercase() {
            b'b' => is_bytes = true,
            b'r' => is_raw = true,
            b'f' => is_fstring = true,
            b'u' => is_unicode_u = true,
            _ => return None,
        }
    }
    let quote = bytes[quote_at];
    let rest = &bytes[quote_at..];
    let quote_len = if rest.len() >= 6 && rest[1] == quote && rest[2] == quote {
        3
    } else {
        1
    };
    let body_offset = quote_at + quote_len;
    let body_end = bytes.len().checked_sub(quote_len)?;
    // The quotes are ASCII, so both ends are char boundaries.
    let body = token_text.get(body_offset..body_end)?;
    Some(StrLiteral {
        is_bytes,
        is_raw,
        is_fstring,
        is_unicode_u,
        quote_len,
        body,
        body_offset,
    })
}

/// Decodes the body of a `str` literal: the text itself when `raw`, else with every escape
/// sequence of Python 3.11 interpreted.
pub fn decode_str(body: &str, raw: bool) -> Result<String, LiteralError> {
    if raw || !body.contains('\\') {
        return Ok(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            // CPython turns a final backslash into a literal one.
            out.push('\\');
            break;
        };
        let simple = match e {
            '\n' => Some(None),
            '\\' => Some(Some('\\')),
            '\'' => Some(Some('\'')),
            '"' => Some(Some('"')),
            'a' => Some(Some('\x07')),
            'b' => Some(Some('\x08')),
            'f' => Some(Some('\x0c')),
            'n' => Some(Some('\n')),
            'r' => Some(Some('\r')),
            't' => Some(Some('\t')),
            'v' => Some(Some('\x0b')),
            _ => None,
        };
        if let Some(ch) = simple {
            out.extend(ch);
            continue;
        }
        match e {
            '0'..='7' => {
                let mut value = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            value = value * 8 + (d as u32 - '0' as u32);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            }
            'x' | 'u' | 'U' => {
                let (count, what) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut value: u32 = 0;
                let mut consumed = 2;
                for _ in 0..count {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(16)) {
                        Some(d) => {
                            value = value * 16 + d;
                            consumed += 1;
                            chars.next();
                        }
                        None => return Err(escape_error(body, at, consumed, what)),
                    }
                }
                if value > 0x10FFFF {
                    return Err(escape_error(
                        body,
                        at,
                        consumed,
                        "illegal Unicode character",
                    ));
                }
                // A lone surrogate cannot be in a Rust string (documented limitation).
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            }
            'N' => {
                const MALFORMED: &str = "malformed \\N character escape";
                let after_n = at + 2;
                if body.as_bytes().get(after_n) != Some(&b'{') {
                    return Err(escape_error(body, at, 2, MALFORMED));
                }
                let Some(close) = body[after_n..].find('}').map(|i| after_n + i) else {
                    return Err(escape_error(body, at, body.len() - at, MALFORMED));
                };
                let name = &body[after_n + 1..close];
                if name.is_empty() {
                    return Err(escape_error(body, at, 3, MALFORMED));
                }
                match lookup_char_name(name) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(escape_error(
                            body,
                            at,
                            close + 1 - at,
                            "unknown Unicode character name",
                        ));
                    }
                }
                while chars.next_if(|&(i, _)| i <= close).is_some() {}
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// `\N{name}`: a character name or alias, any case, as `unicodedata.lookup` takes it.
fn lookup_char_name(name: &str) -> Option<char> {
    unicode_names2::character(name).or_else(|| {
        let upper = name.to_ascii_uppercase();
        unicode_names2::character(&upper)
    })
}

/// The escape error of the escape at byte `at` of `body` spanning `len` bytes of the body.
///
/// CPython first rewrites every non-ASCII character of the body as a 10-byte `\UXXXXXXXX`
/// escape (and a backslash before one as the 6-byte `\u005c`), then decodes; its positions
/// count in that rewritten text, so ours do too.
fn escape_error(body: &str, at: usize, len: usize, reason: &str) -> LiteralError {
    let rewritten_len = |text: &str| -> usize {
        let mut n = 0;
        let mut prev_backslash = false;
        for c in text.chars() {
            if c.is_ascii() {
                n += 1;
            } else {
                if prev_backslash {
                    n += 5;
                }
                n += 10;
            }
            prev_backslash = c == '\\' && !prev_backslash;
        }
        n
    };
    let start = rewritten_len(body.get(..at).unwrap_or(""));
    let end = start + rewritten_len(body.get(at..at + len).unwrap_or("")) - 1;
    LiteralError::new(format!(
        "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{end}: {reason}"
    ))
}

/// Decodes the body of a `bytes` literal: ASCII only; escapes interpreted unless `raw`
/// (`\N`, `\u` and `\U` are not escapes in bytes).
pub fn decode_bytes(body: &str, raw: bool) -> Result<Vec<u8>, LiteralError> {
    if !body.is_ascii() {
        return Err(LiteralError::new(
            "bytes can only contain ASCII literal characters",
        ));
    }
    let bytes = body.as_bytes();
    if raw || !bytes.contains(&b'\\') {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = bytes.get(i) else {
            return Err(LiteralError::new("(value error) Trailing \\ in string"));
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut value = u32::from(e - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                // CPython keeps the low 8 bits of `\400`..`\777` (and warns).
                out.push((value & 0xFF) as u8);
            }
            b'x' => {
                let hex = |b: Option<&u8>| b.and_then(|&b| char::from(b).to_digit(16));
                match (hex(bytes.get(i)), hex(bytes.get(i + 1))) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(LiteralError::new(format!(
                            "(value error) invalid \\x escape at position {}",
                            i - 2
                        )));
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// The value of a number literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// An integer of any size.
    Int(BigInt),
    /// A float.
    Float(f64),
    /// An imaginary number: the value of `1.5j` is `Complex(1.5)`.
    Complex(f64),
}

/// CPython's limit on decimal digits in an integer literal (`sys.int_info.default_max_str_digits`).
pub const MAX_STR_DIGITS: usize = 4300;

/// The value of the text of a `Number` token. Floats are correctly rounded (`1e400` is
/// infinity, as in CPython); a decimal integer of more than 4300 significant digits is
/// CPython's error.
pub fn parse_number(text: &str) -> Result<Number, LiteralError> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let bad = || LiteralError::new(format!("invalid number literal: {text}"));
    if let Some(imag) = clean.strip_suffix(['j', 'J']) {
        return parse_float(imag).map(Number::Complex).ok_or_else(bad);
    }
    let lower = clean.get(..2).map(str::to_ascii_lowercase);
    let radix = match lower.as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = clean.get(2..).unwrap_or("");
        return BigInt::from_str_radix(digits, radix)
            .map(Number::Int)
            .map_err(|_| bad());
    }
    if clean.contains(['.', 'e', 'E']) {
        return parse_float(&clean).map(Number::Float).ok_or_else(bad);
    }
    let significant = clean.trim_start_matches('0').len();
    if significant > MAX_STR_DIGITS {
        return Err(LiteralError::new(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has \
             {significant} digits; use sys.set_int_max_str_digits() to increase the limit - \
             Consider hexadecimal for huge integer literals to avoid decimal conversion limits."
        )));
    }
    if clean.len() <= 18 {
        // The common case, without going through the digit-by-digit big-integer parser.
        return clean
            .parse::<i64>()
            .map(|v| Number::Int(BigInt::from(v)))
            .map_err(|_| bad());
    }
    BigInt::from_str_radix(&clean, 10)
        .map(Number::Int)
        .map_err(|_| bad())
}

/// A decimal float as Python writes it (digits, `.`, exponent; no sign, no `inf`).
fn parse_float(text: &str) -> Option<f64> {
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    // Rust's parser is correctly rounded and saturates huge exponents to infinity or zero.
    text.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    //! Expected values and messages printed by CPython 3.11.7.

    use super::*;

    fn s(body: &str) -> Result<String, String> {
        decode_str(body, false).map_err(|e| e.msg)
    }

    #[test]
    fn prefixes() {
        let l = parse_string_prefix("Rb'''x'''").unwrap();
        assert!(l.is_bytes && l.is_raw && !l.is_fstring && !l.is_unicode_u);
        assert_eq!((l.quote_len, l.body, l.body_offset), (3, "x", 5));
        let l = parse_string_prefix("u''").unwrap();
        assert!(l.is_unicode_u);
        assert_eq!((l.quote_len, l.body), (1, ""));
        let l = parse_string_prefix("\"\"").unwrap();
        assert_eq!((l.quote_len, l.body), (1, ""));
        let l = parse_string_prefix("''''''").unwrap();
        assert_eq!((l.quote_len, l.body), (3, ""));
        let l = parse_string_prefix("fR\"a'b\"").unwrap();
        assert!(l.is_fstring && l.is_raw);
        assert_eq!(l.body, "a'b");
        assert_eq!(parse_string_prefix("x"), None);
        assert_eq!(parse_string_prefix("'"), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(
            s(r#"a\n\t\\\'\"\a\b\f\v\r"#),
            Ok("a\n\t\\'\"\x07\x08\x0c\x0b\r".into())
        );
        assert_eq!(s("a\\\nb"), Ok("ab".into()));
        assert_eq!(s(r"\0\101\1011\777\8"), Ok("\0AA1\u{1ff}\\8".into()));
        assert_eq!(s(r"\x41\u00e9\U0001F600"), Ok("Aé😀".into()));
        assert_eq!(s(r"\d\ \é"), Ok("\\d\\ \\é".into()));
        assert_eq!(s(r"\ud800"), Ok("\u{FFFD}".into()));
        assert_eq!(
            s(
                r"\N{LATIN SMALL LETTER A}\N{latin small letter a}\N{LATIN CAPITAL LETTER GHA}\N{BYTE ORDER MARK}\N{CJK UNIFIED IDEOGRAPH-4E00}\N{HANGUL SYLLABLE GA}"
            ),
            Ok("aa\u{1a2}\u{feff}\u{4e00}\u{ac00}".into())
        );
        assert_eq!(decode_str(r"\n\x", true), Ok(r"\n\x".into()));
        assert_eq!(s("é\\"), Ok("é\\".into()));
    }

    #[test]
    fn escape_errors() {
        let pre = "(unicode error) 'unicodeescape' codec can't decode bytes in position ";
        let cases = [
            (r"\xz", "0-1: truncated \\xXX escape"),
            (r"\x1", "0-2: truncated \\xXX escape"),
            (r"\x1z", "0-2: truncated \\xXX escape"),
            (r"\u12", "0-3: truncated \\uXXXX escape"),
            (r"\U1234", "0-5: truncated \\UXXXXXXXX escape"),
            (r"\U00110000", "0-9: illegal Unicode character"),
            (r"\N{foo}", "0-6: unknown Unicode character name"),
            (r"\N", "0-1: malformed \\N character escape"),
            (r"\N{", "0-2: malformed \\N character escape"),
            (r"\N{}", "0-2: malformed \\N character escape"),
            (r"ab\x1", "2-4: truncated \\xXX escape"),
            ("é\\x1", "10-12: truncated \\xXX escape"),
            ("\\é\\x1", "16-18: truncated \\xXX escape"),
        ];
        for (body, msg) in cases {
            assert_eq!(s(body), Err(format!("{pre}{msg}")), "{body}");
        }
    }

    #[test]
    fn bytes() {
        assert_eq!(
            decode_bytes(r"a\x41\101\777\n\N\u", false),
            Ok(b"aAA\xff\n\\N\\u".to_vec())
        );
        assert_eq!(decode_bytes(r"\x41", true), Ok(b"\\x41".to_vec()));
        assert_eq!(
            decode_bytes(r"\x1z", false).unwrap_err().msg,
            "(value error) invalid \\x escape at position 0"
        );
        assert_eq!(
            decode_bytes("é", true).unwrap_err().msg,
            "bytes can only contain ASCII literal characters"
        );
    }

    #[test]
    fn numbers() {
        let int = |t: &str| match parse_number(t) {
            Ok(Number::Int(v)) => v.to_string(),
            other => panic!("{t}: {other:?}"),
        };
        let float = |t: &str| match parse_number(t) {
            Ok(Number::Float(v)) => v,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(int("0"), "0");
        assert_eq!(int("000"), "0");
        assert_eq!(int("1_000"), "1000");
        assert_eq!(int("0x_fF"), "255");
        assert_eq!(int("0O17"), "15");
        assert_eq!(int("0b1_01"), "5");
        assert_eq!(
            int("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
        assert_eq!(int(&"1".repeat(4300)), "1".repeat(4300));
        assert_eq!(float("1e999999999999999999"), f64::INFINITY);
        assert_eq!(float("1e-99999999999"), 0.0);
        assert_eq!(float("0.1e310"), f64::INFINITY);
        assert_eq!(float("1_0.5_5e1_0"), 105500000000.0);
        assert_eq!(float("00.5"), 0.5);
        assert_eq!(float("1."), 1.0);
        assert_eq!(float(".5"), 0.5);
        assert_eq!(
            float("123456789012345678901234567890e-20"),
            1234567890.1234567
        );
        assert_eq!(float("0.1"), 0.1);
        assert_eq!(parse_number("1.5J"), Ok(Number::Complex(1.5)));
        assert_eq!(parse_number("1_0j"), Ok(Number::Complex(10.0)));
        assert_eq!(
            parse_number(&format!("1{}", "1".repeat(4300)))
                .unwrap_err()
                .msg,
            "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; \
             use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge \
             integer literals to avoid decimal conversion limits."
        );
        assert!(parse_number(&"0".repeat(5000)).is_ok());
        assert!(parse_number(&format!("0x{}", "1".repeat(5000))).is_ok());
    }
}

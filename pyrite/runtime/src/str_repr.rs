//! `repr` of `str` and `bytes`, exactly as CPython 3.11's `unicode_repr` and `bytes_repr`.
//!
//! Rules shared by both:
//! - quote: `'` unless the text contains `'` and no `"`, then `"`; only the chosen quote is
//!   escaped;
//! - `\\`, `\t`, `\n`, `\r` are escaped by name; other control characters below 0x20 and 0x7f
//!   become `\xNN` (lowercase hex, as everywhere in CPython's reprs).
//!
//! `str` keeps every printable character as is, ASCII or not, and escapes the others as
//! `\xNN` (below 0x100), `\uNNNN` (below 0x10000) or `\UNNNNNNNN`. "Printable" is
//! `str.isprintable()`: every character whose general category is not Cc, Cf, Cs, Co, Cn, Zl,
//! Zp or Zs, plus the space. The categories come from `unicode-general-category` 0.5.1, which
//! carries Unicode 14.0, the version CPython 3.11's `unicodedata` is built from; a newer table
//! would call characters assigned since then printable where CPython escapes them.
//! `bytes` escapes every byte of 0x80 and above as `\xNN`.
//!
//! Invariant: [`str_repr`] equals CPython 3.11's `repr(s)` for every string of scalar values (the
//! unit tests check all code points outside the surrogates against a real CPython when one is
//! installed), and [`bytes_repr`] equals `repr(b)` for every byte string.

use unicode_general_category::{GeneralCategory, get_general_category};

/// `str.isprintable()` for one character (CPython's `Py_UNICODE_ISPRINTABLE`).
pub fn is_printable(c: char) -> bool {
    use GeneralCategory::*;
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        Control
            | Format
            | Surrogate
            | PrivateUse
            | Unassigned
            | LineSeparator
            | ParagraphSeparator
            | SpaceSeparator
    )
}

/// The quote CPython's repr picks: `"` only when the text has `'` and no `"`.
fn choose_quote(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double { '"' } else { '\'' }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `prefix` then `width` lowercase hex digits of `value`.
fn push_hex(out: &mut String, prefix: &str, value: u32, width: u32) {
    out.push_str(prefix);
    for shift in (0..width).rev() {
        out.push(HEX[((value >> (shift * 4)) & 0xF) as usize] as char);
    }
}

/// `repr(s)` for a Python `str`: `'abc'`, `"it's"`, `'\n'`, `'\x00'`, `'é'`, `'\u200b'`.
pub fn str_repr(s: &str) -> String {
    let quote = choose_quote(s.contains('\''), s.contains('"'));
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c < ' ' || c == '\x7f' => push_hex(&mut out, "\\x", c as u32, 2),
            c if c.is_ascii() => out.push(c),
            c if is_printable(c) => out.push(c),
            c => {
                let code = c as u32;
                if code <= 0xFF {
                    push_hex(&mut out, "\\x", code, 2);
                } else if code <= 0xFFFF {
                    push_hex(&mut out, "\\u", code, 4);
                } else {
                    push_hex(&mut out, "\\U", code, 8);
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `repr(b)` for a Python `bytes`: `b'abc'`, `b"it's"`, `b'\x00\xff'`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = choose_quote(b.contains(&b'\''), b.contains(&b'"'));
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if byte as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(byte as char),
            _ => push_hex(&mut out, "\\x", u32::from(byte), 2),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_repr_examples() {
        let cases: &[(&str, &str)] = &[
            ("", "''"),
            ("abc", "'abc'"),
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("both ' and \"", "'both \\' and \"'"),
            ("a\\b", "'a\\\\b'"),
            ("\t\n\r", "'\\t\\n\\r'"),
            ("\0\x1f\x7f", "'\\x00\\x1f\\x7f'"),
            ("\u{80}\u{a0}\u{ad}", "'\\x80\\xa0\\xad'"),
            ("é€", "'é€'"),
            ("\u{200b}\u{2028}\u{3000}", "'\\u200b\\u2028\\u3000'"),
            (
                "\u{e000}\u{10ffff}\u{e0001}",
                "'\\ue000\\U0010ffff\\U000e0001'",
            ),
            ("😀", "'😀'"),
        ];
        for &(s, expected) in cases {
            assert_eq!(str_repr(s), expected, "repr of {s:?}");
        }
    }

    #[test]
    fn bytes_repr_examples() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "b''"),
            (b"abc", "b'abc'"),
            (b"it's", "b\"it's\""),
            (b"'\"", "b'\\'\"'"),
            (b"\\\t\n\r", "b'\\\\\\t\\n\\r'"),
            (b"\x00\x7f\x80\xff", "b'\\x00\\x7f\\x80\\xff'"),
        ];
        for &(b, expected) in cases {
            assert_eq!(bytes_repr(b), expected, "repr of {b:?}");
        }
    }

    const PYTHON: &str = "/root/.pyenv/versions/3.11.7/bin/python3";

    /// Every code point but the surrogates, one per line, compared with CPython's `repr(chr(c))`.
    #[test]
    fn str_repr_agrees_with_cpython_on_every_code_point() {
        if !std::path::Path::new(PYTHON).exists() {
            println!("skipped: {PYTHON} is not installed");
            return;
        }
        let script = "import sys\n\
                      out = [repr(chr(c)) for c in range(0x110000) if not 0xD800 <= c < 0xE000]\n\
                      sys.stdout.buffer.write('\\n'.join(out).encode('utf-8'))\n";
        let output = std::process::Command::new(PYTHON)
            .arg("-c")
            .arg(script)
            .output()
            .expect("run python3");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).expect("python prints UTF-8");
        let mut mismatches = Vec::new();
        let mut total = 0usize;
        let chars = (0..0x11_0000u32).filter_map(char::from_u32);
        let mut expected = stdout.split('\n');
        for c in chars {
            total += 1;
            let want = expected.next().unwrap_or("<missing>");
            // A line feed inside a repr never happens: it is always escaped.
            let got = str_repr(&c.to_string());
            if got != want {
                mismatches.push(format!("U+{:04X}: got {got}, CPython {want}", c as u32));
            }
        }
        assert!(
            expected.next().is_none(),
            "CPython printed more lines than code points"
        );
        println!(
            "str repr: {} of {total} code points agree with CPython",
            total - mismatches.len()
        );
        assert!(
            mismatches.is_empty(),
            "{} mismatches:\n{}",
            mismatches.len(),
            mismatches[..mismatches.len().min(30)].join("\n")
        );
    }

    #[test]
    fn bytes_repr_agrees_with_cpython_on_every_byte() {
        if !std::path::Path::new(PYTHON).exists() {
            println!("skipped: {PYTHON} is not installed");
            return;
        }
        let script = "import sys\n\
                      out = [repr(bytes([b])) for b in range(256)]\n\
                      out.append(repr(bytes(range(256))))\n\
                      sys.stdout.write('\\n'.join(out))\n";
        let output = std::process::Command::new(PYTHON)
            .arg("-c")
            .arg(script)
            .output()
            .expect("run python3");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).expect("python prints ASCII");
        let mut inputs: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
        inputs.push((0..=255u8).collect());
        let expected: Vec<&str> = stdout.split('\n').collect();
        assert_eq!(expected.len(), inputs.len());
        for (input, want) in inputs.iter().zip(expected) {
            assert_eq!(bytes_repr(input), want, "repr of {input:?}");
        }
    }
}

//! The codecs behind `str.encode`, `bytes.decode`, `str(b, encoding)` and `bytes(s, encoding)`:
//! UTF-8, ASCII and Latin-1, with the `strict`, `ignore`, `replace` (and, for encoding,
//! `xmlcharrefreplace` and `backslashreplace`) error handlers.
//!
//! Messages are CPython's (`'utf-8' codec can't decode byte 0xff in position 0: invalid start
//! byte`). Divergences: other codecs raise `LookupError: unknown encoding: x` (CPython knows
//! many more); `surrogateescape`/`surrogatepass` are unknown handlers here, because pyrite's
//! `str` cannot hold lone surrogates; a `UnicodeError`'s `args` is its message only, not
//! CPython's five-tuple (so `str(e)` agrees, `e.start` does not exist).

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};

/// A codec this module implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// UTF-8.
    Utf8,
    /// ASCII (code points below 128).
    Ascii,
    /// Latin-1 (code points below 256).
    Latin1,
}

impl Codec {
    /// The codec's name in messages.
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// Code points at or above this cannot be encoded.
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x11_0000,
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
        }
    }
}

/// Looks a codec up by any of CPython's spellings (case, `-`/`_`/space insensitive).
pub fn lookup(encoding: &str) -> PyResult<Codec> {
    let norm: String = encoding
        .trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    Ok(match norm.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
        "ascii" | "us-ascii" | "646" | "us" => Codec::Ascii,
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819"
        | "iso-ir-100" => Codec::Latin1,
        _ => {
            return raise(
                BuiltinType::LookupError,
                format!("unknown encoding: {encoding}"),
            );
        }
    })
}

fn unknown_handler<T>(errors: &str) -> PyResult<T> {
    raise(
        BuiltinType::LookupError,
        format!("unknown error handler name '{errors}'"),
    )
}

/// `text.encode(encoding, errors)`.
pub fn encode(text: &str, codec: Codec, errors: &str) -> PyResult<Vec<u8>> {
    if codec == Codec::Utf8 {
        return Ok(text.as_bytes().to_vec());
    }
    let limit = codec.limit();
    let mut out = Vec::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        match errors {
            "strict" => {
                let mut end = i + 1;
                while end < chars.len() && chars[end] as u32 >= limit {
                    end += 1;
                }
                let what = if end - i == 1 {
                    format!(
                        "character '{}' in position {i}",
                        crate::format::ascii_escape(&c.to_string())
                    )
                } else {
                    format!("characters in position {i}-{}", end - 1)
                };
                return raise(
                    BuiltinType::UnicodeEncodeError,
                    format!(
                        "'{}' codec can't encode {what}: ordinal not in range({limit})",
                        codec.name()
                    ),
                );
            }
            "ignore" => {}
            "replace" => out.push(b'?'),
            "xmlcharrefreplace" => out.extend(format!("&#{};", c as u32).bytes()),
            "backslashreplace" => out.extend(crate::format::ascii_escape(&c.to_string()).bytes()),
            other => return unknown_handler(other),
        }
        i += 1;
    }
    Ok(out)
}

/// `data.decode(encoding, errors)`.
pub fn decode(data: &[u8], codec: Codec, errors: &str) -> PyResult<String> {
    if !matches!(errors, "strict" | "ignore" | "replace") {
        // CPython looks the handler up only when an error occurs.
        let clean = match codec {
            Codec::Utf8 => std::str::from_utf8(data).is_ok(),
            Codec::Ascii => data.is_ascii(),
            Codec::Latin1 => true,
        };
        if !clean {
            return unknown_handler(errors);
        }
    }
    match codec {
        Codec::Latin1 => Ok(data.iter().map(|&b| char::from(b)).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b.is_ascii() {
                    out.push(char::from(b));
                    continue;
                }
                match errors {
                    "ignore" => {}
                    "replace" => out.push('\u{FFFD}'),
                    _ => {
                        return raise(
                            BuiltinType::UnicodeDecodeError,
                            format!(
                                "'ascii' codec can't decode byte 0x{b:02x} in position {i}: \
                                 ordinal not in range(128)"
                            ),
                        );
                    }
                }
            }
            Ok(out)
        }
        Codec::Utf8 => decode_utf8(data, errors),
    }
}

fn decode_utf8(data: &[u8], errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(data.len());
    let mut rest = data;
    let mut offset = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Ok(out);
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let bad_len = e.error_len().unwrap_or(rest.len() - good);
                match errors {
                    "ignore" => {}
                    "replace" => out.push('\u{FFFD}'),
                    _ => {
                        let start = offset + good;
                        let lead = rest[good];
                        let reason = match e.error_len() {
                            None => "unexpected end of data",
                            Some(_) if (0xC2..=0xF4).contains(&lead) => "invalid continuation byte",
                            Some(_) => "invalid start byte",
                        };
                        let what = if bad_len == 1 {
                            format!("byte 0x{lead:02x} in position {start}")
                        } else {
                            format!("bytes in position {start}-{}", start + bad_len - 1)
                        };
                        return raise(
                            BuiltinType::UnicodeDecodeError,
                            format!("'utf-8' codec can't decode {what}: {reason}"),
                        );
                    }
                }
                let skip = good + bad_len;
                offset += skip;
                rest = &rest[skip..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::builtins::test_util::err_text;
    use super::*;

    fn dec(b: &[u8], errors: &str) -> Result<String, String> {
        decode(b, Codec::Utf8, errors).map_err(|e| err_text(&e))
    }

    #[test]
    fn utf8_errors_match_cpython() {
        assert_eq!(
            dec(b"\xe4\xb8x", "strict").unwrap_err(),
            "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"
        );
        assert_eq!(
            dec(b"\xe4\xb8", "strict").unwrap_err(),
            "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
        );
        assert_eq!(
            dec(b"a\xed\xa0\x80", "strict").unwrap_err(),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte"
        );
        assert_eq!(
            dec(b"\xc0\x80", "strict").unwrap_err(),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"
        );
        assert_eq!(dec(b"\xe4\xb8x", "replace").unwrap(), "\u{FFFD}x");
        assert_eq!(dec(b"a\xffb", "ignore").unwrap(), "ab");
    }

    #[test]
    fn encode_errors_match_cpython() {
        let e = encode("a\u{20ac}\u{20ac}b", Codec::Ascii, "strict").unwrap_err();
        assert_eq!(
            err_text(&e),
            "UnicodeEncodeError: 'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)"
        );
        let e = encode("\u{e9}\u{20ac}", Codec::Latin1, "strict").unwrap_err();
        assert_eq!(
            err_text(&e),
            "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u20ac' in position 1: ordinal not in range(256)"
        );
        assert_eq!(
            encode("a\u{e9}\u{20ac}b", Codec::Ascii, "xmlcharrefreplace").unwrap(),
            b"a&#233;&#8364;b"
        );
        assert_eq!(lookup("UTF_8").unwrap(), Codec::Utf8);
        assert!(lookup("bogus").is_err());
    }
}

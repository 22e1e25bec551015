//! Source decoding: a file's bytes to the text the lexer reads, as CPython 3.11 does it.
//!
//! Steps: reject NUL bytes; strip a UTF-8 BOM; look for a PEP 263 coding declaration in a
//! comment on line 1, or on line 2 when line 1 is blank or a comment; decode (UTF-8 by
//! default); turn `\r\n` and `\r` into `\n` (universal newlines, as CPython's tokenizer does).
//!
//! Encodings: UTF-8 and ISO-8859-1 under every name CPython's tokenizer or `codecs.lookup`
//! accepts for them, ASCII, and the legacy single-byte encodings that files of the standard
//! library declare (cp1252, iso8859-15, iso8859-5, koi8-r). Any other name is
//! `unknown encoding: NAME` (CPython knows more codecs; those are a documented gap).
//!
//! Invariant: the text returned holds no NUL and no `\r`; every failure is a [`SyntaxError`] with
//! CPython's message. [`decode`] words errors as `compile(source_bytes, ...)` does;
//! [`decode_file`] as `python3 FILE` does (the two differ for undecodable bytes). What the text
//! no longer shows (a BOM, whether a declaration was found) is kept by [`Declaration::of`]: the
//! parser needs it to locate errors as CPython does.

use crate::{SyntaxError, SyntaxErrorKind};

/// Decodes a source file's bytes to text, errors worded as `compile(bytes, ...)` words them.
pub fn decode(source: &[u8]) -> Result<String, SyntaxError> {
    decode_as(source, None)
}

/// Decodes the bytes of the file `filename`, errors worded as `python3 FILE` words them.
pub fn decode_file(source: &[u8], filename: &str) -> Result<String, SyntaxError> {
    decode_as(source, Some(filename))
}

/// What CPython's tokenizer learns of a file's encoding before reading its first token: whether
/// the file starts with a UTF-8 BOM, and whether it has a coding declaration. Either one sets
/// `tok->encoding`, which makes CPython 3.11 count the columns of the errors its parser raises
/// in characters instead of bytes, and a BOM shows in the text of line 1 of those errors (see
/// `error.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Declaration {
    /// The file starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// The file has a PEP 263 coding declaration on line 1 or 2.
    pub cookie: bool,
}

impl Declaration {
    /// The declaration of the file whose bytes are `source`.
    pub fn of(source: &[u8]) -> Declaration {
        let (bom, body) = match source.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (true, rest),
            None => (false, source),
        };
        Declaration {
            bom,
            cookie: coding_declaration(body).is_some(),
        }
    }

    /// Whether CPython counts parser error columns in characters for this file.
    pub fn counts_chars(self) -> bool {
        self.bom || self.cookie
    }
}

/// A supported encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
    /// A single-byte encoding: ASCII, then this table for bytes 0x80..=0xFF (0: undefined).
    Table(&'static str, &'static [u16; 128]),
}

fn error(msg: impl Into<String>, lineno: u32, offset: u32) -> SyntaxError {
    SyntaxError {
        kind: SyntaxErrorKind::SyntaxError,
        msg: msg.into(),
        lineno,
        offset,
        end_lineno: lineno,
        end_offset: 0,
        text: None,
    }
}

fn decode_as(source: &[u8], filename: Option<&str>) -> Result<String, SyntaxError> {
    if let Some(nul) = source.iter().position(|&b| b == 0) {
        // `python3 FILE` wording and line, for `compile(bytes)` too (which says "source code
        // string ..." with no line): every error of a parse keeps a line.
        let line = 1 + source[..nul].iter().filter(|&&b| b == b'\n').count() as u32;
        return Err(error("source code cannot contain null bytes", line, 0));
    }
    let (bom, body) = match source.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, source),
    };
    let encoding = match coding_declaration(body) {
        None => Encoding::Utf8,
        Some(name) => {
            let normal = normal_name(name);
            if bom {
                // With a BOM only "utf-8" itself (after the tokenizer's own normalization).
                if normal != "utf-8" {
                    return Err(error(format!("encoding problem: {normal} with BOM"), 0, 0));
                }
                Encoding::Utf8
            } else {
                match lookup(&normal) {
                    Some(encoding) => encoding,
                    None if filename.is_some() => {
                        return Err(error(format!("encoding problem: {normal}"), 0, 0));
                    }
                    None => return Err(error(format!("unknown encoding: {normal}"), 0, 0)),
                }
            }
        }
    };
    let text = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(e) => return Err(utf8_error(body, &e, filename)),
        },
        Encoding::Latin1 => body.iter().map(|&b| char::from(b)).collect(),
        Encoding::Ascii => match body.iter().position(|b| !b.is_ascii()) {
            None => body.iter().map(|&b| char::from(b)).collect(),
            Some(at) => {
                let msg = match filename {
                    Some(_) => "encoding problem: ascii".to_owned(),
                    None => format!(
                        "'ascii' codec can't decode byte 0x{:02x} in position {at}: ordinal not in range(128)",
                        body[at]
                    ),
                };
                return Err(error(msg, 0, 0));
            }
        },
        Encoding::Table(name, table) => {
            let mut text = String::with_capacity(body.len());
            for (at, &b) in body.iter().enumerate() {
                let ch = if b < 0x80 {
                    Some(char::from(b))
                } else {
                    char::from_u32(u32::from(table[usize::from(b - 0x80)])).filter(|&c| c != '\0')
                };
                match ch {
                    Some(ch) => text.push(ch),
                    None => {
                        let msg = match filename {
                            Some(_) => format!("encoding problem: {name}"),
                            None => format!(
                                "'charmap' codec can't decode byte 0x{b:02x} in position {at}: character maps to <undefined>"
                            ),
                        };
                        return Err(error(msg, 0, 0));
                    }
                }
            }
            text
        }
    };
    Ok(universal_newlines(text))
}

/// `\r\n` and `\r` to `\n`.
fn universal_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The error for bytes that are not UTF-8 in a file with no coding declaration.
///
/// `python3 FILE` names the first bad byte and its line. `compile(bytes)` decodes as it
/// tokenizes, so it reports the bad sequence within the name-like run of bytes around it
/// (letters, digits, `_`, non-ASCII), at the end of that run; we word every bad byte that way.
fn utf8_error(body: &[u8], e: &std::str::Utf8Error, filename: Option<&str>) -> SyntaxError {
    let at = e.valid_up_to();
    let bad = body.get(at).copied().unwrap_or(0);
    let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count() as u32;
    if let Some(filename) = filename {
        return error(
            format!(
                "Non-UTF-8 code starting with '\\x{bad:02x}' in file {filename} on line {line}, \
                 but no encoding declared; see https://peps.python.org/pep-0263/ for details"
            ),
            0,
            0,
        );
    }
    let name_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    let run_start = body[..at]
        .iter()
        .rposition(|b| !name_byte(b))
        .map_or(0, |i| i + 1);
    let run_end = body[at..]
        .iter()
        .position(|b| !name_byte(b))
        .map_or(body.len(), |i| at + i);
    let line_start = body[..at]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    // Within the run the sequence is cut short by the run's end, or is bad by itself.
    let run = &body[run_start..run_end];
    let (len, reason) = match std::str::from_utf8(&run[at - run_start..]) {
        Err(e2) if e2.valid_up_to() == 0 => match e2.error_len() {
            None => (run_end - at, "unexpected end of data"),
            Some(n) => {
                if matches!(bad, 0x80..=0xC1 | 0xF5..=0xFF) {
                    (1, "invalid start byte")
                } else {
                    (n, "invalid continuation byte")
                }
            }
        },
        _ => (1, "invalid start byte"),
    };
    let position = at - run_start;
    let bytes = if len > 1 {
        format!("bytes in position {position}-{}", position + len - 1)
    } else {
        format!("byte 0x{bad:02x} in position {position}")
    };
    error(
        format!("(unicode error) 'utf-8' codec can't decode {bytes}: {reason}"),
        line,
        (run_end - line_start) as u32,
    )
}

/// The encoding named in a PEP 263 declaration on line 1, or on line 2 if line 1 is blank or
/// only a comment: CPython's `get_coding_spec`, which takes `coding[:=]` anywhere in a comment
/// that is alone on its line.
fn coding_declaration(body: &[u8]) -> Option<&str> {
    let mut lines = body.split_inclusive(|&b| b == b'\n' || b == b'\r');
    let first = lines.next()?;
    if let Some(name) = coding_spec(first) {
        return Some(name);
    }
    let blank_or_comment = first
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .is_none_or(|&b| matches!(b, b'#' | b'\n' | b'\r'));
    if blank_or_comment {
        return lines.next().and_then(coding_spec);
    }
    None
}

/// The coding spec of one line (line break included), if any.
fn coding_spec(line: &[u8]) -> Option<&str> {
    // CPython scans while `i < size - 6`.
    let limit = line.len().checked_sub(6)?;
    let hash = line.iter().position(|&b| b == b'#')?;
    if hash >= limit
        || !line[..hash]
            .iter()
            .all(|&b| matches!(b, b' ' | b'\t' | b'\x0c'))
    {
        return None;
    }
    let mut i = hash;
    while i < limit {
        if line[i..].starts_with(b"coding") && matches!(line.get(i + 6), Some(b':' | b'=')) {
            let mut t = i + 7;
            while matches!(line.get(t), Some(b' ' | b'\t')) {
                t += 1;
            }
            let begin = t;
            while line
                .get(t)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                t += 1;
            }
            if begin < t {
                // ASCII by construction.
                return std::str::from_utf8(&line[begin..t]).ok();
            }
        }
        i += 1;
    }
    None
}

/// CPython's `get_normal_name`: the tokenizer's own spelling of UTF-8 and Latin-1 (from the
/// first 12 characters, lowercased, `_` as `-`); other names unchanged.
fn normal_name(name: &str) -> String {
    let buf: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if buf == "utf-8" || buf.starts_with("utf-8-") {
        "utf-8".to_owned()
    } else if ["latin-1", "iso-8859-1", "iso-latin-1"].contains(&buf.as_str())
        || ["latin-1-", "iso-8859-1-", "iso-latin-1-"]
            .iter()
            .any(|p| buf.starts_with(p))
    {
        "iso-8859-1".to_owned()
    } else {
        name.to_owned()
    }
}

/// `codecs.lookup` for the encodings we support: the name normalized as
/// `encodings.normalize_encoding` does (lowercase; runs of other characters than letters,
/// digits and `.` become one `_`, trimmed), then the codec's aliases.
fn lookup(name: &str) -> Option<Encoding> {
    let mut key = String::with_capacity(name.len());
    let mut pending_underscore = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if pending_underscore && !key.is_empty() {
                key.push('_');
            }
            pending_underscore = false;
            key.push(c.to_ascii_lowercase());
        } else {
            pending_underscore = true;
        }
    }
    Some(match key.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" | "utf_8_sig" => {
            Encoding::Utf8
        }
        "latin_1" | "8859" | "cp819" | "csisolatin1" | "ibm819" | "iso8859" | "iso8859_1"
        | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" | "l1" | "latin" | "latin1" => {
            Encoding::Latin1
        }
        "ascii" | "646" | "ansi_x3.4_1968" | "ansi_x3.4_1986" | "ansi_x3_4_1968" | "cp367"
        | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us"
        | "us_ascii" => Encoding::Ascii,
        "cp1252" | "1252" | "windows_1252" => Encoding::Table("cp1252", &CP1252),
        "iso8859_15" | "iso_8859_15" | "l9" | "latin9" => {
            Encoding::Table("iso8859-15", &ISO8859_15)
        }
        "iso8859_5" | "csisolatincyrillic" | "cyrillic" | "iso_8859_5" | "iso_8859_5_1988"
        | "iso_ir_144" => Encoding::Table("iso8859-5", &ISO8859_5),
        "koi8_r" | "cskoi8r" => Encoding::Table("koi8-r", &KOI8_R),
        _ => return None,
    })
}

/// Latin-1 for bytes 0x80..=0xFF, with `patches` (byte, code point) applied.
const fn latin1_with(patches: &[(u8, u16)]) -> [u16; 128] {
    let mut table = [0u16; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = 0x80 + i as u16;
        i += 1;
    }
    let mut p = 0;
    while p < patches.len() {
        table[(patches[p].0 - 0x80) as usize] = patches[p].1;
        p += 1;
    }
    table
}

/// Windows-1252 (undefined: 0x81, 0x8D, 0x8F, 0x90, 0x9D), from CPython's `cp1252` codec.
static CP1252: [u16; 128] = latin1_with(&[
    (0x80, 8364),
    (0x81, 0),
    (0x82, 8218),
    (0x83, 402),
    (0x84, 8222),
    (0x85, 8230),
    (0x86, 8224),
    (0x87, 8225),
    (0x88, 710),
    (0x89, 8240),
    (0x8A, 352),
    (0x8B, 8249),
    (0x8C, 338),
    (0x8D, 0),
    (0x8E, 381),
    (0x8F, 0),
    (0x90, 0),
    (0x91, 8216),
    (0x92, 8217),
    (0x93, 8220),
    (0x94, 8221),
    (0x95, 8226),
    (0x96, 8211),
    (0x97, 8212),
    (0x98, 732),
    (0x99, 8482),
    (0x9A, 353),
    (0x9B, 8250),
    (0x9C, 339),
    (0x9D, 0),
    (0x9E, 382),
    (0x9F, 376),
]);

/// ISO-8859-15, from CPython's `iso8859_15` codec.
static ISO8859_15: [u16; 128] = latin1_with(&[
    (0xA4, 8364),
    (0xA6, 352),
    (0xA8, 353),
    (0xB4, 381),
    (0xB8, 382),
    (0xBC, 338),
    (0xBD, 339),
    (0xBE, 376),
]);

/// ISO-8859-5 (Cyrillic), from CPython's `iso8859_5` codec: 0xA1..=0xFF map to U+0401..=U+045F
/// except 0xAD (soft hyphen), 0xF0 (numero sign) and 0xFD (section sign).
static ISO8859_5: [u16; 128] = {
    let mut table = latin1_with(&[]);
    let mut b = 0xA1;
    while b <= 0xFF {
        table[b - 0x80] = (0x0401 - 0xA1 + b) as u16;
        b += 1;
    }
    table[0xAD - 0x80] = 0x00AD;
    table[0xF0 - 0x80] = 0x2116;
    table[0xFD - 0x80] = 0x00A7;
    table
};

/// KOI8-R, from CPython's `koi8_r` codec.
static KOI8_R: [u16; 128] = [
    9472, 9474, 9484, 9488, 9492, 9496, 9500, 9508, 9516, 9524, 9532, 9600, 9604, 9608, 9612, 9616,
    9617, 9618, 9619, 8992, 9632, 8729, 8730, 8776, 8804, 8805, 160, 8993, 176, 178, 183, 247,
    9552, 9553, 9554, 1105, 9555, 9556, 9557, 9558, 9559, 9560, 9561, 9562, 9563, 9564, 9565, 9566,
    9567, 9568, 9569, 1025, 9570, 9571, 9572, 9573, 9574, 9575, 9576, 9577, 9578, 9579, 9580, 169,
    1102, 1072, 1073, 1094, 1076, 1077, 1092, 1075, 1093, 1080, 1081, 1082, 1083, 1084, 1085, 1086,
    1087, 1103, 1088, 1089, 1090, 1091, 1078, 1074, 1100, 1099, 1079, 1096, 1101, 1097, 1095, 1098,
    1070, 1040, 1041, 1062, 1044, 1045, 1060, 1043, 1061, 1048, 1049, 1050, 1051, 1052, 1053, 1054,
    1055, 1071, 1056, 1057, 1058, 1059, 1046, 1042, 1068, 1067, 1047, 1064, 1069, 1065, 1063, 1066,
];

#[cfg(test)]
mod tests {
    //! Expected messages printed by CPython 3.11.7 (`compile(bytes)` and `python3 FILE`).

    use super::*;

    fn msg(src: &[u8]) -> String {
        decode(src).map_err(|e| e.msg).err().unwrap_or_default()
    }

    #[test]
    fn utf8_and_bom() {
        assert_eq!(decode(b"x = 1\n").as_deref(), Ok("x = 1\n"));
        assert_eq!(decode(b"\xEF\xBB\xBFx = 1\n").as_deref(), Ok("x = 1\n"));
        assert_eq!(decode(b"a\r\nb\rc\n").as_deref(), Ok("a\nb\nc\n"));
        // A second BOM is text (the lexer rejects it as U+FEFF).
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xEF\xBB\xBFx").as_deref(),
            Ok("\u{feff}x")
        );
    }

    #[test]
    fn null_bytes() {
        let e = decode(b"x = 1\n\n\x00\n").unwrap_err();
        assert_eq!(e.msg, "source code cannot contain null bytes");
        assert_eq!(e.lineno, 3);
    }

    #[test]
    fn invalid_utf8() {
        let e = decode(b"\xff\n").unwrap_err();
        assert_eq!(
            e.msg,
            "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
        );
        assert_eq!((e.lineno, e.offset), (1, 1));
        let e = decode(b"x = ab\xff\n").unwrap_err();
        assert_eq!(
            e.msg,
            "(unicode error) 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte"
        );
        assert_eq!((e.lineno, e.offset), (1, 7));
        let e = decode(b"#\n#\n\xe9\n").unwrap_err();
        assert_eq!(
            e.msg,
            "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data"
        );
        assert_eq!((e.lineno, e.offset), (3, 1));
        assert_eq!(
            msg(b"\xe2\x82a\n"),
            "(unicode error) 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"
        );
        let e = decode_file(b"x = 1\ny = 2 # \xe9\n", "/tmp/t.py").unwrap_err();
        assert_eq!(
            e.msg,
            "Non-UTF-8 code starting with '\\xe9' in file /tmp/t.py on line 2, but no encoding \
             declared; see https://peps.python.org/pep-0263/ for details"
        );
    }

    #[test]
    fn coding_declarations() {
        assert_eq!(
            decode(b"# coding: latin-1\nx = '\xe9'\n").as_deref(),
            Ok("# coding: latin-1\nx = '\u{e9}'\n")
        );
        assert_eq!(msg(b"# coding: foo\nx\n"), "unknown encoding: foo");
        assert_eq!(
            decode_file(b"# coding: foo\nx\n", "t.py").unwrap_err().msg,
            "encoding problem: foo"
        );
        assert_eq!(
            msg(b"\xef\xbb\xbf# coding: latin-1\nx\n"),
            "encoding problem: iso-8859-1 with BOM"
        );
        assert_eq!(
            msg(b"\xef\xbb\xbf# coding: ascii\nx\n"),
            "encoding problem: ascii with BOM"
        );
        assert!(decode(b"\xef\xbb\xbf# coding: utf-8\nx\n").is_ok());
        // Line 2 counts only after a blank or comment line 1; line 3 never.
        assert!(decode(b"\n\n# coding: foo\n").is_ok());
        assert!(decode(b"x\n# coding: foo\n").is_ok());
        assert_eq!(msg(b"#!x\n# coding: foo\n"), "unknown encoding: foo");
        assert_eq!(
            decode(b"#!x\n# -*- coding: iso-latin-1 -*-\n\xe9").as_deref(),
            Ok("#!x\n# -*- coding: iso-latin-1 -*-\n\u{e9}")
        );
        for name in [
            "utf8",
            "UTF-8",
            "utf_8",
            "utf-8-sig",
            "latin1",
            "l1",
            "ISO_8859-1",
            "ascii",
            "us-ascii",
            "cp1252",
            "koi8-r",
            "iso-8859-5",
            "iso-8859-15",
            "euc-jp",
        ] {
            let src = format!("# vim:fileencoding={name}\nx = 1\n");
            let ok = decode(src.as_bytes()).is_ok();
            assert_eq!(ok, name != "euc-jp", "{name}");
        }
        assert_eq!(
            msg(b"# coding: ascii\nx='\xe9'\n"),
            "'ascii' codec can't decode byte 0xe9 in position 19: ordinal not in range(128)"
        );
        assert_eq!(
            decode(b"# coding: cp1252\nx = '\x80'\n").as_deref(),
            Ok("# coding: cp1252\nx = '\u{20ac}'\n")
        );
        assert_eq!(
            decode(b"# coding: koi8-r\n\xc1").as_deref(),
            Ok("# coding: koi8-r\n\u{430}")
        );
        assert_eq!(
            decode(b"# coding: iso-8859-5\n\xb0\xf0").as_deref(),
            Ok("# coding: iso-8859-5\n\u{410}\u{2116}")
        );
    }
}

//! Every code point of planes 0-3 and 14 through every case mapping and `isX` predicate,
//! against CPython 3.11 (one `python3` process), plus the final-sigma context of `lower()`
//! next to every BMP character.

use super::unicode;

/// The code points checked: where Unicode 14 assigns characters (surrogates excluded).
fn code_points() -> impl Iterator<Item = char> {
    (0..0x4_0000u32)
        .chain(0xE_0000..0xE_1000)
        .filter_map(char::from_u32)
}

fn flag(b: bool) -> char {
    if b { '1' } else { '0' }
}

/// One line per code point: predicate flags, then the case mappings that change it.
fn describe(c: char) -> String {
    let s = c.to_string();
    let flags: String = [
        unicode::is_alpha(c),
        unicode::is_decimal(c),
        unicode::is_digit(c),
        unicode::is_numeric(c),
        unicode::is_space(c),
        unicode::str_isupper(&s),
        unicode::str_islower(&s),
        unicode::str_istitle(&s),
        unicode::str_isidentifier(&s),
        s.chars().all(crate::str_repr::is_printable),
        unicode::is_alnum(c),
    ]
    .into_iter()
    .map(flag)
    .collect();
    let maps = [
        unicode::upper(&s),
        unicode::lower(&s),
        unicode::title(&s),
        unicode::casefold(&s),
        unicode::swapcase(&s),
        unicode::capitalize(&s),
    ];
    let maps: Vec<String> = maps
        .iter()
        .map(|m| {
            if *m == s {
                String::new()
            } else {
                m.chars().map(|x| format!("{:x}.", x as u32)).collect()
            }
        })
        .collect();
    format!("{:x} {flags} {}", c as u32, maps.join(" "))
}

const SCRIPT: &str = r#"
import sys
def h(s, c):
    return "" if s == c else "".join("%x." % ord(x) for x in s)
out = []
for cp in list(range(0x40000)) + list(range(0xE0000, 0xE1000)):
    if 0xD800 <= cp < 0xE000:
        continue
    c = chr(cp)
    flags = "".join("1" if f else "0" for f in (
        c.isalpha(), c.isdecimal(), c.isdigit(), c.isnumeric(), c.isspace(), c.isupper(),
        c.islower(), c.istitle(), c.isidentifier(), c.isprintable(), c.isalnum()))
    maps = [c.upper(), c.lower(), c.title(), c.casefold(), c.swapcase(), c.capitalize()]
    out.append("%x %s %s" % (cp, flags, " ".join(h(m, c) for m in maps)))
sys.stdout.write("\n".join(out) + "\n")
"#;

#[test]
fn every_code_point_matches_cpython() {
    let Some(expected) = crate::test_python::python3(SCRIPT, "", &[]) else {
        return;
    };
    let mut mismatches = Vec::new();
    for (c, theirs) in code_points().zip(expected.lines()) {
        let ours = describe(c);
        if ours != theirs {
            mismatches.push(format!("cpython {theirs}\npyrite  {ours}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} code points differ (flags: alpha decimal digit numeric space upper lower title \
         identifier printable alnum; maps: upper lower title casefold swapcase capitalize):\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

const SIGMA_SCRIPT: &str = r#"
import sys
out = []
for cp in range(0x10000):
    if 0xD800 <= cp < 0xE000:
        continue
    c = chr(cp)
    out.append(" ".join(("A\u03a3" + c).lower().encode("unicode_escape").decode() for _ in [0])
               + " " + ("A" + c + "\u03a3").lower().encode("unicode_escape").decode()
               + " " + ("A\u03a3" + c + "b").lower().encode("unicode_escape").decode())
sys.stdout.write("\n".join(out) + "\n")
"#;

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let cp = c as u32;
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if (0x20..0x7f).contains(&cp) => out.push(c),
            _ if cp < 0x100 => out.push_str(&format!("\\x{cp:02x}")),
            _ if cp < 0x10000 => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    out
}

#[test]
fn final_sigma_matches_cpython() {
    let Some(expected) = crate::test_python::python3(SIGMA_SCRIPT, "", &[]) else {
        return;
    };
    let chars = (0..0x10000u32).filter_map(char::from_u32);
    let mut mismatches = Vec::new();
    for (c, theirs) in chars.zip(expected.lines()) {
        let ours = format!(
            "{} {} {}",
            escape(&unicode::lower(&format!("A\u{3a3}{c}"))),
            escape(&unicode::lower(&format!("A{c}\u{3a3}"))),
            escape(&unicode::lower(&format!("A\u{3a3}{c}b")))
        );
        if ours != theirs {
            mismatches.push(format!(
                "U+{:04X}: cpython {theirs} / pyrite {ours}",
                c as u32
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} differ:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

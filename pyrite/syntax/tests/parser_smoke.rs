//! Differential check of the parser against CPython's `ast.dump`, for development.
//!
//! `PYRITE_AST_EXPECTED=DIR cargo test -p pyrite-syntax --test parser_smoke -- --ignored
//! --nocapture` compares `dump(parse_module(FILE))` with `DIR/<path with / as __>.txt`, which
//! holds `ast.dump(ast.parse(open(FILE, 'rb').read()))` (or `ERROR ...` when CPython rejects the
//! file) as written by a small Python script. `PYRITE_AST_FILES` (a file listing paths, one a
//! line) selects the files; without it, the top-level files of the standard library are used.
//! The literal reprs here are approximations of Python's, good enough for the standard library.
//!
//! The always-on test checks a few sources parse to the dump CPython prints for them.

use pyrite_syntax::dump::{LiteralRepr, dump};
use std::path::Path;

/// Python-like reprs of literals.
struct Reprs;

/// `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..16.
fn float_repr(v: f64, force_point: bool) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let e = format!("{v:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.push_str(&"0".repeat(int_len - digits.len()));
                if force_point {
                    out.push_str(".0");
                }
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.push_str(&"0".repeat((-exp - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// Only printable ASCII is shown as is: the expected dumps are made ASCII with Python's
/// `backslashreplace`, which spells every other character as `repr` escapes it.
fn printable(c: char) -> bool {
    (' '..='~').contains(&c)
}

impl LiteralRepr for Reprs {
    fn float(&self, value: f64) -> String {
        float_repr(value, true)
    }
    fn complex(&self, _real: f64, imag: f64) -> String {
        format!("{}j", float_repr(imag, false))
    }
    fn str(&self, value: &str) -> String {
        let q = if value.contains('\'') && !value.contains('"') {
            '"'
        } else {
            '\''
        };
        let mut out = String::new();
        out.push(q);
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == q => {
                    out.push('\\');
                    out.push(c);
                }
                c if printable(c) => out.push(c),
                c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push_str(&format!("\\U{:08x}", c as u32)),
            }
        }
        out.push(q);
        out
    }
    fn bytes(&self, value: &[u8]) -> String {
        let q = if value.contains(&b'\'') && !value.contains(&b'"') {
            '"'
        } else {
            '\''
        };
        let mut out = String::from("b");
        out.push(q);
        for &b in value {
            match b {
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                b if b as char == q => {
                    out.push('\\');
                    out.push(q);
                }
                0x20..=0x7e => out.push(b as char),
                b => out.push_str(&format!("\\x{b:02x}")),
            }
        }
        out.push(q);
        out
    }
}

/// `ast.dump(ast.parse(src))` as pyrite prints it, or the error line.
fn pyrite_dump(src: &[u8]) -> String {
    match pyrite_syntax::parse_module(src) {
        Ok(m) => dump(&m, &Reprs),
        Err(e) => format!(
            "ERROR {} {} {} {}",
            e.kind.name(),
            e.msg,
            e.lineno,
            e.offset
        ),
    }
}

#[test]
fn small_sources_match_cpython() {
    let cases = [
        (
            "x = 1\n",
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], \
             type_ignores=[])",
        ),
        (
            "a[1:2, 3]\n",
            "Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[\
             Slice(lower=Constant(value=1), upper=Constant(value=2)), Constant(value=3)], \
             ctx=Load()), ctx=Load()))], type_ignores=[])",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(pyrite_dump(src.as_bytes()), want, "{src:?}");
    }
}

#[test]
#[ignore = "needs expected dumps from CPython: see the module doc"]
fn stdlib_matches_cpython() {
    let Ok(dir) = std::env::var("PYRITE_AST_EXPECTED") else {
        eprintln!("PYRITE_AST_EXPECTED not set");
        return;
    };
    let files: Vec<String> = match std::env::var("PYRITE_AST_FILES") {
        Ok(list) => std::fs::read_to_string(list)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect(),
        Err(_) => {
            let lib = "/root/.pyenv/versions/3.11.7/lib/python3.11";
            let mut v: Vec<String> = std::fs::read_dir(lib)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.path().to_string_lossy().into_owned())
                        .filter(|p| p.ends_with(".py"))
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        }
    };
    let (mut same, mut total) = (0, 0);
    let mut parse_time = std::time::Duration::ZERO;
    for f in &files {
        let Ok(src) = std::fs::read(f) else { continue };
        let exp_path = Path::new(&dir).join(format!("{}.txt", f.replace('/', "__")));
        let Ok(expected) = std::fs::read_to_string(&exp_path) else {
            continue;
        };
        total += 1;
        let t = std::time::Instant::now();
        let _ = std::hint::black_box(pyrite_syntax::parse_module(&src));
        parse_time += t.elapsed();
        let t = std::time::Instant::now();
        let got = pyrite_dump(&src);
        let dt = t.elapsed();
        if got == expected {
            same += 1;
            continue;
        }
        let at = got
            .bytes()
            .zip(expected.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let lo = at.saturating_sub(150);
        let cut = |s: &str| -> String {
            let mut a = lo.min(s.len());
            while !s.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = (at + 150).min(s.len());
            while !s.is_char_boundary(b) {
                b += 1;
            }
            s[a..b].to_owned()
        };
        println!(
            "MISMATCH {f} ({dt:?})\n  got: {}\n  exp: {}",
            cut(&got),
            cut(&expected)
        );
    }
    println!("{same}/{total} match (parsing alone: {parse_time:?})");
}

#[test]
#[ignore = "development aid: prints pyrite's verdict for each file in PYRITE_ERR_FILES"]
fn error_report() {
    let Ok(list) = std::env::var("PYRITE_ERR_FILES") else {
        return;
    };
    let files = std::fs::read_to_string(list).unwrap_or_default();
    let mut out = String::new();
    for f in files.lines() {
        let src = std::fs::read(f).unwrap_or_default();
        let verdict = match pyrite_syntax::parse_module(&src) {
            Ok(_) => "OK".to_owned(),
            Err(e) => format!(
                "{} {} {} {} {} {}",
                e.kind.name(),
                e.msg,
                e.lineno,
                e.offset,
                e.end_lineno,
                e.end_offset
            ),
        };
        out.push_str(&format!("{f}\t{verdict}\n"));
    }
    let _ = std::fs::write(
        std::env::var("PYRITE_ERR_OUT").unwrap_or("/tmp/err_pyrite.txt".into()),
        out,
    );
}

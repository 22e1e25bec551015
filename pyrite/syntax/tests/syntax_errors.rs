//! Syntax errors against CPython 3.11, case by case: every file of `syntax_errors/cases/` is a
//! syntax error, and `syntax_errors/expected.txt` holds what CPython 3.11.7 said about it, as
//! `syntax_errors/record.py` recorded it (run that script with CPython 3.11 to regenerate the
//! file after adding a case):
//!
//! - `compile:` the class, `lineno`, `offset`, `end_lineno`, `end_offset` (`None` and -1 as 0)
//!   and message of the error `compile(source_bytes, path, "exec")` raises; pyrite's are those
//!   of [`pyrite_syntax::parse_module`] then the symbol table and the compiler's context checks;
//! - then the report `python3 bad.py` prints, byte for byte; pyrite's is
//!   [`SyntaxError::render`] of the error found by decoding, parsing and checking the file as
//!   the `pyrite` command does ([`source::decode_file`], [`parser::parse_file`]).
//!
//! The cases cover every family: tokenizer errors, indentation and tabs, the end of the file,
//! brackets, f-strings, invalid targets, `print "x"`, missing commas, walrus and keyword misuse,
//! parameters, `match`, the symbol table's and the compiler's errors, non-ASCII lines, CRLF,
//! files without a final newline, coding declarations and BOMs. [`KNOWN_DIVERGENCES`] lists the
//! few places where pyrite knowingly differs, with the reason; a divergence that disappears
//! fails the test too, so that the list stays true.

use std::collections::BTreeMap;
use std::path::Path;

use pyrite_syntax::source::{self, Declaration};
use pyrite_syntax::{SyntaxError, parser, symtable};

/// What CPython said about one case.
struct Expected {
    /// The `compile:` line: `Class lineno offset end_lineno end_offset msg`.
    compiled: String,
    /// The report of `python3 bad.py`.
    report: String,
}

/// Which part of a case differs from CPython on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The fields of `compile(source_bytes, ...)`.
    Compiled,
    /// The report of `python3 FILE`.
    Report,
}

/// Where pyrite differs from CPython, and why.
const KNOWN_DIVERGENCES: &[(&str, Part, &str)] = &[
    (
        "deep_nesting",
        Part::Compiled,
        "CPython's compiler raises RecursionError on 5000 nested unary operators; pyrite's \
         parser stops at its own depth limit with a SyntaxError (there is no RecursionError kind)",
    ),
    ("deep_nesting", Part::Report, "as above"),
    (
        "bom_return",
        Part::Report,
        "CPython shows line 1 of a file with a BOM with the BOM; a symbol-table or compiler \
         error knows nothing of the BOM, and `SyntaxError::render` gets the decoded text",
    ),
    (
        "bad_utf8",
        Part::Compiled,
        "compile() locates undecodable bytes after the token it was decoding; pyrite's \
         `source::decode` approximates (python3 FILE has no location, and matches)",
    ),
    ("bad_utf8_line2", Part::Compiled, "as bad_utf8"),
    (
        "crlf_eof_def",
        Part::Compiled,
        "compile() of a source ending in CRLF puts an end-of-file error on the line after the \
         last (a quirk of its string tokenizer; python3 FILE does not, and matches)",
    ),
    ("eof_for_comment_crlf", Part::Compiled, "as crlf_eof_def"),
    ("eof_if_crlf", Part::Compiled, "as crlf_eof_def"),
    (
        "null_byte",
        Part::Compiled,
        "compile() says \"source code string cannot contain null bytes\" with no line; pyrite \
         words it as python3 FILE does, with the line, so that every parse error has one",
    ),
    ("null_byte_line3", Part::Compiled, "as null_byte"),
];

fn here() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/syntax_errors"))
}

/// The blocks of `expected.txt`, by case name: each starts with a line `== name` (a report's
/// lines start with spaces or a class name, never with `== `).
fn expected() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(here().join("expected.txt")).unwrap_or_default();
    let mut cases = BTreeMap::new();
    let mut current: Option<(String, Expected)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("== ") {
            cases.extend(current.take());
            let expected = Expected {
                compiled: String::new(),
                report: String::new(),
            };
            current = Some((name.trim_end().to_owned(), expected));
        } else if let Some((_, expected)) = &mut current {
            match line.strip_prefix("compile: ") {
                Some(fields) if expected.compiled.is_empty() => {
                    expected.compiled = fields.trim_end().to_owned();
                }
                _ => expected.report.push_str(line),
            }
        }
    }
    cases.extend(current);
    cases
}

/// The symbol table's and the compiler's errors of a parsed module.
fn check(module: &pyrite_syntax::ast::Mod) -> Result<(), SyntaxError> {
    symtable::build(module).and_then(|table| symtable::check_context(&table))
}

/// pyrite's `compile:` line for `bytes`, or `None` if it finds no error.
fn compiled(bytes: &[u8]) -> Option<String> {
    let error = pyrite_syntax::parse_module(bytes)
        .and_then(|module| check(&module))
        .err()?;
    Some(format!(
        "{} {} {} {} {} {}",
        error.kind.name(),
        error.lineno,
        error.offset,
        error.end_lineno,
        error.end_offset,
        error.msg
    ))
}

/// The report `pyrite bad.py` prints for `bytes` (empty if it finds no error).
fn report(bytes: &[u8]) -> String {
    let (text, outcome) = match source::decode_file(bytes, "bad.py") {
        Err(error) => (String::from_utf8_lossy(bytes).into_owned(), Err(error)),
        Ok(text) => {
            let outcome = parser::parse_file(&text, Declaration::of(bytes)).and_then(|m| check(&m));
            (text, outcome)
        }
    };
    match outcome {
        Ok(()) => String::new(),
        Err(error) => error.render("bad.py", &text),
    }
}

#[test]
fn syntax_errors_match_cpython() {
    let cases = expected();
    assert!(cases.len() >= 150, "expected.txt has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, want) in &cases {
        let path = here().join("cases").join(format!("{name}.py"));
        let Ok(bytes) = std::fs::read(&path) else {
            failures.push(format!("{name}: no file {}", path.display()));
            continue;
        };
        let known = |part: Part| {
            KNOWN_DIVERGENCES
                .iter()
                .any(|&(case, p, _)| case == name && p == part)
        };
        let got = compiled(&bytes).unwrap_or_else(|| "no error".to_owned());
        match (got == want.compiled, known(Part::Compiled)) {
            (false, false) => failures.push(format!(
                "{name} (compile):\n  cpython {}\n  pyrite  {got}",
                want.compiled
            )),
            (true, true) => failures.push(format!(
                "{name} (compile) now matches CPython: remove it from KNOWN_DIVERGENCES"
            )),
            _ => {}
        }
        let got = report(&bytes);
        match (got == want.report, known(Part::Report)) {
            (false, false) => failures.push(format!(
                "{name} (python3 FILE):\n--- cpython\n{}--- pyrite\n{got}",
                want.report
            )),
            (true, true) => failures.push(format!(
                "{name} (report) now matches CPython: remove it from KNOWN_DIVERGENCES"
            )),
            _ => {}
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ from CPython:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

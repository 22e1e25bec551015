//! Tests of the lexer, every expectation taken from CPython 3.11.7: token streams from the C
//! tokenizer's behaviour (checked with `compile` and `tokenize`), errors from
//! `compile(source_bytes, "f.py", "exec")` (class, message, lineno, offset, end_lineno,
//! end_offset; CPython's `None` and `-1` written as 0).

use super::*;
use crate::SyntaxErrorKind::{self, IndentationError, SyntaxError as Syntax, TabError};
use Op::*;
use TokenKind::{Dedent, EndMarker, Indent, Keyword as Kw, Name, Newline, Number, Op as O};

fn kinds(src: &str) -> Vec<TokenKind> {
    match tokenize(src) {
        Ok(tokens) => tokens.iter().map(|t| t.kind).collect(),
        Err(e) => panic!("{src:?}: {e:?}"),
    }
}

fn texts(src: &str) -> Vec<&str> {
    let lexer = Lexer::new(src);
    tokenize(src)
        .unwrap_or_default()
        .iter()
        .map(|t| lexer.text(t))
        .collect()
}

/// Decodes and tokenizes as CPython compiles a file; the first error.
fn first_error(src: &[u8]) -> Option<SyntaxError> {
    let text = match crate::source::decode(src) {
        Ok(text) => text,
        Err(e) => return Some(e),
    };
    tokenize(&text).err()
}

#[test]
fn indentation() {
    assert_eq!(
        kinds("if x:\n    y\n\n  # c\n    z\nw\n"),
        [
            Kw(crate::token::Keyword::If),
            Name,
            O(Colon),
            Newline,
            Indent,
            Name,
            Newline,
            Name,
            Newline,
            Dedent,
            Name,
            Newline,
            EndMarker
        ]
    );
    // Dedents at the end, after the implicit NEWLINE.
    assert_eq!(
        kinds("if x:\n  if y:\n    z"),
        [
            Kw(crate::token::Keyword::If),
            Name,
            O(Colon),
            Newline,
            Indent,
            Kw(crate::token::Keyword::If),
            Name,
            O(Colon),
            Newline,
            Indent,
            Name,
            Newline,
            Dedent,
            Dedent,
            EndMarker
        ]
    );
    // Tabs to multiples of 8, consistent with spaces under both counts.
    assert_eq!(
        kinds("if x:\n\ty\n\tz\n")
            .iter()
            .filter(|k| **k == Indent)
            .count(),
        1
    );
    assert_eq!(
        kinds("if x:\n    \ty\n    \tz\n")
            .iter()
            .filter(|k| **k == Indent)
            .count(),
        1
    );
    // Same column with tabs as 8, different with tabs as 1.
    assert_eq!(
        first_error(b"if x:\n \ty\n\tz\n").map(|e| e.kind),
        Some(TabError)
    );
    // A form feed resets the column.
    assert!(tokenize("\x0cif x:\n  a\n\x0c  b\n").is_ok());
    assert!(tokenize("if x:\n  a\n  \x0c  b\n").is_ok());
    // The first backslash decides the indentation of a continued line.
    assert!(tokenize("if x:\n  \\\n    a\n").is_ok());
    assert!(tokenize("if x:\n    \\\n  a\n").is_ok());
    // Unexpected indent is the parser's error: the lexer hands out INDENT.
    assert_eq!(kinds("x\n  y\n")[2], Indent);
    // No indentation inside brackets.
    assert_eq!(
        kinds("if 1:\n  x = (\n 1)\n  y\n"),
        kinds("if 1:\n  x = (1)\n  y\n")
    );
}

#[test]
fn lines_and_ends() {
    assert_eq!(kinds(""), [EndMarker]);
    assert_eq!(kinds("\n\n# only a comment"), [EndMarker]);
    assert_eq!(kinds("x"), [Name, Newline, EndMarker]);
    assert_eq!(kinds("x # c"), [Name, Newline, EndMarker]);
    assert_eq!(kinds("x\r\ny\rz"), kinds("x\ny\nz\n"));
    assert_eq!(kinds("x = (1,\n\n  2)\n"), kinds("x = (1, 2)\n"));
    assert_eq!(kinds("x = 1 + \\\n  2\n"), kinds("x = 1 + 2\n"));
    assert_eq!(kinds("x = (1 +\n\\\n2)\n"), kinds("x = (1 + 2)\n"));
    // A continuation onto an empty line ends the statement there.
    assert_eq!(
        kinds("x = 1 + \\\n\n"),
        [Name, O(Equal), Number, O(Plus), Newline, EndMarker]
    );
    let tokens = tokenize("ab = 'é'\ncd").unwrap_or_default();
    let at = |i: usize| {
        (
            tokens[i].start.line,
            tokens[i].start.col,
            tokens[i].end.line,
            tokens[i].end.col,
        )
    };
    assert_eq!(at(2), (1, 5, 1, 9));
    // NEWLINE has no width, at the line break; the implicit one at the end of the text.
    assert_eq!(at(3), (1, 9, 1, 9));
    assert_eq!(at(5), (2, 2, 2, 2));
    assert_eq!(tokens[6].kind, EndMarker);
    // ENDMARKER on the last line, at the column of its (implicit) line break, as CPython's C
    // tokenizer puts it; the DEDENTs of the end of the file with it.
    assert_eq!(at(6), (2, 2, 2, 2));
    let tokens = tokenize("if x:\n    pass\n\n").unwrap_or_default();
    let ends: Vec<_> = tokens[tokens.len() - 2..]
        .iter()
        .map(|t| (t.kind, t.start.line, t.start.col, t.start.offset))
        .collect();
    assert_eq!(ends, [(Dedent, 3, 0, 16), (EndMarker, 3, 0, 16)]);
    let tokens = tokenize("for x in y:\r\n# comment\r\n").unwrap_or_default();
    let end = tokens[tokens.len() - 1];
    assert_eq!((end.kind, end.start.line, end.start.col), (EndMarker, 2, 9));
    let tokens = tokenize("").unwrap_or_default();
    assert_eq!((tokens[0].start.line, tokens[0].start.col), (1, 0));
}

#[test]
fn strings() {
    assert_eq!(
        texts("a = rb'x' Br\"y\" f'{x!r}' Rf'''a\nb''' u'' '''''' \"a\\\"b\""),
        [
            "a",
            "=",
            "rb'x'",
            "Br\"y\"",
            "f'{x!r}'",
            "Rf'''a\nb'''",
            "u''",
            "''''''",
            "\"a\\\"b\"",
            "",
            ""
        ]
    );
    // `u` combines with nothing; `ur''` is the name `ur` then a string.
    assert_eq!(texts("ur'x'")[..2], ["ur", "'x'"]);
    assert_eq!(texts("bu'x'")[..2], ["bu", "'x'"]);
    assert_eq!(texts("fb'x'")[..2], ["fb", "'x'"]);
    // A string continued by a backslash spans lines; positions follow.
    let tokens = tokenize("x = 'a\\\nb' + 1\n").unwrap_or_default();
    assert_eq!((tokens[2].end.line, tokens[2].end.col), (2, 2));
    assert_eq!((tokens[4].start.line, tokens[4].start.col), (2, 5));
    let tokens = tokenize("s = '''a\nbc'''; t\n").unwrap_or_default();
    assert_eq!(
        (
            tokens[2].start.line,
            tokens[2].start.col,
            tokens[2].end.line,
            tokens[2].end.col
        ),
        (1, 4, 2, 5)
    );
}

#[test]
fn names_and_keywords() {
    use crate::token::Keyword as K;
    assert_eq!(
        kinds("async await match case _ None é ℘x x󠄀"),
        [
            Kw(K::Async),
            Kw(K::Await),
            Name,
            Name,
            Name,
            Kw(K::None),
            Name,
            Name,
            Name,
            Newline,
            EndMarker
        ]
    );
}

#[test]
fn numbers() {
    assert_eq!(
        texts("0 00 0_0 0x_1f 0O17 0b1_0 1_000.000_1e-1_0J .5 1. 1.e5j 09.5 09j 0e0 1E+5"),
        [
            "0",
            "00",
            "0_0",
            "0x_1f",
            "0O17",
            "0b1_0",
            "1_000.000_1e-1_0J",
            ".5",
            "1.",
            "1.e5j",
            "09.5",
            "09j",
            "0e0",
            "1E+5",
            "",
            ""
        ]
    );
    // A keyword glued to a number is accepted (CPython warns).
    assert_eq!(texts("1if x else 2")[..2], ["1", "if"]);
    assert_eq!(texts("1else")[..2], ["1", "else"]);
    assert_eq!(texts("0o7and 1")[..2], ["0o7", "and"]);
    assert_eq!(texts("0x1for x in y")[..2], ["0x1f", "or"]);
    assert_eq!(texts("1ifx")[..2], ["1", "ifx"]);
    assert_eq!(texts("1..real")[..3], ["1.", ".", "real"]);
    assert_eq!(
        first_error(b"1.real").map(|e| (e.msg, e.offset)),
        Some(("invalid decimal literal".to_string(), 2))
    );
}

#[test]
fn operators() {
    assert_eq!(
        texts("a->b ... := != <> **= //= >>= <<= @= -> ! . .."),
        [
            "a", "->", "b", "...", ":=", "!=", "<>", "**=", "//=", ">>=", "<<=", "@=", "->", "!",
            ".", ".", ".", "", ""
        ]
    );
    assert_eq!(kinds("a ! b")[1], O(Exclamation));
    assert_eq!(kinds("<>")[0], O(NotEqual));
}

#[test]
fn stray_characters_are_not_sticky() {
    let mut lexer = Lexer::new("a $ (b\nc = )\n");
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(lexer.next_token().map(|t| t.kind).map_err(|e| e.msg));
    }
    assert_eq!(seen[1], Err("invalid syntax".to_string()));
    assert_eq!(seen[2], Ok(O(LPar)));
    // The parser failed on line 1; the rest is tokenized: the bracket of line 1 is open, but
    // the parser's error is not on a later line, so the tokenizer's own error wins.
    let mut lexer = Lexer::new("a $ (b\nc = )\n");
    let _ = lexer.next_token();
    assert_eq!(lexer.scan_rest_for_errors(1).map(|(_, e)| e.msg), None);
}

#[test]
fn scan_rest() {
    // CPython: `foo(a b\nx = 'abc\n` reports the unterminated string of line 2.
    let mut lexer = Lexer::new("foo(a b\nx = 'abc\n");
    for _ in 0..4 {
        let _ = lexer.next_token();
    }
    assert_eq!(
        lexer.scan_rest_for_errors(1).map(|(_, e)| e.msg),
        Some("unterminated string literal (detected at line 2)".to_string())
    );
    // `foo(a b\nx = (\n` keeps the parser's error (the open bracket is on the error's line).
    let mut lexer = Lexer::new("foo(a b\nx = (\n");
    for _ in 0..4 {
        let _ = lexer.next_token();
    }
    assert_eq!(lexer.scan_rest_for_errors(1), None);
    // `x = (1,\n2 3)\ny = [\n`: parser error on line 2, `[` of line 3 is open but later: kept;
    // a bracket open on a line before the parser's error replaces it.
    let mut lexer = Lexer::new("f(\na b\n");
    for _ in 0..4 {
        let _ = lexer.next_token();
    }
    let e = lexer.scan_rest_for_errors(2);
    assert_eq!(
        e.map(|(_, e)| (e.msg, e.lineno, e.offset)),
        Some(("'(' was never closed".to_string(), 1, 2))
    );
    // Indentation errors do not replace the parser's error.
    let mut lexer = Lexer::new("x = 1 +\n        a\n    b\n");
    for _ in 0..4 {
        let _ = lexer.next_token();
    }
    assert_eq!(lexer.scan_rest_for_errors(1), None);
    // An error the tokenizer raises wins even with a bracket open on an earlier line (CPython:
    // `d = {\n 1: 'a' b\n 2: 'c,\n` is the unterminated string, not the `{`).
    let mut lexer = Lexer::new("d = {\n 1: 'a' b\n 2: 'c,\n");
    for _ in 0..6 {
        let _ = lexer.next_token();
    }
    assert_eq!(
        lexer
            .scan_rest_for_errors(2)
            .map(|(_, e)| (e.msg, e.lineno)),
        Some((
            "unterminated string literal (detected at line 3)".to_string(),
            3
        ))
    );
}

#[test]
fn deep_nesting() {
    let src = "x = (".repeat(201);
    let e = first_error(src.as_bytes());
    assert_eq!(
        e.map(|e| (e.msg, e.lineno, e.offset, e.end_offset)),
        Some(("too many nested parentheses".to_string(), 1, 1005, 1005))
    );
    let mut src = String::from("if x:\n");
    for i in 1..102 {
        src += &" ".repeat(i);
        src += "if x:\n";
    }
    let e = first_error(src.as_bytes());
    assert_eq!(
        e.map(|e| (e.kind, e.msg, e.lineno, e.offset, e.end_offset)),
        Some((
            IndentationError,
            "too many levels of indentation".to_string(),
            101,
            1,
            0
        ))
    );
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "\\",
        "\\\n",
        "'",
        "'''",
        "\"\"\"\n\\",
        "0x",
        "0b_",
        "1e",
        "1_",
        "é",
        "\u{feff}",
        "(((",
        ")))",
        "\t\t\t",
        "\x0c",
        "if x:\n\tx\n        y",
        "x\r",
        "'\\\r\n'",
        "\r\r",
        "0\u{e9}",
        "1.\u{e9}",
        "1e\u{e9}",
        "1e+\u{e9}",
        "0x\u{e9}",
        "0o\u{e9}",
        "\u{e9}'",
        "'\\\u{e9}'",
        "#\u{e9}",
        "\x00",
        "a\x00b",
    ];
    for src in inputs {
        let _ = tokenize(src);
        let mut lexer = Lexer::new(src);
        let _ = lexer.scan_rest_for_errors(1);
    }
}

/// `(source, class, message, (lineno, offset, end_lineno, end_offset))` from CPython 3.11.7.
type ErrorCase = (
    &'static [u8],
    SyntaxErrorKind,
    &'static str,
    (u32, u32, u32, u32),
);

const ERRORS: &[ErrorCase] = &[
    (b"a $ b\n", Syntax, "invalid syntax", (1, 3, 1, 4)),
    (b"a ? b\n", Syntax, "invalid syntax", (1, 3, 1, 4)),
    (b"a ` b\n", Syntax, "invalid syntax", (1, 3, 1, 4)),
    (
        b"x = 1\x01\n",
        Syntax,
        "invalid non-printable character U+0001",
        (1, 6, 1, 6),
    ),
    (
        b"x = \xe2\x82\xac\n",
        Syntax,
        "invalid character '€' (U+20AC)",
        (1, 5, 1, 5),
    ),
    (
        b"x\xe2\x82\xac = 1\n",
        Syntax,
        "invalid character '€' (U+20AC)",
        (1, 2, 1, 2),
    ),
    (
        b"x = \xc2\xa0 1\n",
        Syntax,
        "invalid non-printable character U+00A0",
        (1, 5, 1, 5),
    ),
    (
        b"\xc2\xa0x = 1\n",
        Syntax,
        "invalid non-printable character U+00A0",
        (1, 1, 1, 1),
    ),
    (
        b"x = a\xe2\x82\xacb\n",
        Syntax,
        "invalid character '€' (U+20AC)",
        (1, 6, 1, 6),
    ),
    (
        b"x = \xe2\x84\x981 + \xe2\x82\xac\xe2\x82\xac\n",
        Syntax,
        "invalid character '€' (U+20AC)",
        (1, 10, 1, 10),
    ),
    (
        b"x = \xe2\x80\x8b\n",
        Syntax,
        "invalid non-printable character U+200B",
        (1, 5, 1, 5),
    ),
    (
        b"x = 1 + \xf3\xa0\x84\x80\n",
        Syntax,
        "invalid character '󠄀' (U+E0100)",
        (1, 9, 1, 9),
    ),
    (
        b"x = \xf4\x8f\xbf\xbd\n",
        Syntax,
        "invalid non-printable character U+10FFFD",
        (1, 5, 1, 5),
    ),
    (
        b"x = 0777\n",
        Syntax,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 5, 1, 6),
    ),
    (b"x = 0_\n", Syntax, "invalid decimal literal", (1, 6, 1, 6)),
    (
        b"x = 1__0\n",
        Syntax,
        "invalid decimal literal",
        (1, 6, 1, 6),
    ),
    (b"x = 1_\n", Syntax, "invalid decimal literal", (1, 6, 1, 6)),
    (
        b"x = 0x\n",
        Syntax,
        "invalid hexadecimal literal",
        (1, 6, 1, 6),
    ),
    (
        b"x = 0xg\n",
        Syntax,
        "invalid hexadecimal literal",
        (1, 6, 1, 6),
    ),
    (
        b"x = 0x_\n",
        Syntax,
        "invalid hexadecimal literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 0x1_\n",
        Syntax,
        "invalid hexadecimal literal",
        (1, 8, 1, 8),
    ),
    (
        b"x = 0o8\n",
        Syntax,
        "invalid digit '8' in octal literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 0o18\n",
        Syntax,
        "invalid digit '8' in octal literal",
        (1, 8, 1, 8),
    ),
    (b"x = 0o\n", Syntax, "invalid octal literal", (1, 6, 1, 6)),
    (
        b"x = 0b2\n",
        Syntax,
        "invalid digit '2' in binary literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 0b12\n",
        Syntax,
        "invalid digit '2' in binary literal",
        (1, 8, 1, 8),
    ),
    (b"x = 0b\n", Syntax, "invalid binary literal", (1, 6, 1, 6)),
    (b"x = 1e\n", Syntax, "invalid decimal literal", (1, 5, 1, 5)),
    (
        b"x = 1e+\n",
        Syntax,
        "invalid decimal literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 1ex\n",
        Syntax,
        "invalid decimal literal",
        (1, 5, 1, 5),
    ),
    (
        b"x = 1abc\n",
        Syntax,
        "invalid decimal literal",
        (1, 5, 1, 5),
    ),
    (
        b"x = 0x1g\n",
        Syntax,
        "invalid hexadecimal literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 1jx\n",
        Syntax,
        "invalid imaginary literal",
        (1, 6, 1, 6),
    ),
    (
        b"x = 1.5_\n",
        Syntax,
        "invalid decimal literal",
        (1, 8, 1, 8),
    ),
    (
        b"x = 1e1_\n",
        Syntax,
        "invalid decimal literal",
        (1, 8, 1, 8),
    ),
    (
        b"x = 09\n",
        Syntax,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 5, 1, 6),
    ),
    (
        b"x = 0_7\n",
        Syntax,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 5, 1, 7),
    ),
    (
        b"x = 012_3\n",
        Syntax,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 5, 1, 6),
    ),
    (
        b"x = 1.__class__\n",
        Syntax,
        "invalid decimal literal",
        (1, 6, 1, 6),
    ),
    (
        b"x = 1andy\n",
        Syntax,
        "invalid decimal literal",
        (1, 5, 1, 5),
    ),
    (
        b"x = 1orx\n",
        Syntax,
        "invalid decimal literal",
        (1, 5, 1, 5),
    ),
    (
        b"x = 0_7_\n",
        Syntax,
        "invalid decimal literal",
        (1, 8, 1, 8),
    ),
    (
        b"x = 00_1\n",
        Syntax,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 5, 1, 8),
    ),
    (
        b"x = 0b1_\n",
        Syntax,
        "invalid binary literal",
        (1, 8, 1, 8),
    ),
    (
        b"x = 0o_8\n",
        Syntax,
        "invalid digit '8' in octal literal",
        (1, 8, 1, 8),
    ),
    (
        b"x = .5_\n",
        Syntax,
        "invalid decimal literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 1.5e\n",
        Syntax,
        "invalid decimal literal",
        (1, 7, 1, 7),
    ),
    (
        b"x = 1.5ej\n",
        Syntax,
        "invalid decimal literal",
        (1, 7, 1, 7),
    ),
    (b"x = 0e\n", Syntax, "invalid decimal literal", (1, 5, 1, 5)),
    (
        b"x = 0_0.5x\n",
        Syntax,
        "invalid decimal literal",
        (1, 9, 1, 9),
    ),
    (
        b"\xc3\xa9 = 0777\n",
        Syntax,
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        (1, 6, 1, 7),
    ),
    (
        b"\xc3\xa9 = 0x\n",
        Syntax,
        "invalid hexadecimal literal",
        (1, 6, 1, 6),
    ),
    (
        b"x = 'abc\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = 'abc",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = '''abc\n\n",
        Syntax,
        "unterminated triple-quoted string literal (detected at line 2)",
        (1, 5, 1, 5),
    ),
    (
        b"x = (1,\n'abc\n",
        Syntax,
        "unterminated string literal (detected at line 2)",
        (2, 1, 2, 1),
    ),
    (
        b"s = \"\"\"abc\ndef\n",
        Syntax,
        "unterminated triple-quoted string literal (detected at line 2)",
        (1, 5, 1, 5),
    ),
    (
        b"x = 'a\\\nb\n",
        Syntax,
        "unterminated string literal (detected at line 2)",
        (1, 5, 1, 5),
    ),
    (
        b"x = '\\\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = '''\\\n",
        Syntax,
        "unterminated triple-quoted string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = rb'abc\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"\xc3\xa9 = 'abc\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = 'a' 'b\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 9, 1, 9),
    ),
    (
        b"x = \"\"\"abc",
        Syntax,
        "unterminated triple-quoted string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = f'abc\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (
        b"x = ''''\n",
        Syntax,
        "unterminated triple-quoted string literal (detected at line 1)",
        (1, 5, 1, 5),
    ),
    (b"x = (1,\n", Syntax, "'(' was never closed", (1, 5, 1, 0)),
    (
        b"x = (1,\ny = [\n",
        Syntax,
        "'[' was never closed",
        (2, 5, 2, 0),
    ),
    (
        b"x = (1]\n",
        Syntax,
        "closing parenthesis ']' does not match opening parenthesis '('",
        (1, 7, 1, 7),
    ),
    (
        b"x = (1,\n2]\n",
        Syntax,
        "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
        (2, 2, 2, 2),
    ),
    (b"x = )\n", Syntax, "unmatched ')'", (1, 5, 1, 5)),
    (b"x = }\n", Syntax, "unmatched '}'", (1, 5, 1, 5)),
    (b"x = 1\n)\n", Syntax, "unmatched ')'", (2, 1, 2, 1)),
    (b"(\n)\n)\n", Syntax, "unmatched ')'", (3, 1, 3, 1)),
    (
        b"(]\n)\n",
        Syntax,
        "closing parenthesis ']' does not match opening parenthesis '('",
        (1, 2, 1, 2),
    ),
    (b"x = (\n\n", Syntax, "'(' was never closed", (1, 5, 1, 0)),
    (b"x = (\n# c", Syntax, "'(' was never closed", (1, 5, 1, 0)),
    (
        b"x = [1,\n2, (3,\n",
        Syntax,
        "'(' was never closed",
        (2, 4, 2, 0),
    ),
    (
        b"x = (1,\n\xc3\xa9 = [\n",
        Syntax,
        "'[' was never closed",
        (2, 6, 2, 0),
    ),
    (
        b"\xc3\xa9 = (1]\n",
        Syntax,
        "closing parenthesis ']' does not match opening parenthesis '('",
        (1, 7, 1, 7),
    ),
    (
        b"f(a, [b, {c: d)])\n",
        Syntax,
        "closing parenthesis ')' does not match opening parenthesis '{'",
        (1, 15, 1, 15),
    ),
    (
        b"x = (1 for\n",
        Syntax,
        "'(' was never closed",
        (1, 5, 1, 0),
    ),
    (
        b"x = 1 \\ 2\n",
        Syntax,
        "unexpected character after line continuation character",
        (1, 8, 1, 0),
    ),
    (
        b"x = 1 \\",
        Syntax,
        "unexpected EOF while parsing",
        (1, 8, 1, 0),
    ),
    (
        b"x = 1 + \\\n",
        Syntax,
        "unexpected EOF while parsing",
        (1, 10, 1, 0),
    ),
    (
        b"y = 1\nx = 1 \\ 2\n",
        Syntax,
        "unexpected character after line continuation character",
        (2, 8, 2, 0),
    ),
    (
        b"\xc3\xa9 = 1 \\ 2\n",
        Syntax,
        "unexpected character after line continuation character",
        (1, 9, 1, 0),
    ),
    (
        b"x = (1 \\ 2\n",
        Syntax,
        "unexpected character after line continuation character",
        (1, 9, 1, 0),
    ),
    (
        b"y\nx = 1 \\",
        Syntax,
        "unexpected EOF while parsing",
        (2, 8, 2, 0),
    ),
    (
        b"x = (1 + \\\n",
        Syntax,
        "'(' was never closed",
        (1, 5, 1, 0),
    ),
    (
        b"\xc3\xa9 = 1 + \\\n",
        Syntax,
        "unexpected EOF while parsing",
        (1, 11, 1, 0),
    ),
    (
        b"  \\ x\n",
        Syntax,
        "unexpected character after line continuation character",
        (1, 4, 1, 0),
    ),
    (b"\\", Syntax, "unexpected EOF while parsing", (1, 2, 1, 0)),
    (
        b"if x:\n        a\n    b\n",
        IndentationError,
        "unindent does not match any outer indentation level",
        (3, 6, 3, 0),
    ),
    (
        b"if x:\n        a\n    bb # comment\n",
        IndentationError,
        "unindent does not match any outer indentation level",
        (3, 17, 3, 0),
    ),
    (
        b"if x:\n        a\n    \xc3\xa9 = 1\n",
        IndentationError,
        "unindent does not match any outer indentation level",
        (3, 11, 3, 0),
    ),
    (
        b"if x:\n        a\n    b",
        IndentationError,
        "unindent does not match any outer indentation level",
        (3, 6, 3, 0),
    ),
    (
        b"if x:\n        a\n    b\nc\n",
        IndentationError,
        "unindent does not match any outer indentation level",
        (3, 6, 3, 0),
    ),
    (
        b"if x:\n  if y:\n    a\n b\n",
        IndentationError,
        "unindent does not match any outer indentation level",
        (4, 3, 4, 0),
    ),
    (
        b"if x:\n\ta\n        b\n",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        (3, 1, 3, 0),
    ),
    (
        b"if x:\n        a\n\tb\n",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        (3, 1, 3, 0),
    ),
    (
        b"if x:\n  a\n\tb\n",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        (3, 1, 3, 0),
    ),
    (
        b"if x:\n\ta\n        b = (\n",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        (3, 1, 3, 0),
    ),
    (
        b"if x:\n        a\n\x0c\tb\n",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        (3, 1, 3, 0),
    ),
    (
        b"if x:\n\tif y:\n\t\ta\n\t        b\n",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        (4, 1, 4, 0),
    ),
];

#[test]
fn errors_match_cpython() {
    let mut failures = Vec::new();
    for &(src, kind, msg, at) in ERRORS {
        let got = first_error(src).map(|e| {
            (
                e.kind,
                e.msg,
                (e.lineno, e.offset, e.end_lineno, e.end_offset),
            )
        });
        let want = Some((kind, msg.to_string(), at));
        if got != want {
            failures.push(format!(
                "{:?}\n   got {got:?}\n  want {want:?}",
                String::from_utf8_lossy(src)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

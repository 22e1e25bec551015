//! Syntax errors, as CPython reports them.
//!
//! The fields are those of CPython's `SyntaxError` (`lineno`, `offset`, `end_lineno`,
//! `end_offset`, and `text` when it is not simply the source line), with CPython's conventions:
//! lines 1-based, offsets 1-based, `end_offset` exclusive, `0` where CPython has `None` or `-1`
//! (a `lineno` of 0 is CPython's `None`: an error with no location, such as an undecodable
//! file). The unit of the offsets is whatever CPython 3.11 uses for that error (below).
//!
//! `Display` is a one-line summary for logs; [`SyntaxError::render`] is the exact report
//! `python3 file.py` prints on stderr for an uncaught syntax error.
//!
//! # The unit of offsets in CPython 3.11
//!
//! - Errors the tokenizer raises itself (unterminated strings, bad numbers and characters,
//!   bracket mismatches) count characters.
//! - Errors the parser raises (`_PyPegen_raise_error_known_location`: every parser message, and
//!   the tokenizer conditions the parser words, such as bad dedents or `'(' was never closed`)
//!   count UTF-8 bytes + 1, unless the tokenizer knows the file's encoding (a coding
//!   declaration, or a UTF-8 BOM): then they are converted to characters of the line as read
//!   back from the file. With a BOM, line 1 as read back starts with U+FEFF, so the conversion
//!   counts the BOM's 3 bytes as one character and the line shown (`text`) starts with it.
//! - Symbol-table and compiler errors (`'return' outside function`, `nonlocal` misuse) count
//!   UTF-8 bytes + 1 always (the AST's `col_offset` + 1).
//! - Errors inside an f-string replacement field are raised by a sub-parser over `(` + the
//!   field's text + `)`: the offsets are bytes relative to that text, and `text` is that
//!   sub-source's line, as CPython shows it.
//!
//! # How CPython 3.11 prints a syntax error
//!
//! For `python3 file.py` the printer is C, not `traceback.py`: `sys.excepthook` is
//! `PyErr_Display`, whose `print_exception` (`Python/pythonrun.c`) calls `parse_syntax_error`
//! then `print_error_text`. The two disagree on details (the C one strips leading tabs and
//! writes spaces under them; `traceback.py` keeps tabs), and the C one is what users see, so
//! that is what [`SyntaxError::render`] copies, step for step:
//!
//! 1. `  File "FILE", line N`; with no line number (`None`), nothing but step 6.
//! 2. The text is the error's `text` if it has one, else line N of the file read with universal
//!    newlines (`\r\n` and `\r` end lines too). A line past the end of the file is empty text.
//!    Only an exact `SyntaxError` has an end position: for `IndentationError` and `TabError` it
//!    is ignored (one caret).
//! 3. If the error spans lines (`end_lineno > lineno`), the carets run to the end of the first
//!    line: `end_offset` becomes the UTF-8 size of the text including its newline. `end_offset`
//!    is then clipped to that size + 1.
//! 4. Caret count: `end_offset - offset` when `end_offset > offset` and `end_offset > 0`, else 1
//!    (computed before anything is stripped).
//! 5. Leading spaces, tabs and form feeds are stripped, moving `offset` left with them; the
//!    0-based offset is clipped to the length of the stripped line. The line is printed after 4
//!    spaces. If the offset is now negative (it pointed into the stripped indentation, or was
//!    0) no caret line is printed; otherwise 4 spaces, `offset` spaces, and the carets.
//! 6. `SyntaxError: msg` (the class name; no `: ` when the message is empty).
//!
//! Lengths in steps 3 and 5 are in UTF-8 bytes whatever the unit of the offsets, exactly as in
//! CPython's C code; on a non-ASCII line a clipped offset therefore lands further right than the
//! line's last character, as it does in CPython. Text stops at a NUL byte (C strings). The tests
//! below record the offsets CPython reported, in its units, which is how they show that the
//! printer itself is exact.

use std::fmt::Write as _;

/// Which class of syntax error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`.
    SyntaxError,
    /// `IndentationError` (a subclass of `SyntaxError`).
    IndentationError,
    /// `TabError` (a subclass of `IndentationError`).
    TabError,
}

impl SyntaxErrorKind {
    /// The Python class name.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorKind::SyntaxError => "SyntaxError",
            SyntaxErrorKind::IndentationError => "IndentationError",
            SyntaxErrorKind::TabError => "TabError",
        }
    }
}

/// A syntax error with CPython's location fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The class.
    pub kind: SyntaxErrorKind,
    /// The message (`invalid syntax`, `'(' was never closed`, ...).
    pub msg: String,
    /// Line, 1-based; 0 for an error with no location (CPython's `None`).
    pub lineno: u32,
    /// Column, 1-based, in CPython's unit for this error (see the module documentation).
    pub offset: u32,
    /// End line, 1-based.
    pub end_lineno: u32,
    /// End column, 1-based, exclusive, in the unit of `offset`.
    pub end_offset: u32,
    /// The offending line when it is not line `lineno` of the file as decoded: line 1 of a
    /// file with a BOM (which CPython shows), or the sub-source of an f-string field.
    pub text: Option<String>,
}

impl SyntaxError {
    /// A `SyntaxError` of class `kind`.
    pub fn new(kind: SyntaxErrorKind, msg: impl Into<String>, lineno: u32, offset: u32) -> Self {
        SyntaxError {
            kind,
            msg: msg.into(),
            lineno,
            offset,
            end_lineno: lineno,
            end_offset: offset,
            text: None,
        }
    }

    /// The report CPython 3.11 prints on stderr when running `filename` fails with this error:
    /// location, offending line, carets, class and message, each line ending in `\n`. `source`
    /// is the file's decoded text (the offending line is taken from it). The steps are those of
    /// the module documentation.
    pub fn render(&self, filename: &str, source: &str) -> String {
        let mut out = String::new();
        if self.lineno > 0 {
            // Writing to a `String` cannot fail.
            let _ = writeln!(out, "  File \"{filename}\", line {}", self.lineno);
        }
        let text = match &self.text {
            Some(text) => Some(text.clone()),
            None => error_line(source, self.lineno),
        };
        if let Some(text) = text {
            let offset = i64::from(self.offset);
            let mut end_offset = match self.kind {
                SyntaxErrorKind::SyntaxError => i64::from(self.end_offset),
                // `parse_syntax_error` reads the end position of exact `SyntaxError`s only.
                SyntaxErrorKind::IndentationError | SyntaxErrorKind::TabError => -1,
            };
            let multi_line =
                self.kind == SyntaxErrorKind::SyntaxError && self.end_lineno > self.lineno;
            let line_size = i64::try_from(text.len()).unwrap_or(i64::MAX);
            if multi_line {
                end_offset = line_size;
            }
            end_offset = end_offset.min(line_size.saturating_add(1));
            push_error_text(&mut out, offset, end_offset, &text);
        }
        out.push_str(self.kind.name());
        if !self.msg.is_empty() {
            out.push_str(": ");
            out.push_str(&self.msg);
        }
        out.push('\n');
        out
    }
}

/// Line `lineno` of `source` as CPython's `_PyErr_ProgramDecodedTextObject` reads it: universal
/// newlines (`\n`, `\r\n`, `\r`), the terminator normalized to `\n`. A line past the end is
/// empty text (the file-input fallback of `_PyPegen_raise_error_known_location`); an error
/// with no line (0) has no text.
fn error_line(source: &str, lineno: u32) -> Option<String> {
    let wanted = usize::try_from(lineno).ok()?.checked_sub(1)?;
    let mut rest = source;
    let mut index = 0;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let terminator = match rest.as_bytes().get(end) {
            None => 0,
            Some(b'\r') if rest.as_bytes().get(end + 1) == Some(&b'\n') => 2,
            Some(_) => 1,
        };
        if index == wanted {
            let mut line = rest[..end].to_owned();
            if terminator > 0 {
                line.push('\n');
            }
            return Some(line);
        }
        rest = &rest[end + terminator..];
        index += 1;
    }
    Some(String::new())
}

/// `print_error_text` of CPython 3.11 (`Python/pythonrun.c`): the stripped line and the caret
/// line. `offset` is 1-based; lengths are UTF-8 bytes, as in C.
fn push_error_text(out: &mut String, offset: i64, end_offset: i64, text: &str) {
    let caret_repetitions = if end_offset > 0 && end_offset > offset {
        end_offset - offset
    } else {
        1
    };
    // C strings end at the first NUL.
    let text = text.split('\0').next().unwrap_or("");
    let mut offset = offset - 1;
    let stripped = text.trim_start_matches([' ', '\t', '\u{c}']);
    offset -= i64::try_from(text.len() - stripped.len()).unwrap_or(i64::MAX);
    let line = stripped.strip_suffix('\n').unwrap_or(stripped);
    offset = offset.min(i64::try_from(line.len()).unwrap_or(i64::MAX));
    // CPython then skips lines embedded before the offset; a text read from a file is one line,
    // so there are none.
    out.push_str("    ");
    out.push_str(line);
    out.push('\n');
    if offset < 0 {
        return;
    }
    out.push_str("    ");
    out.extend(std::iter::repeat_n(
        ' ',
        usize::try_from(offset).unwrap_or(0),
    ));
    out.extend(std::iter::repeat_n(
        '^',
        usize::try_from(caret_repetitions).unwrap_or(1),
    ));
    out.push('\n');
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (line {})",
            self.kind.name(),
            self.msg,
            self.lineno
        )
    }
}

impl std::error::Error for SyntaxError {}

#[cfg(test)]
mod tests {
    //! Every expected report below was printed by CPython 3.11.7, not written by hand.
    //!
    //! `FILE_RUNS`: `python3 bad.py` on each source, stderr recorded (the absolute path CPython
    //! prints replaced by `bad.py`); the error fields are those of the exception CPython raised
    //! in that run (read in a `sys.excepthook`). `PRINTER_PROBES`: hand-made `SyntaxError`s passed
    //! to `sys.__excepthook__` (the same C printer), for edges no real file reaches.

    use super::{SyntaxError, SyntaxErrorKind};
    use SyntaxErrorKind::{IndentationError, SyntaxError as Syntax, TabError};

    struct Case {
        name: &'static str,
        source: &'static str,
        kind: SyntaxErrorKind,
        msg: &'static str,
        /// `(lineno, offset, end_lineno, end_offset)`, CPython's `None` and `-1` as 0.
        at: (u32, u32, u32, u32),
        cpython: &'static str,
    }

    fn check(cases: &[Case]) {
        let mut failures = Vec::new();
        for case in cases {
            let (lineno, offset, end_lineno, end_offset) = case.at;
            let error = SyntaxError {
                kind: case.kind,
                msg: case.msg.to_owned(),
                lineno,
                offset,
                end_lineno,
                end_offset,
                text: None,
            };
            let rendered = error.render("bad.py", case.source);
            if rendered != case.cpython {
                failures.push(format!(
                    "{}:\n--- cpython\n{}--- pyrite\n{}",
                    case.name, case.cpython, rendered
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn render_matches_cpython_file_runs() {
        check(FILE_RUNS);
    }

    #[test]
    fn render_matches_cpython_printer_probes() {
        check(PRINTER_PROBES);
    }

    #[test]
    fn line_past_end_of_file_is_empty_text() {
        let error = SyntaxError::new(Syntax, "invalid syntax", 9, 1);
        let expected = "  File \"f.py\", line 9\n    \n    ^\nSyntaxError: invalid syntax\n";
        assert_eq!(error.render("f.py", "x = 1\n"), expected);
    }

    /// `sys.__excepthook__(SyntaxError, SyntaxError('encoding problem: foobar'), None)`: with
    /// `lineno` `None` CPython prints the last line only.
    #[test]
    fn no_line_prints_the_message_only() {
        let error = SyntaxError::new(Syntax, "encoding problem: foobar", 0, 0);
        assert_eq!(
            error.render("f.py", "x\n"),
            "SyntaxError: encoding problem: foobar\n"
        );
    }

    /// A `text` of its own replaces the file's line (`python3 bad.py` on `f'{a b}'`).
    #[test]
    fn own_text_replaces_the_file_line() {
        let mut error = SyntaxError::new(
            Syntax,
            "f-string: invalid syntax. Perhaps you forgot a comma?",
            1,
            2,
        );
        error.end_offset = 5;
        error.text = Some("(a b)\n".to_owned());
        assert_eq!(
            error.render("bad.py", "f'{a b}'\n"),
            "  File \"bad.py\", line 1\n    (a b)\n     ^^^\nSyntaxError: f-string: invalid syntax. Perhaps you forgot a comma?\n"
        );
    }

    const FILE_RUNS: &[Case] = &[
        Case {
            name: "bad_dedent",
            source: "if x:\n        a = 1\n    b = 2\n",
            kind: IndentationError,
            msg: "unindent does not match any outer indentation level",
            at: (3, 10, 3, 0),
            cpython: "  File \"bad.py\", line 3\n    b = 2\n         ^\nIndentationError: unindent does not match any outer indentation level\n",
        },
        Case {
            name: "cjk",
            source: "名前 = 値 値\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 14, 1, 17),
            cpython: "  File \"bad.py\", line 1\n    名前 = 値 値\n                 ^^^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "coding_cookie_char_offsets",
            source: "# -*- coding: utf-8 -*-\ncafé = ünïcode ünïcode\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 16, 2, 23),
            cpython: "  File \"bad.py\", line 2\n    café = ünïcode ünïcode\n                   ^^^^^^^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "continuation_eof",
            source: "x = 1 + \\\n",
            kind: Syntax,
            msg: "unexpected EOF while parsing",
            at: (1, 10, 1, 0),
            cpython: "  File \"bad.py\", line 1\n    x = 1 + \\\n             ^\nSyntaxError: unexpected EOF while parsing\n",
        },
        Case {
            name: "continuation_then_blank",
            source: "x = 1 +\\\n\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 1, 2, 1),
            cpython: "  File \"bad.py\", line 2\n    \n    ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "cr_newlines",
            source: "x = 1\ry = = 2\r",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 5, 2, 6),
            cpython: "  File \"bad.py\", line 2\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "crlf",
            source: "x = 1\r\ny = = 2\r\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 5, 2, 6),
            cpython: "  File \"bad.py\", line 2\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "double_eq",
            source: "x = = 1\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 5, 1, 6),
            cpython: "  File \"bad.py\", line 1\n    x = = 1\n        ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "emoji",
            source: "s = '😀' 1\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 12, 1, 13),
            cpython: "  File \"bad.py\", line 1\n    s = '😀' 1\n               ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "eof_after_blank_lines",
            source: "class A:\n\n\n",
            kind: IndentationError,
            msg: "expected an indented block after class definition on line 1",
            at: (3, 0, 3, 0),
            cpython: "  File \"bad.py\", line 3\n    \nIndentationError: expected an indented block after class definition on line 1\n",
        },
        Case {
            name: "eof_in_block",
            source: "def f():\n",
            kind: IndentationError,
            msg: "expected an indented block after function definition on line 1",
            at: (1, 0, 1, 0),
            cpython: "  File \"bad.py\", line 1\n    def f():\nIndentationError: expected an indented block after function definition on line 1\n",
        },
        Case {
            name: "expected_indent",
            source: "if x:\nb = 2\n",
            kind: IndentationError,
            msg: "expected an indented block after 'if' statement on line 1",
            at: (2, 1, 2, 2),
            cpython: "  File \"bad.py\", line 2\n    b = 2\n    ^\nIndentationError: expected an indented block after 'if' statement on line 1\n",
        },
        Case {
            name: "formfeed",
            source: "\u{c}x = = 1\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 6, 1, 7),
            cpython: "  File \"bad.py\", line 1\n    x = = 1\n        ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "formfeed_unexpected_indent",
            source: "x = 1\n   \n\u{c}  y\n",
            kind: IndentationError,
            msg: "unexpected indent",
            at: (3, 3, 3, 0),
            cpython: "  File \"bad.py\", line 3\n    y\nIndentationError: unexpected indent\n",
        },
        Case {
            name: "generator_arg",
            source: "f(x for x in y, 1)\n",
            kind: Syntax,
            msg: "Generator expression must be parenthesized",
            at: (1, 3, 1, 15),
            cpython: "  File \"bad.py\", line 1\n    f(x for x in y, 1)\n      ^^^^^^^^^^^^\nSyntaxError: Generator expression must be parenthesized\n",
        },
        Case {
            name: "implicit_concat_multiline",
            source: "x = (\n  'a'\n  'b' c)\n",
            kind: Syntax,
            msg: "invalid syntax. Perhaps you forgot a comma?",
            at: (2, 3, 3, 8),
            cpython: "  File \"bad.py\", line 2\n    'a'\n    ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        },
        Case {
            name: "invalid_mid",
            source: "x = 1 2 + 3\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 7, 1, 8),
            cpython: "  File \"bad.py\", line 1\n    x = 1 2 + 3\n          ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "last_line_no_nl",
            source: "x = 1\ny = (1 +",
            kind: Syntax,
            msg: "'(' was never closed",
            at: (2, 5, 2, 0),
            cpython: "  File \"bad.py\", line 2\n    y = (1 +\n        ^\nSyntaxError: '(' was never closed\n",
        },
        Case {
            name: "last_line_no_nl2",
            source: "x = 1\ny = 1 +",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 8, 2, 8),
            cpython: "  File \"bad.py\", line 2\n    y = 1 +\n           ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "long_span_multiline",
            source: "x = (1 for x in y\n  if z) = 3\n",
            kind: Syntax,
            msg: "cannot assign to generator expression",
            at: (1, 5, 2, 8),
            cpython: "  File \"bad.py\", line 1\n    x = (1 for x in y\n        ^^^^^^^^^^^^^\nSyntaxError: cannot assign to generator expression\n",
        },
        Case {
            name: "missing_colon",
            source: "if x\n    pass\n",
            kind: Syntax,
            msg: "expected ':'",
            at: (1, 5, 1, 5),
            cpython: "  File \"bad.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n",
        },
        Case {
            name: "multi_line_end",
            source: "x = [1,\n     2,\n     3}\n",
            kind: Syntax,
            msg: "closing parenthesis '}' does not match opening parenthesis '[' on line 1",
            at: (3, 7, 3, 7),
            cpython: "  File \"bad.py\", line 3\n    3}\n     ^\nSyntaxError: closing parenthesis '}' does not match opening parenthesis '[' on line 1\n",
        },
        Case {
            name: "multiline_call_error",
            source: "foo(a,\n    b c,\n    d)\n",
            kind: Syntax,
            msg: "invalid syntax. Perhaps you forgot a comma?",
            at: (2, 5, 2, 8),
            cpython: "  File \"bad.py\", line 2\n    b c,\n    ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n",
        },
        Case {
            name: "multiline_non_ascii",
            source: "x = (a for a in 'é'\n  if z) = 3\n",
            kind: Syntax,
            msg: "cannot assign to generator expression",
            at: (1, 5, 2, 8),
            cpython: "  File \"bad.py\", line 1\n    x = (a for a in 'é'\n        ^^^^^^^^^^^^^^^^\nSyntaxError: cannot assign to generator expression\n",
        },
        Case {
            name: "nested_indented",
            source: "if True:\n    x = 1 +* 2\n    y = 2",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 12, 2, 13),
            cpython: "  File \"bad.py\", line 2\n    x = 1 +* 2\n           ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "non_ascii",
            source: "s = 'héllo wörld' +\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 22, 1, 22),
            cpython: "  File \"bad.py\", line 1\n    s = 'héllo wörld' +\n                         ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "non_ascii_mid",
            source: "café = ünïcode ünïcode\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 19, 1, 28),
            cpython: "  File \"bad.py\", line 1\n    café = ünïcode ünïcode\n                      ^^^^^^^^^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "nonlocal_mod",
            source: "nonlocal x\n",
            kind: Syntax,
            msg: "nonlocal declaration not allowed at module level",
            at: (1, 1, 1, 11),
            cpython: "  File \"bad.py\", line 1\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: nonlocal declaration not allowed at module level\n",
        },
        Case {
            name: "null_byte",
            source: "x = 1\0\n",
            kind: Syntax,
            msg: "source code cannot contain null bytes",
            at: (1, 0, 1, 0),
            cpython: "  File \"bad.py\", line 1\n    x = 1\nSyntaxError: source code cannot contain null bytes\n",
        },
        Case {
            name: "only_indent_eof",
            source: "if x:\n    ",
            kind: IndentationError,
            msg: "expected an indented block after 'if' statement on line 1",
            at: (2, 0, 2, 0),
            cpython: "  File \"bad.py\", line 2\n    \nIndentationError: expected an indented block after 'if' statement on line 1\n",
        },
        Case {
            name: "positional_after_kw",
            source: "f(a=1, 2)\n",
            kind: Syntax,
            msg: "positional argument follows keyword argument",
            at: (1, 9, 1, 10),
            cpython: "  File \"bad.py\", line 1\n    f(a=1, 2)\n            ^\nSyntaxError: positional argument follows keyword argument\n",
        },
        Case {
            name: "print_stmt",
            source: "print \"x\"\n",
            kind: Syntax,
            msg: "Missing parentheses in call to 'print'. Did you mean print(...)?",
            at: (1, 1, 1, 10),
            cpython: "  File \"bad.py\", line 1\n    print \"x\"\n    ^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
        },
        Case {
            name: "return_outside",
            source: "x = 1\nreturn x\n",
            kind: Syntax,
            msg: "'return' outside function",
            at: (2, 1, 2, 9),
            cpython: "  File \"bad.py\", line 2\n    return x\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n",
        },
        Case {
            name: "symtable_error_non_ascii",
            source: "é = 1\ndef f():\n    nonlocal é\n",
            kind: Syntax,
            msg: "no binding for nonlocal 'é' found",
            at: (3, 5, 3, 16),
            cpython: "  File \"bad.py\", line 3\n    nonlocal é\n    ^^^^^^^^^^^\nSyntaxError: no binding for nonlocal 'é' found\n",
        },
        Case {
            name: "tab_error_spaces_after_tab",
            source: "if 1:\n\tx = 1\n        y = 2\n",
            kind: TabError,
            msg: "inconsistent use of tabs and spaces in indentation",
            at: (3, 1, 3, 0),
            cpython: "  File \"bad.py\", line 3\n    y = 2\nTabError: inconsistent use of tabs and spaces in indentation\n",
        },
        Case {
            name: "tab_error_tab_after_spaces",
            source: "if 1:\n        x = 1\n\ty = 2\n",
            kind: TabError,
            msg: "inconsistent use of tabs and spaces in indentation",
            at: (3, 1, 3, 0),
            cpython: "  File \"bad.py\", line 3\n    y = 2\nTabError: inconsistent use of tabs and spaces in indentation\n",
        },
        Case {
            name: "tab_indented_invalid",
            source: "def f():\n\treturn 1 +* 2\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (2, 12, 2, 13),
            cpython: "  File \"bad.py\", line 2\n    return 1 +* 2\n              ^\nSyntaxError: invalid syntax\n",
        },
        Case {
            name: "tab_mid",
            source: "x = 1\t= 2\n",
            kind: Syntax,
            msg: "cannot assign to literal",
            at: (1, 5, 1, 6),
            cpython: "  File \"bad.py\", line 1\n    x = 1\t= 2\n        ^\nSyntaxError: cannot assign to literal\n",
        },
        Case {
            name: "tokenizer_error_char_offsets",
            source: "s = 'é' + 'abc\n",
            kind: Syntax,
            msg: "unterminated string literal (detected at line 1)",
            at: (1, 11, 1, 11),
            cpython: "  File \"bad.py\", line 1\n    s = 'é' + 'abc\n              ^\nSyntaxError: unterminated string literal (detected at line 1)\n",
        },
        Case {
            name: "unclosed_paren",
            source: "x = (1,\n     2\n",
            kind: Syntax,
            msg: "'(' was never closed",
            at: (1, 5, 1, 0),
            cpython: "  File \"bad.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n",
        },
        Case {
            name: "unexpected_indent",
            source: "a = 1\n    b = 2\n",
            kind: IndentationError,
            msg: "unexpected indent",
            at: (2, 4, 2, 0),
            cpython: "  File \"bad.py\", line 2\n    b = 2\nIndentationError: unexpected indent\n",
        },
        Case {
            name: "unmatched_close",
            source: "x = 1)\n",
            kind: Syntax,
            msg: "unmatched ')'",
            at: (1, 6, 1, 6),
            cpython: "  File \"bad.py\", line 1\n    x = 1)\n         ^\nSyntaxError: unmatched ')'\n",
        },
        Case {
            name: "unterminated_string",
            source: "x = 'abc\n",
            kind: Syntax,
            msg: "unterminated string literal (detected at line 1)",
            at: (1, 5, 1, 5),
            cpython: "  File \"bad.py\", line 1\n    x = 'abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n",
        },
        Case {
            name: "unterminated_triple",
            source: "x = 1\ny = \"\"\"abc\ndef\n",
            kind: Syntax,
            msg: "unterminated triple-quoted string literal (detected at line 3)",
            at: (2, 5, 2, 5),
            cpython: "  File \"bad.py\", line 2\n    y = \"\"\"abc\n        ^\nSyntaxError: unterminated triple-quoted string literal (detected at line 3)\n",
        },
        Case {
            name: "utf8_bom",
            source: "\u{feff}café = ünïcode ünïcode\n",
            kind: Syntax,
            msg: "invalid syntax",
            at: (1, 14, 1, 21),
            cpython: "  File \"bad.py\", line 1\n    \u{feff}café = ünïcode ünïcode\n                 ^^^^^^^\nSyntaxError: invalid syntax\n",
        },
    ];

    const PRINTER_PROBES: &[Case] = &[
        Case {
            name: "end_past_line_end",
            source: "\n\nabc\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 2, 3, 5),
            cpython: "  File \"bad.py\", line 3\n    abc\n     ^^^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "offset_past_line_end",
            source: "\n\nabc\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 9, 3, 12),
            cpython: "  File \"bad.py\", line 3\n    abc\n       ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "offset_inside_indentation",
            source: "\n\n  abc\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 2, 3, 9),
            cpython: "  File \"bad.py\", line 3\n    abc\nSyntaxError: bad thing\n",
        },
        Case {
            name: "end_before_offset",
            source: "\n\nabc\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 3, 3, 2),
            cpython: "  File \"bad.py\", line 3\n    abc\n      ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "indentation_error_ignores_end",
            source: "\n\nabcdef\n",
            kind: IndentationError,
            msg: "bad thing",
            at: (3, 2, 3, 5),
            cpython: "  File \"bad.py\", line 3\n    abcdef\n     ^\nIndentationError: bad thing\n",
        },
        Case {
            name: "tab_error_ignores_end",
            source: "\n\nabcdef\n",
            kind: TabError,
            msg: "bad thing",
            at: (3, 2, 3, 5),
            cpython: "  File \"bad.py\", line 3\n    abcdef\n     ^\nTabError: bad thing\n",
        },
        Case {
            name: "multi_line_runs_to_line_end",
            source: "\n\nabcdef\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 2, 4, 1),
            cpython: "  File \"bad.py\", line 3\n    abcdef\n     ^^^^^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "multi_line_non_ascii_counts_bytes",
            source: "\n\nx = 'ééé' +\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 5, 5, 3),
            cpython: "  File \"bad.py\", line 3\n    x = 'ééé' +\n        ^^^^^^^^^^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "leading_tab_stripped",
            source: "\n\n\tx = = 1\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 6, 3, 7),
            cpython: "  File \"bad.py\", line 3\n    x = = 1\n        ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "empty_text",
            source: "\n\n\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 1, 3, 2),
            cpython: "  File \"bad.py\", line 3\n    \n    ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "no_final_newline",
            source: "\n\nabc",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 4, 3, 4),
            cpython: "  File \"bad.py\", line 3\n    abc\n       ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "offset_zero",
            source: "\n\nabc\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 0, 3, 0),
            cpython: "  File \"bad.py\", line 3\n    abc\nSyntaxError: bad thing\n",
        },
        Case {
            name: "huge_offsets",
            source: "\n\nab\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 4000000000, 3, 4000000001),
            cpython: "  File \"bad.py\", line 3\n    ab\n      ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "non_ascii_offset_past_end",
            source: "\n\né\n",
            kind: Syntax,
            msg: "bad thing",
            at: (3, 5, 3, 6),
            cpython: "  File \"bad.py\", line 3\n    é\n      ^\nSyntaxError: bad thing\n",
        },
        Case {
            name: "empty_message",
            source: "\n\nabc\n",
            kind: Syntax,
            msg: "",
            at: (3, 1, 3, 2),
            cpython: "  File \"bad.py\", line 3\n    abc\n    ^\nSyntaxError\n",
        },
    ];
}

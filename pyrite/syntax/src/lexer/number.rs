//! Number literals: where one ends, and the errors CPython's tokenizer raises for malformed
//! ones (underscore placement, digits out of range, leading zeros, a letter glued to the end).
//!
//! This follows the control flow of the number part of `tok_get` step for step, with a cursor
//! that reads one byte at a time and can step back, because the error locations CPython
//! reports are wherever its cursor stood. A number is ASCII and on one line.
//!
//! One leniency is CPython's too: a literal directly followed by one of the keywords that may
//! follow a number (`1if x else y`, `0x1for`) is accepted (CPython warns; we stay silent).

use super::Lexer;
use super::errors::LexError;
use super::ident::is_potential_identifier_char;

/// The byte cursor of CPython's `tok_nextc`/`tok_backup`; -1 is EOF.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    #[inline]
    fn next(&mut self) -> i32 {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                i32::from(b)
            }
            None => -1,
        }
    }

    #[inline]
    fn backup(&mut self, c: i32) {
        if c >= 0 {
            self.pos -= 1;
        }
    }

    /// CPython's `lookahead`: do the next bytes spell `word` and end a name there? Leaves the
    /// cursor where it was.
    fn lookahead(&mut self, word: &[u8]) -> bool {
        let start = self.pos;
        let mut ok = true;
        for &w in word {
            if self.next() != i32::from(w) {
                ok = false;
                break;
            }
        }
        if ok {
            let c = self.next();
            ok = !is_ident_char(c);
        }
        self.pos = start;
        ok
    }
}

#[inline]
fn is_digit(c: i32) -> bool {
    (i32::from(b'0')..=i32::from(b'9')).contains(&c)
}

#[inline]
fn is_xdigit(c: i32) -> bool {
    u8::try_from(c).is_ok_and(|b| b.is_ascii_hexdigit())
}

#[inline]
fn is_ident_char(c: i32) -> bool {
    u8::try_from(c).is_ok_and(is_potential_identifier_char)
}

#[inline]
fn is(c: i32, a: u8, b: u8) -> bool {
    c == i32::from(a) || c == i32::from(b)
}

/// Where the decimal part of a number goes next (the `goto` targets of `tok_get`).
enum Step {
    Fraction,
    Exponent,
    Imaginary,
    End,
}

impl Lexer<'_> {
    /// Scans the number starting at `start` (a digit, or a `.` followed by a digit) and returns
    /// the byte offset just past it.
    pub(super) fn scan_number(&self, start: usize) -> Result<usize, LexError> {
        let mut cur = Cursor {
            bytes: self.bytes,
            pos: start,
        };
        let mut c = cur.next();
        let step;
        if c == i32::from(b'.') {
            c = cur.next();
            step = Step::Fraction;
        } else if c == i32::from(b'0') {
            c = cur.next();
            if is(c, b'x', b'X') {
                c = cur.next();
                loop {
                    if c == i32::from(b'_') {
                        c = cur.next();
                    }
                    if !is_xdigit(c) {
                        cur.backup(c);
                        return Err(self.number_error(&cur, "invalid hexadecimal literal"));
                    }
                    loop {
                        c = cur.next();
                        if !is_xdigit(c) {
                            break;
                        }
                    }
                    if c != i32::from(b'_') {
                        break;
                    }
                }
                return self.end_of_number(cur, c, "hexadecimal");
            } else if is(c, b'o', b'O') || is(c, b'b', b'B') {
                let (kind, top) = if is(c, b'o', b'O') {
                    ("octal", b'7')
                } else {
                    ("binary", b'1')
                };
                let in_base = |c: i32| (i32::from(b'0')..=i32::from(top)).contains(&c);
                c = cur.next();
                loop {
                    if c == i32::from(b'_') {
                        c = cur.next();
                    }
                    if !in_base(c) {
                        if is_digit(c) {
                            return Err(self.bad_digit(&cur, c, kind));
                        }
                        cur.backup(c);
                        return Err(self.number_error(&cur, &format!("invalid {kind} literal")));
                    }
                    loop {
                        c = cur.next();
                        if !in_base(c) {
                            break;
                        }
                    }
                    if c != i32::from(b'_') {
                        break;
                    }
                }
                if is_digit(c) {
                    return Err(self.bad_digit(&cur, c, kind));
                }
                return self.end_of_number(cur, c, kind);
            } else {
                // Zeros, maybe an old-style octal (now an error), maybe a float.
                loop {
                    if c == i32::from(b'_') {
                        c = cur.next();
                        if !is_digit(c) {
                            cur.backup(c);
                            return Err(self.number_error(&cur, "invalid decimal literal"));
                        }
                    }
                    if c != i32::from(b'0') {
                        break;
                    }
                    c = cur.next();
                }
                let zeros_end = cur.pos;
                let nonzero = is_digit(c);
                if nonzero {
                    c = self.decimal_tail(&mut cur)?;
                }
                if c == i32::from(b'.') {
                    c = cur.next();
                    step = Step::Fraction;
                } else if is(c, b'e', b'E') {
                    step = Step::Exponent;
                } else if is(c, b'j', b'J') {
                    step = Step::Imaginary;
                } else if nonzero {
                    cur.backup(c);
                    let col = |at: usize| (at - self.line_start) as u32;
                    return Err(self.error_range(
                        "leading zeros in decimal integer literals are not permitted; \
                         use an 0o prefix for octal integers",
                        col(start) + 1,
                        col(zeros_end),
                    ));
                } else {
                    return self.end_of_number(cur, c, "decimal");
                }
            }
        } else {
            c = self.decimal_tail(&mut cur)?;
            step = if c == i32::from(b'.') {
                c = cur.next();
                Step::Fraction
            } else {
                Step::End
            };
        }
        self.decimal_rest(cur, c, step)
    }

    /// The fraction, exponent and imaginary parts of a decimal number; `c` was just read.
    fn decimal_rest(
        &self,
        mut cur: Cursor<'_>,
        mut c: i32,
        mut step: Step,
    ) -> Result<usize, LexError> {
        if let Step::Fraction = step {
            if is_digit(c) {
                c = self.decimal_tail(&mut cur)?;
            }
            step = Step::End;
        }
        if let Step::End = step
            && is(c, b'e', b'E')
        {
            step = Step::Exponent;
        }
        if let Step::Exponent = step {
            let e = c;
            c = cur.next();
            if is(c, b'+', b'-') {
                c = cur.next();
                if !is_digit(c) {
                    cur.backup(c);
                    return Err(self.number_error(&cur, "invalid decimal literal"));
                }
            } else if !is_digit(c) {
                // `1e` then something: the number is `1`, unless a letter follows it.
                cur.backup(c);
                self.verify_end_of_number(&mut cur, e, "decimal")?;
                cur.backup(e);
                return Ok(cur.pos);
            }
            c = self.decimal_tail(&mut cur)?;
            step = Step::End;
        }
        if let Step::End = step
            && is(c, b'j', b'J')
        {
            step = Step::Imaginary;
        }
        if let Step::Imaginary = step {
            c = cur.next();
            return self.end_of_number(cur, c, "imaginary");
        }
        self.end_of_number(cur, c, "decimal")
    }

    /// `verify_end_of_number` then the final step back: the number ends before `c`.
    fn end_of_number(&self, mut cur: Cursor<'_>, c: i32, kind: &str) -> Result<usize, LexError> {
        self.verify_end_of_number(&mut cur, c, kind)?;
        cur.backup(c);
        Ok(cur.pos)
    }

    /// CPython's `tok_decimal_tail`: more digits, single underscores between them. Returns
    /// the first byte after them (already read).
    fn decimal_tail(&self, cur: &mut Cursor<'_>) -> Result<i32, LexError> {
        loop {
            let mut c;
            loop {
                c = cur.next();
                if !is_digit(c) {
                    break;
                }
            }
            if c != i32::from(b'_') {
                return Ok(c);
            }
            c = cur.next();
            if !is_digit(c) {
                cur.backup(c);
                return Err(self.number_error(cur, "invalid decimal literal"));
            }
        }
    }

    /// CPython's `verify_end_of_number`: `c` (already read) may not glue a name to the number,
    /// except the keywords that can follow a number in valid code.
    fn verify_end_of_number(
        &self,
        cur: &mut Cursor<'_>,
        c: i32,
        kind: &str,
    ) -> Result<(), LexError> {
        let keyword_follows = match u8::try_from(c).unwrap_or(0) {
            b'a' => cur.lookahead(b"nd"),
            b'e' => cur.lookahead(b"lse"),
            b'f' => cur.lookahead(b"or"),
            b'i' => {
                let c2 = cur.next();
                cur.backup(c2);
                is(c2, b'f', b'n') || c2 == i32::from(b's')
            }
            b'o' => cur.lookahead(b"r"),
            b'n' => cur.lookahead(b"ot"),
            _ => false,
        };
        if !keyword_follows && is_ident_char(c) {
            cur.backup(c);
            return Err(self.number_error(cur, &format!("invalid {kind} literal")));
        }
        Ok(())
    }

    fn number_error(&self, cur: &Cursor<'_>, msg: &str) -> LexError {
        self.error_here(cur.pos, msg.to_owned())
    }

    fn bad_digit(&self, cur: &Cursor<'_>, c: i32, kind: &str) -> LexError {
        let digit = u8::try_from(c).map(char::from).unwrap_or('?');
        self.number_error(cur, &format!("invalid digit '{digit}' in {kind} literal"))
    }
}

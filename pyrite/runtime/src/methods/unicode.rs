//! Character properties and case mappings exactly as CPython 3.11 defines them (Unicode 14.0),
//! for the `str` methods `upper`, `lower`, `title`, `capitalize`, `swapcase`, `casefold` and the
//! `isX` predicates.
//!
//! Sources, by property:
//! - general categories: the `unicode-general-category` crate, pinned to Unicode 14 like
//!   CPython 3.11 (`isalpha`, `isdecimal`, `istitle`'s `Lt`, which characters are assigned);
//! - upper/lower case mappings and the `Lowercase`/`Uppercase` properties: Rust's `std` (full
//!   mappings with `SpecialCasing`, as CPython's `_PyUnicode_ToUpperFull`), restricted to
//!   characters assigned in Unicode 14 so that characters added later stay caseless as they are
//!   in CPython 3.11;
//! - title case and case folding where they differ from upper and lower case, `isdigit`,
//!   `isnumeric`, identifier characters: [`super::unicode_tables`], generated from CPython.
//!
//! The differential test in `str_differential_tests.rs` checks every code point against a real
//! CPython. Invariant: `lower` applies CPython's final-sigma rule (`handle_capital_sigma`).

use unicode_general_category::{GeneralCategory, get_general_category};

use super::unicode_tables::{
    CASEFOLD_EXCEPTIONS, DIGIT, NUMERIC, TITLE_EXCEPTIONS, XID_CONTINUE, XID_START,
};

/// Whether `c` is assigned in Unicode 14.0 (CPython 3.11's database).
#[inline]
fn assigned(c: char) -> bool {
    c.is_ascii() || get_general_category(c) != GeneralCategory::Unassigned
}

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn in_map(table: &'static [(char, &'static str)], c: char) -> Option<&'static str> {
    table
        .binary_search_by(|&(k, _)| k.cmp(&c))
        .ok()
        .map(|i| table[i].1)
}

/// `Py_UNICODE_ISLOWER`: the `Lowercase` property.
pub fn is_lower(c: char) -> bool {
    match c {
        // Unicode 15/16 changed `Lowercase` for these (std follows the newer version).
        '\u{295}' => true,
        '\u{10FC}' | '\u{A7F2}'..='\u{A7F4}' | '\u{AB69}' => false,
        _ => c.is_lowercase() && assigned(c),
    }
}

/// Characters assigned in Unicode 14 that gained an upper-case mapping later (to characters
/// added later): caseless in CPython 3.11.
fn upper_added_later(c: char) -> bool {
    matches!(c, '\u{19B}' | '\u{264}' | '\u{A7D3}' | '\u{A7D5}')
}

/// `Py_UNICODE_ISUPPER`: the `Uppercase` property.
pub fn is_upper(c: char) -> bool {
    c.is_uppercase() && assigned(c)
}

/// `Py_UNICODE_ISTITLE`: general category `Lt`.
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && get_general_category(c) == GeneralCategory::TitlecaseLetter
}

/// `_PyUnicode_IsCased`: the `Cased` property.
pub fn is_cased(c: char) -> bool {
    is_lower(c) || is_upper(c) || is_title(c)
}

/// `_PyUnicode_IsCaseIgnorable`: the `Case_Ignorable` property (categories `Mn Me Cf Lm Sk`
/// and the `MidLetter`/`MidNumLet`/`Single_Quote` word-break characters).
pub fn is_case_ignorable(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        c,
        '\'' | '.'
            | ':'
            | '\u{B7}'
            | '\u{387}'
            | '\u{55F}'
            | '\u{5F4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{FE13}'
            | '\u{FE52}'
            | '\u{FE55}'
            | '\u{FF07}'
            | '\u{FF0E}'
            | '\u{FF1A}'
    ) || (!c.is_ascii()
        && matches!(
            get_general_category(c),
            NonspacingMark | EnclosingMark | Format | ModifierLetter | ModifierSymbol
        ))
        || c == '^'
        || c == '`'
}

/// `Py_UNICODE_ISSPACE`.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{B}'
            | '\u{C}'
            | '\r'
            | '\u{1C}'..='\u{1F}'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// `Py_UNICODE_ISALPHA`: categories `Lu Ll Lt Lm Lo`.
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter | LowercaseLetter | TitlecaseLetter | ModifierLetter | OtherLetter
    )
}

/// `Py_UNICODE_ISDECIMAL`: category `Nd`.
pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == GeneralCategory::DecimalNumber
}

/// `Py_UNICODE_ISDIGIT`.
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(DIGIT, c)
}

/// `Py_UNICODE_ISNUMERIC`.
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(NUMERIC, c)
}

/// `Py_UNICODE_ISALNUM`.
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

/// Whether `c` may start an identifier (`_` included).
pub fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_ranges(XID_START, c)
}

/// Whether `c` may continue an identifier.
pub fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_ranges(XID_CONTINUE, c)
}

/// `_PyUnicode_ToUpperFull`.
pub fn push_upper(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else if assigned(c) && !upper_added_later(c) {
        out.extend(c.to_uppercase());
    } else {
        out.push(c);
    }
}

/// `_PyUnicode_ToLowerFull` (without the final-sigma context; see [`lower`]).
pub fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if assigned(c) {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

/// `_PyUnicode_ToTitleFull`.
pub fn push_title(out: &mut String, c: char) {
    match in_map(TITLE_EXCEPTIONS, c) {
        Some(t) => out.push_str(t),
        None => push_upper(out, c),
    }
}

/// `_PyUnicode_ToFoldedFull`.
pub fn push_folded(out: &mut String, c: char) {
    match in_map(CASEFOLD_EXCEPTIONS, c) {
        Some(f) => out.push_str(f),
        None => push_lower(out, c),
    }
}

/// CPython's `lower_ucs4`: the lower case of `chars[i]`, with `Σ` becoming `ς` at the end of a
/// word (`handle_capital_sigma`).
fn push_lower_at(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c != '\u{3A3}' {
        push_lower(out, c);
        return;
    }
    let before = chars[..i].iter().rev().find(|&&p| !is_case_ignorable(p));
    let mut final_sigma = before.is_some_and(|&p| is_cased(p));
    if final_sigma {
        let after = chars[i + 1..].iter().find(|&&n| !is_case_ignorable(n));
        final_sigma = after.is_none_or(|&n| !is_cased(n));
    }
    out.push(if final_sigma { '\u{3C2}' } else { '\u{3C3}' });
}

/// `str.lower()`.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        push_lower_at(&mut out, &chars, i);
    }
    out
}

/// `str.upper()`.
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(&mut out, c);
    }
    out
}

/// `str.casefold()`.
pub fn casefold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut out, c);
    }
    out
}

/// `str.swapcase()`.
pub fn swapcase(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_upper(c) {
            push_lower_at(&mut out, &chars, i);
        } else if is_lower(c) {
            push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `str.title()`.
pub fn title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut previous_is_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if previous_is_cased {
            push_lower_at(&mut out, &chars, i);
        } else {
            push_title(&mut out, c);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

/// `str.capitalize()`: the first character title-cased, the rest lower-cased.
pub fn capitalize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            push_title(&mut out, c);
        } else {
            push_lower_at(&mut out, &chars, i);
        }
    }
    out
}

/// `str.isupper()`.
pub fn str_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_lower(c) || is_title(c) {
            return false;
        }
        cased |= is_upper(c);
    }
    cased
}

/// `str.islower()`.
pub fn str_islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            return false;
        }
        cased |= is_lower(c);
    }
    cased
}

/// `str.istitle()`.
pub fn str_istitle(s: &str) -> bool {
    let (mut cased, mut previous_is_cased) = (false, false);
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

/// `str.isidentifier()`.
pub fn str_isidentifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if is_xid_start(first) => chars.all(is_xid_continue),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_cases_match_cpython() {
        assert_eq!(upper("Straße"), "STRASSE");
        assert_eq!(lower("ǅ"), "ǆ");
        assert_eq!(lower("ΑΣ"), "ας");
        assert_eq!(lower("ΑΣ.Α"), "ασ.α");
        assert_eq!(lower("Σ"), "σ");
        assert_eq!(lower("AΣ's"), "aσ's");
        assert_eq!(swapcase("ǅ"), "ǅ");
        assert_eq!(swapcase("ß"), "SS");
        assert_eq!(title("they're bill's"), "They'Re Bill'S");
        assert_eq!(title("ǆungla"), "ǅungla");
        assert_eq!(capitalize("ßa"), "Ssa");
        assert_eq!(capitalize("ﬁx"), "Fix");
        assert_eq!(casefold("Straße"), "strasse");
        assert!(str_istitle("Title Case"));
        assert!(!str_istitle("Title case"));
        assert!(is_numeric('½') && !is_digit('½'));
        assert!(is_digit('²') && !is_decimal('²'));
        assert!(is_decimal('٣'));
        assert!(str_isidentifier("x_1") && !str_isidentifier("1x"));
    }
}

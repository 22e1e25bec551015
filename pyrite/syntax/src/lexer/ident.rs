//! Identifiers: which bytes may start and continue one (CPython's byte-level test, generous
//! for non-ASCII), the Unicode check of a non-ASCII identifier (`verify_identifier`: XID_Start
//! then XID_Continue), and the wording of the error for the first character that fails it.
//!
//! Invariant: an identifier run stops only on an ASCII byte or at the end, so its slice of the
//! source is always on char boundaries.

use super::Lexer;
use super::errors::LexError;

/// CPython's `is_potential_identifier_start`: any non-ASCII byte may start a name (the Unicode
/// check comes after).
#[inline]
pub(super) fn is_potential_identifier_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

/// CPython's `is_potential_identifier_char`.
#[inline]
pub(super) fn is_potential_identifier_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Non-ASCII characters of the categories Cf, Zs, Zl and Zp in Unicode 14.0 (CPython 3.11's
/// database). With the characters that have no name (Cc, Co, Cs, Cn), these are the ones
/// `str.isprintable()` rejects.
const NON_PRINTABLE_NAMED: &[(u32, u32)] = &[
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// `Py_UNICODE_ISPRINTABLE`: false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than
/// the space. Unassigned characters are recognized by having no name in `unicode_names2`
/// (whose Unicode version may be newer than CPython 3.11's 14.0).
pub(crate) fn is_printable(ch: char) -> bool {
    let cp = ch as u32;
    if cp < 0x80 {
        return (0x20..0x7F).contains(&cp);
    }
    if NON_PRINTABLE_NAMED
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
    {
        return false;
    }
    unicode_names2::name(ch).is_some()
}

/// The error CPython words for a character that cannot be in a name.
pub(crate) fn invalid_character_message(ch: char) -> String {
    if is_printable(ch) {
        format!("invalid character '{ch}' (U+{:04X})", ch as u32)
    } else {
        format!("invalid non-printable character U+{:04X}", ch as u32)
    }
}

impl Lexer<'_> {
    /// CPython's `verify_identifier` on `text`, the name starting at byte `start`: the first
    /// character must be XID_Start or `_`, the others XID_Continue. The error points just after
    /// the first bad character.
    pub(super) fn verify_identifier(&self, start: usize, text: &str) -> Result<(), LexError> {
        for (i, ch) in text.char_indices() {
            let ok = if i == 0 {
                ch == '_' || unicode_ident::is_xid_start(ch)
            } else {
                unicode_ident::is_xid_continue(ch)
            };
            if !ok {
                let cursor = start + i + ch.len_utf8();
                return Err(self.error_here(cursor, invalid_character_message(ch)));
            }
        }
        Ok(())
    }
}

//! Python's string formatting, byte for byte as CPython 3.11: `format(x, spec)` and the format-spec
//! mini-language, `str % args`, and `str.format` / `str.format_map` (f-strings compile to the
//! same pieces).
//!
//! # API
//!
//! Pure formatting of the builtin scalars, callable directly by every tier:
//! - [`parse_spec`]`(spec, type_name) -> FormatSpec`: the mini-language
//!   `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` ([`spec`]).
//! - [`format_int`]`(Int, &FormatSpec, type_name)`, [`format_float`]`(f64, ..)`,
//!   [`format_str`]`(&str, &FormatSpec)`: `int.__format__`, `float.__format__`,
//!   `str.__format__` on a parsed spec.
//! - [`format_builtin`]`(&Value, spec)`: `type(v).__format__(v, spec)` for `None`, `bool`, `int`,
//!   `float` and `str`; `None` for every other kind (the caller dispatches to `__format__`).
//! - [`double_to_string`]: CPython's `PyOS_double_to_string` (`'e' 'f' 'g' 'r'` layouts).
//!
//! Formatting that needs arbitrary objects goes through a [`FormatHost`] that the tier
//! implements (`str()`, `repr()`, `format()`, attribute and item access, `__index__`/`__int__`/
//! `__float__`); this module never knows about user classes:
//! - [`percent_format`]`(host, fmt, args)`: `fmt % args` ([`percent`]).
//! - [`str_format`]`(host, fmt, Some(args), kwargs)`: `fmt.format(*args, **kwargs)`, and with
//!   `None` positional arguments `fmt.format_map(mapping)` ([`template`]).
//!
//! For a tier: `format(x, spec)` and f-string fields (`f"{x!r:>{w}}"`: convert with
//! `FormatHost::repr`, build the spec text, then format) call [`format_builtin`] first and fall
//! back to the object's `__format__`; the tier's [`FormatHost::format`] does exactly that. `str %
//! x` and `str.format` are the two entry points above, given the tier's host.
//!
//! # Invariants
//!
//! - Every result and every error message equals CPython 3.11's (the differential test in
//!   `differential_tests.rs` compares about 77,000 cases against a real `python3`).
//! - No input panics. Widths and precisions up to `isize::MAX` parse as in CPython; an output
//!   longer than [`MAX_OUTPUT_BYTES`] raises `MemoryError` instead of trying to allocate it.
//! - Floats are digit-exact: fixed and exponent digits come from Rust's exact (correctly
//!   rounded, ties-to-even on the exact binary value) formatting, which is what David Gay's
//!   `dtoa` modes 2 and 3 compute; shortest digits come from [`crate::float_repr`].
//! - Decimal output of big ints obeys `sys.set_int_max_str_digits` (via [`crate::int::to_str`]);
//!   `x`, `o`, `b` never do, as in CPython.
//!
//! # Known divergences
//!
//! - The `n` type always uses the C locale (no grouping, `.` decimal point): pyrite has no
//!   `locale.setlocale`.
//! - `format(0xd800, 'c')`, `'%c' % 0xdfff`: lone surrogates are Python characters but cannot
//!   live in pyrite's UTF-8 `str`; they raise `NotImplementedError`.
//! - Results longer than [`MAX_OUTPUT_BYTES`] raise `MemoryError` where CPython, given the
//!   memory, would build them (`format(1.0, '.2000000000f')`).

pub mod float_format;
pub mod int_format;
mod number;
pub mod percent;
pub mod spec;
pub mod str_format;
pub mod template;

#[cfg(test)]
mod differential_cases;
#[cfg(test)]
mod differential_tests;

use std::borrow::Cow;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::float_repr::{float_repr, float_str};
use crate::int;
use crate::str_repr::str_repr;
use crate::value::Value;

pub use float_format::{DoubleFlags, double_to_string, format_float};
pub use int_format::{Int, format_int};
pub use percent::percent_format;
pub use spec::{Align, FormatSpec, parse_spec};
pub use str_format::format_str;
pub use template::{Kwargs, str_format};

/// The longest string (in bytes) a single formatting operation produces. CPython would try to
/// allocate any size and raise `MemoryError` when that fails; we raise it before allocating
/// (`format(1, '999999999999999999')` is `MemoryError` in both).
pub const MAX_OUTPUT_BYTES: usize = 1 << 30;

/// `MemoryError` when `len` bytes exceed [`MAX_OUTPUT_BYTES`].
fn check_output_len(len: usize) -> PyResult<()> {
    if len > MAX_OUTPUT_BYTES {
        return raise(BuiltinType::MemoryError, "");
    }
    Ok(())
}

/// What formatting needs from the tier to handle values it cannot format itself.
///
/// `str`/`repr` are required; the other methods have defaults that are complete for the
/// builtin kinds and treat user instances as having no `__format__`/`__index__`/`__int__`/
/// `__float__`/`__getitem__`; a tier overrides them to call those dunder methods.
pub trait FormatHost {
    /// `str(v)`.
    fn str(&mut self, v: &Value) -> PyResult<String>;

    /// `repr(v)`.
    fn repr(&mut self, v: &Value) -> PyResult<String>;

    /// `ascii(v)`: `repr(v)` with non-ASCII characters escaped.
    fn ascii(&mut self, v: &Value) -> PyResult<String> {
        Ok(ascii_escape(&self.repr(v)?))
    }

    /// `format(v, spec)`, i.e. `type(v).__format__(v, spec)`. The default covers the builtin
    /// scalars and `object.__format__` for everything else.
    fn format(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        match format_builtin(v, spec) {
            Some(result) => result,
            None => object_format(self, v, spec),
        }
    }

    /// `getattr(v, name)` (for `'{0.name}'`). The default knows no attributes.
    fn getattr(&mut self, v: &Value, name: &str) -> PyResult<Value> {
        raise(
            BuiltinType::AttributeError,
            format!("'{}' object has no attribute '{name}'", type_name(v)),
        )
    }

    /// `v[key]` (for `'{0[key]}'` and `'%(key)s' % mapping`).
    fn getitem(&mut self, v: &Value, key: &Value) -> PyResult<Value>;

    /// Whether `v` supports `v[key]` (CPython's `PyMapping_Check`): decides whether `str % v`
    /// may use `%(key)s`. The default: `dict`, `list`, `bytes`, `range` (and `tuple`/`str`,
    /// which `%` excludes itself).
    fn is_mapping(&mut self, v: &Value) -> bool {
        matches!(
            v,
            Value::Dict(_) | Value::List(_) | Value::Bytes(_) | Value::Range(_)
        )
    }

    /// `v` as an `int` for `%d`/`%x`/`%c`: `operator.index(v)` when `index_only`, else
    /// `int(v)` (CPython's `PyNumber_Long`). `Ok(None)` means "not a number" (the caller raises
    /// its own `TypeError`). The default covers the builtin kinds.
    fn to_int(&mut self, v: &Value, index_only: bool) -> PyResult<Option<Value>> {
        builtin_to_int(v, index_only)
    }

    /// `v` as a float for `%f` and friends (`float(v)` via `__float__`/`__index__`); `Ok(None)`
    /// means "not a number". The default covers the builtin kinds.
    fn to_float(&mut self, v: &Value) -> PyResult<Option<f64>> {
        builtin_to_float(v)
    }
}

/// `object.__format__`: `str(v)` for an empty spec, else `TypeError`.
pub fn object_format<H: FormatHost + ?Sized>(
    host: &mut H,
    v: &Value,
    spec: &str,
) -> PyResult<String> {
    if spec.is_empty() {
        host.str(v)
    } else {
        raise(
            BuiltinType::TypeError,
            format!(
                "unsupported format string passed to {}.__format__",
                type_name(v)
            ),
        )
    }
}

/// `type(v).__format__(v, spec)` for the builtin scalars (`None`, `bool`, `int`, `float`,
/// `str`); `None` for any other kind of value.
pub fn format_builtin(v: &Value, spec: &str) -> Option<PyResult<String>> {
    let result = match v {
        Value::None if spec.is_empty() => Ok("None".to_owned()),
        Value::None => raise(
            BuiltinType::TypeError,
            "unsupported format string passed to NoneType.__format__",
        ),
        Value::Bool(b) if spec.is_empty() => Ok(if *b { "True" } else { "False" }.to_owned()),
        Value::Bool(b) => parse_spec(spec, "bool")
            .and_then(|parsed| format_int(Int::Small(i64::from(*b)), &parsed, "bool")),
        Value::Int(i) if spec.is_empty() => Ok(i.to_string()),
        Value::Int(i) => {
            parse_spec(spec, "int").and_then(|parsed| format_int(Int::Small(*i), &parsed, "int"))
        }
        Value::BigInt(b) if spec.is_empty() => int::to_str(Int::Big(b)),
        Value::BigInt(b) => {
            parse_spec(spec, "int").and_then(|parsed| format_int(Int::Big(b), &parsed, "int"))
        }
        Value::Float(x) if spec.is_empty() => Ok(float_str(*x)),
        Value::Float(x) => {
            parse_spec(spec, "float").and_then(|parsed| format_float(*x, &parsed, "float"))
        }
        Value::Str(s) if spec.is_empty() => Ok(s.as_str().to_owned()),
        Value::Str(s) => parse_spec(spec, "str").and_then(|parsed| format_str(s.as_str(), &parsed)),
        _ => return None,
    };
    Some(result)
}

/// `type(v).__name__`, as CPython's error messages spell it.
pub fn type_name(v: &Value) -> Cow<'_, str> {
    let builtin = match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::BigInt(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Bytes(_) => "bytes",
        Value::Tuple(_) => "tuple",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        Value::Set(_) => "set",
        Value::FrozenSet(_) => "frozenset",
        Value::Range(_) => "range",
        Value::Slice(_) => "slice",
        Value::Type(_) => "type",
        Value::Function(_) => "function",
        Value::Builtin(_) => "builtin_function_or_method",
        Value::Method(_) => "method",
        Value::Instance(i) => return Cow::Borrowed(i.class.name.as_str()),
        Value::Exception(e) => return Cow::Borrowed(e.class.name.as_str()),
        Value::Other(o) => return Cow::Borrowed(o.type_name()),
    };
    Cow::Borrowed(builtin)
}

/// `str(v)` for the scalars whose text this crate computes (`None`, `bool`, `int`, `float`,
/// `str`); `None` for other kinds. Big ints obey `sys.set_int_max_str_digits`.
pub fn scalar_str(v: &Value) -> Option<PyResult<String>> {
    match v {
        Value::Float(x) => Some(Ok(float_str(*x))),
        Value::Str(s) => Some(Ok(s.as_str().to_owned())),
        other => scalar_repr(other),
    }
}

/// `repr(v)` for the scalars (`None`, `bool`, `int`, `float`, `str`); `None` for other kinds.
pub fn scalar_repr(v: &Value) -> Option<PyResult<String>> {
    Some(Ok(match v {
        Value::None => "None".to_owned(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => return Some(int::to_str(Int::Big(b))),
        Value::Float(x) => float_repr(*x),
        Value::Str(s) => str_repr(s.as_str()),
        _ => return None,
    }))
}

/// `ascii()`'s escaping of a `repr`: every non-ASCII character becomes `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN` (CPython's `backslashreplace`).
pub fn ascii_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        if code < 0x80 {
            out.push(c);
        } else if code < 0x100 {
            out.push_str(&format!("\\x{code:02x}"));
        } else if code < 0x10000 {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push_str(&format!("\\U{code:08x}"));
        }
    }
    out
}

/// `operator.index(v)` (when `index_only`) or `int(v)` for the builtin kinds; `Ok(None)` when
/// `v` is not a number.
pub fn builtin_to_int(v: &Value, index_only: bool) -> PyResult<Option<Value>> {
    Ok(Some(match v {
        Value::Int(_) | Value::BigInt(_) => v.clone(),
        Value::Bool(b) => Value::Int(i64::from(*b)),
        Value::Float(x) if !index_only => int::from_f64(*x)?,
        _ => return Ok(None),
    }))
}

/// `float(v)` for the builtin numbers; `Ok(None)` when `v` is not a number.
pub fn builtin_to_float(v: &Value) -> PyResult<Option<f64>> {
    Ok(Some(match v {
        Value::Float(x) => *x,
        other => match Int::from_value(other) {
            Some(i) => int::to_f64(i)?,
            None => return Ok(None),
        },
    }))
}

/// The decimal value of a Unicode decimal digit (general category `Nd`), as CPython's
/// `Py_UNICODE_TODECIMAL`; `None` for any other character. Unicode guarantees that `Nd`
/// characters come in contiguous runs of ten, `0` to `9`, and adjacent runs start on a
/// multiple of ten from the start of the block.
pub(crate) fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    if c.is_ascii() || !is_nd(c) {
        return None;
    }
    let mut start = c as u32;
    while let Some(prev) = start.checked_sub(1).and_then(char::from_u32) {
        if !is_nd(prev) {
            break;
        }
        start -= 1;
    }
    Some((c as u32 - start) % 10)
}

fn is_nd(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    get_general_category(c) == GeneralCategory::DecimalNumber
}

/// `'\x%x'`-style rendering of a format character in CPython's messages: the character itself
/// when `lo < code < hi`, else `\x` and lowercase hex without padding.
fn char_for_message(c: char, lo: u32, hi: u32) -> String {
    let code = c as u32;
    if code > lo && code < hi {
        c.to_string()
    } else {
        format!("\\x{code:x}")
    }
}

/// CPython's `unknown_presentation_type` error.
fn unknown_code<T>(ty: char, type_name: &str) -> PyResult<T> {
    raise(
        BuiltinType::ValueError,
        format!(
            "Unknown format code '{}' for object of type '{type_name}'",
            char_for_message(ty, 32, 128)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_values_of_unicode_digits() {
        assert_eq!(decimal_value('7'), Some(7));
        assert_eq!(decimal_value('\u{0665}'), Some(5)); // ARABIC-INDIC DIGIT FIVE
        assert_eq!(decimal_value('\u{1D7CE}'), Some(0)); // MATHEMATICAL BOLD DIGIT ZERO
        assert_eq!(decimal_value('\u{1D7D8}'), Some(0)); // MATHEMATICAL DOUBLE-STRUCK ZERO
        assert_eq!(decimal_value('\u{1D7E1}'), Some(9));
        assert_eq!(decimal_value('x'), None);
        assert_eq!(decimal_value('\u{00B2}'), None); // superscript two is No, not Nd
    }

    #[test]
    fn builtin_format_of_scalars() {
        let f = |v: Value, s: &str| format_builtin(&v, s).unwrap();
        assert_eq!(f(Value::None, "").unwrap(), "None");
        assert!(f(Value::None, "s").is_err());
        assert_eq!(f(Value::Bool(true), "").unwrap(), "True");
        assert_eq!(f(Value::Bool(true), "^5").unwrap(), "  1  ");
        assert_eq!(f(Value::Float(1e16), "").unwrap(), "1e+16");
        assert_eq!(f(Value::str("ab"), "").unwrap(), "ab");
        assert!(format_builtin(&Value::list(vec![]), "").is_none());
    }

    #[test]
    fn ascii_escapes() {
        assert_eq!(
            ascii_escape("'é\u{20ac}\u{1F600}'"),
            "'\\xe9\\u20ac\\U0001f600'"
        );
    }
}

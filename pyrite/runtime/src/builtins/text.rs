//! Text builtins: `str()`, `repr`, `ascii`, `ord`, `chr`, `format`, and `bytes()`.
//!
//! Conversions to text go through [`crate::ops`] (`str_`, `repr`, `ascii`, `format`), so user
//! dunders are honoured wherever the object protocol honours them; decoding and encoding go
//! through [`crate::methods::codecs`]. Invariant: messages are CPython 3.11's.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::int::Int;
use crate::interp::Interp;
use crate::methods::codecs;
use crate::ops;
use crate::types::PyBytes;
use crate::value::Value;

use super::args::{Kwargs, Params, no_kwargs, one_arg, positional, type_error};
use super::numeric::index;

const STR: Params<'static> = Params {
    fname: "str",
    names: &["object", "encoding", "errors"],
    posonly: 0,
    required: 0,
    kwonly_from: 3,
};

/// An optional `str` argument of `str()`/`bytes()`: `{func}() argument '{name}' must be str,
/// not int`.
fn str_param<'a>(func: &str, name: &str, v: &'a Option<Value>) -> PyResult<Option<&'a str>> {
    match v {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(type_error(format!(
            "{func}() argument '{name}' must be str, not {}",
            type_name(other)
        ))),
    }
}

/// `str(object='')` / `str(object=b'', encoding='utf-8', errors='strict')`.
pub fn str_(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    if let ([v], []) = (args, kwargs) {
        return match v {
            Value::Str(_) => Ok(v.clone()),
            _ => ops::str_(vm, v).map(Value::str),
        };
    }
    let slots = STR.bind(args, kwargs)?;
    let encoding = str_param("str", "encoding", &slots[1])?;
    let errors = str_param("str", "errors", &slots[2])?;
    let Some(object) = &slots[0] else {
        return Ok(Value::str(""));
    };
    if encoding.is_none() && errors.is_none() {
        return ops::str_(vm, object).map(Value::str);
    }
    let Value::Bytes(b) = object else {
        return Err(type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            type_name(object)
        )));
    };
    let codec = codecs::lookup(encoding.unwrap_or("utf-8"))?;
    codecs::decode(b.as_bytes(), codec, errors.unwrap_or("strict")).map(Value::str)
}

/// `repr(obj)`.
pub fn repr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("repr", args, kwargs)?;
    ops::repr(vm, v).map(Value::str)
}

/// `ascii(obj)`.
pub fn ascii(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("ascii", args, kwargs)?;
    ops::ascii(vm, v).map(Value::str)
}

/// `ord(c)`.
pub fn ord(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let c = one_arg("ord", args, kwargs)?;
    let (code, len) = match c {
        Value::Str(s) => {
            let mut chars = s.as_str().chars();
            (chars.next().map(u32::from), s.char_len())
        }
        Value::Bytes(b) => (
            b.as_bytes().first().map(|&x| u32::from(x)),
            b.as_bytes().len(),
        ),
        other => {
            return Err(type_error(format!(
                "ord() expected string of length 1, but {} found",
                type_name(other)
            )));
        }
    };
    match code {
        Some(code) if len == 1 => Ok(Value::Int(i64::from(code))),
        _ => Err(type_error(format!(
            "ord() expected a character, but string of length {len} found"
        ))),
    }
}

/// `chr(i)`.
pub fn chr(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("chr", args, kwargs)?;
    let i = index(vm, v)?;
    let code = match Int::from_value(&i).and_then(|i| i.to_i64()) {
        Some(c) if i32::try_from(c).is_ok() => c,
        _ => {
            return raise(
                BuiltinType::OverflowError,
                "Python int too large to convert to C int",
            );
        }
    };
    if !(0..0x11_0000).contains(&code) {
        return raise(BuiltinType::ValueError, "chr() arg not in range(0x110000)");
    }
    match char::from_u32(code as u32) {
        Some(c) => Ok(Value::str(c.to_string())),
        None => raise(
            BuiltinType::NotImplementedError,
            format!("chr({code:#x}): lone surrogates are not supported by pyrite's str"),
        ),
    }
}

/// `format(value, format_spec='')`.
pub fn format(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    no_kwargs("format", kwargs)?;
    positional("format", args, 1, 2)?;
    let spec = match args.get(1) {
        None => "",
        Some(Value::Str(s)) => s.as_str(),
        Some(other) => {
            return Err(type_error(format!(
                "format() argument 2 must be str, not {}",
                type_name(other)
            )));
        }
    };
    ops::format(vm, &args[0], spec).map(Value::str)
}

const BYTES: Params<'static> = Params {
    fname: "bytes",
    names: &["source", "encoding", "errors"],
    posonly: 0,
    required: 0,
    kwonly_from: 3,
};

/// `bytes()`, `bytes(int)`, `bytes(iterable_of_ints)`, `bytes(str, encoding, errors)`.
pub fn bytes(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = BYTES.bind(args, kwargs)?;
    let encoding = str_param("bytes", "encoding", &slots[1])?;
    let errors = str_param("bytes", "errors", &slots[2])?;
    let make = |data: Vec<u8>| Value::Bytes(Rc::new(PyBytes::new(data)));
    let Some(source) = &slots[0] else {
        if encoding.is_some() || errors.is_some() {
            let what = if encoding.is_some() {
                "encoding"
            } else {
                "errors"
            };
            return Err(type_error(format!("{what} without a string argument")));
        }
        return Ok(make(Vec::new()));
    };
    if let Value::Str(s) = source {
        let Some(encoding) = encoding else {
            return Err(type_error("string argument without an encoding"));
        };
        let codec = codecs::lookup(encoding)?;
        return codecs::encode(s.as_str(), codec, errors.unwrap_or("strict")).map(make);
    }
    if encoding.is_some() || errors.is_some() {
        let what = if encoding.is_some() {
            "encoding"
        } else {
            "errors"
        };
        return Err(type_error(format!("{what} without a string argument")));
    }
    match source {
        Value::Bytes(_) => Ok(source.clone()),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            match Int::from_value(source).and_then(|i| i.to_i64()) {
                Some(n) if n < 0 => raise(BuiltinType::ValueError, "negative count"),
                Some(n) if n <= crate::format::MAX_OUTPUT_BYTES as i64 => {
                    Ok(make(vec![0; n as usize]))
                }
                Some(_) => raise(BuiltinType::MemoryError, ""),
                None => raise(
                    BuiltinType::OverflowError,
                    "cannot fit 'int' into an index-sized integer",
                ),
            }
        }
        _ => {
            let items = match ops::to_vec(vm, source) {
                Ok(items) => items,
                Err(e)
                    if e.matches(BuiltinType::TypeError)
                        && crate::iterators::builtin_iter(source).is_none()
                        && !matches!(source, Value::Other(_) | Value::Instance(_)) =>
                {
                    return Err(type_error(format!(
                        "cannot convert '{}' object to bytes",
                        type_name(source)
                    )));
                }
                Err(e) => return Err(e),
            };
            let mut data = Vec::with_capacity(items.len());
            for item in &items {
                let i = index(vm, item)?;
                match Int::from_value(&i).and_then(|i| i.to_i64()) {
                    Some(b @ 0..=255) => data.push(b as u8),
                    _ => return raise(BuiltinType::ValueError, "bytes must be in range(0, 256)"),
                }
            }
            Ok(make(data))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{call, ints, kw, s};
    use super::*;

    #[test]
    fn str_repr_ascii() {
        assert_eq!(call(str_, &[Value::Int(7)], &[]), Ok("'7'".into()));
        assert_eq!(call(str_, &[], &[]), Ok("''".into()));
        assert_eq!(
            call(str_, &[], &[kw("object", Value::Int(5))]),
            Ok("'5'".into())
        );
        assert_eq!(
            call(str_, &[], &[kw("x", Value::Int(5))]),
            Err("TypeError: 'x' is an invalid keyword argument for str()".into())
        );
        let b = Value::Bytes(Rc::new(PyBytes::new(b"ab".to_vec())));
        assert_eq!(
            call(str_, std::slice::from_ref(&b), &[]),
            Ok("\"b'ab'\"".into())
        );
        assert_eq!(call(str_, &[b, s("ascii")], &[]), Ok("'ab'".into()));
        assert_eq!(
            call(str_, &[Value::Int(1), Value::Int(2)], &[]),
            Err("TypeError: str() argument 'encoding' must be str, not int".into())
        );
        assert_eq!(call(repr, &[s("7")], &[]), Ok("\"'7'\"".into()));
        assert_eq!(call(ascii, &[s("\u{e9}")], &[]), Ok("\"'\\\\xe9'\"".into()));
    }

    #[test]
    fn ord_chr_format() {
        assert_eq!(call(ord, &[s("\u{20ac}")], &[]), Ok("8364".into()));
        assert_eq!(
            call(ord, &[s("ab")], &[]),
            Err("TypeError: ord() expected a character, but string of length 2 found".into())
        );
        assert_eq!(
            call(ord, &[Value::Int(1)], &[]),
            Err("TypeError: ord() expected string of length 1, but int found".into())
        );
        assert_eq!(call(chr, &[Value::Int(66)], &[]), Ok("'B'".into()));
        assert_eq!(
            call(chr, &[Value::Int(0x110000)], &[]),
            Err("ValueError: chr() arg not in range(0x110000)".into())
        );
        assert_eq!(
            call(chr, &[Value::Int(1 << 31)], &[]),
            Err("OverflowError: Python int too large to convert to C int".into())
        );
        assert_eq!(
            call(format, &[Value::Int(255), s("x")], &[]),
            Ok("'ff'".into())
        );
        assert_eq!(
            call(format, &[Value::Int(1), Value::Int(2)], &[]),
            Err("TypeError: format() argument 2 must be str, not int".into())
        );
    }

    #[test]
    fn bytes_constructor() {
        assert_eq!(
            call(bytes, &[Value::Int(3)], &[]),
            Ok("b'\\x00\\x00\\x00'".into())
        );
        assert_eq!(call(bytes, &[ints(&[104, 105])], &[]), Ok("b'hi'".into()));
        assert_eq!(
            call(bytes, &[ints(&[1, 256])], &[]),
            Err("ValueError: bytes must be in range(0, 256)".into())
        );
        assert_eq!(
            call(bytes, &[s("ab")], &[]),
            Err("TypeError: string argument without an encoding".into())
        );
        assert_eq!(call(bytes, &[s("ab"), s("ascii")], &[]), Ok("b'ab'".into()));
        assert_eq!(
            call(bytes, &[Value::Int(-1)], &[]),
            Err("ValueError: negative count".into())
        );
    }
}

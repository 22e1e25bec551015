//! The common `bytes` methods: `decode`, `hex`, `fromhex`, `join`, `startswith`, `endswith`,
//! `find`, `rfind`, `index`, `count`, `split`, `strip` (and `lstrip`/`rstrip`), `replace`,
//! `upper`, `lower`, and the container dunders. Case and whitespace are ASCII-only, as for
//! CPython's `bytes`.
//!
//! A search argument may be `bytes` or an int in `range(256)` (`b'abc'.find(99)`), as in CPython.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{
    Kwargs, Params, index_i64, no_args, one_arg, positional_only, slice_bound, type_error,
};
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::int::Int;
use crate::interp::Interp;
use crate::methods::codecs;
use crate::ops;
use crate::types::PyBytes;
use crate::value::Value;

use super::{Method, READ_DUNDERS, receiver_fn};

receiver_fn!(recv_bytes, "bytes", Rc<PyBytes>, Value::Bytes(b) => b);

/// `bytes`' methods.
pub static BYTES_METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[1],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    ("count", count),
    ("decode", decode),
    ("endswith", endswith),
    ("find", find),
    ("hex", hex),
    ("index", index),
    ("join", join),
    ("lower", lower),
    ("lstrip", lstrip),
    ("replace", replace),
    ("rfind", rfind),
    ("rstrip", rstrip),
    ("split", split),
    ("startswith", startswith),
    ("strip", strip),
    ("upper", upper),
];

/// `bytes`' class methods.
pub static BYTES_CLASSMETHODS: &[Method] = &[("fromhex", fromhex)];

fn make(data: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(PyBytes::new(data)))
}

/// A bytes-like argument (`bytes` only: pyrite has no `bytearray`/`memoryview`).
fn bytes_arg(v: &Value) -> PyResult<&[u8]> {
    match v {
        Value::Bytes(b) => Ok(b.as_bytes()),
        other => Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(other)
        ))),
    }
}

/// A search needle: bytes, or one byte given as an int.
fn needle(v: &Value) -> PyResult<Vec<u8>> {
    if let Some(i) = Int::from_value(v) {
        return match i.to_i64() {
            Some(b @ 0..=255) => Ok(vec![b as u8]),
            _ => raise(BuiltinType::ValueError, "byte must be in range(0, 256)"),
        };
    }
    match v {
        Value::Bytes(b) => Ok(b.as_bytes().to_vec()),
        other => Err(type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            type_name(other)
        ))),
    }
}

/// `bytes.decode(encoding='utf-8', errors='strict')`.
fn decode(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("decode", args)?;
    let params = Params {
        fname: "decode",
        names: &["encoding", "errors"],
        posonly: 0,
        required: 0,
        kwonly_from: 2,
    };
    let slots = params.bind(rest, kwargs)?;
    let text = |i: usize, name: &str, default: &'static str| -> PyResult<String> {
        match &slots[i] {
            None => Ok(default.to_owned()),
            Some(Value::Str(s)) => Ok(s.as_str().to_owned()),
            Some(other) => Err(type_error(format!(
                "decode() argument '{name}' must be str, not {}",
                type_name(other)
            ))),
        }
    };
    let codec = codecs::lookup(&text(0, "encoding", "utf-8")?)?;
    codecs::decode(b.as_bytes(), codec, &text(1, "errors", "strict")?).map(Value::str)
}

/// `bytes.hex()`.
fn hex(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("hex", args)?;
    no_args("bytes.hex", rest, kwargs)?;
    let mut out = String::with_capacity(b.as_bytes().len() * 2);
    for byte in b.as_bytes() {
        out.push_str(&format!("{byte:02x}"));
    }
    Ok(Value::str(out))
}

/// `bytes.fromhex(string)` (a class method).
fn fromhex(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let rest = match args.first() {
        Some(Value::Type(_) | Value::Bytes(_)) => &args[1..],
        _ => args,
    };
    let s = one_arg("fromhex", rest, kwargs)?;
    let Value::Str(s) = s else {
        return Err(type_error(format!(
            "fromhex() argument must be str, not {}",
            type_name(s)
        )));
    };
    let text = s.as_str();
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let hi = c.to_digit(16);
        let lo = chars.next().and_then(|(_, d)| d.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => {
                let pos = if hi.is_none() { i } else { i + 1 };
                return raise(
                    BuiltinType::ValueError,
                    format!("non-hexadecimal number found in fromhex() arg at position {pos}"),
                );
            }
        }
    }
    Ok(make(out))
}

/// `sep.join(iterable)`.
fn join(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (sep, rest) = recv_bytes("join", args)?;
    let iterable = one_arg("bytes.join", rest, kwargs)?;
    let items = ops::to_vec(vm, iterable)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Bytes(b) = item else {
            return Err(type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                type_name(item)
            )));
        };
        if i > 0 {
            out.extend_from_slice(sep.as_bytes());
        }
        out.extend_from_slice(b.as_bytes());
    }
    Ok(make(out))
}

/// Checks the `O|OO` argument count of a search method.
fn search_arity(name: &str, rest: &[Value], kwargs: Kwargs<'_>) -> PyResult<()> {
    crate::builtins::args::no_kwargs(name, kwargs)?;
    match rest.len() {
        0 => Err(type_error(format!(
            "{name}() takes at least 1 argument (0 given)"
        ))),
        1..=3 => Ok(()),
        n => Err(type_error(format!(
            "{name}() takes at most 3 arguments ({n} given)"
        ))),
    }
}

/// `start`/`end` (`rest[1]`, `rest[2]`) resolved against `len` (CPython's `ADJUST_INDICES`).
fn bounds(rest: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let len_i = len as i64;
    let fix = |i: i64| if i < 0 { (i + len_i).max(0) } else { i };
    let start = slice_bound(rest.get(1), true)?.map_or(0, fix);
    let end = slice_bound(rest.get(2), true)?.map_or(len_i, |e| fix(e).min(len_i));
    Ok((start as usize, end as usize))
}

/// `(needle, start, end)` of a search method.
fn search_args(
    name: &str,
    rest: &[Value],
    kwargs: Kwargs<'_>,
    len: usize,
) -> PyResult<(Vec<u8>, usize, usize)> {
    search_arity(name, rest, kwargs)?;
    let n = needle(&rest[0])?;
    let (start, end) = bounds(rest, len)?;
    Ok((n, start, end))
}

fn find_in(hay: &[u8], n: &[u8], start: usize, end: usize, last: bool) -> Option<usize> {
    if end < start || end - start < n.len() {
        return None;
    }
    let window = &hay[start..end];
    let positions = 0..=window.len() - n.len();
    let found = if last {
        positions.rev().find(|&i| &window[i..i + n.len()] == n)
    } else {
        positions
            .into_iter()
            .find(|&i| &window[i..i + n.len()] == n)
    };
    found.map(|i| i + start)
}

fn find_impl(
    name: &str,
    last: bool,
    strict: bool,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (b, rest) = recv_bytes(name, args)?;
    let (n, start, end) = search_args(name, rest, kwargs, b.as_bytes().len())?;
    match find_in(b.as_bytes(), &n, start, end, last) {
        Some(i) => Ok(Value::Int(i as i64)),
        None if strict => raise(BuiltinType::ValueError, "subsection not found"),
        None => Ok(Value::Int(-1)),
    }
}

fn find(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("find", false, false, args, kwargs)
}

fn rfind(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("rfind", true, false, args, kwargs)
}

fn index(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("index", false, true, args, kwargs)
}

fn count(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("count", args)?;
    let (n, mut start, end) = search_args("count", rest, kwargs, b.as_bytes().len())?;
    if end < start || end - start < n.len() {
        return Ok(Value::Int(0));
    }
    if n.is_empty() {
        return Ok(Value::Int((end - start + 1) as i64));
    }
    let mut k = 0;
    while let Some(i) = find_in(b.as_bytes(), &n, start, end, false) {
        k += 1;
        start = i + n.len();
    }
    Ok(Value::Int(k))
}

fn affix(name: &str, at_end: bool, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes(name, args)?;
    search_arity(name, rest, kwargs)?;
    let candidates: Vec<&[u8]> = match &rest[0] {
        Value::Tuple(t) => {
            let mut v = Vec::new();
            for item in t.items() {
                v.push(bytes_arg(item)?);
            }
            v
        }
        Value::Bytes(p) => vec![p.as_bytes()],
        other => {
            return Err(type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                type_name(other)
            )));
        }
    };
    let (start, end) = bounds(rest, b.as_bytes().len())?;
    for p in candidates {
        if end >= start && end - start >= p.len() {
            let window = &b.as_bytes()[start..end];
            if (at_end && window.ends_with(p)) || (!at_end && window.starts_with(p)) {
                return Ok(Value::Bool(true));
            }
        }
    }
    Ok(Value::Bool(false))
}

fn startswith(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    affix("startswith", false, args, kwargs)
}

fn endswith(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    affix("endswith", true, args, kwargs)
}

fn split(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("split", args)?;
    let params = Params {
        fname: "split",
        names: &["sep", "maxsplit"],
        posonly: 0,
        required: 0,
        kwonly_from: 2,
    };
    let slots = params.bind(rest, kwargs)?;
    let maxsplit = match &slots[1] {
        Some(v) => index_i64(v)?,
        None => -1,
    };
    let limit = usize::try_from(maxsplit).unwrap_or(usize::MAX);
    let data = b.as_bytes();
    let mut out = Vec::new();
    match &slots[0] {
        None | Some(Value::None) => {
            let mut rest_data = data;
            loop {
                let skip = rest_data
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace() || **c == 0x0b)
                    .count();
                rest_data = &rest_data[skip..];
                if rest_data.is_empty() {
                    break;
                }
                if out.len() == limit {
                    out.push(make(rest_data.to_vec()));
                    break;
                }
                let end = rest_data
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || *c == 0x0b)
                    .unwrap_or(rest_data.len());
                out.push(make(rest_data[..end].to_vec()));
                rest_data = &rest_data[end..];
            }
        }
        Some(sep) => {
            let sep = bytes_arg(sep)?;
            if sep.is_empty() {
                return raise(BuiltinType::ValueError, "empty separator");
            }
            let mut start = 0;
            while out.len() < limit {
                match find_in(data, sep, start, data.len(), false) {
                    Some(i) => {
                        out.push(make(data[start..i].to_vec()));
                        start = i + sep.len();
                    }
                    None => break,
                }
            }
            out.push(make(data[start..].to_vec()));
        }
    }
    Ok(Value::list(out))
}

fn strip_impl(
    name: &str,
    left: bool,
    right: bool,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (b, rest) = recv_bytes(name, args)?;
    positional_only(name, rest, kwargs, 0, 1)?;
    let set: Option<&[u8]> = match rest.first() {
        None | Some(Value::None) => None,
        Some(v) => Some(bytes_arg(v)?),
    };
    let strip = |c: &u8| match set {
        None => c.is_ascii_whitespace() || *c == 0x0b,
        Some(s) => s.contains(c),
    };
    let data = b.as_bytes();
    let start = if left {
        data.iter().take_while(|c| strip(c)).count()
    } else {
        0
    };
    let end = if right {
        data.len() - data[start..].iter().rev().take_while(|c| strip(c)).count()
    } else {
        data.len()
    };
    Ok(make(data[start..end].to_vec()))
}

fn strip(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl("strip", true, true, args, kwargs)
}

fn lstrip(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl("lstrip", true, false, args, kwargs)
}

fn rstrip(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl("rstrip", false, true, args, kwargs)
}

fn replace(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("replace", args)?;
    positional_only("replace", rest, kwargs, 2, 3)?;
    let (old, new) = (bytes_arg(&rest[0])?, bytes_arg(&rest[1])?);
    let limit = match rest.get(2) {
        Some(c) => usize::try_from(index_i64(c)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let data = b.as_bytes();
    let mut out = Vec::with_capacity(data.len());
    let mut done = 0;
    if old.is_empty() {
        for &c in data {
            if done < limit {
                out.extend_from_slice(new);
                done += 1;
            }
            out.push(c);
        }
        if done < limit {
            out.extend_from_slice(new);
        }
        return Ok(make(out));
    }
    let mut start = 0;
    while done < limit {
        match find_in(data, old, start, data.len(), false) {
            Some(i) => {
                out.extend_from_slice(&data[start..i]);
                out.extend_from_slice(new);
                start = i + old.len();
                done += 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&data[start..]);
    Ok(make(out))
}

fn upper(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("upper", args)?;
    no_args("bytes.upper", rest, kwargs)?;
    Ok(make(b.as_bytes().to_ascii_uppercase()))
}

fn lower(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (b, rest) = recv_bytes("lower", args)?;
    no_args("bytes.lower", rest, kwargs)?;
    Ok(make(b.as_bytes().to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, s};

    fn b(data: &[u8]) -> Value {
        make(data.to_vec())
    }

    #[test]
    fn bytes_methods_match_cpython() {
        assert_eq!(call(split, &[b(b"a b")], &[]), Ok("[b'a', b'b']".into()));
        assert_eq!(call(find, &[b(b"abc"), b(b"c")], &[]), Ok("2".into()));
        assert_eq!(
            call(find, &[b(b"abc"), Value::Int(99)], &[]),
            Ok("2".into())
        );
        assert_eq!(
            call(join, &[b(b","), Value::list(vec![b(b"a"), b(b"b")])], &[]),
            Ok("b'a,b'".into())
        );
        assert_eq!(
            call(join, &[b(b","), Value::list(vec![s("a")])], &[]),
            Err("TypeError: sequence item 0: expected a bytes-like object, str found".into())
        );
        assert_eq!(call(hex, &[b(b"abc")], &[]), Ok("'616263'".into()));
        assert_eq!(call(lower, &[b(b"ABC")], &[]), Ok("b'abc'".into()));
        assert_eq!(
            call(startswith, &[b(b"abc"), b(b"a")], &[]),
            Ok("True".into())
        );
        assert_eq!(
            call(replace, &[b(b"abc"), b(b"b"), b(b"x")], &[]),
            Ok("b'axc'".into())
        );
        assert_eq!(call(strip, &[b(b" ab ")], &[]), Ok("b'ab'".into()));
        assert_eq!(call(decode, &[b(b"\xc3\xa9")], &[]), Ok("'\u{e9}'".into()));
        assert_eq!(call(fromhex, &[s("61 62")], &[]), Ok("b'ab'".into()));
        assert_eq!(call(count, &[b(b"aaa"), b(b"a")], &[]), Ok("3".into()));
    }
}

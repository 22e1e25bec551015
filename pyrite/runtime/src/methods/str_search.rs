//! `str` methods that search and cut: `find`, `rfind`, `index`, `rindex`, `count`,
//! `startswith`, `endswith`, `split`, `rsplit`, `splitlines`, `partition`, `rpartition`,
//! `removeprefix`, `removesuffix`.
//!
//! Positions are code-point indices, as Python sees them; the text is UTF-8, so indices are
//! converted to byte offsets at the edges ([`byte_offset`], [`char_count`]) and every search
//! runs on bytes. `[start:end]` arguments follow CPython's `ADJUST_INDICES`: negative values
//! count from the end, `end` is clamped to the length, and `start` is *not* clamped (so
//! `'abc'.find('', 10)` is `-1`, not `3`).
//!
//! A one-character needle (`','`, `'0'`) is searched as a `char`, which the standard library
//! scans with `memchr`; a `&str` needle takes its two-way searcher, many times slower on short
//! needles (callgrind on `string_build`: a tenth of the run in `TwoWaySearcher::next`).

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params, index_i64, index_value, slice_bound, type_error};
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::int::Int;
use crate::interp::Interp;
use crate::types::PyStr;
use crate::value::Value;

use super::unicode::is_space;
use super::{receiver_fn, str_arg};

receiver_fn!(recv_str, "str", Rc<PyStr>, Value::Str(s) => s);

/// The byte offset of code point `ci` (`ci <= char_len`).
pub(crate) fn byte_offset(s: &PyStr, ci: usize) -> usize {
    if s.is_ascii() {
        return ci.min(s.as_str().len());
    }
    s.as_str()
        .char_indices()
        .nth(ci)
        .map_or(s.as_str().len(), |(b, _)| b)
}

/// The number of code points in `text`.
pub(crate) fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// CPython's `ADJUST_INDICES` for code-point bounds: `(start, end)` with `end <= len`; `start`
/// may exceed `end`.
fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len = len as i64;
    let mut e = end.unwrap_or(len);
    if e > len {
        e = len;
    } else if e < 0 {
        e = (e + len).max(0);
    }
    let mut s = start.unwrap_or(0);
    if s < 0 {
        s = (s + len).max(0);
    }
    (s as usize, e as usize)
}

/// `(sub, start, end)` of the `find` family, with CPython's `O|OO:name` messages.
fn sub_start_end<'a>(
    name: &str,
    args: &'a [Value],
    kwargs: Kwargs<'_>,
) -> PyResult<(&'a Value, Option<i64>, Option<i64>)> {
    crate::builtins::args::no_kwargs(name, kwargs)?;
    match args.len() {
        0 => Err(type_error(format!(
            "{name}() takes at least 1 argument (0 given)"
        ))),
        1..=3 => Ok((
            &args[0],
            slice_bound(args.get(1), true)?,
            slice_bound(args.get(2), true)?,
        )),
        n => Err(type_error(format!(
            "{name}() takes at most 3 arguments ({n} given)"
        ))),
    }
}

/// The needle's only character, when it has exactly one.
fn single_char(sub: &str) -> Option<char> {
    let mut chars = sub.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The byte offset of the first (or last) `sub` in `hay`.
fn find_in(hay: &str, sub: &str, last: bool) -> Option<usize> {
    match (single_char(sub), last) {
        (Some(c), false) => hay.find(c),
        (Some(c), true) => hay.rfind(c),
        (None, false) => hay.find(sub),
        (None, true) => hay.rfind(sub),
    }
}

/// Non-overlapping occurrences of `sub` (not empty) in `hay`.
fn count_in(hay: &str, sub: &str) -> usize {
    match single_char(sub) {
        Some(c) if c.is_ascii() => {
            let b = c as u8;
            hay.bytes().filter(|&x| x == b).count()
        }
        Some(c) => hay.matches(c).count(),
        None => hay.matches(sub).count(),
    }
}

/// Where `sub` occurs in `s[start:end]` (first or last), as a code-point index.
fn search(s: &PyStr, sub: &str, start: Option<i64>, end: Option<i64>, last: bool) -> Option<usize> {
    let (start, end) = adjust(start, end, s.char_len());
    let sub_len = char_count(sub);
    if end < start || end - start < sub_len {
        return None;
    }
    let (b0, b1) = (byte_offset(s, start), byte_offset(s, end));
    let hay = &s.as_str()[b0..b1];
    let found = find_in(hay, sub, last)?;
    Some(start + char_count(&hay[..found]))
}

fn find_impl(
    name: &str,
    last: bool,
    raise_missing: bool,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (s, rest) = recv_str(name, args)?;
    let (sub, start, end) = sub_start_end(name, rest, kwargs)?;
    let sub = str_arg(sub)?;
    match search(s, sub.as_str(), start, end, last) {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise_missing => raise(BuiltinType::ValueError, "substring not found"),
        None => Ok(Value::Int(-1)),
    }
}

/// `str.find(sub[, start[, end]])`.
pub fn find(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("find", false, false, args, kwargs)
}

/// `str.rfind(sub[, start[, end]])`.
pub fn rfind(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("rfind", true, false, args, kwargs)
}

/// `str.index(sub[, start[, end]])`.
pub fn index(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("index", false, true, args, kwargs)
}

/// `str.rindex(sub[, start[, end]])`.
pub fn rindex(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    find_impl("rindex", true, true, args, kwargs)
}

/// `str.count(sub[, start[, end]])`.
pub fn count(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("count", args)?;
    let (sub, start, end) = sub_start_end("count", rest, kwargs)?;
    let sub = str_arg(sub)?.as_str();
    let (start, end) = adjust(start, end, s.char_len());
    let sub_len = char_count(sub);
    if end < start || end - start < sub_len {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int((end - start + 1) as i64));
    }
    let hay = &s.as_str()[byte_offset(s, start)..byte_offset(s, end)];
    Ok(Value::Int(count_in(hay, sub) as i64))
}

/// `startswith`/`endswith` (CPython's `tailmatch`).
fn tailmatch(s: &PyStr, sub: &str, start: Option<i64>, end: Option<i64>, at_end: bool) -> bool {
    let (start, end) = adjust(start, end, s.char_len());
    let sub_len = char_count(sub);
    if end < start + sub_len {
        return false;
    }
    if sub.is_empty() {
        return true;
    }
    let hay = &s.as_str()[byte_offset(s, start)..byte_offset(s, end)];
    if at_end {
        hay.ends_with(sub)
    } else {
        hay.starts_with(sub)
    }
}

fn starts_ends(name: &str, at_end: bool, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str(name, args)?;
    let (what, start, end) = sub_start_end(name, rest, kwargs)?;
    match what {
        Value::Str(sub) => Ok(Value::Bool(tailmatch(s, sub.as_str(), start, end, at_end))),
        Value::Tuple(t) => {
            for item in t.items() {
                let Value::Str(sub) = item else {
                    return Err(type_error(format!(
                        "tuple for {name} must only contain str, not {}",
                        type_name(item)
                    )));
                };
                if tailmatch(s, sub.as_str(), start, end, at_end) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            type_name(other)
        ))),
    }
}

/// `str.startswith(prefix[, start[, end]])`.
pub fn startswith(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    starts_ends("startswith", false, args, kwargs)
}

/// `str.endswith(suffix[, start[, end]])`.
pub fn endswith(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    starts_ends("endswith", true, args, kwargs)
}

/// `(sep, maxsplit)` of `split`/`rsplit`: `sep` `None` means whitespace; `maxsplit` negative
/// means no limit.
fn split_args<'a>(
    name: &'a str,
    args: &'a [Value],
    kwargs: Kwargs<'_>,
) -> PyResult<(Option<Rc<PyStr>>, usize)> {
    let params = Params {
        fname: name,
        names: &["sep", "maxsplit"],
        posonly: 0,
        required: 0,
        kwonly_from: 2,
    };
    let slots = params.bind(args, kwargs)?;
    let sep = match &slots[0] {
        None | Some(Value::None) => None,
        Some(Value::Str(s)) if s.as_str().is_empty() => {
            return raise(BuiltinType::ValueError, "empty separator");
        }
        Some(Value::Str(s)) => Some(Rc::clone(s)),
        Some(other) => {
            return Err(type_error(format!(
                "must be str or None, not {}",
                type_name(other)
            )));
        }
    };
    let maxsplit = match &slots[1] {
        None => -1,
        Some(v) => index_i64(v)?,
    };
    Ok((sep, usize::try_from(maxsplit).unwrap_or(usize::MAX)))
}

fn whitespace_split(text: &str, maxsplit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(is_space);
        if rest.is_empty() {
            break;
        }
        if out.len() == maxsplit {
            out.push(Value::str(rest));
            break;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        out.push(Value::str(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

fn whitespace_rsplit(text: &str, maxsplit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_end_matches(is_space);
        if rest.is_empty() {
            break;
        }
        if out.len() == maxsplit {
            out.push(Value::str(rest));
            break;
        }
        let start = rest.rfind(is_space).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        out.push(Value::str(&rest[start..]));
        rest = &rest[..start];
    }
    out.reverse();
    out
}

/// `str.split(sep=None, maxsplit=-1)`.
pub fn split(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("split", args)?;
    let (sep, maxsplit) = split_args("split", rest, kwargs)?;
    let items = match sep {
        None => whitespace_split(s.as_str(), maxsplit),
        Some(sep) => {
            let (text, n) = (s.as_str(), maxsplit.saturating_add(1));
            match single_char(sep.as_str()) {
                Some(c) => text.splitn(n, c).map(Value::str).collect(),
                None => text.splitn(n, sep.as_str()).map(Value::str).collect(),
            }
        }
    };
    Ok(Value::list(items))
}

/// `str.rsplit(sep=None, maxsplit=-1)`.
pub fn rsplit(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("rsplit", args)?;
    let (sep, maxsplit) = split_args("rsplit", rest, kwargs)?;
    let items = match sep {
        None => whitespace_rsplit(s.as_str(), maxsplit),
        Some(sep) => {
            let mut v: Vec<Value> = s
                .as_str()
                .rsplitn(maxsplit.saturating_add(1), sep.as_str())
                .map(Value::str)
                .collect();
            v.reverse();
            v
        }
    };
    Ok(Value::list(items))
}

/// Whether `c` ends a line for `splitlines`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{B}'
            | '\u{C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends=False)`.
pub fn splitlines(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("splitlines", args)?;
    let params = Params {
        fname: "splitlines",
        names: &["keepends"],
        posonly: 0,
        required: 0,
        kwonly_from: 1,
    };
    let slots = params.bind(rest, kwargs)?;
    let keepends = match &slots[0] {
        None => false,
        Some(v) => !Int::from_value(&index_value(v)?).is_some_and(|i| i.is_zero()),
    };
    let text = s.as_str();
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut brk_end = i + c.len_utf8();
        if c == '\r'
            && let Some(&(_, '\n')) = iter.peek()
        {
            iter.next();
            brk_end += 1;
        }
        let end = if keepends { brk_end } else { i };
        out.push(Value::str(&text[line_start..end]));
        line_start = brk_end;
    }
    if line_start < text.len() {
        out.push(Value::str(&text[line_start..]));
    }
    Ok(Value::list(out))
}

fn partition_impl(name: &str, last: bool, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str(name, args)?;
    let sep = crate::builtins::args::one_arg(&format!("str.{name}"), rest, kwargs)?;
    let sep = str_arg(sep)?;
    if sep.as_str().is_empty() {
        return raise(BuiltinType::ValueError, "empty separator");
    }
    let text = s.as_str();
    let found = find_in(text, sep.as_str(), last);
    let parts = match found {
        Some(i) => vec![
            Value::str(&text[..i]),
            Value::Str(Rc::clone(sep)),
            Value::str(&text[i + sep.as_str().len()..]),
        ],
        None if last => vec![Value::str(""), Value::str(""), Value::Str(Rc::clone(s))],
        None => vec![Value::Str(Rc::clone(s)), Value::str(""), Value::str("")],
    };
    Ok(Value::tuple(parts))
}

/// `str.partition(sep)`.
pub fn partition(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    partition_impl("partition", false, args, kwargs)
}

/// `str.rpartition(sep)`.
pub fn rpartition(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    partition_impl("rpartition", true, args, kwargs)
}

fn remove_affix(name: &str, suffix: bool, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str(name, args)?;
    let affix = crate::builtins::args::one_arg(&format!("str.{name}"), rest, kwargs)?;
    let Value::Str(affix) = affix else {
        return Err(type_error(format!(
            "{name}() argument must be str, not {}",
            type_name(affix)
        )));
    };
    let text = s.as_str();
    let stripped = if suffix {
        text.strip_suffix(affix.as_str())
    } else {
        text.strip_prefix(affix.as_str())
    };
    Ok(match stripped {
        Some(t) if !affix.as_str().is_empty() => Value::str(t),
        _ => Value::Str(Rc::clone(s)),
    })
}

/// `str.removeprefix(prefix)`.
pub fn removeprefix(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    remove_affix("removeprefix", false, args, kwargs)
}

/// `str.removesuffix(suffix)`.
pub fn removesuffix(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    remove_affix("removesuffix", true, args, kwargs)
}

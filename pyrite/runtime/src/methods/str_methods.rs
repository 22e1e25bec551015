//! The `str` method table, and the methods that are neither searching ([`super::str_search`])
//! nor padding ([`super::str_layout`]): `join`, `replace`, the case conversions, the `isX`
//! predicates, `format`, `format_map`, `encode`, `translate`, `maketrans`.
//!
//! Case conversions and predicates apply CPython's Unicode rules ([`super::unicode`]);
//! divergences from CPython 3.11 are none known (the differential test covers every code
//! point for every predicate and case mapping).

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params, index_i64, no_args, one_arg, positional, type_error};
use crate::error::{PyResult, raise};
use crate::format::{self as fmt, type_name};
use crate::int::Int;
use crate::interp::Interp;
use crate::methods::codecs;
use crate::ops::{self, Host};
use crate::types::{PyBytes, PyDict};
use crate::value::Value;

use super::str_layout::{center, expandtabs, ljust, lstrip, rjust, rstrip, strip, zfill};
use super::str_search::{
    count, endswith, find, index, partition, recv_str, removeprefix, removesuffix, rfind, rindex,
    rpartition, rsplit, split, splitlines, startswith,
};
use super::{Method, READ_DUNDERS, unicode};

/// `str`'s methods, sorted by name.
pub static METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[1],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    ("capitalize", capitalize),
    ("casefold", casefold),
    ("center", center),
    ("count", count),
    ("encode", encode),
    ("endswith", endswith),
    ("expandtabs", expandtabs),
    ("find", find),
    ("format", format),
    ("format_map", format_map),
    ("index", index),
    ("isalnum", isalnum),
    ("isalpha", isalpha),
    ("isascii", isascii),
    ("isdecimal", isdecimal),
    ("isdigit", isdigit),
    ("isidentifier", isidentifier),
    ("islower", islower),
    ("isnumeric", isnumeric),
    ("isprintable", isprintable),
    ("isspace", isspace),
    ("istitle", istitle),
    ("isupper", isupper),
    ("join", join),
    ("ljust", ljust),
    ("lower", lower),
    ("lstrip", lstrip),
    ("partition", partition),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("replace", replace),
    ("rfind", rfind),
    ("rindex", rindex),
    ("rjust", rjust),
    ("rpartition", rpartition),
    ("rsplit", rsplit),
    ("rstrip", rstrip),
    ("split", split),
    ("splitlines", splitlines),
    ("startswith", startswith),
    ("strip", strip),
    ("swapcase", swapcase),
    ("title", title),
    ("translate", translate),
    ("upper", upper),
    ("zfill", zfill),
];

/// `str`'s static methods.
pub static CLASSMETHODS: &[Method] = &[("maketrans", maketrans)];

/// `str.join(iterable)`.
pub fn join(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (sep, rest) = recv_str("join", args)?;
    let iterable = one_arg("str.join", rest, kwargs)?;
    let items = match iterable {
        Value::List(_) | Value::Tuple(_) => ops::to_vec(vm, iterable)?,
        _ => {
            let it = match ops::iter(vm, iterable) {
                Ok(it) => it,
                Err(e) if e.matches(BuiltinType::TypeError) => {
                    return Err(type_error("can only join an iterable"));
                }
                Err(e) => return Err(e),
            };
            let mut items = Vec::new();
            while let Some(item) = ops::next(vm, &it)? {
                items.push(item);
            }
            items
        }
    };
    let sep = sep.as_str();
    let mut total = sep.len() * items.len().saturating_sub(1);
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(s) => total += s.as_str().len(),
            other => {
                return Err(type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    type_name(other)
                )));
            }
        }
    }
    if total > fmt::MAX_OUTPUT_BYTES {
        return raise(BuiltinType::MemoryError, "");
    }
    let mut out = String::with_capacity(total);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        if let Value::Str(s) = item {
            out.push_str(s.as_str());
        }
    }
    Ok(Value::str(out))
}

/// `str.replace(old, new, count=-1)`.
pub fn replace(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("replace", args)?;
    crate::builtins::args::no_kwargs("str.replace", kwargs)?;
    positional("replace", rest, 2, 3)?;
    let arg_str = |i: usize| -> PyResult<&str> {
        match &rest[i] {
            Value::Str(x) => Ok(x.as_str()),
            other => Err(type_error(format!(
                "replace() argument {} must be str, not {}",
                i + 1,
                type_name(other)
            ))),
        }
    };
    let (old, new) = (arg_str(0)?, arg_str(1)?);
    let count = match rest.get(2) {
        Some(c) => index_i64(c)?,
        None => -1,
    };
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    let text = s.as_str();
    if limit == 0 || (!old.is_empty() && !text.contains(old)) {
        return Ok(Value::Str(Rc::clone(s)));
    }
    let mut out = String::with_capacity(text.len());
    if old.is_empty() {
        // Insert `new` before each character and at the end, up to `limit` times.
        let mut done = 0;
        for c in text.chars() {
            if done < limit {
                out.push_str(new);
                done += 1;
            }
            out.push(c);
        }
        if done < limit {
            out.push_str(new);
        }
    } else {
        let mut rest_text = text;
        let mut done = 0;
        while done < limit {
            let Some(i) = rest_text.find(old) else { break };
            out.push_str(&rest_text[..i]);
            out.push_str(new);
            rest_text = &rest_text[i + old.len()..];
            done += 1;
            if out.len() > fmt::MAX_OUTPUT_BYTES {
                return raise(BuiltinType::MemoryError, "");
            }
        }
        out.push_str(rest_text);
    }
    Ok(Value::str(out))
}

macro_rules! conversions {
    ($( $name:ident = $qual:literal, $f:path; )*) => {
        $(
            #[doc = concat!("`", $qual, "()`.")]
            pub fn $name(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
                let (s, rest) = recv_str(stringify!($name), args)?;
                no_args($qual, rest, kwargs)?;
                Ok(Value::str($f(s.as_str())))
            }
        )*
    };
}

conversions! {
    upper = "str.upper", unicode::upper;
    lower = "str.lower", unicode::lower;
    title = "str.title", unicode::title;
    capitalize = "str.capitalize", unicode::capitalize;
    swapcase = "str.swapcase", unicode::swapcase;
    casefold = "str.casefold", unicode::casefold;
}

fn all_chars(s: &str, f: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

fn isascii_str(s: &str) -> bool {
    s.is_ascii()
}

fn isprintable_str(s: &str) -> bool {
    s.chars().all(crate::str_repr::is_printable)
}

macro_rules! predicates {
    ($( $name:ident = $qual:literal, $test:expr; )*) => {
        $(
            #[doc = concat!("`", $qual, "()`.")]
            pub fn $name(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
                let (s, rest) = recv_str(stringify!($name), args)?;
                no_args($qual, rest, kwargs)?;
                let test: fn(&str) -> bool = $test;
                Ok(Value::Bool(test(s.as_str())))
            }
        )*
    };
}

predicates! {
    isalnum = "str.isalnum", |s| all_chars(s, unicode::is_alnum);
    isalpha = "str.isalpha", |s| all_chars(s, unicode::is_alpha);
    isdecimal = "str.isdecimal", |s| all_chars(s, unicode::is_decimal);
    isdigit = "str.isdigit", |s| all_chars(s, unicode::is_digit);
    isnumeric = "str.isnumeric", |s| all_chars(s, unicode::is_numeric);
    isspace = "str.isspace", |s| all_chars(s, unicode::is_space);
    isupper = "str.isupper", unicode::str_isupper;
    islower = "str.islower", unicode::str_islower;
    istitle = "str.istitle", unicode::str_istitle;
    isidentifier = "str.isidentifier", unicode::str_isidentifier;
    isascii = "str.isascii", isascii_str;
    isprintable = "str.isprintable", isprintable_str;
}

/// `str.format(*args, **kwargs)`.
pub fn format(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("format", args)?;
    let kw = if kwargs.is_empty() {
        fmt::Kwargs::None
    } else {
        fmt::Kwargs::Pairs(kwargs)
    };
    fmt::str_format(&mut Host(vm), s.as_str(), Some(rest), kw).map(Value::str)
}

/// `str.format_map(mapping)`.
pub fn format_map(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("format_map", args)?;
    let mapping = one_arg("str.format_map", rest, kwargs)?;
    fmt::str_format(
        &mut Host(vm),
        s.as_str(),
        None,
        fmt::Kwargs::Mapping(mapping),
    )
    .map(Value::str)
}

/// `str.encode(encoding='utf-8', errors='strict')`.
pub fn encode(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("encode", args)?;
    let params = Params {
        fname: "encode",
        names: &["encoding", "errors"],
        posonly: 0,
        required: 0,
        kwonly_from: 2,
    };
    let slots = params.bind(rest, kwargs)?;
    let text_arg = |i: usize, name: &str, default: &'static str| -> PyResult<String> {
        match &slots[i] {
            None => Ok(default.to_owned()),
            Some(Value::Str(x)) => Ok(x.as_str().to_owned()),
            Some(other) => Err(type_error(format!(
                "encode() argument '{name}' must be str, not {}",
                type_name(other)
            ))),
        }
    };
    let encoding = text_arg(0, "encoding", "utf-8")?;
    let errors = text_arg(1, "errors", "strict")?;
    let codec = codecs::lookup(&encoding)?;
    let data = codecs::encode(s.as_str(), codec, &errors)?;
    Ok(Value::Bytes(Rc::new(PyBytes::new(data))))
}

/// `str.translate(table)`: each character is looked up in `table` (`table[ord(c)]`); a missing
/// entry (`LookupError`) keeps the character, `None` deletes it, an int or a str replaces it.
pub fn translate(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("translate", args)?;
    let table = one_arg("str.translate", rest, kwargs)?;
    let mut out = String::with_capacity(s.as_str().len());
    for c in s.as_str().chars() {
        let key = Value::Int(i64::from(u32::from(c)));
        let mapped = match ops::getitem(vm, table, &key) {
            Ok(v) => v,
            Err(e) if e.matches(BuiltinType::LookupError) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match &mapped {
            Value::None => {}
            Value::Str(r) => out.push_str(r.as_str()),
            v if Int::from_value(v).is_some() => {
                let code = Int::from_value(v).and_then(|i| i.to_i64()).unwrap_or(-1);
                match u32::try_from(code).ok().and_then(char::from_u32) {
                    Some(r) => out.push(r),
                    None => {
                        return raise(
                            BuiltinType::ValueError,
                            "character mapping must be in range(0x110000)",
                        );
                    }
                }
            }
            other => {
                return Err(type_error(format!(
                    "character mapping must return integer, None or str, not {}",
                    type_name(other)
                )));
            }
        }
    }
    Ok(Value::str(out))
}

/// `str.maketrans(x[, y[, z]])` (a static method: `args[0]` is the class or a `str` it was
/// looked up on, and is ignored).
pub fn maketrans(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let rest = match args.first() {
        Some(Value::Type(_)) => &args[1..],
        _ => args,
    };
    crate::builtins::args::positional_only("maketrans", rest, kwargs, 1, 3)?;
    let d = PyDict::new();
    match rest {
        [Value::Dict(src)] => {
            for e in src.entries() {
                let key = match &e.key {
                    Value::Str(k) if k.char_len() == 1 => Value::Int(i64::from(u32::from(
                        k.as_str().chars().next().unwrap_or('\0'),
                    ))),
                    Value::Str(_) => {
                        return raise(
                            BuiltinType::ValueError,
                            "string keys in translate table must be of length 1",
                        );
                    }
                    k if Int::from_value(k).is_some() => k.clone(),
                    _ => {
                        return Err(type_error(
                            "keys in translate table must be strings or integers",
                        ));
                    }
                };
                d.insert(vm, key, e.value)?;
            }
        }
        [_] => {
            return Err(type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        }
        [x, y, z @ ..] => {
            let (Value::Str(x), Value::Str(y)) = (x, y) else {
                return Err(type_error("maketrans() argument must be str"));
            };
            if x.char_len() != y.char_len() {
                return raise(
                    BuiltinType::ValueError,
                    "the first two maketrans arguments must have equal length",
                );
            }
            for (a, b) in x.as_str().chars().zip(y.as_str().chars()) {
                d.insert(
                    vm,
                    Value::Int(i64::from(u32::from(a))),
                    Value::Int(i64::from(u32::from(b))),
                )?;
            }
            if let Some(Value::Str(z)) = z.first() {
                for c in z.as_str().chars() {
                    d.insert(vm, Value::Int(i64::from(u32::from(c))), Value::None)?;
                }
            }
        }
        [] => {}
    }
    Ok(Value::Dict(Rc::new(d)))
}

#[cfg(test)]
#[path = "str_methods_tests.rs"]
mod tests;

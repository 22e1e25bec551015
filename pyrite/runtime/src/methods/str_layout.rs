//! `str` methods that trim or pad: `strip`, `lstrip`, `rstrip`, `center`, `ljust`, `rjust`,
//! `zfill`, `expandtabs`.
//!
//! Widths are code points (not bytes, not display columns), as in CPython; padding splits as
//! CPython's `pad()` does (`center` puts the extra character on the left only when both the
//! margin and the width are odd).

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params, index_i64, one_arg, positional_only, type_error};
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::value::Value;

use super::str_search::recv_str;
use super::unicode::is_space;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Both,
}

fn strip_impl(name: &str, side: Side, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str(name, args)?;
    positional_only(name, rest, kwargs, 0, 1)?;
    let text = s.as_str();
    let chars: Option<Vec<char>> = match rest.first() {
        None | Some(Value::None) => None,
        Some(Value::Str(c)) => Some(c.as_str().chars().collect()),
        Some(_) => {
            return Err(type_error(format!("{name} arg must be None or str")));
        }
    };
    let strip = |c: char| match &chars {
        None => is_space(c),
        Some(set) => set.contains(&c),
    };
    let out = match side {
        Side::Left => text.trim_start_matches(strip),
        Side::Right => text.trim_end_matches(strip),
        Side::Both => text.trim_matches(strip),
    };
    if out.len() == text.len() {
        return Ok(Value::Str(Rc::clone(s)));
    }
    Ok(Value::str(out))
}

/// `str.strip(chars=None)`.
pub fn strip(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl("strip", Side::Both, args, kwargs)
}

/// `str.lstrip(chars=None)`.
pub fn lstrip(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl("lstrip", Side::Left, args, kwargs)
}

/// `str.rstrip(chars=None)`.
pub fn rstrip(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    strip_impl("rstrip", Side::Right, args, kwargs)
}

/// A width argument: an index, `OverflowError` beyond `isize`.
fn width_arg(v: &Value) -> PyResult<i64> {
    index_i64(v)
}

/// The text padded to `width` with `left` and `right` fill characters: `MemoryError` past the
/// runtime's output bound.
fn padded(text: &str, left: usize, right: usize, fill: char) -> PyResult<Value> {
    let bytes = (left + right).saturating_mul(fill.len_utf8());
    if bytes > crate::format::MAX_OUTPUT_BYTES {
        return raise(BuiltinType::MemoryError, "");
    }
    let mut out = String::with_capacity(text.len() + bytes);
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(Value::str(out))
}

fn justify(name: &str, side: Side, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str(name, args)?;
    positional_only(name, rest, kwargs, 1, 2)?;
    let width = width_arg(&rest[0])?;
    let fill = match rest.get(1) {
        None => ' ',
        Some(Value::Str(f)) => {
            let mut chars = f.as_str().chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(type_error(
                        "The fill character must be exactly one character long",
                    ));
                }
            }
        }
        Some(other) => {
            return Err(type_error(format!(
                "The fill character must be a unicode character, not {}",
                type_name(other)
            )));
        }
    };
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(Value::Str(Rc::clone(s)));
    }
    let marg = (width - len) as usize;
    let (left, right) = match side {
        Side::Left => (0, marg),
        Side::Right => (marg, 0),
        Side::Both => {
            let left = marg / 2 + (marg & (width as usize) & 1);
            (left, marg - left)
        }
    };
    padded(s.as_str(), left, right, fill)
}

/// `str.center(width, fillchar=' ')`.
pub fn center(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    justify("center", Side::Both, args, kwargs)
}

/// `str.ljust(width, fillchar=' ')`.
pub fn ljust(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    justify("ljust", Side::Left, args, kwargs)
}

/// `str.rjust(width, fillchar=' ')`.
pub fn rjust(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    justify("rjust", Side::Right, args, kwargs)
}

/// `str.zfill(width)`.
pub fn zfill(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("zfill", args)?;
    let width = width_arg(one_arg("str.zfill", rest, kwargs)?)?;
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(Value::Str(Rc::clone(s)));
    }
    let fill = (width - len) as usize;
    if fill > crate::format::MAX_OUTPUT_BYTES {
        return raise(BuiltinType::MemoryError, "");
    }
    // A sign stays in front: `'-42'.zfill(5)` is `'-0042'`.
    let text = s.as_str();
    let (sign, body) = match text.as_bytes().first() {
        Some(b'+' | b'-') => text.split_at(1),
        _ => ("", text),
    };
    let mut out = String::with_capacity(text.len() + fill);
    out.push_str(sign);
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(body);
    Ok(Value::str(out))
}

/// `str.expandtabs(tabsize=8)`.
pub fn expandtabs(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (s, rest) = recv_str("expandtabs", args)?;
    let params = Params {
        fname: "expandtabs",
        names: &["tabsize"],
        posonly: 0,
        required: 0,
        kwonly_from: 1,
    };
    let slots = params.bind(rest, kwargs)?;
    let tabsize = match &slots[0] {
        None => 8,
        Some(v) => {
            let t = index_i64(v)?;
            if i32::try_from(t).is_err() {
                return raise(
                    BuiltinType::OverflowError,
                    "Python int too large to convert to C int",
                );
            }
            t
        }
    };
    let mut out = String::with_capacity(s.as_str().len());
    let mut column: i64 = 0;
    for c in s.as_str().chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - column % tabsize;
                    column += n;
                    if out.len() as i64 + n > crate::format::MAX_OUTPUT_BYTES as i64 {
                        return raise(BuiltinType::OverflowError, "new string is too long");
                    }
                    out.extend(std::iter::repeat_n(' ', n as usize));
                }
            }
            '\n' | '\r' => {
                column = 0;
                out.push(c);
            }
            _ => {
                column += 1;
                out.push(c);
            }
        }
    }
    Ok(Value::str(out))
}

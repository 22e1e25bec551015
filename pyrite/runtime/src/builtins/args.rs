//! Argument checking for functions written in Rust, with CPython 3.11's exact messages.
//!
//! CPython checks builtin arguments in a few distinct ways, and each has its own wording; the
//! helpers here reproduce one each, so a builtin picks the one CPython uses for it:
//!
//! | CPython mechanism | helper | message |
//! |---|---|---|
//! | `METH_O` | [`one_arg`] | `len() takes exactly one argument (2 given)` |
//! | `METH_NOARGS` | [`no_args`] | `str.upper() takes no arguments (1 given)` |
//! | `_PyArg_CheckPositional` | [`positional`] | `divmod expected 2 arguments, got 1` |
//! | `_PyArg_NoKeywords` | [`no_kwargs`] | `divmod() takes no keyword arguments` |
//! | `_PyArg_UnpackKeywords` | [`Params::bind`] | `round() missing required argument 'number' (pos 1)` |
//!
//! Invariant: these functions never panic whatever the argument counts; every mismatch is a
//! `TypeError` with CPython's text.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::int::Int;
use crate::interp::Interp;
use crate::ops;
use crate::types::PyStr;
use crate::value::Value;

/// Keyword arguments as every [`crate::object::BuiltinFn`] receives them.
pub type Kwargs<'a> = &'a [(Rc<PyStr>, Value)];

/// `TypeError` with `msg`.
pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(BuiltinType::TypeError, msg)
}

/// `"s"` when `n != 1`.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `_PyArg_NoKeywords`: `name() takes no keyword arguments`.
pub fn no_kwargs(name: &str, kwargs: Kwargs<'_>) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        raise(
            BuiltinType::TypeError,
            format!("{name}() takes no keyword arguments"),
        )
    }
}

/// `METH_O`: exactly one positional argument and no keywords.
pub fn one_arg<'a>(name: &str, args: &'a [Value], kwargs: Kwargs<'_>) -> PyResult<&'a Value> {
    no_kwargs(name, kwargs)?;
    match args {
        [one] => Ok(one),
        _ => raise(
            BuiltinType::TypeError,
            format!("{name}() takes exactly one argument ({} given)", args.len()),
        ),
    }
}

/// `METH_NOARGS`: no arguments at all.
pub fn no_args(name: &str, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<()> {
    no_kwargs(name, kwargs)?;
    if args.is_empty() {
        Ok(())
    } else {
        raise(
            BuiltinType::TypeError,
            format!("{name}() takes no arguments ({} given)", args.len()),
        )
    }
}

/// `_PyArg_CheckPositional`: between `min` and `max` positional arguments.
pub fn positional(name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = args.len();
    if n < min {
        let at = if min == max { "" } else { "at least " };
        return raise(
            BuiltinType::TypeError,
            format!("{name} expected {at}{min} argument{}, got {n}", plural(min)),
        );
    }
    if n > max {
        let at = if min == max { "" } else { "at most " };
        return raise(
            BuiltinType::TypeError,
            format!("{name} expected {at}{max} argument{}, got {n}", plural(max)),
        );
    }
    Ok(())
}

/// [`no_kwargs`] then [`positional`]: the common shape of CPython's `METH_VARARGS` builtins.
pub fn positional_only(
    name: &str,
    args: &[Value],
    kwargs: Kwargs<'_>,
    min: usize,
    max: usize,
) -> PyResult<()> {
    no_kwargs(name, kwargs)?;
    positional(name, args, min, max)
}

/// A parameter list as Argument Clinic describes it: `names[..posonly]` are positional-only,
/// `names[..required]` are required, `names[kwonly_from..]` are keyword-only.
pub struct Params<'a> {
    /// The function name in messages (`round`, `sort`).
    pub fname: &'a str,
    /// Every parameter, in order.
    pub names: &'a [&'a str],
    /// How many leading parameters are positional-only.
    pub posonly: usize,
    /// How many leading parameters are required.
    pub required: usize,
    /// Index of the first keyword-only parameter (`names.len()` when there is none).
    pub kwonly_from: usize,
}

impl Params<'_> {
    /// Binds `args`/`kwargs` to the parameters (`_PyArg_UnpackKeywords`): one slot per name,
    /// `None` where the argument was omitted.
    pub fn bind(&self, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Vec<Option<Value>>> {
        let f = self.fname;
        let maxargs = self.names.len();
        let maxpos = self.kwonly_from;
        let given = args.len() + kwargs.len();
        if given > maxargs && maxpos == maxargs {
            let kw = if args.is_empty() { "keyword " } else { "" };
            return Err(type_error(format!(
                "{f}() takes at most {maxargs} {kw}argument{} ({given} given)",
                plural(maxargs)
            )));
        }
        if args.len() > maxpos {
            if maxpos == 0 {
                return Err(type_error(format!("{f}() takes no positional arguments")));
            }
            let how = if self.required < maxpos {
                "at most"
            } else {
                "exactly"
            };
            return Err(type_error(format!(
                "{f}() takes {how} {maxpos} positional argument{} ({} given)",
                plural(maxpos),
                args.len()
            )));
        }
        if given > maxargs {
            let nkw = maxargs - maxpos;
            return Err(type_error(format!(
                "{f}() takes at most {nkw} keyword argument{} ({} given)",
                plural(nkw),
                kwargs.len()
            )));
        }
        let minposonly = self.posonly.min(self.required);
        if args.len() < minposonly {
            let how = if minposonly < maxpos {
                "at least"
            } else {
                "exactly"
            };
            return Err(type_error(format!(
                "{f}() takes {how} {minposonly} positional argument{} ({} given)",
                plural(minposonly),
                args.len()
            )));
        }
        let mut slots: Vec<Option<Value>> = args.iter().cloned().map(Some).collect();
        slots.resize(maxargs, None);
        // CPython reports a missing argument before an unexpected keyword, so the first bad
        // keyword waits until every parameter has been looked at.
        let mut bad_keyword: Option<PyErr> = None;
        for (key, value) in kwargs {
            let pos = self.names[self.posonly..]
                .iter()
                .position(|n| *n == key.as_str())
                .map(|p| p + self.posonly);
            match pos {
                Some(p) if p >= args.len() => slots[p] = Some(value.clone()),
                Some(p) => {
                    bad_keyword.get_or_insert_with(|| {
                        type_error(format!(
                            "argument for {f}() given by name ('{}') and position ({})",
                            key.as_str(),
                            p + 1
                        ))
                    });
                }
                None => {
                    bad_keyword.get_or_insert_with(|| {
                        type_error(format!(
                            "'{}' is an invalid keyword argument for {f}()",
                            key.as_str()
                        ))
                    });
                }
            }
        }
        for (i, name) in self.names[..self.required].iter().enumerate() {
            if slots[i].is_none() {
                return Err(type_error(format!(
                    "{f}() missing required argument '{name}' (pos {})",
                    i + 1
                )));
            }
        }
        if let Some(e) = bad_keyword {
            return Err(e);
        }
        Ok(slots)
    }
}

/// `operator.index(v)` as an `i64`-or-big `Value` (`'float' object cannot be interpreted as an
/// integer`).
pub fn index_value(v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        _ => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(v)
        ))),
    }
}

/// `operator.index(v)` clamped to `isize` as CPython's `PyNumber_AsSsize_t(v, NULL)` does for
/// slice-like uses (`str.find` start/end): huge values saturate.
pub fn index_saturating(v: &Value) -> PyResult<i64> {
    let v = index_value(v)?;
    Ok(Int::from_value(&v).map_or(0, |i| i.to_i64_saturating()))
}

/// `operator.index(v)` as an `i64`; `OverflowError: Python int too large to convert to C
/// ssize_t` beyond 64 bits (`PyNumber_AsSsize_t(v, PyExc_OverflowError)`).
pub fn index_i64(v: &Value) -> PyResult<i64> {
    let v = index_value(v)?;
    match Int::from_value(&v).and_then(|i| i.to_i64()) {
        Some(i) => Ok(i),
        None => raise(
            BuiltinType::OverflowError,
            "Python int too large to convert to C ssize_t",
        ),
    }
}

/// A slice bound argument (`start`/`end` of `str.find`, `list.index`): `None` means absent;
/// otherwise an index, saturated (`_PyEval_SliceIndex`). `msg_none` chooses CPython's two
/// wordings of the error (with or without "or None").
pub fn slice_bound(v: Option<&Value>, allow_none: bool) -> PyResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(Value::None) if allow_none => Ok(None),
        Some(v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_))) => {
            index_saturating(v).map(Some)
        }
        Some(_) => {
            let or_none = if allow_none { " or None" } else { "" };
            raise(
                BuiltinType::TypeError,
                format!("slice indices must be integers{or_none} or have an __index__ method"),
            )
        }
    }
}

/// Resolves `[start:end]` bounds against a length as CPython's `ADJUST_INDICES`.
pub fn adjust_bounds(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let fix = |i: i64| -> i64 {
        if i < 0 {
            (i + len_i).max(0)
        } else {
            i.min(len_i)
        }
    };
    let s = fix(start.unwrap_or(0));
    let e = end.map_or(len_i, fix);
    (s as usize, e as usize)
}

/// `True`/`False` of any object (`bool(v)`), for flags like `reverse=`.
pub fn truthy(vm: &mut dyn Interp, v: &Value) -> PyResult<bool> {
    ops::truthy(vm, v)
}

/// A `str` argument, or CPython's `{what} must be str, not int`-style error built by `err`.
pub fn expect_str(v: &Value, err: impl FnOnce(&Value) -> String) -> PyResult<&Rc<PyStr>> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(type_error(err(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(e: PyErr) -> String {
        match e.0.args.borrow().first() {
            Some(Value::Str(s)) => s.as_str().to_owned(),
            _ => String::new(),
        }
    }

    fn kw(name: &str, v: Value) -> (Rc<PyStr>, Value) {
        (Rc::new(PyStr::new(name.to_owned())), v)
    }

    const ROUND: Params<'static> = Params {
        fname: "round",
        names: &["number", "ndigits"],
        posonly: 0,
        required: 1,
        kwonly_from: 2,
    };

    #[test]
    fn clinic_messages_match_cpython() {
        let one = Value::Int(1);
        assert_eq!(
            msg(ROUND.bind(&[], &[]).unwrap_err()),
            "round() missing required argument 'number' (pos 1)"
        );
        assert_eq!(
            msg(ROUND
                .bind(&[one.clone(), one.clone(), one.clone()], &[])
                .unwrap_err()),
            "round() takes at most 2 arguments (3 given)"
        );
        assert_eq!(
            msg(ROUND
                .bind(std::slice::from_ref(&one), &[kw("number", one.clone())])
                .unwrap_err()),
            "argument for round() given by name ('number') and position (1)"
        );
        assert_eq!(
            msg(ROUND.bind(&[], &[kw("x", one.clone())]).unwrap_err()),
            "round() missing required argument 'number' (pos 1)"
        );
        let sort = Params {
            fname: "sort",
            names: &["key", "reverse"],
            posonly: 0,
            required: 0,
            kwonly_from: 0,
        };
        assert_eq!(
            msg(sort.bind(std::slice::from_ref(&one), &[]).unwrap_err()),
            "sort() takes no positional arguments"
        );
        assert_eq!(
            msg(sort
                .bind(
                    &[],
                    &[
                        kw("key", one.clone()),
                        kw("reverse", one.clone()),
                        kw("x", one)
                    ]
                )
                .unwrap_err()),
            "sort() takes at most 2 keyword arguments (3 given)"
        );
    }

    #[test]
    fn positional_messages_match_cpython() {
        let e = positional("divmod", &[Value::Int(1)], 2, 2).unwrap_err();
        assert_eq!(msg(e), "divmod expected 2 arguments, got 1");
        let e = positional("min", &[], 1, usize::MAX).unwrap_err();
        assert_eq!(msg(e), "min expected at least 1 argument, got 0");
        let e = one_arg("len", &[], &[]).unwrap_err();
        assert_eq!(msg(e), "len() takes exactly one argument (0 given)");
    }

    #[test]
    fn bounds_adjust_like_cpython() {
        assert_eq!(adjust_bounds(None, None, 5), (0, 5));
        assert_eq!(adjust_bounds(Some(-2), Some(100), 5), (3, 5));
        assert_eq!(adjust_bounds(Some(-100), Some(-1), 5), (0, 4));
    }
}

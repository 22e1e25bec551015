//! Numeric builtins: `abs`, `divmod`, `pow`, `round`, `hex`, `oct`, `bin`, and the
//! constructors `int()`, `float()`, `bool()`.
//!
//! The arithmetic itself is [`crate::int`] / [`crate::float`]'s; these functions check
//! arguments, pick the operation for the operands' kinds, and fall back to the user class's
//! dunder method (`__round__`, `__int__`, `__index__`, `__float__`, `__divmod__`) for instances.
//! Invariant: results and messages are CPython 3.11's.

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::float;
use crate::format::{builtin_to_float, type_name};
use crate::int::{self, Int};
use crate::interp::Interp;
use crate::ops::{self, BinOp};
use crate::str_repr::bytes_repr;
use crate::types::PyStr;
use crate::value::Value;

use super::args::{Kwargs, Params, index_value, one_arg, positional_only, type_error};

/// Calls `v.name(*args)` when `v` is an instance whose class defines `name`; `Ok(None)`
/// otherwise (builtin kinds never reach here with a dunder they lack).
pub(crate) fn dunder(
    vm: &mut dyn Interp,
    v: &Value,
    name: &str,
    args: &[Value],
) -> PyResult<Option<Value>> {
    if !matches!(v, Value::Instance(_)) {
        return Ok(None);
    }
    let key = PyStr::new(name.to_owned());
    match ops::getattr(vm, v, &key) {
        Ok(method) => ops::call(vm, &method, args, &[]).map(Some),
        Err(e) if e.matches(BuiltinType::AttributeError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `operator.index(v)`, user `__index__` included.
pub(crate) fn index(vm: &mut dyn Interp, v: &Value) -> PyResult<Value> {
    if let Some(r) = dunder(vm, v, "__index__", &[])? {
        return match r {
            Value::Int(_) | Value::BigInt(_) => Ok(r),
            Value::Bool(b) => Ok(Value::Int(i64::from(b))),
            other => Err(type_error(format!(
                "__index__ returned non-int (type {})",
                type_name(&other)
            ))),
        };
    }
    index_value(v)
}

/// `abs(x)`.
pub fn abs(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = one_arg("abs", args, kwargs)?;
    if let Some(r) = dunder(vm, x, "__abs__", &[])? {
        return Ok(r);
    }
    ops::abs(vm, x)
}

/// `divmod(a, b)`.
pub fn divmod(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("divmod", args, kwargs, 2, 2)?;
    let (a, b) = (&args[0], &args[1]);
    if let (Some(x), Some(y)) = (Int::from_value(a), Int::from_value(b)) {
        let (q, r) = int::divmod(x, y)?;
        return Ok(Value::tuple(vec![q, r]));
    }
    let numeric = |v: &Value| Int::from_value(v).is_some() || matches!(v, Value::Float(_));
    if numeric(a) && numeric(b) {
        let x = builtin_to_float(a)?.unwrap_or(0.0);
        let y = builtin_to_float(b)?.unwrap_or(0.0);
        let (q, r) = float::divmod(x, y)?;
        return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
    }
    if let Some(r) = dunder(vm, a, "__divmod__", std::slice::from_ref(b))? {
        return Ok(r);
    }
    if let Some(r) = dunder(vm, b, "__rdivmod__", std::slice::from_ref(a))? {
        return Ok(r);
    }
    raise(
        BuiltinType::TypeError,
        format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            type_name(a),
            type_name(b)
        ),
    )
}

const POW: Params<'static> = Params {
    fname: "pow",
    names: &["base", "exp", "mod"],
    posonly: 0,
    required: 2,
    kwonly_from: 3,
};

/// `pow(base, exp, mod=None)`.
pub fn pow(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = POW.bind(args, kwargs)?;
    let (Some(base), Some(exp)) = (&slots[0], &slots[1]) else {
        return Err(type_error("pow() missing required argument 'base' (pos 1)"));
    };
    match &slots[2] {
        None | Some(Value::None) => ops::binary_op(vm, BinOp::Pow, base, exp),
        Some(m) => match (
            Int::from_value(base),
            Int::from_value(exp),
            Int::from_value(m),
        ) {
            (Some(b), Some(e), Some(m)) => int::pow_mod(b, e, m),
            _ => {
                if let Some(r) = dunder(vm, base, "__pow__", &[exp.clone(), m.clone()])? {
                    return Ok(r);
                }
                let numeric =
                    |v: &Value| Int::from_value(v).is_some() || matches!(v, Value::Float(_));
                if numeric(base) && numeric(exp) && numeric(m) {
                    raise(
                        BuiltinType::TypeError,
                        "pow() 3rd argument not allowed unless all arguments are integers",
                    )
                } else {
                    raise(
                        BuiltinType::TypeError,
                        format!(
                            "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                            type_name(base),
                            type_name(exp),
                            type_name(m)
                        ),
                    )
                }
            }
        },
    }
}

const ROUND: Params<'static> = Params {
    fname: "round",
    names: &["number", "ndigits"],
    posonly: 0,
    required: 1,
    kwonly_from: 2,
};

/// `round(number, ndigits=None)`.
pub fn round(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = ROUND.bind(args, kwargs)?;
    let Some(number) = &slots[0] else {
        return Err(type_error(
            "round() missing required argument 'number' (pos 1)",
        ));
    };
    let ndigits = match &slots[1] {
        None | Some(Value::None) => None,
        Some(n) => Some(n.clone()),
    };
    match number {
        Value::Float(x) => match ndigits {
            None => float::round_to_int(*x),
            Some(n) => {
                let n = index(vm, &n)?;
                let n = Int::from_value(&n).map_or(0, |i| i.to_i64_saturating());
                Ok(Value::Float(float::round_ndigits(*x, n)?))
            }
        },
        v if Int::from_value(v).is_some() => {
            let a = Int::from_value(v).unwrap_or(Int::Small(0));
            match ndigits {
                None => Ok(a.to_value()),
                Some(n) => {
                    let n = index(vm, &n)?;
                    let n = Int::from_value(&n).unwrap_or(Int::Small(0));
                    Ok(int::round(a, n))
                }
            }
        }
        _ => {
            let extra: Vec<Value> = ndigits.into_iter().collect();
            if let Some(r) = dunder(vm, number, "__round__", &extra)? {
                return Ok(r);
            }
            raise(
                BuiltinType::TypeError,
                format!("type {} doesn't define __round__ method", type_name(number)),
            )
        }
    }
}

fn radix_text(
    vm: &mut dyn Interp,
    name: &str,
    args: &[Value],
    kwargs: Kwargs<'_>,
    render: fn(Int<'_>) -> String,
) -> PyResult<Value> {
    let x = one_arg(name, args, kwargs)?;
    let i = index(vm, x)?;
    Ok(Value::str(render(
        Int::from_value(&i).unwrap_or(Int::Small(0)),
    )))
}

/// `hex(x)`.
pub fn hex(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    radix_text(vm, "hex", args, kwargs, int::to_hex)
}

/// `oct(x)`.
pub fn oct(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    radix_text(vm, "oct", args, kwargs, int::to_oct)
}

/// `bin(x)`.
pub fn bin(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    radix_text(vm, "bin", args, kwargs, int::to_bin)
}

const INT: Params<'static> = Params {
    fname: "int",
    names: &["x", "base"],
    posonly: 1,
    required: 0,
    kwonly_from: 2,
};

/// `int(s, base)` for a `bytes` argument: the text is ASCII, the error shows the bytes' repr.
fn int_from_bytes(b: &[u8], base: i64) -> PyResult<Value> {
    let invalid = || {
        raise(
            BuiltinType::ValueError,
            format!(
                "invalid literal for int() with base {base}: {}",
                bytes_repr(b)
            ),
        )
    };
    let text = match std::str::from_utf8(b) {
        Ok(t) if t.is_ascii() => t,
        _ => return invalid(),
    };
    match int::from_str(text, base) {
        Err(e) if e.matches(BuiltinType::ValueError) && is_invalid_literal(&e) => invalid(),
        other => other,
    }
}

fn is_invalid_literal(e: &crate::error::PyErr) -> bool {
    e.0.args.try_borrow().is_ok_and(|args| {
        matches!(args.first(), Some(Value::Str(m)) if m.as_str().starts_with("invalid literal"))
    })
}

/// `int(x=0)` / `int(x, base=10)`.
pub fn int(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = INT.bind(args, kwargs)?;
    let x = slots[0].as_ref();
    let Some(base) = &slots[1] else {
        return match x {
            None => Ok(Value::Int(0)),
            Some(x) => int_of(vm, x),
        };
    };
    let Some(x) = x else {
        return raise(BuiltinType::TypeError, "int() missing string argument");
    };
    let base = index(vm, base)?;
    let base = match Int::from_value(&base).and_then(|b| b.to_i64()) {
        Some(b) if b == 0 || (2..=36).contains(&b) => b,
        _ => {
            return raise(
                BuiltinType::ValueError,
                "int() base must be >= 2 and <= 36, or 0",
            );
        }
    };
    match x {
        Value::Str(s) => int::from_str(s.as_str(), base),
        Value::Bytes(b) => int_from_bytes(b.as_bytes(), base),
        _ => raise(
            BuiltinType::TypeError,
            "int() can't convert non-string with explicit base",
        ),
    }
}

/// `int(x)` with one argument (CPython's `PyNumber_Long`).
pub(crate) fn int_of(vm: &mut dyn Interp, x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        Value::Float(f) => int::from_f64(*f),
        Value::Str(s) => int::from_str(s.as_str(), 10),
        Value::Bytes(b) => int_from_bytes(b.as_bytes(), 10),
        _ => {
            for name in ["__int__", "__index__", "__trunc__"] {
                if let Some(r) = dunder(vm, x, name, &[])? {
                    return match r {
                        Value::Int(_) | Value::BigInt(_) => Ok(r),
                        Value::Bool(b) => Ok(Value::Int(i64::from(b))),
                        other => raise(
                            BuiltinType::TypeError,
                            format!("{name} returned non-int (type {})", type_name(&other)),
                        ),
                    };
                }
            }
            raise(
                BuiltinType::TypeError,
                format!(
                    "int() argument must be a string, a bytes-like object or a real number, \
                     not '{}'",
                    type_name(x)
                ),
            )
        }
    }
}

/// `float(x=0.0)`.
pub fn float(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("float", args, kwargs, 0, 1)?;
    match args.first() {
        None => Ok(Value::Float(0.0)),
        Some(x) => float_of(vm, x).map(Value::Float),
    }
}

/// `float(x)` (CPython's `PyNumber_Float`).
pub(crate) fn float_of(vm: &mut dyn Interp, x: &Value) -> PyResult<f64> {
    match x {
        Value::Str(s) => float::from_str(s.as_str()),
        Value::Bytes(b) => match std::str::from_utf8(b.as_bytes()) {
            Ok(text) if text.is_ascii() => float::from_str(text).map_err(|_| {
                crate::error::PyErr::new(
                    BuiltinType::ValueError,
                    format!(
                        "could not convert string to float: {}",
                        bytes_repr(b.as_bytes())
                    ),
                )
            }),
            _ => raise(
                BuiltinType::ValueError,
                format!(
                    "could not convert string to float: {}",
                    bytes_repr(b.as_bytes())
                ),
            ),
        },
        _ => {
            if let Some(f) = builtin_to_float(x)? {
                return Ok(f);
            }
            if let Some(r) = dunder(vm, x, "__float__", &[])? {
                return match r {
                    Value::Float(f) => Ok(f),
                    other => raise(
                        BuiltinType::TypeError,
                        format!(
                            "{}.__float__ returned non-float (type {})",
                            type_name(x),
                            type_name(&other)
                        ),
                    ),
                };
            }
            if let Some(r) = dunder(vm, x, "__index__", &[])?
                && let Some(i) = Int::from_value(&r)
            {
                return int::to_f64(i);
            }
            raise(
                BuiltinType::TypeError,
                format!(
                    "float() argument must be a string or a real number, not '{}'",
                    type_name(x)
                ),
            )
        }
    }
}

/// `bool(x=False)`.
pub fn bool_(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("bool", args, kwargs, 0, 1)?;
    match args.first() {
        None => Ok(Value::Bool(false)),
        Some(x) => ops::truthy(vm, x).map(Value::Bool),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{call, kw, s};
    use super::*;

    #[test]
    fn arithmetic_builtins() {
        assert_eq!(call(abs, &[Value::Int(-3)], &[]), Ok("3".into()));
        assert_eq!(
            call(abs, &[s("x")], &[]),
            Err("TypeError: bad operand type for abs(): 'str'".into())
        );
        assert_eq!(
            call(divmod, &[Value::Int(-7), Value::Int(2)], &[]),
            Ok("(-4, 1)".into())
        );
        assert_eq!(
            call(divmod, &[Value::Float(7.5), Value::Int(-2)], &[]),
            Ok("(-4.0, -0.5)".into())
        );
        assert_eq!(
            call(divmod, &[Value::Int(1)], &[]),
            Err("TypeError: divmod expected 2 arguments, got 1".into())
        );
        assert_eq!(
            call(pow, &[Value::Int(2), Value::Int(10), Value::Int(1000)], &[]),
            Ok("24".into())
        );
        assert_eq!(
            call(
                pow,
                &[],
                &[kw("base", Value::Int(2)), kw("exp", Value::Int(3))]
            ),
            Ok("8".into())
        );
        assert_eq!(
            call(pow, &[Value::Int(1)], &[]),
            Err("TypeError: pow() missing required argument 'exp' (pos 2)".into())
        );
    }

    #[test]
    fn rounding() {
        assert_eq!(call(round, &[Value::Float(-7.5)], &[]), Ok("-8".into()));
        assert_eq!(call(round, &[Value::Float(8.5)], &[]), Ok("8".into()));
        assert_eq!(
            call(round, &[Value::Float(1.23456), Value::Int(2)], &[]),
            Ok("1.23".into())
        );
        assert_eq!(
            call(round, &[Value::Int(1234), Value::Int(-2)], &[]),
            Ok("1200".into())
        );
        assert_eq!(
            call(round, &[s("a")], &[]),
            Err("TypeError: type str doesn't define __round__ method".into())
        );
        assert_eq!(
            call(round, &[Value::Float(1.5)], &[kw("number", Value::Int(1))]),
            Err("TypeError: argument for round() given by name ('number') and position (1)".into())
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(call(hex, &[Value::Int(26)], &[]), Ok("'0x1a'".into()));
        assert_eq!(call(bin, &[Value::Int(-5)], &[]), Ok("'-0b101'".into()));
        assert_eq!(
            call(hex, &[Value::Float(1.5)], &[]),
            Err("TypeError: 'float' object cannot be interpreted as an integer".into())
        );
        assert_eq!(call(int, &[s(" 7 ")], &[]), Ok("7".into()));
        assert_eq!(
            call(int, &[s("z")], &[kw("base", Value::Int(36))]),
            Ok("35".into())
        );
        assert_eq!(
            call(int, &[s("")], &[]),
            Err("ValueError: invalid literal for int() with base 10: ''".into())
        );
        assert_eq!(
            call(int, &[], &[kw("base", Value::Int(10))]),
            Err("TypeError: int() missing string argument".into())
        );
        assert_eq!(
            call(int, &[Value::Float(1.5), Value::Int(3)], &[]),
            Err("TypeError: int() can't convert non-string with explicit base".into())
        );
        assert_eq!(
            call(int, &[Value::None], &[]),
            Err("TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'".into())
        );
        assert_eq!(call(float, &[s("  1e3 ")], &[]), Ok("1000.0".into()));
        assert_eq!(
            call(float, &[s("x")], &[]),
            Err("ValueError: could not convert string to float: 'x'".into())
        );
        assert_eq!(
            call(float, &[Value::list(vec![])], &[]),
            Err("TypeError: float() argument must be a string or a real number, not 'list'".into())
        );
        assert_eq!(call(bool_, &[s("")], &[]), Ok("False".into()));
        assert_eq!(
            call(bool_, &[], &[kw("x", Value::Int(1))]),
            Err("TypeError: bool() takes no keyword arguments".into())
        );
    }
}

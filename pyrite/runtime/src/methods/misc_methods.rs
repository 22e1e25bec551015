//! Methods of the smaller builtin types: `tuple` (`index`, `count`), `range` (`index`,
//! `count`), `int` (`bit_length`, `bit_count`, `to_bytes`, `from_bytes`, `conjugate`,
//! `as_integer_ratio`), `float` (`is_integer`, `as_integer_ratio`, `hex`, `fromhex`,
//! `conjugate`), and the common `bytes` methods ([`super::bytes_methods`]).

use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params, index_value, no_args, one_arg, type_error};
use crate::error::{PyResult, raise};
use crate::float;
use crate::format::type_name;
use crate::int::{self, Int};
use crate::interp::Interp;
use crate::iterators;
use crate::object::PyRange;
use crate::ops;
use crate::types::{PyBytes, PyTuple};
use crate::value::Value;

use super::list_methods::index_bounds;
use super::{Method, READ_DUNDERS, receiver_fn};

pub use super::bytes_methods::{BYTES_CLASSMETHODS, BYTES_METHODS};

receiver_fn!(recv_tuple, "tuple", Rc<PyTuple>, Value::Tuple(t) => t);
receiver_fn!(recv_range, "range", Rc<PyRange>, Value::Range(r) => r);

/// `tuple`'s methods.
pub static TUPLE_METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[1],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    ("count", tuple_count),
    ("index", tuple_index),
];

fn tuple_index(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (t, rest) = recv_tuple("index", args)?;
    crate::builtins::args::no_kwargs("tuple.index", kwargs)?;
    crate::builtins::args::positional("index", rest, 1, 3)?;
    let items = t.items();
    let (start, stop) = index_bounds(rest, items.len())?;
    let stop = stop.min(items.len());
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if item.is(&rest[0]) || ops::eq(vm, item, &rest[0])? {
            return Ok(Value::Int(i as i64));
        }
    }
    raise(BuiltinType::ValueError, "tuple.index(x): x not in tuple")
}

fn tuple_count(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (t, rest) = recv_tuple("count", args)?;
    let x = one_arg("tuple.count", rest, kwargs)?;
    let mut n = 0;
    for item in t.items() {
        if item.is(x) || ops::eq(vm, item, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// `range`'s methods.
pub static RANGE_METHODS: &[Method] = &[
    READ_DUNDERS[0],
    READ_DUNDERS[1],
    READ_DUNDERS[2],
    READ_DUNDERS[3],
    READ_DUNDERS[4],
    ("count", range_count),
    ("index", range_index),
];

/// The position of `x` in `r` when `x` is an int in it.
fn range_position(r: &PyRange, x: &Value) -> Option<Value> {
    let (xi, start, step) = (
        Int::from_value(x)?,
        Int::from_value(&r.start)?,
        Int::from_value(&r.step)?,
    );
    if matches!(x, Value::Float(_)) {
        return None;
    }
    let offset = int::sub(xi, start);
    let (q, rem) = int::divmod(Int::from_value(&offset)?, step).ok()?;
    if !Int::from_value(&rem)?.is_zero() || Int::from_value(&q)?.is_negative() {
        return None;
    }
    let len = iterators::range_len_value(r);
    (int::compare(Int::from_value(&q)?, Int::from_value(&len)?) == std::cmp::Ordering::Less)
        .then_some(q)
}

fn range_index(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (r, rest) = recv_range("index", args)?;
    let x = one_arg("range.index", rest, kwargs)?;
    if matches!(x, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) {
        if let Some(i) = range_position(r, x) {
            return Ok(i);
        }
    } else if iterators::range_contains(vm, r, x)? {
        // A non-int equal to a member (`2.0`): scan, as CPython's generic fallback does.
        let it = iterators::range_iter(r, false);
        let mut i = 0i64;
        while let Some(item) = ops::next(vm, &it)? {
            if ops::eq(vm, &item, x)? {
                return Ok(Value::Int(i));
            }
            i += 1;
        }
    }
    let shown = ops::repr(vm, x)?;
    raise(BuiltinType::ValueError, format!("{shown} is not in range"))
}

fn range_count(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (r, rest) = recv_range("count", args)?;
    let x = one_arg("range.count", rest, kwargs)?;
    if matches!(x, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) {
        return Ok(Value::Int(i64::from(range_position(r, x).is_some())));
    }
    let it = iterators::range_iter(r, false);
    let mut n = 0i64;
    while let Some(item) = ops::next(vm, &it)? {
        if ops::eq(vm, &item, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

receiver_fn!(recv_int, "int", Value,
    v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) => v);

/// `int`'s methods (`bool` inherits them).
pub static INT_METHODS: &[Method] = &[
    ("as_integer_ratio", int_as_integer_ratio),
    ("bit_count", int_bit_count),
    ("bit_length", int_bit_length),
    ("conjugate", int_conjugate),
    ("to_bytes", int_to_bytes),
];

/// `int`'s class methods.
pub static INT_CLASSMETHODS: &[Method] = &[("from_bytes", int_from_bytes)];

fn int_arg(v: &Value) -> Int<'_> {
    Int::from_value(v).unwrap_or(Int::Small(0))
}

fn int_bit_length(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (v, rest) = recv_int("bit_length", args)?;
    no_args("int.bit_length", rest, kwargs)?;
    Ok(int::bit_length(int_arg(v)))
}

fn int_bit_count(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (v, rest) = recv_int("bit_count", args)?;
    no_args("int.bit_count", rest, kwargs)?;
    let n: u64 = match int_arg(v) {
        Int::Small(i) => u64::from(i.unsigned_abs().count_ones()),
        Int::Big(b) => b
            .magnitude()
            .iter_u64_digits()
            .map(|d| u64::from(d.count_ones()))
            .sum(),
    };
    Ok(Value::Int(n as i64))
}

fn int_conjugate(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (v, rest) = recv_int("conjugate", args)?;
    no_args("int.conjugate", rest, kwargs)?;
    index_value(v)
}

fn int_as_integer_ratio(
    _vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (v, rest) = recv_int("as_integer_ratio", args)?;
    no_args("int.as_integer_ratio", rest, kwargs)?;
    Ok(Value::tuple(vec![index_value(v)?, Value::Int(1)]))
}

/// `byteorder` and `signed` of `to_bytes`/`from_bytes`: `true` for little-endian.
fn byteorder(v: Option<&Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(Value::Str(s)) => match s.as_str() {
            "little" => Ok(true),
            "big" => Ok(false),
            _ => raise(
                BuiltinType::ValueError,
                "byteorder must be either 'little' or 'big'",
            ),
        },
        Some(other) => Err(type_error(format!(
            "to_bytes() argument 'byteorder' must be str, not {}",
            type_name(other)
        ))),
    }
}

fn int_to_bytes(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (v, rest) = recv_int("to_bytes", args)?;
    let params = Params {
        fname: "to_bytes",
        names: &["length", "byteorder", "signed"],
        posonly: 0,
        required: 0,
        kwonly_from: 2,
    };
    let slots = params.bind(rest, kwargs)?;
    let length = match &slots[0] {
        Some(l) => crate::builtins::args::index_i64(l)?,
        None => 1,
    };
    if length < 0 {
        return raise(
            BuiltinType::ValueError,
            "length argument must be non-negative",
        );
    }
    let little = byteorder(slots[1].as_ref())?;
    let signed = match &slots[2] {
        Some(s) => ops::truthy(vm, s)?,
        None => false,
    };
    let n = int_arg(v).big().into_owned();
    if n.is_negative() && !signed {
        return raise(
            BuiltinType::OverflowError,
            "can't convert negative int to unsigned",
        );
    }
    let mut bytes = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    if n.is_zero() {
        bytes.clear();
    }
    let length = usize::try_from(length).unwrap_or(usize::MAX);
    if bytes.len() > length {
        return raise(BuiltinType::OverflowError, "int too big to convert");
    }
    if length > crate::format::MAX_OUTPUT_BYTES {
        return raise(BuiltinType::MemoryError, "");
    }
    let fill = if signed && n.is_negative() { 0xff } else { 0 };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Value::Bytes(Rc::new(PyBytes::new(bytes))))
}

fn int_from_bytes(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let rest = match args.first() {
        Some(Value::Type(_)) => &args[1..],
        _ => args,
    };
    let params = Params {
        fname: "from_bytes",
        names: &["bytes", "byteorder", "signed"],
        posonly: 0,
        required: 1,
        kwonly_from: 2,
    };
    let slots = params.bind(rest, kwargs)?;
    let data: Vec<u8> = match &slots[0] {
        Some(Value::Bytes(b)) => b.as_bytes().to_vec(),
        Some(v) => {
            let Value::Bytes(b) = crate::builtins::text::bytes(vm, std::slice::from_ref(v), &[])?
            else {
                return Err(type_error("cannot convert to bytes"));
            };
            b.as_bytes().to_vec()
        }
        None => Vec::new(),
    };
    let little = byteorder(slots[1].as_ref())?;
    let signed = match &slots[2] {
        Some(s) => ops::truthy(vm, s)?,
        None => false,
    };
    let n = match (signed, little) {
        (true, true) => BigInt::from_signed_bytes_le(&data),
        (true, false) => BigInt::from_signed_bytes_be(&data),
        (false, true) => BigInt::from_bytes_le(Sign::Plus, &data),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &data),
    };
    Ok(Value::from_bigint(n))
}

receiver_fn!(recv_float, "float", f64, Value::Float(x) => x);

/// `float`'s methods.
pub static FLOAT_METHODS: &[Method] = &[
    ("as_integer_ratio", float_as_integer_ratio),
    ("conjugate", float_conjugate),
    ("hex", float_hex),
    ("is_integer", float_is_integer),
];

/// `float`'s class methods.
pub static FLOAT_CLASSMETHODS: &[Method] = &[("fromhex", float_fromhex)];

fn float_is_integer(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, rest) = recv_float("is_integer", args)?;
    no_args("float.is_integer", rest, kwargs)?;
    Ok(Value::Bool(float::is_integer(*x)))
}

fn float_as_integer_ratio(
    _vm: &mut dyn Interp,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let (x, rest) = recv_float("as_integer_ratio", args)?;
    no_args("float.as_integer_ratio", rest, kwargs)?;
    let (n, d) = float::as_integer_ratio(*x)?;
    Ok(Value::tuple(vec![n, d]))
}

fn float_hex(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, rest) = recv_float("hex", args)?;
    no_args("float.hex", rest, kwargs)?;
    Ok(Value::str(float::hex(*x)))
}

fn float_conjugate(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, rest) = recv_float("conjugate", args)?;
    no_args("float.conjugate", rest, kwargs)?;
    Ok(Value::Float(*x))
}

fn float_fromhex(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let rest = match args.first() {
        Some(Value::Type(_) | Value::Float(_)) => &args[1..],
        _ => args,
    };
    let s = one_arg("float.fromhex", rest, kwargs)?;
    let Value::Str(s) = s else {
        return Err(type_error(format!(
            "bad argument type for built-in operation: {}",
            type_name(s)
        )));
    };
    super::float_fromhex::fromhex(s.as_str()).map(Value::Float)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::{call, ints, s};

    #[test]
    fn small_type_methods() {
        let t = Value::tuple(vec![Value::Int(1), Value::Int(2), Value::Int(1)]);
        assert_eq!(
            call(tuple_count, &[t.clone(), Value::Int(1)], &[]),
            Ok("2".into())
        );
        assert_eq!(
            call(tuple_index, &[t, Value::Int(3)], &[]),
            Err("ValueError: tuple.index(x): x not in tuple".into())
        );
        let r = Value::Range(Rc::new(PyRange {
            start: Value::Int(0),
            stop: Value::Int(10),
            step: Value::Int(1),
        }));
        assert_eq!(
            call(range_index, &[r.clone(), Value::Int(3)], &[]),
            Ok("3".into())
        );
        assert_eq!(
            call(range_index, &[r.clone(), Value::Int(11)], &[]),
            Err("ValueError: 11 is not in range".into())
        );
        assert_eq!(call(range_count, &[r, Value::Int(3)], &[]), Ok("1".into()));
        assert_eq!(
            call(
                int_to_bytes,
                &[Value::Int(5), Value::Int(2), s("little")],
                &[]
            ),
            Ok("b'\\x05\\x00'".into())
        );
        assert_eq!(
            call(
                int_to_bytes,
                &[Value::Int(-1), Value::Int(2), s("big")],
                &[crate::builtins::test_util::kw("signed", Value::Bool(true))]
            ),
            Ok("b'\\xff\\xff'".into())
        );
        assert_eq!(
            call(
                int_to_bytes,
                &[Value::Int(-128), Value::Int(1), s("big")],
                &[crate::builtins::test_util::kw("signed", Value::Bool(true))]
            ),
            Ok("b'\\x80'".into())
        );
        assert_eq!(
            call(
                int_to_bytes,
                &[Value::Int(256), Value::Int(1), s("big")],
                &[]
            ),
            Err("OverflowError: int too big to convert".into())
        );
        assert_eq!(call(int_bit_count, &[Value::Int(-3)], &[]), Ok("2".into()));
        assert_eq!(
            call(float_is_integer, &[Value::Float(2.0)], &[]),
            Ok("True".into())
        );
        assert_eq!(
            call(float_as_integer_ratio, &[Value::Float(1.5)], &[]),
            Ok("(3, 2)".into())
        );
        assert_eq!(
            call(float_fromhex, &[s(" -0x1.8p-1 ")], &[]),
            Ok("-0.75".into())
        );
        let _ = ints(&[]);
    }
}

//! The integer functions of the `math` module: `gcd`, `lcm`, `factorial`, `comb`, `perm`,
//! `isqrt`, and `prod` (which multiplies anything, ints fast).
//!
//! Arguments must be ints (`operator.index`): `TypeError: 'float' object cannot be interpreted
//! as an integer`, as CPython 3.10+ requires. Results are exact big integers, normalized to
//! `Value::Int` when they fit. Invariant: inputs that would need an impossible amount of work
//! or memory (`factorial(10**30)`) raise `OverflowError` as CPython's size checks do.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params, one_arg, positional_only, type_error};
use crate::builtins::numeric::index;
use crate::error::{PyResult, raise};
use crate::int::{self, Int};
use crate::interp::Interp;
use crate::ops::{self, BinOp};
use crate::value::Value;

/// `operator.index(v)` as a big integer.
fn big_index(vm: &mut dyn Interp, v: &Value) -> PyResult<BigInt> {
    let i = index(vm, v)?;
    Ok(Int::from_value(&i).map_or_else(BigInt::zero, |i| i.big().into_owned()))
}

/// `gcd(*integers)`.
pub fn gcd(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    crate::builtins::args::no_kwargs("gcd", kwargs)?;
    let mut acc = BigInt::zero();
    for a in args {
        let x = big_index(vm, a)?;
        acc = acc.gcd(&x);
    }
    Ok(Value::from_bigint(acc))
}

/// `lcm(*integers)`.
pub fn lcm(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    crate::builtins::args::no_kwargs("lcm", kwargs)?;
    let mut acc = BigInt::one();
    for a in args {
        let x = big_index(vm, a)?;
        acc = if acc.is_zero() || x.is_zero() {
            BigInt::zero()
        } else {
            acc.lcm(&x)
        };
    }
    Ok(Value::from_bigint(acc.abs()))
}

/// The product of the integers in `lo..hi` by binary splitting (balanced operand sizes).
fn range_product(lo: u64, hi: u64) -> BigInt {
    match hi.saturating_sub(lo) {
        0 => BigInt::one(),
        1 => BigInt::from(lo),
        2 => BigInt::from(lo) * BigInt::from(lo + 1),
        n => {
            let mid = lo + n / 2;
            range_product(lo, mid) * range_product(mid, hi)
        }
    }
}

/// `n` as a `u64` no larger than `limit`; `OverflowError` with `msg` beyond it.
fn bounded(n: &BigInt, limit: u64, msg: &str) -> PyResult<u64> {
    match u64::try_from(n) {
        Ok(v) if v <= limit => Ok(v),
        _ => raise(BuiltinType::OverflowError, msg),
    }
}

/// The largest argument we compute a factorial of: its result has about 2**32 bits, the
/// runtime's cap on any result ([`int::MAX_RESULT_BITS`]).
const MAX_FACTORIAL_ARG: u64 = 150_000_000;

/// `factorial(n)`.
pub fn factorial(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let n = big_index(vm, one_arg("math.factorial", args, kwargs)?)?;
    if n.is_negative() {
        return raise(
            BuiltinType::ValueError,
            "factorial() not defined for negative values",
        );
    }
    if n.bits() >= 64 {
        return raise(
            BuiltinType::OverflowError,
            "factorial() argument should not exceed 9223372036854775807",
        );
    }
    // Between this bound and `i64::MAX` CPython would run out of memory eventually.
    let n = bounded(&n, MAX_FACTORIAL_ARG, "")
        .map_err(|_| crate::error::PyErr::new(BuiltinType::MemoryError, ""))?;
    Ok(Value::from_bigint(range_product(1, n + 1)))
}

/// `n` and `k` for `comb`/`perm`: non-negative ints.
fn n_k(vm: &mut dyn Interp, n: &Value, k: &Value) -> PyResult<(BigInt, BigInt)> {
    let n = big_index(vm, n)?;
    let k = big_index(vm, k)?;
    if n.is_negative() {
        return raise(BuiltinType::ValueError, "n must be a non-negative integer");
    }
    if k.is_negative() {
        return raise(BuiltinType::ValueError, "k must be a non-negative integer");
    }
    Ok((n, k))
}

/// `perm(n, k)` for `k <= n`: `n * (n-1) * ... * (n-k+1)`.
fn falling_product(n: &BigInt, k: u64) -> BigInt {
    match u64::try_from(n) {
        Ok(n64) => range_product(n64 - k + 1, n64 + 1),
        Err(_) => {
            let mut acc = BigInt::one();
            for i in 0..k {
                acc *= n - BigInt::from(i);
            }
            acc
        }
    }
}

/// The most factors `comb`/`perm` multiply (results beyond are far past the memory cap).
const MAX_FACTORS: u64 = 100_000_000;

/// `comb(n, k)`.
pub fn comb(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("comb", args, kwargs, 2, 2)?;
    let (n, k) = n_k(vm, &args[0], &args[1])?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let k = bounded(
        &k,
        MAX_FACTORS,
        "min(n - k, k) must not exceed 9223372036854775807",
    )?;
    let num = falling_product(&n, k);
    Ok(Value::from_bigint(num / range_product(1, k + 1)))
}

/// `perm(n, k=None)`.
pub fn perm(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("perm", args, kwargs, 1, 2)?;
    let k = match args.get(1) {
        None | Some(Value::None) => {
            return factorial(vm, &args[..1], &[]).map_err(|e| {
                if e.matches(BuiltinType::ValueError) {
                    crate::error::PyErr::new(
                        BuiltinType::ValueError,
                        "n must be a non-negative integer",
                    )
                } else {
                    e
                }
            });
        }
        Some(k) => k.clone(),
    };
    let (n, k) = n_k(vm, &args[0], &k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = bounded(&k, MAX_FACTORS, "k must not exceed 9223372036854775807")?;
    Ok(Value::from_bigint(falling_product(&n, k)))
}

/// `isqrt(n)`.
pub fn isqrt(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let n = big_index(vm, one_arg("math.isqrt", args, kwargs)?)?;
    if n.is_negative() {
        return raise(
            BuiltinType::ValueError,
            "isqrt() argument must be nonnegative",
        );
    }
    Ok(Value::from_bigint(n.sqrt()))
}

const PROD: Params<'static> = Params {
    fname: "prod",
    names: &["iterable", "start"],
    posonly: 1,
    required: 1,
    kwonly_from: 1,
};

/// `prod(iterable, /, *, start=1)`.
pub fn prod(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = PROD.bind(args, kwargs)?;
    let Some(iterable) = &slots[0] else {
        return Err(type_error(
            "prod() takes exactly 1 positional argument (0 given)",
        ));
    };
    let mut acc = slots[1].clone().unwrap_or(Value::Int(1));
    let it = ops::iter(vm, iterable)?;
    while let Some(item) = ops::next(vm, &it)? {
        acc = match (&acc, &item) {
            (Value::Int(a), Value::Int(b)) => match a.checked_mul(*b) {
                Some(p) => Value::Int(p),
                None => int::mul(Int::Small(*a), Int::Small(*b)),
            },
            (Value::Float(a), Value::Float(b)) => Value::Float(a * b),
            _ => ops::binary_op(vm, BinOp::Mul, &acc, &item)?,
        };
    }
    Ok(acc)
}

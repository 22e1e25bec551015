//! The `math` module: constants and the floating-point functions, as CPython 3.11's
//! `Modules/mathmodule.c` defines them (the integer functions are in [`super::math_int`]).
//!
//! Invariants, all from CPython:
//! - Arguments convert like `PyFloat_AsDouble`: `float`, `int` (`OverflowError: int too large
//!   to convert to float`), `bool`, an instance's `__float__`/`__index__`; anything else is
//!   `TypeError: must be real number, not str`.
//! - Errors follow `math_1`/`math_2`: a NaN from non-NaN input is `ValueError: math domain
//!   error`; an infinity from finite input is `OverflowError: math range error` for the
//!   functions that can overflow (`exp`, `cosh`, ...) and a domain error otherwise.
//! - The libm functions are the platform's, as CPython's are (Rust's `f64::sin` & co. call
//!   the system libm), so results agree bit for bit on the same machine.
//! - `hypot`/`dist` use CPython 3.11's `vector_norm` (scaled, compensated, with a final
//!   correction step) so they round as CPython does; `fsum` is CPython's `msum` (Shewchuk).
//!
//! Divergence: `cbrt` can differ from CPython's in the last bit: the `cbrt` symbol Rust links is
//! the compiler runtime's correctly rounded one, CPython's is glibc's (`cbrt(2.0)` is
//! `1.2599210498948732` here, `...734` in CPython).
//!
//! Not provided (documented gap): `gamma`, `lgamma` (CPython computes them with its own Lanczos
//! code).

use std::f64::consts;

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, Params, index_value, one_arg, positional_only, type_error};
use crate::builtins::numeric::dunder;
use crate::error::{PyErr, PyResult, raise};
use crate::format::type_name;
use crate::int::{self, Int};
use crate::interp::Interp;
use crate::ops;
use crate::value::Value;

use super::{PyModule, function, math_int};

/// `ValueError: math domain error`.
pub(crate) fn domain_error() -> PyErr {
    PyErr::new(BuiltinType::ValueError, "math domain error")
}

/// `OverflowError: math range error`.
fn range_error() -> PyErr {
    PyErr::new(BuiltinType::OverflowError, "math range error")
}

/// `PyFloat_AsDouble(v)`.
pub(crate) fn to_f64(vm: &mut dyn Interp, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(x) => Ok(*x),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::BigInt(_) => int::to_f64(Int::from_value(v).unwrap_or(Int::Small(0))),
        _ => {
            if let Some(r) = dunder(vm, v, "__float__", &[])? {
                if let Value::Float(x) = r {
                    return Ok(x);
                }
                return Err(type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    type_name(v),
                    type_name(&r)
                )));
            }
            if let Some(r) = dunder(vm, v, "__index__", &[])?
                && let Some(i) = Int::from_value(&r)
            {
                return int::to_f64(i);
            }
            Err(type_error(format!(
                "must be real number, not {}",
                type_name(v)
            )))
        }
    }
}

/// CPython's `math_1`: applies `f` and classifies a non-finite result.
fn math_1(x: f64, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<f64> {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error()
        } else {
            domain_error()
        });
    }
    Ok(r)
}

/// CPython's `math_2` error classification for a two-argument function's result.
fn math_2(x: f64, y: f64, r: f64) -> PyResult<f64> {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error());
    }
    Ok(r)
}

macro_rules! unary_functions {
    ($( $name:ident = $qual:literal, $f:expr, $overflow:expr; )*) => {
        $(
            fn $name(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
                let x = one_arg($qual, args, kwargs)?;
                let x = to_f64(vm, x)?;
                math_1(x, $f, $overflow).map(Value::Float)
            }
        )*
    };
}

unary_functions! {
    sqrt = "math.sqrt", f64::sqrt, false;
    exp = "math.exp", f64::exp, true;
    exp2 = "math.exp2", f64::exp2, true;
    expm1 = "math.expm1", f64::exp_m1, true;
    log1p = "math.log1p", m_log1p, false;
    fabs = "math.fabs", f64::abs, false;
    sin = "math.sin", f64::sin, false;
    cos = "math.cos", f64::cos, false;
    tan = "math.tan", f64::tan, false;
    asin = "math.asin", f64::asin, false;
    acos = "math.acos", f64::acos, false;
    atan = "math.atan", f64::atan, false;
    sinh = "math.sinh", f64::sinh, true;
    cosh = "math.cosh", f64::cosh, true;
    tanh = "math.tanh", f64::tanh, false;
    asinh = "math.asinh", libm::asinh, false;
    acosh = "math.acosh", libm::acosh, false;
    atanh = "math.atanh", libm::atanh, false;
    cbrt = "math.cbrt", libm::cbrt, false;
    erf = "math.erf", libm::erf, false;
    erfc = "math.erfc", libm::erfc, false;
    degrees = "math.degrees", |x| x * (180.0 / consts::PI), true;
    radians = "math.radians", |x| x * (consts::PI / 180.0), true;
}

/// The platform C library's functions that Rust's `std` computes its own way (`f64::asinh` is a
/// formula in Rust, not libm's `asinh`): CPython calls libm, so we do too for bit-identical
/// results.
mod libm {
    mod sys {
        unsafe extern "C" {
            pub fn asinh(x: f64) -> f64;
            pub fn acosh(x: f64) -> f64;
            pub fn atanh(x: f64) -> f64;
            pub fn cbrt(x: f64) -> f64;
            pub fn erf(x: f64) -> f64;
            pub fn erfc(x: f64) -> f64;
        }
    }

    macro_rules! wrap {
        ($($name:ident),*) => {$(
            pub fn $name(x: f64) -> f64 {
                // SAFETY: a pure C math function of one `double`, linked from the C library
                // every Rust program on this platform links; it reads no memory.
                unsafe { sys::$name(x) }
            }
        )*};
    }

    wrap!(asinh, acosh, atanh, cbrt, erf, erfc);
}

/// `log1p` with CPython's special case: `log1p(-1)` is a domain error (the libm gives `-inf`).
fn m_log1p(x: f64) -> f64 {
    if x == -1.0 { f64::NAN } else { x.ln_1p() }
}

/// CPython's `m_log`-family wrapper: `log(0)` and negatives are domain errors (NaN here).
fn guarded(f: fn(f64) -> f64) -> impl Fn(f64) -> f64 {
    move |x| {
        if x.is_finite() && x <= 0.0 {
            f64::NAN
        } else {
            f(x)
        }
    }
}

/// CPython's `loghelper`: ints of any size (via a frexp of the int), floats through libm.
fn loghelper(vm: &mut dyn Interp, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(i) = Int::from_value(v)
        && !matches!(v, Value::Float(_))
    {
        if i.signum() != std::cmp::Ordering::Greater {
            return Err(domain_error());
        }
        return Ok(match int::to_f64(i) {
            Ok(x) => f(x),
            Err(_) => {
                let (m, e) = big_frexp(i);
                f(m) + f(2.0) * e as f64
            }
        });
    }
    let x = to_f64(vm, v)?;
    let g = guarded(f);
    let r = g(x);
    if (r.is_nan() && !x.is_nan()) || (r.is_infinite() && x.is_finite()) {
        return Err(domain_error());
    }
    Ok(r)
}

/// `_PyLong_Frexp`: `i == m * 2**e` with `m` in `[0.5, 1)` rounded half-even to 53 bits.
fn big_frexp(i: Int<'_>) -> (f64, i64) {
    let big = i.magnitude();
    let bits = big.bits();
    let shift = bits.saturating_sub(64);
    let top: num_bigint::BigInt = &big >> shift;
    let sticky = if shift > 0 && (&top << shift) != big {
        1
    } else {
        0
    };
    let top = u64::try_from(top).unwrap_or(u64::MAX) | sticky;
    // `u64 as f64` rounds to nearest, ties to even; the sticky bit breaks false ties.
    let mut m = top as f64 / 2f64.powi(top_bits(top));
    let mut e = shift as i64 + i64::from(top_bits(top));
    if m >= 1.0 {
        m /= 2.0;
        e += 1;
    }
    (m, e)
}

fn top_bits(x: u64) -> i32 {
    (64 - x.leading_zeros()) as i32
}

fn log(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    crate::builtins::args::no_kwargs("math.log", kwargs)?;
    if args.is_empty() || args.len() > 2 {
        return Err(type_error("math.log requires 1 to 2 arguments"));
    }
    let num = loghelper(vm, &args[0], f64::ln)?;
    match args.get(1) {
        None => Ok(Value::Float(num)),
        Some(base) => {
            let den = loghelper(vm, base, f64::ln)?;
            if den == 0.0 {
                return raise(BuiltinType::ZeroDivisionError, "float division by zero");
            }
            Ok(Value::Float(num / den))
        }
    }
}

fn log2(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = one_arg("math.log2", args, kwargs)?;
    loghelper(vm, x, f64::log2).map(Value::Float)
}

fn log10(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = one_arg("math.log10", args, kwargs)?;
    loghelper(vm, x, f64::log10).map(Value::Float)
}

/// Two float arguments, `_PyArg_CheckPositional` style.
fn two_floats(
    vm: &mut dyn Interp,
    name: &str,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<(f64, f64)> {
    positional_only(name, args, kwargs, 2, 2)?;
    Ok((to_f64(vm, &args[0])?, to_f64(vm, &args[1])?))
}

fn pow(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "pow", args, kwargs)?;
    let r = if !x.is_finite() || !y.is_finite() {
        if x.is_nan() {
            if y == 0.0 { 1.0 } else { x }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        }
    } else {
        let r = x.powf(y);
        if r.is_nan() || (r.is_infinite() && x == 0.0) {
            return Err(domain_error());
        }
        if r.is_infinite() {
            return Err(range_error());
        }
        r
    };
    Ok(Value::Float(r))
}

fn atan2(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (y, x) = two_floats(vm, "atan2", args, kwargs)?;
    math_2(y, x, y.atan2(x)).map(Value::Float)
}

fn copysign(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "copysign", args, kwargs)?;
    math_2(x, y, x.copysign(y)).map(Value::Float)
}

fn fmod(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "fmod", args, kwargs)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    math_2(x, y, x % y).map(Value::Float)
}

fn remainder(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "remainder", args, kwargs)?;
    let r = if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            f64::NAN
        } else {
            let (ax, ay) = (x.abs(), y.abs());
            let m = ax % ay;
            let c = ay - m;
            let r = if m < c {
                m
            } else if m > c {
                -c
            } else {
                m - 2.0 * ((0.5 * (ax - m)) % ay)
            };
            1f64.copysign(x) * r
        }
    } else if x.is_nan() {
        x
    } else if y.is_nan() {
        y
    } else if x.is_infinite() {
        f64::NAN
    } else {
        x
    };
    math_2(x, y, r).map(Value::Float)
}

/// `floor`/`ceil`: ints unchanged, floats rounded to an int, instances' `__floor__`/`__ceil__`.
fn floor_ceil(
    vm: &mut dyn Interp,
    qual: &str,
    dunder_name: &str,
    round: fn(f64) -> f64,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let x = one_arg(qual, args, kwargs)?;
    match x {
        Value::Float(f) => int::from_f64(round(*f)),
        v if Int::from_value(v).is_some() => index_value(v),
        v => {
            if let Some(r) = dunder(vm, v, dunder_name, &[])? {
                return Ok(r);
            }
            int::from_f64(round(to_f64(vm, v)?))
        }
    }
}

fn floor(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    floor_ceil(vm, "math.floor", "__floor__", f64::floor, args, kwargs)
}

fn ceil(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    floor_ceil(vm, "math.ceil", "__ceil__", f64::ceil, args, kwargs)
}

fn trunc(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = one_arg("math.trunc", args, kwargs)?;
    match x {
        Value::Float(f) => int::from_f64(f.trunc()),
        v if Int::from_value(v).is_some() => index_value(v),
        v => {
            if let Some(r) = dunder(vm, v, "__trunc__", &[])? {
                return Ok(r);
            }
            raise(
                BuiltinType::TypeError,
                format!("type {} doesn't define __trunc__ method", type_name(v)),
            )
        }
    }
}

fn predicate(
    vm: &mut dyn Interp,
    qual: &str,
    test: fn(f64) -> bool,
    args: &[Value],
    kwargs: Kwargs<'_>,
) -> PyResult<Value> {
    let x = one_arg(qual, args, kwargs)?;
    Ok(Value::Bool(test(to_f64(vm, x)?)))
}

fn isnan(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    predicate(vm, "math.isnan", f64::is_nan, args, kwargs)
}

fn isinf(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    predicate(vm, "math.isinf", f64::is_infinite, args, kwargs)
}

fn isfinite(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    predicate(vm, "math.isfinite", f64::is_finite, args, kwargs)
}

fn modf(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = to_f64(vm, one_arg("math.modf", args, kwargs)?)?;
    let (frac, whole) = if x.is_infinite() {
        (0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        (x.fract().copysign(x), x.trunc())
    };
    Ok(Value::tuple(vec![Value::Float(frac), Value::Float(whole)]))
}

/// C's `frexp`: `x == m * 2**e` with `0.5 <= |m| < 1` (`(x, 0)` for zero, inf, NaN).
pub(crate) fn frexp_f64(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + bias)
}

fn frexp(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = to_f64(vm, one_arg("math.frexp", args, kwargs)?)?;
    let (m, e) = frexp_f64(x);
    Ok(Value::tuple(vec![Value::Float(m), Value::Int(e)]))
}

fn ldexp(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("ldexp", args, kwargs, 2, 2)?;
    let x = to_f64(vm, &args[0])?;
    let Some(i) = Int::from_value(&args[1]) else {
        return Err(type_error("Expected an int as second argument to ldexp."));
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let exp = match i.to_i64() {
        Some(e) => e,
        None if i.is_negative() => return Ok(Value::Float(0f64.copysign(x))),
        None => return Err(range_error()),
    };
    let r = crate::int::to_float::ldexp(x, exp);
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(Value::Float(r))
}

/// CPython 3.11's `vector_norm` of finite values, `max` their largest magnitude.
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp_f64(max);
    if max_e < -1023 {
        for x in vec.iter_mut() {
            *x /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    // `2**-max_e` may be subnormal (`max_e == 1024`): `powi` would divide by infinity.
    let scale = crate::int::to_float::ldexp(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for &v in vec.iter() {
        let x = v * scale;
        let (hi, lo) = (x * x, x.mul_add(x, -(x * x)));
        let sum = csum + hi;
        let sum_lo = (csum - sum) + hi;
        csum = sum;
        frac1 += lo;
        frac2 += sum_lo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = (-h * h, (-h).mul_add(h, h * h));
    let sum = csum + hi;
    let sum_lo = (csum - sum) + hi;
    csum = sum;
    frac1 += lo;
    frac2 += sum_lo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

fn norm_of(values: Vec<f64>) -> f64 {
    let mut vec: Vec<f64> = values.iter().map(|x| x.abs()).collect();
    let found_nan = vec.iter().any(|x| x.is_nan());
    let max = vec
        .iter()
        .copied()
        .filter(|x| !x.is_nan())
        .fold(0.0, f64::max);
    vector_norm(&mut vec, max, found_nan)
}

fn hypot(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    crate::builtins::args::no_kwargs("hypot", kwargs)?;
    let mut coords = Vec::with_capacity(args.len());
    for a in args {
        coords.push(to_f64(vm, a)?);
    }
    Ok(Value::Float(norm_of(coords)))
}

fn dist(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    positional_only("dist", args, kwargs, 2, 2)?;
    let p = ops::to_vec(vm, &args[0])?;
    let q = ops::to_vec(vm, &args[1])?;
    if p.len() != q.len() {
        return raise(
            BuiltinType::ValueError,
            "both points must have the same number of dimensions",
        );
    }
    let mut diffs = Vec::with_capacity(p.len());
    for (a, b) in p.iter().zip(&q) {
        diffs.push(to_f64(vm, a)? - to_f64(vm, b)?);
    }
    Ok(Value::Float(norm_of(diffs)))
}

const ISCLOSE: Params<'static> = Params {
    fname: "isclose",
    names: &["a", "b", "rel_tol", "abs_tol"],
    posonly: 0,
    required: 2,
    kwonly_from: 2,
};

fn isclose(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let slots = ISCLOSE.bind(args, kwargs)?;
    let mut get = |i: usize, default: f64| -> PyResult<f64> {
        match &slots[i] {
            Some(v) => to_f64(vm, v),
            None => Ok(default),
        }
    };
    let (a, b) = (get(0, 0.0)?, get(1, 0.0)?);
    let (rel_tol, abs_tol) = (get(2, 1e-9)?, get(3, 0.0)?);
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return raise(BuiltinType::ValueError, "tolerances must be non-negative");
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    Ok(Value::Bool(
        diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol,
    ))
}

/// CPython's `math_fsum` (Shewchuk's `msum` with its handling of infinities and NaNs).
fn fsum(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let iterable = one_arg("math.fsum", args, kwargs)?;
    let it = ops::iter(vm, iterable)?;
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    while let Some(item) = ops::next(vm, &it)? {
        let mut x = to_f64(vm, &item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return raise(BuiltinType::OverflowError, "intermediate overflow in fsum");
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return raise(BuiltinType::ValueError, "-inf + inf in fsum");
        }
        return Ok(Value::Float(special_sum));
    }
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

fn ulp(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let x = to_f64(vm, one_arg("math.ulp", args, kwargs)?)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let next = next_toward(x, f64::INFINITY);
    if next.is_infinite() {
        let prev = next_toward(x, 0.0);
        return Ok(Value::Float(x - prev));
    }
    Ok(Value::Float(next - x))
}

/// C's `nextafter(x, y)`.
fn next_toward(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn nextafter(vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, "nextafter", args, kwargs)?;
    Ok(Value::Float(next_toward(x, y)))
}

/// Builds the `math` module.
pub(super) fn build() -> PyModule {
    let mut attrs = vec![
        ("pi", Value::Float(consts::PI)),
        ("e", Value::Float(consts::E)),
        ("tau", Value::Float(consts::TAU)),
        ("inf", Value::Float(f64::INFINITY)),
        ("nan", Value::Float(f64::NAN)),
    ];
    let functions: &[(&'static str, crate::object::BuiltinFn)] = &[
        ("sqrt", sqrt),
        ("exp", exp),
        ("exp2", exp2),
        ("expm1", expm1),
        ("log", log),
        ("log2", log2),
        ("log10", log10),
        ("log1p", log1p),
        ("pow", pow),
        ("fabs", fabs),
        ("floor", floor),
        ("ceil", ceil),
        ("trunc", trunc),
        ("sin", sin),
        ("cos", cos),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("atan2", atan2),
        ("sinh", sinh),
        ("cosh", cosh),
        ("tanh", tanh),
        ("asinh", asinh),
        ("acosh", acosh),
        ("atanh", atanh),
        ("cbrt", cbrt),
        ("erf", erf),
        ("erfc", erfc),
        ("hypot", hypot),
        ("dist", dist),
        ("isnan", isnan),
        ("isinf", isinf),
        ("isfinite", isfinite),
        ("isclose", isclose),
        ("copysign", copysign),
        ("fmod", fmod),
        ("remainder", remainder),
        ("modf", modf),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("degrees", degrees),
        ("radians", radians),
        ("fsum", fsum),
        ("ulp", ulp),
        ("nextafter", nextafter),
        ("gcd", math_int::gcd),
        ("lcm", math_int::lcm),
        ("factorial", math_int::factorial),
        ("comb", math_int::comb),
        ("perm", math_int::perm),
        ("isqrt", math_int::isqrt),
        ("prod", math_int::prod),
    ];
    for &(name, f) in functions {
        attrs.push((name, function(name, f)));
    }
    PyModule::new("math", attrs)
}

#[cfg(test)]
#[path = "math_tests.rs"]
mod tests;

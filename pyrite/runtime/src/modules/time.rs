//! The `time` module: `time`, `perf_counter`, `monotonic`, `process_time` (and their `_ns`
//! forms), and `sleep`.
//!
//! Clocks: `time()` is the system clock since the Unix epoch; `perf_counter()` and
//! `monotonic()` share one monotonic clock (`std::time::Instant`) measured from a fixed
//! process-wide origin, so their differences are what programs use them for (their absolute
//! values differ from CPython's, as they do between machines); `process_time()` is the CPU
//! time of the process, read from `/proc/self/schedstat` (nanoseconds of CPU time of the main
//! thread, which is the whole process for a single-threaded interpreter) with a fallback to
//! `/proc/self/stat`'s clock ticks.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::builtin_type::BuiltinType;
use crate::builtins::args::{Kwargs, no_args, one_arg, type_error};
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::value::Value;

use super::{PyModule, function};

fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

fn epoch_ns() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

fn monotonic_ns() -> i64 {
    // Offset by one second so the first reading is not zero (CPython's never is).
    i64::try_from(origin().elapsed().as_nanos()).unwrap_or(i64::MAX) + 1_000_000_000
}

fn process_ns() -> i64 {
    if let Ok(text) = std::fs::read_to_string("/proc/self/schedstat")
        && let Some(Ok(ns)) = text.split_whitespace().next().map(str::parse::<i64>)
    {
        return ns;
    }
    if let Ok(text) = std::fs::read_to_string("/proc/self/stat")
        && let Some(after) = text.rsplit(')').next()
    {
        let fields: Vec<&str> = after.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the `)`.
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<i64>().ok())
                .unwrap_or(0)
        };
        return (ticks(11) + ticks(12)) * 10_000_000;
    }
    0
}

fn ns_to_seconds(ns: i64) -> Value {
    Value::Float(ns as f64 / 1e9)
}

macro_rules! clock {
    ($seconds:ident, $ns:ident, $qual:literal, $qual_ns:literal, $source:expr) => {
        fn $seconds(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
            no_args($qual, args, kwargs)?;
            Ok(ns_to_seconds($source))
        }

        fn $ns(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
            no_args($qual_ns, args, kwargs)?;
            Ok(Value::Int($source))
        }
    };
}

clock!(time, time_ns, "time.time", "time.time_ns", epoch_ns());
clock!(
    perf_counter,
    perf_counter_ns,
    "time.perf_counter",
    "time.perf_counter_ns",
    monotonic_ns()
);
clock!(
    monotonic,
    monotonic_fn_ns,
    "time.monotonic",
    "time.monotonic_ns",
    monotonic_ns()
);
clock!(
    process_time,
    process_time_ns,
    "time.process_time",
    "time.process_time_ns",
    process_ns()
);

/// `sleep(secs)`.
fn sleep(_vm: &mut dyn Interp, args: &[Value], kwargs: Kwargs<'_>) -> PyResult<Value> {
    let v = one_arg("time.sleep", args, kwargs)?;
    let secs = match v {
        Value::Float(x) => *x,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::BigInt(_) => {
            return raise(
                BuiltinType::OverflowError,
                "timestamp too large to convert to C _PyTime_t",
            );
        }
        other => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(other)
            )));
        }
    };
    if secs.is_nan() {
        return raise(BuiltinType::ValueError, "Invalid value NaN (not a number)");
    }
    if secs < 0.0 {
        return raise(BuiltinType::ValueError, "sleep length must be non-negative");
    }
    if secs > 9.2e9 {
        return raise(
            BuiltinType::OverflowError,
            "timestamp too large to convert to C _PyTime_t",
        );
    }
    std::thread::sleep(Duration::from_secs_f64(secs));
    Ok(Value::None)
}

/// Builds the `time` module.
pub(super) fn build() -> PyModule {
    let _ = origin();
    let functions: &[(&'static str, crate::object::BuiltinFn)] = &[
        ("time", time),
        ("time_ns", time_ns),
        ("perf_counter", perf_counter),
        ("perf_counter_ns", perf_counter_ns),
        ("monotonic", monotonic),
        ("monotonic_ns", monotonic_fn_ns),
        ("process_time", process_time),
        ("process_time_ns", process_time_ns),
        ("sleep", sleep),
    ];
    PyModule::new(
        "time",
        functions
            .iter()
            .map(|&(name, f)| (name, function(name, f)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtins::test_util::call;

    #[test]
    fn clocks_advance_and_sleep_checks_its_argument() {
        let mut vm = crate::ops::test_support::NoInterp;
        let a = perf_counter(&mut vm, &[], &[]).unwrap();
        sleep(&mut vm, &[Value::Float(0.001)], &[]).unwrap();
        let b = perf_counter(&mut vm, &[], &[]).unwrap();
        match (a, b) {
            (Value::Float(a), Value::Float(b)) => assert!(b - a >= 0.001),
            _ => panic!("perf_counter returns floats"),
        }
        assert!(matches!(time(&mut vm, &[], &[]), Ok(Value::Float(t)) if t > 1.6e9));
        assert!(matches!(process_time(&mut vm, &[], &[]), Ok(Value::Float(t)) if t >= 0.0));
        assert_eq!(
            call(sleep, &[Value::Int(-1)], &[]),
            Err("ValueError: sleep length must be non-negative".into())
        );
        assert_eq!(
            call(sleep, &[Value::str("a")], &[]),
            Err("TypeError: 'str' object cannot be interpreted as an integer".into())
        );
    }
}

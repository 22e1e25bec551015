//! `hash(x)` for every builtin kind, equal to CPython 3.11's under `PYTHONHASHSEED=0` wherever
//! CPython's value does not depend on a memory address.
//!
//! - numbers: [`crate::numeric_hash`] (`hash(1) == hash(1.0) == hash(True)`);
//! - `str`/`bytes`: SipHash-1-3 ([`crate::str_hash`]), cached in the `PyStr`;
//! - `tuple`: CPython's xxHash-based `tuplehash`; `frozenset`: `frozenset_hash`; `range`: the
//!   hash of `(len, start, step)` with CPython's special cases;
//! - identity-hashed objects (classes, functions, instances without `__hash__`, `None`):
//!   CPython rotates the address right by 4 bits (`_Py_HashPointer`); we do the same with our
//!   `Rc` addresses, so these hashes are not CPython's values (no program can print them
//!   deterministically in CPython either). `None` hashes to a fixed constant.
//! - `list`, `dict`, `set`, `slice`: `TypeError: unhashable type: 'list'`.

use std::rc::Rc;

use crate::builtin_type::BuiltinType;
use crate::error::{PyResult, raise};
use crate::format::type_name;
use crate::interp::Interp;
use crate::numeric_hash::{hash_bigint, hash_f64, hash_i64};
use crate::object::PyRange;
use crate::str_hash::{hash_bytes, hash_pystr};
use crate::value::Value;

use super::RecursionGuard;

/// `hash(None)`: CPython 3.11 hashes `None` by address; any constant keeps `hash` stable.
const NONE_HASH: i64 = 0x0010_b4c0_5eed;

/// `_Py_HashPointer`: the address rotated right by 4 bits (its low bits are always zero).
pub(crate) fn hash_pointer(addr: usize) -> i64 {
    let h = (addr as u64).rotate_right(4) as i64;
    if h == -1 { -2 } else { h }
}

/// The address of an `Rc`'s allocation, for identity hashes and reprs.
pub(crate) fn addr_of<T: ?Sized>(rc: &Rc<T>) -> usize {
    Rc::as_ptr(rc) as *const u8 as usize
}

/// A stand-in for an object's address: the `Rc` allocation for heap kinds, a mix of the
/// payload for inline values (which have no identity beyond their value).
pub(crate) fn identity(v: &Value) -> usize {
    match v {
        Value::None => 0,
        Value::Bool(b) => usize::from(*b) + 1,
        Value::Int(i) => *i as usize,
        Value::Float(x) => x.to_bits() as usize,
        Value::BigInt(x) => addr_of(x),
        Value::Str(x) => addr_of(x),
        Value::Bytes(x) => addr_of(x),
        Value::Tuple(x) => addr_of(x),
        Value::List(x) => addr_of(x),
        Value::Dict(x) => addr_of(x),
        Value::Set(x) | Value::FrozenSet(x) => addr_of(x),
        Value::Range(x) => addr_of(x),
        Value::Slice(x) => addr_of(x),
        Value::Type(x) => addr_of(x),
        Value::Instance(x) => addr_of(x),
        Value::Function(x) => addr_of(x),
        Value::Builtin(x) => addr_of(x),
        Value::Method(x) => addr_of(x),
        Value::Exception(x) => addr_of(x),
        Value::Other(x) => addr_of(x),
    }
}

/// `hash(v)`.
#[inline]
pub fn hash(vm: &mut dyn Interp, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(hash_i64(*i)),
        Value::Str(s) => Ok(hash_pystr(s)),
        _ => hash_slow(vm, v),
    }
}

fn hash_slow(vm: &mut dyn Interp, v: &Value) -> PyResult<i64> {
    Ok(match v {
        Value::None => NONE_HASH,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => hash_i64(*i),
        Value::BigInt(b) => hash_bigint(b),
        Value::Float(x) => hash_f64(*x),
        Value::Str(s) => hash_pystr(s),
        Value::Bytes(b) => hash_bytes(b.as_bytes()),
        Value::Tuple(t) => {
            let _guard = RecursionGuard::enter(" while calling a Python object")?;
            tuple_hash(vm, t.items())?
        }
        Value::FrozenSet(s) => s.frozen_hash(),
        Value::Range(r) => range_hash(vm, r)?,
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => {
            return raise(
                BuiltinType::TypeError,
                format!("unhashable type: '{}'", type_name(v)),
            );
        }
        Value::Type(t) => hash_pointer(addr_of(t)),
        Value::Instance(i) => hash_pointer(addr_of(i)),
        Value::Function(f) => hash_pointer(addr_of(f)),
        // Bound methods hash by the receiver's identity and the function, so that two
        // accesses of `x.f` hash (and compare) equal, as CPython's `meth_hash`/`method_hash`.
        Value::Builtin(b) => match &b.receiver {
            None => hash_pointer(addr_of(b)),
            Some(r) => hash_pointer(identity(r)) ^ hash_pointer(b.func as usize),
        },
        Value::Method(m) => hash_pointer(identity(&m.receiver)) ^ hash(vm, &m.func)?,
        Value::Exception(e) => hash_pointer(addr_of(e)),
        Value::Other(o) => hash_pointer(addr_of(o)),
    })
}

/// CPython 3.11's `tuplehash` (xxHash64's mixing over the items' hashes).
pub fn tuple_hash(vm: &mut dyn Interp, items: &[Value]) -> PyResult<i64> {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME_5;
    for item in items {
        let lane = hash(vm, item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return Ok(1_546_275_796);
    }
    Ok(acc as i64)
}

/// `range_hash`: `hash((len, start, step))`, with `start` and `step` replaced by `None` when
/// they do not matter (empty or one-element ranges).
fn range_hash(vm: &mut dyn Interp, r: &PyRange) -> PyResult<i64> {
    let len = crate::iterators::range_len_value(r);
    let items = match &len {
        Value::Int(0) => vec![len.clone(), Value::None, Value::None],
        Value::Int(1) => vec![len.clone(), r.start.clone(), Value::None],
        _ => vec![len.clone(), r.start.clone(), r.step.clone()],
    };
    tuple_hash(vm, &items)
}

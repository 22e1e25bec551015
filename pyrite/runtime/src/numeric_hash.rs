//! CPython's hash of numbers (`Python/pyhash.c`, `Objects/longobject.c`): one function of the
//! mathematical value, so that `hash(1) == hash(1.0) == hash(True)` and equal numbers of any type
//! land in the same dict slot.
//!
//! For a rational `x = ±m / n` the hash is `±(m * n**-1 mod P)` with `P = 2**61 - 1`
//! (`_PyHASH_MODULUS`, a Mersenne prime, so `2**61 ≡ 1` and powers of two reduce by their
//! exponent mod 61). Then, as everywhere in CPython, a result of `-1` becomes `-2` (-1 signals an
//! error in C). `hash(inf) == 314159`, `hash(-inf) == -314159`.
//!
//! NaN: since 3.10 CPython hashes a NaN by object identity, which pyrite's inline floats do not
//! have; we return 0 for every NaN (as CPython 3.9 did). It keeps `hash` consistent with `==`
//! trivially, since a NaN equals nothing.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::int::Int;
use crate::int::to_float::decompose;

/// `_PyHASH_BITS`.
const HASH_BITS: u32 = 61;
/// `_PyHASH_MODULUS`, `2**61 - 1`.
pub const MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `_PyHASH_INF`.
pub const INF: i64 = 314_159;

/// Maps CPython's reserved error value.
#[inline]
fn not_minus_one(h: i64) -> i64 {
    if h == -1 { -2 } else { h }
}

/// `hash(i)` for an `i64`.
#[inline]
pub fn hash_i64(i: i64) -> i64 {
    let residue = (i.unsigned_abs() % MODULUS) as i64;
    not_minus_one(if i < 0 { -residue } else { residue })
}

/// `hash(b)` for a big integer.
pub fn hash_bigint(b: &BigInt) -> i64 {
    let residue = (b.magnitude() % MODULUS).to_i64().unwrap_or(0);
    not_minus_one(if b.sign() == Sign::Minus {
        -residue
    } else {
        residue
    })
}

/// `hash(i)` for any int view.
pub fn hash_int(i: Int<'_>) -> i64 {
    match i {
        Int::Small(v) => hash_i64(v),
        Int::Big(b) => hash_bigint(b),
    }
}

/// `hash(x)` for a float (0 for NaN; see the module documentation).
pub fn hash_f64(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF } else { -INF };
    }
    let (negative, m, e) = decompose(x);
    // |x| = m * 2**e and 2**61 ≡ 1 (mod P): multiply m by 2**(e mod 61).
    let shift = e.rem_euclid(i64::from(HASH_BITS)) as u32;
    let product = (u128::from(m) << shift) % u128::from(MODULUS);
    let residue = product as i64;
    not_minus_one(if negative { -residue } else { residue })
}

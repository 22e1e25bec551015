//! The runtime's reprs, handed to `pyrite_syntax::dump` (which knows nothing of values).
//!
//! Invariant: each method returns exactly what CPython's `repr` returns for the same value,
//! because each is the runtime's own `repr` (one definition of Python semantics, DESIGN.md).

use pyrite_runtime::{float_repr, str_repr};
use pyrite_syntax::dump::LiteralRepr;

/// [`LiteralRepr`] backed by `pyrite_runtime`'s `float`, `complex`, `str` and `bytes` reprs.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuntimeReprs;

impl LiteralRepr for RuntimeReprs {
    fn float(&self, value: f64) -> String {
        float_repr::float_repr(value)
    }

    fn complex(&self, real: f64, imag: f64) -> String {
        float_repr::complex_repr(real, imag)
    }

    fn str(&self, value: &str) -> String {
        str_repr::str_repr(value)
    }

    fn bytes(&self, value: &[u8]) -> String {
        str_repr::bytes_repr(value)
    }
}

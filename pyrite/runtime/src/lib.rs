//! pyrite-runtime: the semantics of Python shared by every tier: values, objects, builtins,
//! modules and formatting (DESIGN.md section 3). It knows nothing of any tier.
//!
//! - [`value`]: `Value`, the 16-byte tagged representation every tier and the JIT share.
//! - [`types`], [`object`]: what `Value`'s pointers point to.
//! - [`builtin_type`]: the builtin classes, exceptions included.
//! - [`error`]: exceptions as values (`PyResult`).
//! - [`interp`]: the trait through which runtime code calls back into a tier.
//! - [`bind`]: binding call arguments to parameters; [`traceback`]: printing uncaught
//!   exceptions as CPython does (both shared by every tier).
//! - [`int`], [`float`], [`numeric_hash`]: the numeric tower's semantics (arithmetic, conversions,
//!   parsing, hashing), exact to CPython 3.11.
//! - [`ops`]: the object protocol (operators, comparison, hashing, repr, items, iteration,
//!   attributes, calls) for every kind; [`dict`], [`set`], [`seq`], [`iterators`],
//!   [`str_hash`]: the containers and pieces it is built from.
//! - [`builtins`] (the builtins namespace), [`methods`] (methods of the builtin types),
//!   [`modules`] (`sys`, `math`, `time`), [`io`] (buffered standard streams).

pub mod bind;
pub mod builtin_type;
pub mod builtins;
pub mod dict;
pub mod error;
pub mod float;
pub mod float_repr;
pub mod format;
pub mod int;
pub mod interp;
pub mod io;
pub mod iterators;
pub mod methods;
pub mod modules;
pub mod numeric_hash;
pub mod object;
pub mod ops;
pub mod seq;
pub mod set;
pub mod str_hash;
pub mod str_repr;
pub mod traceback;
pub mod types;
pub mod value;

#[cfg(test)]
mod test_python;

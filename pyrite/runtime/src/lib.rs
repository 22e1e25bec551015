//! pyrite-runtime: the semantics of Python shared by every tier: values, objects, builtins,
//! modules and formatting (DESIGN.md section 3). It knows nothing of any tier.
//!
//! - [`value`]: `Value`, the 16-byte tagged representation every tier and the JIT share.
//! - [`types`], [`object`]: what `Value`'s pointers point to.
//! - [`builtin_type`]: the builtin classes, exceptions included.
//! - [`error`]: exceptions as values (`PyResult`).
//! - [`interp`]: the trait through which runtime code calls back into a tier.

pub mod builtin_type;
pub mod error;
pub mod float;
pub mod float_repr;
pub mod format;
pub mod int;
pub mod interp;
pub mod numeric_hash;
pub mod object;
pub mod str_repr;
pub mod types;
pub mod value;

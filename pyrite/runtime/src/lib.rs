//! pyrite-runtime: the semantics of Python shared by every tier: values, objects, builtins,
//! modules and formatting (DESIGN.md section 3). It knows nothing of any tier.

pub mod float_repr;

//! pyrite-vm: the bytecode interpreter (DESIGN.md section 3, tier 2): frames on one contiguous
//! value stack, Python-to-Python calls without Rust recursion, inline caches and quickening.
//!
//! Not built yet: this crate fixes the boundary (it may use `pyrite-bytecode` and `pyrite-runtime`).

//! pyrite-bytecode: the instruction set, code objects, the compiler from the resolved AST, the
//! on-disk cache (PEP 552 style `.pyc` files) and `dis` (DESIGN.md section 3, tier 2).
//!
//! Not built yet: this crate fixes the boundary (it may use `pyrite-syntax` and `pyrite-runtime`).

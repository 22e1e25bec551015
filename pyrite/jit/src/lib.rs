//! pyrite-jit: the Cranelift tier (DESIGN.md section 3, tier 3). Compiles code objects to native
//! code; whatever it does not compile runs on the VM.
//!
//! Not built yet: this crate fixes the boundary (it may use `pyrite-vm`, `pyrite-bytecode` and
//! `pyrite-runtime`). Cranelift is pinned in the workspace manifest but not linked until the JIT
//! exists, so that no other crate's build waits for cranelift-codegen.

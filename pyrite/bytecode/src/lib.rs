//! pyrite-bytecode: the instruction set, code objects, the compiler from the resolved AST, the
//! on-disk cache (PEP 552 style `.pyc` files) and `dis` (DESIGN.md section 3, tier 2).
//!
//! - [`opcode`]: every opcode, its number (part of the file format), operands and effect.
//! - [`instr`]: the 8-byte instruction, operator tables, the inline-cache convention.
//! - [`code`]: code objects and the frame layout they assume; [`validate`]: the checks that
//!   let the VM and the JIT trust a code object's operands.
//! - [`compiler`]: resolved AST to code objects; [`error`]: what it reports.
//! - [`serialize`]: code objects to bytes and back (bounds-checked, never panics);
//!   [`cache`]: `__pycache__/<stem>.pyrite-<N>.pyc` files, `load_or_compile`.
//! - [`dis`]: a disassembly like `python -m dis`.
//!
//! The VM (`pyrite-vm`) runs these code objects; the JIT (`pyrite-jit`) translates them. Both
//! rely on the invariants stated in `code.rs` and `opcode.rs`.

pub mod cache;
pub mod code;
pub mod compiler;
pub mod dis;
pub mod error;
pub mod instr;
pub mod opcode;
pub mod serialize;
pub mod validate;

pub use code::{CodeFlags, CodeObject, Constant, ExceptionEntry, LineEntry};
pub use compiler::{compile_module, compile_source};
pub use error::CompileError;
pub use instr::Instr;
pub use opcode::Opcode;

/// Version of the serialized code format (the `N` in `<stem>.pyrite-<N>.pyc`). Bump it when
/// an opcode's meaning or operands, or the layout of the file, change.
pub const FORMAT_VERSION: u32 = 2;

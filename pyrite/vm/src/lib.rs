//! pyrite-vm: the bytecode interpreter (DESIGN.md section 3, tier 2).
//!
//! - [`machine`]: [`Vm`], the interpreter state, and its `Interp` implementation.
//! - [`stack`]: every frame's registers in one contiguous `Vec`; [`frame`]: frame bookkeeping.
//! - [`code`]: code objects prepared for running (validated once, constants as values, the
//!   mutable instruction copy that [`quicken`] rewrites).
//! - `dispatch`: the loop; calls push frames instead of recursing (`call`); exceptions unwind
//!   through the exception tables (`exceptions`); arithmetic and comparison fast paths
//!   (`binary`, `compare`), containers and iteration (`build`), names (`names`), generators
//!   (`generator`), function objects ([`function`]).
//! - [`native`]: the boundary with the JIT (native code runs frames, calls helpers here).
//! - [`module`]: running a program ([`run_main`]); [`stats`]: counters for `--stats`.
//!
//! Every piece of Python semantics comes from `pyrite-runtime`; the VM's own fast paths compute
//! exactly what the runtime would for the operands they accept.

mod attr;
mod binary;
mod build;
mod call;
pub mod code;
mod compare;
mod dispatch;
mod exceptions;
pub mod frame;
pub mod function;
mod generator;
pub mod machine;
pub mod module;
mod names;
pub mod native;
mod quicken;
pub mod stack;
pub mod stats;

pub use machine::Vm;
pub use module::{STACK_SIZE, run_main, run_main_with, run_on_this_thread};
pub use stats::Stats;

#[cfg(test)]
mod tests;

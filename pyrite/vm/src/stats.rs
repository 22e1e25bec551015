//! Counters the VM keeps for `--stats`: how often specialized instructions failed their guard
//! and fell back (a high count means a polymorphic site, or a quickening rule worth revisiting).
//!
//! Invariant: counting never changes behaviour; the counters are plain integers bumped on
//! paths that are already slow.

/// See the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Specialized instructions that de-specialized (guard failures).
    pub deopts: u64,
    /// Instructions the dispatch loop interpreted (counted only when a native compiler asks
    /// for it, see `Vm::set_native_compiler`).
    pub instructions: u64,
    /// The native compiler's `--jit-stats` report, taken when the program ended.
    pub jit_report: Option<String>,
}

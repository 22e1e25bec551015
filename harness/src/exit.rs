//! The harness's exit codes (DESIGN.md section 4), and the error type that maps to a usage error.
//!
//! 0 all agree, 1 divergence, 2 usage error, 4 the harness itself could not do its job (no
//! oracle, corpus missing, manifest unreadable, a backend asked for but not found). 3 is
//! `compare`'s confirmed regression. Every error that reaches `main` is code 4
//! unless it is a [`UsageError`]; clap's own parse errors exit 2 by themselves.

/// What the process exits with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Every backend agreed with the oracle.
    Agree = 0,
    /// At least one cell diverged.
    Divergence = 1,
    /// The command line was wrong.
    Usage = 2,
    /// `compare`: a significant slowdown beyond the threshold.
    Regression = 3,
    /// The harness could not run.
    Infrastructure = 4,
}

impl Exit {
    /// The numeric code.
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// A mistake on the command line that clap could not catch (an unknown backend name, a filter
/// matching nothing): exits 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

//! The command line (clap). Flags read like sentences, as hyperfine's do.
//!
//! Parse errors exit 2 (clap's default), which is also the harness's usage-error code.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::check::OracleChoice;
use crate::corpus::Size;

/// Differential testing and benchmarks of pyrite against CPython, PyPy and any other Python.
#[derive(Debug, Parser)]
#[command(name = "harness", version, about)]
#[command(
    after_help = "Without a subcommand: `check --fast` (benchmarks come in a later issue).\n\
Exit codes: 0 all agree, 1 divergence, 2 usage error, 4 the harness could not run."
)]
pub struct Cli {
    /// Config file declaring extra backends [default: ./harness.yaml when present]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every script on every backend and compare each with the oracle
    Check(CheckArgs),
    /// Regenerate the corpus's blessed outputs (expected/) from CPython
    Bless(BlessArgs),
    /// List the backends found, with version and path, and why any is missing
    Backends,
    /// Time the benchmarks (not implemented yet)
    Bench(LaterArgs),
    /// Compare two benchmark reports (not implemented yet)
    Compare(LaterArgs),
}

/// Which scripts, at which size, how many at once.
#[derive(Debug, Clone, Args)]
pub struct SelectionArgs {
    /// The corpus directory: with a corpus.yaml, or any directory of .py files
    /// [default: corpus/ of the workspace]
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Run with each script's `fast` arguments (the default)
    #[arg(long, conflicts_with = "full")]
    pub fast: bool,
    /// Run with each script's `full` arguments
    #[arg(long)]
    pub full: bool,
    /// Only scripts whose path contains PATTERN or tagged PATTERN (repeatable: any of them)
    #[arg(long, value_name = "PATTERN")]
    pub filter: Vec<String>,
    /// Runs at once [default: the number of cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
}

impl SelectionArgs {
    /// The size selected.
    pub fn size(&self) -> Size {
        if self.full { Size::Full } else { Size::Fast }
    }

    /// The parallelism selected.
    pub fn jobs(&self) -> usize {
        self.jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

/// `check`'s arguments.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Scripts and size.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// A backend to run (repeatable) [default: every backend found]
    #[arg(long, value_name = "NAME")]
    pub backend: Vec<String>,
    /// Where the reference outputs come from
    #[arg(long, value_enum, default_value_t = OracleChoice::Auto)]
    pub oracle: OracleChoice,
    /// Also write the results as JUnit XML
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write the results as JSON (schema harness-check/1)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Reports directory; `check/` inside it is rewritten [default: reports/ of the workspace]
    #[arg(long, value_name = "DIR")]
    pub reports: Option<PathBuf>,
}

/// `bless`'s arguments.
#[derive(Debug, Clone, Args)]
pub struct BlessArgs {
    /// Scripts and size.
    #[command(flatten)]
    pub selection: SelectionArgs,
}

/// Arguments of commands that do not exist yet (accepted so the message can be clear).
#[derive(Debug, Clone, Args)]
pub struct LaterArgs {
    /// Ignored.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub rest: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn fast_and_full_conflict() {
        let error = Cli::try_parse_from(["harness", "check", "--fast", "--full"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
    }
}

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
    after_help = "Without a subcommand: the main job, `check --fast` then `bench --fast`, tables on \
the terminal and every report in reports/.\n\
Exit codes: 0 all agree, 1 divergence, 2 usage error, 3 regression (compare), 4 the harness \
could not run."
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
    /// Time the benchmarks on every backend: statistics, speed ratios, reports
    Bench(BenchArgs),
    /// Compare two bench JSON reports: per script and backend, the change and its significance
    Compare(CompareArgs),
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

/// `bench`'s arguments.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// The corpus directory: with a corpus.yaml (its `kind: bench` scripts are timed), or any
    /// directory of .py files (all are timed) [default: corpus/ of the workspace]
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Few runs at the `fast` sizes (the default): 1 warm-up + 5 timed runs per cell
    #[arg(long, conflicts_with = "rigorous")]
    pub fast: bool,
    /// More runs at the `full` sizes: 3 warm-up + 20 timed runs per cell
    #[arg(long)]
    pub rigorous: bool,
    /// A backend to time (repeatable) [default: every backend found]
    #[arg(long, value_name = "NAME")]
    pub backend: Vec<String>,
    /// Untimed runs per cell before the timed ones [default: by mode]
    #[arg(long, value_name = "N")]
    pub warmup: Option<usize>,
    /// Timed runs per cell [default: by mode]
    #[arg(long, value_name = "N")]
    pub runs: Option<usize>,
    /// Speeds are relative to this backend (or column, e.g. pyrite-bytecode-cold)
    #[arg(long, value_name = "BACKEND", default_value = "cpython")]
    pub reference: String,
    /// Only scripts whose path contains PATTERN or tagged PATTERN (repeatable: any of them)
    #[arg(long, value_name = "PATTERN")]
    pub filter: Vec<String>,
    /// Parallel runs in the correctness pass before timing [default: the number of cores];
    /// timed runs never overlap
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Write the JSON report here [default: reports/bench/bench.json]
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the Markdown report here [default: reports/bench/bench.md]
    #[arg(long, value_name = "FILE")]
    pub md: Option<PathBuf>,
    /// Write the CSV report here [default: reports/bench/bench.csv]
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the SVG chart here [default: reports/bench/bench.svg]
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Write one pyperf JSON file per backend into DIR [default: reports/bench/pyperf]
    #[arg(long, value_name = "DIR")]
    pub pyperf: Option<PathBuf>,
    /// Reports directory; `bench/` inside it holds the reports not named otherwise
    /// [default: reports/ of the workspace]
    #[arg(long, value_name = "DIR")]
    pub reports: Option<PathBuf>,
}

impl BenchArgs {
    /// The default arguments: the main job's `bench --fast`.
    pub fn fast_defaults() -> BenchArgs {
        BenchArgs {
            corpus: None,
            fast: true,
            rigorous: false,
            backend: Vec::new(),
            warmup: None,
            runs: None,
            reference: "cpython".to_string(),
            filter: Vec::new(),
            jobs: None,
            json: None,
            md: None,
            csv: None,
            svg: None,
            pyperf: None,
            reports: None,
        }
    }

    /// The parallelism of the correctness pass.
    pub fn jobs(&self) -> usize {
        self.jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

/// `compare`'s arguments.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// The earlier report (a bench JSON report)
    #[arg(value_name = "OLD.json")]
    pub old: PathBuf,
    /// The later report
    #[arg(value_name = "NEW.json")]
    pub new: PathBuf,
    /// Exit 3 when a significant slowdown exceeds PCT percent
    #[arg(long, value_name = "PCT", default_value_t = 5.0)]
    pub threshold: f64,
    /// Significance level of Welch's t-test
    #[arg(long, value_name = "P", default_value_t = 0.05)]
    pub alpha: f64,
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
    fn bench_modes_conflict_and_compare_needs_two_files() {
        let error = Cli::try_parse_from(["harness", "bench", "--fast", "--rigorous"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let error = Cli::try_parse_from(["harness", "compare", "old.json"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let cli =
            Cli::try_parse_from(["harness", "compare", "a.json", "b.json", "--threshold", "3"])
                .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Compare(CompareArgs { threshold: 3.0, .. }))
        ));
    }

    #[test]
    fn fast_and_full_conflict() {
        let error = Cli::try_parse_from(["harness", "check", "--fast", "--full"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
    }
}

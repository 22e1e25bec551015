//! `harness bench`: times the corpus's benchmarks on every backend and turns the timings into
//! statistics, speed ratios and reports.
//!
//! The order of work, and why:
//! 1. **Correctness first** ([`check::run`], in parallel): every benchmark runs once on every
//!    backend and is judged against the oracle. Only a cell that passes is timed; any other
//!    verdict becomes a `failed` (or `skipped`) cell with its reason, so a tier that cannot run
//!    a script yet is a finding in the table, not a crash of the benchmark.
//!    In `--fast` mode no run may exceed [`Mode::timeout_cap`] (30 s), whatever the manifest
//!    says: the fast sizes take well under a second on CPython, and a hanging tier must not
//!    eat the run's time budget (it is reported as a timeout).
//! 2. **Columns** ([`plan_columns`]): one per backend, except the bytecode tier, which gets two
//!    (`-cold`: an empty cache per run; `-warm`: a cache filled beforehand), so a cached-bytecode
//!    speedup is never inherited by accident.
//! 3. **Timing** ([`schedule`]): start-up (an empty script) then each script, the columns
//!    interleaved round by round (A B C A B C) so a drifting machine favours no one, one
//!    process at a time. Every timed run is judged against the oracle again; a wrong answer
//!    turns the cell `failed` and ends its timing.
//! 4. **Analysis** ([`analysis`]): summaries, speeds against the reference and the tree tier
//!    with bootstrap intervals, geometric means per tag and overall, pyperf-style warnings.
//!
//! The result is a [`BenchReport`] (`model.rs`, which is also the JSON schema); the renderers
//! are in `report/`, and [`compare`] reads two reports back.

pub mod analysis;
pub mod compare;
pub mod format;
pub mod machine;
pub mod model;
pub mod schedule;

use std::path::PathBuf;
use std::time::Instant;

use crate::backend::Backend;
use crate::check::{self, CheckOptions, OracleChoice};
use crate::config::Config;
use crate::exit::{Exit, UsageError};
use crate::workspace;
use machine::Machine;
use model::{BackendInfo, BenchReport, CacheState, Column, MissingInfo, Mode, SCHEMA, Status};

/// The backend whose second column is its warm cache.
pub const BYTECODE_TIER: &str = "pyrite-bytecode";
/// The second baseline of every speed ratio.
pub const TREE_TIER: &str = "pyrite-tree";

/// What `bench` was asked to do.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// The corpus directory.
    pub corpus: PathBuf,
    /// Fast or rigorous.
    pub mode: Mode,
    /// Warm-up runs per cell.
    pub warmup: usize,
    /// Timed runs per cell.
    pub runs: usize,
    /// Backends to time (empty: every one found).
    pub backends: Vec<String>,
    /// The reference backend or column label.
    pub reference: String,
    /// Script filters, as for `check`.
    pub filters: Vec<String>,
    /// Parallel runs in the correctness pass (timing is always one at a time).
    pub jobs: usize,
    /// Extra backends.
    pub config: Config,
}

/// A column with the index of its backend in the check's runners.
#[derive(Clone, Debug)]
pub struct PlannedColumn {
    /// What the report records.
    pub column: Column,
    /// Index into [`CheckRun::runners`].
    pub backend: usize,
}

/// Runs the whole benchmark.
pub fn run(options: &BenchOptions) -> anyhow::Result<BenchReport> {
    let started = Instant::now();
    if options.runs == 0 {
        return Err(UsageError("--runs must be at least 1".to_string()).into());
    }
    check_reference_name(&options.reference, &options.config)?;
    let check = check::run(&CheckOptions {
        corpus: options.corpus.clone(),
        size: options.mode.size(),
        backends: options.backends.clone(),
        filters: options.filters.clone(),
        jobs: options.jobs,
        oracle: OracleChoice::Auto,
        config: options.config.clone(),
        benchmarks_only: true,
        timeout_cap: options.mode.timeout_cap(),
    })?;
    let columns = plan_columns(check.backends());
    let reference = resolve_reference(&options.reference, &columns);
    let tree = columns
        .iter()
        .find(|c| c.column.backend == TREE_TIER)
        .map(|c| c.column.label.clone());

    let timings = schedule::run(&check, &columns, options)?;

    let mut report = BenchReport {
        schema: SCHEMA.to_string(),
        mode: options.mode,
        size: options.mode.size(),
        warmup: options.warmup,
        runs: options.runs,
        corpus: check.corpus.root.display().to_string(),
        oracle: check.oracle_description.clone(),
        elapsed_s: 0.0,
        reference,
        tree,
        machine: Machine::describe(workspace::root().as_deref()),
        backends: check.backends().iter().map(backend_info).collect(),
        missing_backends: check
            .missing
            .iter()
            .map(|m| MissingInfo {
                name: m.name.clone(),
                reason: m.reason.clone(),
            })
            .collect(),
        columns: columns.into_iter().map(|c| c.column).collect(),
        startup: timings.startup,
        results: timings.results,
        geometric_means: Vec::new(),
        warnings: Vec::new(),
    };
    analysis::complete(&mut report);
    report.elapsed_s = started.elapsed().as_secs_f64();
    Ok(report)
}

/// One column per backend; the bytecode tier gets a cold and a warm one.
pub fn plan_columns(backends: &[Backend]) -> Vec<PlannedColumn> {
    let mut columns = Vec::new();
    for (index, backend) in backends.iter().enumerate() {
        if backend.name == BYTECODE_TIER {
            for (cache, suffix) in [(CacheState::Cold, "cold"), (CacheState::Warm, "warm")] {
                columns.push(PlannedColumn {
                    column: Column {
                        label: format!("{}-{suffix}", backend.name),
                        backend: backend.name.clone(),
                        cache: Some(cache),
                    },
                    backend: index,
                });
            }
        } else {
            columns.push(PlannedColumn {
                column: Column {
                    label: backend.name.clone(),
                    backend: backend.name.clone(),
                    cache: None,
                },
                backend: index,
            });
        }
    }
    columns
}

/// Rejects a `--reference` that can never name a column, before anything runs.
fn check_reference_name(name: &str, config: &Config) -> anyhow::Result<()> {
    let mut known = crate::backend::known_names(config);
    for cache in ["cold", "warm"] {
        known.push(format!("{BYTECODE_TIER}-{cache}"));
    }
    if known.iter().any(|n| n == name) {
        return Ok(());
    }
    Err(UsageError(format!(
        "--reference {name:?} is not a backend or column; known: {}",
        known.join(", ")
    ))
    .into())
}

/// The reference column's label: `name` is a column label, or a backend's name (for the
/// bytecode tier, its warm column). `None` when that backend was not found or not selected.
fn resolve_reference(name: &str, columns: &[PlannedColumn]) -> Option<String> {
    columns
        .iter()
        .find(|c| c.column.label == name)
        .or_else(|| columns.iter().rev().find(|c| c.column.backend == name))
        .map(|c| c.column.label.clone())
}

fn backend_info(backend: &Backend) -> BackendInfo {
    BackendInfo {
        name: backend.name.clone(),
        version: backend.version.clone(),
        path: backend.path.display().to_string(),
        python: backend.python.map(|v| v.to_string()),
    }
}

/// 1 when any cell gave a wrong answer (an xfail's expected failure excepted), else 0.
pub fn exit_of(report: &BenchReport) -> Exit {
    let diverged = report
        .results
        .iter()
        .chain(&report.startup)
        .any(|c| c.status == Status::Failed && c.outcome.is_failure());
    if diverged {
        Exit::Divergence
    } else if report
        .results
        .iter()
        .any(|c| c.status == Status::Failed && c.outcome.is_infrastructure())
    {
        Exit::Infrastructure
    } else {
        Exit::Agree
    }
}

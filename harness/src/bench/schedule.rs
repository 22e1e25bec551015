//! The timing loop: which process runs when, and what each run's result means.
//!
//! Invariants:
//! - **One timed process at a time.** Nothing else the harness starts runs concurrently with a
//!   timed run (the correctness pass, which is parallel, is over before this starts).
//! - **Interleaved rounds.** For each script, round r runs every still-active column once, in
//!   column order (A B C A B C ...): warm-up rounds first, then timed rounds. Machine drift
//!   (thermal throttling, a background job) spreads over all columns instead of landing on
//!   whichever ran last.
//! - **Never time a wrong answer.** Every run, warm-up included, is classified against the
//!   oracle's reference; the first run that is not a pass ends the cell as `failed`, with that
//!   run's verdict, and it is never given a timing.
//! - **Cache states are real.** The bytecode tier's cold column gets a fresh, empty
//!   `PYRITE_PYCACHE_PREFIX` directory for every run (created and removed outside the timed
//!   region, which is the child process's life); the warm column gets one directory per script,
//!   filled by a priming run before the first timed round.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;

use super::model::{CacheState, Cell, STARTUP_SCRIPT, Samples, Status};
use super::{BenchOptions, PlannedColumn};
use crate::backend::Backend;
use crate::check::{CAPTURE_CAP, CheckRun};
use crate::compare::{self, Outcome, Reference, Verdict};
use crate::corpus::{Kind, Script};
use crate::progress::Progress;
use crate::runner::{self, Captured, RunResult, Termination};

/// The variable pointing the bytecode tier at its cache directory (as `PYTHONPYCACHEPREFIX`
/// does for CPython).
pub const CACHE_PREFIX_VAR: &str = "PYRITE_PYCACHE_PREFIX";

/// How long the empty script may take on any backend.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// The cells measured, before analysis.
pub struct Timings {
    /// One start-up cell per column.
    pub startup: Vec<Cell>,
    /// Scripts x columns, script-major.
    pub results: Vec<Cell>,
}

/// A script as the timing loop sees it (the empty script is one too).
struct Job<'a> {
    name: &'a str,
    kind: Kind,
    tags: &'a [String],
    path: &'a Path,
    args: &'a [String],
    cwd: &'a Path,
    timeout: Duration,
    expected_exit: Option<i32>,
    reference: Option<&'a Reference>,
}

/// Times start-up and then every script; see the module doc for the order.
pub fn run(
    check: &CheckRun,
    columns: &[PlannedColumn],
    options: &BenchOptions,
) -> anyhow::Result<Timings> {
    let rounds = options.warmup + options.runs;
    let empty_dir = tempfile::tempdir().context("cannot create the empty start-up script")?;
    let empty = empty_dir.path().join("empty.py");
    std::fs::write(&empty, "").context("cannot write the empty start-up script")?;
    let empty_reference = Reference {
        source: "an empty script".to_string(),
        stdout: Captured::whole(Vec::new()),
        last_stderr_line: None,
        status: Termination::Exited(0),
    };

    // Every planned run, for the progress display: start-up, then the cells that passed the
    // correctness pass (a warm column adds its priming run).
    let per_column =
        |c: &PlannedColumn| rounds + usize::from(c.column.cache == Some(CacheState::Warm));
    let mut total: usize = columns.iter().map(per_column).sum();
    for row in &check.cells {
        total += columns
            .iter()
            .filter(|c| row[c.backend].verdict.outcome == Outcome::Pass)
            .map(per_column)
            .sum::<usize>();
    }
    let progress = Progress::new(total, "bench");

    let startup_job = Job {
        name: STARTUP_SCRIPT,
        kind: Kind::Conformance,
        tags: &[],
        path: &empty,
        args: &[],
        cwd: empty_dir.path(),
        timeout: STARTUP_TIMEOUT,
        expected_exit: Some(0),
        reference: Some(&empty_reference),
    };
    let all_pass: Vec<Option<Verdict>> = columns.iter().map(|_| None).collect();
    let startup = time_job(&startup_job, &all_pass, check, columns, options, &progress)?;

    let mut results = Vec::with_capacity(check.scripts.len() * columns.len());
    for (s, script) in check.scripts.iter().enumerate() {
        let job = script_job(check, s, script);
        // A cell that did not pass the correctness pass keeps that verdict.
        let verdicts: Vec<Option<Verdict>> = columns
            .iter()
            .map(|c| {
                let verdict = &check.cells[s][c.backend].verdict;
                (verdict.outcome != Outcome::Pass).then(|| verdict.clone())
            })
            .collect();
        results.extend(time_job(
            &job, &verdicts, check, columns, options, &progress,
        )?);
    }
    progress.finish();
    Ok(Timings { startup, results })
}

fn script_job<'a>(check: &'a CheckRun, s: usize, script: &'a Script) -> Job<'a> {
    Job {
        name: &script.name,
        kind: script.kind,
        tags: &script.tags,
        path: &script.path,
        args: script.args(check.size),
        cwd: &check.corpus.root,
        timeout: script.timeout,
        expected_exit: script.exit,
        reference: check.references[s].as_ref(),
    }
}

/// A column's cell while it is being measured.
struct Measuring {
    samples: Samples,
    /// `Some` once the cell is decided without timings (failed or skipped).
    verdict: Option<Verdict>,
    /// The warm column's cache directory for this script.
    warm_cache: Option<tempfile::TempDir>,
}

/// Runs one job's rounds over the columns; `verdicts[c]` is set for a column not to time.
fn time_job(
    job: &Job<'_>,
    verdicts: &[Option<Verdict>],
    check: &CheckRun,
    columns: &[PlannedColumn],
    options: &BenchOptions,
    progress: &Progress,
) -> anyhow::Result<Vec<Cell>> {
    let mut cells: Vec<Measuring> = verdicts
        .iter()
        .map(|verdict| Measuring {
            samples: Samples::default(),
            verdict: verdict.clone(),
            warm_cache: None,
        })
        .collect();
    // Fill each warm column's cache with one untimed run.
    for (c, column) in columns.iter().enumerate() {
        if column.column.cache == Some(CacheState::Warm) && cells[c].verdict.is_none() {
            let dir = tempfile::tempdir().context("cannot create a bytecode cache directory")?;
            let backend = &check.runners[column.backend];
            let outcome = run_once(job, backend, Some(dir.path()));
            progress.step(
                &format!("{} on {} (priming)", job.name, column.column.label),
                None,
            );
            if let Err(verdict) = outcome {
                cells[c].verdict = Some(annotate(verdict, "priming run"));
            }
            cells[c].warm_cache = Some(dir);
        }
    }
    let rounds = options.warmup + options.runs;
    for round in 0..rounds {
        let warming = round < options.warmup;
        for (c, column) in columns.iter().enumerate() {
            if cells[c].verdict.is_some() {
                continue;
            }
            let backend = &check.runners[column.backend];
            let cold_dir = match column.column.cache {
                Some(CacheState::Cold) => {
                    Some(tempfile::tempdir().context("cannot create a bytecode cache directory")?)
                }
                _ => None,
            };
            let cache = cold_dir
                .as_ref()
                .map(tempfile::TempDir::path)
                .or(cells[c].warm_cache.as_ref().map(tempfile::TempDir::path));
            let outcome = run_once(job, backend, cache);
            drop(cold_dir);
            let which = if warming {
                format!("warm-up {}", round + 1)
            } else {
                format!("run {}/{}", round - options.warmup + 1, options.runs)
            };
            let label = format!("{} on {} ({which})", job.name, column.column.label);
            match outcome {
                Ok(result) => {
                    progress.step(&label, None);
                    let wall = result.wall.as_secs_f64();
                    let samples = &mut cells[c].samples;
                    if warming {
                        samples.warmup_wall_s.push(wall);
                    } else {
                        samples.wall_s.push(wall);
                        samples.cpu_s.push((result.user + result.sys).as_secs_f64());
                        samples.max_rss_kib.push(result.max_rss_kib);
                    }
                }
                Err(verdict) => {
                    let verdict = annotate(verdict, &which);
                    progress.step(&label, Some(verdict.outcome.describe()));
                    cells[c].verdict = Some(verdict);
                }
            }
        }
    }
    Ok(cells
        .into_iter()
        .zip(columns)
        .map(|(measuring, column)| finish_cell(job, measuring, &column.column.label))
        .collect())
}

/// One run of `job` on `backend`: the result when it passed, else the verdict.
fn run_once(job: &Job<'_>, backend: &Backend, cache: Option<&Path>) -> Result<RunResult, Verdict> {
    let mut invocation =
        backend.invocation(job.path, job.args, Some(job.cwd), job.timeout, CAPTURE_CAP);
    if let Some(dir) = cache {
        invocation
            .env
            .push((OsString::from(CACHE_PREFIX_VAR), dir.as_os_str().to_owned()));
    }
    let result = runner::run(&invocation).map_err(|error| Verdict {
        outcome: Outcome::HarnessError,
        detail: error.to_string(),
    })?;
    let verdict = compare::classify(&result, job.reference, job.expected_exit, None, job.timeout);
    if verdict.outcome == Outcome::Pass {
        Ok(result)
    } else {
        Err(verdict)
    }
}

fn annotate(verdict: Verdict, when: &str) -> Verdict {
    let detail = if verdict.detail.is_empty() {
        when.to_string()
    } else {
        format!("{} ({when})", verdict.detail)
    };
    Verdict { detail, ..verdict }
}

fn finish_cell(job: &Job<'_>, measuring: Measuring, column: &str) -> Cell {
    let (status, outcome, detail) = match measuring.verdict {
        None => (Status::Timed, Outcome::Pass, String::new()),
        Some(verdict) if verdict.outcome == Outcome::Skipped => {
            (Status::Skipped, verdict.outcome, verdict.detail)
        }
        Some(verdict) => (Status::Failed, verdict.outcome, verdict.detail),
    };
    let samples = if status == Status::Timed {
        measuring.samples
    } else {
        Samples::default()
    };
    Cell {
        script: job.name.to_string(),
        kind: job.kind,
        tags: job.tags.to_vec(),
        args: job.args.to_vec(),
        column: column.to_string(),
        status,
        outcome,
        detail,
        wall_s: None,
        cpu_s: None,
        max_rss_kib: None,
        samples,
        speed_vs_reference: None,
        speed_vs_tree: None,
        warnings: Vec::new(),
    }
}

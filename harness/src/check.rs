//! `harness check`: every script on every backend, each cell judged against the oracle.
//!
//! Order of work: load the corpus, find the backends, choose the oracle, plan the cells
//! (deciding skips before anything runs), run all runs in parallel on a rayon pool of `--jobs`
//! threads, then classify and report. The oracle is CPython 3.11 when present (run like any
//! backend, hidden when not asked for), else the blessed files of `expected.rs`.
//!
//! Invariant: every (script, backend) cell gets exactly one [`Verdict`], whatever the child
//! did; only problems that make the whole run meaningless (no corpus, no oracle, a backend
//! asked for but missing) end it early, as infrastructure errors (exit 4).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::backend::{self, Backend, Missing};
use crate::compare::{self, Outcome, Reference, Verdict};
use crate::config::Config;
use crate::corpus::{Corpus, Script, Size};
use crate::exit::{Exit, UsageError};
use crate::expected;
use crate::progress::Progress;
use crate::runner::{self, RunResult, Termination};

/// Bytes kept of each output stream (the rest is counted and hashed, see `runner.rs`).
pub const CAPTURE_CAP: usize = 1 << 20;

/// Where the reference outputs come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OracleChoice {
    /// CPython 3.11 when found, else the blessed files.
    Auto,
    /// The `cpython` backend, whatever its version.
    Cpython,
    /// The blessed files in the corpus's `expected/`.
    Expected,
}

/// What `check` was asked to do.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The corpus directory.
    pub corpus: PathBuf,
    /// Which argument lists.
    pub size: Size,
    /// Backends to show (empty: every one found).
    pub backends: Vec<String>,
    /// A script runs if its name contains any of these or has one as a tag (none: all run).
    pub filters: Vec<String>,
    /// Parallel runs.
    pub jobs: usize,
    /// The oracle.
    pub oracle: OracleChoice,
    /// Extra backends.
    pub config: Config,
}

/// The oracle in use.
#[derive(Clone, Debug)]
pub enum Oracle {
    /// This backend's runs (index into [`CheckRun::runners`]).
    Backend(usize),
    /// The blessed files.
    Blessed,
}

/// One judged cell.
#[derive(Clone, Debug)]
pub struct Cell {
    /// The verdict.
    pub verdict: Verdict,
    /// The run, unless the cell was skipped or could not start.
    pub result: Option<RunResult>,
}

/// Everything a report needs about a finished check.
#[derive(Clone, Debug)]
pub struct CheckRun {
    /// The corpus (all of it; `scripts` is the selection).
    pub corpus: Corpus,
    /// The selected scripts, in corpus order.
    pub scripts: Vec<Script>,
    /// The size run.
    pub size: Size,
    /// Backends with a column, then possibly a hidden oracle backend.
    pub runners: Vec<Backend>,
    /// How many of `runners` have a column.
    pub shown: usize,
    /// Backends not found (only those not explicitly requested; requested ones are errors).
    pub missing: Vec<Missing>,
    /// The oracle.
    pub oracle: Oracle,
    /// Describes the oracle for humans.
    pub oracle_description: String,
    /// The reference of each script, `None` when the oracle has nothing for it.
    pub references: Vec<Option<Reference>>,
    /// `cells[script][backend]` for the shown backends.
    pub cells: Vec<Vec<Cell>>,
    /// Wall time of the whole check.
    pub elapsed: Duration,
}

impl CheckRun {
    /// The backends that have a column.
    pub fn backends(&self) -> &[Backend] {
        &self.runners[..self.shown]
    }

    /// 1 when any cell diverged, else 4 when any could not be judged, else 0.
    pub fn exit(&self) -> Exit {
        let outcomes = || self.cells.iter().flatten().map(|cell| cell.verdict.outcome);
        if outcomes().any(Outcome::is_failure) {
            Exit::Divergence
        } else if outcomes().any(Outcome::is_infrastructure) {
            Exit::Infrastructure
        } else {
            Exit::Agree
        }
    }

    /// How many cells have each outcome, in legend order, omitting zeros.
    pub fn counts(&self) -> Vec<(Outcome, usize)> {
        Outcome::ALL
            .iter()
            .map(|&outcome| {
                let n = self
                    .cells
                    .iter()
                    .flatten()
                    .filter(|cell| cell.verdict.outcome == outcome)
                    .count();
                (outcome, n)
            })
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

/// Loads the corpus and applies `--filter`.
pub fn select_scripts(
    corpus_dir: &Path,
    filters: &[String],
) -> anyhow::Result<(Corpus, Vec<Script>)> {
    let corpus = Corpus::load(corpus_dir)?;
    for warning in &corpus.warnings {
        eprintln!("warning: {warning}");
    }
    let scripts: Vec<Script> = corpus
        .scripts
        .iter()
        .filter(|script| {
            filters.is_empty()
                || filters
                    .iter()
                    .any(|f| script.name.contains(f.as_str()) || script.tags.contains(f))
        })
        .cloned()
        .collect();
    if scripts.is_empty() {
        return Err(UsageError(format!(
            "no script of {} matches --filter {}",
            corpus.root.display(),
            filters.join(", ")
        ))
        .into());
    }
    Ok((corpus, scripts))
}

/// Runs the check; the caller reports the result.
pub fn run(options: &CheckOptions) -> anyhow::Result<CheckRun> {
    let started = Instant::now();
    let (corpus, scripts) = select_scripts(&options.corpus, &options.filters)?;

    let known = backend::known_names(&options.config);
    for name in &options.backends {
        if !known.contains(name) {
            return Err(UsageError(format!(
                "unknown backend {name:?}; known: {} (more can be declared in a config file)",
                known.join(", ")
            ))
            .into());
        }
    }
    let requested: Vec<String> = if options.backends.is_empty() {
        known.clone()
    } else {
        let mut unique = Vec::new();
        for name in &options.backends {
            if !unique.contains(name) {
                unique.push(name.clone());
            }
        }
        unique
    };
    // The cpython backend is probed even when not shown: it is the preferred oracle.
    let mut to_probe = requested.clone();
    if options.oracle != OracleChoice::Expected && !to_probe.iter().any(|n| n == "cpython") {
        to_probe.push("cpython".to_string());
    }
    let probed = backend::discover_all(&to_probe, &options.config);
    let mut runners = Vec::new();
    let mut missing = Vec::new();
    let mut cpython = None;
    for (name, found) in to_probe.iter().zip(probed) {
        let shown = requested.contains(name);
        match found {
            Ok(backend) if shown => runners.push(backend),
            Ok(backend) => cpython = Some(backend),
            Err(gone) if shown && !options.backends.is_empty() => {
                bail!(
                    "backend {} was asked for but is missing: {}",
                    gone.name,
                    gone.reason
                )
            }
            Err(gone) => missing.push(gone),
        }
    }
    if runners.is_empty() {
        bail!("no backend to run");
    }
    let shown = runners.len();
    let expected_dir = corpus.expected_dir();
    let cpython_at = runners.iter().position(|b| b.name == "cpython");
    let cpython_ref = cpython_at.map(|i| &runners[i]).or(cpython.as_ref());
    let use_backend = match options.oracle {
        OracleChoice::Expected => false,
        OracleChoice::Cpython => {
            let why = missing
                .iter()
                .find(|m| m.name == "cpython")
                .map_or_else(String::new, |m| format!(": {}", m.reason));
            cpython_ref
                .with_context(|| format!("--oracle cpython, but CPython is missing{why}"))?;
            true
        }
        OracleChoice::Auto => cpython_ref.is_some_and(Backend::is_cpython_311),
    };
    let (oracle, oracle_description) = if use_backend {
        let index = match cpython_at {
            Some(index) => index,
            None => {
                runners.extend(cpython);
                runners.len() - 1
            }
        };
        let b = &runners[index];
        (
            Oracle::Backend(index),
            format!("{} {} ({})", b.name, b.version, b.path.display()),
        )
    } else {
        if !expected_dir.is_dir() {
            let cpython_state = match cpython_ref {
                Some(b) => format!("the cpython backend is {} {}, not 3.11", b.name, b.version),
                None => missing
                    .iter()
                    .find(|m| m.name == "cpython")
                    .map_or("CPython was not looked for".to_string(), |m| {
                        format!("CPython is missing: {}", m.reason)
                    }),
            };
            bail!(
                "no oracle: {cpython_state}, and there are no blessed outputs in {} \
                 (run `harness bless` where CPython 3.11 is installed)",
                expected_dir.display()
            );
        }
        (
            Oracle::Blessed,
            format!("blessed outputs in {}", expected_dir.display()),
        )
    };

    // Plan: skips are decided here; everything else runs.
    let mut planned_cells: Vec<Vec<Option<Verdict>>> = Vec::with_capacity(scripts.len());
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    for (s, script) in scripts.iter().enumerate() {
        let mut row = Vec::with_capacity(shown);
        for (b, backend) in runners.iter().enumerate() {
            let skip = skip_reason(script, backend);
            let is_oracle = matches!(oracle, Oracle::Backend(o) if o == b);
            if b < shown {
                row.push(skip.clone().map(|reason| Verdict {
                    outcome: Outcome::Skipped,
                    detail: reason,
                }));
            }
            if skip.is_none() || is_oracle {
                jobs.push((s, b));
            }
        }
        planned_cells.push(row);
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .context("cannot start the worker threads")?;
    let progress = Progress::new(jobs.len(), "check");
    let results: Vec<Result<RunResult, runner::RunError>> = pool.install(|| {
        jobs.par_iter()
            .map(|&(s, b)| {
                let script = &scripts[s];
                let invocation = runners[b].invocation(
                    &script.path,
                    script.args(options.size),
                    Some(&corpus.root),
                    script.timeout,
                    CAPTURE_CAP,
                );
                let result = runner::run(&invocation);
                let note = match &result {
                    Ok(r) => abnormal(r),
                    Err(e) => Some(e.to_string()),
                };
                progress.step(
                    &format!("{} on {}", script.name, runners[b].name),
                    note.as_deref(),
                );
                result
            })
            .collect()
    });
    progress.finish();

    let mut runs: Vec<Vec<Option<Result<RunResult, runner::RunError>>>> = scripts
        .iter()
        .map(|_| runners.iter().map(|_| None).collect())
        .collect();
    for (&(s, b), result) in jobs.iter().zip(results) {
        runs[s][b] = Some(result);
    }

    let mut references = Vec::with_capacity(scripts.len());
    let mut reference_problems = Vec::with_capacity(scripts.len());
    for (s, script) in scripts.iter().enumerate() {
        let (reference, problem) = match oracle {
            Oracle::Backend(o) => match &runs[s][o] {
                Some(Ok(result)) if result.termination != Termination::TimedOut => {
                    let reference = Reference {
                        source: runners[o].name.clone(),
                        stdout: result.stdout.clone(),
                        last_stderr_line: result.stderr.last_line(),
                        status: result.termination,
                    };
                    (Some(reference), None)
                }
                Some(Ok(_)) => (None, Some(format!("{} timed out", runners[o].name))),
                Some(Err(e)) => (None, Some(e.to_string())),
                None => (None, Some("the oracle did not run".to_string())),
            },
            Oracle::Blessed => match expected::read(&corpus, script, options.size) {
                Ok(Some(reference)) => (Some(reference), None),
                Ok(None) => {
                    let stem = expected::stem(&corpus, script, options.size);
                    let problem = format!(
                        "no blessed output at {}.json (run `harness bless`)",
                        stem.display()
                    );
                    (None, Some(problem))
                }
                Err(e) => (None, Some(e.to_string())),
            },
        };
        references.push(reference);
        reference_problems.push(problem);
    }

    let mut cells = Vec::with_capacity(scripts.len());
    for (s, script) in scripts.iter().enumerate() {
        let mut row = Vec::with_capacity(shown);
        for b in 0..shown {
            let planned = planned_cells[s][b].take();
            let cell = match (planned, runs[s][b].take()) {
                (Some(skipped), _) => Cell {
                    verdict: skipped,
                    result: None,
                },
                (None, Some(Ok(result))) => {
                    let mut verdict = compare::classify(
                        &result,
                        references[s].as_ref(),
                        script.exit,
                        script.xfail.get(&runners[b].name).map(String::as_str),
                        script.timeout,
                    );
                    if result.pipes_abandoned {
                        verdict.detail.push_str(
                            " (a process outside its group kept the output pipes open; \
                             output may be incomplete)",
                        );
                    }
                    if verdict.outcome == Outcome::NoOracle
                        && let Some(problem) = &reference_problems[s]
                    {
                        verdict.detail = format!("no oracle output: {problem}");
                    }
                    Cell {
                        verdict,
                        result: Some(result),
                    }
                }
                (None, Some(Err(error))) => Cell {
                    verdict: Verdict {
                        outcome: Outcome::HarnessError,
                        detail: error.to_string(),
                    },
                    result: None,
                },
                (None, None) => Cell {
                    verdict: Verdict {
                        outcome: Outcome::HarnessError,
                        detail: "was planned but did not run".to_string(),
                    },
                    result: None,
                },
            };
            row.push(cell);
        }
        cells.push(row);
    }

    Ok(CheckRun {
        corpus,
        scripts,
        size: options.size,
        runners,
        shown,
        missing,
        oracle,
        oracle_description,
        references,
        cells,
        elapsed: started.elapsed(),
    })
}

/// Why `backend` does not run `script`, if it does not.
pub fn skip_reason(script: &Script, backend: &Backend) -> Option<String> {
    if let Some(reason) = script.skip.get(&backend.name) {
        return Some(reason.clone());
    }
    match (script.min_python, backend.python) {
        (Some(needed), Some(has)) if has < needed => Some(format!(
            "needs Python {needed}, {} implements {has}",
            backend.name
        )),
        _ => None,
    }
}

/// A note for the progress display when a run ended unusually.
fn abnormal(result: &RunResult) -> Option<String> {
    match result.termination {
        Termination::TimedOut => Some("timed out".to_string()),
        Termination::Signaled(signal) => Some(format!(
            "killed by signal {signal} ({})",
            compare::signal_name(signal)
        )),
        Termination::Exited(_) => None,
    }
}

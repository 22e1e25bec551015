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
use crate::corpus::{Corpus, Kind, Script, Size};
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
    /// Only the corpus's benchmarks (`kind: bench`), or every script when it has none (a plain
    /// directory): what `bench` checks before timing.
    pub benchmarks_only: bool,
    /// When set, no run may take longer than this, whatever the manifest says (`bench --fast`
    /// keeps a hanging tier from eating its time budget).
    pub timeout_cap: Option<Duration>,
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
    let (corpus, mut scripts) = select_scripts(&options.corpus, &options.filters)?;
    if options.benchmarks_only && scripts.iter().any(|s| s.kind == Kind::Bench) {
        scripts.retain(|s| s.kind == Kind::Bench);
    }
    if let Some(cap) = options.timeout_cap {
        for script in &mut scripts {
            script.timeout = script.timeout.min(cap);
        }
    }
    let mut found = find_backends(options)?;
    let (oracle, oracle_description) = choose_oracle(options, &corpus, &mut found)?;
    let Found {
        runners,
        shown,
        missing,
        ..
    } = found;
    let Plan { mut skipped, jobs } = plan(&scripts, &runners, shown, &oracle);
    let mut runs = execute(options, &corpus, &scripts, &runners, &jobs)?;

    let mut references = Vec::with_capacity(scripts.len());
    let mut cells = Vec::with_capacity(scripts.len());
    for (s, script) in scripts.iter().enumerate() {
        let (reference, problem) = reference(options, &corpus, script, &runners, &oracle, &runs[s]);
        let row: Vec<Cell> = (0..shown)
            .map(|b| match skipped[s][b].take() {
                Some(verdict) => Cell {
                    verdict,
                    result: None,
                },
                None => judge(
                    script,
                    &runners[b],
                    runs[s][b].take(),
                    reference.as_ref(),
                    problem.as_deref(),
                ),
            })
            .collect();
        references.push(reference);
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

/// The backends of a check, as found.
struct Found {
    /// Shown backends (then, after [`choose_oracle`], possibly a hidden oracle).
    runners: Vec<Backend>,
    /// How many of `runners` are shown.
    shown: usize,
    /// Backends not found, when none was asked for by name.
    missing: Vec<Missing>,
    /// CPython, found although not shown (a candidate oracle).
    hidden_cpython: Option<Backend>,
}

/// Resolves `--backend` (none: every known backend that is found) and probes CPython too.
fn find_backends(options: &CheckOptions) -> anyhow::Result<Found> {
    let known = backend::known_names(&options.config);
    if let Some(unknown) = options.backends.iter().find(|name| !known.contains(name)) {
        return Err(UsageError(format!(
            "unknown backend {unknown:?}; known: {} (more can be declared in a config file)",
            known.join(", ")
        ))
        .into());
    }
    let mut requested: Vec<String> = Vec::new();
    for name in if options.backends.is_empty() {
        &known
    } else {
        &options.backends
    } {
        if !requested.contains(name) {
            requested.push(name.clone());
        }
    }
    // CPython is probed even when not shown: it is the preferred oracle.
    let mut to_probe = requested.clone();
    if options.oracle != OracleChoice::Expected && !to_probe.iter().any(|n| n == "cpython") {
        to_probe.push("cpython".to_string());
    }
    let mut found = Found {
        runners: Vec::new(),
        shown: 0,
        missing: Vec::new(),
        hidden_cpython: None,
    };
    let probed = backend::discover_all(&to_probe, &options.config);
    for (name, result) in to_probe.iter().zip(probed) {
        let shown = requested.contains(name);
        match result {
            Ok(backend) if shown => found.runners.push(backend),
            Ok(backend) => found.hidden_cpython = Some(backend),
            Err(gone) if shown && !options.backends.is_empty() => bail!(
                "backend {} was asked for but is missing: {}",
                gone.name,
                gone.reason
            ),
            Err(gone) => found.missing.push(gone),
        }
    }
    if found.runners.is_empty() {
        bail!("no backend to run");
    }
    found.shown = found.runners.len();
    Ok(found)
}

/// Picks the oracle (appending a hidden CPython runner when it is not shown) and describes it.
fn choose_oracle(
    options: &CheckOptions,
    corpus: &Corpus,
    found: &mut Found,
) -> anyhow::Result<(Oracle, String)> {
    let cpython_at = found.runners.iter().position(|b| b.name == "cpython");
    let cpython = cpython_at
        .map(|i| &found.runners[i])
        .or(found.hidden_cpython.as_ref());
    let cpython_missing = found
        .missing
        .iter()
        .find(|m| m.name == "cpython")
        .map(|m| m.reason.clone());
    let use_cpython = match options.oracle {
        OracleChoice::Expected => false,
        OracleChoice::Cpython => {
            let why = cpython_missing.as_deref().unwrap_or("not looked for");
            cpython.with_context(|| format!("--oracle cpython, but CPython is missing: {why}"))?;
            true
        }
        OracleChoice::Auto => cpython.is_some_and(Backend::is_cpython_311),
    };
    if use_cpython {
        let index = match (cpython_at, found.hidden_cpython.take()) {
            (Some(index), _) => index,
            (None, hidden) => {
                found.runners.extend(hidden);
                found.runners.len() - 1
            }
        };
        let b = &found.runners[index];
        let description = format!("{} {} ({})", b.name, b.version, b.path.display());
        return Ok((Oracle::Backend(index), description));
    }
    let expected_dir = corpus.expected_dir();
    if !expected_dir.is_dir() {
        let cpython_state = match (cpython, cpython_missing) {
            (Some(b), _) => format!("the cpython backend is {}, not 3.11", b.version),
            (None, Some(reason)) => format!("CPython is missing ({reason})"),
            (None, None) => "CPython was not looked for".to_string(),
        };
        bail!(
            "no oracle: {cpython_state}, and there are no blessed outputs in {} \
             (run `harness bless` where CPython 3.11 is installed)",
            expected_dir.display()
        );
    }
    let description = format!("blessed outputs in {}", expected_dir.display());
    Ok((Oracle::Blessed, description))
}

/// What will run, decided before anything does.
struct Plan {
    /// `[script][shown backend]`: the verdict of a skipped cell.
    skipped: Vec<Vec<Option<Verdict>>>,
    /// The (script, runner) pairs to run.
    jobs: Vec<(usize, usize)>,
}

/// Decides what runs. The oracle runs every script, even where its own cell is skipped.
fn plan(scripts: &[Script], runners: &[Backend], shown: usize, oracle: &Oracle) -> Plan {
    let mut skipped = Vec::with_capacity(scripts.len());
    let mut jobs = Vec::new();
    for (s, script) in scripts.iter().enumerate() {
        let mut row = Vec::with_capacity(shown);
        for (b, backend) in runners.iter().enumerate() {
            let skip = skip_reason(script, backend);
            let is_oracle = matches!(oracle, Oracle::Backend(o) if *o == b);
            if skip.is_none() || is_oracle {
                jobs.push((s, b));
            }
            if b < shown {
                row.push(skip.map(|reason| Verdict {
                    outcome: Outcome::Skipped,
                    detail: reason,
                }));
            }
        }
        skipped.push(row);
    }
    Plan { skipped, jobs }
}

/// The runs of one script, indexed by runner (`None`: not run).
type Runs = Vec<Option<Result<RunResult, runner::RunError>>>;

/// Runs `jobs` on a pool of `--jobs` threads; returns `runs[script][runner]`.
fn execute(
    options: &CheckOptions,
    corpus: &Corpus,
    scripts: &[Script],
    runners: &[Backend],
    jobs: &[(usize, usize)],
) -> anyhow::Result<Vec<Runs>> {
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
                let label = format!("{} on {}", script.name, runners[b].name);
                progress.step(&label, note.as_deref());
                result
            })
            .collect()
    });
    progress.finish();
    let mut runs: Vec<Runs> = scripts
        .iter()
        .map(|_| runners.iter().map(|_| None).collect())
        .collect();
    for (&(s, b), result) in jobs.iter().zip(results) {
        runs[s][b] = Some(result);
    }
    Ok(runs)
}

/// The oracle's reference for one script, or why there is none.
fn reference(
    options: &CheckOptions,
    corpus: &Corpus,
    script: &Script,
    runners: &[Backend],
    oracle: &Oracle,
    runs: &Runs,
) -> (Option<Reference>, Option<String>) {
    match oracle {
        Oracle::Backend(o) => match &runs[*o] {
            Some(Ok(result)) if result.termination != Termination::TimedOut => {
                let reference = Reference {
                    source: runners[*o].name.clone(),
                    stdout: result.stdout.clone(),
                    last_stderr_line: result.stderr.last_line(),
                    status: result.termination,
                };
                (Some(reference), None)
            }
            Some(Ok(_)) => (None, Some(format!("{} timed out", runners[*o].name))),
            Some(Err(e)) => (None, Some(e.to_string())),
            None => (None, Some("the oracle did not run".to_string())),
        },
        Oracle::Blessed => match expected::read(corpus, script, options.size) {
            Ok(Some(reference)) => (Some(reference), None),
            Ok(None) => {
                let stem = expected::stem(corpus, script, options.size);
                let problem = format!(
                    "no blessed output at {}.json (run `harness bless`)",
                    stem.display()
                );
                (None, Some(problem))
            }
            Err(e) => (None, Some(e.to_string())),
        },
    }
}

/// The cell of a script on a backend that was not skipped.
fn judge(
    script: &Script,
    backend: &Backend,
    run: Option<Result<RunResult, runner::RunError>>,
    reference: Option<&Reference>,
    reference_problem: Option<&str>,
) -> Cell {
    let result = match run {
        Some(Ok(result)) => result,
        Some(Err(error)) => return Cell::error(error.to_string()),
        None => return Cell::error("was planned but did not run".to_string()),
    };
    let xfail = script.xfail.get(&backend.name).map(String::as_str);
    let mut verdict = compare::classify(&result, reference, script.exit, xfail, script.timeout);
    if result.pipes_abandoned {
        verdict.detail.push_str(
            " (a process outside its group kept the output pipes open; output may be incomplete)",
        );
    }
    if verdict.outcome == Outcome::NoOracle
        && let Some(problem) = reference_problem
    {
        verdict.detail = format!("no oracle output: {problem}");
    }
    Cell {
        verdict,
        result: Some(result),
    }
}

impl Cell {
    fn error(detail: String) -> Cell {
        Cell {
            verdict: Verdict {
                outcome: Outcome::HarnessError,
                detail,
            },
            result: None,
        }
    }
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

//! `harness bless`: regenerates the blessed outputs (`expected.rs`) from CPython.
//!
//! Every selected script runs once on the `cpython` backend (a config entry named `cpython`
//! replaces the one found on `PATH`), in parallel; each run that finished writes its pair of
//! files. A run that timed out writes nothing and makes the command exit 4, since the corpus is
//! then missing an oracle. Blessing with anything but CPython 3.11 is allowed but warned about:
//! the blessed files are only as right as the interpreter that wrote them.

use std::path::PathBuf;

use anyhow::Context;
use rayon::prelude::*;

use crate::backend;
use crate::check::{self, CAPTURE_CAP};
use crate::config::Config;
use crate::corpus::Size;
use crate::exit::Exit;
use crate::expected;
use crate::progress::Progress;
use crate::runner::{self, Termination};

/// What `bless` was asked to do.
#[derive(Clone, Debug)]
pub struct BlessOptions {
    /// The corpus directory.
    pub corpus: PathBuf,
    /// Which argument lists.
    pub size: Size,
    /// Substrings selecting scripts (none: all).
    pub filters: Vec<String>,
    /// Parallel runs.
    pub jobs: usize,
    /// Extra backends (may redefine `cpython`).
    pub config: Config,
}

/// Runs `bless` and reports on stdout.
pub fn run(options: &BlessOptions) -> anyhow::Result<Exit> {
    let (corpus, scripts) = check::select_scripts(&options.corpus, &options.filters)?;
    let cpython = backend::discover("cpython", &options.config)
        .map_err(|missing| anyhow::anyhow!("cannot bless without CPython: {}", missing.reason))?;
    if !cpython.is_cpython_311() {
        eprintln!(
            "warning: blessing with {} {}; the oracle should be CPython 3.11",
            cpython.name, cpython.version
        );
    }
    let blessed_with = format!(
        "{} {}",
        cpython.implementation.as_deref().unwrap_or(&cpython.name),
        cpython.python_full.as_deref().unwrap_or(&cpython.version)
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .context("cannot start the worker threads")?;
    let progress = Progress::new(scripts.len(), "bless");
    let results: Vec<_> = pool.install(|| {
        scripts
            .par_iter()
            .map(|script| {
                let invocation = cpython.invocation(
                    &script.path,
                    script.args(options.size),
                    Some(&corpus.root),
                    script.timeout,
                    CAPTURE_CAP,
                );
                let result = runner::run(&invocation);
                progress.step(&script.name, None);
                result
            })
            .collect()
    });
    progress.finish();

    let mut written = 0;
    let mut problems = Vec::new();
    for (script, result) in scripts.iter().zip(results) {
        let result = match result {
            Ok(result) => result,
            Err(e) => {
                problems.push(format!("{}: {e}", script.name));
                continue;
            }
        };
        match result.termination {
            Termination::TimedOut => {
                problems.push(format!(
                    "{}: timed out after {:.1} s, nothing blessed",
                    script.name,
                    script.timeout.as_secs_f64()
                ));
                continue;
            }
            Termination::Exited(code) if script.exit.is_some_and(|exit| exit != code) => {
                eprintln!(
                    "warning: {} exits {code} on CPython but the manifest expects {}",
                    script.name,
                    script.exit.unwrap_or_default()
                )
            }
            Termination::Signaled(signal) => eprintln!(
                "warning: {} was killed by signal {signal} on CPython",
                script.name
            ),
            Termination::Exited(_) => {}
        }
        match expected::write(&corpus, script, options.size, &result, &blessed_with) {
            Ok(_) => written += 1,
            Err(e) => problems.push(e.to_string()),
        }
    }
    println!(
        "blessed {written} of {} scripts into {} with {blessed_with}",
        scripts.len(),
        corpus.expected_dir().display()
    );
    for problem in &problems {
        println!("not blessed: {problem}");
    }
    Ok(if problems.is_empty() {
        Exit::Agree
    } else {
        Exit::Infrastructure
    })
}

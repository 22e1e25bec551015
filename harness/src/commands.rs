//! Each subcommand, from parsed arguments to exit code.
//!
//! Infrastructure problems travel as errors (exit 4 in `main`); usage problems as
//! [`crate::exit::UsageError`] (exit 2); a finished run returns its own [`Exit`].

use std::path::{Path, PathBuf};

use comfy_table::{Table, presets};

use anyhow::Context;

use crate::backend;
use crate::bench::compare::CompareOptions;
use crate::bench::model::{BenchReport, Mode};
use crate::bench::{self, BenchOptions};
use crate::bless::{self, BlessOptions};
use crate::check::{self, CheckOptions};
use crate::cli::{BenchArgs, CheckArgs, Cli, Command, CompareArgs, SelectionArgs};
use crate::config::Config;
use crate::exit::{Exit, UsageError};
use crate::report::bench_files::Destinations;
use crate::report::{bench_files, bench_terminal};
use crate::{json_report, junit, report, workspace};

/// Runs the parsed command line.
pub fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Some(Command::Check(args)) => check(&args, config),
        Some(Command::Bless(args)) => bless(&args.selection, config),
        Some(Command::Backends) => backends(&config),
        Some(Command::Bench(args)) => bench(&args, config),
        Some(Command::Compare(args)) => compare(&args),
        None => main_job(config),
    }
}

/// The main job (no subcommand): the differential check, then a fast benchmark.
fn main_job(config: Config) -> anyhow::Result<Exit> {
    eprintln!("harness: the main job: `check --fast`, then `bench --fast`");
    let args = CheckArgs {
        selection: SelectionArgs {
            corpus: None,
            fast: true,
            full: false,
            filter: Vec::new(),
            jobs: None,
        },
        backend: Vec::new(),
        oracle: check::OracleChoice::Auto,
        junit: None,
        json: None,
        reports: None,
    };
    let checked = check(&args, config.clone())?;
    println!();
    let benched = bench(&BenchArgs::fast_defaults(), config)?;
    Ok(worse(checked, benched))
}

/// The exit status of two steps: a divergence in either wins, then the larger code.
fn worse(a: Exit, b: Exit) -> Exit {
    if a == Exit::Divergence || b == Exit::Divergence {
        Exit::Divergence
    } else {
        a.max(b)
    }
}

fn bench(args: &BenchArgs, config: Config) -> anyhow::Result<Exit> {
    let mode = if args.rigorous {
        Mode::Rigorous
    } else {
        Mode::Fast
    };
    let options = BenchOptions {
        corpus: args
            .corpus
            .clone()
            .unwrap_or_else(workspace::default_corpus),
        mode,
        warmup: args.warmup.unwrap_or_else(|| mode.default_warmup()),
        runs: args.runs.unwrap_or_else(|| mode.default_runs()),
        backends: args.backend.clone(),
        reference: args.reference.clone(),
        filters: args.filter.clone(),
        jobs: args.jobs(),
        config,
    };
    let report = bench::run(&options)?;
    let dir = args
        .reports
        .clone()
        .unwrap_or_else(workspace::default_reports)
        .join("bench");
    let destinations = Destinations::new(
        &dir,
        args.json.clone(),
        args.md.clone(),
        args.csv.clone(),
        args.svg.clone(),
        args.pyperf.clone(),
    );
    // Files first: printing may end the process (SIGPIPE when piped into `head`).
    let written = bench_files::write_all(&report, &destinations)?;
    bench_terminal::print(&report, &written);
    Ok(bench::exit_of(&report))
}

fn compare(args: &CompareArgs) -> anyhow::Result<Exit> {
    if !(args.threshold.is_finite() && args.threshold >= 0.0) {
        return Err(UsageError(format!(
            "--threshold must be a percentage >= 0, got {}",
            args.threshold
        ))
        .into());
    }
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        return Err(UsageError(format!("--alpha must be in (0, 1), got {}", args.alpha)).into());
    }
    let read = |path: &Path| -> anyhow::Result<BenchReport> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        BenchReport::from_json(&text)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
    };
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let comparison = bench::compare::compare(
        &old,
        &new,
        CompareOptions {
            threshold_percent: args.threshold,
            alpha: args.alpha,
        },
    );
    println!(
        "harness compare: {} ({}) -> {} ({})",
        display_path(&args.old).display(),
        old.machine.date,
        display_path(&args.new).display(),
        new.machine.date
    );
    for warning in &comparison.warnings {
        println!("warning: {warning}");
    }
    println!("{}", comparison.table());
    for line in comparison.summary() {
        println!("{line}");
    }
    Ok(comparison.exit())
}

fn corpus_dir(selection: &SelectionArgs) -> PathBuf {
    selection
        .corpus
        .clone()
        .unwrap_or_else(workspace::default_corpus)
}

fn check(args: &CheckArgs, config: Config) -> anyhow::Result<Exit> {
    let options = CheckOptions {
        corpus: corpus_dir(&args.selection),
        size: args.selection.size(),
        backends: args.backend.clone(),
        filters: args.selection.filter.clone(),
        jobs: args.selection.jobs(),
        oracle: args.oracle,
        config,
        benchmarks_only: false,
        timeout_cap: None,
    };
    let run = check::run(&options)?;
    let reports = args
        .reports
        .clone()
        .unwrap_or_else(workspace::default_reports)
        .join("check");
    let written = match report::write_files(&run, &reports) {
        Ok(()) => Some(reports.as_path()),
        Err(e) => {
            eprintln!(
                "warning: cannot write reports to {}: {e}",
                reports.display()
            );
            None
        }
    };
    // Files first: printing may end the process (SIGPIPE when piped into `head`).
    if let Some(path) = &args.junit {
        junit::write(&run, path)?;
    }
    if let Some(path) = &args.json {
        json_report::write(&run, path)?;
    }
    report::print(&run, written.map(display_path).as_deref());
    Ok(run.exit())
}

/// A path relative to the current directory when it is below it (shorter in messages).
fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

fn bless(selection: &SelectionArgs, config: Config) -> anyhow::Result<Exit> {
    bless::run(&BlessOptions {
        corpus: corpus_dir(selection),
        size: selection.size(),
        filters: selection.filter.clone(),
        jobs: selection.jobs(),
        config,
    })
}

fn backends(config: &Config) -> anyhow::Result<Exit> {
    let names = backend::known_names(config);
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.set_header(["backend", "version", "python", "path or why missing"]);
    for found in backend::discover_all(&names, config) {
        match found {
            Ok(b) => table.add_row([
                b.name,
                b.version,
                b.python.map_or_else(|| "?".to_string(), |v| v.to_string()),
                b.path.display().to_string(),
            ]),
            Err(missing) => table.add_row([
                missing.name,
                "missing".to_string(),
                String::new(),
                missing.reason,
            ]),
        };
    }
    println!("{table}");
    if let Some(file) = &config.file {
        println!("config: {}", file.display());
    }
    let corpus = workspace::default_corpus();
    println!(
        "default corpus: {}{}",
        corpus.display(),
        if corpus.is_dir() { "" } else { " (missing)" }
    );
    Ok(Exit::Agree)
}

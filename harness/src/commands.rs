//! Each subcommand, from parsed arguments to exit code.
//!
//! Infrastructure problems travel as errors (exit 4 in `main`); usage problems as
//! [`crate::exit::UsageError`] (exit 2); a finished run returns its own [`Exit`].

use std::path::{Path, PathBuf};

use comfy_table::{Table, presets};

use crate::backend;
use crate::bless::{self, BlessOptions};
use crate::check::{self, CheckOptions};
use crate::cli::{CheckArgs, Cli, Command, SelectionArgs};
use crate::config::Config;
use crate::exit::{Exit, UsageError};
use crate::{json_report, junit, report, workspace};

/// Runs the parsed command line.
pub fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Some(Command::Check(args)) => check(&args, config),
        Some(Command::Bless(args)) => bless(&args.selection, config),
        Some(Command::Backends) => backends(&config),
        Some(Command::Bench(_)) | Some(Command::Compare(_)) => Err(UsageError(
            "`bench` and `compare` are not implemented yet (a later issue); use `check`"
                .to_string(),
        )
        .into()),
        None => {
            eprintln!("harness: running `check --fast`; benchmarks come in a later issue");
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
            check(&args, config)
        }
    }
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

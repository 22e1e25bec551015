//! harness: the differential-testing and benchmark driver (DESIGN.md section 4).
//!
//! Two lives in one binary. Normally it parses its command line and runs a subcommand
//! (`commands.rs`). Started as `harness __pyrite ARGS...`, it is the `pyrite` command instead
//! (`pyrite::main_with_args`): that is how the pyrite tiers run in child processes without a
//! separate pyrite build, so a tier's crash or hang is a finding, never the harness's end.
//!
//! Map of the modules: `corpus` (manifest, plain directories) · `config` (extra backends) ·
//! `backend` (discovery, versions) · `runner` (child processes) · `compare` (classification) ·
//! `expected` (blessed outputs) · `check` and `bless` (the commands) · `bench` (timing, its
//! JSON model, `bench::compare` for two reports) · `stats` (summaries, bootstrap, tests) ·
//! `report` (check outputs; bench tables, Markdown, CSV, SVG, pyperf files in `report/`),
//! `json_report`, `junit` (outputs) · `progress` · `cli` · `exit` (exit codes) · `workspace`
//! (default paths) · `interrupt` (Ctrl-C kills the children).
//!
//! The global allocator is the `pyrite` binary's (mimalloc): the tiers timed here must run
//! as the shipped binary runs them.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod backend;
mod bench;
mod bless;
mod check;
mod cli;
mod commands;
mod compare;
mod config;
mod corpus;
mod exit;
mod expected;
mod interrupt;
mod json_report;
mod junit;
mod progress;
mod python_version;
mod report;
mod runner;
mod stats;
mod workspace;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use crate::exit::{Exit, UsageError};

fn main() {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == backend::PYRITE_TRAMPOLINE) {
        // argv[0] of the pyrite command line is its program name.
        args.splice(0..2, [OsString::from("pyrite")]);
        let code = pyrite::main_with_args(args);
        let _ = std::io::stdout().flush();
        std::process::exit(code);
    }
    let cli = Cli::parse_from(args);
    interrupt::install_for_harness();
    let exit = match commands::dispatch(cli) {
        Ok(exit) => exit,
        Err(error) => {
            let exit = if error.downcast_ref::<UsageError>().is_some() {
                Exit::Usage
            } else {
                Exit::Infrastructure
            };
            eprintln!("harness: error: {error:#}");
            exit
        }
    };
    let _ = std::io::stdout().flush();
    std::process::exit(exit.code());
}

use cli::Cli;

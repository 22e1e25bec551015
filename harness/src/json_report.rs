//! `--json FILE`: the check's results as JSON, for tools and for later comparison.
//!
//! Schema `harness-check/1` (a field is only ever added under the same schema name):
//!
//! ```text
//! { "schema": "harness-check/1",
//!   "corpus": "/abs/corpus", "size": "fast" | "full",
//!   "oracle": "cpython 3.11.7 (/usr/bin/python3.11)" | "blessed outputs in ...",
//!   "exit_code": 0 | 1 | 4, "elapsed_s": 1.25,
//!   "backends": [ { "name", "version", "path", "python": "3.11" | null } ],
//!   "missing_backends": [ { "name", "reason" } ],
//!   "counts": { "pass": 10, "wrong_output": 1, ... },
//!   "cells": [ { "script", "kind": "conformance" | "bench", "tags": [...], "backend", "outcome": "pass" | "wrong_output" | "wrong_exception"
//!                | "wrong_exit_status" | "crash" | "timeout" | "skipped" | "expected_failure"
//!                | "unexpected_pass" | "no_oracle" | "harness_error",
//!                "detail": "...", "args": [...],
//!                "exit_code": 0 | null, "signal": 9 | null, "timed_out": false,
//!                "wall_s", "user_s", "sys_s", "max_rss_kib",
//!                "stdout_bytes", "stdout_truncated", "stderr_bytes", "last_stderr_line" } ] }
//! ```
//!
//! Run fields are `null` for a cell that did not run (skipped, or could not start).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::check::CheckRun;
use crate::compare::Outcome;
use crate::corpus::{Kind, Size};
use crate::runner::Termination;

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    corpus: String,
    size: Size,
    oracle: &'a str,
    exit_code: i32,
    elapsed_s: f64,
    backends: Vec<BackendEntry<'a>>,
    missing_backends: Vec<MissingEntry<'a>>,
    counts: BTreeMap<Outcome, usize>,
    cells: Vec<CellEntry<'a>>,
}

#[derive(Serialize)]
struct BackendEntry<'a> {
    name: &'a str,
    version: &'a str,
    path: String,
    python: Option<String>,
}

#[derive(Serialize)]
struct MissingEntry<'a> {
    name: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct CellEntry<'a> {
    script: &'a str,
    kind: Kind,
    tags: &'a [String],
    backend: &'a str,
    outcome: Outcome,
    detail: &'a str,
    args: &'a [String],
    exit_code: Option<i32>,
    signal: Option<i32>,
    timed_out: Option<bool>,
    wall_s: Option<f64>,
    user_s: Option<f64>,
    sys_s: Option<f64>,
    max_rss_kib: Option<u64>,
    stdout_bytes: Option<u64>,
    stdout_truncated: Option<bool>,
    stderr_bytes: Option<u64>,
    last_stderr_line: Option<String>,
}

/// The JSON text of a finished check.
pub fn to_json(run: &CheckRun) -> serde_json::Result<String> {
    let mut cells = Vec::new();
    for (s, row) in run.cells.iter().enumerate() {
        let script = &run.scripts[s];
        for (b, cell) in row.iter().enumerate() {
            let result = cell.result.as_ref();
            let (exit_code, signal, timed_out) = match result.map(|r| r.termination) {
                Some(Termination::Exited(code)) => (Some(code), None, Some(false)),
                Some(Termination::Signaled(signal)) => (None, Some(signal), Some(false)),
                Some(Termination::TimedOut) => (None, None, Some(true)),
                None => (None, None, None),
            };
            cells.push(CellEntry {
                script: &script.name,
                kind: script.kind,
                tags: &script.tags,
                backend: &run.backends()[b].name,
                outcome: cell.verdict.outcome,
                detail: &cell.verdict.detail,
                args: script.args(run.size),
                exit_code,
                signal,
                timed_out,
                wall_s: result.map(|r| r.wall.as_secs_f64()),
                user_s: result.map(|r| r.user.as_secs_f64()),
                sys_s: result.map(|r| r.sys.as_secs_f64()),
                max_rss_kib: result.map(|r| r.max_rss_kib),
                stdout_bytes: result.map(|r| r.stdout.total),
                stdout_truncated: result.map(|r| r.stdout.truncated()),
                stderr_bytes: result.map(|r| r.stderr.total),
                last_stderr_line: result.and_then(|r| r.stderr.last_line()),
            });
        }
    }
    let document = Document {
        schema: "harness-check/1",
        corpus: run.corpus.root.display().to_string(),
        size: run.size,
        oracle: &run.oracle_description,
        exit_code: run.exit().code(),
        elapsed_s: run.elapsed.as_secs_f64(),
        backends: run
            .backends()
            .iter()
            .map(|b| BackendEntry {
                name: &b.name,
                version: &b.version,
                path: b.path.display().to_string(),
                python: b.python.map(|v| v.to_string()),
            })
            .collect(),
        missing_backends: run
            .missing
            .iter()
            .map(|m| MissingEntry {
                name: &m.name,
                reason: &m.reason,
            })
            .collect(),
        counts: run.counts().into_iter().collect(),
        cells,
    };
    serde_json::to_string_pretty(&document)
}

/// Writes the JSON to `path`.
pub fn write(run: &CheckRun, path: &Path) -> anyhow::Result<()> {
    let text = to_json(run)?;
    std::fs::write(path, text + "\n")
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

//! The result of `harness bench`, exactly as its JSON report stores it: every other report
//! (terminal tables, Markdown, CSV, SVG, pyperf files) is rendered from a [`BenchReport`], and
//! `harness compare` reads two of them back. So this file is the schema.
//!
//! Schema `harness-bench/1`. Within one schema name fields are only ever added, never renamed
//! or retyped; a reader ignores fields it does not know. Times are seconds, memory KiB.
//!
//! ```text
//! { "schema": "harness-bench/1",
//!   "mode": "fast" | "rigorous", "size": "fast" | "full", "warmup": 1, "runs": 5,
//!   "corpus": "/abs/corpus", "oracle": "cpython 3.11.7 (...)", "elapsed_s": 42.0,
//!   "reference": "cpython" | null,            // column label the speeds are relative to
//!   "tree": "pyrite-tree" | null,             // the second baseline, when it ran
//!   "machine": { "cpu_model", "cores", "os", "kernel", "rustc", "harness_build",
//!                "git_commit" | null, "git_dirty" | null, "date" },
//!   "backends": [ { "name", "version", "path", "python": "3.11" | null } ],
//!   "missing_backends": [ { "name", "reason" } ],
//!   "columns": [ { "label": "pyrite-bytecode-cold", "backend": "pyrite-bytecode",
//!                  "cache": "cold" | "warm" | null } ],
//!   "startup": [ Cell ],                      // one per column, script "<empty>"
//!   "results": [ Cell ],                      // scripts x columns, script-major
//!   "geometric_means": [ { "column", "tag": null | "float", "baseline": "cpython",
//!                          "speed": 1.8, "scripts": 7 } ],
//!   "warnings": [ "..." ] }
//!
//! Cell = { "script", "kind", "tags": [...], "args": [...], "column",
//!          "status": "timed" | "failed" | "skipped",
//!          "outcome": "pass" | "wrong_output" | ... (see compare.rs), "detail": "...",
//!          "wall_s" | "cpu_s" | "max_rss_kib": { "n", "mean", "stdev", "median", "mad",
//!                                              "min", "max" } | null,
//!          "samples": { "wall_s": [...], "cpu_s": [...], "max_rss_kib": [...],
//!                       "warmup_wall_s": [...] },
//!          "speed_vs_reference" | "speed_vs_tree": { "value", "low", "high" } | null,
//!          "warnings": [...] }
//! ```
//!
//! A speed is `median(baseline) / median(column)` (2.0: twice as fast as the baseline) with
//! a 95% bootstrap interval (`stats.rs`). A `failed` cell (wrong answer, crash, timeout) has
//! an `outcome` and `detail` and never any timing: a wrong answer is not a measurement.

use serde::{Deserialize, Serialize};

use super::machine::Machine;
use crate::compare::Outcome;
use crate::corpus::{Kind, Size};
use crate::stats::{Ratio, Summary};

/// The schema name written and accepted.
pub const SCHEMA: &str = "harness-bench/1";

/// The script name of the start-up measurement cells.
pub const STARTUP_SCRIPT: &str = "<empty>";

/// How much is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Few runs at the `fast` sizes: a quick look (and CI).
    Fast,
    /// More runs at the `full` sizes: numbers to publish.
    Rigorous,
}

impl Mode {
    /// The argument lists used.
    pub fn size(self) -> Size {
        match self {
            Mode::Fast => Size::Fast,
            Mode::Rigorous => Size::Full,
        }
    }

    /// Default warm-up runs per cell.
    pub fn default_warmup(self) -> usize {
        match self {
            Mode::Fast => 1,
            Mode::Rigorous => 3,
        }
    }

    /// Default timed runs per cell.
    pub fn default_runs(self) -> usize {
        match self {
            Mode::Fast => 5,
            Mode::Rigorous => 20,
        }
    }

    /// The longest any run may take, when the mode caps the manifest's timeouts.
    pub fn timeout_cap(self) -> Option<std::time::Duration> {
        match self {
            Mode::Fast => Some(std::time::Duration::from_secs(30)),
            Mode::Rigorous => None,
        }
    }

    /// The name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Fast => "fast",
            Mode::Rigorous => "rigorous",
        }
    }
}

/// The bytecode tier's cache state in a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheState {
    /// A fresh, empty cache directory for every run: compile and write each time.
    Cold,
    /// A cache filled before timing: every timed run loads it.
    Warm,
}

/// A backend as the report records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackendInfo {
    /// Its name.
    pub name: String,
    /// Its version string.
    pub version: String,
    /// The executable timed.
    pub path: String,
    /// The Python version implemented, when known.
    pub python: Option<String>,
}

/// A backend that was not found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissingInfo {
    /// Its name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// One column of the tables: a backend, and for the bytecode tier a cache state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The label in tables and file names (`cpython`, `pyrite-bytecode-warm`).
    pub label: String,
    /// The backend's name.
    pub backend: String,
    /// The cache state, for the bytecode tier.
    pub cache: Option<CacheState>,
}

/// What became of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every run gave the right answer and was timed.
    Timed,
    /// A run gave a wrong answer, crashed or timed out: not timed.
    Failed,
    /// Not run here (manifest `skip`, Python too old).
    Skipped,
}

/// The raw measurements of a cell, in run order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Samples {
    /// Wall time of each timed run.
    pub wall_s: Vec<f64>,
    /// User + system CPU time of each timed run.
    pub cpu_s: Vec<f64>,
    /// Peak RSS of each timed run.
    pub max_rss_kib: Vec<u64>,
    /// Wall time of each warm-up run (not in the statistics).
    pub warmup_wall_s: Vec<f64>,
}

/// One script on one column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The script's name ([`STARTUP_SCRIPT`] for start-up cells).
    pub script: String,
    /// Conformance script or benchmark.
    pub kind: Kind,
    /// The script's tags.
    pub tags: Vec<String>,
    /// The arguments it ran with.
    pub args: Vec<String>,
    /// The column's label.
    pub column: String,
    /// Timed, failed or skipped.
    pub status: Status,
    /// The verdict of the run that decided the status (`pass` for a timed cell).
    pub outcome: Outcome,
    /// Why it failed or was skipped; empty when timed.
    pub detail: String,
    /// Wall-time statistics, for a timed cell.
    pub wall_s: Option<Summary>,
    /// CPU-time statistics, for a timed cell.
    pub cpu_s: Option<Summary>,
    /// Peak-RSS statistics, for a timed cell.
    pub max_rss_kib: Option<Summary>,
    /// The raw measurements.
    pub samples: Samples,
    /// Speed relative to the reference column, same script.
    pub speed_vs_reference: Option<Ratio>,
    /// Speed relative to the tree tier, same script.
    pub speed_vs_tree: Option<Ratio>,
    /// pyperf-style warnings about this cell's numbers.
    pub warnings: Vec<String>,
}

/// A geometric mean of speeds over scripts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeometricMean {
    /// The column.
    pub column: String,
    /// Over the scripts with this tag; `None`: over all scripts.
    pub tag: Option<String>,
    /// The baseline column the speeds are relative to.
    pub baseline: String,
    /// The geometric mean of the speeds.
    pub speed: f64,
    /// How many scripts it covers (those timed on both columns).
    pub scripts: usize,
}

/// Everything `bench` measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Fast or rigorous.
    pub mode: Mode,
    /// The argument lists used.
    pub size: Size,
    /// Warm-up runs per cell.
    pub warmup: usize,
    /// Timed runs per cell.
    pub runs: usize,
    /// The corpus directory.
    pub corpus: String,
    /// Where the right answers came from.
    pub oracle: String,
    /// Wall time of the whole benchmark.
    pub elapsed_s: f64,
    /// The reference column's label, when it ran.
    pub reference: Option<String>,
    /// The tree tier's column label, when it ran.
    pub tree: Option<String>,
    /// The machine.
    pub machine: Machine,
    /// Every backend that ran.
    pub backends: Vec<BackendInfo>,
    /// Backends not found.
    pub missing_backends: Vec<MissingInfo>,
    /// The columns, in table order.
    pub columns: Vec<Column>,
    /// Start-up time of each column (an empty script).
    pub startup: Vec<Cell>,
    /// Scripts x columns, script-major.
    pub results: Vec<Cell>,
    /// Geometric means of speeds, overall and per tag, against each baseline.
    pub geometric_means: Vec<GeometricMean>,
    /// Warnings about the whole run.
    pub warnings: Vec<String>,
}

/// A report that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not JSON of this shape.
    #[error("not a harness bench report: {0}")]
    Json(#[from] serde_json::Error),
    /// Another schema (a future version, or a `check` report).
    #[error("schema {found:?} is not {SCHEMA:?} (written by another harness version?)")]
    Schema {
        /// The schema the file names.
        found: String,
    },
}

impl BenchReport {
    /// The JSON text.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }

    /// Reads a report, checking its schema first so an old or foreign file gets a clear error.
    pub fn from_json(text: &str) -> Result<BenchReport, ReadError> {
        #[derive(Deserialize)]
        struct Header {
            schema: Option<String>,
        }
        let header: Header = serde_json::from_str(text)?;
        let found = header.schema.unwrap_or_default();
        if found != SCHEMA {
            return Err(ReadError::Schema { found });
        }
        Ok(serde_json::from_str(text)?)
    }

    /// The distinct script names of `results`, in order.
    pub fn scripts(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for cell in &self.results {
            if names.last() != Some(&cell.script.as_str()) && !names.contains(&cell.script.as_str())
            {
                names.push(&cell.script);
            }
        }
        names
    }

    /// The cell of `script` on `column`.
    pub fn cell(&self, script: &str, column: &str) -> Option<&Cell> {
        self.results
            .iter()
            .find(|c| c.script == script && c.column == column)
    }

    /// The start-up cell of `column`.
    pub fn startup_cell(&self, column: &str) -> Option<&Cell> {
        self.startup.iter().find(|c| c.column == column)
    }

    /// The overall geometric mean of `column` against `baseline`.
    pub fn overall_mean(&self, column: &str, baseline: &str) -> Option<&GeometricMean> {
        self.geometric_means
            .iter()
            .find(|g| g.column == column && g.baseline == baseline && g.tag.is_none())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A report with one timed cell per (script, column, wall times), for tests.
    pub(crate) fn report_with(cells: &[(&str, &str, &[f64])]) -> BenchReport {
        let mut columns: Vec<Column> = Vec::new();
        let mut results = Vec::new();
        for (script, column, wall) in cells {
            if !columns.iter().any(|c| c.label == *column) {
                columns.push(Column {
                    label: column.to_string(),
                    backend: column.to_string(),
                    cache: None,
                });
            }
            results.push(Cell {
                script: script.to_string(),
                kind: Kind::Bench,
                tags: vec!["float".to_string()],
                args: vec!["10".to_string()],
                column: column.to_string(),
                status: Status::Timed,
                outcome: Outcome::Pass,
                detail: String::new(),
                wall_s: None,
                cpu_s: None,
                max_rss_kib: None,
                samples: Samples {
                    wall_s: wall.to_vec(),
                    cpu_s: wall.to_vec(),
                    max_rss_kib: wall.iter().map(|_| 10_240).collect(),
                    warmup_wall_s: vec![wall[0]],
                },
                speed_vs_reference: None,
                speed_vs_tree: None,
                warnings: Vec::new(),
            });
        }
        let mut report = BenchReport {
            schema: SCHEMA.to_string(),
            mode: Mode::Fast,
            size: Size::Fast,
            warmup: 1,
            runs: cells.first().map_or(0, |c| c.2.len()),
            corpus: "/corpus".to_string(),
            oracle: "test".to_string(),
            elapsed_s: 1.0,
            reference: columns.first().map(|c| c.label.clone()),
            tree: None,
            machine: Machine::describe(None),
            backends: Vec::new(),
            missing_backends: Vec::new(),
            columns,
            startup: Vec::new(),
            results,
            geometric_means: Vec::new(),
            warnings: Vec::new(),
        };
        crate::bench::analysis::complete(&mut report);
        report
    }

    #[test]
    fn json_round_trips_and_checks_the_schema() {
        let report = report_with(&[("a.py", "cpython", &[0.1, 0.11, 0.12])]);
        let text = report.to_json().unwrap();
        assert_eq!(BenchReport::from_json(&text).unwrap(), report);
        let other = text.replace(SCHEMA, "harness-bench/99");
        assert!(matches!(
            BenchReport::from_json(&other),
            Err(ReadError::Schema { .. })
        ));
        assert!(BenchReport::from_json("{\"schema\": \"harness-check/1\"}").is_err());
    }
}

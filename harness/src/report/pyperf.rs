//! pyperf-compatible JSON, one file per column (`cpython.json`, `pyrite-jit.json`...), so
//! pyperf's own tools work on harness results:
//! `python3 -m pyperf compare_to cpython.json pyrite-jit.json --table`.
//!
//! The format is pyperf's file format version "1.0" (pyperf 2.x reads it; checked against
//! what pyperf 2.10 writes and against its loader, `pyperf/_bench.py`):
//!
//! ```text
//! { "version": "1.0",
//!   "metadata": { suite-wide metadata: "unit": "second", "loops": 1, "cpu_model_name", ... },
//!   "benchmarks": [ { "metadata": { "name": "bench/fib.py", "tags": ["calls"], ... },
//!                     "runs": [ { "warmups": [[1, 0.0123]] },          // a warm-up process
//!                               { "values": [0.0119],
//!                                 "metadata": { "mem_max_rss": 10485760 } }, ... ] } ] }
//! ```
//!
//! Mapping: each harness run is one process, which is what a pyperf "run" is; it holds one
//! value (`loops` = 1: the whole script is the loop body). Warm-up processes become runs with
//! only `warmups` (pyperf's calibration-only runs), so they count for nothing in its
//! statistics, as in ours. Only timed cells are written: a failed cell has no benchmark in
//! the file, and `compare_to` reports it as missing on that side. Metadata values obey
//! pyperf's rules (non-empty strings without line breaks; `mem_max_rss` an int of bytes,
//! at least 1; tags non-empty and never "all").

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::bench::model::{BenchReport, Cell, STARTUP_SCRIPT, Status};

/// pyperf's file format version.
pub const FORMAT_VERSION: &str = "1.0";

/// The benchmark name of the start-up cells in pyperf files.
pub const STARTUP_NAME: &str = "startup";

/// Each column's file name and JSON document (columns with nothing timed are left out:
/// pyperf refuses a file without benchmarks).
pub fn render(report: &BenchReport) -> Vec<(String, Value)> {
    let mut files = Vec::new();
    for column in &report.columns {
        let benchmarks: Vec<Value> = report
            .startup
            .iter()
            .chain(&report.results)
            .filter(|c| c.column == column.label && c.status == Status::Timed)
            .filter_map(benchmark)
            .collect();
        if benchmarks.is_empty() {
            continue;
        }
        let backend = report.backends.iter().find(|b| b.name == column.backend);
        let mut metadata = BTreeMap::new();
        metadata.insert("unit", json!("second"));
        metadata.insert("loops", json!(1));
        metadata.insert("harness_column", json!(column.label));
        put(&mut metadata, "cpu_model_name", &report.machine.cpu_model);
        metadata.insert("cpu_count", json!(report.machine.cores));
        put(&mut metadata, "platform", &report.machine.kernel);
        put(&mut metadata, "harness_rustc", &report.machine.rustc);
        if let Some(commit) = &report.machine.git_commit {
            put(&mut metadata, "harness_git_commit", commit);
        }
        if let Some(backend) = backend {
            put(&mut metadata, "python_version", &backend.version);
            put(&mut metadata, "python_executable", &backend.path);
        }
        let document = json!({
            "version": FORMAT_VERSION,
            "metadata": metadata,
            "benchmarks": benchmarks,
        });
        files.push((format!("{}.json", column.label), document));
    }
    files
}

/// A metadata string, when pyperf would accept it.
fn put(metadata: &mut BTreeMap<&'static str, Value>, key: &'static str, value: &str) {
    let value = value.replace(['\n', '\r'], " ");
    let value = value.trim();
    if !value.is_empty() {
        metadata.insert(key, json!(value));
    }
}

fn benchmark(cell: &Cell) -> Option<Value> {
    let samples = &cell.samples;
    // pyperf rejects values that are not > 0.
    if samples.wall_s.is_empty() || samples.wall_s.iter().any(|v| v.is_nan() || *v <= 0.0) {
        return None;
    }
    let mut runs: Vec<Value> = samples
        .warmup_wall_s
        .iter()
        .filter(|v| **v >= 0.0)
        .map(|v| json!({ "warmups": [[1, v]] }))
        .collect();
    for (i, value) in samples.wall_s.iter().enumerate() {
        let rss_bytes = samples
            .max_rss_kib
            .get(i)
            .map_or(0, |k| k.saturating_mul(1024));
        runs.push(if rss_bytes >= 1 {
            json!({ "values": [value], "metadata": { "mem_max_rss": rss_bytes } })
        } else {
            json!({ "values": [value] })
        });
    }
    let name = if cell.script == STARTUP_SCRIPT {
        STARTUP_NAME
    } else {
        &cell.script
    };
    let tags: Vec<&str> = cell
        .tags
        .iter()
        .map(String::as_str)
        .filter(|t| !t.trim().is_empty() && *t != "all")
        .collect();
    let mut metadata = json!({ "name": name });
    if !tags.is_empty() {
        metadata["tags"] = json!(tags);
    }
    let args = cell.args.join(" ").replace(['\n', '\r'], " ");
    if !args.trim().is_empty() {
        metadata["harness_args"] = json!(args.trim());
    }
    Some(json!({ "metadata": metadata, "runs": runs }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::model::tests::report_with;
    use std::process::Command;

    fn pyperf_installed() -> bool {
        Command::new("python3")
            .args(["-c", "import pyperf"])
            .output()
            .is_ok_and(|out| out.status.success())
    }

    #[test]
    fn one_file_per_timed_column_in_pyperf_shape() {
        let report = report_with(&[
            ("bench/a.py", "cpython", &[0.10, 0.11, 0.10]),
            ("bench/a.py", "pyrite-jit", &[0.05, 0.05, 0.06]),
        ]);
        let files = render(&report);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["cpython.json", "pyrite-jit.json"]);
        let doc = &files[1].1;
        assert_eq!(doc["version"], "1.0");
        assert_eq!(doc["metadata"]["unit"], "second");
        let bench = &doc["benchmarks"][0];
        assert_eq!(bench["metadata"]["name"], "bench/a.py");
        // One warm-up-only run, then one run per timed value.
        assert_eq!(bench["runs"].as_array().map(Vec::len), Some(4));
        assert_eq!(bench["runs"][1]["values"][0], 0.05);
        assert_eq!(bench["runs"][1]["metadata"]["mem_max_rss"], 10_240 * 1024);
    }

    /// pyperf itself reads the files: `compare_to --table` and `stats` succeed and show the
    /// benchmark. Skipped (with a message) where pyperf is not installed; CI installs it.
    #[test]
    fn pyperf_compare_to_reads_the_files() {
        if !pyperf_installed() {
            eprintln!("skipped: pyperf is not installed (pip install pyperf)");
            return;
        }
        let report = report_with(&[
            (
                "bench/a.py",
                "cpython",
                &[0.100, 0.101, 0.099, 0.100, 0.102],
            ),
            (
                "bench/a.py",
                "pyrite-jit",
                &[0.050, 0.051, 0.049, 0.050, 0.052],
            ),
        ]);
        let dir = tempfile::tempdir().unwrap();
        for (name, document) in render(&report) {
            std::fs::write(dir.path().join(name), document.to_string()).unwrap();
        }
        let output = Command::new("python3")
            .args([
                "-m",
                "pyperf",
                "compare_to",
                "cpython.json",
                "pyrite-jit.json",
                "--table",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("bench/a.py"), "{stdout}");
        // pyperf compares means: 100.4 ms / 50.4 ms.
        assert!(stdout.contains("1.99x faster"), "{stdout}");
        let stats = Command::new("python3")
            .args(["-m", "pyperf", "stats", "cpython.json"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&stats.stdout);
        assert!(stats.status.success(), "{text}");
        assert!(text.contains("Median +- MAD:   100 ms"), "{text}");
    }
}

//! End-to-end tests of `bench` and `compare`: a plain directory of scripts on CPython and two
//! configured backends (one faithful, one giving wrong answers), every report format written,
//! wrong answers never timed, pyperf reading the pyperf files, and `compare`'s verdicts and
//! exit codes on a report made slower on purpose.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// `twin` runs python3 faithfully; `shouting` upper-cases the output (a wrong answer).
const CONFIG: &str = r#"
backends:
  - name: twin
    command: [python3, -B, "{script}", "{args}"]
  - name: shouting
    command: [/bin/sh, -c, 'python3 -B "$0" "$@" | tr a-z A-Z', "{script}", "{args}"]
    python: "3.11"
"#;

const LOOP: &str = "total = 0\nfor i in range(20000):\n    total += i * i\nprint('total', total)\n";
const WORDS: &str = "words = {}\nfor w in 'the quick brown fox jumps over the lazy dog the end'.split():\n    words[w] = words.get(w, 0) + 1\nprint(sorted(words.items()))\n";

fn bench_in(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "bench",
        "--fast",
        "--corpus",
        "scripts",
        "--runs",
        "3",
        "--warmup",
        "1",
        "--reports",
        "reports",
    ];
    for backend in ["cpython", "twin", "shouting"] {
        args.extend(["--backend", backend]);
    }
    args.extend(extra);
    let (output, _) = harness(dir, &args);
    parts(&output)
}

fn setup() -> Option<tempfile::TempDir> {
    if !have("python3") {
        eprintln!("skipped: python3 is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("harness.yaml", CONFIG),
            ("scripts/loop.py", LOOP),
            ("scripts/words.py", WORDS),
        ],
    );
    Some(dir)
}

#[test]
fn bench_on_a_plain_directory_writes_every_report() {
    let Some(dir) = setup() else { return };
    let (code, out, err) = bench_in(dir.path(), &[]);
    // `shouting` gives wrong answers: a divergence, exit 1, and the run still completes.
    assert_eq!(code, 1, "{out}\n{err}");
    let bench = dir.path().join("reports/bench");
    for file in ["bench.json", "bench.md", "bench.csv", "bench.svg"] {
        assert!(bench.join(file).is_file(), "{file} missing\n{out}");
    }
    for file in ["cpython.json", "twin.json"] {
        assert!(bench.join("pyperf").join(file).is_file(), "pyperf/{file}");
    }
    // `shouting` only passes the empty start-up script, so that is all its pyperf file holds.
    let shouting: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(bench.join("pyperf/shouting.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = shouting["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["metadata"]["name"].as_str())
        .collect();
    assert_eq!(names, ["startup"]);

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(bench.join("bench.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "harness-bench/1");
    assert_eq!(json["reference"], "cpython");
    assert!(json["machine"]["cores"].as_u64().unwrap() >= 1);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2 * 3);
    for cell in results {
        let column = cell["column"].as_str().unwrap();
        if column == "shouting" {
            assert_eq!(cell["status"], "failed", "{cell}");
            assert_eq!(cell["outcome"], "wrong_output");
            assert!(cell["wall_s"].is_null(), "a wrong answer is never timed");
            assert_eq!(cell["samples"]["wall_s"].as_array().unwrap().len(), 0);
        } else {
            assert_eq!(cell["status"], "timed", "{cell}");
            assert_eq!(cell["samples"]["wall_s"].as_array().unwrap().len(), 3);
            assert_eq!(
                cell["samples"]["warmup_wall_s"].as_array().unwrap().len(),
                1
            );
            assert!(cell["wall_s"]["median"].as_f64().unwrap() > 0.0);
            assert!(cell["max_rss_kib"]["median"].as_f64().unwrap() > 0.0);
            let speed = &cell["speed_vs_reference"];
            assert!(speed["low"].as_f64().unwrap() <= speed["value"].as_f64().unwrap());
        }
    }
    let startup = json["startup"].as_array().unwrap();
    assert_eq!(startup.len(), 3);
    assert!(
        startup
            .iter()
            .any(|c| c["column"] == "cpython" && c["status"] == "timed")
    );
    let means = json["geometric_means"].as_array().unwrap();
    assert!(
        means
            .iter()
            .any(|g| g["column"] == "twin" && g["tag"].is_null())
    );

    // The terminal: both tables, the failure and its legend, the written files.
    assert!(out.contains("peak RSS (median)"), "{out}");
    assert!(out.contains("geometric mean"), "{out}");
    assert!(out.contains("✗ OUT"), "{out}");
    assert!(out.contains("loop.py on shouting: wrong output"), "{out}");
    assert!(out.contains("bench.svg"), "{out}");

    let markdown = fs::read_to_string(bench.join("bench.md")).unwrap();
    assert!(
        markdown.contains("| script | cpython | twin | shouting |"),
        "{markdown}"
    );
    assert!(markdown.contains("✗ wrong output"), "{markdown}");
    let csv = fs::read_to_string(bench.join("bench.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 + 6);

    // pyperf reads the per-backend files (when installed; CI installs it).
    let pyperf = Command::new("python3")
        .args([
            "-m",
            "pyperf",
            "compare_to",
            "cpython.json",
            "twin.json",
            "--table",
        ])
        .current_dir(bench.join("pyperf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&pyperf.stderr);
    if stderr.contains("No module named pyperf") {
        eprintln!("pyperf check skipped: pyperf is not installed (pip install pyperf)");
    } else {
        assert!(pyperf.status.success(), "{stderr}");
    }
}

#[test]
fn compare_flags_a_significant_slowdown() {
    let Some(dir) = setup() else { return };
    let (code, out, err) = bench_in(dir.path(), &["--json", "old.json"]);
    assert_eq!(code, 1, "{out}\n{err}");
    // Real timings on a loaded machine are too noisy to build a regression from, so loop.py
    // on twin gets fixed samples: 100 ms in the old report, 150 ms in the new one. Every other
    // cell is the same in both.
    let old = dir.path().join("old.json");
    let mut report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&old).unwrap()).unwrap();
    let set_samples = |report: &mut serde_json::Value, values: serde_json::Value| {
        for cell in report["results"].as_array_mut().unwrap() {
            if cell["script"] == "loop.py" && cell["column"] == "twin" {
                cell["samples"]["wall_s"] = values.clone();
            }
        }
    };
    set_samples(&mut report, serde_json::json!([0.100, 0.102, 0.099]));
    fs::write(&old, report.to_string()).unwrap();
    set_samples(&mut report, serde_json::json!([0.150, 0.152, 0.149]));
    let new = dir.path().join("new.json");
    fs::write(&new, report.to_string()).unwrap();

    let (output, _) = harness(dir.path(), &["compare", "old.json", "new.json"]);
    let (code, out, err) = parts(&output);
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(out.contains("slower (regression)"), "{out}");
    assert!(out.contains("regression: loop.py on twin"), "{out}");
    assert!(out.contains("no significant change"), "{out}");

    // The same comparison with a threshold above the slowdown passes.
    let (output, _) = harness(
        dir.path(),
        &["compare", "old.json", "new.json", "--threshold", "1000"],
    );
    let (code, out, err) = parts(&output);
    assert_eq!(code, 0, "{out}\n{err}");

    // Comparing a report with itself finds nothing.
    let (output, _) = harness(dir.path(), &["compare", "old.json", "old.json"]);
    assert_eq!(parts(&output).0, 0);
}

#[test]
fn usage_errors_exit_2() {
    let Some(dir) = setup() else { return };
    fs::write(
        dir.path().join("not_a_report.json"),
        "{\"schema\": \"harness-check/1\"}",
    )
    .unwrap();
    let (output, _) = harness(
        dir.path(),
        &["compare", "not_a_report.json", "not_a_report.json"],
    );
    let (code, out, err) = parts(&output);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("harness-bench/1"), "{err}");
    let (code, out, err) = bench_in(dir.path(), &["--reference", "nonesuch"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("--reference"), "{err}");
    let (code, _, err) = bench_in(dir.path(), &["--runs", "0"]);
    assert_eq!(code, 2, "{err}");
}

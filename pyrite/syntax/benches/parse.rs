//! Parse throughput over the top-level `.py` files of the machine's CPython standard library,
//! beside CPython's own `ast.parse` on the same files.
//!
//! `cargo bench -p pyrite-syntax --bench parse [-- --measurement-time 5]` runs two criterion
//! benchmarks (`parse_module`, which decodes and parses, and `tokenize`, the lexer alone) with
//! throughput in bytes, then a side-by-side table: pyrite's `parse_module` and CPython's
//! `ast.parse` (timed in a `python3` subprocess with `time.perf_counter`), each over the whole
//! corpus [`RUNS`] times, min and median, and the time ratios.
//!
//! The corpus is the files pyrite parses: a file it rejects is left out of both sides (and
//! counted), so the two numbers always cover the same bytes. CPython's number includes building
//! the Python `ast` objects, as `ast.parse` does; pyrite's includes building its own AST.
//!
//! Without `python3` there is no corpus and the benchmark says so and stops. `python3` may be a
//! pyenv shim; the subprocess runs the real interpreter (`sys.executable`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};

/// Whole-corpus repetitions for the side-by-side table, on each side.
const RUNS: usize = 10;

/// The script CPython runs: `argv[1]` repetitions of `ast.parse` over the files `argv[2:]`, after
/// one warm-up pass; prints one time in seconds per repetition.
const CPYTHON_TIMER: &str = r#"
import ast, sys, time
runs = int(sys.argv[1])
sources = [open(path, "rb").read() for path in sys.argv[2:]]
for source in sources:
    ast.parse(source)
times = []
for _ in range(runs):
    start = time.perf_counter()
    for source in sources:
        ast.parse(source)
    times.append(time.perf_counter() - start)
print(" ".join(repr(t) for t in times))
"#;

/// The machine's CPython: the real interpreter behind `python3` and its stdlib directory.
struct Python {
    executable: PathBuf,
    stdlib: PathBuf,
}

/// The files both sides parse.
struct Corpus {
    paths: Vec<PathBuf>,
    bytes: Vec<Vec<u8>>,
    /// `bytes`, decoded, for the lexer benchmark.
    texts: Vec<String>,
    total_bytes: u64,
}

fn main() {
    let Some(python) = find_python() else {
        eprintln!("parse benchmark skipped: no python3 to locate the standard library");
        return;
    };
    let Some(corpus) = load_corpus(&python.stdlib) else {
        return;
    };

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("stdlib");
    group.throughput(Throughput::Bytes(corpus.total_bytes));
    // One iteration parses the whole corpus (hundreds of milliseconds): ten samples are plenty
    // and fit criterion's default measurement time.
    group.sample_size(10);
    group.bench_function("parse_module", |b| {
        b.iter(|| {
            for source in &corpus.bytes {
                let _ =
                    std::hint::black_box(pyrite_syntax::parse_module(std::hint::black_box(source)));
            }
        })
    });
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            for text in &corpus.texts {
                let _ = std::hint::black_box(pyrite_syntax::lexer::tokenize(std::hint::black_box(
                    text,
                )));
            }
        })
    });
    group.finish();
    criterion.final_summary();

    if is_benchmark_run() {
        compare_with_cpython(&python, &corpus);
    }
}

/// Whether this is `cargo bench` proper, not `cargo test --benches` or a `--list`.
fn is_benchmark_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
}

/// `python3`'s `sys.executable` and stdlib directory.
fn find_python() -> Option<Python> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys, sysconfig; print(sys.executable); print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let stdout = String::from_utf8(output.stdout).ok()?;
    let mut lines = stdout.lines();
    let executable = PathBuf::from(lines.next()?);
    let stdlib = PathBuf::from(lines.next()?);
    stdlib.is_dir().then_some(Python { executable, stdlib })
}

/// The top-level `.py` files of `stdlib` that pyrite parses.
fn load_corpus(stdlib: &Path) -> Option<Corpus> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(stdlib) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
            .collect(),
        Err(error) => {
            eprintln!(
                "parse benchmark skipped: cannot read {}: {error}",
                stdlib.display()
            );
            return None;
        }
    };
    paths.sort();
    let found = paths.len();
    let mut corpus = Corpus {
        paths: Vec::new(),
        bytes: Vec::new(),
        texts: Vec::new(),
        total_bytes: 0,
    };
    let mut rejected = Vec::new();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if let Err(error) = pyrite_syntax::parse_module(&bytes) {
            rejected.push(format!("{}: {error}", path.display()));
            continue;
        }
        let Ok(text) = pyrite_syntax::source::decode(&bytes) else {
            continue;
        };
        corpus.total_bytes += bytes.len() as u64;
        corpus.paths.push(path);
        corpus.bytes.push(bytes);
        corpus.texts.push(text);
    }
    eprintln!(
        "corpus: {} of {found} top-level .py files in {} ({:.2} MB)",
        corpus.paths.len(),
        stdlib.display(),
        corpus.total_bytes as f64 / 1e6
    );
    if !rejected.is_empty() {
        eprintln!(
            "pyrite rejects {} of them, left out on both sides; the first:",
            rejected.len()
        );
        for line in rejected.iter().take(5) {
            eprintln!("  {line}");
        }
    }
    if corpus.paths.is_empty() {
        eprintln!("parse benchmark skipped: pyrite parses none of the files");
        return None;
    }
    Some(corpus)
}

/// Times pyrite and CPython over the whole corpus and prints them side by side.
fn compare_with_cpython(python: &Python, corpus: &Corpus) {
    let mut pyrite = Vec::with_capacity(RUNS);
    for source in &corpus.bytes {
        let _ = std::hint::black_box(pyrite_syntax::parse_module(source));
    }
    for _ in 0..RUNS {
        let start = Instant::now();
        for source in &corpus.bytes {
            let _ = std::hint::black_box(pyrite_syntax::parse_module(std::hint::black_box(source)));
        }
        pyrite.push(start.elapsed());
    }
    let pyrite = Summary::of(pyrite);

    let cpython = match time_cpython(python, corpus) {
        Ok(times) => Summary::of(times),
        Err(why) => {
            eprintln!("CPython comparison skipped: {why}");
            return;
        }
    };

    let mb = corpus.total_bytes as f64 / 1e6;
    println!();
    println!(
        "parse of {} stdlib files ({mb:.2} MB), {RUNS} runs each (CPython: {})",
        corpus.paths.len(),
        python.executable.display()
    );
    println!(
        "{:<26}{:>12}{:>12}{:>16}",
        "", "min", "median", "MB/s (median)"
    );
    for (name, summary) in [
        ("pyrite parse_module", &pyrite),
        ("CPython ast.parse", &cpython),
    ] {
        println!(
            "{name:<26}{:>10.1}ms{:>10.1}ms{:>16.1}",
            summary.min.as_secs_f64() * 1e3,
            summary.median.as_secs_f64() * 1e3,
            mb / summary.median.as_secs_f64()
        );
    }
    let ratio = cpython.median.as_secs_f64() / pyrite.median.as_secs_f64();
    let min_ratio = cpython.min.as_secs_f64() / pyrite.min.as_secs_f64();
    let verdict = if ratio >= 1.0 {
        "pyrite is faster"
    } else {
        "CPython is faster"
    };
    println!(
        "time ratio CPython/pyrite: {ratio:.2}x on medians, {min_ratio:.2}x on minimums ({verdict})"
    );
}

/// Runs [`CPYTHON_TIMER`]; one duration per repetition.
fn time_cpython(python: &Python, corpus: &Corpus) -> Result<Vec<Duration>, String> {
    let output = Command::new(&python.executable)
        .arg("-c")
        .arg(CPYTHON_TIMER)
        .arg(RUNS.to_string())
        .args(&corpus.paths)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", python.executable.display()))?;
    if !output.status.success() {
        return Err(format!(
            "python3 failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let times: Vec<Duration> = stdout
        .split_whitespace()
        .filter_map(|t| t.parse::<f64>().ok())
        .filter(|t| t.is_finite() && *t >= 0.0)
        .map(Duration::from_secs_f64)
        .collect();
    if times.is_empty() {
        return Err(format!("unexpected output from python3: {stdout:?}"));
    }
    Ok(times)
}

/// Min and median of some timings.
struct Summary {
    min: Duration,
    median: Duration,
}

impl Summary {
    /// `times` must not be empty.
    fn of(mut times: Vec<Duration>) -> Summary {
        times.sort();
        Summary {
            min: times[0],
            median: times[times.len() / 2],
        }
    }
}

//! In-process benchmarks of the pyrite tiers (criterion): `cargo bench -p harness`.
//!
//! Groups:
//! - `corpus/<script>/<tier>`: every benchmark of `corpus/corpus.yaml` at its `fast` size on
//!   `tree`, `bytecode` and `jit`, through `pyrite::main_with_args` in this process (no process
//!   start-up in the number, unlike `harness bench`). Output goes to `/dev/null`.
//! - `front_end/parse_module`: lexer + parser throughput (bytes/s) over every corpus script.
//! - `bytecode/compile`: `pyrite compile` (parse, compile, write the cache file) over every
//!   corpus script, with the cache under a temporary `PYRITE_PYCACHE_PREFIX`.
//! - `bytecode/cache_load`: running a module of 300 function definitions (no calls) with its
//!   cache file already written: what loading a cache costs next to compiling.
//!
//! The tiers are being built: before anything is measured, each (script, tier) runs once in a
//! child process (this harness's own `__pyrite` trampoline, with a timeout) and its output is
//! compared with the blessed `corpus/expected/` file. What fails, or does not exist yet, is
//! skipped with a printed note; the benchmark never panics because a tier cannot run a script.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};

/// The tiers, as `--mode` names them.
const TIERS: [&str; 3] = ["tree", "bytecode", "jit"];
/// How long the correctness probe of one (script, tier) may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);
/// Function definitions in the cache-load module.
const CACHE_LOAD_FUNCTIONS: usize = 300;

/// A corpus benchmark, as far as this file needs it.
struct Script {
    name: String,
    path: PathBuf,
    args: Vec<String>,
    expected_stdout: Option<Vec<u8>>,
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let scripts = match load_benchmarks(&corpus) {
        Ok(scripts) => scripts,
        Err(why) => {
            eprintln!("tiers benchmark skipped: {why}");
            return;
        }
    };
    let cache = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("tiers benchmark skipped: no temporary directory: {e}");
            return;
        }
    };
    // SAFETY: no other thread exists yet (criterion has not started), so nothing can read the
    // environment concurrently. The cache files of `compile` and `bytecode` go to the
    // temporary directory instead of the corpus's `__pycache__`.
    unsafe { std::env::set_var("PYRITE_PYCACHE_PREFIX", cache.path()) };

    let mut criterion = Criterion::default().configure_from_args();
    bench_corpus(&mut criterion, &scripts);
    bench_front_end(&mut criterion, &corpus);
    bench_bytecode(&mut criterion, &corpus, cache.path());
    criterion.final_summary();
}

/// The `kind: bench` entries of the manifest with their fast arguments and blessed stdout.
fn load_benchmarks(corpus: &Path) -> Result<Vec<Script>, String> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        scripts: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        path: String,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        fast: Vec<serde_yaml::Value>,
    }
    let manifest = corpus.join("corpus.yaml");
    let text = fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let parsed: Manifest = serde_yaml::from_str(&text)
        .map_err(|e| format!("cannot parse {}: {e}", manifest.display()))?;
    let mut scripts = Vec::new();
    for entry in parsed.scripts {
        if entry.kind.as_deref() != Some("bench") {
            continue;
        }
        let args = entry
            .fast
            .iter()
            .map(|v| match v {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .collect();
        let stem = entry.path.strip_suffix(".py").unwrap_or(&entry.path);
        let expected = corpus.join("expected").join(format!("{stem}.stdout"));
        scripts.push(Script {
            name: entry.path.clone(),
            path: corpus.join(&entry.path),
            args,
            expected_stdout: fs::read(expected).ok(),
        });
    }
    Ok(scripts)
}

fn bench_corpus(criterion: &mut Criterion, scripts: &[Script]) {
    let mut group = criterion.benchmark_group("corpus");
    group.sample_size(10);
    for script in scripts {
        for tier in TIERS {
            if let Err(why) = probe(script, tier) {
                println!("note: skipped corpus/{}/{tier}: {why}", script.name);
                continue;
            }
            let mut argv: Vec<OsString> = vec!["pyrite".into(), "--mode".into(), tier.into()];
            argv.push(script.path.clone().into_os_string());
            argv.extend(script.args.iter().map(OsString::from));
            group.bench_function(format!("{}/{tier}", script.name), |b| {
                b.iter(|| {
                    let _quiet = Silence::stdout();
                    std::hint::black_box(pyrite::main_with_args(argv.clone()))
                })
            });
        }
    }
    group.finish();
}

/// Runs `script` on `tier` in a child process and checks exit status and stdout.
fn probe(script: &Script, tier: &str) -> Result<(), String> {
    let Some(expected) = &script.expected_stdout else {
        return Err("no blessed output in corpus/expected (run `harness bless`)".to_string());
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_harness"))
        .args(["__pyrite", "--mode", tier])
        .arg(&script.path)
        .args(&script.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the harness binary: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > PROBE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {PROBE_TIMEOUT:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the probe: {e}")),
        }
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot read the probe's output: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        return Err(format!(
            "{} ({})",
            output.status,
            last.unwrap_or("no message")
        ));
    }
    if output.stdout != *expected {
        return Err("wrong output (differs from the blessed file)".to_string());
    }
    Ok(())
}

fn bench_front_end(criterion: &mut Criterion, corpus: &Path) {
    let sources: Vec<Vec<u8>> = python_files(corpus)
        .iter()
        .filter_map(|p| fs::read(p).ok())
        .collect();
    let bytes: u64 = sources.iter().map(|s| s.len() as u64).sum();
    let mut group = criterion.benchmark_group("front_end");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("parse_module", |b| {
        b.iter(|| {
            for source in &sources {
                let _ = std::hint::black_box(pyrite_syntax::parse_module(source));
            }
        })
    });
    group.finish();
}

fn bench_bytecode(criterion: &mut Criterion, corpus: &Path, cache: &Path) {
    let files = python_files(corpus);
    let bytes: u64 = files
        .iter()
        .filter_map(|p| fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let compiles = files.iter().all(|file| {
        let code = quietly(|| pyrite::main_with_args(compile_argv(file)));
        if code != 0 {
            println!(
                "note: skipped bytecode/compile: `pyrite compile {}` exits {code} \
                 (the compiler is not built yet?)",
                file.display()
            );
        }
        code == 0
    });
    let mut group = criterion.benchmark_group("bytecode");
    if compiles {
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function("compile", |b| {
            b.iter(|| {
                for file in &files {
                    let _quiet = Silence::stdout();
                    std::hint::black_box(pyrite::main_with_args(compile_argv(file)));
                }
            })
        });
    }
    let module = cache.join("cache_load_module.py");
    let written = fs::write(&module, definitions_module(CACHE_LOAD_FUNCTIONS));
    let argv: Vec<OsString> = vec![
        "pyrite".into(),
        "--mode".into(),
        "bytecode".into(),
        module.clone().into_os_string(),
    ];
    // The first run writes the cache file; the measured ones load it.
    let primed = written.is_ok() && quietly(|| pyrite::main_with_args(argv.clone())) == 0;
    if primed {
        group.bench_function("cache_load", |b| {
            b.iter(|| {
                let _quiet = Silence::stdout();
                std::hint::black_box(pyrite::main_with_args(argv.clone()))
            })
        });
    } else {
        println!("note: skipped bytecode/cache_load: the bytecode tier cannot run a module yet");
    }
    group.finish();
}

fn compile_argv(file: &Path) -> Vec<OsString> {
    vec![
        "pyrite".into(),
        "compile".into(),
        file.as_os_str().to_owned(),
    ]
}

/// A module of `n` small functions that are defined and never called.
fn definitions_module(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "def f{i}(a, b=2, *args, **kw):\n    x = a * {i} + b\n    for k in range(x):\n        \
             if k % 3 == 0:\n            x += k\n    return [x, a, b, args, kw]\n\n"
        ));
    }
    text
}

/// Every `.py` file below `dir` (outside `expected/` and `__pycache__`), sorted.
fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "expected" && name != "__pycache__" {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "py") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Runs `f` with stdout and stderr sent to `/dev/null`.
fn quietly(f: impl FnOnce() -> i32) -> i32 {
    let _out = Silence::stdout();
    let _err = Silence::fd(2);
    f()
}

/// While alive, a file descriptor points at `/dev/null`; restored on drop.
struct Silence {
    fd: i32,
    saved: i32,
}

impl Silence {
    fn stdout() -> Option<Silence> {
        Silence::fd(1)
    }

    fn fd(fd: i32) -> Option<Silence> {
        let _ = std::io::stdout().flush();
        let null = fs::OpenOptions::new().write(true).open("/dev/null").ok()?;
        // SAFETY: dup and dup2 take plain descriptors; `null` stays open for the call.
        let saved = unsafe { libc::dup(fd) };
        if saved < 0 {
            return None;
        }
        // SAFETY: as above; on failure the saved copy is closed again.
        if unsafe { libc::dup2(null.as_raw_fd(), fd) } < 0 {
            // SAFETY: `saved` is a descriptor this function owns.
            unsafe { libc::close(saved) };
            return None;
        }
        Some(Silence { fd, saved })
    }
}

impl Drop for Silence {
    fn drop(&mut self) {
        let _ = std::io::stdout().flush();
        // SAFETY: `saved` is the descriptor dup'ed in `fd`, owned by this guard.
        unsafe {
            libc::dup2(self.saved, self.fd);
            libc::close(self.saved);
        }
    }
}

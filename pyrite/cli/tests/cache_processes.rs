//! Several `pyrite` *processes* compiling the same stale file at once never leave a corrupt
//! cache file, never run stale code, and never leave temporary files in `__pycache__`
//! (DESIGN.md section 3, tier 2: "written to a temporary file and renamed into place").
//!
//! Each round edits the source (so the cache is stale), then starts four `pyrite --stats` runs
//! and one `pyrite compile` together while a watcher thread in this test reads the cache file in
//! a tight loop. Every state anyone observes must be "no file yet" or a whole cache file of the
//! previous or the current source.
//!
//! # Why this test can fail
//! A non-atomic write (`std::fs::write` on the final path, or remove-then-write) exposes an
//! empty or half-written file for the length of the write. The checksum keeps such a file from
//! running, so the program output alone would not notice: what catches it is that
//! - the watcher sees a file that is not whole for either source (thousands of reads a round),
//! - a process reports `rejected (empty)`, `(truncated)`, `(checksum mismatch ...)` or `missing`
//!   after the first round, where only `stale` or a hit are possible with an atomic rename,
//! - with a fixed temporary name, one writer renames a file another is still writing (a torn
//!   final file: the following `--stats` run is not a hit) or finds it gone (`not written`),
//! - a writer that does not clean up leaves its temporary file in `__pycache__`.
//!
//! The interleavings are up to the scheduler, so one run proves nothing on its own; twenty rounds
//! of five processes and the watcher make a torn state very likely to be seen if it can happen.
//! Checked by hand against four broken `write_cache`s (direct `fs::write`, remove-then-write, a
//! fixed temporary name, a leaked temporary then a copy): each failed this test in 3 runs of 3,
//! the watcher or `not written: No such file or directory` catching them in the first rounds.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use pyrite_bytecode::cache::{CacheOptions, cache_path, decode_file};

/// Rounds of edit-then-race. Each takes a few tens of milliseconds in a dev build.
const ROUNDS: u64 = 20;

/// `pyrite` runs started together in each round (plus one `pyrite compile`).
const RUNNERS: usize = 4;

/// Generated functions in the source: about six lines each, enough that compiling takes
/// measurably longer than starting a process, so the writers' windows overlap.
const FUNCTIONS: u64 = 100;

mod common;

use common::{scratch, text};

/// The built `pyrite` with `args`, independent of the caller's cache environment, with output
/// captured; started, not waited for.
fn spawn_pyrite(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .current_dir(dir)
        .env_remove("PYRITE_PYCACHE_PREFIX")
        .env_remove("PYRITE_DONT_WRITE_BYTECODE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyrite")
}

/// The source for `round`: [`FUNCTIONS`] small functions, then their sum at `round`.
fn source(round: u64) -> String {
    let mut s = format!("ROUND = {round}\n\n");
    for i in 0..FUNCTIONS {
        s.push_str(&format!(
            "def f{i}(x):\n    total = 0\n    for k in range({}):\n        total += x * {i} + k\n    return total\n\n",
            i % 5 + 1
        ));
    }
    s.push_str("total = 0\n");
    for i in 0..FUNCTIONS {
        s.push_str(&format!("total += f{i}(ROUND)\n"));
    }
    s.push_str("print('round', ROUND, 'total', total)\n");
    s
}

/// What [`source`]`(round)` prints, computed here: `f_i(x)` sums `x * i + k` for `k < n`.
fn expected_output(round: u64) -> String {
    let total: u64 = (0..FUNCTIONS)
        .map(|i| {
            let n = i % 5 + 1;
            n * round * i + n * (n - 1) / 2
        })
        .sum();
    format!("round {round} total {total}\n")
}

/// Reads `cache` until `stop`; returns a description of every state that was neither absent
/// nor a whole cache file for one of `sources`, and how many reads were made.
fn watch(cache: &Path, sources: &[&[u8]], stop: &AtomicBool) -> (Vec<String>, usize) {
    let mut torn = Vec::new();
    // Whole files seen already: comparing bytes is much cheaper than decoding again, which
    // keeps the sampling rate high.
    let mut whole: Vec<Vec<u8>> = Vec::new();
    let mut reads = 0;
    while !stop.load(Ordering::Relaxed) {
        let bytes = match std::fs::read(cache) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                torn.push(format!("unreadable: {e}"));
                continue;
            }
        };
        reads += 1;
        if whole.contains(&bytes) {
            continue;
        }
        let reasons: Vec<String> = sources
            .iter()
            .map(|source| decode_file(&bytes, source).map(|_| ()))
            .filter_map(|result| result.err().map(|reason| reason.to_string()))
            .collect();
        if reasons.len() < sources.len() {
            whole.push(bytes);
        } else if torn.len() < 10 {
            torn.push(format!("{} bytes: {}", bytes.len(), reasons.join(" / ")));
        }
    }
    (torn, reads)
}

/// The `pyrite: cache: ...` line of a `--stats` run's stderr.
fn cache_line(stderr: &str) -> Option<&str> {
    stderr.lines().find(|l| l.starts_with("pyrite: cache: "))
}

#[test]
fn concurrent_processes_leave_a_whole_cache() {
    let started = Instant::now();
    let dir = scratch("cache-processes");
    let script = dir.0.join("prog.py");
    let script_arg = script.to_str().expect("a UTF-8 temp path");
    let cache = cache_path(&script, &CacheOptions::default()).expect("a cache path");
    let pycache = cache.parent().expect("__pycache__").to_path_buf();
    let cache_name = cache.file_name().expect("a file name").to_owned();

    let mut previous = Vec::new();
    let mut watcher_reads = 0;
    for round in 0..ROUNDS {
        let current = source(round).into_bytes();
        std::fs::write(&script, &current).expect("write the source");
        let stop = AtomicBool::new(false);
        let sources: [&[u8]; 2] = [&previous, &current];
        let (outputs, (torn, reads)) = std::thread::scope(|s| {
            let watcher = s.spawn(|| watch(&cache, &sources, &stop));
            // Spawn all, then wait for all, so they start as close together as possible.
            let mut children: Vec<Child> = (0..RUNNERS)
                .map(|_| spawn_pyrite(&dir.0, &["--stats", script_arg]))
                .collect();
            children.push(spawn_pyrite(&dir.0, &["compile", script_arg]));
            let outputs: Vec<Output> = children
                .into_iter()
                .map(|c| c.wait_with_output().expect("wait for pyrite"))
                .collect();
            stop.store(true, Ordering::Relaxed);
            (outputs, watcher.join().expect("the watcher thread"))
        });
        watcher_reads += reads;
        assert!(
            torn.is_empty(),
            "round {round}: the watcher saw cache files that were not whole: {torn:#?}"
        );

        let path = cache.display();
        let mut allowed = vec![
            format!("pyrite: cache: hit ({path})"),
            format!("pyrite: cache: rejected (stale (source changed)), written ({path})"),
        ];
        if round == 0 {
            allowed.push(format!("pyrite: cache: missing, written ({path})"));
        }
        let (runs, compile) = outputs.split_at(RUNNERS);
        for (i, out) in runs.iter().enumerate() {
            let stderr = text(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round} run {i}: {stderr}"
            );
            assert_eq!(
                text(&out.stdout),
                expected_output(round),
                "round {round} run {i}"
            );
            let line = cache_line(&stderr).unwrap_or("no cache line");
            assert!(
                allowed.iter().any(|a| a == line),
                "round {round} run {i}: {line}\nallowed: {allowed:#?}"
            );
        }
        let compile = &compile[0];
        assert_eq!(
            compile.status.code(),
            Some(0),
            "round {round} compile: {}",
            text(&compile.stderr)
        );
        assert!(compile.stdout.is_empty() && compile.stderr.is_empty());

        // Only the cache file itself: no temporary file survived its writer.
        let mut entries: Vec<_> = std::fs::read_dir(&pycache)
            .expect("__pycache__ exists")
            .map(|e| e.expect("a directory entry").file_name())
            .collect();
        entries.sort();
        assert_eq!(
            entries,
            std::slice::from_ref(&cache_name),
            "round {round}: __pycache__"
        );

        // The file left behind is accepted as is: a hit, and the right program.
        let out = spawn_pyrite(&dir.0, &["--stats", script_arg])
            .wait_with_output()
            .expect("wait for pyrite");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "round {round}: {stderr}");
        assert_eq!(text(&out.stdout), expected_output(round), "round {round}");
        assert_eq!(
            cache_line(&stderr),
            Some(format!("pyrite: cache: hit ({path})").as_str()),
            "round {round}: the cache left by the race is accepted"
        );
        previous = current;
    }
    eprintln!(
        "{ROUNDS} rounds of {} processes, {watcher_reads} watcher reads, {:.2?}",
        RUNNERS + 1,
        started.elapsed()
    );
}

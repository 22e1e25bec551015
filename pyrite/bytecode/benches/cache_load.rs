//! What the cache file saves: loading a large module from its cache file versus parsing and
//! compiling it.
//!
//! `cargo bench -p pyrite-bytecode --bench cache_load` runs two criterion groups over one
//! generated module of 5,000+ lines (functions, nested functions with `nonlocal`, classes,
//! loops, arithmetic, string constants and f-strings, dict/list/tuple displays,
//! comprehensions, `try`), with throughput in source bytes:
//! - `parse_compile/compile_source`: source bytes to the module's code object, as a cold run.
//! - `cache_load/load_or_compile_hit`: the whole hit path of a warm run, through the public
//!   `load_or_compile` itself: read the cache file from disk, check its header against the
//!   source (size, XXH3 hash), length and checksum, decode and validate the payload. It is
//!   asserted to be a hit every iteration, so it can never quietly measure a recompile.
//! - `cache_load/decode_file`: the same from bytes already in memory (no file system).
//!
//! Then, on a `cargo bench` run, a one-line verdict: the medians of [`VERDICT_RUNS`] plain
//! timings of each path and their ratio (the goal is a cache load at least 5x faster).

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use pyrite_bytecode::cache::{
    CacheOptions, ReadOutcome, WriteOutcome, decode_file, load_or_compile,
};
use pyrite_bytecode::{CodeObject, compile_source};

/// Generated blocks in the module; each is about 55 lines.
const BLOCKS: usize = 100;

/// Timings of each path for the closing verdict.
const VERDICT_RUNS: usize = 21;

/// One block of the module, numbered `i` so no two blocks share names or constants.
fn block(i: usize) -> String {
    let j = i + 1;
    format!(
        r#"# ---- block {i} ----
GREETING_{i} = "block {i}: the quick brown fox jumps over the lazy dog"
TABLE_{i} = {{"name": "item{i}", "weight": {i}.5, "tags": ["a{i}", "b", "c"], "pos": ({i}, {j})}}
PRIMES_{i} = [2, 3, 5, 7, 11, 13, {i}, {j} * 2]
by_weight_{i} = lambda item: (item[1], -item[0], "{i}")

def compute_{i}(n, scale={i}.25):
    total = 0
    for k in range(n):
        if k % 3 == 0:
            total += k * scale
        elif k % 3 == 1:
            total -= k // 2
        else:
            total = total * 1.0001 + {i}
    return total

def outer_{i}(values):
    count = 0
    def inner(x):
        nonlocal count
        count += 1
        return x ** 2 + {i} * x - 7
    result = [inner(v) for v in values if v % 2 == 0]
    mapping = {{k: v for k, v in zip("abcdef", result)}}
    return sum(result), mapping, count

class Shape{i}:
    kind = "shape-{i}"

    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    def describe(self):
        return f"{{self.kind}}: {{self.w}}x{{self.h}} = {{self.area():.2f}}"

def search_{i}(items, target):
    lo, hi = 0, len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        elif items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    try:
        return items.index(target)
    except ValueError:
        return -{j}

"#
    )
}

/// The whole module: [`BLOCKS`] blocks, then a `main` that uses one of each kind.
fn large_module() -> String {
    let mut source = String::from("\"\"\"A generated module for the cache benchmark.\"\"\"\n\n");
    for i in 0..BLOCKS {
        source.push_str(&block(i));
    }
    source.push_str(
        "def main():\n    \
             print(compute_0(10), outer_1(range(10)), Shape2(3, 4).describe(), \
             search_3(PRIMES_3, 13))\n\n\
         if __name__ == \"__main__\":\n    main()\n",
    );
    source
}

/// The hit path exactly as a warm `pyrite FILE` takes it; panics if it was not a hit.
fn load_hit(path: &Path, source: &[u8], options: &CacheOptions) -> CodeObject {
    let (code, outcome) = load_or_compile(path, source, options).expect("the module compiles");
    assert!(outcome.is_hit(), "expected a cache hit: {outcome}");
    code
}

fn compile(path: &Path, source: &[u8]) -> CodeObject {
    compile_source(source, &path.to_string_lossy()).expect("the module compiles")
}

/// The median of `runs` timings of `f`.
fn median_time(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Whether this is `cargo bench` proper, not `cargo test --benches` or a `--list`.
fn is_benchmark_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
}

fn main() {
    let text = large_module();
    let source = text.as_bytes();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("large_module.py");
    std::fs::write(&path, source).expect("write the module");
    let options = CacheOptions::default();

    // Write the cache once, and check that what it gives back is what the compiler makes.
    let (fresh, written) = load_or_compile(&path, source, &options).expect("the module compiles");
    assert_eq!(written.read, ReadOutcome::Missing, "{written}");
    assert_eq!(written.write, WriteOutcome::Written, "{written}");
    let cache = written.path.expect("a cache path");
    let cache_bytes = std::fs::read(&cache).expect("the cache file was written");
    assert_eq!(load_hit(&path, source, &options), fresh);
    eprintln!(
        "module: {} lines, {} source bytes; cache file: {} bytes",
        text.lines().count(),
        source.len(),
        cache_bytes.len()
    );

    // Each iteration is milliseconds at most: twenty samples over three seconds are stable
    // enough for a ratio and keep the whole run well under a minute.
    let mut criterion = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut group = criterion.benchmark_group("parse_compile");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("compile_source", |b| {
        b.iter(|| compile(&path, std::hint::black_box(source)))
    });
    group.finish();

    let mut group = criterion.benchmark_group("cache_load");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("load_or_compile_hit", |b| {
        b.iter(|| load_hit(&path, std::hint::black_box(source), &options))
    });
    group.bench_function("decode_file", |b| {
        b.iter(|| {
            decode_file(
                std::hint::black_box(&cache_bytes),
                std::hint::black_box(source),
            )
            .expect("a valid cache file")
        })
    });
    group.finish();
    criterion.final_summary();

    if is_benchmark_run() {
        let compile_time = median_time(VERDICT_RUNS, || {
            std::hint::black_box(compile(&path, source));
        });
        let load_time = median_time(VERDICT_RUNS, || {
            std::hint::black_box(load_hit(&path, source, &options));
        });
        println!(
            "median of {VERDICT_RUNS}: parse+compile {compile_time:.2?}, cache load \
             {load_time:.2?}: the cache load is {:.1}x faster",
            compile_time.as_secs_f64() / load_time.as_secs_f64()
        );
    }
}

//! Cache-file behaviour (issue 5, "Must hold"): hits without parsing, recompiles edited sources,
//! survives truncation at every offset, 1,000+ random corruptions, empty, foreign and
//! directory-shaped cache files (always the same code as a fresh compile, and healed where
//! writable), concurrent writers, read-only `__pycache__`, `-B`, and the cache prefix.

use std::path::{Path, PathBuf};

use pyrite_bytecode::cache::{
    CacheOptions, ReadOutcome, RejectReason, WriteOutcome, cache_path, decode_file, encode_file,
    load_or_compile,
};
use pyrite_bytecode::{CodeObject, FORMAT_VERSION, compile_source};

const SOURCE: &str = "\
import math

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def norm(self):
        return math.sqrt(self.x ** 2 + self.y ** 2)

try:
    print([fib(i) for i in range(10)], f'{Point(3, 4).norm():.2f}')
except Exception as e:
    print('error', e)
finally:
    print('done')
";

/// A script in a fresh directory.
fn setup(source: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("prog.py");
    std::fs::write(&path, source).expect("write source");
    (dir, path)
}

fn fresh(path: &Path, source: &[u8]) -> CodeObject {
    compile_source(source, &path.to_string_lossy()).expect("compiles")
}

fn opts() -> CacheOptions {
    CacheOptions::default()
}

#[test]
fn second_load_hits_the_cache() {
    let (_d, path) = setup(SOURCE);
    let src = SOURCE.as_bytes();
    let (code1, out1) = load_or_compile(&path, src, &opts()).expect("first");
    assert_eq!(out1.read, ReadOutcome::Missing);
    assert_eq!(out1.write, WriteOutcome::Written);
    let cache = out1.path.clone().expect("cache path");
    assert!(
        cache.ends_with(format!("__pycache__/prog.pyrite-{FORMAT_VERSION}.pyc")),
        "{}",
        cache.display()
    );
    let (code2, out2) = load_or_compile(&path, src, &opts()).expect("second");
    assert!(out2.is_hit(), "{out2}");
    assert_eq!(out2.write, WriteOutcome::NotNeeded);
    assert_eq!(code1, code2);
    assert_eq!(
        out2.to_string(),
        format!("cache: hit ({})", cache.display())
    );
}

#[test]
fn an_edited_source_is_recompiled() {
    let (_d, path) = setup(SOURCE);
    load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("first");
    let edited = SOURCE.replace("range(10)", "range(11)");
    let (code, out) = load_or_compile(&path, edited.as_bytes(), &opts()).expect("edited");
    assert_eq!(out.read, ReadOutcome::Rejected(RejectReason::Stale));
    assert_eq!(out.write, WriteOutcome::Written);
    assert_eq!(code, fresh(&path, edited.as_bytes()));
    let (_, again) = load_or_compile(&path, edited.as_bytes(), &opts()).expect("again");
    assert!(again.is_hit());
}

/// Loads with `bytes` in place of the cache file; checks the result equals a fresh compile,
/// was not a hit, and that the file healed. Returns the rejection.
fn load_with_cache_bytes(path: &Path, cache: &Path, bytes: &[u8], good: &[u8]) -> ReadOutcome {
    std::fs::write(cache, bytes).expect("write cache");
    let (code, out) = load_or_compile(path, SOURCE.as_bytes(), &opts()).expect("load");
    assert_eq!(code, fresh(path, SOURCE.as_bytes()));
    assert_eq!(out.write, WriteOutcome::Written, "{out}");
    assert_eq!(
        std::fs::read(cache).expect("healed"),
        good,
        "healed to the good file"
    );
    out.read
}

#[test]
fn truncation_at_every_offset_is_rejected_and_healed() {
    let (_d, path) = setup(SOURCE);
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("first");
    let cache = out.path.expect("path");
    let good = std::fs::read(&cache).expect("cache written");
    assert!(good.len() > 500);
    for len in 0..good.len() {
        let read = load_with_cache_bytes(&path, &cache, &good[..len], &good);
        assert!(
            matches!(read, ReadOutcome::Rejected(_)),
            "len {len}: {read:?}"
        );
    }
    eprintln!("truncations tested: {}", good.len());
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_byte_flips_are_rejected_and_healed() {
    let (_d, path) = setup(SOURCE);
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("first");
    let cache = out.path.expect("path");
    let good = std::fs::read(&cache).expect("cache written");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let cases = 1200;
    for case in 0..cases {
        let mut bad = good.clone();
        let flips = 1 + rng.below(4);
        for _ in 0..flips {
            let at = rng.below(bad.len());
            bad[at] ^= 1 + rng.below(255) as u8;
        }
        let read = load_with_cache_bytes(&path, &cache, &bad, &good);
        assert!(
            matches!(read, ReadOutcome::Rejected(_)),
            "case {case}: {read:?}"
        );
    }
}

/// Corruptions *behind* a recomputed checksum reach the decoder and the validator: they must
/// never panic, and anything they accept must be a valid code object.
#[test]
fn corrupted_payloads_with_valid_checksums_never_crash_the_decoder() {
    let src = SOURCE.as_bytes();
    let code = fresh(Path::new("prog.py"), src);
    let good = encode_file(src, &code);
    let header = pyrite_bytecode::cache::HEADER_SIZE;
    let body_end = good.len() - pyrite_bytecode::cache::CHECKSUM_SIZE;
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..3000 {
        let mut bad = good.clone();
        for _ in 0..1 + rng.below(3) {
            let at = header + rng.below(body_end - header);
            bad[at] ^= 1 + rng.below(255) as u8;
        }
        let sum = xxhash_rust::xxh3::xxh3_64(&bad[..body_end]);
        bad[body_end..].copy_from_slice(&sum.to_le_bytes());
        match decode_file(&bad, src) {
            Ok(c) => {
                pyrite_bytecode::validate::validate(&c).expect("accepted code is valid");
                accepted += 1;
            }
            Err(RejectReason::Payload(_)) => rejected += 1,
            Err(other) => panic!("unexpected rejection {other:?}"),
        }
    }
    eprintln!("payload corruptions: {rejected} rejected, {accepted} decoded to valid code");
    assert!(rejected > 0);
}

#[test]
fn empty_and_foreign_cache_files_are_rejected_and_healed() {
    let (_d, path) = setup(SOURCE);
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("first");
    let cache = out.path.expect("path");
    let good = std::fs::read(&cache).expect("cache written");
    assert_eq!(
        load_with_cache_bytes(&path, &cache, b"", &good),
        ReadOutcome::Rejected(RejectReason::Empty)
    );
    // CPython 3.11's own .pyc header: magic 3495 (a7 0d 0d 0a), flags, then marshal data.
    let mut cpython = vec![0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0];
    cpython.extend_from_slice(&[0x2a; 8]);
    cpython.extend_from_slice(b"\xe3\x00\x00\x00\x00\x00\x00\x00");
    assert_eq!(
        load_with_cache_bytes(&path, &cache, &cpython, &good),
        ReadOutcome::Rejected(RejectReason::Foreign)
    );
    // A real CPython .pyc of this very source, when python3 is available.
    let pyc = path.with_extension("cpython.pyc");
    let made = std::process::Command::new("python3")
        .args([
            "-c",
            "import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2])",
        ])
        .arg(&path)
        .arg(&pyc)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let bytes = std::fs::read(&pyc).expect("pyc");
        assert_eq!(
            load_with_cache_bytes(&path, &cache, &bytes, &good),
            ReadOutcome::Rejected(RejectReason::Foreign)
        );
    }
}

#[test]
fn a_directory_in_place_of_the_cache_file() {
    let (_d, path) = setup(SOURCE);
    let cache = cache_path(&path, &opts()).expect("path");
    // An empty directory: rejected, removed, and the cache written.
    std::fs::create_dir_all(&cache).expect("dir");
    let (code, out) = load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("load");
    assert_eq!(code, fresh(&path, SOURCE.as_bytes()));
    assert_eq!(out.read, ReadOutcome::Rejected(RejectReason::NotAFile));
    assert_eq!(out.write, WriteOutcome::Written);
    assert!(cache.is_file());
    // A directory with content is never removed: the program still runs, nothing written.
    std::fs::remove_file(&cache).expect("rm");
    std::fs::create_dir_all(cache.join("keep")).expect("dir");
    let (code, out) = load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("load");
    assert_eq!(code, fresh(&path, SOURCE.as_bytes()));
    assert_eq!(out.read, ReadOutcome::Rejected(RejectReason::NotAFile));
    assert!(matches!(out.write, WriteOutcome::Failed(_)), "{out}");
    assert!(cache.join("keep").is_dir());
}

#[test]
fn concurrent_compiles_never_leave_a_corrupt_cache() {
    let (_d, path) = setup(SOURCE);
    let cache = cache_path(&path, &opts()).expect("path");
    let expected = fresh(&path, SOURCE.as_bytes());
    for _round in 0..10 {
        let _ = std::fs::remove_file(&cache);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..5 {
                        let (code, _) =
                            load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("load");
                        assert_eq!(code, expected);
                    }
                });
            }
        });
        let bytes = std::fs::read(&cache).expect("cache exists");
        assert!(
            decode_file(&bytes, SOURCE.as_bytes()).is_ok(),
            "cache is whole"
        );
    }
    let dir = cache.parent().expect("pycache");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .expect("pycache")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_read_only_pycache_still_runs() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, path) = setup(SOURCE);
    let cache = cache_path(&path, &opts()).expect("path");
    let dir = cache.parent().expect("pycache").to_path_buf();
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // Root ignores permission bits: then the write succeeds, which is fine too.
    let writable = std::fs::write(dir.join("probe"), b"").is_ok();
    let (code, out) = load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("runs");
    assert_eq!(code, fresh(&path, SOURCE.as_bytes()));
    if writable {
        assert_eq!(out.write, WriteOutcome::Written);
    } else {
        assert!(matches!(out.write, WriteOutcome::Failed(_)), "{out}");
        assert!(!cache.exists());
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn dont_write_reads_but_never_writes() {
    let (_d, path) = setup(SOURCE);
    let no_write = CacheOptions {
        dont_write: true,
        ..opts()
    };
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &no_write).expect("load");
    assert_eq!(out.write, WriteOutcome::Skipped);
    assert!(!out.path.expect("path").exists());
    load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("write it");
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &no_write).expect("load");
    assert!(out.is_hit());
}

#[test]
fn the_prefix_mirrors_the_absolute_source_directory() {
    let (d, path) = setup(SOURCE);
    let prefix = d.path().join("prefix");
    let with_prefix = CacheOptions {
        prefix: Some(prefix.clone()),
        ..opts()
    };
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &with_prefix).expect("load");
    let cache = out.path.expect("path");
    assert!(cache.starts_with(&prefix));
    let abs = std::path::absolute(d.path()).expect("abs");
    let rel = abs.strip_prefix("/").expect("absolute");
    assert_eq!(
        cache,
        prefix
            .join(rel)
            .join(format!("prog.pyrite-{FORMAT_VERSION}.pyc"))
    );
    assert!(cache.is_file());
    assert!(!d.path().join("__pycache__").exists());
    let (_, out) = load_or_compile(&path, SOURCE.as_bytes(), &with_prefix).expect("load");
    assert!(out.is_hit());
}

#[test]
fn a_hit_reports_the_path_it_was_loaded_by() {
    let (d, path) = setup(SOURCE);
    load_or_compile(&path, SOURCE.as_bytes(), &opts()).expect("write");
    let other = d.path().join(".").join("prog.py");
    let (code, out) = load_or_compile(&other, SOURCE.as_bytes(), &opts()).expect("hit");
    assert!(out.is_hit());
    assert_eq!(code.filename, other.to_string_lossy());
    assert!(code.nested().iter().all(|c| c.filename == code.filename));
}

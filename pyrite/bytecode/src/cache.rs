//! Cache files, PEP 552 style: `__pycache__/<stem>.pyrite-<N>.pyc` beside the source (or
//! under `PYRITE_PYCACHE_PREFIX`), checked by source hash, never trusted blindly.
//!
//! # File layout (little-endian)
//! ```text
//! offset  size  field
//!      0     8  magic            b"PYRITE\r\n" (the CR LF catches text-mode mangling)
//!      8     4  format version   crate::FORMAT_VERSION
//!     12     4  reserved         0
//!     16     8  build id         XXH3 of the compiler's sources (build.rs)
//!     24     8  source size      bytes
//!     32     8  source hash      XXH3-64 of the source bytes
//!     40     8  payload length   bytes
//!     48     n  payload          serialize.rs: the module's code object
//!   48+n     8  checksum         XXH3-64 of bytes 0..48+n
//! ```
//!
//! # Invariants
//! - A cache file is used only if every header field matches this build and this source
//!   exactly, its length is exactly `56 + n`, its checksum matches, and its payload decodes
//!   and validates (see `serialize.rs`). Anything else is a [`RejectReason`], never a panic
//!   and never stale code; the file is then recompiled and rewritten.
//! - A file is written to a temporary file in the same directory and renamed into place, so a
//!   reader (or a concurrent writer) only ever sees a whole file. Failing to write (read-only
//!   directory, a file where `__pycache__` should be, ...) is reported, not fatal.
//!
//! Why XXH3 and a build id from the sources: see the workspace `Cargo.toml` and `build.rs`.

use std::fmt;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use crate::FORMAT_VERSION;
use crate::code::CodeObject;
use crate::error::CompileError;
use crate::serialize;

/// The first 8 bytes of every pyrite cache file.
pub const MAGIC: [u8; 8] = *b"PYRITE\r\n";

/// Size of the header before the payload.
pub const HEADER_SIZE: usize = 48;

/// Size of the checksum after the payload.
pub const CHECKSUM_SIZE: usize = 8;

/// The compiler build id (see `build.rs`).
pub fn build_id() -> u64 {
    env!("PYRITE_COMPILER_BUILD_ID").parse().unwrap_or(0)
}

/// How caching behaves for one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheOptions {
    /// Do not write cache files (`-B`, `PYRITE_DONT_WRITE_BYTECODE`). Existing ones are read.
    pub dont_write: bool,
    /// Neither read nor write (e.g. a benchmark of cold compiles).
    pub disabled: bool,
    /// Keep caches under this directory, mirroring the source's absolute path
    /// (`PYRITE_PYCACHE_PREFIX`, like `PYTHONPYCACHEPREFIX`).
    pub prefix: Option<PathBuf>,
}

impl CacheOptions {
    /// Options from the environment, as CPython reads `PYTHONDONTWRITEBYTECODE` and
    /// `PYTHONPYCACHEPREFIX` (a non-empty value counts); `dont_write_flag` is `-B`.
    pub fn from_env(dont_write_flag: bool) -> CacheOptions {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        CacheOptions {
            dont_write: dont_write_flag || set("PYRITE_DONT_WRITE_BYTECODE").is_some(),
            disabled: false,
            prefix: set("PYRITE_PYCACHE_PREFIX").map(PathBuf::from),
        }
    }
}

/// Why an existing cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// Not a regular file (a directory, ...).
    NotAFile,
    /// Could not be read.
    Unreadable(String),
    /// Empty.
    Empty,
    /// Shorter than a header and checksum.
    Truncated,
    /// Not a pyrite cache file (another magic: CPython's own `.pyc`, garbage).
    Foreign,
    /// Another format version.
    FormatVersion(u32),
    /// Written by another build of the compiler.
    BuildId,
    /// The source changed since (size or hash).
    Stale,
    /// The length disagrees with the header.
    BadLength,
    /// The checksum does not match: corrupted.
    Checksum,
    /// The payload does not decode or validate.
    Payload(String),
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::NotAFile => write!(f, "not a regular file"),
            RejectReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            RejectReason::Empty => write!(f, "empty"),
            RejectReason::Truncated => write!(f, "truncated"),
            RejectReason::Foreign => write!(f, "not a pyrite cache file (bad magic)"),
            RejectReason::FormatVersion(v) => write!(f, "format version {v}"),
            RejectReason::BuildId => write!(f, "written by another compiler build"),
            RejectReason::Stale => write!(f, "stale (source changed)"),
            RejectReason::BadLength => write!(f, "length does not match the header"),
            RejectReason::Checksum => write!(f, "checksum mismatch (corrupted)"),
            RejectReason::Payload(e) => write!(f, "bad payload: {e}"),
        }
    }
}

/// What reading the cache gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOutcome {
    /// A valid cache file was used: nothing was parsed or compiled.
    Hit,
    /// No cache file.
    Missing,
    /// A cache file exists but was not used.
    Rejected(RejectReason),
    /// Caching is disabled, or the source path has no cache location.
    Disabled,
}

/// What writing the cache gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Nothing to write (a hit).
    NotNeeded,
    /// Written (atomically).
    Written,
    /// Not attempted: `-B`, `PYRITE_DONT_WRITE_BYTECODE`, or caching disabled.
    Skipped,
    /// Attempted and failed (read-only directory, ...); the program runs anyway.
    Failed(String),
}

/// The outcome of [`load_or_compile`], for `--stats`: hit, written, rejected (and why), not
/// written (and why). Reading and writing are reported separately because both can happen (a
/// rejected file that is then rewritten).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheOutcome {
    /// The cache file used, or that would be used.
    pub path: Option<PathBuf>,
    /// What reading gave.
    pub read: ReadOutcome,
    /// What writing gave.
    pub write: WriteOutcome,
}

impl CacheOutcome {
    /// True if the code came from the cache.
    pub fn is_hit(&self) -> bool {
        self.read == ReadOutcome::Hit
    }
}

impl fmt::Display for CacheOutcome {
    /// One line for `--stats`: `cache: hit (path)`, `cache: rejected (checksum mismatch
    /// (corrupted)), rewritten (path)`, `cache: missing, not written: Permission denied (path)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self
            .path
            .as_ref()
            .map_or_else(|| "no cache path".to_owned(), |p| p.display().to_string());
        write!(f, "cache: ")?;
        match &self.read {
            ReadOutcome::Hit => write!(f, "hit")?,
            ReadOutcome::Missing => write!(f, "missing")?,
            ReadOutcome::Rejected(r) => write!(f, "rejected ({r})")?,
            ReadOutcome::Disabled => write!(f, "disabled")?,
        }
        match &self.write {
            WriteOutcome::NotNeeded => {}
            WriteOutcome::Written => write!(f, ", written")?,
            WriteOutcome::Skipped => write!(f, ", not written (writing disabled)")?,
            WriteOutcome::Failed(e) => write!(f, ", not written: {e}")?,
        }
        write!(f, " ({path})")
    }
}

/// The cache file for the source at `source`: `<dir>/__pycache__/<stem>.pyrite-<N>.pyc`, or
/// with a prefix `<prefix>/<absolute dir>/<stem>.pyrite-<N>.pyc`. `None` if the path has no
/// file name.
pub fn cache_path(source: &Path, options: &CacheOptions) -> Option<PathBuf> {
    let stem = source.file_stem()?.to_string_lossy().into_owned();
    let file = format!("{stem}.pyrite-{FORMAT_VERSION}.pyc");
    let dir = source.parent().unwrap_or(Path::new(""));
    match &options.prefix {
        None => Some(dir.join("__pycache__").join(file)),
        Some(prefix) => {
            let abs = std::path::absolute(dir).ok()?;
            let mut out = prefix.clone();
            for c in abs.components() {
                if let Component::Normal(part) = c {
                    out.push(part);
                }
            }
            out.push(file);
            Some(out)
        }
    }
}

/// Loads the code of the module at `path` (whose bytes are `source`) from its cache file if
/// that is valid for exactly this source and this compiler, else compiles it and (unless
/// disabled) writes the cache. Only a compile error is an error; every cache problem is an
/// outcome.
pub fn load_or_compile(
    path: &Path,
    source: &[u8],
    options: &CacheOptions,
) -> Result<(CodeObject, CacheOutcome), CompileError> {
    let filename = path.to_string_lossy();
    let cache = if options.disabled {
        None
    } else {
        cache_path(path, options)
    };
    let Some(cache) = cache else {
        let code = crate::compile_source(source, &filename)?;
        let outcome = CacheOutcome {
            path: None,
            read: ReadOutcome::Disabled,
            write: WriteOutcome::Skipped,
        };
        return Ok((code, outcome));
    };
    let read = match read_cache(&cache, source) {
        Ok(mut code) => {
            serialize::fix_filename(&mut code, &filename);
            let outcome = CacheOutcome {
                path: Some(cache),
                read: ReadOutcome::Hit,
                write: WriteOutcome::NotNeeded,
            };
            return Ok((code, outcome));
        }
        Err(None) => ReadOutcome::Missing,
        Err(Some(reason)) => ReadOutcome::Rejected(reason),
    };
    let code = crate::compile_source(source, &filename)?;
    let write = if options.dont_write {
        WriteOutcome::Skipped
    } else {
        match write_cache(&cache, source, &code) {
            Ok(()) => WriteOutcome::Written,
            Err(e) => WriteOutcome::Failed(e.to_string()),
        }
    };
    let outcome = CacheOutcome {
        path: Some(cache),
        read,
        write,
    };
    Ok((code, outcome))
}

/// Compiles `path` and writes its cache file regardless of `dont_write` (`pyrite compile`).
pub fn compile_and_write(
    path: &Path,
    source: &[u8],
    options: &CacheOptions,
) -> Result<(CodeObject, CacheOutcome), CompileError> {
    let filename = path.to_string_lossy();
    let code = crate::compile_source(source, &filename)?;
    let cache = cache_path(path, options);
    let write = match &cache {
        Some(c) => match write_cache(c, source, &code) {
            Ok(()) => WriteOutcome::Written,
            Err(e) => WriteOutcome::Failed(e.to_string()),
        },
        None => WriteOutcome::Failed("no cache path for this file".into()),
    };
    let outcome = CacheOutcome {
        path: cache,
        read: ReadOutcome::Disabled,
        write,
    };
    Ok((code, outcome))
}

/// Reads and checks a cache file: `Err(None)` if there is none.
fn read_cache(cache: &Path, source: &[u8]) -> Result<CodeObject, Option<RejectReason>> {
    let bytes = match std::fs::read(cache) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(None),
        Err(e) => {
            let reason = if cache.is_dir() {
                RejectReason::NotAFile
            } else {
                RejectReason::Unreadable(e.to_string())
            };
            return Err(Some(reason));
        }
    };
    decode_file(&bytes, source).map_err(Some)
}

/// The whole-file encoding of `code` compiled from `source`.
pub fn encode_file(source: &[u8], code: &CodeObject) -> Vec<u8> {
    let payload = serialize::to_bytes(code);
    let mut out = Vec::with_capacity(HEADER_SIZE + payload.len() + CHECKSUM_SIZE);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&build_id().to_le_bytes());
    out.extend_from_slice(&(source.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_64(source).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    let checksum = xxh3_64(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

fn field(bytes: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    if let Some(s) = bytes.get(at..at + 8) {
        a.copy_from_slice(s);
    }
    u64::from_le_bytes(a)
}

/// Checks a whole cache file against `source` and this build, and decodes its payload.
pub fn decode_file(bytes: &[u8], source: &[u8]) -> Result<CodeObject, RejectReason> {
    if bytes.is_empty() {
        return Err(RejectReason::Empty);
    }
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        // A short prefix of our magic is a truncated file of ours; anything else is foreign.
        let n = bytes.len().min(MAGIC.len());
        return Err(if bytes[..n] == MAGIC[..n] {
            RejectReason::Truncated
        } else {
            RejectReason::Foreign
        });
    }
    if bytes.len() < HEADER_SIZE + CHECKSUM_SIZE {
        return Err(RejectReason::Truncated);
    }
    let version = field(bytes, 8) as u32;
    if version != FORMAT_VERSION {
        return Err(RejectReason::FormatVersion(version));
    }
    if field(bytes, 16) != build_id() {
        return Err(RejectReason::BuildId);
    }
    if field(bytes, 24) != source.len() as u64 || field(bytes, 32) != xxh3_64(source) {
        return Err(RejectReason::Stale);
    }
    let payload_len = field(bytes, 40);
    let expected = (HEADER_SIZE + CHECKSUM_SIZE) as u64;
    if payload_len.checked_add(expected) != Some(bytes.len() as u64) {
        return Err(
            if (bytes.len() as u64) < payload_len.saturating_add(expected) {
                RejectReason::Truncated
            } else {
                RejectReason::BadLength
            },
        );
    }
    let body_end = bytes.len() - CHECKSUM_SIZE;
    if field(bytes, body_end) != xxh3_64(&bytes[..body_end]) {
        return Err(RejectReason::Checksum);
    }
    serialize::decode(&bytes[HEADER_SIZE..body_end])
        .map_err(|e| RejectReason::Payload(e.to_string()))
}

/// Writes the cache file atomically: a temporary file in the same directory, renamed.
pub fn write_cache(cache: &Path, source: &[u8], code: &CodeObject) -> std::io::Result<()> {
    let dir = cache.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    if cache.is_dir() {
        // A directory in the file's place: heal if it is empty (never remove content).
        std::fs::remove_dir(cache)?;
    }
    let bytes = encode_file(source, code);
    let stem = cache
        .file_name()
        .map_or_else(|| "cache".into(), |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(cache).map_err(|e| e.error)?;
    Ok(())
}

//! Blessed outputs: the oracle when no CPython 3.11 is around, written by `harness bless`.
//!
//! Layout, for a script `conformance/hello.py` in a corpus directory:
//!
//! ```text
//! expected/conformance/hello.stdout   its stdout, byte for byte (only the first 1 MiB when larger)
//! expected/conformance/hello.json     {"exit": 0, "signal": null,
//!                                      "last_stderr_line": null | "ZeroDivisionError: ...",
//!                                      "args": [], "blessed_with": "cpython 3.11.7"}
//! ```
//!
//! `exit` is the exit status, or `null` with `signal` set when a signal ended the run. The
//! `.stdout` file is the expected output and may be edited by hand. Only when the output was
//! larger than the capture cap does the JSON also carry `"stdout_bytes": N` and
//! `"stdout_fnv1a64": "16 hex digits"`, describing the whole output of which the file holds the
//! head, so a large output still compares exactly.
//!
//! A benchmark whose `full` arguments differ from its `fast` ones has a second pair for the
//! full size, `NAME.full.stdout` and `NAME.full.json`. Invariant: the two files of a pair are
//! written together from one CPython run; the `.json` is written last, so a pair with a `.json`
//! is complete.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::compare::Reference;
use crate::corpus::{Corpus, Script, Size};
use crate::runner::{Captured, RunResult, Termination};

/// The JSON half of a blessed pair.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    exit: Option<i32>,
    signal: Option<i32>,
    last_stderr_line: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stdout_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stdout_fnv1a64: Option<String>,
    args: Vec<String>,
    blessed_with: String,
}

/// A blessed pair that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ExpectedError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The JSON is malformed.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The path of a script's blessed pair, without extension.
pub fn stem(corpus: &Corpus, script: &Script, size: Size) -> PathBuf {
    let base = script.name.strip_suffix(".py").unwrap_or(&script.name);
    let name = if size == Size::Full && script.has_distinct_full() {
        format!("{base}.full")
    } else {
        base.to_string()
    };
    corpus.expected_dir().join(name)
}

fn with_extension(stem: &Path, extension: &str) -> PathBuf {
    let mut path = stem.as_os_str().to_owned();
    path.push(".");
    path.push(extension);
    PathBuf::from(path)
}

/// Reads a script's blessed output; `Ok(None)` when it was never blessed.
pub fn read(
    corpus: &Corpus,
    script: &Script,
    size: Size,
) -> Result<Option<Reference>, ExpectedError> {
    let stem = stem(corpus, script, size);
    let json_path = with_extension(&stem, "json");
    let stdout_path = with_extension(&stem, "stdout");
    let json = match fs::read_to_string(&json_path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ExpectedError::Io {
                path: json_path,
                source,
            });
        }
    };
    let meta: Meta = serde_json::from_str(&json).map_err(|e| ExpectedError::Malformed {
        path: json_path.clone(),
        message: e.to_string(),
    })?;
    let head = fs::read(&stdout_path).map_err(|source| ExpectedError::Io {
        path: stdout_path.clone(),
        source,
    })?;
    let stdout = match (meta.stdout_bytes, &meta.stdout_fnv1a64) {
        (None, None) => Captured::whole(head),
        (Some(total), Some(hex)) => {
            let fnv1a64 = u64::from_str_radix(hex, 16).map_err(|_| ExpectedError::Malformed {
                path: json_path.clone(),
                message: format!("stdout_fnv1a64 {hex:?} is not hexadecimal"),
            })?;
            Captured {
                head,
                tail: Vec::new(),
                total,
                fnv1a64,
            }
        }
        _ => {
            return Err(ExpectedError::Malformed {
                path: json_path,
                message: "stdout_bytes and stdout_fnv1a64 go together".to_string(),
            });
        }
    };
    let status = match (meta.exit, meta.signal) {
        (Some(code), None) => Termination::Exited(code),
        (None, Some(signal)) => Termination::Signaled(signal),
        _ => {
            return Err(ExpectedError::Malformed {
                path: json_path,
                message: "exactly one of exit and signal must be set".to_string(),
            });
        }
    };
    let source = stdout_path
        .strip_prefix(&corpus.root)
        .unwrap_or(&stdout_path)
        .display()
        .to_string();
    Ok(Some(Reference {
        source,
        stdout,
        last_stderr_line: meta.last_stderr_line,
        status,
    }))
}

/// Writes a script's blessed pair from a CPython run; returns the `.stdout` path.
pub fn write(
    corpus: &Corpus,
    script: &Script,
    size: Size,
    result: &RunResult,
    blessed_with: &str,
) -> Result<PathBuf, ExpectedError> {
    let stem = stem(corpus, script, size);
    let json_path = with_extension(&stem, "json");
    let stdout_path = with_extension(&stem, "stdout");
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExpectedError::Io { path, source }
    };
    if let Some(dir) = stem.parent() {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
    }
    let (exit, signal) = match result.termination {
        Termination::Exited(code) => (Some(code), None),
        Termination::Signaled(signal) => (None, Some(signal)),
        Termination::TimedOut => {
            return Err(ExpectedError::Malformed {
                path: json_path,
                message: "a run that timed out cannot be blessed".to_string(),
            });
        }
    };
    let truncated = result.stdout.truncated();
    let meta = Meta {
        exit,
        signal,
        last_stderr_line: result.stderr.last_line(),
        stdout_bytes: truncated.then_some(result.stdout.total),
        stdout_fnv1a64: truncated.then(|| format!("{:016x}", result.stdout.fnv1a64)),
        args: script.args(size).to_vec(),
        blessed_with: blessed_with.to_string(),
    };
    let mut json = serde_json::to_string_pretty(&meta).map_err(|e| ExpectedError::Malformed {
        path: json_path.clone(),
        message: e.to_string(),
    })?;
    json.push('\n');
    fs::write(&stdout_path, &result.stdout.head).map_err(io_error(&stdout_path))?;
    fs::write(&json_path, json).map_err(io_error(&json_path))?;
    Ok(stdout_path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn write_then_read_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/x.py"), "print('hi')\n").unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        let script = &corpus.scripts[0];
        assert!(read(&corpus, script, Size::Fast).unwrap().is_none());
        let result = RunResult {
            termination: Termination::Exited(1),
            stdout: Captured::whole(b"hi\n".to_vec()),
            stderr: Captured::whole(b"Traceback\nValueError: no\n".to_vec()),
            pipes_abandoned: false,
            wall: Duration::ZERO,
            user: Duration::ZERO,
            sys: Duration::ZERO,
            max_rss_kib: 0,
        };
        let written = write(&corpus, script, Size::Fast, &result, "cpython 3.11.7").unwrap();
        assert!(written.ends_with("expected/sub/x.stdout"));
        let reference = read(&corpus, script, Size::Fast).unwrap().unwrap();
        assert!(reference.stdout.same_content(&result.stdout));
        assert_eq!(
            reference.last_stderr_line.as_deref(),
            Some("ValueError: no")
        );
        assert_eq!(reference.source, "expected/sub/x.stdout");
        assert_eq!(reference.status, Termination::Exited(1));
        // The .stdout file is the truth: editing it changes the expectation.
        fs::write(dir.path().join("expected/sub/x.stdout"), "bye\n").unwrap();
        let edited = read(&corpus, script, Size::Fast).unwrap().unwrap();
        assert!(!edited.stdout.same_content(&result.stdout));
    }
}

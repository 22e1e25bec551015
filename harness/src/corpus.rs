//! The corpus: which scripts exist, how to run them, and what each backend may skip or fail.
//!
//! A corpus is a directory. With a `corpus.yaml` manifest it lists its scripts explicitly:
//!
//! ```yaml
//! scripts:
//!   - path: conformance/hello.py     # required, relative to the corpus directory
//!     kind: conformance               # conformance (default) | bench
//!     tags: [basics]                  # free-form, for filtering and grouping
//!     fast: []                        # arguments for `--fast` (the default size)
//!     full: []                        # arguments for `--full` (default: the `fast` ones)
//!     timeout: 10                     # seconds (default 10 for conformance, 60 for bench)
//!     exit: 0                         # expected exit status (default: the oracle's)
//!     min_python: "3.10"              # skipped on backends implementing an older Python
//!     skip:  { pypy: "why it cannot run there" }
//!     xfail: { pyrite-jit: "why it is known to fail there" }
//! ```
//!
//! Without a manifest, every `.py` file below the directory (outside `expected/`) is a script
//! with all the defaults, so anyone can point the harness at their own scripts.
//!
//! Invariant kept by [`Corpus::load`]: every [`Script`] names an existing file inside the corpus
//! directory, script names are unique, a backend is never both skipped and xfailed for one
//! script, and timeouts are positive. A manifest that breaks any of this is rejected with the
//! file, line and field, before anything runs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::python_version::PythonVersion;

/// The manifest's file name inside a corpus directory.
pub const MANIFEST: &str = "corpus.yaml";
/// The directory of blessed outputs inside a corpus directory (see `expected.rs`).
pub const EXPECTED_DIR: &str = "expected";
/// Timeout of a conformance script when the manifest gives none.
const DEFAULT_CONFORMANCE_TIMEOUT: f64 = 10.0;
/// Timeout of a benchmark when the manifest gives none.
const DEFAULT_BENCH_TIMEOUT: f64 = 60.0;

/// What a script is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A small script pinning down semantics; its output is the test.
    #[default]
    Conformance,
    /// A benchmark program with a size parameter, printing a checksum.
    Bench,
}

/// Which argument list of a script to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// The `fast` arguments: quick runs for CI.
    Fast,
    /// The `full` arguments: the real measurement size.
    Full,
}

/// One script of the corpus, with every default filled in.
#[derive(Clone, Debug)]
pub struct Script {
    /// The path relative to the corpus directory, with `/` separators: the script's identity in
    /// every report.
    pub name: String,
    /// The absolute path of the file.
    pub path: PathBuf,
    /// Conformance script or benchmark.
    pub kind: Kind,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Arguments for `--fast`.
    pub fast: Vec<String>,
    /// Arguments for `--full`, when they differ from `fast`.
    pub full: Option<Vec<String>>,
    /// How long one run may take before its process group is killed.
    pub timeout: Duration,
    /// The exit status every backend must end with; `None`: whatever the oracle ends with.
    pub exit: Option<i32>,
    /// Backends implementing an older Python skip this script.
    pub min_python: Option<PythonVersion>,
    /// Backend name to the reason it does not run this script.
    pub skip: BTreeMap<String, String>,
    /// Backend name to the reason it is known to fail this script.
    pub xfail: BTreeMap<String, String>,
}

impl Script {
    /// The arguments for a run of the given size.
    pub fn args(&self, size: Size) -> &[String] {
        match (size, &self.full) {
            (Size::Full, Some(full)) => full,
            _ => &self.fast,
        }
    }

    /// Whether the two sizes run differently (and so need separate blessed outputs).
    pub fn has_distinct_full(&self) -> bool {
        self.full.as_ref().is_some_and(|full| *full != self.fast)
    }

    fn with_defaults(name: String, path: PathBuf) -> Script {
        Script {
            name,
            path,
            kind: Kind::Conformance,
            tags: Vec::new(),
            fast: Vec::new(),
            full: None,
            timeout: Duration::from_secs_f64(DEFAULT_CONFORMANCE_TIMEOUT),
            exit: None,
            min_python: None,
            skip: BTreeMap::new(),
            xfail: BTreeMap::new(),
        }
    }
}

/// A loaded corpus.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The corpus directory.
    pub root: PathBuf,
    /// The manifest, when the corpus has one.
    pub manifest: Option<PathBuf>,
    /// The scripts, in manifest order (or sorted by name for a plain directory).
    pub scripts: Vec<Script>,
    /// Things worth telling the user that do not stop the run (e.g. unlisted scripts).
    pub warnings: Vec<String>,
}

/// Why a corpus could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The directory does not exist.
    #[error("corpus directory {0} does not exist")]
    Missing(PathBuf),
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The manifest is not valid YAML for the schema (serde's message names the field path).
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The manifest.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, starting with the field path (`scripts[2].timeout: ...`).
        message: String,
    },
    /// A field parsed but its value is not acceptable.
    #[error("{file}:{line}: scripts[{index}] ({script}), field `{field}`: {message}")]
    Field {
        /// The manifest.
        file: PathBuf,
        /// 1-based line of the field (or of the script's entry).
        line: usize,
        /// The script's index in `scripts`.
        index: usize,
        /// The script's path as written.
        script: String,
        /// The offending field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Nothing to run.
    #[error("corpus {0} has no scripts")]
    Empty(PathBuf),
}

/// The manifest as written; converted to [`Script`]s by [`Corpus::load`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    scripts: Vec<RawScript>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    path: String,
    #[serde(default)]
    kind: Kind,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    fast: Vec<Arg>,
    #[serde(default)]
    full: Option<Vec<Arg>>,
    #[serde(default)]
    timeout: Option<f64>,
    #[serde(default)]
    exit: Option<i32>,
    #[serde(default)]
    min_python: Option<String>,
    #[serde(default)]
    skip: BTreeMap<String, String>,
    #[serde(default)]
    xfail: BTreeMap<String, String>,
}

/// A command-line argument as YAML may spell it: `fast: [1000]` means the string "1000".
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Arg {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Arg {
    fn into_string(self) -> String {
        match self {
            Arg::Int(n) => n.to_string(),
            Arg::Float(x) => x.to_string(),
            Arg::Text(s) => s,
        }
    }
}

impl Corpus {
    /// Loads the corpus in `root`: its manifest when there is one, else every `.py` file.
    pub fn load(root: &Path) -> Result<Corpus, CorpusError> {
        if !root.is_dir() {
            return Err(CorpusError::Missing(root.to_path_buf()));
        }
        let root = root.canonicalize().map_err(|source| CorpusError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let manifest = root.join(MANIFEST);
        let corpus = if manifest.is_file() {
            load_manifest(&root, &manifest)?
        } else {
            let scripts = python_files(&root)?
                .into_iter()
                .map(|(name, path)| Script::with_defaults(name, path))
                .collect();
            Corpus {
                root: root.clone(),
                manifest: None,
                scripts,
                warnings: Vec::new(),
            }
        };
        if corpus.scripts.is_empty() {
            return Err(CorpusError::Empty(root));
        }
        Ok(corpus)
    }

    /// The directory of blessed outputs.
    pub fn expected_dir(&self) -> PathBuf {
        self.root.join(EXPECTED_DIR)
    }
}

fn load_manifest(root: &Path, manifest: &Path) -> Result<Corpus, CorpusError> {
    let text = fs::read_to_string(manifest).map_err(|source| CorpusError::Io {
        path: manifest.to_path_buf(),
        source,
    })?;
    let raw: RawManifest = serde_yaml::from_str(&text).map_err(|e| syntax_error(manifest, &e))?;
    let lines = EntryLines::new(&text);
    let mut scripts = Vec::with_capacity(raw.scripts.len());
    let mut seen = BTreeSet::new();
    for (index, entry) in raw.scripts.into_iter().enumerate() {
        let field_error = |field: &'static str, message: String| CorpusError::Field {
            file: manifest.to_path_buf(),
            line: lines.field_line(index, field),
            index,
            script: entry.path.clone(),
            field,
            message,
        };
        let name = normalized_name(&entry.path).ok_or_else(|| {
            field_error(
                "path",
                "must be a relative path inside the corpus directory".to_string(),
            )
        })?;
        let path = root.join(&name);
        if !path.is_file() {
            return Err(field_error(
                "path",
                format!("{} does not exist", path.display()),
            ));
        }
        if !seen.insert(name.clone()) {
            return Err(field_error("path", "listed twice".to_string()));
        }
        let default_timeout = match entry.kind {
            Kind::Conformance => DEFAULT_CONFORMANCE_TIMEOUT,
            Kind::Bench => DEFAULT_BENCH_TIMEOUT,
        };
        let seconds = entry.timeout.unwrap_or(default_timeout);
        if !(seconds.is_finite() && seconds > 0.0 && seconds < 1e6) {
            return Err(field_error(
                "timeout",
                format!("must be a positive number of seconds, got {seconds}"),
            ));
        }
        let min_python = match &entry.min_python {
            None => None,
            Some(text) => Some(
                text.parse::<PythonVersion>()
                    .map_err(|e| field_error("min_python", e.to_string()))?,
            ),
        };
        if let Some(backend) = entry.skip.keys().find(|b| entry.xfail.contains_key(*b)) {
            return Err(field_error(
                "xfail",
                format!("backend {backend:?} is both skipped and xfailed"),
            ));
        }
        scripts.push(Script {
            name,
            path,
            kind: entry.kind,
            tags: entry.tags,
            fast: entry.fast.into_iter().map(Arg::into_string).collect(),
            full: entry
                .full
                .map(|args| args.into_iter().map(Arg::into_string).collect()),
            timeout: Duration::from_secs_f64(seconds),
            exit: entry.exit,
            min_python,
            skip: entry.skip,
            xfail: entry.xfail,
        });
    }
    let warnings = python_files(root)?
        .into_iter()
        .filter(|(name, _)| !seen.contains(name))
        .map(|(name, _)| format!("{name} is not listed in {MANIFEST}, so it does not run"))
        .collect();
    Ok(Corpus {
        root: root.to_path_buf(),
        manifest: Some(manifest.to_path_buf()),
        scripts,
        warnings,
    })
}

fn syntax_error(manifest: &Path, error: &serde_yaml::Error) -> CorpusError {
    let mut message = error.to_string();
    let (line, column) = match error.location() {
        Some(at) => {
            // The location goes in front, in the `file:line:column:` form editors jump to.
            if let Some(cut) = message.rfind(" at line ") {
                message.truncate(cut);
            }
            (at.line(), at.column())
        }
        None => (1, 1),
    };
    CorpusError::Syntax {
        file: manifest.to_path_buf(),
        line,
        column,
        message,
    }
}

/// `conformance/./x.py` -> `conformance/x.py`; `None` for absolute paths or ones leaving the root.
fn normalized_name(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Every `.py` file below `root` as (name, path), sorted by name; `expected/`, hidden
/// directories and `__pycache__` are not part of a corpus.
fn python_files(root: &Path) -> Result<Vec<(String, PathBuf)>, CorpusError> {
    let mut found = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        let entries = fs::read_dir(&dir).map_err(|source| CorpusError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| CorpusError::Io {
                path: dir.clone(),
                source,
            })?;
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let name = format!("{prefix}{file_name}");
            let path = entry.path();
            if path.is_dir() {
                let ignored = file_name.starts_with('.')
                    || file_name == "__pycache__"
                    || (prefix.is_empty() && file_name == EXPECTED_DIR);
                if !ignored {
                    pending.push((path, format!("{name}/")));
                }
            } else if file_name.ends_with(".py") {
                found.push((name, path));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Where each script entry (and its fields) sits in the manifest text, for error messages.
///
/// serde reports positions only for syntax and type errors; the checks made after parsing
/// find their line here. An entry starts at its `path:` key (every entry has exactly one, or
/// parsing would have failed), and a field belongs to the entry whose `path:` precedes it.
struct EntryLines {
    /// The manifest's lines.
    lines: Vec<String>,
    /// 0-based index into `lines` of each entry's `path:` key.
    starts: Vec<usize>,
}

impl EntryLines {
    fn new(text: &str) -> EntryLines {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let starts = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| key_of(line) == Some("path"))
            .map(|(i, _)| i)
            .collect();
        EntryLines { lines, starts }
    }

    fn field_line(&self, index: usize, field: &str) -> usize {
        let Some(&start) = self.starts.get(index) else {
            return 1;
        };
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.lines.len());
        let at = (start..end)
            .find(|&i| key_of(&self.lines[i]) == Some(field))
            .unwrap_or(start);
        at + 1
    }
}

/// The mapping key a YAML line starts with (`  - path: x` -> `path`), if any.
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix('-').map_or(line, str::trim_start);
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_with(manifest: &str, files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "print(1)\n").unwrap();
        }
        fs::write(dir.path().join(MANIFEST), manifest).unwrap();
        dir
    }

    #[test]
    fn fills_defaults_and_reads_fields() {
        let dir = corpus_with(
            "scripts:\n  - path: a.py\n  - path: b/nbody.py\n    kind: bench\n    fast: [10]\n    \
             full: [1000]\n    min_python: \"3.10\"\n    skip: {pypy: slow}\n",
            &["a.py", "b/nbody.py", "c.py"],
        );
        let corpus = Corpus::load(dir.path()).unwrap();
        let [a, nbody] = &corpus.scripts[..] else {
            panic!("two scripts expected")
        };
        assert_eq!(a.name, "a.py");
        assert_eq!(a.timeout, Duration::from_secs(10));
        assert_eq!(nbody.args(Size::Fast), ["10"]);
        assert_eq!(nbody.args(Size::Full), ["1000"]);
        assert_eq!(nbody.timeout, Duration::from_secs(60));
        assert_eq!(nbody.min_python, Some("3.10".parse().unwrap()));
        assert_eq!(nbody.skip["pypy"], "slow");
        assert_eq!(corpus.warnings.len(), 1, "c.py is unlisted");
    }

    #[test]
    fn type_error_names_line_and_field() {
        let dir = corpus_with("scripts:\n  - path: a.py\n    timeout: soon\n", &["a.py"]);
        let message = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("corpus.yaml:3:"), "{message}");
        assert!(message.contains("scripts[0].timeout"), "{message}");
    }

    #[test]
    fn unknown_field_is_rejected() {
        let dir = corpus_with("scripts:\n  - path: a.py\n    timout: 3\n", &["a.py"]);
        let message = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("timout"), "{message}");
        assert!(message.contains(":3:"), "{message}");
    }

    #[test]
    fn semantic_error_names_line_and_field() {
        let dir = corpus_with(
            "scripts:\n  - path: a.py\n  - path: b.py\n    tags: []\n    min_python: \"3.x\"\n",
            &["a.py", "b.py"],
        );
        let message = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("corpus.yaml:5:"), "{message}");
        assert!(
            message.contains("scripts[1] (b.py), field `min_python`"),
            "{message}"
        );
        let dir = corpus_with("scripts:\n  - path: ../x.py\n", &[]);
        let message = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("field `path`"), "{message}");
        let dir = corpus_with("scripts:\n  - path: missing.py\n", &[]);
        let message = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("does not exist"), "{message}");
    }

    #[test]
    fn plain_directory_is_a_corpus() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["z.py", "sub/a.py", "expected/ignored.py", "notes.txt"] {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "print(1)\n").unwrap();
        }
        let corpus = Corpus::load(dir.path()).unwrap();
        let names: Vec<_> = corpus.scripts.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["sub/a.py", "z.py"]);
        assert!(corpus.manifest.is_none());
    }

    #[test]
    fn missing_and_empty_corpora_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Corpus::load(&dir.path().join("nope")),
            Err(CorpusError::Missing(_))
        ));
        assert!(matches!(
            Corpus::load(dir.path()),
            Err(CorpusError::Empty(_))
        ));
    }
}

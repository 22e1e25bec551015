//! The harness's config file: backends beyond the built-in ones.
//!
//! `--config FILE`, or `harness.yaml` in the current directory when present:
//!
//! ```yaml
//! backends:
//!   - name: cpython313                       # letters, digits, '.', '_', '-'
//!     command: ["python3.13", "-B", "{script}", "{args}"]
//!     version: ["python3.13", "--version"]   # optional; first line of its output
//!     python: "3.13"                         # optional; probed when absent
//!     env: { PYTHONUTF8: "1" }               # optional, added to the environment
//! ```
//!
//! `command` is an argv list, or one string split on whitespace. In it, `{script}` is replaced
//! by the script's path, and an element that is exactly `{args}` expands to the script's
//! arguments (zero or more elements). A backend named like a built-in one (`cpython`, `pypy`,
//! `pyrite-tree`...) replaces it, which is how to point the oracle at a particular CPython.
//!
//! Invariant kept by [`Config::load`]: names are unique and well-formed, every command has a
//! program and mentions `{script}`, and every `python` is a valid version; otherwise the error
//! names the file, line and field.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::python_version::PythonVersion;

/// The config file looked for in the current directory when `--config` is not given.
pub const DEFAULT_CONFIG: &str = "harness.yaml";

/// The parsed config file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where it was read from (`None`: no config).
    pub file: Option<PathBuf>,
    /// Its backends, in file order.
    pub backends: Vec<BackendSpec>,
}

/// One configured backend.
#[derive(Clone, Debug)]
pub struct BackendSpec {
    /// Its name in `--backend` and in reports.
    pub name: String,
    /// The argv template.
    pub command: Vec<String>,
    /// The argv of the command printing its version, if any.
    pub version: Option<Vec<String>>,
    /// The Python version it implements, if declared.
    pub python: Option<PythonVersion>,
    /// Extra environment variables.
    pub env: BTreeMap<String, String>,
}

/// Why the config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read.
    #[error("cannot read config {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// Bad YAML or schema; the message starts with the field path.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A value that parsed but is not acceptable.
    #[error("{file}:{line}: backends[{index}], field `{field}`: {message}")]
    Field {
        /// The file.
        file: PathBuf,
        /// 1-based line of the backend's entry.
        line: usize,
        /// Index in `backends`.
        index: usize,
        /// The offending field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    backends: Vec<RawBackend>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackend {
    name: String,
    command: RawCommand,
    #[serde(default)]
    version: Option<RawCommand>,
    #[serde(default)]
    python: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCommand {
    Argv(Vec<String>),
    Line(String),
}

impl RawCommand {
    fn into_argv(self) -> Vec<String> {
        match self {
            RawCommand::Argv(argv) => argv,
            RawCommand::Line(line) => line.split_whitespace().map(str::to_string).collect(),
        }
    }
}

impl Config {
    /// Reads `explicit`, or [`DEFAULT_CONFIG`] in the current directory if it exists, or
    /// returns an empty config.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let file = match explicit {
            Some(path) => path.to_path_buf(),
            None => {
                let default = PathBuf::from(DEFAULT_CONFIG);
                if !default.is_file() {
                    return Ok(Config::default());
                }
                default
            }
        };
        let text = fs::read_to_string(&file).map_err(|source| ConfigError::Io {
            path: file.clone(),
            source,
        })?;
        Config::parse(&file, &text)
    }

    fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = serde_yaml::from_str(text).map_err(|error| {
            let mut message = error.to_string();
            let (line, column) = error.location().map_or((1, 1), |at| {
                if let Some(cut) = message.rfind(" at line ") {
                    message.truncate(cut);
                }
                (at.line(), at.column())
            });
            ConfigError::Syntax {
                file: file.to_path_buf(),
                line,
                column,
                message,
            }
        })?;
        let mut names = BTreeSet::new();
        let mut backends = Vec::new();
        for (index, entry) in raw.backends.into_iter().enumerate() {
            let line = line_of_name(text, &entry.name);
            let field_error = |field: &'static str, message: String| ConfigError::Field {
                file: file.to_path_buf(),
                line,
                index,
                field,
                message,
            };
            let well_formed = !entry.name.is_empty()
                && entry
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !well_formed {
                return Err(field_error(
                    "name",
                    format!("{:?} must be letters, digits, '.', '_' or '-'", entry.name),
                ));
            }
            if !names.insert(entry.name.clone()) {
                return Err(field_error(
                    "name",
                    format!("{:?} is declared twice", entry.name),
                ));
            }
            let command = entry.command.into_argv();
            if command.is_empty() {
                return Err(field_error("command", "is empty".to_string()));
            }
            if !command.iter().any(|arg| arg.contains("{script}")) {
                return Err(field_error(
                    "command",
                    "must contain {script} (where the script's path goes)".to_string(),
                ));
            }
            let version = entry.version.map(RawCommand::into_argv);
            if version.as_ref().is_some_and(Vec::is_empty) {
                return Err(field_error("version", "is empty".to_string()));
            }
            let python = match &entry.python {
                None => None,
                Some(text) => Some(
                    text.parse::<PythonVersion>()
                        .map_err(|e| field_error("python", e.to_string()))?,
                ),
            };
            backends.push(BackendSpec {
                name: entry.name,
                command,
                version,
                python,
                env: entry.env,
            });
        }
        Ok(Config {
            file: Some(file.to_path_buf()),
            backends,
        })
    }

    /// The configured backend called `name`, if any.
    pub fn backend(&self, name: &str) -> Option<&BackendSpec> {
        self.backends.iter().find(|spec| spec.name == name)
    }
}

/// The 1-based line declaring `name: <name>`, or 1.
fn line_of_name(text: &str, name: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix('-').map_or(line, str::trim_start);
            line.strip_prefix("name:")
                .is_some_and(|value| value.trim().trim_matches(|c| c == '"' || c == '\'') == name)
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_command_forms() {
        let config = Config::parse(
            Path::new("h.yaml"),
            "backends:\n  - name: a\n    command: python3 -B {script} {args}\n  - name: b\n    \
             command: [sh, -c, 'exec python3 \"$0\"', '{script}']\n    python: \"3.9\"\n",
        )
        .unwrap();
        assert_eq!(
            config.backends[0].command,
            ["python3", "-B", "{script}", "{args}"]
        );
        assert_eq!(config.backends[1].command.len(), 4);
        assert_eq!(config.backends[1].python, Some("3.9".parse().unwrap()));
        assert!(config.backend("b").is_some());
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let error = Config::parse(
            Path::new("h.yaml"),
            "backends:\n  - name: ok\n    command: [x, '{script}']\n  - name: bad\n    command: [x]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("h.yaml:4: backends[1], field `command`"),
            "{error}"
        );
        let error = Config::parse(Path::new("h.yaml"), "backends:\n  - nam: x\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("h.yaml:2:"), "{error}");
    }
}

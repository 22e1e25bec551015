//! Backends: the Python implementations the harness runs scripts on, and how each is found.
//!
//! Built in: `pyrite-tree`, `pyrite-bytecode`, `pyrite-jit` (this very binary re-executed with
//! the hidden [`PYRITE_TRAMPOLINE`] subcommand, which calls `pyrite::main_with_args`: one
//! `cargo build -p harness` builds every tier), `cpython` (`python3.11`, else `python3`) and
//! `pypy` (`pypy3`). Config-file backends ([`crate::config`]) join them or replace them by name.
//!
//! Interpreters are found with `which` and then asked, by running them, for `sys.executable`:
//! version managers put shims on `PATH` (pyenv's adds 45-200 ms per start), and the harness
//! must time and run the real interpreter. The same probe gives the implementation name and
//! language version, so a `python3` that is really PyPy is not taken for CPython.
//!
//! Invariant: a [`Backend`] is only returned for something that was found and answered the
//! probe (config backends only need to exist: their probe is best effort); otherwise
//! [`Missing`] says why, in words a user can act on.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::config::{BackendSpec, Config};
use crate::python_version::PythonVersion;
use crate::runner::{self, Invocation, Termination};

/// The hidden subcommand under which the harness binary behaves as the `pyrite` command.
pub const PYRITE_TRAMPOLINE: &str = "__pyrite";

/// The built-in backend names, in report order.
pub const BUILTIN: [&str; 5] = [
    "pyrite-tree",
    "pyrite-bytecode",
    "pyrite-jit",
    "cpython",
    "pypy",
];

/// Every backend gets this environment, so set and dict orders that depend on string hashes are
/// the same on every run.
const COMMON_ENV: [(&str, &str); 1] = [("PYTHONHASHSEED", "0")];

/// How long an interpreter may take to answer the probe (a cold pyenv shim is slow).
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

/// Asks an interpreter what it is. Four lines: implementation, version, executable, and the
/// implementation's own version (PyPy's), or an empty line.
const PROBE: &str = "import sys\n\
print(sys.implementation.name)\n\
print('%d.%d.%d' % tuple(sys.version_info[:3]))\n\
print(sys.executable)\n\
v = getattr(sys, 'pypy_version_info', None)\n\
print('%d.%d.%d' % tuple(v[:3]) if v else '')\n";

/// A backend that was found and can run scripts.
#[derive(Clone, Debug)]
pub struct Backend {
    /// Its name in `--backend` and reports.
    pub name: String,
    /// The argv template: `{script}` and `{args}` are filled in per run.
    pub command: Vec<String>,
    /// Extra environment variables.
    pub env: BTreeMap<String, String>,
    /// The executable that really runs (shims resolved).
    pub path: PathBuf,
    /// The version to show ("3.11.7", "PyPy 7.3.11 (Python 3.9.16)").
    pub version: String,
    /// `sys.implementation.name`, when known.
    pub implementation: Option<String>,
    /// The Python version implemented, when known (for `min_python`).
    pub python: Option<PythonVersion>,
    /// The full version as `major.minor.patch`, when known.
    pub python_full: Option<String>,
}

/// A backend that is not available, and why.
#[derive(Clone, Debug)]
pub struct Missing {
    /// The backend's name.
    pub name: String,
    /// Why it is missing, for the user.
    pub reason: String,
}

impl Backend {
    /// Whether this is a CPython 3.11, the preferred oracle.
    pub fn is_cpython_311(&self) -> bool {
        self.implementation.as_deref() == Some("cpython")
            && self.python
                == Some(PythonVersion {
                    major: 3,
                    minor: 11,
                })
    }

    /// The invocation running `script` with `args` on this backend.
    pub fn invocation(
        &self,
        script: &Path,
        args: &[String],
        cwd: Option<&Path>,
        timeout: Duration,
        cap: usize,
    ) -> Invocation {
        let script_text = script.to_string_lossy();
        let mut argv: Vec<OsString> = Vec::new();
        for (i, part) in self.command.iter().enumerate() {
            if part == "{args}" {
                argv.extend(args.iter().map(OsString::from));
            } else if part == "{script}" {
                argv.push(script.as_os_str().to_owned());
            } else if i == 0 {
                argv.push(self.path.as_os_str().to_owned());
            } else {
                argv.push(part.replace("{script}", &script_text).into());
            }
        }
        // argv[0] is the resolved program.
        let program = argv.remove(0);
        let mut env: Vec<(OsString, OsString)> = COMMON_ENV
            .iter()
            .map(|(k, v)| (OsString::from(k), OsString::from(v)))
            .collect();
        env.extend(
            self.env
                .iter()
                .map(|(k, v)| (OsString::from(k), OsString::from(v))),
        );
        Invocation {
            program: program.into(),
            args: argv,
            env,
            cwd: cwd.map(Path::to_path_buf),
            timeout,
            cap,
        }
    }
}

/// Every backend name known: the built-in ones, then config-only ones.
pub fn known_names(config: &Config) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN.iter().map(|s| s.to_string()).collect();
    for spec in &config.backends {
        if !names.contains(&spec.name) {
            names.push(spec.name.clone());
        }
    }
    names
}

/// Finds each named backend, probing them in parallel; results come back in `names` order.
pub fn discover_all(names: &[String], config: &Config) -> Vec<Result<Backend, Missing>> {
    names
        .par_iter()
        .map(|name| discover(name, config))
        .collect()
}

/// Finds the backend called `name` (a config entry of that name wins over a built-in one).
pub fn discover(name: &str, config: &Config) -> Result<Backend, Missing> {
    let missing = |reason: String| Missing {
        name: name.to_string(),
        reason,
    };
    if let Some(spec) = config.backend(name) {
        return configured(spec).map_err(missing);
    }
    match name {
        "pyrite-tree" | "pyrite-bytecode" | "pyrite-jit" => pyrite(name).map_err(missing),
        "cpython" => interpreter(name, &["python3.11", "python3"], "cpython").map_err(missing),
        "pypy" => interpreter(name, &["pypy3", "pypy"], "pypy").map_err(missing),
        _ => Err(missing(
            "not a built-in backend and not in the config file".to_string(),
        )),
    }
}

fn pyrite(name: &str) -> Result<Backend, String> {
    let mode = name.trim_start_matches("pyrite-");
    if !pyrite::BUILT_TIERS.contains(&mode) {
        return Err(format!(
            "the {mode} tier is not built yet in this pyrite (built: {})",
            pyrite::BUILT_TIERS.join(", ")
        ));
    }
    let exe = std::env::current_exe()
        .map_err(|e| format!("cannot locate the harness binary to re-execute it: {e}"))?;
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    Ok(Backend {
        name: name.to_string(),
        command: vec![
            exe.to_string_lossy().into_owned(),
            PYRITE_TRAMPOLINE.to_string(),
            "--mode".to_string(),
            mode.to_string(),
            "{script}".to_string(),
            "{args}".to_string(),
        ],
        env: BTreeMap::new(),
        path: exe,
        version: format!("pyrite {} ({build} build)", env!("CARGO_PKG_VERSION")),
        implementation: Some("pyrite".to_string()),
        python: Some(PythonVersion::PYRITE),
        python_full: None,
    })
}

/// What the probe learnt about an interpreter.
struct Probe {
    implementation: String,
    version: String,
    executable: PathBuf,
    own_version: Option<String>,
}

/// Finds the first of `candidates` on `PATH` that is the `implementation` wanted.
fn interpreter(name: &str, candidates: &[&str], implementation: &str) -> Result<Backend, String> {
    let mut reasons = Vec::new();
    for candidate in candidates {
        let found = match which::which(candidate) {
            Ok(path) => path,
            Err(_) => {
                reasons.push(format!("{candidate} not on PATH"));
                continue;
            }
        };
        let probe = match probe_with(&[found.as_os_str().to_owned(), "-c".into(), PROBE.into()]) {
            Ok(probe) => probe,
            Err(reason) => {
                reasons.push(format!("{candidate} ({}) {reason}", found.display()));
                continue;
            }
        };
        if probe.implementation != implementation {
            reasons.push(format!(
                "{candidate} ({}) is {}, not {implementation}",
                found.display(),
                probe.implementation
            ));
            continue;
        }
        let version = match (&probe.own_version, implementation) {
            (Some(own), "pypy") => format!("PyPy {own} (Python {})", probe.version),
            _ => probe.version.clone(),
        };
        return Ok(Backend {
            name: name.to_string(),
            command: vec![
                probe.executable.to_string_lossy().into_owned(),
                "-B".to_string(),
                "{script}".to_string(),
                "{args}".to_string(),
            ],
            env: BTreeMap::new(),
            path: probe.executable,
            python: probe.version.parse().ok(),
            python_full: Some(probe.version),
            version,
            implementation: Some(probe.implementation),
        });
    }
    Err(reasons.join("; "))
}

fn configured(spec: &BackendSpec) -> Result<Backend, String> {
    let program = &spec.command[0];
    let path =
        which::which(program).map_err(|_| format!("{program} (from the config file) not found"))?;
    let mut backend = Backend {
        name: spec.name.clone(),
        command: spec.command.clone(),
        env: spec.env.clone(),
        path,
        version: "unknown".to_string(),
        implementation: None,
        python: spec.python,
        python_full: None,
    };
    // Best effort: a configured backend may be anything that prints, not only a Python.
    if let Ok(probe) = probe_configured(&backend) {
        if backend.python.is_none() {
            backend.python = probe.version.parse().ok();
        }
        backend.version = format!("{} {}", probe.implementation, probe.version);
        backend.python_full = Some(probe.version);
        backend.implementation = Some(probe.implementation);
    }
    if let Some(argv) = &spec.version {
        let argv: Vec<OsString> = argv.iter().map(OsString::from).collect();
        if let Ok(line) = first_output_line(&argv) {
            backend.version = line;
        }
    }
    Ok(backend)
}

fn probe_configured(backend: &Backend) -> Result<Probe, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot create a probe file: {e}"))?;
    let script = dir.path().join("probe.py");
    std::fs::write(&script, PROBE).map_err(|e| format!("cannot write a probe file: {e}"))?;
    let invocation = backend.invocation(&script, &[], None, PROBE_TIMEOUT, 64 * 1024);
    let mut argv = vec![invocation.program.into_os_string()];
    argv.extend(invocation.args);
    probe_with(&argv)
}

/// Runs `argv` (with the common environment) and parses the probe's four lines.
fn probe_with(argv: &[OsString]) -> Result<Probe, String> {
    let result = run_quiet(argv)?;
    let text = String::from_utf8_lossy(&result.stdout.head);
    let lines: Vec<&str> = text.lines().collect();
    let [implementation, version, executable, own] = lines[..] else {
        return Err(format!(
            "did not answer the version probe (printed {:?})",
            text.chars().take(80).collect::<String>()
        ));
    };
    Ok(Probe {
        implementation: implementation.to_string(),
        version: version.to_string(),
        executable: PathBuf::from(executable),
        own_version: (!own.is_empty()).then(|| own.to_string()),
    })
}

fn first_output_line(argv: &[OsString]) -> Result<String, String> {
    let result = run_quiet(argv)?;
    [&result.stdout, &result.stderr]
        .iter()
        .flat_map(|c| {
            String::from_utf8_lossy(&c.head)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find(|line| !line.trim().is_empty())
        .ok_or_else(|| "printed nothing".to_string())
}

fn run_quiet(argv: &[OsString]) -> Result<runner::RunResult, String> {
    let Some((program, args)) = argv.split_first() else {
        return Err("empty command".to_string());
    };
    let result = runner::run(&Invocation {
        program: program.into(),
        args: args.to_vec(),
        env: COMMON_ENV
            .iter()
            .map(|(k, v)| (OsString::from(k), OsString::from(v)))
            .collect(),
        cwd: None,
        timeout: PROBE_TIMEOUT,
        cap: 64 * 1024,
    })
    .map_err(|e| e.to_string())?;
    match result.termination {
        Termination::Exited(0) => Ok(result),
        Termination::Exited(code) => Err(format!(
            "failed (exit {code}: {})",
            result.stderr.last_line().unwrap_or_default()
        )),
        Termination::Signaled(signal) => Err(format!("was killed by signal {signal}")),
        Termination::TimedOut => Err(format!("did not answer within {PROBE_TIMEOUT:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(command: &[&str]) -> Backend {
        Backend {
            name: "fake".to_string(),
            command: command.iter().map(|s| s.to_string()).collect(),
            env: BTreeMap::new(),
            path: PathBuf::from("/resolved/prog"),
            version: String::new(),
            implementation: None,
            python: None,
            python_full: None,
        }
    }

    #[test]
    fn template_expands_script_and_args() {
        let backend = fake(&["prog", "-B", "{script}", "{args}", "--file={script}"]);
        let args = vec!["1".to_string(), "two".to_string()];
        let inv = backend.invocation(Path::new("/c/x.py"), &args, None, Duration::ZERO, 1);
        assert_eq!(inv.program, PathBuf::from("/resolved/prog"));
        assert_eq!(inv.args, ["-B", "/c/x.py", "1", "two", "--file=/c/x.py"]);
        assert!(
            inv.env
                .iter()
                .any(|(k, v)| k == "PYTHONHASHSEED" && v == "0")
        );
    }

    #[test]
    fn unknown_backend_is_missing_with_a_reason() {
        let missing = discover("nonesuch", &Config::default()).unwrap_err();
        assert!(missing.reason.contains("config"));
    }

    #[test]
    fn pyrite_tiers_are_this_binary() {
        let backend = discover("pyrite-bytecode", &Config::default()).unwrap();
        assert_eq!(backend.command[1], PYRITE_TRAMPOLINE);
        assert_eq!(backend.command[3], "bytecode");
        assert_eq!(backend.python, Some(PythonVersion::PYRITE));
    }

    #[test]
    fn unbuilt_pyrite_tier_is_missing_with_a_reason() {
        for tier in ["tree", "bytecode", "jit"] {
            let found = discover(&format!("pyrite-{tier}"), &Config::default());
            match found {
                Ok(_) => assert!(pyrite::BUILT_TIERS.contains(&tier), "{tier}"),
                Err(missing) => {
                    assert!(!pyrite::BUILT_TIERS.contains(&tier), "{tier}");
                    assert!(
                        missing.reason.contains("not built yet"),
                        "{}",
                        missing.reason
                    );
                }
            }
        }
    }
}

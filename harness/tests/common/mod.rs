//! Helpers shared by the end-to-end tests: run the harness binary, build corpora, inspect
//! processes.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Whether `python3` runs here; tests that need it print that they skip when it does not.
pub fn have(program: &str) -> bool {
    Command::new(program)
        .args(["-c", "pass"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs the harness binary with `args` in `cwd`, returning its output and how long it took.
pub fn harness(cwd: &Path, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_harness"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the harness binary runs");
    (output, started.elapsed())
}

/// The exit code, stdout and stderr of an output, for assertions and their messages.
pub fn parts(output: &Output) -> (i32, String, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Writes `files` (path relative to `root`, content) under `root`.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().expect("a file has a parent")).unwrap();
        fs::write(path, content).unwrap();
    }
}

/// Whether process `pid` is gone (no such process, or a zombie awaiting its reaper).
pub fn process_gone(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state is the field after the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

/// Waits up to `limit` for process `pid` to be gone (init may take a moment to reap).
pub fn wait_gone(pid: u32, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if process_gone(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    process_gone(pid)
}

/// Reads a pid written by a test script.
pub fn read_pid(path: &PathBuf) -> u32 {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim()
        .parse()
        .expect("a pid")
}

/// The outcome of (script, backend) in a `--json` report.
pub fn outcome(json: &serde_json::Value, script: &str, backend: &str) -> String {
    json["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|cell| cell["script"] == script && cell["backend"] == backend)
        .unwrap_or_else(|| panic!("no cell for {script} on {backend}"))["outcome"]
        .as_str()
        .expect("an outcome string")
        .to_string()
}

/// The cell of (script, backend) in a `--json` report.
pub fn cell<'a>(json: &'a serde_json::Value, script: &str, backend: &str) -> &'a serde_json::Value {
    json["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|cell| cell["script"] == script && cell["backend"] == backend)
        .unwrap_or_else(|| panic!("no cell for {script} on {backend}"))
}

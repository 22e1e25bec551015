//! Test support: run a script under the real CPython 3.11 (the oracle) and return its stdout.
//!
//! The interpreter is `$PYRITE_PYTHON`, else `/root/.pyenv/versions/3.11.7/bin/python3`, else
//! `python3` on `PATH` if it reports version 3.11. When none is found the differential tests
//! print why and pass vacuously (they never fail for lack of an oracle).

use std::io::Write;
use std::process::{Command, Stdio};

/// The CPython 3.11 interpreter to compare against, if any.
pub fn find_python() -> Option<String> {
    let candidates = [
        std::env::var("PYRITE_PYTHON").ok(),
        Some("/root/.pyenv/versions/3.11.7/bin/python3".to_owned()),
        Some("python3".to_owned()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Runs `script` with `stdin` as its input and `env` added to the environment; `None` (after
/// printing a skip notice) when there is no CPython 3.11. Panics if the script fails: that is a
/// bug in the test.
pub fn python3(script: &str, stdin: &str, env: &[(&str, &str)]) -> Option<String> {
    let Some(python) = find_python() else {
        eprintln!("skipping: no CPython 3.11 found (set PYRITE_PYTHON)");
        return None;
    };
    let mut child = Command::new(python)
        .args(["-c", script])
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn python3");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_owned();
    let writer = std::thread::spawn(move || input.write_all(data.as_bytes()));
    let output = child.wait_with_output().expect("python3 output");
    writer.join().expect("writer thread").expect("write stdin");
    assert!(
        output.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).expect("utf-8 output"))
}

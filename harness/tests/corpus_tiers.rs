//! The real corpus on the pyrite tiers: every conformance script and benchmark (fast size) must
//! give CPython's stdout, exit status and last stderr line. This is the workspace test of
//! "every conformance script identical to CPython": the oracle is the blessed files in
//! `corpus/expected/`, and additionally the live `python3` when one is installed.

mod common;

use std::path::{Path, PathBuf};

use common::{harness, have, parts};

/// The workspace root (the harness crate lives one level below it).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the harness crate is inside the workspace")
        .to_path_buf()
}

/// Runs `harness check --fast` on the real corpus with `args` and asserts that all agree.
fn check_agrees(args: &[&str]) {
    let root = workspace();
    let mut all = vec!["check", "--fast", "--corpus", "corpus"];
    all.extend_from_slice(args);
    let (output, took) = harness(&root, &all);
    let (code, stdout, stderr) = parts(&output);
    assert_eq!(
        code, 0,
        "harness {all:?} exited {code} after {took:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
}

#[test]
fn tiers_agree_with_blessed_outputs() {
    check_agrees(&[
        "--oracle",
        "expected",
        "--backend",
        "pyrite-tree",
        "--backend",
        "pyrite-bytecode",
    ]);
}

#[test]
fn tiers_agree_with_live_cpython() {
    if !have("python3") {
        eprintln!("skipping: no python3 on PATH, the blessed outputs are the only oracle");
        return;
    }
    check_agrees(&[
        "--backend",
        "cpython",
        "--backend",
        "pyrite-tree",
        "--backend",
        "pyrite-bytecode",
    ]);
}

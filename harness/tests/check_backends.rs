//! End-to-end tests of `check` against CPython and configured backends: plain-directory
//! corpora, each divergence kind produced by a fake backend, and the exit codes for usage and
//! infrastructure errors.

mod common;

use std::fs;

use common::*;

/// Fake backends: each wraps python3 and breaks one thing.
const CONFIG: &str = r#"
backends:
  - name: twin
    command: [python3, -B, "{script}", "{args}"]
  - name: shouting
    command: [/bin/sh, -c, 'python3 -B "$0" "$@" | tr a-z A-Z', "{script}", "{args}"]
    python: "3.11"
  - name: mute
    command: [/bin/sh, -c, 'python3 -B "$0" "$@" 2>/dev/null', "{script}", "{args}"]
  - name: exit7
    command: [/bin/sh, -c, 'python3 -B "$0" "$@"; exit 7', "{script}", "{args}"]
  - name: panicky
    command: [/bin/sh, -c, 'echo "thread ''main'' panicked at src/x.rs:1:1:" >&2; echo boom >&2; exit 101', "{script}"]
    version: [echo, "panicky 1.0"]
"#;

#[test]
fn configured_backends_produce_each_divergence() {
    if !have("python3") {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("harness.yaml", CONFIG),
            ("scripts/hello.py", "print('hello')\n"),
            (
                "scripts/raises.py",
                "print('before')\nraise KeyError('k')\n",
            ),
        ],
    );
    let report = dir.path().join("out.json");
    let mut args = vec![
        "check",
        "--corpus",
        "scripts",
        "--oracle",
        "cpython",
        "--reports",
        "reports",
    ];
    for backend in ["cpython", "twin", "shouting", "mute", "exit7", "panicky"] {
        args.extend(["--backend", backend]);
    }
    args.extend(["--json", report.to_str().unwrap()]);
    let (output, _) = harness(dir.path(), &args);
    let (code, out, err) = parts(&output);
    assert_eq!(code, 1, "{out}\n{err}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let expect = [
        ("hello.py", "cpython", "pass"),
        ("raises.py", "cpython", "pass"),
        ("hello.py", "twin", "pass"),
        ("raises.py", "twin", "pass"),
        ("hello.py", "shouting", "wrong_output"),
        ("hello.py", "mute", "pass"),
        ("raises.py", "mute", "wrong_exception"),
        ("hello.py", "exit7", "wrong_exit_status"),
        ("hello.py", "panicky", "crash"),
    ];
    for (script, backend, wanted) in expect {
        assert_eq!(
            outcome(&json, script, backend),
            wanted,
            "{script} on {backend}\n{out}"
        );
    }
    assert!(
        out.contains("panicky 1.0"),
        "the version command is used\n{out}"
    );
    assert!(out.contains("Rust panic"), "{out}");
}

#[test]
fn plain_directory_names_the_script_that_differs() {
    if !have("python3") {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "mine/implementation.py",
                "import sys\nprint(sys.implementation.name)\n",
            ),
            ("mine/same.py", "print(6 * 7)\n"),
        ],
    );
    // The issue's command: a pyrite tier against CPython. pyrite names itself "pyrite", so the
    // implementation script differs whether or not the tier runs anything yet.
    let (output, _) = harness(
        dir.path(),
        &[
            "check",
            "--corpus",
            "mine",
            "--backend",
            "cpython",
            "--backend",
            "pyrite-tree",
            "--oracle",
            "cpython",
        ],
    );
    let (code, out, err) = parts(&output);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("implementation.py on pyrite-tree"), "{out}");

    if !have("pypy3") {
        eprintln!("pypy3 part skipped: pypy3 is not installed");
        return;
    }
    let report = dir.path().join("pypy.json");
    let (output, _) = harness(
        dir.path(),
        &[
            "check",
            "--corpus",
            "mine",
            "--backend",
            "cpython",
            "--backend",
            "pypy",
            "--oracle",
            "cpython",
            "--json",
            report.to_str().unwrap(),
        ],
    );
    let (code, out, err) = parts(&output);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        out.contains("implementation.py on pypy: wrong output"),
        "{out}"
    );
    assert!(
        out.contains("+pypy") && out.contains("-cpython"),
        "the diff is shown\n{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(outcome(&json, "same.py", "pypy"), "pass");
}

#[test]
fn agreeing_backends_exit_0() {
    if !have("python3") {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("harness.yaml", CONFIG),
            ("s/a.py", "print(sum(range(10)))\n"),
            ("s/b.py", "import sys\nsys.exit(2)\n"),
        ],
    );
    let (output, _) = harness(
        dir.path(),
        &[
            "check",
            "--corpus",
            "s",
            "--backend",
            "cpython",
            "--backend",
            "twin",
            "--oracle",
            "cpython",
        ],
    );
    let (code, out, err) = parts(&output);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn usage_and_infrastructure_errors_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("s/a.py", "print(1)\n"),
            ("bad/a.py", "print(1)\n"),
            (
                "bad/corpus.yaml",
                "scripts:\n  - path: a.py\n    timeout: [1]\n",
            ),
        ],
    );
    let run = |args: &[&str]| parts(&harness(dir.path(), args).0);

    let (code, _, err) = run(&["check", "--corpus", "s", "--backend", "nonesuch"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown backend"), "{err}");
    let (code, _, _) = run(&["check", "--no-such-flag"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["check", "--fast", "--full"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(&["check", "--corpus", "s", "--filter", "zzz"]);
    assert_eq!(code, 2, "{err}");

    let (code, _, err) = run(&["check", "--corpus", "missing"]);
    assert_eq!(code, 4, "{err}");
    let (code, _, err) = run(&["check", "--corpus", "bad"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("corpus.yaml:3:") && err.contains("scripts[0].timeout"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "check",
        "--corpus",
        "s",
        "--backend",
        "pyrite-tree",
        "--oracle",
        "expected",
    ]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("no oracle"), "{err}");
}

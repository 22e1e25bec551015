//! The issue's "must hold" test: a corpus of misbehaving scripts is classified right, the run
//! exits 1 promptly, and no process it started is left running.
//!
//! The oracle here is the blessed files (`--oracle expected`), blessed from CPython by the
//! harness itself and then made wrong on purpose, so the test does not depend on which CPython
//! version is installed nor on any pyrite tier working.

mod common;

use std::fs;
use std::time::Duration;

use common::*;

const MANIFEST: &str = r#"
scripts:
  - path: ok.py
    tags: [blessable]
  - path: wrong.py
    tags: [blessable]
  - path: wrong_exception.py
    tags: [blessable]
  - path: wrong_status.py
    tags: [blessable]
    exit: 0
  - path: suicide.py
    tags: [blessable]
  - path: forever.py
    timeout: 1
  - path: big.py
    tags: [blessable]
  - path: known_bug.py
    tags: [blessable]
    xfail: { cpython: "expected output is wrong on purpose" }
  - path: fixed_bug.py
    tags: [blessable]
    xfail: { cpython: "was broken once" }
  - path: not_here.py
    tags: [blessable]
    skip: { cpython: "does not run there" }
"#;

const FOREVER: &str = r#"
import os, sys, time
out = os.path.dirname(os.path.abspath(__file__))
if os.fork() == 0:
    with open(os.path.join(out, "grandchild.pid"), "w") as f:
        f.write(str(os.getpid()))
    time.sleep(600)
    os._exit(0)
with open(os.path.join(out, "forever.pid"), "w") as f:
    f.write(str(os.getpid()))
while True:
    pass
"#;

#[test]
fn misbehaving_scripts_are_classified_and_cleaned_up() {
    if !have("python3") {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_files(
        &corpus,
        &[
            ("corpus.yaml", MANIFEST),
            ("ok.py", "print('fine')\n"),
            ("wrong.py", "print('right answer')\n"),
            (
                "wrong_exception.py",
                "print('x')\nraise ValueError('actual')\n",
            ),
            ("wrong_status.py", "import sys\nprint('bye')\nsys.exit(3)\n"),
            (
                "suicide.py",
                "import os, signal\nprint('dying', flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n",
            ),
            ("forever.py", FOREVER),
            (
                "big.py",
                "import sys\nchunk = ('x' * 99 + '\\n') * 10000\nfor _ in range(50):\n    sys.stdout.write(chunk)\n",
            ),
            ("known_bug.py", "print('known')\n"),
            ("fixed_bug.py", "print('fixed')\n"),
            ("not_here.py", "print('skipped')\n"),
        ],
    );

    // Bless everything but the infinite loop, then make three expectations wrong.
    let (blessed, _) = harness(
        dir.path(),
        &["bless", "--corpus", "corpus", "--filter", "blessable"],
    );
    let (code, out, err) = parts(&blessed);
    assert_eq!(code, 0, "bless failed\n{out}\n{err}");
    let expected = corpus.join("expected");
    fs::write(expected.join("wrong.stdout"), "wrong answer\n").unwrap();
    fs::write(expected.join("known_bug.stdout"), "not what it prints\n").unwrap();
    let json = fs::read_to_string(expected.join("wrong_exception.json")).unwrap();
    fs::write(
        expected.join("wrong_exception.json"),
        json.replace("ValueError: actual", "ValueError: expected"),
    )
    .unwrap();

    let report = dir.path().join("check.json");
    let junit = dir.path().join("check.xml");
    let (checked, elapsed) = harness(
        dir.path(),
        &[
            "check",
            "--corpus",
            "corpus",
            "--backend",
            "cpython",
            "--oracle",
            "expected",
            "--json",
            report.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
            "--reports",
            "reports",
        ],
    );
    let (code, out, err) = parts(&checked);
    assert_eq!(code, 1, "a divergence exits 1\n{out}\n{err}");
    eprintln!("check of the misbehaving corpus took {elapsed:?}");
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let expect = [
        ("ok.py", "pass"),
        ("wrong.py", "wrong_output"),
        ("wrong_exception.py", "wrong_exception"),
        ("wrong_status.py", "wrong_exit_status"),
        ("suicide.py", "crash"),
        ("forever.py", "timeout"),
        ("big.py", "pass"),
        ("known_bug.py", "expected_failure"),
        ("fixed_bug.py", "unexpected_pass"),
        ("not_here.py", "skipped"),
    ];
    for (script, outcome_wanted) in expect {
        assert_eq!(
            outcome(&json, script, "cpython"),
            outcome_wanted,
            "{script}\n{out}"
        );
    }
    let big = cell(&json, "big.py", "cpython");
    assert_eq!(big["stdout_bytes"], 50_000_000);
    assert_eq!(big["stdout_truncated"], true);
    assert_eq!(cell(&json, "suicide.py", "cpython")["signal"], 9);
    assert_eq!(json["exit_code"], 1);

    // The loop and the grandchild it forked are gone.
    let forever = read_pid(&corpus.join("forever.pid"));
    let grandchild = read_pid(&corpus.join("grandchild.pid"));
    assert!(
        wait_gone(forever, Duration::from_secs(5)),
        "forever.py ({forever}) still runs"
    );
    assert!(
        wait_gone(grandchild, Duration::from_secs(5)),
        "its grandchild ({grandchild}) still runs"
    );

    // The terminal report names each divergence; the files hold the details.
    for script in [
        "wrong.py",
        "wrong_exception.py",
        "wrong_status.py",
        "suicide.py",
        "forever.py",
        "fixed_bug.py",
    ] {
        assert!(
            out.contains(&format!("{script} on cpython")),
            "{script} not named\n{out}"
        );
    }
    assert!(out.contains("+right answer"), "the diff is shown\n{out}");
    let diff = fs::read_to_string(dir.path().join("reports/check/wrong.py/cpython.diff")).unwrap();
    assert!(
        diff.contains("-wrong answer") && diff.contains("+right answer"),
        "{diff}"
    );
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(r#"tests="10""#), "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
}

//! The `pyrite` binary end to end: exit statuses and the exact messages `python3` prints for
//! the same situations (with `pyrite` as the program name).

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `pyrite` binary in `dir`.
fn pyrite(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run pyrite")
}

mod common;

use common::{scratch, text};

#[test]
fn ast_prints_the_dump() {
    let dir = scratch("ast");
    std::fs::write(
        dir.join("ok.py"),
        "x = (1, 2.5, 'é\\n', b'\\x00', 1j, ...)\n",
    )
    .expect("write");
    let out = pyrite(&dir, &["ast", "ok.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[\
         Constant(value=1), Constant(value=2.5), Constant(value='é\\n'), \
         Constant(value=b'\\x00'), Constant(value=1j), Constant(value=Ellipsis)], \
         ctx=Load()))], type_ignores=[])\n"
    );
}

#[test]
fn syntax_errors_are_reported_like_cpython() {
    let dir = scratch("syntax");
    std::fs::write(dir.join("bad.py"), "x = (1,\n").expect("write");
    let expected = format!(
        "  File \"{}\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n",
        dir.join("bad.py").display()
    );
    for args in [&["ast", "bad.py"][..], &["bad.py"][..]] {
        let out = pyrite(&dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(text(&out.stderr), expected, "{args:?}");
        assert!(out.stdout.is_empty());
    }
    // Errors of the compiler's passes, not only the parser's, when running.
    let out = pyrite(&dir, &["-c", "return 1"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "  File \"<string>\", line 1\n    return 1\n    ^^^^^^^^\n\
         SyntaxError: 'return' outside function\n"
    );
}

#[test]
fn missing_files_are_reported_like_cpython() {
    let dir = scratch("missing");
    let out = pyrite(&dir, &["./nope/../x.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "pyrite: can't open file '{}': [Errno 2] No such file or directory\n",
            dir.join("./nope/../x.py").display()
        )
    );
    let out = pyrite(&dir, &["ast", "x.py"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn running_a_file_and_code_on_each_built_tier() {
    let dir = scratch("run");
    std::fs::write(dir.join("ok.py"), "import sys\nprint(1, sys.argv[1:])\n").expect("write");
    for mode in ["tree", "bytecode", "jit"] {
        let out = pyrite(&dir, &["-B", "--mode", mode, "ok.py", "arg"]);
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "1 ['arg']\n", "{mode}");
        let out = pyrite(&dir, &["--mode", mode, "-c", "print(2 ** 70)"]);
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "1180591620717411303424\n", "{mode}");
    }
    let out = pyrite(&dir, &["compile", "ok.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cached = std::fs::read_dir(dir.join("__pycache__"))
        .expect("compile writes __pycache__")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("ok.pyrite-"));
    assert!(cached, "compile wrote ok.pyrite-N.pyc");
    let out = pyrite(&dir, &["dis", "ok.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("CALL"), "{}", text(&out.stdout));
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("tools");
    std::fs::write(dir.join("ok.py"), "pass\n").expect("write");
    for args in [&["--mode", "x", "ok.py"][..], &[]] {
        let out = pyrite(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = pyrite(&dir, &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("pyrite ast FILE"));
}

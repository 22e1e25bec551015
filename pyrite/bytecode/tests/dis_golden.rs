//! Golden tests for `dis`: each `golden/NAME.py` is compiled and disassembled, and the result
//! compared with `golden/NAME.dis`. Regenerate every `.dis` file with `PYRITE_BLESS=1 cargo
//! test -p pyrite-bytecode --test dis_golden` (then review the diff).

use std::path::Path;

use pyrite_bytecode::{compile_source, dis::dis};

#[test]
fn dis_output_matches_the_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("PYRITE_BLESS").is_some_and(|v| !v.is_empty());
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 3, "golden scripts missing");
    let mut failures = Vec::new();
    for script in &scripts {
        let src = std::fs::read(script).expect("readable script");
        let name = script.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let code = compile_source(&src, &name).expect("golden scripts compile");
        let text = dis(&code);
        let golden = script.with_extension("dis");
        if bless {
            std::fs::write(&golden, &text).expect("writable golden file");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == text => {}
            Ok(expected) => failures.push(format!(
                "{}: differs (PYRITE_BLESS=1 to regenerate)\n--- expected\n{expected}\n--- got\n{text}",
                golden.display()
            )),
            Err(_) => failures.push(format!("{}: missing (PYRITE_BLESS=1)", golden.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

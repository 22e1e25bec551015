//! Runs a Python file with the tree tier alone (a development aid while the CLI is wired):
//! `cargo run -p pyrite-tree --example tree_run -- FILE [ARGS...]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: tree_run FILE [ARGS...]");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tree_run: can't open file '{path}': {e}");
            std::process::exit(2);
        }
    };
    let filename = std::fs::canonicalize(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.clone());
    std::process::exit(pyrite_tree::run_source(&source, &filename, &args));
}

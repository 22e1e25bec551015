//! Where the harness finds the corpus and writes its reports when not told.
//!
//! The workspace root is the nearest directory, from the current one upwards, that holds both a
//! `Cargo.toml` and a `corpus/` directory; failing that, the root this binary was built from
//! (`CARGO_MANIFEST_DIR/..`, when it still has a `corpus/`). So `harness check` works from any
//! directory of the checkout, and from elsewhere as long as the checkout still exists.

use std::path::{Path, PathBuf};

/// The workspace root, if one can be found.
pub fn root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let is_root = |dir: &Path| dir.join("Cargo.toml").is_file() && dir.join("corpus").is_dir();
    if let Some(found) = cwd.ancestors().find(|dir| is_root(dir)) {
        return Some(found.to_path_buf());
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    is_root(built_from).then(|| built_from.to_path_buf())
}

/// The corpus to use without `--corpus`: `corpus/` in the workspace root, else `./corpus`.
pub fn default_corpus() -> PathBuf {
    root().map_or_else(|| PathBuf::from("corpus"), |root| root.join("corpus"))
}

/// The reports directory to use without `--reports`: `reports/` in the workspace root, else
/// `./reports`.
pub fn default_reports() -> PathBuf {
    root().map_or_else(|| PathBuf::from("reports"), |root| root.join("reports"))
}

//! Build script: computes the compiler *build id* written into every cache file header.
//!
//! The id is XXH3-64 of the crate version and of every source file under `src/` (sorted by
//! path). Any edit to the compiler, the instruction set or the serializer therefore changes the
//! id and invalidates every cache file written by an older build, with nothing to remember to
//! bump; `FORMAT_VERSION` is still bumped for format changes so that different versions use
//! different file names and do not overwrite each other's caches.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for f in &files {
        hasher.update(f.to_string_lossy().as_bytes());
        if let Ok(bytes) = std::fs::read(f) {
            hasher.update(&bytes);
        }
    }
    println!(
        "cargo:rustc-env=PYRITE_COMPILER_BUILD_ID={}",
        hasher.digest()
    );
}

//! Helpers shared by the CLI's integration tests: scratch directories and output text.

use std::path::{Path, PathBuf};

/// A fresh directory under the system temp dir for one test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

/// A fresh scratch directory named after the test `name` and this process.
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("pyrite-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    Scratch(dir)
}

/// Process output as text (lossy).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

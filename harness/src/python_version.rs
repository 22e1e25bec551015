//! The language version a script needs or a backend implements, as `major.minor`.
//!
//! Only the first two components matter for the corpus's `min_python` rule (DESIGN.md section 4:
//! PyPy implements 3.9, so scripts that need 3.10+ are skipped for it), so a patch level in the
//! input ("3.11.7") is accepted and dropped. Ordering is numeric: 3.9 < 3.10.

use std::fmt;
use std::str::FromStr;

/// A Python language version such as 3.11.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonVersion {
    /// The major version (3).
    pub major: u32,
    /// The minor version (11 in 3.11).
    pub minor: u32,
}

impl PythonVersion {
    /// The version pyrite implements (DESIGN.md section 3).
    pub const PYRITE: PythonVersion = PythonVersion {
        major: 3,
        minor: 11,
    };
}

/// A string that is not `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a Python version like \"3.10\", got {0:?}")]
pub struct BadPythonVersion(pub String);

impl FromStr for PythonVersion {
    type Err = BadPythonVersion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadPythonVersion(text.to_string());
        let mut parts = text.trim().split('.');
        let major = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let minor = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        // A patch level may follow ("3.11.7", "3.13.0rc1"); anything after it is an error.
        if let Some(patch) = parts.next()
            && (patch.is_empty() || !patch.starts_with(|c: char| c.is_ascii_digit()))
        {
            return Err(bad());
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(PythonVersion { major, minor })
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_numerically() {
        let v39: PythonVersion = "3.9".parse().unwrap();
        let v310: PythonVersion = "3.10".parse().unwrap();
        let v311: PythonVersion = "3.11.7".parse().unwrap();
        assert!(v39 < v310 && v310 < v311);
        assert_eq!(v311, PythonVersion::PYRITE);
        assert_eq!(v310.to_string(), "3.10");
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "3", "3.x", "three.ten", "3.10.", "3.10.1.2"] {
            assert!(bad.parse::<PythonVersion>().is_err(), "{bad:?}");
        }
    }
}

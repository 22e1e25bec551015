//! The machine a benchmark ran on: what pyperf records so numbers are never read without
//! their context (CPU, cores, OS, compiler, source revision).
//!
//! Every field is best effort: a missing `/proc/cpuinfo` or `git` gives `"unknown"` (or
//! `null`), never an error, because a benchmark is still worth its numbers without them.

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Where and with what a benchmark ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// The CPU's model name (`/proc/cpuinfo`).
    pub cpu_model: String,
    /// Logical CPUs available to the harness.
    pub cores: usize,
    /// The distribution's name and version (`/etc/os-release`), else the OS family.
    pub os: String,
    /// Kernel release and architecture (`uname -sr`, the target architecture).
    pub kernel: String,
    /// The compiler that built the harness and the pyrite tiers in it (`rustc -V`).
    pub rustc: String,
    /// `release` or `debug`: a debug harness means debug pyrite tiers.
    pub harness_build: String,
    /// The checkout's `HEAD` commit, when run from a git checkout.
    pub git_commit: Option<String>,
    /// Whether the checkout had uncommitted changes.
    pub git_dirty: Option<bool>,
    /// When the benchmark started, UTC, ISO 8601.
    pub date: String,
}

impl Machine {
    /// Describes this machine; `checkout` is the directory `git` is asked about.
    pub fn describe(checkout: Option<&Path>) -> Machine {
        let (git_commit, git_dirty) = checkout.map_or((None, None), git_state);
        Machine {
            cpu_model: cpu_model().unwrap_or_else(|| "unknown".to_string()),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            os: os_name(),
            kernel: kernel(),
            rustc: env!("HARNESS_RUSTC_VERSION").to_string(),
            harness_build: if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
            .to_string(),
            git_commit,
            git_dirty,
            date: utc_now(),
        }
    }
}

fn cpu_model() -> Option<String> {
    let text = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(key, _)| key.trim() == "model name")
        .map(|(_, value)| value.trim().to_string())
}

fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .map(|value| value.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string())
}

fn kernel() -> String {
    let uname = first_line(Command::new("uname").arg("-sr"));
    format!(
        "{} {}",
        uname.unwrap_or_else(|| std::env::consts::OS.to_string()),
        std::env::consts::ARCH
    )
}

fn git_state(dir: &Path) -> (Option<String>, Option<bool>) {
    let commit = first_line(
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "HEAD"]),
    );
    if commit.is_none() {
        return (None, None);
    }
    let dirty = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| !out.stdout.is_empty());
    (commit, dirty)
}

fn first_line(command: &mut Command) -> Option<String> {
    let out = command.output().ok().filter(|out| out.status.success())?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .next()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// The current time, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc_from_unix(seconds)
}

/// Formats a Unix time as UTC ISO 8601 (Howard Hinnant's `civil_from_days`).
fn utc_from_unix(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let of_day = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_dates() {
        // date -u -d @0 / @951782400 (a leap day) / @1700000000
        assert_eq!(utc_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_from_unix(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn describes_something() {
        let machine = Machine::describe(None);
        assert!(machine.cores >= 1);
        assert!(!machine.rustc.is_empty());
    }
}

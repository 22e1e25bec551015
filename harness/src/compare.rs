//! Classification: what one run on one backend means, compared with the oracle.
//!
//! Compared are stdout (whole content, by length and FNV-1a hash, so capped captures of large
//! outputs still compare exactly), the exit status (against the manifest's `exit` when it gives
//! one, else against the oracle's status) and the last non-blank stderr line (the final exception line, `ZeroDivisionError: division
//! by zero`; tracebacks above it differ between implementations and are not compared).
//!
//! Precedence, first match wins: timeout, crash (a signal, or a Rust panic: exit 101 with
//! "panicked at" on stderr), no oracle, wrong exception, wrong exit status, wrong output, pass.
//! The exception comes before the exit status because an unexpected exception changes both and
//! the exception is the cause. Then `xfail` turns a failure into an expected failure and a pass
//! into an unexpected pass, which fails the run as pytest's strict xfail does: a fixed bug must
//! have its xfail removed.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::runner::{Captured, RunResult, Termination};

/// The verdict on one cell of the matrix (script x backend).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Same stdout, exit status and final exception line as the oracle.
    Pass,
    /// Only stdout differs.
    WrongOutput,
    /// The final stderr line (the exception) differs.
    WrongException,
    /// The exit status differs from the manifest's.
    WrongExitStatus,
    /// Killed by a signal, or a Rust panic.
    Crash,
    /// Ran past its timeout; its process group was killed.
    Timeout,
    /// Not run: the manifest skips it here, or the backend's Python is too old.
    Skipped,
    /// Failed, as the manifest's `xfail` says it does.
    ExpectedFailure,
    /// Passed although the manifest's `xfail` says it fails: remove the xfail.
    UnexpectedPass,
    /// No oracle output to compare with (no CPython run, no blessed file).
    NoOracle,
    /// The harness could not start or watch the process.
    HarnessError,
}

impl Outcome {
    /// Every outcome, in legend order.
    pub const ALL: [Outcome; 11] = [
        Outcome::Pass,
        Outcome::WrongOutput,
        Outcome::WrongException,
        Outcome::WrongExitStatus,
        Outcome::Crash,
        Outcome::Timeout,
        Outcome::Skipped,
        Outcome::ExpectedFailure,
        Outcome::UnexpectedPass,
        Outcome::NoOracle,
        Outcome::HarnessError,
    ];

    /// The short symbol shown in the matrix.
    pub fn symbol(self) -> &'static str {
        match self {
            Outcome::Pass => "ok",
            Outcome::WrongOutput => "OUT",
            Outcome::WrongException => "EXC",
            Outcome::WrongExitStatus => "EXIT",
            Outcome::Crash => "CRASH",
            Outcome::Timeout => "TIME",
            Outcome::Skipped => "skip",
            Outcome::ExpectedFailure => "xfail",
            Outcome::UnexpectedPass => "XPASS",
            Outcome::NoOracle => "?",
            Outcome::HarnessError => "ERR",
        }
    }

    /// The words for the legend and for logs.
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::WrongOutput => "wrong output",
            Outcome::WrongException => "wrong exception",
            Outcome::WrongExitStatus => "wrong exit status",
            Outcome::Crash => "crash (signal or panic)",
            Outcome::Timeout => "timeout",
            Outcome::Skipped => "skipped",
            Outcome::ExpectedFailure => "expected failure (xfail)",
            Outcome::UnexpectedPass => "unexpected pass (xfail passed)",
            Outcome::NoOracle => "no oracle output",
            Outcome::HarnessError => "harness error",
        }
    }

    /// A divergence: the run must exit 1.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Outcome::WrongOutput
                | Outcome::WrongException
                | Outcome::WrongExitStatus
                | Outcome::Crash
                | Outcome::Timeout
                | Outcome::UnexpectedPass
        )
    }

    /// The harness could not judge the cell: the run must exit 4 (unless something diverged).
    pub fn is_infrastructure(self) -> bool {
        matches!(self, Outcome::NoOracle | Outcome::HarnessError)
    }
}

/// What the oracle says a script does.
#[derive(Clone, Debug)]
pub struct Reference {
    /// Where it comes from ("cpython 3.11.7", "expected/conformance/hello.stdout").
    pub source: String,
    /// The oracle's stdout.
    pub stdout: Captured,
    /// The oracle's last stderr line.
    pub last_stderr_line: Option<String>,
    /// How the oracle's run ended (never [`Termination::TimedOut`]: that is no reference).
    pub status: Termination,
}

/// A cell's outcome and a one-line explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The classification.
    pub outcome: Outcome,
    /// Why, for humans ("exit 1, expected 0"); empty for a plain pass.
    pub detail: String,
}

impl Verdict {
    fn new(outcome: Outcome, detail: impl Into<String>) -> Verdict {
        Verdict {
            outcome,
            detail: detail.into(),
        }
    }
}

/// Classifies one run; `timeout` is only used in the explanation.
pub fn classify(
    result: &RunResult,
    reference: Option<&Reference>,
    expected_exit: Option<i32>,
    xfail: Option<&str>,
    timeout: Duration,
) -> Verdict {
    let verdict = raw_verdict(result, reference, expected_exit, timeout);
    match xfail {
        Some(reason) if verdict.outcome.is_failure() => Verdict::new(
            Outcome::ExpectedFailure,
            format!("{} (xfail: {reason})", verdict.detail),
        ),
        Some(reason) if verdict.outcome == Outcome::Pass => Verdict::new(
            Outcome::UnexpectedPass,
            format!("passes although marked xfail ({reason}): remove the xfail"),
        ),
        _ => verdict,
    }
}

fn raw_verdict(
    result: &RunResult,
    reference: Option<&Reference>,
    expected_exit: Option<i32>,
    timeout: Duration,
) -> Verdict {
    let code = match result.termination {
        Termination::TimedOut => {
            return Verdict::new(
                Outcome::Timeout,
                format!(
                    "still running after {:.1} s: process group killed",
                    timeout.as_secs_f64()
                ),
            );
        }
        Termination::Signaled(signal) => {
            return Verdict::new(
                Outcome::Crash,
                format!("killed by signal {signal} ({})", signal_name(signal)),
            );
        }
        Termination::Exited(code) => code,
    };
    if code == 101 && result.stderr.contains("panicked at") {
        let line = panic_line(&result.stderr).unwrap_or_default();
        return Verdict::new(Outcome::Crash, format!("Rust panic: {line}"));
    }
    let Some(reference) = reference else {
        return Verdict::new(Outcome::NoOracle, "no oracle output to compare with");
    };
    let last = result.stderr.last_line();
    if last != reference.last_stderr_line {
        return Verdict::new(
            Outcome::WrongException,
            format!(
                "stderr ends with {}, expected {}",
                quoted(last.as_deref()),
                quoted(reference.last_stderr_line.as_deref())
            ),
        );
    }
    let expected_status = expected_exit.map_or(reference.status, Termination::Exited);
    if Termination::Exited(code) != expected_status {
        let expected = match expected_status {
            Termination::Exited(code) => format!("exit {code}"),
            Termination::Signaled(signal) => format!("signal {signal} ({})", signal_name(signal)),
            Termination::TimedOut => "a timeout".to_string(),
        };
        return Verdict::new(
            Outcome::WrongExitStatus,
            format!("exit {code}, expected {expected}"),
        );
    }
    if !result.stdout.same_content(&reference.stdout) {
        return Verdict::new(
            Outcome::WrongOutput,
            format!(
                "stdout differs ({} bytes, expected {})",
                result.stdout.total, reference.stdout.total
            ),
        );
    }
    Verdict::new(Outcome::Pass, "")
}

fn quoted(line: Option<&str>) -> String {
    match line {
        Some(line) => format!("`{line}`"),
        None => "nothing".to_string(),
    }
}

/// The line of a Rust panic message: "thread 'main' panicked at src/x.rs:1:2:" and the message.
fn panic_line(stderr: &Captured) -> Option<String> {
    let text = [&stderr.head, &stderr.tail]
        .iter()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let mut lines = text.lines();
    let at = lines.by_ref().find(|line| line.contains("panicked at"))?;
    let message = lines.next().unwrap_or_default();
    Some(
        format!("{} {}", at.trim(), message.trim())
            .trim()
            .to_string(),
    )
}

/// The conventional name of a signal number, for messages.
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        libc::SIGUSR1 => "SIGUSR1",
        libc::SIGUSR2 => "SIGUSR2",
        _ => "signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_with(termination: Termination, stdout: &str, stderr: &str) -> RunResult {
        RunResult {
            termination,
            stdout: Captured::whole(stdout.as_bytes().to_vec()),
            stderr: Captured::whole(stderr.as_bytes().to_vec()),
            pipes_abandoned: false,
            wall: Duration::ZERO,
            user: Duration::ZERO,
            sys: Duration::ZERO,
            max_rss_kib: 0,
        }
    }

    fn reference(stdout: &str, last: Option<&str>) -> Reference {
        Reference {
            source: "test".to_string(),
            stdout: Captured::whole(stdout.as_bytes().to_vec()),
            status: Termination::Exited(i32::from(last.is_some())),
            last_stderr_line: last.map(str::to_string),
        }
    }

    fn outcome(
        result: &RunResult,
        reference: &Reference,
        exit: i32,
        xfail: Option<&str>,
    ) -> Outcome {
        let exit = (exit >= 0).then_some(exit);
        classify(result, Some(reference), exit, xfail, Duration::from_secs(1)).outcome
    }

    #[test]
    fn each_outcome() {
        let good = reference("1\n", None);
        let ok = run_with(Termination::Exited(0), "1\n", "");
        assert_eq!(outcome(&ok, &good, 0, None), Outcome::Pass);
        let out = run_with(Termination::Exited(0), "2\n", "");
        assert_eq!(outcome(&out, &good, 0, None), Outcome::WrongOutput);
        let exc = run_with(Termination::Exited(1), "1\n", "Traceback...\nNameError: x");
        assert_eq!(outcome(&exc, &good, 0, None), Outcome::WrongException);
        // Without a manifest `exit`, the oracle's status is expected.
        let raised = reference("1\n", Some("ValueError: v"));
        let same = run_with(Termination::Exited(1), "1\n", "ValueError: v\n");
        assert_eq!(outcome(&same, &raised, -1, None), Outcome::Pass);
        assert_eq!(outcome(&same, &raised, 0, None), Outcome::WrongExitStatus);
        let exit = run_with(Termination::Exited(3), "1\n", "");
        assert_eq!(outcome(&exit, &good, 0, None), Outcome::WrongExitStatus);
        assert_eq!(outcome(&exit, &good, 3, None), Outcome::Pass);
        let killed = run_with(Termination::Signaled(9), "", "");
        assert_eq!(outcome(&killed, &good, 0, None), Outcome::Crash);
        let panic = run_with(
            Termination::Exited(101),
            "",
            "thread 'main' panicked at src/lib.rs:1:1:\nboom\n",
        );
        let verdict = classify(&panic, Some(&good), None, None, Duration::ZERO);
        assert_eq!(verdict.outcome, Outcome::Crash);
        assert!(verdict.detail.contains("boom"), "{}", verdict.detail);
        let hung = run_with(Termination::TimedOut, "", "");
        assert_eq!(outcome(&hung, &good, 0, None), Outcome::Timeout);
        assert_eq!(
            outcome(&out, &good, 0, Some("bug")),
            Outcome::ExpectedFailure
        );
        assert_eq!(outcome(&ok, &good, 0, Some("bug")), Outcome::UnexpectedPass);
        let none = classify(&ok, None, None, None, Duration::ZERO);
        assert_eq!(none.outcome, Outcome::NoOracle);
    }

    #[test]
    fn exception_lines_compare_exactly() {
        let raised = reference("", Some("ZeroDivisionError: division by zero"));
        let same = run_with(
            Termination::Exited(1),
            "",
            "Traceback (most recent call last):\n  File \"x\"\nZeroDivisionError: division by zero\n",
        );
        assert_eq!(outcome(&same, &raised, 1, None), Outcome::Pass);
        let other = run_with(
            Termination::Exited(1),
            "",
            "ZeroDivisionError: integer division\n",
        );
        assert_eq!(outcome(&other, &raised, 1, None), Outcome::WrongException);
    }

    #[test]
    fn failure_and_infrastructure_sets_are_disjoint() {
        for outcome in Outcome::ALL {
            assert!(!(outcome.is_failure() && outcome.is_infrastructure()));
        }
    }
}

//! `--junit FILE`: the check as JUnit XML, one test case per script x backend.
//!
//! Each backend is a test suite (so CI systems group by implementation) and each script a test
//! case in it, named by the script's corpus path. Pass is a success; skipped and expected
//! failures are `<skipped>` with the reason; divergences are `<failure>` (message: the reason,
//! type: the outcome) with the stdout diff as description; cells the harness could not judge
//! are `<error>`.

use std::path::Path;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::check::CheckRun;
use crate::compare::Outcome;
use crate::report;

/// Bytes of a diff kept in a failure's description.
const DESCRIPTION_BYTES: usize = 8 * 1024;

/// Builds the report.
pub fn build(run: &CheckRun) -> Report {
    let mut junit = Report::new("harness check");
    junit.set_time(run.elapsed);
    for (b, backend) in run.backends().iter().enumerate() {
        let mut suite = TestSuite::new(backend.name.clone());
        for (s, script) in run.scripts.iter().enumerate() {
            let cell = &run.cells[s][b];
            let outcome = cell.verdict.outcome;
            let mut status = if outcome == Outcome::Pass {
                TestCaseStatus::success()
            } else if matches!(outcome, Outcome::Skipped | Outcome::ExpectedFailure) {
                let mut status = TestCaseStatus::skipped();
                status.set_message(format!("{}: {}", outcome.describe(), cell.verdict.detail));
                status
            } else {
                let kind = if outcome.is_infrastructure() {
                    NonSuccessKind::Error
                } else {
                    NonSuccessKind::Failure
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_message(cell.verdict.detail.clone());
                status.set_type(outcome.describe());
                status
            };
            if outcome.is_failure()
                && let (Some(result), Some(reference)) = (&cell.result, &run.references[s])
                && !result.stdout.same_content(&reference.stdout)
            {
                let mut diff = report::stdout_diff(reference, &result.stdout, &backend.name);
                if diff.len() > DESCRIPTION_BYTES {
                    let mut cut = DESCRIPTION_BYTES;
                    while !diff.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    diff.truncate(cut);
                    diff.push_str("\n[... diff truncated ...]\n");
                }
                status.set_description(diff);
            }
            let mut case = TestCase::new(script.name.clone(), status);
            case.set_classname(backend.name.clone());
            if let Some(result) = &cell.result {
                case.set_time(result.wall);
                if outcome.is_failure() {
                    case.set_system_err_lossy(result.stderr.last_line().unwrap_or_default());
                }
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit
}

/// Writes the XML to `path`.
pub fn write(run: &CheckRun, path: &Path) -> anyhow::Result<()> {
    let xml = build(run)
        .to_string()
        .map_err(|e| anyhow::anyhow!("cannot serialize the JUnit report: {e}"))?;
    std::fs::write(path, xml).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

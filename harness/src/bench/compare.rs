//! `harness compare OLD.json NEW.json`: what changed between two bench reports, and whether
//! the change is real.
//!
//! Each (script, column) present in both reports and timed in both is judged on its wall-time
//! samples: the change of the median, Welch's t-test (the verdict: `p < alpha`, 0.05 unless
//! told) and the Mann-Whitney U test beside it. A significant change is `faster` or `slower`
//! by the sign of the median's change; anything else is `no significant change`. The exit
//! status is 3 when some significant slowdown is larger than `--threshold` percent (criterion's
//! "Performance has regressed"), so CI can gate on it without flagging noise.
//!
//! Cells that stopped (or started) being timed are listed with what became of them; reports
//! from different machines, modes or sizes are compared anyway, with a warning.

use comfy_table::{Cell as TableCell, CellAlignment, Table, presets};

use super::format;
use super::model::{BenchReport, Cell, Status};
use crate::exit::Exit;
use crate::report::bench_terminal::row_label;
use crate::stats::Summary;
use crate::stats::significance::{TTest, UTest, mann_whitney_u, welch_t_test};

/// What `compare` was asked.
#[derive(Clone, Copy, Debug)]
pub struct CompareOptions {
    /// A significant slowdown larger than this many percent fails the comparison (exit 3).
    pub threshold_percent: f64,
    /// Significance level of the t-test.
    pub alpha: f64,
}

/// The verdict on one (script, column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Significantly faster.
    Faster,
    /// Significantly slower.
    Slower,
    /// No significant change (or too few runs to tell).
    NoSignificantChange,
    /// Not comparable: not timed on one side; says why.
    NotComparable(String),
}

impl Verdict {
    /// The words in the table.
    pub fn describe(&self) -> String {
        match self {
            Verdict::Faster => "faster".to_string(),
            Verdict::Slower => "slower".to_string(),
            Verdict::NoSignificantChange => "no significant change".to_string(),
            Verdict::NotComparable(why) => why.clone(),
        }
    }
}

/// One row of the comparison.
#[derive(Clone, Debug)]
pub struct Change {
    /// The script.
    pub script: String,
    /// The column.
    pub column: String,
    /// Old wall-time summary.
    pub old: Option<Summary>,
    /// New wall-time summary.
    pub new: Option<Summary>,
    /// `(new median / old median - 1) * 100`: positive is slower.
    pub change_percent: Option<f64>,
    /// Welch's t-test, when both sides have two runs or more.
    pub t_test: Option<TTest>,
    /// Mann-Whitney U test.
    pub u_test: Option<UTest>,
    /// The verdict.
    pub verdict: Verdict,
    /// A significant slowdown beyond the threshold.
    pub regression: bool,
}

/// The whole comparison.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Row by row, in the new report's order (then cells only in the old one).
    pub changes: Vec<Change>,
    /// Reasons the two reports may not be comparable.
    pub warnings: Vec<String>,
    /// The options used.
    pub options: CompareOptions,
}

/// Compares every cell of the two reports.
pub fn compare(old: &BenchReport, new: &BenchReport, options: CompareOptions) -> Comparison {
    let mut changes = Vec::new();
    let new_cells = new.startup.iter().chain(&new.results);
    for cell in new_cells {
        let before = if cell.script == super::model::STARTUP_SCRIPT {
            old.startup_cell(&cell.column)
        } else {
            old.cell(&cell.script, &cell.column)
        };
        changes.push(change(before, Some(cell), options));
    }
    for cell in old.startup.iter().chain(&old.results) {
        let in_new = new
            .startup
            .iter()
            .chain(&new.results)
            .any(|c| c.script == cell.script && c.column == cell.column);
        if !in_new {
            changes.push(change(Some(cell), None, options));
        }
    }
    Comparison {
        changes,
        warnings: comparability_warnings(old, new),
        options,
    }
}

fn change(old: Option<&Cell>, new: Option<&Cell>, options: CompareOptions) -> Change {
    let any = new.or(old);
    let script = any.map(|c| c.script.clone()).unwrap_or_default();
    let column = any.map(|c| c.column.clone()).unwrap_or_default();
    let mut row = Change {
        script,
        column,
        // From the samples, which are the record (a summary is derived data).
        old: timed(old).and_then(|c| Summary::of(&c.samples.wall_s)),
        new: timed(new).and_then(|c| Summary::of(&c.samples.wall_s)),
        change_percent: None,
        t_test: None,
        u_test: None,
        verdict: Verdict::NoSignificantChange,
        regression: false,
    };
    let (Some(before), Some(after)) = (timed(old), timed(new)) else {
        row.verdict = Verdict::NotComparable(match (old, new) {
            (None, _) => "new".to_string(),
            (_, None) => "gone".to_string(),
            (Some(o), Some(n)) if o.status == Status::Timed => {
                format!("now {} ({})", status_word(n), n.outcome.describe())
            }
            (Some(o), Some(n)) if n.status == Status::Timed => {
                format!("now timed (was {})", status_word(o))
            }
            (Some(_), Some(n)) => format!("not timed ({})", status_word(n)),
        });
        return row;
    };
    let (a, b) = (&before.samples.wall_s, &after.samples.wall_s);
    if let (Some(old_summary), Some(new_summary)) = (row.old, row.new)
        && old_summary.median > 0.0
    {
        row.change_percent = Some((new_summary.median / old_summary.median - 1.0) * 100.0);
    }
    row.t_test = welch_t_test(a, b);
    row.u_test = mann_whitney_u(a, b);
    let significant = row.t_test.is_some_and(|t| t.p < options.alpha);
    row.verdict = match (significant, row.change_percent) {
        (true, Some(change)) if change > 0.0 => Verdict::Slower,
        (true, Some(change)) if change < 0.0 => Verdict::Faster,
        _ => Verdict::NoSignificantChange,
    };
    row.regression = row.verdict == Verdict::Slower
        && row
            .change_percent
            .is_some_and(|c| c > options.threshold_percent);
    row
}

fn timed(cell: Option<&Cell>) -> Option<&Cell> {
    cell.filter(|c| c.status == Status::Timed)
}

fn status_word(cell: &Cell) -> &'static str {
    match cell.status {
        Status::Timed => "timed",
        Status::Failed => "failing",
        Status::Skipped => "skipped",
    }
}

fn comparability_warnings(old: &BenchReport, new: &BenchReport) -> Vec<String> {
    let mut found = Vec::new();
    if old.size != new.size {
        found.push(format!(
            "the reports ran different sizes ({:?} vs {:?}): times are not comparable",
            old.size, new.size
        ));
    }
    let (a, b) = (&old.machine, &new.machine);
    if a.cpu_model != b.cpu_model || a.cores != b.cores {
        found.push(format!(
            "different machines ({}, {} cores vs {}, {} cores)",
            a.cpu_model, a.cores, b.cpu_model, b.cores
        ));
    }
    if a.harness_build != b.harness_build {
        found.push(format!(
            "different harness builds ({} vs {}): pyrite tiers are not comparable",
            a.harness_build, b.harness_build
        ));
    }
    found
}

impl Comparison {
    /// 3 when a significant slowdown exceeds the threshold, else 0.
    pub fn exit(&self) -> Exit {
        if self.changes.iter().any(|c| c.regression) {
            Exit::Regression
        } else {
            Exit::Agree
        }
    }

    /// The table: one row per (script, column).
    pub fn table(&self) -> Table {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_header([
            "script",
            "column",
            "old median",
            "new median",
            "change",
            "p (Welch t)",
            "p (Mann-Whitney U)",
            "verdict",
        ]);
        for change in &self.changes {
            let time = |s: Option<Summary>| {
                s.map_or_else(String::new, |s| {
                    format!(
                        "{} ± {}",
                        format::seconds(s.median),
                        format::seconds(s.stdev)
                    )
                })
            };
            let mut verdict = change.verdict.describe();
            if change.regression {
                verdict.push_str(" (regression)");
            }
            table.add_row(vec![
                TableCell::new(row_label(&change.script)),
                TableCell::new(&change.column),
                TableCell::new(time(change.old)).set_alignment(CellAlignment::Right),
                TableCell::new(time(change.new)).set_alignment(CellAlignment::Right),
                TableCell::new(
                    change
                        .change_percent
                        .map_or_else(String::new, format::signed_percent),
                )
                .set_alignment(CellAlignment::Right),
                TableCell::new(change.t_test.map_or_else(String::new, |t| p_value(t.p)))
                    .set_alignment(CellAlignment::Right),
                TableCell::new(change.u_test.map_or_else(String::new, |u| p_value(u.p)))
                    .set_alignment(CellAlignment::Right),
                TableCell::new(verdict),
            ]);
        }
        table
    }

    /// The closing lines: counts, and the regressions named.
    pub fn summary(&self) -> Vec<String> {
        let count = |v: &Verdict| self.changes.iter().filter(|c| c.verdict == *v).count();
        let mut lines = vec![format!(
            "{} faster, {} slower, {} no significant change, {} not comparable \
             (Welch's t-test, alpha {}; regression threshold {}%)",
            count(&Verdict::Faster),
            count(&Verdict::Slower),
            count(&Verdict::NoSignificantChange),
            self.changes
                .iter()
                .filter(|c| matches!(c.verdict, Verdict::NotComparable(_)))
                .count(),
            self.options.alpha,
            self.options.threshold_percent
        )];
        for change in self.changes.iter().filter(|c| c.regression) {
            lines.push(format!(
                "regression: {} on {} is {} slower (p = {})",
                change.script,
                change.column,
                change
                    .change_percent
                    .map_or_else(String::new, format::signed_percent),
                change.t_test.map_or_else(String::new, |t| p_value(t.p))
            ));
        }
        lines
    }
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::model::tests::report_with;

    const OPTIONS: CompareOptions = CompareOptions {
        threshold_percent: 5.0,
        alpha: 0.05,
    };

    #[test]
    fn verdicts_and_exit() {
        let old = report_with(&[
            ("a.py", "cpython", &[0.100, 0.101, 0.099, 0.100, 0.102]),
            ("b.py", "cpython", &[0.200, 0.202, 0.198, 0.201, 0.199]),
            ("c.py", "cpython", &[0.050, 0.051, 0.049, 0.050, 0.050]),
        ]);
        let new = report_with(&[
            // 20% slower, clearly significant: a regression.
            ("a.py", "cpython", &[0.120, 0.121, 0.119, 0.120, 0.122]),
            // The same distribution.
            ("b.py", "cpython", &[0.201, 0.199, 0.200, 0.202, 0.198]),
            // 10% faster.
            ("c.py", "cpython", &[0.045, 0.046, 0.044, 0.045, 0.045]),
        ]);
        let comparison = compare(&old, &new, OPTIONS);
        let verdict = |script: &str| {
            comparison
                .changes
                .iter()
                .find(|c| c.script == script)
                .map(|c| c.verdict.clone())
                .unwrap()
        };
        assert_eq!(verdict("a.py"), Verdict::Slower);
        assert_eq!(verdict("b.py"), Verdict::NoSignificantChange);
        assert_eq!(verdict("c.py"), Verdict::Faster);
        assert_eq!(comparison.exit(), Exit::Regression);
        // A 20% slowdown under a 25% threshold is reported but does not fail.
        let lenient = compare(
            &old,
            &new,
            CompareOptions {
                threshold_percent: 25.0,
                ..OPTIONS
            },
        );
        assert_eq!(lenient.exit(), Exit::Agree);
        assert!(comparison.table().to_string().contains("regression"));
    }

    #[test]
    fn cells_that_stop_being_timed_are_not_comparable() {
        let old = report_with(&[("a.py", "cpython", &[0.1, 0.1, 0.1])]);
        let mut new = report_with(&[("a.py", "cpython", &[0.1, 0.1, 0.1])]);
        new.results[0].status = Status::Failed;
        new.results[0].outcome = crate::compare::Outcome::WrongOutput;
        let comparison = compare(&old, &new, OPTIONS);
        assert!(
            matches!(&comparison.changes[0].verdict, Verdict::NotComparable(w) if w.contains("now failing")),
            "{:?}",
            comparison.changes[0].verdict
        );
        assert_eq!(comparison.exit(), Exit::Agree);
    }
}

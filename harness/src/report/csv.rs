//! The bench results as CSV (RFC 4180): one row per cell, start-up cells first, for
//! spreadsheets and pandas. Empty fields mean "not measured"; times are seconds, memory KiB.
//!
//! Written by hand: quoting a field is one rule (wrap in `"` and double inner quotes when it
//! holds a comma, quote or line break), not worth a dependency.

use std::fmt::Write as _;

use crate::bench::model::{BenchReport, Cell, Status};
use crate::stats::{Ratio, Summary};

/// The header row, in field order.
pub const COLUMNS: [&str; 24] = [
    "script",
    "column",
    "backend",
    "cache",
    "status",
    "outcome",
    "runs",
    "wall_median_s",
    "wall_mean_s",
    "wall_stdev_s",
    "wall_mad_s",
    "wall_min_s",
    "wall_max_s",
    "cpu_median_s",
    "max_rss_median_kib",
    "speed_vs_reference",
    "speed_vs_reference_low",
    "speed_vs_reference_high",
    "speed_vs_tree",
    "speed_vs_tree_low",
    "speed_vs_tree_high",
    "tags",
    "warnings",
    "detail",
];

/// The whole CSV text.
pub fn render(report: &BenchReport) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for cell in report.startup.iter().chain(&report.results) {
        let column = report.columns.iter().find(|c| c.label == cell.column);
        let mut fields: Vec<String> = vec![
            cell.script.clone(),
            cell.column.clone(),
            column.map_or_else(String::new, |c| c.backend.clone()),
            column
                .and_then(|c| c.cache)
                .map_or_else(String::new, |c| format!("{c:?}").to_lowercase()),
            status(cell).to_string(),
            serde_json::to_value(cell.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            cell.wall_s.map_or_else(String::new, |s| s.n.to_string()),
        ];
        let wall = cell.wall_s;
        fields.extend(
            [
                wall.map(|s| s.median),
                wall.map(|s| s.mean),
                wall.map(|s| s.stdev),
                wall.map(|s| s.mad),
                wall.map(|s| s.min),
                wall.map(|s| s.max),
                median(cell.cpu_s),
                median(cell.max_rss_kib),
            ]
            .map(number),
        );
        fields.extend(ratio(cell.speed_vs_reference));
        fields.extend(ratio(cell.speed_vs_tree));
        fields.push(cell.tags.join(" "));
        fields.push(cell.warnings.join("; "));
        fields.push(cell.detail.clone());
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        let _ = writeln!(out, "{}", line.join(","));
    }
    out
}

fn status(cell: &Cell) -> &'static str {
    match cell.status {
        Status::Timed => "timed",
        Status::Failed => "failed",
        Status::Skipped => "skipped",
    }
}

fn median(summary: Option<Summary>) -> Option<f64> {
    summary.map(|s| s.median)
}

fn ratio(ratio: Option<Ratio>) -> [String; 3] {
    [
        ratio.map(|r| r.value),
        ratio.map(|r| r.low),
        ratio.map(|r| r.high),
    ]
    .map(number)
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v}"))
}

/// A field, quoted when it must be.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::model::tests::report_with;

    #[test]
    fn one_row_per_cell_with_quoting() {
        let mut report = report_with(&[
            ("a.py", "cpython", &[0.1, 0.1]),
            ("b,c.py", "cpython", &[0.2, 0.2]),
        ]);
        report.results[1].detail = "said \"no\"".to_string();
        let text = render(&report);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].split(',').count(), COLUMNS.len());
        assert!(lines[1].starts_with("a.py,cpython,cpython,,timed,pass,2,0.1,"));
        assert!(lines[2].starts_with("\"b,c.py\""));
        assert!(lines[2].ends_with("\"said \"\"no\"\"\""));
    }
}

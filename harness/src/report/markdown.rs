//! The bench results as Markdown, ready to paste into a pull request: the setup, a speed table
//! with confidence intervals, geometric means per tag, speeds against the tree tier, start-up,
//! CPU time and memory, then every failure and warning.
//!
//! Table cells never contain a raw `|` (script names and details are escaped), so the tables
//! render on GitHub whatever the corpus is called.

use std::fmt::Write as _;

use crate::bench::format;
use crate::bench::model::{BenchReport, Cell, STARTUP_SCRIPT, Status};
use crate::report::bench_terminal::{row_label, untimed_text};
use crate::stats::Ratio;

/// The whole Markdown document.
pub fn render(report: &BenchReport) -> String {
    let mut out = String::new();
    header(&mut out, report);
    speed_section(&mut out, report);
    means_section(&mut out, report);
    tree_section(&mut out, report);
    resource_sections(&mut out, report);
    problems_section(&mut out, report);
    out
}

fn header(out: &mut String, report: &BenchReport) {
    let m = &report.machine;
    let _ = writeln!(out, "# Benchmark results\n");
    let _ = writeln!(
        out,
        "{} mode ({} size): {} warm-up and {} timed runs per cell, backends interleaved round \
         by round; every run checked against the oracle ({}).\n",
        report.mode.name(),
        match report.size {
            crate::corpus::Size::Fast => "fast",
            crate::corpus::Size::Full => "full",
        },
        report.warmup,
        report.runs,
        escape(&report.oracle)
    );
    let commit = match (&m.git_commit, m.git_dirty) {
        (Some(c), Some(true)) => format!("`{c}` (with uncommitted changes)"),
        (Some(c), _) => format!("`{c}`"),
        (None, _) => "unknown".to_string(),
    };
    let _ = writeln!(
        out,
        "- machine: {} ({} cores), {}, {}\n- compiler: {} (harness {} build)\n- commit: {}\n\
         - date: {} · total time {:.1} s\n",
        m.cpu_model,
        m.cores,
        m.os,
        m.kernel,
        m.rustc,
        m.harness_build,
        commit,
        m.date,
        report.elapsed_s
    );
    let _ = writeln!(out, "| backend | version | path |\n|---|---|---|");
    for b in &report.backends {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` |",
            escape(&b.name),
            escape(&b.version),
            escape(&b.path)
        );
    }
    for missing in &report.missing_backends {
        let _ = writeln!(
            out,
            "| {} | not found | {} |",
            escape(&missing.name),
            escape(&missing.reason)
        );
    }
    out.push('\n');
}

fn speed_section(out: &mut String, report: &BenchReport) {
    let _ = writeln!(out, "## Wall time\n");
    match &report.reference {
        Some(reference) => {
            let _ = writeln!(
                out,
                "Median ± standard deviation; below it the speed relative to **{reference}** \
                 (2.00× = twice as fast) with its 95% bootstrap confidence interval.\n"
            );
        }
        None => {
            let _ = writeln!(out, "Median ± standard deviation.\n");
        }
    }
    table_header(out, report, "script");
    let mut scripts = vec![STARTUP_SCRIPT];
    scripts.extend(report.scripts());
    for script in scripts {
        let _ = write!(out, "| {} |", escape(&row_label(script)));
        for column in &report.columns {
            let text =
                lookup(report, script, &column.label).map_or_else(String::new, |cell| {
                    match (cell.status, cell.wall_s) {
                        (Status::Timed, Some(wall)) => {
                            let mut text = format!(
                                "{} ± {}",
                                format::seconds(wall.median),
                                format::seconds(wall.stdev)
                            );
                            if let Some(ratio) = cell.speed_vs_reference
                                && script != STARTUP_SCRIPT
                            {
                                let _ = write!(text, "<br>{}", ratio_text(&ratio));
                            }
                            text
                        }
                        _ => untimed_text(cell),
                    }
                });
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    if let Some(reference) = &report.reference {
        let _ = write!(out, "| **geometric mean** |");
        for column in &report.columns {
            let text = report
                .overall_mean(&column.label, reference)
                .map_or_else(String::new, |g| {
                    format!("**{}** ({} scripts)", format::speed(g.speed), g.scripts)
                });
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn means_section(out: &mut String, report: &BenchReport) {
    let Some(reference) = &report.reference else {
        return;
    };
    let tags: Vec<&str> = {
        let mut tags: Vec<&str> = report
            .geometric_means
            .iter()
            .filter_map(|g| g.tag.as_deref())
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    };
    if tags.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Geometric mean of speed relative to {reference}, per tag\n"
    );
    table_header(out, report, "tag");
    for tag in tags {
        let _ = write!(out, "| {} |", escape(tag));
        for column in &report.columns {
            let text = report
                .geometric_means
                .iter()
                .find(|g| {
                    g.column == column.label
                        && g.baseline == *reference
                        && g.tag.as_deref() == Some(tag)
                })
                .map_or_else(String::new, |g| {
                    format!("{} ({})", format::speed(g.speed), g.scripts)
                });
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn tree_section(out: &mut String, report: &BenchReport) {
    let Some(tree) = &report.tree else {
        return;
    };
    if !report.results.iter().any(|c| c.speed_vs_tree.is_some()) {
        return;
    }
    let _ = writeln!(
        out,
        "## Speed relative to {tree}\n\nHow much each tier and interpreter gains over \
         tree-walking, with 95% confidence intervals.\n"
    );
    table_header(out, report, "script");
    for script in report.scripts() {
        let _ = write!(out, "| {} |", escape(script));
        for column in &report.columns {
            let text = report
                .cell(script, &column.label)
                .and_then(|c| c.speed_vs_tree)
                .map_or_else(String::new, |r| ratio_text(&r));
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    let _ = write!(out, "| **geometric mean** |");
    for column in &report.columns {
        let text = report
            .overall_mean(&column.label, tree)
            .map_or_else(String::new, |g| format!("**{}**", format::speed(g.speed)));
        let _ = write!(out, " {text} |");
    }
    out.push_str("\n\n");
}

fn resource_sections(out: &mut String, report: &BenchReport) {
    let _ = writeln!(out, "## CPU time (user + system, median)\n");
    resource_table(out, report, |cell| {
        cell.cpu_s.map(|s| format::seconds(s.median))
    });
    let _ = writeln!(out, "## Peak memory (RSS, median)\n");
    resource_table(out, report, |cell| {
        cell.max_rss_kib.map(|s| format::kib(s.median))
    });
}

fn resource_table(out: &mut String, report: &BenchReport, value: impl Fn(&Cell) -> Option<String>) {
    table_header(out, report, "script");
    let mut scripts = vec![STARTUP_SCRIPT];
    scripts.extend(report.scripts());
    for script in scripts {
        let _ = write!(out, "| {} |", escape(&row_label(script)));
        for column in &report.columns {
            let text = lookup(report, script, &column.label)
                .map_or_else(String::new, |c| value(c).unwrap_or_else(|| untimed_text(c)));
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn problems_section(out: &mut String, report: &BenchReport) {
    let all = || report.startup.iter().chain(&report.results);
    let failed: Vec<&Cell> = all().filter(|c| c.status != Status::Timed).collect();
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "## Not timed\n\n| script | column | outcome | detail |\n|---|---|---|---|"
        );
        for cell in failed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&row_label(&cell.script)),
                escape(&cell.column),
                cell.outcome.describe(),
                escape(&cell.detail)
            );
        }
        out.push('\n');
    }
    let warned: Vec<&Cell> = all().filter(|c| !c.warnings.is_empty()).collect();
    if report.warnings.is_empty() && warned.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Warnings\n");
    for warning in &report.warnings {
        let _ = writeln!(out, "- {}", escape(warning));
    }
    for cell in warned {
        for warning in &cell.warnings {
            let _ = writeln!(
                out,
                "- {} on {}: {}",
                escape(&row_label(&cell.script)),
                escape(&cell.column),
                escape(warning)
            );
        }
    }
    out.push('\n');
}

fn table_header(out: &mut String, report: &BenchReport, first: &str) {
    let _ = write!(out, "| {first} |");
    for column in &report.columns {
        let _ = write!(out, " {} |", escape(&column.label));
    }
    let _ = write!(out, "\n|---|");
    for _ in &report.columns {
        out.push_str("--:|");
    }
    out.push('\n');
}

fn lookup<'a>(report: &'a BenchReport, script: &str, column: &str) -> Option<&'a Cell> {
    if script == STARTUP_SCRIPT {
        report.startup_cell(column)
    } else {
        report.cell(script, column)
    }
}

fn ratio_text(ratio: &Ratio) -> String {
    if ratio.low == ratio.high {
        // The baseline itself: exactly 1, no interval.
        return format::speed(ratio.value);
    }
    format!(
        "{} [{}–{}]",
        format::speed(ratio.value),
        format::speed(ratio.low).trim_end_matches('×'),
        format::speed(ratio.high)
    )
}

/// Makes text safe inside a table cell: no `|`, no line breaks.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

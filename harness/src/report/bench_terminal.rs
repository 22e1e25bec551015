//! The bench results on the terminal: a speed table and a memory table (comfy-table), the
//! failures, the warnings, and where the files went.
//!
//! Speed table: rows are the start-up measurement, then the scripts, then the geometric mean;
//! columns are the backends (the bytecode tier twice: cold and warm cache). A timed cell shows
//! the median wall time over the speed relative to the reference (`2.10×` is twice as fast); a
//! cell that was not timed says why in one or two words, never shows a number.

use std::path::Path;

use comfy_table::{Cell as TableCell, CellAlignment, Table, presets};

use crate::bench::format;
use crate::bench::model::{BenchReport, Cell, STARTUP_SCRIPT, Status};
use crate::compare::Outcome;

/// Failures listed one per line below the tables (the reports have all of them).
const FAILURES_SHOWN: usize = 12;
/// Cell warnings shown on the terminal (the reports have all of them).
const WARNINGS_SHOWN: usize = 8;

/// The text of a cell that was not timed: `✗ wrong output`, `skipped`.
pub fn untimed_text(cell: &Cell) -> String {
    match cell.status {
        Status::Timed => String::new(),
        Status::Skipped => "skipped".to_string(),
        Status::Failed => format!("✗ {}", cell.outcome.describe()),
    }
}

/// The same, as short as the check's matrix: `✗ OUT` (the legend explains the symbols).
fn untimed_symbol(cell: &Cell) -> String {
    match cell.status {
        Status::Timed => String::new(),
        Status::Skipped => "skip".to_string(),
        Status::Failed => format!("✗ {}", cell.outcome.symbol()),
    }
}

/// The legend of the symbols of the failed cells in `report`.
fn legend(report: &BenchReport) -> Option<String> {
    let mut outcomes: Vec<Outcome> = report
        .startup
        .iter()
        .chain(&report.results)
        .filter(|c| c.status == Status::Failed)
        .map(|c| c.outcome)
        .collect();
    outcomes.sort();
    outcomes.dedup();
    let parts: Vec<String> = outcomes
        .iter()
        .map(|o| format!("{} {}", o.symbol(), o.describe()))
        .collect();
    (!parts.is_empty()).then(|| format!("✗ not timed: {}", parts.join(" · ")))
}

/// The row label of a cell's script.
pub fn row_label(script: &str) -> String {
    if script == STARTUP_SCRIPT {
        "start-up (empty script)".to_string()
    } else {
        script.to_string()
    }
}

/// The speed table.
pub fn speed_table(report: &BenchReport) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    let mut header = vec![TableCell::new("script")];
    header.extend(report.columns.iter().map(|c| {
        let reference = report.reference.as_deref() == Some(c.label.as_str());
        TableCell::new(if reference {
            format!("{}\n(reference)", c.label)
        } else {
            c.label.clone()
        })
    }));
    table.set_header(header);
    let startup_row: Vec<&Cell> = report
        .columns
        .iter()
        .filter_map(|c| report.startup_cell(&c.label))
        .collect();
    add_row(&mut table, STARTUP_SCRIPT, &startup_row, false);
    for script in report.scripts() {
        let cells: Vec<&Cell> = report
            .columns
            .iter()
            .filter_map(|c| report.cell(script, &c.label))
            .collect();
        add_row(&mut table, script, &cells, true);
    }
    if let Some(reference) = &report.reference {
        let mut row = vec![TableCell::new("geometric mean")];
        for column in &report.columns {
            let text = report.overall_mean(&column.label, reference).map_or_else(
                || "-".to_string(),
                |g| format!("{}\n({} scripts)", format::speed(g.speed), g.scripts),
            );
            row.push(TableCell::new(text).set_alignment(CellAlignment::Right));
        }
        table.add_row(row);
    }
    table
}

fn add_row(table: &mut Table, script: &str, cells: &[&Cell], with_speed: bool) {
    let mut row = vec![TableCell::new(row_label(script))];
    for cell in cells {
        let text = match (cell.status, cell.wall_s) {
            (Status::Timed, Some(wall)) => {
                let speed = cell
                    .speed_vs_reference
                    .filter(|_| with_speed)
                    .map_or_else(String::new, |r| format::speed(r.value));
                format!("{}\n{speed}", format::seconds(wall.median))
            }
            _ => untimed_symbol(cell),
        };
        row.push(TableCell::new(text).set_alignment(CellAlignment::Right));
    }
    table.add_row(row);
}

/// The memory table: median peak RSS of each cell.
pub fn memory_table(report: &BenchReport) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    let mut header = vec![TableCell::new("peak RSS (median)")];
    header.extend(report.columns.iter().map(|c| TableCell::new(&c.label)));
    table.set_header(header);
    let mut scripts = vec![STARTUP_SCRIPT];
    scripts.extend(report.scripts());
    for script in scripts {
        let mut row = vec![TableCell::new(row_label(script))];
        for column in &report.columns {
            let cell = if script == STARTUP_SCRIPT {
                report.startup_cell(&column.label)
            } else {
                report.cell(script, &column.label)
            };
            let text = match cell {
                Some(cell) => match cell.max_rss_kib {
                    Some(rss) => format::kib(rss.median),
                    None => untimed_symbol(cell),
                },
                None => String::new(),
            };
            row.push(TableCell::new(text).set_alignment(CellAlignment::Right));
        }
        table.add_row(row);
    }
    table
}

/// Prints everything to stdout; `written` is the reports directory when files were written.
pub fn print(report: &BenchReport, written: &[(String, std::path::PathBuf)]) {
    let m = &report.machine;
    println!(
        "harness bench ({} mode: {} size, {} warm-up + {} timed runs per cell, interleaved)",
        report.mode.name(),
        match report.size {
            crate::corpus::Size::Fast => "fast",
            crate::corpus::Size::Full => "full",
        },
        report.warmup,
        report.runs
    );
    println!(
        "machine: {} ({} cores), {}, {}, harness {} build",
        m.cpu_model, m.cores, m.os, m.rustc, m.harness_build
    );
    println!("oracle: {}", report.oracle);
    for backend in &report.backends {
        println!(
            "  {:<16} {}  {}",
            backend.name, backend.version, backend.path
        );
    }
    for missing in &report.missing_backends {
        println!("  {:<16} not found: {}", missing.name, missing.reason);
    }
    println!();
    match &report.reference {
        Some(reference) => println!(
            "wall time, median; below it the speed relative to {reference} (2.00× = twice as fast):"
        ),
        None => println!("wall time, median:"),
    }
    println!("{}", speed_table(report));
    if let Some(legend) = legend(report) {
        println!("{legend}");
    }
    println!("{}", memory_table(report));
    print_failures(report);
    print_warnings(report);
    if !written.is_empty() {
        println!();
        println!("reports:");
        for (what, path) in written {
            println!("  {what:<9} {}", display(path));
        }
    }
    println!();
    println!(
        "{} cells timed, {} failed, {} skipped · {:.1} s",
        count(report, Status::Timed),
        count(report, Status::Failed),
        count(report, Status::Skipped),
        report.elapsed_s
    );
}

fn count(report: &BenchReport, status: Status) -> usize {
    report.results.iter().filter(|c| c.status == status).count()
}

fn print_failures(report: &BenchReport) {
    let failed: Vec<&Cell> = report
        .startup
        .iter()
        .chain(&report.results)
        .filter(|c| c.status == Status::Failed)
        .collect();
    if failed.is_empty() {
        return;
    }
    println!();
    println!("not timed (wrong answers are never timed):");
    for cell in failed.iter().take(FAILURES_SHOWN) {
        println!(
            "  {} on {}: {}{}",
            row_label(&cell.script),
            cell.column,
            cell.outcome.describe(),
            if cell.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", one_line(&cell.detail))
            }
        );
    }
    if failed.len() > FAILURES_SHOWN {
        println!(
            "  ... and {} more (see the reports)",
            failed.len() - FAILURES_SHOWN
        );
    }
}

fn print_warnings(report: &BenchReport) {
    let cell_warnings: Vec<String> = report
        .startup
        .iter()
        .chain(&report.results)
        .flat_map(|c| {
            c.warnings
                .iter()
                .map(|w| format!("{} on {}: {w}", row_label(&c.script), c.column))
        })
        .collect();
    if cell_warnings.is_empty() && report.warnings.is_empty() {
        return;
    }
    println!();
    println!("warnings:");
    for warning in &report.warnings {
        println!("  {warning}");
    }
    for warning in cell_warnings.iter().take(WARNINGS_SHOWN) {
        println!("  {warning}");
    }
    if cell_warnings.len() > WARNINGS_SHOWN {
        println!(
            "  ... and {} more cell warnings (see the Markdown report)",
            cell_warnings.len() - WARNINGS_SHOWN
        );
    }
}

/// The first line of a detail, shortened for one terminal line.
pub fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 140 {
        let cut: String = line.chars().take(137).collect();
        format!("{cut}...")
    } else {
        line.to_string()
    }
}

/// A path relative to the current directory when below it.
fn display(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

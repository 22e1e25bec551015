//! From raw samples to what the reports show: summaries, speeds with confidence intervals,
//! geometric means, and warnings that say what to do (pyperf's checks, hyperfine's tone).
//!
//! Speeds compare wall times of the same script on two columns. Geometric means (the only
//! mean that treats "2× faster" and "2× slower" symmetrically) cover the scripts timed on both
//! the column and the baseline; the count travels with each mean so a reader sees when a
//! column's mean rests on fewer scripts than another's.
//!
//! Warnings (each once per cell, with a suggestion):
//! - the standard deviation is at least 10% of the mean (pyperf's threshold);
//! - fewer runs than pyperf's rule for a mean within 1% with 95% certainty,
//!   `ceil((1.96 · stdev / mean / 0.01)²)`, or a single run;
//! - the minimum or maximum is 50% or more away from the mean (an outlier);
//! - a run shorter than 1 ms: a process that short measures the clock, not the program.

use std::collections::BTreeSet;

use super::format;
use super::model::{BenchReport, Cell, GeometricMean, Status};
use crate::stats::{self, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, Ratio, Summary};

/// pyperf's instability threshold: standard deviation over mean.
const UNSTABLE_RELATIVE_STDEV: f64 = 0.10;
/// pyperf's outlier threshold: distance of min or max from the mean, relative to the mean.
const OUTLIER_RELATIVE_DISTANCE: f64 = 0.50;
/// Below this, a process's wall time is mostly noise.
const SHORTEST_MEANINGFUL_RUN_S: f64 = 1e-3;

/// Fills in the statistics, speeds, geometric means and warnings of a measured report.
pub fn complete(report: &mut BenchReport) {
    let runs = report.runs;
    for cell in report.startup.iter_mut().chain(report.results.iter_mut()) {
        summarize(cell, runs);
    }
    let baselines = [
        (report.reference.clone(), Baseline::Reference),
        (report.tree.clone(), Baseline::Tree),
    ];
    for (baseline, which) in &baselines {
        if let Some(baseline) = baseline {
            add_speeds(&mut report.results, baseline, *which);
        }
    }
    report.geometric_means = geometric_means(report);
    report.warnings = run_warnings(report);
}

#[derive(Clone, Copy)]
enum Baseline {
    Reference,
    Tree,
}

fn summarize(cell: &mut Cell, runs: usize) {
    if cell.status != Status::Timed {
        return;
    }
    let samples = &cell.samples;
    let rss: Vec<f64> = samples.max_rss_kib.iter().map(|&k| k as f64).collect();
    cell.wall_s = Summary::of(&samples.wall_s);
    cell.cpu_s = Summary::of(&samples.cpu_s);
    cell.max_rss_kib = Summary::of(&rss);
    if let Some(wall) = cell.wall_s {
        cell.warnings = warnings(&wall, runs);
    }
}

/// The warnings about one timed cell's wall times.
pub fn warnings(wall: &Summary, runs: usize) -> Vec<String> {
    let mut found = Vec::new();
    if wall.n < 2 {
        found.push(format!(
            "a single run has no spread to judge: use --runs 5 or more (now {runs})"
        ));
    } else if wall.relative_stdev() >= UNSTABLE_RELATIVE_STDEV {
        found.push(format!(
            "unstable: the standard deviation ({}) is {:.0}% of the mean ({}); close other \
             programs, or use more --runs",
            format::seconds(wall.stdev),
            wall.relative_stdev() * 100.0,
            format::seconds(wall.mean)
        ));
    } else {
        let needed = (1.96 * wall.relative_stdev() / 0.01).powi(2).ceil();
        if needed > wall.n as f64 {
            found.push(format!(
                "too few runs: the mean is within 1% (95% certainty) only from about {needed:.0} \
                 runs; use --runs {needed:.0}"
            ));
        }
    }
    for (name, value) in [("minimum", wall.min), ("maximum", wall.max)] {
        let distance = (value - wall.mean) / wall.mean;
        if wall.mean > 0.0 && distance.abs() >= OUTLIER_RELATIVE_DISTANCE {
            found.push(format!(
                "outlier: the {name} ({}) is {:.0}% {} than the mean ({}); something else was \
                 running?",
                format::seconds(value),
                distance.abs() * 100.0,
                if distance > 0.0 { "greater" } else { "smaller" },
                format::seconds(wall.mean)
            ));
        }
    }
    if wall.min < SHORTEST_MEANINGFUL_RUN_S {
        found.push(format!(
            "the fastest run took only {}: that times process start-up and the clock, not the \
             program; give the script a larger size argument (`fast`/`full` in the manifest)",
            format::seconds(wall.min)
        ));
    }
    found
}

/// Sets each cell's speed against `baseline` (same script, baseline column's wall times).
fn add_speeds(results: &mut [Cell], baseline: &str, which: Baseline) {
    let baseline_samples: Vec<(String, Vec<f64>)> = results
        .iter()
        .filter(|c| c.column == baseline && c.status == Status::Timed)
        .map(|c| (c.script.clone(), c.samples.wall_s.clone()))
        .collect();
    for (i, cell) in results.iter_mut().enumerate() {
        if cell.status != Status::Timed {
            continue;
        }
        let Some((_, reference)) = baseline_samples.iter().find(|(s, _)| *s == cell.script) else {
            continue;
        };
        // A different, fixed stream per cell: reproducible, and no two cells share draws.
        let seed = BOOTSTRAP_SEED ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let ratio = if cell.column == baseline {
            // The baseline against itself is 1 by definition, not a resampling estimate.
            Some(Ratio {
                value: 1.0,
                low: 1.0,
                high: 1.0,
            })
        } else {
            stats::speed_ratio(reference, &cell.samples.wall_s, BOOTSTRAP_RESAMPLES, seed)
        };
        match which {
            Baseline::Reference => cell.speed_vs_reference = ratio,
            Baseline::Tree => cell.speed_vs_tree = ratio,
        }
    }
}

/// Geometric means of every column's speeds, overall then per tag, against each baseline.
fn geometric_means(report: &BenchReport) -> Vec<GeometricMean> {
    let tags: BTreeSet<&str> = report
        .results
        .iter()
        .flat_map(|c| c.tags.iter().map(String::as_str))
        .collect();
    let groups: Vec<Option<&str>> = std::iter::once(None)
        .chain(tags.into_iter().map(Some))
        .collect();
    let mut means = Vec::new();
    let baselines = [
        (report.reference.as_deref(), Baseline::Reference),
        (report.tree.as_deref(), Baseline::Tree),
    ];
    for (baseline, which) in baselines {
        let Some(baseline) = baseline else { continue };
        for column in &report.columns {
            for tag in &groups {
                let speeds: Vec<f64> = report
                    .results
                    .iter()
                    .filter(|c| c.column == column.label)
                    .filter(|c| tag.is_none_or(|t| c.tags.iter().any(|x| x == t)))
                    .filter_map(|c| match which {
                        Baseline::Reference => c.speed_vs_reference,
                        Baseline::Tree => c.speed_vs_tree,
                    })
                    .map(|r| r.value)
                    .collect();
                if let Some(speed) = stats::geometric_mean(&speeds) {
                    means.push(GeometricMean {
                        column: column.label.clone(),
                        tag: tag.map(str::to_string),
                        baseline: baseline.to_string(),
                        speed,
                        scripts: speeds.len(),
                    });
                }
            }
        }
    }
    means
}

/// Warnings about the run as a whole.
fn run_warnings(report: &BenchReport) -> Vec<String> {
    let mut found = Vec::new();
    if report.machine.harness_build == "debug" {
        found.push(
            "the harness is a debug build, so the pyrite tiers run unoptimized: use \
             `cargo run --release -p harness`"
                .to_string(),
        );
    }
    if report.reference.is_none() {
        found.push(
            "the reference backend did not run, so there are no speed ratios against it: \
             choose another with --reference"
                .to_string(),
        );
    }
    let timed = report
        .results
        .iter()
        .filter(|c| c.status == Status::Timed)
        .count();
    if timed == 0 {
        found.push(
            "no cell was timed: every script failed or was skipped on every backend".to_string(),
        );
    }
    let noisy = report
        .results
        .iter()
        .filter(|c| !c.warnings.is_empty())
        .count();
    if noisy > 0 {
        found.push(format!(
            "{noisy} of {timed} timed cells have warnings (listed in the Markdown and JSON \
             reports); `--rigorous` runs more and longer"
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(values: &[f64]) -> Summary {
        Summary::of(values).unwrap()
    }

    #[test]
    fn warns_like_pyperf() {
        let steady = summary(&[0.100, 0.1001, 0.0999, 0.1, 0.1, 0.1002, 0.0998]);
        assert!(
            warnings(&steady, 7).is_empty(),
            "{:?}",
            warnings(&steady, 7)
        );
        let noisy = summary(&[0.10, 0.13, 0.09, 0.11, 0.15]);
        let found = warnings(&noisy, 5);
        assert!(found[0].starts_with("unstable"), "{found:?}");
        let few = summary(&[0.100, 0.103, 0.098]);
        assert!(warnings(&few, 3)[0].starts_with("too few runs"));
        let short = summary(&[0.0004, 0.0004, 0.0004]);
        assert!(
            warnings(&short, 3)
                .iter()
                .any(|w| w.contains("only 400 us"))
        );
        let outlier = summary(&[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5]);
        assert!(
            warnings(&outlier, 10)
                .iter()
                .any(|w| w.starts_with("outlier"))
        );
        assert!(warnings(&summary(&[0.1]), 1)[0].starts_with("a single run"));
    }
}

//! Where `bench` writes its reports, and writing them.
//!
//! Every format is written on every run. Without a file named on the command line each goes
//! under `reports/bench/` of the workspace (git-ignored): `bench.json`, `bench.md`,
//! `bench.csv`, `bench.svg` and `pyperf/<column>.json`; `--json FILE` (and `--md`, `--csv`,
//! `--svg`, `--pyperf DIR`) put one elsewhere. The default pyperf directory is emptied of
//! `.json` files first, so a column that no longer exists leaves no stale file behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::bench::model::BenchReport;
use crate::report::{csv, markdown, pyperf, svg_chart};

/// Where each report goes.
#[derive(Clone, Debug)]
pub struct Destinations {
    /// The JSON report.
    pub json: PathBuf,
    /// The Markdown report.
    pub markdown: PathBuf,
    /// The CSV report.
    pub csv: PathBuf,
    /// The SVG chart.
    pub svg: PathBuf,
    /// The directory of pyperf files.
    pub pyperf: PathBuf,
    /// Whether `pyperf` is the default directory (and so may be cleaned).
    pub pyperf_is_default: bool,
}

impl Destinations {
    /// The named files, the others under `dir`.
    pub fn new(
        dir: &Path,
        json: Option<PathBuf>,
        markdown: Option<PathBuf>,
        csv: Option<PathBuf>,
        svg: Option<PathBuf>,
        pyperf: Option<PathBuf>,
    ) -> Destinations {
        Destinations {
            json: json.unwrap_or_else(|| dir.join("bench.json")),
            markdown: markdown.unwrap_or_else(|| dir.join("bench.md")),
            csv: csv.unwrap_or_else(|| dir.join("bench.csv")),
            svg: svg.unwrap_or_else(|| dir.join("bench.svg")),
            pyperf_is_default: pyperf.is_none(),
            pyperf: pyperf.unwrap_or_else(|| dir.join("pyperf")),
        }
    }
}

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// Serialization failed.
    #[error("cannot serialize the report: {0}")]
    Json(#[from] serde_json::Error),
    /// The chart failed.
    #[error(transparent)]
    Chart(#[from] svg_chart::ChartError),
}

/// Writes every report; returns what was written, as (format, path) for the summary.
pub fn write_all(
    report: &BenchReport,
    to: &Destinations,
) -> Result<Vec<(String, PathBuf)>, WriteError> {
    let mut written = Vec::new();
    write(&to.json, report.to_json()? + "\n")?;
    written.push(("JSON".to_string(), to.json.clone()));
    write(&to.markdown, markdown::render(report))?;
    written.push(("Markdown".to_string(), to.markdown.clone()));
    write(&to.csv, csv::render(report))?;
    written.push(("CSV".to_string(), to.csv.clone()));
    if let Some(svg) = svg_chart::render(report)? {
        write(&to.svg, svg)?;
        written.push(("SVG".to_string(), to.svg.clone()));
    }
    create_dir(&to.pyperf)?;
    if to.pyperf_is_default {
        remove_old_json(&to.pyperf)?;
    }
    let files = pyperf::render(report);
    for (name, document) in &files {
        let path = to.pyperf.join(name);
        write(&path, serde_json::to_string(document)? + "\n")?;
    }
    if !files.is_empty() {
        let names: Vec<&str> = files
            .iter()
            .map(|(name, _)| name.trim_end_matches(".json"))
            .collect();
        let pattern = format!("{{{}}}.json", names.join(","));
        written.push(("pyperf".to_string(), to.pyperf.join(pattern)));
    }
    Ok(written)
}

fn write(path: &Path, text: String) -> Result<(), WriteError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir(parent)?;
    }
    fs::write(path, text).map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn create_dir(dir: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(|source| WriteError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

fn remove_old_json(dir: &Path) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let path = entry.map_err(io_error)?.path();
        if path.extension().is_some_and(|e| e == "json") {
            fs::remove_file(&path).map_err(|source| WriteError::Io { path, source })?;
        }
    }
    Ok(())
}

//! Progress of a long run: an indicatif bar on a terminal, sparse plain lines in CI logs.
//!
//! Called from rayon worker threads, so everything here takes `&self`. Plain mode prints a line
//! when a run ends abnormally (timeout, signal) and about every tenth of the way, never one
//! line per cell: a CI log should show movement without drowning the matrix.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A progress reporter for `total` steps.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    done: AtomicUsize,
    started: Instant,
}

impl Progress {
    /// A bar when stderr is a terminal, plain lines otherwise.
    pub fn new(total: usize, what: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed} {wide_msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        if bar.is_none() {
            eprintln!("{what}: {total} runs");
        }
        Progress {
            bar,
            total,
            done: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    /// One step finished; `note` is set when it ended abnormally.
    pub fn step(&self, label: &str, note: Option<&str>) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match &self.bar {
            Some(bar) => {
                if let Some(note) = note {
                    bar.println(format!("{label}: {note}"));
                }
                bar.set_message(label.to_string());
                bar.inc(1);
            }
            None => {
                if let Some(note) = note {
                    eprintln!("[{done}/{}] {label}: {note}", self.total);
                }
                let tenth = self.total.div_ceil(10).max(1);
                if done.is_multiple_of(tenth) && done != self.total {
                    eprintln!(
                        "[{done}/{}] {}% after {:.1} s",
                        self.total,
                        done * 100 / self.total.max(1),
                        self.started.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }

    /// Removes the bar (plain mode has nothing to clean up).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

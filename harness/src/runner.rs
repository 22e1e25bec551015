//! Runs one command as a child process and observes it, whatever it does.
//!
//! The invariants, each of which a corpus script can otherwise break:
//! - **Nothing outlives a run.** The child leads its own process group (`setpgid` through
//!   [`CommandExt::process_group`]). When it exits, or when the timeout fires, the whole group
//!   gets `SIGKILL`, so a grandchild that sleeps or loops is gone too. The leader is first
//!   observed with `waitid(WNOWAIT)` and reaped only after that kill: while it is an unreaped
//!   zombie its pid cannot be reused, so `killpg` can never hit an unrelated group.
//! - **Output never exhausts memory or deadlocks.** stdout and stderr are drained concurrently
//!   by two threads; each keeps the first `cap` bytes and the last [`TAIL_BYTES`], counts and
//!   hashes the rest and discards it ([`Captured`]). A script printing 50 MB costs `cap` bytes.
//! - **Ctrl-C does not orphan it**: the live group is registered with `interrupt.rs`, whose
//!   handler kills it before the harness exits.
//! - **A run always yields a [`RunResult`]**: exit code or terminating signal, or a timeout,
//!   plus wall time, user and system CPU time and peak RSS from `wait4`'s rusage.
//!
//! Errors ([`RunError`]) mean the harness could not start or watch the process at all.

use std::ffi::OsString;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::interrupt;

/// Bytes kept from the end of a stream that went past its cap: enough for the last lines
/// (the final exception line of a traceback, a Rust panic message).
pub const TAIL_BYTES: usize = 4096;

/// How long to wait for the output pipes to close after the process group is dead. Only a
/// process that escaped the group (`setsid`) can hold them open longer.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// What to run.
#[derive(Clone, Debug)]
pub struct Invocation {
    /// The program (a path, or a name looked up on `PATH`).
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Variables added to the inherited environment.
    pub env: Vec<(OsString, OsString)>,
    /// The working directory, when not the harness's own.
    pub cwd: Option<PathBuf>,
    /// When to kill the process group.
    pub timeout: Duration,
    /// How many bytes of each stream to keep.
    pub cap: usize,
}

/// A stream's content as far as it was kept, with the size and hash of all of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Captured {
    /// The first `cap` bytes.
    pub head: Vec<u8>,
    /// The last [`TAIL_BYTES`] bytes, when the stream went past `cap` (else empty: the head
    /// holds everything).
    pub tail: Vec<u8>,
    /// The stream's whole length.
    pub total: u64,
    /// FNV-1a (64-bit) of the whole stream: equal streams of any size compare equal.
    pub fnv1a64: u64,
}

impl Captured {
    /// Whether bytes were dropped between the head and the tail.
    pub fn truncated(&self) -> bool {
        self.total > self.head.len() as u64
    }

    /// Whether two streams had the same content (by length and hash).
    pub fn same_content(&self, other: &Captured) -> bool {
        self.total == other.total && self.fnv1a64 == other.fnv1a64
    }

    /// The last non-blank line, trimmed: for stderr, the final exception line.
    pub fn last_line(&self) -> Option<String> {
        let end = if self.truncated() {
            &self.tail
        } else {
            &self.head
        };
        String::from_utf8_lossy(end)
            .lines()
            .rev()
            .map(str::trim_end)
            .find(|line| !line.is_empty())
            .map(str::to_string)
    }

    /// Whether `needle` occurs in the kept bytes.
    pub fn contains(&self, needle: &str) -> bool {
        let needle = needle.as_bytes();
        [&self.head, &self.tail]
            .iter()
            .any(|kept| kept.windows(needle.len()).any(|w| w == needle))
    }

    /// Builds the record of a complete, uncapped stream (e.g. a blessed output file).
    pub fn whole(bytes: Vec<u8>) -> Captured {
        let mut hash = Fnv1a64::default();
        hash.update(&bytes);
        Captured {
            total: bytes.len() as u64,
            fnv1a64: hash.0,
            head: bytes,
            tail: Vec::new(),
        }
    }
}

/// FNV-1a, 64-bit: stable across Rust versions (blessed files store it) and fast enough for a
/// 50 MB stream.
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a64(pub u64);

impl Default for Fnv1a64 {
    fn default() -> Self {
        Fnv1a64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a64 {
    /// Feeds bytes into the hash.
    #[inline]
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// How the process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Termination {
    /// It exited with this code.
    Exited(i32),
    /// A signal killed it (not ours).
    Signaled(i32),
    /// It ran past the timeout and the harness killed its group.
    TimedOut,
}

/// Everything observed about one run.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// How it ended.
    pub termination: Termination,
    /// Its standard output.
    pub stdout: Captured,
    /// Its standard error.
    pub stderr: Captured,
    /// Whether a pipe was still held open (by a process outside the group) when we gave up.
    pub pipes_abandoned: bool,
    /// Wall-clock time from spawn to exit.
    pub wall: Duration,
    /// User CPU time of the child (and any descendants it waited for).
    pub user: Duration,
    /// System CPU time, likewise.
    pub sys: Duration,
    /// Peak resident set size in KiB.
    pub max_rss_kib: u64,
}

/// The harness could not run or observe the process.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// `spawn` failed (missing program, not executable...).
    #[error("cannot start {program}: {source}")]
    Spawn {
        /// The program.
        program: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A wait call failed.
    #[error("cannot wait for {program}: {source}")]
    Wait {
        /// The program.
        program: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

/// Runs `invocation` to completion or timeout; see the module doc for the guarantees.
pub fn run(invocation: &Invocation) -> Result<RunResult, RunError> {
    let mut command = Command::new(&invocation.program);
    command
        .args(&invocation.args)
        .envs(invocation.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    if let Some(cwd) = &invocation.cwd {
        command.current_dir(cwd);
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|source| RunError::Spawn {
        program: invocation.program.clone(),
        source,
    })?;
    // A pid always fits pid_t on Linux, the only platform the runner supports.
    let pid = libc::pid_t::try_from(child.id()).map_err(|_| RunError::Wait {
        program: invocation.program.clone(),
        source: io::Error::other("pid out of range"),
    })?;
    let tracked = interrupt::track(pid);
    let stdout = child.stdout.take().map(|pipe| drain(pipe, invocation.cap));
    let stderr = child.stderr.take().map(|pipe| drain(pipe, invocation.cap));

    let (exited_tx, exited_rx) = mpsc::channel();
    thread::spawn(move || {
        // Sending fails only if the receiver gave up, which it never does before reaping.
        let _ = exited_tx.send(wait_exited_no_reap(pid));
    });
    let mut timed_out = false;
    let observed = match exited_rx.recv_timeout(invocation.timeout) {
        Ok(observed) => observed,
        Err(_) => {
            timed_out = true;
            kill_group(pid);
            exited_rx
                .recv()
                .unwrap_or_else(|_| Err(io::Error::other("waiter thread vanished")))
        }
    };
    let wall = started.elapsed();
    // The leader is a zombie now (or waitid failed): take the rest of the group down with it.
    kill_group(pid);
    // Untracked before reaping: once reaped, the pid (and group id) may be reused.
    drop(tracked);
    observed.map_err(|source| RunError::Wait {
        program: invocation.program.clone(),
        source,
    })?;
    let (status, usage) = reap(pid).map_err(|source| RunError::Wait {
        program: invocation.program.clone(),
        source,
    })?;
    // `child` was reaped by hand; std never waits on drop, so it is only forgotten here.
    drop(child);

    let deadline = Instant::now() + PIPE_GRACE;
    let mut pipes_abandoned = false;
    let mut collect = |reader: Option<mpsc::Receiver<Captured>>| match reader {
        None => Captured::default(),
        Some(rx) => {
            let left = deadline.saturating_duration_since(Instant::now());
            rx.recv_timeout(left).unwrap_or_else(|_| {
                pipes_abandoned = true;
                Captured::default()
            })
        }
    };
    let stdout = collect(stdout);
    let stderr = collect(stderr);

    let termination = if timed_out {
        Termination::TimedOut
    } else if libc::WIFSIGNALED(status) {
        Termination::Signaled(libc::WTERMSIG(status))
    } else {
        Termination::Exited(libc::WEXITSTATUS(status))
    };
    Ok(RunResult {
        termination,
        stdout,
        stderr,
        pipes_abandoned,
        wall,
        user: timeval(usage.ru_utime),
        sys: timeval(usage.ru_stime),
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

/// Reads `pipe` to its end on a new thread, keeping what [`Captured`] describes.
fn drain(mut pipe: impl Read + Send + 'static, cap: usize) -> mpsc::Receiver<Captured> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut captured = Captured::default();
        let mut hash = Fnv1a64::default();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = match pipe.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let chunk = &buffer[..n];
            hash.update(chunk);
            captured.total += n as u64;
            let room = cap.saturating_sub(captured.head.len());
            let (kept, rest) = chunk.split_at(room.min(n));
            captured.head.extend_from_slice(kept);
            if !rest.is_empty() {
                captured.tail.extend_from_slice(rest);
                if captured.tail.len() > 2 * TAIL_BYTES {
                    let excess = captured.tail.len() - TAIL_BYTES;
                    captured.tail.drain(..excess);
                }
            }
        }
        if captured.tail.len() > TAIL_BYTES {
            let excess = captured.tail.len() - TAIL_BYTES;
            captured.tail.drain(..excess);
        }
        captured.fnv1a64 = hash.0;
        let _ = tx.send(captured);
    });
    rx
}

/// Blocks until `pid` has exited, leaving it unreaped (a zombie keeps its pid and group).
fn wait_exited_no_reap(pid: libc::pid_t) -> io::Result<()> {
    loop {
        // SAFETY: siginfo_t is plain data for which all-zero is a valid value; waitid writes
        // into it and reads nothing from it.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let id = libc::id_t::try_from(pid).map_err(|_| io::Error::other("negative pid"))?;
        // SAFETY: `info` is a valid, writable siginfo_t for the duration of the call.
        let rc = unsafe { libc::waitid(libc::P_PID, id, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if rc == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Reaps `pid`, returning its wait status and resource usage.
fn reap(pid: libc::pid_t) -> io::Result<(libc::c_int, libc::rusage)> {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: all-zero is a valid rusage (plain integers and timevals).
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: both out-pointers are valid and writable for the duration of the call.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == pid {
            return Ok((status, usage));
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Sends SIGKILL to the process group led by `pid`; a group already gone is not an error.
fn kill_group(pid: libc::pid_t) {
    // SAFETY: killpg has no memory-safety preconditions. The group id is our child's pid, which
    // is not reaped yet and so cannot name another group.
    unsafe {
        libc::killpg(pid, libc::SIGKILL);
    }
}

fn timeval(tv: libc::timeval) -> Duration {
    let secs = u64::try_from(tv.tv_sec).unwrap_or(0);
    let micros = u32::try_from(tv.tv_usec).unwrap_or(0);
    Duration::from_secs(secs) + Duration::from_micros(u64::from(micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration, cap: usize) -> RunResult {
        run(&Invocation {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), script.into()],
            env: Vec::new(),
            cwd: None,
            timeout,
            cap,
        })
        .unwrap()
    }

    #[test]
    fn records_exit_code_and_output() {
        let result = sh(
            "echo out; echo err >&2; exit 3",
            Duration::from_secs(10),
            1024,
        );
        assert_eq!(result.termination, Termination::Exited(3));
        assert_eq!(result.stdout.head, b"out\n");
        assert_eq!(result.stderr.last_line().as_deref(), Some("err"));
        assert!(!result.stdout.truncated());
    }

    #[test]
    fn records_the_terminating_signal() {
        let result = sh("kill -TERM $$", Duration::from_secs(10), 1024);
        assert_eq!(result.termination, Termination::Signaled(libc::SIGTERM));
    }

    #[test]
    fn caps_output_but_hashes_all_of_it() {
        let result = sh(
            "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done",
            Duration::from_secs(10),
            100,
        );
        assert_eq!(result.stdout.head.len(), 100);
        assert!(result.stdout.truncated());
        assert_eq!(result.stdout.last_line().as_deref(), Some("line1999"));
        let mut whole = String::new();
        for i in 0..2000 {
            whole.push_str(&format!("line{i}\n"));
        }
        assert!(
            result
                .stdout
                .same_content(&Captured::whole(whole.into_bytes()))
        );
    }

    #[test]
    fn timeout_kills_the_whole_group() {
        let started = Instant::now();
        // The grandchild holds stdout open: without the group kill the read would never end.
        let result = sh("sleep 30 & sleep 30", Duration::from_millis(300), 1024);
        assert_eq!(result.termination, Termination::TimedOut);
        assert!(!result.pipes_abandoned);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn leftover_grandchildren_are_killed_after_exit() {
        let started = Instant::now();
        let result = sh("sleep 30 & echo started", Duration::from_secs(20), 1024);
        assert_eq!(result.termination, Termination::Exited(0));
        assert_eq!(result.stdout.head, b"started\n");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn missing_program_is_a_spawn_error() {
        let error = run(&Invocation {
            program: "/nonexistent/program".into(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            timeout: Duration::from_secs(1),
            cap: 10,
        });
        assert!(matches!(error, Err(RunError::Spawn { .. })));
    }
}

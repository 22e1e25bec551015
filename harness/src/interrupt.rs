//! Ctrl-C (and SIGTERM, SIGHUP) must not leave children running.
//!
//! Each child leads its own process group (`runner.rs`), so the terminal's SIGINT reaches only
//! the harness, never the scripts: without this module an interrupted `harness check` would
//! orphan whatever was running, infinite loops included. The runner registers each live group
//! in [`ACTIVE`]; the handler installed by [`install`] sends SIGKILL to every registered group
//! and then lets the signal take its default course (the handler is one-shot,
//! `SA_RESETHAND`, and the signal is re-raised).
//!
//! The table is a fixed array of atomics because a signal handler may not lock or allocate:
//! `killpg` and atomic loads are async-signal-safe, a `Mutex` is not. A run that finds the table
//! full (more than [`SLOTS`] at once) still runs, only untracked.

use std::sync::atomic::{AtomicI32, Ordering};

/// How many process groups can be tracked at once (far above any sensible `--jobs`).
const SLOTS: usize = 512;

/// Process-group ids of live children; 0 marks a free slot.
static ACTIVE: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];

/// Keeps a process group registered until dropped.
pub struct Tracked {
    slot: Option<usize>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            ACTIVE[slot].store(0, Ordering::SeqCst);
        }
    }
}

/// Registers process group `pgid` until the returned guard is dropped. The guard must be
/// dropped before the group's leader is reaped (a reaped pid may be reused).
pub fn track(pgid: libc::pid_t) -> Tracked {
    let slot = ACTIVE.iter().position(|slot| {
        slot.compare_exchange(0, pgid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    });
    Tracked { slot }
}

extern "C" fn kill_children(signal: libc::c_int) {
    for slot in &ACTIVE {
        let pgid = slot.load(Ordering::SeqCst);
        if pgid > 0 {
            // SAFETY: killpg is async-signal-safe and has no memory-safety preconditions.
            unsafe {
                libc::killpg(pgid, libc::SIGKILL);
            }
        }
    }
    // SAFETY: raise is async-signal-safe. SA_RESETHAND restored the default action, so once
    // this handler returns the re-raised signal ends the process as it would have.
    unsafe {
        libc::raise(signal);
    }
}

/// Sets up the harness's signal handling. Call once, from `main`, before running anything.
///
/// SIGINT, SIGTERM and SIGHUP get the handler above. SIGPIPE gets its default action back (Rust
/// ignores it, which turns `harness check | head` into a panic on the next `println!`): like any
/// Unix filter, the harness then ends quietly when its reader goes away. Its report files are
/// written before anything is printed, so they are complete either way.
pub fn install_for_harness() {
    // SAFETY: restoring a default disposition has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: an all-zero sigaction is a valid value to fill in (empty mask, no flags).
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = kill_children as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESETHAND;
        // SAFETY: `action` is fully initialised and the handler only calls async-signal-safe
        // functions; the old action is not wanted.
        unsafe {
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_freed_on_drop() {
        let guard = track(999_999);
        let slot = guard.slot.expect("a free slot");
        assert_eq!(ACTIVE[slot].load(Ordering::SeqCst), 999_999);
        drop(guard);
        assert_eq!(ACTIVE[slot].load(Ordering::SeqCst), 0);
    }
}

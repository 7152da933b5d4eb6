//! Bounds on running a template: a report template is a program (typst for the PDF, tera for
//! Markdown and text), and neither language bounds everything. Typst stops deep recursion and
//! obviously endless `while` loops, but not nested `for` loops or a huge `range`; tera stops
//! neither. So a template runs where wafr can watch the clock and the memory, and past either
//! limit the caller gets a template error (exit code 1) at once.
//!
//! The `wafr` command typesets each PDF in a child process, which is killed at the limit
//! (`render::pdf::isolate`, using [`resident_bytes`] and the messages here). Text templates,
//! and PDFs for a library user that did not call `render::pdf::isolate_in`, run on a thread of
//! their own ([`bounded`]) while the caller watches the clock and the process's resident
//! memory. A runaway thread cannot be stopped from outside: it is left behind, and the `wafr`
//! command exits right after the error, which ends it. A library user that renders untrusted
//! templates should do the same.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How often the watcher looks at the clock and the memory.
pub(crate) const TICK: Duration = Duration::from_millis(20);
/// Stack of a template thread: typst and tera recurse on nested content.
pub(crate) const STACK: usize = 64 * 1024 * 1024;

/// Time and memory one template may take (`--template-time-limit`, `--template-memory-limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest run.
    pub time: Duration,
    /// Most memory the run may take, in bytes (checked where the platform reports it:
    /// Linux): the resident memory of a typesetting child process, or what a template run on
    /// a thread adds to the process.
    pub memory: u64,
}

impl Limits {
    /// Default time limit in seconds: the built-in PDF takes about a second.
    pub const TIME_SECS: u64 = 120;
    /// Default memory limit in MiB: the built-in PDF's child process takes about 100 MiB.
    pub const MEMORY_MIB: u64 = 2048;
    /// What a typesetting child's address space may hold beyond the memory limit, in MiB: its
    /// code and embedded fonts, thread stacks and the allocator's reserved arenas (Unix,
    /// `RLIMIT_AS`). One allocation past it fails in the child.
    pub const ADDRESS_MARGIN_MIB: u64 = 1024;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(Self::TIME_SECS),
            memory: Self::MEMORY_MIB * 1024 * 1024,
        }
    }
}

/// Resident memory of a process in bytes (this one with `None`), where the platform tells it
/// (Linux).
pub(crate) fn resident_bytes(pid: Option<u32>) -> Option<u64> {
    let status = match pid {
        None => std::fs::read_to_string("/proc/self/status"),
        Some(pid) => std::fs::read_to_string(format!("/proc/{pid}/status")),
    }
    .ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.saturating_mul(1024))
}

fn stopped(name: &str, why: String) -> Error {
    Error::Template {
        name: name.to_owned(),
        detail: format!(
            "{why}: stopped (a loop or a recursion that runs too long, or a very large list?)"
        ),
    }
}

/// The error for a template that ran past the time limit.
pub(crate) fn time_exceeded(name: &str, limits: Limits) -> Error {
    stopped(
        name,
        format!(
            "the template ran for more than {} s (the limit, --template-time-limit)",
            limits.time.as_secs()
        ),
    )
}

/// The error for a template that took more memory than the limit (or asked for more memory
/// than its process may have, in one allocation).
pub(crate) fn memory_exceeded(name: &str, limits: Limits) -> Error {
    stopped(
        name,
        format!(
            "the template used more than {} MiB of memory (the limit, --template-memory-limit)",
            limits.memory / (1024 * 1024)
        ),
    )
}

/// Runs `f` (a template named `name`) within `limits`.
pub(crate) fn bounded<T: Send + 'static>(
    limits: Limits,
    name: &str,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    let base = resident_bytes(None);
    let worker = std::thread::Builder::new()
        .name("template".into())
        .stack_size(STACK)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| Error::Internal(format!("starting a template thread: {e}")))?;
    loop {
        match rx.recv_timeout(TICK) {
            Ok(result) => {
                let _ = worker.join();
                return result;
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Error::Internal(format!(
                    "template `{name}` stopped without a result (a bug in the template engine or wafr)"
                )));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() > limits.time {
            return Err(time_exceeded(name, limits));
        }
        if let (Some(b), Some(now)) = (base, resident_bytes(None))
            && now.saturating_sub(b) > limits.memory
        {
            return Err(memory_exceeded(name, limits));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_comes_back_and_a_runaway_is_stopped() {
        let l = Limits::default();
        assert_eq!(bounded(l, "t", || Ok(42)).unwrap(), 42);
        let l = Limits {
            time: Duration::from_millis(100),
            ..l
        };
        let e = bounded(l, "t", || {
            std::thread::sleep(Duration::from_secs(2));
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(e.to_string().contains("template `t` failed"), "{e}");
    }
}

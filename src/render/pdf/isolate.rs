//! Typesetting in a child process: the `wafr` command typesets every document in a child (the
//! same executable, run as `wafr __typeset`), so a template past its limits is killed, not
//! left running, and an allocation that fails ends the child, not wafr.
//!
//! The command opts in at start ([`isolate_in`]); a library user that does not keeps the
//! in-process path (a thread under [`crate::render::guard::bounded`]). The parent sends the
//! [`Job`] on the child's standard input and reads the result from its standard output
//! (`super::wire`); the child reads nothing else. The parent waits within the time limit and,
//! on Linux, polls the child's resident memory (`/proc/<pid>/status`) against the memory
//! limit: past either it kills the child. On Unix the child's address space is capped at the
//! memory limit plus [`Limits::ADDRESS_MARGIN_MIB`], so a single huge allocation fails at
//! once in the child; on Linux the child is killed if wafr dies, and everywhere it stops
//! itself a little after the time limit if wafr is gone.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

use super::document::Compiled;
use super::typeset::Job;
use super::wire;
use crate::error::{Error, Result};
use crate::render::guard::{self, Limits};

/// The hidden command that makes `wafr` a typesetting child: `wafr __typeset`.
pub const CHILD_COMMAND: &str = "__typeset";

/// The executable typesetting children are started from, once set.
static EXECUTABLE: OnceLock<PathBuf> = OnceLock::new();

/// Typeset every later document of this process in a child started from `exe` (which must
/// be a `wafr` binary of this very build, such as `std::env::current_exe()`), as
/// `exe __typeset`. The `wafr` command calls this at start; the first call wins.
pub fn isolate_in(exe: PathBuf) {
    let _ = EXECUTABLE.set(exe);
}

/// Where children are started from, when this process typesets in children.
pub(super) fn executable() -> Option<&'static Path> {
    EXECUTABLE.get().map(PathBuf::as_path)
}

/// How much of the child's standard error is kept (its last bytes): enough for the message
/// of a failed allocation or a stack overflow.
const STDERR_TAIL: usize = 8 * 1024;

/// Typesets `job` (its template named `name` in messages) in a child started from `exe`,
/// within `limits`.
pub(super) fn typeset_in_child(
    exe: &Path,
    job: &Job,
    limits: Limits,
    name: &str,
) -> Result<Compiled> {
    let input = wire::encode_job(job, limits.time);
    let mut child = spawn(exe, limits)?;
    let (Some(mut stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Error::Internal(
            "the typesetting process has no pipes".into(),
        ));
    };
    std::thread::scope(|s| {
        // The job is written while the result is read: neither side waits on the other.
        s.spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let (tx, rx) = mpsc::channel();
        s.spawn(move || {
            let mut out = Vec::new();
            let read = stdout.read_to_end(&mut out).map(|_| out);
            let _ = tx.send(read);
        });
        let err = s.spawn(move || tail(stderr));
        let ended = watch(&mut child, &rx, limits, name);
        let stderr = err.join().unwrap_or_default();
        let (status, out) = ended?;
        outcome(status, &out, &stderr, limits, name)
    })
}

/// Starts `exe __typeset` with its standard streams piped, an empty environment and (Unix)
/// the address-space cap.
fn spawn(exe: &Path, limits: Limits) -> Result<Child> {
    let mut cmd = Command::new(exe);
    cmd.arg(CHILD_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // The child reads no environment. glibc's allocator reserves 64 MiB of address space
        // per arena and makes up to 8 arenas per core: at most 4 keep the child's address
        // space (capped) from growing with the number of cores.
        cmd.env_clear().env("MALLOC_ARENA_MAX", "4");
        limit_child(&mut cmd, limits);
    }
    #[cfg(not(unix))]
    let _ = limits;
    cmd.spawn().map_err(|e| {
        Error::Internal(format!(
            "starting the typesetting process `{}`: {e}",
            crate::error::display_path(exe)
        ))
    })
}

/// The child's address space: the memory limit plus the margin.
#[cfg(unix)]
fn address_cap(limits: Limits) -> u64 {
    limits
        .memory
        .saturating_add(Limits::ADDRESS_MARGIN_MIB * 1024 * 1024)
}

/// In the child, between fork and exec: cap its address space, and (Linux) have it killed
/// when the thread of wafr that started it ends.
#[cfg(unix)]
fn limit_child(cmd: &mut Command, limits: Limits) {
    use std::os::unix::process::CommandExt;
    let cap = libc::rlim_t::try_from(address_cap(limits)).unwrap_or(libc::RLIM_INFINITY);
    #[cfg(target_os = "linux")]
    let parent = std::process::id();
    // Safety: only async-signal-safe calls (getrlimit, setrlimit, prctl, getppid), no
    // allocation, between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let mut lim = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_AS, &mut lim) == 0 {
                lim.rlim_cur = if lim.rlim_max == libc::RLIM_INFINITY {
                    cap
                } else {
                    cap.min(lim.rlim_max)
                };
                libc::setrlimit(libc::RLIMIT_AS, &lim);
            }
            #[cfg(target_os = "linux")]
            {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                // wafr died before the line above: nothing will read the result.
                if u32::try_from(libc::getppid()).ok() != Some(parent) {
                    return Err(std::io::Error::other("wafr ended"));
                }
            }
            Ok(())
        });
    }
}

/// The last [`STDERR_TAIL`] bytes of the child's standard error, read to its end.
fn tail(mut stderr: impl Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stderr.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > 2 * STDERR_TAIL {
            kept.drain(..kept.len() - STDERR_TAIL);
        }
    }
    let from = kept.len().saturating_sub(STDERR_TAIL);
    kept.split_off(from)
}

/// Waits for the child's output within the limits: its exit status and standard output, or
/// the limit's error once the child is killed.
fn watch(
    child: &mut Child,
    rx: &mpsc::Receiver<std::io::Result<Vec<u8>>>,
    limits: Limits,
    name: &str,
) -> Result<(ExitStatus, Vec<u8>)> {
    let start = Instant::now();
    let pid = child.id();
    let exceeded = loop {
        match rx.recv_timeout(guard::TICK) {
            // Standard output ends when the child does.
            Ok(out) => {
                let status = child.wait().map_err(waiting)?;
                return Ok((status, out.unwrap_or_default()));
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = child.wait().map_err(waiting)?;
                return Ok((status, Vec::new()));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() > limits.time {
            break guard::time_exceeded(name, limits);
        }
        if guard::resident_bytes(Some(pid)).is_some_and(|rss| rss > limits.memory) {
            break guard::memory_exceeded(name, limits);
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    Err(exceeded)
}

fn waiting(e: std::io::Error) -> Error {
    Error::Internal(format!("waiting for the typesetting process: {e}"))
}

/// What the child's end means: its result when it wrote one; else why it died, as a template
/// error naming the template (a failed allocation is the memory limit).
fn outcome(
    status: ExitStatus,
    out: &[u8],
    stderr: &[u8],
    limits: Limits,
    name: &str,
) -> Result<Compiled> {
    if let Some(result) = wire::decode_result(out) {
        return result;
    }
    let stderr = String::from_utf8_lossy(stderr);
    if stderr.contains("memory allocation of") || killed_by_the_system(status) {
        return Err(guard::memory_exceeded(name, limits));
    }
    let detail = if stderr.contains("has overflowed its stack") {
        "the template nests too deeply: the typesetter's stack overflowed".to_owned()
    } else {
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        format!(
            "the typesetting process ended without a result ({status}){}",
            last.map(|l| format!(": {}", l.trim())).unwrap_or_default()
        )
    };
    Err(Error::Template {
        name: name.to_owned(),
        detail,
    })
}

/// True when the child was killed outright (SIGKILL) by someone else than wafr: on Linux,
/// the kernel's out-of-memory killer.
fn killed_by_the_system(status: ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(libc::SIGKILL)
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_cap_is_the_limit_plus_the_margin() {
        let l = Limits {
            memory: 256 * 1024 * 1024,
            ..Limits::default()
        };
        assert_eq!(
            address_cap(l),
            (256 + Limits::ADDRESS_MARGIN_MIB) * 1024 * 1024
        );
        let l = Limits {
            memory: u64::MAX,
            ..l
        };
        assert_eq!(address_cap(l), u64::MAX);
    }

    #[test]
    fn stderr_keeps_its_last_bytes() {
        let text: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let kept = tail(text.as_slice());
        assert_eq!(kept.len(), STDERR_TAIL);
        assert_eq!(kept.as_slice(), &text[text.len() - STDERR_TAIL..]);
        assert_eq!(tail(&b"short"[..]), b"short");
    }
}

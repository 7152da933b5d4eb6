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
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, OnceLock};
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

/// How many documents one child typesets before it is replaced by a fresh one: typst's
/// caches are emptied after each document, and a fresh process now and then bounds what the
/// allocator keeps.
const JOBS_PER_CHILD: u32 = 64;

/// A typesetting child that takes one job after another: starting a process and loading its
/// fonts costs about a fifth of a short report, so `wafr portfolio --each` keeps its children
/// (one per worker) and `wafr report` starts its child while it still imports and assesses
/// ([`prepare`]). Each job has the full limits: its time counts from when it is sent, and the
/// memory is the child's whole resident set.
struct Session {
    exe: PathBuf,
    limits: Limits,
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    /// Reads the child's standard error to its end, keeping the tail.
    stderr: std::thread::JoinHandle<Vec<u8>>,
    jobs: u32,
}

/// Children waiting for a job.
static IDLE: Mutex<Vec<Session>> = Mutex::new(Vec::new());

/// How a job ended when it gave no result: the child is killed and gone.
enum Lost {
    /// Past a limit: the limit's error.
    Limit(Error),
    /// The child died, or its pipes broke.
    Died,
}

impl Session {
    fn start(exe: &Path, limits: Limits) -> Result<Session> {
        let mut child = spawn(exe, limits)?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Internal(
                "the typesetting process has no pipes".into(),
            ));
        };
        let stderr = std::thread::Builder::new()
            .name("typeset-stderr".into())
            .spawn(move || tail(stderr))
            .map_err(|e| Error::Internal(format!("starting a thread: {e}")))?;
        Ok(Session {
            exe: exe.to_owned(),
            limits,
            child,
            stdin,
            stdout,
            stderr,
            jobs: 0,
        })
    }

    /// Sends a framed job and waits for its result within `limits`.
    fn run(&mut self, frame: &[u8], name: &str) -> std::result::Result<Result<Compiled>, Lost> {
        let Session {
            limits,
            child,
            stdin,
            stdout,
            ..
        } = self;
        std::thread::scope(|s| {
            // The job is written while the result is read: neither side waits on the other.
            s.spawn(move || {
                let _ = stdin.write_all(frame).and_then(|()| stdin.flush());
            });
            let (tx, rx) = mpsc::channel();
            s.spawn(move || {
                let _ = tx.send(wire::read_frame(stdout));
            });
            watch(child, &rx, *limits, name)
        })
    }

    /// Ends a child that lost its job: killed if still running, then why it ended.
    fn lost(mut self, lost: Lost, name: &str) -> Error {
        let _ = self.child.kill();
        let status = self.child.wait();
        let stderr = self.stderr.join().unwrap_or_default();
        match (lost, status) {
            (Lost::Limit(e), _) => e,
            (Lost::Died, Ok(status)) => died(status, &stderr, self.limits, name),
            (Lost::Died, Err(e)) => waiting(e),
        }
    }

    /// Ends an idle child: its input closes and it exits.
    fn close(self) {
        let Session {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait();
    }
}

/// An idle child of `exe` under `limits`, or a new one.
fn take(exe: &Path, limits: Limits) -> Result<Session> {
    let found = {
        let mut idle = IDLE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let at = idle.iter().position(|s| s.exe == exe && s.limits == limits);
        at.map(|i| idle.swap_remove(i))
    };
    match found {
        Some(mut s) => {
            if matches!(s.child.try_wait(), Ok(None)) {
                return Ok(s);
            }
            // It ended meanwhile (killed from outside): replaced.
            s.close();
            Session::start(exe, limits)
        }
        None => Session::start(exe, limits),
    }
}

/// Keeps an idle child for the next job, unless it has typeset its share or enough wait.
fn give_back(s: Session) {
    let cap = std::thread::available_parallelism().map_or(2, |n| n.get()) + 1;
    let mut idle = IDLE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if s.jobs >= JOBS_PER_CHILD || idle.len() >= cap {
        drop(idle);
        s.close();
    } else {
        idle.push(s);
    }
}

/// Starts a child for the next document now, so that it loads while wafr still imports and
/// assesses; does nothing unless this process typesets in children.
pub(super) fn prepare(limits: Limits) {
    if let Some(exe) = executable()
        && let Ok(s) = Session::start(exe, limits)
    {
        give_back(s);
    }
}

/// Ends every idle child and waits for it.
pub(super) fn finish() {
    let idle = std::mem::take(
        &mut *IDLE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for s in idle {
        s.close();
    }
}

/// Typesets `job` (its template named `name` in messages) in a child started from `exe`,
/// within `limits`.
pub(super) fn typeset_in_child(
    exe: &Path,
    job: &Job,
    limits: Limits,
    name: &str,
) -> Result<Compiled> {
    let mut frame = Vec::new();
    wire::write_frame(&mut frame, &wire::encode_job(job, limits.time))
        .map_err(|e| Error::Internal(format!("framing a typesetting job: {e}")))?;
    let mut session = take(exe, limits)?;
    match session.run(&frame, name) {
        // A child whose document failed is not kept: the error may have been a panic
        // inside typst, contained, and nothing says typst's state came through it whole.
        Ok(result @ Err(_)) => {
            session.close();
            result
        }
        Ok(result) => {
            session.jobs += 1;
            give_back(session);
            result
        }
        Err(lost) => Err(session.lost(lost, name)),
    }
}

/// A request to the starter thread: what to start, and where to send the child.
type StartRequest = (PathBuf, Limits, mpsc::Sender<std::io::Result<Child>>);

/// Starts `exe __typeset` with its standard streams piped, an empty environment and (Unix)
/// the address-space cap, from the starter thread: on Linux a child is killed when the thread
/// that started it ends (`PR_SET_PDEATHSIG`), and a child kept for the next job must outlive
/// the thread that first used it (a report's formats render on threads of their own). The
/// starter lives as long as wafr; should it fail to start, the calling thread starts the child.
fn spawn(exe: &Path, limits: Limits) -> Result<Child> {
    static STARTER: OnceLock<Option<mpsc::Sender<StartRequest>>> = OnceLock::new();
    let starter = STARTER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<StartRequest>();
        std::thread::Builder::new()
            .name("typeset-starter".into())
            .spawn(move || {
                for (exe, limits, reply) in rx {
                    let _ = reply.send(command(&exe, limits).spawn());
                }
            })
            .ok()
            .map(|_| tx)
    });
    let started = match starter {
        Some(tx) => {
            let (reply, rx) = mpsc::channel();
            tx.send((exe.to_owned(), limits, reply))
                .ok()
                .and_then(|()| rx.recv().ok())
                .unwrap_or_else(|| command(exe, limits).spawn())
        }
        None => command(exe, limits).spawn(),
    };
    started.map_err(|e| {
        Error::Internal(format!(
            "starting the typesetting process `{}`: {e}",
            crate::error::display_path(exe)
        ))
    })
}

/// The command line of a child: `exe __typeset`, piped, no environment, capped (Unix).
fn command(exe: &Path, limits: Limits) -> Command {
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
    cmd
}

/// The child's address space: the memory limit plus the margin.
#[cfg(unix)]
fn address_cap(limits: Limits) -> u64 {
    limits
        .memory
        .saturating_add(Limits::ADDRESS_MARGIN_MIB * 1024 * 1024)
}

/// In the child, between fork and exec: cap its address space, and (Linux) have it killed
/// when the thread of wafr that started it ends (the starter thread, which lives as long as
/// wafr).
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

/// Waits for the result of the job in hand within the limits: the result once the child
/// wrote it; else the child is lost (killed past a limit, or dead).
fn watch(
    child: &mut Child,
    rx: &mpsc::Receiver<std::io::Result<Option<Vec<u8>>>>,
    limits: Limits,
    name: &str,
) -> std::result::Result<Result<Compiled>, Lost> {
    let start = Instant::now();
    let pid = child.id();
    let exceeded = loop {
        match rx.recv_timeout(guard::TICK) {
            Ok(Ok(Some(frame))) => return wire::decode_result(&frame).ok_or(Lost::Died),
            // Standard output ended or broke: the child is gone.
            Ok(_) | Err(RecvTimeoutError::Disconnected) => return Err(Lost::Died),
            Err(RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() > limits.time {
            break guard::time_exceeded(name, limits);
        }
        if guard::resident_bytes(Some(pid)).is_some_and(|rss| rss > limits.memory) {
            break guard::memory_exceeded(name, limits);
        }
    };
    // Killed here, so that the thread reading its output ends.
    let _ = child.kill();
    Err(Lost::Limit(exceeded))
}

fn waiting(e: std::io::Error) -> Error {
    Error::Internal(format!("waiting for the typesetting process: {e}"))
}

/// Why a child died without a result, as a template error naming the template (a failed
/// allocation is the memory limit).
fn died(status: ExitStatus, stderr: &[u8], limits: Limits, name: &str) -> Error {
    let stderr = String::from_utf8_lossy(stderr);
    if stderr.contains("memory allocation of") || killed_by_the_system(status) {
        return guard::memory_exceeded(name, limits);
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
    Error::Template {
        name: name.to_owned(),
        detail,
    }
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

//! The typesetting child (`wafr __typeset`, see `super::isolate`): reads jobs on standard
//! input, one frame each, typesets them one after the other and writes each result on
//! standard output as it is done; it exits when its input ends. It reads nothing else: no
//! file, no argument, no environment.

use std::io::Read;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::document::Compiled;
use super::document::template_name;
use super::typeset::{self, Job};
use super::wire;
use crate::error::{Error, Result};
use crate::render::guard;

/// How long the child outlives a job's time limit before it stops itself (when wafr, which
/// enforces the limit, is gone or stuck).
const GRACE: Duration = Duration::from_secs(10);

/// Runs the child: exit code 0 when its input ended between jobs, 2 when a job could not be
/// read whole or a result not written.
pub fn main() -> ExitCode {
    // A panic inside typst becomes the result's template error: nothing to print.
    std::panic::set_hook(Box::new(|_| {}));
    let watchdog = Watchdog::start();
    // The fonts and the standard library are ready before the first job comes.
    typeset::prepare();
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    loop {
        let result = match next_job(&mut stdin) {
            Ok(None) => return ExitCode::SUCCESS,
            Ok(Some((job, time))) => {
                watchdog.arm(time + GRACE);
                let result = run(job);
                watchdog.disarm();
                result
            }
            Err(()) => return ExitCode::from(2),
        };
        if wire::write_frame(&mut stdout, &wire::encode_result(&result)).is_err() {
            return ExitCode::from(2);
        }
    }
}

/// The next job, `None` when the input has ended; `Err` when a frame is cut or malformed.
fn next_job(stdin: &mut impl Read) -> std::result::Result<Option<(Job, Duration)>, ()> {
    match wire::read_frame(stdin) {
        Ok(None) => Ok(None),
        Ok(Some(frame)) => wire::decode_job(&frame).map(Some).ok_or(()),
        Err(_) => Err(()),
    }
}

/// Typesets on a thread with a large stack (typst recurses on nested content), a panic
/// contained as a template error.
fn run(job: Job) -> Result<Compiled> {
    let name = template_name(&job.templates, job.doc.main);
    let worker = std::thread::Builder::new()
        .name("template".into())
        .stack_size(guard::STACK)
        .spawn(move || typeset::contained(job, &name))
        .map_err(|e| Error::Internal(format!("starting a template thread: {e}")))?;
    worker
        .join()
        .unwrap_or_else(|_| Err(Error::Internal("the template thread panicked".into())))
}

/// Ends the process when a job runs past its deadline, or (Unix) as soon as wafr is gone: a
/// child never runs on for long without the parent that enforces its limits. Between jobs
/// there is no deadline.
struct Watchdog {
    start: Instant,
    /// Milliseconds after `start` at which the job in hand must be done; 0 between jobs.
    deadline: &'static AtomicU64,
}

impl Watchdog {
    fn start() -> Watchdog {
        static DEADLINE: AtomicU64 = AtomicU64::new(0);
        let start = Instant::now();
        #[cfg(unix)]
        // Safety: getppid has no preconditions.
        let parent = unsafe { libc::getppid() };
        let _ = std::thread::Builder::new()
            .name("watchdog".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(200));
                    #[cfg(unix)]
                    // Safety: as above.
                    if unsafe { libc::getppid() } != parent {
                        std::process::exit(3);
                    }
                    let due = DEADLINE.load(Ordering::Relaxed);
                    if due != 0 && millis(start.elapsed()) > due {
                        std::process::exit(3);
                    }
                }
            });
        Watchdog {
            start,
            deadline: &DEADLINE,
        }
    }

    fn arm(&self, within: Duration) {
        let due = millis(self.start.elapsed()).saturating_add(millis(within));
        self.deadline.store(due.max(1), Ordering::Relaxed);
    }

    fn disarm(&self) {
        self.deadline.store(0, Ordering::Relaxed);
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_input_ends_between_jobs_or_inside_one() {
        // Nothing at all: done, not an error.
        assert!(matches!(next_job(&mut &b""[..]), Ok(None)));
        // A frame that is not a job, and a cut frame: errors.
        let mut stream = Vec::new();
        wire::write_frame(&mut stream, b"not a job").unwrap();
        assert!(next_job(&mut stream.as_slice()).is_err());
        assert!(next_job(&mut &stream[..4]).is_err());
    }
}

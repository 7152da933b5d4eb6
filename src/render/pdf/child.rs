//! The typesetting child (`wafr __typeset`, see `super::isolate`): reads one job on standard
//! input, typesets it, writes the result on standard output and exits. It reads nothing else:
//! no file, no argument, no environment.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::document::Compiled;
use super::document::template_name;
use super::typeset::{self, Job};
use super::wire;
use crate::error::{Error, Result};
use crate::render::guard;

/// How long the child outlives its time limit before it stops itself (when wafr, which
/// enforces the limit, is gone).
const GRACE: Duration = Duration::from_secs(10);

/// Runs the child: exit code 0 when a result (a PDF or an error) was written, 2 when not.
pub fn main() -> ExitCode {
    // A panic inside typst becomes the result's template error: nothing to print.
    std::panic::set_hook(Box::new(|_| {}));
    let mut input = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut input).is_err() {
        return ExitCode::from(2);
    }
    let result = match wire::decode_job(&input) {
        Some((job, time)) => {
            drop(input);
            watchdog(time + GRACE);
            run(job)
        }
        None => Err(Error::Internal(
            "the typesetting process could not read its job".into(),
        )),
    };
    let out = wire::encode_result(&result);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
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

/// Ends the process once `after` has passed, or (Unix) as soon as wafr is gone: a child never
/// runs on for long without the parent that enforces its limits.
fn watchdog(after: Duration) {
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
                if start.elapsed() > after {
                    std::process::exit(3);
                }
            }
        });
}

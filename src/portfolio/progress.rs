//! The progress bar of long portfolio runs, on stderr. Hidden when stderr is not a terminal
//! (a pipe, a CI log) or with `--quiet`, so it never mixes into captured output.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that may be hidden. Cheap to tick from many threads.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar on stderr when `visible` and stderr is a terminal; hidden otherwise.
    pub fn new(visible: bool) -> Self {
        if !visible || !std::io::stderr().is_terminal() {
            return Self::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>22} [{bar:30}] {pos}/{len} {elapsed} (eta {eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar }
    }

    /// A bar that never draws (library use, tests).
    pub fn hidden() -> Self {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// Starts a stage of `len` steps.
    pub fn stage(&self, message: &'static str, len: usize) {
        self.bar.set_length(len as u64);
        self.bar.set_position(0);
        self.bar.set_message(message);
    }

    /// One step done.
    pub fn tick(&self) {
        self.bar.inc(1);
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

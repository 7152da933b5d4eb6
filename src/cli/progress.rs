//! The progress bar of long portfolio runs, on stderr: how the CLI shows the pipeline's
//! [`Progress`]. Hidden when stderr is not a terminal (a pipe, a CI log) or with `--quiet`, so
//! it never mixes into captured output.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::pipeline::Progress;

/// A progress bar that may be hidden. Cheap to tick from many threads.
#[derive(Debug)]
pub(crate) struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar on stderr when `visible` and stderr is a terminal; hidden otherwise.
    pub(crate) fn new(visible: bool) -> Self {
        if !visible || !std::io::stderr().is_terminal() {
            return Self::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>22} [{bar:30}] {pos}/{len} {elapsed} (eta {eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar { bar }
    }

    fn hidden() -> Self {
        Bar {
            bar: ProgressBar::hidden(),
        }
    }
}

impl Progress for Bar {
    fn stage(&self, message: &'static str, len: usize) {
        // Position first, then length: never "5/1" between two phases.
        self.bar.reset();
        self.bar.set_length(len as u64);
        self.bar.set_message(message);
    }

    fn tick(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

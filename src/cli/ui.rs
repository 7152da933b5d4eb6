//! What the command prints, and how: results on standard output, errors, warnings and notes on
//! standard error, each once. `--quiet` leaves errors only; `--verbose` lifts the limit on
//! warnings. Colour (anstream) is on for a terminal unless `NO_COLOR` is set, and follows
//! `--color always|never` otherwise; piped output never carries escape codes. Text meant for
//! people (not `data`) is printed with its control and invisible format characters written as
//! `<U+XXXX>` (`textfmt::visible`): a file name, workload name or manifest field can never
//! send escape sequences to the terminal or reorder a line.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::args::GlobalArgs;
use crate::error::{Diagnostic, Error, Severity, display_path};
use crate::pipeline::Warning;
use crate::textfmt::visible;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();
const HEADING: Style = Style::new().bold();

/// Warnings shown per list without `--verbose`.
const WARNINGS_SHOWN: usize = 20;

/// The printing side of one run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ui {
    /// Errors only.
    pub quiet: bool,
    /// Every warning.
    pub verbose: bool,
}

/// `--color` as given on the command line, read before clap parses it, so that clap's own
/// messages (usage errors, help) follow it too.
pub(crate) fn color_choice(args: &[OsString]) -> anstream::ColorChoice {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    let mut choice = None;
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--color=") {
            choice = Some(v.to_owned());
        } else if a == "--color" {
            choice = it.next().map(|v| v.into_owned());
        }
    }
    match choice.as_deref() {
        Some("always") => anstream::ColorChoice::Always,
        Some("never") => anstream::ColorChoice::Never,
        _ => anstream::ColorChoice::Auto,
    }
}

impl Ui {
    /// The printing rules of the flags; sets the colour choice for the whole process.
    pub(crate) fn new(g: &GlobalArgs) -> Ui {
        let choice = match g.color.as_str() {
            "always" => anstream::ColorChoice::Always,
            "never" => anstream::ColorChoice::Never,
            _ => anstream::ColorChoice::Auto,
        };
        choice.write_global();
        Ui {
            quiet: g.quiet,
            verbose: g.verbose,
        }
    }

    /// Results (summaries, tables) on standard output; lines that start in the first column
    /// are headings. Nothing with `--quiet`.
    pub(crate) fn out(&self, text: &str) {
        if self.quiet {
            return;
        }
        let mut o = anstream::stdout().lock();
        for line in visible(text).lines() {
            let _ = if line.starts_with(' ') || line.is_empty() {
                writeln!(o, "{line}")
            } else {
                writeln!(o, "{HEADING}{line}{HEADING:#}")
            };
        }
    }

    /// Data on standard output, as is (JSON, CSV): printed even with `--quiet`, since it is
    /// what was asked for.
    pub(crate) fn data(&self, bytes: &[u8]) -> crate::error::Result<()> {
        std::io::stdout()
            .lock()
            .write_all(bytes)
            .map_err(|e| Error::Internal(format!("writing to standard output: {e}")))
    }

    /// `wrote <path>` for each file written.
    pub(crate) fn wrote<'a>(&self, paths: impl IntoIterator<Item = &'a std::path::PathBuf>) {
        if self.quiet {
            return;
        }
        for p in paths {
            let _ = writeln!(
                anstream::stdout().lock(),
                "wrote {}",
                visible(&display_path(p))
            );
        }
    }

    /// A note on standard error.
    pub(crate) fn note(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(
                anstream::stderr().lock(),
                "{NOTE}note:{NOTE:#} {}",
                visible(text)
            );
        }
    }

    /// Warnings, each once, in order; at most 20 per list unless `--verbose`.
    pub(crate) fn warnings(&self, ws: &[Diagnostic]) {
        let texts: Vec<String> = ws.iter().map(ToString::to_string).collect();
        self.warning_texts(&texts, "assessment.json");
    }

    /// Warnings of rendering (templates, branding).
    pub(crate) fn render_warnings(&self, ws: &[Warning]) {
        let texts: Vec<String> = ws.iter().map(ToString::to_string).collect();
        self.warning_texts(&texts, "the run's outputs");
    }

    fn warning_texts(&self, texts: &[String], where_all: &str) {
        if self.quiet {
            return;
        }
        let mut seen = BTreeSet::new();
        let unique: Vec<&String> = texts.iter().filter(|t| seen.insert(t.as_str())).collect();
        let limit = if self.verbose {
            usize::MAX
        } else {
            WARNINGS_SHOWN
        };
        let mut err = anstream::stderr().lock();
        for t in unique.iter().take(limit) {
            let _ = writeln!(
                err,
                "{WARNING}warning:{WARNING:#} {}",
                visible(t).replace('\n', "\n  ")
            );
        }
        if unique.len() > limit {
            let _ = writeln!(
                err,
                "{WARNING}warning:{WARNING:#} … and {} more (--verbose shows them; all are in {where_all})",
                unique.len() - limit
            );
        }
    }

    /// An error line (`error: …`), always printed.
    pub(crate) fn error_line(&self, text: &str) {
        let _ = writeln!(
            anstream::stderr().lock(),
            "{ERROR}error:{ERROR:#} {}",
            visible(text).replace('\n', "\n  ")
        );
    }

    /// A line on standard error that is neither error nor warning (a gate verdict).
    pub(crate) fn status(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(anstream::stderr().lock(), "{}", visible(text));
        }
    }
}

/// Prints an error, its located problems and its causes to standard error.
pub(crate) fn print_error(e: &Error) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{ERROR}error:{ERROR:#} {}", visible(&e.to_string()));
    if let Error::Invalid { problems, .. } = e {
        for p in problems {
            let tag = if p.severity == Severity::Error {
                String::new()
            } else {
                format!("{WARNING}warning:{WARNING:#} ")
            };
            let _ = writeln!(
                err,
                "  {tag}{}",
                visible(&p.to_string()).replace('\n', "\n  ")
            );
        }
    }
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let _ = writeln!(err, "  caused by: {}", visible(&s.to_string()));
        src = s.source();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_flag_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            color_choice(&args(&["wafr", "--color", "never", "report"])),
            anstream::ColorChoice::Never
        );
        assert_eq!(
            color_choice(&args(&["wafr", "report", "--color=always"])),
            anstream::ColorChoice::Always
        );
        assert_eq!(
            color_choice(&args(&["wafr", "diff", "--", "--color=always"])),
            anstream::ColorChoice::Auto
        );
    }
}

//! Errors and diagnostics that say where a problem is.
//!
//! Every problem a user must fix carries a [`Location`]: the file, and where known the sheet,
//! the row (1-based, as spreadsheet programs show it), the column (letter and header), the JSON
//! path or the line. Importers collect problems into [`Diagnostics`] instead of stopping at the
//! first one, so a user sees every problem of a file in one run.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where a piece of input came from and, within it, where exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Location {
    /// The file as the user named it, or `<builtin>/…` for embedded data.
    pub file: String,
    /// Worksheet name, for spreadsheets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row, as spreadsheet programs and CSV editors show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 0-based column index; shown as a letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Header text of the column, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// JSON path such as `answers[3].status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line and column in a text file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<(u32, u32)>,
}

impl Location {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }

    /// A file given as a path.
    pub fn path(path: &Path) -> Self {
        Location::file(display_path(path))
    }

    /// This location within a sheet.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// This location at a 1-based row.
    pub fn row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// This location at a 0-based column with its header.
    pub fn column(mut self, column: u32, header: Option<&str>) -> Self {
        self.column = Some(column);
        self.header = header.map(str::to_owned);
        self
    }

    /// This location at a JSON path.
    pub(crate) fn json_path(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        self.path = if p.is_empty() || p == "." {
            None
        } else {
            Some(p)
        };
        self
    }

    /// This location at a 1-based line and column.
    pub(crate) fn line(mut self, line: u32, column: u32) -> Self {
        self.line = Some((line, column));
        self
    }
}

/// Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letter(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// How a path is shown to users: as they gave it, with `/` separators.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet '{sheet}'")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(col) = self.column {
            write!(f, ", column {}", column_letter(col))?;
            if let Some(h) = &self.header {
                write!(f, " ({h})")?;
            }
        } else if let Some(h) = &self.header {
            write!(f, ", column ({h})")?;
        }
        if let Some(p) = &self.path {
            write!(f, ", at {p}")?;
        }
        if let Some((l, c)) = self.line {
            write!(f, ", line {l}, column {c}")?;
        }
        Ok(())
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input was used, but the user should know something.
    Warning,
}

/// One problem or remark about the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, machine-readable kind such as `unknown-practice` or `review-stale`.
    pub code: String,
    /// Where, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a place.
    pub fn error(code: &str, at: Option<Location>, message: impl Into<String>) -> Self {
        crate::codes::check(code);
        Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            at,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a place.
    pub(crate) fn warning(code: &str, at: Option<Location>, message: impl Into<String>) -> Self {
        crate::codes::check(code);
        Diagnostic {
            severity: Severity::Warning,
            code: code.into(),
            at,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message)?,
            None => write!(f, "{}", self.message)?,
        }
        if let Some(h) = &self.hint {
            write!(f, "\n    hint: {h}")?;
        }
        Ok(())
    }
}

/// At most this many problems are kept per run; the count of the rest is still reported.
pub const MAX_PROBLEMS: usize = 200;

/// A collector of problems, so that a file reports all of them rather than the first.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
    dropped_errors: usize,
    dropped_warnings: usize,
}

impl Diagnostics {
    /// An empty collector.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a diagnostic (errors beyond [`MAX_PROBLEMS`] are only counted).
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if d.severity == Severity::Error && self.error_count() >= MAX_PROBLEMS {
            self.dropped_errors += 1;
            return;
        }
        if d.severity == Severity::Warning && self.warnings().count() >= MAX_PROBLEMS {
            self.dropped_warnings += 1;
            return;
        }
        self.items.push(d);
    }

    /// Adds an error.
    pub(crate) fn error(&mut self, code: &str, at: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::error(code, at, message));
    }

    /// Adds a warning.
    pub(crate) fn warning(&mut self, code: &str, at: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::warning(code, at, message));
    }

    /// Number of errors so far.
    pub(crate) fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
            + self.dropped_errors
    }

    /// True when at least one error was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The warnings recorded.
    pub(crate) fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// All diagnostics recorded.
    pub(crate) fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Ok with the warnings when there is no error, else [`Error::Invalid`] with everything.
    pub(crate) fn finish(self, what: &str) -> Result<Vec<Diagnostic>> {
        if self.has_errors() {
            let mut problems = self.items;
            if self.dropped_errors > 0 {
                problems.push(Diagnostic::error(
                    "too-many-problems",
                    None,
                    format!(
                        "{} not shown",
                        crate::textfmt::count(
                            self.dropped_errors as u32,
                            "more error",
                            "more errors"
                        )
                    ),
                ));
            }
            Err(Error::Invalid {
                what: what.to_owned(),
                problems,
            })
        } else {
            let mut items = self.items;
            if self.dropped_warnings > 0 {
                items.push(Diagnostic::warning(
                    "too-many-warnings",
                    None,
                    format!(
                        "{} of this input not shown",
                        crate::textfmt::count(
                            self.dropped_warnings as u32,
                            "more warning",
                            "more warnings"
                        )
                    ),
                ));
            }
            Ok(items)
        }
    }
}

/// Everything that can go wrong, each variant naming its input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the user's data, mappings or templates (exit code 1).
    #[error("{} in {what}", crate::textfmt::count(problems.iter().filter(|p| p.severity == Severity::Error).count() as u32, "problem", "problems"))]
    Invalid {
        /// What was being read: a file name or "mappings".
        what: String,
        /// Errors and warnings, each with its place.
        problems: Vec<Diagnostic>,
    },
    /// A file could not be read (exit code 2).
    #[error("failed to read `{}`", display_path(path))]
    Read {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written (exit code 2).
    #[error("failed to write `{}`", display_path(path))]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The command line asks for something impossible (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// A report template failed (exit code 1): typst or tera diagnostics with file, line, column.
    #[error("template `{name}` failed\n{detail}")]
    Template {
        /// The template file.
        name: String,
        /// Diagnostics, one per line.
        detail: String,
    },
    /// A gate set with `--fail-on` was tripped (exit code 1): not an error in wafr, a verdict.
    #[error("{0}")]
    Gate(String),
    /// A bug or an environment problem (exit code 2).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The process exit code: 1 for data, mapping and template problems, 2 for usage, I/O and
    /// internal errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid { .. } | Error::Template { .. } | Error::Gate(_) => 1,
            Error::Read { .. } | Error::Write { .. } | Error::Usage(_) | Error::Internal(_) => 2,
        }
    }

    /// A one-problem data error.
    pub(crate) fn data(at: Location, code: &str, message: impl Into<String>) -> Self {
        let what = at.file.clone();
        Error::Invalid {
            what,
            problems: vec![Diagnostic::error(code, Some(at), message)],
        }
    }
}

/// Result with wafr's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn location_display() {
        let at = Location::file("answers.xlsx")
            .sheet("Answers")
            .row(14)
            .column(3, Some("Status"));
        assert_eq!(
            at.to_string(),
            "answers.xlsx, sheet 'Answers', row 14, column D (Status)"
        );
        let at = Location::file("review.json")
            .json_path("answers[3].status")
            .line(12, 5);
        assert_eq!(
            at.to_string(),
            "review.json, at answers[3].status, line 12, column 5"
        );
    }

    #[test]
    fn diagnostics_cap() {
        let mut d = Diagnostics::new();
        for i in 0..(MAX_PROBLEMS + 5) {
            d.error("invalid-value", None, format!("{i}"));
        }
        assert_eq!(d.error_count(), MAX_PROBLEMS + 5);
        let Err(Error::Invalid { problems, .. }) = d.finish("f") else {
            panic!("expected errors")
        };
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
    }
}

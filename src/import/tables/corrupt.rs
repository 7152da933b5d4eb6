//! The error of a workbook that cannot be read as what it claims to be. A leaf: the
//! workbook reader and its guards (ZIP, ODS, XLS) all raise it.

use crate::error::{Error, Location};

/// `at` cannot be read as `what` (`an XLSX workbook`, …): damaged or cut short.
pub(super) fn corrupt(at: &Location, what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Invalid {
        what: at.file.clone(),
        problems: vec![
            crate::error::Diagnostic::error(
                "unreadable-workbook",
                Some(at.clone()),
                format!("the file cannot be read as {what}: {detail}"),
            )
            .with_hint(
                "it may be damaged or cut short: open it in a spreadsheet program and save it again",
            ),
        ],
    }
}

//! The sources of the method section: `method` of the view model. Only figures and files are
//! data; the section's fixed wording (definitions, rules, formulas, the disclaimer) is template
//! text, in `report-templates/pdf/method.typ`, which a `--templates` folder can reword.

use serde::Serialize;

use crate::model::assessment::Assessment;

/// Method and sources: the data the method section states (its wording is in
/// `pdf/method.typ`).
#[derive(Debug, Serialize)]
pub(crate) struct Method {
    /// Digest of the mapping data.
    pub mapping_version: String,
    /// Mapping files.
    pub mapping_files: Vec<FileInfo>,
    /// Input files.
    pub inputs: Vec<FileInfo>,
    /// Frameworks and editions.
    pub frameworks: Vec<String>,
}

/// An input or mapping file.
#[derive(Debug, Serialize)]
pub(crate) struct FileInfo {
    /// Path as given.
    pub path: String,
    /// Format, kind or origin.
    pub kind: String,
    /// SHA-256, hex.
    pub sha256: String,
}

/// The mapping data, the input files and the frameworks the report rests on.
pub(super) fn method(a: &Assessment) -> Method {
    Method {
        mapping_version: a.mapping.version.clone(),
        mapping_files: a
            .mapping
            .files
            .iter()
            .map(|f| FileInfo {
                path: f.path.clone(),
                kind: format!("{} ({})", f.kind, f.origin),
                sha256: f.sha256.clone(),
            })
            .collect(),
        inputs: a
            .sources
            .iter()
            .map(|f| FileInfo {
                path: f.path.clone(),
                kind: format!("{}, {} bytes", f.format, f.bytes),
                sha256: f.sha256.clone(),
            })
            .collect(),
        frameworks: a
            .frameworks
            .iter()
            .map(|f| {
                format!(
                    "{}: {} ({}, {})",
                    f.short_name, f.name, f.edition, f.publisher
                )
            })
            .collect(),
    }
}

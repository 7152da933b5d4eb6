//! Renderers: Assessment → bytes. Renderers never write files; `pipeline` does.

pub mod backlog;
pub mod branding;
pub mod changes;
pub mod csv_safe;
pub mod freshness;
pub mod guard;
pub mod markdown;
pub mod pdf;
pub mod questionnaire;
pub mod templates;
pub mod text;
mod text_recursion;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::model::assessment::Assessment;
pub use branding::Branding;
pub use templates::TemplateSet;

/// What every renderer may use besides the assessment; loaded once per process.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Templates in force (built-in overlaid with `--templates`).
    pub templates: TemplateSet,
    /// Branding and sign-off.
    pub branding: Branding,
    /// PDF standard of `report.pdf` (`--pdf-standard`).
    pub pdf_standard: pdf::PdfStandard,
    /// Time and memory each template may take (`--template-time-limit`, …).
    pub template_limits: guard::Limits,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            templates: TemplateSet::builtin(),
            branding: Branding::default(),
            pdf_standard: pdf::PdfStandard::default(),
            template_limits: guard::Limits::default(),
        }
    }
}

/// An output format of `wafr report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `assessment.json`: the whole model.
    Json,
    /// `report.pdf`: the executive report.
    Pdf,
    /// `control-matrix.xlsx`: the auditor workbook.
    Xlsx,
    /// `summary.md`: a short Markdown summary for pull requests, tickets and email.
    Markdown,
}

impl Format {
    /// Every format, in the order outputs are written.
    #[cfg(feature = "pdf")]
    pub const ALL: &'static [Format] = &[Format::Json, Format::Pdf, Format::Xlsx, Format::Markdown];
    /// Every format, in the order outputs are written (built without the `pdf` feature).
    #[cfg(not(feature = "pdf"))]
    pub const ALL: &'static [Format] = &[Format::Json, Format::Xlsx, Format::Markdown];

    /// File name written in the output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "assessment.json",
            Format::Xlsx => "control-matrix.xlsx",
            Format::Markdown => "summary.md",
            Format::Pdf => "report.pdf",
        }
    }

    /// Parses a `--format` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "xlsx" => Some(Format::Xlsx),
            "md" | "markdown" => Some(Format::Markdown),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// Name for `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Markdown => "md",
            Format::Pdf => "pdf",
        }
    }
}

/// Renders one format.
pub fn render(format: Format, assessment: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    match format {
        Format::Json => json(assessment),
        Format::Xlsx => xlsx::render(assessment, opts),
        Format::Markdown => markdown::summary(assessment, opts),
        Format::Pdf => pdf::render(assessment, opts),
    }
}

/// `assessment.json`: pretty-printed, fields in declaration order, lists in catalog order, so
/// the same inputs give the same bytes.
pub fn json(assessment: &Assessment) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(assessment)
        .map_err(|e| Error::Internal(format!("serialising the assessment: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

//! The types of the render seam: what is rendered ([`Subject`]), in which [`Format`], with
//! which [`RenderOptions`], and what comes back ([`Rendered`]: bytes and [`Warning`]s). A leaf
//! module: every renderer imports its types from here, and `render::render` dispatches on them.

use crate::model::assessment::Assessment;
use crate::model::portfolio::Portfolio;
use crate::render::branding::Branding;
use crate::render::guard;
use crate::render::pdf::appendices::Appendices;
use crate::render::pdf::standard::PdfStandard;
use crate::render::templates::TemplateSet;
use crate::textfmt::Named;

/// What every renderer may use besides what it renders; loaded once per process.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Templates in force (built-in overlaid with `--templates`).
    pub templates: TemplateSet,
    /// Branding and sign-off.
    pub branding: Branding,
    /// PDF standard of the PDFs (`--pdf-standard`).
    pub pdf_standard: PdfStandard,
    /// Where the PDF report's appendices go (`--appendices`).
    pub appendices: Appendices,
    /// Time and memory each template may take (`--template-time-limit`, …).
    pub template_limits: guard::Limits,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            templates: TemplateSet::builtin(),
            branding: Branding::default(),
            pdf_standard: PdfStandard::default(),
            appendices: Appendices::default(),
            template_limits: guard::Limits::default(),
        }
    }
}

/// An output format. `--format` accepts every one of [`Named::VARIANTS`] (`pdf` too without
/// the `pdf` feature, so that asking for it says why it cannot be written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `assessment.json` (`portfolio.json`): the whole model.
    Json,
    /// `report.pdf` (`portfolio.pdf`): the executive report.
    Pdf,
    /// `control-matrix.xlsx` (`portfolio.xlsx`): the auditor workbook.
    Xlsx,
    /// `summary.md`: a short Markdown summary for pull requests, tickets and email.
    Markdown,
    /// `assessment-results.json`: OSCAL 1.1.3 assessment results, for GRC tools.
    Oscal,
    /// `control-matrix.csv`: the control matrix flat, one header row, for GRC tools.
    Csv,
}

impl Format {
    /// Every format, in the order outputs are written.
    #[cfg(feature = "pdf")]
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Pdf,
        Format::Xlsx,
        Format::Markdown,
        Format::Oscal,
        Format::Csv,
    ];
    /// Every format, in the order outputs are written (built without the `pdf` feature).
    #[cfg(not(feature = "pdf"))]
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Xlsx,
        Format::Markdown,
        Format::Oscal,
        Format::Csv,
    ];

    /// File name written in a report's output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "assessment.json",
            Format::Xlsx => "control-matrix.xlsx",
            Format::Markdown => "summary.md",
            Format::Pdf => "report.pdf",
            Format::Oscal => "assessment-results.json",
            Format::Csv => "control-matrix.csv",
        }
    }
}

impl Named for Format {
    const VARIANTS: &'static [Format] = &[
        Format::Json,
        Format::Pdf,
        Format::Xlsx,
        Format::Markdown,
        Format::Oscal,
        Format::Csv,
    ];

    /// Name for `--format`.
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Markdown => "md",
            Format::Pdf => "pdf",
            Format::Oscal => "oscal",
            Format::Csv => "csv",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Format::Markdown => &["markdown"],
            Format::Csv => &["flat"],
            _ => &[],
        }
    }
}

/// What is rendered: one workload's assessment (`wafr report`) or a portfolio roll-up.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// One workload's assessment.
    Report(&'a Assessment),
    /// The roll-up of `wafr portfolio`.
    Portfolio(&'a Portfolio),
}

impl<'a> From<&'a Assessment> for Subject<'a> {
    fn from(a: &'a Assessment) -> Self {
        Subject::Report(a)
    }
}

impl<'a> From<&'a Portfolio> for Subject<'a> {
    fn from(p: &'a Portfolio) -> Self {
        Subject::Portfolio(p)
    }
}

/// The formats of a portfolio's consolidated reports, in the order they are written.
#[cfg(feature = "pdf")]
const PORTFOLIO_FORMATS: &[Format] = &[Format::Json, Format::Pdf, Format::Xlsx];
/// The formats of a portfolio's consolidated reports (built without the `pdf` feature).
#[cfg(not(feature = "pdf"))]
const PORTFOLIO_FORMATS: &[Format] = &[Format::Json, Format::Xlsx];

impl Subject<'_> {
    /// Every format this subject is written in by default.
    pub(crate) fn formats(self) -> &'static [Format] {
        match self {
            Subject::Report(_) => Format::ALL,
            Subject::Portfolio(_) => PORTFOLIO_FORMATS,
        }
    }

    /// The output file of a format, when the subject has one in that format.
    pub fn file_name(self, format: Format) -> Option<&'static str> {
        file_name_of(matches!(self, Subject::Portfolio(_)), format)
    }
}

/// The output file of a format in a report folder or (`portfolio`) a portfolio's folder.
fn file_name_of(portfolio: bool, format: Format) -> Option<&'static str> {
    match (portfolio, format) {
        (false, f) => Some(f.file_name()),
        (true, Format::Json) => Some("portfolio.json"),
        (true, Format::Pdf) => Some("portfolio.pdf"),
        (true, Format::Xlsx) => Some("portfolio.xlsx"),
        (true, Format::Markdown | Format::Oscal | Format::Csv) => None,
    }
}

/// Every file name a report folder or (`portfolio`) a portfolio's folder may hold, in any
/// format, without the manifest.
pub(crate) fn output_file_names(portfolio: bool) -> Vec<&'static str> {
    Format::ALL
        .iter()
        .filter_map(|&f| file_name_of(portfolio, f))
        .collect()
}

/// A warning made while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// From typst, about a template (`file:line:column: warning: …`): the same for every
    /// document made with that template.
    Template(String),
    /// About the document's text (characters no embedded font can print).
    Text(String),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Template(t) => write!(f, "template {t}"),
            Warning::Text(t) => f.write_str(t),
        }
    }
}

/// One rendered file: its bytes and the warnings made on the way.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Warnings (empty for most formats).
    pub warnings: Vec<Warning>,
}

impl From<Vec<u8>> for Rendered {
    fn from(bytes: Vec<u8>) -> Self {
        Rendered {
            bytes,
            warnings: Vec::new(),
        }
    }
}

/// Any part of the model or a view model as pretty JSON with a final line break (fields in
/// declaration order: deterministic). `what` names it in the error.
pub(crate) fn to_json(value: &impl serde::Serialize, what: &str) -> crate::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(value)
        .map_err(|e| crate::Error::Internal(format!("serialising {what}: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

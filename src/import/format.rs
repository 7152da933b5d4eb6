//! The input formats wafr reads. A leaf: the importers name the format they read.

/// Input formats wafr reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// wafr's native review JSON.
    Native,
    /// WA Tool API / CLI JSON (list-answers, get-answer, get-workload, lens review, export bundle).
    WaToolJson,
    /// Office Open XML workbook.
    Xlsx,
    /// Legacy Excel workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma, semicolon or tab separated text.
    Csv,
}

impl Format {
    /// Name shown to users and recorded in the assessment.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "wafr-json",
            Format::WaToolJson => "wa-tool-json",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

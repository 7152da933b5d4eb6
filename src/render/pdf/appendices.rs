//! Where the report's appendices go (`--appendices include|separate|none`), and which of the
//! report's documents is typeset. A leaf module.

use crate::textfmt::Named;

/// Where the appendices (every question and practice, every control of every framework) go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Appendices {
    /// At the end of `report.pdf` (the default).
    #[default]
    Include,
    /// In a document of their own, [`APPENDICES_FILE`], next to `report.pdf`.
    Separate,
    /// Left out (the workbook has every row).
    None,
}

/// The file the appendices are written to with [`Appendices::Separate`].
pub const APPENDICES_FILE: &str = "report-appendices.pdf";

impl Named for Appendices {
    const VARIANTS: &'static [Appendices] =
        &[Appendices::Include, Appendices::Separate, Appendices::None];

    /// `include`, `separate`, `none`.
    fn name(self) -> &'static str {
        match self {
            Appendices::Include => "include",
            Appendices::Separate => "separate",
            Appendices::None => "none",
        }
    }
}

/// One document of the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Part {
    /// `report.pdf`: the report, with the appendices when they are included.
    #[default]
    Report,
    /// [`APPENDICES_FILE`]: the appendices alone, with a title page of their own.
    Appendices,
}

impl Part {
    /// `report`, `appendices`: `data.options.part` of the view model.
    pub fn name(self) -> &'static str {
        match self {
            Part::Report => "report",
            Part::Appendices => "appendices",
        }
    }
}

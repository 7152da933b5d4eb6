//! The PDF standard a document conforms to (`--pdf-standard`). A leaf module.

use crate::textfmt::Named;

/// The PDF standard to conform to (`--pdf-standard`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// Plain PDF 1.7.
    #[default]
    Pdf17,
    /// PDF/A-2b, for archiving.
    A2b,
    /// PDF/A-3b.
    A3b,
}

impl Named for PdfStandard {
    const VARIANTS: &'static [PdfStandard] =
        &[PdfStandard::Pdf17, PdfStandard::A2b, PdfStandard::A3b];

    /// `1.7`, `a-2b`, `a-3b`.
    fn name(self) -> &'static str {
        match self {
            PdfStandard::Pdf17 => "1.7",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A3b => "a-3b",
        }
    }

    /// `pdf/a-2b`, `a2b` …
    fn aliases(self) -> &'static [&'static str] {
        match self {
            PdfStandard::Pdf17 => &["pdf/1.7"],
            PdfStandard::A2b => &["a2b", "pdf/a-2b", "pdf/a2b"],
            PdfStandard::A3b => &["a3b", "pdf/a-3b", "pdf/a3b"],
        }
    }
}

impl PdfStandard {
    /// The standards typst checks the PDF against.
    #[cfg(feature = "pdf")]
    pub(super) fn typst(self) -> Vec<typst_pdf::PdfStandard> {
        match self {
            PdfStandard::Pdf17 => vec![typst_pdf::PdfStandard::V_1_7],
            PdfStandard::A2b => vec![typst_pdf::PdfStandard::A_2b],
            PdfStandard::A3b => vec![typst_pdf::PdfStandard::A_3b],
        }
    }
}

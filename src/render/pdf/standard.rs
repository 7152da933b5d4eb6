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
    /// PDF/UA-1, for accessibility: tagged structure, alternative text for every figure,
    /// headings in order, the document language and title (typst checks them on export).
    Ua1,
    /// PDF/A-2b and PDF/UA-1 together: archivable and accessible.
    A2bUa1,
}

impl Named for PdfStandard {
    const VARIANTS: &'static [PdfStandard] = &[
        PdfStandard::Pdf17,
        PdfStandard::A2b,
        PdfStandard::A3b,
        PdfStandard::Ua1,
        PdfStandard::A2bUa1,
    ];

    /// `1.7`, `a-2b`, `a-3b`, `ua-1`, `a-2b+ua-1`.
    fn name(self) -> &'static str {
        match self {
            PdfStandard::Pdf17 => "1.7",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A3b => "a-3b",
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::A2bUa1 => "a-2b+ua-1",
        }
    }

    /// `pdf/a-2b`, `a2b` …
    fn aliases(self) -> &'static [&'static str] {
        match self {
            PdfStandard::Pdf17 => &["pdf/1.7"],
            PdfStandard::A2b => &["a2b", "pdf/a-2b", "pdf/a2b"],
            PdfStandard::A3b => &["a3b", "pdf/a-3b", "pdf/a3b"],
            PdfStandard::Ua1 => &["ua1", "pdf/ua-1", "pdf/ua1"],
            PdfStandard::A2bUa1 => &["ua-1+a-2b", "a2b+ua1", "pdf/a-2b+pdf/ua-1"],
        }
    }
}

impl PdfStandard {
    /// True for the PDF/A standards (archiving), alone or with PDF/UA.
    #[cfg(feature = "pdf")]
    pub(crate) fn is_archival(self) -> bool {
        matches!(
            self,
            PdfStandard::A2b | PdfStandard::A3b | PdfStandard::A2bUa1
        )
    }

    /// `PDF/A-2b`, `PDF/UA-1`, `PDF/A-2b and PDF/UA-1`, for messages.
    #[cfg(feature = "pdf")]
    pub(crate) fn title(self) -> &'static str {
        match self {
            PdfStandard::Pdf17 => "PDF 1.7",
            PdfStandard::A2b => "PDF/A-2b",
            PdfStandard::A3b => "PDF/A-3b",
            PdfStandard::Ua1 => "PDF/UA-1",
            PdfStandard::A2bUa1 => "PDF/A-2b and PDF/UA-1",
        }
    }

    /// The standards typst checks the PDF against.
    #[cfg(feature = "pdf")]
    pub(super) fn typst(self) -> Vec<typst_pdf::PdfStandard> {
        use typst_pdf::PdfStandard as T;
        match self {
            PdfStandard::Pdf17 => vec![T::V_1_7],
            PdfStandard::A2b => vec![T::A_2b],
            PdfStandard::A3b => vec![T::A_3b],
            PdfStandard::Ua1 => vec![T::Ua_1],
            PdfStandard::A2bUa1 => vec![T::A_2b, T::Ua_1],
        }
    }
}

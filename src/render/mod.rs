//! Renderers: an assessment or a portfolio roll-up → bytes. Renderers never write files; the
//! pipeline does.
//!
//! One seam: [`render`] takes what to render ([`Subject`]), a [`Format`] and the
//! [`RenderOptions`] of the run, and gives back [`Rendered`]: the file's bytes with the
//! warnings made on the way (the PDF's are the template's and the unprintable characters'; the
//! other formats have none today). Terminal text is in [`terminal`]; the typst sources of
//! `--emit-typst` come from [`pdf::sources`].

pub mod backlog;
pub mod branding;
pub mod ciso_assistant;
pub mod csv_safe;
pub mod flat;
pub(crate) mod freshness;
pub mod guard;
pub mod ir8477;
pub(crate) mod markdown;
pub mod oscal;
pub mod pdf;
pub mod questionnaire;
pub(crate) mod requests;
pub(crate) mod seam;
pub(crate) mod templates;
pub(crate) mod terminal;
pub mod text;
mod text_recursion;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::model::assessment::Assessment;
use crate::textfmt::Named;
pub use branding::Branding;
pub use seam::{Format, RenderOptions};
pub use seam::{Rendered, Subject, Warning};
pub(crate) use seam::{output_file_names, to_json};
pub use templates::TemplateSet;

/// Renders one format of a subject: the only entry every output goes through.
pub fn render<'a>(
    format: Format,
    subject: impl Into<Subject<'a>>,
    opts: &RenderOptions,
) -> Result<Rendered> {
    let subject = subject.into();
    match (subject, format) {
        (_, Format::Pdf) => {
            let c = pdf::typeset(pdf::document(subject, opts)?, opts)?;
            Ok(Rendered {
                bytes: c.pdf,
                warnings: c.warnings,
            })
        }
        (Subject::Report(a), Format::Json) => json(a).map(Rendered::from),
        (Subject::Report(a), Format::Xlsx) => xlsx::render(a, opts).map(Rendered::from),
        (Subject::Report(a), Format::Markdown) => markdown::summary(a, opts).map(Rendered::from),
        (Subject::Report(a), Format::Oscal) => oscal::render(a).map(Rendered::from),
        (Subject::Report(a), Format::Csv) => flat::render(a).map(Rendered::from),
        (Subject::Portfolio(p), Format::Json) => to_json(p, "the portfolio").map(Rendered::from),
        (Subject::Portfolio(p), Format::Xlsx) => {
            xlsx::portfolio::render(p, opts).map(Rendered::from)
        }
        (Subject::Portfolio(_), Format::Markdown | Format::Oscal | Format::Csv) => Err(
            Error::Internal(format!("a portfolio has no {} output", format.name())),
        ),
    }
}

/// The report's appendices as a document of their own (`--appendices separate`).
pub(crate) fn pdf_appendices(a: &Assessment, opts: &RenderOptions) -> Result<Rendered> {
    let doc = pdf::part_document(a, opts, pdf::Part::Appendices)?;
    let c = pdf::typeset(doc, opts)?;
    Ok(Rendered {
        bytes: c.pdf,
        warnings: c.warnings,
    })
}

/// `assessment.json`: pretty-printed, fields in declaration order, lists in catalog order, so
/// the same inputs give the same bytes.
pub fn json(assessment: &Assessment) -> Result<Vec<u8>> {
    to_json(assessment, "the assessment")
}

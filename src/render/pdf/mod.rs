//! The PDFs, typeset with typst (a library, no external program): the executive report of one
//! workload and the consolidated report of a portfolio.
//!
//! A template (`report-templates/pdf/report.typ` or `pdf/portfolio.typ` and their lib files,
//! overridable with `--templates`) receives data only: a view model ([`view`], [`portfolio`])
//! as `/data.json`. It runs in a sealed `world`: embedded fonts, no disk, no packages, no
//! clock, and within the time and memory limits of [`crate::render::guard`]: every document
//! goes through [`typeset`], the one bounded path. The `wafr` command typesets each document
//! in a child process of its own (`isolate`: killed past a limit, its failed allocation not
//! wafr's); a library user typesets on a guarded thread unless it calls [`isolate_in`] too.
//! Typst errors in a template become `Error::Template` with file, line, column and hints
//! (exit code 1).
//!
//! Same inputs and report date give byte-identical PDFs: the document date, the PDF `/ID` and
//! the creator are fixed, and the data is serialised in declaration order.

pub(crate) mod appendices;
pub(crate) mod changes;
#[cfg(feature = "pdf")]
mod child;
pub(crate) mod data;
pub(crate) mod document;
#[cfg(feature = "pdf")]
mod isolate;
pub mod portfolio;
pub(crate) mod standard;
#[cfg(feature = "pdf")]
mod typeset;
pub(crate) mod view;
#[cfg(feature = "pdf")]
mod wire;
#[cfg(feature = "pdf")]
mod world;

use crate::error::Result;
use crate::model::assessment::Assessment;
use crate::model::portfolio::Portfolio;
use crate::render::seam::{RenderOptions, Subject};
pub use appendices::{APPENDICES_FILE, Appendices, Part};
#[cfg(feature = "pdf")]
pub use child::main as child_main;
#[cfg(feature = "pdf")]
use document::template_name;
pub use document::{Compiled, Document};
use document::{DATA, LOGO, MAIN, TEMPLATE_DIR};
#[cfg(feature = "pdf")]
pub use isolate::{CHILD_COMMAND, isolate_in};
pub use standard::PdfStandard;

/// Starts a typesetting child now, under `limits`, so that it loads while the run still
/// imports and assesses; the next document typeset under the same limits takes it. Nothing
/// unless this process typesets in children ([`isolate_in`]).
pub fn prepare(limits: crate::render::guard::Limits) {
    #[cfg(feature = "pdf")]
    isolate::prepare(limits);
    #[cfg(not(feature = "pdf"))]
    let _ = limits;
}

/// Ends the typesetting children waiting for a job, and waits for each to exit.
pub fn finish() {
    #[cfg(feature = "pdf")]
    isolate::finish();
}

/// Renders `report.pdf`: with the appendices when `opts.appendices` is
/// [`Appendices::Include`], else without them.
pub fn render(a: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    Ok(compile(a, opts)?.pdf)
}

/// The files `--emit-typst DIR` writes for a subject, by path relative to DIR: every `pdf/`
/// template file, `data.json` and, with a logo, `assets/logo`. `typst compile --root DIR
/// DIR/pdf/report.typ` (or `pdf/portfolio.typ`) typesets the same document.
pub(crate) fn sources(
    subject: Subject<'_>,
    opts: &RenderOptions,
) -> Result<Vec<(String, Vec<u8>)>> {
    let doc = document(subject, opts)?;
    let mut out: Vec<(String, Vec<u8>)> = opts
        .templates
        .files()
        .filter(|(rel, _)| rel.starts_with(&format!("{TEMPLATE_DIR}/")))
        .map(|(rel, f)| (rel.to_owned(), f.bytes.clone()))
        .collect();
    out.push((DATA.to_owned(), doc.data));
    if let Some(logo) = &opts.branding.logo {
        out.push((LOGO.to_owned(), logo.bytes.clone()));
    }
    Ok(out)
}

/// The report's document: the view model of [`view`] for `pdf/report.typ`, with the
/// appendices where `opts.appendices` puts them.
pub fn report_document(a: &Assessment, opts: &RenderOptions) -> Result<Document> {
    part_document(a, opts, Part::Report)
}

/// One document of the report: the report itself, or its appendices alone.
pub fn part_document(a: &Assessment, opts: &RenderOptions, part: Part) -> Result<Document> {
    let appendices = match part {
        Part::Report => opts.appendices,
        Part::Appendices => Appendices::Separate,
    };
    let kind = match part {
        Part::Report => "wafr-report",
        Part::Appendices => "wafr-report-appendices",
    };
    Ok(Document {
        main: MAIN,
        data: view::to_json(&view::build_part(a, &opts.branding, appendices, part))?,
        date: a.generated_on,
        ident: format!(
            "{kind}:{}:{}:{}",
            a.workload.name, a.generated_on, opts.branding.report_version
        ),
        creator: format!("{} {}", a.tool.name, a.tool.version),
    })
}

/// The portfolio's document: the view model of [`portfolio`] for `pdf/portfolio.typ`.
pub fn portfolio_document(p: &Portfolio, opts: &RenderOptions) -> Result<Document> {
    Ok(Document {
        main: portfolio::MAIN,
        data: portfolio::to_json(&portfolio::build(p, &opts.branding))?,
        date: p.generated_on,
        ident: format!(
            "wafr-portfolio:{}:{}:{}",
            p.workloads.len(),
            p.generated_on,
            opts.branding.report_version
        ),
        creator: format!("{} {}", p.tool.name, p.tool.version),
    })
}

/// The document of a subject.
pub(crate) fn document(subject: Subject<'_>, opts: &RenderOptions) -> Result<Document> {
    match subject {
        Subject::Report(a) => report_document(a, opts),
        Subject::Portfolio(p) => portfolio_document(p, opts),
    }
}

/// Typesets the report and exports the PDF (see [`typeset`]).
pub fn compile(a: &Assessment, opts: &RenderOptions) -> Result<Compiled> {
    typeset(report_document(a, opts)?, opts)
}

/// Typesets the appendices as a document of their own.
pub fn compile_appendices(a: &Assessment, opts: &RenderOptions) -> Result<Compiled> {
    typeset(part_document(a, opts, Part::Appendices)?, opts)
}

/// Every document of the report as `opts.appendices` asks: `report.pdf`, and with
/// [`Appendices::Separate`] the appendices ([`APPENDICES_FILE`]) too, typeset at the same time
/// on a second thread (each within the template limits).
pub fn compile_parts(a: &Assessment, opts: &RenderOptions) -> Result<(Compiled, Option<Compiled>)> {
    if opts.appendices != Appendices::Separate {
        return Ok((compile(a, opts)?, None));
    }
    let main = report_document(a, opts)?;
    let appendices = part_document(a, opts, Part::Appendices)?;
    std::thread::scope(|s| {
        let other = s.spawn(|| typeset(appendices, opts));
        let main = typeset(main, opts);
        let appendices = other.join().map_err(|_| {
            crate::Error::Internal("the thread typesetting the appendices panicked".into())
        })?;
        Ok((main?, Some(appendices?)))
    })
}

/// Typesets a document in the sealed world and exports the PDF, within the time and memory of
/// [`RenderOptions::template_limits`]: every typst compile of wafr goes through here, so a
/// template that loops forever is stopped whichever document it belongs to. After
/// [`isolate_in`] (the `wafr` command) in a child process that is killed past a limit;
/// otherwise on a thread of this process under [`crate::render::guard::bounded`].
#[cfg(feature = "pdf")]
pub fn typeset(doc: Document, opts: &RenderOptions) -> Result<Compiled> {
    let name = template_name(&opts.templates, doc.main);
    let job = typeset::Job::new(opts, doc);
    let out = match isolate::executable() {
        Some(exe) => isolate::typeset_in_child(exe, &job, opts.template_limits, &name),
        None => typeset_here(job, opts.template_limits, name),
    };
    out.map_err(|e| blame_logo(e, opts))
}

/// A template error raised where the logo is drawn, as an error of the logo file: the image
/// cannot be decoded, and the template is not at fault.
#[cfg(feature = "pdf")]
fn blame_logo(e: crate::Error, opts: &RenderOptions) -> crate::Error {
    match (e, &opts.branding.logo) {
        (crate::Error::Template { name, detail }, Some(logo)) if name == document::LOGO => {
            crate::Error::Invalid {
                what: logo.path.display().to_string(),
                problems: vec![
                    crate::error::Diagnostic::error(
                        "logo-unreadable",
                        Some(crate::error::Location::path(&logo.path)),
                        format!("the logo cannot be drawn: {detail}"),
                    )
                    .with_hint("open it in an image editor and save it again as PNG or JPEG"),
                ],
            }
        }
        (e, _) => e,
    }
}

/// [`typeset`] in a child process started from `exe` (a `wafr` binary of this build), whether
/// or not [`isolate_in`] was called: for tests and for library users that want one document
/// isolated.
#[cfg(feature = "pdf")]
pub fn typeset_isolated(
    doc: Document,
    opts: &RenderOptions,
    exe: &std::path::Path,
) -> Result<Compiled> {
    let name = template_name(&opts.templates, doc.main);
    let job = typeset::Job::new(opts, doc);
    isolate::typeset_in_child(exe, &job, opts.template_limits, &name)
        .map_err(|e| blame_logo(e, opts))
}

#[cfg(feature = "pdf")]
fn typeset_here(
    job: typeset::Job,
    limits: crate::render::guard::Limits,
    name: String,
) -> Result<Compiled> {
    let shown = name.clone();
    crate::render::guard::bounded(limits, &shown, move || typeset::contained(job, &name))
}

/// Without the `pdf` cargo feature there is no typesetter: a usage error says so.
#[cfg(not(feature = "pdf"))]
pub fn typeset(doc: Document, opts: &RenderOptions) -> Result<Compiled> {
    let _ = (doc, opts);
    Err(crate::Error::Usage(
        "this wafr was built without PDF support (cargo feature `pdf`); use --format json,xlsx,md"
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::textfmt::Named;

    #[test]
    fn pdf_standards_parse() {
        let parse = PdfStandard::from_name;
        assert_eq!(parse("a-2b"), Some(PdfStandard::A2b));
        assert_eq!(parse(" PDF/A-2B "), Some(PdfStandard::A2b));
        assert_eq!(parse("a-3b"), Some(PdfStandard::A3b));
        assert_eq!(parse("1.7"), Some(PdfStandard::Pdf17));
        assert_eq!(parse("a-1b"), None);
        for &s in PdfStandard::VARIANTS {
            assert_eq!(parse(s.name()), Some(s));
            #[cfg(feature = "pdf")]
            assert!(typst_pdf::PdfStandards::new(&s.typst()).is_ok());
        }
    }
}

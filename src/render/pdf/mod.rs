//! The executive PDF report, typeset in-process with typst.
//!
//! The template (`report-templates/pdf/report.typ` and its lib files, overridable with
//! `--templates`) receives data only: the view model of [`view`] as `/data.json`. It runs in a
//! sealed [`world`]: embedded fonts, no disk, no packages, no clock. Typst errors in a template
//! become [`Error::Template`] with file, line, column and hints (exit code 1).
//!
//! Same inputs and report date give byte-identical PDFs: the document date, the PDF `/ID` and
//! the creator are fixed, and the data is serialised in declaration order.

pub mod view;
mod world;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::error::{Error, Result};
use crate::model::assessment::Assessment;
use crate::render::{RenderOptions, TemplateSet};

use world::MAIN;

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

impl PdfStandard {
    /// Every value, for help texts.
    pub const ALL: [PdfStandard; 3] = [PdfStandard::Pdf17, PdfStandard::A2b, PdfStandard::A3b];

    /// Parses `1.7`, `a-2b`, `a-3b` (case-insensitive; `pdf/a-2b` too).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        match s.strip_prefix("pdf/").unwrap_or(&s) {
            "1.7" => Some(PdfStandard::Pdf17),
            "a-2b" | "a2b" => Some(PdfStandard::A2b),
            "a-3b" | "a3b" => Some(PdfStandard::A3b),
            _ => None,
        }
    }

    /// The spelling `parse` accepts.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::Pdf17 => "1.7",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A3b => "a-3b",
        }
    }

    fn typst(self) -> Vec<typst_pdf::PdfStandard> {
        match self {
            PdfStandard::Pdf17 => vec![typst_pdf::PdfStandard::V_1_7],
            PdfStandard::A2b => vec![typst_pdf::PdfStandard::A_2b],
            PdfStandard::A3b => vec![typst_pdf::PdfStandard::A_3b],
        }
    }
}

/// A compiled report.
#[derive(Debug)]
pub struct Compiled {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Pages.
    pub pages: usize,
    /// Typst warnings, formatted like errors (file:line:column: warning: …).
    pub warnings: Vec<String>,
}

/// Renders `report.pdf`.
pub fn render(a: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    Ok(compile(a, opts)?.pdf)
}

/// The files `--emit-typst DIR` writes, by path relative to DIR: every `pdf/` template file,
/// `data.json` and, with a logo, `assets/logo`. `typst compile --root DIR DIR/pdf/report.typ`
/// typesets the same document.
pub fn sources(a: &Assessment, opts: &RenderOptions) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<(String, Vec<u8>)> = opts
        .templates
        .files()
        .filter(|(rel, _)| rel.starts_with(&format!("{}/", world::TEMPLATE_DIR)))
        .map(|(rel, f)| (rel.to_owned(), f.bytes.clone()))
        .collect();
    out.push((
        world::DATA.to_owned(),
        view::to_json(&view::build(a, &opts.branding))?,
    ));
    if let Some(logo) = &opts.branding.logo {
        out.push((world::LOGO.to_owned(), logo.bytes.clone()));
    }
    Ok(out)
}

/// Typesets the report and exports the PDF. The memoisation caches of typst are emptied
/// afterwards, so memory stays flat when one process renders many reports.
pub fn compile(a: &Assessment, opts: &RenderOptions) -> Result<Compiled> {
    let result = compile_inner(a, opts);
    typst::comemo::evict(0);
    result
}

fn compile_inner(a: &Assessment, opts: &RenderOptions) -> Result<Compiled> {
    opts.templates.text(MAIN)?;
    let data = view::to_json(&view::build(a, &opts.branding))?;
    let d = a.generated_on;
    let today = Datetime::from_ymd(d.year(), u8::from(d.month()), d.day());
    let world = world::ReportWorld::new(
        &opts.templates,
        data,
        opts.branding.logo.as_ref().map(|l| l.bytes.as_slice()),
        today,
    )
    .ok_or_else(|| Error::Internal("the report's virtual file system".into()))?;

    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings: Vec<String> = warnings
        .iter()
        .map(|w| describe(&world, &opts.templates, w))
        .collect();
    let doc = output.map_err(|errors| template_error(&world, &opts.templates, &errors))?;

    let standards = typst_pdf::PdfStandards::new(&opts.pdf_standard.typst()).map_err(|e| {
        Error::Internal(format!(
            "PDF standard {}: {}",
            opts.pdf_standard.name(),
            e.message()
        ))
    })?;
    let timestamp = Datetime::from_ymd_hms(d.year(), u8::from(d.month()), d.day(), 0, 0, 0)
        .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(format!(
            "wafr-report:{}:{}:{}",
            a.workload.name, d, opts.branding.report_version
        )),
        creator: Smart::Custom(Some(format!("{} {}", a.tool.name, a.tool.version))),
        timestamp,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options)
        .map_err(|errors| template_error(&world, &opts.templates, &errors))?;
    Ok(Compiled {
        pdf,
        pages: doc.pages().len(),
        warnings,
    })
}

/// Where a virtual file really is: `<builtin>/pdf/report.typ` or `DIR/pdf/lib.typ`.
fn real_name(templates: &TemplateSet, vpath: &str) -> String {
    let rel = vpath.trim_start_matches('/');
    match templates.get(rel) {
        Some(f) if f.origin != "<builtin>" => format!("{}/{rel}", f.origin),
        Some(_) => format!("<builtin>/{rel}"),
        None => rel.to_owned(),
    }
}

/// `file:line:column` of a span, 1-based; the file as the user knows it.
fn place(
    world: &world::ReportWorld,
    templates: &TemplateSet,
    span: typst::syntax::DiagSpan,
) -> Option<String> {
    let id = span.id()?;
    let file = real_name(templates, id.vpath().get_with_slash());
    let at = world
        .range(span)
        .and_then(|r| world.source(id).ok()?.lines().byte_to_line_column(r.start));
    Some(match at {
        Some((line, col)) => format!("{file}:{}:{}", line + 1, col + 1),
        None => file,
    })
}

/// One diagnostic as text: `file:line:col: error: message`, then its hints and call trace.
fn describe(world: &world::ReportWorld, templates: &TemplateSet, d: &SourceDiagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = match place(world, templates, d.span) {
        Some(p) => format!("{p}: {kind}: {}", d.message),
        None => format!("{kind}: {}", d.message),
    };
    for t in &d.trace {
        if let Some(p) = place(world, templates, t.span.into()) {
            out.push_str(&format!("\n  {} at {p}", t.v));
        }
    }
    // The typst CLI's advice about its `--root` flag does not apply: wafr's root is fixed.
    for h in d.hints.iter().filter(|h| !h.v.contains("--root")) {
        out.push_str(&format!("\n  hint: {}", h.v));
    }
    out
}

fn template_error(
    world: &world::ReportWorld,
    templates: &TemplateSet,
    errors: &[SourceDiagnostic],
) -> Error {
    let name = errors
        .iter()
        .find_map(|d| d.span.id())
        .map(|id| real_name(templates, id.vpath().get_with_slash()))
        .unwrap_or_else(|| real_name(templates, MAIN));
    Error::Template {
        name,
        detail: errors
            .iter()
            .map(|d| describe(world, templates, d))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_standards_parse() {
        assert_eq!(PdfStandard::parse("a-2b"), Some(PdfStandard::A2b));
        assert_eq!(PdfStandard::parse(" PDF/A-2B "), Some(PdfStandard::A2b));
        assert_eq!(PdfStandard::parse("a-3b"), Some(PdfStandard::A3b));
        assert_eq!(PdfStandard::parse("1.7"), Some(PdfStandard::Pdf17));
        assert_eq!(PdfStandard::parse("a-1b"), None);
        for s in PdfStandard::ALL {
            assert_eq!(PdfStandard::parse(s.name()), Some(s));
            assert!(typst_pdf::PdfStandards::new(&s.typst()).is_ok());
        }
    }
}

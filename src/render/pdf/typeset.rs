//! Typesetting with typst (cargo feature `pdf`): compile the template in the sealed world,
//! export the PDF, and turn typst diagnostics into errors with file, line and column.
//!
//! A [`Job`] is everything one document takes; the same job typesets in this process or in
//! the typesetting child (`super::isolate`), so both give the same bytes.

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::document::{Compiled, Document, TEMPLATE_DIR};
use super::standard::PdfStandard;
use super::world;
use crate::error::{Diagnostic, Error, Result};
use crate::render::seam::{RenderOptions, Warning};
use crate::render::templates::TemplateSet;
use crate::textfmt::Named;

/// Everything typesetting one document takes, and nothing more: the `pdf/` template files,
/// the logo's bytes, the PDF standard and the document (its data and fixed metadata).
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The `pdf/` files of the template set, with their origins (for messages).
    pub(crate) templates: TemplateSet,
    /// The logo (`/assets/logo`), if any.
    pub(crate) logo: Option<Vec<u8>>,
    /// `--pdf-standard`.
    pub(crate) standard: PdfStandard,
    /// The document.
    pub(crate) doc: Document,
}

impl Job {
    /// The job of a document under the options of a run.
    pub(crate) fn new(opts: &RenderOptions, doc: Document) -> Job {
        Job {
            templates: opts.templates.under(TEMPLATE_DIR),
            logo: opts.branding.logo.as_ref().map(|l| l.bytes.clone()),
            standard: opts.pdf_standard,
            doc,
        }
    }
}

/// Parses the embedded fonts and builds typst's standard library, which every document needs:
/// a typesetting child does it while it waits for its first job.
pub(super) fn prepare() {
    world::prepare();
}

/// Compiles a main template with its data in the sealed world and exports the PDF.
pub(super) fn typeset(job: Job) -> Result<Compiled> {
    let Job {
        templates,
        logo,
        standard,
        doc: job,
    } = job;
    templates.text(job.main)?;
    let found = unprintable(&job.data);
    if standard.is_archival()
        && let Some((n, which)) = &found
    {
        // PDF/A allows no character without a glyph: typst would stop with a font error.
        return Err(Error::Invalid {
            what: format!("the PDF ({})", standard.title()),
            problems: vec![
                Diagnostic::error(
                    "unprintable-in-pdfa",
                    None,
                    format!(
                        "PDF/A allows no character without a glyph, and no embedded font can \
                         print {} of the input: {which}",
                        crate::textfmt::count(*n as u32, "character", "characters")
                    ),
                )
                .with_hint(
                    "remove them from the input, or write a plain PDF (--pdf-standard 1.7), \
                     where they show as boxes",
                ),
            ],
        });
    }
    let unprintable = found.map(|(n, which)| {
        Warning::Text(format!(
            "no embedded font can print {} of the input, so the PDF shows a box \
             for each: {which}; the XLSX, the JSON and the Markdown keep them",
            crate::textfmt::count(n as u32, "character", "characters")
        ))
    });
    let d = job.date;
    let today = Datetime::from_ymd(d.year(), u8::from(d.month()), d.day());
    let has_logo = logo.is_some();
    let world = world::ReportWorld::new(&templates, job.main, job.data, logo.as_deref(), today)
        .ok_or_else(|| Error::Internal("the report's virtual file system".into()))?;

    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings: Vec<Warning> = warnings
        .iter()
        .map(|w| Warning::Template(describe(&world, &templates, w)))
        .chain(unprintable)
        .collect();
    let doc =
        output.map_err(|errors| template_error(&world, &templates, job.main, &errors, has_logo))?;

    let standards = typst_pdf::PdfStandards::new(&standard.typst()).map_err(|e| {
        Error::Internal(format!("PDF standard {}: {}", standard.name(), e.message()))
    })?;
    let timestamp = Datetime::from_ymd_hms(d.year(), u8::from(d.month()), d.day(), 0, 0, 0)
        .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(job.ident),
        creator: Smart::Custom(Some(job.creator)),
        timestamp,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options)
        .map_err(|errors| template_error(&world, &templates, job.main, &errors, has_logo))?;
    Ok(Compiled {
        pdf,
        pages: doc.pages().len(),
        warnings,
    })
}

/// [`typeset`], with a panic inside typst contained: it becomes a template error naming
/// `name` (exit code 1), not a crash. typst's memoisation caches are emptied afterwards, so
/// memory stays flat when one process typesets many documents.
pub(super) fn contained(job: Job, name: &str) -> Result<Compiled> {
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| typeset(job)));
    typst::comemo::evict(0);
    out.unwrap_or_else(|payload| Err(panicked(name, payload.as_ref())))
}

/// The template error for a panic inside typst. typst checks most sizes itself, but not all:
/// `"xx" * 4611686018427387904` passes its overflow check and panics in the string's
/// allocation ("capacity overflow"). Where in the template is not known: only the file.
pub(super) fn panicked(name: &str, payload: &(dyn std::any::Any + Send)) -> Error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    let detail = if what.contains("capacity overflow") {
        "the template asks for a string, list or other value too large to hold (capacity \
         overflow): stopped (a string or list repeated or grown too far?)"
            .to_owned()
    } else {
        format!("typst stopped on an internal error ({what}): a bug in typst, met by this template")
    };
    Error::Template {
        name: name.to_owned(),
        detail,
    }
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

/// The message of an image that cannot be decoded, raised where the template draws the logo
/// (`/assets/logo`): the logo, not the template, is then at fault.
fn logo_failure(world: &world::ReportWorld, errors: &[SourceDiagnostic]) -> Option<String> {
    errors.iter().find_map(|d| {
        let undecodable = ["failed to decode image", "failed to parse SVG"]
            .iter()
            .any(|m| d.message.starts_with(m));
        if !undecodable {
            return None;
        }
        let id = d.span.id()?;
        let range = world.range(d.span)?;
        if id.vpath().get_with_slash() == super::document::LOGO_PATH {
            // Inside an SVG logo: where in it.
            let at = world
                .source(id)
                .ok()
                .and_then(|s| s.lines().byte_to_line_column(range.start));
            return Some(match at {
                Some((line, col)) => {
                    format!("line {}, column {}: {}", line + 1, col + 1, d.message)
                }
                None => d.message.to_string(),
            });
        }
        let source = world.source(id).ok()?;
        let text = source.text().get(range)?;
        text.contains(super::document::LOGO_PATH)
            .then(|| d.message.to_string())
    })
}

fn template_error(
    world: &world::ReportWorld,
    templates: &TemplateSet,
    main: &str,
    errors: &[SourceDiagnostic],
    logo: bool,
) -> Error {
    if let Some(message) = logo.then(|| logo_failure(world, errors)).flatten() {
        return Error::Template {
            name: super::document::LOGO.to_owned(),
            detail: message,
        };
    }
    let name = errors
        .iter()
        .find_map(|d| d.span.id())
        .map(|id| real_name(templates, id.vpath().get_with_slash()))
        .unwrap_or_else(|| real_name(templates, main));
    Error::Template {
        name,
        detail: errors
            .iter()
            .map(|d| describe(world, templates, d))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Characters that select, join or direct other characters and print nothing themselves.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E01EF}')
}

/// Characters of the data no embedded font can print (emoji, rare scripts), which would show
/// as boxes: how many, and up to five of them with where the first one is.
fn unprintable(data: &[u8]) -> Option<(usize, String)> {
    let value: serde_json::Value = serde_json::from_slice(data).ok()?;
    let mut missing: Vec<char> = Vec::new();
    let mut first: Option<String> = None;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => {
                for (i, c) in s.char_indices() {
                    if c.is_ascii() || invisible(c) || missing.contains(&c) || world::printable(c) {
                        continue;
                    }
                    missing.push(c);
                    if first.is_none() {
                        first = Some(excerpt(s, i));
                    }
                }
            }
            serde_json::Value::Array(a) => stack.extend(a.iter().rev()),
            serde_json::Value::Object(o) => stack.extend(o.values().rev()),
            _ => {}
        }
    }
    let first = first?;
    let shown: Vec<String> = missing
        .iter()
        .take(5)
        .map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c)))
        .collect();
    let more = missing.len().saturating_sub(5);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some((
        missing.len(),
        format!("{}{more} (first in \"{first}\")", shown.join(", ")),
    ))
}

/// Up to 24 characters either side of byte `at` of `s`, with ellipses where cut.
fn excerpt(s: &str, at: usize) -> String {
    let before: Vec<char> = s.get(..at).unwrap_or_default().chars().collect();
    let after: Vec<char> = s.get(at..).unwrap_or_default().chars().collect();
    let start = before.len().saturating_sub(24);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&before[start..]);
    out.extend(after.iter().take(25));
    if after.len() > 25 {
        out.push('…');
    }
    out.replace(['\n', '\r', '\t'], " ")
}

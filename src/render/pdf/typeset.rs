//! Typesetting with typst (cargo feature `pdf`): compile the template in the sealed world,
//! export the PDF, and turn typst diagnostics into errors with file, line and column.

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::document::{Compiled, Document};
use super::world;
use crate::error::{Diagnostic, Error, Result};
use crate::render::seam::{RenderOptions, Warning};
use crate::render::templates::TemplateSet;
use crate::textfmt::Named;

/// Compiles a main template with its data in the sealed world and exports the PDF.
pub(super) fn typeset(opts: &RenderOptions, job: Document) -> Result<Compiled> {
    opts.templates.text(job.main)?;
    let found = unprintable(&job.data);
    if opts.pdf_standard.is_archival()
        && let Some((n, which)) = &found
    {
        // PDF/A allows no character without a glyph: typst would stop with a font error.
        return Err(Error::Invalid {
            what: format!("the PDF ({})", opts.pdf_standard.title()),
            problems: vec![
                Diagnostic::error(
                    "unprintable-in-pdfa",
                    None,
                    format!(
                        "PDF/A allows no character without a glyph, and no embedded font can \
                         print {n} character(s) of the input: {which}"
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
            "no embedded font can print {n} character(s) of the input, so the PDF shows them \
             as boxes: {which}; the XLSX, the JSON and the Markdown keep them"
        ))
    });
    let d = job.date;
    let today = Datetime::from_ymd(d.year(), u8::from(d.month()), d.day());
    let world = world::ReportWorld::new(
        &opts.templates,
        job.main,
        job.data,
        opts.branding.logo.as_ref().map(|l| l.bytes.as_slice()),
        today,
    )
    .ok_or_else(|| Error::Internal("the report's virtual file system".into()))?;

    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings: Vec<Warning> = warnings
        .iter()
        .map(|w| Warning::Template(describe(&world, &opts.templates, w)))
        .chain(unprintable)
        .collect();
    let doc =
        output.map_err(|errors| template_error(&world, &opts.templates, job.main, &errors))?;

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
        ident: Smart::Custom(job.ident),
        creator: Smart::Custom(Some(job.creator)),
        timestamp,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options)
        .map_err(|errors| template_error(&world, &opts.templates, job.main, &errors))?;
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
    main: &str,
    errors: &[SourceDiagnostic],
) -> Error {
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

//! `wafr evidence-requests`: the evidence an auditor would ask for, from every control with an
//! evidence gap (`assessment.evidence_requests`, `docs/statuses.md`), as CSV (for a ticket
//! tool's importer), JSON or Markdown. Cells never start a formula; Markdown text cannot open
//! syntax.

use crate::error::{Error, Result};
use crate::model::assessment::{Assessment, EvidenceRequest};
use crate::textfmt::Named;

use super::csv_safe;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestsFormat {
    /// One row per request, one header row.
    Csv,
    /// The requests as `assessment.json` holds them.
    Json,
    /// A table per framework.
    Markdown,
}

impl Named for RequestsFormat {
    const VARIANTS: &'static [RequestsFormat] = &[
        RequestsFormat::Csv,
        RequestsFormat::Json,
        RequestsFormat::Markdown,
    ];

    fn name(self) -> &'static str {
        match self {
            RequestsFormat::Csv => "csv",
            RequestsFormat::Json => "json",
            RequestsFormat::Markdown => "md",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            RequestsFormat::Markdown => &["markdown"],
            _ => &[],
        }
    }
}

/// The CSV header, in order.
pub(crate) const COLUMNS: [&str; 11] = [
    "id",
    "framework",
    "control",
    "title",
    "kind",
    "request",
    "practices",
    "evidence_on_file",
    "owner",
    "due",
    "summary",
];

fn summary(r: &EvidenceRequest) -> String {
    format!(
        "{} {}: evidence {} ({})",
        r.framework_name,
        r.control,
        r.kind.label().to_lowercase(),
        r.title
    )
}

/// Renders the requests.
pub(crate) fn render(a: &Assessment, format: RequestsFormat) -> Result<Vec<u8>> {
    match format {
        RequestsFormat::Json => super::to_json(&a.evidence_requests, "the evidence requests"),
        RequestsFormat::Csv => csv(a),
        RequestsFormat::Markdown => Ok(markdown(a).into_bytes()),
    }
}

fn csv(a: &Assessment) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("writing evidence requests: {e}"));
    csv_safe::write_record(&mut w, COLUMNS).map_err(fail)?;
    for r in &a.evidence_requests {
        csv_safe::write_record(
            &mut w,
            [
                r.id.clone(),
                r.framework.clone(),
                r.control.clone(),
                r.title.clone(),
                r.kind.label().to_owned(),
                r.request.clone(),
                r.practices.join("; "),
                r.evidence.join("; "),
                r.owner.clone().unwrap_or_default(),
                r.due.map(|d| d.to_string()).unwrap_or_default(),
                summary(r),
            ],
        )
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("writing evidence requests: {e}")))
}

fn markdown(a: &Assessment) -> String {
    let md = super::text::escape_markdown;
    let mut out = format!(
        "# Evidence requests: {}\n\n{} for the {} audit{}, as of {}. Each is a control whose practices are implemented but whose evidence falls short: missing, unverified, stale, partial, or AWS's attestation (docs/statuses.md).\n",
        md(&a.workload.name),
        crate::textfmt::count(a.evidence_requests.len() as u32, "request", "requests"),
        a.audit.audit_type.label(),
        a.period
            .map(|p| format!(" of {}..{}", p.start, p.end))
            .unwrap_or_default(),
        a.generated_on
    );
    for f in &a.frameworks {
        let rows: Vec<&EvidenceRequest> = a
            .evidence_requests
            .iter()
            .filter(|r| r.framework == f.id)
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {}\n\n| id | control | asked | owner | due |\n|---|---|---|---|---|\n",
            md(&f.name)
        ));
        for r in rows {
            out.push_str(&format!(
                "| {} | {} {} | {}: {} | {} | {} |\n",
                r.id,
                md(&r.control),
                md(&r.title),
                r.kind.label(),
                md(&r.request),
                md(r.owner.as_deref().unwrap_or("not assigned")),
                r.due.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
    }
    out
}

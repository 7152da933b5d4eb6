//! What an auditor would ask for: the evidence requests counted by kind and framework, and
//! the first of them, `evidence_requests` of the view model (the workbook and
//! `wafr evidence-requests` have every one).

use serde::Serialize;

use crate::model::assessment::{Assessment, EvidenceRequest, RequestKind};
use crate::render::pdf::data::{DateText, date};

/// How many requests the report lists.
pub(crate) const TOP_REQUESTS: usize = 10;

/// The evidence requests.
#[derive(Debug, Serialize)]
pub(crate) struct RequestsView {
    /// All requests.
    pub total: u32,
    /// Per kind (zero counts left out), in the order of [`KINDS`].
    pub by_kind: Vec<Count>,
    /// Per framework (zero counts left out).
    pub by_framework: Vec<Count>,
    /// The first requests: earliest due, then AWS attestations, missing, stale, partial and
    /// unverified evidence, then by id.
    pub top: Vec<RequestView>,
}

/// A label and a count.
#[derive(Debug, Serialize)]
pub(crate) struct Count {
    /// Label.
    pub label: String,
    /// Count.
    pub count: u32,
}

/// One request.
#[derive(Debug, Serialize)]
pub(crate) struct RequestView {
    /// `REQ-001`.
    pub id: String,
    /// `ISO 27001 A.5.7`.
    pub control: String,
    /// Control title.
    pub title: String,
    /// `Missing`, `AWS attestation` …
    pub kind: &'static str,
    /// What to provide.
    pub request: String,
    /// Who.
    pub owner: Option<String>,
    /// By when.
    pub due: Option<DateText>,
}

/// The kinds, most urgent first.
const KINDS: [RequestKind; 5] = [
    RequestKind::Attestation,
    RequestKind::Missing,
    RequestKind::Stale,
    RequestKind::Partial,
    RequestKind::Unverified,
];

fn urgency(r: &EvidenceRequest) -> usize {
    KINDS
        .iter()
        .position(|&k| k == r.kind)
        .unwrap_or(KINDS.len())
}

/// The requests, counted, and the first [`TOP_REQUESTS`].
pub(super) fn requests(a: &Assessment) -> RequestsView {
    let all = &a.evidence_requests;
    let by_kind = KINDS
        .iter()
        .map(|&k| Count {
            label: k.label().to_owned(),
            count: all.iter().filter(|r| r.kind == k).count() as u32,
        })
        .filter(|c| c.count > 0)
        .collect();
    let by_framework = a
        .frameworks
        .iter()
        .map(|f| Count {
            label: f.short_name.clone(),
            count: all.iter().filter(|r| r.framework == f.id).count() as u32,
        })
        .filter(|c| c.count > 0)
        .collect();
    let mut top: Vec<&EvidenceRequest> = all.iter().collect();
    top.sort_by_key(|r| (r.due.is_none(), r.due, urgency(r)));
    RequestsView {
        total: all.len() as u32,
        by_kind,
        by_framework,
        top: top
            .into_iter()
            .take(TOP_REQUESTS)
            .map(|r| RequestView {
                id: r.id.clone(),
                control: format!("{} {}", r.framework_name, r.control),
                title: r.title.clone(),
                kind: r.kind.label(),
                request: r.request.clone(),
                owner: r.owner.clone(),
                due: r.due.map(date),
            })
            .collect(),
    }
}

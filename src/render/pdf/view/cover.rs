//! The cover, the workload and what the review covers: `report`, `workload` and `coverage` of
//! the view model.

use serde::Serialize;

use crate::model::assessment::{Assessment, QuestionResult, QuestionRisk};
use crate::render::branding::Branding;
use crate::render::pdf::data::{DateText, date, trimmed};

/// Cover and running header.
#[derive(Debug, Serialize)]
pub(crate) struct ReportInfo {
    /// Report title.
    pub title: String,
    /// Organisation (branding, else the review's, else empty).
    pub organisation: String,
    /// Classification label.
    pub classification: String,
    /// Accent colour `#RRGGBB` (validated).
    pub accent: String,
    /// Report version.
    pub version: String,
    /// Report date (`--date`).
    pub date: DateText,
    /// Audit period, when given.
    pub period: Option<Period>,
    /// Prepared by (branding, else the review owner).
    pub prepared_by: Option<String>,
    /// Reviewed by.
    pub reviewed_by: Option<String>,
    /// Approved by.
    pub approved_by: Option<String>,
    /// Logo format (`png`, `jpg`, `svg`) when a logo is given; the image is `/assets/logo`.
    pub logo: Option<&'static str>,
    /// `wafr 0.1.0`.
    pub tool: String,
}

/// An audit period.
#[derive(Debug, Serialize)]
pub(crate) struct Period {
    /// First day.
    pub start: DateText,
    /// Last day.
    pub end: DateText,
}

/// The workload.
#[derive(Debug, Serialize)]
pub(crate) struct WorkloadInfo {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Environment.
    pub environment: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// AWS accounts.
    pub accounts: Vec<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// Review owner.
    pub review_owner: Option<String>,
    /// Reviewers.
    pub reviewers: Vec<String>,
    /// Review date.
    pub review_date: Option<DateText>,
    /// WA Tool milestone.
    pub milestone: Option<String>,
    /// Workload notes.
    pub notes: Option<String>,
}

/// What the review covers.
#[derive(Debug, Serialize)]
pub(crate) struct Coverage {
    /// Lens name.
    pub lens: String,
    /// Lens version of the catalog.
    pub lens_version: String,
    /// Lens version the review used, when it said.
    pub review_lens_version: Option<String>,
    /// The review used the current lens version.
    pub lens_current: bool,
    /// Questions answered (or not applicable).
    pub questions_answered: u32,
    /// Questions in the lens.
    pub questions_total: u32,
    /// Unanswered questions.
    pub unanswered_questions: Vec<QuestionRef>,
    /// Questions marked not applicable.
    pub not_applicable_questions: Vec<QuestionRef>,
    /// Practices in the lens.
    pub practices_total: u32,
    /// Practices unanswered.
    pub practices_unanswered: u32,
    /// Practices not applicable.
    pub practices_not_applicable: u32,
    /// The review's scope statement, verbatim.
    pub scope: Option<String>,
    /// Free-text notes redacted on request (`--redact-notes`).
    pub redacted_notes: u32,
}

/// A question named in the coverage statement.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionRef {
    /// `SEC11`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Why not applicable, when it is.
    pub reason: Option<String>,
}

/// The cover and running header: branding first, the review's own values where it has none.
pub(super) fn report_info(a: &Assessment, b: &Branding) -> ReportInfo {
    let w = &a.workload;
    ReportInfo {
        title: b.title.clone(),
        organisation: trimmed(&b.organisation)
            .or_else(|| trimmed(&w.organisation))
            .unwrap_or_default(),
        classification: b.classification.clone(),
        accent: b.accent.clone(),
        version: b.report_version.clone(),
        date: date(a.generated_on),
        period: a.period.map(|p| Period {
            start: date(p.start),
            end: date(p.end),
        }),
        prepared_by: trimmed(&b.prepared_by).or_else(|| trimmed(&w.review_owner)),
        reviewed_by: trimmed(&b.reviewed_by),
        approved_by: trimmed(&b.approved_by),
        logo: b.logo.as_ref().map(|l| l.format),
        tool: format!("{} {}", a.tool.name, a.tool.version),
    }
}

/// The workload, its notes verbatim.
pub(super) fn workload_info(a: &Assessment) -> WorkloadInfo {
    let w = &a.workload;
    WorkloadInfo {
        name: w.name.clone(),
        description: trimmed(&w.description),
        environment: trimmed(&w.environment),
        industry: trimmed(&w.industry),
        accounts: w.aws_accounts.clone(),
        regions: w.regions.clone(),
        review_owner: trimmed(&w.review_owner),
        reviewers: w.reviewers.clone(),
        review_date: w.review_date.map(date),
        milestone: trimmed(&w.milestone),
        notes: trimmed(&w.notes),
    }
}

fn question_ref(q: &QuestionResult) -> QuestionRef {
    QuestionRef {
        id: q.id.clone(),
        title: q.title.clone(),
        reason: q.na_reason.clone(),
    }
}

fn questions_at(a: &Assessment, risk: QuestionRisk) -> Vec<QuestionRef> {
    a.questions
        .iter()
        .filter(|q| q.risk == risk)
        .map(question_ref)
        .collect()
}

/// What the review covers (per framework, the readiness rows say what lies outside it).
pub(super) fn coverage(a: &Assessment) -> Coverage {
    let s = &a.summary;
    Coverage {
        lens: a.lens.name.clone(),
        lens_version: a.lens.version.clone(),
        review_lens_version: a.lens.review_version.clone(),
        lens_current: a.lens.current,
        questions_answered: s.questions_answered,
        questions_total: s.questions_total,
        unanswered_questions: questions_at(a, QuestionRisk::Unanswered),
        not_applicable_questions: questions_at(a, QuestionRisk::NotApplicable),
        practices_total: s.practices.total,
        practices_unanswered: s.practices.unanswered,
        practices_not_applicable: s.practices.not_applicable,
        scope: trimmed(&a.workload.scope),
        redacted_notes: a.redacted_notes,
    }
}

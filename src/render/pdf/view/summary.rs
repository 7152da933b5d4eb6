//! The headline counts and the risk by focus area: `summary`, `focus_areas` and
//! `focus_legend` of the view model.

use serde::Serialize;

use crate::model::assessment::{Assessment, Finding, PracticeCounts};
use crate::render::pdf::data::{LegendEntry, Segment};

/// Headline counts.
#[derive(Debug, Serialize)]
pub(crate) struct SummaryInfo {
    /// One sentence.
    pub posture: String,
    /// High Risk Issues (practices).
    pub hri: u32,
    /// Medium Risk Issues (practices).
    pub mri: u32,
    /// Low-risk gaps.
    pub lri: u32,
    /// Practices.
    pub practices: PracticeCounts,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions at MEDIUM.
    pub questions_medium: u32,
    /// Questions at NONE.
    pub questions_none: u32,
    /// Questions not applicable.
    pub questions_not_applicable: u32,
    /// Questions unanswered.
    pub questions_unanswered: u32,
    /// Questions answered.
    pub questions_answered: u32,
    /// Questions in the lens.
    pub questions_total: u32,
    /// Accepted risks in force.
    pub accepted_risks_in_force: u32,
    /// Open improvement items (HRIs and MRIs not waived).
    pub plan_items: u32,
}

/// One focus area of the risk chart.
#[derive(Debug, Serialize)]
pub(crate) struct FocusAreaView {
    /// Name.
    pub name: String,
    /// Question ids, comma-separated.
    pub questions: String,
    /// Practices.
    pub total: u32,
    /// Questions at HIGH.
    pub questions_high: u32,
    /// Questions at MEDIUM.
    pub questions_medium: u32,
    /// HRI, MRI, low-risk gap, no issue, not applicable, unanswered (practices).
    pub segments: Vec<Segment>,
}

/// Focus-area chart segments: (key, label, meaning).
const FOCUS_LEGEND: [(&str, &str, &str); 6] = [
    (
        Finding::Hri.names().key,
        Finding::Hri.names().category,
        "High Risk Issue: a practice of High risk is not implemented.",
    ),
    (
        Finding::Mri.names().key,
        Finding::Mri.names().category,
        "Medium Risk Issue: a practice of Medium risk is not implemented.",
    ),
    (
        Finding::Lri.names().key,
        Finding::Lri.names().category,
        "A practice of Low risk is not implemented (not an HRI or MRI).",
    ),
    ("none", "No issue", "The practice is implemented."),
    (
        "not_applicable",
        "Not applicable",
        "The practice does not apply (with a reason).",
    ),
    (
        "unanswered",
        "Unanswered",
        "The question has not been answered.",
    ),
];

fn focus_segments(c: &PracticeCounts) -> Vec<Segment> {
    let none = c.implemented;
    let counts = [c.hri, c.mri, c.lri, none, c.not_applicable, c.unanswered];
    let total: u32 = counts.iter().sum();
    FOCUS_LEGEND
        .iter()
        .zip(counts)
        .map(|(&(key, label, _), count)| Segment {
            key,
            label,
            count,
            share: crate::textfmt::share(count, total),
            excluded: false,
        })
        .collect()
}

/// The headline counts.
pub(super) fn summary(a: &Assessment) -> SummaryInfo {
    let s = &a.summary;
    SummaryInfo {
        posture: s.posture.clone(),
        hri: s.practices.hri,
        mri: s.practices.mri,
        lri: s.practices.lri,
        practices: s.practices,
        questions_high: s.questions_high,
        questions_medium: s.questions_medium,
        questions_none: s.questions_none,
        questions_not_applicable: s.questions_not_applicable,
        questions_unanswered: s.questions_unanswered,
        questions_answered: s.questions_answered,
        questions_total: s.questions_total,
        accepted_risks_in_force: s.accepted_risks_in_force,
        plan_items: a.plan.len() as u32,
    }
}

/// Every focus area with its practice segments.
pub(super) fn focus_areas(a: &Assessment) -> Vec<FocusAreaView> {
    a.focus_areas
        .iter()
        .map(|f| FocusAreaView {
            name: f.name.clone(),
            questions: f.questions.join(", "),
            total: f.counts.total,
            questions_high: f.questions_high,
            questions_medium: f.questions_medium,
            segments: focus_segments(&f.counts),
        })
        .collect()
}

/// The focus-area chart in one sentence, for screen readers: every focus area with its
/// practices by finding (zero counts left out).
pub(super) fn focus_alt(areas: &[FocusAreaView]) -> String {
    let parts: Vec<String> = areas
        .iter()
        .map(|f| {
            let counts: Vec<String> = f
                .segments
                .iter()
                .filter(|s| s.count > 0)
                .map(|s| format!("{} {}", s.count, s.label.to_lowercase()))
                .collect();
            format!("{} ({} practices): {}", f.name, f.total, counts.join(", "))
        })
        .collect();
    format!(
        "Best practices of each focus area by finding; {}.",
        parts.join("; ")
    )
}

/// The legend of the focus-area chart, in segment order.
pub(super) fn focus_legend() -> Vec<LegendEntry> {
    FOCUS_LEGEND
        .iter()
        .map(|&(key, label, meaning)| LegendEntry {
            key,
            label,
            meaning,
            in_readiness: true,
        })
        .collect()
}

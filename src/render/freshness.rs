//! Freshness: how current the review, its lens, its evidence and its waivers are. A view of
//! the assessment shown in the terminal ([`super::terminal`]), in `summary.md` and the PDF, so a review run once and filed
//! away shows its age wherever it is read.

use serde::Serialize;
use time::Date;

use crate::error::Diagnostic;
use crate::model::assessment::{Assessment, EvidenceState};

/// A freshness warning: something about the review that ages (see `docs/statuses.md`,
/// "Freshness warnings"). The one list every renderer reads: the terminal summary and
/// `summary.md` list these under "Freshness", the PDF under its "Freshness" heading, and every
/// other warning is a note on the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FreshnessCode {
    /// Dated more than 12 months before the report date.
    ReviewStale,
    /// Not dated at all: nobody can tell its age.
    ReviewUndated,
    /// Dated after the report date.
    ReviewInFuture,
    /// Reviewed on a lens version other than the catalog's current one.
    LensNotCurrent,
    /// Evidence expires inside the audit period.
    EvidenceExpiresInPeriod,
    /// Without `--period`: evidence expires within 30 days of the report date.
    EvidenceExpiresSoon,
    /// An accepted risk has expired.
    AcceptedRiskExpired,
    /// An accepted risk expires inside the audit period.
    AcceptedRiskExpiresInPeriod,
    /// Without `--period`: an accepted risk expires within 30 days of the report date.
    AcceptedRiskExpiresSoon,
    /// A target date has passed and the practice is still not implemented.
    TargetOverdue,
}

impl FreshnessCode {
    /// Every freshness code, in the order `docs/statuses.md` lists them.
    pub(crate) const ALL: [FreshnessCode; 10] = [
        FreshnessCode::ReviewStale,
        FreshnessCode::ReviewUndated,
        FreshnessCode::ReviewInFuture,
        FreshnessCode::LensNotCurrent,
        FreshnessCode::EvidenceExpiresInPeriod,
        FreshnessCode::EvidenceExpiresSoon,
        FreshnessCode::AcceptedRiskExpired,
        FreshnessCode::AcceptedRiskExpiresInPeriod,
        FreshnessCode::AcceptedRiskExpiresSoon,
        FreshnessCode::TargetOverdue,
    ];

    /// The warning code the assessment uses.
    pub(crate) fn code(self) -> &'static str {
        match self {
            FreshnessCode::ReviewStale => "review-stale",
            FreshnessCode::ReviewUndated => "review-undated",
            FreshnessCode::ReviewInFuture => "review-in-future",
            FreshnessCode::LensNotCurrent => "lens-not-current",
            FreshnessCode::EvidenceExpiresInPeriod => "evidence-expires-in-period",
            FreshnessCode::EvidenceExpiresSoon => "evidence-expires-soon",
            FreshnessCode::AcceptedRiskExpired => "accepted-risk-expired",
            FreshnessCode::AcceptedRiskExpiresInPeriod => "accepted-risk-expires-in-period",
            FreshnessCode::AcceptedRiskExpiresSoon => "accepted-risk-expires-soon",
            FreshnessCode::TargetOverdue => "target-overdue",
        }
    }

    /// The freshness code of a warning code, if it is one.
    pub(crate) fn of(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// True when a warning is about freshness (one of [`FreshnessCode::ALL`]).
pub(crate) fn is_freshness(d: &Diagnostic) -> bool {
    FreshnessCode::of(&d.code).is_some()
}

/// The freshness view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Freshness {
    /// The review's date.
    pub review_date: Option<Date>,
    /// Days from the review date to the report date.
    pub review_age_days: Option<i64>,
    /// Lens version the review used (when it said).
    pub review_lens: Option<String>,
    /// The catalog's current lens version.
    pub current_lens: String,
    /// True when the review used the current lens (or did not say).
    pub lens_current: bool,
    /// Evidence register items.
    pub evidence_total: u32,
    /// Items expired on the report date.
    pub evidence_expired: u32,
    /// Items that do not cover the audit period.
    pub evidence_outside_period: u32,
    /// Items that expire before the audit period ends.
    pub evidence_expiring_in_period: u32,
    /// Accepted risks that expire before the audit period ends.
    pub accepted_risks_expiring_in_period: u32,
    /// The freshness warnings, as sentences.
    pub warnings: Vec<String>,
}

/// Builds the freshness view of an assessment.
pub(crate) fn freshness(a: &Assessment) -> Freshness {
    let n = |f: &dyn Fn(&crate::model::assessment::EvidenceResult) -> bool| {
        a.evidence.iter().filter(|e| f(e)).count() as u32
    };
    Freshness {
        review_date: a.workload.review_date,
        review_age_days: a
            .workload
            .review_date
            .map(|d| (a.generated_on - d).whole_days()),
        review_lens: a.lens.review_version.clone(),
        current_lens: a.lens.version.clone(),
        lens_current: a.lens.current,
        evidence_total: a.evidence.len() as u32,
        evidence_expired: n(&|e| e.state == EvidenceState::Expired),
        evidence_outside_period: n(&|e| e.state == EvidenceState::OutsidePeriod),
        evidence_expiring_in_period: n(&|e| e.expires_in_period),
        accepted_risks_expiring_in_period: a
            .accepted_risks
            .iter()
            .filter(|w| w.expires_in_period)
            .count() as u32,
        warnings: a
            .warnings
            .iter()
            .filter(|w| is_freshness(w))
            .map(|w| w.message.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in FreshnessCode::ALL {
            assert_eq!(FreshnessCode::of(c.code()), Some(c));
        }
        assert_eq!(FreshnessCode::of("accepted-risk-unapproved"), None);
    }
}

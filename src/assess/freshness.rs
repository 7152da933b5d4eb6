//! Freshness warnings about the review itself: undated, older than 12 months, dated after the
//! report date, made on an older lens, or holding answers to removed practices.

use time::Date;

use crate::error::Diagnostic;
use crate::model::catalog::Catalog;
use crate::model::review::Review;

use super::options::STALE_REVIEW_DAYS;

/// Adds the review's freshness warnings; returns whether the review used the current lens.
pub(crate) fn review(
    review: &Review,
    catalog: &Catalog,
    today: Date,
    warnings: &mut Vec<Diagnostic>,
) -> bool {
    if review.workload.review_date.is_none() {
        warnings.push(
            Diagnostic::warning(
                "review-undated",
                None,
                "the review has no date, so nobody can tell whether it still describes the workload",
            )
            .with_hint("give workload.review_date (native JSON) or include get-workload output (WA Tool)"),
        );
    }
    if let Some(rd) = review.workload.review_date {
        let age = (today - rd).whole_days();
        if age > STALE_REVIEW_DAYS {
            warnings.push(Diagnostic::warning(
                "review-stale",
                None,
                format!("the review is dated {rd}, {age} days before the report date; reviews older than 12 months no longer describe the workload reliably"),
            ));
        }
        if rd > today {
            warnings.push(Diagnostic::warning(
                "review-in-future",
                None,
                format!("the review is dated {rd}, after the report date {today}"),
            ));
        }
    }
    let review_version = review.workload.lens_version.clone();
    let current = review_version
        .as_deref()
        .is_none_or(|v| v == catalog.lens.version);
    if !current {
        warnings.push(Diagnostic::warning(
            "lens-not-current",
            None,
            format!(
                "the review used lens version {}; the current version is {}. Old choice ids were mapped to current practices; answer the new practices in a fresh review",
                review_version.as_deref().unwrap_or("?"),
                catalog.lens.version
            ),
        ));
    }
    if !review.legacy.is_empty() {
        let ids: Vec<String> = review
            .legacy
            .iter()
            .map(|l| format!("{} \"{}\"", l.old_bp_id, l.old_title))
            .collect();
        warnings.push(Diagnostic::warning(
            "legacy-removed-practice",
            None,
            format!("answers to practices removed from the current lens are kept and reported, not assessed: {}", ids.join("; ")),
        ));
    }
    current
}

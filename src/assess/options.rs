//! What the assessment stage is asked ([`AssessOptions`]) and the few dates and rules its
//! files share (freshness and expiry windows, the higher of two risks). A leaf: `assess`'s
//! files use it, it uses none of them.

use time::Date;

use crate::model::audit::AuditScope;
use crate::model::catalog::RiskLevel;
use crate::model::evidence::Period;

/// Options of the assessment stage.
#[derive(Debug, Clone)]
pub struct AssessOptions {
    /// The report date: "today" for every comparison.
    pub date: Date,
    /// Audit period.
    pub period: Option<Period>,
    /// The engagement as given on the command line; each field set here overrides the review's.
    pub audit: AuditScope,
    /// Pillars to assess (WA Tool pillar ids); empty: every pillar the review holds answers for.
    pub pillars: Vec<String>,
}

impl AssessOptions {
    /// Options for a report date and audit period, the rest from the review.
    pub fn new(date: Date, period: Option<Period>) -> Self {
        AssessOptions {
            date,
            period,
            audit: AuditScope::default(),
            pillars: Vec::new(),
        }
    }
}

/// Reviews older than this many days get a freshness warning.
pub(crate) const STALE_REVIEW_DAYS: i64 = 365;

/// Without an audit period, evidence and accepted risks expiring within this many days of the
/// report date get a warning (with a period, those expiring inside it do).
pub(crate) const EXPIRES_SOON_DAYS: i64 = 30;

pub(crate) fn expires_soon(expires_on: Option<Date>, today: Date) -> bool {
    expires_on.is_some_and(|x| x >= today && (x - today).whole_days() <= EXPIRES_SOON_DAYS)
}

/// The highest of two optional risk levels.
pub(crate) fn max_risk(a: Option<RiskLevel>, b: RiskLevel) -> Option<RiskLevel> {
    Some(match a {
        None => b,
        Some(x) if x.weight() >= b.weight() => x,
        Some(_) => b,
    })
}

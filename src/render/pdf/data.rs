//! Building blocks shared by the view models of the PDFs (the report's [`super::view`], its
//! changes section [`super::changes`] and the portfolio's [`super::portfolio`]): dates in
//! their spellings, chart segments and legends, and how optional text is kept. Each view model
//! imports from here and none imports another's internals, so there is no cycle among them.

use serde::Serialize;
use time::Date;
use time::macros::format_description;

use crate::model::assessment::ControlStatus;

/// A date in two spellings.
#[derive(Debug, Serialize)]
pub struct DateText {
    /// `2026-11-29`.
    pub iso: String,
    /// `29 November 2026`.
    pub long: String,
    /// `29 Nov 2026`, for tables.
    pub short: String,
}

/// A date in its spellings.
pub(crate) fn date(d: Date) -> DateText {
    DateText {
        iso: d.to_string(),
        long: d
            .format(format_description!(
                "[day padding:none] [month repr:long] [year]"
            ))
            .unwrap_or_else(|_| d.to_string()),
        short: d
            .format(format_description!(
                "[day padding:none] [month repr:short] [year]"
            ))
            .unwrap_or_else(|_| d.to_string()),
    }
}

/// One segment of a stacked bar.
#[derive(Debug, Serialize)]
pub struct Segment {
    /// Style key (`architectural_risk`, `hri`…); templates map it to a fill.
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// Count.
    pub count: u32,
    /// count ÷ bar total, 0 to 1 (0 when the bar is empty).
    pub share: f64,
    /// Outside the readiness denominator (inherited, not applicable, outside review scope).
    pub excluded: bool,
}

/// A legend entry.
#[derive(Debug, Serialize)]
pub struct LegendEntry {
    /// Style key.
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// What it means, in one sentence.
    pub meaning: &'static str,
    /// Counts in the readiness denominator.
    pub in_readiness: bool,
}

/// The control status legend: every status with the model's one meaning (the same words the
/// workbook's README and `docs/statuses.md` use).
pub(crate) fn status_legend() -> Vec<LegendEntry> {
    ControlStatus::ALL
        .iter()
        .map(|&s| LegendEntry {
            key: s.key(),
            label: s.label(),
            meaning: s.meaning(),
            in_readiness: !s.excluded_from_readiness(),
        })
        .collect()
}

/// One segment per `(key, label, count, excluded)`, each with its share of the bar's total.
pub(crate) fn segments(parts: &[(&'static str, &'static str, u32, bool)]) -> Vec<Segment> {
    let total: u32 = parts.iter().map(|p| p.2).sum();
    parts
        .iter()
        .map(|&(key, label, count, excluded)| Segment {
            key,
            label,
            count,
            share: crate::textfmt::share(count, total),
            excluded,
        })
        .collect()
}

/// Text that says something, trimmed; `None` when absent or blank.
pub(crate) fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Text that says something, as it is; `None` when absent or blank.
pub(crate) fn present(s: &Option<String>) -> Option<String> {
    s.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

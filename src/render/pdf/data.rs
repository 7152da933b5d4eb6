//! Building blocks shared by the view models of the PDFs (the report's [`super::view`], its
//! changes section [`super::changes`] and the portfolio's [`super::portfolio`]): dates in
//! their spellings, chart segments and legends, and how optional text is kept. Each view model
//! imports from here and none imports another's internals, so there is no cycle among them.

use serde::Serialize;
use time::Date;
use time::macros::format_description;

use crate::model::assessment::{ControlStatus, StatusCounts};
use crate::model::catalog::SupplierModel;

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

/// The longest run of characters without a break opportunity that prints as it is; a longer
/// one (a pasted token, a name without spaces) gets invisible break points so it stays inside
/// its table column.
const LONGEST_RUN: usize = 40;

/// Characters after or at which a line may break anyway.
fn breaks(c: char) -> bool {
    c.is_whitespace() || "/-?&=.,;:_|()[]".contains(c)
}

/// A string with a zero-width space after every 12 characters of each run of
/// [`LONGEST_RUN`] or more characters without a break opportunity; hex digests (SHA-256) stay
/// whole. Done here, once per string, rather than by a show rule over every text of the
/// document.
pub(crate) fn with_break_points(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut changed = false;
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String, changed: &mut bool| {
        if run.len() >= LONGEST_RUN && !run.iter().all(char::is_ascii_hexdigit) {
            for (i, chunk) in run.chunks(12).enumerate() {
                if i > 0 {
                    out.push('\u{200B}');
                }
                out.extend(chunk);
            }
            *changed = true;
        } else {
            out.extend(run.iter());
        }
        run.clear();
    };
    for c in s.chars() {
        if breaks(c) {
            flush(&mut run, &mut out, &mut changed);
            out.push(c);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut out, &mut changed);
    changed.then_some(out)
}

/// A view model as the JSON a template reads, every long run of its strings breakable
/// ([`with_break_points`]).
pub(crate) fn view_json(view: &impl Serialize, what: &str) -> crate::Result<Vec<u8>> {
    let mut value = serde_json::to_value(view)
        .map_err(|e| crate::Error::Internal(format!("serialising {what}: {e}")))?;
    let mut stack = vec![&mut value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => {
                if let Some(b) = with_break_points(s) {
                    *s = b;
                }
            }
            serde_json::Value::Array(a) => stack.extend(a.iter_mut()),
            serde_json::Value::Object(o) => stack.extend(o.values_mut()),
            _ => {}
        }
    }
    crate::render::seam::to_json(&value, what)
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

/// Below this denominator a share is stated as its counts only (`5 of 21`), never as a
/// percentage: one decimal of a small count misleads (issue 18).
pub(crate) const MIN_PERCENT_BASE: u32 = 30;

/// A share with its counts first: `7 of 47` below [`MIN_PERCENT_BASE`], `47 of 122 (38.5%)`
/// from it, and `none` when there is nothing to divide by.
pub(crate) fn ratio_text(n: u32, d: u32) -> String {
    ratio_of(n, d, "")
}

/// A share with what is counted: `7 of 47 assessed controls (14.9%)`, `0 of 15 assessed
/// criteria`; `none` when there is nothing to divide by.
pub(crate) fn ratio_of(n: u32, d: u32, what: &str) -> String {
    let what = if what.is_empty() {
        String::new()
    } else {
        format!(" {what}")
    };
    match d {
        0 => "none".to_owned(),
        d if d < MIN_PERCENT_BASE => format!("{n} of {d}{what}"),
        d => format!(
            "{n} of {d}{what} ({})",
            crate::textfmt::percent_text(crate::textfmt::percent(n, d), "")
        ),
    }
}

/// The board's words for control statuses: every status falls in exactly one group, in the
/// order reports state them. The first six are the assessed controls (the readiness
/// denominator); the last three are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusGroup {
    /// Architectural risk: only changing the workload closes it.
    Blocked,
    /// An evidence gap (missing, unverified, stale, partial, AWS attestation missing).
    EvidenceOnly,
    /// Technical part evidenced, the rest to assess.
    TechnicalPart,
    /// Ready: evidenced, or operated by supplier AWS with a current attestation.
    Done,
    /// Accepted risk in force.
    Accepted,
    /// Not assessed (unanswered or all driving practices not applicable).
    NotAssessed,
    /// Carved out to AWS (SOC 2's carve-out method: out of the denominator).
    CarvedOut,
    /// Not applicable, by the organisation's decision.
    NotApplicable,
    /// Outside review scope: organisational or legal duty, another pillar, supported only, or
    /// not covered by any practice.
    NotCovered,
}

impl StatusGroup {
    /// Every group, in report order.
    pub(crate) const ALL: [StatusGroup; 9] = [
        StatusGroup::Blocked,
        StatusGroup::EvidenceOnly,
        StatusGroup::TechnicalPart,
        StatusGroup::Done,
        StatusGroup::Accepted,
        StatusGroup::NotAssessed,
        StatusGroup::CarvedOut,
        StatusGroup::NotApplicable,
        StatusGroup::NotCovered,
    ];

    /// The group of a status, in a framework's supplier model (an ISO control operated by
    /// supplier AWS with its attestation counts as ready; a SOC 2 criterion carved out leaves
    /// the denominator).
    pub(crate) fn of(s: ControlStatus, model: SupplierModel) -> StatusGroup {
        match s {
            ControlStatus::ArchitecturalRisk => StatusGroup::Blocked,
            s if s.is_evidence_gap() => StatusGroup::EvidenceOnly,
            ControlStatus::EvidencedInPart => StatusGroup::TechnicalPart,
            ControlStatus::Evidenced => StatusGroup::Done,
            ControlStatus::CarvedOut => match model {
                SupplierModel::Supplier => StatusGroup::Done,
                SupplierModel::CarveOut => StatusGroup::CarvedOut,
            },
            ControlStatus::AcceptedRisk => StatusGroup::Accepted,
            ControlStatus::NotAssessed => StatusGroup::NotAssessed,
            ControlStatus::NotApplicable => StatusGroup::NotApplicable,
            _ => StatusGroup::NotCovered,
        }
    }

    /// Style key (`theme.typ` maps it to a fill).
    pub(crate) fn key(self) -> &'static str {
        match self {
            StatusGroup::Blocked => "architectural_risk",
            StatusGroup::EvidenceOnly => "evidence_gap",
            StatusGroup::TechnicalPart => "technical_part_evidenced",
            StatusGroup::Done => "evidenced",
            StatusGroup::Accepted => "accepted_risk",
            StatusGroup::NotAssessed => "not_assessed",
            StatusGroup::CarvedOut => "carved_out",
            StatusGroup::NotApplicable => "not_applicable",
            StatusGroup::NotCovered => "outside_review_scope",
        }
    }

    /// The board's words, as a column or legend label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            StatusGroup::Blocked => "Blocked by architecture",
            StatusGroup::EvidenceOnly => "Needs evidence only",
            StatusGroup::TechnicalPart => "Technical part done",
            StatusGroup::Done => "Done",
            StatusGroup::Accepted => "Accepted risk",
            StatusGroup::NotAssessed => "Not assessed",
            StatusGroup::CarvedOut => "Carved out to AWS",
            StatusGroup::NotApplicable => "Not applicable (decided)",
            StatusGroup::NotCovered => "Not covered by this review",
        }
    }

    /// After a count, in a sentence: `11 criteria blocked by architecture`.
    pub(crate) fn phrase(self, n: u32) -> &'static str {
        match self {
            StatusGroup::Blocked => "blocked by architecture",
            StatusGroup::EvidenceOnly if n == 1 => "needs evidence only",
            StatusGroup::EvidenceOnly => "need evidence only",
            StatusGroup::TechnicalPart => "with the technical part done",
            StatusGroup::Done => "done",
            StatusGroup::Accepted => "at accepted risk",
            StatusGroup::NotAssessed => "not assessed",
            StatusGroup::CarvedOut => "carved out to AWS",
            StatusGroup::NotApplicable => "not applicable (decided)",
            StatusGroup::NotCovered => "not covered by this review",
        }
    }

    /// The statuses it holds, for the legend.
    pub(crate) fn statuses(self, model: SupplierModel) -> Vec<ControlStatus> {
        ControlStatus::ALL
            .iter()
            .copied()
            .filter(|&s| StatusGroup::of(s, model) == self)
            .collect()
    }

    /// In the readiness denominator (assessed).
    pub(crate) fn assessed(self) -> bool {
        !matches!(
            self,
            StatusGroup::CarvedOut | StatusGroup::NotApplicable | StatusGroup::NotCovered
        )
    }
}

/// One group of the legend: its key, the board's words, and the statuses it holds with their
/// meanings.
#[derive(Debug, Serialize)]
pub struct GroupLegend {
    /// Style key.
    pub key: &'static str,
    /// The board's words.
    pub label: &'static str,
    /// In the readiness denominator (assessed).
    pub assessed: bool,
    /// The statuses it holds.
    pub statuses: Vec<LegendStatus>,
}

/// A status in the legend.
#[derive(Debug, Serialize)]
pub struct LegendStatus {
    /// Status key.
    pub key: &'static str,
    /// Its label (framework-specific words for AWS-operated controls).
    pub label: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

/// The legend of the board's words: every group with the statuses it holds (an AWS-operated
/// control is "done" when operated by supplier AWS, and "carved out" in SOC 2).
pub(crate) fn group_legend() -> Vec<GroupLegend> {
    StatusGroup::ALL
        .iter()
        .map(|&g| {
            let mut statuses: Vec<LegendStatus> = Vec::new();
            for model in [SupplierModel::Supplier, SupplierModel::CarveOut] {
                for s in g.statuses(model) {
                    let label = s.label_in(model);
                    if !statuses.iter().any(|x| x.label == label) {
                        statuses.push(LegendStatus {
                            key: s.key(),
                            label,
                            meaning: s.meaning(),
                        });
                    }
                }
            }
            GroupLegend {
                key: g.key(),
                label: g.label(),
                assessed: g.assessed(),
                statuses,
            }
        })
        .collect()
}

/// Controls per group, in [`StatusGroup::ALL`] order.
pub(crate) fn group_counts(c: &StatusCounts, model: SupplierModel) -> [u32; 9] {
    let mut out = [0u32; 9];
    for s in ControlStatus::ALL {
        let g = StatusGroup::of(s, model);
        if let Some(i) = StatusGroup::ALL.iter().position(|&x| x == g) {
            out[i] = out[i].saturating_add(c.get(s));
        }
    }
    out
}

/// One segment per group (zero counts included), each with its share of the whole.
pub(crate) fn group_segments(c: &StatusCounts, model: SupplierModel) -> Vec<Segment> {
    let counts = group_counts(c, model);
    let parts: Vec<_> = StatusGroup::ALL
        .iter()
        .zip(counts)
        .map(|(g, n)| (g.key(), g.label(), n, !g.assessed()))
        .collect();
    segments(&parts)
}

/// The groups of a count in words, zero counts left out (`done` always said when anything is
/// assessed): `11 criteria
/// blocked by architecture, 5 need evidence only, 1 done, 36 not covered by this review`.
pub(crate) fn groups_in_words(c: &StatusCounts, model: SupplierModel, noun: &str) -> String {
    let counts = group_counts(c, model);
    let assessed: u32 = StatusGroup::ALL
        .iter()
        .zip(counts)
        .filter(|(g, _)| g.assessed())
        .map(|(_, n)| n)
        .sum();
    let nouns = crate::model::catalog::plural(noun);
    let mut parts: Vec<String> = Vec::new();
    for (g, n) in StatusGroup::ALL.iter().zip(counts) {
        // Nothing done is said when something is assessed; zero counts otherwise are not.
        if n == 0 && (*g != StatusGroup::Done || assessed == 0) {
            continue;
        }
        let what = if parts.is_empty() {
            format!(" {}", if n == 1 { noun } else { nouns.as_str() })
        } else {
            String::new()
        };
        parts.push(format!("{n}{what} {}", g.phrase(n)));
    }
    parts.join(", ")
}

/// One sentence a screen reader reads for a stacked bar: what it is, then every part in
/// numbers (`… : 9 blocked by architecture, 2 need evidence only, …`).
pub(crate) fn bar_alt(what: &str, segments: &[Segment]) -> String {
    let parts: Vec<String> = segments
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| format!("{} {}", s.count, s.label.to_lowercase()))
        .collect();
    if parts.is_empty() {
        format!("{what}: nothing to show.")
    } else {
        format!("{what}: {}.", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_get_break_points_and_digests_stay_whole() {
        let long = "Z".repeat(30) + &"y".repeat(20);
        assert_eq!(
            with_break_points(&format!("x {long} y")).unwrap(),
            format!(
                "x {}\u{200B}{}\u{200B}{}\u{200B}{}\u{200B}{} y",
                "Z".repeat(12),
                "Z".repeat(12),
                "Z".repeat(6) + &"y".repeat(6),
                "y".repeat(12),
                "y".repeat(2)
            )
        );
        assert_eq!(with_break_points(&"ab12".repeat(16)), None, "hex");
        assert_eq!(with_break_points("short words / and-paths"), None);
        assert_eq!(
            with_break_points(&format!("see https://example.com/{}", "x".repeat(45)))
                .unwrap()
                .matches('\u{200B}')
                .count(),
            3
        );
    }

    #[test]
    fn no_percentage_below_thirty() {
        assert_eq!(ratio_text(1, 21), "1 of 21");
        assert_eq!(ratio_text(0, 3), "0 of 3");
        assert_eq!(ratio_text(7, 47), "7 of 47 (14.9%)");
        assert_eq!(ratio_text(0, 30), "0 of 30 (0.0%)");
        assert_eq!(ratio_text(0, 0), "none");
        assert_eq!(ratio_of(7, 47, "controls"), "7 of 47 controls (14.9%)");
    }

    #[test]
    fn every_status_has_one_group_and_assessed_ones_come_first() {
        for model in [SupplierModel::Supplier, SupplierModel::CarveOut] {
            let mut seen = 0;
            for g in StatusGroup::ALL {
                seen += g.statuses(model).len();
            }
            assert_eq!(seen, ControlStatus::ALL.len());
        }
        let first_excluded = StatusGroup::ALL.iter().position(|g| !g.assessed()).unwrap();
        assert!(
            StatusGroup::ALL[first_excluded..]
                .iter()
                .all(|g| !g.assessed())
        );
        assert_eq!(
            StatusGroup::of(ControlStatus::CarvedOut, SupplierModel::Supplier),
            StatusGroup::Done
        );
    }

    #[test]
    fn groups_read_as_a_sentence() {
        let mut c = StatusCounts::default();
        for _ in 0..11 {
            c.add(ControlStatus::ArchitecturalRisk);
        }
        c.add(ControlStatus::EvidenceMissing);
        c.add(ControlStatus::EvidencePartial);
        c.add(ControlStatus::Evidenced);
        c.add(ControlStatus::OutsideReviewScope);
        assert_eq!(
            groups_in_words(&c, SupplierModel::CarveOut, "criterion"),
            "11 criteria blocked by architecture, 2 need evidence only, 1 done, 1 not covered by this review"
        );
        let mut one = StatusCounts::default();
        one.add(ControlStatus::EvidenceMissing);
        assert_eq!(
            groups_in_words(&one, SupplierModel::Supplier, "control"),
            "1 control needs evidence only, 0 done"
        );
        let mut none = StatusCounts::default();
        none.add(ControlStatus::OutsideReviewScope);
        none.add(ControlStatus::OutsideReviewScope);
        assert_eq!(
            groups_in_words(&none, SupplierModel::Supplier, "clause requirement"),
            "2 clause requirements not covered by this review"
        );
    }
}

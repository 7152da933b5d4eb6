//! Readiness per framework, counted in the board's words, and every control: `frameworks`
//! of the view model. Each framework has one row per part counted apart (ISO 27001: Annex A
//! and the clauses, never 123 "controls"); counts come before any percentage, and no
//! percentage is given on fewer than thirty (`data::ratio_text`).

use serde::Serialize;

use crate::model::assessment::{
    ControlResult, ControlStatus, FrameworkResult, OutsideScopeKind, StatusCounts,
};
use crate::model::catalog::{SupplierModel, plural};
use crate::model::comparison::Comparison;
use crate::render::pdf::data::{
    Segment, StatusGroup, group_counts, group_segments, groups_in_words, ratio_text,
};

/// One framework.
#[derive(Debug, Serialize)]
pub(crate) struct FrameworkView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Edition.
    pub edition: String,
    /// Publisher.
    pub publisher: String,
    /// `criterion`, `control`, `article`.
    pub noun: String,
    /// `criteria`, `controls`, `articles`.
    pub noun_plural: String,
    /// All controls in scope.
    pub total: u32,
    /// The readiness denominator (assessed).
    pub assessed: u32,
    /// Ready (evidenced, or operated by supplier AWS with its attestation).
    pub evidenced: u32,
    /// Implemented (ready + technical part + evidence gaps).
    pub implemented: u32,
    /// `7 of 47 (14.9%)`, `0 of 15`: ready of assessed, counts first.
    pub readiness_text: String,
    /// Implemented of assessed, counts first.
    pub implemented_text: String,
    /// At architectural risk (controls).
    pub architectural_risk: u32,
    /// With an evidence gap (missing, unverified, stale, partial, attestation).
    pub evidence_gaps: u32,
    /// The whole framework by group (for a template that wants one bar; the built-in one
    /// draws [`FrameworkView::rows`], which keep ISO's parts apart).
    pub segments: Vec<Segment>,
    /// One row per part counted apart, else one for the framework.
    pub rows: Vec<ReadinessRow>,
    /// What evidences the controls AWS operates.
    pub inherited_evidence: Option<String>,
    /// The scope the framework applies to (PCI DSS: the cardholder data environment).
    pub scope_statement: Option<String>,
    /// Controls left out by the user's choice (`--tsc`, GDPR role).
    pub excluded: u32,
    /// Every control, in catalog order.
    pub controls: Vec<ControlRow>,
}

/// Readiness of a framework, or of one part of it counted apart.
#[derive(Debug, Serialize)]
pub(crate) struct ReadinessRow {
    /// `SOC 2`, `ISO 27001 Annex A`, `ISO 27001 clauses 4 to 10`.
    pub label: String,
    /// `criterion`.
    pub noun: String,
    /// `criteria`.
    pub noun_plural: String,
    /// In scope.
    pub in_scope: u32,
    /// One segment per group of [`StatusGroup::ALL`], zero counts included.
    pub groups: Vec<Segment>,
    /// Applicable: in scope − not applicable − carved out (SOC 2).
    pub applicable: u32,
    /// Assessed: applicable − not covered by this review.
    pub assessed: u32,
    /// Ready.
    pub ready: u32,
    /// `7 of 47 (14.9%)`.
    pub ready_of_assessed: String,
    /// `7 of 122 (5.7%)`.
    pub ready_of_applicable: String,
    /// Coverage: assessed of applicable.
    pub coverage: String,
    /// `11 criteria blocked by architecture, 5 need evidence only, 1 done, …`.
    pub in_words: String,
    /// Not covered by this review, by kind (zero counts left out).
    pub not_covered: Vec<KindCount>,
    /// With a baseline: ready then → now (`0 of 40 → 7 of 47`).
    pub then_now: Option<String>,
    /// With a baseline: `better`, `worse`, `unchanged` (ready of assessed) or `other`
    /// (nothing assessed then or now).
    pub trend: Option<&'static str>,
    /// The formulas with this row's counts (printed once, in the method section).
    pub formula: String,
    /// The bar in one sentence, for screen readers.
    pub alt: String,
}

/// A kind and its count.
#[derive(Debug, Serialize)]
pub(crate) struct KindCount {
    /// `organisational duty`.
    pub label: &'static str,
    /// Controls.
    pub count: u32,
}

/// One control row of the appendix.
#[derive(Debug, Serialize)]
pub(crate) struct ControlRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Group (clause, category…).
    pub group: String,
    /// Status key.
    pub status: &'static str,
    /// Status label, with the risk level for architectural risk (`Architectural risk (High)`)
    /// and the kind for outside review scope.
    pub status_label: String,
    /// Driving practices, compacted (`SEC01-BP01–BP03; SEC02-BP05`).
    pub practices: String,
    /// Why it has this status.
    pub reason: String,
    /// Outside review scope as an organisational or legal duty: the appendix lists these
    /// compactly (id and title), as their reason is the same for each.
    pub duty: bool,
}

/// Practice ids in a compact form: `SEC01-BP01–BP08, SEC03-BP01, BP03–BP05`. Runs of
/// consecutive practices of one question collapse; anything that is not `SECnn-BPnn` is
/// listed as it is.
pub(crate) fn compact_practices<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut groups: Vec<(String, Vec<(u32, &'a str)>)> = Vec::new();
    let mut other: Vec<&'a str> = Vec::new();
    for id in ids {
        let parsed = id.split_once("-BP").and_then(|(q, n)| {
            let num: u32 = n.parse().ok()?;
            (n.len() == 2).then_some((q.to_owned(), num))
        });
        match parsed {
            Some((q, n)) => match groups.iter_mut().find(|(g, _)| *g == q) {
                Some((_, v)) => v.push((n, id)),
                None => groups.push((q, vec![(n, id)])),
            },
            None => other.push(id),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (q, mut nums) in groups {
        nums.sort();
        nums.dedup();
        let mut runs: Vec<String> = Vec::new();
        let mut i = 0;
        while i < nums.len() {
            let mut j = i;
            while j + 1 < nums.len() && nums[j + 1].0 == nums[j].0 + 1 {
                j += 1;
            }
            let first = if runs.is_empty() {
                format!("{q}-BP{:02}", nums[i].0)
            } else {
                format!("BP{:02}", nums[i].0)
            };
            runs.push(match j - i {
                0 => first,
                1 => format!("{first}, BP{:02}", nums[j].0),
                _ => format!("{first}–BP{:02}", nums[j].0),
            });
            i = j + 1;
        }
        parts.push(runs.join(", "));
    }
    parts.extend(other.into_iter().map(str::to_owned));
    parts.join("; ")
}

const KINDS: [OutsideScopeKind; 5] = [
    OutsideScopeKind::Organisational,
    OutsideScopeKind::Legal,
    OutsideScopeKind::OtherPillar,
    OutsideScopeKind::SupportedOnly,
    OutsideScopeKind::NotCovered,
];

/// Ready and assessed of status counts, as `docs/statuses.md` defines them.
fn ready_assessed(c: &StatusCounts, model: SupplierModel) -> (u32, u32) {
    let g = group_counts(c, model);
    let ready = g[3];
    let assessed = StatusGroup::ALL
        .iter()
        .zip(g)
        .filter(|(x, _)| x.assessed())
        .map(|(_, n)| n)
        .sum();
    (ready, assessed)
}

/// Ready then → now for a row, from the comparison's readiness of the framework: for a
/// framework counted in parts, only on the one part that has anything assessed (ISO 27001's
/// clauses never are: they are organisational duties), else on none.
fn then_now(
    f: &FrameworkResult,
    cmp: Option<&Comparison>,
    this_part_assessed: bool,
) -> Option<(String, &'static str)> {
    let r = cmp?.readiness.iter().find(|r| r.framework == f.id)?;
    if !f.parts.is_empty() {
        let assessed_parts = f.parts.iter().filter(|p| p.readiness.assessed > 0).count();
        if !(this_part_assessed && assessed_parts == 1) {
            return None;
        }
    }
    let (b, a) = (&r.before, &r.after);
    // ready ÷ assessed then and now, compared without dividing.
    let (then, now) = (
        u64::from(b.evidenced) * u64::from(a.assessed),
        u64::from(a.evidenced) * u64::from(b.assessed),
    );
    let trend = match (b.assessed, a.assessed) {
        (0, _) | (_, 0) => "other",
        _ if now > then => "better",
        _ if now < then => "worse",
        _ => "unchanged",
    };
    Some((
        format!(
            "{} → {}",
            ratio_text(b.evidenced, b.assessed),
            ratio_text(a.evidenced, a.assessed)
        ),
        trend,
    ))
}

#[allow(clippy::too_many_arguments)]
fn row(
    f: &FrameworkResult,
    label: String,
    noun: &str,
    counts: &StatusCounts,
    applicable: u32,
    in_part: &dyn Fn(&ControlResult) -> bool,
    cmp: Option<&Comparison>,
) -> ReadinessRow {
    let model = f.supplier_model;
    let groups = group_segments(counts, model);
    let (ready, assessed) = ready_assessed(counts, model);
    let not_covered: Vec<KindCount> = KINDS
        .iter()
        .map(|&k| KindCount {
            label: k.label(),
            count: f
                .controls
                .iter()
                .filter(|c| in_part(c) && c.status == ControlStatus::OutsideReviewScope)
                .filter(|c| c.outside_scope.as_ref().map(|o| o.kind) == Some(k))
                .count() as u32,
        })
        .filter(|k| k.count > 0)
        .collect();
    let mut in_words = groups_in_words(counts, model, noun);
    if !not_covered.is_empty() {
        let kinds: Vec<String> = not_covered
            .iter()
            .map(|k| format!("{} {}", k.count, k.label))
            .collect();
        in_words = in_words.replace(
            StatusGroup::NotCovered.phrase(0),
            &format!(
                "{} ({})",
                StatusGroup::NotCovered.phrase(0),
                kinds.join(", ")
            ),
        );
    }
    let then_now = then_now(f, cmp, assessed > 0);
    let noun_plural = plural(noun);
    let formula = formula(&label, counts, model, ready, assessed, applicable);
    ReadinessRow {
        formula,
        alt: format!(
            "{label}, {} {noun_plural} in scope, by status: {in_words}.",
            counts.total()
        ),
        label,
        noun: noun.to_owned(),
        in_scope: counts.total(),
        ready_of_assessed: ratio_text(ready, assessed),
        ready_of_applicable: ratio_text(ready, applicable),
        coverage: ratio_text(assessed, applicable),
        in_words,
        groups,
        applicable,
        assessed,
        ready,
        not_covered,
        trend: then_now.as_ref().map(|t| t.1),
        then_now: then_now.map(|t| t.0),
        noun_plural,
    }
}

/// `docs/statuses.md`'s formulas with one row's counts; no percentage below thirty.
fn formula(
    label: &str,
    c: &StatusCounts,
    model: SupplierModel,
    ready: u32,
    assessed: u32,
    applicable: u32,
) -> String {
    let supplier = match model {
        SupplierModel::Supplier if c.carved_out > 0 => {
            format!(" + {} operated by supplier AWS", c.carved_out)
        }
        _ => String::new(),
    };
    let carved = match model {
        SupplierModel::CarveOut if c.carved_out > 0 => {
            format!(" − {} carved out to AWS", c.carved_out)
        }
        _ => String::new(),
    };
    format!(
        "{label}: ready {ready} = {} evidenced{supplier}; applicable {applicable} = {} in scope − {} not applicable{carved}; assessed {assessed} = applicable − {} not covered by this review; readiness = ready ÷ assessed = {}; over all applicable = {}; coverage = assessed ÷ applicable = {}; technical part done, not ready: {}.",
        c.evidenced,
        c.total(),
        c.not_applicable,
        c.outside_review_scope,
        ratio_text(ready, assessed),
        ratio_text(ready, applicable),
        ratio_text(assessed, applicable),
        c.technical_part_evidenced,
    )
}

/// The readiness rows of a framework: one per part counted apart, else one.
fn rows(f: &FrameworkResult, cmp: Option<&Comparison>) -> Vec<ReadinessRow> {
    if f.parts.is_empty() {
        return vec![row(
            f,
            f.short_name.clone(),
            &f.control_noun,
            &f.counts,
            f.readiness.applicable,
            &|_| true,
            cmp,
        )];
    }
    // The parts the review can speak to first (ISO: Annex A before the clauses).
    let mut parts: Vec<_> = f.parts.iter().collect();
    parts.sort_by_key(|p| p.readiness.assessed == 0);
    parts
        .into_iter()
        .map(|p| {
            let kind = p.kind.clone();
            row(
                f,
                format!("{} {}", f.short_name, p.label),
                &p.noun,
                &p.counts,
                p.readiness.applicable,
                &move |c: &ControlResult| c.kind.as_deref() == Some(kind.as_str()),
                cmp,
            )
        })
        .collect()
}

fn control_row(f: &FrameworkResult, c: &ControlResult) -> ControlRow {
    ControlRow {
        id: c.id.clone(),
        title: c.title.clone(),
        group: c.group.clone(),
        status: c.status.key(),
        status_label: match (c.status, c.risk, &c.outside_scope) {
            (ControlStatus::ArchitecturalRisk, Some(r), _) => {
                format!("{} ({r})", c.status.label())
            }
            (ControlStatus::OutsideReviewScope, _, Some(o)) => {
                format!("{}: {}", c.status.label(), o.kind.label())
            }
            _ => c.status.label_in(f.supplier_model).to_owned(),
        },
        practices: compact_practices(
            c.practices
                .iter()
                .filter(|p| p.driving)
                .map(|p| p.bp.as_str()),
        ),
        reason: c.reason.clone(),
        duty: c.status == ControlStatus::OutsideReviewScope
            && matches!(
                c.outside_scope.as_ref().map(|o| o.kind),
                Some(OutsideScopeKind::Organisational | OutsideScopeKind::Legal)
            ),
    }
}

pub(super) fn framework(f: &FrameworkResult, cmp: Option<&Comparison>) -> FrameworkView {
    let r = &f.readiness;
    FrameworkView {
        id: f.id.clone(),
        name: f.name.clone(),
        short_name: f.short_name.clone(),
        edition: f.edition.clone(),
        publisher: f.publisher.clone(),
        noun: f.control_noun.clone(),
        noun_plural: plural(&f.control_noun),
        total: f.counts.total(),
        assessed: r.assessed,
        evidenced: r.evidenced,
        implemented: r.implemented,
        readiness_text: ratio_text(r.evidenced, r.assessed),
        implemented_text: ratio_text(r.implemented, r.assessed),
        architectural_risk: f.counts.architectural_risk,
        evidence_gaps: f.counts.evidence_gaps(),
        segments: group_segments(&f.counts, f.supplier_model),
        rows: rows(f, cmp),
        inherited_evidence: f.inherited_evidence.clone(),
        scope_statement: f.scope_statement.clone(),
        excluded: f.excluded.len() as u32,
        controls: f.controls.iter().map(|c| control_row(f, c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn practices_compact_into_runs() {
        assert_eq!(
            compact_practices([
                "SEC01-BP01",
                "SEC01-BP02",
                "SEC01-BP03",
                "SEC03-BP01",
                "SEC03-BP03",
                "SEC03-BP04",
                "SEC02-BP05",
            ]),
            "SEC01-BP01–BP03; SEC03-BP01, BP03, BP04; SEC02-BP05"
        );
        assert_eq!(compact_practices(["X-1", "SEC01-BP1x"]), "X-1; SEC01-BP1x");
        assert_eq!(compact_practices([]), "");
    }
}

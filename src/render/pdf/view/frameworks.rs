//! Readiness per framework and every control: `frameworks` of the view model.

use serde::Serialize;

use crate::model::assessment::{ControlStatus, FrameworkResult};
use crate::model::catalog::plural;
use crate::render::pdf::data::Segment;

/// One framework.
#[derive(Debug, Serialize)]
pub struct FrameworkView {
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
    /// All controls.
    pub total: u32,
    /// The readiness denominator.
    pub assessed: u32,
    /// Evidenced.
    pub evidenced: u32,
    /// Evidenced + evidence missing + evidence stale.
    pub implemented: u32,
    /// evidenced ÷ assessed, percent, one decimal; null when nothing is assessed.
    pub readiness: Option<f64>,
    /// `22.2%`, or `not stated` when nothing is assessed.
    pub readiness_text: String,
    /// implemented ÷ assessed as text.
    pub implemented_text: String,
    /// The formula with raw counts, in words.
    pub formula: String,
    /// Architectural risk (controls).
    pub architectural_risk: u32,
    /// Evidence missing + stale (controls).
    pub evidence_gaps: u32,
    /// One segment per status, in legend order (zero counts included).
    pub segments: Vec<Segment>,
    /// What evidences inherited controls.
    pub inherited_evidence: Option<String>,
    /// Every control, in catalog order.
    pub controls: Vec<ControlRow>,
}

/// One control row of the appendix.
#[derive(Debug, Serialize)]
pub struct ControlRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Group (clause, category…).
    pub group: String,
    /// Status key.
    pub status: &'static str,
    /// Status label, with the risk level for architectural risk (`Architectural risk (High)`).
    pub status_label: String,
    /// Driving practices, compacted (`SEC01-BP01–BP03; SEC02-BP05`).
    pub practices: String,
    /// Why it has this status.
    pub reason: String,
}

/// Practice ids in a compact form: `SEC01-BP01–BP08, SEC03-BP01, BP03–BP05`. Runs of
/// consecutive practices of one question collapse; anything that is not `SECnn-BPnn` is
/// listed as it is.
pub fn compact_practices<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
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

fn percent_text(p: Option<f64>) -> String {
    crate::textfmt::percent_text(p, "not stated (nothing assessed)")
}

pub(super) fn framework(f: &FrameworkResult) -> FrameworkView {
    let total = f.counts.total();
    let segments = ControlStatus::ALL
        .iter()
        .map(|&s| Segment {
            key: s.key(),
            label: s.label(),
            count: f.counts.get(s),
            share: crate::textfmt::share(f.counts.get(s), total),
            excluded: s.excluded_from_readiness(),
        })
        .collect();
    let controls = f
        .controls
        .iter()
        .map(|c| ControlRow {
            id: c.id.clone(),
            title: c.title.clone(),
            group: c.group.clone(),
            status: c.status.key(),
            status_label: match (c.status, c.risk) {
                (ControlStatus::ArchitecturalRisk, Some(r)) => {
                    format!("{} ({r})", c.status.label())
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
        })
        .collect();
    FrameworkView {
        id: f.id.clone(),
        name: f.name.clone(),
        short_name: f.short_name.clone(),
        edition: f.edition.clone(),
        publisher: f.publisher.clone(),
        noun: f.control_noun.clone(),
        noun_plural: plural(&f.control_noun),
        total,
        assessed: f.readiness.assessed,
        evidenced: f.readiness.evidenced,
        implemented: f.readiness.implemented,
        readiness: f.readiness.percent,
        readiness_text: percent_text(f.readiness.percent),
        implemented_text: percent_text(f.readiness.implemented_percent),
        formula: f.readiness.formula.clone(),
        architectural_risk: f.counts.architectural_risk,
        evidence_gaps: f.counts.evidence_missing + f.counts.evidence_stale,
        segments,
        inherited_evidence: f.inherited_evidence.clone(),
        controls,
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

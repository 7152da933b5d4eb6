//! The "By criticality" table of the consolidated PDF: workloads grouped by how critical their
//! reviews say they are, most critical first, with their HRIs, MRIs and evidence gaps.

use serde::Serialize;

use super::super::data::present;
use crate::model::portfolio::Portfolio;

/// Workloads of one criticality.
#[derive(Debug, Serialize)]
pub struct CriticalityView {
    /// As the reviews state it (`critical`, `high` …).
    pub label: String,
    /// Workloads.
    pub workloads: u32,
    /// HRIs, summed.
    pub hri: u32,
    /// MRIs, summed.
    pub mri: u32,
    /// Evidence gaps, summed.
    pub evidence_gaps: u32,
}

/// A criticality's rank: most critical first; unknown words after the known ones.
fn criticality_rank(label: &str) -> (u8, String) {
    let l = label.trim().to_lowercase();
    let rank = match l.as_str() {
        "critical" | "mission-critical" | "mission critical" | "tier 0" | "tier-0" => 0,
        "high" | "tier 1" | "tier-1" => 1,
        "medium" | "moderate" | "tier 2" | "tier-2" => 2,
        "low" | "tier 3" | "tier-3" => 3,
        _ => 4,
    };
    (rank, l)
}

/// Workloads by criticality, most critical first, when any workload states one.
pub(super) fn criticality(p: &Portfolio) -> Vec<CriticalityView> {
    let mut out: Vec<CriticalityView> = Vec::new();
    for w in &p.workloads {
        let label = present(&w.criticality).unwrap_or_else(|| "not stated".to_owned());
        let i = match out.iter().position(|c| c.label == label) {
            Some(i) => i,
            None => {
                out.push(CriticalityView {
                    label,
                    workloads: 0,
                    hri: 0,
                    mri: 0,
                    evidence_gaps: 0,
                });
                out.len() - 1
            }
        };
        let c = &mut out[i];
        c.workloads += 1;
        c.hri += w.practices.hri;
        c.mri += w.practices.mri;
        c.evidence_gaps += w.evidence_gaps();
    }
    if out.iter().all(|c| c.label == "not stated") {
        return Vec::new();
    }
    out.sort_by_key(|c| {
        let stated = c.label != "not stated";
        (!stated, criticality_rank(&c.label))
    });
    out
}

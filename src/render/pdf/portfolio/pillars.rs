//! The "By pillar" table of the consolidated PDF: one row per Well-Architected pillar some
//! workload's review covers, in the catalog's pillar order, counts only.

use serde::Serialize;

use crate::model::portfolio::Portfolio;

/// One pillar across workloads.
#[derive(Debug, Serialize)]
pub struct PillarView {
    /// Display name.
    pub name: String,
    /// Workloads whose review covers it (answers at least one of its questions).
    pub workloads: u32,
    /// Σ HRIs.
    pub hri: u32,
    /// Σ MRIs.
    pub mri: u32,
    /// Σ questions at HIGH risk.
    pub questions_high: u32,
    /// Σ questions at MEDIUM risk.
    pub questions_medium: u32,
    /// Σ questions unanswered.
    pub questions_unanswered: u32,
}

/// The pillars some workload covers, in catalog order.
pub(super) fn pillars(p: &Portfolio) -> Vec<PillarView> {
    p.pillars
        .iter()
        .filter(|x| x.workloads_covering > 0)
        .map(|x| PillarView {
            name: x.name.clone(),
            workloads: x.workloads_covering,
            hri: x.hri,
            mri: x.mri,
            questions_high: x.questions_high,
            questions_medium: x.questions_medium,
            questions_unanswered: x.questions_unanswered,
        })
        .collect()
}

//! The roll-up per Well-Architected pillar: each workload's questions counted per pillar
//! ([`workload_pillars`]), then added up over workloads per pillar of the catalog
//! ([`pillar_rollup`]). A workload covers a pillar when it answered at least one of its
//! questions; every count is a sum over the workloads whose assessment holds the pillar, so
//! the pillars add up to the portfolio's totals.

use crate::model::assessment::{Assessment, QuestionRisk};
use crate::model::catalog::{Catalog, Pillar};
use crate::model::portfolio::{PillarCounts, PillarRollup};

/// The counts of each pillar an assessment holds, in catalog order (a question whose pillar
/// the catalog does not know is left out: it cannot be, the assessment was made from it).
pub fn workload_pillars(a: &Assessment, catalog: &Catalog) -> Vec<PillarCounts> {
    let mut out: Vec<PillarCounts> = catalog
        .pillars
        .iter()
        .map(|p| PillarCounts {
            id: p.id.clone(),
            ..PillarCounts::default()
        })
        .collect();
    for q in &a.questions {
        // A practice id is found by hash; a question id by a scan, only as a fallback.
        let pillar = q
            .practices
            .first()
            .and_then(|p| catalog.pillar_of(&p.id))
            .or_else(|| catalog.pillar_of(&q.id));
        let Some(c) = pillar.and_then(|id| out.iter_mut().find(|c| c.id == id)) else {
            continue;
        };
        c.questions += 1;
        c.questions_answered += u32::from(q.risk != QuestionRisk::Unanswered);
        c.questions_high += u32::from(q.risk == QuestionRisk::High);
        c.questions_medium += u32::from(q.risk == QuestionRisk::Medium);
        c.questions_unanswered += u32::from(q.risk == QuestionRisk::Unanswered);
        c.hri += q.counts.hri;
        c.mri += q.counts.mri;
    }
    out.retain(|c| c.questions > 0);
    out
}

/// Every pillar of the catalog, in its order, with its counts added up over the workloads
/// (each given by the pillars of its assessment).
pub fn pillar_rollup<'a>(
    pillars: &[Pillar],
    workloads: impl IntoIterator<Item = &'a [PillarCounts]>,
) -> Vec<PillarRollup> {
    let mut out: Vec<PillarRollup> = pillars
        .iter()
        .map(|p| PillarRollup {
            id: p.id.clone(),
            name: p.name.clone(),
            ..PillarRollup::default()
        })
        .collect();
    for w in workloads {
        for c in w {
            let Some(r) = out.iter_mut().find(|r| r.id == c.id) else {
                continue;
            };
            r.workloads_assessed += 1;
            r.workloads_covering += u32::from(c.questions_answered > 0);
            r.hri += c.hri;
            r.mri += c.mri;
            r.questions_high += c.questions_high;
            r.questions_medium += c.questions_medium;
            r.questions_unanswered += c.questions_unanswered;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pillar(id: &str, name: &str) -> Pillar {
        Pillar {
            id: id.into(),
            name: name.into(),
            lens_id: String::new(),
            lens_name: String::new(),
            lens_alias: String::new(),
            version: String::new(),
            prefix: String::new(),
        }
    }

    /// (id, answered, high, medium, unanswered, hri, mri) of one workload's pillar.
    fn counts(c: (&str, u32, u32, u32, u32, u32, u32)) -> PillarCounts {
        let (id, answered, high, medium, unanswered, hri, mri) = c;
        PillarCounts {
            id: id.into(),
            questions: answered + unanswered,
            questions_answered: answered,
            questions_high: high,
            questions_medium: medium,
            questions_unanswered: unanswered,
            hri,
            mri,
        }
    }

    type W = &'static [(&'static str, u32, u32, u32, u32, u32, u32)];
    /// Per pillar: (covering, assessed, hri, mri, high, medium, unanswered).
    type Want = [(u32, u32, u32, u32, u32, u32, u32); 3];

    #[test]
    fn each_pillar_counts_the_workloads_covering_it_and_sums_their_counts() {
        let catalog = [
            pillar("operationalExcellence", "Operational Excellence"),
            pillar("security", "Security"),
            pillar("reliability", "Reliability"),
        ];
        // (workloads, then per pillar of the catalog: (covering, assessed, hri, mri, high,
        // medium, unanswered)).
        let cases: &[(&[W], Want)] = &[
            // No workload: every pillar listed, all zero.
            (&[], [(0, 0, 0, 0, 0, 0, 0); 3]),
            // Security only, two workloads: sums; the other pillars stay zero.
            (
                &[
                    &[("security", 11, 3, 2, 0, 5, 4)],
                    &[("security", 10, 1, 1, 1, 2, 1)],
                ],
                [
                    (0, 0, 0, 0, 0, 0, 0),
                    (2, 2, 7, 5, 4, 3, 1),
                    (0, 0, 0, 0, 0, 0, 0),
                ],
            ),
            // One workload also answers Reliability.
            (
                &[
                    &[("security", 11, 3, 2, 0, 5, 4)],
                    &[
                        ("security", 11, 3, 2, 0, 5, 4),
                        ("reliability", 2, 1, 1, 11, 2, 1),
                    ],
                ],
                [
                    (0, 0, 0, 0, 0, 0, 0),
                    (2, 2, 10, 8, 6, 4, 0),
                    (1, 1, 2, 1, 1, 1, 11),
                ],
            ),
            // A review that names Reliability but answers none of it: assessed, not covering;
            // its questions count as unanswered.
            (
                &[&[("reliability", 0, 0, 0, 13, 0, 0)]],
                [
                    (0, 0, 0, 0, 0, 0, 0),
                    (0, 0, 0, 0, 0, 0, 0),
                    (0, 1, 0, 0, 0, 0, 13),
                ],
            ),
            // A pillar the catalog does not hold is not invented.
            (
                &[&[("quantum", 3, 3, 0, 0, 9, 0)]],
                [(0, 0, 0, 0, 0, 0, 0); 3],
            ),
        ];
        for (workloads, want) in cases {
            let rows: Vec<Vec<PillarCounts>> = workloads
                .iter()
                .map(|w| w.iter().copied().map(counts).collect())
                .collect();
            let got = pillar_rollup(&catalog, rows.iter().map(Vec::as_slice));
            let ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(ids, ["operationalExcellence", "security", "reliability"]);
            for (r, w) in got.iter().zip(want) {
                let seen = (
                    r.workloads_covering,
                    r.workloads_assessed,
                    r.hri,
                    r.mri,
                    r.questions_high,
                    r.questions_medium,
                    r.questions_unanswered,
                );
                assert_eq!(seen, *w, "{} in {workloads:?}", r.id);
            }
        }
    }
}

//! The trend of a portfolio since a baseline run ([`trend`]): totals then and now, each
//! workload matched by its slug with its counts then and now, and the workloads added and
//! removed. Pure: both portfolios are taken as they were written (an earlier run's figures are
//! those of its own day and its own rules).

use crate::model::portfolio::{Portfolio, WorkloadRollup};
use crate::model::portfolio_trend::*;

/// The key workloads are matched by (documented in `docs/portfolio.md`).
pub const MATCHED_BY: &str = "slug";

/// What changed from `then` (the baseline, read from `baseline`) to `now`.
pub fn trend(then: &Portfolio, now: &Portfolio, baseline: &str) -> PortfolioTrend {
    let frameworks = framework_ids(then, now);
    let workloads = now
        .workloads
        .iter()
        .filter_map(|w| then.workload(&w.slug).map(|b| (b, w)))
        .map(|(b, w)| WorkloadTrend {
            slug: w.slug.clone(),
            name: w.name.clone(),
            hri: ThenNow::new(b.practices.hri, w.practices.hri),
            mri: ThenNow::new(b.practices.mri, w.practices.mri),
            evidence_gaps: ThenNow::new(b.evidence_gaps, w.evidence_gaps),
            frameworks: frameworks
                .iter()
                .map(|(id, name)| ReadinessTrend {
                    id: id.clone(),
                    short_name: name.clone(),
                    then: workload_ready(b, id),
                    now: workload_ready(w, id),
                })
                .collect(),
        })
        .collect();
    let only = |p: &Portfolio, other: &Portfolio| -> Vec<TrendWorkload> {
        p.workloads
            .iter()
            .filter(|w| other.workload(&w.slug).is_none())
            .map(|w| TrendWorkload {
                slug: w.slug.clone(),
                name: w.name.clone(),
                hri: w.practices.hri,
                mri: w.practices.mri,
                evidence_gaps: w.evidence_gaps,
            })
            .collect()
    };
    PortfolioTrend {
        baseline: baseline.to_owned(),
        baseline_date: then.generated_on,
        matched_by: MATCHED_BY.into(),
        totals: totals(then, now, &frameworks),
        workloads,
        added: only(now, then),
        removed: only(then, now),
        notes: notes(then, now),
    }
}

/// The frameworks of either run: the current ones in order, then the baseline's others.
fn framework_ids(then: &Portfolio, now: &Portfolio) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = now
        .frameworks
        .iter()
        .map(|f| (f.id.clone(), f.short_name.clone()))
        .collect();
    for f in &then.frameworks {
        if !out.iter().any(|(id, _)| *id == f.id) {
            out.push((f.id.clone(), f.short_name.clone()));
        }
    }
    out
}

fn workload_ready(w: &WorkloadRollup, framework: &str) -> Option<ReadyOf> {
    w.frameworks
        .iter()
        .find(|f| f.id == framework)
        .map(|f| ReadyOf {
            ready: f.evidenced,
            assessed: f.assessed,
        })
}

fn pooled_ready(p: &Portfolio, framework: &str) -> Option<ReadyOf> {
    p.framework(framework).map(|f| ReadyOf {
        ready: f.pooled.evidenced,
        assessed: f.pooled.assessed,
    })
}

fn totals(then: &Portfolio, now: &Portfolio, frameworks: &[(String, String)]) -> TrendTotals {
    let (a, b) = (&then.totals, &now.totals);
    TrendTotals {
        workloads: ThenNow::new(a.workloads_assessed, b.workloads_assessed),
        hri: ThenNow::new(a.practices.hri, b.practices.hri),
        mri: ThenNow::new(a.practices.mri, b.practices.mri),
        questions_high: ThenNow::new(a.questions_high, b.questions_high),
        evidence_gaps: ThenNow::new(a.evidence_gaps, b.evidence_gaps),
        frameworks: frameworks
            .iter()
            .map(|(id, name)| ReadinessTrend {
                id: id.clone(),
                short_name: name.clone(),
                then: pooled_ready(then, id),
                now: pooled_ready(now, id),
            })
            .collect(),
    }
}

/// What a reader must know to read the comparison right.
fn notes(then: &Portfolio, now: &Portfolio) -> Vec<String> {
    let mut notes = Vec::new();
    if then.lens.version != now.lens.version || then.lens.id != now.lens.id {
        notes.push(format!(
            "The baseline was assessed against {} {}, this run against {} {}: practices new in one lens count only on its side.",
            then.lens.name, then.lens.version, now.lens.name, now.lens.version
        ));
    }
    if then.generated_on > now.generated_on {
        notes.push(format!(
            "The baseline is dated {}, after this report ({}): \"then\" is the later run.",
            then.generated_on, now.generated_on
        ));
    }
    for (side, p, other) in [("the baseline", then, now), ("this run", now, then)] {
        for f in &p.frameworks {
            if other.framework(&f.id).is_none() {
                notes.push(format!(
                    "{} is in {side} only: its readiness has no other side to compare with.",
                    f.short_name
                ));
            }
        }
    }
    if then.tool.version != now.tool.version {
        notes.push(format!(
            "The baseline was written by {} {}: its figures are as that version counted them.",
            then.tool.name, then.tool.version
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::assessment::{PracticeCounts, Readiness, StatusCounts, ToolInfo};
    use crate::model::portfolio::*;

    /// A workload: slug, HRIs, MRIs, evidence gaps, (framework, ready, assessed).
    fn w(slug: &str, hri: u32, mri: u32, gaps: u32, fw: &[(&str, u32, u32)]) -> WorkloadRollup {
        WorkloadRollup {
            slug: slug.into(),
            name: slug.to_uppercase(),
            inputs: Vec::new(),
            organisation: None,
            environment: None,
            criticality: None,
            review_date: None,
            review_age_days: None,
            stale: false,
            lens_version: None,
            lens_current: true,
            questions_high: 0,
            questions_medium: 0,
            questions_unanswered: 0,
            practices: PracticeCounts {
                hri,
                mri,
                ..PracticeCounts::default()
            },
            missing: Vec::new(),
            accepted_risks_in_force: 0,
            evidence_gaps: gaps,
            evidence_items: 0,
            frameworks: fw
                .iter()
                .map(|&(id, ready, assessed)| WorkloadFramework {
                    id: id.into(),
                    counts: StatusCounts::default(),
                    evidenced: ready,
                    assessed,
                    percent: None,
                })
                .collect(),
            warnings: 0,
            report_dir: None,
            pillars: Vec::new(),
        }
    }

    fn framework(id: &str, ready: u32, assessed: u32) -> FrameworkRollup {
        FrameworkRollup {
            id: id.into(),
            name: id.into(),
            short_name: id.to_uppercase(),
            edition: String::new(),
            control_noun: "control".into(),
            supplier_model: Default::default(),
            controls_total: 0,
            counts: StatusCounts::default(),
            pooled: Readiness {
                evidenced: ready,
                assessed,
                ..crate::assess::readiness(
                    &StatusCounts::default(),
                    Default::default(),
                    "x",
                    "control",
                )
            },
            spread: None,
            workloads_fully_evidenced: 0,
            controls: Vec::new(),
        }
    }

    /// A portfolio of these workloads on `date`; its totals are their sums.
    fn p(date: &str, ws: Vec<WorkloadRollup>, fws: Vec<FrameworkRollup>) -> Portfolio {
        let mut totals = Totals {
            workloads_assessed: ws.len() as u32,
            ..Totals::default()
        };
        for x in &ws {
            totals.practices.hri += x.practices.hri;
            totals.practices.mri += x.practices.mri;
            totals.evidence_gaps += x.evidence_gaps;
        }
        Portfolio {
            schema: PORTFOLIO_SCHEMA.into(),
            tool: ToolInfo {
                name: "wafr".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            generated_on: time::Date::parse(
                date,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .unwrap(),
            period: None,
            lens: PortfolioLens {
                id: "wa".into(),
                name: "WA".into(),
                version: "2024-06-27".into(),
            },
            rules: Vec::new(),
            totals,
            frameworks: fws,
            workloads: ws,
            practices: Vec::new(),
            most_missing: Vec::new(),
            most_architectural_risk: Vec::new(),
            most_evidence_gaps: Vec::new(),
            stale_reviews: Vec::new(),
            undated_reviews: Vec::new(),
            lens_not_current: Vec::new(),
            failed: Vec::new(),
            skipped: Vec::new(),
            pillars: Vec::new(),
            trend: None,
        }
    }

    fn slugs(ws: &[TrendWorkload]) -> Vec<&str> {
        ws.iter().map(|w| w.slug.as_str()).collect()
    }

    #[test]
    fn workloads_are_matched_by_slug_and_counts_go_then_to_now() {
        let soc = |r, a| framework("soc2", r, a);
        let then = p(
            "2026-06-01",
            vec![
                w("alpha", 5, 4, 7, &[("soc2", 5, 15)]),
                w("beta", 2, 1, 3, &[("soc2", 10, 15)]),
                w("gone", 1, 0, 0, &[("soc2", 1, 1)]),
            ],
            vec![soc(16, 31)],
        );
        let now = p(
            "2026-11-29",
            vec![
                w("beta", 1, 1, 2, &[("soc2", 12, 15)]),
                w("alpha", 5, 4, 7, &[("soc2", 5, 15)]),
                w("new", 3, 2, 9, &[("soc2", 0, 14)]),
            ],
            vec![soc(17, 44)],
        );
        let t = trend(&then, &now, "old/portfolio.json");
        assert_eq!(t.matched_by, "slug");
        assert_eq!(t.baseline, "old/portfolio.json");
        assert_eq!(t.baseline_date, then.generated_on);
        // (slug, hri, mri, gaps, soc2 then, soc2 now), in the current order.
        let rows: Vec<_> = t
            .workloads
            .iter()
            .map(|x| {
                let f = &x.frameworks[0];
                (
                    x.slug.as_str(),
                    (x.hri.then, x.hri.now, x.hri.change()),
                    (x.mri.then, x.mri.now),
                    (x.evidence_gaps.then, x.evidence_gaps.now),
                    f.then.map(|r| (r.ready, r.assessed)),
                    f.now.map(|r| (r.ready, r.assessed)),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "beta",
                    (2, 1, -1),
                    (1, 1),
                    (3, 2),
                    Some((10, 15)),
                    Some((12, 15))
                ),
                (
                    "alpha",
                    (5, 5, 0),
                    (4, 4),
                    (7, 7),
                    Some((5, 15)),
                    Some((5, 15))
                ),
            ]
        );
        assert_eq!(slugs(&t.added), ["new"]);
        assert_eq!((t.added[0].hri, t.added[0].evidence_gaps), (3, 9));
        assert_eq!(slugs(&t.removed), ["gone"]);
        let tot = &t.totals;
        assert_eq!(tot.workloads, ThenNow::new(3, 3));
        assert_eq!(tot.hri, ThenNow::new(8, 9));
        assert_eq!(tot.mri, ThenNow::new(5, 7));
        assert_eq!(tot.evidence_gaps, ThenNow::new(10, 18));
        let f = &tot.frameworks[0];
        assert_eq!((f.id.as_str(), f.short_name.as_str()), ("soc2", "SOC2"));
        assert_eq!(
            (f.then, f.now),
            (
                Some(ReadyOf {
                    ready: 16,
                    assessed: 31
                }),
                Some(ReadyOf {
                    ready: 17,
                    assessed: 44
                })
            )
        );
        assert!(t.notes.is_empty(), "{:?}", t.notes);
    }

    /// (then frameworks, now frameworks, then date, then lens version, notes that must
    /// appear, total framework ids).
    type Case = (
        &'static [&'static str],
        &'static [&'static str],
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );

    #[test]
    fn one_sided_frameworks_and_odd_baselines_are_noted() {
        let cases: &[Case] = &[
            (
                &["soc2"],
                &["soc2"],
                "2026-01-01",
                "2024-06-27",
                &[],
                &["soc2"],
            ),
            (
                &["soc2", "gdpr"],
                &["iso"],
                "2026-01-01",
                "2024-06-27",
                &[
                    "ISO is in this run only",
                    "SOC2 is in the baseline only",
                    "GDPR is in the baseline only",
                ],
                &["iso", "soc2", "gdpr"],
            ),
            (
                &[],
                &[],
                "2027-01-01",
                "2024-06-27",
                &["after this report"],
                &[],
            ),
            (
                &[],
                &[],
                "2026-01-01",
                "2023-10-03",
                &["WA 2023-10-03"],
                &[],
            ),
        ];
        for (fa, fb, date, lens, want, ids) in cases {
            let mut then = p(
                date,
                vec![w("a", 1, 0, 0, &[])],
                fa.iter().map(|f| framework(f, 1, 2)).collect(),
            );
            then.lens.version = (*lens).into();
            let now = p(
                "2026-11-29",
                vec![w("a", 0, 0, 0, &[])],
                fb.iter().map(|f| framework(f, 2, 2)).collect(),
            );
            let t = trend(&then, &now, "b.json");
            for s in *want {
                assert!(
                    t.notes.iter().any(|n| n.contains(s)),
                    "{s} in {:?}",
                    t.notes
                );
            }
            assert_eq!(t.notes.len(), want.len(), "{:?}", t.notes);
            let got: Vec<&str> = t.totals.frameworks.iter().map(|f| f.id.as_str()).collect();
            assert_eq!(got, *ids);
            // A framework on one side has no other side, for the totals and each workload.
            for f in &t.totals.frameworks {
                assert_eq!(f.then.is_some(), fa.contains(&f.id.as_str()));
                assert_eq!(f.now.is_some(), fb.contains(&f.id.as_str()));
            }
            assert_eq!(t.workloads[0].frameworks.len(), ids.len());
            assert_eq!(t.workloads[0].hri, ThenNow::new(1, 0));
        }
    }

    #[test]
    fn an_empty_baseline_adds_every_workload_and_removes_none() {
        let then = p("2026-01-01", vec![], vec![]);
        let now = p(
            "2026-11-29",
            vec![w("a", 1, 0, 0, &[]), w("b", 0, 0, 0, &[])],
            vec![],
        );
        let t = trend(&then, &now, "b.json");
        assert!(t.workloads.is_empty());
        assert_eq!(slugs(&t.added), ["a", "b"]);
        assert!(t.removed.is_empty());
        assert_eq!(t.totals.workloads, ThenNow::new(0, 2));
    }
}

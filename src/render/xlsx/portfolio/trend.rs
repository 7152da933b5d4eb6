//! The Pillars and Trend sheets of `portfolio.xlsx`: one row per pillar of the catalog with
//! the workloads covering it and its counts; with a baseline, one row for the portfolio's
//! totals and one per workload with each count then, now and the change, readiness as ready
//! and assessed then and now.

use super::grid::{Col, Grid, V, c, n, t};
use crate::model::portfolio::Portfolio;
use crate::model::portfolio_trend::{ReadinessTrend, ReadyOf, ThenNow, TrendWorkload};
use crate::render::xlsx::table::{Cell, Kind};

/// The Pillars sheet: every pillar of the catalog, in its order.
pub(super) fn pillars_sheet(p: &Portfolio) -> Grid {
    let cols = vec![
        c("Pillar", 24.0, Kind::Text),
        c("Pillar id", 20.0, Kind::Id),
        c("Workloads covering it", 11.0, Kind::Number),
        c("Workloads assessed on it", 11.0, Kind::Number),
        c("HRIs", 8.0, Kind::Number),
        c("MRIs", 8.0, Kind::Number),
        c("Questions at high risk", 10.0, Kind::Number),
        c("Questions at medium risk", 10.0, Kind::Number),
        c("Questions unanswered", 10.0, Kind::Number),
    ];
    let rows = p
        .pillars
        .iter()
        .map(|x| {
            vec![
                t(&x.name),
                t(&x.id),
                n(x.workloads_covering),
                n(x.workloads_assessed),
                n(x.hri),
                n(x.mri),
                n(x.questions_high),
                n(x.questions_medium),
                n(x.questions_unanswered),
            ]
        })
        .collect();
    (cols, rows)
}

fn int(x: i64) -> V {
    V::C(Cell::Int(x))
}

fn empty() -> V {
    V::C(Cell::Empty)
}

/// Then, now, change.
fn three(x: &ThenNow) -> [V; 3] {
    [n(x.then), n(x.now), int(x.change())]
}

fn ready(r: Option<ReadyOf>) -> [V; 2] {
    match r {
        Some(r) => [n(r.ready), n(r.assessed)],
        None => [empty(), empty()],
    }
}

fn readiness(fs: &[ReadinessTrend]) -> Vec<V> {
    fs.iter()
        .flat_map(|f| ready(f.then).into_iter().chain(ready(f.now)))
        .collect()
}

/// A workload of one run only: its counts on that side, the other side empty.
fn one_side(w: &TrendWorkload, added: bool, frameworks: usize) -> Vec<V> {
    let mut r = vec![
        t(&w.name),
        t(&w.slug),
        t(if added { "added" } else { "removed" }),
    ];
    for x in [w.hri, w.mri, w.evidence_gaps] {
        if added {
            r.extend([empty(), n(x), empty()]);
        } else {
            r.extend([n(x), empty(), empty()]);
        }
    }
    r.extend((0..frameworks * 4).map(|_| empty()));
    r
}

/// The Trend sheet (only with a baseline).
pub(super) fn trend_sheet(p: &Portfolio) -> Grid {
    let Some(tr) = &p.trend else {
        return (Vec::new(), Vec::new());
    };
    let mut cols: Vec<Col> = vec![
        c("Workload", 30.0, Kind::Text),
        c("Slug (matching key)", 22.0, Kind::Id),
        c("In", 12.0, Kind::Id),
    ];
    for what in ["HRIs", "MRIs", "Evidence gaps"] {
        for when in ["then", "now", "change"] {
            cols.push(c(format!("{what} {when}"), 9.0, Kind::Number));
        }
    }
    let frameworks = &tr.totals.frameworks;
    for f in frameworks {
        for h in ["ready then", "assessed then", "ready now", "assessed now"] {
            cols.push(c(format!("{} {h}", f.short_name), 10.0, Kind::Number));
        }
    }
    let x = &tr.totals;
    let mut total = vec![
        t(format!(
            "All workloads ({} then, {} now)",
            x.workloads.then, x.workloads.now
        )),
        empty(),
        t("total"),
    ];
    total.extend(three(&x.hri).into_iter().chain(three(&x.mri)));
    total.extend(three(&x.evidence_gaps));
    total.extend(readiness(frameworks));
    let mut rows = vec![total];
    for w in &tr.workloads {
        let mut r = vec![t(&w.name), t(&w.slug), t("both")];
        r.extend(three(&w.hri).into_iter().chain(three(&w.mri)));
        r.extend(three(&w.evidence_gaps));
        r.extend(readiness(&w.frameworks));
        rows.push(r);
    }
    rows.extend(tr.added.iter().map(|w| one_side(w, true, frameworks.len())));
    rows.extend(
        tr.removed
            .iter()
            .map(|w| one_side(w, false, frameworks.len())),
    );
    (cols, rows)
}

/// The README's line on the trend.
pub(super) fn readme_line(p: &Portfolio) -> String {
    match &p.trend {
        Some(tr) => format!(
            "Since the baseline {} of {} (workloads matched by slug): {} (sheet 'Trend')",
            tr.baseline,
            tr.baseline_date,
            tr.summary()
        ),
        None => "No baseline, so no trend: run again with --baseline OLD/portfolio.json (an earlier run's portfolio.json)".into(),
    }
}

//! `portfolio.xlsx`: the consolidated workbook of `wafr portfolio`, for GRC teams who filter,
//! sort and pivot across workloads.
//!
//! Sheets: README (what the figures mean, the roll-up rules, counts, sheets), Workloads (one
//! row per workload, readiness per framework as real percentages), Frameworks (pooled
//! readiness with its formula and raw counts, spread), Readiness (one row per workload ×
//! framework), Practices (one row per best practice: in how many workloads it is missing),
//! Findings (one row per workload × missing practice, for pivot tables), Controls (one row per
//! control: workloads per status), Freshness (stale, undated and old-lens reviews), Failed
//! inputs (with every located problem) and Skipped.
//!
//! Same rules as the control matrix: every text through `put_text` (never a formula; a name
//! starting with `=` stays text), typed numbers and dates, a fixed creation date.

use rust_xlsxwriter::{Format, Worksheet};

use super::docinfo::{self, DocInfo};
use super::table::{self, Cell, Kind, Styles, cell_lines, fit_row, put, put_text, xl};
use crate::error::Result;
use crate::model::assessment::{ControlStatus, StatusCounts};
use crate::model::portfolio::{Portfolio, WorkloadRollup};
use crate::render::seam::RenderOptions;

mod grid;
mod trend;

use grid::{Col, Grid, V, c, n, o, pct, t, yes};

/// Excel's last row (0-based index of row 1,048,576).
const LAST_ROW: usize = 1_048_575;

/// Writes a table into an empty sheet: header row, frozen panes, autofilter, widths, row
/// heights, print setup. Rows beyond Excel's limit are cut with a marked last row.
fn write_grid(
    ws: &mut Worksheet,
    styles: &Styles,
    pct_fmt: &Format,
    cols: &[Col],
    mut rows: Vec<Vec<V>>,
    freeze_cols: u16,
) -> Result<()> {
    if rows.len() > LAST_ROW {
        let cut = rows.len() - (LAST_ROW - 1);
        rows.truncate(LAST_ROW - 1);
        rows.push(vec![t(format!(
            "… {cut} more rows cut at Excel's row limit; every row is in portfolio.json"
        ))]);
    }
    let header_lines = cols
        .iter()
        .map(|c| super::table::wrapped_lines(&c.header, c.width))
        .max()
        .unwrap_or(1);
    fit_row(ws, 0, header_lines)?;
    for (j, col) in cols.iter().enumerate() {
        let j = j as u16;
        ws.write_string_with_format(0, j, &col.header, &styles.header)
            .map_err(xl)?;
        ws.set_column_width(j, col.width).map_err(xl)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let mut lines = 1;
        for (j, (v, col)) in r.iter().zip(cols).enumerate() {
            let j = j as u16;
            match v {
                V::C(cell) => {
                    lines = lines.max(cell_lines(cell, col.kind, col.width));
                    put(ws, styles, row, j, col.kind, cell)?;
                }
                V::Pct(Some(x)) => {
                    ws.write_number_with_format(row, j, *x, pct_fmt)
                        .map_err(xl)?;
                }
                V::Pct(None) => {}
            }
        }
        fit_row(ws, row, lines)?;
    }
    let last_col = cols.len().saturating_sub(1) as u16;
    ws.set_freeze_panes(1, freeze_cols).map_err(xl)?;
    ws.autofilter(0, 0, rows.len() as u32, last_col)
        .map_err(xl)?;
    table::print_setup(ws, 0)
}

fn status_cols(prefix: &str) -> Vec<Col> {
    ControlStatus::ALL
        .iter()
        .map(|s| c(format!("{prefix}{}", s.label()), 12.0, Kind::Number))
        .collect()
}

fn status_vals(s: &StatusCounts) -> Vec<V> {
    ControlStatus::ALL.iter().map(|&x| n(s.get(x))).collect()
}

/// The Workloads sheet's columns: the workload, then five per framework, then its files.
fn workload_columns(p: &Portfolio) -> Vec<Col> {
    let mut cols = vec![
        c("Workload", 30.0, Kind::Text),
        c("Slug", 22.0, Kind::Id),
        c("Environment", 13.0, Kind::Id),
        c("Criticality", 10.0, Kind::Id),
        c("Organisation", 22.0, Kind::Text),
        c("Review date", 12.0, Kind::Date),
        c("Review age (days)", 10.0, Kind::Number),
        c("Stale (> 12 months)", 10.0, Kind::Id),
        c("Lens version of the review", 13.0, Kind::Id),
        c("Lens current", 9.0, Kind::Id),
        c("HRIs", 8.0, Kind::Number),
        c("MRIs", 8.0, Kind::Number),
        c("Low-risk gaps", 9.0, Kind::Number),
        c("Practices implemented", 11.0, Kind::Number),
        c("Practices not applicable", 11.0, Kind::Number),
        c("Practices unanswered", 11.0, Kind::Number),
        c("Questions at high risk", 10.0, Kind::Number),
        c("Questions at medium risk", 10.0, Kind::Number),
        c("Questions unanswered", 10.0, Kind::Number),
        c(
            "Evidence gaps (controls, all frameworks)",
            13.0,
            Kind::Number,
        ),
        c("Accepted risks in force", 10.0, Kind::Number),
    ];
    for f in &p.frameworks {
        let name = &f.short_name;
        cols.extend([
            c(format!("{name} readiness"), 11.0, Kind::Number),
            c(format!("{name} evidenced"), 10.0, Kind::Number),
            c(format!("{name} assessed"), 10.0, Kind::Number),
            c(format!("{name} architectural risk"), 11.0, Kind::Number),
            c(format!("{name} evidence gaps"), 10.0, Kind::Number),
        ]);
    }
    cols.push(c("Warnings", 9.0, Kind::Number));
    cols.push(c("Input files", 40.0, Kind::Text));
    cols.push(c("Own reports (--each)", 20.0, Kind::Id));
    cols
}

/// One workload's row of the Workloads sheet.
fn workload_row(w: &WorkloadRollup, p: &Portfolio) -> Vec<V> {
    let mut r = vec![
        t(&w.name),
        t(&w.slug),
        o(w.environment.as_deref()),
        o(w.criticality.as_deref()),
        o(w.organisation.as_deref()),
        V::C(super::table::date(w.review_date)),
        w.review_age_days
            .map_or(V::C(Cell::Empty), |d| V::C(Cell::Int(d))),
        yes(w.stale),
        o(w.lens_version.as_deref()),
        yes(w.lens_current),
        n(w.practices.hri),
        n(w.practices.mri),
        n(w.practices.lri),
        n(w.practices.implemented),
        n(w.practices.not_applicable),
        n(w.practices.unanswered),
        n(w.questions_high),
        n(w.questions_medium),
        n(w.questions_unanswered),
        n(w.evidence_gaps),
        n(w.accepted_risks_in_force),
    ];
    for f in &p.frameworks {
        match w.frameworks.iter().find(|x| x.id == f.id) {
            Some(x) => r.extend([
                pct(x.percent),
                n(x.evidenced),
                n(x.assessed),
                n(x.counts.architectural_risk),
                n(x.evidence_gaps()),
            ]),
            None => r.extend((0..5).map(|_| V::C(Cell::Empty))),
        }
    }
    r.push(n(w.warnings));
    r.push(t(w.inputs.join("\n")));
    r.push(o(w.report_dir.as_deref()));
    r
}

fn workloads_sheet(p: &Portfolio) -> Grid {
    let rows = p.workloads.iter().map(|w| workload_row(w, p)).collect();
    (workload_columns(p), rows)
}

fn frameworks_sheet(p: &Portfolio) -> Grid {
    let mut cols = vec![
        c("Framework", 14.0, Kind::Id),
        c("Name and edition", 34.0, Kind::Text),
        c("Controls in the framework", 11.0, Kind::Number),
        c("Pooled readiness", 11.0, Kind::Number),
        c("Σ evidenced", 10.0, Kind::Number),
        c("Σ assessed", 10.0, Kind::Number),
        c("Pooled implemented", 11.0, Kind::Number),
        c("Lowest workload readiness", 11.0, Kind::Number),
        c("Middle workload readiness", 11.0, Kind::Number),
        c("Highest workload readiness", 11.0, Kind::Number),
        c("Workloads with a readiness figure", 11.0, Kind::Number),
        c("Workloads at 100 %", 10.0, Kind::Number),
    ];
    cols.extend(status_cols("Σ "));
    cols.push(c("Formula with raw counts", 70.0, Kind::Text));
    let rows = p
        .frameworks
        .iter()
        .map(|f| {
            let mut r = vec![
                t(&f.short_name),
                t(if f.edition.starts_with(&f.name) {
                    f.edition.clone()
                } else {
                    format!("{}, {}", f.name, f.edition)
                }),
                n(f.controls_total),
                pct(f.pooled.percent),
                n(f.pooled.evidenced),
                n(f.pooled.assessed),
                pct(f.pooled.implemented_percent),
                pct(f.spread.map(|s| s.min)),
                pct(f.spread.map(|s| s.median)),
                pct(f.spread.map(|s| s.max)),
                n(f.spread.map_or(0, |s| s.workloads)),
                n(f.workloads_fully_evidenced),
            ];
            r.extend(status_vals(&f.counts));
            r.push(t(&f.pooled.formula));
            r
        })
        .collect();
    (cols, rows)
}

fn readiness_sheet(p: &Portfolio) -> Grid {
    let mut cols = vec![
        c("Workload", 30.0, Kind::Text),
        c("Slug", 22.0, Kind::Id),
        c("Framework", 12.0, Kind::Id),
        c("Readiness", 10.0, Kind::Number),
        c("Evidenced", 10.0, Kind::Number),
        c("Assessed", 10.0, Kind::Number),
    ];
    cols.extend(status_cols(""));
    let mut rows = Vec::new();
    for w in &p.workloads {
        for f in &p.frameworks {
            let Some(x) = w.frameworks.iter().find(|x| x.id == f.id) else {
                continue;
            };
            let mut r = vec![
                t(&w.name),
                t(&w.slug),
                t(&f.short_name),
                pct(x.percent),
                n(x.evidenced),
                n(x.assessed),
            ];
            r.extend(status_vals(&x.counts));
            rows.push(r);
        }
    }
    (cols, rows)
}

fn practices_sheet(p: &Portfolio) -> Grid {
    let cols = vec![
        c("Rank (most often missing)", 9.0, Kind::Number),
        c("Practice", 12.0, Kind::Id),
        c("Title", 40.0, Kind::Text),
        c("Question", 9.0, Kind::Id),
        c("Focus area", 18.0, Kind::Text),
        c("Risk", 8.0, Kind::Id),
        c("Finding when missing", 11.0, Kind::Id),
        c("Workloads missing it", 10.0, Kind::Number),
        c("… of which accepted risk in force", 11.0, Kind::Number),
        c("Workloads implementing it", 11.0, Kind::Number),
        c("Not applicable", 10.0, Kind::Number),
        c("Unanswered", 10.0, Kind::Number),
        c("Missing ÷ (missing + implemented)", 12.0, Kind::Number),
        c("Workloads missing it (slugs)", 50.0, Kind::Text),
    ];
    let rows = p
        .practices
        .iter()
        .map(|x| {
            let (risk, finding) = (
                x.risk_level.to_string(),
                x.risk_level.finding_names().category,
            );
            vec![
                x.rank.map_or(V::C(Cell::Empty), n),
                t(&x.id),
                t(&x.title),
                t(&x.question),
                t(&x.focus_area),
                t(risk),
                t(finding),
                n(x.missing),
                n(x.missing_accepted),
                n(x.implemented),
                n(x.not_applicable),
                n(x.unanswered),
                pct(x.missing_percent),
                t(x.workloads.join(", ")),
            ]
        })
        .collect();
    (cols, rows)
}

fn findings_sheet(p: &Portfolio) -> Grid {
    let cols = vec![
        c("Workload", 30.0, Kind::Text),
        c("Slug", 22.0, Kind::Id),
        c("Practice", 12.0, Kind::Id),
        c("Title", 44.0, Kind::Text),
        c("Question", 9.0, Kind::Id),
        c("Risk", 8.0, Kind::Id),
        c("Finding", 11.0, Kind::Id),
    ];
    let mut rows = Vec::new();
    for w in &p.workloads {
        for id in &w.missing {
            let Some(x) = p.practice(id) else { continue };
            let (risk, finding) = (
                x.risk_level.to_string(),
                x.risk_level.finding_names().category,
            );
            rows.push(vec![
                t(&w.name),
                t(&w.slug),
                t(&x.id),
                t(&x.title),
                t(&x.question),
                t(risk),
                t(finding),
            ]);
        }
    }
    (cols, rows)
}

fn controls_sheet(p: &Portfolio) -> Grid {
    let mut cols = vec![
        c("Framework", 12.0, Kind::Id),
        c("Control", 10.0, Kind::Id),
        c("Title", 40.0, Kind::Text),
        c("Group", 22.0, Kind::Text),
        c(
            "Workloads with a gap (architectural risk or evidence)",
            14.0,
            Kind::Number,
        ),
        c("Workloads assessed", 11.0, Kind::Number),
    ];
    cols.extend(status_cols("Workloads: "));
    let mut rows = Vec::new();
    for f in &p.frameworks {
        for x in &f.controls {
            let w = &x.workloads;
            let mut r = vec![
                t(&f.short_name),
                t(&x.id),
                t(&x.title),
                t(&x.group),
                n(w.architectural_risk + w.evidence_missing + w.evidence_stale),
                n(w.total() - w.not_applicable - w.outside_review_scope - w.carved_out),
            ];
            r.extend(status_vals(w));
            rows.push(r);
        }
    }
    (cols, rows)
}

fn freshness_sheet(p: &Portfolio) -> Grid {
    let cols = vec![
        c("Workload", 30.0, Kind::Text),
        c("Slug", 22.0, Kind::Id),
        c("Issue", 22.0, Kind::Id),
        c("Review date", 12.0, Kind::Date),
        c("Review age (days)", 10.0, Kind::Number),
        c("Lens version of the review", 14.0, Kind::Id),
        c("What to do", 60.0, Kind::Text),
    ];
    let row = |w: &WorkloadRollup, issue: &str, todo: &str| {
        vec![
            t(&w.name),
            t(&w.slug),
            t(issue),
            V::C(super::table::date(w.review_date)),
            w.review_age_days
                .map_or(V::C(Cell::Empty), |d| V::C(Cell::Int(d))),
            o(w.lens_version.as_deref()),
            t(todo),
        ]
    };
    let mut rows = Vec::new();
    for s in &p.stale_reviews {
        if let Some(w) = p.workload(s) {
            rows.push(row(
                w,
                "Review older than 12 months",
                "Review the workload again: the answers may no longer describe it.",
            ));
        }
    }
    for s in &p.undated_reviews {
        if let Some(w) = p.workload(s) {
            rows.push(row(
                w,
                "Review not dated",
                "Give the review's date, so its age can be judged.",
            ));
        }
    }
    for s in &p.lens_not_current {
        if let Some(w) = p.workload(s) {
            rows.push(row(
                w,
                "Lens version not current",
                &format!(
                    "Old answers were mapped to the current lens {}; answer the new practices in a fresh review.",
                    p.lens.version
                ),
            ));
        }
    }
    (cols, rows)
}

fn failed_sheet(p: &Portfolio) -> Grid {
    let cols = vec![
        c("Input", 34.0, Kind::Text),
        c("Stage", 9.0, Kind::Id),
        c("Error", 50.0, Kind::Text),
        c(
            "Problems (file, sheet, row, column or JSON path)",
            80.0,
            Kind::Text,
        ),
        c("Files", 34.0, Kind::Text),
    ];
    let rows = p
        .failed
        .iter()
        .map(|f| {
            vec![
                t(&f.name),
                t(&f.stage),
                t(&f.error),
                t(f.problems
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")),
                t(f.inputs.join("\n")),
            ]
        })
        .collect();
    (cols, rows)
}

fn skipped_sheet(p: &Portfolio) -> Grid {
    let cols = vec![
        c("Path", 60.0, Kind::Text),
        c("Why it was not read", 50.0, Kind::Text),
    ];
    let rows = p
        .skipped
        .iter()
        .map(|s| vec![t(&s.path), t(&s.reason)])
        .collect();
    (cols, rows)
}

/// The README sheet.
/// Key-value rows of the README sheet.
struct Readme<'w> {
    ws: &'w mut Worksheet,
    styles: &'w Styles,
    row: u32,
}

impl Readme<'_> {
    fn kv(&mut self, k: &str, v: &str) -> Result<()> {
        put_text(self.ws, self.row, 0, k, &self.styles.key)?;
        put_text(self.ws, self.row, 1, v, &self.styles.text)?;
        fit_row(self.ws, self.row, table::wrapped_lines(v, 100.0))?;
        self.row += 1;
        Ok(())
    }

    fn section(&mut self, title: &str) -> Result<()> {
        self.row += 1;
        self.ws
            .merge_range(self.row, 0, self.row, 1, title, &self.styles.section)
            .map_err(xl)?;
        self.row += 1;
        Ok(())
    }
}

/// What the figures say, in one line each.
fn readme_figures(w: &mut Readme<'_>, p: &Portfolio) -> Result<()> {
    let tot = &p.totals;
    w.kv("Report date", &p.generated_on.to_string())?;
    w.kv(
        "Audit period",
        &p.period
            .map(|x| format!("{} to {}", x.start, x.end))
            .unwrap_or_else(|| "not given".into()),
    )?;
    w.kv(
        "Lens",
        &format!(
            "{} ({}), version {}",
            p.lens.name, p.lens.id, p.lens.version
        ),
    )?;
    w.kv(
        "Workloads",
        &format!(
            "{} found, {} assessed, {} failed (listed on 'Failed inputs', in no count){}",
            tot.workloads_found,
            tot.workloads_assessed,
            tot.workloads_failed,
            if p.skipped.is_empty() {
                String::new()
            } else {
                format!("; {} paths skipped (see 'Skipped')", p.skipped.len())
            }
        ),
    )?;
    w.kv(
        "Architectural risk",
        &format!(
            "{} HRIs and {} MRIs over all workloads; {} workloads have an HRI, {} an HRI or MRI",
            tot.practices.hri,
            tot.practices.mri,
            tot.workloads_with_hri,
            tot.workloads_with_hri_or_mri
        ),
    )?;
    w.kv(
        "Evidence gaps",
        &format!(
            "{} controls with an evidence gap (missing, unverified, stale, partial, AWS attestation missing), over all frameworks and workloads",
            tot.evidence_gaps
        ),
    )?;
    w.kv(
        "Freshness",
        &format!(
            "{} reviews older than 12 months, {} undated, {} on a lens version that is not current",
            tot.stale_reviews, tot.undated_reviews, tot.lens_not_current
        ),
    )?;
    for f in &p.frameworks {
        w.kv(&format!("{} readiness", f.short_name), &f.pooled.formula)?;
    }
    w.kv("Trend", &trend::readme_line(p))?;
    w.kv(
        "Generated by",
        &format!("{} {}", p.tool.name, p.tool.version),
    )
}

/// The README sheet: the figures, the roll-up rules, the sheets and the disclaimer.
fn readme(
    ws: &mut Worksheet,
    styles: &Styles,
    p: &Portfolio,
    title: &str,
    sheets: &[&Sheet],
) -> Result<()> {
    ws.set_column_width(0, 34).map_err(xl)?;
    ws.set_column_width(1, 100).map_err(xl)?;
    put_text(ws, 0, 0, title, &styles.title)?;
    let mut w = Readme { ws, styles, row: 2 };
    readme_figures(&mut w, p)?;
    w.section("Roll-up rules")?;
    for r in &p.rules {
        w.kv(&r.topic, &r.rule)?;
    }
    w.section("Sheets")?;
    for s in sheets {
        w.kv(s.name, s.about)?;
    }
    w.section("Disclaimer")?;
    w.kv(
        "Not a certification",
        "These figures roll up AWS Well-Architected reviews (the pillars they cover) and the evidence registered with them. They show readiness, not certification: an auditor decides. Architectural risk (practices not implemented) and evidence gaps (implemented without current evidence) are kept apart; each workload's own report has the detail.",
    )?;
    w.ws.set_landscape();
    w.ws.set_paper_size(9);
    w.ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// One data sheet: its name, what it holds (for the README), how its grid is built and how
/// many columns stay visible when scrolling right.
struct Sheet {
    name: &'static str,
    about: &'static str,
    build: fn(&Portfolio) -> Grid,
    freeze: u16,
}

/// The data sheets, in order ("Skipped" only when something was skipped).
const SHEETS: [Sheet; 11] = [
    Sheet {
        name: "Workloads",
        about: "One row per workload: HRIs, MRIs, freshness, evidence gaps and readiness per framework (evidenced ÷ assessed, with both counts)",
        build: workloads_sheet,
        freeze: 1,
    },
    Sheet {
        name: "Pillars",
        about: "One row per Well-Architected pillar: the workloads whose reviews cover it (answer at least one of its questions) and its HRIs, MRIs and question risks summed over workloads",
        build: trend::pillars_sheet,
        freeze: 1,
    },
    Sheet {
        name: "Trend",
        about: "With --baseline: the totals and each workload (matched by slug) then, now and the change; readiness as ready and assessed then and now; workloads added and removed",
        build: trend::trend_sheet,
        freeze: 1,
    },
    Sheet {
        name: "Frameworks",
        about: "Pooled readiness per framework (Σ evidenced ÷ Σ assessed over all workloads, with the raw counts), the spread of the workloads' own figures, and workload × control pairs per status",
        build: frameworks_sheet,
        freeze: 1,
    },
    Sheet {
        name: "Readiness",
        about: "One row per workload and framework: readiness and controls per status (for pivot tables)",
        build: readiness_sheet,
        freeze: 2,
    },
    Sheet {
        name: "Practices",
        about: "One row per best practice: in how many workloads it is missing, implemented, not applicable or unanswered; ranked by how often it is missing",
        build: practices_sheet,
        freeze: 2,
    },
    Sheet {
        name: "Findings",
        about: "One row per workload and practice not implemented (HRI, MRI or low-risk gap), for pivot tables",
        build: findings_sheet,
        freeze: 2,
    },
    Sheet {
        name: "Controls",
        about: "One row per framework control: how many workloads have it at each status",
        build: controls_sheet,
        freeze: 2,
    },
    Sheet {
        name: "Freshness",
        about: "Reviews older than 12 months, undated reviews, and reviews on a lens version that is not current",
        build: freshness_sheet,
        freeze: 1,
    },
    Sheet {
        name: "Failed inputs",
        about: "Inputs that could not be assessed (in no count) or whose own reports failed, with every problem and its place",
        build: failed_sheet,
        freeze: 1,
    },
    Sheet {
        name: "Skipped",
        about: "Files and folders found in the inputs but not read, with why",
        build: skipped_sheet,
        freeze: 1,
    },
];

/// Renders the workbook.
pub fn render(p: &Portfolio, opts: &RenderOptions) -> Result<Vec<u8>> {
    let styles = Styles::new(&opts.branding.accent);
    let pct_fmt = Format::new()
        .set_num_format("0.0%")
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let sheets: Vec<&Sheet> = SHEETS
        .iter()
        .filter(|s| s.name != "Skipped" || !p.skipped.is_empty())
        .filter(|s| s.name != "Trend" || p.trend.is_some())
        .collect();
    let title = "Security portfolio: Well-Architected reviews and certification readiness";
    let mut wb = docinfo::workbook(&DocInfo {
        title: title.to_owned(),
        subject: "Portfolio roll-up of AWS Well-Architected reviews",
        company: opts.branding.organisation.as_deref().unwrap_or(""),
        branding: &opts.branding,
        tool: &p.tool,
        date: p.generated_on,
    })?;
    let footer = docinfo::footer(&opts.branding.classification);
    let ws = wb.add_worksheet();
    ws.set_name("README").map_err(xl)?;
    ws.set_footer(&footer);
    readme(ws, &styles, p, title, &sheets)?;
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name).map_err(xl)?;
        ws.set_footer(&footer);
        let (cols, rows) = (sheet.build)(p);
        write_grid(ws, &styles, &pct_fmt, &cols, rows, sheet.freeze)?;
    }
    wb.save_to_buffer().map_err(xl)
}

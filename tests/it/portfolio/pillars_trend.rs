//! `wafr portfolio` per pillar and across runs: a workload that also answers Reliability shows
//! a second pillar with its own counts, and `--baseline OLD/portfolio.json` gives the trend
//! since an earlier run, in portfolio.json, the PDF text and the workbook alike.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use wafr::model::portfolio::Portfolio;

use super::{read_portfolio, run, set_status, variant};
use crate::common::{self, code, stderr};

fn sheet(out: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        std::fs::read(out.join("portfolio.xlsx")).unwrap(),
    ))
    .unwrap();
    let ws = book.worksheet_range(name).unwrap();
    ws.rows().map(|r| r.to_vec()).collect()
}

/// The cell of `row` (found by its first cell) under `header`.
fn cell<'a>(rows: &'a [Vec<Data>], first: &str, header: &str) -> &'a Data {
    let col = rows[0]
        .iter()
        .position(|h| *h == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]));
    let row = rows
        .iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first}"));
    &row[col]
}

fn num(d: &Data) -> i64 {
    match d {
        Data::Float(x) => *x as i64,
        Data::Int(x) => *x,
        other => panic!("not a number: {other:?}"),
    }
}

#[cfg(feature = "pdf")]
fn pdf_text(out: &Path) -> String {
    super::pdftotext(&out.join("portfolio.pdf"))
}

/// The PDF's lines as laid out (`pdftotext -layout`), each with its runs of spaces collapsed:
/// a table row is one line.
#[cfg(feature = "pdf")]
fn pdf_lines(out: &Path) -> Vec<String> {
    let o = std::process::Command::new("pdftotext")
        .args(["-layout", out.join("portfolio.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// True when a line of the PDF is `want` (spaces aside: narrow cells lose theirs).
#[cfg(feature = "pdf")]
fn has_line(lines: &[String], want: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let want = squeeze(want);
    lines.iter().any(|l| squeeze(l) == want)
}

/// REL09 answered: BP01 and BP04 implemented, BP02 (High) and BP03 (Medium) not.
fn with_reliability(v: &mut Value) {
    let answers = v["answers"].as_array_mut().unwrap();
    for (bp, status) in [
        ("REL09-BP01", "implemented"),
        ("REL09-BP02", "not_implemented"),
        ("REL09-BP03", "not_implemented"),
        ("REL09-BP04", "implemented"),
    ] {
        answers.push(json!({"practice": bp, "status": status}));
    }
}

#[test]
fn a_workload_answering_reliability_adds_a_pillar_with_its_own_counts() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    let alpha = variant(&dir, "alpha.json", "alpha", |_| {});
    variant(&dir, "beta.json", "beta", with_reliability);
    let out = t.path().join("out");
    let o = run(&[dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let p = read_portfolio(&out);

    // Security: both workloads, each with the example's own counts.
    let a = common::assess(&[alpha]).unwrap();
    let s = &a.summary;
    let sec = p.pillars.iter().find(|x| x.id == "security").unwrap();
    assert_eq!(
        (
            sec.workloads_covering,
            sec.hri,
            sec.mri,
            sec.questions_high,
            sec.questions_medium,
            sec.questions_unanswered
        ),
        (
            2,
            2 * s.practices.hri,
            2 * s.practices.mri,
            2 * s.questions_high,
            2 * s.questions_medium,
            2 * s.questions_unanswered
        )
    );
    // Reliability: beta only; REL09 at high risk, the other 12 questions unanswered.
    let rel = p.pillars.iter().find(|x| x.id == "reliability").unwrap();
    assert_eq!(
        (
            rel.workloads_covering,
            rel.workloads_assessed,
            rel.hri,
            rel.mri,
            rel.questions_high,
            rel.questions_medium,
            rel.questions_unanswered
        ),
        (1, 1, 1, 1, 1, 0, 12)
    );
    // Every pillar of the catalog, in its order; the ones nobody covers are zero.
    let ids: Vec<&str> = p.pillars.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "operationalExcellence",
            "security",
            "reliability",
            "performance",
            "costOptimization",
            "sustainability"
        ]
    );
    assert!(
        p.pillars
            .iter()
            .filter(|x| !["security", "reliability"].contains(&x.id.as_str()))
            .all(|x| x.workloads_covering == 0 && x.hri == 0)
    );
    // The pillars add up to the totals.
    let sum = |f: fn(&wafr::model::portfolio::PillarRollup) -> u32| -> u32 {
        p.pillars.iter().map(f).sum()
    };
    assert_eq!(sum(|x| x.hri), p.totals.practices.hri);
    assert_eq!(sum(|x| x.mri), p.totals.practices.mri);
    assert_eq!(
        sum(|x| x.questions_unanswered),
        p.totals.questions_unanswered
    );
    let beta = p.workload("beta").unwrap();
    let ids: Vec<&str> = beta.pillars.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["security", "reliability"]);

    // The workbook's Pillars sheet.
    let rows = sheet(&out, "Pillars");
    assert_eq!(rows.len(), 7, "a header and six pillars");
    assert_eq!(num(cell(&rows, "Reliability", "Workloads covering it")), 1);
    assert_eq!(num(cell(&rows, "Reliability", "HRIs")), 1);
    assert_eq!(num(cell(&rows, "Reliability", "MRIs")), 1);
    assert_eq!(num(cell(&rows, "Reliability", "Questions unanswered")), 12);
    assert_eq!(num(cell(&rows, "Security", "Workloads covering it")), 2);
    assert_eq!(num(cell(&rows, "Security", "HRIs")), i64::from(sec.hri));
    assert_eq!(
        num(cell(&rows, "Sustainability", "Workloads covering it")),
        0
    );

    #[cfg(feature = "pdf")]
    {
        let text = pdf_text(&out);
        let table = &text[text.find("By pillar").expect("the pillar table")..];
        let table = &table[..table.find("Certification readiness at a glance").unwrap()];
        assert!(!table.contains("Sustainability"), "{table}");
        assert!(!table.contains("Operational"), "{table}");
        let lines = pdf_lines(&out);
        let row = |x: &wafr::model::portfolio::PillarRollup| {
            format!(
                "{} {} {} {} {} {} {}",
                x.name,
                x.workloads_covering,
                x.hri,
                x.mri,
                x.questions_high,
                x.questions_medium,
                x.questions_unanswered
            )
        };
        assert!(has_line(&lines, &row(sec)), "{} in {lines:#?}", row(sec));
        assert!(has_line(&lines, "Reliability 1 1 1 1 0 12"), "{lines:#?}");
        let at = |name: &str| lines.iter().position(|l| l.starts_with(name)).unwrap();
        assert!(at("Security 2") < at("Reliability 1"), "catalog order");
    }
}

/// Runs the portfolio of `inputs` into `out`, with a baseline when given.
fn run_into(inputs: &[&Path], out: &Path, baseline: Option<&Path>) -> Portfolio {
    let mut args: Vec<&str> = inputs.iter().map(|p| p.to_str().unwrap()).collect();
    args.extend(["--out", out.to_str().unwrap()]);
    if let Some(b) = baseline {
        args.extend(["--baseline", b.to_str().unwrap()]);
    }
    let o = run(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    read_portfolio(out)
}

#[test]
fn a_second_run_with_the_first_as_baseline_shows_the_trend() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let alpha = variant(&d.join("v1"), "alpha.json", "alpha", |_| {});
    let broken = |v: &mut Value| set_status(v, "SEC01-BP01", "not_implemented");
    let beta1 = variant(&d.join("v1"), "beta.json", "beta", broken);
    let delta = variant(&d.join("v1"), "delta.json", "delta", |_| {});
    // Then beta fixes SEC01-BP01 (High), delta is gone and gamma is new.
    let beta2 = variant(&d.join("v2"), "beta.json", "beta", |_| {});
    let gamma = variant(&d.join("v2"), "gamma.json", "gamma", broken);
    let (first, second) = (d.join("first"), d.join("second"));
    let then = run_into(&[&alpha, &beta1, &delta], &first, None);
    assert!(then.trend.is_none());
    let baseline = first.join("portfolio.json");
    let now = run_into(&[&alpha, &beta2, &gamma], &second, Some(&baseline));
    check_trend_json(&then, &now);
    check_manifest_and_workbook(&first, &second, &baseline, &then, &now);
    #[cfg(feature = "pdf")]
    check_trend_pdf(&first, &second, &then, &now);

    // Same inputs, baseline and date: the same bytes.
    let again = d.join("again");
    run_into(&[&alpha, &beta2, &gamma], &again, Some(&baseline));
    let mut files = vec!["portfolio.json", "portfolio.xlsx", "manifest.json"];
    if cfg!(feature = "pdf") {
        files.push("portfolio.pdf");
    }
    for f in files {
        assert!(
            std::fs::read(second.join(f)).unwrap() == std::fs::read(again.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
}

/// portfolio.json: matched, added and removed workloads, each figure that of its own run.
fn check_trend_json(then: &Portfolio, now: &Portfolio) {
    let tr = now.trend.as_ref().expect("a trend with a baseline");
    assert_eq!(tr.matched_by, "slug");
    assert_eq!(tr.baseline_date, then.generated_on);
    assert!(tr.baseline.ends_with("portfolio.json"));
    let matched: Vec<&str> = tr.workloads.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!(matched, ["alpha", "beta"]);
    let added: Vec<&str> = tr.added.iter().map(|w| w.slug.as_str()).collect();
    let removed: Vec<&str> = tr.removed.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!((added, removed), (vec!["gamma"], vec!["delta"]));
    // One sentence for the terminal and the workbook's README.
    let x = &tr.totals;
    assert_eq!(
        tr.summary(),
        format!(
            "HRIs {} → {}, MRIs {} → {}, evidence gaps {} → {}; 2 workloads in both runs, 1 added, 1 removed",
            x.hri.then, x.hri.now, x.mri.then, x.mri.now, x.evidence_gaps.then, x.evidence_gaps.now
        )
    );
    // beta: one HRI fewer; alpha unchanged. Every figure is the one of each run.
    let (b1, b2) = (
        then.workload("beta").unwrap(),
        now.workload("beta").unwrap(),
    );
    let wb = &tr.workloads[1];
    assert_eq!(
        (wb.hri.then, wb.hri.now),
        (b1.practices.hri, b2.practices.hri)
    );
    assert_eq!(wb.hri.change(), -1);
    assert_eq!(tr.workloads[0].hri.change(), 0);
    assert_eq!(
        (wb.evidence_gaps.then, wb.evidence_gaps.now),
        (b1.evidence_gaps, b2.evidence_gaps)
    );
    for f in &wb.frameworks {
        let (x1, x2) = (
            b1.frameworks.iter().find(|x| x.id == f.id).unwrap(),
            b2.frameworks.iter().find(|x| x.id == f.id).unwrap(),
        );
        let (r1, r2) = (f.then.unwrap(), f.now.unwrap());
        assert_eq!(
            (r1.ready, r1.assessed),
            (x1.evidenced, x1.assessed),
            "{}",
            f.id
        );
        assert_eq!(
            (r2.ready, r2.assessed),
            (x2.evidenced, x2.assessed),
            "{}",
            f.id
        );
    }
    let x = &tr.totals;
    assert_eq!((x.workloads.then, x.workloads.now), (3, 3));
    assert_eq!(
        (x.hri.then, x.hri.now),
        (then.totals.practices.hri, now.totals.practices.hri)
    );
    assert_eq!(
        (x.mri.then, x.mri.now),
        (then.totals.practices.mri, now.totals.practices.mri)
    );
    assert_eq!(
        (x.evidence_gaps.then, x.evidence_gaps.now),
        (then.totals.evidence_gaps, now.totals.evidence_gaps)
    );
    for f in &x.frameworks {
        let (p1, p2) = (
            then.framework(&f.id).unwrap(),
            now.framework(&f.id).unwrap(),
        );
        assert_eq!(
            f.then.map(|r| (r.ready, r.assessed)),
            Some((p1.pooled.evidenced, p1.pooled.assessed))
        );
        assert_eq!(
            f.now.map(|r| (r.ready, r.assessed)),
            Some((p2.pooled.evidenced, p2.pooled.assessed))
        );
    }
    assert!(tr.notes.is_empty(), "{:?}", tr.notes);
}

/// The manifest lists the baseline as an input; the workbook has the Trend sheet.
fn check_manifest_and_workbook(
    first: &Path,
    second: &Path,
    baseline: &Path,
    then: &Portfolio,
    now: &Portfolio,
) {
    let tr = now.trend.as_ref().unwrap();
    let x = &tr.totals;
    let (b1, b2) = (
        then.workload("beta").unwrap(),
        now.workload("beta").unwrap(),
    );
    // The manifest lists the baseline as an input, with its SHA-256.
    let m = common::manifest_of(second);
    let b = &m["baseline"][0];
    assert!(
        b["path"].as_str().unwrap().ends_with("portfolio.json"),
        "{m}"
    );
    let sha = wafr::fsutil::sha256_hex(&std::fs::read(baseline).unwrap());
    assert_eq!(b["sha256"], sha);
    assert_eq!(common::manifest_of(first)["baseline"], json!([]));

    // The workbook: the Trend sheet (none without a baseline).
    let rows = sheet(second, "Trend");
    assert_eq!(
        num(cell(&rows, "beta", "HRIs then")),
        i64::from(b1.practices.hri)
    );
    assert_eq!(
        num(cell(&rows, "beta", "HRIs now")),
        i64::from(b2.practices.hri)
    );
    assert_eq!(num(cell(&rows, "beta", "HRIs change")), -1);
    assert_eq!(cell(&rows, "gamma", "In").to_string(), "added");
    assert_eq!(cell(&rows, "gamma", "HRIs then"), &Data::Empty);
    assert_eq!(cell(&rows, "delta", "In").to_string(), "removed");
    let total = "All workloads (3 then, 3 now)";
    assert_eq!(num(cell(&rows, total, "HRIs then")), i64::from(x.hri.then));
    let soc = x
        .frameworks
        .iter()
        .find(|f| f.id == "soc2-tsc-2017")
        .unwrap();
    let soc_ready = format!("{} ready now", soc.short_name);
    assert_eq!(
        num(cell(&rows, total, &soc_ready)),
        i64::from(soc.now.unwrap().ready)
    );
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        std::fs::read(first.join("portfolio.xlsx")).unwrap(),
    ))
    .unwrap();
    assert!(
        book.worksheet_range("Trend").is_err(),
        "no Trend sheet without a baseline"
    );
}

/// The PDF: no trend without a baseline; with one, the figures, beta's line, the workloads
/// added and removed, and readiness as ready of assessed then and now.
#[cfg(feature = "pdf")]
fn check_trend_pdf(first: &Path, second: &Path, then: &Portfolio, now: &Portfolio) {
    let tr = now.trend.as_ref().unwrap();
    let x = &tr.totals;
    let (b1, b2) = (
        then.workload("beta").unwrap(),
        now.workload("beta").unwrap(),
    );
    let soc = x
        .frameworks
        .iter()
        .find(|f| f.id == "soc2-tsc-2017")
        .unwrap();
    {
        let text = pdf_text(first);
        assert!(text.contains("No trend."), "{text}");
        assert!(text.contains("--baseline"));
        assert!(!text.contains("Trend since"));
        let text = pdf_text(second);
        assert!(!text.contains("No trend."));
        assert!(text.contains("Trend since 29 November 2026"), "{text}");
        let lines = pdf_lines(second);
        let signed = |d: i64| match d {
            0 => "±0".to_owned(),
            d if d > 0 => format!("+{d}"),
            d => format!("−{}", -d),
        };
        let hri_line = format!(
            "High Risk Issues (HRIs) {} {} {}",
            x.hri.then,
            x.hri.now,
            signed(x.hri.change())
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&hri_line)),
            "{hri_line} in {lines:#?}"
        );
        let gaps_line = format!(
            "Controls with evidence gaps {} {} {}",
            x.evidence_gaps.then,
            x.evidence_gaps.now,
            signed(x.evidence_gaps.change())
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&gaps_line)),
            "{gaps_line}"
        );
        // beta: its HRIs, MRIs and gaps then → now, and the readiness that changed.
        let (m1, m2, g1, g2) = (
            b1.practices.mri,
            b2.practices.mri,
            b1.evidence_gaps,
            b2.evidence_gaps,
        );
        let (h1, h2) = (b1.practices.hri, b2.practices.hri);
        let beta = format!("beta {h1} → {h2} {m1} → {m2} {g1} → {g2}");
        assert!(
            lines
                .iter()
                .any(|l| l.replace(' ', "").starts_with(&beta.replace(' ', ""))),
            "{beta} in {lines:#?}"
        );
        let added = format!(
            "gamma {} {} {}",
            tr.added[0].hri, tr.added[0].mri, tr.added[0].evidence_gaps
        );
        let removed = format!(
            "delta {} {} {}",
            tr.removed[0].hri, tr.removed[0].mri, tr.removed[0].evidence_gaps
        );
        assert!(has_line(&lines, &added), "{added}");
        assert!(has_line(&lines, &removed), "{removed}");
        assert!(text.contains("Workloads added (1)") && text.contains("Workloads removed (1)"));
        let r = |x: Option<wafr::model::portfolio_trend::ReadyOf>| {
            let x = x.unwrap();
            match x.assessed {
                0 => "none".to_owned(),
                d if d < 30 => format!("{} of {d}", x.ready),
                d => format!(
                    "{} of {d} ({:.1}%)",
                    x.ready,
                    f64::from(x.ready) * 100.0 / f64::from(d)
                ),
            }
        };
        let soc_line = format!("{} {} {}", soc.short_name, r(soc.then), r(soc.now));
        assert!(
            lines.iter().any(|l| l.starts_with(&soc_line)),
            "{soc_line} in {lines:#?}"
        );
    }
}

#[test]
fn a_baseline_that_is_not_a_portfolio_is_refused_with_its_place_before_any_work() {
    let t = tempfile::tempdir().unwrap();
    let review = common::example();
    let assessment = t.path().join("assessment.json");
    let a = common::example_assessment();
    std::fs::write(&assessment, serde_json::to_vec(&a).unwrap()).unwrap();
    let broken = t.path().join("broken.json");
    std::fs::write(
        &broken,
        b"{\n  \"schema\": \"wafr/portfolio/1\",\n  \"tool\": ",
    )
    .unwrap();
    let missing = t.path().join("missing/portfolio.json");
    // (baseline, exit code, what stderr says).
    let cases: Vec<(PathBuf, i32, &[&str])> = vec![
        (
            review.clone(),
            1,
            &["review.json", "one workload's review", "OLD/portfolio.json"],
        ),
        (
            assessment,
            1,
            &[
                "assessment.json",
                "not a portfolio",
                "wafr report REVIEW --baseline",
            ],
        ),
        (broken.clone(), 1, &["broken.json", "line 3"]),
        (missing, 2, &["missing/portfolio.json"]),
    ];
    for (baseline, exit, words) in cases {
        let out = t.path().join("out");
        let o = run(&[
            review.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--baseline",
            baseline.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(code(&o), exit, "{}: {err}", baseline.display());
        for w in words {
            assert!(err.contains(w), "{w} in {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert!(!out.join("portfolio.json").exists(), "nothing is written");
    }
}

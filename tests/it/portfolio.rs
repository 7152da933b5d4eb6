//! Issue 9: `wafr portfolio`, the roll-up across workloads. Workloads are built from the example
//! with known differences; every figure is read back from portfolio.json, portfolio.xlsx and
//! (with the `pdf` feature) portfolio.pdf, and checked against the workloads' own assessments.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;
use wafr::model::assessment::Assessment;
use wafr::model::portfolio::Portfolio;

use crate::common::{self, DATE, PERIOD, code, stderr, wafr};

mod pillars_trend;

fn example_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(common::example()).unwrap()).unwrap()
}

/// The example under another name, with `change` applied.
fn variant(dir: &Path, file: &str, name: &str, change: impl FnOnce(&mut Value)) -> PathBuf {
    let mut v = example_json();
    v["workload"]["name"] = Value::String(name.into());
    change(&mut v);
    let p = dir.join(file);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    p
}

fn set_status(v: &mut Value, bp: &str, status: &str) {
    for a in v["answers"].as_array_mut().unwrap() {
        if a["practice"] == bp {
            a["status"] = Value::String(status.into());
        }
    }
}

/// alpha (the example), beta (two more practices missing), gamma (a folder: the WA Tool export
/// and its evidence file, one workload), delta (reviewed in 2025 on an old lens), a broken
/// file and a note that is not a review.
fn portfolio_dir() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("reviews");
    std::fs::create_dir_all(&dir).unwrap();
    variant(&dir, "alpha.json", "alpha", |_| {});
    variant(&dir, "beta.json", "beta", |v| {
        set_status(v, "SEC01-BP01", "not_implemented");
        set_status(v, "SEC02-BP02", "not_implemented");
    });
    let gamma = dir.join("gamma");
    std::fs::create_dir_all(&gamma).unwrap();
    for f in ["wa-tool-export.json", "evidence-and-owners.json"] {
        std::fs::copy(
            common::path(&format!("examples/northwind/{f}")),
            gamma.join(f),
        )
        .unwrap();
    }
    variant(&dir, "delta.json", "delta", |v| {
        v["workload"]["review_date"] = Value::String("2025-06-01".into());
        v["workload"]["lens_version"] = Value::String("2023-10-03".into());
    });
    std::fs::write(
        dir.join("broken.json"),
        b"{\n  \"workload\": {\n    \"name\": 12,\n",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), b"not a review").unwrap();
    (t, dir)
}

fn run(args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = vec!["portfolio"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--date", DATE, "--period", PERIOD, "--quiet"]);
    wafr(all)
}

fn read_portfolio(out: &Path) -> Portfolio {
    let bytes = std::fs::read(out.join("portfolio.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn assessed(files: &[PathBuf]) -> Assessment {
    common::assess(files).unwrap()
}

#[test]
fn roll_up_counts_add_up_and_a_broken_input_is_listed_while_the_rest_go_on() {
    let (t, dir) = portfolio_dir();
    let out = t.path().join("out");
    let o = run(&[dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    // One input failed: exit 1, named with its place; the others were reported.
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("broken.json"), "{err}");
    assert!(err.contains("1 of 5 inputs failed"), "{err}");

    let p = read_portfolio(&out);
    assert_eq!(p.schema, "wafr/portfolio/1");
    assert_eq!(p.totals.workloads_found, 5);
    assert_eq!(p.totals.workloads_assessed, 4);
    assert_eq!(p.totals.workloads_failed, 1);
    assert_eq!(p.failed.len(), 1);
    let f = &p.failed[0];
    assert!(f.name.ends_with("broken.json"));
    assert_eq!(f.stage, "input");
    assert!(
        f.problems
            .iter()
            .any(|d| d.at.as_ref().is_some_and(|at| at.line.is_some())),
        "the JSON error has its line: {:?}",
        f.problems
    );
    assert!(p.skipped.iter().any(|s| s.path.ends_with("notes.txt")));

    // Workloads in input order, slugs from their names; gamma is one workload of two files.
    let slugs: Vec<&str> = p.workloads.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!(slugs, ["alpha", "beta", "delta", "card-payments-api"]);
    let gamma = p.workload("card-payments-api").unwrap();
    assert_eq!(gamma.inputs.len(), 2);

    // Per-workload counts are the workloads' own assessments.
    let alpha = assessed(&[dir.join("alpha.json")]);
    let beta = assessed(&[dir.join("beta.json")]);
    let delta = assessed(&[dir.join("delta.json")]);
    let gamma_a = assessed(&[
        dir.join("gamma/wa-tool-export.json"),
        dir.join("gamma/evidence-and-owners.json"),
    ]);
    let own = [&alpha, &beta, &delta, &gamma_a];
    for (w, a) in p.workloads.iter().zip(own) {
        assert_eq!(w.practices, a.summary.practices, "{}", w.slug);
        assert_eq!(w.questions_high, a.summary.questions_high);
    }
    // beta misses two more High practices than alpha: two more HRIs.
    let pa = p.workload("alpha").unwrap();
    let pb = p.workload("beta").unwrap();
    assert_eq!(pb.practices.hri, pa.practices.hri + 2);
    assert!(pb.missing.contains(&"SEC01-BP01".to_owned()));
    assert!(!pa.missing.contains(&"SEC01-BP01".to_owned()));
    // Totals add up over workloads.
    let sum = |f: fn(&Assessment) -> u32| own.iter().map(|a| f(a)).sum::<u32>();
    assert_eq!(p.totals.practices.hri, sum(|a| a.summary.practices.hri));
    assert_eq!(p.totals.practices.mri, sum(|a| a.summary.practices.mri));
    assert_eq!(p.totals.workloads_with_hri, 4);

    // Practices: SEC01-BP01 is missing in beta only; the example's own HRIs in all four.
    let bp = p.practice("SEC01-BP01").unwrap();
    assert_eq!((bp.missing, bp.implemented), (1, 3));
    assert_eq!(bp.workloads, ["beta"]);
    assert_eq!(bp.missing_percent, Some(25.0));
    let everywhere: Vec<&str> = alpha
        .practices()
        .filter(|x| x.finding == Some(wafr::model::assessment::Finding::Hri))
        .map(|x| x.id.as_str())
        .collect();
    assert!(!everywhere.is_empty());
    for id in &everywhere {
        let x = p.practice(id).unwrap();
        assert_eq!(x.missing, 4, "{id}");
        let rank = x.rank.unwrap() as usize;
        assert!(
            rank <= everywhere.len(),
            "{id} ranks {rank}: HRIs missing everywhere come first"
        );
    }
    assert_eq!(&p.most_missing[0], everywhere.iter().min().unwrap());
    assert_eq!(p.most_architectural_risk[0], "beta");

    // Pooled readiness is Σ evidenced ÷ Σ assessed, never an average of percentages.
    for f in &p.frameworks {
        let ev: u32 = own
            .iter()
            .map(|a| a.framework(&f.id).unwrap().readiness.evidenced)
            .sum();
        let asd: u32 = own
            .iter()
            .map(|a| a.framework(&f.id).unwrap().readiness.assessed)
            .sum();
        assert_eq!(
            (f.pooled.evidenced, f.pooled.assessed),
            (ev, asd),
            "{}",
            f.id
        );
        let want = (f64::from(ev) * 1000.0 / f64::from(asd)).round() / 10.0;
        assert_eq!(f.pooled.percent, Some(want));
        assert!(
            f.pooled.formula.contains(&format!("{ev} ÷ {asd}")),
            "{}",
            f.pooled.formula
        );
        let mut per: Vec<f64> = own
            .iter()
            .filter_map(|a| a.framework(&f.id).unwrap().readiness.percent)
            .collect();
        per.sort_by(f64::total_cmp);
        let s = f.spread.unwrap();
        assert_eq!((s.min, s.median, s.max), (per[0], per[1], per[3]));
    }

    // Freshness: delta is stale and on an old lens.
    assert_eq!(p.stale_reviews, ["delta"]);
    assert_eq!(p.lens_not_current, ["delta"]);
    assert!(p.rules.iter().any(|r| r.topic == "pooled readiness"));

    // The workbook says the same.
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        std::fs::read(out.join("portfolio.xlsx")).unwrap(),
    ))
    .unwrap();
    let ws = book.worksheet_range("Workloads").unwrap();
    let rows: Vec<Vec<Data>> = ws.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[2][col("Workload")].to_string(), "beta");
    assert_eq!(
        rows[2][col("HRIs")],
        Data::Float(f64::from(pb.practices.hri))
    );
    let iso = p.framework("iso27001-2022").unwrap();
    let iso_b = pb.frameworks.iter().find(|f| f.id == iso.id).unwrap();
    match &rows[2][col("ISO 27001 readiness")] {
        Data::Float(x) => assert!((x * 100.0 - iso_b.percent.unwrap()).abs() < 1e-9),
        other => panic!("readiness is a number, got {other:?}"),
    }
    let failed = book.worksheet_range("Failed inputs").unwrap();
    let text: Vec<String> = failed.rows().flatten().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|s| s.contains("broken.json") && s.contains("line")),
        "{text:?}"
    );
    let practices = book.worksheet_range("Practices").unwrap();
    let row = practices.rows().find(|r| r[1] == "SEC01-BP01").unwrap();
    assert_eq!(row[7], Data::Float(1.0));
    assert_eq!(row[13].to_string(), "beta");

    #[cfg(feature = "pdf")]
    {
        let text = pdftotext(&out.join("portfolio.pdf"));
        for s in [
            "Portfolio of 4 workloads",
            "Pooled readiness",
            "Practices most often missing",
            "Inputs that failed",
            "broken.json",
            "How the figures add up",
        ] {
            assert!(text.contains(s), "{s} is in the PDF");
        }
        // Counts first; a percentage only on thirty or more.
        let pooled = format!("{} of {}", iso.pooled.evidenced, iso.pooled.assessed);
        assert!(text.contains(&pooled), "{pooled} is in the PDF");
    }
}

#[cfg(feature = "pdf")]
fn pdftotext(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is required (apt-get install poppler-utils): {e}"));
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_writes_one_safe_folder_per_workload_whatever_its_name() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    let names = [
        "../../etc/passwd",
        "CON",
        "=cmd|' /C calc'!A0",
        "alpha",
        "Alpha",
        "日本語",
    ];
    for (i, n) in names.iter().enumerate() {
        variant(&dir, &format!("w{i}.json"), n, |_| {});
    }
    let out = t.path().join("out");
    let o = run(&[
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--each",
        "--format",
        "json,md",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let p = read_portfolio(&out);
    let slugs: Vec<&str> = p.workloads.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "etc-passwd",
            "con-workload",
            "cmd-c-calc-a0",
            "alpha",
            "alpha-2",
            "workload"
        ]
    );
    for w in &p.workloads {
        assert_eq!(w.report_dir.as_deref(), Some(w.slug.as_str()));
        let sub = out.join(&w.slug);
        let a: Assessment =
            serde_json::from_slice(&std::fs::read(sub.join("assessment.json")).unwrap()).unwrap();
        assert_eq!(a.workload.name, w.name);
        assert!(sub.join("summary.md").is_file());
        assert!(
            !sub.join("report.pdf").exists(),
            "--format json,md writes no PDF"
        );
    }
    // Nothing was written outside the output folder.
    let mut top: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["in", "out"]);
    // A name that looks like a formula stays text in the workbook.
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        std::fs::read(out.join("portfolio.xlsx")).unwrap(),
    ))
    .unwrap();
    let ws = book.worksheet_range("Workloads").unwrap();
    assert_eq!(ws.get((3, 0)), Some(&Data::String(names[2].into())));
    let formulas = book.worksheet_formula("Workloads").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

#[test]
fn glob_patterns_are_expanded_by_wafr_and_a_pattern_matching_nothing_fails() {
    let (t, dir) = portfolio_dir();
    let out = t.path().join("out");
    let pattern = format!("{}/{{alpha,be[t]a}}.json", dir.display());
    let o = run(&[&pattern, "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let p = read_portfolio(&out);
    let slugs: Vec<&str> = p.workloads.iter().map(|w| w.slug.as_str()).collect();
    assert_eq!(slugs, ["alpha", "beta"]);

    let none = format!("{}/*.ods", dir.display());
    let missing = dir.join("missing.json");
    let o = run(&[
        &pattern,
        &none,
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    let p = read_portfolio(&out);
    assert_eq!(p.totals.workloads_assessed, 2);
    let failed: Vec<(&str, &str)> = p
        .failed
        .iter()
        .map(|f| (f.name.as_str(), f.error.as_str()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].1.contains("matches no file"));
    assert!(failed[1].0.ends_with("missing.json") && failed[1].1.contains("no such file"));

    // Nothing at all to read is a usage error.
    let empty = t.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = run(&[empty.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("no review file found"));
}

#[test]
fn same_inputs_and_date_give_identical_portfolio_files() {
    let (t, dir) = portfolio_dir();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    for out in [&a, &b] {
        let o = run(&[dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(code(&o), 1);
    }
    let mut files = vec!["portfolio.json", "portfolio.xlsx"];
    if cfg!(feature = "pdf") {
        files.push("portfolio.pdf");
    }
    for f in files {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two runs");
    }
}

#[cfg(feature = "pdf")]
#[test]
fn names_print_verbatim_and_emit_typst_writes_the_portfolio_sources() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    let hostile = "#read(\"/etc/passwd\") *bold* $x$ ]";
    variant(&dir, "a.json", hostile, |_| {});
    variant(&dir, "b.json", "plain", |_| {});
    let (out, src) = (t.path().join("out"), t.path().join("src"));
    let o = run(&[
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--emit-typst",
        src.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = pdftotext(&out.join("portfolio.pdf"));
    assert!(text.contains(hostile), "the name prints as text: {text}");
    assert!(!text.contains("root:x:0"));
    for f in ["pdf/portfolio.typ", "pdf/theme.typ", "pdf/charts.typ"] {
        assert!(src.join(f).is_file(), "{f}");
    }
    let data: Value =
        serde_json::from_slice(&std::fs::read(src.join("data.json")).unwrap()).unwrap();
    assert_eq!(data["schema"], "wafr/portfolio-view/2");
    assert_eq!(data["workloads"][0]["name"], hostile);
}

/// Regression: the portfolio wrote its files one by one, so a target that could not be replaced
/// left the earlier ones rewritten. Now all three are staged and checked before any is renamed.
#[test]
fn a_failed_portfolio_write_replaces_no_earlier_file() {
    let (t, dir) = portfolio_dir();
    let out = t.path().join("out");
    let o = run(&[dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let json = out.join("portfolio.json");
    let before = std::fs::read(&json).unwrap();
    // The XLSX target becomes a folder: that write cannot succeed.
    let xlsx = out.join("portfolio.xlsx");
    std::fs::remove_file(&xlsx).unwrap();
    std::fs::create_dir(&xlsx).unwrap();
    let mut args = vec![
        "portfolio",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(&["--date", "2026-12-01", "--period", PERIOD, "--quiet"]);
    let o = wafr(args);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("portfolio.xlsx` is a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&json).unwrap(),
        before,
        "portfolio.json was replaced although the run failed"
    );
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("portfolio.") || n == "manifest.json"),
        "temporary files left: {names:?}"
    );
}

/// Issue 13: the consolidated PDF was typeset outside the template guard, so a `--templates`
/// folder whose `pdf/portfolio.typ` loops forever never stopped. It now stops at
/// `--template-time-limit` with the template named, and no file is written.
#[cfg(feature = "pdf")]
#[test]
fn a_portfolio_template_that_loops_forever_stops_at_the_time_limit() {
    let out = tempfile::tempdir().unwrap();
    let templates = common::path("tests/corpus/templates/portfolio-typst-nested-loops");
    let started = std::time::Instant::now();
    let o = run(&[
        "examples/northwind/review.json",
        "--out",
        out.path().to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
        "--template-time-limit",
        "1",
    ]);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        err.contains("portfolio-typst-nested-loops/pdf/portfolio.typ` failed"),
        "{err}"
    );
    assert!(
        err.contains("the template ran for more than 1 s (the limit, --template-time-limit)"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

/// Issue 18: the portfolio PDF printed names twice ("ledger-core ledger-core": the name and
/// its identical slug), "Prepared by: Not stated" on the cover, left one table row alone on a
/// page, gave percentages of small counts, and had charts without alternative text. It shows
/// each workload's criticality when the review states one.
#[cfg(feature = "pdf")]
#[test]
fn the_portfolio_pdf_names_each_workload_once_and_reads_without_sight() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    for (i, n) in ["ledger-core", "payments-api", "Card Vault"]
        .iter()
        .enumerate()
    {
        variant(&dir, &format!("w{i}.json"), n, |v| {
            if i == 1 {
                set_status(v, "SEC01-BP01", "not_implemented");
            }
        });
    }
    let out = t.path().join("out");
    let o = run(&[
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--pdf-standard",
        "ua-1",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let pdf = out.join("portfolio.pdf");
    let text = pdftotext(&pdf);
    assert!(!text.contains("ledger-core ledger-core"), "{text}");
    assert!(
        text.contains("Card Vault card-vault"),
        "a slug that differs is shown"
    );
    assert!(!text.contains("Not stated"), "{text}");
    // The appendix lists the practices the reviews cover, not the 300 of pillars none does.
    assert!(!text.contains("COST01-BP01"), "{text}");
    // No percentage on fewer than thirty: the example's SOC 2 has 15 assessed criteria.
    for (i, _) in text.match_indices('%') {
        let head = &text[..i];
        let open = head.rfind('(').unwrap();
        let of = head[..open].trim_end();
        let b: u32 = of
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("{}", &text[i.saturating_sub(60)..i + 2]));
        assert!(b >= 30, "{}", &text[i.saturating_sub(60)..i + 2]);
    }
    // Every chart is a figure with alternative text.
    let tree = std::process::Command::new("pdfinfo")
        .arg("-struct")
        .arg(&pdf)
        .output()
        .unwrap();
    let tree = String::from_utf8_lossy(&tree.stdout);
    let figures = tree.lines().filter(|l| l.trim() == "Figure:").count();
    assert!(figures >= 4, "{figures} figures");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("pdfuaid"));

    // Criticality, when the workloads have it, weighs in: a table by criticality, most
    // critical first, and a column in the appendix.
    let mut p: wafr::model::portfolio::Portfolio =
        serde_json::from_slice(&std::fs::read(out.join("portfolio.json")).unwrap()).unwrap();
    p.workloads[0].criticality = Some("low".into());
    p.workloads[1].criticality = Some("critical".into());
    p.workloads[2].criticality = None;
    let opts = wafr::render::RenderOptions::default();
    let doc = wafr::render::pdf::portfolio_document(&p, &opts).unwrap();
    let c = wafr::render::pdf::typeset(doc, &opts).unwrap();
    let (_d, file) = common::temp_file("p.pdf", &c.pdf);
    let text = pdftotext(&file);
    assert!(
        text.contains("By criticality") && text.contains("Criticality critical low not stated"),
        "{text}"
    );
    let crit = text.find("Criticality critical").unwrap();
    assert!(
        text[crit..].contains("Workloads 1 1 1 HRIs 5 4 4"),
        "{text}"
    );
    assert!(
        text.contains("Workload Criticality HRI MRI"),
        "the appendix has the column"
    );
}

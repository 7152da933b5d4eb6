//! Issue 6: spreadsheet import (XLSX, XLS, ODS, CSV), the layouts people already use, and the
//! questionnaire that round-trips. Workbooks are written by the tests themselves with
//! rust_xlsxwriter (and zip for broken ones); `tests/fixtures/sheets/` holds the few saved by
//! LibreOffice and an encryption tool.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use serde_json::Value;
use wafr::model::assessment::Finding;
use wafr::model::review::{PracticeStatus, Review};

use crate::common::*;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// Runs wafr with `dir` as the working directory, so messages name files relatively.
pub(crate) fn wafr_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wafr"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the wafr binary runs")
}

/// The Security Pillar's catalog: what `wafr questionnaire` asks by default.
fn catalog() -> wafr::model::catalog::Catalog {
    full_catalog().restricted(&["security".to_owned()])
}

/// Every pillar: what the importers read.
fn full_catalog() -> wafr::model::catalog::Catalog {
    wafr::catalog::load(&Default::default()).unwrap().0
}

fn load(paths: &[PathBuf]) -> wafr::Result<Review> {
    wafr::import::load(paths, &full_catalog(), &Default::default())
}

pub(crate) fn load_one(p: &Path) -> Review {
    load(&[p.to_owned()]).unwrap_or_else(|e| panic!("{}", show(&e)))
}

/// An error with its problems, as the command line prints it.
pub(crate) fn show(e: &wafr::Error) -> String {
    let mut s = e.to_string();
    if let wafr::Error::Invalid { problems, .. } = e {
        for p in problems {
            s.push_str(&format!("\n  {p}"));
        }
    }
    s
}

fn answer<'a>(r: &'a Review, bp: &str) -> &'a wafr::model::review::Answer {
    r.answers
        .iter()
        .find(|a| a.practice == bp)
        .unwrap_or_else(|| panic!("no answer for {bp}"))
}

fn status(r: &Review, bp: &str) -> PracticeStatus {
    answer(r, bp).status
}

fn warnings(r: &Review) -> String {
    r.warnings
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes string rows from `first_row` (0-based); empty strings are left blank.
pub(crate) fn rows(ws: &mut Worksheet, first_row: u32, rows: &[&[&str]]) {
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(first_row + i as u32, c as u16, *v).unwrap();
            }
        }
    }
}

pub(crate) fn save(wb: &mut Workbook, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    wb.save(&p).unwrap();
    p
}

/// A workbook with one sheet of string rows.
fn one_sheet(dir: &Path, file: &str, sheet: &str, data: &[&[&str]]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    rows(ws, 0, data);
    save(&mut wb, dir, file)
}

/// A review as JSON without locations, sources and warnings, for comparisons.
fn comparable(r: &Review) -> Value {
    fn strip(v: Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "source" | "sources" | "warnings"))
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.into_iter().map(strip).collect()),
            v => v,
        }
    }
    strip(serde_json::to_value(r).unwrap())
}

/// The assessment as JSON without locations and sources.
pub(crate) fn comparable_assessment(a: &wafr::model::assessment::Assessment) -> Value {
    fn strip(v: Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "source" | "sources" | "at"))
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.into_iter().map(strip).collect()),
            v => v,
        }
    }
    let mut v = strip(serde_json::to_value(a).unwrap());
    // Warnings name their places; compare their codes and messages only.
    v["warnings"] = Value::Array(
        a.warnings
            .iter()
            .map(|w| Value::String(format!("{}: {}", w.code, w.message)))
            .collect(),
    );
    v
}

pub(crate) fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &p) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{p}: {u:?} vs {v:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} vs {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}[{i}]")))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

/// Every sheet of a workbook as rows of calamine cells.
fn read_workbook(p: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = calamine::open_workbook_auto(p).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let rows = r.rows().map(|x| x.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

fn zip_entry(p: &Path, name: &str) -> String {
    let f = std::fs::File::open(p).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut e = z.by_name(name).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut e, &mut s).unwrap();
    s
}

// ---------------------------------------------------------------------------------------------
// The questionnaire.

#[test]
fn template_is_deterministic_and_never_overwrites_by_accident() {
    let d = tempfile::tempdir().unwrap();
    let o = wafr_in(d.path(), &["template", "q.xlsx", "--date", DATE]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "wrote q.xlsx\n");
    let first = std::fs::read(d.path().join("q.xlsx")).unwrap();
    // A filled-in questionnaire must not be lost to a second run.
    let o = wafr_in(d.path(), &["template", "q.xlsx", "--date", DATE]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`q.xlsx` exists; give --force"),
        "{}",
        stderr(&o)
    );
    let o = wafr_in(d.path(), &["template", "q.xlsx", "--date", DATE, "--force"]);
    assert_eq!(code(&o), 0);
    assert_eq!(std::fs::read(d.path().join("q.xlsx")).unwrap(), first);
    // Another date, other bytes (the creation date is in the document properties).
    let o = wafr_in(d.path(), &["template", "q2.xlsx", "--date", "2027-01-01"]);
    assert_eq!(code(&o), 0);
    assert_ne!(std::fs::read(d.path().join("q2.xlsx")).unwrap(), first);
    assert!(
        zip_entry(&d.path().join("q.xlsx"), "docProps/core.xml").contains("2026-11-29T00:00:00Z")
    );
}

#[test]
fn template_has_what_people_filling_it_need() {
    let d = tempfile::tempdir().unwrap();
    let o = wafr_in(d.path(), &["template", "q.xlsx", "--date", DATE]);
    assert_eq!(code(&o), 0);
    let p = d.path().join("q.xlsx");
    let wb = read_workbook(&p);
    let names: Vec<&str> = wb.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Instructions",
            "Workload",
            "Answers",
            "Questions",
            "Evidence register",
            "Accepted risks",
            "Controls"
        ]
    );
    let answers = &wb[2].1;
    let header: Vec<String> = answers[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "Question",
            "Question title",
            "BP ID",
            "Choice ID",
            "Best practice",
            "Risk",
            "Guidance",
            "Status",
            "Notes",
            "Owner",
            "Evidence",
            "N/A reason",
            "Impact",
            "Effort",
            "Effort (days)",
            "Cost",
            "Target date",
            "Depends on"
        ]
    );
    // One row per best practice, in catalog order, with ids, title and risk level.
    let cat = catalog();
    assert_eq!(answers.len(), 1 + cat.lens.practices.len());
    for (row, p) in answers[1..].iter().zip(&cat.lens.practices) {
        assert_eq!(row[0].to_string(), p.question);
        assert_eq!(row[2].to_string(), p.id);
        assert_eq!(row[3].to_string(), p.choice_id);
        assert_eq!(row[4].to_string(), p.title);
        assert_eq!(row[5].to_string(), p.risk.to_string());
        assert_eq!(row[6].to_string(), "Guidance");
        assert!(
            row[7..].iter().all(|c| *c == Data::Empty),
            "inputs start blank"
        );
    }
    // Workload fields, lens version filled in.
    let workload: Vec<String> = wb[1].1.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(workload[0], "Field");
    assert!(workload.contains(&"AWS account IDs".to_owned()));
    assert!(
        wb[1]
            .1
            .iter()
            .any(|r| r[0] == "Lens version" && r[1] == cat.lens.version.as_str())
    );
    // The sheet XML: frozen header, filter, drop-downs, date validation, real hyperlinks, no protection.
    let sheet = zip_entry(&p, "xl/worksheets/sheet3.xml");
    assert!(
        sheet.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
        "frozen header"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:R64"/>"#), "filter");
    assert!(sheet.contains(r#"<formula1>"Implemented,Not implemented,Not applicable"</formula1>"#));
    assert!(sheet.contains(r#"<formula1>"Low,Medium,High"</formula1>"#));
    assert_eq!(
        sheet
            .matches(r#"type="decimal" errorStyle="warning" operator="greaterThanOrEqual""#)
            .count(),
        2,
        "Effort (days) and Cost take numbers of at least 0"
    );
    assert!(sheet.contains(r#"type="date""#));
    assert_eq!(
        sheet.matches("<hyperlink ").count(),
        cat.lens.practices.len()
    );
    assert!(!sheet.contains("sheetProtection"));
    let rels = zip_entry(&p, "xl/worksheets/_rels/sheet3.xml.rels");
    assert!(rels.contains(&cat.lens.practices[0].doc_url));
    // Every sheet freezes its header.
    for i in 2..=7 {
        let s = zip_entry(&p, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(s.contains(r#"ySplit="1""#), "sheet{i}");
    }
}

/// The test fills a blank template itself: it reads the template, writes values into the
/// columns people fill (found by header), saves a copy with rust_xlsxwriter, and imports it.
#[test]
fn a_filled_in_template_imports_with_nothing_lost() {
    let d = tempfile::tempdir().unwrap();
    let o = wafr_in(d.path(), &["template", "blank.xlsx", "--date", DATE]);
    assert_eq!(code(&o), 0);
    let template = read_workbook(&d.path().join("blank.xlsx"));
    let tricky = [
        "=1+1",
        "+SUM(A1:A2)",
        "-2",
        "@cmd",
        "Line one\nline two",
        "Ünïcødé ✓ 漢字",
        "a, b; c",
    ];
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (name, grid) in &template {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        let header: Vec<String> = grid
            .first()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        let col = |h: &str| header.iter().position(|x| x == h).unwrap() as u16;
        for (r, row) in grid.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v {
                    Data::String(s) => {
                        ws.write_string(r as u32, c as u16, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r as u32, c as u16, *f).unwrap();
                    }
                    _ => {}
                }
            }
        }
        match name.as_str() {
            "Workload" => {
                let value = |label: &str| grid.iter().position(|r| r[0] == label).unwrap() as u32;
                ws.write_string(value("Workload name"), 1, "Ledger")
                    .unwrap();
                ws.write_string(value("Organisation"), 1, "Contoso")
                    .unwrap();
                ws.write_string(value("AWS account IDs"), 1, "012345678901\n210987654321")
                    .unwrap();
                ws.write_string(value("Regions"), 1, "eu-west-1").unwrap();
                ws.write_string(value("Reviewers"), 1, "Smith, Jo\nLee, Al")
                    .unwrap();
                ws.write_datetime_with_format(
                    value("Review date"),
                    1,
                    ExcelDateTime::from_ymd(2026, 10, 1).unwrap(),
                    &date_fmt,
                )
                .unwrap();
                ws.write_string(value("Scope"), 1, "Ledger API only")
                    .unwrap();
                ws.write_string(value("Audit type"), 1, "type2").unwrap();
                for (label, month, day) in
                    [("Audit period start", 1, 1), ("Audit period end", 12, 31)]
                {
                    ws.write_datetime_with_format(
                        value(label),
                        1,
                        ExcelDateTime::from_ymd(2026, month, day).unwrap(),
                        &date_fmt,
                    )
                    .unwrap();
                }
                ws.write_string(value("Sampling frequency"), 1, "monthly")
                    .unwrap();
                ws.write_string(value("Fieldwork date"), 1, "2027-01-18")
                    .unwrap();
                ws.write_string(value("Trust Services Categories"), 1, "security\nprivacy")
                    .unwrap();
                ws.write_string(value("GDPR role"), 1, "controller")
                    .unwrap();
            }
            "Answers" => {
                for (i, row) in grid.iter().enumerate().skip(1) {
                    let r = i as u32;
                    let bp = row[2].to_string();
                    let k = i % 5;
                    let st = [
                        "Implemented",
                        "Not implemented",
                        "Not applicable",
                        "",
                        "Implemented",
                    ][k];
                    if !st.is_empty() {
                        ws.write_string(r, col("Status"), st).unwrap();
                    }
                    if st == "Not applicable" {
                        ws.write_string(r, col("N/A reason"), format!("No {bp} here"))
                            .unwrap();
                    }
                    ws.write_string(r, col("Notes"), tricky[i % tricky.len()])
                        .unwrap();
                    ws.write_string(r, col("Owner"), format!("owner-{i}"))
                        .unwrap();
                    if k == 1 {
                        ws.write_string(r, col("Evidence"), "EV-001\nPolicy, v3")
                            .unwrap();
                        ws.write_string(r, col("Effort"), ["Low", "Medium", "High"][i % 3])
                            .unwrap();
                        // A date cell on some rows, text on others.
                        if i % 2 == 0 {
                            ws.write_datetime_with_format(
                                r,
                                col("Target date"),
                                ExcelDateTime::from_ymd(2027, 3, 31).unwrap(),
                                &date_fmt,
                            )
                            .unwrap();
                        } else {
                            ws.write_string(r, col("Target date"), "2027-03-31")
                                .unwrap();
                        }
                        ws.write_string(r, col("Depends on"), "SEC01-BP01\nSEC 2 BP 1")
                            .unwrap();
                    }
                }
            }
            "Questions" => {
                ws.write_string(
                    11,
                    col("Not applicable reason"),
                    "No custom application code",
                )
                .unwrap();
                ws.write_string(1, col("Notes"), "=HYPERLINK(\"x\")")
                    .unwrap();
            }
            "Evidence register" => {
                let v = [
                    "EV-001",
                    "Account structure export",
                    "Platform",
                    "https://wiki/ev1",
                    "0000000000000000000000000000000000000000000000000000000000000000",
                ];
                for (c, s) in v.iter().enumerate() {
                    ws.write_string(1, c as u16, *s).unwrap();
                }
                for (c, day) in [(5u16, 1u8), (6, 2), (7, 3), (8, 4)] {
                    ws.write_datetime_with_format(
                        1,
                        c,
                        ExcelDateTime::from_ymd(2026, 1, day).unwrap(),
                        &date_fmt,
                    )
                    .unwrap();
                }
                ws.write_string(1, col("Supports"), "SEC01-BP01\nsoc2-tsc-2017:CC6.1")
                    .unwrap();
                ws.write_string(1, col("Notes"), "@evidence note").unwrap();
                // An AWS attestation on the next row.
                for (h, v) in [
                    ("ID", "EV-AWS"),
                    ("Title", "AWS SOC 2 Type II report"),
                    ("Kind", "attestation"),
                    ("Attestation report", "SOC 2 Type II"),
                    ("Issuer", "AWS"),
                    ("Attestation frameworks", "soc2-tsc-2017"),
                    ("Bridge letter until", "2027-03-31"),
                    (
                        "Artifact reference",
                        "AWS Artifact: SOC 2 Type II (Fall 2026)",
                    ),
                    ("Period start", "2025-10-01"),
                    ("Period end", "2026-09-30"),
                ] {
                    ws.write_string(2, col(h), v).unwrap();
                }
            }
            "Accepted risks" => {
                let v = ["AR-001", "SEC10-BP07", "No game days yet", "Budget", "CISO"];
                for (c, s) in v.iter().enumerate() {
                    ws.write_string(1, c as u16, *s).unwrap();
                }
                ws.write_string(1, col("Approved on"), "2026-06-01")
                    .unwrap();
                ws.write_number(1, col("Expires on"), 46_387.0).unwrap(); // a serial: 2026-12-31
                ws.write_string(1, col("Compensating control"), "Tabletop exercise")
                    .unwrap();
            }
            "Controls" => {
                for (h, v) in [
                    ("Framework", "gdpr-2016"),
                    ("Control", "Art.15"),
                    ("Applicable", "No"),
                    ("Not applicable reason", "Merchants inform data subjects"),
                    ("Owner", "DPO"),
                    ("Notes", "-see contract"),
                ] {
                    ws.write_string(1, col(h), v).unwrap();
                }
                for (h, v) in [
                    ("Framework", "iso27001-2022"),
                    ("Control", "A.5.15"),
                    ("Applicable", "Yes"),
                    ("Justification", "Access policy AC-01"),
                    ("Basis", "PCI DSS 4.0.1"),
                    ("Evidence", "EV-001"),
                    ("Sampling", "P2M"),
                ] {
                    ws.write_string(2, col(h), v).unwrap();
                }
            }
            _ => {}
        }
    }
    let filled = save(&mut wb, d.path(), "filled.xlsx");
    let r = load_one(&filled);

    let w = &r.workload;
    assert_eq!(w.name, "Ledger");
    assert_eq!(w.organisation.as_deref(), Some("Contoso"));
    assert_eq!(w.aws_accounts, ["012345678901", "210987654321"]);
    assert_eq!(w.reviewers, ["Smith, Jo", "Lee, Al"]);
    assert_eq!(
        w.review_date.map(|d| d.to_string()).as_deref(),
        Some("2026-10-01")
    );
    assert_eq!(w.scope.as_deref(), Some("Ledger API only"));
    assert_eq!(
        w.lens_version.as_deref(),
        Some(catalog().lens.version.as_str())
    );

    let cat = catalog();
    for (i, p) in cat.lens.practices.iter().enumerate() {
        let i = i + 1;
        let a = answer(&r, &p.id);
        let k = i % 5;
        let expected = [
            PracticeStatus::Implemented,
            PracticeStatus::NotImplemented,
            PracticeStatus::NotApplicable,
            PracticeStatus::Unanswered,
            PracticeStatus::Implemented,
        ][k];
        assert_eq!(a.status, expected, "{}", p.id);
        assert_eq!(a.status_given, k != 3, "{}", p.id);
        assert_eq!(
            a.notes.as_deref(),
            Some(tricky[i % tricky.len()]),
            "{} notes verbatim",
            p.id
        );
        assert_eq!(a.owner.as_deref(), Some(format!("owner-{i}").as_str()));
        if k == 2 {
            assert_eq!(
                a.na_reason.as_deref(),
                Some(format!("No {} here", p.id).as_str())
            );
        }
        if k == 1 {
            assert_eq!(a.evidence, ["EV-001", "Policy, v3"]);
            assert_eq!(
                a.effort.map(|e| e.label()),
                Some(["Low", "Medium", "High"][i % 3])
            );
            assert_eq!(
                a.target_date.map(|d| d.to_string()).as_deref(),
                Some("2027-03-31")
            );
            assert_eq!(a.depends_on, ["SEC01-BP01", "SEC02-BP01"]);
        } else {
            assert!(a.evidence.is_empty() && a.effort.is_none() && a.target_date.is_none());
        }
    }
    let sec11 = r.questions.iter().find(|q| q.question == "SEC11").unwrap();
    assert_eq!(
        sec11.not_applicable.as_deref(),
        Some("No custom application code")
    );
    let sec01 = r.questions.iter().find(|q| q.question == "SEC01").unwrap();
    assert_eq!(sec01.notes.as_deref(), Some("=HYPERLINK(\"x\")"));
    let ev = &r.evidence[0];
    assert_eq!(
        (ev.id.as_str(), ev.title.as_str()),
        ("EV-001", "Account structure export")
    );
    assert_eq!(ev.owner.as_deref(), Some("Platform"));
    assert_eq!(ev.location.as_deref(), Some("https://wiki/ev1"));
    assert_eq!(ev.sha256.as_deref().map(str::len), Some(64));
    let dates: Vec<String> = [
        ev.collected_on,
        ev.period_start,
        ev.period_end,
        ev.expires_on,
    ]
    .iter()
    .map(|d| d.unwrap().to_string())
    .collect();
    assert_eq!(
        dates,
        ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]
    );
    assert_eq!(ev.supports, ["SEC01-BP01", "soc2-tsc-2017:CC6.1"]);
    assert_eq!(ev.notes.as_deref(), Some("@evidence note"));
    let ar = &r.accepted_risks[0];
    assert_eq!(
        (
            ar.id.as_str(),
            ar.target.as_str(),
            ar.title.as_str(),
            ar.justification.as_str(),
            ar.approver.as_deref()
        ),
        (
            "AR-001",
            "SEC10-BP07",
            "No game days yet",
            "Budget",
            Some("CISO")
        )
    );
    assert_eq!(ar.approved_on.unwrap().to_string(), "2026-06-01");
    assert_eq!(ar.expires_on.unwrap().to_string(), "2026-12-31");
    assert_eq!(
        ar.compensating_control.as_deref(),
        Some("Tabletop exercise")
    );
    let c = &r.control_overrides[0];
    assert_eq!(
        (c.framework.as_str(), c.control.as_str()),
        ("gdpr-2016", "Art.15")
    );
    assert_eq!(
        c.not_applicable.as_deref(),
        Some("Merchants inform data subjects")
    );
    assert_eq!(
        (c.owner.as_deref(), c.notes.as_deref()),
        (Some("DPO"), Some("-see contract"))
    );
    assert!(!c.applicable);
    let c = &r.control_overrides[1];
    assert!(c.applicable);
    assert_eq!(
        (
            c.justification.as_deref(),
            c.basis.as_deref(),
            c.evidence.as_slice(),
            c.sampling.map(|s| s.as_input())
        ),
        (
            Some("Access policy AC-01"),
            Some("PCI DSS 4.0.1"),
            ["EV-001".to_owned()].as_slice(),
            Some("P2M".to_owned())
        )
    );
    let aws = &r.evidence[1];
    assert_eq!(
        aws.kind,
        Some(wafr::model::audit::EvidenceKind::Attestation)
    );
    let att = aws.attestation.as_ref().unwrap();
    assert_eq!(
        (
            att.report.as_str(),
            att.issuer.as_str(),
            att.frameworks.as_slice()
        ),
        (
            "SOC 2 Type II",
            "AWS",
            ["soc2-tsc-2017".to_owned()].as_slice()
        )
    );
    assert_eq!(att.bridge_letter_until.unwrap().to_string(), "2027-03-31");
    assert_eq!(
        att.artifact_reference.as_deref(),
        Some("AWS Artifact: SOC 2 Type II (Fall 2026)")
    );
    let audit = &r.audit;
    assert_eq!(audit.audit_type, Some(wafr::model::audit::AuditType::Type2));
    let period = audit.period.unwrap();
    assert_eq!(
        (period.start.to_string(), period.end.to_string()),
        ("2026-01-01".to_owned(), "2026-12-31".to_owned())
    );
    assert_eq!(
        audit.sampling.map(|s| s.as_input()).as_deref(),
        Some("monthly")
    );
    assert_eq!(audit.fieldwork.unwrap().to_string(), "2027-01-18");
    assert_eq!(
        audit.tsc,
        [
            wafr::model::audit::TscCategory::Security,
            wafr::model::audit::TscCategory::Privacy
        ]
    );
    assert_eq!(
        audit.gdpr_role,
        Some(wafr::model::audit::GdprRole::Controller)
    );

    // And the whole way to assessment.json, through the binary.
    let o = wafr_in(
        d.path(),
        &[
            "report",
            "filled.xlsx",
            "--out",
            "out",
            "--date",
            DATE,
            "--period",
            PERIOD,
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join("out/assessment.json")).unwrap(),
    )
    .unwrap();
    let p = json["questions"][0]["practices"][0].clone();
    assert_eq!(p["id"], "SEC01-BP01");
    assert_eq!(p["notes"], tricky[1]);
    assert_eq!(json["sources"][0]["format"], "xlsx");
    assert_eq!(json["workload"]["aws_accounts"][0], "012345678901");
}

/// Every field of a review survives review → questionnaire → review.
#[test]
fn a_prefilled_questionnaire_round_trips_every_review_field() {
    let mut review = load_one(&example());
    // Values a spreadsheet could mangle.
    let a = review
        .answers
        .iter_mut()
        .find(|a| a.practice == "SEC01-BP01")
        .unwrap();
    a.notes = Some("=cmd|' /C calc'!A0\n\ttabbed, \"quoted\"; semi".into());
    a.evidence = vec!["Runbook, section 2".into()];
    a.depends_on = vec!["SEC01-BP02".into(), "SEC01-BP03".into()];
    review.workload.aws_accounts.push("000000000001".into());
    review.workload.notes = Some("+44 20 7946 0000".into());
    // "None of these" too, which the example does not use.
    review
        .questions
        .iter_mut()
        .find(|q| q.question == "SEC02")
        .unwrap()
        .none_selected = true;
    // A date Excel cannot hold is written as text, and reads back the same.
    review.answers[0].target_date = wafr::import::text::parse_date("1899-12-31");
    let d = tempfile::tempdir().unwrap();
    let bytes = wafr::render::questionnaire::build(
        &catalog(),
        wafr::import::text::parse_date(DATE).unwrap(),
        Some(&review),
    )
    .unwrap();
    let p = d.path().join("q.xlsx");
    std::fs::write(&p, bytes).unwrap();
    // Text from the review is never written as a formula.
    for i in 1..=7 {
        assert!(
            !zip_entry(&p, &format!("xl/worksheets/sheet{i}.xml")).contains("<f>"),
            "sheet{i}"
        );
    }
    let back = load_one(&p);
    let (x, y) = (comparable(&review), comparable(&back));
    assert_eq!(first_difference(&x, &y, ""), None);
    assert_eq!(back.answers.len(), review.answers.len());
    // Twelve entries of the workload's own and two AWS attestations.
    assert_eq!(back.evidence.len(), 14);
    assert_eq!(
        back.evidence
            .iter()
            .filter(|e| e.attestation.is_some())
            .count(),
        2
    );
}

#[test]
fn workbooks_saved_by_libreoffice_assess_like_the_json_review() {
    let expected = comparable_assessment(&example_assessment());
    for ext in ["xlsx", "ods", "xls"] {
        let p = path(&format!(
            "tests/fixtures/sheets/northwind-libreoffice.{ext}"
        ));
        let a = assess(&[p]).unwrap_or_else(|e| panic!("{ext}: {}", show(&e)));
        assert_eq!(a.sources[0].format, ext);
        let got = comparable_assessment(&a);
        assert_eq!(first_difference(&expected, &got, ""), None, "{ext}");
    }
}

// ---------------------------------------------------------------------------------------------
// Layouts people already use.

/// One question of a labs export: pillar, question, choices (title, ticked), notes.
type LabsQuestion<'a> = (&'a str, &'a str, &'a [(&'a str, bool)], &'a str);

/// Layout A: the AWS labs `exportAnswersToXLSX.py` workbook, rebuilt cell for cell.
fn labs_export(dir: &Path, name: &str, version: &str, questions: &[LabsQuestion]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("wellarchitected v{version}")).unwrap();
    let plain = Format::new();
    ws.merge_range(0, 0, 0, 6, "Workload Overview", &plain)
        .unwrap();
    ws.merge_range(2, 0, 2, 1, "Workload Name", &plain).unwrap();
    ws.write_string(2, 2, "Payments").unwrap();
    ws.write_string(2, 3, "Name of the workload").unwrap();
    ws.merge_range(3, 0, 3, 1, "AWS Account ID", &plain)
        .unwrap();
    ws.write_number(3, 2, 12_345_678_901.0).unwrap(); // a leading zero lost to a number cell
    ws.merge_range(4, 0, 4, 1, "Workload Description", &plain)
        .unwrap();
    ws.write_string(4, 2, "Card payments").unwrap();
    rows(
        ws,
        7,
        &[&[
            "Pillar",
            "Question",
            "Explanation",
            "Choice (Best Practice)",
            "Detail",
            "Response",
            "Notes (optional)",
        ]],
    );
    let mut r = 8u32;
    for (pillar, q, choices, notes) in questions {
        let n = choices.len() as u32;
        for (i, (title, selected)) in choices.iter().enumerate() {
            let row = r + i as u32;
            ws.write_string(row, 0, *pillar).unwrap();
            ws.write_string(row, 1, *q).unwrap();
            ws.write_string(row, 3, *title).unwrap();
            ws.write_string(row, 4, "What the choice means").unwrap();
            if *selected {
                ws.write_string(row, 5, "SELECTED").unwrap();
            }
        }
        if n > 1 {
            ws.merge_range(r, 2, r + n - 1, 2, "Question explanation", &plain)
                .unwrap();
            ws.merge_range(r, 6, r + n - 1, 6, notes, &plain).unwrap();
        } else {
            ws.write_string(r, 6, *notes).unwrap();
        }
        r += n;
    }
    // Another lens exported into the same workbook.
    let other = wb.add_worksheet();
    other.set_name("serverless v2023-05-02").unwrap();
    rows(
        other,
        7,
        &[
            &[
                "Pillar",
                "Question",
                "Explanation",
                "Choice (Best Practice)",
                "Detail",
                "Response",
                "Notes (optional)",
            ],
            &["Security", "SEC1 - x", "", "y", "", "SELECTED", ""],
        ],
    );
    save(&mut wb, dir, name)
}

fn titles_of(q: &str) -> Vec<String> {
    catalog()
        .practices_of(q)
        .map(|p| p.wa_tool_title.clone().unwrap_or_else(|| p.title.clone()))
        .collect()
}

#[test]
fn layout_a_the_aws_labs_export() {
    let d = tempfile::tempdir().unwrap();
    let sec1 = titles_of("SEC01");
    let sec2 = titles_of("SEC02");
    let sec3 = titles_of("SEC03");
    let mut sec1_choices: Vec<(&str, bool)> = sec1
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i < 3))
        .collect();
    sec1_choices.push(("None of these", false));
    let mut sec2_choices: Vec<(&str, bool)> = sec2.iter().map(|t| (t.as_str(), false)).collect();
    sec2_choices.push(("None of these", true));
    let sec3_choices: Vec<(&str, bool)> = sec3.iter().map(|t| (t.as_str(), false)).collect();
    let ops = [("Evaluate customer needs", true), ("None of these", false)];
    let p = labs_export(
        d.path(),
        "labs.xlsx",
        "2024-06-27",
        &[
            (
                "Operational Excellence",
                "OPS1 - How do you determine what your priorities are?",
                &ops,
                "ops notes",
            ),
            (
                "Security",
                "SEC1 - How do you securely operate your workload?",
                &sec1_choices,
                "Reviewed with the platform team.",
            ),
            (
                "Security",
                "SEC2 - How do you manage identities for people and machines?",
                &sec2_choices,
                "",
            ),
            (
                "Security",
                "SEC3 - How do you manage permissions for people and machines?",
                &sec3_choices,
                "",
            ),
        ],
    );
    let r = load_one(&p);
    // SEC01: the three ticked choices are implemented, the others not (an answered question).
    let ids: Vec<String> = catalog()
        .practices_of("SEC01")
        .map(|p| p.id.clone())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let want = if i < 3 {
            PracticeStatus::Implemented
        } else {
            PracticeStatus::NotImplemented
        };
        assert_eq!(status(&r, id), want, "{id}");
    }
    // "None of these" in SEC02: every practice not implemented.
    for id in catalog().practices_of("SEC02").map(|p| p.id.clone()) {
        assert_eq!(status(&r, &id), PracticeStatus::NotImplemented, "{id}");
    }
    let q2 = r.questions.iter().find(|q| q.question == "SEC02").unwrap();
    assert!(q2.none_selected);
    // SEC03: nothing ticked: unanswered.
    assert_eq!(status(&r, "SEC03-BP01"), PracticeStatus::Unanswered);
    // Question notes merged over the question's rows, once.
    let q1 = r.questions.iter().find(|q| q.question == "SEC01").unwrap();
    assert_eq!(
        q1.notes.as_deref(),
        Some("Reviewed with the platform team.")
    );
    assert!(
        r.answers.iter().all(|a| a.notes.is_none()),
        "labs notes are question notes"
    );
    // The header block and the sheet name.
    assert_eq!(r.workload.name, "Payments");
    assert_eq!(r.workload.description.as_deref(), Some("Card payments"));
    assert_eq!(r.workload.aws_accounts, ["012345678901"]);
    assert_eq!(r.workload.lens_version.as_deref(), Some("2024-06-27"));
    // Rows are located.
    assert!(
        answer(&r, "SEC01-BP01")
            .source
            .to_string()
            .ends_with("labs.xlsx, sheet 'wellarchitected v2024-06-27', row 11")
    );
    let w = warnings(&r);
    // Rows of every pillar are read: `--pillars` decides at assessment what is assessed.
    assert!(!w.contains("other pillars"), "{w}");
    assert_eq!(status(&r, "OPS01-BP01"), PracticeStatus::Implemented);
    assert!(
        w.contains("ignored other lenses: sheet 'serverless v2023-05-02'"),
        "{w}"
    );
    assert!(
        w.contains("account id 12345678901 was stored as a number"),
        "{w}"
    );
}

#[test]
fn layout_a_from_an_older_lens_version_maps_to_current_practices() {
    let d = tempfile::tempdir().unwrap();
    let sec1: &[(&str, bool)] = &[
        ("Separate workloads using accounts", true),
        ("Keep up-to-date with security threats", true),
        ("Keep up-to-date with security recommendations", false),
        ("None of these", false),
    ];
    let sec6: &[(&str, bool)] = &[
        ("Implement managed services", true),
        ("Reduce attack surface", false),
    ];
    let sec9: &[(&str, bool)] = &[
        ("Automate detection of unintended data access", true),
        ("Authenticate network communications", true),
    ];
    let p = labs_export(
        d.path(),
        "old.xlsx",
        "2023-04-10",
        &[
            (
                "Security",
                "SEC1 - How do you securely operate your workload?",
                sec1,
                "",
            ),
            (
                "Security",
                "SEC6 - How do you protect your compute resources?",
                sec6,
                "",
            ),
            (
                "Security",
                "SEC9 - How do you protect your data in transit?",
                sec9,
                "",
            ),
        ],
    );
    let r = load_one(&p);
    assert_eq!(r.workload.lens_version.as_deref(), Some("2023-04-10"));
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    // Old BP04 (ticked) and BP05 (not ticked) merged into SEC01-BP04: not implemented.
    assert_eq!(status(&r, "SEC01-BP04"), PracticeStatus::NotImplemented);
    assert_eq!(
        answer(&r, "SEC01-BP04").legacy_ids,
        ["sec_securely_operate_updated_recommendations"]
    );
    // Old SEC06-BP03 "Implement managed services" lives on as SEC01-BP05.
    assert_eq!(status(&r, "SEC01-BP05"), PracticeStatus::Implemented);
    // Renumbered: old SEC09-BP04 is SEC09-BP03 now.
    assert_eq!(status(&r, "SEC09-BP03"), PracticeStatus::Implemented);
    // Removed without successor: kept, not dropped.
    assert_eq!(r.legacy.len(), 1);
    assert_eq!(r.legacy[0].old_bp_id, "SEC09-BP03");
    assert_eq!(r.legacy[0].status, PracticeStatus::Implemented);
    assert!(
        warnings(&r).contains("mapped to SEC01-BP04 (merged"),
        "{}",
        warnings(&r)
    );
}

#[test]
fn layout_b_question_and_choice_ids_with_x_or_na() {
    let d = tempfile::tempdir().unwrap();
    let h: &[&str] = &[
        "pillar",
        "question_id",
        "question_title",
        "choice_id",
        "choice_title",
        "choice_status",
        "choice_reason",
        "choice_description",
        "X or NA",
        "Reason/Notes",
    ];
    let data: &[&[&str]] = &[
        h,
        &[
            "operationalExcellence",
            "priorities",
            "How do you determine…",
            "",
            "",
            "True",
            "",
            "",
            "",
            "",
        ],
        &[
            "operationalExcellence",
            "priorities",
            "How do you determine…",
            "ops_priorities_ext_cust_needs",
            "Evaluate",
            "UNSELECTED",
            "",
            "",
            "X",
            "",
        ],
        &[
            "security",
            "securely-operate",
            "How do you securely operate your workload?",
            "",
            "",
            "True",
            "",
            "",
            "",
            "",
        ],
        &[
            "security",
            "securely-operate",
            "",
            "sec_securely_operate_multi_accounts",
            "Separate workloads using accounts",
            "UNSELECTED",
            "NONE",
            "",
            "X",
            "Landing zone",
        ],
        &[
            "security",
            "securely-operate",
            "",
            "sec_securely_operate_aws_account",
            "Secure account root user",
            "SELECTED",
            "NONE",
            "",
            "x",
            "",
        ],
        &[
            "security",
            "securely-operate",
            "",
            "sec_securely_operate_control_objectives",
            "Identify…",
            "UNSELECTED",
            "NONE",
            "",
            "",
            "",
        ],
        &[
            "security",
            "identities",
            "How do you manage identities for people and machines?",
            "",
            "",
            "True",
            "",
            "",
            "NA",
            "No human users: machine-to-machine API",
        ],
        &[
            "security",
            "identities",
            "",
            "sec_identities_enforce_mechanisms",
            "Use strong sign-in mechanisms",
            "UNSELECTED",
            "NONE",
            "",
            "",
            "",
        ],
        &[
            "security",
            "permissions",
            "How do you manage permissions?",
            "",
            "",
            "True",
            "",
            "",
            "",
            "Reviewed 2026-10",
        ],
        &[
            "security",
            "permissions",
            "",
            "sec_permissions_no",
            "None of these",
            "UNSELECTED",
            "NONE",
            "",
            "X",
            "",
        ],
        &[
            "security",
            "permissions",
            "",
            "sec_permissions_define",
            "Define access requirements",
            "UNSELECTED",
            "NONE",
            "",
            "",
            "",
        ],
    ];
    let p = one_sheet(d.path(), "roundtrip.xlsx", "wellarchitected", data);
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    assert_eq!(
        answer(&r, "SEC01-BP01").notes.as_deref(),
        Some("Landing zone")
    );
    assert_eq!(status(&r, "SEC01-BP02"), PracticeStatus::Implemented);
    assert_eq!(
        status(&r, "SEC01-BP03"),
        PracticeStatus::NotImplemented,
        "unticked in an answered question"
    );
    let q2 = r.questions.iter().find(|q| q.question == "SEC02").unwrap();
    assert_eq!(
        q2.not_applicable.as_deref(),
        Some("No human users: machine-to-machine API")
    );
    let q3 = r.questions.iter().find(|q| q.question == "SEC03").unwrap();
    assert!(q3.none_selected);
    assert_eq!(q3.notes.as_deref(), Some("Reviewed 2026-10"));
    assert_eq!(status(&r, "SEC03-BP01"), PracticeStatus::NotImplemented);
    assert!(!warnings(&r).contains("other pillars"));
    assert!(
        r.answers.iter().any(|a| a.practice.starts_with("OPS01-")),
        "the Operational Excellence rows are read"
    );

    // The same layout as the pipe-separated text variant, with its `sep=|` line.
    let psv = "sep=|\nlens|pillar id|question id|question title|choice id|choice title|choice status|choice reason|question description|X or NA|Reason/Notes\n\
               wellarchitected|security|securely-operate|How…|sec_securely_operate_multi_accounts|Separate|UNSELECTED|NONE|desc|X|\n\
               wellarchitected|security|securely-operate|How…|sec_securely_operate_aws_account|Root|UNSELECTED|NONE|desc||\n\
               serverless|security|x|How…|y|z|UNSELECTED|NONE|desc|X|\n";
    let (_d, p) = temp_file("answers.psv", psv.as_bytes());
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    assert_eq!(status(&r, "SEC01-BP02"), PracticeStatus::NotImplemented);
    assert!(
        warnings(&r).contains("lens `serverless`"),
        "{}",
        warnings(&r)
    );
}

#[test]
fn layout_c_a_practice_keyed_csv_like_steampipe() {
    let csv = "pillar,best_practise_area,question,best_practise,region,reason,resource,status\n\
               security,security-foundations,SEC01,SEC01-BP01,ap-southeast-2,Customer is using AWS Landing Zone Accelerator,customer,ok\n\
               security,security-foundations,SEC01,SEC01-BP02,ap-southeast-2,,customer,error\n\
               \n\
               security,permissions-management,SEC03,SEC03-BP09,ap-southeast-2,No third parties,customer,skip\n\
               security,permissions-management,SEC03,SEC03-BP01,ap-southeast-2,Manual check needed,customer,info\n\
               \n\
               reliability,foundations,REL01,REL01-BP01,ap-southeast-2,,customer,ok\n";
    let (_d, p) = temp_file("war.csv", csv.as_bytes());
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    assert_eq!(
        answer(&r, "SEC01-BP01").notes.as_deref(),
        Some("Customer is using AWS Landing Zone Accelerator")
    );
    assert_eq!(status(&r, "SEC01-BP02"), PracticeStatus::NotImplemented);
    assert_eq!(status(&r, "SEC03-BP09"), PracticeStatus::NotApplicable);
    assert_eq!(
        answer(&r, "SEC03-BP09").na_reason.as_deref(),
        Some("No third parties"),
        "the reason column is the N/A reason"
    );
    assert_eq!(status(&r, "SEC03-BP01"), PracticeStatus::Unanswered);
    // Rows are numbered as a spreadsheet shows them: blank lines count.
    assert!(
        answer(&r, "SEC03-BP09")
            .source
            .to_string()
            .ends_with("/war.csv, row 5")
    );
    assert_eq!(
        status(&r, "REL01-BP01"),
        PracticeStatus::Implemented,
        "a Reliability row is read like any other"
    );
}

#[test]
fn practices_are_found_by_any_id_form_or_title() {
    let csv = "Practice;Status;Notes\n\
               SEC1-BP1;Yes;\n\
               SEC 01 BP 02;No;\n\
               sec_securely_operate_control_objectives;X;\n\
               \u{201C}Stay up to date with security threats and recommendations\u{201D};Partial;half done\n\
               sec_detect_investigate_events_auto_response;implemented;old choice id\n\
               Keep up-to-date with security recommendations;N/A;\n\
               Implement\u{00A0}managed services;done;old title\n";
    let (_d, p) = temp_file("ids.csv", csv.as_bytes());
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    assert_eq!(status(&r, "SEC01-BP02"), PracticeStatus::NotImplemented);
    assert_eq!(status(&r, "SEC01-BP03"), PracticeStatus::Implemented);
    // Partial counts as not implemented, and the notes say so.
    let bp04 = answer(&r, "SEC01-BP04");
    assert_eq!(bp04.status, PracticeStatus::NotImplemented);
    assert_eq!(
        bp04.notes.as_deref(),
        Some(
            "Partially implemented (status \"Partial\" in the spreadsheet): counted as not implemented.\nhalf done"
        )
    );
    // An old choice id maps to the current practice, and is remembered.
    assert_eq!(status(&r, "SEC04-BP04"), PracticeStatus::Implemented);
    assert_eq!(
        answer(&r, "SEC04-BP04").legacy_ids,
        ["sec_detect_investigate_events_auto_response"]
    );
    assert_eq!(status(&r, "SEC01-BP05"), PracticeStatus::Implemented);
    let w = warnings(&r);
    assert!(
        w.contains("SEC01-BP04 answered as partly implemented count as not implemented"),
        "{w}"
    );
    // The old "recommendations" practice (N/A without a reason) was merged into SEC01-BP04: its
    // row is combined with the current one, conservatively.
    assert!(w.contains("without a reason"), "{w}");
}

// ---------------------------------------------------------------------------------------------
// CSV dialects.

#[test]
fn csv_separators_encodings_and_typography_are_tolerated() {
    let expect = |r: &Review| {
        assert_eq!(status(r, "SEC01-BP01"), PracticeStatus::Implemented);
        assert_eq!(status(r, "SEC01-BP02"), PracticeStatus::NotApplicable);
        assert_eq!(
            answer(r, "SEC01-BP02").na_reason.as_deref(),
            Some("Café, no root user")
        );
    };
    let body = "BP ID{s}Status{s}N/A reason\nSEC01-BP01{s}Implemented{s}\nSEC01-BP02{s}N/A{s}\"Café, no root user\"\n";
    for sep in [",", ";", "\t"] {
        let text = body.replace("{s}", sep);
        let (_d, p) = temp_file("a.csv", text.as_bytes());
        expect(&load_one(&p));
        // With a UTF-8 byte-order mark, as Excel writes "CSV UTF-8".
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        let (_d, p) = temp_file("a.csv", &bom);
        expect(&load_one(&p));
    }
    // UTF-16 with a byte-order mark, as Excel writes "Unicode Text" (tab-separated).
    let text = body.replace("{s}", "\t");
    let mut le = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        le.extend(u.to_le_bytes());
    }
    let (_d, p) = temp_file("a.txt", &le);
    expect(&load_one(&p));
    // Windows-1252, as Excel on Windows writes "CSV (Comma delimited)": read, with a warning.
    let cp1252: Vec<u8> = text
        .replace('\t', ",")
        .chars()
        .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
        .collect();
    let (_d, p) = temp_file("a.csv", &cp1252);
    let r = load_one(&p);
    expect(&r);
    assert!(
        warnings(&r).contains("read as Windows-1252"),
        "{}",
        warnings(&r)
    );
    // Headers and values with odd spacing, curly quotes and non-breaking spaces; the header
    // row below a title.
    let odd = "Security review answers,,\n,,\n\u{00A0}Best\u{00A0}practice ,\u{201C}Status\u{201D}, Notes (optional) \n\u{201C}SEC01-BP01\u{201D}, Not\u{00A0}Implemented ,keep \u{201C}this\u{201D}\n";
    let (_d, p) = temp_file("odd.csv", odd.as_bytes());
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::NotImplemented);
    assert_eq!(
        answer(&r, "SEC01-BP01").notes.as_deref(),
        Some("keep \u{201C}this\u{201D}")
    );
    assert!(
        answer(&r, "SEC01-BP01")
            .source
            .to_string()
            .ends_with("/odd.csv, row 4")
    );
}

// ---------------------------------------------------------------------------------------------
// Workbook cells.

#[test]
fn workbook_cells_formulas_merges_hidden_and_blank_rows_dates() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Answers").unwrap();
    rows(ws, 0, &[&["BP ID", "Status", "Target date", "Notes"]]);
    // A formula with its cached value.
    ws.write_string(1, 0, "SEC01-BP01").unwrap();
    ws.write_formula(
        1,
        1,
        Formula::new("=IF(1=1,\"Implemented\",\"No\")").set_result("Implemented"),
    )
    .unwrap();
    // A status merged over three rows counts for each.
    for (i, bp) in ["SEC02-BP01", "SEC02-BP02", "SEC02-BP03"]
        .iter()
        .enumerate()
    {
        ws.write_string(2 + i as u32, 0, *bp).unwrap();
    }
    ws.merge_range(2, 1, 4, 1, "Not implemented", &Format::new())
        .unwrap();
    // A blank row, then a hidden row (it is data).
    ws.write_string(6, 0, "SEC03-BP01").unwrap();
    ws.write_string(6, 1, "No").unwrap();
    ws.set_row_hidden(6).unwrap();
    // Dates: a date cell, a serial number, text.
    ws.write_string(7, 0, "SEC04-BP01").unwrap();
    ws.write_string(7, 1, "No").unwrap();
    ws.write_datetime_with_format(
        7,
        2,
        ExcelDateTime::from_ymd(2027, 1, 31).unwrap(),
        &Format::new().set_num_format("dd/mm/yyyy"),
    )
    .unwrap();
    ws.write_string(8, 0, "SEC04-BP02").unwrap();
    ws.write_string(8, 1, "No").unwrap();
    ws.write_number(8, 2, 46_112.0).unwrap();
    ws.write_string(9, 0, "SEC04-BP03").unwrap();
    ws.write_string(9, 1, "No").unwrap();
    ws.write_string(9, 2, " 2027-02-28 ").unwrap();
    // A boolean status.
    ws.write_string(10, 0, "SEC05-BP01").unwrap();
    ws.write_boolean(10, 1, true).unwrap();
    let p = save(&mut wb, d.path(), "cells.xlsx");
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    for bp in ["SEC02-BP01", "SEC02-BP02", "SEC02-BP03"] {
        assert_eq!(status(&r, bp), PracticeStatus::NotImplemented, "{bp}");
    }
    assert_eq!(status(&r, "SEC03-BP01"), PracticeStatus::NotImplemented);
    assert!(
        answer(&r, "SEC03-BP01")
            .source
            .to_string()
            .ends_with("/cells.xlsx, sheet 'Answers', row 7")
    );
    let date = |bp| answer(&r, bp).target_date.unwrap().to_string();
    assert_eq!(date("SEC04-BP01"), "2027-01-31");
    assert_eq!(date("SEC04-BP02"), "2026-03-31");
    assert_eq!(date("SEC04-BP03"), "2027-02-28");
    assert_eq!(status(&r, "SEC05-BP01"), PracticeStatus::Implemented);
}

// ---------------------------------------------------------------------------------------------
// Bad input: every problem located, all listed, snapshot-tested.

pub(crate) fn errors_of(dir: &Path, args: &[&str]) -> String {
    let mut a = vec!["validate"];
    a.extend(args);
    a.extend(["--date", DATE]);
    let o = wafr_in(dir, &a);
    format!("exit {}\n{}", code(&o), stderr(&o))
}

#[test]
fn bad_answers_are_all_reported_with_sheet_row_and_column() {
    let d = tempfile::tempdir().unwrap();
    let mut data: Vec<Vec<String>> = vec![vec![
        "Question".into(),
        "BP ID".into(),
        "Choice ID".into(),
        "Status".into(),
        "Notes".into(),
        "Effort".into(),
        "Target date".into(),
        "N/A reason".into(),
        "Depends on".into(),
        "Reviewer".into(),
    ]];
    let cat = catalog();
    for p in cat.lens.practices.iter().take(20) {
        data.push(vec![
            p.question.clone(),
            p.id.clone(),
            p.choice_id.clone(),
            "Implemented".into(),
        ]);
    }
    let set = |data: &mut Vec<Vec<String>>, row: usize, col: usize, v: &str| {
        let r = &mut data[row - 1];
        while r.len() <= col {
            r.push(String::new());
        }
        r[col] = v.into();
    };
    set(&mut data, 14, 3, "Yess");
    set(&mut data, 3, 5, "Huge");
    set(&mut data, 4, 6, "31/12/2026");
    set(&mut data, 5, 3, "Not applicable");
    set(&mut data, 6, 1, "SEC01-BP99");
    set(&mut data, 7, 2, "sec_identities_unique");
    set(&mut data, 8, 0, "SEC05");
    set(&mut data, 9, 8, "SEC01-BP01, SEC42-BP01");
    set(&mut data, 10, 7, "we think so");
    set(&mut data, 11, 9, "Alice");
    set(&mut data, 12, 4, "bell \u{7} here");
    data.push(vec![
        "".into(),
        "".into(),
        "".into(),
        "Implemented".into(),
        "orphan".into(),
    ]);
    let refs: Vec<Vec<&str>> = data
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    one_sheet(d.path(), "answers.xlsx", "Answers", &refs);
    let out = errors_of(d.path(), &["answers.xlsx"]);
    assert!(
        out.contains(
            "answers.xlsx, sheet 'Answers', row 14, column D (Status): unknown status \"Yess\""
        ),
        "{out}"
    );
    golden("sheets-bad-answers.txt", &out);
}

#[test]
fn bad_registers_workload_and_csv_are_reported() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Workload").unwrap();
    rows(
        ws,
        0,
        &[
            &["Field", "Value"],
            &["Workload name", "A"],
            &["Review date", "next week"],
            &["Cost centre", "42"],
            &["", "stray"],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Evidence").unwrap();
    rows(
        ws,
        0,
        &[
            &["ID", "Title", "Location", "SHA-256", "Expires on"],
            &["EV-1", "", "x", "abc", "soon"],
            &["", "T", "", "", ""],
            &["EV-2", "ok", "y", "", ""],
            &["EV-2", "different", "y", "", ""],
        ],
    );
    ws.write_formula(5, 0, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    ws.write_string(5, 1, "A formula that failed").unwrap();
    ws.write_string(5, 2, "z").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Waivers").unwrap();
    rows(
        ws,
        0,
        &[
            &["ID", "Target", "Title", "Justification", "Approved on"],
            &["AR-1", "", "t", "", "2026-02-30"],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Notes").unwrap();
    rows(ws, 0, &[&["just some text"]]);
    save(&mut wb, d.path(), "registers.xlsx");
    std::fs::write(d.path().join("empty-header.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(
        d.path().join("latin.csv"),
        b"BP,Status\nSEC01-BP01,Implemented\x81\n",
    )
    .unwrap();
    let mut out = errors_of(d.path(), &["registers.xlsx"]);
    out.push_str(&errors_of(d.path(), &["empty-header.csv"]));
    out.push_str(&errors_of(d.path(), &["latin.csv"]));
    golden("sheets-bad-registers.txt", &out);
    assert!(
        out.contains(
            "registers.xlsx, sheet 'Evidence', row 2, column E (Expires on): \"soon\" is not a date"
        ),
        "{out}"
    );
}

#[test]
fn conflicts_between_files_and_rows_name_both_places() {
    let d = tempfile::tempdir().unwrap();
    one_sheet(
        d.path(),
        "a.xlsx",
        "Answers",
        &[
            &["BP ID", "Status", "Owner"],
            &["SEC01-BP01", "Implemented", "Ann"],
        ],
    );
    std::fs::write(
        d.path().join("b.csv"),
        "BP,Status,Owner\nSEC01-BP01,Not implemented,Bob\nSEC01-BP02,Yes,\nSEC01-BP02,No,\n",
    )
    .unwrap();
    let out = errors_of(d.path(), &["a.xlsx", "b.csv"]);
    assert!(out.contains("b.csv, row 2: SEC01-BP01 is answered \"Not implemented\" here and \"Implemented\" elsewhere"), "{out}");
    assert!(
        out.contains("the other value is at a.xlsx, sheet 'Answers', row 2"),
        "{out}"
    );
    golden("sheets-conflicts.txt", &out);
}

#[test]
fn several_files_combine_answers_evidence_and_workload() {
    let d = tempfile::tempdir().unwrap();
    one_sheet(
        d.path(),
        "answers.xlsx",
        "Answers",
        &[
            &["BP ID", "Status", "Evidence"],
            &["SEC01-BP01", "Implemented", "EV-7"],
        ],
    );
    std::fs::write(
        d.path().join("evidence.csv"),
        "Evidence ID;Title;Supports;Expires on\nEV-7;Org chart;SEC01-BP01;2027-06-30\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("scope.csv"),
        "Field,Value\nWorkload name,Ledger\nAWS account IDs,\"111111111111, 222222222222\"\n",
    )
    .unwrap();
    let a = assess(&[
        d.path().join("answers.xlsx"),
        d.path().join("evidence.csv"),
        d.path().join("scope.csv"),
    ])
    .unwrap();
    assert_eq!(a.workload.name, "Ledger");
    assert_eq!(a.workload.aws_accounts, ["111111111111", "222222222222"]);
    let bp = a.practice("SEC01-BP01").unwrap();
    assert_eq!(bp.evidence[0].reference, "EV-7");
    assert_eq!(bp.evidence[0].title, "Org chart");
    assert_eq!(
        a.sources
            .iter()
            .map(|s| s.format.as_str())
            .collect::<Vec<_>>(),
        ["xlsx", "csv", "csv"]
    );
    assert_eq!(bp.finding, None::<Finding>);
}

// ---------------------------------------------------------------------------------------------
// Broken files and limits.

/// A zip archive built entry by entry (stored or deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            let opts = zip::write::SimpleFileOptions::default().compression_method(
                if *name == "mimetype" {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                },
            );
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// Rewrites the uncompressed size (and, when given, the compressed size) the archive declares
/// for every entry.
fn lie_about_sizes(mut z: Vec<u8>, size: u32, packed: Option<u32>) -> Vec<u8> {
    let le = size.to_le_bytes();
    let mut i = 0;
    while i + 30 < z.len() {
        if z[i..i + 4] == *b"PK\x03\x04" {
            z[i + 22..i + 26].copy_from_slice(&le);
            if let Some(p) = packed {
                z[i + 18..i + 22].copy_from_slice(&p.to_le_bytes());
            }
        } else if z[i..i + 4] == *b"PK\x01\x02" {
            z[i + 24..i + 28].copy_from_slice(&le);
            if let Some(p) = packed {
                z[i + 20..i + 24].copy_from_slice(&p.to_le_bytes());
            }
        }
        i += 1;
    }
    z
}

fn ods_with(content: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#),
        ("content.xml", content.as_bytes()),
    ])
}

fn ods_rows(rows_xml: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Answers">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

fn ods_cell(s: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
    )
}

#[test]
fn ods_merged_cells_and_repeated_values() {
    let spanned = r#"<table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="1" office:value-type="string"><text:p>No</text:p></table:table-cell>"#;
    let content = ods_rows(&format!(
        "<table:table-row>{}{}</table:table-row>\
         <table:table-row>{}{spanned}</table:table-row>\
         <table:table-row>{}<table:covered-table-cell/></table:table-row>\
         <table:table-row table:number-rows-repeated=\"3\"><table:table-cell/></table:table-row>\
         <table:table-row>{}<table:table-cell office:value-type=\"date\" office:date-value=\"2027-01-31\"><text:p>31/01/27</text:p></table:table-cell></table:table-row>",
        ods_cell("BP"),
        ods_cell("Status"),
        ods_cell("SEC02-BP01"),
        ods_cell("SEC02-BP02"),
        ods_cell("SEC03-BP01"),
    ));
    let content = content.replace(
        &format!("{}{}</table:table-row>", ods_cell("BP"), ods_cell("Status")),
        &format!(
            "{}{}{}</table:table-row>",
            ods_cell("BP"),
            ods_cell("Status"),
            ods_cell("Target date")
        ),
    );
    let content = content.replace(
        r#"<table:table-cell office:value-type="date""#,
        &format!(
            r#"{}<table:table-cell office:value-type="date""#,
            ods_cell("No")
        ),
    );
    let (_d, p) = temp_file("merged.ods", &ods_with(&content));
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC02-BP01"), PracticeStatus::NotImplemented);
    assert_eq!(
        status(&r, "SEC02-BP02"),
        PracticeStatus::NotImplemented,
        "the merged value counts for row 3"
    );
    assert_eq!(
        answer(&r, "SEC03-BP01").target_date.unwrap().to_string(),
        "2027-01-31"
    );
    assert!(
        answer(&r, "SEC03-BP01")
            .source
            .to_string()
            .ends_with("sheet 'Answers', row 7")
    );
}

#[test]
fn broken_files_get_clear_errors_and_exit_1() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    for f in ["encrypted.xlsx", "encrypted.xls"] {
        std::fs::copy(path(&format!("tests/fixtures/sheets/{f}")), dir.join(f)).unwrap();
    }
    let good = {
        let p = one_sheet(
            dir,
            "good.xlsx",
            "Answers",
            &[&["BP", "Status"], &["SEC01-BP01", "Yes"]],
        );
        std::fs::read(p).unwrap()
    };
    put("truncated.xlsx", &good[..good.len() / 2]);
    put(
        "random.xlsx",
        &[0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    put(
        "word.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ]),
    );
    put(
        "binary.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.bin", b"\x00\x01"),
        ]),
    );
    put("report.csv", b"%PDF-1.7\n");
    put(
        "export.xls",
        b"<html><body><table><tr><td>BP</td></tr></table></body></html>",
    );
    put("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    // A zip bomb: 64 MiB of zeros in 64 KiB.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    put(
        "bomb.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/worksheets/sheet1.xml", &zeros),
        ]),
    );
    // An archive that lies: it declares 1,000 bytes and inflates to 2 MiB.
    let lying = lie_about_sizes(
        zip_of(&[("xl/worksheets/sheet1.xml", &zeros[..2 * 1024 * 1024])]),
        1000,
        None,
    );
    put("lying.xlsx", &lying);
    // An archive that says it holds more than 256 MiB.
    put(
        "huge.xlsx",
        &lie_about_sizes(
            zip_of(&[("xl/a.xml", b"a"), ("xl/b.xml", b"b")]),
            200 * 1024 * 1024,
            Some(1024 * 1024),
        ),
    );
    // ODS rows repeated a million times: refused before calamine expands them.
    let rep = format!(
        r#"<table:table-row table:number-rows-repeated="1000000">{}</table:table-row>"#,
        ods_cell("SEC01-BP01")
    );
    put(
        "repeated.ods",
        &ods_with(&ods_rows(&format!(
            "<table:table-row>{}{}</table:table-row>{rep}",
            ods_cell("BP"),
            ods_cell("Status")
        ))),
    );
    // An XLSX cell a million rows down: streamed, so it costs one cell, and refused.
    {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        rows(ws, 0, &[&["BP", "Status"], &["SEC01-BP01", "Yes"]]);
        ws.write_string(999_999, 0, "far away").unwrap();
        save(&mut wb, dir, "far.xlsx");
    }
    let mut out = String::new();
    for f in [
        "encrypted.xlsx",
        "encrypted.xls",
        "truncated.xlsx",
        "random.xlsx",
        "word.xlsx",
        "binary.xlsx",
        "report.csv",
        "export.xls",
        "image.csv",
        "bomb.xlsx",
        "lying.xlsx",
        "huge.xlsx",
        "repeated.ods",
        "far.xlsx",
    ] {
        let o = wafr_in(dir, &["validate", f, "--date", DATE]);
        assert_eq!(code(&o), 1, "{f}: {}", stderr(&o));
        out.push_str(&format!("== {f}\n{}", stderr(&o)));
    }
    golden("sheets-broken-files.txt", &out);
    assert!(
        out.contains("encrypted.xlsx: the workbook is password-protected"),
        "{out}"
    );
}

#[test]
fn row_and_cell_limits() {
    // 250,000 rows are read; one more is refused, naming the row.
    let mut csv = String::from("BP ID,Status,Notes\n");
    for _ in 1..250_000 {
        csv.push_str(",,x\n");
    }
    let (_d, p) = temp_file("big.csv", csv.as_bytes());
    let e = load(&[p]).unwrap_err();
    assert!(
        show(&e).contains("row 3: the row names no best practice"),
        "rows are read to the end"
    );
    csv.push_str("SEC01-BP01,Yes,\n");
    let (_d, p) = temp_file("big.csv", csv.as_bytes());
    let e = show(&load(&[p]).unwrap_err());
    assert!(
        e.contains("big.csv, row 250001: data in row 250001: a sheet may hold at most 250000 rows"),
        "{e}"
    );
    // A cell of 32,767 characters is kept verbatim; one more is refused.
    let ok = "y".repeat(32_767);
    let (_d, p) = temp_file(
        "long.csv",
        format!("BP,Status,Notes\nSEC01-BP01,Yes,{ok}\n").as_bytes(),
    );
    assert_eq!(
        answer(&load_one(&p), "SEC01-BP01").notes.as_deref(),
        Some(ok.as_str())
    );
    let (_d, p) = temp_file(
        "long.csv",
        format!("BP,Status,Notes\nSEC01-BP01,Yes,{ok}y\n").as_bytes(),
    );
    let e = show(&load(&[p]).unwrap_err());
    assert!(e.contains("long.csv, row 2, column C (Notes): the cell is 32768 characters long; the limit is 32767"), "{e}");
}

#[test]
fn extension_that_lies_is_read_by_content_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let p = one_sheet(
        d.path(),
        "answers.csv",
        "Answers",
        &[&["BP", "Status"], &["SEC01-BP01", "Yes"]],
    );
    let r = load_one(&p);
    assert_eq!(status(&r, "SEC01-BP01"), PracticeStatus::Implemented);
    assert_eq!(r.sources[0].format, "xlsx");
    assert!(
        warnings(&r)
            .contains("the file is named .csv but holds an XLSX workbook; it was read as xlsx")
    );
    let (_d, p) = temp_file("answers.xlsx", b"BP,Status\nSEC01-BP01,Yes\n");
    let r = load_one(&p);
    assert_eq!(r.sources[0].format, "csv");
    assert!(warnings(&r).contains("named .xlsx but holds text"));
    // An ODS named .xlsx.
    let ods = ods_with(&ods_rows(&format!(
        "<table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row>",
        ods_cell("BP"),
        ods_cell("Status"),
        ods_cell("SEC01-BP01"),
        ods_cell("Yes")
    )));
    let (_d, p) = temp_file("answers.xlsx", &ods);
    let r = load_one(&p);
    assert_eq!(
        (r.sources[0].format.as_str(), status(&r, "SEC01-BP01")),
        ("ods", PracticeStatus::Implemented)
    );
}

#[test]
fn every_header_alias_and_status_word_is_documented() {
    use wafr::import::tables::columns::*;
    let doc = read("docs/spreadsheet-import.md");
    let tables = [
        ANSWER_HEADERS,
        EVIDENCE_HEADERS,
        RISK_HEADERS,
        CONTROL_HEADERS,
        WORKLOAD_HEADERS,
    ];
    for (alias, _) in tables.iter().flat_map(|t| t.iter()) {
        assert!(
            doc.contains(&format!("`{alias}`")),
            "header alias `{alias}` is not in docs/spreadsheet-import.md"
        );
    }
    for (label, _) in WORKLOAD_LABELS {
        assert!(
            doc.contains(&format!("`{label}`")),
            "workload label `{label}` is not documented"
        );
    }
    for (word, _) in wafr::import::tables::STATUS_WORDS {
        assert!(
            doc.contains(&format!("`{word}`")),
            "status word `{word}` is not documented"
        );
    }
}

/// A word outside a fixed vocabulary in the Controls sheet is an error at its cell that names
/// the accepted words (as effort is in the Answers sheet; both go through one helper).
#[test]
fn unknown_responsibility_in_the_controls_sheet_names_its_cell_and_the_words() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Answers").unwrap();
    rows(
        ws,
        0,
        &[
            &["Question", "BP", "Choice id", "Status"],
            &["SEC01", "SEC01-BP01", "", "Implemented"],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Controls").unwrap();
    rows(
        ws,
        0,
        &[
            &[
                "Framework",
                "Control",
                "Responsibility",
                "Not applicable reason",
                "Owner",
                "Notes",
            ],
            &["iso27001-2022", "A.7.1", "the landlord", "", "", ""],
        ],
    );
    save(&mut wb, d.path(), "controls.xlsx");
    let out = errors_of(d.path(), &["controls.xlsx"]);
    assert!(
        out.contains(
            "controls.xlsx, sheet 'Controls', row 2, column C (Responsibility): unknown responsibility \"the landlord\" (customer, shared or aws)"
        ),
        "{out}"
    );
    assert!(out.starts_with("exit 1"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Issue 16: no answer lost without an error.

#[test]
fn r16_a_sheet_naming_practices_without_a_header_is_an_error_not_a_skipped_sheet() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Answers").unwrap();
    rows(ws, 0, &[&["Practice code", "Done"], &["SEC01-BP01", "yes"]]);
    let ws = wb.add_worksheet();
    ws.set_name("Evidence register").unwrap();
    rows(
        ws,
        0,
        &[
            &["ID", "Title", "Supports"],
            &["EV-1", "Access review", "SEC01-BP01"],
        ],
    );
    save(&mut wb, d.path(), "answers.xlsx");
    let out = errors_of(d.path(), &["answers.xlsx"]);
    assert!(out.starts_with("exit 1"), "{out}");
    assert!(
        out.contains("answers.xlsx, sheet 'Answers', row 2, column A: this sheet names best practices (\"SEC01-BP01\") but has no header row wafr recognises"),
        "{out}"
    );
    // A sheet that names no practice is still skipped with a warning.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Answers").unwrap();
    rows(ws, 0, &[&["BP ID", "Status"], &["SEC01-BP01", "yes"]]);
    let ws = wb.add_worksheet();
    ws.set_name("Scratch").unwrap();
    rows(ws, 0, &[&["shopping list"], &["milk"]]);
    let p = save(&mut wb, d.path(), "ok.xlsx");
    let r = load_one(&p);
    assert!(warnings(&r).contains("sheet 'Scratch'"), "{}", warnings(&r));
}

#[test]
fn r16_a_table_without_status_only_supplements_answers_given_elsewhere() {
    let d = tempfile::tempdir().unwrap();
    let owners = d.path().join("owners.csv");
    std::fs::write(&owners, "BP ID,Owner\nSEC03-BP09,alice\n").unwrap();
    // Alone it answers nothing: an error.
    let e = load(std::slice::from_ref(&owners)).unwrap_err();
    assert!(
        show(&e).contains("row 1: this answers table has no status column and no other input answers its practices"),
        "{}",
        show(&e)
    );
    // With the example review, it adds owners to answers given there: a warning says so.
    let r = load(&[example(), owners]).unwrap();
    assert_eq!(answer(&r, "SEC03-BP09").owner.as_deref(), Some("alice"));
    assert!(
        warnings(&r).contains("has no status column"),
        "{}",
        warnings(&r)
    );
}

#[test]
fn r16_an_unknown_column_of_free_text_stays_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("a.csv");
    std::fs::write(
        &p,
        "BP ID,Status,Comments by Bob\nSEC01-BP01,yes,looks fine to me\n",
    )
    .unwrap();
    let r = load_one(&p);
    assert!(
        warnings(&r)
            .contains("column C (Comments by Bob): unknown column: its 1 value was not imported"),
        "{}",
        warnings(&r)
    );
}

/// How a practice of an older lens was mapped is said once (`LegacyPractice::judgement`), for
/// spreadsheet rows and WA Tool choices alike.
#[test]
fn a_legacy_match_says_how_it_took_judgement() {
    use wafr::model::catalog::{LegacyMatch, LegacyPractice};
    let old = |matched, note: Option<&str>| LegacyPractice {
        lens_version: "2023-10-03".into(),
        old_bp_id: "SEC01-BP01".into(),
        old_choice_id: "c".into(),
        old_title: "t".into(),
        old_risk: None,
        current: Some("SEC01-BP02".into()),
        matched,
        note: note.map(str::to_owned),
    };
    for (matched, note, want) in [
        (LegacyMatch::Same, None, None),
        (LegacyMatch::Renumbered, Some("n"), None),
        (LegacyMatch::Removed, None, None),
        (LegacyMatch::Merged, None, Some("merged")),
        (
            LegacyMatch::Inferred,
            Some("closest"),
            Some("by judgement; closest"),
        ),
    ] {
        assert_eq!(old(matched, note).judgement().as_deref(), want);
    }
}

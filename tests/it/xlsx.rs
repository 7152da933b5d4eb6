//! Issue 5: the auditor XLSX control matrix, read back with calamine (and the raw sheet XML for
//! what calamine does not expose: frozen panes, autofilter, drop-downs).

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx};
use wafr::model::assessment::{Assessment, ControlStatus};
use wafr::render::{Format, RenderOptions};

use crate::common::*;

type Book = Xlsx<Cursor<Vec<u8>>>;

fn render(a: &Assessment) -> Vec<u8> {
    wafr::render::render(Format::Xlsx, a, &RenderOptions::default())
        .unwrap()
        .bytes
}

fn open(bytes: &[u8]) -> Book {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

/// A sheet as a grid from A1 (calamine ranges start at the first used cell).
fn grid(book: &mut Book, name: &str) -> Vec<Vec<Data>> {
    let r = book
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    let Some((er, ec)) = r.end() else {
        return Vec::new();
    };
    (0..=er)
        .map(|i| {
            (0..=ec)
                .map(|j| r.get_value((i, j)).cloned().unwrap_or(Data::Empty))
                .collect()
        })
        .collect()
}

fn s(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::DateTime(x) => format!("date:{}", excel_to_date(x.as_f64())),
        other => format!("{other:?}"),
    }
}

fn excel_to_date(serial: f64) -> time::Date {
    time::macros::date!(1899 - 12 - 30) + time::Duration::days(serial as i64)
}

/// A table sheet: header row (the last row of the frozen pane) and data rows.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl Table {
    fn read(book: &mut Book, name: &str, header_row: usize) -> Self {
        let g = grid(book, name);
        Table {
            header: g[header_row].iter().map(s).collect(),
            rows: g[header_row + 1..].to_vec(),
        }
    }

    fn col(&self, h: &str) -> usize {
        self.header
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("no column {h:?} in {:?}", self.header))
    }

    fn get(&self, row: &[Data], h: &str) -> String {
        s(&row[self.col(h)])
    }

    fn row(&self, h: &str, value: &str) -> &Vec<Data> {
        self.rows
            .iter()
            .find(|r| self.get(r, h) == value)
            .unwrap_or_else(|| panic!("no row with {h} = {value:?}"))
    }

    fn column(&self, h: &str) -> Vec<String> {
        self.rows.iter().map(|r| self.get(r, h)).collect()
    }
}

/// The example assessed from its path relative to the project root (tests run there), so
/// the workbook names the file as a user would see it.
fn example_book() -> (Assessment, Vec<u8>) {
    let a = assess(&[PathBuf::from("examples/northwind/review.json")]).unwrap();
    let bytes = render(&a);
    (a, bytes)
}

/// The XML of one worksheet part, by sheet position (1-based).
fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut f = z.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
    let mut out = String::new();
    f.read_to_string(&mut out).unwrap();
    out
}

const SHEETS: [&str; 11] = [
    "README",
    "GDPR",
    "ISO 27001 SoA",
    "ISO 27001 clauses",
    "SOC 2",
    "Risk register",
    "Evidence gaps",
    "Evidence register",
    "Accepted risks",
    "Mapping",
    "Answers",
];

#[test]
fn report_writes_the_workbook_by_default() {
    let out = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--out",
        out.path().to_str().unwrap(),
        "--date",
        DATE,
        "--period",
        PERIOD,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(out.path().join("control-matrix.xlsx")).unwrap();
    assert_eq!(open(&bytes).sheet_names(), SHEETS);
    assert!(stdout(&o).contains("control-matrix.xlsx"));
}

#[test]
fn every_control_of_every_framework_has_one_row() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    let expect = [
        ("GDPR", "gdpr-2016", Some(false), 33),
        ("ISO 27001 SoA", "iso27001-2022", Some(false), 93),
        ("ISO 27001 clauses", "iso27001-2022", Some(true), 30),
        ("SOC 2", "soc2-tsc-2017", None, 61),
    ];
    for (sheet, fw, clauses, n) in expect {
        let t = Table::read(&mut book, sheet, 1);
        let f = a.framework(fw).unwrap();
        let ids: Vec<String> = f
            .controls
            .iter()
            .filter(|c| match clauses {
                Some(want) => (c.kind.as_deref() == Some("clause")) == want,
                None => true,
            })
            .map(|c| c.id.clone())
            .collect();
        assert_eq!(ids.len(), n, "{sheet}");
        assert_eq!(
            t.column("Control ID"),
            ids,
            "{sheet}: one row per control, in catalog order"
        );
        // Every row has a status from the fixed vocabulary.
        let labels: Vec<&str> = ControlStatus::ALL.iter().map(|s| s.label()).collect();
        for st in t.column("Status") {
            assert!(labels.contains(&st.as_str()), "{sheet}: status {st:?}");
        }
        // And the status of each row is the model's.
        for (row, id) in t.rows.iter().zip(&ids) {
            let c = f.controls.iter().find(|c| &c.id == id).unwrap();
            assert_eq!(t.get(row, "Status"), c.status.label(), "{sheet} {id}");
        }
    }
}

#[test]
fn matrix_headers_are_grouped_and_in_a_stable_order() {
    let (_, bytes) = example_book();
    let mut book = open(&bytes);
    let g = grid(&mut book, "SOC 2");
    let groups: Vec<String> = g[0].iter().map(s).filter(|x| !x.is_empty()).collect();
    assert_eq!(
        groups,
        [
            "Identification",
            "Applicability",
            "Mapping",
            "Review result (architectural risk)",
            "Evidence (certification gap)",
            "Disposition",
            "Auditor testing (to complete)"
        ]
    );
    let header: Vec<String> = g[1].iter().map(s).collect();
    assert_eq!(
        header,
        [
            "Framework",
            "Edition",
            "Control ID",
            "Title",
            "Group",
            "Theme / category",
            "Reach of the review",
            "Earlier-edition ids",
            "Applicable",
            "Justification (inclusion / exclusion)",
            "Responsibility",
            "Responsibility note",
            "Practices",
            "Relation",
            "Rationale",
            "Mapping source",
            "Practice statuses",
            "Risk level",
            "Evidence status",
            "Evidence references",
            "Evidence owner",
            "Evidence collected (oldest)",
            "Evidence expires (earliest)",
            "Status",
            "Status reason",
            "Accepted risk",
            "Remediation target date",
            "Owner",
            "Comments",
            "Test procedure",
            "Sample / population",
            "Test result",
            "Exceptions"
        ]
    );
    // The auditor's columns are left empty for the auditor.
    let t = Table::read(&mut book, "SOC 2", 1);
    for h in [
        "Test procedure",
        "Sample / population",
        "Test result",
        "Exceptions",
    ] {
        assert!(t.column(h).iter().all(String::is_empty), "{h}");
    }
}

#[test]
fn example_statuses_read_back() {
    let (_, bytes) = example_book();
    let mut book = open(&bytes);
    let soc2 = Table::read(&mut book, "SOC 2", 1);

    let cc61 = soc2.row("Control ID", "CC6.1");
    assert_eq!(soc2.get(cc61, "Status"), "Architectural risk");
    assert_eq!(soc2.get(cc61, "Risk level"), "High");
    assert_eq!(soc2.get(cc61, "Evidence status"), "Not evaluated");
    assert!(
        soc2.get(cc61, "Practices")
            .lines()
            .any(|l| l.starts_with("SEC02-BP01 ")),
    );
    assert!(
        soc2.get(cc61, "Practice statuses")
            .contains("SEC02-BP01: Not implemented (High risk, HRI)")
    );
    assert!(
        soc2.get(cc61, "Relation")
            .contains("SEC02-BP01: subset (drives status)")
    );
    assert_eq!(
        soc2.get(cc61, "Status reason"),
        "Not implemented: SEC02-BP01 (High)"
    );
    assert_eq!(
        soc2.get(cc61, "Remediation target date"),
        "date:2026-12-15",
        "a real date: SEC02-BP01's target"
    );

    let cc64 = soc2.row("Control ID", "CC6.4");
    assert_eq!(soc2.get(cc64, "Status"), "Inherited (AWS)");
    assert_eq!(soc2.get(cc64, "Responsibility"), "AWS (inherited)");
    assert_eq!(soc2.get(cc64, "Evidence status"), "AWS attestation");
    assert!(
        soc2.get(cc64, "Evidence references")
            .contains("AWS SOC 2 Type II report")
    );

    let p11 = soc2.row("Control ID", "P1.1");
    assert_eq!(soc2.get(p11, "Status"), "Not applicable");
    assert_eq!(soc2.get(p11, "Applicable"), "No");
    assert_eq!(
        soc2.get(p11, "Justification (inclusion / exclusion)"),
        "Northwind processes card data on behalf of merchants; privacy notices to data subjects are the merchants' duty."
    );
    assert_eq!(soc2.get(p11, "Owner"), "Data protection officer");

    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let a824 = soa.row("Control ID", "A.8.24");
    assert_eq!(soa.get(a824, "Status"), "Evidence stale");
    assert_eq!(soa.get(a824, "Evidence status"), "Stale");
    assert_eq!(soa.get(a824, "Applicable"), "Yes");
    assert!(soa.get(a824, "Evidence references").contains("(Expired)"));
    // A.5.18 is evidenced by an item registered for the control itself.
    let a518 = soa.row("Control ID", "A.5.18");
    assert_eq!(
        soa.get(a518, "Evidence references").lines().next().unwrap(),
        "EV-006 Quarterly access review, Q3 2026 (Current)"
    );
    assert_eq!(
        soa.get(a518, "Evidence collected (oldest)"),
        "date:2026-10-05"
    );
    // Physical controls are AWS's.
    assert_eq!(
        soa.get(soa.row("Control ID", "A.7.1"), "Status"),
        "Inherited (AWS)"
    );
    // Earlier-edition ids are shown for reuse of 2013 evidence.
    assert!(
        soa.column("Earlier-edition ids")
            .iter()
            .any(|x| x.starts_with("A."))
    );

    let clauses = Table::read(&mut book, "ISO 27001 clauses", 1);
    assert!(
        clauses
            .column("Justification (inclusion / exclusion)")
            .iter()
            .all(|j| j.starts_with("Mandatory requirement"))
    );

    let gdpr = Table::read(&mut book, "GDPR", 1);
    let art30 = gdpr.row("Control ID", "Art.30");
    assert_eq!(
        gdpr.get(art30, "Reach of the review"),
        "Organisational: legal or organisational duty"
    );
    assert_eq!(
        gdpr.get(gdpr.row("Control ID", "Art.32"), "Reach of the review"),
        "Technical: in reach"
    );
    assert_eq!(gdpr.get(art30, "Status"), "Outside review scope");
}

#[test]
fn risk_register_holds_architectural_risk_only() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    let t = Table::read(&mut book, "Risk register", 0);
    let findings: BTreeSet<String> = a
        .practices()
        .filter(|p| p.finding.is_some())
        .map(|p| p.id.clone())
        .collect();
    let ids: Vec<String> = t.column("Practice ID");
    assert_eq!(ids.len(), findings.len(), "one row per finding");
    assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), findings);
    assert_eq!(
        ids.len() as u32,
        a.summary.practices.hri + a.summary.practices.mri + a.summary.practices.lri
    );
    for r in &t.rows {
        let f = t.get(r, "Finding");
        assert!(
            f == "HRI" || f == "MRI" || f.starts_with("LRI"),
            "finding {f:?}"
        );
        assert!(t.get(r, "Practice status").starts_with("Not implemented"));
    }
    // No control status or evidence column: evidence gaps live elsewhere.
    assert!(
        !t.header
            .iter()
            .any(|h| h.contains("Evidence") || h == "Status")
    );
    // The plan first, in rank order.
    for (i, item) in a.plan.iter().enumerate() {
        assert_eq!(t.get(&t.rows[i], "Practice ID"), item.bp);
        assert_eq!(t.get(&t.rows[i], "Rank"), item.rank.to_string());
        assert_eq!(t.get(&t.rows[i], "Priority"), item.priority);
    }
    let first = &t.rows[0];
    assert_eq!(t.get(first, "Practice ID"), "SEC02-BP01");
    assert_eq!(t.get(first, "Finding"), "HRI");
    assert_eq!(t.get(first, "Target date"), "date:2026-12-15");
    assert!(
        t.get(first, "Controls at architectural risk")
            .contains("SOC 2 CC6.1")
    );
    // The waived MRI stays in the register, marked, outside the plan.
    let waived = t.row("Practice ID", "SEC10-BP07");
    assert_eq!(t.get(waived, "Rank"), "");
    assert!(
        t.get(waived, "Treatment")
            .starts_with("Accepted risk: AR-001")
    );
    assert!(t.get(waived, "Treatment").contains("in force"));
    assert_eq!(
        t.get(t.row("Practice ID", "SEC04-BP03"), "Finding"),
        "LRI (low risk, not an HRI or MRI)"
    );

    // Improvement guidance is a real hyperlink to the catalog's URL.
    let links = book.hyperlinks_by_sheet_name("Risk register").unwrap();
    let col = t.col("Improvement guidance") as u32;
    let guidance: Vec<_> = links.iter().filter(|l| l.range.start.1 == col).collect();
    assert_eq!(guidance.len(), t.rows.len());
    assert_eq!(
        guidance[0].target.as_deref(),
        Some(a.plan[0].improvement_url.as_str())
    );
}

#[test]
fn evidence_gaps_hold_evidence_gaps_only() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    let t = Table::read(&mut book, "Evidence gaps", 0);
    assert!(!t.rows.is_empty());
    for r in &t.rows {
        let st = t.get(r, "Control status");
        assert!(st == "Evidence missing" || st == "Evidence stale", "{st}");
        // A practice is named and it is implemented: never an architectural risk.
        let bp = t.get(r, "Practice ID");
        let p = a.practice(&bp).unwrap();
        assert_eq!(p.status, wafr::model::review::PracticeStatus::Implemented);
        assert_eq!(
            t.get(r, "Needed by (end of audit period)"),
            "date:2026-12-31"
        );
    }
    // Every control with an evidence gap is listed.
    let want: BTreeSet<(String, String)> = a
        .frameworks
        .iter()
        .flat_map(|f| {
            f.controls
                .iter()
                .filter(|c| c.status.is_evidence_gap())
                .map(move |c| (f.short_name.clone(), c.id.clone()))
        })
        .collect();
    let got: BTreeSet<(String, String)> = t
        .rows
        .iter()
        .map(|r| (t.get(r, "Framework"), t.get(r, "Control ID")))
        .collect();
    assert_eq!(got, want);
    // A.8.24 is stale because of SEC08-BP01/02's expired evidence, not because of SEC09.
    let a824: Vec<&Vec<Data>> = t
        .rows
        .iter()
        .filter(|r| t.get(r, "Control ID") == "A.8.24")
        .collect();
    let bps: Vec<String> = a824.iter().map(|r| t.get(r, "Practice ID")).collect();
    assert_eq!(bps, ["SEC08-BP01", "SEC08-BP02"]);
    assert!(
        t.get(a824[0], "Evidence needed")
            .starts_with("Renew or replace stale evidence")
    );
}

#[test]
fn registers_answers_and_mapping_are_complete() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);

    let ev = Table::read(&mut book, "Evidence register", 0);
    assert_eq!(
        ev.column("Evidence ID"),
        a.evidence.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
    );
    let ev8 = ev.row("Evidence ID", "EV-008");
    assert_eq!(ev.get(ev8, "State on report date"), "Expired");
    assert_eq!(ev.get(ev8, "Collected on"), "date:2025-09-01");
    assert_eq!(ev.get(ev8, "Expires on"), "date:2026-09-01");
    assert_eq!(
        ev.get(
            ev.row("Evidence ID", "EV-012"),
            "Expires inside audit period"
        ),
        "Yes"
    );
    let links = book.hyperlinks_by_sheet_name("Evidence register").unwrap();
    // https locations are links; the s3:// ones stay text.
    let https: Vec<&str> = a
        .evidence
        .iter()
        .filter_map(|e| e.location.as_deref())
        .filter(|l| l.starts_with("https://"))
        .collect();
    assert_eq!(https.len(), 10);
    let targets: Vec<&str> = links.iter().filter_map(|l| l.target.as_deref()).collect();
    assert_eq!(targets, https);
    assert_eq!(
        ev.get(ev.row("Evidence ID", "EV-002"), "Location"),
        "s3://northwind-audit-evidence/2026/root-mfa-report.csv"
    );

    let ar = Table::read(&mut book, "Accepted risks", 0);
    assert_eq!(
        ar.get(ar.row("Accepted risk ID", "AR-001"), "State on report date"),
        "In force"
    );
    assert_eq!(
        ar.get(ar.row("Accepted risk ID", "AR-002"), "State on report date"),
        "Expired"
    );
    assert_eq!(
        ar.get(ar.row("Accepted risk ID", "AR-002"), "Expires on"),
        "date:2026-09-30"
    );

    // Every practice-to-control row of the model, with relation, rationale and source.
    let m = Table::read(&mut book, "Mapping", 0);
    let n: usize = a
        .frameworks
        .iter()
        .flat_map(|f| f.controls.iter())
        .map(|c| c.practices.len())
        .sum();
    let none: usize = a.frameworks.iter().map(|f| f.no_mapping.len()).sum();
    assert!(
        none > 0,
        "the built-in crosswalks have explicit no-mapping rows"
    );
    assert_eq!(
        m.rows.len(),
        n + none,
        "every crosswalk row, explicit `none` rows included"
    );
    assert!(
        m.rows
            .iter()
            .any(|r| m.get(r, "Control ID") == "(none)" && m.get(r, "Relation") == "none")
    );
    assert!(m.column("Rationale").iter().all(|r| !r.is_empty()));
    assert!(
        m.column("Mapping data version")
            .iter()
            .all(|v| v == &a.mapping.version)
    );

    // Every imported answer: 55 answered practices and 2 question notes, verbatim, with place.
    let t = Table::read(&mut book, "Answers", 0);
    let kinds = t.column("Kind");
    assert_eq!(kinds.iter().filter(|k| *k == "Practice").count(), 55);
    assert_eq!(kinds.iter().filter(|k| *k == "Question").count(), 2);
    assert_eq!(t.rows.len(), 57);
    for p in a.practices().filter(|p| p.source.is_some()) {
        let r = t.row("Practice ID", &p.id);
        assert_eq!(
            t.get(r, "Notes"),
            p.notes.clone().unwrap_or_default(),
            "{}",
            p.id
        );
        assert_eq!(t.get(r, "Read from"), "examples/northwind/review.json");
    }
    let bp01 = t.row("Practice ID", "SEC02-BP01");
    assert_eq!(t.get(bp01, "Place in file"), "answers[8]");
    assert_eq!(t.get(bp01, "Answer"), "Not implemented");
    let q11 = t
        .rows
        .iter()
        .find(|r| t.get(r, "Kind") == "Question" && t.get(r, "Question") == "SEC11")
        .unwrap();
    assert_eq!(
        t.get(q11, "Notes"),
        "Application security is reviewed separately with the AppSec guild in December 2026."
    );
    assert_eq!(t.get(q11, "Place in file"), "questions[1]");
    let na = t.row("Practice ID", "SEC03-BP09");
    assert!(!t.get(na, "Not applicable reason").is_empty());
}

#[test]
fn readme_states_scope_inputs_formulas_and_sign_off() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    let g = grid(&mut book, "README");
    let find = |key: &str| -> Vec<Data> {
        g.iter()
            .find(|r| s(&r[0]) == key)
            .unwrap_or_else(|| panic!("README has no {key:?}"))
            .clone()
    };
    assert_eq!(s(&find("Workload")[1]), "card-payments-api");
    assert_eq!(s(&find("Generated on (report date)")[1]), "date:2026-11-29");
    assert_eq!(
        s(&find("Generated by")[1]),
        format!("wafr {}", env!("CARGO_PKG_VERSION"))
    );
    let period = find("Audit period (start, end)");
    assert_eq!(
        (s(&period[1]), s(&period[2])),
        ("date:2026-01-01".into(), "date:2026-12-31".into())
    );
    assert_eq!(
        s(&find("AWS accounts")[1]),
        "210987654321; 210987654322; 210987654323"
    );
    // Input files with their SHA-256.
    let src = find("examples/northwind/review.json");
    assert_eq!(s(&src[1]), a.sources[0].sha256);
    assert_eq!(s(&find("Mapping data version")[1]), a.mapping.version);
    // Every status in the legend, every framework's formula with raw counts.
    for st in ControlStatus::ALL {
        assert!(!s(&find(st.label())[1]).is_empty(), "{}", st.label());
    }
    for f in &a.frameworks {
        let r = find(&format!("{} readiness", f.short_name));
        assert_eq!(s(&r[1]), f.readiness.formula);
        assert!(s(&r[2]).contains(&format!("total {}", f.counts.total())));
    }
    assert!(s(&find("Readiness, not certification")[1]).contains("not a certification"));
    for role in ["Prepared by", "Reviewed by", "Approved by"] {
        find(role);
    }
    // Each sheet is listed with an internal link.
    let links = book.hyperlinks_by_sheet_name("README").unwrap();
    for name in &SHEETS {
        assert!(
            links
                .iter()
                .any(|l| l.location.as_deref().is_some_and(|x| x.contains(name))),
            "no link to {name}"
        );
    }
}

#[test]
fn sign_off_names_come_from_the_branding() {
    let a = example_assessment();
    let mut opts = RenderOptions::default();
    opts.branding.prepared_by = Some("Priya Nair".into());
    opts.branding.approved_by = Some("=Dana Whitfield".into());
    let bytes = wafr::render::render(Format::Xlsx, &a, &opts).unwrap().bytes;
    let g = grid(&mut open(&bytes), "README");
    let row = |k: &str| g.iter().find(|r| s(&r[0]) == k).unwrap().clone();
    assert_eq!(s(&row("Prepared by")[1]), "Priya Nair");
    assert_eq!(s(&row("Reviewed by")[1]), "");
    assert_eq!(
        row("Approved by")[1],
        Data::String("=Dana Whitfield".into())
    );
}

#[test]
fn form_frozen_header_autofilter_and_drop_downs() {
    let (_, bytes) = example_book();
    // SOC 2 is the 5th sheet: two header rows and three id columns frozen.
    let x = sheet_xml(&bytes, 5);
    assert!(
        x.contains(r#"<pane xSplit="3" ySplit="2" topLeftCell="D3""#),
        "freeze panes"
    );
    assert!(
        x.contains(r#"<autoFilter ref="A2:AG63"/>"#),
        "autofilter over the header and 61 rows"
    );
    let statuses: Vec<&str> = ControlStatus::ALL.iter().map(|s| s.label()).collect();
    assert!(
        x.contains(&format!("<formula1>\"{}\"</formula1>", statuses.join(","))),
        "status drop-down"
    );
    assert!(x.contains("<formula1>\"Yes,No\"</formula1>"));
    assert!(x.contains(
        "<formula1>\"Current,Missing,Stale,AWS attestation,Not required,Not evaluated\"</formula1>"
    ));
    // Wrapped text and dates are formats of their own.
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut styles = String::new();
    z.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#));
    assert!(styles.contains(r#"wrapText="1""#));
    // Risk register (6th): one header row, four columns frozen.
    let x = sheet_xml(&bytes, 6);
    assert!(x.contains(r#"<pane xSplit="4" ySplit="1" topLeftCell="E2""#));
    assert!(x.contains("<autoFilter ref="));
}

#[test]
fn same_inputs_and_date_give_identical_bytes() {
    let a = example_assessment();
    let one = render(&a);
    let two = render(&example_assessment());
    assert!(one == two, "two renders differ");
    // Through the binary too: two runs, two folders, same bytes and same cells.
    let run = || {
        let out = tempfile::tempdir().unwrap();
        let o = wafr([
            "report",
            "examples/northwind/review.json",
            "--out",
            out.path().to_str().unwrap(),
            "--date",
            DATE,
            "--period",
            PERIOD,
            "--format",
            "xlsx",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        std::fs::read(out.path().join("control-matrix.xlsx")).unwrap()
    };
    let (b1, b2) = (run(), run());
    assert!(b1 == b2, "two runs differ");
    let (mut x, mut y) = (open(&b1), open(&b2));
    for name in SHEETS {
        assert_eq!(grid(&mut x, name), grid(&mut y, name));
    }
    // The creation date is the report date, not the clock.
    let mut z = zip::ZipArchive::new(Cursor::new(b1)).unwrap();
    let mut core = String::new();
    z.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains("2026-11-29T00:00:00Z"), "{core}");
}

/// Text probes that must come out exactly as they went in, as text.
const PROBES: [&str; 10] = [
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(A1)",
    "=HYPERLINK(\"https://evil.example\",\"click\")",
    "=cmd|' /C calc'!A0",
    "_x0041_ stays literal",
    "\tleading tab",
    "#panic(\"typst\") <b>html</b> &amp;",
    "日本語 😀 text",
];

fn probe_review() -> (tempfile::TempDir, PathBuf) {
    let answers: Vec<serde_json::Value> = PROBES
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({
                "practice": format!("SEC01-BP{:02}", i % 8 + 1),
                "status": if i % 2 == 0 { "not_implemented" } else { "implemented" },
                "notes": p,
                "owner": p,
            })
        })
        .take(8)
        .collect();
    let review = serde_json::json!({
        "schema": "wafr/review/1",
        "workload": {"name": PROBES[0], "organisation": PROBES[3], "scope": PROBES[4]},
        "questions": [{"id": "SEC02", "notes": PROBES[8]}, {"id": "SEC03", "not_applicable": PROBES[1]}],
        "answers": answers,
        "evidence": [
            {"id": "EV-1", "title": PROBES[5], "location": "javascript:alert(1)", "supports": ["SEC01-BP02"], "collected_on": "2026-10-01"},
            {"id": "EV-2", "title": "file link", "location": "file:///etc/passwd", "supports": ["SEC01-BP04"], "collected_on": "2026-10-01"},
            {"id": "EV-3", "title": "formula link", "location": "=HYPERLINK(\"https://evil.example\")", "supports": ["SEC01-BP06"], "collected_on": "2026-10-01"},
            {"id": "EV-4", "title": "good link", "location": "https://wiki.example/evidence?id=4", "notes": PROBES[6], "supports": ["SEC01-BP08"], "collected_on": "2026-10-01"}
        ],
        "accepted_risks": [{"id": "AR-1", "target": "SEC01-BP01", "title": PROBES[2], "justification": PROBES[7], "approver": PROBES[9], "approved_on": "2026-01-01", "expires_on": "2027-01-01"}],
        "controls": [{"framework": "soc2-tsc-2017", "control": "P1.1", "not_applicable": PROBES[5], "notes": PROBES[0]}]
    });
    temp_file("probes.json", review.to_string().as_bytes())
}

#[test]
fn input_text_stays_text_and_links_are_vetted() {
    let (_d, p) = probe_review();
    let a = assess(&[p]).unwrap();
    let bytes = render(&a);
    let mut book = open(&bytes);
    let mut found: BTreeSet<&str> = BTreeSet::new();
    for name in book.sheet_names() {
        // No cell of any sheet is a formula.
        let f = book.worksheet_formula(&name).unwrap();
        assert!(
            f.used_cells().all(|(_, _, x)| x.is_empty()),
            "{name} has a formula"
        );
        for row in grid(&mut book, &name) {
            for cell in row {
                if let Data::String(t) = &cell {
                    for p in PROBES {
                        if t == p {
                            found.insert(p);
                        }
                    }
                }
            }
        }
        // Links only to vetted http(s) URLs or to our own sheets.
        for l in book.hyperlinks_by_sheet_name(&name).unwrap() {
            match &l.target {
                Some(t) => assert!(
                    t.starts_with("https://") || t.starts_with("http://"),
                    "{name}: link {t}"
                ),
                None => assert!(name == "README" && l.location.is_some()),
            }
        }
    }
    // Every probe came back as a string cell equal to the input.
    assert_eq!(found, PROBES.iter().copied().collect::<BTreeSet<_>>());
    // Unvetted locations are text; the vetted one is a link.
    let t = Table::read(&mut book, "Evidence register", 0);
    assert_eq!(
        t.get(t.row("Evidence ID", "EV-1"), "Location"),
        "javascript:alert(1)"
    );
    assert_eq!(
        t.get(t.row("Evidence ID", "EV-2"), "Location"),
        "file:///etc/passwd"
    );
    assert_eq!(
        t.get(t.row("Evidence ID", "EV-3"), "Location"),
        "=HYPERLINK(\"https://evil.example\")"
    );
    let links = book.hyperlinks_by_sheet_name("Evidence register").unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].target.as_deref(),
        Some("https://wiki.example/evidence?id=4")
    );
}

#[test]
fn the_longest_note_comes_out_verbatim() {
    // The importers accept up to 32,767 characters: exactly what a cell holds.
    let note = format!("={}", "x".repeat(32_766));
    let review = serde_json::json!({
        "schema": "wafr/review/1",
        "answers": [{"practice": "SEC01-BP01", "status": "implemented", "notes": note}]
    });
    let (_d, p) = temp_file("long.json", review.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let mut book = open(&render(&a));
    let t = Table::read(&mut book, "Answers", 0);
    assert_eq!(t.rows[0][t.col("Notes")], Data::String(note));
}

#[test]
fn older_lens_answers_and_user_frameworks_get_their_rows() {
    // A removed practice of an older lens is listed on the Answers sheet, not dropped.
    let answers = serde_json::json!([
        {"WorkloadId": "w", "LensAlias": "wellarchitected", "Answer": {
            "QuestionId": "protect-data-transit", "PillarId": "security",
            "Choices": [{"ChoiceId": "sec_protect_data_transit_key_cert_mgmt"}, {"ChoiceId": "sec_protect_data_transit_auto_unintended_access"}],
            "SelectedChoices": ["sec_protect_data_transit_key_cert_mgmt", "sec_protect_data_transit_auto_unintended_access"],
            "ChoiceAnswers": [{"ChoiceId": "sec_protect_data_transit_auto_unintended_access", "Status": "SELECTED", "Notes": "+old note"}],
            "IsApplicable": true, "Risk": "HIGH", "Notes": "question note"}}
    ]);
    let (_d, p) = temp_file("answers.json", answers.to_string().as_bytes());
    let a = assess(std::slice::from_ref(&p)).unwrap();
    assert_eq!(a.legacy.len(), 1);
    let mut book = open(&render(&a));
    let t = Table::read(&mut book, "Answers", 0);
    let legacy = t.row("Kind", "Removed practice (older lens)");
    assert_eq!(t.get(legacy, "Practice ID"), "SEC09-BP03");
    assert_eq!(t.get(legacy, "Notes"), "+old note");
    assert_eq!(
        t.get(legacy, "Older-lens ids"),
        "sec_protect_data_transit_auto_unintended_access"
    );
    assert!(
        t.get(legacy, "Place in file").starts_with("[0]"),
        "{}",
        t.get(legacy, "Place in file")
    );
    let q = t.row("Kind", "Question");
    assert_eq!(t.get(q, "Notes"), "question note");
    assert_eq!(
        t.get(q, "Counted as"),
        "Question risk HIGH (WA Tool reported HIGH)"
    );

    // A user-added framework gets its own matrix sheet; --framework limits the sheets.
    let out = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        p.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--date",
        DATE,
        "--mappings",
        "tests/fixtures/mappings/nist-csf",
        "--framework",
        "nist-csf-2.0",
        "--framework",
        "soc2-tsc-2017",
        "--format",
        "xlsx",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(out.path().join("control-matrix.xlsx")).unwrap();
    let mut book = open(&bytes);
    let names = book.sheet_names();
    assert_eq!(&names[..3], ["README", "NIST CSF", "SOC 2"]);
    let t = Table::read(&mut book, "NIST CSF", 1);
    assert!(!t.rows.is_empty());
    // Without --period the evidence gaps have no "needed by" date, and the README says so.
    let g = Table::read(&mut book, "Evidence gaps", 0);
    assert!(
        g.column("Needed by (end of audit period)")
            .iter()
            .all(String::is_empty)
    );
    let readme = grid(&mut book, "README");
    assert!(
        readme
            .iter()
            .any(|r| s(&r[0]) == "Audit period" && s(&r[1]).starts_with("Not given"))
    );
}

#[test]
fn workbook_matches_golden_dump() {
    let (_, bytes) = example_book();
    let mut book = open(&bytes);
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&format!("## {name}\n"));
        for row in grid(&mut book, &name) {
            let cells: Vec<String> = row.iter().map(|d| s(d).replace('\n', "⏎")).collect();
            out.push_str(cells.join(" | ").trim_end_matches([' ', '|']));
            out.push('\n');
        }
    }
    golden("northwind.control-matrix.txt", &out);
}

#[test]
fn a_waived_evidence_gap_keeps_its_evidence_status() {
    // Waivers on two controls: CC3.1 has an evidence gap (SEC01-BP03 has no evidence), CC6.1
    // an architectural risk (SEC02-BP01 missing).
    let mut review: serde_json::Value =
        serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    for (id, target) in [
        ("AR-101", "soc2-tsc-2017:CC3.1"),
        ("AR-102", "soc2-tsc-2017:CC6.1"),
    ] {
        review["accepted_risks"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "id": id, "target": target, "title": "Waived for the test",
                "justification": "Test", "approver": "CISO",
                "approved_on": "2026-11-01", "expires_on": "2027-06-30"
            }));
    }
    let (_d, p) = temp_file("waived.json", review.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let mut book = open(&render(&a));
    let t = Table::read(&mut book, "SOC 2", 1);
    let cc31 = t.row("Control ID", "CC3.1");
    assert_eq!(t.get(cc31, "Status"), "Accepted risk");
    assert_eq!(
        t.get(cc31, "Evidence status"),
        "Missing",
        "the gap is waived, not closed"
    );
    assert_eq!(
        t.get(cc31, "Accepted risk"),
        "AR-101 Waived for the test (in force, expires 2027-06-30; approved by CISO)"
    );
    let cc61 = t.row("Control ID", "CC6.1");
    assert_eq!(t.get(cc61, "Status"), "Accepted risk");
    assert_eq!(t.get(cc61, "Evidence status"), "Not evaluated");
    // A waived control is not an evidence gap any more.
    let g = Table::read(&mut book, "Evidence gaps", 0);
    assert!(!g.column("Control ID").contains(&"CC3.1".to_owned()));
}

#[test]
fn an_empty_review_still_lists_every_control() {
    let (_d, p) = temp_file("empty.json", br#"{"schema": "wafr/review/1"}"#);
    let a = assess(&[p]).unwrap();
    let mut book = open(&render(&a));
    assert_eq!(book.sheet_names(), SHEETS);
    assert_eq!(Table::read(&mut book, "SOC 2", 1).rows.len(), 61);
    assert_eq!(Table::read(&mut book, "ISO 27001 SoA", 1).rows.len(), 93);
    assert_eq!(Table::read(&mut book, "GDPR", 1).rows.len(), 33);
    let soc2 = Table::read(&mut book, "SOC 2", 1);
    assert!(soc2.column("Status").contains(&"Not assessed".to_owned()));
    for sheet in [
        "Risk register",
        "Evidence gaps",
        "Evidence register",
        "Accepted risks",
        "Answers",
    ] {
        let t = Table::read(&mut book, sheet, 0);
        assert!(t.rows.is_empty(), "{sheet}");
        assert!(!t.header.is_empty(), "{sheet} keeps its header");
    }
}

#[test]
fn text_over_the_cell_limit_is_refused_at_import_and_cut_visibly_if_ever_built() {
    // Excel counts UTF-16 units: 20,000 emoji are 40,000 units, over a cell's 32,767. The
    // importer counts the same way and refuses the note with its place…
    let note = "😀".repeat(20_000);
    let review = serde_json::json!({
        "schema": "wafr/review/1",
        "answers": [{"practice": "SEC01-BP01", "status": "implemented", "notes": note}]
    });
    let (_d, p) = temp_file("astral.json", review.to_string().as_bytes());
    let err = assess(&[p]).unwrap_err().to_string();
    assert!(err.contains("1 problem"), "{err}");
    // …and a text the renderer assembles itself past the limit is cut visibly, never silently.
    let mut a = example_assessment();
    a.questions[0].practices[0].notes = Some(note);
    let mut book = open(&render(&a));
    let t = Table::read(&mut book, "Answers", 0);
    let row = t
        .rows
        .iter()
        .find(|r| t.get(r, "Practice ID") == "SEC01-BP01")
        .unwrap();
    let cell = t.get(row, "Notes");
    assert!(cell.encode_utf16().count() <= 32_767);
    assert!(cell.starts_with("😀😀"));
    assert!(
        cell.ends_with("cell limit; the full text is in assessment.json]"),
        "{}",
        &cell[cell.len() - 120..]
    );
}

#[test]
fn changes_sheet_lists_every_change_since_the_baseline() {
    let opts = options();
    let (catalog, _) = wafr::pipeline::load_catalog(&opts).unwrap();
    let a = wafr::pipeline::assess_with_baseline(
        &[path("examples/northwind/review.json")],
        &[path("examples/northwind/baseline-2026-04.json")],
        &catalog,
        &opts,
    )
    .unwrap();
    let c = a.comparison.clone().unwrap();
    let mut book = open(&render(&a));
    let names = book.sheet_names();
    let at = names
        .iter()
        .position(|n| n == "Changes since baseline")
        .expect("the sheet is there");
    assert_eq!(
        names[at + 1],
        "Risk register",
        "it comes right before the risk register"
    );
    let t = Table::read(&mut book, "Changes since baseline", 0);
    let rows_of = |change: &str| -> Vec<String> {
        t.rows
            .iter()
            .filter(|r| t.get(r, "Change") == change)
            .map(|r| t.get(r, "Item"))
            .collect()
    };
    assert_eq!(
        rows_of("Resolved"),
        ["SEC01-BP02", "SEC02-BP02", "SEC06-BP05", "SEC09-BP02"]
    );
    assert_eq!(rows_of("Regressed"), ["SEC02-BP01", "SEC07-BP04"]);
    assert_eq!(
        rows_of("New finding"),
        ["SEC10-BP03", "SEC10-BP06", "SEC10-BP07"]
    );
    assert_eq!(rows_of("Control status changed").len(), c.controls.len());
    assert_eq!(rows_of("Readiness").len(), a.frameworks.len());
    let regressed = t
        .rows
        .iter()
        .find(|r| t.get(r, "Item") == "SEC02-BP01")
        .unwrap();
    assert_eq!(t.get(regressed, "Baseline"), "Implemented");
    assert_eq!(t.get(regressed, "Now"), "Not implemented (HRI)");
    assert_eq!(t.get(regressed, "Direction"), "Worse");
    // Without a baseline there is no such sheet.
    let plain = open(&render(&example_assessment()));
    assert!(
        !plain
            .sheet_names()
            .iter()
            .any(|n| n == "Changes since baseline")
    );
}

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

const SHEETS: [&str; 13] = [
    "README",
    "GDPR",
    "ISO 27001 SoA",
    "ISO 27001 clauses",
    "SOC 2",
    "Risk register",
    "Evidence gaps",
    "Evidence requests",
    "Evidence register",
    "Accepted risks",
    "Mapping",
    "Answers",
    "Flat matrix",
];

/// Every internal hyperlink of a sheet: the cell it sits in (0-based row, column) and where
/// it points (`'Sheet'!C7`).
fn internal_links(book: &mut Book, sheet: &str) -> Vec<((u32, u32), String)> {
    book.hyperlinks_by_sheet_name(sheet)
        .unwrap()
        .into_iter()
        .filter(|l| l.target.is_none())
        .map(|l| (l.range.start, l.location.clone().unwrap_or_default()))
        .collect()
}

/// `'Sheet name'!C7` → the sheet name and the 0-based (row, column).
fn parse_location(loc: &str) -> (String, (usize, usize)) {
    let (sheet, cell) = loc.rsplit_once('!').expect("a sheet and a cell");
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(sheet)
        .replace("''", "'");
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let row: usize = cell[letters.len()..].parse().unwrap();
    let col = letters
        .chars()
        .fold(0usize, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1;
    (sheet, (row - 1, col))
}

/// `0` → `A`, `26` → `AA`.
fn col_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// The text of the cell a link points at.
fn target_of(book: &mut Book, loc: &str) -> String {
    let (sheet, (r, c)) = parse_location(loc);
    let g = grid(book, &sheet);
    g.get(r)
        .and_then(|row| row.get(c))
        .map(s)
        .unwrap_or_default()
}

/// The link of a cell of a table sheet (header row `header_row`, 0-based).
fn link_at(
    book: &mut Book,
    sheet: &str,
    t: &Table,
    header_row: usize,
    row: usize,
    h: &str,
) -> Option<String> {
    let want = ((header_row + 1 + row) as u32, t.col(h) as u32);
    internal_links(book, sheet)
        .into_iter()
        .find(|(at, _)| *at == want)
        .map(|(_, l)| l)
}

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
    // The engagement's scope leaves out GDPR's controller provisions (processor) and SOC 2's
    // Privacy criteria (--tsc): they are listed on the README, in no matrix.
    let expect = [
        ("GDPR", "gdpr-2016", Some(false), 23),
        ("ISO 27001 SoA", "iso27001-2022", Some(false), 93),
        ("ISO 27001 clauses", "iso27001-2022", Some(true), 30),
        ("SOC 2", "soc2-tsc-2017", None, 43),
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
        // Every row has a status from the framework's vocabulary, the model's.
        let labels: Vec<&str> = ControlStatus::ALL
            .iter()
            .map(|s| s.label_in(f.supplier_model))
            .collect();
        for (row, id) in t.rows.iter().zip(&ids) {
            let c = f.controls.iter().find(|c| &c.id == id).unwrap();
            let st = t.get(row, "Status");
            assert!(labels.contains(&st.as_str()), "{sheet}: status {st:?}");
            assert_eq!(st, c.status.label_in(f.supplier_model), "{sheet} {id}");
            assert_eq!(
                t.get(row, "Evidence status"),
                wafr::render::flat::evidence_status(c),
                "{sheet} {id}"
            );
        }
        for x in &f.excluded {
            assert!(!t.column("Control ID").contains(&x.id), "{sheet} {}", x.id);
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
            "Control",
            "Applicability (Statement of Applicability)",
            "Scope and responsibility",
            "Mapping",
            "Review result (architectural risk)",
            "Evidence (certification gap)",
            "Disposition",
            "Reference",
            "Auditor testing (to complete)"
        ]
    );
    let header: Vec<String> = g[1].iter().map(s).collect();
    assert_eq!(
        header,
        [
            "Control ID",
            "Status",
            "Severity",
            "Evidence status",
            "Owner",
            "Title",
            "Status reason",
            "Applicable",
            "Justification (inclusion / exclusion)",
            "Review suggests",
            "Legal or contractual basis",
            "Scope",
            "Scope note",
            "Outside review scope",
            "Responsibility",
            "Responsibility note",
            "Complementary user-entity controls",
            "AWS attestation",
            "Practice IDs",
            "Practices",
            "Relation",
            "Coverage",
            "Rationale",
            "Mapping source",
            "Driving practices",
            "Practice statuses",
            "Evidence IDs",
            "Evidence confirmed for the control",
            "Evidence by practice",
            "Period and sampling (Type II)",
            "Evidence detail",
            "Evidence owner",
            "Evidence collected (oldest)",
            "Evidence expires (earliest)",
            "Accepted risk",
            "Remediation target date",
            "Comments",
            "Group",
            "Theme / category",
            "Framework",
            "Edition",
            "Earlier-edition ids",
            "Test procedure",
            "Sample / population",
            "Test result",
            "Exceptions"
        ]
    );
    // No "inherited" wording anywhere in the workbook.
    for name in SHEETS {
        for row in grid(&mut book, name) {
            for c in row {
                assert!(
                    !s(&c).to_lowercase().contains("inherited"),
                    "{name}: {}",
                    s(&c)
                );
            }
        }
    }
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
    assert_eq!(soc2.get(cc61, "Severity"), "High");
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
    assert!(
        soc2.get(cc61, "Driving practices").contains("1 missing"),
        "{}",
        soc2.get(cc61, "Driving practices")
    );
    assert_eq!(
        soc2.get(cc61, "Remediation target date"),
        "date:2026-12-15",
        "a real date: SEC02-BP01's target"
    );
    // The review's suggestion sits beside the decision, never in it.
    assert_eq!(soc2.get(cc61, "Applicable"), "To decide");
    assert!(
        soc2.get(cc61, "Review suggests")
            .starts_with("review suggests applicable")
    );

    // SOC 2 CC7.2: one Low practice of three missing: architectural risk, severity Low.
    let cc72 = soc2.row("Control ID", "CC7.2");
    assert_eq!(soc2.get(cc72, "Status"), "Architectural risk");
    assert_eq!(soc2.get(cc72, "Severity"), "Low");

    // SOC 2 CC7.4: AR-001 covers SEC10-BP07: accepted risk, linked to its row.
    let cc74 = soc2.row("Control ID", "CC7.4");
    assert_eq!(soc2.get(cc74, "Status"), "Accepted risk");
    assert!(soc2.get(cc74, "Accepted risk").starts_with("AR-001 "));

    // AWS's SOC 2 report ends before the period does: no carve-out without it.
    let cc64 = soc2.row("Control ID", "CC6.4");
    assert_eq!(soc2.get(cc64, "Responsibility"), "Shared");
    assert!(
        soc2.get(cc64, "AWS attestation")
            .starts_with("Not current: EV-013 SOC 2 Type II covers only through 2026-09-30")
    );
    assert!(
        !soc2
            .column("Status")
            .contains(&"Carved out to AWS".to_owned())
    );

    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let a824 = soa.row("Control ID", "A.8.24");
    assert_eq!(soa.get(a824, "Status"), "Evidence stale");
    assert_eq!(soa.get(a824, "Evidence status"), "Stale");
    assert_eq!(soa.get(a824, "Applicable"), "Yes");
    assert!(
        soa.get(a824, "Evidence confirmed for the control")
            .contains("(Expired")
    );
    // A.5.15: evidence partial, with the share of the period and the sampling slices.
    let a515 = soa.row("Control ID", "A.5.15");
    assert_eq!(soa.get(a515, "Status"), "Evidence partial");
    assert_eq!(soa.get(a515, "Evidence status"), "Partial");
    assert_eq!(soa.get(a515, "Owner"), "Identity team");
    assert_eq!(
        soa.get(a515, "Evidence confirmed for the control"),
        "EV-006 Quarterly access review, Q3 2026 (Current, operation)"
    );
    let periods = soa.get(a515, "Period and sampling (Type II)");
    assert!(
        periods.contains("27.6% of the audit period so far"),
        "{periods}"
    );
    assert!(
        periods.contains("Sampling slices with evidence: 1 of 4"),
        "{periods}"
    );
    assert!(periods.contains("2026-01-01..2026-03-31"), "{periods}");
    // Each practice's evidence, marked whether confirmed for this control: no row says
    // "evidenced" by an entry that is not evidence of the control.
    let by = soa.get(a515, "Evidence by practice");
    assert!(
        by.contains("SEC03-BP01: EV-006 current (confirmed)"),
        "{by}"
    );
    assert!(
        by.contains("SEC02-BP06: EV-004 current (not confirmed for this control)"),
        "{by}"
    );
    assert_eq!(
        soa.get(a515, "Evidence collected (oldest)"),
        "date:2026-10-05"
    );
    assert_eq!(soa.get(a515, "Scope"), "Mixed");
    assert!(
        soa.get(a515, "Coverage").starts_with("Partial: "),
        "{}",
        soa.get(a515, "Coverage")
    );
    // A.8.8: SEC06-BP01 equal, monthly Inspector reports: evidenced, fully covered.
    let a88 = soa.row("Control ID", "A.8.8");
    assert_eq!(soa.get(a88, "Status"), "Evidenced");
    assert!(
        soa.get(a88, "Coverage")
            .starts_with("Full (equal/superset)")
    );
    // A.5.7: the organisation's basis and its justification.
    let a57 = soa.row("Control ID", "A.5.7");
    assert_eq!(
        soa.get(a57, "Legal or contractual basis"),
        "PCI DSS 4.0.1; merchant agreements"
    );
    // Earlier-edition ids are shown for reuse of 2013 evidence.
    assert!(
        soa.column("Earlier-edition ids")
            .iter()
            .any(|x| x.starts_with("A."))
    );

    let gdpr = Table::read(&mut book, "GDPR", 1);
    let art28 = gdpr.row("Control ID", "Art.28(3)");
    assert_eq!(gdpr.get(art28, "Scope"), "Legal");
    assert_eq!(gdpr.get(art28, "Status"), "Outside review scope");
    assert_eq!(gdpr.get(art28, "Outside review scope"), "Legal duty");
    let art30 = gdpr.row("Control ID", "Art.30(2)");
    assert_eq!(
        gdpr.get(art30, "Outside review scope"),
        "Organisational duty"
    );
    assert_eq!(
        gdpr.get(gdpr.row("Control ID", "Art.32(1)(b)"), "Scope"),
        "Technical"
    );
}

#[test]
fn the_soa_applicable_column_shows_decisions_only() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    // A.8.30: decided not applicable, with the organisation's justification.
    let a830 = soa.row("Control ID", "A.8.30");
    assert_eq!(soa.get(a830, "Applicable"), "No");
    assert_eq!(soa.get(a830, "Status"), "Not applicable");
    assert_eq!(
        soa.get(a830, "Justification (inclusion / exclusion)"),
        "No development is outsourced: all code of the card-payments API is written by Northwind's own engineers (SoA v3)."
    );
    // A.5.1: no decision of its own; the wildcard decision ("*") makes it Yes, with its words.
    let a51 = soa.row("Control ID", "A.5.1");
    assert_eq!(soa.get(a51, "Applicable"), "Yes");
    assert!(
        soa.get(a51, "Justification (inclusion / exclusion)")
            .starts_with("Statement of Applicability v3")
    );
    // Only the decision says Yes or No: every row equals the model's decision.
    let iso = a.framework("iso27001-2022").unwrap();
    for r in &soa.rows {
        let id = soa.get(r, "Control ID");
        let c = iso.controls.iter().find(|c| c.id == id).unwrap();
        assert_eq!(
            soa.get(r, "Applicable"),
            c.applicability.decision.label(),
            "{id}"
        );
    }
    // SOC 2 records no decision: every criterion is "To decide", whatever its practices,
    // and never "No" because a practice is not applicable.
    let soc2 = Table::read(&mut book, "SOC 2", 1);
    assert!(soc2.column("Applicable").iter().all(|x| x == "To decide"));
    assert!(
        soc2.column("Justification (inclusion / exclusion)")
            .iter()
            .all(String::is_empty)
    );
    // The drop-down offers the three.
    let x = sheet_xml(&bytes, 3);
    assert!(x.contains("<formula1>\"Yes,No,To decide\"</formula1>"));
}

#[test]
fn the_kinds_of_outside_review_scope_are_told_apart() {
    let (_, bytes) = example_book();
    let mut book = open(&bytes);
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let kinds: BTreeSet<String> = soa
        .rows
        .iter()
        .filter(|r| soa.get(r, "Status") == "Outside review scope")
        .map(|r| {
            let k = soa.get(r, "Outside review scope");
            assert!(!k.is_empty(), "{}", soa.get(r, "Control ID"));
            k.split(':').next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Covered by another pillar",
            "Legal duty",
            "Not covered by any practice",
            "Organisational duty",
            "Supported only"
        ]
        .map(String::from)
        .into_iter()
        .collect()
    );
    // Another pillar is named, with its practices.
    assert_eq!(
        soa.get(soa.row("Control ID", "A.8.13"), "Outside review scope"),
        "Covered by another pillar: Reliability (REL09-BP01, REL09-BP02, REL09-BP03, REL09-BP04)"
    );
    let a51 = soa.row("Control ID", "A.5.1");
    assert_eq!(soa.get(a51, "Outside review scope"), "Organisational duty");
    assert_eq!(soa.get(a51, "Scope"), "Organisational");
    // No other status has a kind.
    for r in &soa.rows {
        if soa.get(r, "Status") != "Outside review scope" {
            assert_eq!(soa.get(r, "Outside review scope"), "");
        }
    }
}

#[test]
fn a_control_its_practices_cover_only_in_part_is_never_evidenced() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    for (sheet, fw) in [
        ("ISO 27001 SoA", "iso27001-2022"),
        ("SOC 2", "soc2-tsc-2017"),
        ("GDPR", "gdpr-2016"),
    ] {
        let t = Table::read(&mut book, sheet, 1);
        let f = a.framework(fw).unwrap();
        for r in &t.rows {
            let id = t.get(r, "Control ID");
            let c = f.controls.iter().find(|c| c.id == id).unwrap();
            let subset_only = c
                .practices
                .iter()
                .filter(|p| p.driving)
                .all(|p| !matches!(p.relation.as_str(), "equal" | "superset"));
            if subset_only || !c.relations_cover {
                assert_ne!(t.get(r, "Status"), "Evidenced", "{sheet} {id}");
            }
            if t.get(r, "Status") == "Evidenced" {
                assert!(t.get(r, "Coverage").starts_with("Full"), "{sheet} {id}");
            }
        }
    }
    // A.8.15: implemented and evidenced, but the practices cover part of it.
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let a815 = soa.row("Control ID", "A.8.15");
    assert_eq!(soa.get(a815, "Status"), "Technical part evidenced");
    assert!(soa.get(a815, "Coverage").starts_with("Partial: "));
}

#[test]
fn iso_a74_is_operated_by_supplier_aws_with_ev014() {
    let (_, bytes) = example_book();
    let mut book = open(&bytes);
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let i = soa
        .rows
        .iter()
        .position(|r| soa.get(r, "Control ID") == "A.7.4")
        .unwrap();
    let a74 = &soa.rows[i];
    assert_eq!(soa.get(a74, "Status"), "Operated by supplier AWS");
    assert_eq!(soa.get(a74, "Evidence status"), "AWS attestation");
    assert_eq!(soa.get(a74, "Responsibility"), "AWS");
    assert_eq!(soa.get(a74, "Applicable"), "Yes", "still applicable");
    let at = soa.get(a74, "AWS attestation");
    assert!(
        at.starts_with("Current: EV-014 ISO/IEC 27001 certificate"),
        "{at}"
    );
    assert!(
        soa.get(a74, "Complementary user-entity controls")
            .lines()
            .count()
            >= 2
    );
    // The attestation links to EV-014's row of the register.
    let l = link_at(&mut book, "ISO 27001 SoA", &soa, 1, i, "AWS attestation").unwrap();
    assert_eq!(target_of(&mut book, &l), "EV-014");
    // ISO's drop-down says it the ISO way; SOC 2's the carve-out way.
    assert!(sheet_xml(&bytes, 3).contains("Operated by supplier AWS"));
    assert!(sheet_xml(&bytes, 5).contains("Carved out to AWS"));
    // And the register shows the attestation, with what rests on it.
    let ev = Table::read(&mut book, "Evidence register", 0);
    let ev14 = ev.row("Evidence ID", "EV-014");
    assert_eq!(ev.get(ev14, "Kind"), "Attestation");
    let att = ev.get(ev14, "Attestation");
    assert!(att.starts_with("ISO/IEC 27001 certificate by AWS"), "{att}");
    assert!(att.contains("No bridge letter"), "{att}");
    assert!(
        att.contains("AWS Artifact: ISO/IEC 27001:2022 certificate"),
        "{att}"
    );
    assert!(att.contains("ISO 27001 A.7.4"), "{att}");
}

#[test]
fn links_point_at_the_rows_of_their_ids() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    // EV-006 in A.5.15's row points at the register row whose first cell is EV-006.
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let i = soa
        .rows
        .iter()
        .position(|r| soa.get(r, "Control ID") == "A.5.15")
        .unwrap();
    assert_eq!(soa.get(&soa.rows[i], "Evidence IDs"), "EV-006");
    let l = link_at(&mut book, "ISO 27001 SoA", &soa, 1, i, "Evidence IDs").unwrap();
    let (sheet, (r, c)) = parse_location(&l);
    assert_eq!(sheet, "Evidence register");
    assert_eq!(c, 0);
    assert_eq!(s(&grid(&mut book, "Evidence register")[r][0]), "EV-006");
    // The same in the sheet's XML: an internal hyperlink (a location, no relationship).
    let x = sheet_xml(&bytes, 3).replace("&apos;", "'");
    let cell = col_letters(soa.col("Evidence IDs"));
    let want = format!(
        r#"<hyperlink ref="{cell}{}" location="'Evidence register'!A{}""#,
        i + 3,
        r + 1
    );
    assert!(x.contains(&want), "{want}");
    // The first practice links to its Answers row; the ids are on one line (a linked cell is
    // one line in LibreOffice), the practices one per line beside them.
    assert!(
        soa.get(&soa.rows[i], "Practice IDs")
            .starts_with("SEC02-BP06; SEC03-BP01; ")
    );
    let l = link_at(&mut book, "ISO 27001 SoA", &soa, 1, i, "Practice IDs").unwrap();
    assert!(l.starts_with("'Answers'!C"), "{l}");
    assert_eq!(target_of(&mut book, &l), "SEC02-BP06");
    // SOC 2 CC7.4's accepted risk links to AR-001's row.
    let soc2 = Table::read(&mut book, "SOC 2", 1);
    let j = soc2
        .rows
        .iter()
        .position(|r| soc2.get(r, "Control ID") == "CC7.4")
        .unwrap();
    let l = link_at(&mut book, "SOC 2", &soc2, 1, j, "Accepted risk").unwrap();
    assert_eq!(target_of(&mut book, &l), "AR-001");

    // Every internal link of every sheet points at an existing cell that holds what the link
    // shows: an id, a control, a practice (README's links to sheets point at A1).
    let mut n = 0;
    for name in SHEETS {
        for ((r, c), loc) in internal_links(&mut book, name) {
            let (sheet, _) = parse_location(&loc);
            assert!(SHEETS.contains(&sheet.as_str()), "{name}: {loc}");
            n += 1;
            if name == "README" {
                assert!(loc.ends_with("!A1"), "{loc}");
                continue;
            }
            let shown = s(&grid(&mut book, name)[r as usize][c as usize]);
            let target = target_of(&mut book, &loc);
            assert!(!target.is_empty(), "{name} {r},{c}: {loc} is empty");
            assert!(
                shown.contains(&target),
                "{name} {r},{c}: {shown:?} links to {loc}, which holds {target:?}"
            );
        }
    }
    assert!(n > 500, "{n} links");
    // Every control of every matrix is linked from the flat matrix, to its own row.
    let flat = Table::read(&mut book, "Flat matrix", 0);
    let links = internal_links(&mut book, "Flat matrix");
    let col = flat.col("control_ref") as u32;
    let practice_col = flat.col("practice_ref") as u32;
    assert_eq!(
        links.iter().filter(|(at, _)| at.1 == col).count(),
        flat.rows.len()
    );
    // Every answered practice in the flat matrix is linked.
    let answered: usize = flat
        .rows
        .iter()
        .filter(|r| {
            a.practice(&flat.get(r, "practice_id"))
                .is_some_and(|p| p.source.is_some())
        })
        .count();
    assert_eq!(
        links.iter().filter(|(at, _)| at.1 == practice_col).count(),
        answered
    );
}

#[test]
fn evidence_requests_sheet_equals_assessment_json() {
    let out = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--out",
        out.path().to_str().unwrap(),
        "--date",
        DATE,
        "--format",
        "json,xlsx",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("assessment.json")).unwrap())
            .unwrap();
    let want = json["evidence_requests"].as_array().unwrap();
    assert!(!want.is_empty());
    let bytes = std::fs::read(out.path().join("control-matrix.xlsx")).unwrap();
    let mut book = open(&bytes);
    let t = Table::read(&mut book, "Evidence requests", 0);
    assert_eq!(t.rows.len(), want.len());
    let str_of = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let list_of = |v: &serde_json::Value| -> String {
        v.as_array()
            .map(|x| {
                x.iter()
                    .map(|e| e.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    };
    for (r, q) in t.rows.iter().zip(want) {
        assert_eq!(t.get(r, "Request ID"), str_of(&q["id"]));
        assert_eq!(t.get(r, "Framework"), str_of(&q["framework_name"]));
        assert_eq!(t.get(r, "Control ID"), str_of(&q["control"]));
        assert_eq!(t.get(r, "Control"), str_of(&q["title"]));
        let kind: wafr::model::assessment::RequestKind =
            serde_json::from_value(q["kind"].clone()).unwrap();
        assert_eq!(t.get(r, "Asked"), kind.label());
        assert_eq!(t.get(r, "What to provide"), str_of(&q["request"]));
        assert_eq!(t.get(r, "Practices"), list_of(&q["practices"]));
        assert_eq!(t.get(r, "Evidence on file"), list_of(&q["evidence"]));
        assert_eq!(t.get(r, "Owner"), str_of(&q["owner"]));
        // A real date.
        assert_eq!(t.get(r, "Due date"), format!("date:{}", str_of(&q["due"])));
    }
    // Each control links to its matrix row.
    for ((row, col), loc) in internal_links(&mut book, "Evidence requests") {
        if col == t.col("Control ID") as u32 {
            let id = s(&t.rows[row as usize - 1][col as usize]);
            assert_eq!(target_of(&mut book, &loc), id);
        }
    }
    // The evidence gaps are the same controls, each pointing at its request.
    let g = Table::read(&mut book, "Evidence gaps", 0);
    assert_eq!(
        g.column("Request"),
        want.iter().map(|q| str_of(&q["id"])).collect::<Vec<_>>()
    );
}

#[test]
fn flat_matrix_sheet_equals_the_csv_cell_for_cell() {
    let (a, bytes) = example_book();
    let csv = wafr::render::flat::render(&a).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let mut book = open(&bytes);
    let g = grid(&mut book, "Flat matrix");
    // One header row, no band row.
    assert_eq!(g[0].iter().map(s).collect::<Vec<_>>(), header);
    assert_eq!(header, wafr::render::flat::COLUMNS);
    assert_eq!(g.len() - 1, records.len());
    for (i, (row, rec)) in g[1..].iter().zip(&records).enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|d| wafr::render::csv_safe::cell(&s(d)).into_owned())
            .collect();
        // The CSV neutralises formula starts with a `'`; the sheet holds the text as is.
        let mut want = rec.clone();
        want.resize(cells.len(), String::new());
        assert_eq!(cells, want, "row {}", i + 2);
    }
}

#[test]
fn readme_readiness_and_coverage_equal_assessment_json() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);
    let g = grid(&mut book, "README");
    let row = |key: &str| -> Vec<String> {
        g.iter()
            .find(|r| s(&r[0]) == key)
            .unwrap_or_else(|| panic!("README has no {key:?}"))
            .iter()
            .map(s)
            .collect()
    };
    // The readiness table starts at its header (the sheet list above names sheets alike).
    let table_at = g
        .iter()
        .position(|r| s(&r[0]) == "Framework or part")
        .unwrap();
    let figures = |key: &str| -> Vec<String> {
        g[table_at..]
            .iter()
            .find(|r| s(&r[0]) == key)
            .unwrap_or_else(|| panic!("README's readiness has no {key:?}"))
            .iter()
            .map(s)
            .collect()
    };
    let mut seen = 0;
    for f in &a.frameworks {
        let parts: Vec<(String, &wafr::model::assessment::Readiness)> = if f.parts.is_empty() {
            vec![(f.short_name.clone(), &f.readiness)]
        } else {
            f.parts
                .iter()
                .map(|p| (format!("{} {}", f.short_name, p.label), &p.readiness))
                .collect()
        };
        for (name, r) in parts {
            seen += 1;
            let cells = figures(&name);
            let ready = format!("Ready: {} of {} ", r.evidenced, r.assessed);
            assert!(cells[1].starts_with(&ready), "{name}: {}", cells[1]);
            assert!(
                cells[1].contains(&format!(
                    "Over all applicable: {} of {} ",
                    r.evidenced, r.applicable
                )),
                "{name}: {}",
                cells[1]
            );
            assert!(
                cells[2].starts_with(&format!("Assessed: {} of {} ", r.assessed, r.applicable)),
                "{name}: {}",
                cells[2]
            );
            // Percentages: one decimal only on a denominator of 30 or more, as in the JSON.
            let ready_line = cells[1].lines().next().unwrap();
            let all_line = cells[1].lines().nth(1).unwrap();
            for (d, p, cell) in [
                (r.assessed, r.percent, ready_line),
                (r.applicable, r.percent_of_applicable, all_line),
                (r.applicable, r.coverage_percent, cells[2].as_str()),
            ] {
                match p {
                    Some(p) if d >= 30 => assert!(cell.contains(&format!("({p:.1}%)")), "{cell}"),
                    Some(p) => {
                        assert!(cell.contains(&format!("({:.0}%)", p.round())), "{cell}");
                        assert!(!cell.contains(&format!("{p:.1}%")), "{cell}");
                    }
                    None => assert!(cell.contains("no percentage"), "{cell}"),
                }
            }
            assert_eq!(
                cells[3],
                format!(
                    "In scope {}\nApplicable {}\nAssessed {}\nReady {}\nTechnical part evidenced {}\nImplemented {}",
                    r.in_scope,
                    r.applicable,
                    r.assessed,
                    r.evidenced,
                    r.technical_part,
                    r.implemented
                ),
                "{name}"
            );
        }
    }
    assert_eq!(seen, 4, "GDPR, ISO Annex A, ISO clauses, SOC 2");
    // ISO 27001's Annex A and clauses apart: never "123 controls" anywhere.
    for r in &g {
        for c in r {
            assert!(!s(c).contains("123 controls"), "{}", s(c));
        }
    }
    assert!(!figures("ISO 27001 Annex A")[1].contains("123"));
    // The controls left out by the engagement's scope, with why.
    let p11 = row("SOC 2 P1.1");
    assert_eq!(
        p11[2],
        "Trust Services Category Privacy is not in scope (--tsc)"
    );
    assert!(row("GDPR Art.24")[2].contains("controller only"));
    // The engagement.
    assert!(row("Audit type")[1].starts_with("Type II"));
    assert_eq!(row("Fieldwork starts")[1], "date:2027-01-18");
    assert!(row("GDPR role")[1].starts_with("processor"));
    assert!(row("SOC 2 Trust Services Categories")[1].starts_with("Security, Availability"));
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
    let gaps = [
        "Evidence missing",
        "Evidence unverified",
        "Evidence stale",
        "Evidence partial",
        "AWS attestation missing",
    ];
    for r in &t.rows {
        let st = t.get(r, "Status");
        assert!(gaps.contains(&st.as_str()), "{st}");
        assert!(!t.get(r, "What is needed").is_empty());
        assert_eq!(t.get(r, "Due"), "date:2027-01-18", "the fieldwork date");
    }
    // Exactly the controls whose status is an evidence gap, one row each, in order; never an
    // architectural risk.
    let want: Vec<(String, String)> = a
        .frameworks
        .iter()
        .flat_map(|f| {
            f.controls
                .iter()
                .filter(|c| c.status.is_evidence_gap())
                .map(move |c| (f.short_name.clone(), c.id.clone()))
        })
        .collect();
    let got: Vec<(String, String)> = t
        .rows
        .iter()
        .map(|r| (t.get(r, "Framework"), t.get(r, "Control ID")))
        .collect();
    assert_eq!(got, want);
    assert!(
        !t.column("Status")
            .contains(&"Architectural risk".to_owned())
    );
    // A.8.24 is stale: EV-003, confirmed for it, expired.
    let a824 = t.row("Control ID", "A.8.24");
    assert_eq!(t.get(a824, "Evidence status"), "Stale");
    assert!(
        t.get(a824, "Evidence confirmed for the control")
            .starts_with("EV-003 ")
    );
    assert_eq!(t.get(a824, "Evidence IDs"), "EV-003");
}

#[test]
fn registers_answers_and_mapping_are_complete() {
    let (a, bytes) = example_book();
    let mut book = open(&bytes);

    let ev = Table::read(&mut book, "Evidence register", 0);
    // Every entry, sorted by id (the order links count rows in).
    let mut ids: Vec<String> = a.evidence.iter().map(|e| e.id.clone()).collect();
    ids.sort();
    assert_eq!(ev.column("Evidence ID"), ids);
    let ev8 = ev.row("Evidence ID", "EV-008");
    assert_eq!(ev.get(ev8, "State on report date"), "Expired");
    assert_eq!(ev.get(ev8, "Expiry"), "Expired on 2026-09-01");
    assert_eq!(ev.get(ev8, "Collected on"), "date:2025-09-01");
    assert_eq!(ev.get(ev8, "Expires on"), "date:2026-09-01");
    assert_eq!(ev.get(ev8, "Kind"), "Operation");
    assert_eq!(ev.get(ev8, "Confirmed for controls"), "ISO 27001 A.8.22");
    assert_eq!(
        ev.get(ev.row("Evidence ID", "EV-012"), "Expiry"),
        "Expires inside the audit period (2026-12-15)"
    );
    assert_eq!(
        ev.get(ev.row("Evidence ID", "EV-002"), "Expiry"),
        "Expires before fieldwork starts on 2027-01-18"
    );
    assert_eq!(
        ev.get(ev.row("Evidence ID", "EV-004"), "Kind"),
        "Design and operation"
    );
    assert!(
        ev.get(ev.row("Evidence ID", "EV-013"), "Attestation")
            .starts_with("SOC 2 Type II by AWS\nNo bridge letter")
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
fn evidence_dated_after_the_report_date_is_listed_as_such() {
    let mut review: serde_json::Value =
        serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    review["evidence"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "EV-099", "title": "Next quarter's access review", "owner": "Identity team",
            "collected_on": "2027-01-05", "kind": "operation",
            "supports": ["SEC03-BP01", "iso27001-2022:A.5.15"]
        }));
    let (_d, p) = temp_file("future.json", review.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let mut book = open(&render(&a));
    let ev = Table::read(&mut book, "Evidence register", 0);
    let row = ev.row("Evidence ID", "EV-099");
    assert_eq!(
        ev.get(row, "State on report date"),
        "Dated after the report date"
    );
    assert_eq!(ev.get(row, "Kind"), "Operation");
    // Still evidence partial for A.5.15: an entry that did not exist yet does not count.
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    assert_eq!(
        soa.get(soa.row("Control ID", "A.5.15"), "Status"),
        "Evidence partial"
    );
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
    let legend_at = g
        .iter()
        .position(|r| s(&r[0]) == "Control status legend")
        .unwrap();
    let legend = |key: &str| -> Vec<Data> {
        g[legend_at..]
            .iter()
            .find(|r| s(&r[0]) == key)
            .unwrap_or_else(|| panic!("README's legend has no {key:?}"))
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
    // Every status in the legend with its meaning, the carved-out status once per framework
    // model (SOC 2 carves out; ISO 27001 counts it as ready); every evidence status.
    for st in ControlStatus::ALL {
        if st == ControlStatus::CarvedOut {
            let soc2 = legend("Carved out to AWS (SOC 2)");
            assert_eq!(s(&soc2[1]), st.meaning());
            assert!(s(&soc2[2]).starts_with("No"));
            let iso = legend("Operated by supplier AWS (ISO 27001 and others)");
            assert!(s(&iso[2]).starts_with("Yes"));
        } else {
            assert_eq!(s(&legend(st.label())[1]), st.meaning(), "{}", st.label());
        }
    }
    for e in [
        "Current",
        "Partial",
        "Stale",
        "Unverified",
        "Missing",
        "AWS attestation",
        "AWS attestation missing",
        "Not required",
    ] {
        assert!(!s(&legend(e)[1]).is_empty(), "{e}");
    }
    // Each framework (part) with the formula in its counts.
    for f in &a.frameworks {
        if f.parts.is_empty() {
            let r = find(&format!("{}: formula and statuses", f.short_name));
            assert!(
                s(&r[1]).contains(&format!("= {}; assessed", f.readiness.applicable)),
                "{}",
                s(&r[1])
            );
        }
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
    // SOC 2 is the 5th sheet: two header rows and the id column frozen.
    let x = sheet_xml(&bytes, 5);
    assert!(
        x.contains(r#"<pane xSplit="1" ySplit="2" topLeftCell="B3""#),
        "freeze panes"
    );
    assert!(
        x.contains(r#"<autoFilter ref="A2:AT45"/>"#),
        "autofilter over the header and 43 rows"
    );
    let statuses: Vec<&str> = ControlStatus::ALL
        .iter()
        .map(|s| s.label_in(wafr::model::catalog::SupplierModel::CarveOut))
        .collect();
    assert!(
        x.contains(&format!("<formula1>\"{}\"</formula1>", statuses.join(","))),
        "status drop-down"
    );
    assert!(x.contains("<formula1>\"Yes,No,To decide\"</formula1>"));
    assert!(x.contains(
        "<formula1>\"Current,Partial,Stale,Unverified,Missing,AWS attestation,AWS attestation missing,Not required\"</formula1>"
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
fn no_cell_of_the_workbook_is_a_formula() {
    let (_, bytes) = example_book();
    let mut book = open(&bytes);
    for (i, name) in SHEETS.iter().enumerate() {
        let f = book.worksheet_formula(name).unwrap();
        assert!(
            f.used_cells().all(|(_, _, x)| x.is_empty()),
            "{name} has a formula"
        );
        // Nor in the XML: no <f> element (drop-down lists are validations, not cells).
        assert!(!sheet_xml(&bytes, i + 1).contains("<f>"), "{name}");
    }
}

#[test]
fn every_sheet_prints_one_page_wide_in_landscape_with_its_header() {
    let (_, bytes) = example_book();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let mut wb = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wb)
        .unwrap();
    for (i, name) in SHEETS.iter().enumerate() {
        let x = sheet_xml(&bytes, i + 1);
        assert!(
            x.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
            "{name}: fit to page"
        );
        assert!(
            x.contains(r#"fitToHeight="0""#),
            "{name}: as many pages down as needed"
        );
        assert!(
            !x.contains("fitToWidth="),
            "{name}: one page wide (the default)"
        );
        assert!(x.contains(r#"orientation="landscape""#), "{name}");
        if *name != "README" {
            // The header rows repeat on every page.
            let quoted = format!("'{name}'!$1:$");
            let plain = format!("{name}!$1:$");
            assert!(
                wb.contains(&quoted) || wb.contains(&plain),
                "{name}: print titles"
            );
        }
    }
    // A matrix prints its control and applicability columns (the SoA on paper); the evidence
    // gaps up to the request, the register up to its dates.
    assert!(wb.contains("'ISO 27001 SoA'!$A$1:$K$95"), "{wb}");
    assert!(wb.contains("'Evidence gaps'!$A$1:$I$22"), "{wb}");
    assert!(wb.contains("'Evidence register'!$A$1:$K$15"), "{wb}");
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
        // Links only to vetted http(s) URLs or to cells of our own sheets.
        let sheets = book.sheet_names();
        for l in book.hyperlinks_by_sheet_name(&name).unwrap() {
            match &l.target {
                Some(t) => assert!(
                    t.starts_with("https://") || t.starts_with("http://"),
                    "{name}: link {t}"
                ),
                None => {
                    let (sheet, _) = parse_location(l.location.as_deref().unwrap());
                    assert!(sheets.contains(&sheet), "{name}: link to {sheet}");
                }
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
    let links: Vec<_> = book
        .hyperlinks_by_sheet_name("Evidence register")
        .unwrap()
        .into_iter()
        .filter(|l| l.target.is_some())
        .collect();
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
        "tests/fixtures/mappings/user-framework",
        "--framework",
        "acme-csf-subset",
        "--framework",
        "soc2-tsc-2017",
        "--format",
        "xlsx",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(out.path().join("control-matrix.xlsx")).unwrap();
    let mut book = open(&bytes);
    let names = book.sheet_names();
    assert_eq!(&names[..3], ["README", "ACME CSF", "SOC 2"]);
    let t = Table::read(&mut book, "ACME CSF", 1);
    assert!(!t.rows.is_empty());
    // A framework with no supplier model of its own says "Operated by supplier AWS".
    assert!(sheet_xml(&bytes, 2).contains("Operated by supplier AWS"));
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
    // Waivers on two controls: ISO A.5.7 has an evidence gap (nothing confirmed for it), SOC 2
    // CC6.1 an architectural risk (SEC02-BP01 missing).
    let mut review: serde_json::Value =
        serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    for (id, target) in [
        ("AR-101", "iso27001-2022:A.5.7"),
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
    let soa = Table::read(&mut book, "ISO 27001 SoA", 1);
    let a57 = soa.row("Control ID", "A.5.7");
    assert_eq!(soa.get(a57, "Status"), "Accepted risk");
    assert_eq!(
        soa.get(a57, "Evidence status"),
        "Missing",
        "the gap is waived, not closed"
    );
    assert_eq!(
        soa.get(a57, "Accepted risk"),
        "AR-101 Waived for the test (in force, expires 2027-06-30; approved by CISO)"
    );
    let t = Table::read(&mut book, "SOC 2", 1);
    let cc61 = t.row("Control ID", "CC6.1");
    assert_eq!(t.get(cc61, "Status"), "Accepted risk");
    // The evidence side is the model's verdict, apart from the status.
    let c = a
        .framework("soc2-tsc-2017")
        .unwrap()
        .controls
        .iter()
        .find(|c| c.id == "CC6.1")
        .unwrap();
    assert_eq!(
        t.get(cc61, "Evidence status"),
        wafr::render::flat::evidence_status(c)
    );
    // A waived control is not an evidence gap any more, nor the subject of a request.
    let g = Table::read(&mut book, "Evidence gaps", 0);
    assert!(!g.column("Control ID").contains(&"A.5.7".to_owned()));
    let q = Table::read(&mut book, "Evidence requests", 0);
    assert!(!q.column("Control ID").contains(&"A.5.7".to_owned()));
}

#[test]
fn an_empty_review_still_lists_every_control() {
    let (_d, p) = temp_file("empty.json", br#"{"schema": "wafr/review/1"}"#);
    let a = assess(&[p]).unwrap();
    let mut book = open(&render(&a));
    assert_eq!(book.sheet_names(), SHEETS);
    // No engagement scope given: every SOC 2 category and both GDPR roles, every control.
    for (sheet, fw) in [("SOC 2", "soc2-tsc-2017"), ("GDPR", "gdpr-2016")] {
        let f = a.framework(fw).unwrap();
        assert!(f.excluded.is_empty());
        assert_eq!(
            Table::read(&mut book, sheet, 1).rows.len(),
            f.controls.len()
        );
    }
    assert_eq!(Table::read(&mut book, "SOC 2", 1).rows.len(), 61);
    assert_eq!(Table::read(&mut book, "ISO 27001 SoA", 1).rows.len(), 93);
    let soc2 = Table::read(&mut book, "SOC 2", 1);
    assert!(soc2.column("Status").contains(&"Not assessed".to_owned()));
    // Without AWS's attestation on file, what AWS operates is an evidence gap (and a request);
    // nothing else is.
    let g = Table::read(&mut book, "Evidence gaps", 0);
    assert!(!g.rows.is_empty());
    assert!(
        g.column("Status")
            .iter()
            .all(|x| x == "AWS attestation missing")
    );
    assert_eq!(
        Table::read(&mut book, "Evidence requests", 0).rows.len(),
        g.rows.len()
    );
    for sheet in [
        "Risk register",
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

/// Issue 17: a right-to-left override or a zero-width joiner in a workload name, an owner or a
/// note shows as `<U+XXXX>` in every cell of the control matrix, as in the CSV exports, while
/// `assessment.json` keeps the text as given.
#[test]
fn invisible_format_characters_show_in_the_workbook() {
    let a = assess(&[path("tests/corpus/hardening/format-chars.json")]).unwrap();
    assert!(
        serde_json::to_string(&a).unwrap().contains("\\u202e")
            || serde_json::to_string(&a).unwrap().contains('\u{202E}'),
        "the assessment keeps the text as given"
    );
    let mut book = open(&render(&a));
    let mut all = String::new();
    for name in book.sheet_names() {
        for row in grid(&mut book, &name) {
            for c in &row {
                all.push_str(&s(c));
                all.push('\n');
            }
        }
    }
    assert!(
        !all.chars().any(wafr::textfmt::is_invisible_format),
        "a raw format character in the workbook"
    );
    for shown in ["card-<U+202E>ipa-stnemyap", "Platform<U+200D>team"] {
        assert!(all.contains(shown), "{shown} not in the workbook");
    }
}

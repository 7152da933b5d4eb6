//! Issue 15 in spreadsheets: the engagement fields of the native format (the audit on the
//! Workload sheet, evidence kinds and attestations, control decisions, "None of these") read
//! from hand-made workbooks and CSV files, assessed as the same review in JSON is, and every bad
//! value an error at its cell with the message the JSON importer gives (its side is in
//! `statuses.rs`).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::json;
use wafr::model::assessment::{ControlStatus, Decision};
use wafr::model::audit::{AuditType, GdprRole, TscCategory};
use wafr::model::review::PracticeStatus;

use crate::common::*;
use crate::sheets::{comparable_assessment, errors_of, first_difference, rows, save, show};

/// A small engagement as a workbook (workload and audit, answers, "None of these", evidence
/// with an AWS attestation) and a CSV file of control decisions.
fn engagement_files(dir: &Path) -> Vec<PathBuf> {
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name("Workload").unwrap();
    rows(
        ws,
        0,
        &[
            &["Field", "Value"],
            &["Workload name", "Ledger"],
            &["Audit type", "Type II"],
            &["Audit period start", ""],
            &["Audit period end", "2026-12-31"],
            &["Sampling frequency", "quarterly"],
            &["Trust Services Categories", "security\navailability"],
            &["GDPR role", "processor"],
        ],
    );
    // A date cell, as people type dates.
    ws.write_datetime_with_format(
        3,
        1,
        ExcelDateTime::from_ymd(2026, 1, 1).unwrap(),
        &date_fmt,
    )
    .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Answers").unwrap();
    rows(
        ws,
        0,
        &[&["BP ID", "Status"], &["SEC01-BP01", "Implemented"]],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Questions").unwrap();
    rows(ws, 0, &[&["Question", "None of these"], &["SEC02", "Yes"]]);
    let ws = wb.add_worksheet();
    ws.set_name("Evidence register").unwrap();
    rows(
        ws,
        0,
        &[
            &[
                "ID",
                "Title",
                "Evidence kind",
                "Attestation report",
                "Collected on",
                "Expires on",
                "Period start",
                "Period end",
                "Supports",
            ],
            // No kind: the report makes it an attestation, issued by AWS.
            &[
                "EV-AWS",
                "AWS ISO/IEC 27001 certificate",
                "",
                "ISO/IEC 27001 certificate",
                "2026-01-10",
                "2027-11-07",
            ],
            &[
                "EV-1",
                "Access reviews",
                "operation",
                "",
                "",
                "",
                "2026-01-01",
                "2026-11-30",
                "iso27001-2022:A.5.15",
            ],
        ],
    );
    let book = save(&mut wb, dir, "engagement.xlsx");
    let csv = dir.join("controls.csv");
    std::fs::write(
        &csv,
        "Framework,Control,Applicable,Justification,Basis,Not applicable reason,Evidence,Sampling,Owner\n\
         iso27001-2022,*,yes,SoA v3: every control applies unless excluded,,,,,\n\
         iso27001-2022,A.8.30,No,,,no development is outsourced,,,\n\
         iso27001-2022,A.5.15,Yes,Access policy AC-01,PCI DSS 4.0.1,,EV-1,monthly,Identity team\n",
    )
    .unwrap();
    vec![book, csv]
}

/// The same engagement as a native review.
fn engagement_json() -> serde_json::Value {
    json!({"schema": "wafr/review/1",
        "workload": {"name": "Ledger"},
        "audit": {"audit_type": "type2", "period_start": "2026-01-01", "period_end": "2026-12-31",
                  "sampling": "quarterly", "tsc": ["security", "availability"], "gdpr_role": "processor"},
        "questions": [{"id": "SEC02", "none_of_these": true}],
        "answers": [{"practice": "SEC01-BP01", "status": "implemented"}],
        "evidence": [
          {"id": "EV-AWS", "title": "AWS ISO/IEC 27001 certificate", "collected_on": "2026-01-10",
           "expires_on": "2027-11-07", "attestation": {"report": "ISO/IEC 27001 certificate"}},
          {"id": "EV-1", "title": "Access reviews", "kind": "operation", "period_start": "2026-01-01",
           "period_end": "2026-11-30", "supports": ["iso27001-2022:A.5.15"]}],
        "controls": [
          {"framework": "iso27001-2022", "control": "*", "applicable": true,
           "justification": "SoA v3: every control applies unless excluded"},
          {"framework": "iso27001-2022", "control": "A.8.30", "applicable": false,
           "not_applicable": "no development is outsourced"},
          {"framework": "iso27001-2022", "control": "A.5.15", "applicable": true,
           "justification": "Access policy AC-01", "basis": "PCI DSS 4.0.1", "evidence": ["EV-1"],
           "sampling": "monthly", "owner": "Identity team"}]})
}

#[test]
fn a_hand_made_workbook_carries_the_audit_attestations_and_decisions() {
    let d = tempfile::tempdir().unwrap();
    let files = engagement_files(d.path());
    let a = assess(&files).unwrap_or_else(|e| panic!("{}", show(&e)));

    // The audit, from the Workload sheet.
    assert_eq!(a.audit.audit_type, AuditType::Type2);
    assert_eq!(
        a.audit.sampling.map(|s| s.label()).as_deref(),
        Some("quarterly")
    );
    assert_eq!(
        a.audit.tsc,
        [TscCategory::Security, TscCategory::Availability]
    );
    assert_eq!(a.audit.gdpr_role, GdprRole::Processor);
    let soc2 = a.framework("soc2-tsc-2017").unwrap();
    assert!(
        soc2.excluded.iter().any(|x| x.reason.contains("Privacy")),
        "privacy is out of scope"
    );
    let gdpr = a.framework("gdpr-2016").unwrap();
    assert!(
        gdpr.excluded
            .iter()
            .any(|x| x.reason.contains("controller"))
    );

    // An AWS attestation, told by its report alone: A.7.4 is operated by supplier AWS.
    let iso = a.framework("iso27001-2022").unwrap();
    let control = |id: &str| iso.controls.iter().find(|c| c.id == id).unwrap();
    let a74 = control("A.7.4");
    assert_eq!(a74.status, ControlStatus::CarvedOut, "{}", a74.reason);
    assert_eq!(
        a74.status.label_in(iso.supplier_model),
        "Operated by supplier AWS"
    );
    let ev = a.evidence.iter().find(|e| e.id == "EV-AWS").unwrap();
    assert_eq!(ev.kind, Some(wafr::model::audit::EvidenceKind::Attestation));

    // The decisions: one control excluded with its reason, the rest applicable by `*`.
    let a830 = control("A.8.30");
    assert_eq!(a830.status, ControlStatus::NotApplicable);
    assert_eq!(
        a830.reason,
        "Not applicable by the organisation's decision: no development is outsourced"
    );
    assert_eq!(a830.applicability.decision, Decision::NotApplicable);
    let a51 = control("A.5.1");
    assert_eq!(a51.applicability.decision, Decision::Applicable);
    assert_eq!(
        a51.applicability.justification.as_deref(),
        Some("SoA v3: every control applies unless excluded")
    );
    let a515 = control("A.5.15");
    assert_eq!(
        (
            a515.applicability.justification.as_deref(),
            a515.applicability.basis.as_deref()
        ),
        (Some("Access policy AC-01"), Some("PCI DSS 4.0.1"))
    );
    assert!(
        a515.evidence
            .iter()
            .any(|e| e.reference == "EV-1" && e.confirmed)
    );
    assert_eq!(a515.owners, ["Identity team"]);

    // "None of these" on the Questions sheet: every practice of SEC02 is not implemented.
    let sec02 = a.questions.iter().find(|q| q.id == "SEC02").unwrap();
    assert!(sec02.none_selected);
    assert!(
        sec02
            .practices
            .iter()
            .all(|p| p.status == PracticeStatus::NotImplemented)
    );

    // And all of it exactly as the same review in JSON.
    let (_j, json) = temp_file("engagement.json", engagement_json().to_string().as_bytes());
    let want = comparable_assessment(&assess(&[json]).unwrap());
    let got = comparable_assessment(&a);
    assert_eq!(first_difference(&want, &got, ""), None);
}

/// Every bad value is an error at its cell, with the words of the JSON importer's message.
#[test]
fn bad_engagement_values_are_errors_at_their_cells() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Workload").unwrap();
    rows(
        ws,
        0,
        &[
            &["Field", "Value"],
            &["Audit type", "type3"],
            &["Audit period start", "2026-12-31"],
            &["Audit period end", "2026-01-01"],
            &["Sampling frequency", "often"],
            &["Trust Services Categories", "security\nprivcy"],
            &["GDPR role", "owner"],
            &["Audit typ", "type2"],
            &["Fieldwork date", "next month"],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Evidence register").unwrap();
    rows(
        ws,
        0,
        &[
            &[
                "ID",
                "Title",
                "Kind",
                "Attestation report",
                "Issuer",
                "Bridge letter until",
                "Expires on",
            ],
            &["EV-1", "Policy", "policy"],
            &[
                "EV-2",
                "AWS SOC 2",
                "design",
                "SOC 2 Type II",
                "",
                "",
                "2027-01-01",
            ],
            &["EV-3", "Something", "", "", "AWS"],
            &[
                "EV-4",
                "AWS ISO",
                "",
                "ISO/IEC 27001 certificate",
                "",
                "soon",
                "2027-01-01",
            ],
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
                "Applicable",
                "Justification",
                "Not applicable reason",
                "Sampling",
            ],
            &["iso27001-2022", "A.5.1", "maybe"],
            &["iso27001-2022", "A.5.2", "Yes", "", "no longer relevant"],
            &["iso27001-2022", "A.5.3", "No"],
            &["iso27001-2022", "A.5.4", "", "we need it"],
            &[
                "iso27001-2022",
                "A.5.5",
                "yes",
                "",
                "",
                "every now and then",
            ],
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("Questions").unwrap();
    rows(
        ws,
        0,
        &[
            &["Question", "BP ID", "Status", "None of these"],
            &["SEC02", "", "", "perhaps"],
            &["SEC01", "SEC01-BP01", "Not implemented", "yes"],
        ],
    );
    save(&mut wb, d.path(), "bad.xlsx");
    let out = errors_of(d.path(), &["bad.xlsx"]);
    assert!(out.starts_with("exit 1"), "{out}");
    let expected = [
        "sheet 'Workload', row 2, column B (Value): \"type3\" is not one of: type1, type2",
        "sheet 'Workload', row 4, column B (Value): the audit period ends before it starts",
        "sheet 'Workload', row 5, column B (Value): sampling frequency \"often\" is not a duration",
        "sheet 'Workload', row 6, column B (Value): \"privcy\" is not one of: security, availability, confidentiality, processing-integrity, privacy",
        "sheet 'Workload', row 7, column B (Value): \"owner\" is not one of: controller, processor, both",
        "sheet 'Workload', row 8, column A (Field): \"Audit typ\" is not a field wafr knows, and its value would be lost\n      hint: did you mean \"audit type\"?",
        "sheet 'Workload', row 9, column B (Value): \"next month\" is not a date",
        "sheet 'Evidence register', row 2, column C (Kind): \"policy\" is not one of: design, operation, both, attestation",
        "sheet 'Evidence register', row 3, column C (Kind): an entry with an attestation is of kind \"attestation\"",
        "sheet 'Evidence register', row 4, column D (Attestation report): the Issuer describes an attestation, but no attestation report is given",
        "sheet 'Evidence register', row 5, column F (Bridge letter until): \"soon\" is not a date",
        "sheet 'Controls', row 2, column C (Applicable): \"maybe\" is not one of: yes, no",
        "sheet 'Controls', row 3, column C (Applicable): Applicable says the control applies, but Not applicable reason excludes it: keep one decision",
        "sheet 'Controls', row 4, column C (Applicable): Applicable says the control does not apply, but there is no justification for excluding it: give it in Not applicable reason",
        "sheet 'Controls', row 5, column D (Justification): a justification without a decision: set Applicable to say the control applies, or give Not applicable reason to exclude it",
        "sheet 'Controls', row 6, column F (Sampling): sampling frequency \"every now and then\" is not a duration",
        "sheet 'Questions', row 2, column D (None of these): \"perhaps\" is not one of: yes, no",
        "sheet 'Questions', row 3, column D (None of these): \"None of these\" is a question's answer, not a best practice's",
    ];
    for e in expected {
        assert!(
            out.contains(&format!("bad.xlsx, {e}")),
            "missing {e:?} in\n{out}"
        );
    }
}

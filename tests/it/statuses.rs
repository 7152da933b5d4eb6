//! Issues 14 and 15: control statuses an auditor signs, and evidence an auditor can test. Each
//! test states one rule of docs/statuses.md on a small review written here, through the library
//! and the command line.

use serde_json::{Value, json};
use wafr::model::assessment::{
    Assessment, ControlResult, ControlStatus, Decision, EvidenceVerdict, OutsideScopeKind,
};

use crate::common::*;

/// Assesses a native review given as JSON (with the test date; the period and audit type as
/// the review or `extra` say).
fn assess_json(review: Value, extra: &[&str]) -> Assessment {
    let (_d, p) = temp_file("r.json", review.to_string().as_bytes());
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "report",
        p.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend(extra);
    if !extra.contains(&"--date") {
        args.extend(["--date", DATE]);
    }
    let o = wafr(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(out.path().join("assessment.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn control<'a>(a: &'a Assessment, fw: &str, id: &str) -> &'a ControlResult {
    a.framework(fw)
        .unwrap_or_else(|| panic!("no {fw}"))
        .controls
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {fw} {id}"))
}

fn answers(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(bp, st)| {
                if *st == "not_applicable" {
                    json!({"practice": bp, "status": st, "na_reason": "no shared resources in this workload"})
                } else {
                    json!({"practice": bp, "status": st})
                }
            })
            .collect(),
    )
}

#[test]
fn a_practice_not_applicable_never_makes_a_control_not_applicable() {
    // SEC03-BP09 (share resources securely) N/A: it used to make ISO A.5.19 and SOC 2 CC9.2
    // not applicable. Now nothing is not applicable without a decision.
    let a = assess_json(
        json!({"schema": "wafr/review/1", "answers": answers(&[("SEC03-BP09", "not_applicable"), ("SEC10-BP08", "not_applicable")])}),
        &[],
    );
    for f in &a.frameworks {
        for c in &f.controls {
            assert_ne!(c.status, ControlStatus::NotApplicable, "{} {}", f.id, c.id);
            assert_ne!(
                c.applicability.decision,
                Decision::NotApplicable,
                "{} {}",
                f.id,
                c.id
            );
        }
    }
    // Where every driving practice is N/A, the review only suggests it.
    let suggested: Vec<&ControlResult> =
        a.frameworks
            .iter()
            .flat_map(|f| f.controls.iter())
            .filter(|c| {
                c.applicability.suggestion.as_deref().is_some_and(|s| {
                    s.starts_with("review suggests not applicable: SEC10-BP08 N/A")
                })
            })
            .collect();
    assert!(
        suggested.iter().any(|c| c.id == "A.5.27"),
        "SEC10-BP08 alone drives ISO A.5.27"
    );
    for c in suggested {
        assert_eq!(c.status, ControlStatus::NotAssessed, "{}", c.id);
        assert_eq!(c.applicability.decision, Decision::ToDecide, "{}", c.id);
    }
}

#[test]
fn a_control_is_not_applicable_only_by_decision_with_its_justification() {
    let a = assess_json(
        json!({"schema": "wafr/review/1",
               "answers": answers(&[("SEC01-BP01", "implemented")]),
               "controls": [
                 {"framework": "iso27001-2022", "control": "*", "applicable": true,
                  "justification": "SoA v3: every control applies unless excluded"},
                 {"framework": "iso27001-2022", "control": "A.8.30",
                  "not_applicable": "no development is outsourced"},
                 {"framework": "iso27001-2022", "control": "A.5.15", "owner": "Identity team"}]}),
        &[],
    );
    // A control row that only names an owner keeps the framework-wide decision (regression:
    // it read "to decide").
    let owned = control(&a, "iso27001-2022", "A.5.15");
    assert_eq!(owned.applicability.decision, Decision::Applicable);
    assert_eq!(
        owned.applicability.justification.as_deref(),
        Some("SoA v3: every control applies unless excluded")
    );
    assert_eq!(owned.owners, ["Identity team"]);
    let na = control(&a, "iso27001-2022", "A.8.30");
    assert_eq!(na.status, ControlStatus::NotApplicable);
    assert_eq!(na.applicability.decision, Decision::NotApplicable);
    assert_eq!(
        na.applicability.justification.as_deref(),
        Some("no development is outsourced")
    );
    let yes = control(&a, "iso27001-2022", "A.8.31");
    assert_eq!(yes.applicability.decision, Decision::Applicable);
    assert_eq!(
        yes.applicability.justification.as_deref(),
        Some("SoA v3: every control applies unless excluded")
    );
    // Without a decision, a SOC 2 criterion is to decide.
    assert_eq!(
        control(&a, "soc2-tsc-2017", "CC6.1").applicability.decision,
        Decision::ToDecide
    );
}

#[test]
fn no_isms_clause_is_ever_at_architectural_risk() {
    // SEC01-BP07 (threat modelling) missing used to put clause 8.2 at "architectural risk, High".
    let a = assess_json(
        json!({"schema": "wafr/review/1", "answers": answers(&[("SEC01-BP07", "not_implemented")])}),
        &[],
    );
    let iso = a.framework("iso27001-2022").unwrap();
    for c in iso
        .controls
        .iter()
        .filter(|c| c.kind.as_deref() == Some("clause"))
    {
        assert_eq!(c.status, ControlStatus::OutsideReviewScope, "{}", c.id);
        assert_eq!(
            c.outside_scope.as_ref().map(|o| o.kind),
            Some(OutsideScopeKind::Organisational),
            "{}",
            c.id
        );
    }
    // Annex A and clauses are counted apart.
    let parts: Vec<(&str, u32)> = iso
        .parts
        .iter()
        .map(|p| (p.label.as_str(), p.counts.total()))
        .collect();
    assert_eq!(parts, vec![("Annex A", 93), ("Clauses 4 to 10", 30)]);
    // The headline is Annex A's, never 123 "controls".
    assert_eq!(iso.counts.total(), 93);
    assert!(
        iso.readiness
            .formula
            .starts_with("ISO 27001 Annex A readiness"),
        "{}",
        iso.readiness.formula
    );
}

#[test]
fn partial_coverage_is_never_plainly_evidenced() {
    // A.8.15 (logging) is driven by SEC04-BP01/02 as `subset`: at best its technical part.
    let ev = json!({"id": "EV-1", "title": "CloudTrail digests", "kind": "operation",
                    "period_start": "2026-01-01", "period_end": "2026-12-31",
                    "supports": ["iso27001-2022:A.8.15", "iso27001-2022:A.8.8"]});
    let a = assess_json(
        json!({"schema": "wafr/review/1",
               "answers": answers(&[("SEC04-BP01", "implemented"), ("SEC04-BP02", "implemented"), ("SEC06-BP01", "implemented")]),
               "evidence": [ev]}),
        &["--period", PERIOD],
    );
    let logging = control(&a, "iso27001-2022", "A.8.15");
    assert_eq!(logging.status, ControlStatus::EvidencedInPart);
    assert!(!logging.relations_cover);
    // A.8.8 is driven by SEC06-BP01 as `equal`: it can be evidenced.
    assert_eq!(
        control(&a, "iso27001-2022", "A.8.8").status,
        ControlStatus::Evidenced
    );
    // Readiness counts only the fully evidenced one; the technical part is counted apart.
    let r = &a.framework("iso27001-2022").unwrap().readiness;
    assert_eq!((r.evidenced, r.technical_part), (1, 1));
}

fn attested_review(attestation: Option<Value>) -> Value {
    let mut evidence = Vec::new();
    if let Some(a) = attestation {
        evidence.push(a);
    }
    json!({"schema": "wafr/review/1", "answers": answers(&[("SEC01-BP01", "implemented")]), "evidence": evidence})
}

#[test]
fn nothing_is_carved_out_without_a_current_aws_attestation() {
    let a74 = |a: &Assessment| control(a, "iso27001-2022", "A.7.4").clone();
    // None on file.
    let none = assess_json(attested_review(None), &["--period", PERIOD]);
    let c = a74(&none);
    assert_eq!(c.status, ControlStatus::AttestationMissing);
    assert!(c.reason.contains("No AWS attestation"), "{}", c.reason);
    // Expired before the audit period ends.
    let expired = json!({"id": "EV-AWS", "title": "AWS ISO/IEC 27001 certificate", "kind": "attestation",
        "collected_on": "2025-01-10", "expires_on": "2026-06-30",
        "attestation": {"issuer": "AWS", "report": "ISO/IEC 27001 certificate"}});
    let c = a74(&assess_json(
        attested_review(Some(expired)),
        &["--period", PERIOD],
    ));
    assert_eq!(c.status, ControlStatus::AttestationMissing);
    assert!(
        c.reason.contains("covers only through 2026-06-30"),
        "{}",
        c.reason
    );
    // Current: operated by supplier AWS, and ready for ISO.
    let current = json!({"id": "EV-AWS", "title": "AWS ISO/IEC 27001 certificate", "kind": "attestation",
        "collected_on": "2026-01-10", "expires_on": "2027-11-07",
        "attestation": {"issuer": "AWS", "report": "ISO/IEC 27001 certificate"}});
    let a = assess_json(attested_review(Some(current)), &["--period", PERIOD]);
    let c = a74(&a);
    assert_eq!(c.status, ControlStatus::CarvedOut);
    assert_eq!(
        c.status
            .label_in(a.framework("iso27001-2022").unwrap().supplier_model),
        "Operated by supplier AWS"
    );
    // A SOC 2 report without its bridge letter says what is missing.
    let soc2 = json!({"id": "EV-S", "title": "AWS SOC 2 Type II", "kind": "attestation",
        "period_start": "2025-10-01", "period_end": "2026-09-30",
        "attestation": {"report": "SOC 2 Type II"}});
    let a = assess_json(attested_review(Some(soc2)), &["--period", PERIOD]);
    let cc64 = control(&a, "soc2-tsc-2017", "CC6.4");
    let att = cc64
        .attestation
        .as_ref()
        .expect("a shared control shows AWS's attestation");
    assert!(
        !att.current && att.detail.contains("bridge letter"),
        "{}",
        att.detail
    );
}

#[test]
fn the_three_kinds_of_outside_review_scope_are_told_apart() {
    let a = assess_json(
        json!({"schema": "wafr/review/1", "answers": answers(&[("SEC01-BP01", "implemented")])}),
        &[],
    );
    let kind = |fw: &str, id: &str| control(&a, fw, id).outside_scope.as_ref().map(|o| o.kind);
    assert_eq!(
        kind("iso27001-2022", "A.5.1"),
        Some(OutsideScopeKind::Organisational)
    );
    assert_eq!(
        kind("iso27001-2022", "Clause 4.1"),
        Some(OutsideScopeKind::Organisational)
    );
    assert_eq!(
        kind("soc2-tsc-2017", "CC1.1"),
        Some(OutsideScopeKind::Organisational)
    );
    let legal: Vec<&str> = a
        .framework("gdpr-2016")
        .unwrap()
        .controls
        .iter()
        .filter(|c| {
            c.outside_scope
                .as_ref()
                .is_some_and(|o| o.kind == OutsideScopeKind::Legal)
        })
        .map(|c| c.id.as_str())
        .collect();
    assert!(legal.contains(&"Art.15"), "{legal:?}");
    let supported: Vec<&ControlResult> = a
        .frameworks
        .iter()
        .flat_map(|f| f.controls.iter())
        .filter(|c| {
            c.outside_scope
                .as_ref()
                .is_some_and(|o| o.kind == OutsideScopeKind::SupportedOnly)
        })
        .collect();
    assert!(!supported.is_empty());
    for c in supported {
        assert!(c.practices.iter().all(|p| !p.driving), "{}", c.id);
        assert!(!c.practices.is_empty(), "{}", c.id);
    }
}

#[test]
fn an_unregistered_reference_is_kept_but_leaves_controls_unverified() {
    let a = assess_json(
        json!({"schema": "wafr/review/1",
               "answers": [{"practice": "SEC09-BP02", "status": "implemented", "evidence": ["see wiki page, 2019"]}]}),
        &["--period", PERIOD],
    );
    let p = a.practice("SEC09-BP02").unwrap();
    assert_eq!(p.evidence[0].reference, "see wiki page, 2019");
    assert_eq!(
        p.evidence[0].state,
        wafr::model::assessment::EvidenceState::Unverified
    );
    let c = control(&a, "iso27001-2022", "A.8.21");
    assert_eq!(c.status, ControlStatus::EvidenceUnverified);
    assert!(c.evidence.is_empty());
    assert!(c.reason.contains("see wiki page, 2019"), "{}", c.reason);
    // The request an auditor would send names it.
    let req = a
        .evidence_requests
        .iter()
        .find(|r| r.control == "A.8.21")
        .expect("a request");
    assert!(req.evidence.contains(&"see wiki page, 2019".to_owned()));
}

#[test]
fn a_q3_entry_is_partial_for_type2_and_current_for_type1() {
    let review = json!({"schema": "wafr/review/1",
        "answers": answers(&[("SEC02-BP06", "implemented"), ("SEC03-BP01", "implemented"), ("SEC03-BP02", "implemented"), ("SEC03-BP05", "implemented")]),
        "evidence": [{"id": "EV-6", "title": "Quarterly access review, Q3 2026", "kind": "operation",
                      "collected_on": "2026-10-05", "period_start": "2026-07-01", "period_end": "2026-09-30",
                      "supports": ["iso27001-2022:A.5.15"]}]});
    // Type II over the full year, assessed after it ends: 92 of 365 days.
    let t2 = assess_json(
        review.clone(),
        &["--period", PERIOD, "--date", "2027-01-15"],
    );
    let c = control(&t2, "iso27001-2022", "A.5.15");
    assert_eq!(c.status, ControlStatus::EvidencePartial);
    assert_eq!(c.evidence_check.period_covered, Some(25.2));
    assert!(
        c.reason.contains("25.2% of the audit period"),
        "{}",
        c.reason
    );
    // With quarterly sampling: one quarter of four.
    let q = assess_json(
        review.clone(),
        &[
            "--period",
            PERIOD,
            "--date",
            "2027-01-15",
            "--sampling",
            "quarterly",
        ],
    );
    assert_eq!(
        control(&q, "iso27001-2022", "A.5.15").evidence_check.slices,
        Some((1, 4))
    );
    // Type I: current on the report date shows the design.
    let t1 = assess_json(review, &["--period", PERIOD, "--audit-type", "type1"]);
    let c = control(&t1, "iso27001-2022", "A.5.15");
    assert_eq!(c.evidence_check.verdict, EvidenceVerdict::Current);
    assert_eq!(c.status, ControlStatus::EvidencedInPart);
}

#[test]
fn a_policy_entry_evidences_only_the_controls_it_names() {
    // The classification policy supports SEC07-BP01, which drives A.5.9 (inventory) and A.5.12
    // (classification); it names A.5.12 only.
    let a = assess_json(
        json!({"schema": "wafr/review/1",
               "answers": answers(&[("SEC07-BP01", "implemented"), ("SEC07-BP02", "implemented")]),
               "evidence": [{"id": "EV-10", "title": "Data classification policy v3", "kind": "design",
                             "collected_on": "2026-03-01", "expires_on": "2027-03-01",
                             "supports": ["SEC07-BP01", "iso27001-2022:A.5.12"]}]}),
        &["--audit-type", "type1"],
    );
    assert_eq!(
        control(&a, "iso27001-2022", "A.5.12")
            .evidence_check
            .verdict,
        EvidenceVerdict::Current
    );
    let inventory = control(&a, "iso27001-2022", "A.5.9");
    assert_eq!(inventory.status, ControlStatus::EvidenceUnverified);
    assert!(inventory.evidence.is_empty());
    let listed = &inventory
        .practices
        .iter()
        .find(|p| p.bp == "SEC07-BP01")
        .unwrap()
        .evidence;
    assert_eq!(listed.len(), 1);
    assert!(
        !listed[0].confirmed,
        "listed under the practice, not confirmed for A.5.9"
    );
    let e = a.evidence.iter().find(|e| e.id == "EV-10").unwrap();
    assert_eq!(e.controls, vec!["iso27001-2022:A.5.12".to_owned()]);
}

#[test]
fn scope_by_trust_services_category_and_gdpr_role() {
    let a = assess_json(
        json!({"schema": "wafr/review/1", "answers": answers(&[("SEC01-BP01", "implemented")])}),
        &["--tsc", "availability", "--gdpr-role", "processor"],
    );
    let soc2 = a.framework("soc2-tsc-2017").unwrap();
    assert!(
        soc2.controls
            .iter()
            .all(|c| !c.id.starts_with('P') && !c.id.starts_with("C1"))
    );
    assert!(soc2.controls.iter().any(|c| c.id == "A1.2"));
    assert!(
        soc2.excluded
            .iter()
            .any(|x| x.id == "P1.1" && x.reason.contains("Privacy"))
    );
    let gdpr = a.framework("gdpr-2016").unwrap();
    assert!(gdpr.controls.iter().any(|c| c.id == "Art.28(3)"));
    assert!(
        gdpr.excluded
            .iter()
            .any(|x| x.id == "Art.30(1)" && x.reason.contains("controller"))
    );
    assert_eq!(gdpr.readiness.in_scope as usize, gdpr.controls.len());
}

#[test]
fn bad_engagement_and_evidence_values_are_located_errors() {
    let bad = json!({"schema": "wafr/review/1",
        "audit": {"audit_type": "type3", "sampling": "often", "gdpr_role": "owner"},
        "evidence": [
          {"id": "EV-1", "title": "t", "period_start": "2026-05-01", "period_end": "2026-04-01"},
          {"id": "EV-2", "title": "AWS SOC 2", "kind": "attestation", "attestation": {"report": "SOC 2 Type II"}},
          {"id": "EV-3", "title": "t", "supports": ["iso27001-2022:A.5.99"]}],
        "controls": [{"framework": "iso27001-2022", "control": "A.5.15", "sampling": "every now and then", "evidence": ["EV-404"]}]});
    let (_d, p) = temp_file("bad.json", bad.to_string().as_bytes());
    let o = wafr(["validate", p.to_str().unwrap(), "--date", DATE]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    for f in [
        "at audit.audit_type: \"type3\" is not one of: type1, type2",
        "at audit.sampling: sampling frequency \"often\" is not a duration",
        "at audit.gdpr_role: \"owner\" is not one of: controller, processor, both",
        "at controls[0].sampling: sampling frequency \"every now and then\" is not a duration",
    ] {
        assert!(err.contains(f), "missing {f:?} in\n{err}");
    }
    // The assessment-stage errors (after the import checks pass).
    let bad2 = json!({"schema": "wafr/review/1",
        "evidence": [
          {"id": "EV-1", "title": "t", "period_start": "2026-05-01", "period_end": "2026-04-01"},
          {"id": "EV-2", "title": "AWS SOC 2", "kind": "attestation", "attestation": {"report": "SOC 2 Type II"}},
          {"id": "EV-3", "title": "t", "supports": ["iso27001-2022:A.5.99"]}],
        "controls": [{"framework": "iso27001-2022", "control": "A5.15", "evidence": ["EV-404"]}]});
    let (_d2, p2) = temp_file("bad2.json", bad2.to_string().as_bytes());
    let o = wafr(["validate", p2.to_str().unwrap(), "--date", DATE]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    for f in [
        "at evidence[0].period_end: evidence `EV-1`: its period ends on 2026-04-01, before it starts on 2026-05-01",
        "at evidence[1].period_end: evidence `EV-2` is an attestation without a period",
        "evidence `EV-3` supports \"iso27001-2022:A.5.99\", which is neither a best practice nor a control",
        "unknown control `A5.15` in framework `iso27001-2022`",
        "did you mean `A.5.15`?",
        "confirms evidence `EV-404`, which is not in the evidence register",
    ] {
        assert!(err.contains(f), "missing {f:?} in\n{err}");
    }
    // Type II without a period is a usage error.
    let (_d3, p3) = temp_file("r.json", br#"{"schema": "wafr/review/1"}"#);
    let o = wafr([
        "validate",
        p3.to_str().unwrap(),
        "--audit-type",
        "type2",
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("a Type II audit needs an audit period"),
        "{}",
        stderr(&o)
    );
}

/// A control decision is one decision: contradictory or unjustified ones are located errors (the
/// spreadsheet importer applies the same rules: `sheet_fields.rs`).
#[test]
fn a_control_decision_is_one_decision() {
    let bad = json!({"schema": "wafr/review/1",
        "controls": [
          {"framework": "iso27001-2022", "control": "A.5.2", "applicable": true, "not_applicable": "no"},
          {"framework": "iso27001-2022", "control": "A.5.3", "applicable": false},
          {"framework": "iso27001-2022", "control": "A.5.4", "justification": "we need it"}]});
    let (_d, p) = temp_file("bad.json", bad.to_string().as_bytes());
    let o = wafr(["validate", p.to_str().unwrap(), "--date", DATE]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    for e in [
        "at controls[0].applicable: `applicable` says the control applies, but `not_applicable` excludes it: keep one decision",
        "at controls[1].applicable: `applicable` says the control does not apply, but there is no justification for excluding it: give it in `not_applicable`",
        "at controls[2].justification: a justification without a decision: set `applicable` to say the control applies, or give `not_applicable` to exclude it",
    ] {
        assert!(err.contains(e), "missing {e:?} in\n{err}");
    }
}

#[test]
fn mappings_check_flags_relations_that_disagree_across_frameworks() {
    // A user crosswalk where SEC06-BP05 drives ISO A.8.7 but only supports its SOC 2
    // equivalent CC6.8, with no rationale saying why.
    let d = tempfile::tempdir().unwrap();
    let cw = d.path().join("crosswalks");
    std::fs::create_dir_all(&cw).unwrap();
    let builtin = read("mappings/crosswalks/wa-security__soc2-tsc-2017.csv");
    let changed: String = builtin
        .lines()
        .map(|l| {
            if l.starts_with("SEC06-BP05,soc2-tsc-2017,CC6.8,") {
                "SEC06-BP05,soc2-tsc-2017,CC6.8,supports,Helps detect malware.,wafr".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(changed, builtin.trim_end());
    std::fs::write(cw.join("wa-security__soc2-tsc-2017.csv"), changed).unwrap();
    let o = wafr([
        "mappings",
        "check",
        "--mappings",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`SEC06-BP05` drives `iso27001-2022:A.8.7` (subset) but only supports its equivalent `soc2-tsc-2017:CC6.8`"),
        "{}",
        stderr(&o)
    );
    // The built-in data passes.
    assert_eq!(code(&wafr(["mappings", "check"])), 0);
}

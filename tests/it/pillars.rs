//! Issue 20: the whole Well-Architected review (six pillars) and custom lenses.

use serde_json::json;
use wafr::model::assessment::{ControlStatus, OutsideScopeKind, QuestionRisk};

use crate::common::*;

fn with_lens() -> wafr::pipeline::Options {
    let mut o = options();
    o.mappings
        .lenses
        .push(path("tests/fixtures/lens/security-baseline.json"));
    o.mappings.dirs.push(path("tests/fixtures/lens/mappings"));
    o
}

fn assess_with(
    opts: &wafr::pipeline::Options,
    review: serde_json::Value,
) -> wafr::model::assessment::Assessment {
    let (_d, p) = temp_file("r.json", review.to_string().as_bytes());
    let (catalog, _) = wafr::pipeline::load_catalog(opts).unwrap();
    wafr::pipeline::assess_inputs(&[p], &catalog, opts).unwrap()
}

#[test]
fn a_custom_lens_assesses_as_the_wa_tool_would() {
    let opts = with_lens();
    // (selected choices of bsl_keys, of bsl_access) → (risk of bsl_keys, risk of bsl_access).
    let cases: &[(&[&str], &[&str], QuestionRisk, QuestionRisk)] = &[
        (
            &["bsl_keys_rotation", "bsl_keys_hsm", "bsl_keys_review"],
            &["bsl_access_mfa", "bsl_access_sso"],
            QuestionRisk::None,
            QuestionRisk::None,
        ),
        (
            &["bsl_keys_rotation"],
            &["bsl_access_mfa"],
            QuestionRisk::Medium,
            QuestionRisk::Medium,
        ),
        (
            &["bsl_keys_hsm", "bsl_keys_review"],
            &["bsl_access_sso"],
            QuestionRisk::Medium,
            QuestionRisk::Medium,
        ),
        (
            &["bsl_keys_review"],
            &[],
            QuestionRisk::High,
            QuestionRisk::Unanswered,
        ),
        (
            &["bsl_keys_no"],
            &["bsl_access_no"],
            QuestionRisk::High,
            QuestionRisk::High,
        ),
    ];
    for (keys, access, want_keys, want_access) in cases {
        let mut answers = Vec::new();
        let mut questions = Vec::new();
        for (q, sel, all) in [
            (
                "bsl_keys",
                *keys,
                &["bsl_keys_rotation", "bsl_keys_hsm", "bsl_keys_review"][..],
            ),
            (
                "bsl_access",
                *access,
                &["bsl_access_sso", "bsl_access_mfa"][..],
            ),
        ] {
            if sel.iter().any(|c| c.ends_with("_no")) {
                questions.push(json!({"id": q, "none_of_these": true}));
                continue;
            }
            if sel.is_empty() {
                continue;
            }
            for c in all {
                let status = if sel.contains(c) {
                    "implemented"
                } else {
                    "not_implemented"
                };
                answers.push(json!({"practice": c, "status": status}));
            }
        }
        let mut review = json!({"schema": "wafr/review/1", "answers": answers});
        if !questions.is_empty() {
            review["questions"] = json!(questions);
        }
        let a = match std::panic::catch_unwind(|| assess_with(&opts, review.clone())) {
            Ok(a) => a,
            Err(_) => panic!("{review}"),
        };
        let risk = |q: &str| a.questions.iter().find(|x| x.id == q).unwrap().risk;
        assert_eq!(
            (risk("bsl_keys"), risk("bsl_access")),
            (*want_keys, *want_access),
            "{keys:?} {access:?}"
        );
        assert!(
            a.questions.iter().all(|q| q.id.starts_with("bsl_")),
            "only the custom lens's pillar is assessed"
        );
    }
}

#[test]
fn a_custom_lens_maps_to_iso_27001_through_its_crosswalk() {
    let a = assess_with(
        &with_lens(),
        json!({"schema": "wafr/review/1", "answers": [
            {"practice": "bsl_access_sso", "status": "implemented"},
            {"practice": "bsl_access_mfa", "status": "not_implemented"}]}),
    );
    let iso = a.framework("iso27001-2022").unwrap();
    let a85 = iso.controls.iter().find(|c| c.id == "A.8.5").unwrap();
    assert_eq!(a85.status, ControlStatus::ArchitecturalRisk);
    assert!(a85.reason.contains("bsl_access_mfa"), "{}", a85.reason);
    // The lens's own weight: without MFA the question is MEDIUM (sso alone), so MFA is Medium.
    assert_eq!(
        a.practice("bsl_access_mfa").unwrap().risk_level,
        wafr::model::catalog::RiskLevel::Medium
    );
}

#[test]
fn bad_custom_lenses_are_located_errors() {
    let d = tempfile::tempdir().unwrap();
    let lens = json!({"schemaVersion": "2021-11-01", "name": "Bad", "pillars": [{"id": "ops", "name": "Ops", "questions": [
        {"id": "bad_q1", "title": "t", "choices": [{"id": "bad_a", "title": "a"}, {"id": "bad_a", "title": "again"}],
         "riskRules": [{"condition": "bad_a &", "risk": "HIGH_RISK"}, {"condition": "bad_zzz", "risk": "LOW_RISK"}]},
        {"id": "sec_securely_operate_multi_accounts", "title": "collides", "choices": [{"id": "bad_b", "title": "b"}],
         "riskRules": [{"condition": "bad_b", "risk": "NO_RISK"}]}]}]});
    let p = d.path().join("bad-lens.json");
    std::fs::write(&p, lens.to_string()).unwrap();
    let o = wafr(["mappings", "check", "--lens", p.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    for f in [
        "at pillars[0].questions[0].choices[1].id: id `bad_a` is also used at pillars[0].questions[0].choices[0]",
        "at pillars[0].questions[0].riskRules[0].condition: the condition \"bad_a &\" does not parse: `&` must be doubled (`&&`)",
        "at pillars[0].questions[0].riskRules[1].risk: risk `LOW_RISK` is not HIGH_RISK, MEDIUM_RISK or NO_RISK",
        "at pillars[0].questions[0].riskRules: question `bad_q1` has no `default` risk rule",
        "at pillars[0].questions[1].id: id `sec_securely_operate_multi_accounts` is already an id of the built-in Well-Architected lens",
    ] {
        assert!(err.contains(f), "missing {f:?} in\n{err}");
    }
}

#[test]
fn a_security_only_review_leaves_other_pillars_as_covered_elsewhere() {
    let a = example_assessment();
    assert_eq!(a.lens.id, "wa-security");
    assert_eq!(a.questions.len(), 11);
    let iso = a.framework("iso27001-2022").unwrap();
    let a813 = iso.controls.iter().find(|c| c.id == "A.8.13").unwrap();
    assert_eq!(a813.status, ControlStatus::OutsideReviewScope);
    let o = a813.outside_scope.as_ref().unwrap();
    assert_eq!(o.kind, OutsideScopeKind::OtherPillar);
    assert_eq!(o.pillars, vec!["Reliability".to_owned()]);
    let soc2 = a.framework("soc2-tsc-2017").unwrap();
    let a12 = soc2.controls.iter().find(|c| c.id == "A1.2").unwrap();
    assert_eq!(
        a12.outside_scope.as_ref().map(|o| o.kind),
        Some(OutsideScopeKind::OtherPillar)
    );
}

#[test]
fn with_reliability_answered_backup_controls_are_assessed() {
    let mut answers: Vec<serde_json::Value> = Vec::new();
    for bp in ["REL09-BP01", "REL09-BP02", "REL09-BP03", "REL09-BP04"] {
        answers.push(json!({"practice": bp, "status": "implemented"}));
    }
    answers.push(json!({"practice": "SEC01-BP01", "status": "implemented"}));
    let a = assess_with(
        &options(),
        json!({"schema": "wafr/review/1", "answers": answers}),
    );
    let pillars: Vec<&str> = a.questions.iter().map(|q| q.id.get(..3).unwrap()).collect();
    assert!(pillars.contains(&"SEC") && pillars.contains(&"REL"));
    let iso = a.framework("iso27001-2022").unwrap();
    let a813 = iso.controls.iter().find(|c| c.id == "A.8.13").unwrap();
    assert_ne!(
        a813.status,
        ControlStatus::OutsideReviewScope,
        "{}",
        a813.reason
    );
    assert!(
        a813.status.is_implemented(),
        "{:?}: {}",
        a813.status,
        a813.reason
    );
    let soc2 = a.framework("soc2-tsc-2017").unwrap();
    let a12 = soc2.controls.iter().find(|c| c.id == "A1.2").unwrap();
    assert_ne!(
        a12.status,
        ControlStatus::OutsideReviewScope,
        "{}",
        a12.reason
    );
    // --pillars security keeps the review to the Security pillar.
    let mut only_sec = options();
    only_sec.assess.pillars = vec!["security".into()];
    let a = assess_with(
        &only_sec,
        json!({"schema": "wafr/review/1", "answers": [{"practice": "REL09-BP01", "status": "implemented"}, {"practice": "SEC01-BP01", "status": "implemented"}]}),
    );
    assert_eq!(a.questions.len(), 11);
}

/// `--pillars` leaves a pillar out: its answers, evidence links and waivers are set aside with
/// a warning each, never an error and never in silence (regression: evidence naming a
/// practice of another pillar was "neither a best practice nor a control").
#[test]
fn a_pillar_left_out_is_set_aside_with_a_warning_not_an_error() {
    let review = serde_json::json!({
        "schema": "wafr/review/1",
        "workload": {"name": "g", "review_date": "2026-11-01"},
        "answers": [
            {"practice": "SEC01-BP01", "status": "implemented"},
            {"practice": "OPS01-BP01", "status": "not_implemented"}
        ],
        "evidence": [{"id": "EV-1", "title": "runbook", "supports": ["OPS01-BP02"]}],
        "accepted_risks": [{"id": "AR-1", "target": "OPS01-BP01", "title": "t",
                            "justification": "j", "approver": "a", "expires_on": "2027-01-01"}]
    });
    let (_d, p) = temp_file("mixed.json", review.to_string().as_bytes());
    let o = wafr([
        "validate",
        p.to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--pillars",
        "security",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    for needle in [
        "1 answer of the Operational Excellence pillar set aside",
        "accepted risk `AR-1` targets OPS01-BP01 of the Operational Excellence pillar",
        "evidence `EV-1` supports OPS01-BP02 of the Operational Excellence pillar",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    assert!(
        stdout(&o).contains("1 of 11 questions answered"),
        "{}",
        stdout(&o)
    );
    // Without --pillars both pillars are assessed and nothing is set aside.
    let o = wafr(["validate", p.to_str().unwrap(), "--date", "2026-11-29"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("set aside"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 of 22 questions answered"),
        "{}",
        stdout(&o)
    );
}

//! Issue 3: mapping data, its checks and overrides, and the control statuses it yields.

use std::collections::BTreeSet;

use wafr::model::assessment::ControlStatus;
use wafr::model::catalog::RiskLevel;

use crate::common::*;

#[test]
fn builtin_mappings_pass_the_check() {
    let o = wafr(["mappings", "check"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("mappings ok: lens 2024-06-27 (308 practices), 7 framework(s)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn catalogs_are_complete_and_every_practice_maps_to_every_framework() {
    let (c, report) = wafr::catalog::load(&Default::default()).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // All six pillars of lens 2024-06-27: 57 questions, 308 practices.
    assert_eq!((c.lens.questions.len(), c.lens.practices.len()), (57, 308));
    let per_pillar: Vec<(String, usize)> = c
        .pillars
        .iter()
        .map(|p| (p.id.clone(), c.lens.practices.iter().filter(|x| x.pillar == p.id).count()))
        .collect();
    assert_eq!(
        per_pillar,
        vec![
            ("operationalExcellence".to_owned(), 68),
            ("security".to_owned(), 63),
            ("reliability".to_owned(), 67),
            ("performance".to_owned(), 32),
            ("costOptimization".to_owned(), 50),
            ("sustainability".to_owned(), 28),
        ]
    );
    let sec: Vec<RiskLevel> = c
        .lens
        .practices
        .iter()
        .filter(|p| p.pillar == "security")
        .map(|p| p.risk)
        .collect();
    assert_eq!(
        (
            sec.iter().filter(|r| **r == RiskLevel::High).count(),
            sec.iter().filter(|r| **r == RiskLevel::Medium).count(),
            sec.iter().filter(|r| **r == RiskLevel::Low).count()
        ),
        (30, 28, 5)
    );
    let soc2 = c.framework("soc2-tsc-2017").unwrap();
    assert_eq!(soc2.controls.len(), 61);
    let iso = c.framework("iso27001-2022").unwrap();
    assert_eq!(
        iso.controls
            .iter()
            .filter(|c| c.kind.as_deref() == Some("annex-a"))
            .count(),
        93
    );
    assert!(iso.controls.iter().any(|c| c.id == "Clause 6.1.2"));
    assert!(
        iso.controls
            .iter()
            .all(|c| !c.id.starts_with("A.9.") && !c.id.starts_with("A.12.")),
        "no ISO 27001:2013 ids"
    );
    let gdpr = c.framework("gdpr-2016").unwrap();
    for id in [
        "Art.5(1)(e)", "Art.5(1)(f)", "Art.5(2)", "Art.24", "Art.25(1)", "Art.25(2)", "Art.28(3)",
        "Art.30(2)", "Art.32(1)(a)", "Art.32(1)(b)", "Art.32(1)(c)", "Art.32(1)(d)", "Art.33(2)",
        "Art.34", "Art.35", "Art.44", "Art.49",
    ] {
        assert!(gdpr.controls.iter().any(|c| c.id == id), "GDPR {id}");
    }
    // Every control says what kind of duty it is; ISO clauses are organisational.
    for fw in &c.frameworks {
        for ctl in &fw.controls {
            if ctl.kind.as_deref() == Some("clause") {
                assert_eq!(ctl.scope, wafr::model::catalog::ControlScope::Organisational, "{}", ctl.id);
            }
        }
    }
    // Every practice of every pillar has a row (or an explicit `none`) in every framework.
    for fw in &c.frameworks {
        let covered: BTreeSet<&str> = c
            .crosswalk
            .iter()
            .filter(|r| r.framework == fw.id)
            .map(|r| r.bp.as_str())
            .collect();
        assert_eq!(
            covered.len(),
            308,
            "{}: every practice has a row or an explicit `none` row",
            fw.id
        );
    }
    // Every row has a rationale and a source; `none` rows have no control.
    for r in &c.crosswalk {
        assert!(!r.rationale.is_empty() && !r.source.is_empty(), "{}", r.at);
        assert_eq!(
            r.control.is_none(),
            r.relation == wafr::model::catalog::Relation::None,
            "{}",
            r.at
        );
    }
    // Process practices are mapped, not only automatable ones.
    for bp in [
        "SEC01-BP07",
        "SEC07-BP01",
        "SEC10-BP02",
        "SEC10-BP07",
        "SEC11-BP01",
        "SEC11-BP03",
    ] {
        assert!(
            c.crosswalk
                .iter()
                .any(|r| r.bp == bp && r.framework == "iso27001-2022" && r.control.is_some()),
            "{bp}"
        );
        assert!(
            c.crosswalk
                .iter()
                .any(|r| r.bp == bp && r.framework == "soc2-tsc-2017" && r.control.is_some()),
            "{bp}"
        );
    }
}

#[test]
fn broken_mapping_files_fail_with_located_errors() {
    let o = wafr([
        "mappings",
        "check",
        "--mappings",
        "tests/fixtures/mappings/broken",
    ]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    let f = "tests/fixtures/mappings/broken/crosswalks/wa-security__iso27001-2022.csv";
    for expected in [
        format!("{f}, row 3: `SEC01-BP01` → `iso27001-2022` `A.8.31` is mapped twice (also at {f}, row 2)"),
        format!("{f}, row 4: unknown control `A.9.4.2` in `iso27001-2022`"),
        "`A.9.4.2` is an id of an earlier edition; in ISO/IEC 27001:2022 (Annex A and clauses 4 to 10) it became `A.8.5`".to_owned(),
        format!("{f}, row 5: unknown control `A.8.99`"),
        format!("{f}, row 6: unknown best practice `SEC99-BP01`"),
        format!("{f}, row 7: unknown best practice `SEC06-BP06`"),
        "`SEC06-BP06` is an id of an older lens version; the current id is `SEC06-BP04`".to_owned(),
        format!("{f}, row 8, column D (relation): unknown relation \"maps-to\""),
        format!("{f}, row 9: every crosswalk row needs a rationale"),
        format!("{f}, row 10: a row with relation `none` must leave control_id empty"),
        format!("{f}, row 11: row has 7 fields; the header has 6"),
        "tests/fixtures/mappings/broken/frameworks/duplicate-soc2.toml: framework id `soc2-tsc-2017` is also defined in".to_owned(),
        "tests/fixtures/mappings/broken/frameworks/typo.toml, line 11, column 1: unknown field `titel`".to_owned(),
    ] {
        assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
    }
    // The report refuses broken mappings too.
    let o = wafr([
        "validate",
        "examples/northwind/review.json",
        "--mappings",
        "tests/fixtures/mappings/broken",
    ]);
    assert_eq!(code(&o), 1);
}

#[test]
fn a_user_folder_adds_a_framework_end_to_end() {
    let o = wafr([
        "mappings",
        "list",
        "--mappings",
        "tests/fixtures/mappings/user-framework",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("acme-csf-subset ACME subset of the NIST CSF (2.0 (2024)): 16 subcategories"),
        "{out}"
    );
    assert!(
        out.contains("frameworks/acme-csf-subset.toml")
            && out.contains("tests/fixtures/mappings/user-framework"),
        "{out}"
    );
    let o = wafr([
        "mappings",
        "check",
        "--mappings",
        "tests/fixtures/mappings/user-framework",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let out_dir = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--mappings",
        "tests/fixtures/mappings/user-framework",
        "--out",
        out_dir.path().to_str().unwrap(),
        "--date",
        DATE,
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("assessment.json")).unwrap(),
    )
    .unwrap();
    let nist = v["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "acme-csf-subset")
        .expect("a user framework is assessed by default");
    let ctrl = |id: &str| {
        nist["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        ctrl("PR.AA-03")["status"],
        "architectural_risk",
        "SEC02-BP01 is missing"
    );
    assert_eq!(
        ctrl("ID.RA-03")["status"],
        "architectural_risk",
        "SEC01-BP07 is missing"
    );
    assert_eq!(
        ctrl("GV.RM-01")["status"],
        "outside_review_scope",
        "no practice maps to it"
    );
    assert_eq!(
        ctrl("PR.PS-06")["status"],
        "not_assessed",
        "SEC11 is unanswered"
    );
    assert_eq!(nist["controls"].as_array().unwrap().len(), 16);
}

#[test]
fn a_user_folder_replaces_a_crosswalk() {
    let o = wafr([
        "mappings",
        "list",
        "--mappings",
        "tests/fixtures/mappings/replace-soc2",
    ]);
    assert!(
        stdout(&o).contains("(replaces the built-in file)"),
        "{}",
        stdout(&o)
    );
    let mut opts = options();
    opts.mappings
        .dirs
        .push(path("tests/fixtures/mappings/replace-soc2"));
    let (catalog, load) = wafr::pipeline::load_catalog(&opts).unwrap();
    assert_eq!(load.replaced.len(), 1);
    let a = wafr::pipeline::assess_inputs(&[example()], &catalog, &opts).unwrap();
    let soc2 = a.framework("soc2-tsc-2017").unwrap();
    assert_eq!(
        soc2.controls.len() + soc2.excluded.len(),
        61,
        "every criterion is still listed (the example leaves Privacy out of scope)"
    );
    assert_eq!(
        soc2.controls
            .iter()
            .filter(|c| c.status == ControlStatus::ArchitecturalRisk)
            .count(),
        1
    );
    assert_eq!(
        soc2.counts.outside_review_scope as usize,
        soc2.controls.len() - 1,
        "all but CC6.1"
    );
}

#[test]
fn missing_mfa_is_architectural_risk_not_an_evidence_gap() {
    let a = example_assessment();
    let status = |fw: &str, id: &str| {
        let c = a
            .framework(fw)
            .unwrap()
            .controls
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .clone();
        (c.status, c.risk, c.reason)
    };
    // SEC02-BP01 (strong sign-in, High) is not implemented.
    for (fw, id) in [
        ("soc2-tsc-2017", "CC6.1"),
        ("iso27001-2022", "A.8.5"),
        ("iso27001-2022", "A.5.17"),
    ] {
        let (st, risk, reason) = status(fw, id);
        assert_eq!(st, ControlStatus::ArchitecturalRisk, "{fw} {id}");
        assert_eq!(risk, Some(RiskLevel::High), "{fw} {id}");
        assert!(reason.contains("SEC02-BP01 (High)"), "{reason}");
    }
    // Implemented: evidence per control, by the audit type (Type II over 2026).
    assert_eq!(
        status("iso27001-2022", "A.5.7").0,
        ControlStatus::EvidenceMissing
    );
    assert_eq!(
        status("iso27001-2022", "A.8.24").0,
        ControlStatus::EvidenceStale
    );
    assert_eq!(status("iso27001-2022", "A.8.8").0, ControlStatus::Evidenced);
    assert_eq!(
        status("iso27001-2022", "A.8.15").0,
        ControlStatus::EvidencedInPart
    );
    assert_eq!(
        status("iso27001-2022", "A.5.15").0,
        ControlStatus::EvidencePartial
    );
    assert_eq!(
        status("iso27001-2022", "A.5.14").0,
        ControlStatus::EvidenceUnverified
    );
    // Data-centre controls are AWS's: carved out only with AWS's certificate on file.
    let a74 = status("iso27001-2022", "A.7.4");
    assert_eq!(a74.0, ControlStatus::CarvedOut);
    assert!(a74.2.contains("EV-014"), "{}", a74.2);
    // Only by the organisation's decision is a control not applicable.
    assert_eq!(
        status("iso27001-2022", "A.8.30").0,
        ControlStatus::NotApplicable
    );
    // A waiver in force (AR-001 on SEC10-BP07) and one that expired (AR-002 on SEC08-BP03).
    let cc74 = status("soc2-tsc-2017", "CC7.4");
    assert_eq!(cc74.0, ControlStatus::AcceptedRisk, "{}", cc74.2);
    assert_eq!(
        a.practice("SEC10-BP07").unwrap().accepted_risk.as_deref(),
        Some("AR-001")
    );
    assert_eq!(a.practice("SEC08-BP03").unwrap().accepted_risk, None);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "accepted-risk-expired" && w.message.contains("AR-002"))
    );
    // Unanswered practices leave controls not assessed; organisational duties are outside scope.
    assert_eq!(
        status("iso27001-2022", "A.8.28").0,
        ControlStatus::NotAssessed
    );
    assert_eq!(
        status("soc2-tsc-2017", "CC1.1").0,
        ControlStatus::OutsideReviewScope
    );
    assert_eq!(
        status("iso27001-2022", "Clause 8.2").0,
        ControlStatus::OutsideReviewScope
    );
    // Every status but attestation-missing appears in the example (that one has its own test).
    let seen: BTreeSet<ControlStatus> = a
        .frameworks
        .iter()
        .flat_map(|f| f.controls.iter().map(|c| c.status))
        .collect();
    let missing: Vec<_> = ControlStatus::ALL
        .iter()
        .filter(|s| !seen.contains(s))
        .collect();
    assert_eq!(
        missing,
        vec![&ControlStatus::AttestationMissing],
        "{seen:?}"
    );
}

#[test]
fn every_control_is_listed_and_readiness_states_its_formula() {
    let a = example_assessment();
    let n = |id: &str| a.framework(id).unwrap().controls.len();
    assert_eq!(
        (n("soc2-tsc-2017"), n("iso27001-2022"), n("gdpr-2016")),
        (43, 123, 23),
        "SOC 2 without Privacy (--tsc), GDPR as a processor: the example's audit scope"
    );
    for f in &a.frameworks {
        let c = &f.counts;
        assert_eq!(c.total() as usize, f.controls.len());
        let r = &f.readiness;
        let carved = match f.supplier_model {
            wafr::model::catalog::SupplierModel::CarveOut => c.carved_out,
            wafr::model::catalog::SupplierModel::Supplier => 0,
        };
        assert_eq!(
            r.assessed,
            c.total() - c.not_applicable - c.outside_review_scope - carved
        );
        assert!(
            r.formula
                .contains(&format!("{} ÷ {}", r.evidenced, r.assessed)),
            "{}",
            r.formula
        );
    }
    let soc2 = a.framework("soc2-tsc-2017").unwrap();
    assert_eq!(
        soc2.readiness.percent,
        Some(
            (1000.0 * f64::from(soc2.readiness.evidenced) / f64::from(soc2.readiness.assessed))
                .round()
                / 10.0
        )
    );
}

#[test]
fn review_can_override_responsibility_and_applicability() {
    let r = r#"{"schema": "wafr/review/1",
      "answers": [{"practice": "SEC02-BP01", "status": "implemented", "evidence": ["MFA policy screenshot"]}],
      "controls": [{"framework": "iso27001-2022", "control": "A.7.1", "responsibility": "customer"},
                   {"framework": "soc2-tsc-2017", "control": "CC6.1", "not_applicable": "test: the whole system is offline"}]}"#;
    let (_d, p) = temp_file("r.json", r.as_bytes());
    let a = assess(&[p]).unwrap();
    let c = |fw: &str, id: &str| {
        a.framework(fw)
            .unwrap()
            .controls
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        c("iso27001-2022", "A.7.1").status,
        ControlStatus::OutsideReviewScope
    );
    assert_eq!(
        c("soc2-tsc-2017", "CC6.1").status,
        ControlStatus::NotApplicable
    );
    // A free-text evidence reference counts (marked as not in the register).
    let a85 = c("iso27001-2022", "A.8.5");
    assert_eq!(
        a85.status,
        ControlStatus::ArchitecturalRisk,
        "SEC02-BP02..05 are unticked in an answered question"
    );

    let bad = r#"{"schema": "wafr/review/1", "controls": [{"framework": "iso27001-2022", "control": "A.9.2.1", "not_applicable": "x"}],
      "accepted_risks": [{"id": "AR-9", "target": "SEC42-BP01", "title": "t", "justification": "j"}],
      "evidence": [{"id": "EV-9", "title": "t", "supports": ["CC99.9"]}]}"#;
    let (_d2, p2) = temp_file("bad.json", bad.as_bytes());
    let o = wafr(["validate", p2.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("at controls[0]: unknown control `A.9.2.1` in framework `iso27001-2022`"),
        "{err}"
    );
    assert!(
        err.contains("at accepted_risks[0]: accepted risk `AR-9` targets \"SEC42-BP01\""),
        "{err}"
    );
    assert!(
        err.contains("at evidence[0]: evidence `EV-9` supports \"CC99.9\""),
        "{err}"
    );
}

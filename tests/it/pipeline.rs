//! Issue 2: the end-to-end pipeline. Import (native and WA Tool JSON) → assess → assessment.json.

use serde_json::Value;
use wafr::model::assessment::{Finding, QuestionRisk};
use wafr::model::review::PracticeStatus;

use crate::common::*;

#[test]
fn example_counts_match_the_hand_check() {
    let a = example_assessment();
    // Hand-checked from examples/northwind/review.json:
    // HRIs: SEC01-BP07, SEC02-BP01, SEC02-BP05, SEC07-BP04 (High practices not implemented).
    // MRIs: SEC03-BP03, SEC03-BP04, SEC05-BP04, SEC06-BP04, SEC07-BP03, SEC08-BP03, SEC10-BP03,
    //       SEC10-BP06, SEC10-BP07. LRI: SEC04-BP03. SEC03-BP09 not applicable; SEC11 unanswered.
    let ids = |f: Finding| {
        a.practices()
            .filter(|p| p.finding == Some(f))
            .map(|p| p.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(Finding::Hri),
        ["SEC01-BP07", "SEC02-BP01", "SEC02-BP05", "SEC07-BP04"]
    );
    assert_eq!(
        ids(Finding::Mri),
        [
            "SEC03-BP03",
            "SEC03-BP04",
            "SEC05-BP04",
            "SEC06-BP04",
            "SEC07-BP03",
            "SEC08-BP03",
            "SEC10-BP03",
            "SEC10-BP06",
            "SEC10-BP07"
        ]
    );
    assert_eq!(ids(Finding::Lri), ["SEC04-BP03"]);
    let s = &a.summary;
    assert_eq!(
        (s.practices.hri, s.practices.mri, s.practices.lri),
        (4, 9, 1)
    );
    assert_eq!(
        (
            s.practices.implemented,
            s.practices.not_applicable,
            s.practices.unanswered
        ),
        (40, 1, 8)
    );
    assert_eq!((s.questions_answered, s.questions_total), (10, 11));
    let risk: Vec<(&str, QuestionRisk)> = a
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.risk))
        .collect();
    use QuestionRisk::*;
    assert_eq!(
        risk,
        [
            ("SEC01", High),
            ("SEC02", High),
            ("SEC03", Medium),
            ("SEC04", None), // only a Low practice is missing: the WA Tool does not raise the risk
            ("SEC05", Medium),
            ("SEC06", Medium),
            ("SEC07", High),
            ("SEC08", Medium),
            ("SEC09", None),
            ("SEC10", Medium),
            ("SEC11", Unanswered),
        ]
    );
    // Per focus area.
    let iam = a
        .focus_areas
        .iter()
        .find(|f| f.name == "Identity and access management")
        .unwrap();
    assert_eq!(
        (
            iam.counts.hri,
            iam.counts.mri,
            iam.questions_high,
            iam.questions_medium
        ),
        (2, 2, 1, 1)
    );
    // Per question.
    let sec10 = a.questions.iter().find(|q| q.id == "SEC10").unwrap();
    assert_eq!(
        (sec10.counts.hri, sec10.counts.mri, sec10.counts.implemented),
        (0, 3, 5)
    );
    // Notes and N/A reasons come through verbatim.
    let bp09 = a.practice("SEC03-BP09").unwrap();
    assert_eq!(bp09.status, PracticeStatus::NotApplicable);
    assert_eq!(bp09.na_reason.as_deref(), Some("Out of scope"));
    assert!(
        bp09.notes
            .as_deref()
            .unwrap()
            .starts_with("No resources are shared with third parties")
    );
    assert_eq!(
        a.questions[10].notes.as_deref(),
        Some("Application security is reviewed separately with the AppSec guild in December 2026.")
    );
}

/// Only what both formats can carry: statuses, findings, notes, risks, control statuses.
fn projection(a: &wafr::model::assessment::Assessment) -> Value {
    let practices: Vec<Value> = a
        .practices()
        .map(|p| {
            serde_json::json!([
                p.id,
                p.status,
                p.answered_status,
                p.finding,
                p.na_reason,
                p.notes,
                p.owner,
                p.evidence,
                p.effort,
                p.target_date,
                p.depends_on,
                p.accepted_risk,
                p.controls
            ])
        })
        .collect();
    let questions: Vec<Value> = a
        .questions
        .iter()
        .map(|q| serde_json::json!([q.id, q.risk, q.notes, q.na_reason, q.counts]))
        .collect();
    let controls: Vec<Value> = a
        .frameworks
        .iter()
        .flat_map(|f| {
            f.controls.iter().map(move |c| {
                serde_json::json!([f.id, c.id, c.status, c.risk, c.reason, c.evidence])
            })
        })
        .collect();
    let mut w = a.workload.clone();
    w.wa_workload_id = None;
    serde_json::json!({"workload": w, "practices": practices, "questions": questions, "controls": controls,
        "summary": a.summary, "plan": a.plan, "evidence": a.evidence.iter().map(|e| (&e.id, e.state, &e.practices, &e.controls)).collect::<Vec<_>>()})
}

#[test]
fn wa_tool_json_and_native_json_give_the_same_assessment() {
    let native = example_assessment();
    let files = [
        path("examples/northwind/wa-tool-export.json"),
        path("examples/northwind/evidence-and-owners.json"),
    ];
    // The export bundle holds the Security Pillar only (every pillar of the AWS CLI's output is
    // read: tests/it/aws_cli.rs).
    let wa = assess(&files).unwrap();
    assert_eq!(projection(&native), projection(&wa));
    // The WA Tool's own risk is kept.
    assert_eq!(wa.questions[0].reported_risk, Some(QuestionRisk::High));
    assert_eq!(
        wa.sources
            .iter()
            .map(|s| s.format.as_str())
            .collect::<Vec<_>>(),
        ["wafr-json", "wa-tool-json"]
    );
}

#[test]
fn report_writes_assessment_json_from_the_readme_command() {
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
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(out.path().join("assessment.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], "wafr/assessment/2");
    assert_eq!(v["summary"]["practices"]["hri"], 4);
    assert!(stdout(&o).contains("4 HRI, 9 MRI"), "{}", stdout(&o));
}

#[test]
fn assessment_json_matches_golden_file() {
    let a = example_assessment();
    let mut text = String::from_utf8(wafr::render::json(&a).unwrap()).unwrap();
    // Paths are shown as given; make them independent of where the checkout lives.
    text = text.replace(&format!("{}/", root().display()), "");
    golden("northwind.assessment.json", &text);
}

#[test]
fn same_inputs_and_date_give_identical_json() {
    let a = wafr::render::json(&example_assessment()).unwrap();
    let b = wafr::render::json(&example_assessment()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn wa_tool_list_answers_pages_in_separate_files_and_unanswered_questions() {
    let page1 = serde_json::json!({
        "WorkloadId": "0123456789abcdef0123456789abcdef", "LensAlias": "wellarchitected",
        "AnswerSummaries": [{
            "QuestionId": "securely-operate", "PillarId": "security", "QuestionTitle": "How do you securely operate your workload?",
            "Choices": [], "SelectedChoices": ["sec_securely_operate_multi_accounts", "sec_securely_operate_aws_account"],
            "ChoiceAnswerSummaries": [
                {"ChoiceId": "sec_securely_operate_threat_model", "Status": "NOT_APPLICABLE", "Reason": "ARCHITECTURE_CONSTRAINTS"}],
            "IsApplicable": true, "Risk": "HIGH", "Reason": "NONE"}],
        "NextToken": "abc"});
    let page2 = serde_json::json!({
        "WorkloadId": "0123456789abcdef0123456789abcdef", "LensAlias": "wellarchitected",
        "AnswerSummaries": [
            {"QuestionId": "identities", "PillarId": "security", "SelectedChoices": ["sec_identities_no"], "ChoiceAnswerSummaries": [], "IsApplicable": true, "Risk": "HIGH"},
            {"QuestionId": "permissions", "PillarId": "security", "SelectedChoices": [], "ChoiceAnswerSummaries": [], "IsApplicable": true, "Risk": "UNANSWERED"},
            {"QuestionId": "network-protection", "PillarId": "security", "SelectedChoices": [], "ChoiceAnswerSummaries": [], "IsApplicable": false, "Risk": "NOT_APPLICABLE", "Reason": "OUT_OF_SCOPE"},
            {"QuestionId": "monitor-aws-resources", "PillarId": "reliability", "SelectedChoices": [], "Risk": "UNANSWERED"}]});
    let dir = tempfile::tempdir().unwrap();
    let (p1, p2) = (dir.path().join("page1.json"), dir.path().join("page2.json"));
    std::fs::write(&p1, page1.to_string()).unwrap();
    std::fs::write(&p2, page2.to_string()).unwrap();
    let a = assess(&[p1, p2]).unwrap();
    let st = |id: &str| a.practice(id).unwrap().status;
    assert_eq!(st("SEC01-BP01"), PracticeStatus::Implemented);
    assert_eq!(st("SEC01-BP07"), PracticeStatus::NotApplicable);
    assert_eq!(
        a.practice("SEC01-BP07").unwrap().na_reason.as_deref(),
        Some("Architecture constraints")
    );
    assert_eq!(
        st("SEC01-BP03"),
        PracticeStatus::NotImplemented,
        "an unticked choice of an answered question is not implemented"
    );
    // "None of these": every practice of SEC02 is not implemented.
    assert!(
        a.questions[1]
            .practices
            .iter()
            .all(|p| p.status == PracticeStatus::NotImplemented)
    );
    assert!(a.questions[1].none_selected);
    assert_eq!(a.questions[1].risk, QuestionRisk::High);
    assert_eq!(a.questions[2].risk, QuestionRisk::Unanswered);
    assert!(
        a.questions[2]
            .practices
            .iter()
            .all(|p| p.status == PracticeStatus::Unanswered)
    );
    assert_eq!(a.questions[4].risk, QuestionRisk::NotApplicable);
    assert_eq!(a.questions[4].na_reason.as_deref(), Some("Out of scope"));
    // Another pillar's answer is read: its pillar is assessed too.
    let rel06 = a.questions.iter().find(|q| q.id == "REL06").unwrap();
    assert_eq!(rel06.risk, QuestionRisk::Unanswered);
}

#[test]
fn get_answer_outputs_as_a_list_with_an_older_lens_version() {
    // Lens of 2020: SEC04's "analyze_all" became SEC04-BP02 (by judgement), SEC09's
    // "auto_unintended_access" was removed, SEC01's two "keep up to date" choices were merged.
    let answers = serde_json::json!([
        {"WorkloadId": "w", "LensAlias": "wellarchitected", "Answer": {
            "QuestionId": "detect-investigate-events", "PillarId": "security",
            "HelpfulResourceUrl": "https://wa.aws.amazon.com/TypeII/en/wellarchitected/wellarchitected.detect-investigate-events.helpful-resources.en.html",
            "Choices": [{"ChoiceId": "sec_detect_investigate_events_app_service_logging"}, {"ChoiceId": "sec_detect_investigate_events_analyze_all"},
                        {"ChoiceId": "sec_detect_investigate_events_auto_response"}, {"ChoiceId": "sec_detect_investigate_events_actionable_events"}],
            "SelectedChoices": ["sec_detect_investigate_events_app_service_logging", "sec_detect_investigate_events_analyze_all"],
            "ChoiceAnswers": [{"ChoiceId": "sec_detect_investigate_events_analyze_all", "Status": "SELECTED", "Notes": "central SIEM"}],
            "IsApplicable": true, "Risk": "MEDIUM", "Notes": "old review"}},
        {"WorkloadId": "w", "LensAlias": "wellarchitected", "Answer": {
            "QuestionId": "protect-data-transit", "PillarId": "security",
            "Choices": [{"ChoiceId": "sec_protect_data_transit_key_cert_mgmt"}, {"ChoiceId": "sec_protect_data_transit_auto_unintended_access"}],
            "SelectedChoices": ["sec_protect_data_transit_key_cert_mgmt", "sec_protect_data_transit_auto_unintended_access"],
            "IsApplicable": true, "Risk": "HIGH"}},
        {"WorkloadId": "w", "LensAlias": "wellarchitected", "Answer": {
            "QuestionId": "securely-operate", "PillarId": "security",
            "SelectedChoices": ["sec_securely_operate_updated_threats"],
            "ChoiceAnswers": [{"ChoiceId": "sec_securely_operate_updated_recommendations", "Status": "UNSELECTED"}],
            "IsApplicable": true, "Risk": "HIGH"}}
    ]);
    let (_d, p) = temp_file("answers.json", answers.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let bp02 = a.practice("SEC04-BP02").unwrap();
    assert_eq!(bp02.status, PracticeStatus::Implemented);
    assert_eq!(
        bp02.legacy_ids,
        ["sec_detect_investigate_events_analyze_all"]
    );
    assert_eq!(bp02.notes.as_deref(), Some("central SIEM"));
    assert_eq!(
        a.practice("SEC04-BP04").unwrap().status,
        PracticeStatus::NotImplemented
    );
    // Merged: "updated_threats" selected but "updated_recommendations" not → not implemented.
    assert_eq!(
        a.practice("SEC01-BP04").unwrap().status,
        PracticeStatus::NotImplemented
    );
    // The removed practice is reported, not dropped.
    assert_eq!(a.legacy.len(), 1);
    assert_eq!(
        a.legacy[0].old_choice_id,
        "sec_protect_data_transit_auto_unintended_access"
    );
    assert_eq!(a.legacy[0].status, PracticeStatus::Implemented);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "legacy-removed-practice")
    );
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "legacy-inferred" && w.message.contains("SEC04-BP02"))
    );
    // SEC09-BP02/BP03 did not exist as choices of this (old) answer: counted as not implemented, and said.
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "practice-not-in-reviewed-version")
    );
    // The WA Tool reported MEDIUM for SEC04 and our rule agrees; no mismatch warning for it.
    assert!(
        !a.warnings
            .iter()
            .any(|w| w.code == "risk-mismatch" && w.message.starts_with("SEC04"))
    );
}

#[test]
fn reported_risk_that_differs_is_kept_and_warned() {
    let page = serde_json::json!({"AnswerSummaries": [{"QuestionId": "protect-compute", "PillarId": "security",
        "SelectedChoices": ["sec_protect_compute_vulnerability_management"], "IsApplicable": true, "Risk": "MEDIUM"}]});
    let (_d, p) = temp_file("p.json", page.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let q = a.questions.iter().find(|q| q.id == "SEC06").unwrap();
    assert_eq!(q.reported_risk, Some(QuestionRisk::Medium));
    assert_eq!(q.risk, QuestionRisk::High);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "risk-mismatch" && w.message.contains("SEC06"))
    );
}

#[test]
fn get_workload_gives_the_scope() {
    let wl = serde_json::json!({"Workload": {"WorkloadId": "0123456789abcdef0123456789abcdef",
        "WorkloadArn": "arn:aws:wellarchitected:eu-west-1:111122223333:workload/0123456789abcdef0123456789abcdef",
        "WorkloadName": "payments-api", "Description": "Card payments API", "Environment": "PRODUCTION",
        "UpdatedAt": 1741083300, "AwsRegions": ["eu-west-1"], "ReviewOwner": "secops@example.com", "Industry": "Payments"}});
    let page = serde_json::json!({"AnswerSummaries": [{"QuestionId": "securely-operate", "PillarId": "security", "SelectedChoices": ["sec_securely_operate_no"], "Risk": "HIGH"}]});
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.json"), wl.to_string()).unwrap();
    std::fs::write(dir.path().join("a.json"), page.to_string()).unwrap();
    let a = assess(&[dir.path().join("w.json"), dir.path().join("a.json")]).unwrap();
    assert_eq!(a.workload.name, "payments-api");
    assert_eq!(a.workload.aws_accounts, ["111122223333"]);
    assert_eq!(a.workload.environment.as_deref(), Some("production"));
    assert_eq!(
        a.workload.review_date.map(|d| d.to_string()).as_deref(),
        Some("2025-03-04")
    );
}

fn run_bad(name: &str, content: &str) -> (i32, String) {
    let (_d, p) = temp_file(name, content.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap(), "--date", DATE]);
    (
        code(&o),
        stderr(&o).replace(&format!("{}/", _d.path().display()), ""),
    )
}

#[test]
fn bad_input_gives_located_errors_and_exit_1() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "malformed.json",
            "{\"schema\": \"wafr/review/1\", \"answers\": [",
            &["malformed.json, line 1, column 40", "EOF while parsing"],
        ),
        ("empty.json", "", &["empty.json: file is empty"]),
        (
            "blank.json",
            "  \n\t ",
            &["blank.json: file holds only white space"],
        ),
        (
            "wrongtype.json",
            r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC01-BP01", "status": 3}]}"#,
            &[
                "wrongtype.json, at answers[0].status",
                "invalid type: integer `3`, expected a string",
            ],
        ),
        (
            "unknownfield.json",
            r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC01-BP01", "status": "implemented", "colour": "red"}]}"#,
            &["at answers[0]", "unknown field `colour`"],
        ),
        (
            "unknownid.json",
            r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC99-BP01", "status": "implemented"}, {"practice": "SEC01-BP01", "status": "Yess"}]}"#,
            &[
                "unknownid.json, at answers[0].practice: unknown best practice \"SEC99-BP01\"",
                "at answers[1].status: unknown status \"Yess\"",
                "2 problems",
            ],
        ),
        (
            "dup.json",
            r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC01-BP01", "status": "implemented"}, {"practice": "sec_securely_operate_multi_accounts", "status": "not_implemented"}]}"#,
            &[
                "dup.json, at answers[1]: SEC01-BP01 is answered \"Not implemented\" here and \"Implemented\" elsewhere",
                "the other value is at dup.json, at answers[0]",
            ],
        ),
        (
            "na.json",
            r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC01-BP01", "status": "not_applicable"}]}"#,
            &["at answers[0].na_reason: a practice marked not_applicable needs na_reason"],
        ),
        (
            "other.json",
            r#"{"hello": "world"}"#,
            &["other.json: JSON is neither a wafr review"],
        ),
        (
            "pdf.json",
            "%PDF-1.7\n...",
            &["pdf.json: this is a PDF document, not a review"],
        ),
        (
            "wa-unknown.json",
            r#"{"AnswerSummaries": [{"QuestionId": "securely-operate", "PillarId": "security", "SelectedChoices": ["sec_securely_operate_teleport"]}]}"#,
            &[
                "wa-unknown.json, at AnswerSummaries[0]: unknown choice id \"sec_securely_operate_teleport\" in SEC01",
            ],
        ),
        (
            "wa-question.json",
            r#"{"AnswerSummaries": [{"QuestionId": "quantum-safety", "PillarId": "security", "SelectedChoices": []}]}"#,
            &[
                "at AnswerSummaries[0].QuestionId: unknown question id \"quantum-safety\" of pillar security",
            ],
        ),
        (
            "date.json",
            r#"{"schema": "wafr/review/1", "workload": {"review_date": "15/10/2026"}}"#,
            &["at workload.review_date: \"15/10/2026\" is not a date (use YYYY-MM-DD)"],
        ),
        (
            "schema.json",
            r#"{"schema": "wafr/review/9"}"#,
            &["at schema: schema \"wafr/review/9\" is not supported"],
        ),
    ];
    for (name, content, expect) in cases {
        let (c, err) = run_bad(name, content);
        assert_eq!(c, 1, "{name}: exit code\n{err}");
        for e in *expect {
            assert!(err.contains(e), "{name}: expected {e:?} in:\n{err}");
        }
        assert!(!err.contains("panicked"), "{name} panicked:\n{err}");
    }
}

#[test]
fn conflicts_between_files_name_both_places() {
    let a = r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC02-BP01", "status": "implemented"}]}"#;
    let b = r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC02-BP01", "status": "not_implemented"}]}"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), a).unwrap();
    std::fs::write(dir.path().join("b.json"), b).unwrap();
    let o = wafr([
        "validate",
        dir.path().join("a.json").to_str().unwrap(),
        dir.path().join("b.json").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("b.json, at answers[0]: SEC02-BP01 is answered \"Not implemented\" here"),
        "{err}"
    );
    assert!(err.contains("a.json, at answers[0]"), "{err}");
}

#[test]
fn usage_problems_exit_2() {
    let o = wafr(["report"]);
    assert_eq!(code(&o), 2);
    let o = wafr(["validate", "does-not-exist.json"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("failed to read `does-not-exist.json`"),
        "{}",
        stderr(&o)
    );
    let o = wafr([
        "validate",
        "examples/northwind/review.json",
        "--date",
        "tomorrow",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--date \"tomorrow\" is not a date"));
    let o = wafr([
        "validate",
        "examples/northwind/review.json",
        "--framework",
        "pci-dss",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("unknown framework `pci-dss`"));
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--format",
        "docx",
    ]);
    assert_eq!(code(&o), 2);
}

#[test]
fn format_is_detected_from_content_not_extension() {
    let text = std::fs::read(path("examples/northwind/wa-tool-export.json")).unwrap();
    let (_d, p) = temp_file("export.txt", &text);
    let a = assess(&[p]).unwrap();
    assert_eq!(a.sources[0].format, "wa-tool-json");
    assert_eq!(a.summary.practices.hri, 4);
}

#[test]
fn unanswered_practices_in_an_answered_question_count_as_not_implemented() {
    let r = r#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC09-BP01", "status": "implemented"}]}"#;
    let (_d, p) = temp_file("r.json", r.as_bytes());
    let a = assess(&[p]).unwrap();
    let bp02 = a.practice("SEC09-BP02").unwrap();
    assert_eq!(bp02.status, PracticeStatus::NotImplemented);
    assert_eq!(bp02.answered_status, PracticeStatus::Unanswered);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "unanswered-in-answered-question"
                && w.message.contains("SEC09-BP02, SEC09-BP03"))
    );
    assert_eq!(a.questions[8].risk, QuestionRisk::High);
}

#[test]
fn question_level_not_applicable() {
    let r = r#"{"schema": "wafr/review/1", "questions": [{"id": "SEC 5", "not_applicable": "No network: the workload is a batch job in a sealed account", "notes": "see ADR-12"}]}"#;
    let (_d, p) = temp_file("r.json", r.as_bytes());
    let a = assess(&[p]).unwrap();
    let q = &a.questions[4];
    assert_eq!(q.risk, QuestionRisk::NotApplicable);
    assert_eq!(q.notes.as_deref(), Some("see ADR-12"));
    assert!(
        q.practices
            .iter()
            .all(|p| p.status == PracticeStatus::NotApplicable)
    );
}

#[test]
fn framework_filter_ignores_references_to_left_out_frameworks() {
    // Regression: the example's ISO overrides and evidence made `--framework soc2-tsc-2017` fail
    // with "unknown control".
    let o = wafr([
        "validate",
        "examples/northwind/review.json",
        "--framework",
        "soc2-tsc-2017",
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut opts = options();
    opts.frameworks = vec!["gdpr-2016".into()];
    let (catalog, _) = wafr::pipeline::load_catalog(&opts).unwrap();
    let a = wafr::pipeline::assess_inputs(&[example()], &catalog, &opts).unwrap();
    assert_eq!(
        a.frameworks
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>(),
        ["gdpr-2016"]
    );
    // A reference to a control that exists nowhere is still an error.
    let bad = r#"{"schema": "wafr/review/1", "evidence": [{"id": "EV-1", "title": "t", "supports": ["soc2-tsc-2017:CC99.1"]}]}"#;
    let (_d, p) = temp_file("bad.json", bad.as_bytes());
    assert!(wafr::pipeline::assess_inputs(&[p], &catalog, &opts).is_err());
}

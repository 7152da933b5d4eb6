//! Issues 16 and 20: the README's "Your workload" steps on the AWS CLI's own output (recorded in
//! `tests/fixtures/aws-cli/northwind/`, see its README): a Security review with its notes, a
//! milestone as the baseline, every pillar at once, and clear errors for the listing commands.

use crate::common::*;

const DIR: &str = "tests/fixtures/aws-cli/northwind";

const SECURITY_QUESTIONS: [&str; 11] = [
    "securely-operate",
    "identities",
    "permissions",
    "detect-investigate-events",
    "network-protection",
    "protect-compute",
    "data-classification",
    "protect-data-rest",
    "protect-data-transit",
    "incident-response",
    "application-security",
];

fn f(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// The files the README hands to `wafr report` for a Security review.
fn security_review() -> Vec<String> {
    let mut files = vec![f("workload.json"), f("answers-security.json")];
    files.extend(
        SECURITY_QUESTIONS
            .iter()
            .map(|q| f(&format!("answer-{q}.json"))),
    );
    files
}

#[test]
fn the_readme_steps_give_a_report_with_the_milestone_as_baseline() {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["report".to_owned()];
    args.extend(security_review());
    args.extend(
        [
            "--baseline",
            &f("milestone-1.json"),
            "--baseline",
            &f("baseline-answers-security.json"),
            "--out",
            out.path().to_str().unwrap(),
            "--date",
            "2026-11-29",
            "--format",
            "json,md",
        ]
        .map(String::from),
    );
    let o = wafr(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("card-payments-api: 10 of 11 questions answered; 4 HRI, 9 MRI (3 questions high, 5 medium)"),
        "{text}"
    );
    assert!(!stderr(&o).contains("risk-mismatch"), "{}", stderr(&o));
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("assessment.json")).unwrap())
            .unwrap();
    // The same answers as the bundled example review: the same HRIs.
    let example = example_assessment();
    let hris = |v: &serde_json::Value| -> Vec<String> {
        v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|q| q["practices"].as_array().unwrap())
            .filter(|p| p["finding"] == "hri")
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let example_json: serde_json::Value =
        serde_json::from_slice(&wafr::render::json(&example).unwrap()).unwrap();
    assert_eq!(hris(&a), hris(&example_json));
    // get-answer's notes arrive with their question.
    let sec03 = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "SEC03")
        .unwrap();
    assert!(
        sec03["notes"].as_str().is_some_and(|n| !n.is_empty()),
        "{sec03}"
    );
    // The milestone is the baseline: named, dated, and compared.
    let c = &a["comparison"];
    assert_eq!(c["baseline"]["milestone"], "Q2 2026 review");
    assert_eq!(c["baseline"]["review_date"], "2026-04-15");
    assert_eq!(
        (c["before"]["hri"].as_u64(), c["before"]["mri"].as_u64()),
        (Some(5), Some(7))
    );
    assert_eq!(c["counts"]["resolved"], 4);
}

#[test]
fn every_pillar_of_the_cli_output_is_assessed() {
    let mut args = vec!["validate".to_owned(), f("workload.json")];
    for p in [
        "operationalExcellence",
        "security",
        "reliability",
        "performance",
        "costOptimization",
        "sustainability",
    ] {
        args.push(f(&format!("answers-{p}.json")));
    }
    args.extend(["--date", "2026-11-29"].map(String::from));
    let o = wafr(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The whole lens, as the workload's RiskCounts give it (fixture README, "Expected counts").
    assert!(
        stdout(&o)
            .contains("37 of 57 questions answered; 13 HRI, 25 MRI (9 questions high, 16 medium)"),
        "{}",
        stdout(&o)
    );
    assert!(!stderr(&o).contains("not read"), "{}", stderr(&o));
    // --pillars keeps one, and says what it set aside.
    args.extend(["--pillars", "reliability"].map(String::from));
    let o = wafr(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("12 of 13 questions answered; 3 HRI, 5 MRI"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("of the Security pillar set aside"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn listing_outputs_are_named_with_what_to_run_instead() {
    for (file, words) in [
        ("list-workloads.json", "list-workloads` output"),
        ("milestones.json", "--milestone-number N"),
    ] {
        let o = wafr(["validate", &f(file)]);
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        assert!(stderr(&o).contains(words), "{file}: {}", stderr(&o));
    }
}

/// A baseline of the Security Pillar against a review of every pillar: the other pillars' answers
/// are not reported as new findings, and the comparison says why.
#[test]
fn pillars_on_one_side_only_are_not_compared() {
    let mut args: Vec<String> = ["diff", "--date", "2026-11-29"].map(String::from).to_vec();
    args.extend([
        f("milestone-1.json"),
        f("baseline-answers-security.json"),
        "--".into(),
    ]);
    args.push(f("workload.json"));
    for p in ["operationalExcellence", "security", "reliability"] {
        args.push(f(&format!("answers-{p}.json")));
    }
    let o = wafr(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("HRI 5 → 4, MRI 7 → 9") || text.contains("resolved 4, regressed 2, new 3"),
        "{text}"
    );
    assert!(
        text.contains("the Operational Excellence pillar is assessed in the current review only"),
        "{text}"
    );
    assert!(!text.contains("OPS01-BP06"), "{text}");
}

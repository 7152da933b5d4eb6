//! Issue 19: the results in the formats GRC tools load. OSCAL assessment results are validated
//! with the real validator (compliance-trestle 3.12.4 and NIST's OSCAL 1.1.3 JSON schema,
//! `scripts/oscal/validate.py`); `.ci/run` installs them. `WAFR_PYTHON` names another Python
//! (a virtual environment with them) for local runs.

use std::process::Command;

use crate::common::*;

fn python() -> String {
    std::env::var("WAFR_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs the OSCAL validator on a file; panics with its errors when the file is not valid.
fn validate_oscal(file: &std::path::Path) {
    let o = Command::new(python())
        .arg(path("scripts/oscal/validate.py"))
        .arg(file)
        .output()
        .expect("python3 runs (apt-get install python3; pip install compliance-trestle==3.12.4 jsonschema regex)");
    assert!(
        o.status.success(),
        "OSCAL validation failed for {}:\n{}\n{}",
        file.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn oscal_assessment_results_of_the_example_validate_and_are_deterministic() {
    let a = example_assessment();
    let bytes = wafr::render::oscal::render(&a).unwrap();
    assert_eq!(bytes, wafr::render::oscal::render(&a).unwrap(), "byte-identical reruns");
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("assessment-results.json");
    std::fs::write(&f, &bytes).unwrap();
    validate_oscal(&f);
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let r = &v["assessment-results"]["results"][0];
    assert_eq!(r["start"], "2026-01-01T00:00:00Z");
    assert_eq!(r["end"], "2026-12-31T23:59:59Z");
    // One observation per answered practice, one risk per HRI and MRI.
    let answered = a.practices().filter(|p| p.answered_status != wafr::model::review::PracticeStatus::Unanswered || p.status != wafr::model::review::PracticeStatus::Unanswered).count();
    assert_eq!(r["observations"].as_array().unwrap().len(), answered);
    let hri_mri = a.summary.practices.hri + a.summary.practices.mri;
    assert_eq!(r["risks"].as_array().unwrap().len() as u32, hri_mri);
    // A finding per assessed control names its framework and control, and says satisfied only
    // when the control is evidenced (or AWS's with its attestation, or decided not applicable).
    let findings = r["findings"].as_array().unwrap();
    let find = |fw: &str, id: &str| {
        findings
            .iter()
            .find(|f| {
                let props = f["props"].as_array().unwrap();
                props.iter().any(|p| p["name"] == "framework" && p["value"] == fw)
                    && props.iter().any(|p| p["name"] == "control-id" && p["value"] == id)
            })
            .unwrap_or_else(|| panic!("no finding for {fw} {id}"))
            .clone()
    };
    assert_eq!(find("iso27001-2022", "A.8.8")["target"]["status"]["state"], "satisfied");
    assert_eq!(find("iso27001-2022", "A.8.15")["target"]["status"]["state"], "not-satisfied");
    let a85 = find("iso27001-2022", "A.8.5");
    assert_eq!(a85["target"]["status"]["reason"], "fail");
    assert!(a85["related-risks"].as_array().is_some_and(|r| !r.is_empty()));
}

#[test]
fn oscal_of_a_hostile_review_still_validates_and_carries_no_live_markup() {
    // Control characters are refused at import; what passes is markup and spoofing.
    let hostile = "<script>alert(1)</script> [x](javascript:alert(1)) \u{202E}evil \u{200B}*bold* `code`\nline";
    let review = serde_json::json!({
        "schema": "wafr/review/1",
        "workload": {"name": format!("wl {hostile}"), "organisation": hostile, "review_owner": hostile,
                     "reviewers": [hostile], "scope": hostile, "environment": hostile},
        "answers": [
            {"practice": "SEC02-BP01", "status": "not_implemented", "notes": hostile},
            {"practice": "SEC01-BP01", "status": "implemented", "notes": hostile, "evidence": [hostile, "EV-1"]}],
        "evidence": [{"id": "EV-1", "title": hostile, "location": "https://example.com/a b<c>", "collected_on": "2026-05-01",
                      "supports": ["iso27001-2022:A.8.31"], "notes": hostile}]
    });
    let (_d, p) = temp_file("h.json", review.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let bytes = wafr::render::oscal::render(&a).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(!text.contains('\u{202E}'), "bidi overrides are removed");
    // Markup fields (Markdown in OSCAL) hold escaped text: no live HTML, link or emphasis.
    fn walk(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, k, out)),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            serde_json::Value::String(s) if ["title", "description", "statement", "remarks"].contains(&key) => out.push(s.clone()),
            _ => {}
        }
    }
    let mut markup = Vec::new();
    walk(&serde_json::from_slice(&bytes).unwrap(), "", &mut markup);
    let with_script: Vec<&String> = markup.iter().filter(|s| s.contains("script")).collect();
    assert!(!with_script.is_empty());
    for s in with_script {
        assert!(s.contains("\\<script\\>") && !s.contains(" <script>") && s.contains("\\[x\\]") && s.contains("\\*bold\\*"), "{s}");
    }
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("assessment-results.json");
    std::fs::write(&f, &bytes).unwrap();
    validate_oscal(&f);
}

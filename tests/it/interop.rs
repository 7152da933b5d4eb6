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
    assert_eq!(
        bytes,
        wafr::render::oscal::render(&a).unwrap(),
        "byte-identical reruns"
    );
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("assessment-results.json");
    std::fs::write(&f, &bytes).unwrap();
    validate_oscal(&f);
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let r = &v["assessment-results"]["results"][0];
    assert_eq!(r["start"], "2026-01-01T00:00:00Z");
    assert_eq!(r["end"], "2026-12-31T23:59:59Z");
    // One observation per answered practice, one risk per HRI and MRI.
    let answered = a
        .practices()
        .filter(|p| {
            p.answered_status != wafr::model::review::PracticeStatus::Unanswered
                || p.status != wafr::model::review::PracticeStatus::Unanswered
        })
        .count();
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
                props
                    .iter()
                    .any(|p| p["name"] == "framework" && p["value"] == fw)
                    && props
                        .iter()
                        .any(|p| p["name"] == "control-id" && p["value"] == id)
            })
            .unwrap_or_else(|| panic!("no finding for {fw} {id}"))
            .clone()
    };
    assert_eq!(
        find("iso27001-2022", "A.8.8")["target"]["status"]["state"],
        "satisfied"
    );
    assert_eq!(
        find("iso27001-2022", "A.8.15")["target"]["status"]["state"],
        "not-satisfied"
    );
    let a85 = find("iso27001-2022", "A.8.5");
    assert_eq!(a85["target"]["status"]["reason"], "fail");
    assert!(
        a85["related-risks"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
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
            serde_json::Value::String(s)
                if ["title", "description", "statement", "remarks"].contains(&key) =>
            {
                out.push(s.clone())
            }
            _ => {}
        }
    }
    let mut markup = Vec::new();
    walk(&serde_json::from_slice(&bytes).unwrap(), "", &mut markup);
    let with_script: Vec<&String> = markup.iter().filter(|s| s.contains("script")).collect();
    assert!(!with_script.is_empty());
    for s in with_script {
        assert!(
            s.contains("\\<script\\>")
                && !s.contains(" <script>")
                && s.contains("\\[x\\]")
                && s.contains("\\*bold\\*"),
            "{s}"
        );
    }
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("assessment-results.json");
    std::fs::write(&f, &bytes).unwrap();
    validate_oscal(&f);
}

#[test]
fn the_flat_matrix_round_trips_the_statuses_of_assessment_json() {
    let a = example_assessment();
    let bytes = wafr::render::flat::render(&a).unwrap();
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, wafr::render::flat::COLUMNS.to_vec());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut statuses: std::collections::BTreeMap<String, String> = Default::default();
    let mut rows = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        rows += 1;
        let key = rec[col("control_ref")].to_owned();
        let st = rec[col("status")].to_owned();
        if let Some(prev) = statuses.insert(key.clone(), st.clone()) {
            assert_eq!(prev, st, "{key}: one status per control");
        }
        let practice = &rec[col("practice_ref")];
        assert!(
            practice.is_empty() || practice.starts_with("wa-"),
            "{practice}"
        );
    }
    let mut expected = std::collections::BTreeMap::new();
    let mut want_rows = 0;
    for f in &a.frameworks {
        for c in &f.controls {
            expected.insert(format!("{}:{}", f.id, c.id), c.status.key().to_owned());
            want_rows += c.practices.len().max(1);
        }
    }
    assert_eq!(
        statuses, expected,
        "the same status for every control as assessment.json"
    );
    assert_eq!(rows, want_rows);
}

#[test]
fn the_flat_matrix_never_starts_a_formula() {
    let review = serde_json::json!({"schema": "wafr/review/1",
        "answers": [{"practice": "SEC01-BP01", "status": "implemented", "owner": "=HYPERLINK(\"http://x\")", "evidence": ["@SUM(A1)"]}]});
    let (_d, p) = temp_file("f.json", review.to_string().as_bytes());
    let a = assess(&[p]).unwrap();
    let bytes = wafr::render::flat::render(&a).unwrap();
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
}

fn builtin_catalog() -> wafr::model::catalog::Catalog {
    wafr::catalog::load(&Default::default()).unwrap().0
}

#[test]
fn the_crosswalk_exports_as_ciso_assistant_libraries_that_load() {
    let c = builtin_catalog();
    let date = wafr::import::text::parse_date(DATE).unwrap();
    let libs = wafr::render::ciso_assistant::libraries(&c, date);
    assert_eq!(
        libs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        vec![
            "aws-well-architected-2024-06-27.yaml",
            "mapping-aws-well-architected-2024-06-27-to-gdpr-2016.yaml",
            "mapping-aws-well-architected-2024-06-27-to-iso27001-2022.yaml",
            "mapping-aws-well-architected-2024-06-27-to-soc2-tsc-2017.yaml",
        ]
    );
    assert_eq!(
        libs,
        wafr::render::ciso_assistant::libraries(&c, date),
        "deterministic"
    );
    let d = tempfile::tempdir().unwrap();
    let mut args = vec![
        path("scripts/ciso-assistant/check.py")
            .display()
            .to_string(),
        "--targets".into(),
        path("tests/fixtures/ciso-assistant/target-nodes.csv")
            .display()
            .to_string(),
        "--sample".into(),
        path("tests/fixtures/ciso-assistant/cis-benchmark-aws-foundations.yaml")
            .display()
            .to_string(),
    ];
    for (name, bytes) in &libs {
        let f = d.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        args.push(f.display().to_string());
    }
    let o = Command::new(python())
        .args(&args)
        .output()
        .expect("python3 with PyYAML runs");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{out}");
    assert!(out.contains("OK: 4 file(s), 0 error(s)"), "{out}");
    // Every practice is a node; every set-theory row of the crosswalk is a mapping, no supports row.
    let lens = String::from_utf8(libs[0].1.clone()).unwrap();
    assert_eq!(
        lens.matches("assessable: true").count(),
        c.lens.practices.len()
    );
    let iso = String::from_utf8(libs[2].1.clone()).unwrap();
    let driving = c
        .crosswalk
        .iter()
        .filter(|m| m.framework == "iso27001-2022" && m.relation.drives_status())
        .count();
    assert_eq!(iso.matches("source_requirement_urn").count(), driving);
    assert!(!iso.contains("relationship: \"supports\"") && !iso.contains("\"intersects\""));
}

#[test]
fn the_crosswalk_exports_in_the_ir_8477_vocabulary() {
    let c = builtin_catalog();
    let bytes = wafr::render::ir8477::render(&c).unwrap();
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, wafr::render::ir8477::COLUMNS.to_vec());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), c.crosswalk.len());
    let allowed = [
        "equal",
        "subset of",
        "superset of",
        "intersects with",
        "no relationship",
        "supports",
    ];
    for row in &rows {
        assert!(allowed.contains(&&row[5]), "{:?}", row);
        assert_eq!(
            &row[4] == "functional",
            &row[3] == "set theory",
            "{:?}",
            row
        );
    }
    let mfa = rows
        .iter()
        .find(|r| &r[1] == "SEC02-BP01" && &r[7] == "A.8.5")
        .expect("SEC02-BP01 → A.8.5");
    assert_eq!((&mfa[0], &mfa[5]), ("wa-security", "subset of"));
}

#[test]
fn evidence_requests_list_every_control_with_an_evidence_gap_from_the_cli() {
    let a = example_assessment();
    let o = wafr([
        "evidence-requests",
        example().to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--format",
        "csv",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..4], ["id", "framework", "control", "title"]);
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), a.evidence_requests.len(), "one row per request");
    assert!(!rows.is_empty(), "the example has evidence gaps");
    for (row, req) in rows.iter().zip(&a.evidence_requests) {
        assert_eq!(&row[0], req.id);
        assert_eq!(&row[2], req.control);
        assert!(!row[5].is_empty(), "each row says what is asked");
    }
    // JSON is the model's own list, Markdown a table per framework with every id.
    let j = wafr([
        "evidence-requests",
        example().to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), rows.len());
    let m = stdout(&wafr([
        "evidence-requests",
        example().to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--format",
        "md",
    ]));
    for row in &rows {
        assert!(
            m.contains(&format!("| {} |", &row[0])),
            "{} in the Markdown",
            &row[0]
        );
    }
}

#[test]
fn mappings_export_writes_both_formats_all_or_none() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("x");
    let o = wafr([
        "mappings",
        "export",
        out.to_str().unwrap(),
        "--date",
        "2026-11-29",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(out.join("crosswalk-ir8477.csv").is_file());
    let libs: Vec<_> = std::fs::read_dir(out.join("ciso-assistant"))
        .unwrap()
        .collect();
    assert!(libs.len() >= 2, "the lens and at least one mapping set");
    // Same date, same bytes.
    let first = std::fs::read(out.join("crosswalk-ir8477.csv")).unwrap();
    let again = d.path().join("y");
    let o = wafr([
        "mappings",
        "export",
        again.to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--format",
        "ir8477",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        first,
        std::fs::read(again.join("crosswalk-ir8477.csv")).unwrap()
    );
    assert!(
        !again.join("ciso-assistant").exists(),
        "only the format asked for"
    );
}

//! Issue 7: reviews as a living process. Baseline comparison (`--baseline`, `wafr diff`),
//! backlog export, gating (`--fail-on`), freshness and the Markdown summary.

use std::path::{Path, PathBuf};

use serde_json::Value;
use wafr::assess::compare::{BaselineKind, compare};
use wafr::model::assessment::{Assessment, ControlStatus, Finding, QuestionRisk};
use wafr::model::comparison::{Comparison, Direction, PracticeChange};
use wafr::model::review::PracticeStatus;

use crate::common::*;

const BASELINE: &str = "examples/northwind/baseline-2026-04.json";
const REVIEW: &str = "examples/northwind/review.json";

fn ids(list: &[PracticeChange]) -> Vec<&str> {
    list.iter().map(|p| p.bp.as_str()).collect()
}

fn example_comparison() -> Comparison {
    let opts = options();
    let (catalog, _) = wafr::pipeline::load_catalog(&opts).unwrap();
    let a =
        wafr::pipeline::assess_with_baseline(&[path(REVIEW)], &[path(BASELINE)], &catalog, &opts)
            .unwrap();
    a.comparison.expect("a baseline gives a comparison")
}

/// The example's review of April 2026 against the one of October 2026, hand-checked from the
/// two files (see the notes in baseline-2026-04.json).
#[test]
fn the_two_example_reviews_compare_as_documented() {
    let c = example_comparison();
    assert_eq!(c.baseline.kind, "review");
    assert_eq!(c.baseline.review_date.unwrap().to_string(), "2026-04-15");
    // Assessed as of its own date, so its evidence is judged as it stood in April.
    assert_eq!(c.baseline.assessed_as_of.to_string(), "2026-04-15");
    assert_eq!(c.baseline.milestone.as_deref(), Some("Q2 2026 review"));

    // Resolved: root MFA, temporary credentials in CI/CD, runtime monitoring, TLS 1.0.
    assert_eq!(
        ids(&c.resolved),
        ["SEC01-BP02", "SEC02-BP02", "SEC06-BP05", "SEC09-BP02"]
    );
    assert!(
        c.resolved
            .iter()
            .all(|p| p.after == Some(PracticeStatus::Implemented))
    );
    assert_eq!(
        c.resolved
            .iter()
            .map(|p| p.before_finding.unwrap())
            .collect::<Vec<_>>(),
        [Finding::Hri, Finding::Hri, Finding::Mri, Finding::Hri]
    );
    // Regressed: MFA was enforced (implemented), data lifecycle was not applicable.
    assert_eq!(ids(&c.regressed), ["SEC02-BP01", "SEC07-BP04"]);
    assert_eq!(
        c.regressed.iter().map(|p| p.before).collect::<Vec<_>>(),
        [
            Some(PracticeStatus::Implemented),
            Some(PracticeStatus::NotApplicable)
        ]
    );
    // New: SEC10 was not answered in April; a practice unanswered then and missing now is
    // new, not regressed. SEC10-BP07 is waived now, and still counted.
    assert_eq!(ids(&c.new), ["SEC10-BP03", "SEC10-BP06", "SEC10-BP07"]);
    assert!(
        c.new
            .iter()
            .all(|p| p.before == Some(PracticeStatus::Unanswered))
    );
    assert_eq!(c.new[2].after_accepted_risk.as_deref(), Some("AR-001"));
    assert_eq!(
        ids(&c.still_open),
        [
            "SEC01-BP07",
            "SEC02-BP05",
            "SEC03-BP03",
            "SEC03-BP04",
            "SEC05-BP04",
            "SEC06-BP04",
            "SEC07-BP03",
            "SEC08-BP03"
        ]
    );
    assert!(c.no_longer_applicable.is_empty() && c.no_longer_answered.is_empty());
    assert!(c.risk_changed.is_empty());
    // SEC08-BP03 was waived in April; the waiver lapsed in September.
    let bp03 = c.still_open.iter().find(|p| p.bp == "SEC08-BP03").unwrap();
    assert_eq!(
        (
            bp03.before_accepted_risk.as_deref(),
            bp03.after_accepted_risk.as_deref()
        ),
        (Some("AR-002"), None)
    );
    let waivers: Vec<_> = c
        .accepted_risks
        .iter()
        .map(|w| (w.id.as_str(), w.before_in_force, w.after_in_force))
        .collect();
    assert_eq!(
        waivers,
        [
            ("AR-001", None, Some(true)),
            ("AR-002", Some(true), Some(false))
        ]
    );

    // Headline figures then and now: HRI 5 → 4, MRI 7 → 9.
    assert_eq!((c.before.hri, c.after.hri), (5, 4));
    assert_eq!((c.before.mri, c.after.mri), (7, 9));
    assert_eq!(
        (c.before.questions_answered, c.after.questions_answered),
        (9, 10)
    );

    // Question risk then and now.
    let changed: Vec<_> = c
        .questions
        .iter()
        .filter(|q| q.changed)
        .map(|q| (q.id.as_str(), q.before, q.after))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "SEC07",
                Some(QuestionRisk::Medium),
                Some(QuestionRisk::High)
            ),
            ("SEC09", Some(QuestionRisk::High), Some(QuestionRisk::None)),
            (
                "SEC10",
                Some(QuestionRisk::Unanswered),
                Some(QuestionRisk::Medium)
            ),
        ]
    );
    assert_eq!(c.questions.len(), 11);

    // Controls whose evidence status changed: the network review (EV-008) expired in
    // September, the Identity Center configuration (EV-004) was renewed in October, the
    // Inspector report (EV-009) was added, and AWS's ISO certificate (EV-014) was filed.
    let ctl = |fw: &str, id: &str| {
        c.controls
            .iter()
            .find(|x| x.framework == fw && x.control == id)
            .unwrap_or_else(|| panic!("{fw} {id} did not change"))
    };
    let status = |fw: &str, id: &str| {
        let x = ctl(fw, id);
        (x.before, x.after, x.direction)
    };
    use ControlStatus::*;
    assert_eq!(
        status("iso27001-2022", "A.8.22"),
        (EvidencedInPart, EvidenceStale, Direction::Worse)
    );
    assert_eq!(
        status("iso27001-2022", "A.5.16"),
        (EvidenceStale, EvidencedInPart, Direction::Better)
    );
    assert_eq!(
        status("iso27001-2022", "A.8.8"),
        (EvidenceMissing, Evidenced, Direction::Better)
    );
    // An ISO control AWS operates is ready once its attestation is on file.
    assert_eq!(
        status("iso27001-2022", "A.7.4"),
        (AttestationMissing, CarvedOut, Direction::Better)
    );
    // A practice that was not applicable never made its controls not applicable: the control
    // was not assessed then, and is at risk now with the regressed SEC07-BP04. Newly assessed
    // is a change of coverage, not of posture.
    assert_eq!(
        status("iso27001-2022", "A.5.33"),
        (NotAssessed, ArchitecturalRisk, Direction::Other)
    );
    assert_eq!(ctl("soc2-tsc-2017", "CC7.5").direction, Direction::Other);

    // Readiness then and now, with raw counts.
    let r: Vec<_> = c
        .readiness
        .iter()
        .map(|r| {
            (
                r.framework.as_str(),
                r.before.evidenced,
                r.before.assessed,
                r.after.evidenced,
                r.after.assessed,
                r.delta_points,
            )
        })
        .collect();
    assert_eq!(
        r,
        [
            ("gdpr-2016", 0, 4, 0, 4, Some(0.0)),
            ("iso27001-2022", 0, 47, 7, 47, Some(14.9)),
            ("soc2-tsc-2017", 0, 15, 0, 15, Some(0.0)),
        ]
    );
    assert!(c.notes.is_empty(), "{:?}", c.notes);
    assert_eq!(
        (c.counts.resolved, c.counts.regressed, c.counts.new),
        (4, 2, 3)
    );
}

/// Every category, on hand-made changes to the example.
#[test]
fn each_category_is_told_apart() {
    let before = example_assessment();
    let mut after = before.clone();
    let set = |a: &mut Assessment, id: &str, s: PracticeStatus, f: Option<Finding>| {
        for q in &mut a.questions {
            for p in &mut q.practices {
                if p.id == id {
                    p.status = s;
                    p.finding = f;
                }
            }
        }
    };
    use PracticeStatus::*;
    set(&mut after, "SEC01-BP07", Implemented, None); // resolved
    set(&mut after, "SEC02-BP01", NotApplicable, None); // no longer applicable
    set(&mut after, "SEC02-BP05", Unanswered, None); // no longer answered
    set(&mut after, "SEC03-BP03", NotImplemented, Some(Finding::Lri)); // risk changed
    set(&mut after, "SEC01-BP01", NotImplemented, Some(Finding::Hri)); // regressed
    set(&mut after, "SEC11-BP03", NotImplemented, Some(Finding::Hri)); // new
    set(&mut after, "SEC11-BP08", NotImplemented, Some(Finding::Lri)); // LRI: not tracked
    let c = compare(&before, &after, BaselineKind::Review);
    assert_eq!(ids(&c.resolved), ["SEC01-BP07"]);
    assert_eq!(ids(&c.no_longer_applicable), ["SEC02-BP01"]);
    assert_eq!(ids(&c.no_longer_answered), ["SEC02-BP05"]);
    assert_eq!(ids(&c.risk_changed), ["SEC03-BP03"]);
    assert_eq!(ids(&c.regressed), ["SEC01-BP01"]);
    assert_eq!(ids(&c.new), ["SEC11-BP03"]);
    assert_eq!(c.still_open.len(), 13 - 4);
    // The same review against itself: nothing moved.
    let same = compare(&before, &before, BaselineKind::Review);
    assert_eq!(
        (
            same.resolved.len(),
            same.regressed.len(),
            same.new.len(),
            same.controls.len()
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(same.still_open.len(), 13);
    assert!(same.questions.iter().all(|q| !q.changed));
}

#[test]
fn diff_prints_a_summary_and_json() {
    let o = wafr(["diff", BASELINE, REVIEW, "--date", DATE, "--period", PERIOD]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "HRI 5 → 4, MRI 7 → 9",
        "resolved 4, regressed 2, new 3, still open 8",
        "SEC02-BP01  implemented → HRI  Use strong sign-in mechanisms",
        "SEC07-BP04  not applicable → HRI",
        "SEC10-BP03  unanswered → MRI",
        "question risk: SEC07 MEDIUM → HIGH; SEC09 HIGH → NONE; SEC10 UNANSWERED → MEDIUM",
        "ISO 27001  readiness 0.0% (0/47) → 14.9% (7/47), +14.9 points",
        "worse  ISO 27001 A.8.22: Technical part evidenced → Evidence stale",
        "better ISO 27001 A.7.4: AWS attestation missing → Operated by AWS (attested)",
        "accepted risk AR-002 (SEC08-BP03): in force → not in force",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let o = wafr([
        "diff", BASELINE, REVIEW, "--date", DATE, "--period", PERIOD, "--json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["counts"]["regressed"], 2);
    assert_eq!(v["regressed"][0]["bp"], "SEC02-BP01");
    assert_eq!(v["regressed"][0]["before"], "implemented");
    assert_eq!(v["baseline"]["review_date"], "2026-04-15");
}

#[test]
fn diff_takes_several_files_per_side() {
    // The current review as the WA Tool exports it plus the evidence file: same comparison.
    let o = wafr([
        "diff",
        BASELINE,
        "--date",
        DATE,
        "--period",
        PERIOD,
        "--json",
        "--",
        "examples/northwind/wa-tool-export.json",
        "examples/northwind/evidence-and-owners.json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let native: Value = serde_json::to_value(example_comparison()).unwrap();
    for key in [
        "resolved",
        "regressed",
        "new",
        "still_open",
        "questions",
        "readiness",
        "controls",
    ] {
        assert_eq!(v[key], native[key], "{key}");
    }
    // One file alone is a usage error, as is an assessment mixed with review files.
    let o = wafr(["diff", REVIEW]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("wafr diff OLD NEW"), "{}", stderr(&o));
}

/// A previous run's assessment.json is a baseline as good as the review files it came from.
#[test]
fn baseline_from_a_previous_assessment_json() {
    let old = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        BASELINE,
        "--out",
        old.path().to_str().unwrap(),
        "--date",
        "2026-04-15",
        "--period",
        PERIOD,
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let prior = old.path().join("assessment.json");
    let new = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        REVIEW,
        "--baseline",
        prior.to_str().unwrap(),
        "--out",
        new.path().to_str().unwrap(),
        "--date",
        DATE,
        "--period",
        PERIOD,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("Changes since the baseline"));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(new.path().join("assessment.json")).unwrap())
            .unwrap();
    let c = &v["comparison"];
    assert_eq!(c["baseline"]["kind"], "assessment");
    let native = serde_json::to_value(example_comparison()).unwrap();
    for key in ["resolved", "regressed", "new", "controls", "readiness"] {
        assert_eq!(c[key], native[key], "{key}");
    }
    // And the comparison reads back into the model.
    let a: Assessment = serde_json::from_value(v).unwrap();
    assert_eq!(a.comparison.unwrap().counts.regressed, 2);
    // A mix of an assessment and a review file is refused (exit 2).
    let o = wafr(["diff", prior.to_str().unwrap(), BASELINE, "--", REVIEW]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("give it alone"), "{}", stderr(&o));
}

#[test]
fn a_broken_baseline_assessment_is_located() {
    let mut v: Value = serde_json::to_value(example_assessment()).expect("the model serialises");
    v["summary"]["practices"]["hri"] = Value::String("four".into());
    let (_d, p) = temp_file("assessment.json", v.to_string().as_bytes());
    let o = wafr([
        "report",
        REVIEW,
        "--baseline",
        p.to_str().unwrap(),
        "--out",
        _d.path().join("out").to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("at summary.practices.hri"),
        "{}",
        stderr(&o)
    );
    assert!(!_d.path().join("out").exists(), "nothing is written");
}

#[test]
fn assessment_json_round_trips_and_has_no_comparison_without_a_baseline() {
    let a = example_assessment();
    let bytes = wafr::render::json(&a).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains("\"comparison\""));
    let back: Assessment = serde_json::from_str(&text).unwrap();
    assert_eq!(back, a);
}

// ---------------------------------------------------------------------------------------------
// Backlog

fn backlog(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["backlog", REVIEW, "--date", DATE, "--period", PERIOD];
    all.extend_from_slice(args);
    let o = wafr(all);
    (code(&o), stdout(&o), stderr(&o))
}

#[test]
fn jira_csv_has_one_row_per_open_hri_and_mri() {
    let (c, out, err) = backlog(&["--format", "csv"]);
    assert_eq!(c, 0, "{err}");
    let a = example_assessment();
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, wafr::render::backlog::JIRA_HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    // 4 HRIs + 9 MRIs, minus SEC10-BP07 (accepted risk in force): the 12 plan items.
    assert_eq!(rows.len(), 12);
    assert_eq!(rows.len(), a.plan.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let keys: Vec<&str> = rows.iter().map(|x| &x[col("wafr ID")]).collect();
    let plan: Vec<&str> = a.plan.iter().map(|p| p.bp.as_str()).collect();
    assert_eq!(keys, plan);
    assert!(
        !keys.contains(&"SEC10-BP07"),
        "waived items are not work items"
    );
    let first = &rows[0];
    assert_eq!(
        &first[col("Summary")],
        "SEC02-BP01 [HRI] Use strong sign-in mechanisms"
    );
    assert_eq!(&first[col("Issue Type")], "Task");
    assert_eq!(&first[col("Priority")], "High");
    assert_eq!(&first[col("Due Date")], "2026-12-15");
    assert_eq!(&first[col("Owner")], "Identity team");
    let labels: Vec<&str> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| *h == "Labels")
        .map(|(i, _)| &first[i])
        .collect();
    assert_eq!(
        labels,
        [
            "wafr",
            "HRI",
            "P1",
            "SEC02",
            "identity-and-access-management"
        ]
    );
    let d = &first[col("Description")];
    assert!(d.contains("three legacy IAM users"), "{d}");
    assert!(d.contains("SOC 2 CC6.1"), "{d}");
    assert!(d.contains("Guidance: https://docs.aws.amazon.com/"), "{d}");
    // Every priority maps to a Jira priority, every due date is ISO.
    for row in &rows {
        assert!(["High", "Medium", "Low"].contains(&&row[col("Priority")]));
        assert_eq!(row[col("Due Date")].len(), 10);
    }
    // Rows end with CRLF (RFC 4180), and there is no byte-order mark.
    assert!(out.starts_with("Summary,"));
    assert!(out.contains("\r\n"));
}

#[test]
fn github_csv_json_and_markdown() {
    let (c, out, err) = backlog(&["--format", "github-csv"]);
    assert_eq!(c, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().take(3).collect::<Vec<_>>(),
        ["title", "body", "labels"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 12);
    assert_eq!(
        rows[0][2].split(',').collect::<Vec<_>>(),
        [
            "wafr",
            "HRI",
            "P1",
            "SEC02",
            "identity-and-access-management"
        ]
    );
    assert!(rows[0][1].starts_with("**HRI** in SEC02"));

    let (c, out, err) = backlog(&["--format", "json"]);
    assert_eq!(c, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "wafr/backlog/1");
    assert_eq!(v["items"].as_array().unwrap().len(), 12);
    assert_eq!(v["items"][3]["key"], "SEC02-BP05");
    assert_eq!(v["items"][3]["blocked_by"][0], "SEC02-BP01");
    assert_eq!(v["items"][3]["due_date_derived"], true);

    let (c, out, err) = backlog(&["--format", "md"]);
    assert_eq!(c, 0, "{err}");
    assert!(out.starts_with("# Remediation backlog: card-payments-api\n"));
    assert_eq!(out.matches("\n## SEC").count(), 12);

    let (c, _, err) = backlog(&["--format", "xlsx"]);
    assert_eq!(c, 2);
    assert!(
        err.contains("available: csv, github-csv, json, md"),
        "{err}"
    );
}

#[test]
fn backlog_out_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("sub/backlog.csv");
    let (c, out, err) = backlog(&["--out", f.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    assert!(out.is_empty());
    let (_, again, _) = backlog(&[]);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), again);
}

/// The example with hostile text in the fields that reach the outputs.
fn hostile_review(dir: &Path) -> PathBuf {
    let mut v: Value = serde_json::from_str(&read(REVIEW)).unwrap();
    for a in v["answers"].as_array_mut().unwrap() {
        if a["practice"] == "SEC02-BP01" {
            a["owner"] = "=HYPERLINK(\"http://evil.example\",\"x\")".into();
            a["notes"] = "Legacy | users *without* MFA <script>alert(1)</script> `rm -rf`\n# not a heading\n- not a list\n```\nfence".into();
        }
        if a["practice"] == "SEC07-BP04" {
            a["owner"] = "+1-555-0100".into();
        }
        if a["practice"] == "SEC01-BP07" {
            a["owner"] = "@attacker".into();
        }
        if a["practice"] == "SEC03-BP04" {
            a["owner"] = "-2+3".into();
        }
        if a["practice"] == "SEC05-BP04" {
            a["owner"] = "\tTab team".into();
        }
    }
    v["accepted_risks"][0]["title"] =
        "Simulations | *later* <img src=x onerror=alert(1)>\nsecond line `x`".into();
    let p = dir.join("hostile.json");
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

#[test]
fn csv_formula_injection_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_review(dir.path());
    for format in ["csv", "github-csv"] {
        let o = wafr([
            "backlog",
            p.to_str().unwrap(),
            "--format",
            format,
            "--date",
            DATE,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let mut r = csv::Reader::from_reader(o.stdout.as_slice());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let owner = header
            .iter()
            .position(|h| h == "Owner" || h == "owner")
            .unwrap();
        let mut owners = Vec::new();
        for row in r.records() {
            let row = row.unwrap();
            for cell in row.iter() {
                let first = cell.trim_start_matches(' ').chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{format}: a cell starts a formula: {cell:?}"
                );
            }
            owners.push(row[owner].to_owned());
        }
        for expected in [
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "'+1-555-0100",
            "'@attacker",
            "'-2+3",
            "'\tTab team",
        ] {
            assert!(
                owners.contains(&expected.to_owned()),
                "{format}: {owners:?}"
            );
        }
    }
}

/// Unescaped `|` in a Markdown table row (the cell separators).
fn cells(line: &str) -> usize {
    let b = line.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
        .count()
}

/// True when `needle` occurs in `md` without a backslash before it.
fn raw(md: &str, needle: &str) -> bool {
    md.match_indices(needle)
        .any(|(i, _)| i == 0 || md.as_bytes()[i - 1] != b'\\')
}

fn assert_markdown_safe(md: &str) {
    assert!(!raw(md, "<script>"), "raw HTML survived:\n{md}");
    assert!(!raw(md, "<img"), "raw HTML survived:\n{md}");
    assert!(!raw(md, "`rm"), "a code span was injected:\n{md}");
    assert!(!md.contains("\n# not a heading"), "a heading was injected");
    assert!(!md.contains("\n- not a list"), "a list was injected");
    assert!(!md.contains("\n```"), "a code fence was injected");
    assert!(!raw(md, "*without"), "emphasis was injected");
    // Every table keeps its column count on every row.
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match width {
                None => width = Some(n),
                Some(w) => assert_eq!(n, w, "a row has another column count: {line}"),
            }
        } else {
            width = None;
        }
    }
}

#[test]
fn markdown_outputs_escape_input_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = hostile_review(dir.path());
    let out = dir.path().join("report");
    let o = wafr([
        "report",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        DATE,
        "--format",
        "md",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert_markdown_safe(&md);
    assert!(
        md.contains(r"Simulations \| \*later\* \<img src=x onerror=alert(1)\> second line \`x\`"),
        "{md}"
    );
    // The owner is in the top-risks table, escaped, as text.
    assert!(
        md.contains("=HYPERLINK(\"http://evil.example\",\"x\")"),
        "{md}"
    );

    let o = wafr([
        "backlog",
        p.to_str().unwrap(),
        "--format",
        "md",
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    assert_markdown_safe(&md);
    // Multi-line notes keep their lines, each escaped inside the quote.
    assert!(
        md.contains("> \\# not a heading\\\n> \\- not a list\\\n> \\`\\`\\`\\\n> fence"),
        "{md}"
    );
}

#[test]
fn report_writes_summary_md_by_default_and_it_is_deterministic() {
    let run = || {
        let dir = tempfile::tempdir().unwrap();
        let o = wafr([
            "report",
            REVIEW,
            "--baseline",
            BASELINE,
            "--out",
            dir.path().to_str().unwrap(),
            "--date",
            DATE,
            "--period",
            PERIOD,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        (
            std::fs::read(dir.path().join("summary.md")).unwrap(),
            std::fs::read(dir.path().join("assessment.json")).unwrap(),
        )
    };
    let (md1, json1) = run();
    let (md2, json2) = run();
    assert_eq!(md1, md2);
    assert_eq!(json1, json2);
    let md = String::from_utf8(md1).unwrap();
    for needle in [
        "# Security Pillar review and certification readiness: card-payments-api",
        "| High Risk Issues (HRIs) | 4 |",
        "| ISO 27001 Annex A | 14.9% (7 ÷ 47) | 51.1% (47 ÷ 92) |",
        "| ISO 27001 Clauses 4 to 10 | n/a (0 ÷ 0) | 0.0% (0 ÷ 30) |",
        "ISO 27001 Annex A readiness = ready ÷ assessed controls = 7 ÷ 47 = 14.9%",
        "| 1 | SEC02-BP01 Use strong sign-in mechanisms | SEC02 | P1 | Low | Identity team | 2026-12-15 | 5 |",
        "| AR-002 | SEC08-BP03 | Encryption drift not remediated automatically | Dana Whitfield, CISO | 2026-09-30 | no |",
        "## Freshness",
        "expires on 2026-12-15 inside the audit period",
        "## Changes since the baseline",
        "| HRIs | 5 | 4 | -1 |",
        "| ISO 27001 readiness | 0.0% (0 ÷ 47) | 14.9% (7 ÷ 47) | +14.9 points |",
        "| SEC07-BP04 | Define scalable data lifecycle management | not applicable | not implemented (HRI) | Data platform |",
        "**Question risk**: SEC07 Medium → High; SEC09 High → None; SEC10 Unanswered → Medium.",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert_markdown_safe(&md);
}

#[test]
fn freshness_shows_in_the_terminal_and_the_summary() {
    // A year later the review is stale.
    let dir = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        REVIEW,
        "--out",
        dir.path().to_str().unwrap(),
        "--date",
        "2027-11-29",
        "--format",
        "md",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Freshness: review of 2026-10-15 (410 days before the report date)"),
        "{out}"
    );
    // Each warning once, on stderr; the summary on stdout.
    let err = stderr(&o);
    assert!(
        err.contains("warning: the review is dated 2026-10-15, 410 days"),
        "{err}"
    );
    assert!(!out.contains("the review is dated"), "{out}");
    let md = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(md.contains("- Review: 2026-10-15, 410 days before the report date."));
    assert!(md.contains("- the review is dated 2026-10-15, 410 days before the report date"));

    // Without an audit period, what expires within 30 days is said; an undated review too.
    let mut v: Value = serde_json::from_str(&read(REVIEW)).unwrap();
    v["workload"].as_object_mut().unwrap().remove("review_date");
    v.as_object_mut().unwrap().remove("audit");
    let (_d, p) = temp_file("undated.json", v.to_string().as_bytes());
    let o = wafr(["validate", p.to_str().unwrap(), "--date", "2026-12-01"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Freshness: review undated"), "{out}");
    let err = stderr(&o);
    assert_eq!(
        err.matches("the review has no date").count(),
        1,
        "once: {err}"
    );
    assert!(
        err.contains("evidence `EV-012` expires on 2026-12-15, within 30 days of the report date"),
        "{err}"
    );
}

#[test]
fn text_templates_can_be_overridden_and_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("text")).unwrap();
    std::fs::write(
        dir.path().join("text/backlog-item.md.tera"),
        "Fix {{ item.bp }} by {{ item.due_date }}.",
    )
    .unwrap();
    let (c, out, err) = backlog(&[
        "--format",
        "github-csv",
        "--templates",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains(",Fix SEC02-BP01 by 2026-12-15.,"), "{out}");

    std::fs::write(dir.path().join("text/summary.md.tera"), "{{ nope }}").unwrap();
    let o = wafr([
        "report",
        REVIEW,
        "--templates",
        dir.path().to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("text/summary.md.tera"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("out/assessment.json").exists());
}

// ---------------------------------------------------------------------------------------------
// Gating

fn validate(file: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["validate", file, "--date", DATE, "--period", PERIOD];
    all.extend_from_slice(args);
    let o = wafr(all);
    (code(&o), stdout(&o), stderr(&o))
}

#[test]
fn each_gate_fails_on_the_example() {
    for (gate, reason) in [
        ("high", "gate failed: high (4 open HRIs)"),
        (
            "medium",
            "gate failed: medium (4 open HRIs and 8 open MRIs (1 more covered by accepted risks))",
        ),
        (
            "evidence-gap",
            "gate failed: evidence-gap (21 controls with an evidence gap: 5 missing, 10 unverified, 2 stale, 4 partial)",
        ),
        (
            "unanswered",
            "gate failed: unanswered (1 question of 11 unanswered)",
        ),
    ] {
        let (c, _, err) = validate(REVIEW, &["--fail-on", gate]);
        assert_eq!(c, 1, "{gate}: {err}");
        assert!(err.contains(reason), "{gate}: {err}");
    }
    // Without --fail-on, validate passes whatever the findings.
    let (c, _, err) = validate(REVIEW, &[]);
    assert_eq!(c, 0, "{err}");
    // Comma-separated and repeated; --json prints the verdict.
    let (c, out, err) = validate(
        REVIEW,
        &[
            "--fail-on",
            "high,evidence-gap",
            "--fail-on",
            "high",
            "--json",
        ],
    );
    assert_eq!(c, 1, "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["schema"], "wafr/validation/1");
    assert_eq!(j["valid"], true);
    // The warnings, each with its code and place.
    let expired = j["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "accepted-risk-expired")
        .unwrap();
    assert_eq!(expired["severity"], "warning");
    assert_eq!(expired["at"]["path"], "accepted_risks[1]");
    let v = &j["gate"];
    assert_eq!(v["schema"], "wafr/gate/1");
    assert_eq!(v["passed"], false);
    assert_eq!(v["gates"], serde_json::json!(["high", "evidence-gap"]));
    let tripped: Vec<&str> = v["tripped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["gate"].as_str().unwrap())
        .collect();
    assert_eq!(tripped, ["high", "evidence-gap"]);
    assert_eq!(v["counts"]["hri_open"], 4);
    assert_eq!(v["counts"]["mri"], 9);
    assert_eq!(v["counts"]["mri_open"], 8);
    assert_eq!(v["readiness"][1]["framework"], "iso27001-2022");
    assert_eq!(v["readiness"][1]["evidenced"], 7);
    assert_eq!(v["readiness"][1]["assessed"], 47);
    assert_eq!(v["counts"]["evidence_gaps"], 21);
    assert_eq!(err.lines().filter(|l| l.contains("gate failed")).count(), 1);
    // Input that does not import: every error as JSON, with its place, and exit code 1.
    let (_bad_dir, bad) = temp_file(
        "bad.json",
        br#"{"schema": "wafr/review/1", "answers": [{"practice": "SEC02-PB01", "status": "implemented"}]}"#,
    );
    let (c, out, _) = validate(bad.to_str().unwrap(), &["--json"]);
    assert_eq!(c, 1);
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (j["valid"].as_bool(), j["errors"].as_u64()),
        (Some(false), Some(1))
    );
    assert_eq!(j["problems"][0]["code"], "unknown-practice");
    assert_eq!(j["problems"][0]["at"]["path"], "answers[0].practice");
    assert!(j["gate"].is_null());
    // An unknown gate is a usage error.
    let (c, _, err) = validate(REVIEW, &["--fail-on", "critical"]);
    assert_eq!(c, 2);
    assert!(
        err.contains("available: high, medium, evidence-gap, unanswered"),
        "{err}"
    );
}

/// Every practice implemented and evidenced: every gate passes.
#[test]
fn gates_pass_on_a_clean_review_and_waived_hris_do_not_trip() {
    let a = example_assessment();
    let answers: Vec<Value> = a
        .practices()
        .map(|p| serde_json::json!({"practice": p.id, "status": "implemented"}))
        .collect();
    // Evidence confirmed for every control it stands for (naming practices alone leaves it
    // unverified), and AWS's attestations on file for what AWS operates.
    let mut all: Vec<String> = a.practices().map(|p| p.id.clone()).collect();
    let catalog = wafr::catalog::load(&Default::default()).unwrap().0;
    for f in &catalog.frameworks {
        all.extend(f.controls.iter().map(|c| format!("{}:{}", f.id, c.id)));
    }
    let attestation = |id: &str, report: &str| {
        serde_json::json!({"id": id, "title": report, "kind": "attestation",
            "collected_on": "2026-06-01", "expires_on": "2027-06-01", "supports": [],
            "attestation": {"issuer": "AWS", "report": report,
                            "artifact_reference": "AWS Artifact"}})
    };
    // Which frameworks an attestation stands for is the user's call beyond SOC 2 and ISO:
    // here, AWS's security as processor under GDPR Art.32.
    let mut gdpr_attestation = attestation("EV-4", "ISO/IEC 27001 certificate");
    gdpr_attestation["attestation"]["frameworks"] = serde_json::json!(["gdpr-2016"]);
    let clean = serde_json::json!({
        "schema": "wafr/review/1",
        "workload": {"name": "clean", "review_date": "2026-11-01"},
        "answers": answers,
        "evidence": [{"id": "EV-1", "title": "Everything", "kind": "both",
                      "collected_on": "2026-11-29", "period_start": "2026-01-01",
                      "period_end": "2026-11-29", "expires_on": "2027-06-01", "supports": all},
                     attestation("EV-2", "ISO/IEC 27001 certificate"),
                     gdpr_attestation,
                     attestation("EV-3", "SOC 2 Type II")],
    });
    let (_d, p) = temp_file("clean.json", clean.to_string().as_bytes());
    let (c, out, err) = validate(
        p.to_str().unwrap(),
        &["--fail-on", "high,medium,evidence-gap,unanswered", "--json"],
    );
    assert_eq!(c, 0, "{err}\n{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["gate"]["passed"], true);
    assert!(
        err.contains("gates passed (high, medium, evidence-gap, unanswered)"),
        "{err}"
    );

    // The example with its HRIs fixed, but one waived instead: `high` passes, `medium` fails.
    let mut v: Value = serde_json::from_str(&read(REVIEW)).unwrap();
    for a in v["answers"].as_array_mut().unwrap() {
        if ["SEC01-BP07", "SEC02-BP01", "SEC02-BP05"].contains(&a["practice"].as_str().unwrap()) {
            a["status"] = "implemented".into();
        }
    }
    v["accepted_risks"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
        "id": "AR-003", "target": "SEC07-BP04", "title": "Archive kept until the lifecycle project",
        "justification": "Legal hold on 2025 transactions", "approver": "Dana Whitfield, CISO",
        "approved_on": "2026-11-01", "expires_on": "2027-06-30"}));
    let (_d2, p) = temp_file("waived.json", v.to_string().as_bytes());
    let (c, out, err) = validate(p.to_str().unwrap(), &["--fail-on", "high", "--json"]);
    assert_eq!(c, 0, "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            j["gate"]["counts"]["hri"].as_u64(),
            j["gate"]["counts"]["hri_open"].as_u64()
        ),
        (Some(1), Some(0))
    );
    let (c, _, _) = validate(p.to_str().unwrap(), &["--fail-on", "medium"]);
    assert_eq!(c, 1);
}

#[test]
fn a_gate_never_passes_on_nothing() {
    let empty = serde_json::json!({"schema": "wafr/review/1", "workload": {"name": "empty"}});
    let (_d, p) = temp_file("empty.json", empty.to_string().as_bytes());
    let (c, _, err) = validate(p.to_str().unwrap(), &["--fail-on", "high"]);
    assert_eq!(c, 1, "{err}");
    assert!(err.contains("nothing-assessed"), "{err}");
}

#[test]
fn an_undated_baseline_is_assessed_as_of_the_report_date_and_said() {
    let mut v: Value = serde_json::from_str(&read(BASELINE)).unwrap();
    v["workload"].as_object_mut().unwrap().remove("review_date");
    v.as_object_mut().unwrap().remove("audit");
    let (_d, p) = temp_file("undated.json", v.to_string().as_bytes());
    let o = wafr(["diff", p.to_str().unwrap(), REVIEW, "--date", DATE]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("note: the baseline review has no date, so it was assessed as of 2026-11-29"),
        "{}",
        stdout(&o)
    );
    // The baseline's own warnings are history: diff warns about the newer side only.
    assert!(!stderr(&o).contains("baseline:"), "{}", stderr(&o));
}

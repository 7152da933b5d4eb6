//! Issue 8, safe outputs: one hostile review through every output (each shows the probes as
//! text, none runs them), writes that replace nothing unless complete, and byte-identical
//! outputs for the same inputs and date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use serde_json::Value;

use crate::common::*;

/// Probes: typst markup and code, spreadsheet and CSV formulas, Markdown and HTML, paths.
const PROBES: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "#import \"@preview/cetz:0.2.2\": *",
    "] #panic(\"boom\") [",
    "$ x^2 $ @fig-ref <label>",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "<script>alert(1)</script> | *bold* `code`",
    "../../../etc/passwd",
];

/// A probe tagged with the field it was put in, so each can be found and told apart.
fn probe(i: usize, field: &str) -> String {
    format!("{} {field}", PROBES[i % PROBES.len()])
}

/// The example review with a probe in every free-text field that reaches an output.
fn hostile_review(dir: &Path) -> (PathBuf, Vec<String>) {
    let mut v: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    let mut put = Vec::new();
    let mut set = |slot: &mut Value, i: usize, field: &str| {
        let p = probe(i, field);
        *slot = Value::from(p.clone());
        put.push(p);
    };
    set(&mut v["workload"]["name"], 0, "workload-name");
    set(&mut v["workload"]["scope"], 1, "scope");
    set(&mut v["questions"][0]["notes"], 2, "question-notes");
    let answers = v["answers"].as_array_mut().unwrap();
    // Open items (the backlog's rows) get owners that look like formulas (probes 4 to 7).
    let mut open = 0;
    for (k, a) in answers.iter_mut().enumerate() {
        if a["status"] == "not_implemented" {
            set(&mut a["owner"], 4 + open % 4, &format!("owner-{k}"));
            open += 1;
        } else if k >= 4 {
            continue;
        } else {
            set(&mut a["owner"], k, &format!("owner-{k}"));
        }
        set(&mut a["notes"], k + 3, &format!("notes-{k}"));
    }
    set(&mut v["evidence"][0]["title"], 5, "evidence-title");
    set(&mut v["evidence"][0]["location"], 9, "evidence-location");
    set(&mut v["evidence"][1]["location"], 4, "evidence-location-2");
    set(&mut v["accepted_risks"][0]["title"], 6, "waiver-title");
    set(
        &mut v["accepted_risks"][0]["justification"],
        7,
        "waiver-justification",
    );
    let p = dir.join("hostile.json");
    std::fs::write(&p, v.to_string()).unwrap();
    (p, put)
}

#[cfg(feature = "pdf")]
fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is required");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn dense(s: &str) -> String {
    // pdftotext breaks lines anywhere in long tokens and typst adds invisible break points.
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .collect()
}

/// Every string cell and every formula of every sheet.
fn workbook_text(p: &Path) -> (Vec<String>, Vec<String>) {
    let mut book = calamine::open_workbook_auto(p).unwrap();
    let (mut strings, mut formulas) = (Vec::new(), Vec::new());
    for name in book.sheet_names() {
        let r = book.worksheet_range(&name).unwrap();
        strings.extend(r.used_cells().filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
        let f = book.worksheet_formula(&name).unwrap();
        formulas.extend(f.used_cells().map(|(_, _, s)| s.clone()));
    }
    (strings, formulas)
}

#[test]
fn one_hostile_review_through_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let (input, put) = hostile_review(dir.path());
    let out = dir.path().join("out");
    let o = wafr([
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        DATE,
        "--period",
        PERIOD,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // assessment.json: every probe verbatim.
    let json = std::fs::read_to_string(out.join("assessment.json")).unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    let all = v.to_string();
    for p in &put {
        assert!(
            all.contains(&serde_json::to_string(p).unwrap()),
            "assessment.json lacks {p:?}"
        );
    }

    // The PDF compiled (a `#panic` that ran would have failed it) and prints the probes of the
    // fields it shows as text; no file was read into it.
    #[cfg(feature = "pdf")]
    {
        let text = pdftotext(&out.join("report.pdf"));
        assert!(!text.contains("root:x:0"), "a file was read into the PDF");
        let d = dense(&text);
        for field in [
            "workload-name",
            "scope",
            "question-notes",
            "notes-0",
            "owner-0",
            "waiver-title",
        ] {
            let p = put.iter().find(|p| p.ends_with(field)).unwrap();
            assert!(d.contains(&dense(p)), "the PDF does not print {p:?}");
        }
    }

    // The workbook: each probe is a string cell equal to the input; no cell is a formula made
    // of input text.
    let (strings, formulas) = workbook_text(&out.join("control-matrix.xlsx"));
    for p in &put {
        if p.ends_with("workload-name") || p.ends_with("scope") {
            assert!(strings.iter().any(|s| s.contains(p.as_str())), "{p:?}");
        } else {
            assert!(strings.iter().any(|s| s == p), "no cell holds {p:?}");
        }
    }
    for f in &formulas {
        assert!(
            !PROBES
                .iter()
                .any(|p| f.contains(p.trim_start_matches(['=', '+', '-', '@']))),
            "input text became a formula: {f}"
        );
    }

    // The questionnaire pre-filled from the same review: the same, text and never formulas.
    let q = dir.path().join("questionnaire.xlsx");
    let o = wafr([
        "template",
        q.to_str().unwrap(),
        "--from",
        input.to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (strings, formulas) = workbook_text(&q);
    for p in put
        .iter()
        .filter(|p| p.contains("owner") || p.contains("notes"))
    {
        assert!(
            strings.iter().any(|s| s == p),
            "the questionnaire lacks {p:?}"
        );
    }
    for f in &formulas {
        assert!(
            !PROBES
                .iter()
                .any(|p| f.contains(p.trim_start_matches(['=', '+', '-', '@']))),
            "input text became a formula in the questionnaire: {f}"
        );
    }

    // summary.md: the workload name is there, escaped; no raw HTML or code span survives.
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("\\#read(\"/etc/passwd\") workload-name"),
        "{md}"
    );
    assert!(!md.contains("<script>") && !md.contains("`code`"), "{md}");

    // The backlog CSVs and Markdown: every cell that could start a formula is quoted with an
    // apostrophe, and the probes are there.
    for format in ["csv", "github-csv"] {
        let o = wafr([
            "backlog",
            input.to_str().unwrap(),
            "--format",
            format,
            "--date",
            DATE,
            "--period",
            PERIOD,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let mut r = csv::Reader::from_reader(o.stdout.as_slice());
        let mut cells = Vec::new();
        for row in r.records() {
            for cell in row.unwrap().iter() {
                let first = cell.chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{format}: a cell starts a formula: {cell:?}"
                );
                cells.push(cell.to_owned());
            }
        }
        // The owners of the open items among the probes come out quoted.
        let quoted: Vec<&String> = put
            .iter()
            .filter(|p| p.contains("owner") && p.starts_with(['=', '+', '-', '@']))
            .filter(|p| cells.contains(&format!("'{p}")))
            .collect();
        assert!(
            !quoted.is_empty(),
            "{format}: no quoted owner probe in {cells:?}"
        );
    }
    // No other CSV is written: `report` writes JSON, PDF, XLSX and Markdown only.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<&str> = wafr::render::Format::ALL
        .iter()
        .map(|f| f.file_name())
        .chain([wafr::manifest::FILE])
        .collect();
    expected.sort();
    assert_eq!(names, expected);
}

/// Bytes of every file in a folder, by name.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

/// `wafr report` of the example into `out`, on `date`.
fn report_into(out: &Path, date: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "report",
        "examples/northwind/review.json",
        "--out",
        out.to_str().unwrap(),
        "--date",
        date,
        "--period",
        PERIOD,
    ];
    args.extend_from_slice(extra);
    wafr(args)
}

#[cfg(feature = "pdf")]
#[test]
fn a_failed_run_leaves_earlier_outputs_untouched_and_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert_eq!(code(&report_into(&out, DATE, &[])), 0);
    let before = snapshot(&out);
    // Six outputs (assessment.json, PDF, XLSX, summary.md, OSCAL, flat CSV) and the manifest.
    assert_eq!(before.len(), 7, "{:?}", before.keys());

    // A broken template fails the PDF, which is rendered before anything is written.
    let o = report_into(
        &out,
        "2026-12-01",
        &["--templates", "tests/fixtures/templates/broken"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(
        snapshot(&out),
        before,
        "an output changed after a failed run"
    );

    // A target that cannot be replaced (here a folder where summary.md goes) is found before
    // any file is renamed into place: the other three keep their old content.
    let md = out.join("summary.md");
    std::fs::remove_file(&md).unwrap();
    std::fs::create_dir(&md).unwrap();
    let o = report_into(&out, "2026-12-01", &[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("summary.md` is a folder"),
        "{}",
        stderr(&o)
    );
    let mut now = snapshot(&out);
    now.remove("summary.md");
    let mut old = before.clone();
    old.remove("summary.md");
    assert_eq!(now, old, "files were replaced although the run failed");

    // A complete run replaces them all, and no temporary file is left at any point.
    std::fs::remove_dir(&md).unwrap();
    assert_eq!(code(&report_into(&out, "2026-12-01", &[])), 0);
    let after = snapshot(&out);
    assert_eq!(after.len(), 7, "temporary files left: {:?}", after.keys());
    assert_ne!(after["assessment.json"], before["assessment.json"]);
}

#[test]
fn every_output_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [
        &[][..],
        &["--baseline", "examples/northwind/baseline-2026-04.json"][..],
    ] {
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let _ = std::fs::remove_dir_all(&a);
        let _ = std::fs::remove_dir_all(&b);
        assert_eq!(code(&report_into(&a, DATE, extra)), 0);
        assert_eq!(code(&report_into(&b, DATE, extra)), 0);
        let (sa, sb) = (snapshot(&a), snapshot(&b));
        assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
        // Every format and the manifest.
        assert_eq!(sa.len(), wafr::render::Format::ALL.len() + 1);
        for (name, bytes) in &sa {
            assert!(
                bytes == &sb[name],
                "{name} differs between two runs {extra:?}"
            );
        }
    }
}

/// Every non-empty free-text note of a native review (workload, answers, questions, evidence,
/// control overrides).
fn notes_of(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["workload"]["notes"]
        .as_str()
        .map(String::from)
        .into_iter()
        .collect();
    for k in ["answers", "questions", "evidence", "controls"] {
        for x in v[k].as_array().into_iter().flatten() {
            if let Some(n) = x["notes"].as_str().filter(|n| !n.trim().is_empty()) {
                out.push(n.to_owned());
            }
        }
    }
    out
}

#[test]
fn redacted_notes_leave_no_trace_in_any_output_and_the_reports_say_so() {
    let review: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    let notes = notes_of(&review);
    assert_eq!(notes.len(), 60);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = report_into(&out, DATE, &["--redact-notes"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Notes redacted on request: 60 free-text notes read \"[redacted]\""),
        "{}",
        stdout(&o)
    );

    let json = std::fs::read_to_string(out.join("assessment.json")).unwrap();
    let a: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(a["redacted_notes"], 60);
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["redacted_notes"], 60);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("Notes redacted on request: 60 free-text notes"),
        "{md}"
    );
    let (cells, _) = workbook_text(&out.join("control-matrix.xlsx"));
    assert!(cells.iter().any(|c| c == "Notes redacted"));
    assert!(cells.iter().any(|c| c == "[redacted]"));
    let mut texts = vec![("assessment.json", json.clone()), ("summary.md", md)];
    for f in ["assessment-results.json", "control-matrix.csv"] {
        texts.push((f, std::fs::read_to_string(out.join(f)).unwrap()));
    }
    texts.push(("control-matrix.xlsx", cells.join("\n")));
    #[cfg(feature = "pdf")]
    {
        let pdf = pdftotext(&out.join("report.pdf"));
        assert!(
            pdf.contains("Notes redacted.") && pdf.contains("[redacted]"),
            "{pdf}"
        );
        texts.push(("report.pdf", pdf));
    }
    for note in &notes {
        // A distinctive stretch of each note: none is left anywhere.
        let probe: String = note.chars().take(40).collect();
        for (name, text) in &texts {
            let (t, p) = if *name == "report.pdf" {
                (dense(text), dense(&probe))
            } else {
                (text.clone(), probe.clone())
            };
            assert!(!t.contains(&p), "{name} still holds note {probe:?}");
        }
    }
    // What is not a note stays: owners, evidence references, statuses.
    assert!(json.contains("\"EV-001\"") && json.contains("Platform team"));

    // Without the flag nothing is redacted and the model does not mention it.
    let plain = dir.path().join("plain");
    assert_eq!(code(&report_into(&plain, DATE, &[])), 0);
    let json = std::fs::read_to_string(plain.join("assessment.json")).unwrap();
    assert!(!json.contains("redacted_notes") && json.contains(&notes[1]));
    // The probes do find notes where they are printed (practice and question notes are in
    // the PDF), so their absence above means something.
    #[cfg(feature = "pdf")]
    {
        let pdf = dense(&pdftotext(&plain.join("report.pdf")));
        let found = notes
            .iter()
            .filter(|n| pdf.contains(&dense(&n.chars().take(40).collect::<String>())))
            .count();
        assert!(found >= 57, "only {found} notes found in the plain PDF");
    }
}

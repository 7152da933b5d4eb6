//! Issue 8: broken and hostile input. Every file of `tests/corpus/` (and the large ones generated
//! here) gets exit code 1 (data) or 2 (usage), a message that names the file and the place, and
//! never a panic. Limits: input files 64 MiB, mapping and template files 8 MiB, text fields
//! 32,767 characters, JSON nesting 128 levels.

use crate::common::*;

/// (corpus file, exit code, fragments the message must contain).
const JSON_CASES: &[(&str, i32, &[&str])] = &[
    (
        "answers-object.json",
        1,
        &[
            "at answers, line 1, column 39",
            "invalid type: map, expected a sequence",
        ],
    ),
    (
        "bad-sha.json",
        1,
        &["at evidence[0].sha256: sha256 must be 64 hexadecimal digits"],
    ),
    (
        "control-char-note.json",
        1,
        &["at answers[0].notes: text contains the control character U+0007"],
    ),
    (
        "date-number.json",
        1,
        &[
            "at workload.review_date",
            "invalid type: integer `20261015`, expected a string",
        ],
    ),
    (
        "deep-nesting.json",
        1,
        &["line 1, column", "recursion limit exceeded"],
    ),
    (
        "duplicate-evidence.json",
        1,
        &[
            "at evidence[1]: evidence id `EV-1` is defined twice",
            "at evidence[0]",
        ],
    ),
    (
        "duplicate-key.json",
        1,
        &["line 1, column 36: duplicate field `schema`"],
    ),
    ("empty.json", 1, &["empty.json: file is empty"]),
    (
        "invalid-utf8.json",
        1,
        &["line 1, column 54: invalid UTF-8"],
    ),
    (
        "json-null.json",
        1,
        &["json-null.json: JSON is neither a wafr review"],
    ),
    ("json-numbers.json", 1, &["JSON is neither a wafr review"]),
    ("json-string.json", 1, &["JSON is neither a wafr review"]),
    (
        "na-without-reason.json",
        1,
        &["at answers[0].na_reason: a practice marked not_applicable needs na_reason"],
    ),
    (
        "nul-escape.json",
        1,
        &["at answers[0].notes: text contains the control character U+0000"],
    ),
    (
        "pdf-renamed.json",
        1,
        &["this is a PDF document, not a review"],
    ),
    ("raw-nul.json", 1, &["line 1, column 52: control character"]),
    (
        "status-conflict.json",
        1,
        &[
            "at answers[2]: SEC02-BP01 is answered \"Not implemented\" here and \"Implemented\" elsewhere",
        ],
    ),
    (
        "trailing-comma.json",
        1,
        &["line 1, column 43: trailing comma"],
    ),
    ("truncated.json", 1, &["EOF while parsing a string"]),
    (
        "unknown-ids.json",
        1,
        &[
            "3 problem(s)",
            "at questions[0].id: unknown question \"SEC12\"",
            "at answers[0].practice: unknown best practice \"SEC01-BP09\"",
            "at answers[1].practice: unknown best practice \"sec_made_up\"",
        ],
    ),
    // UTF-16 is decoded, then read as JSON: the error inside is located as usual.
    (
        "utf16.json",
        1,
        &["at answers[0].practice: unknown best practice \"SEC99-BP01\""],
    ),
    (
        "wa-answers-not-list.json",
        1,
        &["at AnswerSummaries: `AnswerSummaries` must be a list of objects"],
    ),
    (
        "wa-bad-choice-status.json",
        1,
        &["at Answer.ChoiceAnswers[0].Status: unknown choice status \"MAYBE\""],
    ),
    (
        "wa-bad-risk.json",
        1,
        &["at AnswerSummaries[0].Risk: unknown risk \"CATASTROPHIC\""],
    ),
    (
        "wa-bundle-lenses-not-list.json",
        1,
        &["at lenses[0].wellarchitected: must be a list of answers"],
    ),
    (
        "wa-choice-wrong-question.json",
        1,
        &["choice `sec_permissions_define` belongs to SEC03 (SEC03-BP01), not to SEC02"],
    ),
    (
        "wa-isapplicable-string.json",
        1,
        &["at AnswerSummaries[0].IsApplicable: `IsApplicable` must be true or false"],
    ),
    (
        "wa-no-question-id.json",
        1,
        &["at AnswerSummaries[0]: answer has no `QuestionId`"],
    ),
    (
        "wa-selected-string.json",
        1,
        &["at AnswerSummaries[0].SelectedChoices: `SelectedChoices` must be a list of strings"],
    ),
    (
        "wa-workload-accounts-string.json",
        1,
        &["at Workload.AccountIds: `AccountIds` must be a list of strings"],
    ),
    (
        "waiver-unknown-target.json",
        1,
        &["at accepted_risks[0]: accepted risk `AR-1` targets \"everything\""],
    ),
];

/// (mapping folder under tests/corpus/mappings, exit code, fragments).
const MAPPING_CASES: &[(&str, i32, &[&str])] = &[
    (
        "bad-header",
        1,
        &["bad-header/crosswalks/x.csv, row 1: unrecognised header `a,b,c`"],
    ),
    (
        "empty-crosswalk",
        1,
        &["empty-crosswalk/crosswalks/x.csv: crosswalk has no rows"],
    ),
    (
        "invalid-utf8",
        1,
        &["invalid-utf8/crosswalks/x.csv, line 2, column 42: file is not UTF-8 text"],
    ),
    (
        "lens-bad-risk",
        1,
        &[
            "lens-bad-risk/lens/wa-security.toml: best practice `SEC01-BP01`: unknown risk `Critical`",
        ],
    ),
    ("no-kind", 1, &["no-kind/frameworks/x.toml: missing `kind`"]),
    (
        "schema2",
        1,
        &["schema2/frameworks/x.toml: schema 2 is not supported"],
    ),
    (
        "second-lens",
        1,
        &["second-lens/lens/other.toml: a second lens catalog (`second-lens`) is defined"],
    ),
    (
        "toml-syntax",
        1,
        &["toml-syntax/frameworks/x.toml, line 3, column 8: invalid basic string"],
    ),
    (
        "unterminated-quote",
        1,
        &["unterminated-quote/crosswalks/wa-security__soc2-tsc-2017.csv, row 2: row has 5 fields"],
    ),
    (
        "wrong-type",
        1,
        &[
            "wrong-type/frameworks/x.toml, line 8, column 12: invalid type: integer `5`, expected a sequence",
        ],
    ),
];

fn check(what: &str, o: &std::process::Output, exit: i32, fragments: &[&str]) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what} panicked:\n{err}");
    assert_eq!(code(o), exit, "{what}: exit code\n{err}");
    for f in fragments {
        assert!(err.contains(f), "{what}: expected {f:?} in:\n{err}");
    }
}

#[test]
fn json_corpus() {
    for (file, exit, fragments) in JSON_CASES {
        let p = format!("tests/corpus/json/{file}");
        let o = wafr(["validate", &p, "--date", DATE]);
        let mut with_file: Vec<String> = fragments.iter().map(|s| s.to_string()).collect();
        with_file.push(format!("tests/corpus/json/{file}"));
        check(
            file,
            &o,
            *exit,
            &with_file.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    // Every corpus file has a case: a new file without an expectation fails here.
    let listed: Vec<&str> = JSON_CASES.iter().map(|c| c.0).collect();
    for e in std::fs::read_dir(path("tests/corpus/json")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(&name.as_str()),
            "tests/corpus/json/{name} has no expectation in hostile.rs"
        );
    }
}

#[test]
fn mapping_corpus() {
    for (dir, exit, fragments) in MAPPING_CASES {
        let p = format!("tests/corpus/mappings/{dir}");
        let o = wafr(["mappings", "check", "--mappings", &p]);
        check(dir, &o, *exit, fragments);
        // The same folder breaks a report too: mapping errors are never ignored.
        let o = wafr([
            "validate",
            "examples/northwind/review.json",
            "--mappings",
            &p,
        ]);
        check(dir, &o, *exit, fragments);
    }
    let listed: Vec<&str> = MAPPING_CASES.iter().map(|c| c.0).collect();
    for e in std::fs::read_dir(path("tests/corpus/mappings")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(&name.as_str()),
            "tests/corpus/mappings/{name} has no expectation in hostile.rs"
        );
    }
}

#[test]
fn ten_megabyte_note_is_refused_with_its_place() {
    let note = "x".repeat(10 * 1024 * 1024);
    let r = format!(
        r#"{{"schema": "wafr/review/1", "answers": [{{"practice": "SEC01-BP01", "status": "implemented", "notes": "{note}"}}]}}"#
    );
    let (_d, p) = temp_file("big-note.json", r.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "big note",
        &o,
        1,
        &["at answers[0].notes: text is 10485760 characters long; the limit is 32767"],
    );
}

#[test]
fn oversized_input_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.json");
    // A sparse 65 MiB file: refused from its size, without reading it.
    std::fs::File::create(&p)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "huge input",
        &o,
        1,
        &["huge.json: file is 68157440 bytes; the limit is 67108864 bytes"],
    );
}

#[test]
fn oversized_mapping_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("crosswalks")).unwrap();
    let p = dir.path().join("crosswalks/big.csv");
    std::fs::File::create(&p)
        .unwrap()
        .set_len(9 * 1024 * 1024)
        .unwrap();
    let o = wafr([
        "mappings",
        "check",
        "--mappings",
        dir.path().to_str().unwrap(),
    ]);
    check(
        "huge mapping",
        &o,
        1,
        &["big.csv: file is 9437184 bytes; the limit is 8388608 bytes"],
    );
}

#[test]
fn a_folder_given_as_input_is_a_usage_error() {
    let o = wafr(["validate", "examples"]);
    check(
        "folder input",
        &o,
        2,
        &["`examples` is a folder, not a file"],
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_a_mapping_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("crosswalks")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("crosswalks/passwd.csv")).unwrap();
    let o = wafr([
        "mappings",
        "check",
        "--mappings",
        dir.path().to_str().unwrap(),
    ]);
    check(
        "symlink",
        &o,
        2,
        &["passwd.csv` is a link to a file outside the folder"],
    );
    // A link that stays inside the folder is followed: here it makes the same framework appear
    // twice, which the duplicate-id check then reports with both paths.
    let dir2 = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir2.path().join("x")).unwrap();
    std::fs::copy(
        path("tests/fixtures/mappings/nist-csf/frameworks/nist-csf-2.0.toml"),
        dir2.path().join("x/nist.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir2.path().join("frameworks")).unwrap();
    std::os::unix::fs::symlink(
        dir2.path().join("x/nist.toml"),
        dir2.path().join("frameworks/nist-csf-2.0.toml"),
    )
    .unwrap();
    let o = wafr([
        "mappings",
        "list",
        "--mappings",
        dir2.path().to_str().unwrap(),
    ]);
    check(
        "inner link",
        &o,
        1,
        &[
            "x/nist.toml: framework id `nist-csf-2.0` is also defined in",
            "frameworks/nist-csf-2.0.toml",
        ],
    );
}

#[test]
fn many_duplicate_answers_do_not_flood_the_output() {
    let one = r#"{"practice": "SEC01-BP01", "status": "implemented"}"#;
    let r = format!(
        r#"{{"schema": "wafr/review/1", "answers": [{}]}}"#,
        vec![one; 5000].join(",")
    );
    let (_d, p) = temp_file("dups.json", r.as_bytes());
    let a = assess(&[p]).unwrap();
    let dups = a
        .warnings
        .iter()
        .filter(|w| w.code == "duplicate-answer")
        .count();
    assert!(dups <= wafr::error::MAX_PROBLEMS, "{dups}");
    assert!(
        a.warnings
            .iter()
            .any(|w| w.code == "too-many-warnings" && w.message.contains("more warning(s)"))
    );
}

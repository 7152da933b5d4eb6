//! Issue 8: broken and hostile input. Every file of `tests/corpus/` (JSON, spreadsheets, mapping
//! folders, template folders) and the large ones generated here gets exit code 1 (data) or 2
//! (usage), a message that names the file and the place, never a panic, and writes nothing.
//! The limits are in docs/limits.md.

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
        "bad-dates.json",
        1,
        &[
            "2 problems",
            "at workload.review_date: \"2026-13-45\" is not a date",
            "at evidence[0].expires_on: \"yesterday\" is not a date",
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
        "huge-number.json",
        1,
        &["line 1, column 107: number out of range"],
    ),
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
        "lone-surrogate.json",
        1,
        &["line 1, column 109: unexpected end of hex escape"],
    ),
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
        "schema-version.json",
        1,
        &["at schema: schema \"wafr/review/2\" is not supported"],
    ),
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
    // Regression: serde_json says column 0 for an end of file after a newline; editors count
    // from 1.
    (
        "truncated-after-newline.json",
        1,
        &["truncated-after-newline.json, line 2, column 1: EOF while parsing a value"],
    ),
    (
        "unknown-ids.json",
        1,
        &[
            "3 problems",
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
        "crosswalk-duplicate-row",
        1,
        &[
            "crosswalk-duplicate-row/crosswalks/x.csv, row 3: `SEC01-BP01` → `soc2-tsc-2017` `CC6.1` is mapped twice",
        ],
    ),
    (
        "crosswalk-formula",
        1,
        &[
            "crosswalk-formula/crosswalks/x.csv, row 2: unknown best practice `=HYPERLINK(\"http://x\")`",
        ],
    ),
    (
        "crosswalk-unknown-control",
        1,
        &[
            "crosswalk-unknown-control/crosswalks/x.csv, row 2: unknown control `CC99.9` in `soc2-tsc-2017`",
            "row 3, column B (framework): one crosswalk file maps to one framework",
        ],
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
        &[
            "second-lens/lens/other.toml: a second lens file for pillar `security` of lens `wellarchitected` (`second-lens`); it is already defined in <builtin>/mappings/lens/wa-security.toml",
        ],
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

/// (file under tests/corpus/sheets, fragments of the message; all exit 1).
const SHEET_CASES: &[(&str, &[&str])] = &[
    // Issue 16: answers that would be lost are errors, never warnings with exit 0.
    (
        "status-header-renamed.xlsx",
        &[
            "sheet 'Answers', row 1, column H (Status (Y/N)): unknown column: 55 of its 55 values are answers (status words), and wafr would not import them",
            "did you mean \"Status\"?",
        ],
    ),
    (
        "status-words-unknown-header.csv",
        &[
            "row 1, column C (Done?): unknown column: 3 of its 3 values are answers (status words)",
            "name the column \"Status\"",
        ],
    ),
    (
        "no-status-column.csv",
        &[
            "row 1: this answers table has no status column and no other input answers its practices: every answer would be lost",
            "add a Status column",
        ],
    ),
    (
        "ambiguous-date.csv",
        &[
            "row 2, column C (Target date): \"04/03/2027\" is not a date",
            "row 3, column C (Target date): \"2027-02-30\" is not a date",
        ],
    ),
    (
        "bad-status.csv",
        &[
            "row 2, column B (Status): unknown status \"Yess\"",
            "did you mean \"yes\"?",
            "row 3, column B (Status): unknown status \"Maybe\"",
        ],
    ),
    (
        "bad-status.ods",
        &["sheet 'Answers', row 2, column B (Status): unknown status \"Yess\""],
    ),
    (
        "bad-status.xlsx",
        &[
            "sheet 'Answers', row 2, column B (Status): unknown status \"Yess\"",
            "sheet 'Answers', row 3, column B (Status): unknown status \"Perhaps\"",
        ],
    ),
    // calamine 0.38 overflows on this cell reference (a panic in debug builds): contained.
    (
        "column-garbage.xlsx",
        &["the spreadsheet reader stopped on damaged content"],
    ),
    (
        "conflicting-rows.csv",
        &[
            "conflicting-rows.csv, row 3: SEC02-BP01 is answered \"Not implemented\" here and \"Implemented\" elsewhere",
            "the other value is at tests/corpus/sheets/conflicting-rows.csv, row 2",
        ],
    ),
    (
        "conflicting-rows.xlsx",
        &["sheet 'Answers', row 3: SEC02-BP01 is answered \"Not implemented\" here"],
    ),
    (
        "control-char.csv",
        &["row 2, column C (Notes): text contains the control character U+0007"],
    ),
    ("empty.csv", &["empty.csv: file is empty"]),
    (
        "error-cell.xlsx",
        &["sheet 'Answers', row 2, column B (Status): the cell holds the error value #N/A"],
    ),
    (
        "formula-status.csv",
        &["row 2, column B (Status): unknown status \"=IF(1,\"Yes\",\"No\")\""],
    ),
    // Found by the `xls` fuzz target. A damaged compound file that calamine reads leniently into
    // a grid of 137 GB (an allocation failure aborts the process) or 24 GB (the kernel kills
    // it): the strict `cfb` reader refuses the container first.
    (
        "fuzz-alloc-137gb.xls",
        &[
            "the file cannot be read as an Excel 97-2003 workbook (.xls): Found reference to sector 402",
        ],
    ),
    (
        "fuzz-oom-lenient-fat.xls",
        &["the file cannot be read as an Excel 97-2003 workbook (.xls): Malformed FAT"],
    ),
    // A sound container whose cells lie far apart: calamine's grid would take gigabytes; the
    // records are checked first.
    (
        "fuzz-oom-wide-grid.xls",
        &[
            "a sheet spans rows 1 to 56357 and columns A to BQC, so reading the workbook would take a grid of more than 5000000 cells",
        ],
    ),
    // Sheets whose records calamine reads several times over (the second fuzz run, after the
    // first fix): each read is a grid of its own, so each is counted.
    (
        "fuzz-oom-sheet-offsets.xls",
        &[
            "a sheet spans rows 1 to 23308 and columns A to BQC, so reading the workbook would take a grid of more than 5000000 cells",
        ],
    ),
    // A DIMENSIONS record whose last row comes before its first: calamine counts the rows in
    // wrapping arithmetic and reserved 2.5 TB, which aborted the process (third fuzz run).
    (
        "fuzz-oom-dimensions-wrap.xls",
        &["a sheet declares 64424508615 cells, more than an .xls sheet can hold"],
    ),
    // calamine's compound-file reader slices out of bounds on this one (a panic in release
    // builds too); refused by the strict reader now.
    (
        "fuzz-cfb-sector.xls",
        &[
            "the file cannot be read as an Excel 97-2003 workbook (.xls): Malformed FAT (FAT has 10 entries",
        ],
    ),
    // A container both readers accept, on which calamine's record parser slices out of bounds:
    // the panic is contained as a located error.
    (
        "fuzz-calamine-slice.xls",
        &[
            "the spreadsheet reader stopped on damaged content (range start index 11818669 out of range for slice of length 72957)",
        ],
    ),
    (
        "malformed-content.ods",
        &["malformed-content.ods: no header row wafr recognises"],
    ),
    (
        "malformed-xml.xlsx",
        &["sheet 'Answers': the file cannot be read as an Excel workbook (.xlsx): Xml error"],
    ),
    (
        "missing-sheet-part.xlsx",
        &[
            "sheet 'Answers': the file cannot be read as an Excel workbook (.xlsx): Worksheet 'Answers' not found",
        ],
    ),
    (
        "no-header.csv",
        &["no-header.csv: no header row wafr recognises in the first 30 rows"],
    ),
    (
        "not-utf8-nor-1252.csv",
        &[
            "line 2, column 19: the file is not UTF-8 (invalid byte 0x81 at byte 34) nor Windows-1252",
        ],
    ),
    (
        "nul-bytes.csv",
        &["line 2, column 13: the file holds NUL bytes, so it is not text"],
    ),
    (
        "ole-garbage.xls",
        &[
            "the file cannot be read as an Excel 97-2003 workbook (.xls): Invalid CFB byte order mark",
        ],
    ),
    (
        "only-spaces.csv",
        &["only-spaces.csv: file holds only white space"],
    ),
    (
        "pdf-renamed.xlsx",
        &["pdf-renamed.xlsx: this is a PDF document, not a review"],
    ),
    (
        "row-beyond-limit.xlsx",
        &["sheet 'Answers': data in row 1048576: a sheet may hold at most 250000 rows"],
    ),
    (
        "shared-string-out-of-range.xlsx",
        &["Cell string index not found in shared strings table"],
    ),
    (
        "text-document.ods",
        &["text-document.ods: this is an OpenDocument file, but not a spreadsheet"],
    ),
    (
        "text-renamed.xlsx",
        &[
            "the file is named .xlsx but holds text; it was read as csv",
            "no header row wafr recognises",
        ],
    ),
    (
        "truncated.xls",
        &[
            "the file cannot be read as an Excel 97-2003 workbook (.xls): DIFAT refers to sector 128",
        ],
    ),
    (
        "unknown-practice.csv",
        &[
            "row 2, column A (BP): unknown best practice \"SEC99-BP01\"",
            "row 3, column A (BP): unknown best practice \"sec_made_up_choice\"",
        ],
    ),
    // The csv reader would read every later row into the open quote's cell, without a word.
    (
        "unterminated-quote.csv",
        &[
            "row 2, column C: a quoted value starts here and is never closed, so the 1 line after it",
        ],
    ),
    (
        "utf16-odd-length.csv",
        &["starts with a UTF-16LE byte-order mark but is not valid UTF-16LE text"],
    ),
    (
        "wide-and-tall.ods",
        &[
            "sheet 'Answers': the sheet spans 200001 rows × 1000 columns: more than the 5000000 cells",
        ],
    ),
];

/// (folder under tests/corpus/templates, fragments; all exit 1). Folders named `typst-*` hold
/// PDF templates, `tera-*` Markdown ones, `portfolio-*` the consolidated PDF of `wafr
/// portfolio`. Runaway templates get small limits so the test is fast.
const TEMPLATE_CASES: &[(&str, &[&str])] = &[
    (
        "tera-huge-range",
        &[
            "template `text/summary.md.tera` failed",
            "used more than 256 MiB of memory",
        ],
    ),
    (
        "tera-missing-variable",
        &["Variable `no_such_thing.at_all` not found in context"],
    ),
    (
        "tera-nested-loops",
        &[
            "template `text/summary.md.tera` failed",
            "the template ran for more than 1 s",
        ],
    ),
    (
        "tera-not-utf8",
        &[
            "tera-not-utf8/text/summary.md.tera` failed",
            "not UTF-8 text (invalid byte at offset 5)",
        ],
    ),
    (
        "tera-recursive-macro",
        &[
            "recursion is not allowed in text templates",
            "text/macros.tera::again → text/macros.tera::again",
        ],
    ),
    (
        "tera-self-include",
        &[
            "recursion is not allowed",
            "text/summary.md.tera → text/summary.md.tera",
        ],
    ),
    (
        "tera-syntax",
        &["Failed to parse 'text/summary.md.tera'", "2:1"],
    ),
    (
        "portfolio-typst-nested-loops",
        &[
            "portfolio-typst-nested-loops/pdf/portfolio.typ` failed",
            "the template ran for more than 1 s",
        ],
    ),
    (
        "typst-huge-array",
        &[
            "typst-huge-array/pdf/report.typ` failed",
            "used more than 256 MiB of memory",
        ],
    ),
    // Issue 17: one allocation of 100 GB. The typesetting child's address space is capped, so
    // the allocation fails in the child (which aborts), never in wafr (exit code 1, not 134).
    (
        "typst-huge-string",
        &[
            "typst-huge-string/pdf/report.typ` failed",
            "used more than 256 MiB of memory (the limit, --template-memory-limit)",
        ],
    ),
    // Issue 17: typst's overflow check passes 2 × 2^62 bytes, and the string's allocation
    // panics ("capacity overflow"): a template error naming the file, not a crash.
    (
        "typst-capacity-overflow",
        &[
            "typst-capacity-overflow/pdf/report.typ` failed",
            "the template asks for a string, list or other value too large to hold (capacity overflow)",
        ],
    ),
    (
        "typst-image-outside",
        &[
            "typst-image-outside/pdf/report.typ:1:8: error: path `\"../../../../../etc/hostname.png\"` would escape the project root",
        ],
    ),
    (
        "typst-import-package",
        &[
            "typst-import-package/pdf/report.typ:1:9: error: package not found (searched for @preview/cetz:0.2.2)",
        ],
    ),
    (
        "typst-include-absolute",
        &[
            "typst-include-absolute/pdf/report.typ:1:10: error: file not found (searched at /etc/passwd)",
        ],
    ),
    (
        "typst-nested-loops",
        &[
            "typst-nested-loops/pdf/report.typ` failed",
            "the template ran for more than 1 s",
        ],
    ),
    (
        "typst-not-utf8",
        &[
            "typst-not-utf8/pdf/report.typ` failed",
            "not UTF-8 text (invalid byte at offset 17)",
        ],
    ),
    (
        "typst-read-dotdot",
        &[
            "typst-read-dotdot/pdf/report.typ:1:7: error: path `\"../../x\"` would escape the project root",
        ],
    ),
    (
        "typst-read-passwd",
        &["typst-read-passwd/pdf/report.typ:1:7: error: file not found (searched at /etc/passwd)"],
    ),
    (
        "typst-recursion",
        &["typst-recursion/pdf/report.typ:1:13: error: maximum function call depth exceeded"],
    ),
    (
        "typst-syntax",
        &["typst-syntax/pdf/report.typ:2:10: error: unclosed delimiter"],
    ),
    (
        "typst-while-true",
        &["typst-while-true/pdf/report.typ:1:8: error: condition is always true"],
    ),
];

/// Every entry of a corpus folder has a case: a new file without an expectation fails here.
fn all_listed(dir: &str, listed: &[&str]) {
    for e in std::fs::read_dir(path(dir)).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(&name.as_str()),
            "{dir}/{name} has no expectation in hostile.rs"
        );
    }
}

/// Runs `wafr report` on the example with a template folder; checks the failure and that no
/// output was written.
fn report_with_templates(
    what: &str,
    dir: &std::path::Path,
    format: &str,
    exit: i32,
    fragments: &[&str],
) {
    let out = tempfile::tempdir().unwrap();
    let (command, format_args) = match format {
        "portfolio" => ("portfolio", Vec::new()),
        f => ("report", vec!["--format", f]),
    };
    let mut args = vec![
        command,
        "examples/northwind/review.json",
        "--out",
        out.path().to_str().unwrap(),
        "--date",
        DATE,
        "--templates",
        dir.to_str().unwrap(),
        "--template-time-limit",
        "1",
        "--template-memory-limit",
        "256",
    ];
    args.extend(format_args);
    let o = wafr(args);
    check(what, &o, exit, fragments);
    let written: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert!(
        written.is_empty(),
        "{what}: outputs were written: {written:?}"
    );
}

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
fn sheet_corpus() {
    for (file, fragments) in SHEET_CASES {
        let p = format!("tests/corpus/sheets/{file}");
        let o = wafr(["validate", &p, "--date", DATE]);
        let mut all: Vec<&str> = fragments.to_vec();
        all.push(&p);
        check(file, &o, 1, &all);
    }
    all_listed(
        "tests/corpus/sheets",
        &SHEET_CASES.iter().map(|c| c.0).collect::<Vec<_>>(),
    );
}

#[test]
fn template_corpus() {
    for (dir, fragments) in TEMPLATE_CASES {
        let format = if dir.starts_with("typst-") {
            "pdf"
        } else if dir.starts_with("portfolio-") {
            "portfolio"
        } else {
            "md"
        };
        if format != "md" && cfg!(not(feature = "pdf")) {
            continue;
        }
        let p = path(&format!("tests/corpus/templates/{dir}"));
        report_with_templates(dir, &p, format, 1, fragments);
    }
    all_listed(
        "tests/corpus/templates",
        &TEMPLATE_CASES.iter().map(|c| c.0).collect::<Vec<_>>(),
    );
}

#[cfg(unix)]
#[test]
fn template_links_out_of_the_folder_and_huge_templates_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("text")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("text/summary.md.tera")).unwrap();
    report_with_templates(
        "template symlink",
        dir.path(),
        "md",
        2,
        &["summary.md.tera` is a link to a file outside the folder"],
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pdf")).unwrap();
    let p = dir.path().join("pdf/report.typ");
    std::fs::File::create(&p)
        .unwrap()
        .set_len(9 * 1024 * 1024)
        .unwrap();
    report_with_templates(
        "huge template",
        dir.path(),
        "pdf",
        1,
        &["report.typ: file is 9437184 bytes; the limit is 8388608 bytes"],
    );
}

/// A million rows, as a real workbook (every row filled, not one far cell) and as CSV: refused
/// at row 250,001 with bounded memory (figures in docs/limits.md).
#[test]
fn a_million_row_workbook_and_csv_are_refused_at_the_row_limit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut xml = String::with_capacity(80 * 1_000_000);
    xml.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>BP</t></is></c><c r="B1" t="inlineStr"><is><t>Status</t></is></c></row>"#);
    for r in 2..=1_000_000 {
        xml.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>SEC01-BP01</t></is></c></row>"#
        ));
    }
    xml.push_str("</sheetData></worksheet>");
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", xml.as_bytes()),
    ];
    let book = dir.path().join("million.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&book).unwrap());
        for (name, data) in parts {
            z.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    let o = wafr(["validate", book.to_str().unwrap()]);
    check(
        "million-row xlsx",
        &o,
        1,
        &[
            "million.xlsx, sheet 'Answers': data in row 250001: a sheet may hold at most 250000 rows",
        ],
    );
    let mut csv = String::from("BP,Status\n");
    for _ in 1..1_000_000 {
        csv.push_str("SEC01-BP01,Yes\n");
    }
    let (_d, p) = temp_file("million.csv", csv.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "million-row csv",
        &o,
        1,
        &["million.csv, row 250001: data in row 250001: a sheet may hold at most 250000 rows"],
    );
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
        path("tests/fixtures/mappings/user-framework/frameworks/acme-csf-subset.toml"),
        dir2.path().join("x/nist.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir2.path().join("frameworks")).unwrap();
    std::os::unix::fs::symlink(
        dir2.path().join("x/nist.toml"),
        dir2.path().join("frameworks/acme-csf-subset.toml"),
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
            "x/nist.toml: framework id `acme-csf-subset` is also defined in",
            "frameworks/acme-csf-subset.toml",
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
            .any(|w| w.code == "too-many-warnings" && w.message.contains("more warnings"))
    );
}

/// Many rows for one practice used to take minutes (a scan per row, a note rebuilt per row):
/// 50,000 duplicate rows now take a second. The note combined from rows of an older lens is held
/// to the cell limit, like any note.
#[test]
fn many_rows_for_one_practice_stay_linear_and_bounded() {
    let mut csv = String::from("BP,Status,Notes\n");
    for i in 0..50_000 {
        csv.push_str(&format!("SEC01-BP01,Yes,note {i}\n"));
    }
    let (_d, p) = temp_file("dups.csv", csv.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "duplicate rows",
        &o,
        1,
        &["dups.csv, row 3: SEC01-BP01", "more errors not shown"],
    );
    // Rows of a practice of the older lens (SEC01-BP05, now SEC01-BP04) are combined into one
    // answer; their 3,000 distinct notes make a note longer than a cell.
    let mut csv = String::from("Choice ID,Status,Notes,Evidence\n");
    for i in 0..3_000 {
        csv.push_str(&format!(
            "sec_securely_operate_updated_recommendations,Yes,note number {i},EV-{i}\n"
        ));
    }
    let (_d, p) = temp_file("legacy.csv", csv.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "legacy rows",
        &o,
        1,
        &["legacy.csv, row 2: the note combined from the 3000 rows for SEC01-BP04 is"],
    );
}

/// A 64 MiB JSON file of tiny objects would take gigabytes once parsed: objects and lists are
/// counted first, and a list longer than a sheet may be is refused with its path.
#[test]
fn json_with_too_many_objects_or_items_is_refused_before_it_costs_memory() {
    let many = format!(
        r#"{{"schema": "wafr/review/1", "answers": [], "evidence": [{}]}}"#,
        vec!["{}"; 1_000_001].join(",")
    );
    let (_d, p) = temp_file("many.json", many.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "many objects",
        &o,
        1,
        &[
            "many.json, line 1, column 3000048: the file holds more than 1000000 JSON objects and lists",
        ],
    );
    let long = format!(
        r#"{{"schema": "wafr/review/1", "answers": [{{"practice": "SEC01-BP01", "status": "implemented", "evidence": [{}]}}]}}"#,
        vec!["\"EV\""; 250_001].join(",")
    );
    let (_d, p) = temp_file("long.json", long.as_bytes());
    let o = wafr(["validate", p.to_str().unwrap()]);
    check(
        "long list",
        &o,
        1,
        &["long.json, at answers[0].evidence: the list holds 250001 items; the limit is 250000"],
    );
}

/// docs/limits.md states the values the code uses.
#[test]
fn the_limits_page_matches_the_code() {
    use wafr::fsutil::limits;
    use wafr::import::tables::{table as sheet, zip_guard as workbook};
    let doc = read("docs/limits.md");
    let thousands = |n: u64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let mib = |b: u64| format!("{} MiB", b / (1024 * 1024));
    let stated = [
        format!(
            "| {} |",
            mib(limits::INPUT_BYTES).replace(" MiB", " MiB, checked before reading")
        ),
        format!(
            "{} characters",
            thousands(wafr::import::MAX_TEXT_CHARS as u64)
        ),
        format!(
            "| {}, counted before parsing |",
            thousands(wafr::import::native::MAX_JSON_CONTAINERS as u64)
        ),
        format!(
            "| items in one JSON list | {} |",
            thousands(u64::from(sheet::MAX_ROWS))
        ),
        format!(
            "| rows in one sheet or CSV file | {} ",
            thousands(u64::from(sheet::MAX_ROWS))
        ),
        format!(
            "| filled cells in one file | {} |",
            thousands(sheet::MAX_CELLS as u64)
        ),
        format!(
            "| cell text in one file | {} |",
            mib(sheet::MAX_TEXT_BYTES as u64)
        ),
        format!("{} row steps", thousands(sheet::MAX_CELLS as u64)),
        format!(
            "{} uncompressed, {} entries, {}:1",
            mib(workbook::MAX_UNZIPPED),
            thousands(workbook::MAX_ENTRIES as u64),
            workbook::MAX_RATIO
        ),
        format!(
            "{} errors and {} warnings",
            wafr::error::MAX_PROBLEMS,
            wafr::error::MAX_PROBLEMS
        ),
        format!("| one file | {} |", mib(limits::MAPPING_BYTES)),
        format!("| files in a folder | {} |", limits::FOLDER_FILES),
        format!("| folder depth | {} levels |", limits::FOLDER_DEPTH),
        format!(
            "| logo (`--logo`) | {} |",
            mib(wafr::render::branding::LOGO_BYTES)
        ),
        format!("| {} s |", wafr::render::guard::Limits::TIME_SECS),
        format!("| {} MiB |", wafr::render::guard::Limits::MEMORY_MIB),
        format!(
            "| the memory limit + {} MiB |",
            wafr::render::guard::Limits::ADDRESS_MARGIN_MIB
        ),
        format!(
            "memory limit plus {} MiB",
            wafr::render::guard::Limits::ADDRESS_MARGIN_MIB
        ),
    ];
    for s in stated {
        assert!(doc.contains(&s), "docs/limits.md does not state {s:?}");
    }
}

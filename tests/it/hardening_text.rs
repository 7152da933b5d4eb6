//! Issue 17, second round of hardening, the text side: invisible format characters in a
//! review (a warning with the field and place, `<U+XXXX>` in the CSV exports), control
//! characters in branding, and nothing raw on the terminal, whether it comes from a manifest, a
//! file name or a review. Inputs are in tests/corpus/hardening/.

use crate::common::*;

// 4. `wafr verify` prints the manifest's text escaped.

#[test]
fn verify_prints_control_characters_from_the_manifest_escaped() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    check_run("report", &report_into(&out, &[]), 0, &[]);
    let mut m = manifest_of(&out);
    m["subject"] = "pay\u{1b}[2J\u{1b}]0;owned\u{7}\u{202E}ments".into();
    m["outputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "file": "evil\u{1b}[31m.md",
            "sha256": wafr::fsutil::sha256_hex(b""),
            "bytes": 0
        }));
    std::fs::write(out.join("manifest.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    std::fs::write(out.join("extra\u{1b}[1m.txt"), "x").unwrap();
    let o = wafr_within_deadline(&["verify", path_str(&out), "--color", "always"]);
    let text = stdout(&o);
    assert_eq!(code(&o), 1, "{text}{}", stderr(&o));
    assert!(
        text.contains("report of pay<U+001B>[2J<U+001B>]0;owned<U+0007><U+202E>ments"),
        "{text}"
    );
    assert!(text.contains("MISSING  evil<U+001B>[31m.md"), "{text}");
    assert!(text.contains("note: extra<U+001B>[1m.txt is not in the manifest"));
    // The only escape sequences are wafr's own styles (--color always), never the manifest's.
    assert!(!text.contains("\u{1b}[2J") && !text.contains("\u{1b}]0;") && !text.contains('\u{7}'));
    assert!(!text.contains('\u{202E}'));
}

// 8. Invisible format characters: a warning at import, visible in the CSV exports.

/// (file under tests/corpus/hardening, command, exit code, fragments of the output).
const CORPUS: &[(&str, &[&str], i32, &[&str])] = &[
    (
        "format-chars.json",
        &["validate"],
        0,
        &[
            "format-chars.json, at workload.name: text contains the invisible format character U+202E (right-to-left override)",
            "at workload.review_owner: text contains the invisible format character U+200B (zero-width space)",
            "at workload.organisation: text contains the invisible format character U+FEFF",
            "at answers[0].notes: text contains the invisible format character U+2066 (a directional isolate)",
            "at answers[0].owner: text contains the invisible format character U+200D (zero-width joiner)",
            "at evidence[0].title: text contains the invisible format character U+2060 (word joiner)",
        ],
    ),
    (
        "format-chars.json",
        &["validate", "--strict"],
        1,
        &["at workload.name: text contains the invisible format character U+202E"],
    ),
    (
        "wa-format-chars.json",
        &["validate"],
        0,
        &[
            "wa-format-chars.json, at Workload.WorkloadName: WorkloadName contains the invisible format character U+202E",
            "at Workload.ReviewOwner: ReviewOwner contains the invisible format character U+200B",
        ],
    ),
    (
        "wa-control-char-name.json",
        &["validate"],
        1,
        &["at Workload.WorkloadName: text contains the control character U+001B"],
    ),
    (
        "branding-control-char.toml",
        &["report", "examples/northwind/review.json", "--config"],
        1,
        &[
            "branding-control-char.toml, at report.title: `report.title` contains the control character U+001B",
        ],
    ),
    (
        "branding-bidi.toml",
        &["report", "examples/northwind/review.json", "--config"],
        1,
        &[
            "at report.organisation: `report.organisation` contains the invisible format character U+202E",
        ],
    ),
];

#[test]
fn hardening_corpus() {
    for (file, command, exit, fragments) in CORPUS {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        let p = format!("tests/corpus/hardening/{file}");
        let mut args: Vec<&str> = command.to_vec();
        args.push(&p);
        if args[0] == "report" {
            args.extend(["--out", path_str(&out), "--format", "md"]);
        }
        args.extend(["--date", DATE]);
        let o = wafr_within_deadline(&args);
        check_run(&format!("{file} {command:?}"), &o, *exit, fragments);
        // Never raw on the terminal.
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !all.contains(['\u{1b}', '\u{7}', '\u{202E}', '\u{200B}']),
            "{file}: raw character printed:\n{all}"
        );
        if *exit != 0 && args[0] == "report" {
            assert!(
                !out.exists(),
                "{file}: a refused run wrote {:?}",
                tree(&out)
            );
        }
    }
    for e in std::fs::read_dir(path("tests/corpus/hardening")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            CORPUS.iter().any(|c| c.0 == name),
            "tests/corpus/hardening/{name} has no expectation in hardening.rs"
        );
    }
}

#[test]
fn the_csv_exports_show_invisible_format_characters() {
    let t = tempfile::tempdir().unwrap();
    let review = "tests/corpus/hardening/format-chars.json";
    let out = t.path().join("out");
    let o = wafr_within_deadline(&[
        "report",
        review,
        "--out",
        path_str(&out),
        "--date",
        DATE,
        "--format",
        "csv",
    ]);
    check_run("report csv", &o, 0, &[]);
    let mut csvs = vec![std::fs::read_to_string(out.join("control-matrix.csv")).unwrap()];
    for (command, format) in [
        ("backlog", "csv"),
        ("backlog", "github-csv"),
        ("evidence-requests", "csv"),
    ] {
        let o = wafr_within_deadline(&[command, review, "--date", DATE, "--format", format]);
        check_run(&format!("{command} {format}"), &o, 0, &[]);
        csvs.push(stdout(&o));
    }
    for (i, csv) in csvs.iter().enumerate() {
        assert!(
            !csv.chars().any(wafr::textfmt::is_invisible_format),
            "export {i} holds a raw format character:\n{csv}"
        );
    }
    let all = csvs.concat();
    for shown in ["card-<U+202E>ipa-stnemyap", "Platform<U+200D>team"] {
        assert!(all.contains(shown), "{shown} in none of the exports");
    }
}

// 9. Branding flags and the terminal.

#[test]
fn branding_flags_with_control_characters_are_refused_by_name() {
    for (flag, value, shown) in [
        ("--classification", "SECRET\u{1b}[8m", "U+001B"),
        ("--organisation", "North\u{202E}wind", "U+202E"),
        ("--report-version", "1.0\n2.0", "U+000A"),
    ] {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        let o = report_into(&out, &[flag, value]);
        check_run(
            flag,
            &o,
            2,
            &[
                &format!("{flag} contains the"),
                &format!("character {shown}"),
            ],
        );
        assert!(!out.exists());
    }
}

#[cfg(unix)]
#[test]
fn file_names_from_a_folder_reach_the_terminal_escaped() {
    let t = tempfile::tempdir().unwrap();
    let pf = t.path().join("pf");
    example_in(&pf, "a.json");
    std::fs::write(pf.join("notes\u{1b}[2J\u{1b}]0;x\u{7}.txt"), "x").unwrap();
    let out = t.path().join("out");
    let o = wafr_within_deadline(&[
        "portfolio",
        path_str(&pf),
        "--out",
        path_str(&out),
        "--date",
        DATE,
    ]);
    check_run(
        "escape in a file name",
        &o,
        0,
        &["notes<U+001B>[2J<U+001B>]0;x<U+0007>.txt: not a review file"],
    );
    assert!(!stderr(&o).contains('\u{1b}'));
}

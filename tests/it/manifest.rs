//! manifest.json and `wafr verify`: a report folder says what it was made from and lets an
//! auditor check later that its files are the ones wafr wrote.

use std::path::Path;

use serde_json::Value;
use wafr::fsutil::sha256_hex;

use crate::common::*;

fn report_into(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "report",
        "examples/northwind/review.json",
        "--out",
        out.to_str().unwrap(),
        "--date",
        DATE,
        "--period",
        PERIOD,
    ];
    args.extend_from_slice(extra);
    let o = wafr(args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn verify(dir: &Path) -> std::process::Output {
    wafr(["verify", dir.to_str().unwrap()])
}

#[test]
fn a_report_folder_lists_its_inputs_mappings_templates_and_outputs_with_their_hashes() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    report_into(
        &out,
        &["--baseline", "examples/northwind/baseline-2026-04.json"],
    );
    let m = manifest(&out);
    assert_eq!(m["schema"], "wafr/manifest/1");
    assert_eq!(m["kind"], "report");
    assert_eq!(m["report_date"], DATE);
    assert_eq!(m["period"], "2026-01-01..2026-12-31");
    assert_eq!(m["subject"], "card-payments-api");
    assert_eq!(
        m["tool"],
        format!("wafr {}", env!("CARGO_PKG_VERSION")).as_str()
    );

    // Inputs and baseline, hashed as read.
    let input = &m["inputs"][0];
    assert_eq!(input["path"], "examples/northwind/review.json");
    assert_eq!(
        input["sha256"],
        sha256_hex(&std::fs::read(path("examples/northwind/review.json")).unwrap()).as_str()
    );
    assert_eq!(
        m["baseline"][0]["sha256"],
        sha256_hex(&std::fs::read(path("examples/northwind/baseline-2026-04.json")).unwrap())
            .as_str()
    );

    // The same mapping data as the assessment, and the built-in templates.
    let a: Value =
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(m["mappings"]["version"], a["mapping"]["version"]);
    assert_eq!(m["mappings"]["files"], a["mapping"]["files"]);
    let templates = m["templates"].as_array().unwrap();
    assert!(templates.iter().any(|t| t["path"] == "pdf/report.typ"));
    assert!(templates.iter().all(|t| t["origin"] == "<builtin>"));

    // Every output with the SHA-256 and size of the file as written; the manifest itself is
    // not listed, and nothing else is in the folder.
    let outputs = m["outputs"].as_array().unwrap();
    let mut listed: Vec<&str> = outputs
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = wafr::render::Format::ALL
        .iter()
        .map(|f| f.file_name())
        .collect();
    expected.sort();
    listed.sort();
    assert_eq!(listed, expected);
    for o in outputs {
        let bytes = std::fs::read(out.join(o["file"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"], sha256_hex(&bytes).as_str(), "{}", o["file"]);
        assert_eq!(o["bytes"], bytes.len() as u64);
    }
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), expected.len() + 1);
}

#[test]
fn verify_passes_on_a_fresh_folder_and_names_changed_missing_and_extra_files() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    report_into(&out, &[]);
    let o = verify(&out);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("report of card-payments-api (2026-11-29)"));
    assert!(stdout(&o).contains("ok       assessment.json"));
    assert!(stdout(&o).contains("every output matches its SHA-256 in manifest.json"));

    // One byte more in the summary, the workbook gone, a file added.
    let md = out.join("summary.md");
    let mut text = std::fs::read(&md).unwrap();
    text.push(b' ');
    std::fs::write(&md, text).unwrap();
    std::fs::remove_file(out.join("control-matrix.xlsx")).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = verify(&out);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("CHANGED  summary.md"), "{s}");
    assert!(s.contains("MISSING  control-matrix.xlsx"), "{s}");
    assert!(s.contains("ok       assessment.json"), "{s}");
    assert!(s.contains("note: notes.txt is not in the manifest"), "{s}");
    assert!(
        stderr(&o).contains("error: 2 of 6 outputs differ from manifest.json")
            || stderr(&o).contains("error: 2 of 5 outputs differ from manifest.json"),
        "{}",
        stderr(&o)
    );

    // A new run rewrites the manifest with the rest.
    report_into(&out, &[]);
    assert_eq!(code(&verify(&out)), 0);
}

#[test]
fn a_manifest_cannot_send_verify_outside_its_folder() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    report_into(&out, &[]);
    std::fs::write(t.path().join("secret.txt"), "x").unwrap();
    let mut m = manifest(&out);
    m["outputs"][0]["file"] = Value::String("../secret.txt".into());
    std::fs::write(out.join("manifest.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    let o = verify(&out);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("output `../secret.txt` is not a path inside the folder"),
        "{}",
        stderr(&o)
    );

    // Not a manifest at all: a located error.
    std::fs::write(out.join("manifest.json"), "{\"schema\": 3}").unwrap();
    let o = verify(&out);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("manifest.json, line 1, column"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_template_override_and_a_portfolio_are_in_their_manifests() {
    let t = tempfile::tempdir().unwrap();
    // A user template for the Markdown summary.
    let tpl = t.path().join("tpl");
    std::fs::create_dir_all(tpl.join("text")).unwrap();
    std::fs::write(
        tpl.join("text/summary.md.tera"),
        "# {{ assessment.workload.name }}\n",
    )
    .unwrap();
    let out = t.path().join("out");
    report_into(
        &out,
        &["--format", "md", "--templates", tpl.to_str().unwrap()],
    );
    let m = manifest(&out);
    let summary = m["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["path"] == "text/summary.md.tera")
        .unwrap()
        .clone();
    assert_ne!(summary["origin"], "<builtin>");
    assert_eq!(
        summary["sha256"],
        sha256_hex(b"# {{ assessment.workload.name }}\n").as_str()
    );
    assert_eq!(m["outputs"].as_array().unwrap().len(), 1);
    assert_eq!(code(&verify(&out)), 0);

    // A portfolio of the example and its WA Tool export: both inputs hashed, its three files listed.
    let p = t.path().join("portfolio");
    let o = wafr([
        "portfolio",
        "examples/northwind/review.json",
        "examples/northwind/wa-tool-export.json",
        "--out",
        p.to_str().unwrap(),
        "--date",
        DATE,
        "--quiet",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let m = manifest(&p);
    assert_eq!(m["kind"], "portfolio");
    assert_eq!(m["subject"], "2 workload(s)");
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 2, "{inputs:?}");
    let files: Vec<&str> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"portfolio.json") && files.contains(&"portfolio.xlsx"));
    assert_eq!(code(&verify(&p)), 0);
}

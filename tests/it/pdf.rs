//! Issue 4: the executive PDF report. Every test reads the PDF back (pdftotext, poppler-utils):
//! a missing pdftotext is a failure, not a skip (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::*;

/// Text of a PDF: in content-stream order (`-raw`: the order typst laid it out, cell by
/// cell), or with `layout` as on the page (table rows on one line).
fn pdftotext(pdf: &Path, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg(if layout { "-layout" } else { "-raw" });
    let out = cmd.arg(pdf).arg("-").output().unwrap_or_else(|e| {
        panic!("pdftotext is required by the PDF tests (apt-get install poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "pdftotext failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text with every run of whitespace made one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without any whitespace (line breaks may fall anywhere inside long tokens).
fn dense(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Runs `wafr report` on the example with extra arguments; returns the output folder.
fn report(extra: &[&str]) -> tempfile::TempDir {
    report_inputs(&["examples/northwind/review.json"], extra)
}

fn report_inputs(inputs: &[&str], extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["report".into()];
    args.extend(inputs.iter().map(|s| s.to_string()));
    args.extend(
        [
            "--out",
            out.path().to_str().unwrap(),
            "--date",
            DATE,
            "--period",
            PERIOD,
        ]
        .map(String::from),
    );
    args.extend(extra.iter().map(|s| s.to_string()));
    let o = wafr(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    out
}

/// The example rendered once per test process (most tests only read it).
fn example_pdf() -> &'static (Vec<u8>, String, String) {
    static PDF: std::sync::OnceLock<(Vec<u8>, String, String)> = std::sync::OnceLock::new();
    PDF.get_or_init(|| {
        let out = report(&[]);
        let p = out.path().join("report.pdf");
        let bytes = std::fs::read(&p).unwrap();
        let text = pdftotext(&p, false);
        let layout = pdftotext(&p, true);
        (bytes, text, layout)
    })
}

#[test]
fn readme_command_writes_report_pdf_next_to_the_json() {
    let out = report(&[]);
    let pdf = std::fs::read(out.path().join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"), "not a PDF 1.7 file");
    assert!(out.path().join("assessment.json").exists());
}

#[test]
fn sections_appear_in_the_briefed_order() {
    let (_, text, _) = example_pdf();
    let text = flat(text);
    // Each heading appears in the contents first; its last occurrence is the section itself.
    let sections = [
        "1. Coverage of the review",
        "2. Bottom line",
        "3. Top risks",
        "4. Risk by focus area",
        "5. Certification readiness",
        "6. Improvement plan",
        "7. Accepted risks and freshness",
        "8. Method and legend",
        "Review and approval",
        "Appendix A. Findings per question",
        "Appendix B. GDPR: status of every article",
        "Appendix C. ISO 27001: status of every control",
        "Appendix D. SOC 2: status of every criterion",
    ];
    let mut last = 0;
    for s in sections {
        let at = text
            .rfind(s)
            .unwrap_or_else(|| panic!("section {s:?} is missing"));
        assert!(at > last, "section {s:?} is out of order");
        last = at;
    }
    assert!(
        text.starts_with("CONFIDENTIAL"),
        "cover starts with the label"
    );
}

#[test]
fn cover_names_organisation_workload_scope_dates_and_version() {
    let (_, text, _) = example_pdf();
    let cover = flat(text.split('\x0c').next().unwrap());
    for want in [
        "CONFIDENTIAL",
        "NORTHWIND PAYMENTS LTD (FICTIONAL)",
        "Security Pillar review and certification readiness",
        "card-payments-api",
        "Production card-payments API (the cardholder-data environment)",
        "Review date 15 October 2026",
        "Report date 29 November 2026",
        "Report version 1.0",
        "Audit period 1 January 2026 – 31 December 2026",
        "Prepared by Maria Lopez, Head of Platform",
        "lens 2024-06-27",
    ] {
        assert!(cover.contains(want), "cover lacks {want:?}:\n{cover}");
    }
}

#[test]
fn bottom_line_states_posture_counts_and_readiness_with_raw_counts() {
    let (_, text, layout) = example_pdf();
    let text = flat(text);
    for want in [
        "10 of 11 questions answered",
        "55 of 63 best practices answered",
        "Not yet ready: 4 high-risk issues in 3 of 11 questions must be fixed in the architecture; evidence cannot close them. 1 of 11 questions is still unanswered.",
        "4 High Risk Issues (HRIs) in 3 questions",
        "9 Medium Risk Issues (MRIs) in 5 questions",
        "1 question unanswered (8 practices)",
        "1 practice not applicable (0 questions)",
        "Not answered, and so not assessed: SEC11",
        // Readiness with its formula and raw counts, per framework.
        "ISO 27001 readiness = evidenced controls ÷ assessed controls = 10 ÷ 45 = 22.2%; assessed = all 123 controls − 1 not applicable − 66 outside review scope − 11 inherited from AWS",
        "SOC 2 readiness = evidenced criteria ÷ assessed criteria = 1 ÷ 21 = 4.8%",
        "GDPR readiness = evidenced articles ÷ assessed articles = 0 ÷ 3 = 0.0%",
        "16 at architectural risk (change the workload)",
        "12 evidence gaps (collect evidence)",
        "10 evidenced of 45 assessed",
    ] {
        assert!(text.contains(want), "missing {want:?}");
    }
    // The at-a-glance table: one row per framework with readiness, raw counts, risk, gaps.
    let row = |fw: &str| {
        layout
            .lines()
            .find(|l| l.trim_start().starts_with(fw) && l.contains('÷'))
            .unwrap_or_else(|| panic!("no readiness row for {fw}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(dense(&row("ISO 27001")).contains("22.2%10÷45161248.9%(22÷45)"));
    assert!(dense(&row("SOC 2")).contains("4.8%1÷2111528.6%(6÷21)"));
    assert!(dense(&row("GDPR")).contains("0.0%0÷3300.0%(0÷3)"));
    // Outside review scope per framework, in the coverage statement.
    let scope = layout
        .lines()
        .find(|l| l.contains("ISO 27001 (controls)"))
        .unwrap();
    assert_eq!(
        flat(scope),
        "ISO 27001 (controls) 123 66 1 11 45",
        "coverage row"
    );
}

#[test]
fn top_risks_are_the_plans_hris_with_owner_effort_and_target() {
    let (_, text, _) = example_pdf();
    let text = flat(text);
    let top =
        &text[text.rfind("3. Top risks").unwrap()..text.rfind("4. Risk by focus area").unwrap()];
    let order = [
        "1. Use strong sign-in mechanisms",
        "2. Define scalable data lifecycle management",
        "3. Identify threats and prioritize mitigations using a threat model",
        "4. Audit and rotate credentials periodically",
    ];
    let mut last = 0;
    for t in order {
        let at = top.find(t).unwrap_or_else(|| panic!("top risk {t:?}"));
        assert!(at >= last, "{t:?} out of order");
        last = at;
    }
    assert!(top.contains("Owner: Identity team Effort: Low Target: 15 December 2026 (0-30 days)"));
    assert!(top.contains(
        "What the review found: IAM Identity Center enforces MFA for the workforce, but three legacy IAM users"
    ));
    assert!(top.contains("GDPR: Art.32; ISO 27001: A.5.17, A.8.5; SOC 2: CC6.1, CC6.6"));
    assert!(
        top.contains("After: SEC02-BP01"),
        "dependency of SEC02-BP05"
    );
    assert!(!top.contains("MRI ·"), "only HRIs are top risks");
}

#[test]
fn roadmap_lists_every_open_item_by_horizon_hris_first() {
    let (_, text, layout) = example_pdf();
    let text = flat(text);
    assert!(text.contains("12 open items (4 HRIs, 8 MRIs) as a 30/60/90-day roadmap"));
    for h in [
        "1 0-30 days: 1 HRI, 0 MRI",
        "3 31-60 days: 1 HRI, 2 MRI",
        "6 61-90 days: 1 HRI, 5 MRI",
        "2 After 90 days: 1 HRI, 1 MRI",
    ] {
        assert!(text.contains(h), "horizon {h:?}");
    }
    // Every plan item has a row with its owner; the waived SEC10-BP07 has none.
    let a = example_assessment();
    for p in &a.plan {
        let row = layout
            .lines()
            .find(|l| {
                let mut w = l.split_whitespace();
                w.next() == Some(p.rank.to_string().as_str())
                    && matches!(w.next(), Some("HRI" | "MRI"))
                    && l.contains(&p.bp)
            })
            .unwrap_or_else(|| panic!("no roadmap row for {}", p.bp));
        assert!(
            row.contains(p.owner.as_deref().unwrap().split(' ').next().unwrap()),
            "owner of {} in {row:?}",
            p.bp
        );
    }
    let plan =
        &text[text.rfind("6. Improvement plan").unwrap()..text.rfind("7. Accepted risks").unwrap()];
    assert!(
        !plan.contains("SEC10-BP07"),
        "a waived practice leaves the plan"
    );
    // Within 61-90 days the HRI (rank 3) comes before the MRIs (ranks 5, 7…).
    let h90 = &plan[plan
        .find("61-90 days #")
        .unwrap_or_else(|| plan.rfind("61-90 days").unwrap())..];
    assert!(h90.find("SEC01-BP07").unwrap() < h90.find("SEC03-BP04").unwrap());
}

#[test]
fn statuses_are_printed_per_control_and_per_practice() {
    let (_, raw, layout) = example_pdf();
    let text = flat(raw);
    // A control row, in layout order: id, title, status, driving practices, why.
    let row = |id: &str, title_start: &str| {
        let at = text
            .find(&format!("{id} {title_start}"))
            .unwrap_or_else(|| panic!("no row for {id}"));
        text[at..].chars().take(160).collect::<String>()
    };
    let a85 = row("A.8.5", "Secure authentication");
    assert!(a85.contains("Architectural risk (High)"), "{a85}");
    assert!(dense(&a85).contains("SEC02-BP01,BP02"), "{a85}");
    assert!(a85.contains("Not implemented: SEC02-BP01 (High)"), "{a85}");
    assert!(row("A.8.15", "Logging").contains("Evidenced"));
    assert!(row("A.8.22", "Segregation").contains("Evidence stale"));
    assert!(row("CC7.4", "Security incident response").contains("Accepted risk"));
    assert!(row("CC6.4", "Restriction of physical access").contains("Inherited (AWS)"));
    assert!(row("A.5.19", "Information security in supplier").contains("Not applicable"));
    assert!(
        row("Art.33", "Notification of a personal data breach").contains("Outside review scope")
    );
    // Practices, with the finding and the reviewer's notes verbatim.
    assert!(text.contains("SEC02-BP01 Use strong sign-in mechanisms High Not implemented (HRI)"));
    assert!(
        text.contains(
            "SEC03-BP09 Share resources securely with a third party Medium Not applicable"
        )
    );
    assert!(
        text.contains(
            "Break-glass roles exist, but the procedure is neither documented nor tested."
        )
    );
    assert!(text.contains("Reviewed with the identity team on 2026-10-14."));
    // Every control of every framework is listed: 33 + 123 + 61 rows.
    let a = example_assessment();
    for f in &a.frameworks {
        for c in &f.controls {
            assert!(
                layout
                    .lines()
                    .any(|l| l.split_whitespace().next() == Some(c.id.split(' ').next().unwrap())),
                "{}:{} missing from the appendix",
                f.id,
                c.id
            );
        }
    }
}

#[test]
fn accepted_risks_freshness_method_and_sign_off() {
    let (_, text, layout) = example_pdf();
    let text = flat(text);
    assert!(text.contains("1 accepted risk in force on 29 November 2026; 1 not in force"));
    let ar1 = flat(layout.lines().find(|l| l.contains("AR-001")).unwrap());
    assert!(
        ar1.contains("SEC10-BP07") && ar1.ends_with("In force"),
        "{ar1}"
    );
    let ar2 = flat(layout.lines().find(|l| l.contains("AR-002")).unwrap());
    assert!(ar2.ends_with("Expired"), "{ar2}");
    assert!(text.contains("Accepted risk `AR-002` expired on 2026-09-30"));
    assert!(text.contains("Evidence `EV-012` expires on 2026-12-15 inside the audit period"));
    // Method: mapping data version, input hash, formula, disclaimer, sign-off.
    let a = example_assessment();
    assert!(text.contains(&format!("Mapping data version: {}", a.mapping.version)));
    assert!(dense(&text).contains(&a.sources[0].sha256));
    assert!(text.contains("readiness = evidenced ÷ assessed"));
    assert!(text.contains("This report states readiness, not certification or compliance."));
    assert!(text.contains(
        "The practice-to-control mappings are wafr's own judgement, not an official crosswalk"
    ));
    for role in [
        "Prepared by Maria Lopez, Head of Platform",
        "Reviewed by",
        "Approved by",
    ] {
        assert!(text.contains(role), "sign-off {role:?}");
    }
    assert!(text.contains("Role Name Signature Date"));
}

#[test]
fn same_inputs_and_date_give_identical_bytes() {
    // Two processes.
    let a = report(&["--format", "pdf"]);
    let b = report(&["--format", "pdf"]);
    let pa = std::fs::read(a.path().join("report.pdf")).unwrap();
    let pb = std::fs::read(b.path().join("report.pdf")).unwrap();
    assert!(pa == pb, "two runs gave different PDFs");
    // One process, twice (memoisation caches are evicted between renders).
    let assessment = example_assessment();
    let opts = wafr::render::RenderOptions::default();
    let one = wafr::render::pdf::render(&assessment, &opts).unwrap();
    let two = wafr::render::pdf::render(&assessment, &opts).unwrap();
    assert!(one == two, "two renders in one process differ");
    // The report date is the document date; no clock is read.
    let info = String::from_utf8_lossy(&pa);
    assert!(
        info.contains("D:20261129000000"),
        "creation date is the report date"
    );
}

#[test]
fn pdf_a_2b_has_its_xmp_identification() {
    let out = report(&["--format", "pdf", "--pdf-standard", "a-2b"]);
    let bytes = std::fs::read(out.path().join("report.pdf")).unwrap();
    let s = String::from_utf8_lossy(&bytes);
    assert!(
        s.contains("<pdfaid:part>2</pdfaid:part>") || s.contains("pdfaid:part=\"2\""),
        "no PDF/A part 2 in the XMP metadata"
    );
    assert!(
        s.contains("<pdfaid:conformance>B</pdfaid:conformance>")
            || s.contains("pdfaid:conformance=\"B\""),
        "no conformance B in the XMP metadata"
    );
    assert!(s.contains("/OutputIntents"), "PDF/A needs an output intent");
    // Deterministic too.
    let again = report(&["--format", "pdf", "--pdf-standard", "a-2b"]);
    assert!(bytes == std::fs::read(again.path().join("report.pdf")).unwrap());
    // An unknown standard is a usage error.
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "--pdf-standard",
        "a-9z",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--pdf-standard \"a-9z\" is not one of: 1.7, a-2b, a-3b"));
}

/// Text that would be markup, code, math, labels or file access if it were spliced into the
/// template source.
const PROBES: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "#panic(\"pwned\")",
    "*bold* _emph_ `raw` $x^2$",
    "<label> @ref = heading",
    "- / + 1. at line start",
    "// comment /* block */",
    "back\\slash ] [ #{ let x = 1 } #set text(red) #show: none",
    "=1+1 @SUM(A1) +cmd -2",
];

#[test]
fn review_text_prints_verbatim_and_never_runs() {
    let mut review: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    review["workload"]["name"] = Value::from("#panic(\"name\") *api*");
    review["workload"]["scope"] = Value::from(PROBES.join(" | "));
    for (i, p) in PROBES.iter().enumerate() {
        review["answers"][i]["notes"] = Value::from(*p);
    }
    // A probe in a plan item (top risk) and a question note too.
    review["answers"][6]["notes"] = Value::from("$ #read(\"/etc/hostname\") $ [x]");
    review["questions"][0]["notes"] = Value::from("#include \"/data.json\" \\ <end>");
    let (_d, input) = temp_file("review.json", review.to_string().as_bytes());
    let out = report_inputs(&[input.to_str().unwrap()], &["--format", "pdf"]);
    let text = pdftotext(&out.path().join("report.pdf"), false);
    let d = dense(&text);
    for p in PROBES.iter().copied().chain([
        "#panic(\"name\") *api*",
        "$ #read(\"/etc/hostname\") $ [x]",
        "#include \"/data.json\" \\ <end>",
    ]) {
        assert!(d.contains(&dense(p)), "probe {p:?} is not printed verbatim");
    }
    // Had any probe run, the render would have failed (panic) or shown a file's content.
    assert!(!text.contains("root:x:0"), "a file was read");
}

#[test]
fn a_user_template_replaces_one_file_and_keeps_the_others() {
    let out = report(&[
        "--format",
        "pdf",
        "--templates",
        "tests/fixtures/templates/custom",
    ]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    assert!(
        text.contains("MARKER-CUSTOM-TEMPLATE for card-payments-api: 4 HRIs, 9 MRIs."),
        "{text}"
    );
    // Its import of the built-in charts.typ worked: the bars carry their counts.
    assert!(text.contains("ISO 27001 readiness 22.2%"));
    assert!(
        !text.contains("Appendix A"),
        "the built-in report.typ was replaced"
    );
}

#[test]
fn a_broken_template_names_file_line_and_column() {
    let out = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--out",
        out.path().to_str().unwrap(),
        "--date",
        DATE,
        "--templates",
        "tests/fixtures/templates/broken",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(
        "tests/fixtures/templates/broken/pdf/report.typ:5:33: error: unknown variable: undefined-variable"
    ), "{err}");
    assert!(
        err.contains("hint: if you meant to use subtraction"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Nothing is written when a renderer fails: not even the JSON.
    assert!(!out.path().join("assessment.json").exists());
    assert!(!out.path().join("report.pdf").exists());
}

/// A template folder holding one `pdf/report.typ`.
fn template(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pdf")).unwrap();
    std::fs::write(dir.path().join("pdf/report.typ"), text).unwrap();
    dir
}

fn render_with(dir: &Path) -> Result<Vec<u8>, String> {
    let opts = wafr::render::RenderOptions {
        templates: wafr::render::TemplateSet::load(Some(dir)).unwrap(),
        ..Default::default()
    };
    wafr::render::pdf::render(&example_assessment(), &opts).map_err(|e| {
        assert_eq!(e.exit_code(), 1, "template problems exit with 1: {e}");
        e.to_string()
    })
}

#[test]
fn templates_cannot_read_the_disk_or_fetch_packages() {
    let cases = [
        (
            "#read(\"/etc/passwd\")",
            "file not found (searched at /etc/passwd)",
        ),
        (
            "#read(\"../../etc/passwd\")",
            "would escape the project root",
        ),
        (
            "#image(\"/etc/hostname\")",
            "file not found (searched at /etc/hostname)",
        ),
        (
            "#import \"@preview/cetz:0.3.0\": *",
            "package not found (searched for @preview/cetz:0.3.0)",
        ),
        (
            "#image(\"/assets/logo\")",
            "file not found (searched at /assets/logo)",
        ),
    ];
    for (src, want) in cases {
        let dir = template(src);
        let err = render_with(dir.path()).expect_err(src);
        assert!(err.contains(want), "{src}: {err}");
        assert!(err.contains("pdf/report.typ:1:"), "{src}: {err}");
        assert!(!err.contains("--root"), "typst CLI advice leaked: {err}");
    }
    // The clock is the report date; the data file is there.
    let dir = template("#datetime.today().display() #json(\"/data.json\").schema");
    let pdf = render_with(dir.path()).unwrap();
    let (_d, p) = temp_file("t.pdf", &pdf);
    assert_eq!(flat(&pdftotext(&p, false)), "2026-11-29 wafr/pdf-view/2");
}

#[test]
fn the_builtin_template_compiles_without_warnings() {
    let c = wafr::render::pdf::compile(&example_assessment(), &Default::default()).unwrap();
    assert!(c.warnings.is_empty(), "{:#?}", c.warnings);
    assert!(c.pages >= 15, "{} pages", c.pages);
}

#[test]
fn emit_typst_writes_the_sources_and_their_data() {
    let emit = tempfile::tempdir().unwrap();
    let out = report(&[
        "--format",
        "pdf",
        "--emit-typst",
        emit.path().to_str().unwrap(),
    ]);
    assert!(out.path().join("report.pdf").exists());
    for f in ["pdf/report.typ", "pdf/theme.typ", "pdf/charts.typ"] {
        assert_eq!(
            std::fs::read_to_string(emit.path().join(f)).unwrap(),
            read(format!("report-templates/{f}")),
            "{f}"
        );
    }
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(emit.path().join("data.json")).unwrap())
            .unwrap();
    assert_eq!(data["schema"], "wafr/pdf-view/2");
    assert_eq!(data["summary"]["hri"], 4);
    assert_eq!(data["summary"]["mri"], 9);
    assert_eq!(data["frameworks"][1]["readiness_text"], "22.2%");
    assert!(data["changes"].is_null());
    assert!(!emit.path().join("assets/logo").exists());

    // Written even when the template fails, so it can be debugged with the typst CLI.
    let emit = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "--out",
        emit.path().join("out").to_str().unwrap(),
        "--templates",
        "tests/fixtures/templates/broken",
        "--emit-typst",
        emit.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(emit.path().join("data.json").exists());
    assert_eq!(
        std::fs::read_to_string(emit.path().join("pdf/report.typ")).unwrap(),
        read("tests/fixtures/templates/broken/pdf/report.typ")
    );
}

/// A 2×1 PNG (red, blue).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8,
    0xdd, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0x00, 0x04,
    0xff, 0x01, 0x07, 0x00, 0x01, 0xff, 0x3d, 0x7d, 0x8c, 0x49, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn logo_and_branding_reach_the_cover() {
    let (_d, logo) = temp_file("logo.png", PNG);
    let (_c, config) = temp_file(
        "wafr.toml",
        b"[report]\nreviewed_by = \"Sam Reviewer, GRC\"\napproved_by = \"Dana Whitfield, CISO\"\nprepared_by = \"Alex Preparer\"\n",
    );
    let emit = tempfile::tempdir().unwrap();
    let out = report(&[
        "--format",
        "pdf",
        "--logo",
        logo.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--classification",
        "INTERNAL – BOARD ONLY",
        "--organisation",
        "Acme <Holdings> #1",
        "--report-version",
        "2.1-draft",
        "--emit-typst",
        emit.path().to_str().unwrap(),
    ]);
    let pdf = out.path().join("report.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        String::from_utf8_lossy(&bytes).contains("/Subtype /Image")
            || String::from_utf8_lossy(&bytes).contains("/Subtype/Image"),
        "the logo is embedded"
    );
    assert_eq!(std::fs::read(emit.path().join("assets/logo")).unwrap(), PNG);
    let text = flat(&pdftotext(&pdf, false));
    for want in [
        "INTERNAL – BOARD ONLY",
        "ACME <HOLDINGS> #1",
        "Report version 2.1-draft",
        "Prepared by Alex Preparer",
        "Prepared by Alex Preparer",
        "Reviewed by Sam Reviewer, GRC",
        "Approved by Dana Whitfield, CISO",
    ] {
        assert!(text.contains(want), "{want:?}");
    }
}

#[test]
fn thin_reviews_render_too() {
    // Nothing answered: no plan, no accepted risks, no percentages stated.
    let (_d, empty) = temp_file(
        "empty.json",
        br#"{"schema": "wafr/review/1", "workload": {"name": "empty"}}"#,
    );
    let out = report_inputs(&[empty.to_str().unwrap()], &["--format", "pdf"]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    assert!(text.contains("Nothing was assessed"), "{text}");
    assert!(text.contains("The review found no High Risk Issue left open."));
    assert!(text.contains("No High or Medium Risk Issue is open: there is nothing to plan."));
    assert!(text.contains("The review records no accepted risk."));
    assert!(text.contains("The review states no scope."));
    // A user-added framework gets its own bar and appendix.
    let out = report(&[
        "--format",
        "pdf",
        "--mappings",
        "tests/fixtures/mappings/nist-csf",
    ]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    assert!(text.contains("NIST CSF"), "user framework missing");
}

#[test]
fn json_and_pdf_come_from_the_same_assessment() {
    let out = report(&[]);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("assessment.json")).unwrap())
            .unwrap();
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    for f in json["frameworks"].as_array().unwrap() {
        assert!(
            text.contains(f["readiness"]["formula"].as_str().unwrap()),
            "{}",
            f["id"]
        );
    }
}

/// Every word's box (pdftotext -bbox) as (xMin, xMax, word).
fn word_boxes(pdf: &Path) -> Vec<(f64, f64, String)> {
    let out = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |l: &str, name: &str| -> f64 {
        let at = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        l[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let word = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            (attr(l, "xMin"), attr(l, "xMax"), word.to_owned())
        })
        .collect()
}

#[test]
fn long_tokens_never_leave_the_text_area() {
    let mut review: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    let long = "AVeryLongOwnerNameWithoutAnySpaceThatWouldOverflowItsTableColumn";
    review["answers"][0]["owner"] = Value::from(long);
    review["answers"][6]["owner"] = Value::from(long);
    review["answers"][1]["notes"] =
        Value::from(format!("see https://example.com/{} now", "x".repeat(150)));
    review["workload"]["scope"] = Value::from("y".repeat(200));
    let (_d, input) = temp_file("review.json", review.to_string().as_bytes());
    let out = report_inputs(&[input.to_str().unwrap()], &["--format", "pdf"]);
    let example = report(&["--format", "pdf"]);
    // A4 with 2.1 cm side margins: text lies between 59.5 and 535.8 pt.
    for pdf in [
        out.path().join("report.pdf"),
        example.path().join("report.pdf"),
    ] {
        let words = word_boxes(&pdf);
        assert!(words.len() > 3000, "{} words", words.len());
        for (x0, x1, w) in &words {
            assert!(
                *x0 >= 59.0 && *x1 <= 536.5,
                "{w:?} runs out of the text area ({x0}..{x1})"
            );
        }
    }
    // The long token is still all there, with invisible break points only.
    let text = pdftotext(&out.path().join("report.pdf"), false).replace('\u{200b}', "");
    assert!(dense(&text).contains(long));
}

#[test]
fn freshness_warnings_reach_the_report() {
    let mut review: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    review["workload"]["review_date"] = Value::from("2025-06-01");
    review["workload"]["lens_version"] = Value::from("2023-10-03");
    let (_d, input) = temp_file("review.json", review.to_string().as_bytes());
    let out = report_inputs(&[input.to_str().unwrap()], &["--format", "pdf"]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    let fresh =
        &text[text.rfind("7.2. Freshness").unwrap()..text.rfind("8. Method and legend").unwrap()];
    for want in [
        "The review is dated 2025-06-01, 546 days before the report date",
        "The review used lens version 2023-10-03; the current version is 2024-06-27",
        "Accepted risk `AR-002` expired on 2026-09-30",
    ] {
        assert!(fresh.contains(want), "{want:?} not in {fresh}");
    }
    assert!(
        text.contains("the review itself used version 2023-10-03, which is not the current one")
    );
}

/// Issue 13: the PDF kept its own list of freshness codes, shorter than the terminal's, so an
/// undated review was a "note on the input". One list now: it is under "Freshness".
#[test]
fn an_undated_review_is_a_freshness_warning_in_the_pdf_too() {
    let mut review: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    review["workload"]
        .as_object_mut()
        .unwrap()
        .remove("review_date");
    let (_d, input) = temp_file("review.json", review.to_string().as_bytes());
    let out = report_inputs(&[input.to_str().unwrap()], &["--format", "pdf"]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    let fresh =
        &text[text.rfind("7.2. Freshness").unwrap()..text.rfind("8. Method and legend").unwrap()];
    assert!(fresh.contains("The review has no date"), "{fresh}");
    let notes = &text[text.rfind("8. Method and legend").unwrap()..];
    assert!(!notes.contains("The review has no date"), "{notes}");
}

#[test]
fn pdf_warnings_are_shown_with_their_place() {
    let dir = template("#set text(font: \"Arial\")\nHello");
    let out = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "--format",
        "pdf",
        "--out",
        out.path().to_str().unwrap(),
        "--templates",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("pdf/report.typ:1:17: warning: unknown font family: arial"),
        "{err}"
    );
    // The built-in template has none.
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "--format",
        "pdf",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(!stderr(&o).contains("warning: template"), "{}", stderr(&o));
}

#[test]
fn changes_since_the_baseline_have_their_section() {
    let out = report(&[
        "--format",
        "pdf",
        "--baseline",
        "examples/northwind/baseline-2026-04.json",
    ]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    // Headline in the bottom line, details in their own section.
    assert!(text.contains("Since the last review Compared with the review of 15 April 2026, milestone \"Q2 2026 review\""), "{text}");
    assert!(
        text.contains("High Risk Issues (HRIs) 5 → 4 (−1, better)"),
        "{text}"
    );
    assert!(text.contains("4 resolved, 2 regressed and 3 new findings"));
    let section = &text[text
        .find("Changes since the last review Compared with")
        .expect("the section")..];
    for expected in [
        "Resolved (4)",
        "SEC01-BP02 Secure account root user and properties HRI Implemented",
        "Regressed (2)",
        "SEC02-BP01 Use strong sign-in mechanisms Implemented HRI",
        "SEC07-BP04 Define scalable data lifecycle management Not applicable HRI",
        "New findings (3)",
        "SEC10-BP07 Run simulations (accepted risk AR-001) Unanswered MRI",
        "Readiness then and now",
        "Controls that got worse",
    ] {
        assert!(
            dense(section).contains(&dense(expected)),
            "missing {expected:?} in:\n{section}"
        );
    }
    // Without a baseline there is no such section.
    assert!(!flat(&example_pdf().1).contains("Changes since the last review"));
}

fn pdffonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("pdffonts is required by the PDF tests (apt-get install poppler-utils): {e}")
        });
    String::from_utf8(out.stdout).unwrap()
}

/// Names and notes in Japanese print with the embedded fallback font (they were boxes before);
/// a character no embedded font has (an emoji) is named in a warning, and refused for PDF/A,
/// which allows no missing glyph, with a message that says which and where.
#[test]
fn text_in_any_script_prints_and_what_no_font_has_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    v["workload"]["name"] = Value::String("カード決済API".into());
    v["answers"][0]["notes"] =
        Value::String("担当者: 山田太郎, MFA 導入済み 🔐 Ωμέγα Привет".into());
    let input = dir.path().join("review.json");
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    let run = |out: &str, extra: &[&str]| {
        let out = dir.path().join(out);
        let mut args = vec![
            "report".to_owned(),
            input.to_str().unwrap().to_owned(),
            "--out".into(),
            out.to_str().unwrap().to_owned(),
            "--date".into(),
            DATE.into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        (wafr(&args), out.join("report.pdf"))
    };

    let (o, pdf) = run("plain", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "warning: no embedded font can print 1 character(s) of the input, so the PDF shows \
             them as boxes: \"🔐\" (U+1F510) (first in \"担当者: 山田太郎, MFA 導入済み 🔐 Ωμέγα Привет\")"
        ),
        "{err}"
    );
    assert!(
        pdffonts(&pdf).contains("DroidSansFallback"),
        "{}",
        pdffonts(&pdf)
    );
    let text = pdftotext(&pdf, false);
    // typst sets a small space between CJK and Latin letters, which pdftotext shows.
    assert!(dense(&text).contains("カード決済API"), "{text}");
    assert!(text.contains("山田太郎"), "{text}");
    // A report without such text does not carry the fallback font.
    let (bytes, _, _) = example_pdf();
    let plain = dir.path().join("example.pdf");
    std::fs::write(&plain, bytes).unwrap();
    assert!(!pdffonts(&plain).contains("DroidSansFallback"));

    // In a portfolio with --each, the warning names the workload whose report it is about.
    let each = dir.path().join("each");
    let o = wafr([
        "portfolio",
        input.to_str().unwrap(),
        "--each",
        "--out",
        each.to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        // The slug keeps ASCII letters only: "カード決済API" is `api`.
        stderr(&o).contains("warning: api/report.pdf: no embedded font can print 1 character(s)"),
        "{}",
        stderr(&o)
    );

    let (o, pdf) = run("pdfa", &["--pdf-standard", "a-2b"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: 1 problem in the PDF (PDF/A-2b)")
            && err.contains(
                "PDF/A allows no character without a glyph, and no embedded font can print 1 \
                 character(s) of the input: \"🔐\" (U+1F510)"
            )
            && err.contains("hint: remove them from the input"),
        "{err}"
    );
    assert!(!pdf.exists());

    // Without the emoji, PDF/A-2b takes the Japanese text.
    v["answers"][0]["notes"] = Value::String("担当者: 山田太郎".into());
    std::fs::write(&input, serde_json::to_vec(&v).unwrap()).unwrap();
    let (o, pdf) = run("pdfa-cjk", &["--pdf-standard", "a-2b"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("no embedded font"), "{}", stderr(&o));
    assert!(pdftotext(&pdf, false).contains("山田太郎"));
}

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
        "1. Summary for the board",
        "2. Top risks and what they could cost",
        "3. Risk by focus area",
        "4. Certification readiness",
        "5. Evidence requests",
        "6. Improvement plan",
        "7. Accepted risks and freshness",
        "8. Coverage of the review",
        "9. Method and legend",
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

/// The text of one page (1-based).
fn page_text(pdf: &Path, page: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-raw"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    flat(&String::from_utf8(out.stdout).unwrap())
}

/// Issue 18: the bottom line was on page 3, after the coverage statement. Page 2 is now the
/// one-page summary: the verdict, the trend or that there is no baseline, the three risks
/// that matter most, the decisions the board must take, and each framework in words, with
/// counts before any percentage.
#[test]
fn page_two_is_the_one_page_summary_for_the_board() {
    let out = report(&["--format", "pdf"]);
    let pdf = out.path().join("report.pdf");
    let page = page_text(&pdf, 2);
    let mut last = 0;
    for want in [
        "1. Summary for the board",
        // The verdict.
        "Not yet ready: 4 high-risk issues in 3 of 11 questions must be fixed in the architecture; evidence cannot close them.",
        // The key figures.
        "4 High Risk Issues",
        "21 evidence requests",
        // No baseline, and how to give one.
        "No trend. There is no baseline",
        "--baseline and the last review: a WA Tool milestone export",
        // The three risks that matter most, in plan order, each with what it could cost.
        "The three risks that matter most",
        "1. Use strong sign-in mechanisms SEC02-BP01",
        "Card data of 40,000 customers could be read with one stolen support-engineer password",
        "Controls at risk: GDPR: Art.32(1)(b); ISO 27001: A.5.17, A.8.5; SOC 2: CC6.1, CC6.6",
        "2. Define scalable data lifecycle management SEC07-BP04",
        "late: due in 91 days; P1 asks for 30",
        "3. Identify threats and prioritize mitigations using a threat model SEC01-BP07",
        // The decisions: the expired waiver (page 6 before) and the dates to accept.
        "Decisions needed from the board",
        "AR-002 on SEC08-BP03 (an MRI) expired on 30 September 2026: renew it or fund the fix",
        "SEC07-BP04 Define scalable data lifecycle management (HRI, P1): target 28 February 2027, due in 91 days; P1 asks for 30; accept the date or bring it forward.",
        // Readiness in words, counts first, ISO's Annex A and clauses apart.
        "Readiness of each framework",
        "GDPR: 1 article blocked by architecture, 2 need evidence only, 0 done, 1 at accepted risk, 19 not covered by this review (9 organisational duty, 10 legal duty). Ready: 0 of 4 assessed articles; the review covers 4 of 23 applicable.",
        "ISO 27001 Annex A: 13 controls blocked by architecture, 19 need evidence only, 2 with the technical part done, 7 done,",
        "Ready: 7 of 47 assessed controls (14.9%); the review covers 47 of 92 applicable (51.1%).",
        "ISO 27001 Clauses 4 to 10: 30 clause requirements not covered by this review (30 organisational duty).",
        "SOC 2: 9 criteria blocked by architecture,",
        "Ready: 0 of 15 assessed criteria; the review covers 15 of 43 applicable (34.9%).",
    ] {
        let at = page[last..]
            .find(want)
            .unwrap_or_else(|| panic!("page 2 lacks {want:?} (in order):\n{page}"));
        last += at;
    }
    // One page: the next section starts on page 3, and no small share is a percentage.
    assert!(page_text(&pdf, 3).contains("2. Top risks and what they could cost"));
    for bad in ["0.0%", "4.8%", "(0 ÷ 3)", "÷"] {
        assert!(!page.contains(bad), "page 2 has {bad:?}");
    }
}

/// With a baseline the key figures carry their change and the trend is one sentence.
#[test]
fn page_two_gives_the_trend_since_the_baseline() {
    let out = report(&[
        "--format",
        "pdf",
        "--baseline",
        "examples/northwind/baseline-2026-04.json",
    ]);
    let pdf = out.path().join("report.pdf");
    let page = page_text(&pdf, 2);
    for want in [
        "down 1 since 15 Apr 2026",
        "up 2 since 15 Apr 2026",
        "Trend. Since the review of 15 April 2026, milestone \"Q2 2026 review\": 4 HRIs or MRIs resolved, 2 regressed and 3 new;",
    ] {
        assert!(page.contains(want), "page 2 lacks {want:?}:\n{page}");
    }
    assert!(!page.contains("No trend"));
    // The readiness table has a then → now row, in counts.
    let text = flat(&pdftotext(&pdf, false));
    assert!(text.contains("Ready then → now"), "{text}");
    assert!(text.contains("0 of 4 → 0 of 4"), "GDPR then → now");
    assert!(
        text.contains("0 of 47 (0.0%) → 7 of 47 (14.9%)"),
        "ISO then → now"
    );
}

/// Every percentage the PDF prints, with the counts it stands on: `7 of 47 (14.9%)` gives
/// (7, 47, 14.9); a share of the audit period (`27.6% of the period`) gives `None`.
fn percentages(text: &str) -> Vec<(String, Option<(u32, u32)>)> {
    let text = flat(text);
    let mut out = Vec::new();
    for (i, _) in text.match_indices('%') {
        let before = &text[..i];
        let num_start = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |p| p + 1);
        let pct = &before[num_start..];
        if pct.is_empty() {
            continue;
        }
        let context: String =
            text[num_start.saturating_sub(80)..(i + 20).min(text.len())].to_owned();
        if text[i..].starts_with("% of the period") {
            out.push((context, None));
            continue;
        }
        // `a of b[ words] (p%)`.
        let counts = before[..num_start].strip_suffix('(').and_then(|head| {
            let head = head.trim_end();
            let of = head.rfind(" of ")?;
            let a: u32 = head[..of].rsplit(' ').next()?.parse().ok()?;
            let b: u32 = head[of + 4..].split(' ').next()?.parse().ok()?;
            let p: f64 = pct.parse().ok()?;
            let expected = (f64::from(a) * 1000.0 / f64::from(b)).round() / 10.0;
            ((p - expected).abs() < 0.05).then_some((a, b))
        });
        out.push((context, counts.or(Some((0, 0)))));
    }
    out
}

/// Issue 18: "SOC 2 4.8%" and "GDPR 0.0% (0 ÷ 3)" misled. Every percentage anywhere in the
/// PDF now follows its counts, and none stands on fewer than thirty.
#[test]
fn no_percentage_stands_on_fewer_than_thirty() {
    let plain = report(&["--format", "pdf"]);
    let baseline = report(&[
        "--format",
        "pdf",
        "--baseline",
        "examples/northwind/baseline-2026-04.json",
    ]);
    for out in [&plain, &baseline] {
        let text = pdftotext(&out.path().join("report.pdf"), false);
        let found = percentages(&text);
        assert!(found.len() > 10, "{} percentages", found.len());
        for (context, counts) in found {
            match counts {
                // The evidence's share of the period so far: 333 days in the example.
                None => {}
                Some((_, b)) => assert!(
                    b >= 30,
                    "a percentage without its counts, or on fewer than thirty: {context:?}"
                ),
            }
        }
    }
}

#[test]
fn top_risks_are_the_plans_hris_with_owner_effort_and_target() {
    let (_, text, _) = example_pdf();
    let text = flat(text);
    let top = &text[text.rfind("2. Top risks and what they could cost").unwrap()
        ..text.rfind("3. Risk by focus area").unwrap()];
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
    assert!(top.contains("Owner: Identity team Effort: Low, 2 person-days, cost EUR 1,500 Target: 15 December 2026 (0-30 days)"));
    assert!(top.contains(
        "What the review found: IAM Identity Center enforces MFA for the workforce, but three legacy IAM users"
    ));
    assert!(top.contains("GDPR: Art.32(1)(b); ISO 27001: A.5.17, A.8.5; SOC 2: CC6.1, CC6.6"));
    // Why it matters to the business, as the review states it (`impact`), with its size.
    assert!(top.contains(
        "Impact: Card data of 40,000 customers could be read with one stolen support-engineer password"
    ), "{top}");
    assert!(
        !top.contains("Typical impact"),
        "every top risk of the example states its impact"
    );
    assert!(top.contains("Later than its priority allows: due in 91 days; P1 asks for 30."));
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
    // Within 61-90 days the HRI (rank 3) comes before the MRIs (ranks 7…).
    let h90 = &plan[plan
        .find("61-90 days #")
        .unwrap_or_else(|| plan.rfind("61-90 days").unwrap())..];
    assert!(h90.find("SEC01-BP07").unwrap() < h90.find("SEC03-BP04").unwrap());
    // Ranks read in order within each horizon (the row's first number is its rank).
    for h in [
        "0-30 days #",
        "31-60 days #",
        "61-90 days #",
        "After 90 days #",
    ] {
        let Some(start) = plan.find(h) else { continue };
        let rest = &plan[start + h.len()..];
        let end = [
            "31-60 days #",
            "61-90 days #",
            "After 90 days #",
            "7. Accepted",
        ]
        .iter()
        .filter_map(|x| rest.find(x))
        .min()
        .unwrap_or(rest.len());
        let ranks: Vec<u32> = rest[..end]
            .split(' ')
            .zip(rest[..end].split(' ').skip(1))
            .filter(|(_, next)| matches!(*next, "HRI" | "MRI"))
            .filter_map(|(n, _)| n.parse().ok())
            .collect();
        assert!(!ranks.is_empty(), "{h}");
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{h}: {ranks:?}");
    }
    // A P1 due after 30 days is flagged, in the table and in the count.
    assert!(plan.contains("3 items have their target later than its priority allows"));
    assert!(plan.contains("late: due in 63 days; P1 asks for 30"));
    assert!(plan.contains("late: pushed to 180 days by its dependencies; P3 asks for 90"));
}

#[test]
fn statuses_are_printed_per_control_and_per_practice() {
    let (_, raw, layout) = example_pdf();
    let text = flat(raw);
    // A control row, in layout order: id, title, status, driving practices, why.
    let row = |id: &str, title_start: &str| {
        // The appendix row: the last mention (evidence requests name controls too).
        let at = text
            .rfind(&format!("{id} {title_start}"))
            .unwrap_or_else(|| panic!("no row for {id}"));
        text[at..].chars().take(160).collect::<String>()
    };
    let a85 = row("A.8.5", "Secure authentication");
    assert!(a85.contains("Architectural risk (High)"), "{a85}");
    assert!(dense(&a85).contains("SEC02-BP01,BP02"), "{a85}");
    assert!(a85.contains("Not implemented: SEC02-BP01 (High)"), "{a85}");
    assert!(row("A.8.8", "Management of technical").contains("Evidenced"));
    assert!(row("A.8.15", "Logging").contains("Technical part evidenced"));
    assert!(row("A.8.22", "Segregation").contains("Evidence stale"));
    assert!(row("A.5.15", "Access control").contains("Evidence partial"));
    assert!(row("A.7.4", "Physical security monitoring").contains("Operated by supplier AWS"));
    assert!(row("CC7.4", "Security incident response").contains("Accepted risk"));
    // Organisational and legal duties are listed after each table, by id and title.
    let duties = |framework: &str| {
        let at = text
            .rfind(&format!("{framework}: status of every"))
            .unwrap_or_else(|| panic!("{framework}"));
        let from = at
            + text[at..]
                .find("Not covered by this review: organisational and legal duties")
                .unwrap();
        text[from..].chars().take(6000).collect::<String>()
    };
    assert!(duties("SOC 2").contains("CC6.4 Restriction of physical access"));
    assert!(duties("ISO 27001").contains("A.5.19 Information security in supplier relationships"));
    assert!(
        duties("GDPR").contains("Art.28(3) Processing governed by a contract"),
        "{}",
        duties("GDPR")
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
    // Every control of every framework is listed: a table row, or (organisational and legal
    // duties) an entry of the list after the table.
    let a = example_assessment();
    let appendix = dense(&text[text.rfind("Appendix B.").unwrap()..]);
    for f in &a.frameworks {
        for c in &f.controls {
            let starts_a_row = layout
                .lines()
                .any(|l| l.split_whitespace().next() == Some(c.id.split(' ').next().unwrap()));
            assert!(
                starts_a_row || appendix.contains(&dense(&format!("{} {}", c.id, c.title))),
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
    // The waiver table's rows (the summary names AR-002 first, as a decision).
    let row = |id: &str| {
        flat(
            layout
                .lines()
                .find(|l| l.trim_start().starts_with(id))
                .unwrap_or_else(|| panic!("no row for {id}")),
        )
    };
    let ar1 = row("AR-001");
    assert!(
        ar1.contains("SEC10-BP07") && ar1.ends_with("In force"),
        "{ar1}"
    );
    let ar2 = row("AR-002");
    assert!(ar2.ends_with("Expired"), "{ar2}");
    assert!(text.contains("Accepted risk `AR-002` expired on 2026-09-30"));
    assert!(text.contains("Evidence `EV-012` expires on 2026-12-15 inside the audit period"));
    // Method: mapping data version, input hash, formula, disclaimer, sign-off.
    let a = example_assessment();
    assert!(text.contains(&format!("Mapping data version: {}", a.mapping.version)));
    assert!(dense(&text).contains(&a.sources[0].sha256));
    assert!(text.contains("readiness = ready ÷ assessed"));
    // The formulas with this review's counts, once, in the method section.
    assert!(text.contains(
        "ISO 27001 Annex A: ready 7 = 1 evidenced + 6 operated by supplier AWS; applicable 92 = 93 in scope − 1 not applicable; assessed 47 = applicable − 45 not covered by this review; readiness = ready ÷ assessed = 7 of 47 (14.9%)"
    ));
    assert_eq!(text.matches("readiness = ready ÷ assessed").count(), 1 + 4);
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
    assert!(
        stderr(&o)
            .contains("--pdf-standard \"a-9z\" is not one of: 1.7, a-2b, a-3b, ua-1, a-2b+ua-1"),
        "{}",
        stderr(&o)
    );
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
    assert!(
        text.contains("ISO 27001 readiness 7 of 47 (14.9%)"),
        "{text}"
    );
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
    assert_eq!(flat(&pdftotext(&p, false)), "2026-11-29 wafr/pdf-view/3");
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
    assert_eq!(data["schema"], "wafr/pdf-view/3");
    assert_eq!(data["summary"]["hri"], 4);
    assert_eq!(data["summary"]["mri"], 9);
    assert_eq!(data["frameworks"][1]["readiness_text"], "7 of 47 (14.9%)");
    assert_eq!(data["options"]["appendices"], "include");
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
    // No one named as preparer: the cover says nothing rather than "Not stated".
    assert!(!text.contains("Prepared by Not stated"));
    let out = report(&[
        "--format",
        "pdf",
        "--mappings",
        "tests/fixtures/mappings/user-framework",
    ]);
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    assert!(text.contains("ACME CSF"), "user framework missing");
}

#[test]
fn json_and_pdf_come_from_the_same_assessment() {
    let out = report(&[]);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("assessment.json")).unwrap())
            .unwrap();
    let text = flat(&pdftotext(&out.path().join("report.pdf"), false));
    // Every framework, and each part counted apart, with the counts of assessment.json.
    for f in json["frameworks"].as_array().unwrap() {
        let parts = f["parts"].as_array().cloned().unwrap_or_default();
        let rows: Vec<(String, &Value)> = if parts.is_empty() {
            vec![(
                f["short_name"].as_str().unwrap().to_owned(),
                &f["readiness"],
            )]
        } else {
            parts
                .iter()
                .map(|p| {
                    (
                        format!(
                            "{} {}",
                            f["short_name"].as_str().unwrap(),
                            p["label"].as_str().unwrap()
                        ),
                        &p["readiness"],
                    )
                })
                .collect()
        };
        for (label, r) in rows {
            let n = |k: &str| r[k].as_u64().unwrap();
            for want in [
                format!("{label}: ready {} =", n("evidenced")),
                format!("applicable {} =", n("applicable")),
                format!("assessed {} = applicable", n("assessed")),
            ] {
                assert!(text.contains(&want), "{want}");
            }
        }
    }
}

/// The PDF with its streams uncompressed (`qpdf --qdf`), as text.
fn uncompressed(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("qdf.pdf");
    let o = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&out)
        .output()
        .unwrap_or_else(|e| {
            panic!("qpdf is required by the PDF tests (apt-get install qpdf): {e}")
        });
    assert!(o.status.success() || o.status.code() == Some(3), "{o:?}");
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

/// Every font size the PDF sets text in (`/f1 8 Tf`; typst sets text with an unscaled matrix).
fn font_sizes(qdf: &str) -> Vec<f64> {
    qdf.split(" Tf")
        .filter_map(|before| before.rsplit(' ').next()?.parse::<f64>().ok())
        .collect()
}

/// Issue 18: grey sub-labels and footers were small and faint. No text is smaller than 8 pt.
#[test]
fn no_text_is_smaller_than_eight_points() {
    let (bytes, _, _) = example_pdf();
    let (_d, pdf) = temp_file("r.pdf", bytes);
    let sizes = font_sizes(&uncompressed(&pdf));
    assert!(sizes.len() > 1000, "{} text runs", sizes.len());
    let small: Vec<f64> = sizes.into_iter().filter(|&s| s < 7.99).collect();
    assert!(small.is_empty(), "text smaller than 8 pt: {small:?}");
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
    let fresh = &text
        [text.rfind("7.2. Freshness").unwrap()..text.rfind("8. Coverage of the review").unwrap()];
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
    let fresh = &text
        [text.rfind("7.2. Freshness").unwrap()..text.rfind("8. Coverage of the review").unwrap()];
    assert!(fresh.contains("The review has no date"), "{fresh}");
    let notes = &text[text.rfind("9. Method and legend").unwrap()..];
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
    // The trend in the summary, details in their own section.
    assert!(text.contains("Trend. Since the review of 15 April 2026, milestone \"Q2 2026 review\": 4 HRIs or MRIs resolved, 2 regressed and 3 new"), "{text}");
    assert!(
        text.contains("High Risk Issues (HRIs) 5 4 −1 better"),
        "{text}"
    );
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
            "warning: no embedded font can print 1 character of the input, so the PDF shows \
             a box for each: \"🔐\" (U+1F510) (first in \"担当者: 山田太郎, MFA 導入済み 🔐 Ωμέγα Привет\")"
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
        stderr(&o).contains("warning: api/report.pdf: no embedded font can print 1 character"),
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
                 character of the input: \"🔐\" (U+1F510)"
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

/// Headings of the structure tree (`pdfinfo -struct`), as levels in document order.
fn heading_levels(struct_tree: &str) -> Vec<u8> {
    struct_tree
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let rest = t.strip_prefix('H')?;
            let level: u8 = rest.get(..1)?.parse().ok()?;
            rest[1..].starts_with(' ').then_some(level)
        })
        .collect()
}

/// Issue 18: `--pdf-standard ua-1` exports PDF/UA-1 (alone, or with PDF/A-2b): every chart is a
/// figure with a one-sentence alternative text in numbers, headings go in order, the document
/// language is set, the XMP names PDF/UA part 1, and qpdf finds the file sound.
#[test]
fn pdf_ua_1_has_figures_with_alt_text_headings_in_order_and_its_xmp() {
    for standard in ["ua-1", "a-2b+ua-1"] {
        let out = report(&["--format", "pdf", "--pdf-standard", standard]);
        let pdf = out.path().join("report.pdf");
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(check.status.success(), "qpdf --check: {check:?}");

        let tree = Command::new("pdfinfo")
            .arg("-struct")
            .arg(&pdf)
            .output()
            .unwrap();
        let tree = String::from_utf8_lossy(&tree.stdout).into_owned();
        // The focus-area chart and one readiness bar per framework part (GDPR, ISO 27001
        // Annex A and clauses, SOC 2).
        let figures = tree.lines().filter(|l| l.trim() == "Figure:").count();
        assert_eq!(figures, 5, "{standard}: figures in the structure tree");
        let levels = heading_levels(&tree);
        assert!(levels.len() > 30, "{standard}: {levels:?}");
        assert_eq!(levels[0], 1);
        assert!(
            levels.windows(2).all(|w| w[1] <= w[0] + 1),
            "{standard}: a heading level is skipped: {levels:?}"
        );

        let qdf = uncompressed(&pdf);
        let figure_elems: Vec<&str> = qdf
            .split("endobj")
            .filter(|o| o.contains("/S /Figure"))
            .collect();
        assert_eq!(figure_elems.len(), 5);
        for f in &figure_elems {
            assert!(
                f.contains("/Alt ("),
                "{standard}: a figure without alt text: {f}"
            );
        }
        assert!(qdf.contains(
            "/Alt (SOC 2, 43 criteria in scope, by status: 9 criteria blocked by architecture"
        ));
        assert!(
            qdf.contains("/Lang (en-GB)"),
            "{standard}: document language"
        );
        let xmp = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
        assert!(
            xmp.contains("<pdfuaid:part>1</pdfuaid:part>") || xmp.contains("pdfuaid:part=\"1\""),
            "{standard}: no pdfuaid part in the XMP"
        );
        if standard.contains("a-2b") {
            assert!(
                xmp.contains("<pdfaid:part>2</pdfaid:part>") || xmp.contains("pdfaid:part=\"2\""),
                "{standard}: no pdfaid part"
            );
        }
    }
}

/// The rendering side of `--appendices include|separate|none`: the report without its
/// appendices, and the appendices as a document of their own.
#[test]
fn appendices_can_be_left_out_or_made_a_document_of_their_own() {
    use wafr::render::pdf::Appendices;
    let a = example_assessment();
    let text_of = |bytes: &[u8]| {
        let (_d, p) = temp_file("x.pdf", bytes);
        flat(&pdftotext(&p, false))
    };
    let with = wafr::render::pdf::compile(&a, &Default::default()).unwrap();
    let mut opts = wafr::render::RenderOptions {
        appendices: Appendices::None,
        ..Default::default()
    };
    let none = wafr::render::pdf::compile(&a, &opts).unwrap();
    let text = text_of(&none.pdf);
    assert!(!text.contains("Appendix A"), "no appendices");
    assert!(text.contains("Appendices: not included; the workbook (control-matrix.xlsx) lists every practice and every control."));
    assert!(
        none.pages + 10 < with.pages,
        "{} vs {} pages",
        none.pages,
        with.pages
    );

    opts.appendices = Appendices::Separate;
    let main = text_of(&wafr::render::pdf::render(&a, &opts).unwrap());
    assert!(!main.contains("Appendix A"));
    assert!(main.contains("Appendices: in their own document, report-appendices.pdf."));
    let apx = wafr::render::pdf::compile_appendices(&a, &opts).unwrap();
    let text = text_of(&apx.pdf);
    for want in [
        "Appendices: every practice and every control",
        "Appendix A. Findings per question",
        "Appendix B. GDPR: status of every article",
        "Appendix D. SOC 2: status of every criterion",
    ] {
        assert!(text.contains(want), "{want}");
    }
    assert!(!text.contains("Summary for the board"));
    assert_eq!(wafr::render::pdf::APPENDICES_FILE, "report-appendices.pdf");
    // Together they hold what the whole report holds: a title page more.
    assert_eq!(none.pages + apx.pages, with.pages + 1);
}

/// Issue 18: a finding says what could happen to the business when the review states it
/// (`impact`), and the plan totals the person-days and cost of each horizon when given.
#[test]
fn impact_effort_days_and_cost_show_when_the_review_gives_them() {
    let mut a = example_assessment();
    for p in a.plan.iter_mut() {
        match p.bp.as_str() {
            "SEC02-BP01" => {
                p.impact = Some("Card data of 40,000 customers could be read with one stolen password: breach notification, PCI fines.".into());
                p.effort_days = Some(4.5);
                p.cost = Some(12000.0);
            }
            "SEC03-BP03" => p.effort_days = Some(2.0),
            "SEC02-BP05" => {
                p.effort_days = Some(3.0);
                p.cost = Some(2500.0);
            }
            _ => {}
        }
    }
    let pdf = wafr::render::pdf::render(&a, &Default::default()).unwrap();
    let (_d, p) = temp_file("r.pdf", &pdf);
    let page2 = page_text(&p, 2);
    assert!(page2.contains("1. Use strong sign-in mechanisms SEC02-BP01 · HRI · P1 · Identity and access management Card data of 40,000 customers could be read"), "{page2}");
    // An HRI with a cost is a decision to fund.
    assert!(page2.contains("Fund a fix SEC02-BP01 Use strong sign-in mechanisms (HRI, low effort, 4.5 person-days, cost EUR 12,000): approve the budget"), "{page2}");
    let text = flat(&pdftotext(&p, false));
    assert!(text.contains("Impact: Card data of 40,000 customers"));
    assert!(text.contains("0-30 days: 1 HRI, 0 MRI 4.5 person-days (1 of 1 estimated) cost EUR 12,000 (1 of 1 estimated)"), "{text}");
    assert!(text.contains("31-60 days: 1 HRI, 2 MRI 5 person-days (2 of 3 estimated) cost EUR 2,500 (1 of 3 estimated)"), "{text}");
}

/// `--appendices separate` writes the appendices beside the report, listed in the manifest;
/// `none` leaves them out.
#[test]
fn appendices_can_go_to_a_file_of_their_own_or_be_left_out() {
    let sep = report(&["--format", "pdf", "--appendices", "separate"]);
    let main = sep.path().join("report.pdf");
    let apx = sep.path().join("report-appendices.pdf");
    assert!(apx.is_file(), "report-appendices.pdf written");
    let manifest = std::fs::read_to_string(sep.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("report-appendices.pdf"), "{manifest}");
    let main_text = flat(&pdftotext(&main, false));
    let apx_text = flat(&pdftotext(&apx, false));
    assert!(
        !main_text.contains("Appendix C"),
        "no appendix in report.pdf"
    );
    assert!(apx_text.contains("Appendix C"), "{apx_text}");
    assert!(
        apx_text.contains("A.5.15"),
        "every ISO control in the appendices"
    );
    let none = report(&["--format", "pdf", "--appendices", "none"]);
    assert!(!none.path().join("report-appendices.pdf").exists());
    let none_text = flat(&pdftotext(&none.path().join("report.pdf"), false));
    assert!(
        !none_text.contains("Appendix C"),
        "no appendices with `none`"
    );
    // An unknown value is a usage error that lists the values.
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--appendices",
        "back",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("include, separate, none"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_risk_without_a_stated_impact_gets_its_focus_areas_typical_one_named_as_such() {
    let first_top_risk = |a: &wafr::model::assessment::Assessment| {
        let doc = wafr::render::pdf::report_document(a, &Default::default()).unwrap();
        let data: serde_json::Value = serde_json::from_slice(&doc.data).unwrap();
        let t = &data["top_risks"][0];
        assert_eq!(t["bp"], "SEC02-BP01");
        (t["impact"].clone(), t["typical_impact"].clone())
    };
    let mut a = crate::common::example_assessment();
    let (impact, typical) = first_top_risk(&a);
    assert!(
        impact
            .as_str()
            .unwrap()
            .starts_with("Card data of 40,000 customers")
    );
    assert!(
        typical.is_null(),
        "a stated impact replaces the typical one"
    );
    for p in &mut a.plan {
        p.impact = None;
    }
    let (impact, typical) = first_top_risk(&a);
    assert!(impact.is_null());
    assert!(
        typical
            .as_str()
            .unwrap()
            .starts_with("An attacker or insider could reach systems and data they should not"),
        "{typical}"
    );
}

/// Regression (issue 17): a logo that cannot be decoded was blamed on
/// `<builtin>/pdf/report.typ:104`; the error names the logo file, in the child process the
/// `wafr` command uses and in the library's in-process path alike.
#[test]
fn a_logo_that_cannot_be_decoded_is_an_error_of_the_logo_file() {
    let d = tempfile::tempdir().unwrap();
    let png = d.path().join("broken.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n not a png at all").unwrap();
    let svg = d.path().join("broken.svg");
    std::fs::write(&svg, b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>").unwrap();
    for logo in [&png, &svg] {
        let out = tempfile::tempdir().unwrap();
        let o = wafr([
            "report",
            "examples/northwind/review.json",
            "--format",
            "pdf",
            "--logo",
            path_str(logo),
            "--out",
            path_str(out.path()),
        ]);
        check_run(
            "broken logo",
            &o,
            1,
            &[
                &format!("error: 1 problem in {}", logo.display()),
                &format!("{}: the logo cannot be drawn: ", logo.display()),
                "failed to",
                "hint: open it in an image editor",
            ],
        );
        assert!(!stderr(&o).contains("report.typ"), "{}", stderr(&o));
        assert!(!stderr(&o).contains("assets/logo"), "{}", stderr(&o));
        assert!(!out.path().join("report.pdf").exists());
    }
    let opts = wafr::render::RenderOptions {
        branding: wafr::render::branding::Branding {
            logo: Some(wafr::render::branding::read_logo(&png).unwrap()),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = wafr::render::pdf::render(&example_assessment(), &opts).unwrap_err();
    let wafr::Error::Invalid { what, problems } = e else {
        panic!("{e}")
    };
    assert!(what.ends_with("broken.png"));
    assert_eq!(problems[0].code, "logo-unreadable");
    assert!(
        problems[0]
            .message
            .starts_with("the logo cannot be drawn: failed to decode image")
    );
    // Without a logo, a template that draws /assets/logo is the template's error, as before
    // (templates_cannot_read_the_disk_or_fetch_packages).
}

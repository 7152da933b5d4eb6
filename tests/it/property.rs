//! Issue 8, "nothing lost": generated reviews go in, and every answer, note, owner and evidence
//! reference comes out in `assessment.json` and in the XLSX **Answers** sheet (read back with
//! calamine).

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

/// Text with the characters that break naive renderers (typst markup, formulas, quotes, CJK),
/// never blank and without control characters (those are refused at import).
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9#\\[\\]$*@<>=+/\\\\\"'_`~é中 -]{0,30}[a-zA-Z0-9#$=+@中]".prop_map(|s| s)
}

#[derive(Debug, Clone)]
struct Ans {
    bp: usize,
    status: usize,
    notes: Option<String>,
    owner: Option<String>,
    evidence: Vec<String>,
}

fn answers() -> impl Strategy<Value = Vec<Ans>> {
    prop::collection::btree_map(
        0usize..63,
        (
            0usize..4,
            prop::option::of(text()),
            prop::option::of(text()),
            prop::collection::vec(text(), 0..3),
        ),
        0..40,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|(bp, (status, notes, owner, evidence))| Ans {
                bp,
                status,
                notes,
                owner,
                evidence,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_answer_note_and_reference_comes_out(ans in answers(), qnotes in prop::collection::btree_map(1u32..12, text(), 0..4),
                                                 register in prop::collection::btree_map("EV-[0-9]{3}", text(), 0..4)) {
        let (catalog, _) = wafr::catalog::load(&Default::default()).unwrap();
        // A Security Pillar review: question notes below are keyed SEC01 to SEC11.
        let ids: Vec<String> = catalog.lens.practices.iter().filter(|p| p.pillar == "security").map(|p| p.id.clone()).collect();
        let statuses = ["implemented", "not_implemented", "not_applicable", "unanswered"];
        let mut answers_json = Vec::new();
        for a in &ans {
            let mut o = json!({"practice": ids[a.bp], "status": statuses[a.status]});
            if a.status == 2 { o["na_reason"] = json!("generated reason"); }
            if let Some(n) = &a.notes { o["notes"] = json!(n); }
            if let Some(w) = &a.owner { o["owner"] = json!(w); }
            let mut ev: Vec<String> = a.evidence.clone();
            ev.extend(register.keys().take(1).cloned());
            ev.sort();
            ev.dedup();
            o["evidence"] = json!(ev);
            answers_json.push(o);
        }
        let questions: Vec<Value> = qnotes.iter().map(|(n, t)| json!({"id": format!("SEC{n:02}"), "notes": t})).collect();
        let evidence: Vec<Value> = register.iter().map(|(id, t)| json!({"id": id, "title": t, "supports": [ids[0]]})).collect();
        let review = json!({"schema": "wafr/review/1", "workload": {"name": "generated"}, "questions": questions, "answers": answers_json, "evidence": evidence});
        let (_d, p) = temp_file("gen.json", review.to_string().as_bytes());
        let a = assess(&[p]).unwrap();
        let out: Value = serde_json::from_slice(&wafr::render::json(&a).unwrap()).unwrap();
        let practices: Vec<&Value> = out["questions"].as_array().unwrap().iter().flat_map(|q| q["practices"].as_array().unwrap()).collect();
        for (i, a) in ans.iter().enumerate() {
            let p = practices.iter().find(|p| p["id"] == ids[a.bp]).unwrap();
            prop_assert_eq!(&p["answered_status"], &json!(statuses[a.status]));
            prop_assert_eq!(&p["notes"], &json!(a.notes), "notes of {}", ids[a.bp]);
            prop_assert_eq!(&p["owner"], &json!(a.owner));
            let refs: Vec<&str> = p["evidence"].as_array().unwrap().iter().map(|e| e["reference"].as_str().unwrap()).collect();
            for e in answers_json[i]["evidence"].as_array().unwrap() {
                prop_assert!(refs.contains(&e.as_str().unwrap()), "evidence {} of {} missing from {:?}", e, ids[a.bp], refs);
            }
        }
        for (n, t) in &qnotes {
            let q = out["questions"].as_array().unwrap().iter().find(|q| q["number"] == json!(n)).unwrap();
            prop_assert_eq!(&q["notes"], &json!(t));
        }
        for (id, t) in &register {
            let e = out["evidence"].as_array().unwrap().iter().find(|e| e["id"] == json!(id)).unwrap();
            prop_assert_eq!(&e["title"], &json!(t));
        }

        // The same in the workbook's Answers sheet, one row per answer and per question note.
        let rows = answers_sheet(&wafr::render::render(wafr::render::Format::Xlsx, &a, &Default::default()).unwrap().bytes);
        let labels = ["Implemented", "Not implemented", "Not applicable", "Unanswered"];
        for (i, a) in ans.iter().enumerate() {
            let r = rows.iter().find(|r| r["Kind"] == "Practice" && r["Practice ID"] == ids[a.bp]);
            prop_assert!(r.is_some(), "no Answers row for {}", ids[a.bp]);
            let r = r.unwrap();
            prop_assert_eq!(&r["Answer"], labels[a.status], "answer of {}", ids[a.bp]);
            prop_assert_eq!(&r["Notes"], a.notes.as_deref().unwrap_or(""), "notes of {}", ids[a.bp]);
            prop_assert_eq!(&r["Owner"], a.owner.as_deref().unwrap_or(""), "owner of {}", ids[a.bp]);
            let refs: Vec<&str> = r["Evidence"].split('\n').collect();
            for e in answers_json[i]["evidence"].as_array().unwrap() {
                prop_assert!(refs.contains(&e.as_str().unwrap()), "evidence {} of {} missing from {:?}", e, ids[a.bp], refs);
            }
        }
        for (n, t) in &qnotes {
            let q = format!("SEC{n:02}");
            let r = rows.iter().find(|r| r["Kind"] == "Question" && r["Question"] == q);
            prop_assert!(r.is_some(), "no Answers row for the notes of {}", q);
            prop_assert_eq!(&r.unwrap()["Notes"], t);
        }
    }
}

/// The Answers sheet of a workbook, one map (header → cell text) per row.
fn answers_sheet(xlsx: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range("Answers").unwrap();
    let mut rows = range.rows();
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    };
    let header: Vec<String> = rows.next().unwrap().iter().map(text).collect();
    rows.map(|r| header.iter().cloned().zip(r.iter().map(text)).collect())
        .collect()
}

//! AWS Well-Architected Tool JSON, as the AWS CLI and API print it:
//! `list-answers` pages, `get-answer` outputs, `get-workload`, `get-lens-review`, arrays of any
//! of these, and the export bundle of the AWS labs script (`{"workload", "lenses",
//! "lens_review"}`).
//!
//! Choices are matched on `ChoiceId`, never on position. "None of these" (`*_no`) marks every
//! practice of the question not implemented. `IsApplicable: false` makes the question not
//! applicable. Answers of every pillar the catalog holds are read; a pillar it lacks is
//! counted in a warning. Choice ids of
//! older lens versions are mapped to current practices (removed ones are kept as legacy
//! answers). The `Risk` the API reported is kept so the assessment can compare it with ours.

mod answer;
mod ctx;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use self::answer::answer;
use self::ctx::{Ctx, Kind, check_types, join, s, str_list};
use super::text::{date_from_epoch, parse_date};
use crate::error::{Diagnostic, Diagnostics, Location, Result};
use crate::model::catalog::Catalog;
use crate::model::review::{Review, Workload};

/// True when the JSON looks like WA Tool output.
pub(crate) fn is_wa_tool(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            [
                "AnswerSummaries",
                "Answer",
                "Workload",
                "Milestone",
                "LensReview",
                "QuestionId",
            ]
            .iter()
            .any(|k| m.contains_key(*k))
                || (m.contains_key("lenses")
                    && (m.contains_key("workload") || m.contains_key("lens_review")))
        }
        Value::Array(items) => !items.is_empty() && items.iter().all(is_wa_tool),
        _ => false,
    }
}

fn date_of(v: Option<&Value>) -> Option<time::Date> {
    match v? {
        Value::String(t) => parse_date(t),
        Value::Number(n) => date_from_epoch(n.as_f64()?),
        _ => None,
    }
}

/// Imports WA Tool JSON.
pub fn import(v: &Value, at: &Location, catalog: &Catalog) -> Result<Review> {
    let mut cx = Ctx {
        at,
        catalog,
        diags: Diagnostics::new(),
        review: Review::default(),
        other_pillars: BTreeMap::new(),
        other_lenses: BTreeSet::new(),
        inferred: BTreeSet::new(),
        not_in_version: BTreeSet::new(),
    };
    walk(&mut cx, v, "");
    if !cx.other_pillars.is_empty() {
        let list: Vec<String> = cx
            .other_pillars
            .iter()
            .map(|(p, n)| format!("{p} ({n})"))
            .collect();
        cx.diags.push(Diagnostic::warning(
            "other-pillar-ignored",
            Some(at.clone()),
            format!(
                "{} of pillars the mapping data does not hold not read: {}; load their lens files (mappings/lens/) to assess them",
                crate::textfmt::count(cx.other_pillars.values().sum::<u32>(), "answer", "answers"),
                list.join(", ")
            ),
        ));
    }
    if !cx.other_lenses.is_empty() {
        cx.diags.push(Diagnostic::warning(
            "other-lens-ignored",
            Some(at.clone()),
            format!(
                "ignored answers of other lenses: {}; wafr reads the `wellarchitected` lens",
                cx.other_lenses
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    for note in &cx.inferred {
        cx.diags.push(Diagnostic::warning(
            "legacy-inferred",
            Some(at.clone()),
            note.clone(),
        ));
    }
    if !cx.not_in_version.is_empty() {
        cx.diags.push(Diagnostic::warning(
            "practice-not-in-reviewed-version",
            Some(at.clone()),
            format!(
                "{} were not choices in the lens version this review used; they count as not implemented, \
                 as the WA Tool counts them after a lens upgrade",
                cx.not_in_version.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let warnings = cx.diags.finish(&at.file)?;
    cx.review.warnings.extend(warnings);
    Ok(cx.review)
}

/// Walks any JSON value for the WA Tool shapes it holds, at any depth of lists.
fn walk(cx: &mut Ctx, v: &Value, path: &str) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(cx, item, &format!("{path}[{i}]"));
            }
        }
        Value::Object(m) => {
            let lens_alias = s(v, "LensAlias").or_else(|| s(v, "LensArn"));
            if let Some(alias) = lens_alias
                && !is_framework_lens(alias)
            {
                cx.other_lenses.insert(alias.to_owned());
                return;
            }
            if !containers_typed(cx, v, m, path) {
                return;
            }
            api_outputs(cx, v, m, path);
            labs_bundle(cx, m, path);
        }
        _ => {}
    }
}

/// The containers the shapes are recognised by have the types the WA Tool writes; false (each
/// wrong one reported) when not.
fn containers_typed(
    cx: &mut Ctx,
    v: &Value,
    m: &serde_json::Map<String, Value>,
    path: &str,
) -> bool {
    for (key, kind) in [
        ("AnswerSummaries", Kind::ObjList),
        ("workload", Kind::ObjList),
        ("lenses", Kind::ObjList),
        ("lens_review", Kind::ObjList),
    ] {
        if m.contains_key(key) && !check_types(cx, v, path, &[(key, kind)]) {
            return false;
        }
    }
    for key in ["Answer", "Workload", "LensReview", "Milestone"] {
        if let Some(x) = m.get(key)
            && !x.is_object()
        {
            cx.diags.error(
                "wrong-type",
                Some(cx.at.clone().json_path(join(path, key))),
                format!("`{key}` must be a JSON object"),
            );
            return false;
        }
    }
    true
}

/// The AWS CLI and API outputs: get-workload, get-lens-review, list-answers, get-answer, and
/// an answer object itself.
fn api_outputs(cx: &mut Ctx, v: &Value, m: &serde_json::Map<String, Value>, path: &str) {
    if let Some(w) = m.get("Workload") {
        workload(cx, w, &join(path, "Workload"));
    }
    if let Some(lr) = m.get("LensReview") {
        lens_review(cx, lr, &join(path, "LensReview"));
    }
    if let Some(ms) = m.get("Milestone") {
        milestone(cx, ms, &join(path, "Milestone"));
    }
    if let Some(Value::Array(list)) = m.get("AnswerSummaries") {
        for (i, a) in list.iter().enumerate() {
            answer(cx, a, &format!("{}[{i}]", join(path, "AnswerSummaries")));
        }
    }
    if let Some(a) = m.get("Answer") {
        answer(cx, a, &join(path, "Answer"));
    }
    if m.contains_key("QuestionId") {
        answer(cx, v, path);
    }
}

/// The export bundle of the AWS labs script: `workload`, `lenses` (answers by lens alias) and
/// `lens_review` lists.
fn labs_bundle(cx: &mut Ctx, m: &serde_json::Map<String, Value>, path: &str) {
    if let Some(Value::Array(ws)) = m.get("workload") {
        for (i, w) in ws.iter().enumerate() {
            workload(cx, w, &format!("{}[{i}]", join(path, "workload")));
        }
    }
    if let Some(Value::Array(ls)) = m.get("lenses") {
        for (i, l) in ls.iter().enumerate() {
            let Value::Object(lm) = l else { continue };
            for (alias, answers) in lm {
                let p = format!("{}[{i}].{alias}", join(path, "lenses"));
                if !is_framework_lens(alias) {
                    cx.other_lenses.insert(alias.clone());
                    continue;
                }
                match answers {
                    Value::Array(list) => {
                        for (j, a) in list.iter().enumerate() {
                            answer(cx, a, &format!("{p}[{j}]"));
                        }
                    }
                    _ => cx.diags.error(
                        "wrong-type",
                        Some(cx.at.clone().json_path(&p)),
                        "must be a list of answers",
                    ),
                }
            }
        }
    }
    if let Some(Value::Array(lrs)) = m.get("lens_review") {
        for (i, l) in lrs.iter().enumerate() {
            if let Some(lr) = l.get("wellarchitected") {
                lens_review(
                    cx,
                    lr,
                    &format!("{}[{i}].wellarchitected", join(path, "lens_review")),
                );
            }
        }
    }
}

fn is_framework_lens(alias: &str) -> bool {
    alias == "wellarchitected" || alias.ends_with(":lens/wellarchitected")
}

fn workload(cx: &mut Ctx, w: &Value, path: &str) {
    let fields: &[(&str, Kind)] = &[
        ("WorkloadName", Kind::Str),
        ("Description", Kind::Str),
        ("Environment", Kind::Str),
        ("Industry", Kind::Str),
        ("IndustryType", Kind::Str),
        ("AccountIds", Kind::StrList),
        ("AwsRegions", Kind::StrList),
        ("NonAwsRegions", Kind::StrList),
        ("ReviewOwner", Kind::Str),
        ("Notes", Kind::Str),
        ("WorkloadId", Kind::Str),
        ("WorkloadArn", Kind::Str),
    ];
    if !check_types(cx, w, path, fields) {
        return;
    }
    for key in [
        "WorkloadName",
        "Description",
        "Environment",
        "Industry",
        "IndustryType",
        "ReviewOwner",
        "Notes",
    ] {
        check_str(cx, w, path, key);
    }
    let r = &mut cx.review.workload;
    let name = s(w, "WorkloadName").unwrap_or_default().to_owned();
    let mut new = Workload {
        name,
        description: s(w, "Description").map(str::to_owned),
        environment: s(w, "Environment").map(|e| e.to_ascii_lowercase()),
        industry: s(w, "Industry")
            .or_else(|| s(w, "IndustryType"))
            .map(str::to_owned),
        aws_accounts: str_list(w, "AccountIds"),
        regions: {
            let mut r = str_list(w, "AwsRegions");
            r.extend(str_list(w, "NonAwsRegions"));
            r
        },
        review_owner: s(w, "ReviewOwner").map(str::to_owned),
        review_date: date_of(w.get("UpdatedAt")),
        notes: s(w, "Notes").map(str::to_owned),
        wa_workload_id: s(w, "WorkloadId").map(str::to_owned),
        ..Workload::default()
    };
    if new.aws_accounts.is_empty()
        && let Some(arn) = s(w, "WorkloadArn")
        && let Some(acct) = arn.split(':').nth(4)
        && !acct.is_empty()
    {
        new.aws_accounts.push(acct.to_owned());
    }
    if new.name.is_empty() {
        new.name = r.name.clone();
    }
    *r = new;
}

/// `get-milestone`: the workload as it was when the milestone was recorded, its name, and
/// the recording date as the review date.
fn milestone(cx: &mut Ctx, ms: &Value, path: &str) {
    if let Some(w) = ms.get("Workload") {
        workload(cx, w, &join(path, "Workload"));
    }
    check_str(cx, ms, path, "MilestoneName");
    if let Some(name) = s(ms, "MilestoneName").filter(|n| !n.trim().is_empty()) {
        cx.review.workload.milestone = Some(name.to_owned());
    }
    if let Some(d) = date_of(ms.get("RecordedAt")) {
        cx.review.workload.review_date = Some(d);
    }
}

fn lens_review(cx: &mut Ctx, lr: &Value, path: &str) {
    if let Some(v) = s(lr, "LensVersion") {
        cx.review.workload.lens_version = Some(v.to_owned());
    }
    if cx.review.workload.review_date.is_none() {
        cx.review.workload.review_date = date_of(lr.get("UpdatedAt"));
    }
    if let Some(Value::Array(ps)) = lr.get("PillarReviewSummaries") {
        for (i, p) in ps.iter().enumerate() {
            if s(p, "PillarId") == Some("security")
                && let Some(n) = s(p, "Notes")
                && !n.trim().is_empty()
            {
                check_str(
                    cx,
                    p,
                    &format!("{}[{i}]", join(path, "PillarReviewSummaries")),
                    "Notes",
                );
                cx.review.workload.notes.get_or_insert_with(|| n.to_owned());
            }
        }
    }
}

/// Checks the text of `v[key]`, when it is one, as the native importer checks its texts: a
/// control character is an error, an over-long text too, an invisible format character a
/// warning; each at `path.key`.
fn check_str(cx: &mut Ctx, v: &Value, path: &str, key: &str) {
    if let Some(text) = s(v, key) {
        let at = cx.at.clone().json_path(join(path, key));
        crate::import::text::check_control_chars(text, &at, &mut cx.diags);
        crate::import::text::check_text(text, &at, key, &mut cx.diags);
    }
}

#[cfg(test)]
mod tests {
    use super::ctx::version_from_url;
    use super::*;

    #[test]
    fn url_version() {
        assert_eq!(
            version_from_url("https://wa.aws.amazon.com/wellarchitected/2024-06-27T08-00-00/TypeII/en/wellarchitected/wellarchitected.securely-operate.helpful-resources.en.html").as_deref(),
            Some("2024-06-27")
        );
        assert_eq!(
            version_from_url(
                "https://wa.aws.amazon.com/TypeII/en/wellarchitected/wellarchitected.x.html"
            ),
            None
        );
    }

    #[test]
    fn detects_shapes() {
        assert!(is_wa_tool(&serde_json::json!({"AnswerSummaries": []})));
        assert!(is_wa_tool(&serde_json::json!([{"Answer": {}}])));
        assert!(is_wa_tool(
            &serde_json::json!({"workload": [], "lenses": []})
        ));
        assert!(!is_wa_tool(&serde_json::json!({"schema": "wafr/review/1"})));
        assert!(!is_wa_tool(&serde_json::json!([])));
    }
}

//! AWS Well-Architected Tool JSON, as the AWS CLI and API print it:
//! `list-answers` pages, `get-answer` outputs, `get-workload`, `get-lens-review`, arrays of any
//! of these, and the export bundle of the AWS labs script (`{"workload", "lenses",
//! "lens_review"}`).
//!
//! Choices are matched on `ChoiceId`, never on position. "None of these" (`*_no`) marks every
//! practice of the question not implemented. `IsApplicable: false` makes the question not
//! applicable. Answers of other pillars are ignored and counted in a warning. Choice ids of
//! older lens versions are mapped to current practices (removed ones are kept as legacy
//! answers). The `Risk` the API reported is kept so the assessment can compare it with ours.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::text::{date_from_epoch, parse_date};
use crate::error::{Diagnostic, Diagnostics, Location, Result};
use crate::model::assessment::QuestionRisk;
use crate::model::catalog::{Catalog, LegacyMatch};
use crate::model::review::{
    Answer, LegacyAnswer, PracticeStatus, QuestionAnswer, Review, Workload,
};

/// True when the JSON looks like WA Tool output.
pub fn is_wa_tool(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            [
                "AnswerSummaries",
                "Answer",
                "Workload",
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

/// Human text for the WA Tool's `ChoiceReason` / `AnswerReason` enums.
fn reason_text(r: Option<&str>) -> Option<String> {
    match r? {
        "OUT_OF_SCOPE" => Some("Out of scope".into()),
        "BUSINESS_PRIORITIES" => Some("Business priorities".into()),
        "ARCHITECTURE_CONSTRAINTS" => Some("Architecture constraints".into()),
        "OTHER" => Some("Other".into()),
        "NONE" | "" => None,
        other => Some(other.to_owned()),
    }
}

struct Ctx<'a> {
    at: &'a Location,
    catalog: &'a Catalog,
    diags: Diagnostics,
    review: Review,
    other_pillars: BTreeMap<String, u32>,
    other_lenses: BTreeSet<String>,
    inferred: BTreeSet<String>,
    not_in_version: BTreeSet<String>,
}

fn s<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    v.get(k).and_then(Value::as_str)
}

fn str_list(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
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
                "ignored {} answer(s) of other pillars: {}; wafr assesses the Security pillar only",
                cx.other_pillars.values().sum::<u32>(),
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

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

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
            for (key, kind) in [
                ("AnswerSummaries", Kind::ObjList),
                ("workload", Kind::ObjList),
                ("lenses", Kind::ObjList),
                ("lens_review", Kind::ObjList),
            ] {
                if m.contains_key(key) && !check_types(cx, v, path, &[(key, kind)]) {
                    return;
                }
            }
            for key in ["Answer", "Workload", "LensReview"] {
                if let Some(x) = m.get(key)
                    && !x.is_object()
                {
                    cx.diags.error(
                        "wrong-type",
                        Some(cx.at.clone().json_path(join(path, key))),
                        format!("`{key}` must be a JSON object"),
                    );
                    return;
                }
            }
            if let Some(w) = m.get("Workload") {
                workload(cx, w, &join(path, "Workload"));
            }
            if let Some(lr) = m.get("LensReview") {
                lens_review(cx, lr, &join(path, "LensReview"));
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
            // The labs export bundle.
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
        _ => {}
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

fn lens_review(cx: &mut Ctx, lr: &Value, path: &str) {
    if let Some(v) = s(lr, "LensVersion") {
        cx.review.workload.lens_version = Some(v.to_owned());
    }
    if cx.review.workload.review_date.is_none() {
        cx.review.workload.review_date = date_of(lr.get("UpdatedAt"));
    }
    if let Some(Value::Array(ps)) = lr.get("PillarReviewSummaries") {
        for p in ps {
            if s(p, "PillarId") == Some("security")
                && let Some(n) = s(p, "Notes")
                && !n.trim().is_empty()
            {
                let _ = path;
                cx.review.workload.notes.get_or_insert_with(|| n.to_owned());
            }
        }
    }
}

/// Lens version from a WA Tool resource URL (`…/wellarchitected/2024-06-27T08-00-00/…`).
fn version_from_url(u: &str) -> Option<String> {
    let i = u.find("/wellarchitected/")? + "/wellarchitected/".len();
    let rest = u.get(i..i + 11)?;
    let date = rest.get(..10)?;
    (rest.ends_with('T') && parse_date(date).is_some()).then(|| date.to_owned())
}

/// Status, reason and notes of one choice, as the answer gives them.
type ChoiceInfo = (Option<String>, Option<String>, Option<String>);
/// An old-version choice mapped to a current practice: (choice id, status, reason, notes, match).
type LegacyHit = (
    String,
    PracticeStatus,
    Option<String>,
    Option<String>,
    LegacyMatch,
);

/// JSON types the WA Tool uses for the fields wafr reads.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Bool,
    StrList,
    ObjList,
}

/// Reports every field of `v` whose type is not what the WA Tool writes, so a wrong type is an
/// error rather than a field silently ignored. Returns false when something was wrong.
fn check_types(cx: &mut Ctx, v: &Value, path: &str, fields: &[(&str, Kind)]) -> bool {
    let mut ok = true;
    if !v.is_object() {
        cx.diags.error(
            "wrong-type",
            Some(cx.at.clone().json_path(path)),
            "expected a JSON object",
        );
        return false;
    }
    for &(key, kind) in fields {
        let Some(x) = v.get(key) else { continue };
        let good = match kind {
            Kind::Str => x.is_string() || x.is_null(),
            Kind::Bool => x.is_boolean(),
            Kind::StrList => x.as_array().is_some_and(|l| l.iter().all(Value::is_string)),
            Kind::ObjList => x.as_array().is_some_and(|l| l.iter().all(Value::is_object)),
        };
        if !good {
            ok = false;
            let want = match kind {
                Kind::Str => "a string",
                Kind::Bool => "true or false",
                Kind::StrList => "a list of strings",
                Kind::ObjList => "a list of objects",
            };
            cx.diags.error(
                "wrong-type",
                Some(cx.at.clone().json_path(join(path, key))),
                format!("`{key}` must be {want}"),
            );
        }
    }
    ok
}

const ANSWER_FIELDS: &[(&str, Kind)] = &[
    ("QuestionId", Kind::Str),
    ("PillarId", Kind::Str),
    ("SelectedChoices", Kind::StrList),
    ("ChoiceAnswerSummaries", Kind::ObjList),
    ("ChoiceAnswers", Kind::ObjList),
    ("Choices", Kind::ObjList),
    ("IsApplicable", Kind::Bool),
    ("Risk", Kind::Str),
    ("Reason", Kind::Str),
    ("Notes", Kind::Str),
    ("HelpfulResourceUrl", Kind::Str),
    ("ImprovementPlanUrl", Kind::Str),
];

fn answer(cx: &mut Ctx, a: &Value, path: &str) {
    let loc = cx.at.clone().json_path(path);
    if !check_types(cx, a, path, ANSWER_FIELDS) {
        return;
    }
    if let Some(r) = s(a, "Risk")
        && QuestionRisk::parse(r).is_none()
    {
        cx.diags.error(
            "unknown-risk",
            Some(cx.at.clone().json_path(join(path, "Risk"))),
            format!(
                "unknown risk \"{}\" (HIGH, MEDIUM, NONE, NOT_APPLICABLE or UNANSWERED)",
                super::text::truncate(r, 40)
            ),
        );
    }
    let Some(qid) = s(a, "QuestionId") else {
        cx.diags
            .error("missing-field", Some(loc), "answer has no `QuestionId`");
        return;
    };
    match s(a, "PillarId") {
        Some("security") => {}
        Some(other) => {
            *cx.other_pillars.entry(other.to_owned()).or_default() += 1;
            return;
        }
        None => {
            if cx.catalog.question(qid).is_none() {
                *cx.other_pillars
                    .entry("unknown pillar".to_owned())
                    .or_default() += 1;
                return;
            }
        }
    }
    let Some(question) = cx.catalog.lens.questions.iter().find(|q| q.wa_id == qid) else {
        cx.diags.error(
            "unknown-question",
            Some(cx.at.clone().json_path(format!("{path}.QuestionId"))),
            format!(
                "unknown Security question id \"{}\"",
                super::text::truncate(qid, 60)
            ),
        );
        return;
    };
    for key in ["HelpfulResourceUrl", "ImprovementPlanUrl"] {
        if let Some(u) = s(a, key)
            && let Some(v) = version_from_url(u)
        {
            cx.review.workload.lens_version.get_or_insert(v);
        }
    }
    let selected: Vec<String> = str_list(a, "SelectedChoices");
    if let Some(Value::Array(sel)) = a.get("SelectedChoices")
        && sel.iter().any(|x| !x.is_string())
    {
        cx.diags.error(
            "wrong-type",
            Some(cx.at.clone().json_path(format!("{path}.SelectedChoices"))),
            "SelectedChoices must be a list of choice id strings",
        );
    }
    // Per-choice status, reason and notes (list-answers: ChoiceAnswerSummaries; get-answer: ChoiceAnswers).
    let mut choice_info: BTreeMap<String, ChoiceInfo> = BTreeMap::new();
    for key in ["ChoiceAnswerSummaries", "ChoiceAnswers"] {
        if let Some(Value::Array(list)) = a.get(key) {
            for (i, c) in list.iter().enumerate() {
                let Some(cid) = s(c, "ChoiceId") else {
                    cx.diags.error(
                        "missing-field",
                        Some(cx.at.clone().json_path(format!("{path}.{key}[{i}]"))),
                        "choice answer has no `ChoiceId`",
                    );
                    continue;
                };
                let status = s(c, "Status").map(str::to_owned);
                if let Some(st) = &status
                    && !matches!(st.as_str(), "SELECTED" | "NOT_APPLICABLE" | "UNSELECTED")
                {
                    cx.diags.error(
                        "unknown-status",
                        Some(cx.at.clone().json_path(format!("{path}.{key}[{i}].Status"))),
                        format!(
                            "unknown choice status \"{}\" (SELECTED, NOT_APPLICABLE or UNSELECTED)",
                            super::text::truncate(st, 40)
                        ),
                    );
                }
                let e = choice_info.entry(cid.to_owned()).or_default();
                if status.is_some() {
                    e.0 = status;
                }
                if let Some(r) = s(c, "Reason") {
                    e.1 = Some(r.to_owned());
                }
                if let Some(n) = s(c, "Notes").filter(|n| !n.trim().is_empty()) {
                    e.2 = Some(n.to_owned());
                }
            }
        }
    }
    let listed_choices: Vec<String> = a
        .get("Choices")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|c| s(c, "ChoiceId").map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let is_applicable = a
        .get("IsApplicable")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let reported = s(a, "Risk").map(str::to_owned);
    let none_selected = selected
        .iter()
        .any(|c| c == &question.none_choice_id || c.ends_with("_no"));
    let any_na = choice_info
        .values()
        .any(|i| i.0.as_deref() == Some("NOT_APPLICABLE"));
    let answered = !selected.is_empty() || (any_na && reported.as_deref() != Some("UNANSWERED"));

    let mut qa = QuestionAnswer::new(question.id.clone(), loc.clone());
    qa.notes = s(a, "Notes")
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned);
    qa.reported_risk = reported.clone();
    qa.none_selected = none_selected;
    if !is_applicable {
        qa.not_applicable =
            Some(reason_text(s(a, "Reason")).unwrap_or_else(|| {
                "Marked not applicable in the WA Tool (no reason given)".into()
            }));
    }
    for text in qa.notes.iter() {
        super::check_text(
            text,
            &cx.at.clone().json_path(format!("{path}.Notes")),
            "Notes",
            &mut cx.diags,
        );
    }
    cx.review.questions.push(qa);

    if none_selected && selected.iter().any(|c| !c.ends_with("_no")) {
        cx.diags.push(Diagnostic::warning(
            "none-with-choices",
            Some(cx.at.clone().json_path(format!("{path}.SelectedChoices"))),
            format!("{}: \"None of these\" is selected together with other choices; \"None of these\" wins, as in the WA Tool", question.id),
        ));
    }

    // Every choice id the answer mentions, to catch unknown and older-version ids.
    let mut mentioned: BTreeSet<String> = BTreeSet::new();
    mentioned.extend(selected.iter().cloned());
    mentioned.extend(choice_info.keys().cloned());
    mentioned.extend(listed_choices.iter().cloned());
    let current_ids: BTreeSet<&str> = cx
        .catalog
        .practices_of(&question.id)
        .map(|p| p.choice_id.as_str())
        .collect();

    let status_of = |cid: &str| -> (PracticeStatus, Option<String>, Option<String>) {
        let info = choice_info.get(cid);
        let notes = info.and_then(|i| i.2.clone());
        if !is_applicable {
            return (
                PracticeStatus::NotApplicable,
                Some("The whole question is not applicable".into()),
                notes,
            );
        }
        if info.and_then(|i| i.0.as_deref()) == Some("NOT_APPLICABLE") {
            let reason = reason_text(info.and_then(|i| i.1.as_deref()))
                .unwrap_or_else(|| "Marked not applicable in the WA Tool (no reason given)".into());
            return (PracticeStatus::NotApplicable, Some(reason), notes);
        }
        if none_selected {
            return (PracticeStatus::NotImplemented, None, notes);
        }
        if selected.iter().any(|c| c == cid)
            || info.and_then(|i| i.0.as_deref()) == Some("SELECTED")
        {
            return (PracticeStatus::Implemented, None, notes);
        }
        if answered {
            (PracticeStatus::NotImplemented, None, notes)
        } else {
            (PracticeStatus::Unanswered, None, notes)
        }
    };

    // Old-version choices, grouped by the current practice they map to.
    let mut legacy_for: BTreeMap<String, Vec<LegacyHit>> = BTreeMap::new();
    for cid in &mentioned {
        if current_ids.contains(cid.as_str()) || cid.ends_with("_no") {
            continue;
        }
        if let Some(p) = cx.catalog.practice_by_choice(cid) {
            // A current choice of another question: a malformed file.
            cx.diags.error(
                "wrong-question",
                Some(loc.clone()),
                format!(
                    "choice `{cid}` belongs to {} ({}), not to {}",
                    p.question, p.id, question.id
                ),
            );
            continue;
        }
        match cx.catalog.legacy_by_choice(cid).cloned() {
            Some(l) => {
                let (st, reason, notes) = status_of(cid);
                match &l.current {
                    Some(cur) => {
                        if matches!(l.matched, LegacyMatch::Inferred | LegacyMatch::Merged) {
                            cx.inferred.insert(format!(
                                "choice `{cid}` ({} \"{}\") of an older lens version was mapped to {cur} ({}{})",
                                l.old_bp_id,
                                l.old_title,
                                if l.matched == LegacyMatch::Merged { "merged" } else { "by judgement" },
                                l.note.as_deref().map(|n| format!("; {n}")).unwrap_or_default()
                            ));
                        }
                        legacy_for.entry(cur.clone()).or_default().push((
                            cid.clone(),
                            st,
                            reason,
                            notes,
                            l.matched,
                        ));
                    }
                    None => cx.review.legacy.push(LegacyAnswer {
                        old_choice_id: cid.clone(),
                        old_bp_id: l.old_bp_id.clone(),
                        old_title: l.old_title.clone(),
                        status: st,
                        notes,
                        source: loc.clone(),
                    }),
                }
            }
            None => cx.diags.error(
                "unknown-choice",
                Some(loc.clone()),
                format!(
                    "unknown choice id \"{}\" in {} ({qid})",
                    super::text::truncate(cid, 64),
                    question.id
                ),
            ),
        }
    }

    let practices: Vec<_> = cx.catalog.practices_of(&question.id).cloned().collect();
    for p in practices {
        let direct_known = mentioned.contains(&p.choice_id);
        let legacy = legacy_for.remove(&p.id).unwrap_or_default();
        let (mut st, mut reason, mut notes) = status_of(&p.choice_id);
        let mut legacy_ids = Vec::new();
        if !direct_known && !legacy.is_empty() {
            // Only old choices speak to this practice: combine them conservatively.
            let sts: Vec<PracticeStatus> = legacy.iter().map(|l| l.1).collect();
            st = if sts.iter().all(|&x| x == PracticeStatus::NotApplicable) {
                PracticeStatus::NotApplicable
            } else if sts.iter().all(|&x| {
                matches!(
                    x,
                    PracticeStatus::Implemented | PracticeStatus::NotApplicable
                )
            }) {
                PracticeStatus::Implemented
            } else if sts.contains(&PracticeStatus::Unanswered)
                && !sts.contains(&PracticeStatus::Implemented)
            {
                sts.iter()
                    .copied()
                    .find(|&x| x != PracticeStatus::Unanswered)
                    .unwrap_or(PracticeStatus::Unanswered)
            } else {
                PracticeStatus::NotImplemented
            };
            reason = legacy.iter().find_map(|l| l.2.clone());
            notes = legacy.iter().find_map(|l| l.3.clone());
        } else if direct_known && !legacy.is_empty() {
            // Both the current choice and an old one merged into it: not implemented if either is not.
            if legacy.iter().any(|l| l.1 == PracticeStatus::NotImplemented)
                && st == PracticeStatus::Implemented
            {
                st = PracticeStatus::NotImplemented;
            }
            if notes.is_none() {
                notes = legacy.iter().find_map(|l| l.3.clone());
            }
        } else if !direct_known
            && !listed_choices.is_empty()
            && answered
            && is_applicable
            && !none_selected
        {
            cx.not_in_version.insert(p.id.clone());
        }
        legacy_ids.extend(legacy.iter().map(|l| l.0.clone()));
        let mut ans = Answer::new(p.id.clone(), st, loc.clone());
        ans.na_reason = reason;
        if let Some(n) = &notes {
            super::check_text(n, &loc, "choice Notes", &mut cx.diags);
        }
        ans.notes = notes;
        ans.legacy_ids = legacy_ids;
        cx.review.answers.push(ans);
    }
}

#[cfg(test)]
mod tests {
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

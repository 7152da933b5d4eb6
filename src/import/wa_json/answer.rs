//! One WA Tool answer (one question) into question-level data and an answer for every practice
//! of the question.
//!
//! Steps: [`question_of`] (types checked, pillars the mapping data lacks counted and skipped,
//! the question found by its pillar and WA Tool id) → [`Choices::read`] (what the answer says of its choices) →
//! [`question_answer`] → [`legacy_choices`] (choice ids of older lens versions, mapped to
//! current practices or kept as legacy answers) → [`practice_answers`] (one answer per current
//! practice, statuses decided by [`Choices::status_of`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ctx::{
    ANSWER_FIELDS, Ctx, check_types, join, reason_text, s, str_list, version_from_url,
};
use crate::error::{Diagnostic, Location};
use crate::import::text::truncate;
use crate::model::assessment::QuestionRisk;
use crate::model::catalog::Question;
use crate::model::review::{Answer, LegacyAnswer, PracticeStatus, QuestionAnswer};

/// Imports one answer (`AnswerSummaries[i]`, `Answer`, or an answer object itself) at `path`.
pub(super) fn answer(cx: &mut Ctx, a: &Value, path: &str) {
    let loc = cx.at.clone().json_path(path);
    let Some(question) = question_of(cx, a, path, &loc) else {
        return;
    };
    for key in ["HelpfulResourceUrl", "ImprovementPlanUrl"] {
        if let Some(u) = s(a, key)
            && let Some(v) = version_from_url(u)
        {
            cx.review.workload.lens_version.get_or_insert(v);
        }
    }
    let choices = Choices::read(cx, a, path, question);
    let qa = question_answer(cx, a, path, question, &choices, loc.clone());
    cx.review.questions.push(qa);
    if choices.none_selected && choices.selected.iter().any(|c| !c.ends_with("_no")) {
        cx.diags.push(Diagnostic::warning(
            "none-with-choices",
            Some(cx.at.clone().json_path(format!("{path}.SelectedChoices"))),
            format!("{}: \"None of these\" is selected together with other choices; \"None of these\" wins, as in the WA Tool", question.id),
        ));
    }
    let legacy_for = legacy_choices(cx, question, &choices, &loc);
    practice_answers(cx, question, &choices, legacy_for, &loc);
}

/// The question an answer is for, in any pillar the catalog holds; `None` when the answer is
/// not read: a wrong type or an unknown question (reported), or a pillar the mapping data does
/// not hold (counted and said).
fn question_of<'a>(
    cx: &mut Ctx<'a>,
    a: &Value,
    path: &str,
    loc: &Location,
) -> Option<&'a Question> {
    if !check_types(cx, a, path, ANSWER_FIELDS) {
        return None;
    }
    if let Some(r) = s(a, "Risk")
        && QuestionRisk::parse(r).is_none()
    {
        cx.diags.error(
            "unknown-risk",
            Some(cx.at.clone().json_path(join(path, "Risk"))),
            format!(
                "unknown risk \"{}\" (HIGH, MEDIUM, NONE, NOT_APPLICABLE or UNANSWERED)",
                truncate(r, 40)
            ),
        );
    }
    let Some(qid) = s(a, "QuestionId") else {
        cx.diags.error(
            "missing-field",
            Some(loc.clone()),
            "answer has no `QuestionId`",
        );
        return None;
    };
    let catalog = cx.catalog;
    let pillar = s(a, "PillarId");
    if let Some(p) = pillar {
        if !catalog.pillars.iter().any(|x| x.id == p) {
            *cx.other_pillars.entry(p.to_owned()).or_default() += 1;
            return None;
        }
        if !cx.review.pillars.iter().any(|x| x == p) {
            cx.review.pillars.push(p.to_owned());
        }
    }
    let question = catalog
        .lens
        .questions
        .iter()
        .find(|q| q.wa_id == qid && pillar.is_none_or(|p| q.pillar == p));
    if question.is_none() {
        let within = pillar
            .map(|p| format!(" of pillar {p}"))
            .unwrap_or_default();
        cx.diags.error(
            "unknown-question",
            Some(cx.at.clone().json_path(format!("{path}.QuestionId"))),
            format!("unknown question id \"{}\"{within}", truncate(qid, 60)),
        );
    }
    question
}

/// What an answer says of one choice (list-answers: `ChoiceAnswerSummaries`; get-answer:
/// `ChoiceAnswers`).
#[derive(Default)]
struct ChoiceInfo {
    status: Option<String>,
    reason: Option<String>,
    notes: Option<String>,
}

/// What an answer says of its question's choices.
struct Choices {
    /// `SelectedChoices`.
    selected: Vec<String>,
    /// Per choice id: status, reason and notes.
    info: BTreeMap<String, ChoiceInfo>,
    /// `Choices`: the question's choices in the lens version the review used.
    listed: Vec<String>,
    /// Every choice id the answer mentions, to catch unknown and older-version ids.
    mentioned: BTreeSet<String>,
    /// `IsApplicable` (true when absent).
    is_applicable: bool,
    /// The `Risk` the WA Tool reported.
    reported: Option<String>,
    /// "None of these" is selected.
    none_selected: bool,
    /// A choice is selected, or one is not applicable in a question not reported unanswered.
    answered: bool,
}

impl Choices {
    fn read(cx: &mut Ctx, a: &Value, path: &str, question: &Question) -> Self {
        let selected: Vec<String> = str_list(a, "SelectedChoices");
        let info = choice_info(cx, a, path);
        let listed: Vec<String> = a
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
        let any_na = info
            .values()
            .any(|i| i.status.as_deref() == Some("NOT_APPLICABLE"));
        let answered =
            !selected.is_empty() || (any_na && reported.as_deref() != Some("UNANSWERED"));
        let mut mentioned: BTreeSet<String> = BTreeSet::new();
        mentioned.extend(selected.iter().cloned());
        mentioned.extend(info.keys().cloned());
        mentioned.extend(listed.iter().cloned());
        Choices {
            selected,
            info,
            listed,
            mentioned,
            is_applicable,
            reported,
            none_selected,
            answered,
        }
    }

    /// Status, not-applicable reason and notes of a choice. A question not applicable makes
    /// every choice so; then a choice marked not applicable; then "None of these" makes every
    /// other choice not implemented; a selected choice is implemented; an unselected one is not
    /// implemented in an answered question, else unanswered.
    fn status_of(&self, cid: &str) -> (PracticeStatus, Option<String>, Option<String>) {
        let info = self.info.get(cid);
        let notes = info.and_then(|i| i.notes.clone());
        if !self.is_applicable {
            return (
                PracticeStatus::NotApplicable,
                Some("The whole question is not applicable".into()),
                notes,
            );
        }
        if info.and_then(|i| i.status.as_deref()) == Some("NOT_APPLICABLE") {
            let reason = reason_text(info.and_then(|i| i.reason.as_deref()))
                .unwrap_or_else(|| "Marked not applicable in the WA Tool (no reason given)".into());
            return (PracticeStatus::NotApplicable, Some(reason), notes);
        }
        if self.none_selected {
            return (PracticeStatus::NotImplemented, None, notes);
        }
        if self.selected.iter().any(|c| c == cid)
            || info.and_then(|i| i.status.as_deref()) == Some("SELECTED")
        {
            return (PracticeStatus::Implemented, None, notes);
        }
        if self.answered {
            (PracticeStatus::NotImplemented, None, notes)
        } else {
            (PracticeStatus::Unanswered, None, notes)
        }
    }
}

/// Per choice id, what `ChoiceAnswerSummaries` and `ChoiceAnswers` say of it; an entry without
/// a `ChoiceId` or with an unknown status is an error.
fn choice_info(cx: &mut Ctx, a: &Value, path: &str) -> BTreeMap<String, ChoiceInfo> {
    let mut info: BTreeMap<String, ChoiceInfo> = BTreeMap::new();
    for key in ["ChoiceAnswerSummaries", "ChoiceAnswers"] {
        let Some(Value::Array(list)) = a.get(key) else {
            continue;
        };
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
                        truncate(st, 40)
                    ),
                );
            }
            let e = info.entry(cid.to_owned()).or_default();
            if status.is_some() {
                e.status = status;
            }
            if let Some(r) = s(c, "Reason") {
                e.reason = Some(r.to_owned());
            }
            if let Some(n) = s(c, "Notes").filter(|n| !n.trim().is_empty()) {
                e.notes = Some(n.to_owned());
            }
        }
    }
    info
}

/// The question-level data of an answer: notes, the risk the WA Tool reported, "None of
/// these", and not applicable (with the WA Tool's reason).
fn question_answer(
    cx: &mut Ctx,
    a: &Value,
    path: &str,
    question: &Question,
    choices: &Choices,
    loc: Location,
) -> QuestionAnswer {
    let mut qa = QuestionAnswer::new(question.id.clone(), loc);
    qa.notes = s(a, "Notes")
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned);
    qa.reported_risk = choices.reported.clone();
    qa.none_selected = choices.none_selected;
    if !choices.is_applicable {
        qa.not_applicable =
            Some(reason_text(s(a, "Reason")).unwrap_or_else(|| {
                "Marked not applicable in the WA Tool (no reason given)".into()
            }));
    }
    for text in qa.notes.iter() {
        let at = cx.at.clone().json_path(format!("{path}.Notes"));
        crate::import::text::check_control_chars(text, &at, &mut cx.diags);
        crate::import::text::check_text(text, &at, "Notes", &mut cx.diags);
    }
    qa
}

/// A choice of an older lens version, mapped to a current practice.
struct LegacyHit {
    choice_id: String,
    status: PracticeStatus,
    reason: Option<String>,
    notes: Option<String>,
}

/// The mentioned choices that are not current choices of the question, grouped by the
/// current practice they map to. A choice of an older lens whose practice was removed is
/// kept as a legacy answer; a current choice of another question and an unknown choice id
/// are errors.
fn legacy_choices(
    cx: &mut Ctx,
    question: &Question,
    choices: &Choices,
    loc: &Location,
) -> BTreeMap<String, Vec<LegacyHit>> {
    let catalog = cx.catalog;
    let current_ids: BTreeSet<&str> = catalog
        .practices_of(&question.id)
        .map(|p| p.choice_id.as_str())
        .collect();
    let mut legacy_for: BTreeMap<String, Vec<LegacyHit>> = BTreeMap::new();
    for cid in &choices.mentioned {
        if current_ids.contains(cid.as_str()) || cid.ends_with("_no") {
            continue;
        }
        if let Some(p) = catalog.practice_by_choice(cid) {
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
        let Some(l) = catalog.legacy_by_choice(cid) else {
            cx.diags.error(
                "unknown-choice",
                Some(loc.clone()),
                format!(
                    "unknown choice id \"{}\" in {} ({})",
                    truncate(cid, 64),
                    question.id,
                    question.wa_id
                ),
            );
            continue;
        };
        let (status, reason, notes) = choices.status_of(cid);
        let Some(cur) = &l.current else {
            cx.review.legacy.push(LegacyAnswer {
                old_choice_id: cid.clone(),
                old_bp_id: l.old_bp_id.clone(),
                old_title: l.old_title.clone(),
                status,
                notes,
                source: loc.clone(),
            });
            continue;
        };
        if let Some(how) = l.judgement() {
            cx.inferred.insert(format!(
                "choice `{cid}` ({} \"{}\") of an older lens version was mapped to {cur} ({how})",
                l.old_bp_id, l.old_title,
            ));
        }
        legacy_for.entry(cur.clone()).or_default().push(LegacyHit {
            choice_id: cid.clone(),
            status,
            reason,
            notes,
        });
    }
    legacy_for
}

/// One answer for every current practice of the question, combining what its own choice and
/// the older choices mapped to it say.
fn practice_answers(
    cx: &mut Ctx,
    question: &Question,
    choices: &Choices,
    mut legacy_for: BTreeMap<String, Vec<LegacyHit>>,
    loc: &Location,
) {
    let catalog = cx.catalog;
    for p in catalog.practices_of(&question.id) {
        let direct_known = choices.mentioned.contains(&p.choice_id);
        let legacy = legacy_for.remove(&p.id).unwrap_or_default();
        let (mut st, mut reason, mut notes) = choices.status_of(&p.choice_id);
        if !direct_known && !legacy.is_empty() {
            // Only old choices speak to this practice: combine them conservatively.
            st = combined_status(&legacy);
            reason = legacy.iter().find_map(|l| l.reason.clone());
            notes = legacy.iter().find_map(|l| l.notes.clone());
        } else if direct_known && !legacy.is_empty() {
            // Both the current choice and an old one merged into it: not implemented if either is not.
            if legacy
                .iter()
                .any(|l| l.status == PracticeStatus::NotImplemented)
                && st == PracticeStatus::Implemented
            {
                st = PracticeStatus::NotImplemented;
            }
            if notes.is_none() {
                notes = legacy.iter().find_map(|l| l.notes.clone());
            }
        } else if !direct_known
            && !choices.listed.is_empty()
            && choices.answered
            && choices.is_applicable
            && !choices.none_selected
        {
            cx.not_in_version.insert(p.id.clone());
        }
        let mut ans = Answer::new(p.id.clone(), st, loc.clone());
        ans.na_reason = reason;
        if let Some(n) = &notes {
            crate::import::text::check_control_chars(n, loc, &mut cx.diags);
            crate::import::text::check_text(n, loc, "choice Notes", &mut cx.diags);
        }
        ans.notes = notes;
        ans.legacy_ids = legacy.iter().map(|l| l.choice_id.clone()).collect();
        cx.review.answers.push(ans);
    }
}

/// The status of a practice only older choices speak to: not applicable if all are;
/// implemented if all are implemented or not applicable; with some unanswered and none
/// implemented, the first answered one's; else not implemented.
fn combined_status(legacy: &[LegacyHit]) -> PracticeStatus {
    let sts: Vec<PracticeStatus> = legacy.iter().map(|l| l.status).collect();
    if sts.iter().all(|&x| x == PracticeStatus::NotApplicable) {
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
    }
}

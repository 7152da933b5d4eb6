//! What the readers of WA Tool JSON share: the state of one file ([`Ctx`]), field access and
//! type checks. A leaf: `wa_json/mod.rs` and `answer.rs` both use it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Diagnostics, Location};
use crate::import::text::parse_date;
use crate::model::catalog::Catalog;
use crate::model::review::Review;

/// Human text for the WA Tool's `ChoiceReason` / `AnswerReason` enums.
pub(super) fn reason_text(r: Option<&str>) -> Option<String> {
    match r? {
        "OUT_OF_SCOPE" => Some("Out of scope".into()),
        "BUSINESS_PRIORITIES" => Some("Business priorities".into()),
        "ARCHITECTURE_CONSTRAINTS" => Some("Architecture constraints".into()),
        "OTHER" => Some("Other".into()),
        "NONE" | "" => None,
        other => Some(other.to_owned()),
    }
}

/// The state of one file's import, which every reader writes into.
pub(super) struct Ctx<'a> {
    pub(super) at: &'a Location,
    pub(super) catalog: &'a Catalog,
    pub(super) diags: Diagnostics,
    pub(super) review: Review,
    pub(super) other_pillars: BTreeMap<String, u32>,
    pub(super) other_lenses: BTreeSet<String>,
    pub(super) inferred: BTreeSet<String>,
    pub(super) not_in_version: BTreeSet<String>,
}

/// The string at key `k`, if it is one.
pub(super) fn s<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    v.get(k).and_then(Value::as_str)
}

/// The strings of the list at key `k` (none when it is not a list).
pub(super) fn str_list(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `path.key`, or `key` at the top.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Lens version from a WA Tool resource URL (`…/wellarchitected/2024-06-27T08-00-00/…`).
pub(super) fn version_from_url(u: &str) -> Option<String> {
    let i = u.find("/wellarchitected/")? + "/wellarchitected/".len();
    let rest = u.get(i..i + 11)?;
    let date = rest.get(..10)?;
    (rest.ends_with('T') && parse_date(date).is_some()).then(|| date.to_owned())
}

/// JSON types the WA Tool uses for the fields wafr reads.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Str,
    Bool,
    StrList,
    ObjList,
}

/// Reports every field of `v` whose type is not what the WA Tool writes, so a wrong type is an
/// error rather than a field silently ignored. Returns false when something was wrong.
pub(super) fn check_types(cx: &mut Ctx, v: &Value, path: &str, fields: &[(&str, Kind)]) -> bool {
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

/// The fields of an answer and their types.
pub(super) const ANSWER_FIELDS: &[(&str, Kind)] = &[
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

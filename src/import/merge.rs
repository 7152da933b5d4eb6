//! Combines partial reviews (one per input file, or several pages of one file) into one.
//!
//! Rules: a value given in one place and absent in another is taken; the same value twice is
//! fine; two different values are a conflict, reported with both places. Lists (accounts,
//! regions, reviewers, evidence references) are united. An answer given twice with the same
//! content in the same file is reported as a duplicate (warning), never dropped silently.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::{Diagnostic, Diagnostics, Location, Result};
use crate::model::catalog::Catalog;
use crate::model::review::{Answer, Review, Workload};

fn conflict(diags: &mut Diagnostics, code: &str, at: &Location, other: &Location, what: String) {
    diags.push(
        Diagnostic::error(code, Some(at.clone()), what)
            .with_hint(format!("the other value is at {other}; keep one of them")),
    );
}

fn merge_opt<T: PartialEq + Clone + std::fmt::Debug>(
    a: &mut Option<T>,
    b: Option<T>,
    field: &str,
    at_a: &Location,
    at_b: &Location,
    diags: &mut Diagnostics,
    show: impl Fn(&T) -> String,
) {
    match (a.as_ref(), b) {
        (_, None) => {}
        (None, Some(v)) => *a = Some(v),
        (Some(x), Some(v)) if *x == v => {}
        (Some(x), Some(v)) => conflict(
            diags,
            "conflict",
            at_b,
            at_a,
            format!(
                "{field} \"{}\" conflicts with \"{}\"",
                super::text::truncate(&show(&v), 60),
                super::text::truncate(&show(x), 60)
            ),
        ),
    }
}

/// Appends the items of `b` that `a` lacks, in order (a set, so long lists stay linear).
pub(crate) fn union(a: &mut Vec<String>, b: Vec<String>) {
    let mut seen: HashSet<String> = a.iter().cloned().collect();
    for x in b {
        if seen.insert(x.clone()) {
            a.push(x);
        }
    }
}

fn merge_workload(
    into: &mut Workload,
    from: Workload,
    at_into: &Location,
    at_from: &Location,
    diags: &mut Diagnostics,
) {
    let id = |s: &String| s.clone();
    let name = Some(from.name).filter(|n| !n.is_empty());
    let mut cur_name = Some(into.name.clone()).filter(|n| !n.is_empty());
    merge_opt(
        &mut cur_name,
        name,
        "workload name",
        at_into,
        at_from,
        diags,
        id,
    );
    into.name = cur_name.unwrap_or_default();
    merge_opt(
        &mut into.description,
        from.description,
        "workload description",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.organisation,
        from.organisation,
        "organisation",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.environment,
        from.environment,
        "environment",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.industry,
        from.industry,
        "industry",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.review_owner,
        from.review_owner,
        "review owner",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.review_date,
        from.review_date,
        "review date",
        at_into,
        at_from,
        diags,
        |d| d.to_string(),
    );
    merge_opt(
        &mut into.lens_version,
        from.lens_version,
        "lens version",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.scope,
        from.scope,
        "scope",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.notes,
        from.notes,
        "workload notes",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.wa_workload_id,
        from.wa_workload_id,
        "WA Tool workload id",
        at_into,
        at_from,
        diags,
        id,
    );
    merge_opt(
        &mut into.milestone,
        from.milestone,
        "milestone",
        at_into,
        at_from,
        diags,
        id,
    );
    union(&mut into.aws_accounts, from.aws_accounts);
    union(&mut into.regions, from.regions);
    union(&mut into.reviewers, from.reviewers);
}

fn merge_answer(a: &mut Answer, b: Answer, diags: &mut Diagnostics) {
    let same_file = a.source.file == b.source.file;
    // An entry without a status only adds data to the answer that has one.
    if !b.status_given {
    } else if !a.status_given {
        a.status = b.status;
        a.status_given = true;
        a.source = b.source.clone();
    } else if a.status != b.status {
        conflict(
            diags,
            "conflicting-answers",
            &b.source,
            &a.source,
            format!(
                "{} is answered \"{}\" here and \"{}\" elsewhere",
                a.practice,
                b.status.label(),
                a.status.label()
            ),
        );
        return;
    }
    let identical = a.na_reason == b.na_reason
        && a.notes == b.notes
        && a.owner == b.owner
        && a.evidence == b.evidence
        && a.effort == b.effort
        && a.target_date == b.target_date
        && a.depends_on == b.depends_on;
    let (at_a, at_b) = (a.source.clone(), b.source.clone());
    let id = |s: &String| s.clone();
    merge_opt(
        &mut a.na_reason,
        b.na_reason,
        &format!("{} not-applicable reason", a.practice),
        &at_a,
        &at_b,
        diags,
        id,
    );
    merge_opt(
        &mut a.notes,
        b.notes,
        &format!("{} notes", a.practice),
        &at_a,
        &at_b,
        diags,
        id,
    );
    merge_opt(
        &mut a.owner,
        b.owner,
        &format!("{} owner", a.practice),
        &at_a,
        &at_b,
        diags,
        id,
    );
    merge_opt(
        &mut a.effort,
        b.effort,
        &format!("{} effort", a.practice),
        &at_a,
        &at_b,
        diags,
        |e| e.label().to_owned(),
    );
    merge_opt(
        &mut a.target_date,
        b.target_date,
        &format!("{} target date", a.practice),
        &at_a,
        &at_b,
        diags,
        |d| d.to_string(),
    );
    union(&mut a.evidence, b.evidence);
    union(&mut a.depends_on, b.depends_on);
    union(&mut a.legacy_ids, b.legacy_ids);
    if same_file && identical && at_a != at_b {
        diags.push(Diagnostic::warning(
            "duplicate-answer",
            Some(at_b),
            format!(
                "{} is answered twice with the same content (also at {at_a}); counted once",
                a.practice
            ),
        ));
    }
}

/// Merges partial reviews into one, in input order.
pub fn merge(parts: Vec<Review>, catalog: &Catalog) -> Result<Review> {
    let mut diags = Diagnostics::new();
    let mut out = Review::default();
    let mut workload_at: Option<Location> = None;
    let mut answers: BTreeMap<usize, Answer> = BTreeMap::new();
    let mut questions: BTreeMap<String, crate::model::review::QuestionAnswer> = BTreeMap::new();
    // Registers can hold 100,000 items: look ids up, do not scan.
    let mut evidence_ids: HashMap<String, usize> = HashMap::new();
    let mut risk_ids: HashMap<String, usize> = HashMap::new();
    let mut control_ids: HashMap<(String, String), usize> = HashMap::new();
    for part in parts {
        let part_at = part
            .sources
            .first()
            .map(|s| Location::file(&s.path))
            .or_else(|| part.answers.first().map(|a| Location::file(&a.source.file)))
            .unwrap_or_default();
        match &workload_at {
            None => {
                out.workload = part.workload;
                workload_at = Some(part_at.clone());
            }
            Some(at) => {
                let at = at.clone();
                merge_workload(&mut out.workload, part.workload, &at, &part_at, &mut diags);
            }
        }
        for a in part.answers {
            let Some(idx) = catalog.practice_index(&a.practice) else {
                diags.error(
                    "unknown-practice",
                    Some(a.source.clone()),
                    format!("unknown best practice `{}`", a.practice),
                );
                continue;
            };
            match answers.get_mut(&idx) {
                None => {
                    answers.insert(idx, a);
                }
                Some(prev) => merge_answer(prev, a, &mut diags),
            }
        }
        for q in part.questions {
            match questions.get_mut(&q.question) {
                None => {
                    questions.insert(q.question.clone(), q);
                }
                Some(prev) => {
                    let (pa, qa) = (prev.source.clone(), q.source.clone());
                    let id = |s: &String| s.clone();
                    merge_opt(
                        &mut prev.notes,
                        q.notes,
                        &format!("{} notes", q.question),
                        &pa,
                        &qa,
                        &mut diags,
                        id,
                    );
                    merge_opt(
                        &mut prev.not_applicable,
                        q.not_applicable,
                        &format!("{} not-applicable reason", q.question),
                        &pa,
                        &qa,
                        &mut diags,
                        id,
                    );
                    merge_opt(
                        &mut prev.reported_risk,
                        q.reported_risk,
                        &format!("{} reported risk", q.question),
                        &pa,
                        &qa,
                        &mut diags,
                        id,
                    );
                    prev.none_selected |= q.none_selected;
                }
            }
        }
        for e in part.evidence {
            match evidence_ids.get(&e.id).and_then(|&i| out.evidence.get(i)) {
                Some(prev) if *prev == EvidenceCmp(&e).normalised(prev) => {}
                Some(prev) => conflict(
                    &mut diags,
                    "duplicate-evidence",
                    &e.source,
                    &prev.source,
                    format!(
                        "evidence id `{}` is defined twice with different content",
                        e.id
                    ),
                ),
                None => {
                    evidence_ids.insert(e.id.clone(), out.evidence.len());
                    out.evidence.push(e);
                }
            }
        }
        for w in part.accepted_risks {
            match risk_ids.get(&w.id).and_then(|&i| out.accepted_risks.get(i)) {
                Some(prev) => conflict(
                    &mut diags,
                    "duplicate-accepted-risk",
                    &w.source,
                    &prev.source,
                    format!("accepted risk id `{}` is defined twice", w.id),
                ),
                None => {
                    risk_ids.insert(w.id.clone(), out.accepted_risks.len());
                    out.accepted_risks.push(w);
                }
            }
        }
        for c in part.control_overrides {
            let key = (c.framework.clone(), c.control.clone());
            match control_ids
                .get(&key)
                .and_then(|&i| out.control_overrides.get(i))
            {
                Some(prev) => conflict(
                    &mut diags,
                    "duplicate-control",
                    &c.source,
                    &prev.source,
                    format!("control `{}:{}` is given twice", c.framework, c.control),
                ),
                None => {
                    control_ids.insert(key, out.control_overrides.len());
                    out.control_overrides.push(c);
                }
            }
        }
        out.legacy.extend(part.legacy);
        out.sources.extend(part.sources);
        out.warnings.extend(part.warnings);
    }
    out.answers = answers.into_values().collect();
    let order: Vec<String> = catalog
        .lens
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let mut qs: Vec<_> = questions.into_values().collect();
    qs.sort_by_key(|q| {
        order
            .iter()
            .position(|o| *o == q.question)
            .unwrap_or(usize::MAX)
    });
    out.questions = qs;
    let warnings = diags.finish(&format!("{} input file(s)", out.sources.len().max(1)))?;
    out.warnings.extend(warnings);
    Ok(out)
}

/// Compares evidence items ignoring where they were read.
struct EvidenceCmp<'a>(&'a crate::model::review::EvidenceItem);

impl EvidenceCmp<'_> {
    fn normalised(
        &self,
        like: &crate::model::review::EvidenceItem,
    ) -> crate::model::review::EvidenceItem {
        let mut e = self.0.clone();
        e.source = like.source.clone();
        e
    }
}

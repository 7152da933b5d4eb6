//! Combines partial reviews (one per input file, or several pages of one file) into one.
//!
//! Rules: a value given in one place and absent in another is taken; the same value twice is
//! fine; two different values are a conflict, reported with both places. Lists (accounts,
//! regions, reviewers, evidence references) are united. An answer given twice with the same
//! content in the same file is reported as a duplicate (warning), never dropped silently.

use std::collections::{BTreeMap, HashMap, HashSet};

use time::Date;

use super::text::truncate;
use crate::error::{Diagnostic, Diagnostics, Location, Result};
use crate::model::catalog::Catalog;
use crate::model::review::{
    AcceptedRisk, Answer, ControlOverride, EvidenceItem, QuestionAnswer, Review, Workload,
};

fn conflict(diags: &mut Diagnostics, code: &str, at: &Location, other: &Location, what: String) {
    diags.push(
        Diagnostic::error(code, Some(at.clone()), what)
            .with_hint(format!("the other value is at {other}; keep one of them")),
    );
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

/// Two places that give values for the same fields: what is kept (`first`) and what comes in
/// (`second`). A conflict is reported at the second, naming the first.
struct Sides<'d> {
    first: &'d Location,
    second: &'d Location,
    diags: &'d mut Diagnostics,
}

impl Sides<'_> {
    /// Takes `b` into `a` when `a` has no value; two different values are a conflict.
    fn opt<T: PartialEq>(
        &mut self,
        a: &mut Option<T>,
        b: Option<T>,
        field: &str,
        show: impl Fn(&T) -> String,
    ) {
        match (a.as_ref(), b) {
            (_, None) => {}
            (None, Some(v)) => *a = Some(v),
            (Some(x), Some(v)) if *x == v => {}
            (Some(x), Some(v)) => conflict(
                self.diags,
                "conflict",
                self.second,
                self.first,
                format!(
                    "{field} \"{}\" conflicts with \"{}\"",
                    truncate(&show(&v), 60),
                    truncate(&show(x), 60)
                ),
            ),
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
    let mut m = Sides {
        first: at_into,
        second: at_from,
        diags,
    };
    let name = Some(from.name).filter(|n| !n.is_empty());
    let mut cur_name = Some(into.name.clone()).filter(|n| !n.is_empty());
    m.opt(&mut cur_name, name, "workload name", String::clone);
    into.name = cur_name.unwrap_or_default();
    m.opt(
        &mut into.description,
        from.description,
        "workload description",
        String::clone,
    );
    m.opt(
        &mut into.organisation,
        from.organisation,
        "organisation",
        String::clone,
    );
    m.opt(
        &mut into.environment,
        from.environment,
        "environment",
        String::clone,
    );
    m.opt(&mut into.industry, from.industry, "industry", String::clone);
    m.opt(
        &mut into.review_owner,
        from.review_owner,
        "review owner",
        String::clone,
    );
    m.opt(
        &mut into.review_date,
        from.review_date,
        "review date",
        |d| d.to_string(),
    );
    m.opt(
        &mut into.lens_version,
        from.lens_version,
        "lens version",
        String::clone,
    );
    m.opt(&mut into.scope, from.scope, "scope", String::clone);
    m.opt(&mut into.notes, from.notes, "workload notes", String::clone);
    m.opt(
        &mut into.wa_workload_id,
        from.wa_workload_id,
        "WA Tool workload id",
        String::clone,
    );
    m.opt(
        &mut into.milestone,
        from.milestone,
        "milestone",
        String::clone,
    );
    m.opt(
        &mut into.criticality,
        from.criticality,
        "criticality",
        |c| c.as_str().to_owned(),
    );
    m.opt(&mut into.currency, from.currency, "currency", String::clone);
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
        && a.impact == b.impact
        && a.effort_days == b.effort_days
        && a.cost == b.cost
        && a.target_date == b.target_date
        && a.depends_on == b.depends_on;
    let (at_a, at_b) = (a.source.clone(), b.source.clone());
    let mut m = Sides {
        first: &at_a,
        second: &at_b,
        diags,
    };
    let Answer {
        na_reason,
        notes,
        owner,
        effort,
        impact,
        effort_days,
        cost,
        target_date,
        evidence,
        depends_on,
        legacy_ids,
        ..
    } = b;
    let bp = a.practice.clone();
    let what = |field: &str| format!("{bp} {field}");
    m.opt(
        &mut a.na_reason,
        na_reason,
        &what("not-applicable reason"),
        String::clone,
    );
    m.opt(&mut a.notes, notes, &what("notes"), String::clone);
    m.opt(&mut a.owner, owner, &what("owner"), String::clone);
    m.opt(&mut a.effort, effort, &what("effort"), |e| {
        e.label().to_owned()
    });
    m.opt(&mut a.impact, impact, &what("impact"), String::clone);
    m.opt(
        &mut a.effort_days,
        effort_days,
        &what("effort in days"),
        f64::to_string,
    );
    m.opt(&mut a.cost, cost, &what("cost"), f64::to_string);
    m.opt(
        &mut a.target_date,
        target_date,
        &what("target date"),
        Date::to_string,
    );
    union(&mut a.evidence, evidence);
    union(&mut a.depends_on, depends_on);
    union(&mut a.legacy_ids, legacy_ids);
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

/// The engagement settings of several files: each given once, or the same in each.
fn merge_audit(
    into: &mut crate::model::audit::AuditScope,
    from: crate::model::audit::AuditScope,
    at: &Location,
    diags: &mut Diagnostics,
) {
    let same = |diags: &mut Diagnostics, what: &str, ok: bool| {
        if !ok {
            diags.push(Diagnostic::error(
                "conflict",
                Some(at.clone()),
                format!("audit {what} differs from another input's"),
            ));
        }
    };
    macro_rules! one {
        ($f:ident, $what:expr) => {
            match (&into.$f, from.$f) {
                (_, None) => {}
                (None, v) => into.$f = v,
                (Some(a), Some(b)) => same(diags, $what, *a == b),
            }
        };
    }
    one!(period, "period");
    one!(audit_type, "type");
    one!(sampling, "sampling frequency");
    one!(fieldwork, "fieldwork date");
    one!(gdpr_role, "GDPR role");
    if into.tsc.is_empty() {
        into.tsc = from.tsc;
    } else if !from.tsc.is_empty() {
        same(diags, "Trust Services Categories", into.tsc == from.tsc);
    }
}

fn merge_question(prev: &mut QuestionAnswer, q: QuestionAnswer, diags: &mut Diagnostics) {
    let (pa, qa) = (prev.source.clone(), q.source.clone());
    let mut m = Sides {
        first: &pa,
        second: &qa,
        diags,
    };
    let id = &q.question;
    m.opt(
        &mut prev.notes,
        q.notes,
        &format!("{id} notes"),
        String::clone,
    );
    m.opt(
        &mut prev.not_applicable,
        q.not_applicable,
        &format!("{id} not-applicable reason"),
        String::clone,
    );
    m.opt(
        &mut prev.reported_risk,
        q.reported_risk,
        &format!("{id} reported risk"),
        String::clone,
    );
    prev.none_selected |= q.none_selected;
}

/// Merges partial reviews into one, in input order.
pub fn merge(parts: Vec<Review>, catalog: &Catalog) -> Result<Review> {
    let mut m = Merger::new(catalog);
    for part in parts {
        m.add(part);
    }
    m.finish()
}

/// The review being merged, with the indexes that find what a part repeats.
struct Merger<'c> {
    catalog: &'c Catalog,
    diags: Diagnostics,
    out: Review,
    /// Where the workload kept so far comes from.
    workload_at: Option<Location>,
    /// Answers by the practice's index in the catalog (so they come out in catalog order).
    answers: BTreeMap<usize, Answer>,
    questions: BTreeMap<String, QuestionAnswer>,
    // Registers can hold 100,000 items: look ids up, do not scan.
    evidence_ids: HashMap<String, usize>,
    risk_ids: HashMap<String, usize>,
    control_ids: HashMap<(String, String), usize>,
}

impl<'c> Merger<'c> {
    fn new(catalog: &'c Catalog) -> Self {
        Merger {
            catalog,
            diags: Diagnostics::new(),
            out: Review::default(),
            workload_at: None,
            answers: BTreeMap::new(),
            questions: BTreeMap::new(),
            evidence_ids: HashMap::new(),
            risk_ids: HashMap::new(),
            control_ids: HashMap::new(),
        }
    }

    /// Takes in one partial review.
    fn add(&mut self, part: Review) {
        let part_at = part
            .sources
            .first()
            .map(|s| Location::file(&s.path))
            .or_else(|| part.answers.first().map(|a| Location::file(&a.source.file)))
            .unwrap_or_default();
        match &self.workload_at {
            None => {
                self.out.workload = part.workload;
                self.workload_at = Some(part_at.clone());
            }
            Some(at) => {
                let at = at.clone();
                let (w, diags) = (&mut self.out.workload, &mut self.diags);
                merge_workload(w, part.workload, &at, &part_at, diags);
            }
        }
        self.add_answers(part.answers);
        self.add_questions(part.questions);
        self.add_evidence(part.evidence);
        self.add_accepted_risks(part.accepted_risks);
        self.add_controls(part.control_overrides);
        merge_audit(&mut self.out.audit, part.audit, &part_at, &mut self.diags);
        union(&mut self.out.pillars, part.pillars);
        self.out.legacy.extend(part.legacy);
        self.out.sources.extend(part.sources);
        self.out.warnings.extend(part.warnings);
    }

    fn add_answers(&mut self, answers: Vec<Answer>) {
        for a in answers {
            let Some(idx) = self.catalog.practice_index(&a.practice) else {
                self.diags.error(
                    "unknown-practice",
                    Some(a.source.clone()),
                    format!("unknown best practice `{}`", a.practice),
                );
                continue;
            };
            match self.answers.get_mut(&idx) {
                None => {
                    self.answers.insert(idx, a);
                }
                Some(prev) => merge_answer(prev, a, &mut self.diags),
            }
        }
    }

    fn add_questions(&mut self, questions: Vec<QuestionAnswer>) {
        for q in questions {
            match self.questions.get_mut(&q.question) {
                None => {
                    self.questions.insert(q.question.clone(), q);
                }
                Some(prev) => merge_question(prev, q, &mut self.diags),
            }
        }
    }

    /// The same evidence id twice is fine with the same content, else an error.
    fn add_evidence(&mut self, items: Vec<EvidenceItem>) {
        for e in items {
            let out = &mut self.out.evidence;
            match self.evidence_ids.get(&e.id).and_then(|&i| out.get(i)) {
                Some(prev) if *prev == EvidenceCmp(&e).normalised(prev) => {}
                Some(prev) => conflict(
                    &mut self.diags,
                    "duplicate-evidence",
                    &e.source,
                    &prev.source,
                    format!(
                        "evidence id `{}` is defined twice with different content",
                        e.id
                    ),
                ),
                None => {
                    self.evidence_ids.insert(e.id.clone(), out.len());
                    out.push(e);
                }
            }
        }
    }

    /// An accepted-risk id twice is an error.
    fn add_accepted_risks(&mut self, items: Vec<AcceptedRisk>) {
        for w in items {
            let out = &mut self.out.accepted_risks;
            match self.risk_ids.get(&w.id).and_then(|&i| out.get(i)) {
                Some(prev) => conflict(
                    &mut self.diags,
                    "duplicate-accepted-risk",
                    &w.source,
                    &prev.source,
                    format!("accepted risk id `{}` is defined twice", w.id),
                ),
                None => {
                    self.risk_ids.insert(w.id.clone(), out.len());
                    out.push(w);
                }
            }
        }
    }

    /// A decision for one control twice is an error.
    fn add_controls(&mut self, items: Vec<ControlOverride>) {
        for c in items {
            let key = (c.framework.clone(), c.control.clone());
            let out = &mut self.out.control_overrides;
            match self.control_ids.get(&key).and_then(|&i| out.get(i)) {
                Some(prev) => conflict(
                    &mut self.diags,
                    "duplicate-control",
                    &c.source,
                    &prev.source,
                    format!("control `{}:{}` is given twice", c.framework, c.control),
                ),
                None => {
                    self.control_ids.insert(key, out.len());
                    out.push(c);
                }
            }
        }
    }

    /// The merged review: answers in catalog order, questions in the lens's order.
    fn finish(self) -> Result<Review> {
        let Merger {
            catalog,
            diags,
            mut out,
            answers,
            questions,
            ..
        } = self;
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
        let warnings = diags.finish(&format!(
            "{} input {}",
            out.sources.len().max(1),
            if out.sources.len() > 1 {
                "files"
            } else {
                "file"
            }
        ))?;
        out.warnings.extend(warnings);
        Ok(out)
    }
}

/// Compares evidence items ignoring where they were read.
struct EvidenceCmp<'a>(&'a EvidenceItem);

impl EvidenceCmp<'_> {
    fn normalised(&self, like: &EvidenceItem) -> EvidenceItem {
        let mut e = self.0.clone();
        e.source = like.source.clone();
        e
    }
}

//! wafr's native review format (`"schema": "wafr/review/1"`), documented in
//! `docs/review-format.md`. Strict: unknown fields are errors, every value is checked, and all
//! problems of a file are reported together with their JSON path.

use serde::Deserialize;
use serde_json::Value;

use super::estimates::amount_at;
use super::text::{Texts, is_account_id, is_sha256, truncate};
use crate::error::{Diagnostics, Error, Location, Result};
use crate::model::catalog::{Catalog, Responsibility, canonical_bp_id};
use crate::model::review::{
    AcceptedRisk, Answer, ControlOverride, Effort, EvidenceItem, LegacyAnswer, PracticeStatus,
    QuestionAnswer, Review, Workload,
};

/// The schema tag of native review files.
pub(crate) const REVIEW_SCHEMA: &str = "wafr/review/1";

/// Most JSON objects and lists in one file: a generous four per spreadsheet row limit (an
/// evidence item is an object holding a list). Counted before parsing, because the parsed tree
/// costs about 550 bytes per object, so a 64 MiB file of tiny objects would take over a GiB.
pub const MAX_JSON_CONTAINERS: usize = 1_000_000;

/// Parses JSON text into a value, locating syntax errors by line and column.
pub fn parse_json_value(text: &str, at: &Location) -> Result<Value> {
    check_containers(text, at)?;
    serde_json::from_str(text).map_err(|e| json_error(e, at))
}

/// Refuses text with more than [`MAX_JSON_CONTAINERS`] objects and lists, naming the line and
/// column where the count goes over, without building anything.
fn check_containers(text: &str, at: &Location) -> Result<()> {
    let (mut n, mut line, mut col) = (0usize, 1u32, 0u32);
    let (mut in_string, mut escaped) = (false, false);
    for &b in text.as_bytes() {
        col = col.saturating_add(1);
        if b == b'\n' {
            (line, col) = (line.saturating_add(1), 0);
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                n += 1;
                if n > MAX_JSON_CONTAINERS {
                    return Err(Error::data(
                        at.clone().line(line, col),
                        "too-many-items",
                        format!(
                            "the file holds more than {MAX_JSON_CONTAINERS} JSON objects and lists: split the review into several files"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn json_error(e: serde_json::Error, at: &Location) -> Error {
    Error::data(
        json_position(at.clone(), &e),
        "invalid-json",
        json_message(&e),
    )
}

/// `at` with the line and column of a serde_json error. serde_json counts a position before
/// the first character of a line (an end of file after a newline) as column 0; we say column 1,
/// as editors do. An error without a position (line 0) gets none.
fn json_position(at: Location, e: &serde_json::Error) -> Location {
    match (u32::try_from(e.line()), u32::try_from(e.column())) {
        (Ok(line), Ok(column)) if line > 0 => at.line(line, column.max(1)),
        _ => at,
    }
}

/// serde_json's message without its trailing " at line L column C": the location says it.
fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(&msg).to_owned(),
        None => msg,
    }
}

/// True when the JSON is a native review.
pub(crate) fn is_native(v: &Value) -> bool {
    v.get("schema")
        .and_then(Value::as_str)
        .is_some_and(|s| s.starts_with("wafr/review"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    schema: String,
    #[serde(default)]
    workload: RawWorkload,
    #[serde(default)]
    questions: Vec<RawQuestion>,
    #[serde(default)]
    answers: Vec<RawAnswer>,
    #[serde(default)]
    evidence: Vec<RawEvidence>,
    #[serde(default)]
    accepted_risks: Vec<RawWaiver>,
    #[serde(default)]
    controls: Vec<RawControl>,
    #[serde(default)]
    audit: super::engagement::RawAudit,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    environment: Option<String>,
    #[serde(default)]
    industry: Option<String>,
    #[serde(default)]
    aws_accounts: Vec<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    review_owner: Option<String>,
    #[serde(default)]
    reviewers: Vec<String>,
    #[serde(default)]
    review_date: Option<String>,
    #[serde(default)]
    lens_version: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    milestone: Option<String>,
    #[serde(default)]
    criticality: Option<String>,
    #[serde(default)]
    currency: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    not_applicable: Option<String>,
    /// "None of these" selected (the WA Tool's `…_no` choice).
    #[serde(default)]
    none_of_these: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    practice: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    na_reason: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    effort: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    effort_days: Option<f64>,
    #[serde(default)]
    cost: Option<f64>,
    #[serde(default)]
    target_date: Option<String>,
    #[serde(default)]
    depends_on: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    id: String,
    title: String,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    collected_on: Option<String>,
    #[serde(default)]
    period_start: Option<String>,
    #[serde(default)]
    period_end: Option<String>,
    #[serde(default)]
    expires_on: Option<String>,
    #[serde(default)]
    supports: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    attestation: Option<super::engagement::RawAttestation>,
    #[serde(default)]
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    id: String,
    target: String,
    title: String,
    justification: String,
    #[serde(default)]
    approver: Option<String>,
    #[serde(default)]
    approved_on: Option<String>,
    #[serde(default)]
    expires_on: Option<String>,
    #[serde(default)]
    compensating_control: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    framework: String,
    control: String,
    #[serde(default)]
    responsibility: Option<String>,
    #[serde(default)]
    not_applicable: Option<String>,
    #[serde(default)]
    applicable: Option<bool>,
    #[serde(default)]
    justification: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    sampling: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// Status words accepted in native files (the spreadsheet importer accepts more synonyms).
pub(crate) fn parse_status(s: &str) -> Option<PracticeStatus> {
    match s
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
        .as_str()
    {
        "implemented" => Some(PracticeStatus::Implemented),
        "not_implemented" => Some(PracticeStatus::NotImplemented),
        "not_applicable" => Some(PracticeStatus::NotApplicable),
        "unanswered" => Some(PracticeStatus::Unanswered),
        _ => None,
    }
}

/// Imports a native review: the file is parsed strictly (an unknown field or a wrong type stops
/// here, at its JSON path), then every section is checked, collecting every problem.
pub fn import(text: &str, at: &Location, catalog: &Catalog) -> Result<Review> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let file: File = match serde_path_to_error::deserialize(de) {
        Ok(f) => f,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let loc = json_position(at.clone().json_path(path), &inner);
            return Err(Error::data(loc, "invalid-review", json_message(&inner)));
        }
    };
    let mut diags = Diagnostics::new();
    if file.schema != REVIEW_SCHEMA {
        diags.error(
            "unsupported-schema",
            Some(at.clone().json_path("schema")),
            format!(
                "schema \"{}\" is not supported; this wafr reads \"{REVIEW_SCHEMA}\"",
                truncate(&file.schema, 40)
            ),
        );
    }
    let mut review = Review::default();
    let mut t = Texts {
        at,
        diags: &mut diags,
    };
    review.audit = super::engagement::audit(&mut t, file.audit);
    review.workload = workload(&mut t, file.workload);
    for (i, q) in file.questions.into_iter().enumerate() {
        question(&mut t, i, q, catalog, &mut review);
    }
    for (i, a) in file.answers.into_iter().enumerate() {
        answer(&mut t, i, a, catalog, &mut review);
    }
    for (i, e) in file.evidence.into_iter().enumerate() {
        review.evidence.push(evidence(&mut t, i, e));
    }
    for (i, w) in file.accepted_risks.into_iter().enumerate() {
        review.accepted_risks.push(accepted_risk(&mut t, i, w));
    }
    for (i, c) in file.controls.into_iter().enumerate() {
        review.control_overrides.push(control(&mut t, i, c));
    }
    let warnings = diags.finish(&at.file)?;
    review.warnings.extend(warnings);
    Ok(review)
}

/// The workload; an account id that is not 12 digits is a warning.
fn workload(t: &mut Texts, w: RawWorkload) -> Workload {
    let at = t.at;
    let workload = Workload {
        name: t.opt(w.name, "workload.name").unwrap_or_default(),
        description: t.opt(w.description, "workload.description"),
        organisation: t.opt(w.organisation, "workload.organisation"),
        environment: t.opt(w.environment, "workload.environment"),
        industry: t.opt(w.industry, "workload.industry"),
        aws_accounts: t.list(w.aws_accounts, "workload.aws_accounts"),
        regions: t.list(w.regions, "workload.regions"),
        review_owner: t.opt(w.review_owner, "workload.review_owner"),
        reviewers: t.list(w.reviewers, "workload.reviewers"),
        review_date: t.date(w.review_date, "workload.review_date"),
        lens_version: t.opt(w.lens_version, "workload.lens_version"),
        scope: t.opt(w.scope, "workload.scope"),
        notes: t.opt(w.notes, "workload.notes"),
        wa_workload_id: None,
        milestone: t.opt(w.milestone, "workload.milestone"),
        criticality: super::engagement::checked(
            t,
            w.criticality.as_deref(),
            "workload.criticality",
            super::estimates::criticality,
        ),
        currency: super::engagement::checked(
            t,
            w.currency.as_deref(),
            "workload.currency",
            super::estimates::currency,
        ),
    };
    for (i, a) in workload.aws_accounts.iter().enumerate() {
        if !is_account_id(a) {
            t.diags.warning(
                "odd-account-id",
                Some(at.clone().json_path(format!("workload.aws_accounts[{i}]"))),
                format!("\"{}\" is not a 12-digit AWS account id", truncate(a, 40)),
            );
        }
    }
    workload
}

/// One entry of `questions`: notes, and a reason that makes the question not applicable.
fn question(t: &mut Texts, i: usize, q: RawQuestion, catalog: &Catalog, review: &mut Review) {
    let p = format!("questions[{i}]");
    let loc = t.at.clone().json_path(&p);
    let Some(question) = catalog.question(&q.id) else {
        t.diags.error(
            "unknown-question",
            Some(t.at.clone().json_path(format!("{p}.id"))),
            format!("unknown question \"{}\"", truncate(&q.id, 40)),
        );
        return;
    };
    let mut qa = QuestionAnswer::new(question.id.clone(), loc);
    qa.notes = t.opt(q.notes, &format!("{p}.notes"));
    qa.not_applicable = t.opt(q.not_applicable, &format!("{p}.not_applicable"));
    qa.none_selected = q.none_of_these;
    review.questions.push(qa);
}

/// One entry of `answers`: its values checked, then its practice resolved (a current BP id or
/// choice id, or a choice id of an older lens: mapped to its successor, or kept as a legacy
/// answer when the practice was removed).
fn answer(t: &mut Texts, i: usize, a: RawAnswer, catalog: &Catalog, review: &mut Review) {
    let p = format!("answers[{i}]");
    let loc = t.at.clone().json_path(&p);
    let status = status(t, a.status.as_deref(), &p);
    let mut ans = Answer::new(String::new(), PracticeStatus::Unanswered, loc.clone());
    ans.status_given = a.status.is_some();
    ans.na_reason = t.opt(a.na_reason, &format!("{p}.na_reason"));
    ans.notes = t.opt(a.notes, &format!("{p}.notes"));
    ans.owner = t.opt(a.owner, &format!("{p}.owner"));
    ans.evidence = t.list(a.evidence, &format!("{p}.evidence"));
    ans.effort = t.parsed(
        a.effort,
        &format!("{p}.effort"),
        Effort::parse,
        "invalid-effort",
        "effort",
        "low, medium or high",
    );
    ans.impact = t.opt(a.impact, &format!("{p}.impact"));
    ans.effort_days = amount_at(t, a.effort_days, &format!("{p}.effort_days"));
    ans.cost = amount_at(t, a.cost, &format!("{p}.cost"));
    ans.target_date = t.date(a.target_date, &format!("{p}.target_date"));
    ans.depends_on = depends_on(t, &a.depends_on, &p, catalog);
    let Some(status) = status else { return };
    ans.status = status;
    if status == PracticeStatus::NotApplicable && ans.na_reason.is_none() {
        t.diags.error(
            "missing-na-reason",
            Some(t.at.clone().json_path(format!("{p}.na_reason"))),
            "a practice marked not_applicable needs na_reason: say why it does not apply",
        );
    }
    // The practice: a current BP id, a current choice id, or an id of an older lens.
    let key = a.practice.trim();
    let current = canonical_bp_id(key)
        .and_then(|id| catalog.practice(&id).map(|p| p.id.clone()))
        .or_else(|| catalog.practice_by_choice(key).map(|p| p.id.clone()));
    if let Some(bp) = current {
        ans.practice = bp;
        review.answers.push(ans);
        return;
    }
    match catalog.legacy_by_choice(key) {
        Some(l) => match &l.current {
            Some(cur) => {
                ans.practice = cur.clone();
                ans.legacy_ids = vec![l.old_choice_id.clone()];
                review.answers.push(ans);
            }
            None => review.legacy.push(LegacyAnswer {
                old_choice_id: l.old_choice_id.clone(),
                old_bp_id: l.old_bp_id.clone(),
                old_title: l.old_title.clone(),
                status,
                notes: ans.notes,
                source: loc,
            }),
        },
        None => t.diags.push(
            crate::error::Diagnostic::error(
                "unknown-practice",
                Some(t.at.clone().json_path(format!("{p}.practice"))),
                format!("unknown best practice \"{}\"", truncate(key, 60)),
            )
            .with_hint(practice_hint(catalog, key)),
        ),
    }
}

/// What to write instead of an unknown practice id: the closest id or choice id of the
/// catalog, else what ids look like.
pub(crate) fn practice_hint(catalog: &Catalog, key: &str) -> String {
    let ids = catalog
        .lens
        .practices
        .iter()
        .flat_map(|p| [p.id.as_str(), p.choice_id.as_str()]);
    match crate::textfmt::did_you_mean(key, ids) {
        Some(m) => format!("did you mean `{m}`?"),
        None => "use a BP id such as SEC01-BP01 or a WA Tool choice id such as sec_securely_operate_multi_accounts".into(),
    }
}

/// An answer's status: unanswered when absent; `None` for a word native files do not accept
/// (reported).
fn status(t: &mut Texts, status: Option<&str>, p: &str) -> Option<PracticeStatus> {
    match status.map(parse_status) {
        None => Some(PracticeStatus::Unanswered),
        Some(Some(s)) => Some(s),
        Some(None) => {
            t.diags.push(
                crate::error::Diagnostic::error(
                    "unknown-status",
                    Some(t.at.clone().json_path(format!("{p}.status"))),
                    format!(
                        "unknown status \"{}\"",
                        truncate(status.unwrap_or_default(), 40)
                    ),
                )
                .with_hint(
                    "expected one of: implemented, not_implemented, not_applicable, unanswered",
                ),
            );
            None
        }
    }
}

/// The practices an answer depends on: BP ids of the catalog; any other is an error.
fn depends_on(t: &mut Texts, ids: &[String], p: &str, catalog: &Catalog) -> Vec<String> {
    let mut depends_on = Vec::new();
    for (j, d) in ids.iter().enumerate() {
        match canonical_bp_id(d).filter(|id| catalog.practice(id).is_some()) {
            Some(id) => depends_on.push(id),
            None => t.diags.push(
                crate::error::Diagnostic::error(
                    "unknown-practice",
                    Some(t.at.clone().json_path(format!("{p}.depends_on[{j}]"))),
                    format!("unknown best practice \"{}\"", truncate(d, 40)),
                )
                .with_hint(practice_hint(catalog, d)),
            ),
        }
    }
    depends_on
}

/// One entry of `evidence`; a sha256 that is not 64 hexadecimal digits is an error.
fn evidence(t: &mut Texts, i: usize, e: RawEvidence) -> EvidenceItem {
    let p = format!("evidence[{i}]");
    let (kind, attestation) = super::engagement::kind_and_attestation(t, e.kind, e.attestation, &p);
    let item = EvidenceItem {
        id: t.req(e.id, &format!("{p}.id")).trim().to_owned(),
        title: t.req(e.title, &format!("{p}.title")),
        owner: t.opt(e.owner, &format!("{p}.owner")),
        location: t.opt(e.location, &format!("{p}.location")),
        sha256: t.opt(e.sha256, &format!("{p}.sha256")),
        collected_on: t.date(e.collected_on, &format!("{p}.collected_on")),
        period_start: t.date(e.period_start, &format!("{p}.period_start")),
        period_end: t.date(e.period_end, &format!("{p}.period_end")),
        expires_on: t.date(e.expires_on, &format!("{p}.expires_on")),
        supports: t
            .list(e.supports, &format!("{p}.supports"))
            .into_iter()
            .map(|s| s.trim().to_owned())
            .collect(),
        kind,
        attestation,
        notes: t.opt(e.notes, &format!("{p}.notes")),
        source: t.at.clone().json_path(&p),
    };
    if let Some(h) = &item.sha256
        && !is_sha256(h)
    {
        t.diags.error(
            "invalid-sha256",
            Some(t.at.clone().json_path(format!("{p}.sha256"))),
            "sha256 must be 64 hexadecimal digits",
        );
    }
    item
}

/// One entry of `accepted_risks`.
fn accepted_risk(t: &mut Texts, i: usize, w: RawWaiver) -> AcceptedRisk {
    let p = format!("accepted_risks[{i}]");
    AcceptedRisk {
        id: t.req(w.id, &format!("{p}.id")).trim().to_owned(),
        target: t.req(w.target, &format!("{p}.target")).trim().to_owned(),
        title: t.req(w.title, &format!("{p}.title")),
        justification: t.req(w.justification, &format!("{p}.justification")),
        approver: t.opt(w.approver, &format!("{p}.approver")),
        approved_on: t.date(w.approved_on, &format!("{p}.approved_on")),
        expires_on: t.date(w.expires_on, &format!("{p}.expires_on")),
        compensating_control: t.opt(w.compensating_control, &format!("{p}.compensating_control")),
        source: t.at.clone().json_path(&p),
    }
}

/// One entry of `controls`: a per-control decision.
fn control(t: &mut Texts, i: usize, c: RawControl) -> ControlOverride {
    use super::engagement::{DecisionAt, checked, decision, sampling};
    let p = format!("controls[{i}]");
    let not_applicable = t.opt(c.not_applicable, &format!("{p}.not_applicable"));
    let justification = t.opt(c.justification, &format!("{p}.justification"));
    let names = ("`applicable`", "`not_applicable`");
    if let Err((at, problem)) = decision(
        c.applicable,
        not_applicable.is_some(),
        justification.is_some(),
        names,
    ) {
        let field = match at {
            DecisionAt::Applicable => "applicable",
            DecisionAt::Justification => "justification",
        };
        t.diags
            .push(problem.at(t.at.clone().json_path(format!("{p}.{field}"))));
    }
    ControlOverride {
        framework: c.framework.trim().to_owned(),
        control: c.control.trim().to_owned(),
        responsibility: t.parsed(
            c.responsibility,
            &format!("{p}.responsibility"),
            Responsibility::parse,
            "invalid-responsibility",
            "responsibility",
            "customer, shared or aws",
        ),
        not_applicable,
        applicable: c.applicable.unwrap_or(false),
        justification,
        basis: t.opt(c.basis, &format!("{p}.basis")),
        evidence: t
            .list(c.evidence, &format!("{p}.evidence"))
            .into_iter()
            .map(|s| s.trim().to_owned())
            .collect(),
        sampling: checked(t, c.sampling.as_deref(), &format!("{p}.sampling"), sampling),
        owner: t.opt(c.owner, &format!("{p}.owner")),
        notes: t.opt(c.notes, &format!("{p}.notes")),
        source: t.at.clone().json_path(&p),
    }
}

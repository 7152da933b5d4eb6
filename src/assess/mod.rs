//! Assessment: Review × Catalog → Assessment. Pure: no I/O, no clock (the report date comes in
//! the options). The rules are documented in `docs/statuses.md`; the tests below and in
//! `tests/` pin them.

pub mod compare;
mod controls;
mod plan;
pub mod portfolio;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use time::Date;

use crate::error::{Diagnostic, Diagnostics, Result};
use crate::model::assessment::*;
use crate::model::catalog::{Catalog, RiskLevel, canonical_bp_id};
use crate::model::review::{PracticeStatus, Review};

/// Options of the assessment stage.
#[derive(Debug, Clone)]
pub struct AssessOptions {
    /// The report date: "today" for every comparison.
    pub date: Date,
    /// Audit period.
    pub period: Option<Period>,
}

/// Reviews older than this many days get a freshness warning.
pub const STALE_REVIEW_DAYS: i64 = 365;

/// Without an audit period, evidence and accepted risks expiring within this many days of the
/// report date get a warning (with a period, those expiring inside it do).
pub const EXPIRES_SOON_DAYS: i64 = 30;

fn expires_soon(expires_on: Option<Date>, today: Date) -> bool {
    expires_on.is_some_and(|x| x >= today && (x - today).whole_days() <= EXPIRES_SOON_DAYS)
}

/// Assesses a review.
pub fn assess(review: &Review, catalog: &Catalog, opts: &AssessOptions) -> Result<Assessment> {
    let mut diags = Diagnostics::new();
    let mut warnings: Vec<Diagnostic> = review.warnings.clone();
    let today = opts.date;

    // Answers by practice, question data by question.
    let answers: HashMap<&str, &crate::model::review::Answer> = review
        .answers
        .iter()
        .map(|a| (a.practice.as_str(), a))
        .collect();
    let qdata: HashMap<&str, &crate::model::review::QuestionAnswer> = review
        .questions
        .iter()
        .map(|q| (q.question.as_str(), q))
        .collect();

    // Waivers: resolve targets, decide which are in force.
    let waivers = resolve_waivers(review, catalog, opts, &mut diags, &mut warnings);
    let practice_waiver: HashMap<String, String> = waivers
        .iter()
        .filter(|w| w.in_force && w.target_kind == "practice")
        .map(|w| (canonical_bp_id(&w.target).unwrap_or_default(), w.id.clone()))
        .collect();

    // Evidence register states.
    let mut evidence = evidence_states(review, catalog, opts, &mut diags, &mut warnings);
    let register: HashMap<String, usize> = evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();

    // Register items by the practices they support, computed once (a register may hold
    // 100,000 items); indices stay in register order.
    let mut supporting: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in evidence.iter().enumerate() {
        for s in &e.supports {
            if let Some(bp) = canonical_bp_id(s) {
                let list = supporting.entry(bp).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }

    // Questions and practices.
    let mut questions = Vec::new();
    for q in &catalog.lens.questions {
        let qa = qdata.get(q.id.as_str()).copied();
        let q_na = qa.and_then(|x| x.not_applicable.clone());
        let none = qa.is_some_and(|x| x.none_selected);
        let practices: Vec<_> = catalog.practices_of(&q.id).collect();
        let answered = none
            || practices.iter().any(|p| {
                answers
                    .get(p.id.as_str())
                    .is_some_and(|a| a.status != PracticeStatus::Unanswered)
            });
        let mut implicit = Vec::new();
        let mut results = Vec::new();
        for p in practices {
            let a = answers.get(p.id.as_str()).copied();
            let answered_status = a.map(|a| a.status).unwrap_or(PracticeStatus::Unanswered);
            let mut status = answered_status;
            let mut na_reason = a.and_then(|a| a.na_reason.clone());
            if let Some(reason) = &q_na {
                status = PracticeStatus::NotApplicable;
                na_reason = Some(format!("Question not applicable: {reason}"));
            } else if answered && status == PracticeStatus::Unanswered {
                status = PracticeStatus::NotImplemented;
                implicit.push(p.id.clone());
            }
            let finding =
                (status == PracticeStatus::NotImplemented).then(|| Finding::for_risk(p.risk));
            // Evidence: references in the answer, plus register items that name this practice.
            let mut links = Vec::new();
            let mut seen = BTreeSet::new();
            for r in a.map(|a| a.evidence.as_slice()).unwrap_or(&[]) {
                if !seen.insert(r.clone()) {
                    continue;
                }
                match register.get(r.as_str()) {
                    Some(&i) => {
                        evidence[i].practices.push(p.id.clone());
                        links.push(link_of(&evidence[i]));
                    }
                    None => links.push(EvidenceLink {
                        reference: r.clone(),
                        title: r.clone(),
                        state: EvidenceState::Unregistered,
                        owner: None,
                        location: None,
                        collected_on: None,
                        expires_on: None,
                    }),
                }
            }
            for &i in supporting
                .get(p.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                let e = &mut evidence[i];
                if seen.insert(e.id.clone()) {
                    e.practices.push(p.id.clone());
                    links.push(link_of(e));
                }
            }
            results.push(PracticeResult {
                id: p.id.clone(),
                title: p.title.clone(),
                question: q.id.clone(),
                choice_id: p.choice_id.clone(),
                risk_level: p.risk,
                focus_area: p.focus_area.clone(),
                status,
                answered_status,
                finding,
                na_reason,
                notes: a.and_then(|a| a.notes.clone()),
                owner: a.and_then(|a| a.owner.clone()),
                evidence: links,
                effort: a.and_then(|a| a.effort),
                target_date: a.and_then(|a| a.target_date),
                depends_on: a.map(|a| a.depends_on.clone()).unwrap_or_default(),
                accepted_risk: practice_waiver.get(&p.id).cloned(),
                controls: Vec::new(),
                doc_url: p.doc_url.clone(),
                improvement_url: q.improvement_url.clone(),
                source: a.map(|a| a.source.clone()),
                legacy_ids: a.map(|a| a.legacy_ids.clone()).unwrap_or_default(),
            });
        }
        if !implicit.is_empty() && !none {
            warnings.push(Diagnostic::warning(
                "unanswered-in-answered-question",
                qa.map(|x| x.source.clone()).or_else(|| results.iter().find_map(|r| r.source.clone())),
                format!(
                    "{}: {} left unanswered in an answered question; counted as not implemented, as the WA Tool counts an unticked choice",
                    q.id,
                    implicit.join(", ")
                ),
            ));
        }
        let counts = count(&results);
        let all_na = results
            .iter()
            .all(|r| r.status == PracticeStatus::NotApplicable);
        let risk = if q_na.is_some() || all_na {
            QuestionRisk::NotApplicable
        } else if !answered {
            QuestionRisk::Unanswered
        } else if results.iter().any(|r| r.finding == Some(Finding::Hri)) {
            QuestionRisk::High
        } else if results.iter().any(|r| r.finding == Some(Finding::Mri)) {
            QuestionRisk::Medium
        } else {
            QuestionRisk::None
        };
        let reported = qa
            .and_then(|x| x.reported_risk.as_deref())
            .and_then(QuestionRisk::parse);
        if let Some(rep) = reported
            && rep != risk
        {
            warnings.push(Diagnostic::warning(
                "risk-mismatch",
                qa.map(|x| x.source.clone()),
                format!(
                    "{}: the WA Tool reported {} but wafr's rule gives {}; AWS does not publish the Framework lens's risk rules, so both are shown",
                    q.id,
                    rep.as_str(),
                    risk.as_str()
                ),
            ));
        }
        questions.push(QuestionResult {
            id: q.id.clone(),
            number: q.number,
            wa_id: q.wa_id.clone(),
            title: q.title.clone(),
            focus_area: q.focus_area.clone(),
            risk,
            reported_risk: reported,
            notes: qa.and_then(|x| x.notes.clone()),
            na_reason: q_na,
            none_selected: none,
            counts,
            improvement_url: q.improvement_url.clone(),
            practices: results,
            source: qa.map(|x| x.source.clone()),
        });
    }

    // Framework controls.
    let practices_by_id: HashMap<String, PracticeResult> = questions
        .iter()
        .flat_map(|q| q.practices.iter())
        .map(|p| (p.id.clone(), p.clone()))
        .collect();
    let frameworks = controls::assess_frameworks(
        catalog,
        review,
        &practices_by_id,
        &mut evidence,
        &waivers,
        &mut diags,
        &mut warnings,
    );
    // Each practice lists the controls it drives.
    let mut drives: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for fw in &frameworks {
        for c in &fw.controls {
            for cp in c.practices.iter().filter(|cp| cp.driving) {
                drives
                    .entry(cp.bp.clone())
                    .or_default()
                    .push(format!("{}:{}", fw.id, c.id));
            }
        }
    }
    for q in &mut questions {
        for p in &mut q.practices {
            p.controls = drives.remove(&p.id).unwrap_or_default();
        }
    }

    let focus_areas = focus_areas(&questions);
    let summary = summary(&questions, &frameworks, &waivers);
    let plan = plan::build(&questions, &frameworks, today, &mut warnings);

    // Freshness.
    if review.workload.review_date.is_none() {
        warnings.push(
            Diagnostic::warning(
                "review-undated",
                None,
                "the review has no date, so nobody can tell whether it still describes the workload",
            )
            .with_hint("give workload.review_date (native JSON) or include get-workload output (WA Tool)"),
        );
    }
    if let Some(rd) = review.workload.review_date {
        let age = (today - rd).whole_days();
        if age > STALE_REVIEW_DAYS {
            warnings.push(Diagnostic::warning(
                "review-stale",
                None,
                format!("the review is dated {rd}, {age} days before the report date; reviews older than 12 months no longer describe the workload reliably"),
            ));
        }
        if rd > today {
            warnings.push(Diagnostic::warning(
                "review-in-future",
                None,
                format!("the review is dated {rd}, after the report date {today}"),
            ));
        }
    }
    let review_version = review.workload.lens_version.clone();
    let current = review_version
        .as_deref()
        .is_none_or(|v| v == catalog.lens.version);
    if !current {
        warnings.push(Diagnostic::warning(
            "lens-not-current",
            None,
            format!(
                "the review used lens version {}; the current version is {}. Old choice ids were mapped to current practices; answer the new practices in a fresh review",
                review_version.as_deref().unwrap_or("?"),
                catalog.lens.version
            ),
        ));
    }
    if !review.legacy.is_empty() {
        let ids: Vec<String> = review
            .legacy
            .iter()
            .map(|l| format!("{} \"{}\"", l.old_bp_id, l.old_title))
            .collect();
        warnings.push(Diagnostic::warning(
            "legacy-removed-practice",
            None,
            format!("answers to practices removed from the current lens are kept and reported, not assessed: {}", ids.join("; ")),
        ));
    }

    let problems = diags.finish("the review")?;
    warnings.extend(problems);
    warnings.sort_by(|a, b| {
        (a.code.as_str(), &a.at, &a.message).cmp(&(b.code.as_str(), &b.at, &b.message))
    });
    warnings.dedup();

    let mut sources = review.sources.clone();
    sources.sort();
    Ok(Assessment {
        schema: ASSESSMENT_SCHEMA.into(),
        tool: ToolInfo {
            name: "wafr".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        generated_on: today,
        period: opts.period,
        workload: review.workload.clone(),
        sources,
        lens: LensInfo {
            id: catalog.lens.id.clone(),
            name: catalog.lens.name.clone(),
            version: catalog.lens.version.clone(),
            review_version,
            current,
        },
        mapping: MappingInfo::of(catalog),
        summary,
        focus_areas,
        questions,
        frameworks,
        evidence,
        accepted_risks: waivers,
        plan,
        legacy: review
            .legacy
            .iter()
            .map(|l| LegacyResult {
                old_choice_id: l.old_choice_id.clone(),
                old_bp_id: l.old_bp_id.clone(),
                old_title: l.old_title.clone(),
                status: l.status,
                notes: l.notes.clone(),
                source: l.source.clone(),
            })
            .collect(),
        warnings,
        comparison: None,
        redacted_notes: review.redacted_notes,
    })
}

fn link_of(e: &EvidenceResult) -> EvidenceLink {
    EvidenceLink {
        reference: e.id.clone(),
        title: e.title.clone(),
        state: e.state,
        owner: e.owner.clone(),
        location: e.location.clone(),
        collected_on: e.collected_on,
        expires_on: e.expires_on,
    }
}

fn count(ps: &[PracticeResult]) -> PracticeCounts {
    let mut c = PracticeCounts::default();
    for p in ps {
        c.total += 1;
        match p.status {
            PracticeStatus::Implemented => c.implemented += 1,
            PracticeStatus::NotImplemented => c.not_implemented += 1,
            PracticeStatus::NotApplicable => c.not_applicable += 1,
            PracticeStatus::Unanswered => c.unanswered += 1,
        }
        match p.finding {
            Some(Finding::Hri) => c.hri += 1,
            Some(Finding::Mri) => c.mri += 1,
            Some(Finding::Lri) => c.lri += 1,
            None => {}
        }
    }
    c
}

fn add_counts(a: &mut PracticeCounts, b: &PracticeCounts) {
    a.total += b.total;
    a.implemented += b.implemented;
    a.not_implemented += b.not_implemented;
    a.not_applicable += b.not_applicable;
    a.unanswered += b.unanswered;
    a.hri += b.hri;
    a.mri += b.mri;
    a.lri += b.lri;
}

fn focus_areas(questions: &[QuestionResult]) -> Vec<FocusAreaResult> {
    let mut out: Vec<FocusAreaResult> = Vec::new();
    for q in questions {
        let i = match out.iter().position(|f| f.name == q.focus_area) {
            Some(i) => i,
            None => {
                out.push(FocusAreaResult {
                    name: q.focus_area.clone(),
                    questions: Vec::new(),
                    questions_high: 0,
                    questions_medium: 0,
                    counts: PracticeCounts::default(),
                });
                out.len() - 1
            }
        };
        let f = &mut out[i];
        f.questions.push(q.id.clone());
        f.questions_high += u32::from(q.risk == QuestionRisk::High);
        f.questions_medium += u32::from(q.risk == QuestionRisk::Medium);
        add_counts(&mut f.counts, &q.counts);
    }
    out
}

fn summary(
    questions: &[QuestionResult],
    frameworks: &[FrameworkResult],
    waivers: &[AcceptedRiskResult],
) -> Summary {
    let mut practices = PracticeCounts::default();
    for q in questions {
        add_counts(&mut practices, &q.counts);
    }
    let n = |r: QuestionRisk| questions.iter().filter(|q| q.risk == r).count() as u32;
    let total = questions.len() as u32;
    let unanswered = n(QuestionRisk::Unanswered);
    let high = n(QuestionRisk::High);
    let gaps: u32 = frameworks
        .iter()
        .map(|f| f.counts.evidence_missing + f.counts.evidence_stale)
        .sum();
    let posture = if total == unanswered {
        "Nothing was assessed: no question of the review is answered.".to_owned()
    } else if practices.hri > 0 {
        format!(
            "Not yet ready: {} high-risk issue{} in {} of {} questions must be fixed in the architecture; evidence cannot close them.",
            practices.hri,
            if practices.hri == 1 { "" } else { "s" },
            high,
            total
        )
    } else if practices.mri > 0 {
        format!(
            "Sound foundations: no high-risk issues, {} medium-risk issue{} to plan, and {} control evidence gap{} to close.",
            practices.mri,
            if practices.mri == 1 { "" } else { "s" },
            gaps,
            if gaps == 1 { "" } else { "s" }
        )
    } else if gaps > 0 {
        format!(
            "No high or medium risk issues; readiness now depends on evidence: {gaps} control evidence gap{} to close.",
            if gaps == 1 { "" } else { "s" }
        )
    } else {
        "No high or medium risk issues and no open evidence gaps in the controls the review covers."
            .to_owned()
    };
    let posture = if unanswered > 0 && total != unanswered {
        format!(
            "{posture} {unanswered} of {total} questions {} still unanswered.",
            if unanswered == 1 { "is" } else { "are" }
        )
    } else {
        posture
    };
    Summary {
        questions_total: total,
        questions_answered: total - unanswered,
        questions_high: high,
        questions_medium: n(QuestionRisk::Medium),
        questions_none: n(QuestionRisk::None),
        questions_not_applicable: n(QuestionRisk::NotApplicable),
        questions_unanswered: unanswered,
        practices,
        accepted_risks_in_force: waivers.iter().filter(|w| w.in_force).count() as u32,
        posture,
    }
}

/// What a control reference in a review names.
pub(crate) enum ControlRef {
    /// A control of an assessed framework: (framework, control).
    Found(String, String),
    /// A control of a framework left out with `--framework`: ignored.
    Excluded,
    /// Nothing known (or a bare id that several frameworks use).
    Unknown,
}

/// Resolves `framework:control` or a bare control id (which must be unique across all
/// frameworks, assessed or not, so that `--framework` never changes what it means).
pub(crate) fn resolve_control(catalog: &Catalog, key: &str) -> ControlRef {
    let all = catalog
        .frameworks
        .iter()
        .map(|f| (f, true))
        .chain(catalog.excluded_frameworks.iter().map(|f| (f, false)));
    let hits: Vec<(String, String, bool)> = match key.split_once(':') {
        Some((fw, c)) => all
            .filter(|(f, _)| f.id == fw.trim())
            .filter(|(f, _)| f.controls.iter().any(|x| x.id == c.trim()))
            .map(|(f, kept)| (f.id.clone(), c.trim().to_owned(), kept))
            .collect(),
        None => all
            .filter_map(|(f, kept)| {
                f.controls
                    .iter()
                    .find(|c| c.id == key.trim())
                    .map(|c| (f.id.clone(), c.id.clone(), kept))
            })
            .collect(),
    };
    match hits.as_slice() {
        [(fw, c, true)] => ControlRef::Found(fw.clone(), c.clone()),
        [(_, _, false)] => ControlRef::Excluded,
        _ => ControlRef::Unknown,
    }
}

fn resolve_waivers(
    review: &Review,
    catalog: &Catalog,
    opts: &AssessOptions,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<AcceptedRiskResult> {
    let mut out = Vec::new();
    for w in &review.accepted_risks {
        let (kind, target) = if let Some(bp) =
            canonical_bp_id(&w.target).filter(|b| catalog.practice(b).is_some())
        {
            ("practice", bp)
        } else if let ControlRef::Found(fw, c) = resolve_control(catalog, &w.target) {
            ("control", format!("{fw}:{c}"))
        } else if let ControlRef::Excluded = resolve_control(catalog, &w.target) {
            continue;
        } else {
            diags.push(
                Diagnostic::error(
                    "unknown-target",
                    Some(w.source.clone()),
                    format!("accepted risk `{}` targets \"{}\", which is neither a best practice nor a control", w.id, w.target),
                )
                .with_hint("use a BP id (SEC02-BP01) or framework:control (soc2-tsc-2017:CC6.1); a bare control id must be unique across frameworks"),
            );
            continue;
        };
        let expired = w.expires_on.is_some_and(|e| e < opts.date);
        let approved = w.approver.is_some();
        let in_force = approved && !expired && w.approved_on.is_none_or(|d| d <= opts.date);
        if expired {
            warnings.push(Diagnostic::warning(
                "accepted-risk-expired",
                Some(w.source.clone()),
                format!("accepted risk `{}` expired on {}; {target} counts again as it did before the waiver", w.id, w.expires_on.map(|d| d.to_string()).unwrap_or_default()),
            ));
        } else if !approved {
            warnings.push(Diagnostic::warning(
                "accepted-risk-unapproved",
                Some(w.source.clone()),
                format!(
                    "accepted risk `{}` has no approver, so it is not in force",
                    w.id
                ),
            ));
        }
        let expires_in_period = !expired
            && match (opts.period, w.expires_on) {
                (Some(p), Some(e)) => e < p.end,
                _ => false,
            };
        if in_force && opts.period.is_none() && expires_soon(w.expires_on, opts.date) {
            warnings.push(Diagnostic::warning(
                "accepted-risk-expires-soon",
                Some(w.source.clone()),
                format!(
                    "accepted risk `{}` expires on {}, within {EXPIRES_SOON_DAYS} days of the report date; renew it or plan the fix",
                    w.id,
                    w.expires_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
        if expires_in_period {
            warnings.push(Diagnostic::warning(
                "accepted-risk-expires-in-period",
                Some(w.source.clone()),
                format!(
                    "accepted risk `{}` expires on {} inside the audit period",
                    w.id,
                    w.expires_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
        out.push(AcceptedRiskResult {
            id: w.id.clone(),
            target,
            target_kind: kind.into(),
            title: w.title.clone(),
            justification: w.justification.clone(),
            approver: w.approver.clone(),
            approved_on: w.approved_on,
            expires_on: w.expires_on,
            compensating_control: w.compensating_control.clone(),
            in_force,
            expires_in_period,
            source: w.source.clone(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn evidence_states(
    review: &Review,
    catalog: &Catalog,
    opts: &AssessOptions,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<EvidenceResult> {
    let mut out = Vec::new();
    for e in &review.evidence {
        let expired = e.expires_on.is_some_and(|x| x < opts.date);
        let outside = match opts.period {
            Some(p) => {
                let start = e.period_start.or(e.collected_on);
                let end = e.period_end.or(e.collected_on);
                end.is_some_and(|x| x < p.start) || start.is_some_and(|x| x > p.end)
            }
            None => false,
        };
        let state = if expired {
            EvidenceState::Expired
        } else if outside {
            EvidenceState::OutsidePeriod
        } else {
            EvidenceState::Current
        };
        let expires_in_period = !expired
            && match (opts.period, e.expires_on) {
                (Some(p), Some(x)) => x < p.end,
                _ => false,
            };
        if !expired && opts.period.is_none() && expires_soon(e.expires_on, opts.date) {
            warnings.push(Diagnostic::warning(
                "evidence-expires-soon",
                Some(e.source.clone()),
                format!(
                    "evidence `{}` expires on {}, within {EXPIRES_SOON_DAYS} days of the report date; renew it",
                    e.id,
                    e.expires_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
        if expires_in_period {
            warnings.push(Diagnostic::warning(
                "evidence-expires-in-period",
                Some(e.source.clone()),
                format!("evidence `{}` expires on {} inside the audit period; renew it before the period ends", e.id, e.expires_on.map(|d| d.to_string()).unwrap_or_default()),
            ));
        }
        let mut controls = Vec::new();
        for s in &e.supports {
            if canonical_bp_id(s).is_some_and(|b| catalog.practice(&b).is_some()) {
                continue;
            }
            match resolve_control(catalog, s) {
                ControlRef::Found(fw, c) => controls.push(format!("{fw}:{c}")),
                ControlRef::Excluded => {}
                ControlRef::Unknown => diags.push(
                    Diagnostic::error(
                        "unknown-target",
                        Some(e.source.clone()),
                        format!("evidence `{}` supports \"{s}\", which is neither a best practice nor a control", e.id),
                    )
                    .with_hint("use a BP id (SEC02-BP01) or framework:control (soc2-tsc-2017:CC6.1)"),
                ),
            }
        }
        out.push(EvidenceResult {
            id: e.id.clone(),
            title: e.title.clone(),
            owner: e.owner.clone(),
            location: e.location.clone(),
            sha256: e.sha256.clone(),
            collected_on: e.collected_on,
            period_start: e.period_start,
            period_end: e.period_end,
            expires_on: e.expires_on,
            supports: e.supports.clone(),
            notes: e.notes.clone(),
            state,
            expires_in_period,
            practices: Vec::new(),
            controls,
            source: e.source.clone(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The highest of two optional risk levels.
pub(crate) fn max_risk(a: Option<RiskLevel>, b: RiskLevel) -> Option<RiskLevel> {
    Some(match a {
        None => b,
        Some(x) if x.weight() >= b.weight() => x,
        Some(_) => b,
    })
}

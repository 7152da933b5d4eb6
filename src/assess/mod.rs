//! Assessment: Review × Catalog → Assessment. Pure: no I/O, no clock (the report date comes in
//! the options). The rules are documented in `docs/statuses.md`; each step below lives in its
//! own file with its tests beside it:
//!
//! 1. the engagement (audit type, period, sampling, scope) from the review and the options;
//! 2. waivers ([`waivers`]) and the evidence register ([`register`]);
//! 3. questions and practices ([`practices`]);
//! 4. one status per framework control ([`controls`]);
//! 5. counts and posture ([`summary`]), the improvement plan ([`plan`]), evidence requests
//!    ([`requests`]) and freshness warnings ([`freshness`]).

pub mod compare;
mod controls;
mod evidence;
mod freshness;
mod options;
mod plan;
pub mod portfolio;
mod practices;
mod register;
mod requests;
mod summary;
mod waivers;

pub(crate) use controls::readiness::readiness;
pub use options::AssessOptions;
pub(crate) use options::STALE_REVIEW_DAYS;

use std::collections::HashMap;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::model::assessment::*;
use crate::model::audit::{AuditType, GdprRole, TscCategory};
use crate::model::catalog::Catalog;
use crate::model::review::Review;

/// The engagement: the command line's choice, else the review's, else the defaults (Type II
/// with an audit period, Type I without; every SOC 2 category; GDPR controller and processor).
/// `opts.period` must already be the period in force.
fn engagement(review: &Review, opts: &AssessOptions) -> Result<AuditInfo> {
    let (cli, rv) = (&opts.audit, &review.audit);
    let audit_type = cli
        .audit_type
        .or(rv.audit_type)
        .unwrap_or(if opts.period.is_some() {
            AuditType::Type2
        } else {
            AuditType::Type1
        });
    if audit_type == AuditType::Type2 && opts.period.is_none() {
        return Err(Error::Usage(
            "a Type II audit needs an audit period: give --period START..END (or --audit-type type1)".into(),
        ));
    }
    let mut tsc = if cli.tsc.is_empty() {
        rv.tsc.clone()
    } else {
        cli.tsc.clone()
    };
    if tsc.is_empty() {
        tsc = TscCategory::ALL.to_vec();
    } else if !tsc.contains(&TscCategory::Security) {
        tsc.insert(0, TscCategory::Security);
    }
    tsc.sort();
    tsc.dedup();
    Ok(AuditInfo {
        audit_type,
        sampling: cli.sampling.or(rv.sampling),
        fieldwork: cli.fieldwork.or(rv.fieldwork),
        tsc,
        gdpr_role: cli.gdpr_role.or(rv.gdpr_role).unwrap_or(GdprRole::Both),
    })
}

/// The pillars to assess: as asked, else every pillar of the catalog the review holds answers
/// or question data for, else Security (an empty review is a Security Pillar review, as before
/// wafr read other pillars).
pub(crate) fn pillars_in_scope(
    review: &Review,
    catalog: &Catalog,
    opts: &AssessOptions,
) -> Vec<String> {
    if !opts.pillars.is_empty() {
        return opts.pillars.clone();
    }
    let held: Vec<&str> = review
        .answers
        .iter()
        .map(|a| a.practice.as_str())
        .chain(review.questions.iter().map(|q| q.question.as_str()))
        .filter_map(|id| catalog.pillar_of(id))
        .chain(review.pillars.iter().map(String::as_str))
        .collect();
    let mut out: Vec<String> = catalog
        .pillars
        .iter()
        .filter(|p| held.contains(&p.id.as_str()))
        .map(|p| p.id.clone())
        .collect();
    if out.is_empty() {
        out = catalog
            .pillars
            .iter()
            .filter(|p| p.id == "security")
            .map(|p| p.id.clone())
            .collect();
    }
    if out.is_empty() {
        out = catalog.pillars.iter().map(|p| p.id.clone()).collect();
    }
    out
}

/// One warning per pillar whose answers this run sets aside (`--pillars` left it out): the
/// answers are read and kept in the review, not assessed here.
fn set_aside_answers(review: &Review, catalog: &Catalog, warnings: &mut Vec<Diagnostic>) {
    let mut per_pillar: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    for a in &review.answers {
        if let Some(p) = catalog.set_aside_pillar(&a.practice) {
            *per_pillar.entry(p).or_default() += 1;
        }
    }
    for (pillar, n) in per_pillar {
        warnings.push(Diagnostic::warning(
            "other-pillar",
            None,
            format!(
                "{} of the {pillar} pillar set aside: --pillars leaves that pillar out of this run",
                crate::textfmt::count(n, "answer", "answers")
            ),
        ));
    }
}

/// Every warning once, in a stable order; the errors, when any, end the assessment.
fn sorted_warnings(mut warnings: Vec<Diagnostic>, diags: Diagnostics) -> Result<Vec<Diagnostic>> {
    warnings.extend(diags.finish("the review")?);
    warnings.sort_by(|a, b| {
        (a.code.as_str(), &a.at, &a.message).cmp(&(b.code.as_str(), &b.at, &b.message))
    });
    warnings.dedup();
    Ok(warnings)
}

/// Answers of practices an older lens had and the current one removed.
fn legacy(review: &Review) -> Vec<LegacyResult> {
    review
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
        .collect()
}

/// Assesses a review.
pub fn assess(review: &Review, catalog: &Catalog, opts: &AssessOptions) -> Result<Assessment> {
    let restricted = catalog.restricted(&pillars_in_scope(review, catalog, opts));
    let catalog = &restricted;
    let mut warnings: Vec<Diagnostic> = review.warnings.clone();
    set_aside_answers(review, catalog, &mut warnings);
    // The audit period: `--period`, else the review's own.
    let opts = &AssessOptions {
        period: opts.period.or(opts.audit.period).or(review.audit.period),
        ..opts.clone()
    };
    let mut diags = Diagnostics::new();
    let today = opts.date;
    let audit = engagement(review, opts)?;
    let rules = evidence::Rules {
        date: today,
        audit_type: audit.audit_type,
        period: opts.period,
        fieldwork: audit.fieldwork,
    };

    let waivers = waivers::resolve(review, catalog, opts, &mut diags, &mut warnings);
    let mut register = register::build(review, catalog, &rules, &mut diags, &mut warnings);
    let mut questions =
        practices::questions(review, catalog, &waivers, &mut register, &mut warnings);
    let by_id: HashMap<String, PracticeResult> = questions
        .iter()
        .flat_map(|q| q.practices.iter())
        .map(|p| (p.id.clone(), p.clone()))
        .collect();
    let inputs = controls::Inputs {
        practices: &by_id,
        waivers: &waivers,
        rules,
        sampling: audit.sampling,
        tsc: &audit.tsc,
        gdpr_role: audit.gdpr_role,
    };
    let frameworks = controls::assess_frameworks(
        catalog,
        review,
        &inputs,
        &mut register,
        &mut diags,
        &mut warnings,
    );
    practices::link_controls(&mut questions, &frameworks);
    let focus_areas = summary::focus_areas(&questions);
    let summary = summary::summary(&questions, &frameworks, &waivers);
    let plan = plan::build(&questions, &frameworks, today, &mut warnings);
    let evidence_requests = requests::build(&frameworks, &audit, opts.period, today);
    let current = freshness::review(review, catalog, today, &mut warnings);

    let warnings = sorted_warnings(warnings, diags)?;

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
        audit,
        workload: review.workload.clone(),
        sources,
        lens: LensInfo {
            id: catalog.lens.id.clone(),
            name: catalog.lens.name.clone(),
            version: catalog.lens.version.clone(),
            review_version: review.workload.lens_version.clone(),
            current,
        },
        mapping: MappingInfo::of(catalog),
        summary,
        focus_areas,
        questions,
        frameworks,
        evidence: register,
        accepted_risks: waivers,
        plan,
        evidence_requests,
        legacy: legacy(review),
        warnings,
        comparison: None,
        redacted_notes: review.redacted_notes,
    })
}

//! Accepted risks (waivers): what each targets (a practice or a control), and whether it is in
//! force on the report date (approved, not expired), with freshness warnings.

use crate::error::{Diagnostic, Diagnostics};
use crate::model::assessment::AcceptedRiskResult;
use crate::model::catalog::{Catalog, canonical_bp_id};
use crate::model::review::{AcceptedRisk, Review};

use super::options::{AssessOptions, EXPIRES_SOON_DAYS, expires_soon};

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

/// A hint for a reference that names neither a practice nor a control.
pub(crate) fn target_hint(catalog: &Catalog, target: &str) -> String {
    let ids = catalog.lens.practices.iter().map(|p| p.id.as_str()).chain(
        catalog
            .frameworks
            .iter()
            .flat_map(|f| f.controls.iter().map(|c| c.id.as_str())),
    );
    let base = "use a BP id (SEC02-BP01) or framework:control (soc2-tsc-2017:CC6.1); a bare control id must be unique across frameworks";
    let bare = target.rsplit(':').next().unwrap_or(target);
    match crate::textfmt::did_you_mean(bare, ids) {
        Some(m) => format!("did you mean `{m}`? Otherwise {base}"),
        None => base.to_owned(),
    }
}

/// Every waiver with its target resolved and its state on the report date.
pub(crate) fn resolve(
    review: &Review,
    catalog: &Catalog,
    opts: &AssessOptions,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<AcceptedRiskResult> {
    let mut out = Vec::new();
    for w in &review.accepted_risks {
        let Some((kind, target)) = target_of(w, catalog, diags, warnings) else {
            continue;
        };
        let expired = w.expires_on.is_some_and(|e| e < opts.date);
        let approved = w.approver.is_some();
        let in_force = approved && !expired && w.approved_on.is_none_or(|d| d <= opts.date);
        let expires_in_period = !expired
            && match (opts.period, w.expires_on) {
                (Some(p), Some(e)) => e < p.end,
                _ => false,
            };
        warnings.extend(state_warnings(
            w,
            &target,
            opts,
            expired,
            in_force,
            expires_in_period,
        ));
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

/// What a waiver targets: ("practice", BP id) or ("control", `framework:control`); `None` when
/// it targets a framework left out (silently), a pillar left out (a warning) or nothing known
/// (an error).
fn target_of(
    w: &AcceptedRisk,
    catalog: &Catalog,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(&'static str, String)> {
    if let Some(bp) = canonical_bp_id(&w.target).filter(|b| catalog.practice(b).is_some()) {
        return Some(("practice", bp));
    }
    match resolve_control(catalog, &w.target) {
        ControlRef::Found(fw, c) => return Some(("control", format!("{fw}:{c}"))),
        ControlRef::Excluded => return None,
        ControlRef::Unknown => {}
    }
    if let Some(pillar) = canonical_bp_id(&w.target).and_then(|b| catalog.set_aside_pillar(&b)) {
        warnings.push(Diagnostic::warning(
            "other-pillar",
            Some(w.source.clone()),
            format!(
                "accepted risk `{}` targets {} of the {pillar} pillar, which this run does not assess (--pillars); it applies when that pillar is assessed",
                w.id, w.target
            ),
        ));
        return None;
    }
    diags.push(
        Diagnostic::error(
            "unknown-target",
            Some(w.source.clone()),
            format!(
                "accepted risk `{}` targets \"{}\", which is neither a best practice nor a control",
                w.id, w.target
            ),
        )
        .with_hint(target_hint(catalog, &w.target)),
    );
    None
}

/// Warnings on a waiver's state: expired, unapproved, expiring soon (without an audit period)
/// or inside the audit period.
fn state_warnings(
    w: &AcceptedRisk,
    target: &str,
    opts: &AssessOptions,
    expired: bool,
    in_force: bool,
    expires_in_period: bool,
) -> Vec<Diagnostic> {
    let day = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let warn = |code: &str, text: String| Diagnostic::warning(code, Some(w.source.clone()), text);
    let mut out = Vec::new();
    if expired {
        out.push(warn(
            "accepted-risk-expired",
            format!(
                "accepted risk `{}` expired on {}; {target} counts again as it did before the waiver",
                w.id,
                day(w.expires_on)
            ),
        ));
    } else if w.approver.is_none() {
        out.push(warn(
            "accepted-risk-unapproved",
            format!(
                "accepted risk `{}` has no approver, so it is not in force",
                w.id
            ),
        ));
    }
    if in_force && opts.period.is_none() && expires_soon(w.expires_on, opts.date) {
        out.push(warn(
            "accepted-risk-expires-soon",
            format!(
                "accepted risk `{}` expires on {}, within {EXPIRES_SOON_DAYS} days of the report date; renew it or plan the fix",
                w.id,
                day(w.expires_on)
            ),
        ));
    }
    if expires_in_period {
        out.push(warn(
            "accepted-risk-expires-in-period",
            format!(
                "accepted risk `{}` expires on {} inside the audit period",
                w.id,
                day(w.expires_on)
            ),
        ));
    }
    out
}

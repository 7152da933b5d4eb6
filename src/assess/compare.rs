//! Baseline comparison: two assessments → [`Comparison`]. Pure: no I/O, no clock. The
//! categories are defined in `src/model/comparison.rs` and `docs/backlog.md`.

use std::collections::{BTreeSet, HashMap};

use crate::model::assessment::{
    Assessment, ControlResult, ControlStatus, Finding, FrameworkResult, PracticeResult,
    QuestionRisk,
};
use crate::model::catalog::{SupplierModel, pillar_name};
use crate::model::comparison::*;
use crate::model::review::PracticeStatus;

/// Where the baseline came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineKind {
    /// A previous `assessment.json`, used as it was written.
    Assessment,
    /// Review files, assessed in this run.
    Review,
}

impl BaselineKind {
    fn as_str(self) -> &'static str {
        match self {
            BaselineKind::Assessment => "assessment",
            BaselineKind::Review => "review",
        }
    }
}

/// A HRI or MRI: the findings the comparison tracks.
fn is_open(p: Option<&PracticeResult>) -> bool {
    p.is_some_and(|p| {
        p.status == PracticeStatus::NotImplemented
            && matches!(p.finding, Some(Finding::Hri) | Some(Finding::Mri))
    })
}

fn status(p: Option<&PracticeResult>) -> Option<PracticeStatus> {
    p.map(|p| p.status)
}

fn change(before: Option<&PracticeResult>, after: Option<&PracticeResult>) -> PracticeChange {
    // One of the two is always present.
    let main = after.or(before);
    PracticeChange {
        bp: main.map(|p| p.id.clone()).unwrap_or_default(),
        title: main.map(|p| p.title.clone()).unwrap_or_default(),
        question: main.map(|p| p.question.clone()).unwrap_or_default(),
        risk_level: main
            .map(|p| p.risk_level)
            .unwrap_or(crate::model::catalog::RiskLevel::Low),
        before: status(before),
        after: status(after),
        before_finding: before.and_then(|p| p.finding),
        after_finding: after.and_then(|p| p.finding),
        before_accepted_risk: before.and_then(|p| p.accepted_risk.clone()),
        after_accepted_risk: after.and_then(|p| p.accepted_risk.clone()),
        owner: after
            .and_then(|p| p.owner.clone())
            .or_else(|| before.and_then(|p| p.owner.clone())),
    }
}

/// Rank of a control status on the way to "evidenced"; `None` for statuses outside the
/// assessed set (a change into or out of them is a change of scope).
fn progress(s: ControlStatus, model: SupplierModel) -> Option<u8> {
    match s {
        // An ISO control operated by AWS with its attestation on file is ready; a SOC 2
        // criterion carved out leaves the customer's report and is not compared.
        ControlStatus::CarvedOut if model == SupplierModel::Supplier => Some(4),
        ControlStatus::ArchitecturalRisk => Some(0),
        ControlStatus::AcceptedRisk => Some(1),
        ControlStatus::EvidenceMissing
        | ControlStatus::EvidenceUnverified
        | ControlStatus::EvidenceStale
        | ControlStatus::EvidencePartial
        | ControlStatus::AttestationMissing => Some(2),
        ControlStatus::EvidencedInPart => Some(3),
        ControlStatus::Evidenced => Some(4),
        ControlStatus::NotAssessed
        | ControlStatus::CarvedOut
        | ControlStatus::NotApplicable
        | ControlStatus::OutsideReviewScope => None,
    }
}

fn direction(before: &ControlResult, after: &ControlResult, model: SupplierModel) -> Direction {
    // A control that did not apply and is now at architectural risk regressed, as a practice
    // that was not applicable and is now missing does.
    if before.status == ControlStatus::NotApplicable
        && after.status == ControlStatus::ArchitecturalRisk
    {
        return Direction::Worse;
    }
    let (Some(b), Some(a)) = (
        progress(before.status, model),
        progress(after.status, model),
    ) else {
        return Direction::Other;
    };
    if a != b {
        return if a > b {
            Direction::Better
        } else {
            Direction::Worse
        };
    }
    match (before.risk, after.risk) {
        (Some(rb), Some(ra)) if ra.weight() < rb.weight() => Direction::Better,
        (Some(rb), Some(ra)) if ra.weight() > rb.weight() => Direction::Worse,
        _ => Direction::Other,
    }
}

fn snapshot(
    a: &Assessment,
    frameworks: &BTreeSet<&str>,
    pillars: &BTreeSet<&'static str>,
) -> Snapshot {
    // Headline figures over the pillars both sides assessed, as the lists are.
    let questions: Vec<_> = a
        .questions
        .iter()
        .filter(|q| in_shared(pillars, &q.id))
        .collect();
    let risk = |r: QuestionRisk| questions.iter().filter(|q| q.risk == r).count() as u32;
    let finding = |f: Finding| {
        questions
            .iter()
            .flat_map(|q| &q.practices)
            .filter(|p| p.finding == Some(f))
            .count() as u32
    };
    let total = questions.len() as u32;
    Snapshot {
        hri: finding(Finding::Hri),
        mri: finding(Finding::Mri),
        questions_high: risk(QuestionRisk::High),
        questions_medium: risk(QuestionRisk::Medium),
        questions_answered: total - risk(QuestionRisk::Unanswered),
        questions_total: total,
        accepted_risks_in_force: a.summary.accepted_risks_in_force,
        evidence_gaps: a
            .frameworks
            .iter()
            .filter(|f| frameworks.contains(f.id.as_str()))
            .map(|f| f.counts.evidence_gaps())
            // A hand-edited baseline may hold any count: never wrap.
            .fold(0u32, u32::saturating_add),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Compares a baseline assessment with the current one.
pub fn compare(baseline: &Assessment, current: &Assessment, kind: BaselineKind) -> Comparison {
    let mut c = Comparison {
        baseline: baseline_info(baseline, kind),
        before: Snapshot::default(),
        after: Snapshot::default(),
        counts: ComparisonCounts::default(),
        resolved: Vec::new(),
        regressed: Vec::new(),
        new: Vec::new(),
        still_open: Vec::new(),
        no_longer_applicable: Vec::new(),
        no_longer_answered: Vec::new(),
        risk_changed: Vec::new(),
        questions: Vec::new(),
        controls: Vec::new(),
        readiness: Vec::new(),
        accepted_risks: accepted_risks(baseline, current),
        notes: Vec::new(),
        baseline_warnings: baseline_warnings(baseline),
    };
    let pillars = shared_pillars(&mut c, baseline, current);
    practices(&mut c, baseline, current, &pillars);
    c.questions = questions(baseline, current, &pillars);
    let both = frameworks(&mut c, baseline, current);
    c.notes.extend(caveats(baseline, current, kind));
    c.before = snapshot(baseline, &both, &pillars);
    c.after = snapshot(current, &both, &pillars);
    c.counts = counts(&c);
    c
}

/// Who and what the baseline is.
fn baseline_info(baseline: &Assessment, kind: BaselineKind) -> BaselineInfo {
    BaselineInfo {
        kind: kind.as_str().into(),
        workload: baseline.workload.name.clone(),
        review_date: baseline.workload.review_date,
        milestone: baseline.workload.milestone.clone(),
        assessed_as_of: baseline.generated_on,
        sources: baseline
            .sources
            .iter()
            .map(|s| BaselineSource {
                path: s.path.clone(),
                sha256: s.sha256.clone(),
            })
            .collect(),
        lens_version: baseline
            .workload
            .lens_version
            .clone()
            .or_else(|| baseline.lens.review_version.clone()),
        mapping_version: baseline.mapping.version.clone(),
    }
}

/// The baseline's warnings; those without a place say they are the baseline's, or they would
/// read as if about the current review.
fn baseline_warnings(baseline: &Assessment) -> Vec<crate::error::Diagnostic> {
    baseline
        .warnings
        .iter()
        .cloned()
        .map(|mut w| {
            if w.at.is_none() {
                w.message = format!("baseline: {}", w.message);
            }
            w
        })
        .collect()
}

/// The pillars both sides assessed; a note for each pillar on one side only, whose practices
/// and questions are not compared (they would all read as new, or as no longer answered).
fn shared_pillars(
    c: &mut Comparison,
    baseline: &Assessment,
    current: &Assessment,
) -> BTreeSet<&'static str> {
    let of = |a: &Assessment| -> BTreeSet<&'static str> {
        a.questions
            .iter()
            .filter_map(|q| pillar_name(&q.id))
            .collect()
    };
    let (b, a) = (of(baseline), of(current));
    for p in a.symmetric_difference(&b) {
        let side = if a.contains(p) {
            "the current review"
        } else {
            "the baseline"
        };
        c.notes.push(format!(
            "the {p} pillar is assessed in {side} only, so its practices and questions are not compared"
        ));
    }
    a.intersection(&b).copied().collect()
}

/// True when an id (practice or question) is of a pillar both sides assessed.
fn in_shared(pillars: &BTreeSet<&'static str>, id: &str) -> bool {
    pillar_name(id).is_some_and(|p| pillars.contains(p))
}

/// Ids in the current order, then those only the baseline has.
fn union_ids<'a, T>(
    current: &'a [T],
    baseline: &'a [T],
    id: impl Fn(&'a T) -> &'a str,
) -> Vec<&'a str> {
    let now: BTreeSet<&str> = current.iter().map(&id).collect();
    let mut ids: Vec<&str> = current.iter().map(&id).collect();
    ids.extend(baseline.iter().map(&id).filter(|i| !now.contains(i)));
    ids
}

/// Each HRI or MRI of either side, in the list of its category.
fn practices(
    c: &mut Comparison,
    baseline: &Assessment,
    current: &Assessment,
    pillars: &BTreeSet<&'static str>,
) {
    let before: HashMap<&str, &PracticeResult> =
        baseline.practices().map(|p| (p.id.as_str(), p)).collect();
    let after: HashMap<&str, &PracticeResult> =
        current.practices().map(|p| (p.id.as_str(), p)).collect();
    let mut ids: Vec<&str> = current.practices().map(|p| p.id.as_str()).collect();
    ids.extend(
        baseline
            .practices()
            .map(|p| p.id.as_str())
            .filter(|id| !after.contains_key(id)),
    );
    for id in ids.into_iter().filter(|id| in_shared(pillars, id)) {
        let (b, a) = (before.get(id).copied(), after.get(id).copied());
        // An LRI that became an HRI/MRI (or back) is a risk change; anything else without an
        // HRI/MRI on either side is not tracked.
        if !is_open(b) && !is_open(a) {
            continue;
        }
        category(c, b, a).push(change(b, a));
    }
}

/// The list a practice's change belongs to.
fn category<'c>(
    c: &'c mut Comparison,
    b: Option<&PracticeResult>,
    a: Option<&PracticeResult>,
) -> &'c mut Vec<PracticeChange> {
    let both_missing = status(b) == Some(PracticeStatus::NotImplemented)
        && status(a) == Some(PracticeStatus::NotImplemented);
    if both_missing {
        return if b.and_then(|p| p.finding) != a.and_then(|p| p.finding) {
            &mut c.risk_changed
        } else {
            &mut c.still_open
        };
    }
    if is_open(b) {
        return match status(a) {
            Some(PracticeStatus::Implemented) => &mut c.resolved,
            Some(PracticeStatus::NotApplicable) => &mut c.no_longer_applicable,
            // Unanswered now, or the practice is not in the current catalog.
            _ => &mut c.no_longer_answered,
        };
    }
    match status(b) {
        Some(PracticeStatus::Implemented) | Some(PracticeStatus::NotApplicable) => &mut c.regressed,
        _ => &mut c.new,
    }
}

/// Question risk then and now, for every question of either side.
fn questions(
    baseline: &Assessment,
    current: &Assessment,
    pillars: &BTreeSet<&'static str>,
) -> Vec<QuestionChange> {
    let qb: HashMap<&str, _> = baseline
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    let qa: HashMap<&str, _> = current
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    union_ids(&current.questions, &baseline.questions, |q| q.id.as_str())
        .into_iter()
        .filter(|id| in_shared(pillars, id))
        .map(|id| {
            let (b, a) = (qb.get(id), qa.get(id));
            let (before, after) = (b.map(|q| q.risk), a.map(|q| q.risk));
            QuestionChange {
                id: id.to_owned(),
                title: a.or(b).map(|q| q.title.clone()).unwrap_or_default(),
                before,
                after,
                changed: before != after,
            }
        })
        .collect()
}

/// Controls and readiness of the frameworks on both sides; notes on those on one side only.
/// Returns the frameworks compared.
fn frameworks<'a>(
    c: &mut Comparison,
    baseline: &'a Assessment,
    current: &'a Assessment,
) -> BTreeSet<&'a str> {
    let fb: HashMap<&str, &FrameworkResult> = baseline
        .frameworks
        .iter()
        .map(|f| (f.id.as_str(), f))
        .collect();
    let mut both: BTreeSet<&str> = BTreeSet::new();
    for fa in &current.frameworks {
        let Some(fbf) = fb.get(fa.id.as_str()) else {
            c.notes.push(format!(
                "{} is not in the baseline, so its controls are not compared",
                fa.short_name
            ));
            continue;
        };
        both.insert(fa.id.as_str());
        controls(c, fbf, fa);
        c.readiness.push(ReadinessChange {
            framework: fa.id.clone(),
            short_name: fa.short_name.clone(),
            before: fbf.readiness.clone(),
            after: fa.readiness.clone(),
            delta_points: match (fbf.readiness.percent, fa.readiness.percent) {
                (Some(b), Some(a)) => Some(round1(a - b)),
                _ => None,
            },
        });
    }
    for f in &baseline.frameworks {
        if !current.frameworks.iter().any(|x| x.id == f.id) {
            c.notes.push(format!(
                "{} is only in the baseline, so its controls are not compared",
                f.short_name
            ));
        }
    }
    both
}

/// The controls of one framework whose status or risk changed; a note for those on one side.
fn controls(c: &mut Comparison, fbf: &FrameworkResult, fa: &FrameworkResult) {
    let cb: HashMap<&str, &ControlResult> =
        fbf.controls.iter().map(|x| (x.id.as_str(), x)).collect();
    let mut one_side = 0usize;
    for ca in &fa.controls {
        let Some(cbc) = cb.get(ca.id.as_str()) else {
            one_side += 1;
            continue;
        };
        if cbc.status == ca.status && cbc.risk == ca.risk {
            continue;
        }
        c.controls.push(ControlChange {
            framework: fa.id.clone(),
            framework_name: fa.short_name.clone(),
            control: ca.id.clone(),
            title: ca.title.clone(),
            before: cbc.status,
            after: ca.status,
            before_risk: cbc.risk,
            after_risk: ca.risk,
            direction: direction(cbc, ca, fa.supplier_model),
            reason: ca.reason.clone(),
        });
    }
    let in_current: BTreeSet<&str> = fa.controls.iter().map(|x| x.id.as_str()).collect();
    one_side += fbf
        .controls
        .iter()
        .filter(|x| !in_current.contains(x.id.as_str()))
        .count();
    if one_side > 0 {
        let noun = |n: &str| format!("{} {n}", fa.short_name);
        c.notes.push(format!(
            "{} exist on one side only (the two sides differ in scope, `--tsc` or the GDPR role, or in mapping data) and are not compared",
            crate::textfmt::count(one_side as u32, &noun("control"), &noun("controls"))
        ));
    }
}

/// Accepted risks whose state changed.
fn accepted_risks(baseline: &Assessment, current: &Assessment) -> Vec<AcceptedRiskChange> {
    let wb: HashMap<&str, _> = baseline
        .accepted_risks
        .iter()
        .map(|w| (w.id.as_str(), w))
        .collect();
    let wa: HashMap<&str, _> = current
        .accepted_risks
        .iter()
        .map(|w| (w.id.as_str(), w))
        .collect();
    union_ids(&current.accepted_risks, &baseline.accepted_risks, |w| {
        w.id.as_str()
    })
    .into_iter()
    .filter_map(|id| {
        let (b, a) = (wb.get(id), wa.get(id));
        let (bi, ai) = (b.map(|w| w.in_force), a.map(|w| w.in_force));
        let main = a.or(b);
        (bi != ai).then(|| AcceptedRiskChange {
            id: id.to_owned(),
            target: main.map(|w| w.target.clone()).unwrap_or_default(),
            title: main.map(|w| w.title.clone()).unwrap_or_default(),
            before_in_force: bi,
            after_in_force: ai,
            expires_on: main.and_then(|w| w.expires_on),
        })
    })
    .collect()
}

/// What may make the comparison misleading: other mapping data or lens, swapped or undated
/// sides, another workload.
fn caveats(baseline: &Assessment, current: &Assessment, kind: BaselineKind) -> Vec<String> {
    let mut notes = Vec::new();
    if baseline.mapping.version != current.mapping.version {
        notes.push(format!(
            "the baseline was assessed with mapping data {} and the current review with {}; some control changes may come from the mapping, not from the workload",
            baseline.mapping.version, current.mapping.version
        ));
    }
    if baseline.lens.version != current.lens.version {
        notes.push(format!(
            "the baseline was assessed against lens {} and the current review against lens {}",
            baseline.lens.version, current.lens.version
        ));
    }
    if let (Some(b), Some(a)) = (baseline.workload.review_date, current.workload.review_date)
        && b > a
    {
        notes.push(format!(
            "the baseline is dated {b}, after the current review ({a}): are the two swapped?"
        ));
    }
    if kind == BaselineKind::Review && baseline.workload.review_date != Some(baseline.generated_on)
    {
        notes.push(format!(
            "the baseline review {}, so it was assessed as of {}",
            match baseline.workload.review_date {
                Some(d) => format!("is dated {d}, after the report date"),
                None => "has no date".to_owned(),
            },
            baseline.generated_on
        ));
    }
    if baseline.workload.name != current.workload.name {
        notes.push(format!(
            "the baseline is of workload \"{}\", the current review of \"{}\"",
            baseline.workload.name, current.workload.name
        ));
    }
    notes
}

/// How many of each.
fn counts(c: &Comparison) -> ComparisonCounts {
    let n = |v: &Vec<PracticeChange>| v.len() as u32;
    let d = |x: Direction| c.controls.iter().filter(|k| k.direction == x).count() as u32;
    ComparisonCounts {
        resolved: n(&c.resolved),
        regressed: n(&c.regressed),
        new: n(&c.new),
        still_open: n(&c.still_open),
        no_longer_applicable: n(&c.no_longer_applicable),
        no_longer_answered: n(&c.no_longer_answered),
        risk_changed: n(&c.risk_changed),
        questions_changed: c.questions.iter().filter(|q| q.changed).count() as u32,
        controls_better: d(Direction::Better),
        controls_worse: d(Direction::Worse),
        controls_other: d(Direction::Other),
    }
}

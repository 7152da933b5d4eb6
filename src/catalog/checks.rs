//! Cross-checks of the loaded mapping data: the lens's ids, every crosswalk row against the
//! lens and the framework catalogs, coverage of every practice, scope notes, and consistency of
//! relations between equivalent controls of different frameworks (`mappings/equivalents.csv`).
//! Errors fail the load; warnings are errors under `wafr mappings check`.

use std::collections::{HashMap, HashSet};

use crate::error::{Diagnostic, Diagnostics, Location};
use crate::model::catalog::Control;
use crate::model::catalog::{
    ControlScope, Equivalence, Framework, Lens, MappingRow, Relation, Responsibility,
};

pub(super) fn lens(lens: &Lens, diags: &mut Diagnostics) {
    let mut ids = HashSet::new();
    let mut choices = HashSet::new();
    let qids: HashSet<&str> = lens.questions.iter().map(|q| q.id.as_str()).collect();
    for p in &lens.practices {
        if !ids.insert(p.id.as_str()) {
            diags.error(
                "duplicate-practice",
                None,
                format!(
                    "best practice `{}` is defined twice in lens `{}`",
                    p.id, lens.id
                ),
            );
        }
        if !choices.insert(p.choice_id.as_str()) {
            diags.error(
                "duplicate-choice",
                None,
                format!(
                    "choice id `{}` is used twice in lens `{}`",
                    p.choice_id, lens.id
                ),
            );
        }
        if !qids.contains(p.question.as_str()) {
            diags.error(
                "unknown-question",
                None,
                format!(
                    "best practice `{}` names unknown question `{}`",
                    p.id, p.question
                ),
            );
        }
    }
    let asked: HashSet<&str> = lens.practices.iter().map(|p| p.question.as_str()).collect();
    let mut seen_q = HashSet::new();
    for q in &lens.questions {
        if !seen_q.insert(q.id.as_str()) {
            diags.error(
                "duplicate-question",
                None,
                format!("question `{}` is defined twice in lens `{}`", q.id, lens.id),
            );
        }
        if !asked.contains(q.id.as_str()) {
            diags.error(
                "empty-question",
                None,
                format!("question `{}` has no best practice", q.id),
            );
        }
    }
    for l in &lens.legacy {
        if let Some(cur) = &l.current
            && !ids.contains(cur.as_str())
        {
            diags.error(
                "unknown-practice",
                None,
                format!(
                    "legacy id `{}` maps to `{cur}`, which is not a best practice of lens `{}`",
                    l.old_bp_id, lens.id
                ),
            );
        }
    }
}

/// What crosswalk rows are checked against, indexed so a large crosswalk looks ids up instead
/// of scanning.
struct Index<'a> {
    lens: &'a Lens,
    bps: HashSet<&'a str>,
    frameworks: HashMap<&'a str, &'a Framework>,
    controls: HashMap<(&'a str, &'a str), &'a Control>,
    /// An earlier edition's id → the control that replaced it.
    successors: HashMap<(&'a str, &'a str), &'a Control>,
}

impl<'a> Index<'a> {
    fn new(lens: &'a Lens, fws: &'a [Framework]) -> Self {
        let controls = fws
            .iter()
            .flat_map(|f| {
                f.controls
                    .iter()
                    .map(move |c| ((f.id.as_str(), c.id.as_str()), c))
            })
            .collect();
        let successors = fws
            .iter()
            .flat_map(|f| {
                // Reversed: of two controls with one predecessor, the first is kept.
                f.controls.iter().rev().flat_map(move |c| {
                    c.predecessors
                        .iter()
                        .map(move |p| ((f.id.as_str(), p.as_str()), c))
                })
            })
            .collect();
        Index {
            lens,
            bps: lens.practices.iter().map(|p| p.id.as_str()).collect(),
            frameworks: fws.iter().map(|f| (f.id.as_str(), f)).collect(),
            controls,
            successors,
        }
    }
}

pub(super) fn crosswalk(
    lens: &Lens,
    fws: &[Framework],
    rows: &[MappingRow],
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    let idx = Index::new(lens, fws);
    let mut pairs: HashMap<(&str, &str, &str), &Location> = HashMap::new();
    for r in rows {
        let Some(fw) = known_row(&idx, r, diags) else {
            continue;
        };
        control_of_row(&idx, fw, r, diags, warnings);
        if r.rationale.trim().is_empty() {
            diags.error(
                "missing-rationale",
                Some(r.at.clone()),
                "every crosswalk row needs a rationale",
            );
        }
        let key = (
            r.bp.as_str(),
            r.framework.as_str(),
            r.control.as_deref().unwrap_or_default(),
        );
        if let Some(prev) = pairs.get(&key) {
            diags.error(
                "duplicate-mapping",
                Some(r.at.clone()),
                format!(
                    "`{}` → `{}` `{}` is mapped twice (also at {prev})",
                    r.bp,
                    r.framework,
                    r.control.as_deref().unwrap_or("none")
                ),
            );
        } else {
            pairs.insert(key, &r.at);
        }
    }
    coverage(lens, fws, rows, warnings);
}

/// The row's framework, when its practice and framework are known (else reported).
fn known_row<'a>(
    idx: &Index<'a>,
    r: &MappingRow,
    diags: &mut Diagnostics,
) -> Option<&'a Framework> {
    if !idx.bps.contains(r.bp.as_str()) {
        let mut d = Diagnostic::error(
            "unknown-practice",
            Some(r.at.clone()),
            format!("unknown best practice `{}`", r.bp),
        );
        if let Some(l) = idx.lens.legacy.iter().find(|l| l.old_bp_id == r.bp) {
            d = d.with_hint(match &l.current {
                Some(c) => format!(
                    "`{}` is an id of an older lens version; the current id is `{c}`",
                    r.bp
                ),
                None => format!("`{}` was removed from the lens", r.bp),
            });
        }
        diags.push(d);
        return None;
    }
    let fw = idx.frameworks.get(r.framework.as_str()).copied();
    if fw.is_none() {
        diags.error(
            "unknown-framework",
            Some(r.at.clone()),
            format!(
                "unknown framework `{}` (no framework catalog defines it)",
                r.framework
            ),
        );
    }
    fw
}

/// The row's control and relation agree: `none` has no control, any other relation names a
/// control of the framework's edition; a driving relation on a control no review can show is
/// a warning.
fn control_of_row(
    idx: &Index,
    fw: &Framework,
    r: &MappingRow,
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    let c = match (&r.control, r.relation) {
        (None, Relation::None) => return,
        (Some(_), Relation::None) => {
            return diags.error(
                "none-with-control",
                Some(r.at.clone()),
                "a row with relation `none` must leave control_id empty",
            );
        }
        (None, _) => {
            return diags.error(
                "missing-control",
                Some(r.at.clone()),
                "control_id is empty; use relation `none` for an explicit no-mapping row",
            );
        }
        (Some(c), _) => c,
    };
    let Some(ctrl) = idx.controls.get(&(fw.id.as_str(), c.as_str())) else {
        let mut d = Diagnostic::error(
            "unknown-control",
            Some(r.at.clone()),
            format!("unknown control `{c}` in `{}`", fw.id),
        );
        if let Some(succ) = idx.successors.get(&(fw.id.as_str(), c.as_str())) {
            d = d.with_hint(format!(
                "`{c}` is an id of an earlier edition; in {} it became `{}` ({}). Editions are never mixed",
                fw.edition, succ.id, succ.title
            ));
        }
        return diags.push(d);
    };
    if r.relation.drives_status() && !ctrl.scope.reviewable() {
        warnings.push(Diagnostic::warning(
            "driving-organisational",
            Some(r.at.clone()),
            format!(
                "`{c}` is {} (outside any review's scope); relation `{}` cannot drive its status, use `supports`",
                ctrl.scope.label().to_lowercase(),
                r.relation.as_str()
            ),
        ));
    }
}

/// Every practice has a row per framework: a mapping or an explicit `none` with its reason.
/// A framework is checked against the pillars its crosswalk maps at all: a user framework that
/// only maps the Security pillar needs no rows for the other pillars' practices (they then
/// never bear on it), while the built-in frameworks, mapped from every pillar, need a row for
/// every one of the 308 practices.
fn coverage(lens: &Lens, fws: &[Framework], rows: &[MappingRow], warnings: &mut Vec<Diagnostic>) {
    let pillar: HashMap<&str, &str> = lens
        .practices
        .iter()
        .map(|p| (p.id.as_str(), p.pillar.as_str()))
        .collect();
    for fw in fws {
        let covered: HashSet<&str> = rows
            .iter()
            .filter(|r| r.framework == fw.id)
            .map(|r| r.bp.as_str())
            .collect();
        let mapped_pillars: HashSet<&str> = covered
            .iter()
            .filter_map(|b| pillar.get(b).copied())
            .collect();
        // (rows × frameworks: frameworks are few, each file at most 8 MiB.)
        let missing: Vec<&str> = lens
            .practices
            .iter()
            .filter(|p| mapped_pillars.is_empty() || mapped_pillars.contains(p.pillar.as_str()))
            .map(|p| p.id.as_str())
            .filter(|b| !covered.contains(b))
            .collect();
        if !missing.is_empty() {
            let shown = if missing.len() > 8 {
                format!(
                    "{} … ({} in all)",
                    missing
                        .iter()
                        .take(8)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                    missing.len()
                )
            } else {
                missing.join(", ")
            };
            warnings.push(
                Diagnostic::warning(
                    "unmapped-practice",
                    None,
                    format!("framework `{}`: no crosswalk row for {shown}", fw.id),
                )
                .with_hint(
                    "add a mapping row or an explicit row with relation `none` and the reason",
                ),
            );
        }
    }
}

/// Mixed controls say which part is technical; AWS and shared controls say why and list what
/// the customer must still show.
pub(super) fn scopes(fws: &[Framework], warnings: &mut Vec<Diagnostic>) {
    for f in fws {
        for c in &f.controls {
            if c.scope == ControlScope::Mixed
                && c.scope_note.is_none()
                && c.technical_part.is_none()
            {
                warnings.push(Diagnostic::warning(
                    "mixed-without-note",
                    None,
                    format!("`{}` `{}` is mixed but says nothing of which part is technical (scope_note or technical_part)", f.id, c.id),
                ));
            }
            if c.responsibility != Responsibility::Customer && c.responsibility_note.is_none() {
                warnings.push(Diagnostic::warning(
                    "responsibility-without-note",
                    None,
                    format!(
                        "`{}` `{}` is {} but gives no responsibility_note",
                        f.id,
                        c.id,
                        c.responsibility.label()
                    ),
                ));
            }
        }
    }
}

/// Equivalent controls must exist. A practice that drives a control should drive at least one
/// of its equivalents in each other framework; when it only supports them, that is a
/// disagreement, unless the supported ones are organisational or legal, or a rationale names
/// the other control to say why they differ.
/// (framework, control) → its equivalents (framework, control, where the equivalence is).
type EquivalenceIndex<'a> = HashMap<(&'a str, &'a str), Vec<(&'a str, &'a str, &'a Location)>>;

/// A control of a loaded framework: `None` when the framework is not loaded, `Some(None)` when
/// it is and has no such control.
fn control_in<'a>(fws: &'a [Framework], f: &str, c: &str) -> Option<Option<&'a Control>> {
    fws.iter()
        .find(|x| x.id == f)
        .map(|x| x.controls.iter().find(|k| k.id == c))
}

/// Equivalences both ways, each naming controls of the loaded catalogs (an unknown one is an
/// error; a framework left out is skipped).
fn equivalence_index<'a>(
    fws: &[Framework],
    eqs: &'a [Equivalence],
    diags: &mut Diagnostics,
) -> EquivalenceIndex<'a> {
    let mut eq: EquivalenceIndex = HashMap::new();
    for e in eqs {
        match (
            control_in(fws, &e.a.0, &e.a.1),
            control_in(fws, &e.b.0, &e.b.1),
        ) {
            (Some(Some(_)), Some(Some(_))) => {}
            (Some(None), _) | (_, Some(None)) => {
                diags.error(
                    "unknown-control",
                    Some(e.at.clone()),
                    format!(
                        "equivalence names an unknown control: `{}:{}` or `{}:{}`",
                        e.a.0, e.a.1, e.b.0, e.b.1
                    ),
                );
                continue;
            }
            // A framework left out (or not loaded): nothing to compare.
            _ => continue,
        }
        eq.entry((&e.a.0, &e.a.1))
            .or_default()
            .push((&e.b.0, &e.b.1, &e.at));
        eq.entry((&e.b.0, &e.b.1))
            .or_default()
            .push((&e.a.0, &e.a.1, &e.at));
    }
    eq
}

pub(super) fn equivalents(
    fws: &[Framework],
    rows: &[MappingRow],
    eqs: &[Equivalence],
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    let eq = equivalence_index(fws, eqs, diags);
    let by_pair: HashMap<(&str, &str, &str), &MappingRow> = rows
        .iter()
        .filter_map(|r| {
            Some((
                (r.bp.as_str(), r.framework.as_str(), r.control.as_deref()?),
                r,
            ))
        })
        .collect();
    for r in rows.iter().filter(|r| r.relation.drives_status()) {
        let Some(c) = r.control.as_deref() else {
            continue;
        };
        let Some(others) = eq.get(&(r.framework.as_str(), c)) else {
            continue;
        };
        let mut frameworks: Vec<&str> = others.iter().map(|o| o.0).collect();
        frameworks.sort_unstable();
        frameworks.dedup();
        for g in frameworks {
            let cands: Vec<&(&str, &str, &Location)> = others.iter().filter(|o| o.0 == g).collect();
            warnings.extend(disagreement(fws, &by_pair, r, c, g, &cands));
        }
    }
}

/// The warning when practice row `r` drives control `c` but only supports its equivalents in
/// framework `g` (`cands`), and no rationale explains the difference.
fn disagreement(
    fws: &[Framework],
    by_pair: &HashMap<(&str, &str, &str), &MappingRow>,
    r: &MappingRow,
    c: &str,
    g: &str,
    cands: &[&(&str, &str, &Location)],
) -> Option<Diagnostic> {
    let found: Vec<&MappingRow> = cands
        .iter()
        .filter_map(|o| by_pair.get(&(r.bp.as_str(), g, o.1)).copied())
        .collect();
    if found.is_empty() || found.iter().any(|o| o.relation.drives_status()) {
        return None;
    }
    let unexplained: Vec<&MappingRow> = found
        .into_iter()
        .filter(|o| {
            let oc = o.control.as_deref().unwrap_or_default();
            let reviewable = control_in(fws, g, oc)
                .flatten()
                .is_some_and(|k| k.scope.reviewable());
            reviewable && !names(&o.rationale, c) && !names(&r.rationale, oc)
        })
        .collect();
    let first = unexplained.first()?;
    let list: Vec<String> = unexplained
        .iter()
        .filter_map(|o| o.control.as_deref())
        .map(|oc| format!("`{g}:{oc}`"))
        .collect();
    Some(
        Diagnostic::warning(
            "relation-disagreement",
            Some(first.at.clone()),
            format!(
                "`{}` drives `{}:{c}` ({}) but only supports its equivalent{} {}",
                r.bp,
                r.framework,
                r.relation.as_str(),
                if unexplained.len() > 1 { "s" } else { "" },
                list.join(", ")
            ),
        )
        .with_hint(format!(
            "make one of them driving, or say in a rationale why they differ (name `{c}`); equivalence at {}",
            cands.first().map(|o| o.2.to_string()).unwrap_or_default()
        )),
    )
}

/// True when `text` names control `id` as a word (`A.8.7`, `CC6.8`, `Art.32(1)(b)`).
fn names(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(i, _)| {
        let after = text.get(i + id.len()..).and_then(|s| s.chars().next());
        !after.is_some_and(|c| {
            c.is_ascii_digit()
                || c == '.'
                    && text
                        .get(i + id.len() + 1..)
                        .is_some_and(|s| s.starts_with(|d: char| d.is_ascii_digit()))
        })
    })
}

//! What the cells of an answers row name: its pillar (one the catalog holds, or another, to
//! skip the row), a question of a pillar the catalog holds (or of another pillar, to skip the
//! row), and a practice (current, of an older lens version, or a question's "None of these"),
//! by id, WA Tool choice id or title.

use super::super::cells::clean_key;
use crate::model::catalog::{
    Catalog, LegacyPractice, Pillar, Question, canonical_bp_id, normalise_title,
};
use crate::model::ids::pillar_id;

/// What a practice cell names.
#[derive(Debug, Clone)]
pub(super) enum Hit {
    /// A current practice (index into the lens).
    Current(usize),
    /// An id or title of an older lens version.
    Legacy(LegacyPractice),
    /// "None of these" of a question.
    NoneOf(String),
    /// Nothing known.
    Unknown,
}

/// What a question cell names.
pub(super) enum QHit<'c> {
    Found(&'c Question),
    OtherPillar(String),
    Unknown,
}

/// The pillar of the catalog a pillar cell names: its WA Tool id (`operationalExcellence`),
/// name (`Operational Excellence`), id prefix (`OPS`) or a name's start (`performance`).
pub(super) fn pillar_of_cell<'c>(catalog: &'c Catalog, v: &str) -> Option<&'c Pillar> {
    let key = |s: &str| normalise_title(s).replace(' ', "");
    let (id, k) = (pillar_id(v), key(v));
    catalog.pillars.iter().find(|p| {
        id == Some(p.id.as_str()) || key(&p.id) == k || key(&p.name) == k || key(&p.prefix) == k
    })
}

/// The name of the Well-Architected pillar a question id's prefix names (`OPS1`, `REL 9`), when
/// the catalog does not hold it: the row is then counted and skipped. A question of a pillar the
/// catalog holds is never another pillar's, even when it is unknown (`SEC99`).
fn other_pillar_prefix(catalog: &Catalog, s: &str) -> Option<&'static str> {
    let t = s.trim().to_ascii_uppercase();
    crate::model::ids::PILLARS.iter().find_map(|(_, name, p)| {
        if catalog.pillars.iter().any(|x| x.prefix == *p) {
            return None;
        }
        let rest = t.strip_prefix(p)?;
        let rest = rest.trim_start();
        rest.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
            .then_some(*name)
    })
}

pub(super) fn resolve_question<'c>(catalog: &'c Catalog, v: &str) -> QHit<'c> {
    let v = clean_key(v);
    if let Some(q) = catalog.question(&v) {
        return QHit::Found(q);
    }
    let by_title = |t: &str| {
        let n = normalise_title(t);
        catalog.lens.questions.iter().find(|q| {
            normalise_title(&q.title) == n
                || q.wa_tool_title.as_deref().map(normalise_title) == Some(n.clone())
        })
    };
    for sep in [" - ", " – ", " — ", ": ", ". "] {
        if let Some((pre, rest)) = v.split_once(sep) {
            if let Some(q) = catalog.question(pre.trim()) {
                return QHit::Found(q);
            }
            if let Some(p) = other_pillar_prefix(catalog, pre) {
                return QHit::OtherPillar(p.to_owned());
            }
            if let Some(q) = by_title(rest) {
                return QHit::Found(q);
            }
        }
    }
    if let Some(q) = by_title(&v) {
        return QHit::Found(q);
    }
    match other_pillar_prefix(catalog, &v) {
        Some(p) => QHit::OtherPillar(p.to_owned()),
        None => QHit::Unknown,
    }
}

/// The question of a BP id (`PERF01-BP02` → `PERF01`).
pub(super) fn question_of_bp(bp: &str) -> Option<String> {
    canonical_bp_id(bp).and_then(|id| id.split_once("-BP").map(|(q, _)| q.to_owned()))
}

pub(super) fn resolve_practice(
    catalog: &Catalog,
    v: &str,
    question: Option<&Question>,
    prefer_legacy: bool,
) -> (Hit, bool) {
    let v = clean_key(v);
    let t = normalise_title(&v);
    if matches!(t.as_str(), "none of these" | "none of the above" | "none") {
        return match question {
            Some(q) => (Hit::NoneOf(q.id.clone()), true),
            None => (Hit::Unknown, true),
        };
    }
    if let Some(q) = catalog
        .lens
        .questions
        .iter()
        .find(|q| q.none_choice_id == v)
    {
        return (Hit::NoneOf(q.id.clone()), false);
    }
    if let Some(id) = canonical_bp_id(&v) {
        return match catalog.practice_index(&id) {
            Some(i) => (Hit::Current(i), false),
            None => (Hit::Unknown, false),
        };
    }
    if let Some(p) = catalog.practice_by_choice(&v) {
        return (
            catalog
                .practice_index(&p.id)
                .map_or(Hit::Unknown, Hit::Current),
            false,
        );
    }
    if let Some(l) = catalog.legacy_by_choice(&v) {
        return (Hit::Legacy(l.clone()), false);
    }
    // A title: within the question when known.
    let in_question = |l: &LegacyPractice| {
        question.is_none_or(|q| question_of_bp(&l.old_bp_id).as_deref() == Some(q.id.as_str()))
    };
    let legacy = catalog
        .lens
        .legacy
        .iter()
        .find(|l| normalise_title(&l.old_title) == t && in_question(l))
        .cloned();
    let current = catalog
        .lens
        .practices
        .iter()
        .position(|p| {
            question.is_none_or(|q| p.question == q.id)
                && (normalise_title(&p.title) == t
                    || p.wa_tool_title.as_deref().map(normalise_title) == Some(t.clone()))
        })
        .or_else(|| {
            if question.is_some() {
                None
            } else {
                catalog
                    .practice_by_title(&v)
                    .and_then(|p| catalog.practice_index(&p.id))
            }
        });
    let hit = match (prefer_legacy, current, legacy) {
        (true, _, Some(l)) => Hit::Legacy(l),
        (_, Some(i), _) => Hit::Current(i),
        (_, None, Some(l)) => Hit::Legacy(l),
        (_, None, None) => Hit::Unknown,
    };
    (hit, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_pillars() {
        let (all, _) = crate::catalog::load(&Default::default()).expect("built-in mappings load");
        let sec = all.restricted(&["security".to_owned()]);
        assert_eq!(
            other_pillar_prefix(&sec, "OPS1"),
            Some("Operational Excellence")
        );
        assert_eq!(
            other_pillar_prefix(&sec, "perf 3"),
            Some("Performance Efficiency")
        );
        assert_eq!(
            other_pillar_prefix(&sec, "SEC99"),
            None,
            "an unknown question"
        );
        assert_eq!(other_pillar_prefix(&sec, "SECURITY"), None);
        assert_eq!(other_pillar_prefix(&all, "OPS1"), None, "held");
        for (cell, id) in [
            ("Operational Excellence", "operationalExcellence"),
            ("operationalExcellence", "operationalExcellence"),
            ("REL", "reliability"),
            ("Performance", "performance"),
            ("cost optimization", "costOptimization"),
        ] {
            assert_eq!(
                pillar_of_cell(&all, cell).map(|p| p.id.as_str()),
                Some(id),
                "{cell}"
            );
        }
        assert!(pillar_of_cell(&sec, "Reliability").is_none());
        assert!(pillar_of_cell(&all, "Resilience").is_none());
        assert_eq!(question_of_bp("PERF01-BP02").as_deref(), Some("PERF01"));
        assert_eq!(question_of_bp("sec1bp1").as_deref(), Some("SEC01"));
    }
}

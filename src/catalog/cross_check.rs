//! `wafr mappings check --cross-check`: our crosswalk held against an authoritative crosswalk
//! between two frameworks (ENISA's NIS2 to ISO/IEC 27001:2022 table, `mappings/cross-references/`).
//! Where the source relates control A to control B, a practice that drives A's status but has no
//! row at all for B (or the reverse) is a disagreement to review: either our row is missing or
//! the practice does not reach B. Controls no practice can establish (organisational, legal, ISMS
//! clauses) are not expected to have rows and are left out. Corroboration, not authority:
//! findings are listed, not errors.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::catalog::{Catalog, ControlScope};

/// One practice that drives one side of a cross-reference and is absent from the other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Disagreement {
    /// The practice.
    pub bp: String,
    /// `framework:control` it drives.
    pub drives: String,
    /// `framework:control` the source relates to it, where the practice has no row.
    pub absent_from: String,
    /// The source of the cross-reference.
    pub source: String,
}

/// The result of a cross-check.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct CrossCheck {
    /// Cross-references read.
    pub pairs: usize,
    /// Pairs naming a control the catalogs do not hold (`framework:control`).
    pub unknown_controls: Vec<String>,
    /// Disagreements, sorted.
    pub disagreements: Vec<Disagreement>,
}

/// Practices per control key, those that drive it and those with any row.
fn rows_by_control(c: &Catalog) -> BTreeMap<String, (BTreeSet<&str>, BTreeSet<&str>)> {
    let mut m: BTreeMap<String, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
    for r in &c.crosswalk {
        let Some(ctl) = &r.control else { continue };
        let e = m.entry(format!("{}:{ctl}", r.framework)).or_default();
        e.1.insert(r.bp.as_str());
        if r.relation.drives_status() {
            e.0.insert(r.bp.as_str());
        }
    }
    m
}

/// Cross-checks every loaded cross-reference against the crosswalk.
pub(crate) fn cross_check(c: &Catalog) -> CrossCheck {
    let rows = rows_by_control(c);
    let control = |fw: &str, ctl: &str| {
        c.frameworks
            .iter()
            .find(|f| f.id == fw)
            .and_then(|f| f.controls.iter().find(|x| x.id == ctl))
    };
    let known = |fw: &str, ctl: &str| control(fw, ctl).is_some();
    // A control no practice can establish (organisational or legal, or an ISMS clause) is not
    // expected to have rows: its absence is no disagreement.
    let reachable = |key: &str| {
        let (fw, ctl) = key.split_once(':').unwrap_or_default();
        control(fw, ctl).is_some_and(|x| {
            x.kind.as_deref() != Some("clause")
                && matches!(x.scope, ControlScope::Technical | ControlScope::Mixed)
        })
    };
    let empty = (BTreeSet::new(), BTreeSet::new());
    let mut out = CrossCheck {
        pairs: c.cross_references.len(),
        ..Default::default()
    };
    let mut seen = BTreeSet::new();
    for x in &c.cross_references {
        let mut bad = false;
        for (fw, ctl) in [&x.a, &x.b] {
            if !known(fw, ctl) {
                out.unknown_controls.push(format!("{fw}:{ctl}"));
                bad = true;
            }
        }
        if bad {
            continue;
        }
        let ka = format!("{}:{}", x.a.0, x.a.1);
        let kb = format!("{}:{}", x.b.0, x.b.1);
        let ra = rows.get(&ka).unwrap_or(&empty);
        let rb = rows.get(&kb).unwrap_or(&empty);
        for (drives, this, other, other_rows) in
            [(&ra.0, &ka, &kb, &rb.1), (&rb.0, &kb, &ka, &ra.1)]
        {
            if !reachable(other) {
                continue;
            }
            for bp in drives.difference(other_rows) {
                let d = Disagreement {
                    bp: (*bp).to_owned(),
                    drives: this.clone(),
                    absent_from: other.clone(),
                    source: x.source.clone(),
                };
                if seen.insert((d.bp.clone(), d.drives.clone(), d.absent_from.clone())) {
                    out.disagreements.push(d);
                }
            }
        }
    }
    out.unknown_controls.sort();
    out.unknown_controls.dedup();
    out.disagreements.sort();
    out
}

/// The cross-check as text, one line per disagreement.
pub(crate) fn text(x: &CrossCheck) -> String {
    let mut out = format!(
        "cross-check: {} cross-references read; {} practice-control disagreements to review{}\n",
        x.pairs,
        x.disagreements.len(),
        if x.unknown_controls.is_empty() {
            String::new()
        } else {
            format!(
                "; controls not in the catalogs: {}",
                x.unknown_controls.join(", ")
            )
        }
    );
    for d in &x.disagreements {
        out.push_str(&format!(
            "  {} drives {} but has no row for {}, which the source relates to it\n",
            d.bp, d.drives, d.absent_from
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enisa_table_is_read_and_every_control_it_names_exists() {
        let (c, _) = crate::catalog::load(&Default::default()).expect("built-in mappings load");
        let x = cross_check(&c);
        assert!(x.pairs > 100, "{}", x.pairs);
        assert!(x.unknown_controls.is_empty(), "{:?}", x.unknown_controls);
        // Each finding names a practice that really drives one side and has no row on the other.
        let rows = rows_by_control(&c);
        for d in &x.disagreements {
            assert!(rows[&d.drives].0.contains(d.bp.as_str()));
            assert!(
                !rows
                    .get(&d.absent_from)
                    .is_some_and(|r| r.1.contains(d.bp.as_str()))
            );
        }
    }
}

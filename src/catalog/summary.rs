//! What `wafr mappings list` shows, as data: the lens and its pillars, each framework pack with
//! its edition, counts (ISO 27001's Annex A controls and clause requirements apart), whether it
//! is assessed by default, its source and licence, and each mapping file's origin. The terminal
//! text and `--json` are both made from it.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::catalog::{Catalog, plural};

/// The summary of the mapping data loaded.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CatalogSummary {
    /// `wafr/mappings/1`.
    pub schema: &'static str,
    /// Digest of every mapping file.
    pub version: String,
    /// The lens.
    pub lens: LensSummary,
    /// Each framework, sorted by id.
    pub frameworks: Vec<FrameworkSummary>,
    /// Each file, sorted by path.
    pub files: Vec<crate::model::catalog::CatalogFile>,
}

/// The lens and its pillars.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LensSummary {
    /// Lens id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Questions.
    pub questions: usize,
    /// Best practices.
    pub practices: usize,
    /// Ids of older lens versions mapped to current ones.
    pub older_ids: usize,
    /// Pillars: id, name, questions, practices.
    pub pillars: Vec<PillarSummary>,
}

/// One pillar's size.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PillarSummary {
    /// WA Tool pillar id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Questions.
    pub questions: usize,
    /// Best practices.
    pub practices: usize,
}

/// One framework pack.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FrameworkSummary {
    /// Id (`--framework ID`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Edition.
    pub edition: String,
    /// Assessed without `--framework`.
    pub default: bool,
    /// Controls per kind, in catalog order: `[("controls", 93), ("clause requirements", 30)]`.
    pub counts: Vec<(String, usize)>,
    /// Controls a practice can drive (the rest are outside a review's reach or supported only).
    pub driven: usize,
    /// Crosswalk rows.
    pub rows: usize,
    /// Practices with a crosswalk row for this framework.
    pub practices_mapped: usize,
    /// Where the catalog's ids and titles come from.
    pub source: Option<String>,
    /// Their licence or terms.
    pub licence: Option<String>,
}

/// The summary of a catalog.
pub(crate) fn summary(c: &Catalog) -> CatalogSummary {
    let pillars = c
        .pillars
        .iter()
        .map(|p| PillarSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            questions: c.lens.questions.iter().filter(|q| q.pillar == p.id).count(),
            practices: c.lens.practices.iter().filter(|x| x.pillar == p.id).count(),
        })
        .collect();
    CatalogSummary {
        schema: "wafr/mappings/1",
        version: c.version.clone(),
        lens: LensSummary {
            id: c.lens.id.clone(),
            name: c.lens.name.clone(),
            version: c.lens.version.clone(),
            questions: c.lens.questions.len(),
            practices: c.lens.practices.len(),
            older_ids: c.lens.legacy.len(),
            pillars,
        },
        frameworks: c.frameworks.iter().map(|f| framework(c, f)).collect(),
        files: c.files.clone(),
    }
}

fn framework(c: &Catalog, f: &crate::model::catalog::Framework) -> FrameworkSummary {
    let rows: Vec<_> = c.crosswalk.iter().filter(|r| r.framework == f.id).collect();
    let driven: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.relation.drives_status())
        .filter_map(|r| r.control.as_deref())
        .collect();
    let bps: BTreeSet<&str> = rows.iter().map(|r| r.bp.as_str()).collect();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for ctl in &f.controls {
        let noun = match ctl.kind.as_deref() {
            Some("clause") => plural("clause requirement"),
            _ => plural(&f.control_noun),
        };
        match counts.iter_mut().find(|(n, _)| *n == noun) {
            Some((_, k)) => *k += 1,
            None => counts.push((noun, 1)),
        }
    }
    counts.sort_by_key(|(n, _)| n.starts_with("clause"));
    FrameworkSummary {
        id: f.id.clone(),
        name: f.name.clone(),
        edition: f.edition.clone(),
        default: f.default,
        counts,
        driven: driven.len(),
        rows: rows.len(),
        practices_mapped: bps.len(),
        source: f.source.clone(),
        licence: f.licence.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_counts_annex_a_and_clauses_apart_and_packs_say_if_default() {
        let (c, _) = crate::catalog::load(&Default::default()).expect("built-in mappings load");
        let s = summary(&c);
        let iso = s
            .frameworks
            .iter()
            .find(|f| f.id == "iso27001-2022")
            .unwrap();
        assert_eq!(
            iso.counts,
            vec![
                ("controls".to_owned(), 93),
                ("clause requirements".to_owned(), 30)
            ]
        );
        assert!(iso.default);
        let pci = s
            .frameworks
            .iter()
            .find(|f| f.id == "pci-dss-4.0.1")
            .unwrap();
        assert!(!pci.default);
        assert_eq!(s.lens.pillars.len(), 6);
        assert_eq!(
            s.lens.pillars.iter().map(|p| p.practices).sum::<usize>(),
            308
        );
    }
}

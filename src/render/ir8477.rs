//! The crosswalk as a CSV in the relationship vocabulary of NIST IR 8477 (docs/exports.md), in
//! the columns of the Secure Controls Framework's set theory relationship mapping (STRM) files:
//! one row per crosswalk row, the practice as the focal element. `equal`, `subset`, `superset`
//! and `intersects` are IR 8477 set-theory relationships (rationale: functional, as wafr judges
//! what implementing a practice delivers); `supports` is IR 8477's supportive relationship, a
//! style of its own; `none` is "no relationship" with the reason. No strength is given: IR 8477
//! defines none, and wafr does not score.

use crate::error::{Error, Result};
use crate::model::catalog::{Catalog, Relation, lens_id_of};

use super::csv_safe;

/// The header, in order.
pub const COLUMNS: [&str; 11] = [
    "focal_document",
    "focal_element",
    "focal_element_name",
    "style",
    "rationale",
    "relationship",
    "reference_document",
    "reference_element",
    "reference_element_name",
    "notes",
    "source",
];

/// IR 8477's words for a relation: (style, relationship).
pub(crate) fn vocabulary(r: Relation) -> (&'static str, &'static str) {
    match r {
        Relation::Equal => ("set theory", "equal"),
        Relation::Subset => ("set theory", "subset of"),
        Relation::Superset => ("set theory", "superset of"),
        Relation::Intersects => ("set theory", "intersects with"),
        Relation::Supports => ("supportive", "supports"),
        Relation::None => ("set theory", "no relationship"),
    }
}

/// Renders every crosswalk row of the catalog.
pub fn render(c: &Catalog) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("writing the IR 8477 crosswalk: {e}"));
    csv_safe::write_record(&mut w, COLUMNS).map_err(fail)?;
    for m in &c.crosswalk {
        let Some(p) = c.practice(&m.bp) else { continue };
        let fw = c.framework(&m.framework);
        let control = m.control.as_deref().unwrap_or("");
        let title = fw
            .and_then(|f| f.controls.iter().find(|k| k.id == control))
            .map(|k| k.title.as_str())
            .unwrap_or("");
        let (style, relationship) = vocabulary(m.relation);
        let rationale = if m.relation == Relation::Supports {
            ""
        } else {
            "functional"
        };
        csv_safe::write_record(
            &mut w,
            [
                lens_id_of(&p.id).unwrap_or(&c.lens.id),
                &p.id,
                &p.title,
                style,
                rationale,
                relationship,
                fw.map(|f| f.name.as_str()).unwrap_or(&m.framework),
                control,
                title,
                &m.rationale,
                &m.source,
            ],
        )
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("writing the IR 8477 crosswalk: {e}")))
}

//! Column headers: finding the header row of a table, and what each column holds, by the names
//! and aliases of `fields` (re-exported here).
//!
//! Headers are compared after [`norm_header`]: case, spacing, non-breaking spaces and
//! punctuation do not matter (`Notes (optional)` = `notes optional`, `question_id` =
//! `Question ID`). The header row need not be the first row: the first [`HEADER_SCAN`] rows are
//! searched. Every alias is listed in `docs/spreadsheet-import.md`; keep the two in step.

pub use super::fields::{
    ANSWER_HEADERS, CONTROL_HEADERS, EVIDENCE_HEADERS, Field, Kind, RISK_HEADERS, WORKLOAD_HEADERS,
    WORKLOAD_LABELS, WorkloadField,
};
use super::table::{Row, Table, Value, is_space};
use Field::*;

/// How many rows from the top are searched for the header row.
pub(crate) const HEADER_SCAN: usize = 30;

/// A header made comparable: lowercase; anything but letters and digits is a space; runs of
/// spaces collapse; `*` (a "required" mark) is dropped.
pub(crate) fn norm_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if is_space(c) || c.is_ascii_punctuation() || !c.is_alphanumeric() {
            space = true;
        }
    }
    out
}

fn lookup<T: Copy>(table: &[(&str, T)], h: &str) -> Option<T> {
    table.iter().find(|(k, _)| *k == h).map(|(_, f)| *f)
}

/// The label of a workload field, if `s` is one.
pub(crate) fn workload_label(s: &str) -> Option<WorkloadField> {
    lookup(WORKLOAD_LABELS, &norm_header(s))
}

/// The known header an unknown one most likely meant, for a did-you-mean: a known header the
/// unknown one starts or ends with as whole words (`Status (Y/N)` → `status`), else one within
/// two edits (`Staus` → `status`). Only headers of fields that bear on a status are offered.
pub(crate) fn closest_header(kind: Kind, header: &str) -> Option<(&'static str, Field)> {
    closest(headers_of(kind), header, |f| f.bears_on_status())
}

/// The Workload sheet's label an unknown one most likely meant (as [`closest_header`]), among
/// the labels of fields that bear on a status (`Audit typ` → `audit type`).
pub(crate) fn closest_label(label: &str) -> Option<(&'static str, WorkloadField)> {
    closest(WORKLOAD_LABELS, label, |f| f.bears_on_status())
}

fn closest<T: Copy>(
    table: &'static [(&'static str, T)],
    header: &str,
    offered: impl Fn(T) -> bool,
) -> Option<(&'static str, T)> {
    let h = norm_header(header);
    if h.is_empty() {
        return None;
    }
    let table = table.iter().filter(|(_, f)| offered(*f));
    let words = |a: &str| h.starts_with(&format!("{a} ")) || h.ends_with(&format!(" {a}"));
    table
        .clone()
        .filter(|(a, _)| a.len() >= 4 && words(a))
        .max_by_key(|(a, _)| a.len())
        .or_else(|| {
            table
                .filter(|(a, _)| a.len() >= 4)
                .map(|x| (strsim::levenshtein(&h, x.0), x))
                .filter(|(d, _)| *d <= 2)
                .min_by_key(|(d, _)| *d)
                .map(|(_, x)| x)
        })
        .copied()
}

/// One recognised column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// 0-based index.
    pub col: u32,
    /// The header as written.
    pub header: String,
    /// What it holds.
    pub field: Field,
}

/// The header row of a table and what its columns hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// What the table holds.
    pub kind: Kind,
    /// Index into `Table::rows` of the header row.
    pub index: usize,
    /// Recognised columns, in column order.
    pub columns: Vec<Column>,
    /// Columns whose header is not recognised: (0-based index, header as written).
    pub unknown: Vec<(u32, String)>,
}

impl Header {
    /// The column of a field, with its header (the first, when several).
    pub(crate) fn col(&self, f: Field) -> Option<(u32, &str)> {
        self.columns
            .iter()
            .find(|c| c.field == f)
            .map(|c| (c.col, c.header.as_str()))
    }

    /// True when the table has a column for `f`.
    pub(crate) fn has(&self, f: Field) -> bool {
        self.columns.iter().any(|c| c.field == f)
    }
}

fn required(kind: Kind, fields: &[Field]) -> bool {
    let has = |f: Field| fields.contains(&f);
    match kind {
        Kind::Answers => {
            let key = [Practice, BpId, ChoiceId, PracticeTitle]
                .iter()
                .any(|&f| has(f));
            let data = [
                Status,
                Notes,
                Owner,
                Evidence,
                NaReason,
                Effort,
                Impact,
                EffortDays,
                Cost,
                TargetDate,
                DependsOn,
                NoneOfThese,
            ]
            .iter()
            .any(|&f| has(f));
            (key || has(Question)) && data
        }
        Kind::Evidence => {
            has(EvId)
                && has(EvTitle)
                && [
                    EvLocation,
                    EvSha256,
                    EvCollected,
                    EvPeriodStart,
                    EvPeriodEnd,
                    EvExpires,
                    EvSupports,
                    EvKind,
                    EvReport,
                ]
                .iter()
                .any(|&f| has(f))
        }
        Kind::AcceptedRisks => has(ArId) && has(ArTarget) && (has(ArJustification) || has(ArTitle)),
        Kind::Controls => {
            has(CtlFramework)
                && has(CtlControl)
                && [
                    CtlResponsibility,
                    CtlApplicable,
                    CtlJustification,
                    CtlBasis,
                    CtlNotApplicable,
                    CtlEvidence,
                    CtlSampling,
                    CtlOwner,
                    CtlNotes,
                ]
                .iter()
                .any(|&f| has(f))
        }
        Kind::Workload => has(KvField) && has(KvValue),
    }
}

fn headers_of(kind: Kind) -> &'static [(&'static str, Field)] {
    match kind {
        Kind::Answers => ANSWER_HEADERS,
        Kind::Evidence => EVIDENCE_HEADERS,
        Kind::AcceptedRisks => RISK_HEADERS,
        Kind::Controls => CONTROL_HEADERS,
        Kind::Workload => WORKLOAD_HEADERS,
    }
}

fn try_row(row: &Row, kind: Kind, index: usize) -> Option<Header> {
    let table = headers_of(kind);
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for (col, v) in &row.cells {
        let Value::Text(s) = v else {
            unknown.push((*col, v.display()));
            continue;
        };
        match lookup(table, &norm_header(s)) {
            Some(field) => columns.push(Column {
                col: *col,
                header: super::cells::clean_key(s),
                field,
            }),
            None => unknown.push((*col, super::cells::clean_key(s))),
        }
    }
    let fields: Vec<Field> = columns.iter().map(|c| c.field).collect();
    required(kind, &fields).then_some(Header {
        kind,
        index,
        columns,
        unknown,
    })
}

/// Finds the header row: the first of the top [`HEADER_SCAN`] rows that some kind of table
/// accepts; when several kinds accept it, the one that recognises the most columns.
pub(crate) fn find_header(table: &Table) -> Option<Header> {
    for (i, row) in table.rows.iter().take(HEADER_SCAN).enumerate() {
        let mut best: Option<Header> = None;
        for kind in [
            Kind::Answers,
            Kind::Evidence,
            Kind::AcceptedRisks,
            Kind::Controls,
            Kind::Workload,
        ] {
            if let Some(h) = try_row(row, kind, i) {
                let n = h.columns.iter().filter(|c| c.field != Info).count();
                let better = match &best {
                    None => true,
                    Some(b) => n > b.columns.iter().filter(|c| c.field != Info).count(),
                };
                if better {
                    best = Some(h);
                }
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn headers_normalise() {
        assert_eq!(norm_header("Notes (optional)"), "notes optional");
        assert_eq!(norm_header("  X or NA "), "x or na");
        assert_eq!(norm_header("Reason/Notes"), "reason notes");
        assert_eq!(norm_header("question_id"), "question id");
        assert_eq!(norm_header("N/A\u{00A0}reason*"), "n a reason");
        assert_eq!(
            norm_header("Choice (Best Practice)"),
            "choice best practice"
        );
        assert_eq!(norm_header("SHA-256"), "sha 256");
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            at: Location::file("t.csv"),
            sheet: None,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    number: i as u32 + 1,
                    cells: r
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| !s.is_empty())
                        .map(|(c, s)| (c as u32, Value::Text((*s).into())))
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn finds_header_below_a_title_block() {
        let t = table(&[
            &["Workload Overview"],
            &["Workload Name", "", "Payments"],
            &[
                "Pillar",
                "Question",
                "Explanation",
                "Choice (Best Practice)",
                "Detail",
                "Response",
                "Notes (optional)",
            ],
        ]);
        let h = find_header(&t).unwrap();
        assert_eq!((h.kind, h.index), (Kind::Answers, 2));
        assert_eq!(h.col(Status), Some((5, "Response")));
        assert_eq!(h.col(PracticeTitle), Some((3, "Choice (Best Practice)")));
    }

    #[test]
    fn kinds_are_told_apart() {
        let ev = table(&[&["ID", "Title", "Owner", "Location", "Supports"]]);
        assert_eq!(find_header(&ev).unwrap().kind, Kind::Evidence);
        let ar = table(&[&["ID", "Target", "Title", "Justification", "Approver"]]);
        assert_eq!(find_header(&ar).unwrap().kind, Kind::AcceptedRisks);
        let ct = table(&[&[
            "Framework",
            "Control",
            "Responsibility",
            "Not applicable reason",
            "Owner",
            "Notes",
        ]]);
        assert_eq!(find_header(&ct).unwrap().kind, Kind::Controls);
        let wl = table(&[&["Field", "Value", "Help"]]);
        assert_eq!(find_header(&wl).unwrap().kind, Kind::Workload);
        let c = table(&[&[
            "pillar",
            "best_practise_area",
            "question",
            "best_practise",
            "region",
            "reason",
            "resource",
            "status",
        ]]);
        let h = find_header(&c).unwrap();
        assert_eq!(h.kind, Kind::Answers);
        assert!(h.unknown.is_empty(), "{:?}", h.unknown);
        assert!(find_header(&table(&[&["a", "b"]])).is_none());
    }
}

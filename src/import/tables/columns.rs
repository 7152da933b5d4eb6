//! Column headers: the names and aliases wafr recognises, and finding the header row of a table.
//!
//! Headers are compared after [`norm_header`]: case, spacing, non-breaking spaces and
//! punctuation do not matter (`Notes (optional)` = `notes optional`, `question_id` =
//! `Question ID`). The header row need not be the first row: the first [`HEADER_SCAN`] rows are
//! searched. Every alias is listed in `docs/spreadsheet-import.md`; keep the two in step.

use super::table::{Row, Table, Value, is_space};

/// How many rows from the top are searched for the header row.
pub const HEADER_SCAN: usize = 30;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    // Answers.
    /// WA pillar (rows of other pillars are skipped).
    Pillar,
    /// WA lens alias (rows of other lenses are skipped).
    Lens,
    /// Question: `SEC01`, `SEC 1`, WA question id, `SEC1 - How do you …`, or its title.
    Question,
    /// Question title.
    QuestionTitle,
    /// A best practice: BP id, choice id or title, whichever it holds.
    Practice,
    /// A BP id column.
    BpId,
    /// A WA Tool choice id column.
    ChoiceId,
    /// A practice title column.
    PracticeTitle,
    /// Status.
    Status,
    /// Notes.
    Notes,
    /// Owner.
    Owner,
    /// Evidence references.
    Evidence,
    /// Not-applicable reason.
    NaReason,
    /// Effort.
    Effort,
    /// Target date.
    TargetDate,
    /// Depends on.
    DependsOn,
    /// A known column that carries nothing to import (risk level, guidance, descriptions).
    Info,
    // Evidence register.
    /// Evidence id.
    EvId,
    /// Evidence title.
    EvTitle,
    /// Evidence owner.
    EvOwner,
    /// Evidence location.
    EvLocation,
    /// SHA-256.
    EvSha256,
    /// Collected on.
    EvCollected,
    /// Period start.
    EvPeriodStart,
    /// Period end.
    EvPeriodEnd,
    /// Expires on.
    EvExpires,
    /// Supports.
    EvSupports,
    /// Notes.
    EvNotes,
    // Accepted risks.
    /// Waiver id.
    ArId,
    /// Target.
    ArTarget,
    /// Title.
    ArTitle,
    /// Justification.
    ArJustification,
    /// Approver.
    ArApprover,
    /// Approved on.
    ArApprovedOn,
    /// Expires on.
    ArExpires,
    /// Compensating control.
    ArCompensating,
    // Per-control decisions.
    /// Framework id.
    CtlFramework,
    /// Control id.
    CtlControl,
    /// Responsibility override.
    CtlResponsibility,
    /// Not-applicable justification.
    CtlNotApplicable,
    /// Control owner.
    CtlOwner,
    /// Notes.
    CtlNotes,
    // Workload (a Field / Value table).
    /// The field name column.
    KvField,
    /// The value column.
    KvValue,
}

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Answers (and question-level rows).
    Answers,
    /// The evidence register.
    Evidence,
    /// Accepted risks.
    AcceptedRisks,
    /// Per-control decisions.
    Controls,
    /// Workload fields as a Field / Value table.
    Workload,
}

impl Kind {
    /// Name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Answers => "answers",
            Kind::Evidence => "evidence register",
            Kind::AcceptedRisks => "accepted risks",
            Kind::Controls => "controls",
            Kind::Workload => "workload",
        }
    }
}

use Field::*;

impl Field {
    /// True when the column's values can change a status (an answer, a not-applicable reason, an
    /// evidence reference, a date that makes evidence or a waiver current, a control decision).
    /// A column that looks like one of these is never dropped with a mere warning (issue 16).
    pub fn bears_on_status(self) -> bool {
        matches!(
            self,
            Practice
                | BpId
                | ChoiceId
                | Status
                | Evidence
                | NaReason
                | EvId
                | EvCollected
                | EvPeriodStart
                | EvPeriodEnd
                | EvExpires
                | EvSupports
                | ArId
                | ArTarget
                | ArApprover
                | ArApprovedOn
                | ArExpires
                | CtlFramework
                | CtlControl
                | CtlResponsibility
                | CtlNotApplicable
        )
    }
}

/// Answer columns, normalised header → field.
pub const ANSWER_HEADERS: &[(&str, Field)] = &[
    ("pillar", Pillar),
    ("pillar id", Pillar),
    ("lens", Lens),
    ("lens alias", Lens),
    ("question", Question),
    ("question id", Question),
    ("questionid", Question),
    ("question number", Question),
    ("question no", Question),
    ("qid", Question),
    ("question title", QuestionTitle),
    ("question text", QuestionTitle),
    ("best practice", Practice),
    ("best practise", Practice),
    ("practice", Practice),
    ("bp", BpId),
    ("bp id", BpId),
    ("bpid", BpId),
    ("best practice id", BpId),
    ("best practise id", BpId),
    ("practice id", BpId),
    ("id", BpId),
    ("choice id", ChoiceId),
    ("choiceid", ChoiceId),
    ("choice", PracticeTitle),
    ("choice best practice", PracticeTitle),
    ("choice title", PracticeTitle),
    ("practice title", PracticeTitle),
    ("best practice title", PracticeTitle),
    ("best practise title", PracticeTitle),
    ("practice name", PracticeTitle),
    ("best practice name", PracticeTitle),
    ("title", PracticeTitle),
    ("status", Status),
    ("response", Status),
    ("x or na", Status),
    ("answer", Status),
    ("implemented", Status),
    ("implementation status", Status),
    ("state", Status),
    ("result", Status),
    ("compliance", Status),
    ("compliance status", Status),
    ("notes", Notes),
    ("note", Notes),
    ("notes optional", Notes),
    ("reason notes", Notes),
    ("reason", Notes),
    ("comment", Notes),
    ("comments", Notes),
    ("remarks", Notes),
    ("owner", Owner),
    ("practice owner", Owner),
    ("bp owner", Owner),
    ("responsible", Owner),
    ("assignee", Owner),
    ("evidence", Evidence),
    ("evidence references", Evidence),
    ("evidence reference", Evidence),
    ("evidence refs", Evidence),
    ("evidence ref", Evidence),
    ("evidence ids", Evidence),
    ("evidence id", Evidence),
    ("references", Evidence),
    ("n a reason", NaReason),
    ("na reason", NaReason),
    ("not applicable reason", NaReason),
    ("reason not applicable", NaReason),
    ("reason if n a", NaReason),
    ("reason if not applicable", NaReason),
    ("why not applicable", NaReason),
    ("effort", Effort),
    ("remediation effort", Effort),
    ("t shirt size", Effort),
    ("target date", TargetDate),
    ("target", TargetDate),
    ("due date", TargetDate),
    ("due", TargetDate),
    ("deadline", TargetDate),
    ("remediation date", TargetDate),
    ("depends on", DependsOn),
    ("dependencies", DependsOn),
    ("dependency", DependsOn),
    ("depends", DependsOn),
    ("blocked by", DependsOn),
    ("risk", Info),
    ("risk level", Info),
    ("level of risk", Info),
    ("risk if not established", Info),
    ("guidance", Info),
    ("guidance link", Info),
    ("link", Info),
    ("url", Info),
    ("explanation", Info),
    ("detail", Info),
    ("details", Info),
    ("description", Info),
    ("choice description", Info),
    ("question description", Info),
    ("choice status", Info),
    ("choice reason", Info),
    ("region", Info),
    ("resource", Info),
    ("best practise area", Info),
    ("best practice area", Info),
    ("focus area", Info),
];

/// Evidence register columns.
pub const EVIDENCE_HEADERS: &[(&str, Field)] = &[
    ("id", EvId),
    ("evidence id", EvId),
    ("evidence", EvId),
    ("ref", EvId),
    ("reference", EvId),
    ("title", EvTitle),
    ("name", EvTitle),
    ("evidence title", EvTitle),
    ("evidence name", EvTitle),
    ("owner", EvOwner),
    ("evidence owner", EvOwner),
    ("location", EvLocation),
    ("url", EvLocation),
    ("link", EvLocation),
    ("path", EvLocation),
    ("system", EvLocation),
    ("sha256", EvSha256),
    ("sha 256", EvSha256),
    ("hash", EvSha256),
    ("checksum", EvSha256),
    ("collected on", EvCollected),
    ("collected", EvCollected),
    ("date collected", EvCollected),
    ("collection date", EvCollected),
    ("period start", EvPeriodStart),
    ("covers from", EvPeriodStart),
    ("valid from", EvPeriodStart),
    ("period end", EvPeriodEnd),
    ("covers to", EvPeriodEnd),
    ("expires on", EvExpires),
    ("expires", EvExpires),
    ("expiry", EvExpires),
    ("expiry date", EvExpires),
    ("expiration date", EvExpires),
    ("valid until", EvExpires),
    ("supports", EvSupports),
    ("supports practices controls", EvSupports),
    ("practices", EvSupports),
    ("controls", EvSupports),
    ("maps to", EvSupports),
    ("notes", EvNotes),
    ("comments", EvNotes),
];

/// Accepted-risk columns.
pub const RISK_HEADERS: &[(&str, Field)] = &[
    ("id", ArId),
    ("risk id", ArId),
    ("waiver id", ArId),
    ("accepted risk id", ArId),
    ("exception id", ArId),
    ("target", ArTarget),
    ("practice or control", ArTarget),
    ("applies to", ArTarget),
    ("title", ArTitle),
    ("risk", ArTitle),
    ("accepted risk", ArTitle),
    ("what is accepted", ArTitle),
    ("justification", ArJustification),
    ("rationale", ArJustification),
    ("reason", ArJustification),
    ("business justification", ArJustification),
    ("approver", ArApprover),
    ("approved by", ArApprover),
    ("approved on", ArApprovedOn),
    ("approval date", ArApprovedOn),
    ("expires on", ArExpires),
    ("expires", ArExpires),
    ("expiry", ArExpires),
    ("expiry date", ArExpires),
    ("compensating control", ArCompensating),
    ("compensating controls", ArCompensating),
    ("mitigation", ArCompensating),
];

/// Per-control decision columns.
pub const CONTROL_HEADERS: &[(&str, Field)] = &[
    ("framework", CtlFramework),
    ("framework id", CtlFramework),
    ("control", CtlControl),
    ("control id", CtlControl),
    ("criterion", CtlControl),
    ("responsibility", CtlResponsibility),
    ("not applicable reason", CtlNotApplicable),
    ("not applicable", CtlNotApplicable),
    ("n a reason", CtlNotApplicable),
    ("na reason", CtlNotApplicable),
    ("justification", CtlNotApplicable),
    ("owner", CtlOwner),
    ("control owner", CtlOwner),
    ("notes", CtlNotes),
    ("comments", CtlNotes),
    ("title", Info),
    ("control title", Info),
];

/// Workload Field / Value table columns.
pub const WORKLOAD_HEADERS: &[(&str, Field)] = &[
    ("field", KvField),
    ("item", KvField),
    ("property", KvField),
    ("key", KvField),
    ("value", KvValue),
    ("help", Info),
    ("hint", Info),
    ("explanation", Info),
    ("description", Info),
];

/// Workload fields by their labels (rows of a Workload sheet, or labels above a table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadField {
    /// Name.
    Name,
    /// Description.
    Description,
    /// Organisation.
    Organisation,
    /// Environment.
    Environment,
    /// Industry.
    Industry,
    /// AWS account ids.
    Accounts,
    /// Regions.
    Regions,
    /// Review owner.
    ReviewOwner,
    /// Reviewers.
    Reviewers,
    /// Review date.
    ReviewDate,
    /// Lens version.
    LensVersion,
    /// Scope.
    Scope,
    /// Notes.
    Notes,
    /// Milestone.
    Milestone,
}

/// Workload labels, normalised.
pub const WORKLOAD_LABELS: &[(&str, WorkloadField)] = &[
    ("workload name", WorkloadField::Name),
    ("name", WorkloadField::Name),
    ("workload", WorkloadField::Name),
    ("description", WorkloadField::Description),
    ("workload description", WorkloadField::Description),
    ("organisation", WorkloadField::Organisation),
    ("organization", WorkloadField::Organisation),
    ("company", WorkloadField::Organisation),
    ("environment", WorkloadField::Environment),
    ("industry", WorkloadField::Industry),
    ("industry type", WorkloadField::Industry),
    ("aws account ids", WorkloadField::Accounts),
    ("aws account id", WorkloadField::Accounts),
    ("aws accounts", WorkloadField::Accounts),
    ("account ids", WorkloadField::Accounts),
    ("account id", WorkloadField::Accounts),
    ("accounts", WorkloadField::Accounts),
    ("regions", WorkloadField::Regions),
    ("aws regions", WorkloadField::Regions),
    ("region", WorkloadField::Regions),
    ("review owner", WorkloadField::ReviewOwner),
    ("reviewers", WorkloadField::Reviewers),
    ("reviewer", WorkloadField::Reviewers),
    ("review date", WorkloadField::ReviewDate),
    ("lens version", WorkloadField::LensVersion),
    ("scope", WorkloadField::Scope),
    ("review scope", WorkloadField::Scope),
    ("notes", WorkloadField::Notes),
    ("workload notes", WorkloadField::Notes),
    ("milestone", WorkloadField::Milestone),
];

/// A header made comparable: lowercase; anything but letters and digits is a space; runs of
/// spaces collapse; `*` (a "required" mark) is dropped.
pub fn norm_header(s: &str) -> String {
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
pub fn workload_label(s: &str) -> Option<WorkloadField> {
    lookup(WORKLOAD_LABELS, &norm_header(s))
}

/// The known header an unknown one most likely meant, for a did-you-mean: a known header the
/// unknown one starts or ends with as whole words (`Status (Y/N)` → `status`), else one within
/// two edits (`Staus` → `status`). Only headers of fields that bear on a status are offered.
pub fn closest_header(kind: Kind, header: &str) -> Option<(&'static str, Field)> {
    let h = norm_header(header);
    if h.is_empty() {
        return None;
    }
    let table = headers_of(kind).iter().filter(|(_, f)| f.bears_on_status());
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
pub struct Column {
    /// 0-based index.
    pub col: u32,
    /// The header as written.
    pub header: String,
    /// What it holds.
    pub field: Field,
}

/// The header row of a table and what its columns hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
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
    pub fn col(&self, f: Field) -> Option<(u32, &str)> {
        self.columns
            .iter()
            .find(|c| c.field == f)
            .map(|c| (c.col, c.header.as_str()))
    }

    /// True when the table has a column for `f`.
    pub fn has(&self, f: Field) -> bool {
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
                Status, Notes, Owner, Evidence, NaReason, Effort, TargetDate, DependsOn,
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
                ]
                .iter()
                .any(|&f| has(f))
        }
        Kind::AcceptedRisks => has(ArId) && has(ArTarget) && (has(ArJustification) || has(ArTitle)),
        Kind::Controls => {
            has(CtlFramework)
                && has(CtlControl)
                && [CtlResponsibility, CtlNotApplicable, CtlOwner, CtlNotes]
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
pub fn find_header(table: &Table) -> Option<Header> {
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

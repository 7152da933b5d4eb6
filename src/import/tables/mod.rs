//! Tables (worksheets or CSV files) into a partial [`Review`]: answers, question-level data,
//! the evidence register, accepted risks and workload fields. The layouts are described in
//! `docs/spreadsheet-import.md`:
//!
//! - **A**, the AWS labs XLSX export: one row per choice, matched by title within its question,
//!   `SELECTED` in `Response`, question notes merged over the question's rows, a header block
//!   above the table, one sheet per lens named `wellarchitected v2024-06-27`;
//! - **B**, the round-trip layout: `question_id` / `choice_id` columns, `X` or `NA`, question
//!   rows (empty choice id) carrying N/A and notes;
//! - **C** and wafr's questionnaire: one row per practice keyed by BP id, choice id or title,
//!   with an explicit status.
//!
//! A and B are checkbox layouts: in a question with a ticked choice, an unticked one is not
//! implemented (as in the WA Tool). In the others a blank status is unanswered.

pub mod cells;
pub mod columns;
pub mod delimited;
pub mod ods_scan;
pub mod table;
pub mod workbook_read;
pub mod xls_guard;
pub mod zip_guard;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use self::cells::{Cells, clean_key, excel_serial_date, split_list};
use self::columns::{
    Field, Header, Kind, WorkloadField, closest_header, find_header, norm_header, workload_label,
};
use self::table::{Table, Value, number_text};
use super::text::truncate;
use crate::error::{Diagnostic, Diagnostics, Location, Result};
use crate::model::catalog::{
    Catalog, LegacyMatch, LegacyPractice, Question, Responsibility, canonical_bp_id,
    normalise_title,
};
use crate::model::review::{
    AcceptedRisk, Answer, ControlOverride, Effort, EvidenceItem, LegacyAnswer, PracticeStatus,
    QuestionAnswer, Review,
};

/// A status word as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// In place.
    Implemented,
    /// Not in place.
    NotImplemented,
    /// Partly in place: counts as not implemented, with a note.
    Partial,
    /// Does not apply; some words carry a default reason.
    NotApplicable(Option<&'static str>),
    /// Not answered (yet).
    Unanswered,
    /// "None of these" (question level).
    NoneOfThese,
}

/// Every accepted status word, normalised (lowercase, `_` and `-` as spaces), with its meaning.
/// `docs/spreadsheet-import.md` lists the same words.
pub const STATUS_WORDS: &[(&str, Word)] = &[
    ("implemented", Word::Implemented),
    ("yes", Word::Implemented),
    ("y", Word::Implemented),
    ("x", Word::Implemented),
    ("selected", Word::Implemented),
    ("ok", Word::Implemented),
    ("done", Word::Implemented),
    ("true", Word::Implemented),
    ("in place", Word::Implemented),
    ("pass", Word::Implemented),
    ("passed", Word::Implemented),
    ("compliant", Word::Implemented),
    ("✓", Word::Implemented),
    ("✔", Word::Implemented),
    ("☑", Word::Implemented),
    ("✅", Word::Implemented),
    ("not implemented", Word::NotImplemented),
    ("no", Word::NotImplemented),
    ("n", Word::NotImplemented),
    ("unselected", Word::NotImplemented),
    ("not selected", Word::NotImplemented),
    ("missing", Word::NotImplemented),
    ("gap", Word::NotImplemented),
    ("false", Word::NotImplemented),
    ("fail", Word::NotImplemented),
    ("failed", Word::NotImplemented),
    ("error", Word::NotImplemented),
    ("alarm", Word::NotImplemented),
    ("not in place", Word::NotImplemented),
    ("non compliant", Word::NotImplemented),
    ("✗", Word::NotImplemented),
    ("✘", Word::NotImplemented),
    ("❌", Word::NotImplemented),
    ("partial", Word::Partial),
    ("partially", Word::Partial),
    ("partially implemented", Word::Partial),
    ("partly implemented", Word::Partial),
    ("in progress", Word::Partial),
    ("not applicable", Word::NotApplicable(None)),
    ("n/a", Word::NotApplicable(None)),
    ("na", Word::NotApplicable(None)),
    ("n.a.", Word::NotApplicable(None)),
    ("not relevant", Word::NotApplicable(None)),
    ("skip", Word::NotApplicable(None)),
    ("skipped", Word::NotApplicable(None)),
    ("out of scope", Word::NotApplicable(Some("Out of scope"))),
    ("unanswered", Word::Unanswered),
    ("not answered", Word::Unanswered),
    ("unknown", Word::Unanswered),
    ("tbd", Word::Unanswered),
    ("to do", Word::Unanswered),
    ("todo", Word::Unanswered),
    ("?", Word::Unanswered),
    ("info", Word::Unanswered),
    ("pending", Word::Unanswered),
    ("not assessed", Word::Unanswered),
    ("none", Word::NoneOfThese),
    ("none of these", Word::NoneOfThese),
    ("none of the above", Word::NoneOfThese),
];

/// Parses a status word (case, spacing, `_` and `-` do not matter).
pub fn parse_word(s: &str) -> Option<Word> {
    let k = clean_key(s).to_lowercase().replace(['_', '-'], " ");
    let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
    STATUS_WORDS.iter().find(|(w, _)| *w == k).map(|(_, x)| *x)
}

/// The hint for an unknown status: the closest accepted word when there is one.
fn status_hint(s: &str) -> String {
    let k = clean_key(s).to_lowercase();
    // Long text is no mistyped word (and the distance is quadratic).
    let close = STATUS_WORDS
        .iter()
        .filter(|_| k.chars().count() <= 40)
        .map(|(w, _)| (strsim::levenshtein(&k, w), *w))
        .filter(|(d, w)| *d <= 2 && *d < w.chars().count())
        .min();
    let base = "use Implemented, Not implemented, Not applicable or leave it blank; every accepted word is in docs/spreadsheet-import.md";
    match close {
        Some((_, w)) => format!("did you mean \"{w}\"? Otherwise {base}"),
        None => base.to_owned(),
    }
}

/// How blank statuses are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Layout A: notes are question notes; checkbox semantics.
    LabsExport,
    /// Layout B: checkbox semantics.
    RoundTrip,
    /// Explicit statuses; blank is unanswered.
    Explicit,
}

fn layout_of(h: &Header) -> Layout {
    let is = |f: Field, name: &str| h.col(f).is_some_and(|(_, x)| norm_header(x) == name);
    if is(Field::Status, "response") && is(Field::PracticeTitle, "choice best practice") {
        Layout::LabsExport
    } else if is(Field::Status, "x or na") {
        Layout::RoundTrip
    } else {
        Layout::Explicit
    }
}

/// Sheet names that hold help text, skipped without a word.
fn is_help_sheet(name: &str) -> bool {
    matches!(
        norm_header(name).as_str(),
        "instructions" | "read me" | "readme" | "help" | "about" | "lists"
    )
}

/// `wellarchitected v2024-06-27` → (`wellarchitected`, `2024-06-27`).
fn lens_sheet(name: &str) -> Option<(String, String)> {
    let (alias, ver) = name.trim().rsplit_once(" v")?;
    super::text::parse_date(ver).filter(|_| ver.len() == 10)?;
    Some((alias.trim().to_owned(), ver.to_owned()))
}

/// What a practice cell names.
#[derive(Debug, Clone)]
enum Hit {
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
enum QHit<'c> {
    Found(&'c Question),
    OtherPillar(String),
    Unknown,
}

const OTHER_PILLARS: &[(&str, &str)] = &[
    ("OPS", "Operational Excellence"),
    ("REL", "Reliability"),
    ("PERF", "Performance Efficiency"),
    ("COST", "Cost Optimization"),
    ("SUS", "Sustainability"),
];

fn other_pillar_prefix(s: &str) -> Option<&'static str> {
    let t = s.trim().to_ascii_uppercase();
    OTHER_PILLARS.iter().find_map(|(p, name)| {
        let rest = t.strip_prefix(p)?;
        let rest = rest.trim_start();
        rest.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
            .then_some(*name)
    })
}

fn resolve_question<'c>(catalog: &'c Catalog, v: &str) -> QHit<'c> {
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
            if let Some(p) = other_pillar_prefix(pre) {
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
    match other_pillar_prefix(&v) {
        Some(p) => QHit::OtherPillar(p.to_owned()),
        None => QHit::Unknown,
    }
}

fn question_of_bp(bp: &str) -> Option<String> {
    canonical_bp_id(bp).and_then(|id| id.get(..5).map(str::to_owned))
}

fn resolve_practice(
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

/// One answer being built from a row.
#[derive(Debug, Clone)]
struct Entry {
    bp: String,
    /// The question of the row (old numbering for old-lens rows).
    row_question: String,
    word: Option<Word>,
    na_reason: Option<String>,
    notes: Option<String>,
    owner: Option<String>,
    evidence: Vec<String>,
    effort: Option<Effort>,
    target: Option<time::Date>,
    depends_on: Vec<String>,
    source: Location,
    legacy_ids: Vec<String>,
    /// The status cell, for messages.
    status_text: Option<String>,
}

struct QData {
    notes: Vec<String>,
    not_applicable: Option<String>,
    none_selected: bool,
    source: Location,
}

/// Per-file state.
struct Ctx<'a> {
    catalog: &'a Catalog,
    diags: Diagnostics,
    review: Review,
    other_pillars: BTreeMap<String, u32>,
    other_lenses: BTreeSet<String>,
    partial: Vec<String>,
    inferred: BTreeSet<String>,
    workload_set: BTreeMap<&'static str, (String, Location)>,
    recognised: usize,
}

/// Imports the tables of one file.
pub fn import(tables: &[Table], at: &Location, catalog: &Catalog) -> Result<Review> {
    let mut cx = Ctx {
        catalog,
        diags: Diagnostics::new(),
        review: Review::default(),
        other_pillars: BTreeMap::new(),
        other_lenses: BTreeSet::new(),
        partial: Vec::new(),
        inferred: BTreeSet::new(),
        workload_set: BTreeMap::new(),
        recognised: 0,
    };
    let mut ignored_sheets = Vec::new();
    for t in tables {
        if t.rows.is_empty() {
            continue;
        }
        let name = t.sheet.clone().unwrap_or_default();
        if t.sheet.is_some() && is_help_sheet(&name) {
            continue;
        }
        let mut lens_version = None;
        if let Some((alias, ver)) = lens_sheet(&name) {
            if norm_header(&alias).starts_with("wellarchitected") {
                lens_version = Some(ver);
            } else {
                cx.other_lenses.insert(format!("sheet '{name}'"));
                continue;
            }
        }
        let Some(h) = find_header(t) else {
            ignored_sheets.push(t);
            continue;
        };
        cx.recognised += 1;
        header_block(&mut cx, t, h.index);
        if let Some(v) = lens_version {
            set_workload(
                &mut cx,
                "lens version",
                WorkloadField::LensVersion,
                v,
                t.at.clone(),
            );
        }
        unknown_columns(&mut cx, t, &h);
        match h.kind {
            Kind::Answers => {
                let layout = layout_of(&h);
                if layout == Layout::RoundTrip
                    && t.sheet.is_some()
                    && name != "wellarchitected"
                    && !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_:/".contains(c))
                {
                    cx.other_lenses.insert(format!("sheet '{name}'"));
                    continue;
                }
                let prefer_legacy = cx
                    .review
                    .workload
                    .lens_version
                    .as_deref()
                    .is_some_and(|v| v < catalog.lens.version.as_str());
                no_status_column(&mut cx, t, &h);
                answers(&mut cx, t, &h, layout, prefer_legacy);
            }
            Kind::Evidence => evidence(&mut cx, t, &h),
            Kind::AcceptedRisks => risks(&mut cx, t, &h),
            Kind::Controls => controls(&mut cx, t, &h),
            Kind::Workload => workload_table(&mut cx, t, &h),
        }
    }
    if cx.recognised == 0 {
        let what = if tables.iter().any(|t| t.sheet.is_some()) {
            "no sheet holds a table wafr recognises"
        } else {
            "no header row wafr recognises in the first 30 rows"
        };
        cx.diags.push(
            Diagnostic::error("no-table", Some(at.clone()), what).with_hint(
                "an answers table needs a best-practice column (BP ID, Choice ID or Best practice) and a status \
                 column (Status, Response or X or NA); see docs/spreadsheet-import.md, or start from \
                 `wafr template questionnaire.xlsx`",
            ),
        );
    } else {
        for t in ignored_sheets {
            ignored_sheet(&mut cx, t);
        }
    }
    if !cx.other_pillars.is_empty() {
        let list: Vec<String> = cx
            .other_pillars
            .iter()
            .map(|(p, n)| format!("{p} ({n})"))
            .collect();
        cx.diags.warning(
            "other-pillar-ignored",
            Some(at.clone()),
            format!(
                "ignored {} row(s) of other pillars: {}; wafr assesses the Security pillar only",
                cx.other_pillars.values().sum::<u32>(),
                list.join(", ")
            ),
        );
    }
    if !cx.other_lenses.is_empty() {
        cx.diags.warning(
            "other-lens-ignored",
            Some(at.clone()),
            format!(
                "ignored other lenses: {}; wafr reads the Well-Architected Framework lens (`wellarchitected`)",
                cx.other_lenses.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    if !cx.partial.is_empty() {
        cx.diags.warning(
            "partial-counts-as-not-implemented",
            Some(at.clone()),
            format!(
                "{} answered as partly implemented count as not implemented (the WA Tool has no partial answer); their notes say so",
                cx.partial.join(", ")
            ),
        );
    }
    for note in std::mem::take(&mut cx.inferred) {
        cx.diags.push(Diagnostic::warning(
            "legacy-inferred",
            Some(at.clone()),
            note,
        ));
    }
    let warnings = cx.diags.finish(&at.file)?;
    cx.review.warnings.extend(warnings);
    Ok(cx.review)
}

/// Code of the warning for a practice-keyed table without a status column. Such a table may
/// only add owners, notes or evidence to answers another input gives; [`super::load`] makes it
/// an error when no other input answers anything, since its answers would then be lost.
pub const NO_STATUS_COLUMN: &str = "no-status-column";

fn no_status_column(cx: &mut Ctx, t: &Table, h: &Header) {
    let keyed = [
        Field::Practice,
        Field::BpId,
        Field::ChoiceId,
        Field::PracticeTitle,
    ]
    .iter()
    .any(|&f| h.has(f));
    if !keyed || h.has(Field::Status) {
        return;
    }
    let Some(row) = t.rows.get(h.index).map(|r| r.number) else {
        return;
    };
    let suspect = h
        .unknown
        .iter()
        .find(|(_, s)| closest_header(Kind::Answers, s).is_some_and(|(_, f)| f == Field::Status));
    let hint = match suspect {
        Some((c, s)) => format!(
            "column {} (\"{s}\") may be it: did you mean \"Status\"? docs/spreadsheet-import.md lists the status headers",
            crate::error::column_letter(*c)
        ),
        None => "add a Status column (Status, Response or X or NA; docs/spreadsheet-import.md), or give the answers in another input".to_owned(),
    };
    cx.diags.push(
        Diagnostic::warning(
            NO_STATUS_COLUMN,
            Some(t.row_at(row)),
            "this answers table has no status column: its rows only add owners, notes and evidence to answers given elsewhere",
        )
        .with_hint(hint),
    );
}

/// `status` → `Status`, as headers are usually written.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A sheet without a header row wafr recognises is skipped with a warning, unless it names best
/// practices of the catalog: then it holds answers that would be lost, and that is an error
/// naming the first such cell (issue 16).
fn ignored_sheet(cx: &mut Ctx, t: &Table) {
    let names_practice = |v: &Value| match v {
        Value::Text(s) if s.chars().count() <= 80 => {
            canonical_bp_id(s).is_some_and(|id| cx.catalog.practice(&id).is_some())
                || cx.catalog.practice_by_choice(s).is_some()
        }
        _ => false,
    };
    let first = t.rows.iter().find_map(|r| {
        r.cells
            .iter()
            .find(|(_, v)| names_practice(v))
            .map(|(c, v)| (r.number, *c, v.display()))
    });
    match first {
        Some((row, col, text)) => cx.diags.push(
            Diagnostic::error(
                "sheet-with-answers-ignored",
                Some(t.cell_at(row, col, None)),
                format!(
                    "this sheet names best practices (\"{}\") but has no header row wafr recognises in its first 30 rows, so its answers would be lost",
                    truncate(&text, 40)
                ),
            )
            .with_hint(
                "an answers table needs a header row with a best-practice column (BP ID, Choice ID or Best practice) and a status column (Status, Response or X or NA); see docs/spreadsheet-import.md",
            ),
        ),
        None => cx.diags.warning(
            "sheet-ignored",
            Some(t.at.clone()),
            "no header row wafr recognises in the first 30 rows: sheet ignored",
        ),
    }
}

/// Columns whose header is unknown (or missing) but which hold values. Values that could change
/// a status are never dropped with a warning (issue 16): a column whose header looks like one
/// wafr reads for a status-bearing field, or (in an answers table) whose values are mostly
/// status words, is an error naming the column, with a did-you-mean. Any other such column is
/// free text wafr does not read: a warning (an error with `--strict`).
fn unknown_columns(cx: &mut Ctx, t: &Table, h: &Header) {
    let known: BTreeSet<u32> = h.columns.iter().map(|c| c.col).collect();
    // Per column: values, and how many of them are status words.
    let mut counts: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for row in t.rows.iter().skip(h.index + 1) {
        for (c, v) in &row.cells {
            if !known.contains(c) {
                let e = counts.entry(*c).or_default();
                e.0 += 1;
                if matches!(v, Value::Text(s) if parse_word(s).is_some()) {
                    e.1 += 1;
                }
            }
        }
    }
    let Some(header_row) = t.rows.get(h.index).map(|r| r.number) else {
        return;
    };
    for (c, (n, words)) in counts {
        let name = h
            .unknown
            .iter()
            .find(|(x, _)| *x == c)
            .map(|(_, s)| s.clone());
        let at = t.cell_at(header_row, c, name.as_deref());
        let meant = name.as_deref().and_then(|s| closest_header(h.kind, s));
        let answers = h.kind == Kind::Answers && words > 0 && words * 2 >= n;
        let rename = match meant {
            Some((alias, _)) => {
                format!("did you mean \"{}\"? Rename the header", capitalised(alias))
            }
            None if answers => "name the column \"Status\"".to_owned(),
            None => "rename the header".to_owned(),
        };
        let hint = format!(
            "{rename}; docs/spreadsheet-import.md lists every header wafr reads in {} tables",
            h.kind.label()
        );
        let what = match &name {
            Some(_) => "unknown column",
            None => "column without a header",
        };
        if answers || meant.is_some() {
            let why = if answers {
                format!("{words} of its {n} values are answers (status words)")
            } else {
                format!("it holds {n} value(s)")
            };
            cx.diags.push(
                Diagnostic::error(
                    "unknown-column-with-answers",
                    Some(at),
                    format!("{what}: {why}, and wafr would not import them"),
                )
                .with_hint(hint),
            );
        } else {
            cx.diags.push(
                Diagnostic::warning(
                    "unknown-column",
                    Some(at),
                    format!("{what}: its {n} value(s) were not imported"),
                )
                .with_hint(format!("{hint}, or delete the column")),
            );
        }
    }
}

/// Workload labels above the header row (layout A's header block): the value is the first
/// non-empty cell in the two columns to the right of the label.
fn header_block(cx: &mut Ctx, t: &Table, header_index: usize) {
    for row in t.rows.iter().take(header_index) {
        for (col, v) in &row.cells {
            let Value::Text(label) = v else { continue };
            let Some(f) = workload_label(label) else {
                continue;
            };
            let value = row.cells.iter().find(|(c, x)| {
                *c > *col && *c <= col + 2 && workload_label(&x.display()).is_none()
            });
            if let Some((vc, val)) = value {
                let at = t.cell_at(row.number, *vc, Some(&clean_key(label)));
                set_workload_value(cx, &clean_key(label), f, val, at);
            }
        }
    }
}

fn field_key(f: WorkloadField) -> &'static str {
    match f {
        WorkloadField::Name => "workload name",
        WorkloadField::Description => "description",
        WorkloadField::Organisation => "organisation",
        WorkloadField::Environment => "environment",
        WorkloadField::Industry => "industry",
        WorkloadField::Accounts => "AWS account ids",
        WorkloadField::Regions => "regions",
        WorkloadField::ReviewOwner => "review owner",
        WorkloadField::Reviewers => "reviewers",
        WorkloadField::ReviewDate => "review date",
        WorkloadField::LensVersion => "lens version",
        WorkloadField::Scope => "scope",
        WorkloadField::Notes => "workload notes",
        WorkloadField::Milestone => "milestone",
    }
}

fn set_workload_value(cx: &mut Ctx, label: &str, f: WorkloadField, v: &Value, at: Location) {
    let text = match v {
        Value::Error(e) => {
            cx.diags.error(
                "error-cell",
                Some(at),
                format!("the cell holds the error value {e}; type the value instead"),
            );
            return;
        }
        Value::Date(d) => d.to_string(),
        Value::Number(n) if f == WorkloadField::ReviewDate => match excel_serial_date(*n) {
            Some(d) => d.to_string(),
            None => number_text(*n),
        },
        Value::Number(n) if f == WorkloadField::Accounts => {
            let s = number_text(*n);
            if s.len() < 12 && s.chars().all(|c| c.is_ascii_digit()) {
                let padded = format!("{s:0>12}");
                cx.diags.warning(
                    "account-id-as-number",
                    Some(at.clone()),
                    format!(
                        "the account id {s} was stored as a number, which drops leading zeros; read as {padded} (format the cell as text to be sure)"
                    ),
                );
                padded
            } else {
                s
            }
        }
        v => v.display(),
    };
    if let Some(c) = super::text::control_char(&text) {
        cx.diags.error(
            "control-character",
            Some(at.clone()),
            format!("text contains the control character U+{:04X}", c as u32),
        );
        return;
    }
    if !super::check_text(&text, &at, "the cell", &mut cx.diags) {
        return;
    }
    let _ = label;
    set_workload(cx, field_key(f), f, text, at);
}

fn set_workload(cx: &mut Ctx, key: &'static str, f: WorkloadField, text: String, at: Location) {
    let w = &mut cx.review.workload;
    let list = |s: &str| split_list(s);
    match f {
        WorkloadField::Accounts => {
            for a in list(&text) {
                if !(a.len() == 12 && a.chars().all(|c| c.is_ascii_digit())) {
                    cx.diags.warning(
                        "odd-account-id",
                        Some(at.clone()),
                        format!("\"{}\" is not a 12-digit AWS account id", truncate(&a, 40)),
                    );
                }
            }
            super::merge::union(&mut w.aws_accounts, list(&text));
            return;
        }
        WorkloadField::Regions => {
            super::merge::union(&mut w.regions, list(&text));
            return;
        }
        WorkloadField::Reviewers => {
            super::merge::union(&mut w.reviewers, list(&text));
            return;
        }
        _ => {}
    }
    if let Some((prev, prev_at)) = cx.workload_set.get(key) {
        if *prev != text {
            cx.diags.push(
                Diagnostic::error(
                    "conflict",
                    Some(at),
                    format!(
                        "{key} \"{}\" conflicts with \"{}\"",
                        truncate(&text, 60),
                        truncate(prev, 60)
                    ),
                )
                .with_hint(format!("the other value is at {prev_at}; keep one of them")),
            );
        }
        return;
    }
    let value = text.clone();
    match f {
        WorkloadField::Name => w.name = value,
        WorkloadField::Description => w.description = Some(value),
        WorkloadField::Organisation => w.organisation = Some(value),
        WorkloadField::Environment => w.environment = Some(value),
        WorkloadField::Industry => w.industry = Some(value),
        WorkloadField::ReviewOwner => w.review_owner = Some(value),
        WorkloadField::ReviewDate => match super::text::parse_date(&clean_key(&value)) {
            Some(d) => w.review_date = Some(d),
            None => {
                cx.diags.error(
                    "invalid-date",
                    Some(at),
                    format!(
                        "\"{}\" is not a date (type YYYY-MM-DD, such as 2026-03-31, or use a date cell)",
                        truncate(&value, 40)
                    ),
                );
                return;
            }
        },
        WorkloadField::LensVersion => w.lens_version = Some(clean_key(&value)),
        WorkloadField::Scope => w.scope = Some(value),
        WorkloadField::Notes => w.notes = Some(value),
        WorkloadField::Milestone => w.milestone = Some(value),
        WorkloadField::Accounts | WorkloadField::Regions | WorkloadField::Reviewers => {}
    }
    cx.workload_set.insert(key, (text, at));
}

/// The notes and list items of the rows combined into one answer, each kept once.
#[derive(Default)]
struct Gathered {
    notes: Vec<String>,
    /// (0 evidence, 1 depends_on, 2 legacy id, 3 note; text).
    seen: HashSet<(u8, String)>,
}

impl Gathered {
    fn of(a: &Answer) -> Self {
        let mut g = Gathered::default();
        g.note(a.notes.clone());
        for (kind, list) in [(0, &a.evidence), (1, &a.depends_on), (2, &a.legacy_ids)] {
            g.seen.extend(list.iter().map(|x| (kind, x.clone())));
        }
        g
    }

    fn note(&mut self, n: Option<String>) {
        if let Some(n) = n
            && self.seen.insert((3, n.clone()))
        {
            self.notes.push(n);
        }
    }

    fn add_all(&mut self, kind: u8, to: &mut Vec<String>, from: Vec<String>) {
        for x in from {
            if self.seen.insert((kind, x.clone())) {
                to.push(x);
            }
        }
    }
}

/// A Field / Value table of workload fields.
fn workload_table(cx: &mut Ctx, t: &Table, h: &Header) {
    let (Some((fc, fh)), Some((vc, vh))) = (h.col(Field::KvField), h.col(Field::KvValue)) else {
        return;
    };
    for row in t.rows.iter().skip(h.index + 1) {
        let Some(label) = row.get(fc).map(Value::display) else {
            if row.get(vc).is_some() {
                cx.diags.error(
                    "missing-value",
                    Some(t.cell_at(row.number, fc, Some(fh))),
                    "a value without a field name: say which workload field it is",
                );
            }
            continue;
        };
        let Some(val) = row.get(vc) else { continue };
        match workload_label(&label) {
            Some(f) => {
                let at = t.cell_at(row.number, vc, Some(vh));
                set_workload_value(cx, &label, f, val, at);
            }
            None => cx.diags.push(
                Diagnostic::warning(
                    "unknown-workload-field",
                    Some(t.cell_at(row.number, fc, Some(fh))),
                    format!(
                        "\"{}\" is not a workload field wafr knows; its value was not imported",
                        truncate(&clean_key(&label), 60)
                    ),
                )
                .with_hint("known fields: workload name, description, organisation, environment, industry, AWS account IDs, regions, review owner, reviewers, review date, lens version, scope, notes, milestone"),
            ),
        }
    }
}

fn answers(cx: &mut Ctx, t: &Table, h: &Header, layout: Layout, prefer_legacy: bool) {
    let catalog = cx.catalog;
    let col = |f| h.col(f);
    let practice_cols: Vec<(u32, &str)> = [
        Field::ChoiceId,
        Field::BpId,
        Field::Practice,
        Field::PracticeTitle,
    ]
    .iter()
    .filter_map(|&f| col(f))
    .collect();
    let has_na_col = h.has(Field::NaReason);
    let checkbox = layout != Layout::Explicit;
    let mut entries: Vec<Entry> = Vec::new();
    let mut qdata: BTreeMap<String, QData> = BTreeMap::new();
    let mut none_rows: BTreeMap<String, Location> = BTreeMap::new();
    let mut answered_q: BTreeSet<String> = BTreeSet::new();

    for row in t.rows.iter().skip(h.index + 1) {
        let row_at = t.row_at(row.number);
        let mut cells = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        // Other pillars and lenses are skipped, counted.
        if let Some(p) = cells.key(row, col(Field::Pillar)) {
            let n = norm_header(&p).replace(' ', "");
            if !matches!(n.as_str(), "security" | "sec") {
                *cx.other_pillars.entry(p).or_default() += 1;
                continue;
            }
        }
        if let Some(l) = cells.key(row, col(Field::Lens))
            && l != "wellarchitected"
        {
            cx.other_lenses
                .insert(format!("lens `{}`", truncate(&l, 40)));
            continue;
        }
        // Values.
        let status_col = col(Field::Status);
        let status_text = cells.text(row, status_col);
        let mut bad_status = false;
        let word = match (&status_text, row.get(status_col.map_or(u32::MAX, |x| x.0))) {
            (_, Some(Value::Bool(b))) => Some(if *b {
                Word::Implemented
            } else {
                Word::NotImplemented
            }),
            (Some(s), _) => match parse_word(s) {
                Some(w) => Some(w),
                None => {
                    let (c, hd) = status_col.unwrap_or((0, ""));
                    cells.diags.push(
                        Diagnostic::error(
                            "unknown-status",
                            Some(cells.at(row, c, hd)),
                            format!("unknown status \"{}\"", truncate(&clean_key(s), 40)),
                        )
                        .with_hint(status_hint(s)),
                    );
                    bad_status = true;
                    None
                }
            },
            (None, _) => None,
        };
        let notes = cells.text(row, col(Field::Notes));
        let na_reason = cells.text(row, col(Field::NaReason));
        let owner = cells.text(row, col(Field::Owner));
        let evidence = cells.list(row, col(Field::Evidence));
        let effort = cells.parsed(
            row,
            col(Field::Effort),
            Effort::parse,
            "invalid-effort",
            "effort",
            "Low, Medium or High",
        );
        let target = cells.date(row, col(Field::TargetDate));
        let mut depends_on = Vec::new();
        for d in cells.list(row, col(Field::DependsOn)) {
            match canonical_bp_id(&d).filter(|id| catalog.practice(id).is_some()) {
                Some(id) => depends_on.push(id),
                None => {
                    cells.error_at(
                        row,
                        col(Field::DependsOn),
                        "unknown-practice",
                        format!(
                            "unknown best practice \"{}\" (give BP ids such as SEC01-BP01)",
                            truncate(&d, 40)
                        ),
                    );
                }
            }
        }
        let has_plan_data = owner.is_some()
            || !evidence.is_empty()
            || effort.is_some()
            || target.is_some()
            || !depends_on.is_empty();
        // The question.
        let mut question: Option<&Question> = None;
        let mut question_bad = false;
        for f in [Field::Question, Field::QuestionTitle] {
            if question.is_some() {
                break;
            }
            let Some(qv) = cells.key(row, col(f)) else {
                continue;
            };
            match resolve_question(catalog, &qv) {
                QHit::Found(q) => question = Some(q),
                QHit::OtherPillar(p) => {
                    *cx.other_pillars.entry(p).or_default() += 1;
                    question_bad = true;
                    break;
                }
                QHit::Unknown if f == Field::Question => {
                    let (c, hd) = col(f).unwrap_or((0, ""));
                    cells.diags.push(
                        Diagnostic::error(
                            "unknown-question",
                            Some(cells.at(row, c, hd)),
                            format!("unknown Security question \"{}\"", truncate(&qv, 60)),
                        )
                        .with_hint("use SEC01 … SEC11, the WA Tool question id (securely-operate) or the question title"),
                    );
                    question_bad = true;
                }
                QHit::Unknown => {}
            }
        }
        if question_bad {
            continue;
        }
        // The practice, from every practice column that has a value; they must agree.
        // A title that matches nothing is only a label when an id on the row names the practice
        // (titles get shortened, reworded or translated); a title naming another practice is not.
        let mut hits: Vec<(u32, String, String, Hit)> = Vec::new();
        let mut title_misses: Vec<usize> = Vec::new();
        for &(c, hd) in &practice_cols {
            if let Some(v) = cells.key(row, Some((c, hd))) {
                let (hit, by_title) = resolve_practice(catalog, &v, question, prefer_legacy);
                if by_title && matches!(hit, Hit::Unknown) {
                    title_misses.push(hits.len());
                }
                hits.push((c, hd.to_owned(), v, hit));
            }
        }
        let named_by_id = hits
            .iter()
            .enumerate()
            .any(|(i, h)| !title_misses.contains(&i) && !matches!(h.3, Hit::Unknown));
        if named_by_id {
            let mut i = 0;
            hits.retain(|_| {
                let keep = !title_misses.contains(&i);
                i += 1;
                keep
            });
        }
        let mut unknown = false;
        for (c, hd, v, hit) in &hits {
            if matches!(hit, Hit::Unknown) {
                unknown = true;
                cells.diags.push(
                    Diagnostic::error(
                        "unknown-practice",
                        Some(cells.at(row, *c, hd)),
                        match question {
                            Some(q) => format!("unknown best practice \"{}\" in {}", truncate(v, 60), q.id),
                            None => format!("unknown best practice \"{}\"", truncate(v, 60)),
                        },
                    )
                    .with_hint("use a BP id (SEC01-BP01), a WA Tool choice id (sec_securely_operate_multi_accounts) or the practice title"),
                );
            }
        }
        if unknown {
            continue;
        }
        let target_of = |h: &Hit| -> Option<String> {
            match h {
                Hit::Current(i) => catalog.lens.practices.get(*i).map(|p| p.id.clone()),
                Hit::Legacy(l) => Some(
                    l.current
                        .clone()
                        .unwrap_or_else(|| format!("removed {}", l.old_bp_id)),
                ),
                Hit::NoneOf(q) => Some(format!("None of these ({q})")),
                Hit::Unknown => None,
            }
        };
        let targets: Vec<Option<String>> = hits.iter().map(|h| target_of(&h.3)).collect();
        if targets.iter().skip(1).any(|t| Some(t) != targets.first()) {
            let list: Vec<String> = hits
                .iter()
                .zip(&targets)
                .map(|((c, hd, v, _), t)| {
                    format!(
                        "{} ({hd}) \"{}\" is {}",
                        crate::error::column_letter(*c),
                        truncate(v, 50),
                        t.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            cells.diags.push(
                Diagnostic::error(
                    "practice-columns-disagree",
                    Some(row_at.clone()),
                    format!("the best-practice columns disagree: {}", list.join(", ")),
                )
                .with_hint("the columns of one row must name the same best practice"),
            );
            continue;
        }
        let hit = hits.into_iter().next().map(|x| x.3);
        // The row's question must be the practice's.
        if let (Some(q), Some(h)) = (question, &hit) {
            let owner_q = match h {
                Hit::Current(i) => catalog.lens.practices.get(*i).map(|p| p.question.clone()),
                Hit::Legacy(l) => question_of_bp(&l.old_bp_id),
                Hit::NoneOf(qid) => Some(qid.clone()),
                Hit::Unknown => None,
            };
            if let Some(oq) = owner_q
                && oq != q.id
            {
                let (c, hd) = col(Field::Question)
                    .or(col(Field::QuestionTitle))
                    .unwrap_or((0, ""));
                cells.diags.push(Diagnostic::error(
                    "wrong-question",
                    Some(cells.at(row, c, hd)),
                    format!(
                        "the row's best practice belongs to {oq}, but its question is {}",
                        q.id
                    ),
                ));
                continue;
            }
        }

        if bad_status {
            continue;
        }
        let Some(hit) = hit else {
            // No practice: a question row, or a row that names nothing.
            let Some(q) = question else {
                if word.is_some() || notes.is_some() || na_reason.is_some() || has_plan_data {
                    let mut sorted = practice_cols.clone();
                    sorted.sort();
                    let cols: Vec<String> = sorted
                        .iter()
                        .map(|(c, hd)| format!("{} ({hd})", crate::error::column_letter(*c)))
                        .collect();
                    let which = match cols.as_slice() {
                        [] => "no best-practice column".to_owned(),
                        [one] => format!("column {one} is empty"),
                        _ => format!("columns {} are empty", cols.join(", ")),
                    };
                    cells.diags.error(
                        "row-names-no-practice",
                        Some(row_at),
                        format!(
                            "the row names no best practice ({which}) and no question, so its answer cannot be placed"
                        ),
                    );
                } else {
                    cells.diags.warning(
                        "row-ignored",
                        Some(row_at),
                        "the row names no best practice and holds no answer; ignored",
                    );
                }
                continue;
            };
            if has_plan_data {
                cells.diags.error(
                    "row-names-no-practice",
                    Some(row_at),
                    format!(
                        "a question row ({}, no best practice) cannot hold an owner, evidence, effort, target date or dependency: put them on a practice's row",
                        q.id
                    ),
                );
                continue;
            }
            if word.is_none_or(|w| w == Word::Unanswered) && notes.is_none() && na_reason.is_none()
            {
                continue; // a question row with nothing to say
            }
            let qd = qdata.entry(q.id.clone()).or_insert_with(|| QData {
                notes: Vec::new(),
                not_applicable: None,
                none_selected: false,
                source: row_at.clone(),
            });
            let mut notes = notes;
            let na_word = matches!(word, Some(Word::NotApplicable(_)));
            if na_word || (word.is_none() && na_reason.is_some()) {
                let default = match word {
                    Some(Word::NotApplicable(d)) => d,
                    _ => None,
                };
                let reason = na_reason
                    .or_else(|| if has_na_col { None } else { notes.take() })
                    .or(default.map(str::to_owned));
                let reason = match reason {
                    Some(r) => r,
                    None if has_na_col => {
                        cells.error_at(
                            row,
                            col(Field::NaReason),
                            "missing-na-reason",
                            format!(
                                "{} is marked not applicable without a reason: say why it does not apply",
                                q.id
                            ),
                        );
                        continue;
                    }
                    None => {
                        cells.diags.warning(
                            "na-without-reason",
                            Some(row_at.clone()),
                            format!("{} is marked not applicable without a reason", q.id),
                        );
                        "Marked not applicable in the spreadsheet (no reason given)".to_owned()
                    }
                };
                qd.not_applicable = Some(reason);
            } else {
                match word {
                    Some(Word::NoneOfThese) => {
                        qd.none_selected = true;
                        none_rows.insert(q.id.clone(), row_at.clone());
                        answered_q.insert(q.id.clone());
                    }
                    Some(Word::Unanswered) | None => {}
                    Some(w) => {
                        cells.error_at(
                            row,
                            status_col,
                            "status-on-question-row",
                            format!(
                                "the row names the question {} but no best practice, so it cannot be {}: give the status on its practices' rows (a question row takes Not applicable or None of these)",
                                q.id,
                                match w {
                                    Word::Implemented => "implemented",
                                    _ => "not implemented",
                                }
                            ),
                        );
                        continue;
                    }
                }
            }
            if let Some(n) = notes {
                qd.notes.push(n);
            }
            continue;
        };

        // A practice row.
        let (bp, row_question, legacy_ids) = match &hit {
            Hit::Current(i) => {
                // `i` comes from the catalog's own index, so it is always there.
                let Some(p) = catalog.lens.practices.get(*i) else {
                    continue;
                };
                (p.id.clone(), p.question.clone(), Vec::new())
            }
            Hit::NoneOf(qid) => {
                match word {
                    Some(Word::Implemented) | Some(Word::NoneOfThese) => {
                        let qd = qdata.entry(qid.clone()).or_insert_with(|| QData {
                            notes: Vec::new(),
                            not_applicable: None,
                            none_selected: false,
                            source: row_at.clone(),
                        });
                        qd.none_selected = true;
                        none_rows.insert(qid.clone(), row_at.clone());
                        answered_q.insert(qid.clone());
                    }
                    Some(Word::Unanswered) | Some(Word::NotImplemented) | None => {}
                    Some(_) => {
                        cells.error_at(
                            row,
                            status_col,
                            "unknown-status",
                            "\"None of these\" can only be selected (or left blank)",
                        );
                    }
                }
                if let Some(n) = notes {
                    qdata
                        .entry(qid.clone())
                        .or_insert_with(|| QData {
                            notes: Vec::new(),
                            not_applicable: None,
                            none_selected: false,
                            source: row_at.clone(),
                        })
                        .notes
                        .push(n);
                }
                continue;
            }
            Hit::Legacy(l) => {
                let oq = question_of_bp(&l.old_bp_id).unwrap_or_default();
                match &l.current {
                    None => {
                        let st = match word {
                            Some(Word::Implemented) => PracticeStatus::Implemented,
                            Some(Word::NotImplemented) | Some(Word::Partial) => {
                                PracticeStatus::NotImplemented
                            }
                            Some(Word::NotApplicable(_)) => PracticeStatus::NotApplicable,
                            _ => PracticeStatus::Unanswered,
                        };
                        cx.review.legacy.push(LegacyAnswer {
                            old_choice_id: l.old_choice_id.clone(),
                            old_bp_id: l.old_bp_id.clone(),
                            old_title: l.old_title.clone(),
                            status: st,
                            notes: notes.clone(),
                            source: row_at.clone(),
                        });
                        if st != PracticeStatus::Unanswered {
                            answered_q.insert(oq);
                        }
                        continue;
                    }
                    Some(cur) => {
                        if matches!(l.matched, LegacyMatch::Inferred | LegacyMatch::Merged) {
                            cx.inferred.insert(format!(
                                "{} \"{}\" of an older lens version was mapped to {cur} ({}{})",
                                l.old_bp_id,
                                l.old_title,
                                if l.matched == LegacyMatch::Merged {
                                    "merged"
                                } else {
                                    "by judgement"
                                },
                                l.note
                                    .as_deref()
                                    .map(|n| format!("; {n}"))
                                    .unwrap_or_default()
                            ));
                        }
                        let ids = if catalog.practice_by_choice(&l.old_choice_id).is_none() {
                            vec![l.old_choice_id.clone()]
                        } else {
                            Vec::new()
                        };
                        (cur.clone(), oq, ids)
                    }
                }
            }
            Hit::Unknown => continue,
        };
        if let Some(w) = word
            && !matches!(w, Word::Unanswered)
        {
            answered_q.insert(row_question.clone());
        }
        if word == Some(Word::NoneOfThese) {
            cells.error_at(
                row,
                status_col,
                "unknown-status",
                format!("\"None of these\" is not an answer for a best practice ({bp}); use Not implemented"),
            );
            continue;
        }
        let mut notes = notes;
        let mut na_reason = na_reason;
        let mut word = word;
        if na_reason.is_some() && word.is_none() {
            word = Some(Word::NotApplicable(None));
        }
        match word {
            Some(Word::NotApplicable(default)) if na_reason.is_none() => {
                if let Some(d) = default {
                    na_reason = Some(d.to_owned());
                } else if has_na_col {
                    cells.error_at(
                        row,
                        col(Field::NaReason),
                        "missing-na-reason",
                        format!("{bp} is marked not applicable without a reason: say why it does not apply"),
                    );
                    continue;
                } else if let Some(n) = notes.take().filter(|_| layout != Layout::LabsExport) {
                    na_reason = Some(n);
                } else {
                    cells.diags.warning(
                        "na-without-reason",
                        Some(row_at.clone()),
                        format!("{bp} is marked not applicable without a reason"),
                    );
                    na_reason =
                        Some("Marked not applicable in the spreadsheet (no reason given)".into());
                }
            }
            Some(Word::NotApplicable(_)) => {}
            Some(w) if na_reason.is_some() => {
                cells.error_at(
                    row,
                    col(Field::NaReason),
                    "na-reason-without-na",
                    format!(
                        "{bp} has a not-applicable reason but its status is \"{}\": clear one of them",
                        match w {
                            Word::Implemented => "implemented",
                            Word::Unanswered => "unanswered",
                            _ => "not implemented",
                        }
                    ),
                );
                continue;
            }
            _ => {}
        }
        if word == Some(Word::Partial) {
            cx.partial.push(bp.clone());
            let marker = format!(
                "Partially implemented (status \"{}\" in the spreadsheet): counted as not implemented.",
                truncate(&clean_key(status_text.as_deref().unwrap_or_default()), 40)
            );
            notes = Some(match notes {
                Some(n) => format!("{marker}\n{n}"),
                None => marker,
            });
        }
        if layout == Layout::LabsExport {
            // The labs export's notes are the question's, merged over its rows.
            if let Some(n) = notes.take() {
                qdata
                    .entry(row_question.clone())
                    .or_insert_with(|| QData {
                        notes: Vec::new(),
                        not_applicable: None,
                        none_selected: false,
                        source: row_at.clone(),
                    })
                    .notes
                    .push(n);
            }
        }
        if !checkbox && word.is_none() && notes.is_none() && !has_plan_data {
            continue; // nothing said about this practice
        }
        entries.push(Entry {
            bp,
            row_question,
            word,
            na_reason,
            notes,
            owner,
            evidence,
            effort,
            target,
            depends_on,
            source: row_at,
            legacy_ids,
            status_text,
        });
    }

    // "None of these" wins over ticked choices, as in the WA Tool.
    for (qid, at) in &none_rows {
        let ticked: Vec<String> = entries
            .iter()
            .filter(|e| &e.row_question == qid && e.word == Some(Word::Implemented))
            .map(|e| e.bp.clone())
            .collect();
        if !ticked.is_empty() {
            cx.diags.warning(
                "none-with-choices",
                Some(at.clone()),
                format!(
                    "{qid}: \"None of these\" is selected together with {}; \"None of these\" wins, as in the WA Tool",
                    ticked.join(", ")
                ),
            );
        }
    }
    // Statuses.
    let mut answers: Vec<(Answer, bool)> = Vec::new();
    for e in entries {
        let none = none_rows.contains_key(&e.row_question);
        let (status, given) = match e.word {
            _ if none && !matches!(e.word, Some(Word::NotApplicable(_))) => {
                (PracticeStatus::NotImplemented, true)
            }
            Some(Word::Implemented) => (PracticeStatus::Implemented, true),
            Some(Word::NotImplemented) | Some(Word::Partial) => {
                (PracticeStatus::NotImplemented, true)
            }
            Some(Word::NotApplicable(_)) => (PracticeStatus::NotApplicable, true),
            Some(Word::Unanswered) | Some(Word::NoneOfThese) => (PracticeStatus::Unanswered, true),
            None if checkbox && answered_q.contains(&e.row_question) => {
                (PracticeStatus::NotImplemented, true)
            }
            None => (PracticeStatus::Unanswered, checkbox),
        };
        let _ = &e.status_text;
        let mut a = Answer::new(e.bp, status, e.source);
        a.status_given = given;
        a.na_reason = if status == PracticeStatus::NotApplicable {
            e.na_reason
        } else {
            None
        };
        a.notes = e.notes;
        a.owner = e.owner;
        a.evidence = e.evidence;
        a.effort = e.effort;
        a.target_date = e.target;
        a.depends_on = e.depends_on;
        let legacy = !e.legacy_ids.is_empty();
        a.legacy_ids = e.legacy_ids;
        answers.push((a, legacy));
    }
    // Rows of an older lens that map to the same current practice are combined conservatively:
    // not implemented unless every one is implemented (or not applicable). Only the first answer
    // of a practice ever takes in another (a legacy row is never pushed after one), so it is
    // found by practice in a map, and notes and lists are gathered in sets and joined once:
    // thousands of rows for one practice stay linear.
    let mut combined: Vec<(Answer, Gathered)> = Vec::new();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for (a, legacy) in answers {
        let mergeable = first_of
            .get(&a.practice)
            .and_then(|&i| combined.get_mut(i))
            .filter(|(b, _)| legacy || !b.legacy_ids.is_empty());
        match mergeable {
            Some((b, g)) => {
                use PracticeStatus::*;
                b.status = match (b.status, a.status) {
                    (NotApplicable, NotApplicable) => NotApplicable,
                    (Implemented | NotApplicable, Implemented | NotApplicable) => Implemented,
                    (Unanswered, x) | (x, Unanswered) => x,
                    _ => NotImplemented,
                };
                if b.status != NotApplicable {
                    b.na_reason = None;
                }
                g.note(a.notes);
                b.owner = b.owner.take().or(a.owner);
                b.effort = b.effort.or(a.effort);
                b.target_date = b.target_date.or(a.target_date);
                g.add_all(0, &mut b.evidence, a.evidence);
                g.add_all(1, &mut b.depends_on, a.depends_on);
                g.add_all(2, &mut b.legacy_ids, a.legacy_ids);
            }
            None => {
                first_of.entry(a.practice.clone()).or_insert(combined.len());
                let g = Gathered::of(&a);
                combined.push((a, g));
            }
        }
    }
    let mut out = Vec::with_capacity(combined.len());
    for (mut a, g) in combined {
        if g.notes.len() > 1 {
            let joined = g.notes.join("\n");
            let what = format!(
                "the note combined from the {} rows for {}",
                g.notes.len(),
                a.practice
            );
            super::check_text(&joined, &a.source, &what, &mut cx.diags);
            a.notes = Some(joined);
        } else {
            a.notes = g.notes.into_iter().next();
        }
        out.push(a);
    }
    let combined = out;
    cx.review.answers.extend(combined);
    for (qid, qd) in qdata {
        let mut notes: Vec<String> = Vec::new();
        super::merge::union(&mut notes, qd.notes);
        let mut qa = QuestionAnswer::new(qid, qd.source);
        qa.notes = (!notes.is_empty()).then(|| notes.join("\n"));
        qa.not_applicable = qd.not_applicable;
        qa.none_selected = qd.none_selected;
        cx.review.questions.push(qa);
    }
}

fn evidence(cx: &mut Ctx, t: &Table, h: &Header) {
    let col = |f| h.col(f);
    for row in t.rows.iter().skip(h.index + 1) {
        let row_at = t.row_at(row.number);
        let mut c = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        // Every cell is read (and checked) before a missing id or title drops the row.
        let id = c.key(row, col(Field::EvId));
        let title = c.text(row, col(Field::EvTitle));
        let sha256 = c.key(row, col(Field::EvSha256));
        if let Some(s) = &sha256
            && !(s.len() == 64 && s.chars().all(|x| x.is_ascii_hexdigit()))
        {
            c.error_at(
                row,
                col(Field::EvSha256),
                "invalid-sha256",
                "sha256 must be 64 hexadecimal digits",
            );
        }
        let owner = c.text(row, col(Field::EvOwner));
        let location = c.text(row, col(Field::EvLocation));
        let collected_on = c.date(row, col(Field::EvCollected));
        let period_start = c.date(row, col(Field::EvPeriodStart));
        let period_end = c.date(row, col(Field::EvPeriodEnd));
        let expires_on = c.date(row, col(Field::EvExpires));
        let supports = c.list(row, col(Field::EvSupports));
        let notes = c.text(row, col(Field::EvNotes));
        let mut missing = false;
        for (f, v, what) in [
            (Field::EvId, id.is_some(), "an id"),
            (Field::EvTitle, title.is_some(), "a title"),
        ] {
            if !v {
                missing = true;
                let (cc, hd) = col(f).unwrap_or((0, ""));
                if row.get(cc).is_none() {
                    c.diags.error(
                        "missing-value",
                        Some(c.at(row, cc, hd)),
                        format!("an evidence item needs {what}"),
                    );
                }
            }
        }
        let (Some(id), Some(title), false) = (id, title, missing) else {
            continue;
        };
        cx.review.evidence.push(EvidenceItem {
            id,
            title,
            owner,
            location,
            sha256,
            collected_on,
            period_start,
            period_end,
            expires_on,
            supports,
            notes,
            source: row_at,
        });
    }
}

fn risks(cx: &mut Ctx, t: &Table, h: &Header) {
    let col = |f| h.col(f);
    for row in t.rows.iter().skip(h.index + 1) {
        let row_at = t.row_at(row.number);
        let mut c = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        let mut missing = false;
        let mut req = |c: &mut Cells, f: Field, what: &str, key: bool| -> String {
            let v = if key {
                c.key(row, col(f))
            } else {
                c.text(row, col(f))
            };
            match v {
                Some(v) => v,
                None => {
                    let (cc, hd) = col(f).unwrap_or((0, ""));
                    let at = if col(f).is_some() {
                        c.at(row, cc, hd)
                    } else {
                        row_at.clone()
                    };
                    c.diags.error(
                        "missing-value",
                        Some(at),
                        format!("an accepted risk needs {what}"),
                    );
                    missing = true;
                    String::new()
                }
            }
        };
        let id = req(&mut c, Field::ArId, "an id", true);
        let target = req(
            &mut c,
            Field::ArTarget,
            "a target (a BP id or a control)",
            true,
        );
        let title = req(&mut c, Field::ArTitle, "a title (what is accepted)", false);
        let justification = req(&mut c, Field::ArJustification, "a justification", false);
        let item = AcceptedRisk {
            id,
            target,
            title,
            justification,
            approver: c.text(row, col(Field::ArApprover)),
            approved_on: c.date(row, col(Field::ArApprovedOn)),
            expires_on: c.date(row, col(Field::ArExpires)),
            compensating_control: c.text(row, col(Field::ArCompensating)),
            source: row_at,
        };
        if !missing {
            cx.review.accepted_risks.push(item);
        }
    }
}

fn controls(cx: &mut Ctx, t: &Table, h: &Header) {
    let col = |f| h.col(f);
    for row in t.rows.iter().skip(h.index + 1) {
        let mut c = Cells {
            table: t,
            diags: &mut cx.diags,
        };
        let framework = c.key(row, col(Field::CtlFramework));
        let control = c.key(row, col(Field::CtlControl));
        let (Some(framework), Some(control)) = (framework, control) else {
            for (f, what) in [
                (Field::CtlFramework, "a framework id"),
                (Field::CtlControl, "a control id"),
            ] {
                if row.get(col(f).map_or(u32::MAX, |x| x.0)).is_none() {
                    c.error_at(
                        row,
                        col(f),
                        "missing-value",
                        format!("a control decision needs {what}"),
                    );
                }
            }
            continue;
        };
        let responsibility = c.parsed(
            row,
            col(Field::CtlResponsibility),
            Responsibility::parse,
            "invalid-responsibility",
            "responsibility",
            "customer, shared or aws",
        );
        cx.review.control_overrides.push(ControlOverride {
            framework,
            control,
            responsibility,
            not_applicable: c.text(row, col(Field::CtlNotApplicable)),
            owner: c.text(row, col(Field::CtlOwner)),
            notes: c.text(row, col(Field::CtlNotes)),
            source: t.row_at(row.number),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(parse_word(" SELECTED "), Some(Word::Implemented));
        assert_eq!(parse_word("Not_Implemented"), Some(Word::NotImplemented));
        assert_eq!(parse_word("not-implemented"), Some(Word::NotImplemented));
        assert_eq!(parse_word("N/A"), Some(Word::NotApplicable(None)));
        assert_eq!(parse_word("\u{201C}x\u{201D}"), Some(Word::Implemented));
        assert_eq!(
            parse_word("Partially\u{00A0}implemented"),
            Some(Word::Partial)
        );
        assert_eq!(parse_word("skip"), Some(Word::NotApplicable(None)));
        assert_eq!(parse_word("info"), Some(Word::Unanswered));
        assert_eq!(parse_word("Yess"), None);
    }

    #[test]
    fn lens_sheet_names() {
        assert_eq!(
            lens_sheet("wellarchitected v2024-06-27"),
            Some(("wellarchitected".into(), "2024-06-27".into()))
        );
        assert_eq!(lens_sheet("Answers"), None);
        assert!(other_pillar_prefix("OPS1").is_some());
        assert!(other_pillar_prefix("SEC1").is_none());
    }
}

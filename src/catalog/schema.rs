//! On-disk formats of the mapping files (schema 1) and their conversion into model types.
//! Unknown fields are errors, so a typo never silently drops data.

use serde::Deserialize;

use crate::error::{Diagnostics, Location};
use crate::model::catalog::{
    Control, ControlScope, CrossReference, Equivalence, Framework, LegacyMatch, LegacyPractice,
    Lens, MappingRow, Practice, Question, Relation, Responsibility, RiskLevel, SupplierModel,
};

/// Parsed content of one file.
pub(super) enum Parsed {
    Lens(Lens),
    Framework(Framework),
    Crosswalk(Vec<MappingRow>),
    Legacy(Vec<LegacyPractice>),
    Equivalents(Vec<Equivalence>),
    CrossReferences(Vec<CrossReference>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LensFile {
    schema: u32,
    #[allow(dead_code)]
    kind: String,
    id: String,
    name: String,
    lens_alias: String,
    pillar_id: String,
    version: String,
    #[serde(default)]
    #[allow(dead_code)]
    docs_checked: Option<String>,
    improvement_plan_url: String,
    questions: Vec<QuestionRow>,
    practices: Vec<PracticeRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionRow {
    id: String,
    number: u32,
    wa_id: String,
    title: String,
    #[serde(default)]
    wa_tool_title: Option<String>,
    focus_area: String,
    none_choice_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PracticeRow {
    id: String,
    question: String,
    choice_id: String,
    title: String,
    #[serde(default)]
    wa_tool_title: Option<String>,
    risk: String,
    #[serde(default)]
    sub_area: Option<String>,
    doc_url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkFile {
    schema: u32,
    #[allow(dead_code)]
    kind: String,
    id: String,
    name: String,
    short_name: String,
    edition: String,
    publisher: String,
    #[serde(default = "default_noun")]
    control_noun: String,
    #[serde(default)]
    inherited_evidence: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    supplier_model: Option<String>,
    #[serde(default = "yes")]
    default: bool,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    licence: Option<String>,
    #[serde(default)]
    scope_statement: Option<String>,
    controls: Vec<ControlRow>,
}

fn yes() -> bool {
    true
}

fn default_noun() -> String {
    "control".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlRow {
    id: String,
    title: String,
    group: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    predecessors: Vec<String>,
    #[serde(default)]
    responsibility: Option<String>,
    #[serde(default)]
    responsibility_note: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    scope_note: Option<String>,
    #[serde(default)]
    technical_part: Option<String>,
    #[serde(default)]
    cuecs: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    parent_title: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    relevance: Option<String>,
}

/// Byte offset → 1-based line and column.
pub(crate) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u32
        + 1;
    (line, col)
}

fn toml_error(text: &str, at: &Location, e: toml::de::Error, diags: &mut Diagnostics) {
    let mut loc = at.clone();
    if let Some(span) = e.span() {
        let (l, c) = line_col(text, span.start);
        loc = loc.line(l, c);
    }
    diags.error("invalid-toml", Some(loc), e.message().trim().to_owned());
}

/// The file's typed form, from the table already parsed (the text is parsed once). When it
/// does not fit, the text is read again as that type, for the error's line and column.
fn typed<T: serde::de::DeserializeOwned>(
    table: toml::Table,
    text: &str,
    at: &Location,
    diags: &mut Diagnostics,
) -> Option<T> {
    if let Ok(f) = table.try_into::<T>() {
        return Some(f);
    }
    match toml::from_str::<T>(text) {
        Ok(f) => Some(f),
        Err(e) => {
            toml_error(text, at, e, diags);
            None
        }
    }
}

pub(super) fn parse_toml(text: &str, at: &Location, diags: &mut Diagnostics) -> Option<Parsed> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            toml_error(text, at, e, diags);
            return None;
        }
    };
    match table.get("schema").and_then(|v| v.as_integer()) {
        Some(1) => {}
        Some(n) => {
            diags.error(
                "unsupported-schema",
                Some(at.clone()),
                format!("schema {n} is not supported (this wafr reads schema 1)"),
            );
            return None;
        }
        None => {
            diags.error("missing-schema", Some(at.clone()), "missing `schema = 1`");
            return None;
        }
    }
    match table.get("kind").and_then(|v| v.as_str()) {
        Some("lens") => typed::<LensFile>(table, text, at, diags)
            .and_then(|f| lens_from(f, at, diags).map(Parsed::Lens)),
        Some("framework") => typed::<FrameworkFile>(table, text, at, diags)
            .and_then(|f| framework_from(f, at, diags).map(Parsed::Framework)),
        Some(k) => {
            diags.error(
                "unknown-kind",
                Some(at.clone()),
                format!("unknown kind `{k}`; expected `lens` or `framework`"),
            );
            None
        }
        None => {
            diags.error(
                "missing-kind",
                Some(at.clone()),
                "missing `kind` (`lens` or `framework`)",
            );
            None
        }
    }
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|x| x.trim().to_owned()).filter(|x| !x.is_empty())
}

fn lens_from(f: LensFile, at: &Location, diags: &mut Diagnostics) -> Option<Lens> {
    let _ = f.schema;
    let mut questions = Vec::new();
    for q in f.questions {
        let improvement_url = f.improvement_plan_url.replace("{wa_id}", &q.wa_id);
        questions.push(Question {
            pillar: f.pillar_id.clone(),
            id: q.id,
            number: q.number,
            wa_id: q.wa_id,
            title: q.title,
            wa_tool_title: nonempty(q.wa_tool_title),
            focus_area: q.focus_area,
            none_choice_id: q.none_choice_id,
            improvement_url,
            risk_rules: Vec::new(),
        });
    }
    let mut practices = Vec::new();
    let mut ok = true;
    for p in f.practices {
        let Some(risk) = RiskLevel::parse(&p.risk) else {
            diags.error(
                "invalid-risk",
                Some(at.clone()),
                format!(
                    "best practice `{}`: unknown risk `{}` (High, Medium or Low)",
                    p.id, p.risk
                ),
            );
            ok = false;
            continue;
        };
        let focus_area = questions
            .iter()
            .find(|q| q.id == p.question)
            .map(|q| q.focus_area.clone())
            .unwrap_or_default();
        practices.push(Practice {
            pillar: f.pillar_id.clone(),
            id: p.id,
            question: p.question,
            choice_id: p.choice_id,
            title: p.title,
            wa_tool_title: nonempty(p.wa_tool_title),
            risk,
            focus_area,
            sub_area: nonempty(p.sub_area),
            doc_url: p.doc_url,
        });
    }
    ok.then_some(Lens {
        id: f.id,
        name: f.name,
        lens_alias: f.lens_alias,
        pillar_id: f.pillar_id,
        version: f.version,
        questions,
        practices,
        legacy: Vec::new(),
    })
}

fn framework_from(f: FrameworkFile, at: &Location, diags: &mut Diagnostics) -> Option<Framework> {
    let _ = f.schema;
    let mut controls: Vec<Control> = Vec::new();
    // Ids seen so far: a set, so a catalog of 100,000 controls loads in linear time (issue 17).
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut ok = true;
    for c in f.controls {
        if !ids.insert(c.id.clone()) {
            diags.error(
                "duplicate-control",
                Some(at.clone()),
                format!(
                    "control `{}` is defined twice in framework `{}`",
                    c.id, f.id
                ),
            );
            ok = false;
            continue;
        }
        match control_from(c, at, diags) {
            Some(c) => controls.push(c),
            None => ok = false,
        }
    }
    if controls.is_empty() {
        diags.error(
            "empty-framework",
            Some(at.clone()),
            format!("framework `{}` has no controls", f.id),
        );
        ok = false;
    }
    let supplier_model = match f.supplier_model.as_deref() {
        None | Some("supplier") => SupplierModel::Supplier,
        Some("carve-out") => SupplierModel::CarveOut,
        Some(s) => {
            diags.error(
                "invalid-supplier-model",
                Some(at.clone()),
                format!(
                    "framework `{}`: unknown supplier_model `{s}` (supplier or carve-out)",
                    f.id
                ),
            );
            return None;
        }
    };
    ok.then_some(Framework {
        supplier_model,
        default: f.default,
        source: nonempty(f.source),
        licence: nonempty(f.licence),
        scope_statement: nonempty(f.scope_statement),
        id: f.id,
        name: f.name,
        short_name: f.short_name,
        edition: f.edition,
        publisher: f.publisher,
        control_noun: f.control_noun,
        url: nonempty(f.url),
        inherited_evidence: nonempty(f.inherited_evidence),
        controls,
    })
}

/// One control of a framework catalog, its closed values checked (each bad one reported).
fn control_from(c: ControlRow, at: &Location, diags: &mut Diagnostics) -> Option<Control> {
    let mut bad = |code: &str, what: String| {
        diags.error(
            code,
            Some(at.clone()),
            format!("control `{}`: {what}", c.id),
        );
    };
    let responsibility = match c.responsibility.as_deref() {
        None => Responsibility::Customer,
        Some(s) => match Responsibility::parse(s) {
            Some(r) => r,
            None => {
                bad(
                    "invalid-responsibility",
                    format!("unknown responsibility `{s}` (customer, shared or aws)"),
                );
                return None;
            }
        },
    };
    let scope = match c.scope.as_deref() {
        None => ControlScope::Technical,
        Some(s) => match ControlScope::parse(s) {
            Some(x) => x,
            None => {
                bad(
                    "invalid-scope",
                    format!("unknown scope `{s}` (technical, organisational, legal or mixed)"),
                );
                return None;
            }
        },
    };
    if let Some(r) = c
        .roles
        .iter()
        .find(|r| !matches!(r.as_str(), "controller" | "processor"))
    {
        bad(
            "invalid-role",
            format!("unknown role `{r}` (controller or processor)"),
        );
        return None;
    }
    Some(Control {
        id: c.id,
        title: c.title,
        group: c.group,
        category: nonempty(c.category),
        kind: nonempty(c.kind),
        theme: nonempty(c.theme),
        predecessors: c.predecessors,
        responsibility,
        responsibility_note: nonempty(c.responsibility_note),
        cuecs: c.cuecs,
        scope,
        scope_note: nonempty(c.scope_note),
        technical_part: nonempty(c.technical_part),
        roles: c.roles,
        parent_title: nonempty(c.parent_title),
    })
}

const CROSSWALK_HEADER: [&str; 6] = [
    "bp_id",
    "framework",
    "control_id",
    "relation",
    "rationale",
    "source",
];
const EQUIVALENTS_HEADER: [&str; 5] = [
    "framework_a",
    "control_a",
    "framework_b",
    "control_b",
    "note",
];
const CROSS_REFERENCE_HEADER: [&str; 6] = [
    "framework_a",
    "control_a",
    "framework_b",
    "control_b",
    "relation",
    "source",
];
const LEGACY_HEADER: [&str; 9] = [
    "lens",
    "lens_version",
    "old_bp_id",
    "old_choice_id",
    "old_title",
    "old_risk",
    "current_bp_id",
    "match",
    "note",
];

/// What a mapping CSV holds, by its header.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CsvKind {
    Crosswalk,
    Legacy,
    Equivalents,
    CrossReferences,
}

impl CsvKind {
    /// The kind whose header this is; `None` (reported) for any other header.
    fn of(names: &[String], at: &Location, diags: &mut Diagnostics) -> Option<CsvKind> {
        let kinds: [(&[&str], CsvKind); 4] = [
            (&CROSSWALK_HEADER, CsvKind::Crosswalk),
            (&LEGACY_HEADER, CsvKind::Legacy),
            (&EQUIVALENTS_HEADER, CsvKind::Equivalents),
            (&CROSS_REFERENCE_HEADER, CsvKind::CrossReferences),
        ];
        if let Some((_, k)) = kinds.iter().find(|(h, _)| names == *h) {
            return Some(*k);
        }
        diags.error(
            "unknown-csv",
            Some(at.clone().row(1)),
            format!(
                "unrecognised header `{}`; a crosswalk has `{}`, a legacy-id table `{}`, an equivalence table `{}`, a cross-reference table `{}`",
                names.join(","),
                CROSSWALK_HEADER.join(","),
                LEGACY_HEADER.join(","),
                EQUIVALENTS_HEADER.join(","),
                CROSS_REFERENCE_HEADER.join(",")
            ),
        );
        None
    }

    /// An empty table of this kind.
    fn empty(self) -> Parsed {
        match self {
            CsvKind::Crosswalk => Parsed::Crosswalk(Vec::new()),
            CsvKind::Legacy => Parsed::Legacy(Vec::new()),
            CsvKind::Equivalents => Parsed::Equivalents(Vec::new()),
            CsvKind::CrossReferences => Parsed::CrossReferences(Vec::new()),
        }
    }
}

pub(super) fn parse_csv(text: &str, at: &Location, diags: &mut Diagnostics) -> Option<Parsed> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            diags.error("invalid-csv", Some(at.clone().row(1)), e.to_string());
            return None;
        }
        None => {
            diags.error("empty-file", Some(at.clone()), "file is empty");
            return None;
        }
    };
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let kind = CsvKind::of(&names, at, diags)?;
    let errors_before = diags.error_count();
    let mut table = kind.empty();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let mut loc = at.clone();
                if let Some(p) = e.position() {
                    loc = loc.row(p.line() as u32);
                }
                diags.error("invalid-csv", Some(loc), e.to_string());
                continue;
            }
        };
        let loc = at
            .clone()
            .row(rec.position().map(|p| p.line() as u32).unwrap_or(0));
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != names.len() {
            diags.error(
                "wrong-field-count",
                Some(loc),
                format!(
                    "row has {} fields; the header has {}",
                    rec.len(),
                    names.len()
                ),
            );
            continue;
        }
        let cells: Vec<String> = rec.iter().map(|f| f.trim().to_owned()).collect();
        push_row(&mut table, cells, loc, diags);
    }
    finish_csv(table, at, diags, errors_before)
}

/// One row into its table; a bad value is reported and the row left out.
fn push_row(table: &mut Parsed, mut cells: Vec<String>, at: Location, diags: &mut Diagnostics) {
    let mut take = |i: usize| cells.get_mut(i).map(std::mem::take).unwrap_or_default();
    match table {
        Parsed::Crosswalk(rows) => {
            let rel_text = take(3);
            let Some(relation) = Relation::parse(&rel_text) else {
                diags.error(
                    "invalid-relation",
                    Some(at.column(3, Some("relation"))),
                    format!("unknown relation \"{rel_text}\""),
                );
                return;
            };
            rows.push(MappingRow {
                bp: take(0),
                framework: take(1),
                control: Some(take(2)).filter(|c| !c.is_empty()),
                relation,
                rationale: take(4),
                source: take(5),
                at,
            });
        }
        Parsed::CrossReferences(rows) => rows.push(CrossReference {
            a: (take(0), take(1)),
            b: (take(2), take(3)),
            relation: take(4),
            source: take(5),
            at,
        }),
        Parsed::Equivalents(rows) => rows.push(Equivalence {
            a: (take(0), take(1)),
            b: (take(2), take(3)),
            note: take(4),
            at,
        }),
        Parsed::Legacy(rows) => {
            if let Some(l) = legacy_row(cells, &at, diags) {
                rows.push(l);
            }
        }
        Parsed::Lens(_) | Parsed::Framework(_) => {}
    }
}

/// One row of a legacy-id table: `match` must be a known word, and `current_bp_id` empty
/// exactly when the practice was removed.
fn legacy_row(
    mut cells: Vec<String>,
    at: &Location,
    diags: &mut Diagnostics,
) -> Option<LegacyPractice> {
    let mut take = |i: usize| cells.get_mut(i).map(std::mem::take).unwrap_or_default();
    let matched = match take(7).as_str() {
        "same" => LegacyMatch::Same,
        "renumbered" => LegacyMatch::Renumbered,
        "merged" => LegacyMatch::Merged,
        "inferred" => LegacyMatch::Inferred,
        "removed" => LegacyMatch::Removed,
        other => {
            diags.error(
                "invalid-match",
                Some(at.clone().column(7, Some("match"))),
                format!(
                    "unknown match \"{other}\" (same, renumbered, merged, inferred or removed)"
                ),
            );
            return None;
        }
    };
    let current = Some(take(6)).filter(|c| !c.is_empty());
    if current.is_none() != (matched == LegacyMatch::Removed) {
        diags.error(
            "invalid-legacy",
            Some(at.clone().column(6, Some("current_bp_id"))),
            "current_bp_id must be empty exactly when match is `removed`",
        );
        return None;
    }
    Some(LegacyPractice {
        lens_version: take(1),
        old_bp_id: take(2),
        old_choice_id: take(3),
        old_title: take(4),
        old_risk: RiskLevel::parse(&take(5)),
        current,
        matched,
        note: Some(take(8)).filter(|c| !c.is_empty()),
    })
}

/// A crosswalk must have rows and map to one framework; other tables are as read.
fn finish_csv(
    table: Parsed,
    at: &Location,
    diags: &mut Diagnostics,
    errors_before: usize,
) -> Option<Parsed> {
    let Parsed::Crosswalk(cross) = table else {
        return Some(table);
    };
    let Some(first) = cross.first() else {
        // Rows that failed to parse are already reported; only a truly empty file says so.
        if diags.error_count() == errors_before {
            diags.error("empty-file", Some(at.clone()), "crosswalk has no rows");
        }
        return None;
    };
    let fw = first.framework.clone();
    for r in cross.iter().filter(|r| r.framework != fw) {
        diags.error(
            "mixed-frameworks",
            Some(r.at.clone().column(1, Some("framework"))),
            format!(
                "one crosswalk file maps to one framework: `{}` here, `{fw}` on its first row",
                r.framework
            ),
        );
    }
    Some(Parsed::Crosswalk(cross))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text is parsed once into a table; a file whose table does not fit its kind is
    /// read again for the error's place: the line and column of the wrong value, not the file.
    #[test]
    fn a_wrong_value_is_named_at_its_line_and_column() {
        let cases = [
            // A syntax error.
            ("schema = 1\nkind = \"framework\"\nid = \n", 3),
            // Well-formed TOML, but `name` must be a string.
            (
                "schema = 1\nkind = \"framework\"\nid = \"x\"\nname = 7\nshort_name = \"X\"\n\
                 edition = \"1\"\npublisher = \"P\"\ncontrols = []\n",
                4,
            ),
        ];
        for (text, line) in cases {
            let mut diags = Diagnostics::new();
            let at = Location::file("f.toml");
            assert!(parse_toml(text, &at, &mut diags).is_none(), "{text}");
            let d = &diags.items()[0];
            assert_eq!(d.code, "invalid-toml", "{d:?}");
            let shown = d.to_string();
            assert!(shown.contains(&format!("line {line}")), "{shown}");
        }
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}

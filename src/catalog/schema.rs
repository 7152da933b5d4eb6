//! On-disk formats of the mapping files (schema 1) and their conversion into model types.
//! Unknown fields are errors, so a typo never silently drops data.

use serde::Deserialize;

use super::Parsed;
use crate::error::{Diagnostics, Location};
use crate::model::catalog::{
    Control, ControlScope, CrossReference, Equivalence, Framework, LegacyMatch, LegacyPractice,
    Lens, MappingRow, Practice, Question, Relation, Responsibility, RiskLevel, SupplierModel,
};

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
        Some("lens") => match toml::from_str::<LensFile>(text) {
            Ok(f) => lens_from(f, at, diags).map(Parsed::Lens),
            Err(e) => {
                toml_error(text, at, e, diags);
                None
            }
        },
        Some("framework") => match toml::from_str::<FrameworkFile>(text) {
            Ok(f) => framework_from(f, at, diags).map(Parsed::Framework),
            Err(e) => {
                toml_error(text, at, e, diags);
                None
            }
        },
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
        let responsibility = match c.responsibility.as_deref() {
            None => Responsibility::Customer,
            Some(s) => {
                match Responsibility::parse(s) {
                    Some(r) => r,
                    None => {
                        diags.error("invalid-responsibility", Some(at.clone()), format!("control `{}`: unknown responsibility `{s}` (customer, shared or aws)", c.id));
                        ok = false;
                        continue;
                    }
                }
            }
        };
        let scope = match c.scope.as_deref().map(|s| (s, ControlScope::parse(s))) {
            None => ControlScope::Technical,
            Some((_, Some(x))) => x,
            Some((s, None)) => {
                diags.error(
                    "invalid-scope",
                    Some(at.clone()),
                    format!(
                        "control `{}`: unknown scope `{s}` (technical, organisational, legal or mixed)",
                        c.id
                    ),
                );
                ok = false;
                continue;
            }
        };
        if let Some(r) = c
            .roles
            .iter()
            .find(|r| !matches!(r.as_str(), "controller" | "processor"))
        {
            diags.error(
                "invalid-role",
                Some(at.clone()),
                format!(
                    "control `{}`: unknown role `{r}` (controller or processor)",
                    c.id
                ),
            );
            ok = false;
            continue;
        }
        controls.push(Control {
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
        });
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
    let kind = if names == CROSSWALK_HEADER {
        "crosswalk"
    } else if names == LEGACY_HEADER {
        "legacy"
    } else if names == EQUIVALENTS_HEADER {
        "equivalents"
    } else if names == CROSS_REFERENCE_HEADER {
        "cross-references"
    } else {
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
        return None;
    };
    let width = names.len();
    let errors_before = diags.error_count();
    let mut cross = Vec::new();
    let mut legacy = Vec::new();
    let mut equivalents = Vec::new();
    let mut crossrefs = Vec::new();
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map(|p| p.line() as u32);
                let mut loc = at.clone();
                if let Some(r) = row {
                    loc = loc.row(r);
                }
                diags.error("invalid-csv", Some(loc), e.to_string());
                continue;
            }
        };
        let row = rec.position().map(|p| p.line() as u32).unwrap_or(0);
        let loc = at.clone().row(row);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != width {
            diags.error(
                "wrong-field-count",
                Some(loc),
                format!("row has {} fields; the header has {width}", rec.len()),
            );
            continue;
        }
        let cell = |i: usize| rec.get(i).unwrap_or("").trim().to_owned();
        if kind == "crosswalk" {
            let rel_text = cell(3);
            let Some(relation) = Relation::parse(&rel_text) else {
                diags.error(
                    "invalid-relation",
                    Some(loc.column(3, Some("relation"))),
                    format!("unknown relation \"{rel_text}\""),
                );
                if let Some(d) = diags.items().last().cloned() {
                    let _ = d;
                }
                continue;
            };
            let control = Some(cell(2)).filter(|c| !c.is_empty());
            cross.push(MappingRow {
                bp: cell(0),
                framework: cell(1),
                control,
                relation,
                rationale: cell(4),
                source: cell(5),
                at: loc,
            });
        } else if kind == "cross-references" {
            crossrefs.push(CrossReference {
                a: (cell(0), cell(1)),
                b: (cell(2), cell(3)),
                relation: cell(4),
                source: cell(5),
                at: loc,
            });
        } else if kind == "equivalents" {
            equivalents.push(Equivalence {
                a: (cell(0), cell(1)),
                b: (cell(2), cell(3)),
                note: cell(4),
                at: loc,
            });
        } else {
            let matched = match cell(7).as_str() {
                "same" => LegacyMatch::Same,
                "renumbered" => LegacyMatch::Renumbered,
                "merged" => LegacyMatch::Merged,
                "inferred" => LegacyMatch::Inferred,
                "removed" => LegacyMatch::Removed,
                other => {
                    diags.error(
                        "invalid-match",
                        Some(loc.column(7, Some("match"))),
                        format!("unknown match \"{other}\" (same, renumbered, merged, inferred or removed)"),
                    );
                    continue;
                }
            };
            let current = Some(cell(6)).filter(|c| !c.is_empty());
            if current.is_none() != (matched == LegacyMatch::Removed) {
                diags.error(
                    "invalid-legacy",
                    Some(loc.column(6, Some("current_bp_id"))),
                    "current_bp_id must be empty exactly when match is `removed`",
                );
                continue;
            }
            legacy.push(LegacyPractice {
                lens_version: cell(1),
                old_bp_id: cell(2),
                old_choice_id: cell(3),
                old_title: cell(4),
                old_risk: RiskLevel::parse(&cell(5)),
                current,
                matched,
                note: Some(cell(8)).filter(|c| !c.is_empty()),
            });
        }
    }
    if kind == "crosswalk" {
        let Some(first) = cross.first() else {
            // Rows that failed to parse are already reported; only a truly empty file says so.
            if diags.error_count() == errors_before {
                diags.error("empty-file", Some(at.clone()), "crosswalk has no rows");
            }
            return None;
        };
        let fw = first.framework.clone();
        for r in &cross {
            if r.framework != fw {
                diags.error(
                    "mixed-frameworks",
                    Some(r.at.clone().column(1, Some("framework"))),
                    format!("one crosswalk file maps to one framework: `{}` here, `{fw}` on its first row", r.framework),
                );
            }
        }
        Some(Parsed::Crosswalk(cross))
    } else if kind == "equivalents" {
        Some(Parsed::Equivalents(equivalents))
    } else if kind == "cross-references" {
        Some(Parsed::CrossReferences(crossrefs))
    } else {
        Some(Parsed::Legacy(legacy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}

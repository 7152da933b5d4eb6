//! The sheets of the control matrix, planned before any is written: their names (unique,
//! fixed names first), what each holds and the line the README gives it.

use super::context::{LinkSheets, Part, is_clause};
use super::vocab::SheetNames;
use crate::model::assessment::{Assessment, FrameworkResult};
use crate::model::comparison::Comparison;

/// What one sheet holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum SheetKind {
    Readme,
    /// Changes since the baseline review (only with `--baseline`).
    Changes,
    /// A framework's controls (index into `frameworks`), all or one part.
    Matrix(usize, Part),
    Risk,
    Gaps,
    /// One request per control with an evidence gap.
    Requests,
    Evidence,
    Accepted,
    Mapping,
    Answers,
    /// The flat matrix: `control-matrix.csv`'s columns and rows.
    Flat,
}

/// One planned sheet.
pub(super) struct Sheet {
    pub(super) name: String,
    pub(super) kind: SheetKind,
    pub(super) about: String,
}

/// Plans the sheets: fixed names are reserved first, so a framework called "Mapping" gets
/// "Mapping (2)".
pub(super) fn plan_sheets(a: &Assessment) -> Vec<Sheet> {
    let mut names = SheetNames::default();
    let readme = names.fixed("README");
    let changes = a
        .comparison
        .as_ref()
        .map(|_| names.fixed("Changes since baseline"));
    let registers = Registers {
        risk: names.fixed("Risk register"),
        gaps: names.fixed("Evidence gaps"),
        requests: names.fixed("Evidence requests"),
        evidence: names.fixed("Evidence register"),
        accepted: names.fixed("Accepted risks"),
        mapping: names.fixed("Mapping"),
        answers: names.fixed("Answers"),
        flat: names.fixed("Flat matrix"),
    };
    let mut sheets = vec![Sheet {
        name: readme,
        kind: SheetKind::Readme,
        about: "Scope, engagement, inputs, editions, readiness and coverage, exclusions, legends, disclaimer, review and approval".into(),
    }];
    for (i, fw) in a.frameworks.iter().enumerate() {
        sheets.extend(matrix_sheets(&mut names, i, fw));
    }
    if let (Some(name), Some(c)) = (changes, &a.comparison) {
        sheets.push(changes_sheet(name, c));
    }
    sheets.extend(register_sheets(registers));
    sheets
}

/// The names reserved for the register sheets.
struct Registers {
    risk: String,
    gaps: String,
    requests: String,
    evidence: String,
    accepted: String,
    mapping: String,
    answers: String,
    flat: String,
}

/// A framework's control matrix: one sheet, or (ISO/IEC 27001) its controls and its clauses.
fn matrix_sheets(names: &mut SheetNames, i: usize, fw: &FrameworkResult) -> Vec<Sheet> {
    let mut out = Vec::new();
    let clauses = fw.controls.iter().filter(|c| is_clause(c)).count();
    let others = fw.controls.len() - clauses;
    let soa = fw
        .controls
        .iter()
        .any(|c| c.kind.as_deref() == Some("annex-a"));
    let main_suffix = if soa { " SoA" } else { "" };
    let noun = crate::model::catalog::plural(&fw.control_noun);
    if clauses > 0 && others > 0 {
        out.push(Sheet {
            name: names.derived(&fw.short_name, main_suffix),
            kind: SheetKind::Matrix(i, Part::Controls),
            about: format!(
                "{}: {}{others} {noun} (one row each), with status, applicability, scope, mapping, evidence and disposition",
                fw.name,
                if soa {
                    "Statement of Applicability, all "
                } else {
                    "all "
                }
            ),
        });
        out.push(Sheet {
            name: names.derived(&fw.short_name, " clauses"),
            kind: SheetKind::Matrix(i, Part::Clauses),
            about: format!(
                "{}: the {clauses} clause requirements (mandatory; never excluded), with status and evidence",
                fw.name
            ),
        });
    } else {
        out.push(Sheet {
            name: names.derived(&fw.short_name, main_suffix),
            kind: SheetKind::Matrix(i, Part::All),
            about: format!(
                "{}: all {} {noun} in scope (one row each), with status, applicability, scope, mapping, evidence and disposition{}",
                fw.name,
                fw.controls.len(),
                if fw.excluded.is_empty() {
                    String::new()
                } else {
                    format!("; {} excluded by scope are listed on the README", fw.excluded.len())
                }
            ),
        });
    }
    out
}

/// What changed since the baseline.
fn changes_sheet(name: String, c: &Comparison) -> Sheet {
    Sheet {
        name,
        kind: SheetKind::Changes,
        about: format!(
            "What changed since the baseline review{}: {} resolved, {} regressed, {} new findings; control statuses and readiness then and now",
            c.baseline
                .review_date
                .map(|d| format!(" of {d}"))
                .unwrap_or_default(),
            c.counts.resolved,
            c.counts.regressed,
            c.counts.new
        ),
    }
}

/// The sheets internal links point into, from the plan.
pub(super) fn link_sheets(sheets: &[Sheet]) -> LinkSheets {
    let mut out = LinkSheets::default();
    for s in sheets {
        let name = Some(s.name.clone());
        match s.kind {
            SheetKind::Evidence => out.evidence = name,
            SheetKind::Answers => out.answers = name,
            SheetKind::Accepted => out.accepted = name,
            SheetKind::Requests => out.requests = name,
            SheetKind::Matrix(i, part) => out.matrices.push((i, part, s.name.clone())),
            _ => {}
        }
    }
    out
}

/// The register sheets, in order.
fn register_sheets(r: Registers) -> [Sheet; 8] {
    [
        Sheet {
            name: r.risk,
            kind: SheetKind::Risk,
            about: "Architectural risk only: HRIs, MRIs and low-risk findings by practice, ranked as in the improvement plan".into(),
        },
        Sheet {
            name: r.gaps,
            kind: SheetKind::Gaps,
            about: "Evidence gaps only: every control whose practices are implemented but whose evidence is missing, unverified, stale or partial, or whose AWS attestation is missing; what is needed".into(),
        },
        Sheet {
            name: r.requests,
            kind: SheetKind::Requests,
            about: "What an auditor would ask for: one request per control with an evidence gap, with the practices, the evidence on file, the owner and the due date".into(),
        },
        Sheet {
            name: r.evidence,
            kind: SheetKind::Evidence,
            about: "Every evidence item, by id: kind (design, operation, attestation), dates, state on the report date, the controls it is confirmed for".into(),
        },
        Sheet {
            name: r.accepted,
            kind: SheetKind::Accepted,
            about: "Every accepted risk (waiver), in force or not".into(),
        },
        Sheet {
            name: r.mapping,
            kind: SheetKind::Mapping,
            about: "Every practice-to-control mapping row with relation, rationale and source".into(),
        },
        Sheet {
            name: r.answers,
            kind: SheetKind::Answers,
            about: "Every imported answer and note, verbatim, with the file and place it was read from".into(),
        },
        Sheet {
            name: r.flat,
            kind: SheetKind::Flat,
            about: "The control matrix flat, as control-matrix.csv: one row per control and mapped practice, one header row, qualified ids; for GRC tools that import one table".into(),
        },
    ]
}

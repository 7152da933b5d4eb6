//! `control-matrix.xlsx`: the workbook auditors and GRC teams work in.
//!
//! Sheets: README (scope, inputs with hashes, editions, legend, formulas, disclaimer, sign-off),
//! one control matrix per framework (ISO/IEC 27001 as a Statement of Applicability, its clauses
//! on their own sheet), the risk register (architectural risk only), the evidence gaps (evidence
//! only), the evidence register, accepted risks, the mapping and every imported answer.
//!
//! Each sheet is one typed table ([`table::Column`]); text is always written as a string (never
//! a formula), links only for vetted http(s) URLs, dates as real dates. The creation date is the
//! report date, so the same inputs and `--date` give the same bytes.

mod changes;
mod matrix;
pub mod portfolio;
mod readme;
mod registers;
mod table;
mod vocab;

use std::collections::BTreeMap;

pub(crate) use table::excel_date;

use rust_xlsxwriter::{DocProperties, Workbook};

use crate::error::Result;
use crate::model::assessment::{
    AcceptedRiskResult, Assessment, ControlResult, FrameworkResult, PlanItem, PracticeResult,
    QuestionResult,
};
use crate::render::RenderOptions;
use table::{Styles, xl};
use vocab::SheetNames;

/// What one sheet holds.
#[derive(Debug, Clone, Copy)]
enum SheetKind {
    Readme,
    /// Changes since the baseline review (only with `--baseline`).
    Changes,
    /// A framework's controls (index into `frameworks`), all or one part.
    Matrix(usize, Part),
    Risk,
    Gaps,
    Evidence,
    Accepted,
    Mapping,
    Answers,
}

/// Which controls of a framework a matrix sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Every control.
    All,
    /// Every control that is not a clause (ISO Annex A).
    Controls,
    /// The clauses (ISO 4 to 10).
    Clauses,
}

impl Part {
    fn holds(self, c: &ControlResult) -> bool {
        let clause = is_clause(c);
        match self {
            Part::All => true,
            Part::Controls => !clause,
            Part::Clauses => clause,
        }
    }
}

fn is_clause(c: &ControlResult) -> bool {
    c.kind.as_deref() == Some("clause")
}

/// One planned sheet.
struct Sheet {
    name: String,
    kind: SheetKind,
    about: String,
}

/// Lookups shared by every sheet, built once per render.
pub(super) struct Ctx<'a> {
    a: &'a Assessment,
    opts: &'a RenderOptions,
    practices: BTreeMap<&'a str, &'a PracticeResult>,
    questions: BTreeMap<&'a str, &'a QuestionResult>,
    waivers: BTreeMap<&'a str, &'a AcceptedRiskResult>,
    plan: BTreeMap<&'a str, &'a PlanItem>,
    frameworks: BTreeMap<&'a str, &'a FrameworkResult>,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Assessment, opts: &'a RenderOptions) -> Self {
        Ctx {
            a,
            opts,
            practices: a.practices().map(|p| (p.id.as_str(), p)).collect(),
            questions: a.questions.iter().map(|q| (q.id.as_str(), q)).collect(),
            waivers: a
                .accepted_risks
                .iter()
                .map(|w| (w.id.as_str(), w))
                .collect(),
            plan: a.plan.iter().map(|p| (p.bp.as_str(), p)).collect(),
            frameworks: a.frameworks.iter().map(|f| (f.id.as_str(), f)).collect(),
        }
    }

    /// `soc2-tsc-2017:CC6.1` → `SOC 2 CC6.1`.
    fn control_label(&self, key: &str) -> String {
        match key.split_once(':') {
            Some((fw, id)) => match self.frameworks.get(fw) {
                Some(f) => format!("{} {id}", f.short_name),
                None => key.to_owned(),
            },
            None => key.to_owned(),
        }
    }

    /// A control by `framework:control` key.
    fn control(&self, key: &str) -> Option<&'a ControlResult> {
        let (fw, id) = key.split_once(':')?;
        self.frameworks
            .get(fw)?
            .controls
            .iter()
            .find(|c| c.id == id)
    }

    /// A waiver in words: id, title and state.
    fn waiver_text(&self, id: &str) -> String {
        match self.waivers.get(id) {
            Some(w) => {
                let mut s = format!("{} {}", w.id, w.title);
                let state = registers::waiver_state(self.a, w);
                s.push_str(&format!(" ({state}"));
                if let Some(e) = w.expires_on {
                    s.push_str(&format!(", expires {e}"));
                }
                if let Some(ap) = &w.approver {
                    s.push_str(&format!("; approved by {ap}"));
                }
                s.push(')');
                s
            }
            None => id.to_owned(),
        }
    }
}

/// Plans the sheets: fixed names are reserved first, so a framework called "Mapping" gets
/// "Mapping (2)".
fn plan_sheets(a: &Assessment) -> Vec<Sheet> {
    let mut names = SheetNames::default();
    let readme = names.fixed("README");
    let changes = a
        .comparison
        .as_ref()
        .map(|_| names.fixed("Changes since baseline"));
    let risk = names.fixed("Risk register");
    let gaps = names.fixed("Evidence gaps");
    let evidence = names.fixed("Evidence register");
    let accepted = names.fixed("Accepted risks");
    let mapping = names.fixed("Mapping");
    let answers = names.fixed("Answers");
    let mut sheets = vec![Sheet {
        name: readme,
        kind: SheetKind::Readme,
        about: "Scope, inputs, editions, legend, formulas, disclaimer, review and approval".into(),
    }];
    for (i, fw) in a.frameworks.iter().enumerate() {
        let clauses = fw.controls.iter().filter(|c| is_clause(c)).count();
        let others = fw.controls.len() - clauses;
        let soa = fw
            .controls
            .iter()
            .any(|c| c.kind.as_deref() == Some("annex-a"));
        let main_suffix = if soa { " SoA" } else { "" };
        let noun = crate::model::catalog::plural(&fw.control_noun);
        if clauses > 0 && others > 0 {
            sheets.push(Sheet {
                name: names.derived(&fw.short_name, main_suffix),
                kind: SheetKind::Matrix(i, Part::Controls),
                about: format!(
                    "{}: {}{others} {noun} (one row each), with status, mapping, evidence and disposition",
                    fw.name,
                    if soa {
                        "Statement of Applicability, all "
                    } else {
                        "all "
                    }
                ),
            });
            sheets.push(Sheet {
                name: names.derived(&fw.short_name, " clauses"),
                kind: SheetKind::Matrix(i, Part::Clauses),
                about: format!("{}: the {clauses} mandatory clauses", fw.name),
            });
        } else {
            sheets.push(Sheet {
                name: names.derived(&fw.short_name, main_suffix),
                kind: SheetKind::Matrix(i, Part::All),
                about: format!(
                    "{}: all {} {noun} (one row each), with status, mapping, evidence and disposition",
                    fw.name,
                    fw.controls.len()
                ),
            });
        }
    }
    if let (Some(name), Some(c)) = (changes, &a.comparison) {
        sheets.push(Sheet {
            name,
            kind: SheetKind::Changes,
            about: format!(
                "What changed since the baseline review{}: {} resolved, {} regressed, {} new findings; control statuses and readiness then and now",
                c.baseline.review_date.map(|d| format!(" of {d}")).unwrap_or_default(),
                c.counts.resolved,
                c.counts.regressed,
                c.counts.new
            ),
        });
    }
    sheets.extend([
        Sheet {
            name: risk,
            kind: SheetKind::Risk,
            about: "Architectural risk only: HRIs, MRIs and low-risk findings by practice, ranked as in the improvement plan".into(),
        },
        Sheet {
            name: gaps,
            kind: SheetKind::Gaps,
            about: "Evidence gaps only: controls whose practices are implemented but whose evidence is missing or stale".into(),
        },
        Sheet {
            name: evidence,
            kind: SheetKind::Evidence,
            about: "Every evidence item with its dates and state on the report date".into(),
        },
        Sheet {
            name: accepted,
            kind: SheetKind::Accepted,
            about: "Every accepted risk (waiver), in force or not".into(),
        },
        Sheet {
            name: mapping,
            kind: SheetKind::Mapping,
            about: "Every practice-to-control mapping row with relation, rationale and source".into(),
        },
        Sheet {
            name: answers,
            kind: SheetKind::Answers,
            about: "Every imported answer and note, verbatim, with the file and place it was read from".into(),
        },
    ]);
    sheets
}

/// Renders the workbook.
pub fn render(a: &Assessment, opts: &RenderOptions) -> Result<Vec<u8>> {
    let ctx = Ctx::new(a, opts);
    let styles = Styles::new(&opts.branding.accent);
    let sheets = plan_sheets(a);
    let mut wb = Workbook::new();

    let created = excel_date(a.generated_on).ok_or_else(|| {
        crate::Error::Usage(format!(
            "report date {} is outside the years Excel can hold (1900 to 9999)",
            a.generated_on
        ))
    })?;
    let organisation = opts
        .branding
        .organisation
        .as_deref()
        .or(a.workload.organisation.as_deref())
        .unwrap_or("");
    let mut props = DocProperties::new()
        .set_title(format!("{}: {}", opts.branding.title, a.workload.name))
        .set_subject("Control matrix: AWS Well-Architected Security Pillar review cross-mapped to framework controls")
        .set_company(organisation)
        .set_category(opts.branding.classification.as_str())
        .set_comment(format!(
            "Generated by {} {} for the report date {}",
            a.tool.name, a.tool.version, a.generated_on
        ))
        .set_creation_datetime(&created);
    if let Some(p) = &opts.branding.prepared_by {
        props = props.set_author(p.as_str());
    }
    wb.set_properties(&props);

    for sheet in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(xl)?;
        let classification = opts.branding.classification.replace('&', "&&");
        let classification: String = classification.chars().take(100).collect();
        ws.set_footer(format!("&L{classification}&C&A&RPage &P of &N"));
        match sheet.kind {
            SheetKind::Readme => readme::write(ws, &styles, &ctx, &sheets)?,
            SheetKind::Changes => changes::write(ws, &styles, &ctx)?,
            SheetKind::Matrix(i, part) => {
                matrix::write(ws, &styles, &ctx, &a.frameworks[i], part)?;
            }
            SheetKind::Risk => registers::risk(ws, &styles, &ctx)?,
            SheetKind::Gaps => registers::gaps(ws, &styles, &ctx)?,
            SheetKind::Evidence => registers::evidence(ws, &styles, &ctx)?,
            SheetKind::Accepted => registers::accepted(ws, &styles, &ctx)?,
            SheetKind::Mapping => registers::mapping(ws, &styles, &ctx)?,
            SheetKind::Answers => registers::answers(ws, &styles, &ctx)?,
        }
    }
    wb.save_to_buffer().map_err(xl)
}

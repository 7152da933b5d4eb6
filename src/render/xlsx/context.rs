//! What every sheet of the control matrix looks things up in ([`Ctx`], built once per render),
//! which controls a matrix sheet holds ([`Part`]), and how a waiver is put in words. A leaf
//! module of the workbook: the sheets import from here.

use std::collections::BTreeMap;

use crate::model::assessment::{
    AcceptedRiskResult, Assessment, ControlResult, FrameworkResult, PlanItem, PracticeResult,
    QuestionResult,
};
use crate::render::seam::RenderOptions;

/// Which controls of a framework a matrix sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// Every control.
    All,
    /// Every control that is not a clause (ISO Annex A).
    Controls,
    /// The clauses (ISO 4 to 10).
    Clauses,
}

impl Part {
    pub(super) fn holds(self, c: &ControlResult) -> bool {
        let clause = is_clause(c);
        match self {
            Part::All => true,
            Part::Controls => !clause,
            Part::Clauses => clause,
        }
    }
}

pub(super) fn is_clause(c: &ControlResult) -> bool {
    c.kind.as_deref() == Some("clause")
}

/// Lookups shared by every sheet, built once per render.
pub(super) struct Ctx<'a> {
    pub(super) a: &'a Assessment,
    pub(super) opts: &'a RenderOptions,
    pub(super) practices: BTreeMap<&'a str, &'a PracticeResult>,
    pub(super) questions: BTreeMap<&'a str, &'a QuestionResult>,
    pub(super) waivers: BTreeMap<&'a str, &'a AcceptedRiskResult>,
    pub(super) plan: BTreeMap<&'a str, &'a PlanItem>,
    pub(super) frameworks: BTreeMap<&'a str, &'a FrameworkResult>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(a: &'a Assessment, opts: &'a RenderOptions) -> Self {
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
    pub(super) fn control_label(&self, key: &str) -> String {
        match key.split_once(':') {
            Some((fw, id)) => match self.frameworks.get(fw) {
                Some(f) => format!("{} {id}", f.short_name),
                None => key.to_owned(),
            },
            None => key.to_owned(),
        }
    }

    /// A control by `framework:control` key.
    pub(super) fn control(&self, key: &str) -> Option<&'a ControlResult> {
        let (fw, id) = key.split_once(':')?;
        self.frameworks
            .get(fw)?
            .controls
            .iter()
            .find(|c| c.id == id)
    }

    /// A waiver in words: id, title and state.
    pub(super) fn waiver_text(&self, id: &str) -> String {
        match self.waivers.get(id) {
            Some(w) => {
                let mut s = format!("{} {}", w.id, w.title);
                let state = waiver_state(self.a, w);
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

/// A waiver's state on the report date, in words.
pub(super) fn waiver_state(a: &Assessment, w: &AcceptedRiskResult) -> &'static str {
    if w.in_force {
        "in force"
    } else if w.expires_on.is_some_and(|e| e < a.generated_on) {
        "expired"
    } else if w.approver.is_none() {
        "not in force: no approver"
    } else if w.approved_on.is_some_and(|d| d > a.generated_on) {
        "not in force: approved after the report date"
    } else {
        "not in force"
    }
}

//! Accepted risks and the warnings printed as text: `accepted_risks`, `freshness` and
//! `input_notes` of the view model. Which warning is about freshness is the one list of
//! `render::freshness`.

use serde::Serialize;
use time::Date;

use crate::model::assessment::{AcceptedRiskResult, Assessment};
use crate::render::freshness::is_freshness;
use crate::render::pdf::data::{DateText, date};

/// Accepted risks.
#[derive(Debug, Serialize)]
pub(crate) struct AcceptedRisks {
    /// In force on the report date.
    pub in_force: u32,
    /// Not in force (expired, unapproved or not yet approved).
    pub not_in_force: u32,
    /// Every waiver of the review.
    pub items: Vec<AcceptedRiskView>,
}

/// One accepted risk.
#[derive(Debug, Serialize)]
pub(crate) struct AcceptedRiskView {
    /// Id.
    pub id: String,
    /// Practice or control it covers.
    pub target: String,
    /// Title.
    pub title: String,
    /// Justification.
    pub justification: String,
    /// Approver.
    pub approver: Option<String>,
    /// Approved on.
    pub approved_on: Option<DateText>,
    /// Expires on.
    pub expires_on: Option<DateText>,
    /// Compensating control.
    pub compensating_control: Option<String>,
    /// In force on the report date.
    pub in_force: bool,
    /// `In force`, `Expired`, `Not approved`, `Not yet in force`.
    pub state: &'static str,
    /// Expires before the end of the audit period.
    pub expires_in_period: bool,
}

/// A warning, printed as text.
#[derive(Debug, Serialize)]
pub(crate) struct Note {
    /// Stable code.
    pub code: String,
    /// Message, capitalised, with its hint.
    pub message: String,
    /// Where in the input, when known.
    pub at: Option<String>,
}

fn accepted_risk(w: &AcceptedRiskResult, today: Date) -> AcceptedRiskView {
    let state = if w.in_force {
        "In force"
    } else if w.approver.is_none() || w.approved_on.is_none() {
        "Not approved"
    } else if w.expires_on.is_some_and(|e| e < today) {
        "Expired"
    } else {
        "Not yet in force"
    };
    AcceptedRiskView {
        id: w.id.clone(),
        target: w.target.clone(),
        title: w.title.clone(),
        justification: w.justification.clone(),
        approver: w.approver.clone(),
        approved_on: w.approved_on.map(date),
        expires_on: w.expires_on.map(date),
        compensating_control: w.compensating_control.clone(),
        in_force: w.in_force,
        state,
        expires_in_period: w.expires_in_period,
    }
}

/// Every waiver of the review, in force or not.
pub(super) fn accepted_risks(a: &Assessment) -> AcceptedRisks {
    AcceptedRisks {
        in_force: a.accepted_risks.iter().filter(|w| w.in_force).count() as u32,
        not_in_force: a.accepted_risks.iter().filter(|w| !w.in_force).count() as u32,
        items: a
            .accepted_risks
            .iter()
            .map(|w| accepted_risk(w, a.generated_on))
            .collect(),
    }
}

/// The warnings as sentences: the freshness ones, then the others (notes on the input).
pub(super) fn notes(a: &Assessment) -> (Vec<Note>, Vec<Note>) {
    let mut freshness = Vec::new();
    let mut input_notes = Vec::new();
    for d in &a.warnings {
        let mut message = d.message.clone();
        if let Some(first) = message.get(..1) {
            message = format!("{}{}", first.to_uppercase(), &message[1..]);
        }
        if let Some(h) = &d.hint {
            message.push_str(&format!(". {h}"));
        }
        let note = Note {
            code: d.code.clone(),
            message,
            at: d.at.as_ref().map(|at| at.to_string()),
        };
        if is_freshness(d) {
            freshness.push(note);
        } else {
            input_notes.push(note);
        }
    }
    (freshness, input_notes)
}

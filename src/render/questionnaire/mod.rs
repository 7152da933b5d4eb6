//! `wafr template`: a fill-in workbook (XLSX) for people who never see the WA Tool, that
//! `wafr report` reads back without losing anything.
//!
//! Sheets: Instructions, Workload (the scope and audit fields of `docs/review-format.md`),
//! Answers (one row per best practice in catalog order), Questions (question-level N/A, "None
//! of these" and notes), Evidence register (with kinds and attestations), Accepted risks,
//! Controls (per-control decisions). Their names, columns and widths are
//! [`crate::import::tables::questionnaire_layout`], the one definition the importer reads back
//! too; this module and [`registers`] only lay them out, one function per sheet. Headers are
//! frozen and filtered; closed lists (status, effort, audit type, evidence kind, applicable…)
//! have drop-downs, dates have date validation and the `YYYY-MM-DD` format; nothing is
//! protected. The workbook can be pre-filled from a review (`--from`), which is also how the
//! round trip is tested.
//!
//! Deterministic: the document's creation date is the report date, so the same catalog, review
//! and `--date` give the same bytes. Text is always written as text, never as a formula.
// Input-derived data must never panic here (issue 8): no unwrap, expect, panic, indexing or
// slicing; bad input becomes a located error. Tests may index.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod registers;
mod write;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Url, Workbook,
    Worksheet,
};
use time::Date;

use self::registers::{accepted_risks_sheet, controls_sheet, evidence_sheet};
use self::write::{
    Formats, choices, date_validation, fit_row, formats, header_row, number_validation, positions,
    print_setup, width_at, write_date, write_list, write_number, write_opt, x,
};
use crate::error::{Error, Result};
use crate::import::tables::columns::{Field, WorkloadField};
use crate::import::tables::questionnaire_layout::{
    ANSWERS, GUIDANCE, INSTRUCTIONS, QUESTIONS, RISK, STATUS_CHOICES, WORKLOAD, WORKLOAD_ROWS, YES,
    YES_NO_CHOICES,
};
use crate::model::audit::{AuditType, GdprRole, Sampling};
use crate::model::catalog::{Catalog, Practice};
use crate::model::review::{Answer, Criticality, PracticeStatus, Review};

/// Builds the questionnaire for the catalog's lens, optionally pre-filled with a review.
/// `date` becomes the document's creation date (determinism).
pub fn build(catalog: &Catalog, date: Date, prefill: Option<&Review>) -> Result<Vec<u8>> {
    let f = formats();
    let mut wb = Workbook::new();
    let created =
        ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day()).map_err(x)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Well-Architected Security Pillar questionnaire")
            .set_author("wafr")
            .set_creation_datetime(&created),
    );
    let empty = Review::default();
    let review = prefill.unwrap_or(&empty);
    instructions_sheet(wb.add_worksheet(), catalog, &f)?;
    workload_sheet(wb.add_worksheet(), catalog, review, &f)?;
    answers_sheet(wb.add_worksheet(), catalog, review, &f)?;
    questions_sheet(wb.add_worksheet(), catalog, review, &f)?;
    evidence_sheet(wb.add_worksheet(), review, &f)?;
    accepted_risks_sheet(wb.add_worksheet(), review, &f)?;
    controls_sheet(wb.add_worksheet(), catalog, review, &f)?;
    wb.save_to_buffer().map_err(x)
}

fn instructions_sheet(ws: &mut Worksheet, catalog: &Catalog, f: &Formats) -> Result<()> {
    ws.set_name(INSTRUCTIONS).map_err(x)?;
    ws.set_column_width(0, 110).map_err(x)?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} (lens {}): review questionnaire",
            catalog.lens.name, catalog.lens.version
        ),
        &f.title,
    )
    .map_err(x)?;
    for (r, (bold, text)) in (2..).zip(instructions(catalog)) {
        let fmt = if bold { &f.bold_wrap } else { &f.wrap };
        fit_row(ws, r, &[(text.as_str(), 110.0)])?;
        ws.write_string_with_format(r, 0, text, fmt).map_err(x)?;
    }
    print_setup(ws, false)?;
    ws.set_active(true);
    Ok(())
}

/// The Workload sheet: one row per workload and audit field, with help; text values are text
/// cells (so account ids keep their leading zeros), dates date cells, closed lists drop-downs.
fn workload_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    review: &Review,
    f: &Formats,
) -> Result<()> {
    ws.set_name(WORKLOAD.name).map_err(x)?;
    header_row(ws, &WORKLOAD, f)?;
    print_setup(ws, true)?;
    let [label_col, value_col, help_col] =
        positions(&WORKLOAD, [Field::KvField, Field::KvValue, Field::Info])?;
    for (r, (label, field, help)) in (1u32..).zip(WORKLOAD_ROWS) {
        ws.write_string_with_format(r, label_col, *label, &f.bold_wrap)
            .map_err(x)?;
        ws.write_string_with_format(r, help_col, *help, &f.wrap)
            .map_err(x)?;
        let value = match field_value(catalog, review, *field) {
            Value::Date(d) => {
                date_validation(ws, r, r, value_col)?;
                ws.write_blank(r, value_col, &f.date).map_err(x)?;
                write_date(ws, r, value_col, d, &f.date)?;
                None
            }
            Value::Text(t) => {
                ws.write_blank(r, value_col, &f.text).map_err(x)?;
                write_opt(ws, r, value_col, t.as_deref(), &f.text)?;
                t
            }
        };
        if let Some(words) = closed_list(*field) {
            choices(ws, (r, r, value_col), &words, label, help)?;
        }
        fit_row(
            ws,
            r,
            &[
                (
                    value.as_deref().unwrap_or(""),
                    width_at(&WORKLOAD, value_col),
                ),
                (help, width_at(&WORKLOAD, help_col)),
            ],
        )?;
    }
    Ok(())
}

/// The value of a row of the Workload sheet.
enum Value {
    /// Text (lists one item per line).
    Text(Option<String>),
    /// A date cell.
    Date(Option<time::Date>),
}

/// A workload or audit field as the value of its cell; the lens version defaults to the
/// catalog's.
fn field_value(catalog: &Catalog, review: &Review, field: WorkloadField) -> Value {
    let (w, a) = (&review.workload, &review.audit);
    fn lines<S: AsRef<str>>(v: &[S]) -> Option<String> {
        let v: Vec<&str> = v.iter().map(AsRef::as_ref).collect();
        Some(v.join("\n")).filter(|s| !s.is_empty())
    }
    let text = match field {
        WorkloadField::ReviewDate => return Value::Date(w.review_date),
        WorkloadField::PeriodStart => return Value::Date(a.period.map(|p| p.start)),
        WorkloadField::PeriodEnd => return Value::Date(a.period.map(|p| p.end)),
        WorkloadField::Fieldwork => return Value::Date(a.fieldwork),
        WorkloadField::Name => Some(w.name.clone()).filter(|s| !s.is_empty()),
        WorkloadField::Description => w.description.clone(),
        WorkloadField::Organisation => w.organisation.clone(),
        WorkloadField::Environment => w.environment.clone(),
        WorkloadField::Industry => w.industry.clone(),
        WorkloadField::Accounts => lines(&w.aws_accounts),
        WorkloadField::Regions => lines(&w.regions),
        WorkloadField::ReviewOwner => w.review_owner.clone(),
        WorkloadField::Reviewers => lines(&w.reviewers),
        WorkloadField::LensVersion => Some(
            w.lens_version
                .clone()
                .unwrap_or_else(|| catalog.lens.version.clone()),
        ),
        WorkloadField::Scope => w.scope.clone(),
        WorkloadField::Notes => w.notes.clone(),
        WorkloadField::Milestone => w.milestone.clone(),
        WorkloadField::Criticality => w.criticality.map(|c| c.as_str().to_owned()),
        WorkloadField::Currency => w.currency.clone(),
        WorkloadField::AuditType => a.audit_type.map(|t| t.as_str().to_owned()),
        WorkloadField::Sampling => a.sampling.map(Sampling::as_input),
        WorkloadField::Tsc => lines(&a.tsc.iter().map(|c| c.as_str()).collect::<Vec<_>>()),
        WorkloadField::GdprRole => a.gdpr_role.map(|g| g.as_str().to_owned()),
    };
    Value::Text(text)
}

/// The drop-down of a Workload row whose value is a word of a closed list. The Trust Services
/// Categories are a list of words, which a drop-down cannot offer.
fn closed_list(field: WorkloadField) -> Option<Vec<&'static str>> {
    match field {
        WorkloadField::AuditType => Some(AuditType::ALL.map(AuditType::as_str).to_vec()),
        WorkloadField::Sampling => Some(Sampling::WORDS.to_vec()),
        WorkloadField::GdprRole => Some(GdprRole::ALL.map(GdprRole::as_str).to_vec()),
        WorkloadField::Criticality => Some(Criticality::ALL.map(Criticality::as_str).to_vec()),
        _ => None,
    }
}

/// The Answers sheet: one row per best practice in catalog order, the catalog's columns
/// filled in, the answer's when pre-filled; drop-downs for status and effort.
fn answers_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    review: &Review,
    f: &Formats,
) -> Result<()> {
    ws.set_name(ANSWERS.name).map_err(x)?;
    header_row(ws, &ANSWERS, f)?;
    for c in ANSWERS.first_input..=ANSWERS.last() {
        ws.set_column_format(c, &f.wrap).map_err(x)?;
    }
    let cols = AnswerColumns::of_layout()?;
    let n = catalog.lens.practices.len() as u32;
    for (r, p) in (1u32..).zip(&catalog.lens.practices) {
        let a = review.answers.iter().find(|a| a.practice == p.id);
        practice_cells(ws, r, &cols, catalog, p, a, f)?;
        if let Some(a) = a {
            answer_cells(ws, r, &cols, a, f)?;
        }
    }
    let status = DataValidation::new()
        .allow_list_strings(STATUS_CHOICES)
        .map_err(x)?
        .set_input_title("Status")
        .map_err(x)?
        .set_input_message(
            "Implemented, Not implemented or Not applicable (say why in N/A reason). Leave blank while unanswered.",
        )
        .map_err(x)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message(
            "Not one of the listed words. wafr accepts more (Yes, No, N/A, Partial…), see the Instructions sheet.",
        )
        .map_err(x)?;
    ws.add_data_validation(1, cols.status, n, cols.status, &status)
        .map_err(x)?;
    let effort = DataValidation::new()
        .allow_list_strings(&["Low", "Medium", "High"])
        .map_err(x)?
        .set_input_title("Effort")
        .map_err(x)?
        .set_input_message("Effort to implement the practice: Low (days), Medium (weeks), High (months or several teams).")
        .map_err(x)?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(1, cols.effort, n, cols.effort, &effort)
        .map_err(x)?;
    number_validation(
        ws,
        (1, n, cols.effort_days),
        "Effort (days)",
        "Estimated effort to implement the practice, in person-days (a number, such as 4.5).",
    )?;
    number_validation(
        ws,
        (1, n, cols.cost),
        "Cost",
        "Estimated cost to implement the practice, in the currency the Workload sheet names (a number, such as 12000).",
    )?;
    date_validation(ws, 1, n, cols.target_date)?;
    ws.autofilter(0, 0, n, ANSWERS.last()).map_err(x)?;
    print_setup(ws, true)?;
    Ok(())
}

/// Where each column of the Answers sheet is, from the layout.
struct AnswerColumns {
    question: u16,
    question_title: u16,
    bp_id: u16,
    choice_id: u16,
    title: u16,
    risk: u16,
    guidance: u16,
    status: u16,
    notes: u16,
    owner: u16,
    evidence: u16,
    na_reason: u16,
    impact: u16,
    effort: u16,
    effort_days: u16,
    cost: u16,
    target_date: u16,
    depends_on: u16,
}

impl AnswerColumns {
    fn of_layout() -> Result<Self> {
        let [
            question,
            question_title,
            bp_id,
            choice_id,
            title,
            status,
            notes,
        ] = positions(
            &ANSWERS,
            [
                Field::Question,
                Field::QuestionTitle,
                Field::BpId,
                Field::ChoiceId,
                Field::Practice,
                Field::Status,
                Field::Notes,
            ],
        )?;
        let [owner, evidence, na_reason, impact, target_date, depends_on] = positions(
            &ANSWERS,
            [
                Field::Owner,
                Field::Evidence,
                Field::NaReason,
                Field::Impact,
                Field::TargetDate,
                Field::DependsOn,
            ],
        )?;
        let [effort, effort_days, cost] =
            positions(&ANSWERS, [Field::Effort, Field::EffortDays, Field::Cost])?;
        // Risk and guidance carry nothing to import (`Field::Info`): found by header.
        let info = |header: &str| {
            ANSWERS.position_of(header).ok_or_else(|| {
                Error::Internal(format!(
                    "the questionnaire layout has no {header} column on the Answers sheet"
                ))
            })
        };
        Ok(AnswerColumns {
            question,
            question_title,
            bp_id,
            choice_id,
            title,
            risk: info(RISK)?,
            guidance: info(GUIDANCE)?,
            status,
            notes,
            owner,
            evidence,
            na_reason,
            impact,
            effort,
            effort_days,
            cost,
            target_date,
            depends_on,
        })
    }
}

/// A practice's row of the Answers sheet: the catalog's columns, and a height that fits the
/// longest text of the row (the answer's included).
fn practice_cells(
    ws: &mut Worksheet,
    r: u32,
    cols: &AnswerColumns,
    catalog: &Catalog,
    p: &Practice,
    a: Option<&Answer>,
    f: &Formats,
) -> Result<()> {
    let qt = catalog
        .question(&p.question)
        .map(|q| q.title.as_str())
        .unwrap_or("");
    ws.write_string_with_format(r, cols.question, &p.question, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, cols.question_title, qt, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, cols.bp_id, &p.id, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, cols.choice_id, &p.choice_id, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, cols.title, &p.title, &f.wrap)
        .map_err(x)?;
    ws.write_string_with_format(r, cols.risk, p.risk.to_string(), &f.wrap)
        .map_err(x)?;
    ws.write_url_with_format(
        r,
        cols.guidance,
        Url::new(p.doc_url.as_str()).set_text("Guidance"),
        &f.link,
    )
    .map_err(x)?;
    let mut texts: Vec<(String, f64)> = vec![
        (qt.to_owned(), width_at(&ANSWERS, cols.question_title)),
        (p.choice_id.clone(), width_at(&ANSWERS, cols.choice_id)),
        (p.title.clone(), width_at(&ANSWERS, cols.title)),
    ];
    if let Some(a) = a {
        for (t, c) in [
            (a.notes.clone(), cols.notes),
            (Some(a.evidence.join("\n")), cols.evidence),
            (a.na_reason.clone(), cols.na_reason),
            (a.impact.clone(), cols.impact),
            (Some(a.depends_on.join("\n")), cols.depends_on),
        ] {
            if let Some(t) = t {
                texts.push((t, width_at(&ANSWERS, c)));
            }
        }
    }
    let refs: Vec<(&str, f64)> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    fit_row(ws, r, &refs)
}

/// The answer's columns of a practice's row. A status the review did not give (or an
/// unanswered one) stays blank.
fn answer_cells(
    ws: &mut Worksheet,
    r: u32,
    cols: &AnswerColumns,
    a: &Answer,
    f: &Formats,
) -> Result<()> {
    let status = match (a.status, a.status_given) {
        (_, false) | (PracticeStatus::Unanswered, _) => None,
        (s, true) => Some(s.label()),
    };
    write_opt(ws, r, cols.status, status, &f.wrap)?;
    write_opt(ws, r, cols.notes, a.notes.as_deref(), &f.wrap)?;
    write_opt(ws, r, cols.owner, a.owner.as_deref(), &f.wrap)?;
    write_list(ws, r, cols.evidence, &a.evidence, &f.wrap)?;
    write_opt(ws, r, cols.na_reason, a.na_reason.as_deref(), &f.wrap)?;
    write_opt(ws, r, cols.impact, a.impact.as_deref(), &f.wrap)?;
    write_opt(ws, r, cols.effort, a.effort.map(|e| e.label()), &f.wrap)?;
    write_number(ws, r, cols.effort_days, a.effort_days, &f.number)?;
    write_number(ws, r, cols.cost, a.cost, &f.number)?;
    write_date(ws, r, cols.target_date, a.target_date, &f.date)?;
    write_list(ws, r, cols.depends_on, &a.depends_on, &f.wrap)
}

/// The Questions sheet: one row per question, for question-level notes, not applicable and
/// "None of these".
fn questions_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    review: &Review,
    f: &Formats,
) -> Result<()> {
    ws.set_name(QUESTIONS.name).map_err(x)?;
    header_row(ws, &QUESTIONS, f)?;
    for c in QUESTIONS.first_input..=QUESTIONS.last() {
        ws.set_column_format(c, &f.wrap).map_err(x)?;
    }
    let [id, title, na, none, notes] = positions(
        &QUESTIONS,
        [
            Field::Question,
            Field::QuestionTitle,
            Field::NaReason,
            Field::NoneOfThese,
            Field::Notes,
        ],
    )?;
    let n = catalog.lens.questions.len() as u32;
    choices(
        ws,
        (1, n.max(1), none),
        YES_NO_CHOICES,
        "None of these",
        "Yes: none of the question's practices is in place (each counts as not implemented).",
    )?;
    for (r, q) in (1u32..).zip(&catalog.lens.questions) {
        ws.write_string_with_format(r, id, &q.id, &f.wrap)
            .map_err(x)?;
        ws.write_string_with_format(r, title, &q.title, &f.wrap)
            .map_err(x)?;
        if let Some(qa) = review.questions.iter().find(|x| x.question == q.id) {
            write_opt(ws, r, na, qa.not_applicable.as_deref(), &f.wrap)?;
            write_opt(ws, r, none, qa.none_selected.then_some(YES), &f.wrap)?;
            write_opt(ws, r, notes, qa.notes.as_deref(), &f.wrap)?;
            fit_row(
                ws,
                r,
                &[
                    (
                        qa.not_applicable.as_deref().unwrap_or(""),
                        width_at(&QUESTIONS, na),
                    ),
                    (
                        qa.notes.as_deref().unwrap_or(""),
                        width_at(&QUESTIONS, notes),
                    ),
                ],
            )?;
        }
    }
    print_setup(ws, true)?;
    Ok(())
}

/// The Instructions sheet, paragraph by paragraph (bold, text).
fn instructions(catalog: &Catalog) -> Vec<(bool, String)> {
    let p = |s: &str| (false, s.to_owned());
    let h = |s: &str| (true, s.to_owned());
    vec![
        p(
            "Fill this workbook in, then run `wafr report questionnaire.xlsx --out report` (or `wafr validate questionnaire.xlsx` to check it). Every problem is reported with its sheet, row and column. Columns with a yellow header are yours to fill; the others come from the catalog and identify the practice: leave them as they are. Nothing is protected: add rows to the Evidence register and Accepted risks as needed, sort and filter freely.",
        ),
        h("Workload"),
        p(
            "The scope of the review: fill the Value column. Lists (accounts, regions, reviewers, Trust Services Categories) take one item per line. The audit's rows (audit type, audit period, sampling frequency, fieldwork date, Trust Services Categories, GDPR role) say what the review is read for; the command line's --audit-type, --period, --sampling, --fieldwork, --tsc and --gdpr-role override them.",
        ),
        h("Answers: one row per best practice"),
        p(&format!(
            "{} best practices in {} questions. Status: Implemented, Not implemented or Not applicable (the drop-down). Leave it blank while the practice is not answered: in a question where other practices are answered, a blank one counts as not implemented, as the WA Tool counts an unticked choice.",
            catalog.lens.practices.len(),
            catalog.lens.questions.len()
        )),
        p(
            "Other words are accepted: Yes / No, X (implemented), N/A, Partial (counted as not implemented, with a note saying it was partial), Out of scope (not applicable). The full list is in docs/spreadsheet-import.md.",
        ),
        p(
            "Not applicable needs a reason in N/A reason (filling N/A reason alone also marks the practice not applicable). Notes are kept verbatim. Owner: who owns the practice. Evidence: ids from the Evidence register (EV-001) or free-text references, one per line. Effort (Low, Medium, High), Target date and Depends on (BP ids, one per line) feed the improvement plan.",
        ),
        p(
            "For a practice that is not in place, Impact says in a sentence or two what the business risks while it is missing (the report's board summary quotes it); Effort (days) is the estimated effort in person-days and Cost the estimated cost in the currency the Workload sheet names, both plain numbers (4.5, 12000): the improvement plan totals them per horizon.",
        ),
        h("Questions"),
        p(
            "Question-level notes; Not applicable reason to make a whole question not applicable; None of these (Yes) when none of the question's practices is in place.",
        ),
        h("Evidence register"),
        p(
            "One row per piece of evidence an auditor can look at. ID and Title are required. Supports: the BP ids (SEC01-BP01) and controls (soc2-tsc-2017:CC6.1, iso27001-2022:A.8.5) it evidences, one per line. Evidence expires after Expires on, and counts for an audit period only if Period start..Period end (else Collected on) overlaps it.",
        ),
        p(
            "Kind: design (policy, configuration), operation (logs, tickets, reviews over time), both, or attestation; without it an entry counts as design evidence only, and a Type II audit needs operating evidence. A supplier's report (AWS SOC 2 Type II, ISO/IEC 27001 certificate from AWS Artifact) is an attestation: name it in Attestation report, with its period (Period start, Period end) or validity (Expires on); Issuer (default AWS), Attestation frameworks (ids, one per line; default from the report), Bridge letter until and Artifact reference are optional.",
        ),
        h("Accepted risks"),
        p(
            "Waivers: ID, Target (a BP id or a control such as iso27001-2022:A.8.5), Title and Justification are required. A waiver is in force only with an Approver, from Approved on until Expires on.",
        ),
        h("Controls (optional)"),
        p(
            "Per-control decisions: Framework (soc2-tsc-2017, iso27001-2022, gdpr-2016) and Control (CC6.1, A.8.5, Art.32, or * for every control of the framework without a row of its own) are required. Applicable: Yes (the control applies; Justification says why, Basis names a legal, regulatory or contractual basis) or No (it does not: Not applicable reason is the justification an auditor reads); a Not applicable reason alone also excludes the control. Responsibility (customer, shared or aws) overrides the catalog; Evidence lists register ids confirmed for the control, one per line; Sampling is its sampling frequency; then Owner and Notes.",
        ),
        h("Dates and lists"),
        p(
            "Dates: YYYY-MM-DD (2026-03-31), or any date cell. Lists: one item per line (a cell may also separate items with ; or ,).",
        ),
        h("Keep in mind"),
        p(
            "Architectural risk (a practice not implemented) and evidence gaps (a practice in place, but nothing to show an auditor) are reported separately: marking a practice Implemented without evidence is honest, and shows up as an evidence gap, not as a risk.",
        ),
    ]
}

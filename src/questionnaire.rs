//! `wafr template`: a fill-in workbook (XLSX) for people who never see the WA Tool, that
//! `wafr report` reads back without losing anything.
//!
//! Sheets: Instructions, Workload (the scope fields of `docs/review-format.md`), Answers (one
//! row per best practice in catalog order), Questions (question-level N/A and notes), Evidence
//! register, Accepted risks, Controls (per-control decisions). Headers are frozen and filtered; status and effort have drop-downs,
//! dates have date validation and the `YYYY-MM-DD` format; nothing is protected. The workbook can
//! be pre-filled from a review (`--from`), which is also how the round trip is tested.
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

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet, XlsxError,
};
use time::Date;

use crate::error::{Error, Result};
use crate::model::catalog::Catalog;
use crate::model::review::{PracticeStatus, Review};

/// Headers of the Answers sheet, in column order (recognised by `import::columns`).
pub const ANSWER_COLUMNS: &[(&str, f64)] = &[
    ("Question", 9.0),
    ("Question title", 36.0),
    ("BP ID", 12.0),
    ("Choice ID", 40.0),
    ("Best practice", 44.0),
    ("Risk", 8.0),
    ("Guidance", 10.0),
    ("Status", 16.0),
    ("Notes", 40.0),
    ("Owner", 18.0),
    ("Evidence", 22.0),
    ("N/A reason", 26.0),
    ("Effort", 9.0),
    ("Target date", 12.0),
    ("Depends on", 14.0),
];

/// The width of an Answers column, by 0-based index.
fn answer_width(col: usize) -> f64 {
    ANSWER_COLUMNS.get(col).map_or(12.0, |c| c.1)
}
/// First column users fill in on the Answers sheet (Status).
const FIRST_INPUT: u16 = 7;

/// Headers of the Questions sheet.
pub const QUESTION_COLUMNS: &[(&str, f64)] = &[
    ("Question", 9.0),
    ("Question title", 50.0),
    ("Not applicable reason", 40.0),
    ("Notes", 60.0),
];

/// Headers of the Evidence register sheet.
pub const EVIDENCE_COLUMNS: &[(&str, f64)] = &[
    ("ID", 10.0),
    ("Title", 36.0),
    ("Owner", 18.0),
    ("Location", 36.0),
    ("SHA-256", 24.0),
    ("Collected on", 12.0),
    ("Period start", 12.0),
    ("Period end", 12.0),
    ("Expires on", 12.0),
    ("Supports", 24.0),
    ("Notes", 36.0),
];

/// Headers of the Accepted risks sheet.
pub const RISK_COLUMNS: &[(&str, f64)] = &[
    ("ID", 10.0),
    ("Target", 22.0),
    ("Title", 36.0),
    ("Justification", 40.0),
    ("Approver", 18.0),
    ("Approved on", 12.0),
    ("Expires on", 12.0),
    ("Compensating control", 36.0),
];

/// Headers of the Controls sheet (per-control decisions).
pub const CONTROL_COLUMNS: &[(&str, f64)] = &[
    ("Framework", 16.0),
    ("Control", 12.0),
    ("Responsibility", 14.0),
    ("Not applicable reason", 40.0),
    ("Owner", 18.0),
    ("Notes", 40.0),
];

/// Rows of the Workload sheet: label (recognised by `import::columns::workload_label`) and help.
pub const WORKLOAD_ROWS: &[(&str, &str)] = &[
    (
        "Workload name",
        "Name of the workload under review (shown on the report cover).",
    ),
    ("Description", "What the workload does."),
    ("Organisation", "Organisation that owns the workload."),
    ("Environment", "production, preproduction, …"),
    ("Industry", "Industry of the organisation."),
    (
        "AWS account IDs",
        "12-digit account ids, one per line (the cell is text, so leading zeros stay).",
    ),
    ("Regions", "AWS Regions, one per line (eu-west-1 …)."),
    ("Review owner", "Who owns the review."),
    ("Reviewers", "Who took part, one per line."),
    ("Review date", "Date of the review, YYYY-MM-DD."),
    (
        "Lens version",
        "Version of the Security Pillar the answers refer to; this questionnaire is for the version given.",
    ),
    ("Scope", "What the review covers and what it does not."),
    ("Notes", "Anything else about the workload."),
    ("Milestone", "WA Tool milestone name or number, if any."),
];

/// Status words of the drop-down (the importer accepts more; see docs/spreadsheet-import.md).
pub const STATUS_CHOICES: &[&str] = &["Implemented", "Not implemented", "Not applicable"];

fn x(e: XlsxError) -> Error {
    Error::Internal(format!("writing the questionnaire: {e}"))
}

/// A date as an Excel date, when Excel can hold it (1900-01-01 to 9999-12-31).
fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day()).ok()
}

struct Formats {
    header: Format,
    input_header: Format,
    wrap: Format,
    text: Format,
    date: Format,
    bold_wrap: Format,
    title: Format,
    link: Format,
}

fn formats() -> Formats {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0x1F3864))
        .set_font_color(Color::White)
        .set_border_bottom(FormatBorder::Thin);
    Formats {
        input_header: header
            .clone()
            .set_background_color(Color::RGB(0xFFE699))
            .set_font_color(Color::Black),
        header,
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        text: Format::new()
            .set_num_format("@")
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        date: Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left),
        bold_wrap: Format::new().set_bold().set_text_wrap(),
        title: Format::new().set_bold().set_font_size(14),
        link: Format::new()
            .set_font_color(Color::RGB(0x0563C1))
            .set_underline(rust_xlsxwriter::FormatUnderline::Single)
            .set_align(FormatAlign::Top),
    }
}

fn header_row(
    ws: &mut Worksheet,
    cols: &[(&str, f64)],
    first_input: u16,
    f: &Formats,
) -> Result<()> {
    for (i, (name, width)) in cols.iter().enumerate() {
        let i = i as u16;
        let fmt = if i >= first_input {
            &f.input_header
        } else {
            &f.header
        };
        ws.write_string_with_format(0, i, *name, fmt).map_err(x)?;
        ws.set_column_width(i, *width).map_err(x)?;
    }
    ws.set_freeze_panes(1, 0).map_err(x)?;
    Ok(())
}

fn date_validation(ws: &mut Worksheet, r0: u32, r1: u32, c: u16) -> Result<()> {
    let lo = ExcelDateTime::from_ymd(2000, 1, 1).map_err(x)?;
    let hi = ExcelDateTime::from_ymd(2099, 12, 31).map_err(x)?;
    let dv = DataValidation::new()
        .allow_date(DataValidationRule::Between(lo, hi))
        .set_input_title("Date")
        .map_err(x)?
        .set_input_message("Type the date as YYYY-MM-DD, such as 2026-03-31.")
        .map_err(x)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("Not a date between 2000 and 2099: type YYYY-MM-DD.")
        .map_err(x)?;
    ws.add_data_validation(r0, c, r1, c, &dv).map_err(x)?;
    ws.set_column_format(c, &formats().date).map_err(x)?;
    Ok(())
}

fn write_opt(ws: &mut Worksheet, r: u32, c: u16, v: Option<&str>, f: &Format) -> Result<()> {
    if let Some(s) = v {
        ws.write_string_with_format(r, c, s, f).map_err(x)?;
    }
    Ok(())
}

/// A list cell: one item per line. A single item holding `;` or `,` gets a final line break,
/// so the importer splits it on line breaks only and reads it back whole.
fn write_list(ws: &mut Worksheet, r: u32, c: u16, v: &[String], f: &Format) -> Result<()> {
    if !v.is_empty() {
        let mut s = v.join("\n");
        if v.len() == 1 && s.contains([';', ',']) {
            s.push('\n');
        }
        ws.write_string_with_format(r, c, s, f).map_err(x)?;
    }
    Ok(())
}

fn write_date(ws: &mut Worksheet, r: u32, c: u16, v: Option<Date>, f: &Format) -> Result<()> {
    match v.map(|d| (d, excel_date(d))) {
        None => {}
        Some((_, Some(xd))) => {
            ws.write_datetime_with_format(r, c, xd, f).map_err(x)?;
        }
        // Before 1900: Excel has no such date; text reads back the same.
        Some((d, None)) => {
            ws.write_string_with_format(r, c, d.to_string(), f)
                .map_err(x)?;
        }
    }
    Ok(())
}

/// Lines a text takes in a wrapped cell `width` characters wide (an estimate: proportional
/// fonts fit about 1.15 characters per width unit).
fn lines_in(text: &str, width: f64) -> u32 {
    let per_line = (width * 1.15).max(1.0);
    text.split('\n')
        .map(|l| ((l.chars().count() as f64) / per_line).ceil().max(1.0) as u32)
        .sum()
}

/// Sets a row's height to fit its wrapped cells, since neither Excel nor LibreOffice resizes
/// rows of a generated file on opening it. Rows of one line keep the default height.
fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<()> {
    let lines = cells
        .iter()
        .map(|(t, w)| lines_in(t, *w))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, 15.0 * f64::from(lines.min(40)))
            .map_err(x)?;
    }
    Ok(())
}

/// Prints landscape, one page wide, with the header row on every page.
fn print_setup(ws: &mut Worksheet, header: bool) -> Result<()> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    if header {
        ws.set_repeat_rows(0, 0).map_err(x)?;
    }
    Ok(())
}

/// Rows reserved (with formats and validation) on the Evidence register and Accepted risks
/// sheets of a blank questionnaire; more rows can be added freely.
const BLANK_ROWS: u32 = 200;

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

    // Instructions.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Instructions").map_err(x)?;
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
    }

    // Workload.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Workload").map_err(x)?;
        header_row(
            ws,
            &[("Field", 22.0), ("Value", 50.0), ("Help", 70.0)],
            1,
            &f,
        )?;
        print_setup(ws, true)?;
        let w = &review.workload;
        for (i, (label, help)) in WORKLOAD_ROWS.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(r, 0, *label, &f.bold_wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 2, *help, &f.wrap)
                .map_err(x)?;
            let text = |s: &Option<String>| s.clone();
            let value: Option<String> = match *label {
                "Workload name" => Some(w.name.clone()).filter(|s| !s.is_empty()),
                "Description" => text(&w.description),
                "Organisation" => text(&w.organisation),
                "Environment" => text(&w.environment),
                "Industry" => text(&w.industry),
                "AWS account IDs" => Some(w.aws_accounts.join("\n")).filter(|s| !s.is_empty()),
                "Regions" => Some(w.regions.join("\n")).filter(|s| !s.is_empty()),
                "Review owner" => text(&w.review_owner),
                "Reviewers" => Some(w.reviewers.join("\n")).filter(|s| !s.is_empty()),
                "Lens version" => Some(
                    w.lens_version
                        .clone()
                        .unwrap_or_else(|| catalog.lens.version.clone()),
                ),
                "Scope" => text(&w.scope),
                "Notes" => text(&w.notes),
                "Milestone" => text(&w.milestone),
                _ => None,
            };
            fit_row(
                ws,
                r,
                &[(value.as_deref().unwrap_or(""), 50.0), (help, 70.0)],
            )?;
            if *label == "Review date" {
                date_validation(ws, r, r, 1)?;
                ws.write_blank(r, 1, &f.date).map_err(x)?;
                write_date(ws, r, 1, w.review_date, &f.date)?;
            } else {
                ws.write_blank(r, 1, &f.text).map_err(x)?;
                write_opt(ws, r, 1, value.as_deref(), &f.text)?;
            }
        }
    }

    // Answers.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Answers").map_err(x)?;
        header_row(ws, ANSWER_COLUMNS, FIRST_INPUT, &f)?;
        for c in FIRST_INPUT..ANSWER_COLUMNS.len() as u16 {
            ws.set_column_format(c, &f.wrap).map_err(x)?;
        }
        let n = catalog.lens.practices.len() as u32;
        for (i, p) in catalog.lens.practices.iter().enumerate() {
            let r = i as u32 + 1;
            let q = catalog.question(&p.question);
            ws.write_string_with_format(r, 0, &p.question, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 1, q.map(|q| q.title.as_str()).unwrap_or(""), &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 2, &p.id, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 3, &p.choice_id, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 4, &p.title, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 5, p.risk.to_string(), &f.wrap)
                .map_err(x)?;
            ws.write_url_with_format(
                r,
                6,
                Url::new(p.doc_url.as_str()).set_text("Guidance"),
                &f.link,
            )
            .map_err(x)?;
            let a = review.answers.iter().find(|a| a.practice == p.id);
            let qt = q.map(|q| q.title.as_str()).unwrap_or("");
            let mut texts: Vec<(String, f64)> = vec![
                (qt.to_owned(), answer_width(1)),
                (p.choice_id.clone(), answer_width(3)),
                (p.title.clone(), answer_width(4)),
            ];
            if let Some(a) = a {
                for (t, c) in [
                    (a.notes.clone(), 8),
                    (Some(a.evidence.join("\n")), 10),
                    (a.na_reason.clone(), 11),
                    (Some(a.depends_on.join("\n")), 14),
                ] {
                    if let Some(t) = t {
                        texts.push((t, answer_width(c)));
                    }
                }
            }
            let refs: Vec<(&str, f64)> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
            fit_row(ws, r, &refs)?;
            let Some(a) = a else {
                continue;
            };
            let status = match (a.status, a.status_given) {
                (_, false) | (PracticeStatus::Unanswered, _) => None,
                (s, true) => Some(s.label()),
            };
            write_opt(ws, r, 7, status, &f.wrap)?;
            write_opt(ws, r, 8, a.notes.as_deref(), &f.wrap)?;
            write_opt(ws, r, 9, a.owner.as_deref(), &f.wrap)?;
            write_list(ws, r, 10, &a.evidence, &f.wrap)?;
            write_opt(ws, r, 11, a.na_reason.as_deref(), &f.wrap)?;
            write_opt(ws, r, 12, a.effort.map(|e| e.label()), &f.wrap)?;
            write_date(ws, r, 13, a.target_date, &f.date)?;
            write_list(ws, r, 14, &a.depends_on, &f.wrap)?;
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
        ws.add_data_validation(1, 7, n, 7, &status).map_err(x)?;
        let effort = DataValidation::new()
            .allow_list_strings(&["Low", "Medium", "High"])
            .map_err(x)?
            .set_input_title("Effort")
            .map_err(x)?
            .set_input_message("Effort to implement the practice: Low (days), Medium (weeks), High (months or several teams).")
            .map_err(x)?
            .set_error_style(DataValidationErrorStyle::Warning);
        ws.add_data_validation(1, 12, n, 12, &effort).map_err(x)?;
        date_validation(ws, 1, n, 13)?;
        ws.autofilter(0, 0, n, ANSWER_COLUMNS.len() as u16 - 1)
            .map_err(x)?;
        print_setup(ws, true)?;
    }

    // Questions.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Questions").map_err(x)?;
        header_row(ws, QUESTION_COLUMNS, 2, &f)?;
        for c in 2..4 {
            ws.set_column_format(c, &f.wrap).map_err(x)?;
        }
        for (i, q) in catalog.lens.questions.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(r, 0, &q.id, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 1, &q.title, &f.wrap)
                .map_err(x)?;
            if let Some(qa) = review.questions.iter().find(|x| x.question == q.id) {
                write_opt(ws, r, 2, qa.not_applicable.as_deref(), &f.wrap)?;
                write_opt(ws, r, 3, qa.notes.as_deref(), &f.wrap)?;
                fit_row(
                    ws,
                    r,
                    &[
                        (qa.not_applicable.as_deref().unwrap_or(""), 40.0),
                        (qa.notes.as_deref().unwrap_or(""), 60.0),
                    ],
                )?;
            }
        }
        print_setup(ws, true)?;
    }

    // Evidence register.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Evidence register").map_err(x)?;
        header_row(ws, EVIDENCE_COLUMNS, 0, &f)?;
        for c in [0u16, 1, 2, 3, 4, 9, 10] {
            ws.set_column_format(c, &f.wrap).map_err(x)?;
        }
        let last = BLANK_ROWS.max(review.evidence.len() as u32);
        for c in 5..9 {
            date_validation(ws, 1, last, c)?;
        }
        for (i, e) in review.evidence.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(r, 0, &e.id, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 1, &e.title, &f.wrap)
                .map_err(x)?;
            write_opt(ws, r, 2, e.owner.as_deref(), &f.wrap)?;
            write_opt(ws, r, 3, e.location.as_deref(), &f.wrap)?;
            write_opt(ws, r, 4, e.sha256.as_deref(), &f.wrap)?;
            write_date(ws, r, 5, e.collected_on, &f.date)?;
            write_date(ws, r, 6, e.period_start, &f.date)?;
            write_date(ws, r, 7, e.period_end, &f.date)?;
            write_date(ws, r, 8, e.expires_on, &f.date)?;
            write_list(ws, r, 9, &e.supports, &f.wrap)?;
            write_opt(ws, r, 10, e.notes.as_deref(), &f.wrap)?;
            let supports = e.supports.join("\n");
            fit_row(
                ws,
                r,
                &[
                    (e.title.as_str(), 36.0),
                    (e.location.as_deref().unwrap_or(""), 36.0),
                    (e.sha256.as_deref().unwrap_or(""), 24.0),
                    (supports.as_str(), 24.0),
                    (e.notes.as_deref().unwrap_or(""), 36.0),
                ],
            )?;
        }
        print_setup(ws, true)?;
        ws.autofilter(0, 0, last, EVIDENCE_COLUMNS.len() as u16 - 1)
            .map_err(x)?;
    }

    // Accepted risks.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Accepted risks").map_err(x)?;
        header_row(ws, RISK_COLUMNS, 0, &f)?;
        for c in [0u16, 1, 2, 3, 4, 7] {
            ws.set_column_format(c, &f.wrap).map_err(x)?;
        }
        let last = BLANK_ROWS.max(review.accepted_risks.len() as u32);
        for c in 5..7 {
            date_validation(ws, 1, last, c)?;
        }
        for (i, w) in review.accepted_risks.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(r, 0, &w.id, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 1, &w.target, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 2, &w.title, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 3, &w.justification, &f.wrap)
                .map_err(x)?;
            write_opt(ws, r, 4, w.approver.as_deref(), &f.wrap)?;
            write_date(ws, r, 5, w.approved_on, &f.date)?;
            write_date(ws, r, 6, w.expires_on, &f.date)?;
            write_opt(ws, r, 7, w.compensating_control.as_deref(), &f.wrap)?;
            fit_row(
                ws,
                r,
                &[
                    (w.title.as_str(), 36.0),
                    (w.justification.as_str(), 40.0),
                    (w.compensating_control.as_deref().unwrap_or(""), 36.0),
                ],
            )?;
        }
        print_setup(ws, true)?;
        ws.autofilter(0, 0, last, RISK_COLUMNS.len() as u16 - 1)
            .map_err(x)?;
    }

    // Controls.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Controls").map_err(x)?;
        header_row(ws, CONTROL_COLUMNS, 0, &f)?;
        for c in 0..CONTROL_COLUMNS.len() as u16 {
            ws.set_column_format(c, &f.wrap).map_err(x)?;
        }
        let last = BLANK_ROWS.max(review.control_overrides.len() as u32);
        let ids: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
        if !ids.is_empty() {
            let fw = DataValidation::new()
                .allow_list_strings(&ids)
                .map_err(x)?
                .set_error_style(DataValidationErrorStyle::Warning);
            ws.add_data_validation(1, 0, last, 0, &fw).map_err(x)?;
        }
        let resp = DataValidation::new()
            .allow_list_strings(&["customer", "shared", "aws"])
            .map_err(x)?
            .set_error_style(DataValidationErrorStyle::Warning);
        ws.add_data_validation(1, 2, last, 2, &resp).map_err(x)?;
        for (i, c) in review.control_overrides.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(r, 0, &c.framework, &f.wrap)
                .map_err(x)?;
            ws.write_string_with_format(r, 1, &c.control, &f.wrap)
                .map_err(x)?;
            let resp = c.responsibility.map(|r| match r {
                crate::model::catalog::Responsibility::Customer => "customer",
                crate::model::catalog::Responsibility::Shared => "shared",
                crate::model::catalog::Responsibility::Aws => "aws",
            });
            write_opt(ws, r, 2, resp, &f.wrap)?;
            write_opt(ws, r, 3, c.not_applicable.as_deref(), &f.wrap)?;
            write_opt(ws, r, 4, c.owner.as_deref(), &f.wrap)?;
            write_opt(ws, r, 5, c.notes.as_deref(), &f.wrap)?;
            fit_row(
                ws,
                r,
                &[
                    (c.not_applicable.as_deref().unwrap_or(""), 40.0),
                    (c.notes.as_deref().unwrap_or(""), 40.0),
                ],
            )?;
        }
        print_setup(ws, true)?;
        ws.autofilter(0, 0, last, CONTROL_COLUMNS.len() as u16 - 1)
            .map_err(x)?;
    }

    wb.save_to_buffer().map_err(x)
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
            "The scope of the review: fill the Value column. Lists (accounts, regions, reviewers) take one item per line.",
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
        h("Questions"),
        p(
            "Question-level notes, and Not applicable reason to make a whole question not applicable.",
        ),
        h("Evidence register"),
        p(
            "One row per piece of evidence an auditor can look at. ID and Title are required. Supports: the BP ids (SEC01-BP01) and controls (soc2-tsc-2017:CC6.1, iso27001-2022:A.8.5) it evidences, one per line. Evidence expires after Expires on, and counts for an audit period only if Period start..Period end (else Collected on) overlaps it.",
        ),
        h("Accepted risks"),
        p(
            "Waivers: ID, Target (a BP id or a control such as iso27001-2022:A.8.5), Title and Justification are required. A waiver is in force only with an Approver, from Approved on until Expires on.",
        ),
        h("Controls (optional)"),
        p(
            "Per-control decisions: Framework (soc2-tsc-2017, iso27001-2022, gdpr-2016) and Control (CC6.1, A.8.5, Art.32) are required; then Not applicable reason (the control does not apply, with the justification an auditor reads), Responsibility (customer, shared or aws, to override the catalog), Owner and Notes.",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tables::columns::{
        ANSWER_HEADERS, CONTROL_HEADERS, EVIDENCE_HEADERS, Field, RISK_HEADERS, norm_header,
        workload_label,
    };

    fn field(table: &[(&str, Field)], h: &str) -> Option<Field> {
        table
            .iter()
            .find(|(k, _)| *k == norm_header(h))
            .map(|(_, f)| *f)
    }

    #[test]
    fn every_header_is_recognised_by_the_importer() {
        for (h, _) in ANSWER_COLUMNS.iter().chain(QUESTION_COLUMNS) {
            assert!(field(ANSWER_HEADERS, h).is_some(), "{h}");
        }
        for (h, _) in EVIDENCE_COLUMNS {
            assert!(field(EVIDENCE_HEADERS, h).is_some(), "{h}");
        }
        for (h, _) in RISK_COLUMNS {
            assert!(field(RISK_HEADERS, h).is_some(), "{h}");
        }
        for (h, _) in CONTROL_COLUMNS {
            assert!(field(CONTROL_HEADERS, h).is_some(), "{h}");
        }
        for (l, _) in WORKLOAD_ROWS {
            assert!(workload_label(l).is_some(), "{l}");
        }
        assert_eq!(field(ANSWER_HEADERS, "Status"), Some(Field::Status));
        assert_eq!(ANSWER_COLUMNS[FIRST_INPUT as usize].0, "Status");
    }
}

//! Writing the questionnaire's cells so that the importer reads them back unchanged: text is
//! always a string (never a formula), lists one item per line, dates Excel date cells (text
//! before 1900, which Excel cannot hold); plus the formats, header rows, row heights and print
//! setup every sheet shares.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Worksheet, XlsxError,
};
use time::Date;

use crate::error::{Error, Result};
use crate::import::tables::columns::Field;
use crate::import::tables::questionnaire_layout::Sheet;

pub(super) fn x(e: XlsxError) -> Error {
    Error::Internal(format!("writing the questionnaire: {e}"))
}

/// The 0-based columns of `fields` in a sheet of the layout, in the order asked.
pub(super) fn positions<const N: usize>(sheet: &Sheet, fields: [Field; N]) -> Result<[u16; N]> {
    let mut out = [0u16; N];
    for (o, field) in out.iter_mut().zip(fields) {
        *o = sheet.position(field).ok_or_else(|| {
            Error::Internal(format!(
                "the questionnaire layout has no {field:?} column on the {} sheet",
                sheet.name
            ))
        })?;
    }
    Ok(out)
}

/// The width of a column of a sheet of the layout (12 when there is no such column).
pub(super) fn width_at(sheet: &Sheet, col: u16) -> f64 {
    sheet
        .columns
        .get(usize::from(col))
        .map_or(12.0, |c| c.width)
}

/// A drop-down of `words` on rows `r0..=r1` of column `c`, with a prompt. Other words get a
/// warning, not a refusal: wafr reads more spellings than a drop-down lists.
pub(super) fn choices(
    ws: &mut Worksheet,
    (r0, r1, c): (u32, u32, u16),
    words: &[&str],
    title: &str,
    prompt: &str,
) -> Result<()> {
    let dv = DataValidation::new()
        .allow_list_strings(words)
        .map_err(x)?
        .set_input_title(title)
        .map_err(x)?
        .set_input_message(prompt)
        .map_err(x)?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(r0, c, r1, c, &dv).map_err(x)?;
    Ok(())
}

/// A date as an Excel date, when rust_xlsxwriter takes it: 1900-01-01 to 9999-12-31, and also
/// 1899-12-31, which it writes as serial 0 (calamine reads that date cell back as 1899-12-31;
/// the importer's `excel_serial_date` refuses a plain 0). `render::xlsx::table::excel_date`
/// writes 1899-12-31 as text instead: the writer side has two definitions (see issue 13).
fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day()).ok()
}

pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) input_header: Format,
    pub(super) wrap: Format,
    pub(super) text: Format,
    pub(super) date: Format,
    pub(super) number: Format,
    pub(super) bold_wrap: Format,
    pub(super) title: Format,
    pub(super) link: Format,
}

pub(super) fn formats() -> Formats {
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
        // General: 4.5 and 12000 as typed, without a trailing decimal point.
        number: Format::new().set_align(FormatAlign::Top),
        bold_wrap: Format::new().set_bold().set_text_wrap(),
        title: Format::new().set_bold().set_font_size(14),
        link: Format::new()
            .set_font_color(Color::RGB(0x0563C1))
            .set_underline(rust_xlsxwriter::FormatUnderline::Single)
            .set_align(FormatAlign::Top),
    }
}

/// The header row of a sheet of the layout: widths set, the columns to fill in the input
/// colour, frozen.
pub(super) fn header_row(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<()> {
    for (i, c) in (0u16..).zip(sheet.columns) {
        let fmt = if i >= sheet.first_input {
            &f.input_header
        } else {
            &f.header
        };
        ws.write_string_with_format(0, i, c.header, fmt)
            .map_err(x)?;
        ws.set_column_width(i, c.width).map_err(x)?;
    }
    ws.set_freeze_panes(1, 0).map_err(x)?;
    Ok(())
}

pub(super) fn date_validation(ws: &mut Worksheet, r0: u32, r1: u32, c: u16) -> Result<()> {
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

/// A decimal number of at least 0 on rows `r0..=r1` of column `c`, with a prompt: other
/// values get a warning (the importer reports them at their cell).
pub(super) fn number_validation(
    ws: &mut Worksheet,
    (r0, r1, c): (u32, u32, u16),
    title: &str,
    prompt: &str,
) -> Result<()> {
    let dv = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(title)
        .map_err(x)?
        .set_input_message(prompt)
        .map_err(x)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("Not a number of at least 0: type digits only, such as 4.5 or 12000.")
        .map_err(x)?;
    ws.add_data_validation(r0, c, r1, c, &dv).map_err(x)?;
    ws.set_column_format(c, &formats().number).map_err(x)?;
    Ok(())
}

/// A number cell, when there is a number.
pub(super) fn write_number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<f64>,
    f: &Format,
) -> Result<()> {
    if let Some(n) = v {
        ws.write_number_with_format(r, c, n, f).map_err(x)?;
    }
    Ok(())
}

pub(super) fn write_opt(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<&str>,
    f: &Format,
) -> Result<()> {
    if let Some(s) = v {
        ws.write_string_with_format(r, c, s, f).map_err(x)?;
    }
    Ok(())
}

/// A list cell: one item per line. A single item holding `;` or `,` gets a final line break,
/// so the importer splits it on line breaks only and reads it back whole.
pub(super) fn write_list(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &[String],
    f: &Format,
) -> Result<()> {
    if !v.is_empty() {
        let mut s = v.join("\n");
        if v.len() == 1 && s.contains([';', ',']) {
            s.push('\n');
        }
        ws.write_string_with_format(r, c, s, f).map_err(x)?;
    }
    Ok(())
}

pub(super) fn write_date(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<Date>,
    f: &Format,
) -> Result<()> {
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
pub(super) fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<()> {
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
pub(super) fn print_setup(ws: &mut Worksheet, header: bool) -> Result<()> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    if header {
        ws.set_repeat_rows(0, 0).map_err(x)?;
    }
    Ok(())
}

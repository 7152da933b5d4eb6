//! One typed table per sheet: each column is a header, a width, a kind (how the cell is typed
//! and formatted), an optional drop-down vocabulary and a function that reads the value from a
//! row. Adding a column is one line in the sheet's table; this module writes any table the same
//! way: optional grouped header row, header row, frozen panes, autofilter, widths, wrapped
//! text, typed dates, vetted hyperlinks, drop-downs and colours that only repeat a text label.
//!
//! Every text goes through `write_string`, which never makes a formula: a note that starts with
//! `=`, `+`, `-` or `@` stays text; invisible format characters (U+202E …) are shown as
//! `<U+XXXX>`.

use std::borrow::Cow;

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation,
    DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Worksheet,
};
use time::Date;

use super::vocab::List;
use crate::error::{Error, Result};

/// Excel's limit on the characters of one cell (counted in UTF-16 units).
pub(super) const CELL_LIMIT: usize = 32_767;

/// Longest URL Excel accepts in a hyperlink.
const URL_LIMIT: usize = 2_079;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Nothing.
    Empty,
    /// Text, always written as a string.
    Text(String),
    /// A date, written as a real Excel date.
    Date(Date),
    /// A whole number.
    Int(i64),
    /// A number as given (person-days, cost): `General`, so 4.5 and 12000 show as typed.
    Decimal(f64),
    /// A hyperlink to an http(s) URL; written as plain text when the URL does not pass
    /// [`vetted_url`].
    Link {
        /// The URL.
        url: String,
        /// The text shown.
        text: String,
    },
    /// A link to a cell of this workbook (`'Evidence register'!A7`), built by
    /// [`super::context::Ctx`] from the sheet plan, never from input text.
    Internal {
        /// Where it points: `'Sheet name'!A7`.
        location: String,
        /// The text shown.
        text: String,
    },
}

/// Text, or nothing when empty.
pub(super) fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// Optional text.
pub(super) fn opt(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

/// Optional date.
pub(super) fn date(d: Option<Date>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

/// Optional number (person-days, cost).
pub(super) fn decimal(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Decimal)
}

/// Lines joined into one cell.
pub(super) fn lines<I, S>(items: I) -> Cell
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let v: Vec<String> = items
        .into_iter()
        .map(|s| s.as_ref().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    text(v.join("\n"))
}

/// A link to a URL with a text.
pub(super) fn link(url: &str, shown: impl Into<String>) -> Cell {
    if url.is_empty() {
        return Cell::Empty;
    }
    Cell::Link {
        url: url.to_owned(),
        text: shown.into(),
    }
}

/// Text that links to a cell of this workbook when there is one to point at. A linked cell is
/// one line: LibreOffice shows a hyperlink cell as a single text field that neither wraps nor
/// breaks lines, so line breaks become `; ` (lists of ids read `EV-003; EV-011`).
pub(super) fn jump(location: Option<String>, shown: impl Into<String>) -> Cell {
    let shown = shown.into();
    if location.is_none() {
        return text(shown);
    }
    let shown = if shown.contains('\n') {
        shown.split('\n').collect::<Vec<_>>().join("; ")
    } else {
        shown
    };
    match location {
        Some(location) if !shown.is_empty() => Cell::Internal {
            location,
            text: shown,
        },
        _ => text(shown),
    }
}

/// A list of ids on one line, the first linked to its row (a cell holds one link).
pub(super) fn jump_list<S: AsRef<str>>(items: &[S], first: Option<String>) -> Cell {
    let shown: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    jump(first, shown.join("; "))
}

/// `7 of 47 assessed controls (14.9%)`: the counts first; on a denominator under 30 a whole
/// percent at most (`7 of 23 … (30%)`); nothing to divide by, no percentage.
pub(super) fn ratio(n: u32, d: u32, p: Option<f64>, of_what: &str) -> String {
    if d == 0 {
        return format!("{n} of 0 {of_what} (no percentage: nothing to divide by)");
    }
    let p = p.or_else(|| crate::textfmt::percent(n, d)).unwrap_or(0.0);
    if d < 30 {
        format!("{n} of {d} {of_what} ({:.0}%)", p.round())
    } else {
        format!("{n} of {d} {of_what} ({p:.1}%)")
    }
}

/// How a column's cells are typed and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Short text that does not wrap (ids, labels).
    Id,
    /// Text that wraps.
    Text,
    /// A date (`yyyy-mm-dd`).
    Date,
    /// A whole number.
    Number,
    /// A hyperlink.
    Link,
}

/// One column of a sheet's table.
pub(super) struct Column<R> {
    /// Group heading (the grouped header row); empty when the sheet has none.
    pub(super) group: &'static str,
    /// Header.
    pub(super) header: &'static str,
    /// Width in characters.
    pub(super) width: f64,
    /// Cell type and format.
    pub(super) kind: Kind,
    /// Drop-down vocabulary, when the column takes one.
    pub(super) list: Option<List>,
    /// The value of a row.
    pub(super) value: Value<R>,
}

/// How a column reads its value from a row.
pub(super) enum Value<R> {
    /// A function of the row.
    Of(fn(&R) -> Cell),
    /// A function of the row and the column's position in a fixed list (the flat matrix's
    /// columns, one function for all of them).
    At(fn(&R, usize) -> Cell, usize),
}

impl<R> Column<R> {
    /// The cell of a row.
    pub(super) fn cell(&self, r: &R) -> Cell {
        match self.value {
            Value::Of(f) => f(r),
            Value::At(f, i) => f(r, i),
        }
    }
}

/// A column without a drop-down.
pub(super) fn col<R>(
    group: &'static str,
    header: &'static str,
    width: f64,
    kind: Kind,
    value: fn(&R) -> Cell,
) -> Column<R> {
    Column {
        group,
        header,
        width,
        kind,
        list: None,
        value: Value::Of(value),
    }
}

/// A column whose value is read by position (`value(row, index)`).
pub(super) fn col_at<R>(
    header: &'static str,
    width: f64,
    kind: Kind,
    index: usize,
    value: fn(&R, usize) -> Cell,
) -> Column<R> {
    Column {
        group: "",
        header,
        width,
        kind,
        list: None,
        value: Value::At(value, index),
    }
}

/// A column with a drop-down vocabulary.
pub(super) fn col_list<R>(
    group: &'static str,
    header: &'static str,
    width: f64,
    list: List,
    value: fn(&R) -> Cell,
) -> Column<R> {
    Column {
        group,
        header,
        width,
        kind: Kind::Id,
        list: Some(list),
        value: Value::Of(value),
    }
}

/// The formats of the workbook, made once per render.
pub(super) struct Styles {
    pub(super) group: Format,
    pub(super) header: Format,
    pub(super) id: Format,
    pub(super) text: Format,
    pub(super) date: Format,
    pub(super) number: Format,
    pub(super) link: Format,
    pub(super) title: Format,
    pub(super) section: Format,
    pub(super) key: Format,
}

impl Styles {
    /// Formats in the report's accent colour (`#RRGGBB`, validated by `Branding::load`).
    pub(super) fn new(accent: &str) -> Self {
        let accent = parse_colour(accent).unwrap_or(Color::RGB(0x1F4E79));
        let base = Format::new().set_align(FormatAlign::Top);
        Styles {
            group: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(accent)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::White),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Medium),
            id: base.clone(),
            text: base.clone().set_text_wrap(),
            date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            number: base.clone().set_num_format("0"),
            link: base
                .clone()
                .set_text_wrap()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            title: Format::new().set_bold().set_font_size(16),
            section: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(accent),
            key: base.set_bold().set_text_wrap(),
        }
    }

    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Id => &self.id,
            Kind::Text => &self.text,
            Kind::Date => &self.date,
            Kind::Number => &self.number,
            Kind::Link => &self.link,
        }
    }
}

fn parse_colour(s: &str) -> Option<Color> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().map(Color::RGB)
}

/// Maps a writer error to wafr's: these are bugs (inputs are clipped and vetted before).
pub(super) fn xl(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("writing the XLSX control matrix: {e}"))
}

/// Text cut to Excel's cell limit, with a visible marker when cut (never silently).
pub(super) fn clip(s: &str) -> Cow<'_, str> {
    if s.encode_utf16().count() <= CELL_LIMIT {
        return Cow::Borrowed(s);
    }
    const MARK: &str = " … [cut by wafr at Excel's 32,767-character cell limit; the full text is in assessment.json]";
    let budget = CELL_LIMIT - MARK.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, ch) in s.char_indices() {
        if used + ch.len_utf16() > budget {
            break;
        }
        used += ch.len_utf16();
        end = i + ch.len_utf8();
    }
    Cow::Owned(format!("{}{MARK}", &s[..end]))
}

/// The URL when it is safe to make a hyperlink of: `http://` or `https://` with a host, no
/// whitespace, control characters or quotes, within Excel's length limit. Anything else
/// (`file:`, `javascript:`, `mailto:`, relative paths, UNC paths) is written as text.
pub(super) fn vetted_url(url: &str) -> Option<&str> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = !host.is_empty()
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && url.len() <= URL_LIMIT
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
    ok.then_some(url)
}

/// Writes one text cell, clipped, with every invisible format character shown as
/// `<U+XXXX>` (as in the CSV exports): a right-to-left override in an owner or a note would
/// otherwise make the cell read otherwise than it is. The import warned about it already;
/// `assessment.json` keeps the text as given.
pub(super) fn put_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    fmt: &Format,
) -> Result<()> {
    let shown = crate::textfmt::format_chars_visible(s);
    ws.write_string_with_format(row, col, clip(&shown).as_ref(), fmt)
        .map_err(xl)?;
    Ok(())
}

/// Writes one cell of a given kind.
pub(super) fn put(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    kind: Kind,
    cell: &Cell,
) -> Result<()> {
    let fmt = styles.for_kind(kind);
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => put_text(ws, row, col, s, fmt)?,
        Cell::Int(n) => {
            // Whole numbers well inside f64's exact range.
            ws.write_number_with_format(row, col, *n as f64, &styles.number)
                .map_err(xl)?;
        }
        Cell::Decimal(x) => {
            ws.write_number_with_format(row, col, *x, &styles.id)
                .map_err(xl)?;
        }
        Cell::Date(d) => match excel_date(*d) {
            Some(x) => {
                ws.write_datetime_with_format(row, col, &x, &styles.date)
                    .map_err(xl)?;
            }
            // Outside Excel's calendar (before 1900 or after 9999): the ISO date as text.
            None => put_text(ws, row, col, &d.to_string(), fmt)?,
        },
        Cell::Link { url, text } => {
            let shown = if text.is_empty() { url } else { text };
            match vetted_url(url) {
                Some(u) => {
                    let visible = crate::textfmt::format_chars_visible(shown);
                    let link = Url::new(u).set_text(clip(&visible).as_ref());
                    if ws
                        .write_url_with_format(row, col, link, &styles.link)
                        .is_err()
                    {
                        put_text(ws, row, col, shown, fmt)?;
                    }
                }
                None => put_text(ws, row, col, shown, &styles.text)?,
            }
        }
        Cell::Internal { location, text } => {
            let link = Url::new(format!("internal:{location}")).set_text(clip(text).as_ref());
            if ws
                .write_url_with_format(row, col, link, &styles.link)
                .is_err()
            {
                put_text(ws, row, col, text, fmt)?;
            }
        }
    }
    Ok(())
}

/// A date as an Excel date, when Excel can hold it (1900-01-01 to 9999-12-31). The one
/// date conversion of every workbook wafr writes (control matrix, portfolio, questionnaire).
pub(crate) fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let y = d.year();
    if !(1900..=9999).contains(&y) {
        return None;
    }
    ExcelDateTime::from_ymd(y as u16, u8::from(d.month()), d.day()).ok()
}

/// Points per line of text in the default font (Calibri 11).
const LINE_POINTS: f64 = 15.0;
/// Excel's tallest row, in points.
const MAX_ROW_POINTS: f64 = 409.0;

/// How many lines a text takes in a wrapping column of this width (in characters), roughly as
/// Excel and LibreOffice wrap it. Neither adjusts row heights of a written file on its own
/// (LibreOffice never, Excel not always), so rows get explicit heights from this estimate.
pub(super) fn wrapped_lines(s: &str, width: f64) -> u32 {
    // A unit of column width is one "0" of Calibri 11; running text fits about 1.2 characters
    // per unit in Excel (LibreOffice fits more, so its rows come out a little tall).
    let per_line = ((width * 1.2).floor() as usize).max(1);
    s.split('\n')
        .map(|line| {
            let w: usize = line
                .chars()
                .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
                .sum();
            w.div_ceil(per_line).max(1) as u32
        })
        .sum::<u32>()
        .max(1)
}

/// Lines a cell takes in a column.
pub(super) fn cell_lines(cell: &Cell, kind: Kind, width: f64) -> u32 {
    match (cell, kind) {
        (Cell::Text(s), Kind::Text | Kind::Link) => wrapped_lines(s, width),
        (Cell::Link { url, text }, Kind::Text | Kind::Link) => {
            wrapped_lines(if text.is_empty() { url } else { text }, width)
        }
        (Cell::Internal { text, .. }, Kind::Text | Kind::Link) => wrapped_lines(text, width),
        _ => 1,
    }
}

/// Gives a row the height of its tallest cell, when that is more than one line.
pub(super) fn fit_row(ws: &mut Worksheet, row: u32, lines: u32) -> Result<()> {
    if lines > 1 {
        let h = (f64::from(lines) * LINE_POINTS + 2.0).min(MAX_ROW_POINTS);
        ws.set_row_height(row, h).map_err(xl)?;
    }
    Ok(())
}

/// Sheet-level options.
#[derive(Default)]
pub(super) struct TableOptions {
    /// Columns kept visible when scrolling right.
    pub(super) freeze_cols: u16,
    /// When set, only the first this many columns print (the print area); every column
    /// otherwise.
    pub(super) print_cols: Option<u16>,
}

/// Writes a whole table into an empty sheet; returns the 0-based index of the header row.
pub(super) fn write_table<R>(
    ws: &mut Worksheet,
    styles: &Styles,
    columns: &[Column<R>],
    rows: &[R],
    opts: &TableOptions,
) -> Result<u32> {
    let ncols = u16::try_from(columns.len())
        .map_err(|_| Error::Internal("too many XLSX columns".into()))?;
    if ncols == 0 {
        return Ok(0);
    }
    let has_groups = columns.iter().any(|c| !c.group.is_empty());
    let header_row: u32 = u32::from(has_groups);
    if has_groups {
        group_row(ws, styles, columns)?;
    }
    header(ws, styles, columns, header_row)?;
    let first_data = header_row + 1;
    for (i, r) in rows.iter().enumerate() {
        data_row(ws, styles, columns, r, first_data + i as u32)?;
    }
    let last_row = header_row + rows.len() as u32;
    ws.set_freeze_panes(first_data, opts.freeze_cols)
        .map_err(xl)?;
    ws.autofilter(header_row, 0, last_row, ncols - 1)
        .map_err(xl)?;
    if !rows.is_empty() {
        drop_downs(ws, columns, first_data, last_row)?;
    }
    print_setup(ws, header_row)?;
    if let Some(n) = opts.print_cols.filter(|&n| n > 0 && n < ncols) {
        ws.set_print_area(0, 0, last_row, n - 1).map_err(xl)?;
    }
    Ok(header_row)
}

/// The grouped header row: runs of the same group merged.
fn group_row<R>(ws: &mut Worksheet, styles: &Styles, columns: &[Column<R>]) -> Result<()> {
    let mut start = 0usize;
    while start < columns.len() {
        let g = columns[start].group;
        let mut end = start;
        while end + 1 < columns.len() && columns[end + 1].group == g {
            end += 1;
        }
        let (s, e) = (start as u16, end as u16);
        if s == e {
            ws.write_string_with_format(0, s, g, &styles.group)
                .map_err(xl)?;
        } else {
            ws.merge_range(0, s, 0, e, g, &styles.group).map_err(xl)?;
        }
        start = end + 1;
    }
    ws.set_row_height(0, 20).map_err(xl)?;
    Ok(())
}

/// The header row, the column widths and the column formats.
fn header<R>(ws: &mut Worksheet, styles: &Styles, columns: &[Column<R>], row: u32) -> Result<()> {
    let lines = columns
        .iter()
        .map(|c| wrapped_lines(c.header, c.width))
        .max()
        .unwrap_or(1);
    fit_row(ws, row, lines)?;
    for (j, c) in columns.iter().enumerate() {
        let j = j as u16;
        ws.write_string_with_format(row, j, c.header, &styles.header)
            .map_err(xl)?;
        ws.set_column_width(j, c.width).map_err(xl)?;
        // Cells the auditor types into later get the column's format too.
        ws.set_column_format(j, styles.for_kind(c.kind))
            .map_err(xl)?;
    }
    Ok(())
}

/// One row of data, as high as its tallest cell.
fn data_row<R>(
    ws: &mut Worksheet,
    styles: &Styles,
    columns: &[Column<R>],
    r: &R,
    row: u32,
) -> Result<()> {
    let mut lines = 1;
    for (j, c) in columns.iter().enumerate() {
        let cell = c.cell(r);
        lines = lines.max(cell_lines(&cell, c.kind, c.width));
        put(ws, styles, row, j as u16, c.kind, &cell)?;
    }
    fit_row(ws, row, lines)
}

/// Drop-downs on the columns that take a vocabulary, with colours that only repeat the label.
fn drop_downs<R>(ws: &mut Worksheet, columns: &[Column<R>], first: u32, last: u32) -> Result<()> {
    for (j, c) in columns.iter().enumerate() {
        let Some(list) = c.list else { continue };
        let j = j as u16;
        let dv = DataValidation::new()
            .allow_list_strings(&list.values())
            .map_err(xl)?
            .set_error_style(if list.strict() {
                DataValidationErrorStyle::Stop
            } else {
                DataValidationErrorStyle::Warning
            })
            .set_error_title("Value not in the list")
            .map_err(xl)?
            .set_error_message(list.hint())
            .map_err(xl)?;
        ws.add_data_validation(first, j, last, j, &dv).map_err(xl)?;
        for (value, rgb) in list.colours() {
            let cf = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(value))
                .set_format(Format::new().set_background_color(Color::RGB(rgb)));
            ws.add_conditional_format(first, j, last, j, &cf)
                .map_err(xl)?;
        }
    }
    Ok(())
}

/// Printing: A4 landscape, fitted to one page wide (as many pages down as it takes), the
/// header rows on every page. The one print set-up of every table sheet.
pub(super) fn print_setup(ws: &mut Worksheet, header_row: u32) -> Result<()> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row).map_err(xl)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_vetted() {
        assert!(vetted_url("https://docs.aws.amazon.com/wellarchitected/x.html").is_some());
        assert!(vetted_url("HTTP://wiki.example/a?b=c#d").is_some());
        assert!(vetted_url("http://[::1]:8080/x").is_some());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "mailto:a@b.c",
            "\\\\server\\share",
            "/etc/passwd",
            "https://",
            "https:///x",
            "https://a b.example/",
            "https://example.com/a b",
            "https://example.com/\"onmouseover",
            "https://exa\u{0}mple.com/",
            "=HYPERLINK(\"https://evil.example\")",
            "https://evil.example/\n=1+1",
            "ftp://example.com/",
        ] {
            assert!(vetted_url(bad).is_none(), "{bad:?} must not become a link");
        }
        let long = format!("https://example.com/{}", "a".repeat(URL_LIMIT));
        assert!(vetted_url(&long).is_none());
    }

    #[test]
    fn clip_keeps_short_text_and_marks_long_text() {
        assert_eq!(clip("=1+1"), "=1+1");
        let long = "é".repeat(CELL_LIMIT + 10);
        let c = clip(&long);
        assert!(c.encode_utf16().count() <= CELL_LIMIT);
        assert!(c.ends_with("the full text is in assessment.json]"));
        // A surrogate pair is never split.
        let emoji = "😀".repeat(CELL_LIMIT);
        let c = clip(&emoji);
        assert!(c.encode_utf16().count() <= CELL_LIMIT);
        assert!(c.starts_with('😀'));
    }

    #[test]
    fn wrapped_lines_estimate() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("short", 10.0), 1);
        assert_eq!(wrapped_lines("a\nb\nc", 10.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(25), 10.0), 3);
        assert_eq!(wrapped_lines(&"日".repeat(7), 10.0), 2);
        assert_eq!(cell_lines(&Cell::Text("a\nb".into()), Kind::Id, 10.0), 1);
        assert_eq!(
            cell_lines(
                &Cell::Date(time::macros::date!(2026 - 1 - 1)),
                Kind::Date,
                1.0
            ),
            1
        );
    }

    #[test]
    fn dates_outside_excel_are_refused() {
        assert!(excel_date(time::macros::date!(2026 - 11 - 29)).is_some());
        assert!(excel_date(time::macros::date!(1899 - 12 - 31)).is_none());
    }

    #[test]
    fn ratios_state_counts_and_no_false_precision() {
        assert_eq!(
            ratio(7, 47, Some(14.9), "assessed controls"),
            "7 of 47 assessed controls (14.9%)"
        );
        // Under 30, a whole percent at most.
        assert_eq!(
            ratio(7, 23, Some(30.4), "assessed"),
            "7 of 23 assessed (30%)"
        );
        assert_eq!(ratio(0, 4, None, "assessed"), "0 of 4 assessed (0%)");
        assert!(ratio(0, 0, None, "assessed").contains("no percentage"));
    }

    #[test]
    fn linked_cells_are_one_line() {
        let c = jump(Some("'Answers'!C2".into()), "SEC01-BP01\nSEC01-BP02");
        assert_eq!(
            c,
            Cell::Internal {
                location: "'Answers'!C2".into(),
                text: "SEC01-BP01; SEC01-BP02".into()
            }
        );
        // Nothing to point at: plain text, as given.
        assert_eq!(jump(None, "a\nb"), Cell::Text("a\nb".into()));
        assert_eq!(
            jump_list(&["EV-1", "EV-2"], None),
            Cell::Text("EV-1; EV-2".into())
        );
    }

    #[test]
    fn accent_colours() {
        assert_eq!(parse_colour("#1f4e79"), Some(Color::RGB(0x1F4E79)));
        assert_eq!(parse_colour("1f4e79"), None);
        assert_eq!(parse_colour("#1f4e7"), None);
    }
}

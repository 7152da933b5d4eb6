//! Reading cells as fields: free text, keys (ids, status words, headers), lists and dates, each
//! checked once here with a located error for a bad value, whichever reader built the table.
//!
//! Keys are cleaned with [`clean_key`]; notes are kept verbatim. Dates are date cells, Excel
//! serial numbers ([`excel_serial_date`], the one conversion of a serial number wafr has) or
//! `YYYY-MM-DD` text.

use time::{Date, Duration};

use super::table::{Row, Table, Value, is_space, number_text};
use crate::error::{Diagnostics, Location};

/// A key typed by a person, made comparable: non-breaking spaces become spaces, surrounding
/// white space and straight or curly quotes are dropped, inner runs of white space become one
/// space. Used for ids, status words and headers, never for notes.
pub(crate) fn clean_key(s: &str) -> String {
    let trimmed = s.trim_matches(|c: char| {
        is_space(c)
            || matches!(
                c,
                '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}'
            )
    });
    let mut out = String::with_capacity(trimmed.len());
    let mut space = false;
    for c in trimmed.chars() {
        if is_space(c) {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A date from an Excel serial number (1900 date system, the default of Excel and LibreOffice):
/// 1 is 1900-01-01, 61 is 1900-03-01 (Excel counts a 29 February 1900 that never was).
/// The fraction (time of day) is ignored. `None` outside 1 ..= 2958465 (9999-12-31).
pub(crate) fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = time::macros::date!(1899 - 12 - 31);
    let days = if days >= 60 { days - 1 } else { days };
    base.checked_add(Duration::days(days))
}

/// A cell read as a field of some kind, with the diagnostics a bad value gives.
pub(crate) struct Cells<'a> {
    /// The table.
    pub table: &'a Table,
    /// Where problems go.
    pub diags: &'a mut Diagnostics,
}

impl Cells<'_> {
    /// A cell's location.
    pub(crate) fn at(&self, row: &Row, col: u32, header: &str) -> Location {
        self.table.cell_at(row.number, col, Some(header))
    }

    /// An error at a column's cell of `row` (at column A when the table has no such column).
    pub(crate) fn error_at(
        &mut self,
        row: &Row,
        col: Option<(u32, &str)>,
        code: &str,
        message: impl Into<String>,
    ) {
        let (c, header) = col.unwrap_or((0, ""));
        let at = self.at(row, c, header);
        self.diags.error(code, Some(at), message);
    }

    /// A value of a fixed vocabulary (effort, responsibility…) read from a cell; a word
    /// `parse` does not know is an error that names the accepted words.
    pub(crate) fn parsed<T>(
        &mut self,
        row: &Row,
        col: Option<(u32, &str)>,
        parse: impl Fn(&str) -> Option<T>,
        code: &str,
        what: &str,
        accepted: &str,
    ) -> Option<T> {
        let v = self.key(row, col)?;
        let parsed = parse(&v);
        if parsed.is_none() {
            let shown = crate::import::text::truncate(&v, 40);
            self.error_at(
                row,
                col,
                code,
                format!("unknown {what} \"{shown}\" ({accepted})"),
            );
        }
        parsed
    }

    /// A value checked by one of the rules of [`crate::import::engagement`] (audit type,
    /// sampling, evidence kind, yes or no…); blank is none, a problem an error at the cell.
    pub(crate) fn checked<T>(
        &mut self,
        row: &Row,
        col: Option<(u32, &str)>,
        rule: impl Fn(&str) -> Result<T, crate::import::engagement::Problem>,
    ) -> Option<T> {
        let v = self.key(row, col)?;
        let (c, header) = col?;
        match rule(&v) {
            Ok(x) => Some(x),
            Err(p) => {
                let at = self.at(row, c, header);
                self.diags.push(p.at(at));
                None
            }
        }
    }

    /// Free text, verbatim (notes, titles). Checks control characters and the length limit.
    pub(crate) fn text(&mut self, row: &Row, col: Option<(u32, &str)>) -> Option<String> {
        let (c, header) = col?;
        let v = row.get(c)?;
        let at = self.at(row, c, header);
        let s = match v {
            Value::Error(e) => {
                self.diags.error(
                    "error-cell",
                    Some(at),
                    format!("the cell holds the error value {e} (a formula that failed); type the value instead"),
                );
                return None;
            }
            v => v.display(),
        };
        crate::import::text::check_control_chars(&s, &at, self.diags);
        crate::import::text::check_text(&s, &at, "the cell", self.diags);
        Some(s)
    }

    /// A key (id, status word): the text, cleaned with [`clean_key`].
    pub(crate) fn key(&mut self, row: &Row, col: Option<(u32, &str)>) -> Option<String> {
        let s = self.text(row, col)?;
        let k = clean_key(&s);
        (!k.is_empty()).then_some(k)
    }

    /// A list: see [`split_list`].
    pub(crate) fn list(&mut self, row: &Row, col: Option<(u32, &str)>) -> Vec<String> {
        self.text(row, col)
            .map(|s| split_list(&s))
            .unwrap_or_default()
    }

    /// An estimate (person-days, cost): a number cell, or text as
    /// [`crate::import::estimates`] reads it; finite and not negative. A date, a TRUE/FALSE or
    /// an error cell is an error at the cell.
    pub(crate) fn amount(
        &mut self,
        row: &Row,
        col: Option<(u32, &str)>,
        what: &str,
    ) -> Option<f64> {
        use crate::import::estimates::{amount, amount_text};
        let (c, header) = col?;
        let v = row.get(c)?;
        let read = match v {
            Value::Number(n) => amount(*n, what),
            Value::Text(_) => amount_text(&self.key(row, col)?, what),
            Value::Error(_) => {
                // Reported as an error cell by `text`.
                self.text(row, col);
                return None;
            }
            Value::Bool(_) | Value::Date(_) => amount_text(&v.display(), what),
        };
        match read {
            Ok(x) => Some(x),
            Err(p) => {
                let at = self.at(row, c, header);
                self.diags.push(p.at(at));
                None
            }
        }
    }

    /// A date: a date cell, an Excel serial number, or text `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, row: &Row, col: Option<(u32, &str)>) -> Option<Date> {
        let (c, header) = col?;
        let v = row.get(c)?;
        let at = self.at(row, c, header);
        let bad = not_a_date;
        match v {
            Value::Date(d) => Some(*d),
            Value::Number(n) => match excel_serial_date(*n) {
                Some(d) => Some(d),
                None => {
                    self.diags
                        .error("invalid-date", Some(at), bad(&number_text(*n)));
                    None
                }
            },
            Value::Text(s) => match crate::import::text::parse_date(&clean_key(s)) {
                Some(d) => Some(d),
                None => {
                    self.diags.error("invalid-date", Some(at), bad(s));
                    None
                }
            },
            Value::Bool(_) | Value::Error(_) => {
                self.diags
                    .error("invalid-date", Some(at), bad(&v.display()));
                None
            }
        }
    }
}

/// What a cell that should hold a date but does not is told.
pub(crate) fn not_a_date(v: &str) -> String {
    format!(
        "\"{}\" is not a date (type YYYY-MM-DD, such as 2026-03-31, or use a date cell)",
        crate::import::text::truncate(v, 40)
    )
}

/// Splits a list cell: on new lines when it has any (what wafr writes, so items may hold `;`
/// and `,`), else on `;` when it has any, else on `,`. Items are cleaned, empty ones dropped.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    let seps: &[char] = if s.contains(['\n', '\r']) {
        &['\n', '\r']
    } else if s.contains(';') {
        &[';']
    } else {
        &[',']
    };
    s.split(seps)
        .map(clean_key)
        .filter(|x| !x.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// Serial numbers of the 1900 date system, as Excel and LibreOffice count them.
    #[test]
    fn excel_serial_dates() {
        let cases: &[(f64, Option<Date>)] = &[
            (1.0, Some(date!(1900 - 01 - 01))),
            (59.0, Some(date!(1900 - 02 - 28))),
            // Excel's 29 February 1900, which never was: read as the day before.
            (60.0, Some(date!(1900 - 02 - 28))),
            (61.0, Some(date!(1900 - 03 - 01))),
            (366.0, Some(date!(1900 - 12 - 31))),
            (367.0, Some(date!(1901 - 01 - 01))),
            (36_526.0, Some(date!(2000 - 01 - 01))),
            (46_112.0, Some(date!(2026 - 03 - 31))),
            // The time of day is ignored.
            (46_112.75, Some(date!(2026 - 03 - 31))),
            (46_112.999_999, Some(date!(2026 - 03 - 31))),
            (2_958_465.0, Some(date!(9999 - 12 - 31))),
            (2_958_465.5, Some(date!(9999 - 12 - 31))),
            // Outside 1900-01-01 ..= 9999-12-31, and what is no number.
            (0.0, None),
            (0.5, None),
            (-1.0, None),
            (2_958_466.0, None),
            (1e12, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (f64::NEG_INFINITY, None),
        ];
        for &(serial, want) in cases {
            assert_eq!(excel_serial_date(serial), want, "serial {serial}");
        }
    }

    /// A date cell is converted by calamine (which knows whether the workbook counts from 1900
    /// or 1904); a number in a date column by [`excel_serial_date`]. In the 1900 system the two
    /// agree, except on Excel's 29 February 1900, which calamine reports and `time` refuses.
    #[test]
    fn serial_dates_agree_with_calamines_date_cells() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let serials = (1..=800)
            .chain((36_000..37_500).step_by(7))
            .chain([46_112, 2_958_000, 2_958_465]);
        for serial in serials.filter(|&s| s != 60) {
            let cell = ExcelDateTime::new(f64::from(serial), ExcelDateTimeType::DateTime, false);
            let (y, m, d, ..) = cell.to_ymd_hms_milli();
            let month = time::Month::try_from(m).unwrap();
            let calamine = Date::from_calendar_date(i32::from(y), month, d).unwrap();
            assert_eq!(
                excel_serial_date(f64::from(serial)),
                Some(calamine),
                "serial {serial}"
            );
        }
        let leap = ExcelDateTime::new(60.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(leap.to_ymd_hms_milli().1, 2);
        assert_eq!(leap.to_ymd_hms_milli().2, 29);
    }

    #[test]
    fn keys_and_lists() {
        assert_eq!(
            clean_key("  \u{201C}SEC01-BP01\u{201D}\u{00A0}"),
            "SEC01-BP01"
        );
        assert_eq!(
            clean_key("Not\u{00A0}\u{00A0}implemented"),
            "Not implemented"
        );
        assert_eq!(split_list("EV-001, EV-002"), ["EV-001", "EV-002"]);
        assert_eq!(split_list("EV-001; Policy, v3;;"), ["EV-001", "Policy, v3"]);
        assert_eq!(
            split_list("EV-001\r\nPolicy; v3, s2\n\n"),
            ["EV-001", "Policy; v3, s2"]
        );
    }
}

//! The estimate fields of an answer (effort in person-days, cost) and a workload's criticality:
//! their rules, once, as functions of the value as written that return the value or a
//! [`Problem`], which the native importer places at its JSON path and the spreadsheet importer
//! at its cell (as [`super::engagement`] does for the audit's fields).
//!
//! A number is finite and not negative. Written as text (a CSV cell, a text cell), it is digits
//! with at most one decimal separator, `.` or `,`, and optional thousands separators:
//! `1200`, `12.5`, `12,5`, `1 200`, `1,200.50`, `1.200,50`, `1,200,000`. A lone `,` or `.`
//! followed by exactly three digits (`1,200`, `1.500`) is refused as ambiguous: it is 1200 in
//! one locale and 1.2 in another, and a cost a thousand times off is worse than a question.
//! Currency signs, units and exponents are refused too: the cell is a number of days or money.

use super::engagement::Problem;
use super::text::Texts;
use super::text::truncate;
use crate::model::review::Criticality;

/// How critical the workload is: `critical`, `high`, `medium` or `low`, in any case.
pub(crate) fn criticality(v: &str) -> Result<Criticality, Problem> {
    Criticality::parse(v).ok_or_else(|| Problem {
        code: "invalid-criticality",
        message: format!(
            "unknown criticality \"{}\" ({})",
            truncate(v, 40),
            Criticality::ACCEPTED
        ),
        hint: Some(
            "the portfolio groups and ranks workloads by these four words; say what \"tier 1\" or \"gold\" means here with one of them",
        ),
    })
}

/// The currency of the costs: an ISO 4217 alphabetic code (`EUR`, `usd`), three letters,
/// written back in capitals. A sign (`€`) or a name (`euro`) is refused: a report prints the
/// code beside each cost, and a word no reader can check would print there.
pub(crate) fn currency(v: &str) -> Result<String, Problem> {
    let t = v.trim();
    if t.len() == 3 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(t.to_ascii_uppercase());
    }
    Err(Problem {
        code: "invalid-currency",
        message: format!(
            "currency \"{}\" is not an ISO 4217 code (three letters, such as EUR, USD or GBP)",
            truncate(v, 40)
        ),
        hint: Some("write the code the reports print beside each cost: EUR, not € or euro"),
    })
}

/// A number given as a number (JSON, a number cell): finite and not negative.
pub(crate) fn amount(x: f64, what: &str) -> Result<f64, Problem> {
    if !x.is_finite() {
        return Err(Problem {
            code: "invalid-number",
            message: format!("{what} is not a finite number"),
            hint: None,
        });
    }
    if x < 0.0 {
        return Err(Problem {
            code: "negative-number",
            message: format!("{what} must not be negative ({x})"),
            hint: Some("give the estimate as a positive number, or leave it blank"),
        });
    }
    // -0.0 reads back as 0.
    Ok(x.abs())
}

/// A number written as text: see the module documentation for the forms read.
pub(crate) fn amount_text(v: &str, what: &str) -> Result<f64, Problem> {
    let t = v.trim();
    let (negative, digits) = match t.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    let plain = match normalise(digits) {
        Ok(p) => p,
        Err(Shape::Ambiguous) => {
            return Err(Problem {
                code: "ambiguous-number",
                message: format!(
                    "{what} \"{}\" is ambiguous: a thousands separator or a decimal one?",
                    truncate(v, 40)
                ),
                hint: Some(
                    "write it without a thousands separator (1200), or with a decimal point and its digits (1.2, 1.20)",
                ),
            });
        }
        Err(Shape::NotANumber) => {
            return Err(Problem {
                code: "invalid-number",
                message: format!("{what} \"{}\" is not a number", truncate(v, 40)),
                hint: Some(
                    "type digits only, such as 12, 12.5 or 30000: no currency sign, unit or range",
                ),
            });
        }
    };
    let x: f64 = plain.parse().map_err(|_| Problem {
        code: "invalid-number",
        message: format!("{what} \"{}\" is not a number", truncate(v, 40)),
        hint: None,
    })?;
    amount(if negative { -x } else { x }, what)
}

/// Why text is not a plain number.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    NotANumber,
    Ambiguous,
}

/// Spaces that separate thousands: space, no-break space, narrow no-break space, thin space.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// The text as `1200.5` (digits, at most one `.`), or why it cannot be.
fn normalise(s: &str) -> Result<String, Shape> {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c))
    {
        return Err(Shape::NotANumber);
    }
    let spaced = s.chars().any(is_group_space);
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    // The decimal separator: the only one of a kind when the other kind groups, or the last
    // of two kinds.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (1, 0) => Some('.'),
        (0, 1) => Some(','),
        (_, 0) | (0, _) => None, // several of one kind: grouping only
        _ => {
            let last = s.rfind(['.', ',']).and_then(|i| s.get(i..)?.chars().next());
            let sep = last.ok_or(Shape::NotANumber)?;
            if s.matches(sep).count() != 1 || spaced {
                return Err(Shape::NotANumber);
            }
            Some(sep)
        }
    };
    let (int, frac) = match decimal {
        Some(sep) => s.split_once(sep).ok_or(Shape::NotANumber)?,
        None => (s, ""),
    };
    if decimal.is_some() && (frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit())) {
        return Err(Shape::NotANumber);
    }
    let grouping: Vec<char> = int.chars().filter(|c| !c.is_ascii_digit()).collect();
    let int_digits = grouped(int, &grouping)?;
    // `1,200` and `1.500`: one separator, three digits after it, nothing else to tell.
    if !spaced
        && grouping.is_empty()
        && frac.len() == 3
        && (1..=3).contains(&int.len())
        && !int.starts_with('0')
        && dots + commas == 1
    {
        return Err(Shape::Ambiguous);
    }
    Ok(if frac.is_empty() {
        int_digits
    } else {
        format!("{int_digits}.{frac}")
    })
}

/// The digits of an integer part whose thousands are separated by one kind of separator
/// (`1 200`, `1,200,000`): the first group of 1 to 3 digits, every other of exactly 3.
fn grouped(int: &str, grouping: &[char]) -> Result<String, Shape> {
    let Some(&first) = grouping.first() else {
        return if int.is_empty() {
            Err(Shape::NotANumber)
        } else {
            Ok(int.to_owned())
        };
    };
    let same_kind = |c: &char| {
        if is_group_space(first) {
            is_group_space(*c)
        } else {
            *c == first
        }
    };
    if !grouping.iter().all(same_kind) {
        return Err(Shape::NotANumber);
    }
    let groups: Vec<&str> = int.split(|c: char| !c.is_ascii_digit()).collect::<Vec<_>>();
    let ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups.iter().skip(1).all(|g| g.len() == 3);
    if ok {
        Ok(groups.concat())
    } else {
        Err(Shape::NotANumber)
    }
}

/// A number of the native format at `path` (`answers[3].cost`): a problem is reported there.
pub(crate) fn amount_at(t: &mut Texts, v: Option<f64>, path: &str) -> Option<f64> {
    let what = path.rsplit('.').next().unwrap_or(path);
    match amount(v?, what) {
        Ok(x) => Some(x),
        Err(p) => {
            t.diags.push(p.at(t.at.clone().json_path(path)));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<f64, &'static str> {
        amount_text(s, "cost").map_err(|p| p.code)
    }

    #[test]
    fn numbers_as_people_type_them() {
        let cases: &[(&str, Result<f64, &str>)] = &[
            ("12", Ok(12.0)),
            (" 12.5 ", Ok(12.5)),
            ("12,5", Ok(12.5)),
            ("0,25", Ok(0.25)),
            ("0.125", Ok(0.125)),
            ("1 200", Ok(1200.0)),
            ("1\u{00A0}200,50", Ok(1200.5)),
            ("1\u{202F}234\u{202F}567", Ok(1_234_567.0)),
            ("1,200.50", Ok(1200.5)),
            ("1.200,50", Ok(1200.5)),
            ("1,200,000", Ok(1_200_000.0)),
            ("1.200.000", Ok(1_200_000.0)),
            ("30000", Ok(30000.0)),
            ("+3", Ok(3.0)),
            ("0", Ok(0.0)),
            ("-0", Ok(0.0)),
            ("1,2345", Ok(1.2345)),
            ("1234,567", Ok(1234.567)),
            // One separator before three digits: 1200 or 1.2?
            ("1,200", Err("ambiguous-number")),
            ("1.500", Err("ambiguous-number")),
            ("999,999", Err("ambiguous-number")),
            // Not numbers.
            ("", Err("invalid-number")),
            ("twelve", Err("invalid-number")),
            ("€30,000", Err("invalid-number")),
            ("30000 EUR", Err("invalid-number")),
            ("5 days", Err("invalid-number")),
            ("1e3", Err("invalid-number")),
            ("12.", Err("invalid-number")),
            (".5", Err("invalid-number")),
            ("1,2,3", Err("invalid-number")),
            ("12 34", Err("invalid-number")),
            ("1.200.50", Err("invalid-number")),
            ("1,200.500,5", Err("invalid-number")),
            ("1 200.000,5", Err("invalid-number")),
            ("1 2", Err("invalid-number")),
            ("3-5", Err("invalid-number")),
            ("NaN", Err("invalid-number")),
            ("inf", Err("invalid-number")),
            // Negative.
            ("-3", Err("negative-number")),
            ("\u{2212}2,5", Err("negative-number")),
        ];
        for (s, want) in cases {
            assert_eq!(read(s), *want, "{s:?}");
        }
    }

    #[test]
    fn numbers_and_criticality_words() {
        assert_eq!(amount(3.5, "x"), Ok(3.5));
        assert_eq!(amount(-0.0, "x").map(f64::to_bits), Ok(0f64.to_bits()));
        assert_eq!(amount(-1.0, "x").unwrap_err().code, "negative-number");
        assert_eq!(amount(f64::NAN, "x").unwrap_err().code, "invalid-number");
        assert_eq!(
            amount(f64::INFINITY, "x").unwrap_err().code,
            "invalid-number"
        );
        assert_eq!(criticality(" HIGH "), Ok(Criticality::High));
        for (v, want) in [
            ("EUR", Some("EUR")),
            (" usd ", Some("USD")),
            ("gbp", Some("GBP")),
        ] {
            assert_eq!(currency(v).ok().as_deref(), want, "{v}");
        }
        for v in ["€", "euro", "EU", "EURO", "E1R", ""] {
            assert_eq!(currency(v).unwrap_err().code, "invalid-currency", "{v}");
        }
        assert_eq!(criticality("Critical"), Ok(Criticality::Critical));
        let p = criticality("tier 1").unwrap_err();
        assert_eq!(p.code, "invalid-criticality");
        assert!(
            p.message.contains("critical, high, medium or low"),
            "{}",
            p.message
        );
    }
}

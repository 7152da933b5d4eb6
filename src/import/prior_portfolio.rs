//! An earlier run's `portfolio.json` (`"schema": "wafr/portfolio/1"`), read back as the
//! baseline of `wafr portfolio --baseline`. It is used as it was written. Anything else given
//! there is a located error that says what the file is (as `wafr report --baseline` names a
//! file that is not a review) and what to give instead.

use std::path::Path;

use serde_json::Value;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::fsutil::{self, limits};
use crate::model::portfolio::{PORTFOLIO_SCHEMA, Portfolio};

use super::native::{is_native, parse_json_value};
use super::{not_a_review, text, wa_json};

/// What to give instead, on every refusal.
const HINT: &str = "give --baseline the portfolio.json that an earlier `wafr portfolio` run wrote (OLD/portfolio.json)";

fn refuse(at: &Location, code: &str, message: impl Into<String>) -> Error {
    Error::Invalid {
        what: at.file.clone(),
        problems: vec![Diagnostic::error(code, Some(at.clone()), message).with_hint(HINT)],
    }
}

/// Reads `path` as an earlier `portfolio.json`, with the SHA-256 of its bytes (for the
/// manifest).
pub(crate) fn read(path: &Path) -> Result<(Portfolio, String)> {
    let bytes = fsutil::read_limited(path, limits::INPUT_BYTES)?;
    let p = parse(&bytes, &Location::path(path))?;
    Ok((p, fsutil::sha256_hex(&bytes)))
}

/// What a file that is not JSON is.
fn not_json(bytes: &[u8]) -> String {
    let what = if let Some(what) = not_a_review::explain_bytes(bytes) {
        what
    } else if bytes.starts_with(b"%PDF") {
        "a PDF document (portfolio.pdf?)"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "a ZIP file (a workbook such as portfolio.xlsx?)"
    } else {
        "not JSON"
    };
    format!("this is {what}, not the portfolio.json of a run")
}

/// What a JSON document that is not a portfolio is.
fn not_a_portfolio(v: &Value) -> String {
    let schema = v.get("schema").and_then(Value::as_str).unwrap_or("");
    if schema.starts_with("wafr/portfolio-view/") {
        "this is the data.json of the portfolio PDF (--emit-typst), not portfolio.json".into()
    } else if is_native(v) || wa_json::is_wa_tool(v) {
        "this is one workload's review, not a portfolio: the trend compares two runs of `wafr portfolio`".into()
    } else if let Some(what) = not_a_review::explain_json(v) {
        format!("not a portfolio: {what}")
    } else {
        "this JSON is not a portfolio.json written by wafr (no \"schema\": \"wafr/portfolio/1\")"
            .into()
    }
}

/// Parses bytes as an earlier `portfolio.json`; its own trend is not carried forward.
pub(crate) fn parse(bytes: &[u8], at: &Location) -> Result<Portfolio> {
    let first = text::strip_bom(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if first != Some(b'{') {
        return Err(refuse(at, "not-a-portfolio", not_json(bytes)));
    }
    let text = text::decode_utf8(bytes, at)?;
    let value = parse_json_value(&text, at)?;
    match value.get("schema").and_then(Value::as_str) {
        Some(s) if s == PORTFOLIO_SCHEMA => {}
        Some(s) if s.starts_with("wafr/portfolio/") => {
            return Err(refuse(
                &at.clone().json_path("schema"),
                "unsupported-schema",
                format!(
                    "portfolio schema \"{}\" is not supported; this wafr reads \"{PORTFOLIO_SCHEMA}\"",
                    text::truncate(s, 40)
                ),
            ));
        }
        _ => return Err(refuse(at, "not-a-portfolio", not_a_portfolio(&value))),
    }
    let mut p: Portfolio = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        refuse(
            &at.clone().json_path(path),
            "invalid-portfolio",
            format!(
                "{}; is this a portfolio.json written by wafr and left unedited?",
                e.into_inner()
            ),
        )
    })?;
    p.trend = None;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(bytes: &[u8]) -> Diagnostic {
        match parse(bytes, &Location::file("old/portfolio.json")) {
            Err(Error::Invalid { problems, .. }) => problems[0].clone(),
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn anything_but_a_portfolio_is_named_with_its_place() {
        // (bytes, code, words of the message, JSON path).
        let cases: &[(&[u8], &str, &str, Option<&str>)] = &[
            (b"%PDF-1.7", "not-a-portfolio", "a PDF document", None),
            (b"PK\x03\x04rest", "not-a-portfolio", "workbook", None),
            (b"\x89PNG\r\n\x1a\n", "not-a-portfolio", "a PNG image", None),
            (b"name,status\n", "not-a-portfolio", "not JSON", None),
            (
                br#"{"schema": "wafr/review/1", "answers": []}"#,
                "not-a-portfolio",
                "one workload's review",
                None,
            ),
            (
                br#"{"schema": "wafr/assessment/2"}"#,
                "not-a-portfolio",
                "assessment.json",
                None,
            ),
            (
                br#"{"schema": "wafr/manifest/1"}"#,
                "not-a-portfolio",
                "wafr verify",
                None,
            ),
            (
                br#"{"schema": "wafr/portfolio-view/2"}"#,
                "not-a-portfolio",
                "--emit-typst",
                None,
            ),
            (
                br#"{"x": 1}"#,
                "not-a-portfolio",
                "not a portfolio.json",
                None,
            ),
            (
                br#"{"schema": "wafr/portfolio/9"}"#,
                "unsupported-schema",
                "wafr/portfolio/9",
                Some("schema"),
            ),
            (
                br#"{"schema": "wafr/portfolio/1", "tool": 3}"#,
                "invalid-portfolio",
                "left unedited",
                Some("tool"),
            ),
        ];
        for (bytes, code, words, path) in cases {
            let d = refused(bytes);
            assert_eq!(d.code, *code, "{d}");
            assert!(d.message.contains(words), "{words}: {d}");
            assert!(
                d.hint
                    .as_deref()
                    .unwrap_or("")
                    .contains("OLD/portfolio.json")
            );
            let at = d.at.unwrap();
            assert_eq!(at.file, "old/portfolio.json");
            assert_eq!(at.path.as_deref(), *path, "{}", d.message);
        }
        // Broken JSON has its line.
        let Err(Error::Invalid { problems, .. }) =
            parse(b"{\n \"schema\": ", &Location::file("p.json"))
        else {
            panic!("broken JSON is a data error")
        };
        assert!(problems[0].at.as_ref().unwrap().line.is_some());
    }
}

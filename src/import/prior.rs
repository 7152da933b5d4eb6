//! A previous `assessment.json` written by wafr (`"schema": "wafr/assessment/2"`), read back
//! as a baseline for comparison. It is used as it was written: its statuses, evidence states
//! and readiness are those of the day it was generated.

use std::path::Path;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::fsutil::{self, limits};
use crate::model::assessment::{ASSESSMENT_SCHEMA, Assessment};

use super::native::parse_json_value;
use super::text;

/// True when the bytes are (most likely) an assessment: a cheap test before parsing.
fn looks_like_assessment(bytes: &[u8]) -> bool {
    let needle = b"wafr/assessment/";
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Reads `path` as a previous assessment, or `None` when it is not one (a review file).
pub(crate) fn read(path: &Path) -> Result<Option<Assessment>> {
    let bytes = fsutil::read_limited(path, limits::INPUT_BYTES)?;
    let at = Location::path(path);
    parse(&bytes, &at)
}

/// Parses bytes as a previous assessment, or `None` when they are not one.
pub(crate) fn parse(bytes: &[u8], at: &Location) -> Result<Option<Assessment>> {
    if !looks_like_assessment(bytes) {
        return Ok(None);
    }
    let first = text::strip_bom(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if first != Some(b'{') {
        return Ok(None);
    }
    let text = text::decode_utf8(bytes, at)?;
    let value = parse_json_value(&text, at)?;
    let schema = value.get("schema").and_then(|s| s.as_str());
    match schema {
        Some(s) if s == ASSESSMENT_SCHEMA => {}
        Some("wafr/assessment/1") => {
            return Err(Error::Invalid {
                what: at.file.clone(),
                problems: vec![Diagnostic::error(
                    "unsupported-schema",
                    Some(at.clone().json_path("schema")),
                    "this assessment.json was written by an earlier wafr whose control statuses had other rules (schema wafr/assessment/1); comparing its statuses with today's would report changes that are only changes of rules",
                )
                .with_hint("give the baseline's review files instead (`--baseline old-review.json`), so both sides are assessed by the same rules")],
            });
        }
        Some(s) if s.starts_with("wafr/assessment/") => {
            return Err(Error::data(
                at.clone().json_path("schema"),
                "unsupported-schema",
                format!(
                    "assessment schema \"{}\" is not supported; this wafr reads \"{ASSESSMENT_SCHEMA}\"",
                    super::text::truncate(s, 40)
                ),
            ));
        }
        _ => return Ok(None),
    }
    let mut a: Assessment = match serde_path_to_error::deserialize(value) {
        Ok(a) => a,
        Err(e) => {
            let path = e.path().to_string();
            return Err(Error::data(
                at.clone().json_path(path),
                "invalid-assessment",
                format!(
                    "{}; is this an assessment.json written by wafr and left unedited?",
                    e.into_inner()
                ),
            ));
        }
    };
    // A baseline's own comparison is not carried forward.
    a.comparison = None;
    Ok(Some(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_not_an_assessment() {
        let at = Location::file("r.json");
        let r = br#"{"schema": "wafr/review/1", "answers": []}"#;
        assert!(parse(r, &at).unwrap().is_none());
        // A review whose notes mention the schema is still a review.
        let r = br#"{"schema": "wafr/review/1", "workload": {"notes": "see wafr/assessment/1"}}"#;
        assert!(parse(r, &at).unwrap().is_none());
    }

    #[test]
    fn a_broken_assessment_names_the_json_path() {
        let at = Location::file("old.json");
        let bad = br#"{"schema": "wafr/assessment/2", "tool": {"name": "wafr", "version": 3}}"#;
        let Err(Error::Invalid { problems, .. }) = parse(bad, &at) else {
            panic!("expected a data error")
        };
        let at = problems[0].at.as_ref().unwrap();
        assert_eq!(at.path.as_deref(), Some("tool.version"));
        let older = br#"{"schema": "wafr/assessment/1"}"#;
        let Err(Error::Invalid { problems, .. }) = parse(older, &Location::file("o.json")) else {
            panic!("an assessment of schema 1 is refused")
        };
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .contains("--baseline old-review.json")
        );
        let future = br#"{"schema": "wafr/assessment/9"}"#;
        assert!(matches!(
            parse(future, &Location::file("f.json")),
            Err(Error::Invalid { .. })
        ));
    }
}

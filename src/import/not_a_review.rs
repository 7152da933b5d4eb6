//! Files people hand to wafr that are not reviews, named for what they are, with what to do
//! instead: wafr's own outputs (an `assessment.json` is a baseline, a `manifest.json` is for
//! `wafr verify`), AWS CLI outputs that list rather than answer (`list-workloads`,
//! `list-milestones`), a custom lens definition (`--lens`), and images.

use serde_json::Value;

/// What a JSON document that is not a review is, and what to do with it; `None` when it is
/// nothing wafr knows.
pub(crate) fn explain_json(v: &Value) -> Option<String> {
    let key = |k: &str| v.get(k).is_some();
    if let Some(schema) = v.get("schema").and_then(Value::as_str) {
        return explain_schema(schema);
    }
    if key("WorkloadSummaries") {
        return Some(
            "this is `aws wellarchitected list-workloads` output: it lists workloads, it holds no answers. \
             Pick the workload's WorkloadId and export its answers with `get-workload` and \
             `list-answers --lens-alias wellarchitected --pillar-id security` (README, \"Your workload\")"
                .into(),
        );
    }
    if key("MilestoneSummaries") {
        return Some(
            "this is `aws wellarchitected list-milestones` output: it lists milestones, it holds no answers. \
             Export a milestone's answers with `list-answers … --milestone-number N` and give that file as \
             `--baseline` (README, \"Your workload\")"
                .into(),
        );
    }
    if key("pillars") && (key("schemaVersion") || key("_version")) {
        return Some(
            "this is a custom lens definition (the WA Tool's lens JSON), not a review: give it with `--lens FILE`, \
             and its answers (WA Tool output for that lens) as the review"
                .into(),
        );
    }
    None
}

/// wafr's own documents, by schema.
fn explain_schema(schema: &str) -> Option<String> {
    let what = schema.rsplit_once('/').map_or(schema, |(w, _)| w);
    let text = match what {
        "wafr/assessment" => {
            "this is an `assessment.json` that wafr wrote, not a review: to compare with it, give it as a baseline \
             (`wafr report REVIEW --baseline assessment.json`, or `wafr diff assessment.json REVIEW`)"
        }
        "wafr/manifest" => {
            "this is the `manifest.json` of a report folder, not a review: check the folder against it with \
             `wafr verify DIR`"
        }
        "wafr/portfolio" | "wafr/portfolio-view" => {
            "this is a portfolio summary that `wafr portfolio` wrote, not a review: give the workloads' review files instead"
        }
        "wafr/gate" => {
            "this is the verdict `wafr validate --json` printed, not a review: give the review files it was made from"
        }
        _ => return None,
    };
    Some(text.into())
}

/// Binary formats that are clearly not reviews, by their first bytes.
pub(crate) fn explain_bytes(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_known_document_says_what_it_is_and_what_to_do() {
        for (doc, words) in [
            (json!({"schema": "wafr/assessment/2"}), "--baseline"),
            (json!({"schema": "wafr/assessment/1"}), "wafr diff"),
            (json!({"schema": "wafr/manifest/1"}), "wafr verify"),
            (json!({"schema": "wafr/portfolio/1"}), "portfolio"),
            (json!({"schema": "wafr/gate/1"}), "validate --json"),
            (json!({"WorkloadSummaries": []}), "list-answers"),
            (json!({"MilestoneSummaries": []}), "--milestone-number"),
            (
                json!({"schemaVersion": "2021-11-01", "pillars": []}),
                "--lens",
            ),
        ] {
            let text = explain_json(&doc).unwrap_or_default();
            assert!(text.contains(words), "{doc}: {text}");
        }
        assert_eq!(explain_json(&json!({"schema": "other/thing/1"})), None);
        assert_eq!(explain_json(&json!({"x": 1})), None);
    }

    #[test]
    fn images_and_archives_are_named() {
        assert_eq!(explain_bytes(b"\x89PNG\r\n\x1a\nrest"), Some("a PNG image"));
        assert_eq!(explain_bytes(b"\xff\xd8\xff\xe0"), Some("a JPEG image"));
        assert_eq!(explain_bytes(b"{\"schema\""), None);
    }
}

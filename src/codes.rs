//! Every diagnostic code wafr emits, with what it means: the one table that `validate --json`
//! consumers, `docs/diagnostics.md` and the renderers read. A code not in the table is a bug (a
//! debug assertion in [`crate::error::Diagnostic`] catches it in every test run).

/// (code, what it means), sorted by code.
pub(crate) const CODES: &[(&str, &str)] = &[
    (
        "accepted-risk-expired",
        "An accepted risk has expired: its target counts again as it did before the waiver.",
    ),
    (
        "accepted-risk-expires-in-period",
        "An accepted risk expires inside the audit period.",
    ),
    (
        "accepted-risk-expires-soon",
        "An accepted risk expires within 30 days of the report date (no audit period given).",
    ),
    (
        "accepted-risk-unapproved",
        "An accepted risk has no approver, so it is not in force.",
    ),
    (
        "account-id-as-number",
        "An AWS account id was stored as a number (leading zeros lost): format the cells as text.",
    ),
    (
        "ambiguous-number",
        "A number written as text could be read two ways (`1,200`: 1200 or 1.2).",
    ),
    (
        "attestation-without-period",
        "An attestation has no period end or expiry, so nobody can tell what it covers.",
    ),
    (
        "attestation-without-report",
        "An evidence entry of kind attestation names no report.",
    ),
    (
        "audit-period-incomplete",
        "The review gives only one end of the audit period.",
    ),
    (
        "audit-period-reversed",
        "The audit period ends before it starts.",
    ),
    (
        "conflict",
        "Two inputs give different values for the same field.",
    ),
    (
        "conflicting-answers",
        "Two inputs answer the same practice differently.",
    ),
    (
        "contradictory-decision",
        "A control decision says both applicable and not applicable.",
    ),
    (
        "control-character",
        "A text holds a control character (it could rewrite a terminal or break an output).",
    ),
    ("csv-not-utf8", "A CSV file is not UTF-8 text."),
    (
        "driving-organisational",
        "A crosswalk row lets a practice drive a control no review can show: use `supports`.",
    ),
    (
        "duplicate-accepted-risk",
        "An accepted-risk id is defined twice.",
    ),
    ("duplicate-answer", "A practice is answered twice."),
    ("duplicate-choice", "A lens uses a choice id twice."),
    (
        "duplicate-control",
        "A framework catalog defines a control twice, or a review decides on one twice.",
    ),
    ("duplicate-evidence", "An evidence id is defined twice."),
    (
        "duplicate-framework",
        "Two framework files define the same id.",
    ),
    ("duplicate-id", "A custom lens uses an id twice."),
    ("duplicate-lens", "Two lens files define the same pillar."),
    (
        "duplicate-mapping",
        "A crosswalk maps the same practice to the same control twice.",
    ),
    (
        "duplicate-practice",
        "A lens defines a best practice twice.",
    ),
    ("duplicate-question", "A lens defines a question twice."),
    (
        "empty-file",
        "The file is empty, or holds only white space.",
    ),
    ("empty-framework", "A framework catalog has no controls."),
    ("empty-question", "A lens question has no best practice."),
    (
        "error-cell",
        "A spreadsheet cell holds an error value (a formula that failed).",
    ),
    (
        "evidence-expires-before-collected",
        "An evidence entry expires before it was collected.",
    ),
    (
        "evidence-expires-before-fieldwork",
        "Evidence expires before fieldwork starts: renew it.",
    ),
    (
        "evidence-expires-in-period",
        "Evidence expires inside the audit period: renew it before the period ends.",
    ),
    (
        "evidence-expires-soon",
        "Evidence expires within 30 days of the report date (no audit period given).",
    ),
    (
        "evidence-in-future",
        "Evidence is dated after the report date: it did not exist yet and does not count.",
    ),
    (
        "evidence-period-reversed",
        "An evidence period ends before it starts.",
    ),
    (
        "extension-mismatch",
        "The file's name says one format and its content another (the content wins).",
    ),
    ("file-too-large", "The file is larger than the limit."),
    (
        "id-collision",
        "A custom lens uses an id of the built-in lens.",
    ),
    (
        "invalid-assessment",
        "An assessment.json given as a baseline cannot be read.",
    ),
    ("invalid-config", "A config file is invalid."),
    (
        "invalid-criticality",
        "A workload's criticality is not critical, high, medium or low.",
    ),
    ("invalid-csv", "A mapping CSV cannot be read as CSV."),
    (
        "invalid-currency",
        "A currency is not an ISO 4217 code (three letters, such as EUR).",
    ),
    ("invalid-date", "A date is not a date (YYYY-MM-DD)."),
    ("invalid-effort", "An effort is not low, medium or high."),
    (
        "invalid-id",
        "A custom lens id is not 3 to 128 letters, digits or `_`.",
    ),
    ("invalid-json", "The JSON does not parse."),
    (
        "invalid-legacy",
        "A legacy-id row's `current_bp_id` and `match` disagree.",
    ),
    (
        "invalid-lens",
        "A custom lens file is not the WA Tool's lens format.",
    ),
    (
        "invalid-manifest",
        "A manifest names an output outside its folder, or cannot be read.",
    ),
    (
        "invalid-match",
        "A legacy-id row has an unknown `match` word.",
    ),
    (
        "invalid-number",
        "An estimate (effort in days, cost) is not a number, or not a finite one.",
    ),
    (
        "invalid-portfolio",
        "A portfolio.json given as a portfolio's baseline cannot be read.",
    ),
    (
        "invalid-relation",
        "A crosswalk row has an unknown relation.",
    ),
    (
        "invalid-responsibility",
        "A responsibility is not customer, shared or aws.",
    ),
    (
        "invalid-review",
        "A wafr review file does not match its schema.",
    ),
    ("invalid-risk", "A best practice has an unknown risk level."),
    (
        "invalid-risk-rule",
        "A custom lens risk rule does not parse, names unknown choices, or the default rule is missing.",
    ),
    (
        "invalid-role",
        "A GDPR role is not controller or processor.",
    ),
    (
        "invalid-sampling",
        "A sampling frequency is not a duration.",
    ),
    (
        "invalid-scope",
        "A control scope is not technical, organisational, legal or mixed.",
    ),
    ("invalid-sha256", "A SHA-256 is not 64 hexadecimal digits."),
    (
        "invalid-supplier-model",
        "A framework's supplier_model is neither `supplier` nor `carve-out`.",
    ),
    ("invalid-toml", "A mapping file is not valid TOML."),
    ("invalid-value", "A value is not one of the words accepted."),
    (
        "invisible-format-character",
        "A text holds an invisible format character (a bidirectional override or a zero-width space) that could make it read differently from what it holds.",
    ),
    (
        "justification-without-decision",
        "A justification is given without a decision on applicability.",
    ),
    (
        "legacy-inferred",
        "An answer of an older lens version was mapped to a current practice by judgement.",
    ),
    (
        "legacy-removed-practice",
        "Answers to practices the current lens removed are kept and reported, not assessed.",
    ),
    ("lens-not-current", "The review used an older lens version."),
    (
        "lens-schema-version",
        "A custom lens has a schemaVersion wafr does not read.",
    ),
    (
        "logo-unreadable",
        "The logo file cannot be decoded as the image its first bytes say it is.",
    ),
    (
        "missing-control",
        "A crosswalk row names no control but is not an explicit `none` row.",
    ),
    ("missing-field", "A required field is missing."),
    (
        "missing-justification",
        "A decision that a control applies (or not) gives no justification or reason.",
    ),
    (
        "missing-kind",
        "A mapping file does not say whether it is a lens or a framework.",
    ),
    (
        "missing-na-reason",
        "A practice marked not applicable has no reason.",
    ),
    ("missing-rationale", "A crosswalk row has no rationale."),
    ("missing-schema", "A mapping file has no `schema = 1`."),
    ("missing-value", "A required value is empty."),
    (
        "mixed-frameworks",
        "One crosswalk file maps to more than one framework.",
    ),
    (
        "mixed-without-note",
        "A mixed-scope control does not say which part is technical.",
    ),
    (
        "na-reason-without-na",
        "A not-applicable reason is given for a practice whose status is not \"not applicable\".",
    ),
    (
        "na-without-reason",
        "A row marks a practice not applicable without a reason.",
    ),
    (
        "negative-number",
        "An estimate (effort in days, cost) is negative.",
    ),
    ("no-lens", "No lens file was found in the mapping data."),
    (
        "no-status-column",
        "A table names practices but has no status column, and no other input answers them.",
    ),
    ("no-table", "A sheet holds no answers table wafr can read."),
    (
        "none-with-choices",
        "\"None of these\" is selected together with other choices (it wins, as in the WA Tool).",
    ),
    (
        "none-with-control",
        "A `none` crosswalk row names a control.",
    ),
    (
        "not-a-portfolio",
        "The file given as a portfolio's baseline is not an earlier run's portfolio.json: the message says what it is.",
    ),
    (
        "not-a-review",
        "The file is something else (wafr's own output, a listing, a lens): the message says what to do.",
    ),
    ("not-text", "The file is not text."),
    ("not-utf16", "The file is not valid UTF-16."),
    ("not-utf8", "A text file is not UTF-8."),
    (
        "nothing-assessed",
        "No control of a framework could be assessed from this review.",
    ),
    ("odd-account-id", "An AWS account id is not 12 digits."),
    (
        "other-lens-ignored",
        "Answers of another lens were not read.",
    ),
    (
        "other-pillar",
        "What the input says of a pillar this run leaves out (--pillars) is set aside.",
    ),
    (
        "other-pillar-ignored",
        "Answers of a pillar the mapping data does not hold were not read.",
    ),
    (
        "partial-counts-as-not-implemented",
        "Answers given as partly implemented count as not implemented.",
    ),
    ("password-protected", "The workbook is encrypted."),
    (
        "practice-columns-disagree",
        "A row's best-practice columns name different practices.",
    ),
    (
        "practice-not-in-reviewed-version",
        "Practices the reviewed lens version did not have count as not implemented.",
    ),
    (
        "relation-disagreement",
        "A practice drives a control but only supports its equivalent in another framework.",
    ),
    (
        "responsibility-without-note",
        "A shared or AWS control gives no responsibility note.",
    ),
    (
        "review-in-future",
        "The review is dated after the report date.",
    ),
    ("review-stale", "The review is more than 12 months old."),
    ("review-undated", "The review has no date."),
    (
        "risk-mismatch",
        "The WA Tool's reported risk differs from wafr's rule.",
    ),
    (
        "row-ignored",
        "A row names no practice and holds no answer.",
    ),
    (
        "row-names-no-practice",
        "A row holds an answer but names no practice or question.",
    ),
    (
        "sheet-ignored",
        "A sheet has no header row wafr recognises.",
    ),
    (
        "sheet-with-answers-ignored",
        "A sheet names best practices but has no table wafr can read.",
    ),
    (
        "status-on-question-row",
        "A status is given on a question row, where it cannot be placed.",
    ),
    (
        "target-overdue",
        "A practice's target date has passed and it is still not implemented.",
    ),
    ("text-too-long", "A text is longer than the limit."),
    (
        "too-large",
        "A value or structure is larger than the limit.",
    ),
    (
        "too-many-items",
        "A JSON list holds more items than the limit.",
    ),
    ("too-many-problems", "More errors than are listed."),
    ("too-many-rows", "A sheet holds more rows than the limit."),
    ("too-many-warnings", "More warnings than are listed."),
    (
        "unanswered-in-answered-question",
        "Practices left unanswered in an answered question count as not implemented.",
    ),
    (
        "unknown-choice",
        "A WA Tool choice id is not a choice of its question.",
    ),
    (
        "unknown-column",
        "A column wafr does not know (its values were not imported).",
    ),
    (
        "unknown-column-with-answers",
        "A column holds answers under a header wafr does not know.",
    ),
    ("unknown-control", "A control id is not in its framework."),
    (
        "unknown-csv",
        "A mapping CSV has a header of no known table.",
    ),
    (
        "unknown-evidence",
        "A decision confirms evidence that is not in the register.",
    ),
    ("unknown-framework", "A framework id no catalog defines."),
    (
        "unknown-json",
        "The JSON is neither a wafr review nor WA Tool output.",
    ),
    (
        "unknown-kind",
        "A mapping file's kind is unknown, or an evidence kind is.",
    ),
    ("unknown-practice", "A best-practice id is not in the lens."),
    ("unknown-question", "A question id is not in the lens."),
    ("unknown-risk", "A WA Tool risk word is unknown."),
    ("unknown-status", "A status word is unknown."),
    (
        "unknown-target",
        "Evidence or an accepted risk names neither a practice nor a control.",
    ),
    (
        "unknown-workload-field",
        "A workload field wafr does not know.",
    ),
    (
        "unmapped-practice",
        "A practice has no crosswalk row for a framework.",
    ),
    (
        "unprintable-in-pdfa",
        "PDF/A needs a glyph for every character; no embedded font has one.",
    ),
    ("unreadable-workbook", "A spreadsheet is damaged."),
    (
        "unsupported-format",
        "The file is a format wafr does not read (an image, a PDF, an archive).",
    ),
    (
        "unsupported-logo",
        "The logo is not a PNG, JPEG or SVG, or cannot be decoded.",
    ),
    (
        "unsupported-schema",
        "A file's schema version is not one wafr reads.",
    ),
    (
        "wrong-field-count",
        "A CSV row has more or fewer fields than its header.",
    ),
    (
        "wrong-question",
        "A row's practice belongs to another question than the row says.",
    ),
    ("wrong-type", "A JSON value has the wrong type."),
    (
        "zip-bomb",
        "A compressed entry expands far beyond its size.",
    ),
    ("zip-too-large", "A spreadsheet expands beyond the limit."),
];

static STRICT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(cfg!(test));

/// Makes an unknown code a panic from now on: the tests turn this on (the binary when
/// `WAFR_CHECK_CODES` is set), so a code missing from the table fails a test run, never a
/// user's.
pub fn check_strictly() {
    STRICT.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Checks a code as a diagnostic is made (see [`check_strictly`]).
pub(crate) fn check(code: &str) {
    if STRICT.load(std::sync::atomic::Ordering::Relaxed) && meaning(code).is_none() {
        panic!("diagnostic code `{code}` is not in src/codes.rs");
    }
}

/// What a code means; `None` for a code wafr does not emit.
pub fn meaning(code: &str) -> Option<&'static str> {
    CODES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| CODES.get(i))
        .map(|(_, m)| *m)
}

/// The table as Markdown, for `docs/diagnostics.md` (the test below keeps that file in step).
#[cfg(test)]
fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nEvery error and warning wafr prints has a stable code (`validate --json` gives it as `code`,\nwith its place in `at`). Generated from `src/codes.rs`; a test keeps this file in step.\n\n| code | meaning |\n|---|---|\n",
    );
    for (c, m) in CODES {
        out.push_str(&format!("| `{c}` | {m} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code written where a diagnostic is made is in the table, also for paths no test
    /// reaches: the sources are scanned for the constructors' first string argument.
    #[test]
    fn every_code_in_the_sources_is_in_the_table() {
        const MAKERS: [&str; 7] = [
            "Diagnostic::error(",
            "Diagnostic::warning(",
            ".error(",
            ".warning(",
            "Error::data(",
            "Problem::new(",
            "code: \"",
        ];
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for maker in MAKERS {
                    for (i, _) in text.match_indices(maker) {
                        let after = text.get(i + maker.len()..).unwrap_or_default();
                        let window: String = after.chars().take(160).collect();
                        let Some(q) = window.find('"') else { continue };
                        let rest = window.get(q + 1..).unwrap_or_default();
                        let code: String = rest.chars().take_while(|c| *c != '"').collect();
                        let kebab = code.contains('-')
                            && code
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                        if kebab && meaning(&code).is_none() && code != "no-such-code" {
                            missing.push(format!("{code} ({})", p.display()));
                        }
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "codes missing from src/codes.rs: {missing:?}"
        );
    }

    #[test]
    fn sorted_unique_and_documented() {
        assert!(
            CODES
                .windows(2)
                .all(|w| w.first().map(|x| x.0) < w.get(1).map(|x| x.0))
        );
        assert_eq!(
            meaning("unknown-practice"),
            Some("A best-practice id is not in the lens.")
        );
        assert_eq!(meaning("no-such-code"), None);
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
                .unwrap_or_default();
        if std::env::var_os("WAFR_BLESS").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"),
                markdown(),
            )
            .expect("docs/diagnostics.md is writable");
        } else {
            assert_eq!(
                doc,
                markdown(),
                "docs/diagnostics.md is stale: re-bless with WAFR_BLESS=1"
            );
        }
    }
}

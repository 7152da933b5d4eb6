//! Status words: every word a spreadsheet may give as a status, and what it means.
//! `docs/spreadsheet-import.md` lists the same words (a test checks that each is there).

use super::cells::clean_key;

/// A status word as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// In place.
    Implemented,
    /// Not in place.
    NotImplemented,
    /// Partly in place: counts as not implemented, with a note.
    Partial,
    /// Does not apply; some words carry a default reason.
    NotApplicable(Option<&'static str>),
    /// Not answered (yet).
    Unanswered,
    /// "None of these" (question level).
    NoneOfThese,
}

/// Every accepted status word, normalised (lowercase, `_` and `-` as spaces), with its meaning.
/// `docs/spreadsheet-import.md` lists the same words.
pub const STATUS_WORDS: &[(&str, Word)] = &[
    ("implemented", Word::Implemented),
    ("yes", Word::Implemented),
    ("y", Word::Implemented),
    ("x", Word::Implemented),
    ("selected", Word::Implemented),
    ("ok", Word::Implemented),
    ("done", Word::Implemented),
    ("true", Word::Implemented),
    ("in place", Word::Implemented),
    ("pass", Word::Implemented),
    ("passed", Word::Implemented),
    ("compliant", Word::Implemented),
    ("✓", Word::Implemented),
    ("✔", Word::Implemented),
    ("☑", Word::Implemented),
    ("✅", Word::Implemented),
    ("not implemented", Word::NotImplemented),
    ("no", Word::NotImplemented),
    ("n", Word::NotImplemented),
    ("unselected", Word::NotImplemented),
    ("not selected", Word::NotImplemented),
    ("missing", Word::NotImplemented),
    ("gap", Word::NotImplemented),
    ("false", Word::NotImplemented),
    ("fail", Word::NotImplemented),
    ("failed", Word::NotImplemented),
    ("error", Word::NotImplemented),
    ("alarm", Word::NotImplemented),
    ("not in place", Word::NotImplemented),
    ("non compliant", Word::NotImplemented),
    ("✗", Word::NotImplemented),
    ("✘", Word::NotImplemented),
    ("❌", Word::NotImplemented),
    ("partial", Word::Partial),
    ("partially", Word::Partial),
    ("partially implemented", Word::Partial),
    ("partly implemented", Word::Partial),
    ("in progress", Word::Partial),
    ("not applicable", Word::NotApplicable(None)),
    ("n/a", Word::NotApplicable(None)),
    ("na", Word::NotApplicable(None)),
    ("n.a.", Word::NotApplicable(None)),
    ("not relevant", Word::NotApplicable(None)),
    ("skip", Word::NotApplicable(None)),
    ("skipped", Word::NotApplicable(None)),
    ("out of scope", Word::NotApplicable(Some("Out of scope"))),
    ("unanswered", Word::Unanswered),
    ("not answered", Word::Unanswered),
    ("unknown", Word::Unanswered),
    ("tbd", Word::Unanswered),
    ("to do", Word::Unanswered),
    ("todo", Word::Unanswered),
    ("?", Word::Unanswered),
    ("info", Word::Unanswered),
    ("pending", Word::Unanswered),
    ("not assessed", Word::Unanswered),
    ("none", Word::NoneOfThese),
    ("none of these", Word::NoneOfThese),
    ("none of the above", Word::NoneOfThese),
];

/// Parses a status word (case, spacing, `_` and `-` do not matter).
pub(crate) fn parse_word(s: &str) -> Option<Word> {
    let k = clean_key(s).to_lowercase().replace(['_', '-'], " ");
    let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
    STATUS_WORDS.iter().find(|(w, _)| *w == k).map(|(_, x)| *x)
}

/// The hint for an unknown status: the closest accepted word when there is one.
pub(super) fn status_hint(s: &str) -> String {
    let k = clean_key(s).to_lowercase();
    // Long text is no mistyped word (and the distance is quadratic).
    let close = STATUS_WORDS
        .iter()
        .filter(|_| k.chars().count() <= 40)
        .map(|(w, _)| (strsim::levenshtein(&k, w), *w))
        .filter(|(d, w)| *d <= 2 && *d < w.chars().count())
        .min();
    let base = "use Implemented, Not implemented, Not applicable or leave it blank; every accepted word is in docs/spreadsheet-import.md";
    match close {
        Some((_, w)) => format!("did you mean \"{w}\"? Otherwise {base}"),
        None => base.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(parse_word(" SELECTED "), Some(Word::Implemented));
        assert_eq!(parse_word("Not_Implemented"), Some(Word::NotImplemented));
        assert_eq!(parse_word("not-implemented"), Some(Word::NotImplemented));
        assert_eq!(parse_word("N/A"), Some(Word::NotApplicable(None)));
        assert_eq!(parse_word("\u{201C}x\u{201D}"), Some(Word::Implemented));
        assert_eq!(
            parse_word("Partially\u{00A0}implemented"),
            Some(Word::Partial)
        );
        assert_eq!(parse_word("skip"), Some(Word::NotApplicable(None)));
        assert_eq!(parse_word("info"), Some(Word::Unanswered));
        assert_eq!(parse_word("Yess"), None);
    }
}

//! Small text helpers every stage may use: did-you-mean suggestions, English plurals,
//! truncation. No I/O, no dependencies on the model.

/// The candidate closest to `word` (case-insensitive), when it is within two edits and the
/// word is not too long to be a mistyped id: for "did you mean" hints on practice ids, control
/// ids, headers and status words.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.trim().to_lowercase();
    if w.is_empty() || w.chars().count() > 40 {
        return None;
    }
    let len = w.chars().count();
    // Optimal string alignment: a swap of two neighbours (`PB` for `BP`) is one edit. On a tie
    // the candidate of the same length wins (`A.5.51` → `A.5.15`, not `A.5.1`).
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, c)| *d > 0 && *d <= 2 && *d < c.chars().count())
        .min_by_key(|(d, c)| (*d, c.chars().count().abs_diff(len)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let ids = ["SEC02-BP01", "SEC02-BP02", "A.5.15"];
        assert_eq!(did_you_mean("SEC02-PB01", ids), Some("SEC02-BP01"));
        assert_eq!(did_you_mean("a.5.51", ids), Some("A.5.15"));
        assert_eq!(did_you_mean("A.5.51", ["A.5.1", "A.5.15"]), Some("A.5.15"));
        assert_eq!(did_you_mean("SEC09-BP07", ["A.5.15"]), None);
        assert_eq!(did_you_mean("", ids), None);
    }
}

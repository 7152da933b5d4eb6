//! Workload slugs: short ids that are safe as folder names on every system, whatever a
//! workload's name holds (`/`, `..`, control characters, reserved Windows names, 2,000
//! characters of emoji), and unique within one portfolio.

use std::collections::BTreeSet;

/// Longest slug, in characters (ASCII), before a `-2` suffix.
pub(crate) const MAX_LEN: usize = 48;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Latin letters with marks, and a few ligatures, spelled in ASCII.
fn ascii_of(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ā' | 'Ą' => {
            "a"
        }
        'ä' | 'Ä' | 'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "i",
        'ł' | 'Ł' | 'ľ' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ő' => "o",
        'ö' | 'Ö' | 'ø' | 'Ø' | 'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ū' | 'Ů' | 'Ű' => "u",
        'ü' | 'Ü' => "ue",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
}

/// The slug of a name: lowercase ASCII letters, digits and single dashes, at most
/// [`MAX_LEN`] characters; `workload` when nothing is left.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        let piece: Option<String> = if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase().to_string())
        } else {
            ascii_of(c).map(str::to_owned)
        };
        match piece {
            Some(p) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push_str(&p);
            }
            None => dash = true,
        }
        if out.len() >= MAX_LEN {
            break;
        }
    }
    out.truncate(MAX_LEN);
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        return "workload".into();
    }
    if RESERVED.contains(&out.as_str()) {
        return format!("{out}-workload");
    }
    out
}

/// Unique slugs for names, in order: a slug already taken gets `-2`, `-3` … (the first
/// workload keeps the plain slug).
pub(crate) fn unique<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    for name in names {
        let base = slug(name);
        let mut s = base.clone();
        let mut n = 2;
        while taken.contains(&s) {
            s = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(s.clone());
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("card-payments-api"), "card-payments-api");
        assert_eq!(slug("Card Payments API (EU)"), "card-payments-api-eu");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(
            slug("Zahlungs-API für Händler"),
            "zahlungs-api-fuer-haendler"
        );
        assert_eq!(slug("日本語"), "workload");
        assert_eq!(slug(""), "workload");
        assert_eq!(slug("..."), "workload");
        assert_eq!(slug("CON"), "con-workload");
        assert_eq!(slug("nul"), "nul-workload");
        assert_eq!(slug("a\u{0}b\nc"), "a-b-c");
        assert_eq!(slug("=cmd|' /C calc'!A0"), "cmd-c-calc-a0");
        let long = slug(&"x".repeat(5000));
        assert_eq!(long.len(), MAX_LEN);
        let long = slug(&"ab ".repeat(100));
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'));
        for s in [slug("-a-"), slug("  a  b  ")] {
            assert!(
                !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"),
                "{s}"
            );
        }
    }

    #[test]
    fn slugs_are_unique() {
        assert_eq!(
            unique(["A", "a", "A!", "a-2", "", "日本"]),
            ["a", "a-2", "a-3", "a-2-2", "workload", "workload-2"]
        );
    }
}

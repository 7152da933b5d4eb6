//! Ids and names as people write them: the pillars (WA Tool order, names, id prefixes), best
//! practice ids in any spelling, question numbers, titles compared loosely, and control-noun
//! plurals. Pure functions with their table tests.

/// The WA Tool's pillar order, and each pillar's display name and id prefix.
pub(crate) const PILLARS: [(&str, &str, &str); 6] = [
    ("operationalExcellence", "Operational Excellence", "OPS"),
    ("security", "Security", "SEC"),
    ("reliability", "Reliability", "REL"),
    ("performance", "Performance Efficiency", "PERF"),
    ("costOptimization", "Cost Optimization", "COST"),
    ("sustainability", "Sustainability", "SUS"),
];

/// The pillar id of a pillar name or id as people write it (`Reliability`, `reliability`,
/// `REL`, `performance-efficiency`, `operationalExcellence`).
pub(crate) fn pillar_id(s: &str) -> Option<&'static str> {
    let k: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    PILLARS.iter().find_map(|(id, name, prefix)| {
        let name_k: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        (k == id.to_ascii_lowercase()
            || k == name_k
            || k == prefix.to_ascii_lowercase()
            || (name_k.starts_with(&k) && k.len() >= 4))
            .then_some(*id)
    })
}

/// English plural of a control noun: criterion → criteria, subcategory → subcategories.
pub(crate) fn plural(noun: &str) -> String {
    if let Some(stem) = noun
        .strip_suffix("ion")
        .filter(|_| noun.ends_with("terion"))
    {
        return format!("{stem}ia");
    }
    if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    format!("{noun}s")
}

/// The Well-Architected pillar of a practice, from its id's prefix (`REL09-BP01` →
/// `Reliability`); `None` for an id of no pillar.
pub(crate) fn pillar_name(bp: &str) -> Option<&'static str> {
    let prefix: String = bp.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    Some(match prefix.to_ascii_uppercase().as_str() {
        "OPS" => "Operational Excellence",
        "SEC" => "Security",
        "REL" => "Reliability",
        "PERF" => "Performance Efficiency",
        "COST" => "Cost Optimization",
        "SUS" => "Sustainability",
        _ => return None,
    })
}

/// The built-in lens (pillar file) id of a practice, from its id's prefix (`REL09-BP01` →
/// `wa-reliability`): the qualifier of practice ids in exports (`wa-security:SEC02-BP01`).
pub(crate) fn lens_id_of(bp: &str) -> Option<&'static str> {
    let prefix: String = bp.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    Some(match prefix.to_ascii_uppercase().as_str() {
        "OPS" => "wa-operational-excellence",
        "SEC" => "wa-security",
        "REL" => "wa-reliability",
        "PERF" => "wa-performance-efficiency",
        "COST" => "wa-cost-optimization",
        "SUS" => "wa-sustainability",
        _ => return None,
    })
}

/// Lowercases, folds curly quotes and dashes, drops punctuation and collapses spaces, so that
/// titles typed by hand match the catalog.
pub(crate) fn normalise_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        let c = match ch {
            '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\'' | '"' => continue,
            '\u{2010}'..='\u{2015}' | '-' | '_' | '/' => ' ',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            c => c,
        };
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// `SEC01`, `REL 13`, `ops-1` → (the pillar prefix, the number); a bare `1` has no prefix (and
/// means the Security pillar's question, as before there were other pillars).
pub(crate) fn parse_question_key(s: &str) -> Option<(Option<String>, u32)> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .collect();
    let t = t.to_ascii_uppercase();
    let letters: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let prefix = match letters.as_str() {
        "" => None,
        p if PILLARS.iter().any(|(_, _, x)| *x == p) => Some(p.to_owned()),
        _ => return None,
    };
    let digits = t.get(letters.len()..)?;
    let n: u32 = digits.parse().ok()?;
    (1..=99).contains(&n).then_some((prefix, n))
}

/// Canonical BP id from forms people type: `SEC01-BP01`, `SEC1-BP1`, `SEC 01 BP 01`,
/// `sec01bp01`, `SEC01.BP01`. Returns `None` when the text is not a BP id.
pub(crate) fn canonical_bp_id(s: &str) -> Option<String> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | '\u{2010}'..='\u{2015}'))
        .collect::<String>()
        .to_ascii_uppercase();
    let prefix = PILLARS.iter().map(|(_, _, p)| *p).find(|p| {
        t.starts_with(p)
            && t.get(p.len()..)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    })?;
    let rest = t.get(prefix.len()..)?;
    let (q, bp) = rest.split_once("BP")?;
    if q.is_empty() || bp.is_empty() || q.len() > 2 || bp.len() > 2 {
        return None;
    }
    let q: u32 = q.parse().ok()?;
    let bp: u32 = bp.parse().ok()?;
    Some(format!("{prefix}{q:02}-BP{bp:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bp_id_forms() {
        for s in [
            "SEC01-BP01",
            "SEC1-BP1",
            "SEC 01 BP 01",
            "sec01bp01",
            "SEC01.BP01",
            " SEC 1 - BP 1 ",
        ] {
            assert_eq!(canonical_bp_id(s).as_deref(), Some("SEC01-BP01"), "{s}");
        }
        assert_eq!(canonical_bp_id("SEC11-BP08").as_deref(), Some("SEC11-BP08"));
        assert_eq!(canonical_bp_id("SEC-BP01"), None);
        assert_eq!(canonical_bp_id("Separate workloads"), None);
        assert_eq!(canonical_bp_id("SEC123-BP1"), None);
        assert_eq!(canonical_bp_id("rel9-bp1").as_deref(), Some("REL09-BP01"));
        assert_eq!(
            canonical_bp_id("PERF 02 BP 05").as_deref(),
            Some("PERF02-BP05")
        );
        assert_eq!(canonical_bp_id("XYZ01-BP01"), None);
    }

    #[test]
    fn titles_normalise() {
        assert_eq!(
            normalise_title("Analyze public and cross-account access"),
            normalise_title("analyze public  and cross account access")
        );
        assert_eq!(
            normalise_title("Use\u{00A0}temporary credentials."),
            "use temporary credentials"
        );
        assert_eq!(normalise_title("“Identify” the data"), "identify the data");
    }

    #[test]
    fn question_numbers() {
        let parse_question_number = |s| parse_question_key(s).map(|(_, n)| n);
        assert_eq!(parse_question_number("SEC01"), Some(1));
        assert_eq!(parse_question_number("SEC 11"), Some(11));
        assert_eq!(parse_question_number("sec-3"), Some(3));
        assert_eq!(parse_question_number("SECX"), None);
        assert_eq!(parse_question_key("REL 13"), Some((Some("REL".into()), 13)));
        assert_eq!(parse_question_key("7"), Some((None, 7)));
        assert_eq!(parse_question_key("ABC1"), None);
        assert_eq!(pillar_id("Reliability"), Some("reliability"));
        assert_eq!(pillar_id("performance-efficiency"), Some("performance"));
        assert_eq!(pillar_id("OPS"), Some("operationalExcellence"));
        assert_eq!(pillar_id("cost"), Some("costOptimization"));
    }
}

//! A custom lens in the WA Tool's custom lens JSON format (`schemaVersion` 2021-11-01: pillars,
//! questions, choices, `riskRules`; see `../shared/reference/wa-tool-formats.md` §6) read into
//! the catalog's [`Lens`] shape, so its answers import, assess and cross-map like the
//! Well-Architected Framework's. `wafr report --lens my-lens.json` adds one.
//!
//! Each choice but "None of these" (`…_no`) is a practice whose id is its choice id. A question's
//! risk is its risk rules evaluated as the WA Tool does (the first condition that holds; `&&`,
//! `||`, `!`, parentheses over choice ids; a `default` rule is mandatory). A practice's risk
//! level if not established is what the rules give when every other choice is selected and it
//! is not: the weight the lens itself gives it. Every problem (a rule that does not parse, a
//! rule naming an unknown choice, duplicate ids, an id that collides with the built-in lens,
//! missing `default`) is an error located by JSON path.

use serde::Deserialize;

use crate::error::{Diagnostics, Location};
use crate::model::catalog::{
    Condition, Lens, Practice, Question, RiskLevel, RiskRule, RuleRisk, evaluate_rules,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLens {
    #[serde(default)]
    schema_version: Option<String>,
    name: String,
    #[serde(default)]
    description: Option<String>,
    pillars: Vec<RawPillar>,
}

#[derive(Deserialize)]
struct RawPillar {
    id: String,
    name: String,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawQuestion {
    id: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    helpful_resource: Option<RawResource>,
    choices: Vec<RawChoice>,
    #[serde(default)]
    risk_rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawChoice {
    id: String,
    title: String,
    #[serde(default)]
    helpful_resource: Option<RawResource>,
    #[serde(default)]
    improvement_plan: Option<RawResource>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawResource {
    #[serde(default)]
    #[allow(dead_code)]
    display_text: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct RawRule {
    condition: String,
    risk: String,
}

/// Parses a rule's condition: `default`, or an expression over choice ids with `!` (tightest),
/// `&&`, `||` (loosest) and parentheses.
pub(crate) fn parse_condition(s: &str) -> Result<Condition, String> {
    if s.trim() == "default" {
        return Ok(Condition::Default);
    }
    let tokens = tokenize(s)?;
    let mut p = Parser { t: &tokens, i: 0 };
    let c = p.or()?;
    match p.t.get(p.i) {
        None => Ok(c),
        Some(t) => Err(format!("unexpected `{t}` after a complete condition")),
    }
}

fn tokenize(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {}
            '(' | ')' | '!' => out.push(c.to_string()),
            '&' | '|' => {
                if chars.next() != Some(c) {
                    return Err(format!("`{c}` must be doubled (`{c}{c}`)"));
                }
                out.push(format!("{c}{c}"));
            }
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let mut id = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        id.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(id);
            }
            other => return Err(format!("unexpected character `{other}`")),
        }
        if out.len() > 2000 {
            return Err("condition too long".into());
        }
    }
    Ok(out)
}

struct Parser<'a> {
    t: &'a [String],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.t.get(self.i).map(String::as_str)
    }

    fn or(&mut self) -> Result<Condition, String> {
        let mut left = self.and()?;
        while self.peek() == Some("||") {
            self.i += 1;
            left = Condition::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition, String> {
        let mut left = self.not()?;
        while self.peek() == Some("&&") {
            self.i += 1;
            left = Condition::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Condition, String> {
        if self.peek() == Some("!") {
            self.i += 1;
            // Nesting is bounded by the token count (at most 2,000).
            return Ok(Condition::Not(Box::new(self.not()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Condition, String> {
        match self.peek() {
            Some("(") => {
                self.i += 1;
                let c = self.or()?;
                if self.peek() != Some(")") {
                    return Err("a `(` is not closed".into());
                }
                self.i += 1;
                Ok(c)
            }
            Some(t) if t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                self.i += 1;
                Ok(Condition::Choice(t.to_owned()))
            }
            Some(t) => Err(format!("expected a choice id or `(`, found `{t}`")),
            None => Err("the condition ends where a choice id or `(` was expected".into()),
        }
    }
}

fn rule_risk(s: &str) -> Option<RuleRisk> {
    match s {
        "HIGH_RISK" => Some(RuleRisk::High),
        "MEDIUM_RISK" => Some(RuleRisk::Medium),
        "NO_RISK" => Some(RuleRisk::None),
        _ => None,
    }
}

fn valid_id(s: &str) -> bool {
    (3..=128).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads a custom lens: one [`Lens`] per pillar, its pillar id `<lens>/<pillar id>` so it never
/// mixes with the Framework's pillars. `taken` says whether an id is already used by the
/// loaded catalog (a collision with the built-in lens is an error). Errors go to `diags`,
/// located by JSON path.
pub(crate) fn parse(
    text: &str,
    at: &Location,
    taken: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> Vec<Lens> {
    let raw: RawLens = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.error(
                "invalid-lens",
                Some(at.clone().line(e.line() as u32, e.column().max(1) as u32)),
                format!("not a custom lens ({e})"),
            );
            return Vec::new();
        }
    };
    if raw
        .schema_version
        .as_deref()
        .is_some_and(|v| v != "2021-11-01")
    {
        diags.warning(
            "lens-schema-version",
            Some(at.clone().json_path("schemaVersion")),
            "schemaVersion is not 2021-11-01, the version wafr reads; reading it as such",
        );
    }
    let alias = slug(&raw.name);
    let _ = raw.description;
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    let mut id_ok = |id: &str, path: &str, diags: &mut Diagnostics| -> bool {
        let loc = at.clone().json_path(format!("{path}.id"));
        if !valid_id(id) {
            diags.error(
                "invalid-id",
                Some(loc),
                format!("id `{id}` must be 3 to 128 letters, digits or `_`"),
            );
            return false;
        }
        if let Some(prev) = seen.get(id) {
            diags.error(
                "duplicate-id",
                Some(loc),
                format!("id `{id}` is also used at {prev}"),
            );
            return false;
        }
        if taken(id) {
            diags.error(
                "id-collision",
                Some(loc),
                format!("id `{id}` is already an id of the built-in Well-Architected lens; give the custom lens's ids a prefix of their own"),
            );
            return false;
        }
        seen.insert(id.to_owned(), path.to_owned());
        true
    };
    let errors_before = diags.error_count();
    let mut out = Vec::new();
    for (pi, p) in raw.pillars.iter().enumerate() {
        let pp = format!("pillars[{pi}]");
        // A pillar id may reuse the Framework's (`security`): it is qualified by the lens.
        if !valid_id(&p.id) && !p.id.is_empty() {
            id_ok(&p.id, &pp, diags);
        }
        let mut lens = Lens {
            id: alias.clone(),
            name: format!("{}: {}", raw.name, p.name),
            lens_alias: alias.clone(),
            pillar_id: format!("{alias}/{}", p.id),
            version: "custom".into(),
            questions: Vec::new(),
            practices: Vec::new(),
            legacy: Vec::new(),
        };
        for (qi, q) in p.questions.iter().enumerate() {
            let qp = format!("{pp}.questions[{qi}]");
            if !id_ok(&q.id, &qp, diags) {
                continue;
            }
            question(&mut lens, p, q, qi, &qp, at, &mut id_ok, diags);
        }
        out.push(lens);
    }
    if diags.error_count() > errors_before {
        return Vec::new();
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn question(
    lens: &mut Lens,
    p: &RawPillar,
    q: &RawQuestion,
    qi: usize,
    qp: &str,
    at: &Location,
    id_ok: &mut dyn FnMut(&str, &str, &mut Diagnostics) -> bool,
    diags: &mut Diagnostics,
) {
    let none = q
        .choices
        .iter()
        .find(|c| c.id.ends_with("_no"))
        .map(|c| c.id.clone());
    let mut choices = Vec::new();
    for (ci, c) in q.choices.iter().enumerate() {
        if id_ok(&c.id, &format!("{qp}.choices[{ci}]"), diags) {
            choices.push(c);
        }
    }
    let rules = risk_rules(q, qp, at, diags);
    let improvement = q
        .helpful_resource
        .as_ref()
        .and_then(|r| r.url.clone())
        .unwrap_or_default();
    let all: Vec<&str> = choices
        .iter()
        .map(|c| c.id.as_str())
        .filter(|c| !c.ends_with("_no"))
        .collect();
    for c in choices.iter().filter(|c| !c.id.ends_with("_no")) {
        // The lens's own weight: the risk the rules give with every other choice selected.
        let without = |id: &str| all.contains(&id) && id != c.id;
        let risk = match evaluate_rules(&rules, &without) {
            Some(RuleRisk::High) => RiskLevel::High,
            Some(RuleRisk::Medium) => RiskLevel::Medium,
            _ => RiskLevel::Low,
        };
        lens.practices.push(Practice {
            id: c.id.clone(),
            pillar: lens.pillar_id.clone(),
            question: q.id.clone(),
            choice_id: c.id.clone(),
            title: c.title.clone(),
            wa_tool_title: None,
            risk,
            focus_area: p.name.clone(),
            sub_area: None,
            doc_url: c
                .helpful_resource
                .as_ref()
                .and_then(|r| r.url.clone())
                .or_else(|| c.improvement_plan.as_ref().and_then(|r| r.url.clone()))
                .unwrap_or_default(),
        });
    }
    lens.questions.push(Question {
        id: q.id.clone(),
        pillar: lens.pillar_id.clone(),
        number: qi as u32 + 1,
        wa_id: q.id.clone(),
        title: q.title.clone(),
        wa_tool_title: None,
        focus_area: p.name.clone(),
        none_choice_id: none.unwrap_or_default(),
        improvement_url: improvement,
        risk_rules: rules,
    });
    let _ = &q.description;
}

/// A question's risk rules, each parsed and checked: a known risk, a condition that parses and
/// names only the question's choices, and a `default` rule, as the WA Tool requires.
fn risk_rules(q: &RawQuestion, qp: &str, at: &Location, diags: &mut Diagnostics) -> Vec<RiskRule> {
    let known = |id: &str| q.choices.iter().any(|c| c.id == id);
    let mut rules = Vec::new();
    for (ri, r) in q.risk_rules.iter().enumerate() {
        let rp = format!("{qp}.riskRules[{ri}]");
        let here = |field: &str| Some(at.clone().json_path(format!("{rp}.{field}")));
        let Some(risk) = rule_risk(&r.risk) else {
            diags.error(
                "invalid-risk-rule",
                here("risk"),
                format!("risk `{}` is not HIGH_RISK, MEDIUM_RISK or NO_RISK", r.risk),
            );
            continue;
        };
        let condition = match parse_condition(&r.condition) {
            Ok(c) => c,
            Err(e) => {
                diags.error(
                    "invalid-risk-rule",
                    here("condition"),
                    format!(
                        "the condition \"{}\" does not parse: {e}",
                        crate::textfmt::truncate(&r.condition, 81)
                    ),
                );
                continue;
            }
        };
        for c in condition.choices().into_iter().filter(|c| !known(c)) {
            diags.error(
                "invalid-risk-rule",
                here("condition"),
                format!(
                    "the condition names `{c}`, which is not a choice of question `{}`",
                    q.id
                ),
            );
        }
        rules.push(RiskRule { condition, risk });
    }
    if !rules.iter().any(|r| r.condition == Condition::Default) {
        diags.error(
            "invalid-risk-rule",
            Some(at.clone().json_path(format!("{qp}.riskRules"))),
            format!(
                "question `{}` has no `default` risk rule (the WA Tool requires one)",
                q.id
            ),
        );
    }
    rules
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let t = out.trim_matches('-').to_owned();
    if t.is_empty() {
        "custom-lens".into()
    } else {
        format!("custom-{t}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(cond: &str, selected: &[&str]) -> bool {
        parse_condition(cond)
            .unwrap_or_else(|e| panic!("{cond}: {e}"))
            .holds(&|c| selected.contains(&c))
    }

    /// Every form of condition the format allows, evaluated as the WA Tool does.
    #[test]
    fn conditions_evaluate_as_the_wa_tool_does() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("default", &[], true),
            ("a_1", &["a_1"], true),
            ("a_1", &[], false),
            ("!a_1", &[], true),
            ("a_1 && b_2", &["a_1"], false),
            ("a_1 && b_2", &["a_1", "b_2"], true),
            ("a_1 || b_2", &["b_2"], true),
            ("a_1 || b_2 && c_3", &["a_1"], true), // && binds tighter than ||
            ("(a_1 || b_2) && c_3", &["a_1"], false),
            ("((a_1 || b_2) && c_3) || (!a_1 && c_3)", &["c_3"], true),
            ("((a_1 || b_2) && c_3) || (!a_1 && c_3)", &["a_1"], false),
            ("!!a_1", &["a_1"], true),
            ("!(a_1 && b_2)", &["a_1", "b_2"], false),
        ];
        for (c, sel, want) in cases {
            assert_eq!(eval(c, sel), *want, "{c} with {sel:?}");
        }
        for bad in [
            "a_1 &", "a_1 &&", "(a_1", "a_1)", "a-1", "&& a_1", "", "a_1 b_2",
        ] {
            assert!(parse_condition(bad).is_err(), "{bad:?} parses");
        }
    }

    #[test]
    fn first_rule_that_holds_decides() {
        let rules: Vec<RiskRule> = [
            ("a_1 && b_2 && c_3", RuleRisk::None),
            ("a_1 && b_2", RuleRisk::Medium),
            ("default", RuleRisk::High),
        ]
        .iter()
        .map(|(c, r)| RiskRule {
            condition: parse_condition(c).unwrap(),
            risk: *r,
        })
        .collect();
        let risk = |sel: &[&str]| evaluate_rules(&rules, &|c| sel.contains(&c));
        assert_eq!(risk(&["a_1", "b_2", "c_3"]), Some(RuleRisk::None));
        assert_eq!(risk(&["a_1", "b_2"]), Some(RuleRisk::Medium));
        assert_eq!(risk(&["c_3"]), Some(RuleRisk::High));
    }
}

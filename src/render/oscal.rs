//! `assessment-results.json`: the assessment as OSCAL 1.1.3 assessment results, for GRC tools
//! (docs/oscal.md). The review is one result over the audit period; each answered practice an
//! observation; each HRI and MRI a risk; each control status a finding that names its framework
//! and control, the practices behind it (related observations and risks) and their evidence.
//!
//! Invariants: deterministic (version-5 UUIDs derived from the content, dates from the
//! assessment, never the clock); every string is cleaned (no control or bidi characters) and
//! user text in markup fields is Markdown-escaped, so nothing the review says can become a link
//! or HTML; control ids that are not OSCAL tokens are made tokens, the original kept in a prop.
//! Checked against compliance-trestle 3.12.4 and NIST's 1.1.3 schema in the test suite.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::Result;
use crate::model::assessment::*;
use crate::model::review::PracticeStatus;

/// The namespace of wafr's own props. `.invalid` is reserved (RFC 2606): it can never name
/// someone else's host, and OSCAL only asks that the namespace be a URI.
pub(crate) const NS: &str = "https://wafr.invalid/ns/oscal";

/// The OSCAL version written (compliance-trestle 3.12.4 models it).
pub(crate) const OSCAL_VERSION: &str = "1.1.3";

/// Renders the assessment results.
pub fn render(a: &Assessment) -> Result<Vec<u8>> {
    let ids = Ids::new(a);
    let doc = json!({ "assessment-results": {
        "uuid": ids.doc(&[]),
        "metadata": metadata(a, &ids),
        "import-ap": {
            "href": format!("#{}", ids.doc(&["resource", "plan"])),
            "remarks": "The assessment plan is the Well-Architected review itself: the back-matter resource this fragment points to describes it.",
        },
        "results": [result(a, &ids)],
        "back-matter": { "resources": resources(a, &ids) },
    }});
    let mut out = serde_json::to_vec_pretty(&doc)
        .map_err(|e| crate::Error::Internal(format!("serialising OSCAL: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// Deterministic UUIDs: version 5 of a JSON array of keys, under a root derived from [`NS`].
/// Objects of the document are keyed under the document's subject (organisation, workload,
/// environment, lens, period); objects meant to be the same in every export (the wafr tool,
/// each framework's catalog) are not.
struct Ids {
    root: Uuid,
    subject: Vec<String>,
}

impl Ids {
    fn new(a: &Assessment) -> Self {
        let period = a.period.map(|p| (p.start.to_string(), p.end.to_string()));
        Ids {
            root: Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes()),
            subject: vec![
                "assessment-results".into(),
                a.workload.organisation.clone().unwrap_or_default(),
                a.workload.name.clone(),
                a.workload.environment.clone().unwrap_or_default(),
                a.lens.id.clone(),
                period.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
                period.map(|p| p.1).unwrap_or_default(),
            ],
        }
    }

    fn fixed(&self, keys: &[&str]) -> String {
        let name = serde_json::to_string(keys).unwrap_or_default();
        Uuid::new_v5(&self.root, name.as_bytes()).to_string()
    }

    fn doc(&self, keys: &[&str]) -> String {
        let mut all: Vec<&str> = self.subject.iter().map(String::as_str).collect();
        all.extend_from_slice(keys);
        self.fixed(&all)
    }
}

/// Every string: CR/CRLF → LF; no C0/C1 control characters but tab and line feed, no
/// non-characters, no bidi embedding, override or isolate marks (they can spoof what a reader
/// sees, and XML cannot carry the controls).
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| {
            let control = c.is_control() && c != '\n' && c != '\t';
            let invisible = matches!(
                c,
                '\u{FFFE}'
                    | '\u{FFFF}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{061C}'
            );
            !control && !invisible
        })
        .collect()
}

fn cut(s: &str, limit: usize) -> String {
    if s.chars().count() <= limit {
        s.to_owned()
    } else {
        let head: String = s.chars().take(limit - 1).collect();
        format!("{}…", head.trim_end())
    }
}

/// Literal text in an OSCAL markup field (CommonMark): the inline punctuation is escaped so
/// user text cannot become links, HTML, emphasis or code.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '^' | '&' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A markup-multiline field (description, statement, remarks).
fn multiline(s: &str) -> String {
    let t = md_escape(&cut(clean(s).trim(), 20_000));
    if t.is_empty() { "(none)".into() } else { t }
}

fn words(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A markup-line field (title): one line.
fn line(s: &str) -> String {
    let t = md_escape(&cut(&words(s), 300));
    if t.is_empty() { "(none)".into() } else { t }
}

/// A string field (prop value, party name): one trimmed line.
fn plain(s: &str) -> String {
    let t = cut(&words(s), 300);
    if t.is_empty() { "(none)".into() } else { t }
}

/// An OSCAL token for a control id: `Clause 6.1.2` → `Clause_6.1.2`, `Art.5(1)(a)` →
/// `Art.5_1_a`, `1.2` → `_1.2`.
pub(crate) fn token(id: &str) -> String {
    let mut t = String::new();
    let mut gap = false;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            if gap && !t.is_empty() {
                t.push('_');
            }
            gap = false;
            t.push(c);
        } else {
            gap = true;
        }
    }
    let t = t.trim_matches('_').to_owned();
    if t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        t
    } else {
        format!("_{t}")
    }
}

fn prop(name: &str, value: &str) -> Value {
    json!({"name": name, "value": plain(value), "ns": NS})
}

fn day(d: time::Date) -> String {
    format!("{d}T00:00:00Z")
}

fn end_of(d: time::Date) -> String {
    format!("{d}T23:59:59Z")
}

fn metadata(a: &Assessment, ids: &Ids) -> Value {
    let org = a
        .workload
        .organisation
        .clone()
        .unwrap_or_else(|| "Not stated".into());
    // (A person named like the organisation still gets a UUID of its own: its keys differ.)
    let mut parties = vec![
        json!({"uuid": ids.fixed(&["party", &org]), "type": "organization", "name": plain(&org)}),
    ];
    let mut responsible =
        vec![json!({"role-id": "prepared-for", "party-uuids": [ids.fixed(&["party", &org])]})];
    let person = |name: &str| {
        json!({"uuid": ids.fixed(&["party", &org, name]), "type": "person", "name": plain(name),
        "member-of-organizations": [ids.fixed(&["party", &org])]})
    };
    if let Some(o) = &a.workload.review_owner {
        parties.push(person(o));
        responsible.push(
            json!({"role-id": "review-owner", "party-uuids": [ids.fixed(&["party", &org, o])]}),
        );
    }
    let reviewers: Vec<&String> = a.workload.reviewers.iter().collect();
    // One party per name: the owner may also review, and a name may be listed twice.
    let mut named: Vec<&str> = a.workload.review_owner.iter().map(String::as_str).collect();
    for r in &reviewers {
        if !named.contains(&r.as_str()) {
            named.push(r);
            parties.push(person(r));
        }
    }
    let mut reviewers = reviewers;
    reviewers.dedup();
    if !reviewers.is_empty() {
        responsible.push(json!({"role-id": "assessor",
            "party-uuids": reviewers.iter().map(|r| ids.fixed(&["party", &org, r])).collect::<Vec<_>>()}));
    }
    json!({
        "title": line(&format!("Well-Architected review of {} ({}): control findings", a.workload.name, org)),
        "last-modified": day(a.generated_on),
        "version": plain(&format!("{}+{}", a.generated_on, a.mapping.version.replace(':', "."))),
        "oscal-version": OSCAL_VERSION,
        "props": [prop("generator", &format!("{} {}", a.tool.name, a.tool.version)), prop("mapping-version", &a.mapping.version)],
        "roles": [
            {"id": "prepared-for", "title": "Prepared for"},
            {"id": "review-owner", "title": "Review owner"},
            {"id": "assessor", "title": "Well-Architected reviewer"},
        ],
        "parties": parties,
        "responsible-parties": responsible,
    })
}

fn result(a: &Assessment, ids: &Ids) -> Value {
    let start = a
        .period
        .map(|p| p.start)
        .or(a.workload.review_date)
        .unwrap_or(a.generated_on);
    let mut r = json!({
        "uuid": ids.doc(&["result"]),
        "title": line(&format!("{} of {}", a.lens.name, a.workload.name)),
        "description": multiline(&format!(
            "Answers of the Well-Architected review of {}, assessed by wafr on {} against {} ({} audit). Statuses follow wafr's documented rules; the crosswalks are wafr's judgement, not an official mapping.",
            a.workload.name, a.generated_on, a.lens.name, a.audit.audit_type.label()
        )),
        "start": day(start),
        "props": result_props(a),
        "local-definitions": {"components": [
            {"uuid": ids.doc(&["component", "workload"]), "type": "this-system", "title": line(&a.workload.name),
             "description": multiline(a.workload.description.as_deref().unwrap_or(&a.workload.name)),
             "status": {"state": "operational"}},
            {"uuid": ids.fixed(&["component", "tool", "wafr"]), "type": "software",
             "title": line(&format!("{} {}", a.tool.name, a.tool.version)),
             "description": "Maps Well-Architected review answers to framework controls.",
             "status": {"state": "operational"}},
        ]},
        "reviewed-controls": {"control-selections": selections(a, ids)},
    });
    if let Some(p) = a.period {
        r["end"] = json!(end_of(p.end));
    }
    let observations = observations(a, ids);
    if !observations.is_empty() {
        r["observations"] = json!(observations);
    }
    let risks = risks(a, ids);
    if !risks.is_empty() {
        r["risks"] = json!(risks);
    }
    let findings = findings(a, ids);
    if !findings.is_empty() {
        r["findings"] = json!(findings);
    }
    r
}

fn result_props(a: &Assessment) -> Vec<Value> {
    let mut p = vec![
        prop("lens", &a.lens.id),
        prop("lens-version", &a.lens.version),
        prop("audit-type", a.audit.audit_type.label()),
    ];
    if let Some(e) = &a.workload.environment {
        p.push(prop("environment", e));
    }
    for acct in &a.workload.aws_accounts {
        p.push(prop("aws-account", acct));
    }
    p
}

/// The findings of a framework: every control with a status that says something about it
/// (not "not assessed" or "outside review scope").
fn assessed(f: &FrameworkResult) -> impl Iterator<Item = &ControlResult> {
    f.controls.iter().filter(|c| {
        !matches!(
            c.status,
            ControlStatus::NotAssessed | ControlStatus::OutsideReviewScope
        )
    })
}

fn selections(a: &Assessment, ids: &Ids) -> Vec<Value> {
    a.frameworks
        .iter()
        .map(|f| {
            let include: Vec<Value> = assessed(f).map(|c| json!({"control-id": token(&c.id)})).collect();
            let mut s = json!({
                "props": [prop("framework", &f.id)],
                "links": [{"href": format!("#{}", ids.fixed(&["resource", "catalog", &f.id])), "rel": "reference"}],
            });
            if include.is_empty() {
                // OSCAL needs one selection at least: every control was considered, none could
                // be assessed from the review (and no finding claims otherwise).
                s["description"] = json!(multiline(&format!("{}: every control was considered; the review could assess none.", f.name)));
                s["include-all"] = json!({});
            } else {
                s["description"] = json!(multiline(&format!("{}: the controls the review speaks to.", f.name)));
                s["include-controls"] = json!(include);
            }
            s
        })
        .collect()
}

fn observations(a: &Assessment, ids: &Ids) -> Vec<Value> {
    let owner = a.workload.review_owner.as_deref();
    let org = a
        .workload
        .organisation
        .clone()
        .unwrap_or_else(|| "Not stated".into());
    a.practices()
        .filter(|p| p.answered_status != PracticeStatus::Unanswered || p.status != PracticeStatus::Unanswered)
        .map(|p| {
            let mut props = vec![
                prop("practice-id", &p.id),
                prop("question-id", &p.question),
                prop("practice-status", p.status.label()),
                prop("risk-level", &p.risk_level.to_string()),
            ];
            if let Some(f) = p.finding {
                props.push(prop("finding", f.label()));
            }
            if let Some(r) = &p.na_reason {
                props.push(prop("not-applicable-reason", r));
            }
            let evidence: Vec<Value> = p.evidence.iter().map(evidence_ref).collect();
            let mut methods = vec!["INTERVIEW"];
            if !evidence.is_empty() {
                methods.push("EXAMINE");
            }
            let actor = match owner {
                Some(o) => json!({"type": "party", "actor-uuid": ids.fixed(&["party", &org, o])}),
                None => json!({"type": "tool", "actor-uuid": ids.fixed(&["component", "tool", "wafr"])}),
            };
            let mut o = json!({
                "uuid": ids.doc(&["observation", &p.id]),
                "title": line(&format!("{} {}", p.id, p.title)),
                "description": multiline(p.notes.as_deref().unwrap_or(p.status.label())),
                "props": props,
                "methods": methods,
                "types": ["control-objective"],
                "origins": [{"actors": [actor]}],
                "subjects": [{"subject-uuid": ids.doc(&["component", "workload"]), "type": "component"}],
                "collected": day(a.workload.review_date.unwrap_or(a.generated_on)),
            });
            if !evidence.is_empty() {
                o["relevant-evidence"] = json!(evidence);
            }
            if let Some(x) = p.evidence.iter().filter_map(|e| e.expires_on).min() {
                o["expires"] = json!(day(x));
            }
            o
        })
        .collect()
}

fn evidence_ref(e: &EvidenceLink) -> Value {
    let mut v = json!({
        "description": multiline(&e.title),
        "props": [prop("evidence-id", &e.reference), prop("evidence-state", e.state.label())],
    });
    if let Some(href) = e.location.as_deref().and_then(safe_href) {
        v["href"] = json!(href);
    }
    v
}

/// A location usable as an href: no whitespace or control characters, spaces percent-encoded;
/// `None` for anything else (the location still shows in the description).
fn safe_href(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty()
        || t.chars().any(|c| {
            c.is_control() || matches!(c, '<' | '>' | '"' | '\\' | '{' | '}' | '|' | '^' | '`')
        })
    {
        return None;
    }
    Some(t.replace(' ', "%20"))
}

fn risks(a: &Assessment, ids: &Ids) -> Vec<Value> {
    a.practices()
        .filter(|p| matches!(p.finding, Some(Finding::Hri) | Some(Finding::Mri)))
        .map(|p| {
            let finding = p.finding.map(|f| f.label()).unwrap_or_default();
            let plan = a.plan.iter().find(|i| i.bp == p.id);
            let mut props = vec![prop("practice-id", &p.id), prop("finding", finding)];
            if let Some(i) = plan {
                props.push(json!({"name": "priority", "value": i.priority.trim_start_matches('P')}));
            }
            let mut r = json!({
                "uuid": ids.doc(&["risk", &p.id]),
                "title": line(&format!("{finding}: {} {} is not implemented", p.id, p.title)),
                "description": multiline(p.notes.as_deref().unwrap_or("Not implemented in the review.")),
                "statement": multiline(&format!(
                    "The Well-Architected best practice {} ({}) is not established; the review rates this a {} risk. It puts these controls at risk: {}.",
                    p.id, p.title, p.risk_level.to_string().to_lowercase(),
                    if p.controls.is_empty() { "none mapped".to_owned() } else { p.controls.join(", ") }
                )),
                "props": props,
                "status": if p.accepted_risk.is_some() { "deviation-approved" } else { "open" },
                "related-observations": [{"observation-uuid": ids.doc(&["observation", &p.id])}],
            });
            let remediation = match (&p.accepted_risk, plan) {
                (Some(w), _) => json!({"uuid": ids.doc(&["remediation", &p.id]), "lifecycle": "completed",
                    "title": line(&format!("Risk accepted ({w})")),
                    "description": multiline(&a.accepted_risks.iter().find(|x| &x.id == w).map(|x| x.justification.clone()).unwrap_or_default()),
                    "props": [{"name": "type", "value": "accept"}, prop("accepted-risk-id", w)]}),
                (None, Some(i)) => {
                    if let Some(d) = i.target_date {
                        r["deadline"] = json!(end_of(d));
                    }
                    json!({"uuid": ids.doc(&["remediation", &p.id]), "lifecycle": "planned",
                        "title": line(&format!("Implement {} {}", p.id, p.title)),
                        "description": multiline(&format!("In the improvement plan: rank {}, priority {}, {} horizon.", i.rank, i.priority, i.horizon.label())),
                        "props": [{"name": "type", "value": "mitigate"}]})
                }
                (None, None) => json!({"uuid": ids.doc(&["remediation", &p.id]), "lifecycle": "recommendation",
                    "title": line(&format!("Implement {} {}", p.id, p.title)),
                    "description": "Recommended by the review.",
                    "props": [{"name": "type", "value": "mitigate"}]}),
            };
            r["remediations"] = json!([remediation]);
            r
        })
        .collect()
}

/// The finding state: only evidenced controls and those AWS operates with a current
/// attestation (or the organisation excluded) are satisfied; partial coverage never is.
fn state(s: ControlStatus) -> (&'static str, &'static str, &'static str) {
    match s {
        ControlStatus::Evidenced => ("satisfied", "pass", "implemented"),
        ControlStatus::CarvedOut => ("satisfied", "carved-out", "implemented"),
        ControlStatus::NotApplicable => ("satisfied", "not-applicable", "not-applicable"),
        ControlStatus::EvidencedInPart => ("not-satisfied", "technical-part-only", "partial"),
        ControlStatus::ArchitecturalRisk => ("not-satisfied", "fail", "partial"),
        ControlStatus::AcceptedRisk => ("not-satisfied", "risk-accepted", "partial"),
        _ => ("not-satisfied", "evidence-gap", "implemented"),
    }
}

fn findings(a: &Assessment, ids: &Ids) -> Vec<Value> {
    let mut out = Vec::new();
    for f in &a.frameworks {
        let catalog = format!("#{}", ids.fixed(&["resource", "catalog", &f.id]));
        for c in assessed(f) {
            let (st, reason, implementation) = state(c.status);
            let label = c.status.label_in(f.supplier_model);
            let control_props = vec![prop("framework", &f.id), prop("control-id", &c.id)];
            let mut props = control_props.clone();
            props.push(prop("control-status", label));
            props.push(prop("evidence", c.evidence_check.verdict.label()));
            for e in &c.evidence {
                props.push(prop("evidence-id", &e.reference));
            }
            if let Some(w) = &c.accepted_risk {
                props.push(prop("accepted-risk-id", w));
            }
            let driving: Vec<&ControlPractice> = c.practices.iter().filter(|p| p.driving).collect();
            let observed: Vec<Value> = driving
                .iter()
                .filter(|p| {
                    a.practice(&p.bp)
                        .is_some_and(|x| x.status != PracticeStatus::Unanswered)
                })
                .map(|p| json!({"observation-uuid": ids.doc(&["observation", &p.bp])}))
                .collect();
            let risks: Vec<Value> = driving
                .iter()
                .filter(|p| {
                    a.practice(&p.bp).is_some_and(|x| {
                        matches!(x.finding, Some(Finding::Hri) | Some(Finding::Mri))
                    })
                })
                .map(|p| json!({"risk-uuid": ids.doc(&["risk", &p.bp])}))
                .collect();
            let mut finding = json!({
                "uuid": ids.doc(&["finding", &f.id, &c.id]),
                "title": line(&format!("{} {} {}: {label}", f.name, c.id, c.title)),
                "description": multiline(&c.reason),
                "props": props,
                "origins": [{"actors": [{"type": "tool", "actor-uuid": ids.fixed(&["component", "tool", "wafr"])}]}],
                "target": {
                    "type": "objective-id",
                    "target-id": token(&c.id),
                    "props": control_props,
                    "links": [{"href": catalog, "rel": "reference"}],
                    "status": {"state": st, "reason": reason},
                    "implementation-status": {"state": implementation},
                },
            });
            if !observed.is_empty() {
                finding["related-observations"] = json!(observed);
            }
            if !risks.is_empty() {
                finding["related-risks"] = json!(risks);
            }
            out.push(finding);
        }
    }
    out
}

fn resources(a: &Assessment, ids: &Ids) -> Vec<Value> {
    let mut out = vec![json!({
        "uuid": ids.doc(&["resource", "plan"]),
        "title": line(&format!("Assessment plan: Well-Architected review of {} ({}, lens {})", a.workload.name, a.lens.name, a.lens.version)),
        "description": multiline(&format!(
            "No separate OSCAL assessment plan exists: the plan is the Well-Architected review itself (its lens, questions and best practices) applied to this scope: {}",
            a.workload.scope.as_deref().unwrap_or("not stated")
        )),
        "props": [{"name": "type", "value": "plan"}, prop("lens", &a.lens.id), prop("lens-version", &a.lens.version)],
        "rlinks": [{"href": "https://docs.aws.amazon.com/wellarchitected/latest/framework/welcome.html", "media-type": "text/html"}],
    })];
    for f in &a.frameworks {
        let kind = if f.id.starts_with("gdpr") || f.id == "nis2" || f.id == "dora" {
            "regulation"
        } else {
            "standard"
        };
        let mut rlinks = Vec::new();
        if let Some(u) = f.url.as_deref().and_then(safe_href) {
            rlinks.push(json!({"href": u, "media-type": "text/html"}));
        }
        rlinks.push(json!({"href": format!("urn:wafr:framework:{}", f.id)}));
        out.push(json!({
            "uuid": ids.fixed(&["resource", "catalog", &f.id]),
            "title": line(&f.name),
            "description": multiline(&format!("{} ({}), as catalogued by wafr: control ids and titles only.", f.name, f.edition)),
            "props": [{"name": "type", "value": kind}, prop("framework", &f.id)],
            "rlinks": rlinks,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_text() {
        assert_eq!(token("Clause 6.1.2"), "Clause_6.1.2");
        assert_eq!(token("Art.5(1)(a)"), "Art.5_1_a");
        assert_eq!(token("1.2"), "_1.2");
        assert_eq!(token("A.5.15"), "A.5.15");
        assert_eq!(
            md_escape("<script>[x](javascript:y)"),
            "\\<script\\>\\[x\\](javascript:y)"
        );
        assert_eq!(plain(" a\n b \u{202E}c\u{7}"), "a b c");
        assert_eq!(plain(""), "(none)");
    }

    #[test]
    fn uuids_match_the_documented_vectors() {
        // docs/oscal.md: the same keys give the same UUID in every export.
        let ids = Ids {
            root: Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes()),
            subject: Vec::new(),
        };
        let u = ids.fixed(&["component", "tool", "wafr"]);
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'5', "version 5: {u}");
        assert_eq!(u, ids.fixed(&["component", "tool", "wafr"]));
    }
}

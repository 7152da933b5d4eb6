//! The crosswalk as CISO Assistant libraries (docs/exports.md): the Well-Architected lens as a
//! framework library (pillar > question > best practice, the practices assessable), and one
//! requirement-mapping-set library per framework (WA → ISO/IEC 27001:2022, WA → SOC 2, WA →
//! GDPR) that points at CISO Assistant's own framework libraries. Follows that project's library
//! format and URN scheme as read at intuitem/ciso-assistant-community f990d7b1 (backend/library/
//! utils.py, core/models.py). Only the set-theory rows are exported (`equal`, `subset`,
//! `superset`, `intersects` → `intersect`): wafr's `supports` rows have no set-theory meaning
//! and would let CISO Assistant infer coverage wafr never claimed.
//!
//! YAML is written by hand: block mappings and sequences, every string a double-quoted scalar
//! with JSON escapes (valid YAML), so no text can change the structure. Deterministic: the
//! library version and publication date come from the report date.

use std::fmt::Write as _;

use time::Date;

use crate::model::catalog::{Catalog, Framework, Relation};

/// The packager in every URN (CISO Assistant reserves `intuitem`).
pub(crate) const PACKAGER: &str = "wafr";

/// One output file: (file name, bytes).
pub type File = (String, Vec<u8>);

/// The CISO Assistant framework URN and requirement-node URN of a wafr control, for the
/// frameworks CISO Assistant ships (`None` for the others).
pub(crate) fn target_urn(framework: &str, control: &str) -> Option<(String, String)> {
    let (lib, leaf) = match framework {
        "iso27001-2022" => (
            "iso27001-2022",
            control
                .strip_prefix("Clause ")
                .unwrap_or(control)
                .to_lowercase(),
        ),
        // The 2017 library: every criterion is assessable there (in the rev-2022 library only
        // the points of focus are, so a mapping to a criterion never fills in an audit).
        "soc2-tsc-2017" => ("soc2-2017", control.to_lowercase()),
        "gdpr-2016" => ("gdpr", gdpr_leaf(control)?),
        _ => return None,
    };
    Some((
        format!("urn:intuitem:risk:framework:{lib}"),
        format!("urn:intuitem:risk:req_node:{lib}:{leaf}"),
    ))
}

/// `Art.32(1)(b)` → `32.1.b`; `Art.5(2)` → `5.2`; a whole article `Art.6` → `article-6`.
fn gdpr_leaf(id: &str) -> Option<String> {
    let rest = id.strip_prefix("Art.")?;
    let parts: Vec<&str> = rest.split(['(', ')']).filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] => None,
        [article] => Some(format!("article-{article}")),
        many => Some(many.join(".")),
    }
}

fn library_of(framework: &str) -> Option<&'static str> {
    match framework {
        "iso27001-2022" => Some("urn:intuitem:risk:library:iso27001-2022"),
        "soc2-tsc-2017" => Some("urn:intuitem:risk:library:soc2-2017"),
        "gdpr-2016" => Some("urn:intuitem:risk:library:gdpr"),
        _ => None,
    }
}

/// A YAML double-quoted scalar (JSON escapes are valid YAML escapes).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The lens reference used in every URN (`aws-well-architected-2024-06-27`).
fn lens_ref(c: &Catalog) -> String {
    format!("aws-well-architected-{}", c.lens.version)
}

/// Library version: days since 2024-01-01 to the report date, so a later export of changed
/// data is accepted by CISO Assistant as an update, and the same date gives the same bytes.
fn version(date: Date) -> i64 {
    (date - time::macros::date!(2024 - 01 - 01))
        .whole_days()
        .max(1)
}

fn header(
    out: &mut String,
    urn: &str,
    name: &str,
    description: &str,
    copyright: &str,
    provider: &str,
    date: Date,
) {
    let ref_id = urn.rsplit(':').next().unwrap_or(urn);
    let _ = writeln!(out, "urn: {}", q(urn));
    let _ = writeln!(out, "locale: \"en\"");
    let _ = writeln!(out, "ref_id: {}", q(ref_id));
    let _ = writeln!(out, "name: {}", q(name));
    let _ = writeln!(out, "description: {}", q(description));
    let _ = writeln!(out, "copyright: {}", q(copyright));
    let _ = writeln!(out, "version: {}", version(date));
    let _ = writeln!(out, "publication_date: {date}");
    let _ = writeln!(out, "provider: {}", q(provider));
    let _ = writeln!(out, "packager: {}", q(PACKAGER));
}

fn node_urn(c: &Catalog, leaf: &str) -> String {
    format!(
        "urn:{PACKAGER}:risk:req_node:{}:{}",
        lens_ref(c),
        leaf.to_lowercase()
    )
}

fn pillar_leaf(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// The framework library of the lens: pillars (depth 1), questions (2), practices (3,
/// assessable), with an implementation group per pillar and per risk level.
pub(crate) fn framework_library(c: &Catalog, date: Date) -> File {
    let r = lens_ref(c);
    let mut out = String::new();
    header(
        &mut out,
        &format!("urn:{PACKAGER}:risk:library:{r}"),
        &format!("AWS Well-Architected Framework (lens {})", c.lens.version),
        &format!(
            "Pillars, questions and best practices of the AWS Well-Architected Framework lens {}, as wafr uses them. Titles only; each practice links to its AWS documentation.",
            c.lens.version
        ),
        "Best-practice and question titles: Amazon Web Services, Inc. or its affiliates. Packaging: wafr.",
        "AWS",
        date,
    );
    let _ = writeln!(out, "objects:\n  framework:");
    let _ = writeln!(
        out,
        "    urn: {}",
        q(&format!("urn:{PACKAGER}:risk:framework:{r}"))
    );
    let _ = writeln!(out, "    ref_id: {}", q(&r));
    let _ = writeln!(
        out,
        "    name: {}",
        q(&format!(
            "AWS Well-Architected Framework (lens {})",
            c.lens.version
        ))
    );
    let _ = writeln!(
        out,
        "    description: \"One node per pillar (depth 1), question (depth 2) and best practice (depth 3, assessable). Implementation groups select a pillar or a risk level.\""
    );
    let _ = writeln!(out, "    implementation_groups_definition:");
    for p in &c.pillars {
        let _ = writeln!(
            out,
            "    - ref_id: {}\n      name: {}",
            q(&p.prefix),
            q(&p.name)
        );
    }
    for (id, name) in [
        ("HIGH", "High risk best practices"),
        ("MEDIUM", "Medium risk best practices"),
        ("LOW", "Low risk best practices"),
    ] {
        let _ = writeln!(out, "    - ref_id: {}\n      name: {}", q(id), q(name));
    }
    let _ = writeln!(out, "    requirement_nodes:");
    for p in &c.pillars {
        let pillar = node_urn(c, &pillar_leaf(&p.name));
        let _ = writeln!(
            out,
            "    - urn: {}\n      assessable: false\n      depth: 1\n      ref_id: {}\n      name: {}\n      implementation_groups: [{}]",
            q(&pillar),
            q(&p.prefix),
            q(&p.name),
            q(&p.prefix)
        );
        for qn in c.lens.questions.iter().filter(|x| x.pillar == p.id) {
            let qu = node_urn(c, &qn.id);
            let _ = writeln!(
                out,
                "    - urn: {}\n      assessable: false\n      depth: 2\n      parent_urn: {}\n      ref_id: {}\n      name: {}\n      implementation_groups: [{}]",
                q(&qu),
                q(&pillar),
                q(&qn.id),
                q(&qn.title),
                q(&p.prefix)
            );
            for bp in c.practices_of(&qn.id) {
                let risk = bp.risk.to_string().to_uppercase();
                let _ = writeln!(
                    out,
                    "    - urn: {}\n      assessable: true\n      depth: 3\n      parent_urn: {}\n      ref_id: {}\n      name: {}\n      annotation: {}\n      implementation_groups: [{}, {}]",
                    q(&node_urn(c, &bp.id)),
                    q(&qu),
                    q(&bp.id),
                    q(&bp.title),
                    q(&format!(
                        "Risk if not established: {}. {}",
                        bp.risk, bp.doc_url
                    )),
                    q(&p.prefix),
                    q(&risk)
                );
            }
        }
    }
    (format!("{r}.yaml"), out.into_bytes())
}

/// The mapping library WA → one framework CISO Assistant ships; `None` for the others.
pub(crate) fn mapping_library(c: &Catalog, fw: &Framework, date: Date) -> Option<File> {
    let (target_fw, _) = target_urn(&fw.id, fw.controls.first()?.id.as_str())?;
    let r = lens_ref(c);
    let set = format!("mapping-{r}-to-{}", fw.id);
    let rows: Vec<_> = c
        .crosswalk
        .iter()
        .filter(|m| m.framework == fw.id && m.relation.drives_status())
        .filter_map(|m| {
            let (_, node) = target_urn(&fw.id, m.control.as_deref()?)?;
            Some((m, node))
        })
        .collect();
    let left_out = c
        .crosswalk
        .iter()
        .filter(|m| m.framework == fw.id && !m.relation.drives_status())
        .count();
    let description = format!(
        "wafr's crosswalk from Well-Architected best practices to {}: {} set-theory relationships (equal, subset, superset, intersect; practice → control, NIST IR 8477, rationale functional). The {left_out} 'supports' and 'none' rows are not exported. wafr's judgement, not an official mapping.",
        fw.name,
        rows.len()
    );
    let name = format!("AWS Well-Architected ({}) → {}", c.lens.version, fw.name);
    let mut out = String::new();
    header(
        &mut out,
        &format!("urn:{PACKAGER}:risk:library:{set}"),
        &name,
        &description,
        "wafr (crosswalk rows and rationales)",
        "wafr",
        date,
    );
    let _ = writeln!(
        out,
        "dependencies:\n- {}\n- {}",
        q(&format!("urn:{PACKAGER}:risk:library:{r}")),
        q(library_of(&fw.id)?)
    );
    let _ = writeln!(out, "objects:\n  requirement_mapping_sets:");
    let _ = writeln!(
        out,
        "  - urn: {}\n    ref_id: {}\n    name: {}\n    description: {}",
        q(&format!("urn:{PACKAGER}:risk:req_mapping_set:{set}")),
        q(&set),
        q(&name),
        q(&description)
    );
    let _ = writeln!(
        out,
        "    source_framework_urn: {}\n    target_framework_urn: {}",
        q(&format!("urn:{PACKAGER}:risk:framework:{r}")),
        q(&target_fw)
    );
    let _ = writeln!(out, "    requirement_mappings:");
    for (m, node) in rows {
        let rel = match m.relation {
            Relation::Intersects => "intersect",
            other => other.as_str(),
        };
        let _ = writeln!(
            out,
            "    - source_requirement_urn: {}\n      target_requirement_urn: {}\n      relationship: {}\n      rationale: \"functional\"\n      annotation: {}",
            q(&node_urn(c, &m.bp)),
            q(&node),
            q(rel),
            q(&m.rationale)
        );
    }
    Some((format!("{set}.yaml"), out.into_bytes()))
}

/// Every library: the lens, then a mapping library per framework CISO Assistant ships.
pub fn libraries(c: &Catalog, date: Date) -> Vec<File> {
    let mut out = vec![framework_library(c, date)];
    out.extend(
        c.frameworks
            .iter()
            .filter_map(|f| mapping_library(c, f, date)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_become_ciso_assistant_node_urns() {
        for (fw, id, urn) in [
            (
                "iso27001-2022",
                "Clause 6.1.2",
                "urn:intuitem:risk:req_node:iso27001-2022:6.1.2",
            ),
            (
                "iso27001-2022",
                "A.5.15",
                "urn:intuitem:risk:req_node:iso27001-2022:a.5.15",
            ),
            (
                "soc2-tsc-2017",
                "CC6.1",
                "urn:intuitem:risk:req_node:soc2-2017:cc6.1",
            ),
            (
                "soc2-tsc-2017",
                "PI1.2",
                "urn:intuitem:risk:req_node:soc2-2017:pi1.2",
            ),
            (
                "gdpr-2016",
                "Art.32(1)(b)",
                "urn:intuitem:risk:req_node:gdpr:32.1.b",
            ),
            (
                "gdpr-2016",
                "Art.5(2)",
                "urn:intuitem:risk:req_node:gdpr:5.2",
            ),
            (
                "gdpr-2016",
                "Art.6",
                "urn:intuitem:risk:req_node:gdpr:article-6",
            ),
        ] {
            assert_eq!(
                target_urn(fw, id).map(|x| x.1).as_deref(),
                Some(urn),
                "{fw} {id}"
            );
        }
        assert_eq!(target_urn("nis2", "Art.21(2)(j)"), None);
        assert_eq!(q("a\"b\nc"), "\"a\\\"b\\nc\"");
    }
}

//! Readiness, defined once (`docs/statuses.md`, "Readiness"): coverage and readiness side by
//! side, each with its counts, over what the review covers and over everything applicable. The
//! portfolio pools the same counts.

use crate::model::assessment::{ControlStatus, Readiness, StatusCounts};
use crate::model::catalog::{SupplierModel, plural};

use crate::textfmt::percent as pct;

fn shown(p: Option<f64>) -> String {
    p.map(|p| format!(" = {p:.1}%"))
        .unwrap_or_else(|| " (not stated: nothing to divide by)".into())
}

/// Readiness of a set of controls (a framework or one part of it) from its status counts.
pub(crate) fn readiness(
    c: &StatusCounts,
    model: SupplierModel,
    name: &str,
    noun: &str,
) -> Readiness {
    let nouns = plural(noun);
    let in_scope = c.total();
    let carved = c.get(ControlStatus::CarvedOut);
    let (carved_out, supplier_ready) = match model {
        SupplierModel::CarveOut => (carved, 0),
        SupplierModel::Supplier => (0, carved),
    };
    let applicable = in_scope
        .saturating_sub(c.not_applicable)
        .saturating_sub(carved_out);
    let assessed = applicable.saturating_sub(c.outside_review_scope);
    let evidenced = c.evidenced.saturating_add(supplier_ready);
    let technical_part = c.technical_part_evidenced;
    let implemented = evidenced
        .saturating_add(technical_part)
        .saturating_add(c.evidence_gaps());
    let percent = pct(evidenced, assessed);
    let percent_of_applicable = pct(evidenced, applicable);
    let coverage_percent = pct(assessed, applicable);
    let ready_words = match model {
        SupplierModel::Supplier if supplier_ready > 0 => format!(
            "ready = {} evidenced + {supplier_ready} operated by supplier AWS with a current attestation",
            c.evidenced
        ),
        _ => format!("ready = {evidenced} evidenced"),
    };
    let carve_words = if carved_out > 0 {
        format!(" − {carved_out} carved out to AWS")
    } else {
        String::new()
    };
    let formula = format!(
        "{name} readiness = ready ÷ assessed {nouns} = {evidenced} ÷ {assessed}{}; {ready_words}; \
         assessed = applicable − {} outside review scope = {assessed}; \
         applicable = {in_scope} {nouns} in scope − {} not applicable (decided){carve_words} = {applicable}; \
         coverage = assessed ÷ applicable = {assessed} ÷ {applicable}{}; \
         readiness over all applicable {nouns} = {evidenced} ÷ {applicable}{}; \
         technical part evidenced (the rest to assess): {technical_part}",
        shown(percent),
        c.outside_review_scope,
        c.not_applicable,
        shown(coverage_percent),
        shown(percent_of_applicable),
    );
    Readiness {
        in_scope,
        applicable,
        assessed,
        evidenced,
        technical_part,
        implemented,
        percent,
        percent_of_applicable,
        coverage_percent,
        implemented_percent: pct(implemented, assessed),
        formula,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(ControlStatus, u32)]) -> StatusCounts {
        let mut c = StatusCounts::default();
        for &(s, n) in pairs {
            for _ in 0..n {
                c.add(s);
            }
        }
        c
    }

    #[test]
    fn coverage_and_readiness_side_by_side() {
        // 10 in scope: 1 N/A, 4 outside scope, 2 evidenced, 1 in part, 2 at risk.
        let c = counts(&[
            (ControlStatus::NotApplicable, 1),
            (ControlStatus::OutsideReviewScope, 4),
            (ControlStatus::Evidenced, 2),
            (ControlStatus::EvidencedInPart, 1),
            (ControlStatus::ArchitecturalRisk, 2),
        ]);
        let r = readiness(&c, SupplierModel::Supplier, "ISO 27001", "control");
        assert_eq!(
            (r.in_scope, r.applicable, r.assessed, r.evidenced),
            (10, 9, 5, 2)
        );
        assert_eq!(r.percent, Some(40.0));
        assert_eq!(r.percent_of_applicable, Some(22.2));
        assert_eq!(r.coverage_percent, Some(55.6));
        assert_eq!(r.implemented, 3);
        assert!(r.formula.contains("= 2 ÷ 5 = 40.0%"), "{}", r.formula);
    }

    #[test]
    fn carved_out_leaves_a_soc2_denominator_but_counts_as_ready_for_iso() {
        let c = counts(&[
            (ControlStatus::CarvedOut, 2),
            (ControlStatus::Evidenced, 1),
            (ControlStatus::EvidenceMissing, 1),
        ]);
        let soc2 = readiness(&c, SupplierModel::CarveOut, "SOC 2", "criterion");
        assert_eq!((soc2.applicable, soc2.assessed, soc2.evidenced), (2, 2, 1));
        assert!(
            soc2.formula.contains("2 carved out to AWS"),
            "{}",
            soc2.formula
        );
        let iso = readiness(&c, SupplierModel::Supplier, "ISO 27001", "control");
        assert_eq!((iso.applicable, iso.assessed, iso.evidenced), (4, 4, 3));
    }

    #[test]
    fn nothing_assessed_states_no_percentage() {
        let c = counts(&[(ControlStatus::OutsideReviewScope, 3)]);
        let r = readiness(&c, SupplierModel::Supplier, "GDPR", "article");
        assert_eq!(r.percent, None);
        assert!(r.formula.contains("not stated"));
    }
}

//! Text for the terminal: the summary `wafr report` and `wafr validate` print, the portfolio's,
//! the comparison of `wafr diff` ([`changes`]) and `wafr mappings list` (`wafr verify`'s is
//! `manifest::Verification::text`, beside its type). Plain
//! text, one line per fact, figures next to their raw counts; the CLI only prints it.

pub(crate) mod changes;

use crate::catalog::summary::CatalogSummary;
use crate::model::assessment::Assessment;
use crate::model::controls::{Readiness, StatusCounts};
use crate::model::portfolio::Portfolio;
use crate::render::freshness::Freshness;
use crate::textfmt::percent_text;

/// One paragraph for the terminal.
pub(crate) fn summary(a: &Assessment) -> String {
    let s = &a.summary;
    let mut out = format!(
        "{}: {} of {} questions answered; {} HRI, {} MRI ({} high, {} medium); {} not applicable\n{}\n",
        if a.workload.name.is_empty() {
            "review"
        } else {
            a.workload.name.as_str()
        },
        s.questions_answered,
        s.questions_total,
        s.practices.hri,
        s.practices.mri,
        crate::textfmt::count(s.questions_high, "question", "questions"),
        s.questions_medium,
        crate::textfmt::count(s.practices.not_applicable, "practice", "practices"),
        s.posture
    );
    for f in &a.frameworks {
        // Parts counted apart (ISO 27001: Annex A, clauses) are never summed into one figure.
        if f.parts.len() > 1 {
            out.push_str(&format!("  {}, each part counted apart:\n", f.short_name));
            for p in &f.parts {
                out.push_str(&readiness_line(
                    &format!("    {}:", p.label),
                    &p.counts,
                    &p.readiness,
                ));
            }
        } else {
            out.push_str(&readiness_line(
                &format!("  {:<10}", f.short_name),
                &f.counts,
                &f.readiness,
            ));
        }
    }
    out.push_str(&freshness(&super::freshness::freshness(a)));
    if let Some(c) = &a.comparison {
        out.push_str(&changes::text(c));
    }
    if a.redacted_notes > 0 {
        out.push_str(&format!(
            "Notes redacted on request: {} read \"[redacted]\" in every output\n",
            crate::textfmt::count(a.redacted_notes, "free-text note", "free-text notes")
        ));
    }
    out
}

/// One framework's (or part's) readiness with its counts, and its controls by status: the
/// evidence gaps listed by kind, the architectural risk apart.
fn readiness_line(label: &str, c: &StatusCounts, r: &Readiness) -> String {
    let gaps = c.evidence_missing
        + c.evidence_unverified
        + c.evidence_stale
        + c.evidence_partial
        + c.attestation_missing;
    let mut line = format!(
        "{label} readiness {} ({} of {} assessed); review covers {} of {} applicable; architectural risk {}; evidence gaps {gaps}",
        percent_text(r.percent, "n/a"),
        r.evidenced,
        r.assessed,
        r.assessed,
        r.applicable,
        c.architectural_risk,
    );
    if gaps > 0 {
        let kinds = [
            ("missing", c.evidence_missing),
            ("unverified", c.evidence_unverified),
            ("stale", c.evidence_stale),
            ("partial", c.evidence_partial),
            ("AWS attestation missing", c.attestation_missing),
        ];
        let listed: Vec<String> = kinds
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        line.push_str(&format!(" ({})", listed.join(", ")));
    }
    if c.technical_part_evidenced > 0 {
        line.push_str(&format!(
            "; technical part evidenced {}",
            c.technical_part_evidenced
        ));
    }
    line.push_str(&format!(
        "; outside review scope {}\n",
        c.outside_review_scope
    ));
    line
}

/// Freshness for the terminal: one line.
pub(crate) fn freshness(f: &Freshness) -> String {
    let review = match (f.review_date, f.review_age_days) {
        (Some(d), Some(age)) => format!("review of {d} ({age} days before the report date)"),
        _ => "review undated".to_owned(),
    };
    let lens = if f.lens_current {
        format!("lens {} (current)", f.current_lens)
    } else {
        format!(
            "lens {} (current: {})",
            f.review_lens.as_deref().unwrap_or("?"),
            f.current_lens
        )
    };
    // Its warnings are the assessment's, which the CLI prints once, on stderr.
    format!(
        "Freshness: {review}; {lens}; evidence register {}: {} expired, {} outside the audit period, {} expiring in it\n",
        crate::textfmt::count(f.evidence_total, "item", "items"),
        f.evidence_expired,
        f.evidence_outside_period,
        f.evidence_expiring_in_period
    )
}

/// The terminal summary of a portfolio.
pub(crate) fn portfolio(p: &Portfolio) -> String {
    let t = &p.totals;
    let mut out = format!(
        "portfolio: {} workloads assessed of {} found ({} failed); {} HRI, {} MRI; {} with an HRI; {} evidence gaps; {} stale reviews, {} on an old lens\n",
        t.workloads_assessed,
        t.workloads_found,
        t.workloads_failed,
        t.practices.hri,
        t.practices.mri,
        t.workloads_with_hri,
        t.evidence_gaps,
        t.stale_reviews,
        t.lens_not_current
    );
    for f in &p.frameworks {
        let spread = f
            .spread
            .map(|s| format!("; workloads from {:.1}% to {:.1}%", s.min, s.max))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {:<10} pooled readiness {:>6}  Σ evidenced {} ÷ Σ assessed {}{spread}\n",
            f.short_name,
            percent_text(f.pooled.percent, "n/a"),
            f.pooled.evidenced,
            f.pooled.assessed,
        ));
    }
    if let Some(tr) = &p.trend {
        out.push_str(&format!(
            "since {} ({}): {}\n",
            tr.baseline_date,
            tr.baseline,
            tr.summary()
        ));
    }
    out
}

/// Text of `wafr mappings list`.
pub(crate) fn mappings(s: &CatalogSummary) -> String {
    let l = &s.lens;
    let pillars: Vec<String> = l
        .pillars
        .iter()
        .map(|p| format!("{} {}/{}", p.name, p.questions, p.practices))
        .collect();
    let mut out = format!(
        "lens {} `{}` version {}: {} questions, {} practices, {} ids of older versions\n  pillars (questions/practices): {}\nmapping data {}\n\nframeworks (* assessed by default; others with --framework ID):\n",
        l.name,
        l.id,
        l.version,
        l.questions,
        l.practices,
        l.older_ids,
        pillars.join(", "),
        s.version
    );
    for f in &s.frameworks {
        let counts: Vec<String> = f.counts.iter().map(|(n, k)| format!("{k} {n}")).collect();
        out.push_str(&format!(
            "{} {:<15} {}, {}: {}; {} driven by a practice; {} crosswalk rows; {}/{} practices mapped\n",
            if f.default { "*" } else { " " },
            f.id,
            f.name,
            f.edition,
            counts.join(" and "),
            f.driven,
            f.rows,
            f.practices_mapped,
            l.practices
        ));
        if let Some(src) = &f.source {
            out.push_str(&format!("      source: {src}\n"));
        }
        if let Some(lic) = &f.licence {
            out.push_str(&format!("      licence: {lic}\n"));
        }
    }
    out.push_str("\nfiles:\n");
    for f in &s.files {
        out.push_str(&format!(
            "  {:<16} {:<56} {}{}\n",
            f.kind,
            f.path,
            f.origin,
            if f.replaces_builtin {
                " (replaces the built-in file)"
            } else {
                ""
            }
        ));
    }
    out
}

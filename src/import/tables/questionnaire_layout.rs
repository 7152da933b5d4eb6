//! The sheets and columns of wafr's questionnaire (`wafr template`), defined once: the writer,
//! `render::questionnaire`, lays the workbook out from these tables, and the importer reads it
//! back through the header aliases of [`super::columns`], which map every header here to the
//! field given with it (a test checks each one). Names, fields and widths only: no model, no
//! writer.

use super::columns::{Field, Kind, WorkloadField};

/// One column of a questionnaire sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Column {
    /// The header, as written (and read back).
    pub header: &'static str,
    /// What the importer reads it as.
    pub field: Field,
    /// Width in characters.
    pub width: f64,
}

const fn col(header: &'static str, field: Field, width: f64) -> Column {
    Column {
        header,
        field,
        width,
    }
}

/// One sheet with a header row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sheet {
    /// The sheet's name.
    pub name: &'static str,
    /// What the importer recognises the table as.
    pub kind: Kind,
    /// The columns, in order.
    pub columns: &'static [Column],
    /// The first column users fill in: it and every column after it get the input header.
    pub first_input: u16,
}

impl Sheet {
    /// The 0-based index of the column of `field` (the first, for [`Field::Info`]).
    pub(crate) fn position(&self, field: Field) -> Option<u16> {
        self.columns
            .iter()
            .position(|c| c.field == field)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// The 0-based index of the column headed `header`.
    pub(crate) fn position_of(&self, header: &str) -> Option<u16> {
        self.columns
            .iter()
            .position(|c| c.header == header)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// The last column's 0-based index.
    pub(crate) fn last(&self) -> u16 {
        u16::try_from(self.columns.len().saturating_sub(1)).unwrap_or(u16::MAX)
    }
}

/// The sheet of help text (skipped by the importer, by name).
pub(crate) const INSTRUCTIONS: &str = "Instructions";

/// The header of the Answers column that shows each practice's risk level.
pub(crate) const RISK: &str = "Risk";
/// The header of the Answers column that links each practice's guidance.
pub(crate) const GUIDANCE: &str = "Guidance";

/// The workload: a Field / Value table, one row per [`WORKLOAD_ROWS`] entry.
pub(crate) const WORKLOAD: Sheet = Sheet {
    name: "Workload",
    kind: Kind::Workload,
    columns: &[
        col("Field", Field::KvField, 22.0),
        col("Value", Field::KvValue, 50.0),
        col("Help", Field::Info, 70.0),
    ],
    first_input: 1,
};

/// One row per best practice, in catalog order: the catalog's columns, then those to fill.
pub(crate) const ANSWERS: Sheet = Sheet {
    name: "Answers",
    kind: Kind::Answers,
    columns: &[
        col("Question", Field::Question, 9.0),
        col("Question title", Field::QuestionTitle, 36.0),
        col("BP ID", Field::BpId, 12.0),
        col("Choice ID", Field::ChoiceId, 40.0),
        col("Best practice", Field::Practice, 44.0),
        col(RISK, Field::Info, 8.0),
        col(GUIDANCE, Field::Info, 10.0),
        col("Status", Field::Status, 16.0),
        col("Notes", Field::Notes, 40.0),
        col("Owner", Field::Owner, 18.0),
        col("Evidence", Field::Evidence, 22.0),
        col("N/A reason", Field::NaReason, 26.0),
        col("Impact", Field::Impact, 36.0),
        col("Effort", Field::Effort, 9.0),
        col("Effort (days)", Field::EffortDays, 9.0),
        col("Cost", Field::Cost, 11.0),
        col("Target date", Field::TargetDate, 12.0),
        col("Depends on", Field::DependsOn, 14.0),
    ],
    first_input: 7,
};

/// Question-level notes, not applicable and "None of these": an answers table without
/// practice columns.
pub(crate) const QUESTIONS: Sheet = Sheet {
    name: "Questions",
    kind: Kind::Answers,
    columns: &[
        col("Question", Field::Question, 9.0),
        col("Question title", Field::QuestionTitle, 50.0),
        col("Not applicable reason", Field::NaReason, 40.0),
        col("None of these", Field::NoneOfThese, 10.0),
        col("Notes", Field::Notes, 60.0),
    ],
    first_input: 2,
};

/// The evidence register.
pub(crate) const EVIDENCE: Sheet = Sheet {
    name: "Evidence register",
    kind: Kind::Evidence,
    columns: &[
        col("ID", Field::EvId, 10.0),
        col("Title", Field::EvTitle, 36.0),
        col("Owner", Field::EvOwner, 18.0),
        col("Location", Field::EvLocation, 36.0),
        col("SHA-256", Field::EvSha256, 24.0),
        col("Collected on", Field::EvCollected, 12.0),
        col("Period start", Field::EvPeriodStart, 12.0),
        col("Period end", Field::EvPeriodEnd, 12.0),
        col("Expires on", Field::EvExpires, 12.0),
        col("Supports", Field::EvSupports, 24.0),
        col("Kind", Field::EvKind, 12.0),
        col("Attestation report", Field::EvReport, 22.0),
        col("Issuer", Field::EvIssuer, 10.0),
        col("Attestation frameworks", Field::EvFrameworks, 18.0),
        col("Bridge letter until", Field::EvBridge, 12.0),
        col("Artifact reference", Field::EvArtifact, 30.0),
        col("Notes", Field::EvNotes, 36.0),
    ],
    first_input: 0,
};

/// Accepted risks (waivers).
pub(crate) const ACCEPTED_RISKS: Sheet = Sheet {
    name: "Accepted risks",
    kind: Kind::AcceptedRisks,
    columns: &[
        col("ID", Field::ArId, 10.0),
        col("Target", Field::ArTarget, 22.0),
        col("Title", Field::ArTitle, 36.0),
        col("Justification", Field::ArJustification, 40.0),
        col("Approver", Field::ArApprover, 18.0),
        col("Approved on", Field::ArApprovedOn, 12.0),
        col("Expires on", Field::ArExpires, 12.0),
        col("Compensating control", Field::ArCompensating, 36.0),
    ],
    first_input: 0,
};

/// Per-control decisions.
pub(crate) const CONTROLS: Sheet = Sheet {
    name: "Controls",
    kind: Kind::Controls,
    columns: &[
        col("Framework", Field::CtlFramework, 16.0),
        col("Control", Field::CtlControl, 12.0),
        col("Applicable", Field::CtlApplicable, 11.0),
        col("Justification", Field::CtlJustification, 40.0),
        col("Basis", Field::CtlBasis, 24.0),
        col("Not applicable reason", Field::CtlNotApplicable, 40.0),
        col("Responsibility", Field::CtlResponsibility, 14.0),
        col("Evidence", Field::CtlEvidence, 14.0),
        col("Sampling", Field::CtlSampling, 12.0),
        col("Owner", Field::CtlOwner, 18.0),
        col("Notes", Field::CtlNotes, 40.0),
    ],
    first_input: 0,
};

/// Rows of the Workload sheet: label (read back by [`super::columns::workload_label`]), the
/// field it is, and help.
pub(crate) const WORKLOAD_ROWS: &[(&str, WorkloadField, &str)] = &[
    (
        "Workload name",
        WorkloadField::Name,
        "Name of the workload under review (shown on the report cover).",
    ),
    (
        "Description",
        WorkloadField::Description,
        "What the workload does.",
    ),
    (
        "Organisation",
        WorkloadField::Organisation,
        "Organisation that owns the workload.",
    ),
    (
        "Environment",
        WorkloadField::Environment,
        "production, preproduction, …",
    ),
    (
        "Industry",
        WorkloadField::Industry,
        "Industry of the organisation.",
    ),
    (
        "AWS account IDs",
        WorkloadField::Accounts,
        "12-digit account ids, one per line (the cell is text, so leading zeros stay).",
    ),
    (
        "Regions",
        WorkloadField::Regions,
        "AWS Regions, one per line (eu-west-1 …).",
    ),
    (
        "Review owner",
        WorkloadField::ReviewOwner,
        "Who owns the review.",
    ),
    (
        "Reviewers",
        WorkloadField::Reviewers,
        "Who took part, one per line.",
    ),
    (
        "Review date",
        WorkloadField::ReviewDate,
        "Date of the review, YYYY-MM-DD.",
    ),
    (
        "Lens version",
        WorkloadField::LensVersion,
        "Version of the Security Pillar the answers refer to; this questionnaire is for the version given.",
    ),
    (
        "Scope",
        WorkloadField::Scope,
        "What the review covers and what it does not.",
    ),
    (
        "Notes",
        WorkloadField::Notes,
        "Anything else about the workload.",
    ),
    (
        "Milestone",
        WorkloadField::Milestone,
        "WA Tool milestone name or number, if any.",
    ),
    (
        "Criticality",
        WorkloadField::Criticality,
        "How critical the workload is to the business: critical, high, medium or low. A portfolio groups and ranks its workloads by it.",
    ),
    (
        "Currency",
        WorkloadField::Currency,
        "The currency of the Cost column on the Answers sheet, as its ISO 4217 code: EUR, USD, GBP … The reports print it beside each cost.",
    ),
    (
        "Audit type",
        WorkloadField::AuditType,
        "type1 (design on the report date) or type2 (operation over the audit period). Blank: type2 with an audit period, type1 without (--audit-type overrides it).",
    ),
    (
        "Audit period start",
        WorkloadField::PeriodStart,
        "First day of the audit period, YYYY-MM-DD; give both ends or neither (--period overrides them).",
    ),
    (
        "Audit period end",
        WorkloadField::PeriodEnd,
        "Last day of the audit period, YYYY-MM-DD.",
    ),
    (
        "Sampling frequency",
        WorkloadField::Sampling,
        "How often a recurring control must show evidence (Type II): monthly, quarterly, half-yearly, yearly, weekly, daily, or P3M, P2W, P30D (--sampling overrides it).",
    ),
    (
        "Fieldwork date",
        WorkloadField::Fieldwork,
        "When auditors start fieldwork, YYYY-MM-DD: evidence expiring before it gets a warning (--fieldwork).",
    ),
    (
        "Trust Services Categories",
        WorkloadField::Tsc,
        "SOC 2 categories in scope, one per line: security (always in), availability, confidentiality, processing-integrity, privacy. Blank: all (--tsc).",
    ),
    (
        "GDPR role",
        WorkloadField::GdprRole,
        "controller, processor or both. Blank: both (--gdpr-role).",
    ),
];

/// Yes, in the yes / no columns (Applicable, None of these).
pub(crate) const YES: &str = "Yes";
/// No, in the yes / no columns.
pub(crate) const NO: &str = "No";
/// Words of the yes / no drop-downs.
pub(crate) const YES_NO_CHOICES: &[&str] = &[YES, NO];

/// Status words of the Answers drop-down (the importer accepts more; see
/// `docs/spreadsheet-import.md`).
pub(crate) const STATUS_CHOICES: &[&str] = &["Implemented", "Not implemented", "Not applicable"];

#[cfg(test)]
mod tests {
    use super::super::columns::{Header, find_header, workload_label};
    use super::super::status_words::{Word, parse_word};
    use super::super::table::{Row, Table, Value};
    use super::*;
    use crate::error::Location;

    /// The header row of `sheet` as the importer sees it.
    fn header_of(sheet: &Sheet) -> Header {
        let row = Row {
            number: 1,
            cells: (0u32..)
                .zip(sheet.columns)
                .map(|(i, c)| (i, Value::Text(c.header.into())))
                .collect(),
        };
        let table = Table {
            at: Location::file("q.xlsx").sheet(sheet.name),
            sheet: Some(sheet.name.into()),
            rows: vec![row],
        };
        find_header(&table).unwrap_or_else(|| panic!("{}: no header row found", sheet.name))
    }

    #[test]
    fn every_sheet_reads_back_as_its_kind_and_fields() {
        for sheet in [
            WORKLOAD,
            ANSWERS,
            QUESTIONS,
            EVIDENCE,
            ACCEPTED_RISKS,
            CONTROLS,
        ] {
            let h = header_of(&sheet);
            assert_eq!(h.kind, sheet.kind, "{}", sheet.name);
            assert!(h.unknown.is_empty(), "{}: {:?}", sheet.name, h.unknown);
            for (i, c) in (0u32..).zip(sheet.columns) {
                let read = h.columns.iter().find(|x| x.col == i).map(|x| x.field);
                assert_eq!(read, Some(c.field), "{} column {}", sheet.name, c.header);
            }
        }
    }

    #[test]
    fn workload_labels_and_status_words_read_back() {
        for (label, field, _) in WORKLOAD_ROWS {
            assert_eq!(workload_label(label), Some(*field), "{label}");
        }
        for w in YES_NO_CHOICES {
            assert!(crate::import::engagement::yes_no(w).is_ok(), "{w}");
        }
        for w in STATUS_CHOICES {
            assert!(
                matches!(
                    parse_word(w),
                    Some(Word::Implemented | Word::NotImplemented | Word::NotApplicable(None))
                ),
                "{w}"
            );
        }
        assert_eq!(
            ANSWERS
                .columns
                .get(usize::from(ANSWERS.first_input))
                .map(|c| c.field),
            Some(Field::Status)
        );
    }
}

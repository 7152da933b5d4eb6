//! The engagement a review is read for: audit type (SOC 2 Type I or II), audit period, sampling
//! frequency, fieldwork date, the SOC 2 Trust Services Categories in scope and the GDPR role.
//! The review may state them (`audit` in the native format, the questionnaire's Workload
//! sheet); the command line overrides them. Pure data and parsing, no I/O.

use serde::{Deserialize, Serialize};
use time::Date;

/// SOC 2 audit type, and so what evidence must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditType {
    /// Design at a point in time: evidence current on the report date shows the design.
    Type1,
    /// Operating effectiveness over the audit period: operating evidence must cover it.
    Type2,
}

impl AuditType {
    /// Parses `type1`, `Type I`, `type-2`, `II`…
    pub fn parse(s: &str) -> Option<Self> {
        let k: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match k.strip_prefix("type").unwrap_or(&k) {
            "1" | "i" => Some(AuditType::Type1),
            "2" | "ii" => Some(AuditType::Type2),
            _ => None,
        }
    }

    /// Both types.
    pub const ALL: [AuditType; 2] = [AuditType::Type1, AuditType::Type2];

    /// `Type I` / `Type II`.
    pub fn label(self) -> &'static str {
        match self {
            AuditType::Type1 => "Type I",
            AuditType::Type2 => "Type II",
        }
    }

    /// `type1` / `type2`, as review files and the questionnaire spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditType::Type1 => "type1",
            AuditType::Type2 => "type2",
        }
    }
}

/// How often a recurring control must show evidence over the audit period (a sampling
/// frequency): the period is cut into slices of this length and each must hold evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Sampling {
    /// Slice length in months (0 when given in days).
    pub months: u32,
    /// Slice length in days (0 when given in months).
    pub days: u32,
}

impl Sampling {
    /// The frequencies that have a word, as [`Sampling::as_input`] writes them.
    pub(crate) const WORDS: [&'static str; 6] = [
        "monthly",
        "quarterly",
        "half-yearly",
        "yearly",
        "weekly",
        "daily",
    ];

    /// Parses `monthly`, `quarterly`, `semiannual`, `annual`, `weekly`, `daily`, or an ISO 8601
    /// duration of months, weeks or days (`P3M`, `P2W`, `P30D`). `None` for anything else (a
    /// sampling frequency that is not a duration is the caller's located error).
    pub fn parse(s: &str) -> Option<Self> {
        let k = s.trim().to_ascii_lowercase();
        let m = |months| Some(Sampling { months, days: 0 });
        let d = |days| Some(Sampling { months: 0, days });
        match k.as_str() {
            "daily" => return d(1),
            "weekly" => return d(7),
            "monthly" => return m(1),
            "quarterly" => return m(3),
            "semiannual" | "semi-annual" | "half-yearly" => return m(6),
            "annual" | "annually" | "yearly" => return m(12),
            _ => {}
        }
        let rest = k.strip_prefix('p')?;
        let (num, unit) = rest.split_at(rest.len().checked_sub(1)?);
        let n: u32 = num.parse().ok().filter(|n| (1..=366).contains(n))?;
        match unit {
            "m" if n <= 12 => m(n),
            "w" if n <= 52 => d(n * 7),
            "d" => d(n),
            "y" if n == 1 => m(12),
            _ => None,
        }
    }

    /// `quarterly`, `every 2 months`, `every 30 days`.
    pub fn label(self) -> String {
        match (self.months, self.days) {
            (1, 0) => "monthly".into(),
            (3, 0) => "quarterly".into(),
            (6, 0) => "half-yearly".into(),
            (12, 0) => "yearly".into(),
            (m, 0) => format!("every {m} months"),
            (0, 1) => "daily".into(),
            (0, 7) => "weekly".into(),
            (_, d) => format!("every {d} days"),
        }
    }

    /// The frequency as [`Sampling::parse`] reads it back: a word (`quarterly`) when it has
    /// one, else an ISO 8601 duration (`P2M`, `P30D`).
    pub fn as_input(self) -> String {
        match (self.months, self.days) {
            (1 | 3 | 6 | 12, 0) | (0, 1 | 7) => self.label(),
            (m, 0) => format!("P{m}M"),
            (_, d) => format!("P{d}D"),
        }
    }

    /// The slices of `start..=end`, each as (first day, last day); the last may be shorter.
    pub(crate) fn slices(self, start: Date, end: Date) -> Vec<(Date, Date)> {
        let mut out = Vec::new();
        let mut from = start;
        // A period of at most a few years: bounded by the day count in any case.
        while from <= end && out.len() < 4000 {
            let next = if self.months > 0 {
                add_months(from, self.months)
            } else {
                from.checked_add(time::Duration::days(i64::from(self.days.max(1))))
            };
            let last = next
                .and_then(|n| n.previous_day())
                .map_or(end, |l| l.min(end));
            out.push((from, last));
            match last.next_day() {
                Some(n) => from = n,
                None => break,
            }
        }
        out
    }
}

/// `date` plus `months` calendar months, clamped to the month's last day.
fn add_months(date: Date, months: u32) -> Option<Date> {
    let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = time::Month::try_from(u8::try_from(month0 + 1).ok()?).ok()?;
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).ok()
}

/// The organisation's GDPR role for the workload's processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GdprRole {
    /// Determines the purposes and means.
    Controller,
    /// Processes on a controller's behalf.
    Processor,
    /// Both, for different processing.
    Both,
}

impl GdprRole {
    /// Parses `controller`, `processor`, `both`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "controller" => Some(GdprRole::Controller),
            "processor" => Some(GdprRole::Processor),
            "both" | "controller and processor" => Some(GdprRole::Both),
            _ => None,
        }
    }

    /// True when a provision for `roles` (empty = both) applies to this role.
    pub(crate) fn covers(self, roles: &[String]) -> bool {
        roles.is_empty()
            || match self {
                GdprRole::Both => true,
                GdprRole::Controller => roles.iter().any(|r| r == "controller"),
                GdprRole::Processor => roles.iter().any(|r| r == "processor"),
            }
    }

    /// Every role.
    pub const ALL: [GdprRole; 3] = [GdprRole::Controller, GdprRole::Processor, GdprRole::Both];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            GdprRole::Controller => "controller",
            GdprRole::Processor => "processor",
            GdprRole::Both => "both",
        }
    }
}

/// A SOC 2 Trust Services Category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TscCategory {
    /// The common criteria (CC1 to CC9): always in scope.
    Security,
    /// A1.
    Availability,
    /// C1.
    Confidentiality,
    /// PI1.
    ProcessingIntegrity,
    /// P1 to P8.
    Privacy,
}

impl TscCategory {
    /// Every category.
    pub const ALL: [TscCategory; 5] = [
        TscCategory::Security,
        TscCategory::Availability,
        TscCategory::Confidentiality,
        TscCategory::ProcessingIntegrity,
        TscCategory::Privacy,
    ];

    /// Parses `security`, `processing-integrity`, `Processing Integrity`…
    pub fn parse(s: &str) -> Option<Self> {
        let k: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match k.as_str() {
            "security" | "commoncriteria" | "cc" => Some(TscCategory::Security),
            "availability" | "a" => Some(TscCategory::Availability),
            "confidentiality" | "c" => Some(TscCategory::Confidentiality),
            "processingintegrity" | "pi" => Some(TscCategory::ProcessingIntegrity),
            "privacy" | "p" => Some(TscCategory::Privacy),
            _ => None,
        }
    }

    /// The category of a SOC 2 criterion from the catalog's `category` text
    /// (`Security (Common Criteria)`, `Processing Integrity`…).
    pub(crate) fn of_catalog(category: &str) -> Option<Self> {
        let c = category.to_ascii_lowercase();
        TscCategory::ALL
            .into_iter()
            .find(|t| c.starts_with(&t.label().to_ascii_lowercase()))
    }

    /// `processing-integrity`, as review files and the questionnaire spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            TscCategory::Security => "security",
            TscCategory::Availability => "availability",
            TscCategory::Confidentiality => "confidentiality",
            TscCategory::ProcessingIntegrity => "processing-integrity",
            TscCategory::Privacy => "privacy",
        }
    }

    /// `Processing Integrity`.
    pub fn label(self) -> &'static str {
        match self {
            TscCategory::Security => "Security",
            TscCategory::Availability => "Availability",
            TscCategory::Confidentiality => "Confidentiality",
            TscCategory::ProcessingIntegrity => "Processing Integrity",
            TscCategory::Privacy => "Privacy",
        }
    }
}

/// The audit period given with `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl Period {
    /// Days in the period, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).whole_days() + 1
    }
}

/// The engagement as the review states it; each field may be overridden on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditScope {
    /// The audit period (`--period` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Type I or Type II.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_type: Option<AuditType>,
    /// Sampling frequency of recurring controls (Type II).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<Sampling>,
    /// When auditors start fieldwork: evidence expiring before it gets a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fieldwork: Option<Date>,
    /// SOC 2 categories in scope (Security is always in); empty = every category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tsc: Vec<TscCategory>,
    /// GDPR role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gdpr_role: Option<GdprRole>,
}

/// What an evidence register entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A policy, a standard, a configuration, a diagram: how the control is designed.
    Design,
    /// Logs, tickets, reviews, reports over time: that the control operated.
    Operation,
    /// Both.
    Both,
    /// A supplier's third-party attestation (AWS SOC 2 report, ISO/IEC 27001 certificate).
    Attestation,
}

impl EvidenceKind {
    /// Every kind.
    pub const ALL: [EvidenceKind; 4] = [
        EvidenceKind::Design,
        EvidenceKind::Operation,
        EvidenceKind::Both,
        EvidenceKind::Attestation,
    ];

    /// `design`, `operation`, `both`, `attestation`, as review files and the questionnaire
    /// spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Design => "design",
            EvidenceKind::Operation => "operation",
            EvidenceKind::Both => "both",
            EvidenceKind::Attestation => "attestation",
        }
    }

    /// Parses `design`, `operation` (`operating`, `operational`), `both`, `attestation`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "design" => Some(EvidenceKind::Design),
            "operation" | "operating" | "operational" | "operating effectiveness" => {
                Some(EvidenceKind::Operation)
            }
            "both" | "design and operation" => Some(EvidenceKind::Both),
            "attestation" => Some(EvidenceKind::Attestation),
            _ => None,
        }
    }

    /// True when it shows that the control operated (Type II).
    pub(crate) fn shows_operation(self) -> bool {
        matches!(self, EvidenceKind::Operation | EvidenceKind::Both)
    }

    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Design => "Design",
            EvidenceKind::Operation => "Operation",
            EvidenceKind::Both => "Design and operation",
            EvidenceKind::Attestation => "Attestation",
        }
    }
}

/// A supplier's attestation: which report, for which period, and where it is filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attestation {
    /// Who issued the report about whom (`AWS`).
    pub issuer: String,
    /// The report: `SOC 2 Type II`, `SOC 1 Type II`, `ISO/IEC 27001 certificate`, `C5`,
    /// `PCI DSS AOC`…
    pub report: String,
    /// Frameworks whose AWS-operated controls it evidences (ids); derived from the report when
    /// not given.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// A bridge (gap) letter extends the report's period to this date.
    #[serde(default)]
    pub bridge_letter_until: Option<Date>,
    /// The AWS Artifact reference (agreement or report name).
    #[serde(default)]
    pub artifact_reference: Option<String>,
}

impl Attestation {
    /// The frameworks a report evidences when the entry does not say: a SOC 2 report the SOC 2
    /// criteria; an ISO/IEC 27001 certificate the ISO controls and the frameworks that accept
    /// it as supplier assurance (NIST CSF, NIS2, DORA); a PCI DSS attestation of compliance PCI
    /// DSS. Matched on the report's name, case-insensitively.
    pub(crate) fn default_frameworks(report: &str) -> Vec<&'static str> {
        let r = report.to_ascii_lowercase();
        if r.contains("soc 2") || r.contains("soc2") {
            vec!["soc2-tsc-2017"]
        } else if r.contains("27001") {
            vec!["iso27001-2022", "nist-csf-2.0", "nis2", "dora"]
        } else if r.contains("pci") {
            vec!["pci-dss-4.0.1"]
        } else {
            Vec::new()
        }
    }

    /// The frameworks it evidences: as given, else [`Attestation::default_frameworks`].
    pub(crate) fn covers(&self, framework: &str) -> bool {
        if self.frameworks.is_empty() {
            Self::default_frameworks(&self.report).contains(&framework)
        } else {
            self.frameworks.iter().any(|f| f == framework)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn audit_types() {
        for (s, t) in [
            ("type1", AuditType::Type1),
            ("Type I", AuditType::Type1),
            ("type-2", AuditType::Type2),
            ("II", AuditType::Type2),
        ] {
            assert_eq!(AuditType::parse(s), Some(t), "{s}");
        }
        assert_eq!(AuditType::parse("type3"), None);
    }

    #[test]
    fn sampling_frequencies() {
        let q = Sampling::parse("quarterly").unwrap();
        assert_eq!(Sampling::parse("P3M"), Some(q));
        assert_eq!(Sampling::parse("p2w").unwrap().days, 14);
        for bad in ["often", "P0M", "P13M", "3M", "P", "", "P1.5M"] {
            assert_eq!(Sampling::parse(bad), None, "{bad}");
        }
        let s = q.slices(date!(2026 - 01 - 01), date!(2026 - 12 - 31));
        assert_eq!(
            s,
            vec![
                (date!(2026 - 01 - 01), date!(2026 - 03 - 31)),
                (date!(2026 - 04 - 01), date!(2026 - 06 - 30)),
                (date!(2026 - 07 - 01), date!(2026 - 09 - 30)),
                (date!(2026 - 10 - 01), date!(2026 - 12 - 31)),
            ]
        );
        // A period that does not fall on slice boundaries: the last slice is shorter.
        let s = q.slices(date!(2026 - 01 - 31), date!(2026 - 05 - 15));
        assert_eq!(
            s.last(),
            Some(&(date!(2026 - 04 - 30), date!(2026 - 05 - 15)))
        );
        assert_eq!(s[0], (date!(2026 - 01 - 31), date!(2026 - 04 - 29)));
    }

    /// What the questionnaire writes reads back as the same value.
    #[test]
    fn spellings_read_back() {
        for t in AuditType::ALL {
            assert_eq!(AuditType::parse(t.as_str()), Some(t));
        }
        for r in GdprRole::ALL {
            assert_eq!(GdprRole::parse(r.as_str()), Some(r));
        }
        for c in TscCategory::ALL {
            assert_eq!(TscCategory::parse(c.as_str()), Some(c));
        }
        for k in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(k.as_str()), Some(k));
        }
        for w in Sampling::WORDS {
            let s = Sampling::parse(w).unwrap();
            assert_eq!(s.as_input(), w);
        }
        for text in ["P2M", "P11M", "P30D", "P2W", "P1D", "P366D", "P1Y", "P52W"] {
            let s = Sampling::parse(text).unwrap();
            assert_eq!(Sampling::parse(&s.as_input()), Some(s), "{text}");
        }
        assert_eq!(Sampling::parse("P2W").unwrap().as_input(), "P14D");
    }

    #[test]
    fn roles_and_categories() {
        let processor = vec!["processor".to_owned()];
        assert!(GdprRole::Processor.covers(&processor));
        assert!(!GdprRole::Controller.covers(&processor));
        assert!(GdprRole::Controller.covers(&[]));
        assert_eq!(
            TscCategory::of_catalog("Security (Common Criteria)"),
            Some(TscCategory::Security)
        );
        assert_eq!(
            TscCategory::parse("processing-integrity"),
            Some(TscCategory::ProcessingIntegrity)
        );
    }

    #[test]
    fn attestations_cover_frameworks_by_report() {
        let a = Attestation {
            issuer: "AWS".into(),
            report: "SOC 2 Type II".into(),
            frameworks: Vec::new(),
            bridge_letter_until: None,
            artifact_reference: None,
        };
        assert!(a.covers("soc2-tsc-2017"));
        assert!(!a.covers("iso27001-2022"));
    }
}

//! The reference data a review is assessed against: the Security Pillar lens (questions, best
//! practices, ids of older lens versions), the framework catalogs and the crosswalk rows.
//!
//! Built by `catalog::load` from the `mappings/` files; pure data, no I/O.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

pub(crate) use super::ids::{
    PILLARS, canonical_bp_id, lens_id_of, normalise_title, parse_question_key, pillar_id,
    pillar_name, plural,
};

use serde::{Deserialize, Serialize};

use crate::error::Location;

/// Risk level of a best practice "if not established", as the Framework states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiskLevel {
    /// A foundational, must-do practice: missing it is a High Risk Issue (HRI).
    High,
    /// An enabling practice: missing it is a Medium Risk Issue (MRI).
    Medium,
    /// Missing it is a low risk; the WA Tool does not count it as an HRI or MRI.
    Low,
}

impl RiskLevel {
    /// Parses `High`, `medium`, `LOW`…
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "high" => Some(RiskLevel::High),
            "medium" => Some(RiskLevel::Medium),
            "low" => Some(RiskLevel::Low),
            _ => None,
        }
    }

    /// Weight used for ordering: High 3, Medium 2, Low 1.
    pub(crate) fn weight(self) -> u32 {
        match self {
            RiskLevel::High => 3,
            RiskLevel::Medium => 2,
            RiskLevel::Low => 1,
        }
    }
}

impl fmt::Display for RiskLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RiskLevel::High => "High",
            RiskLevel::Medium => "Medium",
            RiskLevel::Low => "Low",
        })
    }
}

/// One question of a pillar (SEC 1 to SEC 11, REL 1 to REL 13…).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    /// Our id: `SEC01` … `SEC11`, `REL01`…
    pub id: String,
    /// The WA Tool pillar id (`security`, `reliability`…).
    pub pillar: String,
    /// 1 to 11.
    pub number: u32,
    /// The WA Tool `QuestionId`, such as `securely-operate`.
    pub wa_id: String,
    /// Title as the Framework documentation gives it.
    pub title: String,
    /// Title as the WA Tool shows it, when different.
    pub wa_tool_title: Option<String>,
    /// Security focus area (Identity and access management, Detection, …).
    pub focus_area: String,
    /// The WA Tool choice id of "None of these" for this question.
    pub none_choice_id: String,
    /// The WA Tool improvement plan page of this question.
    pub improvement_url: String,
    /// A custom lens's risk rules, in order (the first condition that holds decides; the last
    /// is `default`). Empty for the Well-Architected Framework lens, whose rules AWS does not
    /// publish (`docs/statuses.md` states the rule wafr uses instead).
    #[serde(default)]
    pub risk_rules: Vec<RiskRule>,
}

/// A condition of a custom lens's risk rule: a boolean expression over choice ids (`&&`, `||`,
/// `!`, parentheses), or `default`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// Always true.
    Default,
    /// True when the choice is selected.
    Choice(String),
    /// Negation.
    Not(Box<Condition>),
    /// Both.
    And(Box<Condition>, Box<Condition>),
    /// Either.
    Or(Box<Condition>, Box<Condition>),
}

impl Condition {
    /// Evaluates the condition given which choices are selected.
    pub(crate) fn holds(&self, selected: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Condition::Default => true,
            Condition::Choice(c) => selected(c),
            Condition::Not(x) => !x.holds(selected),
            Condition::And(a, b) => a.holds(selected) && b.holds(selected),
            Condition::Or(a, b) => a.holds(selected) || b.holds(selected),
        }
    }

    /// Every choice id the condition names.
    pub(crate) fn choices(&self) -> Vec<&str> {
        match self {
            Condition::Default => Vec::new(),
            Condition::Choice(c) => vec![c.as_str()],
            Condition::Not(x) => x.choices(),
            Condition::And(a, b) | Condition::Or(a, b) => {
                let mut v = a.choices();
                v.extend(b.choices());
                v
            }
        }
    }
}

/// The risk a custom lens's rule gives a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleRisk {
    /// `HIGH_RISK`.
    High,
    /// `MEDIUM_RISK`.
    Medium,
    /// `NO_RISK`.
    None,
}

/// One risk rule of a custom lens's question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskRule {
    /// When it applies.
    pub condition: Condition,
    /// The risk it gives.
    pub risk: RuleRisk,
}

/// The risk the first rule whose condition holds gives (the WA Tool's evaluation order); `None`
/// only when no rule holds, which a lens with its mandatory `default` rule never allows.
pub(crate) fn evaluate_rules(
    rules: &[RiskRule],
    selected: &dyn Fn(&str) -> bool,
) -> Option<RuleRisk> {
    rules
        .iter()
        .find(|r| r.condition.holds(selected))
        .map(|r| r.risk)
}

/// One best practice.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Practice {
    /// `SEC01-BP01` …
    pub id: String,
    /// The WA Tool pillar id (`security`, `reliability`…).
    pub pillar: String,
    /// Question id (`SEC01`).
    pub question: String,
    /// WA Tool `ChoiceId`, stable across lens versions.
    pub choice_id: String,
    /// Title as the Framework documentation gives it.
    pub title: String,
    /// Title as the WA Tool shows it, when different.
    pub wa_tool_title: Option<String>,
    /// Risk if not established.
    pub risk: RiskLevel,
    /// Focus area (from the question).
    pub focus_area: String,
    /// Sub-area, when the Framework names one.
    pub sub_area: Option<String>,
    /// Framework documentation page.
    pub doc_url: String,
}

/// How an id of an older lens version relates to the current catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegacyMatch {
    /// Same choice, same number.
    Same,
    /// Same choice under another number or title.
    Renumbered,
    /// Folded into a current practice together with another old one.
    Merged,
    /// No direct successor; the closest current practice, by judgement.
    Inferred,
    /// Removed without successor.
    Removed,
}

/// A best practice of an older lens version.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LegacyPractice {
    /// The lens version label of the old id.
    pub lens_version: String,
    /// Old BP id (numbering of that version).
    pub old_bp_id: String,
    /// Old WA Tool choice id.
    pub old_choice_id: String,
    /// Old title.
    pub old_title: String,
    /// Old risk level, when known.
    pub old_risk: Option<RiskLevel>,
    /// Current BP id, unless removed.
    pub current: Option<String>,
    /// How the old id was matched.
    pub matched: LegacyMatch,
    /// Note on the match.
    pub note: Option<String>,
}

impl LegacyPractice {
    /// How the old practice was mapped when it took judgement (`merged`, `by judgement`, with
    /// the note of the match after `; `); `None` for a one-to-one match.
    pub fn judgement(&self) -> Option<String> {
        let how = match self.matched {
            LegacyMatch::Merged => "merged",
            LegacyMatch::Inferred => "by judgement",
            LegacyMatch::Same | LegacyMatch::Renumbered | LegacyMatch::Removed => return None,
        };
        Some(match &self.note {
            Some(n) => format!("{how}; {n}"),
            None => how.to_owned(),
        })
    }
}

/// A lens: one pillar's file, or the pillars of a catalog merged into one (then `id` is the
/// lens alias, `pillar_id` is empty and every question and practice says its pillar).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lens {
    /// Catalog id (`wa-security`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// WA Tool lens alias (`wellarchitected`).
    pub lens_alias: String,
    /// WA Tool pillar id (`security`).
    pub pillar_id: String,
    /// Lens version of this catalog (`2024-06-27`).
    pub version: String,
    /// Questions in order.
    pub questions: Vec<Question>,
    /// Practices in catalog order.
    pub practices: Vec<Practice>,
    /// Ids of older lens versions.
    pub legacy: Vec<LegacyPractice>,
}

/// One pillar of a loaded lens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pillar {
    /// WA Tool pillar id (`security`).
    pub id: String,
    /// Display name (`Security`).
    pub name: String,
    /// The lens file's id (`wa-security`).
    pub lens_id: String,
    /// The lens file's name.
    pub lens_name: String,
    /// WA Tool lens alias (`wellarchitected`).
    pub lens_alias: String,
    /// Lens version.
    pub version: String,
    /// Question id prefix (`SEC`).
    pub prefix: String,
}

/// Who answers for a control under the shared responsibility model.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Responsibility {
    /// The customer.
    #[default]
    Customer,
    /// Both: AWS for the cloud, the customer for what runs in it.
    Shared,
    /// AWS operates it (data centres): carved out (SOC 2) or supplier-operated (ISO), and
    /// evidenced only by AWS's own attestation on file.
    Aws,
}

impl Responsibility {
    /// Parses `customer`, `shared`, `aws` (also `inherited`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "customer" => Some(Responsibility::Customer),
            "shared" => Some(Responsibility::Shared),
            "aws" | "inherited" | "provider" => Some(Responsibility::Aws),
            _ => None,
        }
    }

    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Responsibility::Customer => "Customer",
            Responsibility::Shared => "Shared",
            Responsibility::Aws => "AWS",
        }
    }
}

/// What kind of duty a control is, and so whether a review of the architecture can speak to it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum ControlScope {
    /// Implemented by the workload's architecture and configuration: the review can speak to
    /// it through the practices mapped to it.
    #[default]
    Technical,
    /// A management-system, policy, people or process duty: no workload review can show it.
    Organisational,
    /// A legal duty (a data subject's right, a contract clause, a notification): outside any
    /// architecture review.
    Legal,
    /// A technical part and an organisational or legal part: the review can at best show the
    /// technical part.
    Mixed,
}

impl ControlScope {
    /// Parses the catalog value.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "technical" => Some(ControlScope::Technical),
            "organisational" | "organizational" => Some(ControlScope::Organisational),
            "legal" => Some(ControlScope::Legal),
            "mixed" => Some(ControlScope::Mixed),
            _ => None,
        }
    }

    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            ControlScope::Technical => "Technical",
            ControlScope::Organisational => "Organisational",
            ControlScope::Legal => "Legal",
            ControlScope::Mixed => "Mixed (technical and organisational)",
        }
    }

    /// True when a practice may drive the control's status: the review can show (a part of) it.
    pub(crate) fn reviewable(self) -> bool {
        matches!(self, ControlScope::Technical | ControlScope::Mixed)
    }
}

/// How a framework treats controls a supplier (AWS) operates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SupplierModel {
    /// The controls stay applicable and are operated through the supplier, whose attestation
    /// (an ISO/IEC 27001 certificate) evidences them (ISO 27001 A.5.19 to A.5.23).
    #[default]
    Supplier,
    /// SOC 2's carve-out method: the subservice organisation's controls leave the scope of the
    /// report; the customer keeps its complementary controls and monitors the subservice
    /// organisation (CC9.2, CC4.1).
    CarveOut,
}

/// One control, criterion, clause or article of a framework.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Control {
    /// Id within its framework (`CC6.1`, `A.8.5`, `Clause 6.1.2`, `Art.32(1)(a)`).
    pub id: String,
    /// Title or our own short label (never copyrighted control text).
    pub title: String,
    /// Group heading (`CC6 Logical and Physical Access Controls`).
    pub group: String,
    /// Category (SOC 2 Trust Services Category, CSF function) when given.
    pub category: Option<String>,
    /// Kind within the framework (`annex-a`, `clause`) when given.
    pub kind: Option<String>,
    /// Theme (ISO) when given.
    pub theme: Option<String>,
    /// Ids of an earlier edition this control replaces (information only).
    pub predecessors: Vec<String>,
    /// Who answers for it.
    pub responsibility: Responsibility,
    /// Why, for shared and AWS controls.
    pub responsibility_note: Option<String>,
    /// Complementary user-entity controls: what the customer must show for an AWS or shared
    /// control.
    pub cuecs: Vec<String>,
    /// Technical, organisational, legal or mixed.
    pub scope: ControlScope,
    /// Why, when given; for mixed controls, which part is technical.
    pub scope_note: Option<String>,
    /// What a workload review can show of a mixed control.
    pub technical_part: Option<String>,
    /// GDPR: the roles the provision applies to (`controller`, `processor`); empty = both.
    pub roles: Vec<String>,
    /// Title of the parent clause or article, when the id is a sub-part.
    pub parent_title: Option<String>,
}

/// One framework catalog (one edition).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Framework {
    /// Id, edition included (`soc2-tsc-2017`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name for charts (`SOC 2`).
    pub short_name: String,
    /// Edition.
    pub edition: String,
    /// Publisher.
    pub publisher: String,
    /// What one control is called (`criterion`, `control`, `article`).
    pub control_noun: String,
    /// Where to read the framework.
    pub url: Option<String>,
    /// What evidences the controls AWS operates (the attestation to collect).
    pub inherited_evidence: Option<String>,
    /// How controls AWS operates are treated (carve-out or supplier-operated).
    pub supplier_model: SupplierModel,
    /// Assessed when no `--framework` is given; packs beyond the three defaults are not.
    pub default: bool,
    /// Where the ids and titles come from.
    pub source: Option<String>,
    /// Terms under which they are reused.
    pub licence: Option<String>,
    /// The scope the framework applies to (PCI DSS: the cardholder data environment).
    pub scope_statement: Option<String>,
    /// Controls in catalog order.
    pub controls: Vec<Control>,
}

/// How a best practice relates to a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Same outcome.
    Equal,
    /// The practice delivers part of the control.
    Subset,
    /// The practice asks for more than the control.
    Superset,
    /// Overlap.
    Intersects,
    /// Helps the control without implementing it; never drives its status.
    Supports,
    /// Explicitly no control of this framework (the row carries the reason).
    None,
}

impl Relation {
    /// Parses the crosswalk value.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "equal" => Some(Relation::Equal),
            "subset" => Some(Relation::Subset),
            "superset" => Some(Relation::Superset),
            "intersects" => Some(Relation::Intersects),
            "supports" => Some(Relation::Supports),
            "none" => Some(Relation::None),
            _ => None,
        }
    }

    /// True for relations whose practice decides the control's status.
    pub fn drives_status(self) -> bool {
        matches!(
            self,
            Relation::Equal | Relation::Subset | Relation::Superset | Relation::Intersects
        )
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Equal => "equal",
            Relation::Subset => "subset",
            Relation::Superset => "superset",
            Relation::Intersects => "intersects",
            Relation::Supports => "supports",
            Relation::None => "none",
        }
    }
}

/// One crosswalk row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MappingRow {
    /// Best practice id.
    pub bp: String,
    /// Framework id.
    pub framework: String,
    /// Control id; `None` for an explicit no-mapping row.
    pub control: Option<String>,
    /// Relation.
    pub relation: Relation,
    /// One-line rationale.
    pub rationale: String,
    /// Where the judgement comes from.
    pub source: String,
    /// File and row.
    pub at: Location,
}

/// Two controls of different frameworks that ask for the same outcome: a practice that drives
/// one should drive the other, or a rationale should say why not (`wafr mappings check`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Equivalence {
    /// (framework id, control id).
    pub a: (String, String),
    /// (framework id, control id).
    pub b: (String, String),
    /// What they share.
    pub note: String,
    /// File and row.
    pub at: Location,
}

/// A pair of controls an authoritative public crosswalk between two frameworks links (ENISA's
/// NIS2 → ISO/IEC 27001 table, NIST's informative references): used only to cross-check wafr's
/// own rows (`wafr mappings check --cross-check`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrossReference {
    /// (framework id, control id).
    pub a: (String, String),
    /// (framework id, control id).
    pub b: (String, String),
    /// The relation the source gives (`related` when it gives none).
    pub relation: String,
    /// The source, with its licence.
    pub source: String,
    /// File and row.
    pub at: Location,
}

/// One mapping file and where it came from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogFile {
    /// Path relative to the mappings folder.
    pub path: String,
    /// `<builtin>` or the user folder it came from.
    pub origin: String,
    /// What the file holds (`lens`, `framework`, `crosswalk`, `legacy-ids`).
    pub kind: String,
    /// Id of the lens or framework the file defines or maps to.
    pub id: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// True when a user file replaced a built-in file of the same path.
    pub replaces_builtin: bool,
}

/// Everything loaded from `mappings/`.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Every loaded pillar's questions and practices, merged in the WA Tool's pillar order.
    pub lens: Lens,
    /// The pillars loaded, in that order.
    pub pillars: Vec<Pillar>,
    /// Framework catalogs, sorted by id.
    pub frameworks: Vec<Framework>,
    /// Crosswalk rows, in file order.
    pub crosswalk: Vec<MappingRow>,
    /// The files, sorted by path.
    pub files: Vec<CatalogFile>,
    /// Short digest of all mapping files: identifies the mapping data in reports.
    pub version: String,
    /// Frameworks left out with `--framework`: references to their controls in a review are
    /// ignored rather than reported as unknown.
    pub excluded_frameworks: Vec<Framework>,
    /// Equivalent controls across frameworks (for consistency checks).
    pub equivalents: Vec<Equivalence>,
    /// Authoritative crosswalks between frameworks (for `--cross-check`).
    pub cross_references: Vec<CrossReference>,
    /// Practices and questions of pillars left out by [`Catalog::restricted`]: id → pillar
    /// name. A review naming them is not wrong, only outside this run.
    pub set_aside: BTreeMap<String, String>,
    by_bp: HashMap<String, usize>,
    by_choice: HashMap<String, usize>,
    by_title: HashMap<String, usize>,
}

impl Catalog {
    /// Builds the lookup indexes.
    pub fn new(
        lens: Lens,
        frameworks: Vec<Framework>,
        crosswalk: Vec<MappingRow>,
        files: Vec<CatalogFile>,
        version: String,
    ) -> Self {
        let mut by_bp = HashMap::new();
        let mut by_choice = HashMap::new();
        let mut by_title = HashMap::new();
        for (i, p) in lens.practices.iter().enumerate() {
            by_bp.insert(p.id.clone(), i);
            by_choice.insert(p.choice_id.clone(), i);
            by_title.insert(normalise_title(&p.title), i);
            if let Some(t) = &p.wa_tool_title {
                by_title.entry(normalise_title(t)).or_insert(i);
            }
        }
        Catalog {
            pillars: Vec::new(),
            lens,
            frameworks,
            crosswalk,
            files,
            version,
            by_bp,
            by_choice,
            by_title,
            excluded_frameworks: Vec::new(),
            equivalents: Vec::new(),
            cross_references: Vec::new(),
            set_aside: BTreeMap::new(),
        }
    }

    /// The catalog restricted to some pillars' questions and practices (the lens's identity
    /// becomes that pillar's when one is left). Frameworks and crosswalk rows stay whole, so a
    /// control can still tell that another pillar covers it.
    pub fn restricted(&self, pillars: &[String]) -> Catalog {
        let keep = |p: &str| pillars.iter().any(|x| x == p);
        let kept: Vec<&Pillar> = self.pillars.iter().filter(|p| keep(&p.id)).collect();
        let mut lens = Lens {
            questions: self
                .lens
                .questions
                .iter()
                .filter(|q| keep(&q.pillar))
                .cloned()
                .collect(),
            practices: self
                .lens
                .practices
                .iter()
                .filter(|p| keep(&p.pillar))
                .cloned()
                .collect(),
            legacy: self.lens.legacy.clone(),
            ..self.lens.clone()
        };
        if let [one] = kept.as_slice() {
            lens.id = one.lens_id.clone();
            lens.name = one.lens_name.clone();
            lens.pillar_id = one.id.clone();
            lens.version = one.version.clone();
        } else if !kept.is_empty() {
            lens.name = format!(
                "AWS Well-Architected Framework ({})",
                kept.iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let mut c = Catalog::new(
            lens,
            self.frameworks.clone(),
            self.crosswalk.clone(),
            self.files.clone(),
            self.version.clone(),
        );
        for p in self.lens.practices.iter().filter(|p| !keep(&p.pillar)) {
            c.set_aside
                .insert(p.id.clone(), pillar_name_of(&self.pillars, &p.pillar));
        }
        for q in self.lens.questions.iter().filter(|q| !keep(&q.pillar)) {
            c.set_aside
                .insert(q.id.clone(), pillar_name_of(&self.pillars, &q.pillar));
        }
        c.pillars = kept.into_iter().cloned().collect();
        c.excluded_frameworks = self.excluded_frameworks.clone();
        c.equivalents = self.equivalents.clone();
        c.cross_references = self.cross_references.clone();
        c
    }

    /// The pillar of a practice or question left out of this run, if `id` is one.
    pub(crate) fn set_aside_pillar(&self, id: &str) -> Option<&str> {
        self.set_aside.get(id).map(String::as_str)
    }

    /// The pillar a practice or question id belongs to (by the loaded lens).
    pub(crate) fn pillar_of(&self, bp_or_question: &str) -> Option<&str> {
        if let Some(p) = self.practice(bp_or_question) {
            return Some(p.pillar.as_str());
        }
        self.lens
            .questions
            .iter()
            .find(|x| x.id == bp_or_question)
            .map(|x| x.pillar.as_str())
    }

    /// The practice with this current BP id.
    pub fn practice(&self, id: &str) -> Option<&Practice> {
        self.by_bp.get(id).map(|&i| &self.lens.practices[i])
    }

    /// Position of a practice in catalog order.
    pub(crate) fn practice_index(&self, id: &str) -> Option<usize> {
        self.by_bp.get(id).copied()
    }

    /// The practice with this current WA Tool choice id.
    pub(crate) fn practice_by_choice(&self, choice: &str) -> Option<&Practice> {
        self.by_choice
            .get(choice.trim())
            .map(|&i| &self.lens.practices[i])
    }

    /// The practice with this title (current Framework or WA Tool title), normalised.
    pub(crate) fn practice_by_title(&self, title: &str) -> Option<&Practice> {
        self.by_title
            .get(&normalise_title(title))
            .map(|&i| &self.lens.practices[i])
    }

    /// The question with this id (`SEC01`), number form (`SEC 1`, `SEC1`) or WA Tool id.
    pub(crate) fn question(&self, key: &str) -> Option<&Question> {
        let k = key.trim();
        if let Some(q) = self
            .lens
            .questions
            .iter()
            .find(|q| q.id == k || q.wa_id == k)
        {
            return Some(q);
        }
        let (prefix, n) = parse_question_key(k)?;
        let prefix = prefix.unwrap_or_else(|| "SEC".to_owned());
        self.lens
            .questions
            .iter()
            .find(|q| q.number == n && q.id.starts_with(&prefix) && q.id.len() == prefix.len() + 2)
    }

    /// Practices of a question, in order.
    pub fn practices_of<'a>(
        &'a self,
        question: &'a str,
    ) -> impl Iterator<Item = &'a Practice> + 'a {
        self.lens
            .practices
            .iter()
            .filter(move |p| p.question == question)
    }

    /// The old-version entry for an old choice id.
    pub(crate) fn legacy_by_choice(&self, choice: &str) -> Option<&LegacyPractice> {
        self.lens
            .legacy
            .iter()
            .find(|l| l.old_choice_id == choice.trim())
    }

    /// The framework with this id.
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}

/// A pillar's name by id (the id itself when the pillar is not loaded).
fn pillar_name_of(pillars: &[Pillar], id: &str) -> String {
    pillars
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_owned(), |p| p.name.clone())
}

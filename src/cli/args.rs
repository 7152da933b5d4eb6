//! The command line as clap types: commands, their arguments and the global flags. [`super::job`]
//! checks them and turns them into the pipeline's types; [`super::choice`] parses closed sets.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::choice::Choice;
use crate::pipeline::commands::MappingsFormat;
use crate::pipeline::{
    Appendices, BacklogFormat, Format, Gate, MappingSources, PdfStandard, RequestsFormat,
    TemplateLimits,
};

/// AWS Well-Architected reviews → architectural risk, and SOC 2, ISO/IEC 27001:2022, GDPR (and
/// more) readiness, with certification evidence gaps kept apart.
#[derive(Debug, Parser)]
#[command(name = "wafr", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Flags every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Flags every command takes, before or after the command name.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Print nothing but errors (no summary, no warnings, no progress bar).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: every warning (not only the first 20), and notes on what was read.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Colour errors, warnings and headings: auto (on a terminal, unless NO_COLOR is set),
    /// always or never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto",
          value_parser = ["auto", "always", "never"])]
    pub color: String,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Import a review, assess it and write the reports into a folder.
    Report(ReportArgs),
    /// Import and assess a review, print every problem and a summary; write nothing.
    Validate(ValidateArgs),
    /// Compare a review with a baseline (an earlier review or milestone): resolved, new and
    /// regressed findings, question risk, control statuses and readiness then and now.
    Diff(DiffArgs),
    /// Export the open HRIs and MRIs of the improvement plan as work items (Jira CSV, GitHub
    /// CSV, JSON or Markdown).
    Backlog(BacklogArgs),
    /// The evidence an auditor would ask for: per control with an evidence gap, what is
    /// missing, partial, stale or unverified, its owner and due date (CSV, JSON or Markdown).
    EvidenceRequests(EvidenceRequestsArgs),
    /// Inspect the mapping data (catalog, frameworks, crosswalks).
    #[command(subcommand)]
    Mappings(MappingsCommand),
    /// Write a fill-in questionnaire workbook (XLSX) that `wafr report` reads back.
    #[command(alias = "template")]
    Questionnaire(QuestionnaireArgs),
    /// Work with the report templates (the typst and tera files the reports are made from).
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Roll many workloads up into one consolidated report (portfolio.pdf, portfolio.xlsx,
    /// portfolio.json); with --each, also each workload's own reports.
    Portfolio(PortfolioArgs),
    /// Check a report or portfolio folder against its manifest.json: every output listed is
    /// still the file wafr wrote (SHA-256). Exit code 1 when one changed or is missing.
    Verify(VerifyArgs),
    /// Print a shell completion script: `wafr completions bash > ~/.local/share/bash-completion/completions/wafr`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one per command into a folder.
    Man(ManArgs),
}

/// `wafr completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `wafr man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write wafr.1 and a page per command (wafr-report.1 …) into this folder instead of
    /// printing wafr.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `wafr verify`.
#[derive(Debug, Args)]
#[command(
    after_help = "The manifest also records the inputs, mapping files and templates with their SHA-256, and the options that shape the outputs: running `wafr report` again on the same inputs with the same --date gives the same bytes.\n\nWithout wafr: sha256sum each file and compare with the manifest's outputs."
)]
pub struct VerifyArgs {
    /// A folder written by `wafr report` or `wafr portfolio`.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// `wafr portfolio`.
#[derive(Debug, Args)]
#[command(
    after_help = "Inputs: a file is one workload; in a folder, each review file is one workload and each sub-folder is one workload made of all its files (a WA Tool export and its evidence file together). Quoted glob patterns are expanded by wafr: 'reviews/*.json', 'teams/**/*.xlsx'.\n\nExamples:\n  wafr portfolio reviews/ --out portfolio\n  wafr portfolio 'reviews/*.json' --each --out portfolio\n  wafr portfolio reviews/ --out portfolio-q4 --baseline portfolio-q3/portfolio.json"
)]
pub struct PortfolioArgs {
    /// Review files, folders of workloads, or glob patterns.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "wafr-portfolio")]
    pub out: PathBuf,
    /// Also write every workload's own reports into DIR/<workload-slug>/.
    #[arg(long)]
    pub each: bool,
    /// Outputs of each workload with --each, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_name = "FORMATS", requires = "each",
          value_parser = Choice::<Format>::new("format"))]
    pub format: Vec<Format>,
    /// Also write the consolidated PDF's typst sources and data.json into DIR.
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// An earlier run's portfolio.json, to show the trend since then (workloads matched by
    /// their slug).
    #[arg(long, value_name = "OLD/portfolio.json")]
    pub baseline: Option<PathBuf>,
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Templates and branding.
    #[command(flatten)]
    pub render: RenderArgs,
    /// PDF standard and template limits.
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// Print what was written, the totals and the failed workloads as JSON on standard output
    /// (schema `wafr/run/1`) instead of the text summary.
    #[arg(long)]
    pub json: bool,
}

/// `wafr questionnaire` (alias `template`).
#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    /// The workbook to write, such as questionnaire.xlsx.
    #[arg(value_name = "FILE")]
    pub out: PathBuf,
    /// Pre-fill it from a review (any input `wafr report` reads; repeatable).
    #[arg(long = "from", value_name = "INPUT")]
    pub from: Vec<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Document date (YYYY-MM-DD): the same date gives the same bytes.
    /// Default: SOURCE_DATE_EPOCH if set, else today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Pillars to ask about, comma-separated: operational-excellence, security, reliability,
    /// performance, cost, sustainability. Default: those of --from, else security.
    #[arg(long, value_delimiter = ',', value_name = "PILLARS")]
    pub pillars: Vec<String>,
    /// Mapping sources.
    #[command(flatten)]
    pub mappings: MappingArgs,
}

/// `wafr templates …`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in report templates into a folder, to edit and use with `--templates`.
    Export {
        /// Target folder (created; existing files are never overwritten).
        dir: PathBuf,
    },
}

/// Templates and branding of the reports.
#[derive(Debug, Args, Clone, Default)]
pub struct RenderArgs {
    /// A folder overlaying the built-in report templates, file by file.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A config file with a `[report]` section: organisation, title, classification, accent,
    /// report_version, prepared_by, reviewed_by, approved_by, logo.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Organisation shown on the cover (default: the review's).
    #[arg(long, value_name = "NAME")]
    pub organisation: Option<String>,
    /// Classification label (default: CONFIDENTIAL).
    #[arg(long, value_name = "LABEL")]
    pub classification: Option<String>,
    /// Accent colour, #RRGGBB.
    #[arg(long, value_name = "COLOUR")]
    pub accent: Option<String>,
    /// Logo image (PNG, JPEG or SVG, at most 2 MiB).
    #[arg(long, value_name = "FILE")]
    pub logo: Option<PathBuf>,
    /// Report version shown on the cover.
    #[arg(long, value_name = "VERSION")]
    pub report_version: Option<String>,
}

/// The PDF standard and the bounds on running templates (`report`, `portfolio`).
#[derive(Debug, Args, Clone)]
pub struct PdfArgs {
    /// PDF standard of report.pdf and portfolio.pdf: 1.7 (default), a-2b or a-3b (PDF/A, for
    /// archiving), ua-1 (PDF/UA-1, tagged for screen readers) or a-2b+ua-1 (both).
    #[arg(long, value_name = "STANDARD", value_parser = Choice::<PdfStandard>::not_one_of())]
    pub pdf_standard: Option<PdfStandard>,
    /// Where the report's appendices (every practice and every control) go: include (at the
    /// end of report.pdf, the default), separate (report-appendices.pdf beside it) or none
    /// (the workbook has every row).
    #[arg(long, value_name = "WHERE", value_parser = Choice::<Appendices>::not_one_of())]
    pub appendices: Option<Appendices>,
    /// Stop a report template (PDF or Markdown) that runs longer than this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = TemplateLimits::TIME_SECS)]
    pub template_time_limit: u64,
    /// Stop a report template that uses more than this many MiB of memory (a PDF's: the
    /// process that typesets it, fonts included).
    #[arg(long, value_name = "MIB", default_value_t = TemplateLimits::MEMORY_MIB)]
    pub template_memory_limit: u64,
}

/// Options shared by every command that assesses a review.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Report date (YYYY-MM-DD); every "today" comparison uses it, so outputs are reproducible.
    /// Default: SOURCE_DATE_EPOCH if set, else today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Audit period START..END (YYYY-MM-DD..YYYY-MM-DD): evidence outside it is stale.
    #[arg(long, value_name = "START..END")]
    pub period: Option<String>,
    /// Frameworks to assess, comma-separated or repeated (default: SOC 2, ISO 27001 and GDPR),
    /// e.g. `--framework iso27001-2022,nist-csf-2.0,nis2,dora,pci-dss-4.0.1`.
    #[arg(long = "framework", value_name = "ID", value_delimiter = ',')]
    pub frameworks: Vec<String>,
    /// SOC 2 audit type: type1 (design on the report date) or type2 (operation over the audit
    /// period). Default: the review's, else type2 with an audit period and type1 without.
    #[arg(long, value_name = "TYPE")]
    pub audit_type: Option<String>,
    /// Sampling frequency of recurring controls for Type II: monthly, quarterly, P3M, P30D…
    #[arg(long, value_name = "FREQUENCY")]
    pub sampling: Option<String>,
    /// Fieldwork start (YYYY-MM-DD): evidence expiring before it gets a warning.
    #[arg(long, value_name = "DATE")]
    pub fieldwork: Option<String>,
    /// SOC 2 Trust Services Categories in scope, comma-separated (security is always in):
    /// security, availability, confidentiality, processing-integrity, privacy.
    #[arg(long, value_delimiter = ',', value_name = "CATEGORIES")]
    pub tsc: Vec<String>,
    /// GDPR role for the workload's processing: controller, processor or both.
    #[arg(long, value_name = "ROLE")]
    pub gdpr_role: Option<String>,
    /// Well-Architected pillars to assess, comma-separated: operational-excellence, security,
    /// reliability, performance, cost, sustainability. Default: every pillar the input answers.
    #[arg(long, value_delimiter = ',', value_name = "PILLARS")]
    pub pillars: Vec<String>,
    /// Treat warnings about the input as errors.
    #[arg(long)]
    pub strict: bool,
    /// Replace every free-text note (workload, practice, question, evidence, control) with
    /// "[redacted]" in every output; the reports say how many. Statuses, owners and evidence
    /// references stay.
    #[arg(long)]
    pub redact_notes: bool,
    /// Mapping sources.
    #[command(flatten)]
    pub mappings: MappingArgs,
}

/// Where mapping data comes from.
#[derive(Debug, Args, Clone, Default)]
pub struct MappingArgs {
    /// A folder of mapping files overriding or adding to the built-in ones (repeatable; later
    /// folders win).
    #[arg(long = "mappings", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Use only the files of `--mappings` folders.
    #[arg(long)]
    pub no_builtin_mappings: bool,
    /// A custom lens in the WA Tool's custom lens JSON format (repeatable); its crosswalk goes
    /// in a `--mappings` folder (`crosswalks/<lens>__<framework>.csv`, practice ids = choice ids).
    #[arg(long = "lens", value_name = "FILE")]
    pub lenses: Vec<PathBuf>,
}

/// `wafr report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Review files: wafr JSON, WA Tool JSON, XLSX, XLS, ODS or CSV (format read from content).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "wafr-report")]
    pub out: PathBuf,
    /// Outputs to write, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_name = "FORMATS",
          value_parser = Choice::<Format>::new("format"))]
    pub format: Vec<Format>,
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Templates and branding.
    #[command(flatten)]
    pub render: RenderArgs,
    /// PDF standard and template limits.
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// Also write the PDF's typst sources and their data.json into DIR, to compile them with
    /// the typst CLI: `typst compile --root DIR DIR/pdf/report.typ`.
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// A baseline to compare with: review files of an earlier review or milestone, or the
    /// `assessment.json` of an earlier run (repeatable, one file per flag).
    #[arg(long, value_name = "FILE")]
    pub baseline: Vec<PathBuf>,
    /// Print what was written, the summary, readiness and every warning as JSON on standard
    /// output (schema `wafr/run/1`) instead of the text summary.
    #[arg(long)]
    pub json: bool,
}

/// `wafr validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Review files.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Exit with code 1 when the review has such findings: `high` (an open HRI), `medium` (an
    /// open HRI or MRI), `evidence-gap` (a control with an evidence gap of any kind),
    /// `unanswered` (a question unanswered). Repeatable or comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "GATE",
          value_parser = Choice::<Gate>::new("gate").or_empty())]
    pub fail_on: Vec<Option<Gate>>,
    /// Print the verdict as JSON on standard output (counts, gates tripped, readiness).
    #[arg(long)]
    pub json: bool,
}

/// `wafr diff`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  wafr diff baseline.json review.json\n  wafr diff old-answers.json old-evidence.json -- new-answers.json new-evidence.json\n  wafr diff previous/assessment.json review.json --json"
)]
pub struct DiffArgs {
    /// The baseline, then the current review (OLD NEW); with several files per side, the
    /// baseline's files, then `--`, then the current review's files. Either side may be the
    /// `assessment.json` of an earlier run.
    #[arg(required = true, value_name = "OLD")]
    pub old: Vec<PathBuf>,
    /// The current review's files, after `--`.
    #[arg(last = true, value_name = "NEW")]
    pub new: Vec<PathBuf>,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub json: bool,
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `wafr backlog`.
#[derive(Debug, Args)]
pub struct BacklogArgs {
    /// Review files.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// `csv` (Jira's CSV importer), `github-csv` (GitHub issue importers), `json` or `md`.
    #[arg(long, value_name = "FORMAT", default_value = "csv",
          value_parser = Choice::<BacklogFormat>::new("backlog format"))]
    pub format: BacklogFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
    /// A folder overlaying the built-in report templates (`text/backlog-item.md.tera` …).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `wafr evidence-requests`.
#[derive(Debug, Args)]
pub struct EvidenceRequestsArgs {
    /// Review files.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// `csv` (one row per request, for a ticket tool's importer), `json` or `md`.
    #[arg(long, value_name = "FORMAT", default_value = "csv",
          value_parser = Choice::<RequestsFormat>::new("format"))]
    pub format: RequestsFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `wafr mappings …`.
#[derive(Debug, Subcommand)]
pub enum MappingsCommand {
    /// Validate every mapping file; coverage gaps are errors here.
    Check(MappingsCheckArgs),
    /// Show the lens, each framework pack (edition, counts, default or not, source, licence)
    /// and where each file came from.
    List(MappingsListArgs),
    /// Write the crosswalk for other tools: CISO Assistant libraries (YAML) and a CSV in NIST
    /// IR 8477's vocabulary.
    Export(MappingsExportArgs),
}

/// `wafr mappings check`.
#[derive(Debug, Args)]
pub struct MappingsCheckArgs {
    /// Also hold the crosswalk against the authoritative crosswalks between frameworks in
    /// `mappings/cross-references/` (ENISA's NIS2 to ISO 27001 table) and list where they
    /// disagree (to review; not an error).
    #[arg(long)]
    pub cross_check: bool,
    /// Mapping sources.
    #[command(flatten)]
    pub mappings: MappingArgs,
}

/// `wafr mappings list`.
#[derive(Debug, Args)]
pub struct MappingsListArgs {
    /// Print it as JSON (schema `wafr/mappings/1`).
    #[arg(long)]
    pub json: bool,
    /// Mapping sources.
    #[command(flatten)]
    pub mappings: MappingArgs,
}

/// `wafr mappings export`.
#[derive(Debug, Args)]
pub struct MappingsExportArgs {
    /// Folder to write into (created if missing; the files are written all or none).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// What to write, comma-separated: ciso-assistant, ir8477 (default: both).
    #[arg(long, value_delimiter = ',', value_name = "FORMATS",
          value_parser = Choice::<MappingsFormat>::new("format"))]
    pub format: Vec<MappingsFormat>,
    /// Date of the export (YYYY-MM-DD): the libraries' publication date and version, so the
    /// same date gives the same bytes. Default: SOURCE_DATE_EPOCH if set, else today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Mapping sources.
    #[command(flatten)]
    pub mappings: MappingArgs,
}

impl MappingArgs {
    /// The mapping sources named.
    pub(crate) fn sources(&self) -> MappingSources {
        MappingSources {
            lenses: self.lenses.clone(),
            dirs: self.dirs.clone(),
            no_builtin: self.no_builtin_mappings,
        }
    }
}

//! The command line as clap types, and their conversion into the pipeline's options and
//! requests ([`Job`]): the one place where arguments are checked and become library types, as
//! typst-cli's `CompileConfig::new` does. The library below never sees clap types.
//!
//! Closed choices (`--format`, `--pdf-standard`, `--fail-on`, backlog formats) are clap
//! `ValueEnum`s built from the spellings their types state once ([`Named`]), parsed by
//! [`Choice`]; an unknown value is a usage error (exit code 2) that lists what is available.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::pipeline::commands::BacklogRequest;
use crate::pipeline::commands::MappingsFormat;
use crate::pipeline::portfolio::PortfolioRequest;
use crate::pipeline::{
    AssessOptions, BacklogFormat, BrandingFlags, Format, Gate, ImportOptions, MappingSources,
    Options, PdfStandard, Period, RenderSources, ReportRequest, RequestsFormat, TemplateLimits,
    parse_date,
};
use crate::textfmt::Named;
use time::Date;

/// Well-Architected Security Pillar reviews → SOC 2, ISO/IEC 27001:2022 and GDPR readiness.
#[derive(Debug, Parser)]
#[command(name = "wafr", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
    /// Work with the report templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Write a fill-in questionnaire workbook (XLSX) that `wafr report` reads back.
    Template(TemplateArgs),
    /// Roll many workloads up into one consolidated report (portfolio.pdf, portfolio.xlsx,
    /// portfolio.json); with --each, also each workload's own reports.
    Portfolio(PortfolioArgs),
    /// Check a report or portfolio folder against its manifest.json: every output listed is
    /// still the file wafr wrote (SHA-256). Exit code 1 when one changed or is missing.
    Verify(VerifyArgs),
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
    after_help = "Inputs: a file is one workload; in a folder, each review file is one workload and each sub-folder is one workload made of all its files (a WA Tool export and its evidence file together). Quoted glob patterns are expanded by wafr: 'reviews/*.json', 'teams/**/*.xlsx'.\n\nExamples:\n  wafr portfolio reviews/ --out portfolio\n  wafr portfolio 'reviews/*.json' --each --out portfolio"
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
    /// Options shared with other commands.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Templates and branding.
    #[command(flatten)]
    pub render: RenderArgs,
    /// PDF standard and template limits.
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// Print nothing but errors (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `wafr template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
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
    /// PDF standard of report.pdf and portfolio.pdf: 1.7 (default), a-2b (PDF/A-2b, for archiving) or a-3b.
    #[arg(long, value_name = "STANDARD", value_parser = Choice::<PdfStandard>::not_one_of())]
    pub pdf_standard: Option<PdfStandard>,
    /// Stop a report template (PDF or Markdown) that runs longer than this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = TemplateLimits::TIME_SECS)]
    pub template_time_limit: u64,
    /// Stop a report template that uses more than this many MiB of memory.
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
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// A baseline to compare with: review files of an earlier review or milestone, or the
    /// `assessment.json` of an earlier run (repeatable, one file per flag).
    #[arg(long, value_name = "FILE")]
    pub baseline: Vec<PathBuf>,
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
    /// open HRI or MRI), `evidence-gap` (a control with evidence missing or stale),
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
    Check(MappingArgs),
    /// Show frameworks, counts, coverage and where each file came from.
    List(MappingArgs),
    /// Write the crosswalk for other tools: CISO Assistant libraries (YAML) and a CSV in NIST
    /// IR 8477's vocabulary.
    Export(MappingsExportArgs),
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
    fn sources(&self) -> MappingSources {
        MappingSources {
            lenses: self.lenses.clone(),
            dirs: self.dirs.clone(),
            no_builtin: self.no_builtin_mappings,
        }
    }
}

/// clap's `ValueEnum` for each closed choice, from the spellings its type states once
/// ([`Named`]): the library's types stay free of clap, and their names live in one place.
macro_rules! value_enum {
    ($($t:ty),*) => {$(
        impl clap::ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                <$t as Named>::VARIANTS
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.name()).aliases(self.aliases().iter().copied()))
            }
        }
    )*};
}

value_enum!(
    Format,
    PdfStandard,
    BacklogFormat,
    Gate,
    RequestsFormat,
    MappingsFormat
);

/// Parses one value of a closed set with its `ValueEnum`: a name or alias, in any case, spaces
/// around ignored. Help texts list the names as possible values; an unknown value is a usage
/// error that lists them too, in the words the tests and scripts already know.
#[derive(Clone)]
pub struct Choice<T> {
    /// What a value is called in errors ("format", "gate" …); `None`: the error reads
    /// `--flag "value" is not one of: …`.
    what: Option<&'static str>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Choice<T> {
    /// A parser whose errors read `unknown <what> "value" for --flag; available: …`.
    pub fn new(what: &'static str) -> Self {
        Choice {
            what: Some(what),
            kind: PhantomData,
        }
    }

    /// A parser whose errors read `--flag "value" is not one of: …`.
    pub fn not_one_of() -> Self {
        Choice {
            what: None,
            kind: PhantomData,
        }
    }

    /// The same parser, taking an empty value (`--fail-on ""`, a trailing comma) as none.
    pub fn or_empty(self) -> OrEmpty<T> {
        OrEmpty(self)
    }
}

impl<T: ValueEnum + Named + Send + Sync> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> std::result::Result<T, clap::Error> {
        let s = value.to_string_lossy();
        let flag = arg.and_then(|a| a.get_long()).unwrap_or("value");
        T::from_str(s.trim(), true).map_err(|_| {
            let message = match self.what {
                Some(what) => format!(
                    "unknown {what} \"{s}\" for --{flag}; available: {}\n",
                    T::names()
                ),
                None => format!("--{flag} \"{s}\" is not one of: {}\n", T::names()),
            };
            clap::Error::raw(ErrorKind::InvalidValue, message).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// A [`Choice`] that takes an empty value as none.
#[derive(Clone)]
pub struct OrEmpty<T>(Choice<T>);

impl<T: ValueEnum + Named + Send + Sync> TypedValueParser for OrEmpty<T> {
    type Value = Option<T>;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> std::result::Result<Option<T>, clap::Error> {
        if value.to_string_lossy().trim().is_empty() {
            return Ok(None);
        }
        self.0.parse_ref(cmd, arg, value).map(Some)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        self.0.possible_values()
    }
}

/// A command with its arguments checked and turned into library types.
#[derive(Debug)]
pub(crate) enum Job {
    /// `wafr report`.
    Report {
        opts: Options,
        req: ReportRequest,
        quiet: bool,
    },
    /// `wafr validate`.
    Validate {
        opts: Options,
        inputs: Vec<PathBuf>,
        gates: Vec<Gate>,
        json: bool,
    },
    /// `wafr diff`.
    Diff {
        opts: Options,
        old: Vec<PathBuf>,
        new: Vec<PathBuf>,
        json: bool,
    },
    /// `wafr backlog`.
    Backlog { opts: Options, req: BacklogRequest },
    /// `wafr mappings check`.
    MappingsCheck(MappingSources),
    /// `wafr mappings list`.
    MappingsList(MappingSources),
    /// `wafr mappings export`.
    MappingsExport {
        sources: MappingSources,
        dir: PathBuf,
        formats: Vec<MappingsFormat>,
        date: Date,
    },
    /// `wafr evidence-requests`.
    EvidenceRequests {
        opts: Options,
        inputs: Vec<PathBuf>,
        format: RequestsFormat,
        out: Option<PathBuf>,
    },
    /// `wafr template`.
    Questionnaire {
        opts: Options,
        out: PathBuf,
        from: Vec<PathBuf>,
        force: bool,
    },
    /// `wafr templates export`.
    ExportTemplates(PathBuf),
    /// `wafr portfolio`.
    Portfolio {
        opts: Options,
        req: PortfolioRequest,
        quiet: bool,
    },
    /// `wafr verify`.
    Verify(PathBuf),
}

impl TryFrom<Command> for Job {
    type Error = Error;

    fn try_from(command: Command) -> Result<Job> {
        Ok(match command {
            Command::Report(a) => report_job(a)?,
            Command::Validate(a) => Job::Validate {
                opts: a.common.options(RenderSources::default())?,
                inputs: a.inputs,
                gates: chosen(a.fail_on),
                json: a.json,
            },
            Command::Diff(a) => diff_job(a)?,
            Command::Backlog(a) => Job::Backlog {
                opts: a.common.options(RenderSources {
                    templates: a.templates,
                    ..Default::default()
                })?,
                req: BacklogRequest {
                    inputs: a.inputs,
                    format: a.format,
                    out: a.out,
                },
            },
            Command::Mappings(MappingsCommand::Check(m)) => Job::MappingsCheck(m.sources()),
            Command::Mappings(MappingsCommand::Export(a)) => Job::MappingsExport {
                sources: a.mappings.sources(),
                dir: a.dir,
                formats: if a.format.is_empty() {
                    MappingsFormat::VARIANTS.to_vec()
                } else {
                    a.format
                },
                date: report_date(a.date.as_deref())?,
            },
            Command::EvidenceRequests(a) => Job::EvidenceRequests {
                opts: a.common.options(RenderSources::default())?,
                inputs: a.inputs,
                format: a.format,
                out: a.out,
            },
            Command::Mappings(MappingsCommand::List(m)) => Job::MappingsList(m.sources()),
            Command::Template(a) => {
                let mut opts =
                    Options::new(AssessOptions::new(report_date(a.date.as_deref())?, None));
                opts.mappings = a.mappings.sources();
                Job::Questionnaire {
                    opts,
                    out: a.out,
                    from: a.from,
                    force: a.force,
                }
            }
            Command::Templates(TemplatesCommand::Export { dir }) => Job::ExportTemplates(dir),
            Command::Portfolio(a) => portfolio_job(a)?,
            Command::Verify(a) => Job::Verify(a.dir),
        })
    }
}

fn report_job(a: ReportArgs) -> Result<Job> {
    let opts = a.common.options(a.render.sources(&a.pdf))?;
    Ok(Job::Report {
        opts,
        req: ReportRequest {
            inputs: a.inputs,
            baseline: a.baseline,
            out_dir: a.out,
            formats: formats(a.format),
            emit_typst: a.emit_typst,
        },
        quiet: a.quiet,
    })
}

fn diff_job(a: DiffArgs) -> Result<Job> {
    let (old, new) = if a.new.is_empty() {
        match a.old.as_slice() {
            [o, n] => (vec![o.clone()], vec![n.clone()]),
            _ => {
                return Err(Error::Usage(
                    "give the baseline and the current review: `wafr diff OLD NEW`, or with several files per side `wafr diff OLD... -- NEW...`".into(),
                ));
            }
        }
    } else {
        (a.old, a.new)
    };
    Ok(Job::Diff {
        opts: a.common.options(RenderSources::default())?,
        old,
        new,
        json: a.json,
    })
}

fn portfolio_job(a: PortfolioArgs) -> Result<Job> {
    let opts = a.common.options(a.render.sources(&a.pdf))?;
    Ok(Job::Portfolio {
        opts,
        req: PortfolioRequest {
            inputs: a.inputs,
            out_dir: a.out,
            each: a.each.then(|| formats(a.format)),
            emit_typst: a.emit_typst,
        },
        quiet: a.quiet,
    })
}

/// The values given, empty ones left out.
fn chosen<T>(list: Vec<Option<T>>) -> Vec<T> {
    list.into_iter().flatten().collect()
}

/// The formats asked for, each once, in the order outputs are written; all when none is given.
fn formats(mut out: Vec<Format>) -> Vec<Format> {
    if out.is_empty() {
        return Format::ALL.to_vec();
    }
    out.sort();
    out.dedup();
    out
}

impl RenderArgs {
    /// Where templates and branding come from, with the PDF settings.
    fn sources(self, pdf: &PdfArgs) -> RenderSources {
        RenderSources {
            templates: self.templates,
            branding: BrandingFlags {
                config: self.config,
                organisation: self.organisation,
                classification: self.classification,
                accent: self.accent,
                logo: self.logo,
                report_version: self.report_version,
            },
            pdf_standard: pdf.pdf_standard.unwrap_or_default(),
            limits: TemplateLimits {
                time: std::time::Duration::from_secs(pdf.template_time_limit),
                memory: pdf.template_memory_limit.saturating_mul(1024 * 1024),
            },
        }
    }
}

/// The report date: `--date`, else SOURCE_DATE_EPOCH, else the clock (the only clock read).
fn report_date(arg: Option<&str>) -> Result<Date> {
    if let Some(s) = arg {
        return parse_date(s)
            .filter(|_| s.trim().len() == 10)
            .ok_or_else(|| Error::Usage(format!("--date \"{s}\" is not a date (YYYY-MM-DD)")));
    }
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = v
            .trim()
            .parse()
            .map_err(|_| Error::Usage(format!("SOURCE_DATE_EPOCH \"{v}\" is not a number")))?;
        return time::OffsetDateTime::from_unix_timestamp(secs)
            .map(|t| t.date())
            .map_err(|_| Error::Usage(format!("SOURCE_DATE_EPOCH \"{v}\" is out of range")));
    }
    Ok(time::OffsetDateTime::now_utc().date())
}

fn parse_period(s: &str) -> Result<Period> {
    let bad = || {
        Error::Usage(format!(
            "--period \"{s}\" is not START..END (YYYY-MM-DD..YYYY-MM-DD)"
        ))
    };
    let (a, b) = s.split_once("..").ok_or_else(bad)?;
    let start = parse_date(a)
        .filter(|_| a.trim().len() == 10)
        .ok_or_else(bad)?;
    let end = parse_date(b)
        .filter(|_| b.trim().len() == 10)
        .ok_or_else(bad)?;
    if end < start {
        return Err(Error::Usage(format!(
            "--period \"{s}\" ends before it starts"
        )));
    }
    Ok(Period { start, end })
}

impl CommonArgs {
    /// Validated options for the pipeline; templates and branding are read from `render`.
    fn options(self, render: RenderSources) -> Result<Options> {
        let assess = AssessOptions {
            date: report_date(self.date.as_deref())?,
            period: self.period.as_deref().map(parse_period).transpose()?,
            audit: self.audit_scope()?,
            pillars: self
                .pillars
                .iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| {
                    crate::model::catalog::pillar_id(p).map(str::to_owned).ok_or_else(|| {
                        Error::Usage(format!(
                            "--pillars \"{p}\" is not a pillar: operational-excellence, security, reliability, performance, cost, sustainability"
                        ))
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        };
        Ok(Options {
            mappings: self.mappings.sources(),
            frameworks: self.frameworks,
            import: ImportOptions {
                strict: self.strict,
                redact_notes: self.redact_notes,
            },
            assess,
            render: render.load()?,
        })
    }
    /// The engagement given on the command line (each field overrides the review's).
    fn audit_scope(&self) -> Result<crate::model::audit::AuditScope> {
        use crate::model::audit::{AuditType, GdprRole, Sampling, TscCategory};
        let bad = |flag: &str, v: &str, accepted: &str| {
            Error::Usage(format!("{flag} \"{v}\" is not one of: {accepted}"))
        };
        let audit_type = self
            .audit_type
            .as_deref()
            .map(|v| AuditType::parse(v).ok_or_else(|| bad("--audit-type", v, "type1, type2")))
            .transpose()?;
        let sampling = self
            .sampling
            .as_deref()
            .map(|v| {
                Sampling::parse(v).ok_or_else(|| {
                    bad("--sampling", v, "monthly, quarterly, half-yearly, yearly, weekly, daily, or a duration such as P3M, P2W, P30D")
                })
            })
            .transpose()?;
        let fieldwork = self
            .fieldwork
            .as_deref()
            .map(|v| {
                parse_date(v)
                    .filter(|_| v.trim().len() == 10)
                    .ok_or_else(|| {
                        Error::Usage(format!("--fieldwork \"{v}\" is not a date (YYYY-MM-DD)"))
                    })
            })
            .transpose()?;
        let tsc = self
            .tsc
            .iter()
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                TscCategory::parse(v).ok_or_else(|| {
                    bad(
                        "--tsc",
                        v,
                        "security, availability, confidentiality, processing-integrity, privacy",
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let gdpr_role = self
            .gdpr_role
            .as_deref()
            .map(|v| {
                GdprRole::parse(v)
                    .ok_or_else(|| bad("--gdpr-role", v, "controller, processor, both"))
            })
            .transpose()?;
        Ok(crate::model::audit::AuditScope {
            period: None,
            audit_type,
            sampling,
            fieldwork,
            tsc,
            gdpr_role,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn periods() {
        assert!(parse_period("2026-01-01..2026-12-31").is_ok());
        assert!(parse_period("2026-12-31..2026-01-01").is_err());
        assert!(parse_period("2026-01-01").is_err());
    }

    #[test]
    fn closed_choices_keep_their_spellings() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.command);
        let Ok(Command::Report(r)) = parse(&[
            "wafr",
            "report",
            "x",
            "--format",
            "MD,pdf",
            "--pdf-standard",
            " PDF/A-2B ",
        ]) else {
            panic!("report did not parse");
        };
        assert_eq!(formats(r.format), vec![Format::Pdf, Format::Markdown]);
        assert_eq!(r.pdf.pdf_standard, Some(PdfStandard::A2b));
        let Ok(Command::Validate(v)) =
            parse(&["wafr", "validate", "x", "--fail-on", "hri,Evidence_Gap,"])
        else {
            panic!("validate did not parse");
        };
        assert_eq!(chosen(v.fail_on), vec![Gate::High, Gate::EvidenceGap]);
        let e = parse(&["wafr", "backlog", "x", "--format", "xlsx"])
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("available: csv, github-csv, json, md")));
    }
}

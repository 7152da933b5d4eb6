//! Command line: clap types, their conversion into [`pipeline::Options`], and printing.
//! The library below never sees clap types.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use time::Date;

use crate::assess::AssessOptions;
use crate::catalog;
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::import::ImportOptions;
use crate::import::text::parse_date;
use crate::model::assessment::{Assessment, Period};
use crate::pipeline::{self, Options};
use crate::render::Format;

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
    #[arg(long, value_delimiter = ',', value_name = "FORMATS", requires = "each")]
    pub format: Vec<String>,
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

impl RenderArgs {
    /// Loads templates and branding once.
    pub fn options(&self) -> Result<crate::render::RenderOptions> {
        let branding = crate::render::Branding::load(&crate::render::branding::BrandingFlags {
            config: self.config.clone(),
            organisation: self.organisation.clone(),
            classification: self.classification.clone(),
            accent: self.accent.clone(),
            logo: self.logo.clone(),
            report_version: self.report_version.clone(),
        })?;
        let templates = crate::render::TemplateSet::load(self.templates.as_deref())?;
        Ok(crate::render::RenderOptions {
            templates,
            branding,
            ..Default::default()
        })
    }
}

/// The PDF standard and the bounds on running templates (`report`, `portfolio`).
#[derive(Debug, Args, Clone)]
pub struct PdfArgs {
    /// PDF standard of report.pdf and portfolio.pdf: 1.7 (default), a-2b (PDF/A-2b, for archiving) or a-3b.
    #[arg(long, value_name = "STANDARD")]
    pub pdf_standard: Option<String>,
    /// Stop a report template (PDF or Markdown) that runs longer than this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = crate::render::guard::Limits::TIME_SECS)]
    pub template_time_limit: u64,
    /// Stop a report template that uses more than this many MiB of memory.
    #[arg(long, value_name = "MIB", default_value_t = crate::render::guard::Limits::MEMORY_MIB)]
    pub template_memory_limit: u64,
}

impl PdfArgs {
    /// Sets the PDF standard and the template limits of `opts`.
    fn apply(&self, opts: &mut crate::render::RenderOptions) -> Result<()> {
        opts.template_limits = crate::render::guard::Limits {
            time: std::time::Duration::from_secs(self.template_time_limit),
            memory: self.template_memory_limit.saturating_mul(1024 * 1024),
        };
        if let Some(s) = &self.pdf_standard {
            opts.pdf_standard = crate::render::pdf::PdfStandard::parse(s).ok_or_else(|| {
                Error::Usage(format!(
                    "--pdf-standard \"{s}\" is not one of: {}",
                    crate::render::pdf::PdfStandard::ALL
                        .map(|p| p.name())
                        .join(", ")
                ))
            })?;
        }
        Ok(())
    }
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
    /// Only these frameworks (repeatable; default: all), e.g. `--framework soc2-tsc-2017`.
    #[arg(long = "framework", value_name = "ID")]
    pub frameworks: Vec<String>,
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
    #[arg(long, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<String>,
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
    #[arg(long, value_delimiter = ',', value_name = "GATE")]
    pub fail_on: Vec<String>,
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
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    pub format: String,
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

/// `wafr mappings …`.
#[derive(Debug, Subcommand)]
pub enum MappingsCommand {
    /// Validate every mapping file; coverage gaps are errors here.
    Check(MappingArgs),
    /// Show frameworks, counts, coverage and where each file came from.
    List(MappingArgs),
}

impl MappingArgs {
    fn sources(&self) -> catalog::Sources {
        catalog::Sources {
            dirs: self.dirs.clone(),
            no_builtin: self.no_builtin_mappings,
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
    /// Validated options for the pipeline.
    pub fn options(&self) -> Result<Options> {
        Ok(Options {
            mappings: self.mappings.sources(),
            frameworks: self.frameworks.clone(),
            import: ImportOptions {
                strict: self.strict,
                redact_notes: self.redact_notes,
            },
            assess: AssessOptions {
                date: report_date(self.date.as_deref())?,
                period: self.period.as_deref().map(parse_period).transpose()?,
            },
            render: Default::default(),
            baseline: Vec::new(),
        })
    }
}

fn formats(list: &[String]) -> Result<Vec<Format>> {
    if list.is_empty() {
        return Ok(Format::ALL.to_vec());
    }
    let mut out = Vec::new();
    for f in list {
        let fmt = Format::parse(f).ok_or_else(|| {
            Error::Usage(format!(
                "unknown format \"{f}\"; available: {}",
                Format::ALL
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        if !out.contains(&fmt) {
            out.push(fmt);
        }
    }
    out.sort();
    Ok(out)
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Prints an error and its causes to stderr.
pub fn print_error(e: &Error) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {e}");
    if let Error::Invalid { problems, .. } = e {
        for p in problems {
            let tag = if p.severity == Severity::Error {
                ""
            } else {
                "warning: "
            };
            let _ = writeln!(err, "  {tag}{}", p.to_string().replace('\n', "\n  "));
        }
    }
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let _ = writeln!(err, "  caused by: {s}");
        src = s.source();
    }
}

fn print_warnings(ws: &[Diagnostic], limit: usize) {
    let mut err = std::io::stderr().lock();
    for w in ws.iter().take(limit) {
        let _ = writeln!(err, "warning: {}", w.to_string().replace('\n', "\n  "));
    }
    if ws.len() > limit {
        let _ = writeln!(
            err,
            "warning: … and {} more (all are in assessment.json)",
            ws.len() - limit
        );
    }
}

/// One paragraph for the terminal.
pub fn summary_text(a: &Assessment) -> String {
    let s = &a.summary;
    let mut out = format!(
        "{}: {} of {} questions answered; {} HRI, {} MRI ({} questions high, {} medium); {} practices not applicable\n{}\n",
        if a.workload.name.is_empty() {
            "review"
        } else {
            a.workload.name.as_str()
        },
        s.questions_answered,
        s.questions_total,
        s.practices.hri,
        s.practices.mri,
        s.questions_high,
        s.questions_medium,
        s.practices.not_applicable,
        s.posture
    );
    for f in &a.frameworks {
        let r = &f.readiness;
        out.push_str(&format!(
            "  {:<10} readiness {:>6}  evidenced {}/{} assessed; architectural risk {}, evidence missing {}, stale {}, outside review scope {}\n",
            f.short_name,
            r.percent.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "n/a".into()),
            r.evidenced,
            r.assessed,
            f.counts.architectural_risk,
            f.counts.evidence_missing,
            f.counts.evidence_stale,
            f.counts.outside_review_scope,
        ));
    }
    out.push_str(&crate::render::freshness::text(
        &crate::render::freshness::freshness(a),
    ));
    if let Some(c) = &a.comparison {
        out.push_str(&crate::render::changes::text(c));
    }
    if a.redacted_notes > 0 {
        out.push_str(&format!(
            "Notes redacted on request: {} free-text note(s) read \"[redacted]\" in every output\n",
            a.redacted_notes
        ));
    }
    out
}

fn gates(list: &[String]) -> Result<Vec<crate::gate::Gate>> {
    list.iter()
        .filter(|g| !g.trim().is_empty())
        .map(|g| {
            crate::gate::Gate::parse(g).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown gate \"{g}\" for --fail-on; available: {}",
                    crate::gate::Gate::ALL
                        .iter()
                        .map(|g| g.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        })
        .collect()
}

fn to_json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string_pretty(v).map_err(|e| Error::Internal(format!("serialising JSON: {e}")))
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Report(args) => {
            let mut opts = args.common.options()?;
            opts.render = args.render.options()?;
            opts.baseline = args.baseline.clone();
            args.pdf.apply(&mut opts.render)?;
            let formats = formats(&args.format)?;
            let w = pipeline::report_emitting(
                &args.inputs,
                &args.out,
                &formats,
                &opts,
                args.emit_typst.as_deref(),
            )?;
            if !args.quiet {
                print_warnings(&w.mapping_warnings, 10);
                for t in &w.pdf_warnings {
                    eprintln!("warning: {}", t.to_string().replace('\n', "\n  "));
                }
                print_warnings(&w.assessment.warnings, 20);
                if let Some(c) = &w.assessment.comparison {
                    print_warnings(&c.baseline_warnings, 10);
                }
                print!("{}", summary_text(&w.assessment));
                for f in &w.files {
                    println!("wrote {}", crate::error::display_path(f));
                }
            }
            Ok(0)
        }
        Command::Validate(args) => {
            let opts = args.common.options()?;
            let gates = gates(&args.fail_on)?;
            let (catalog, load) = pipeline::load_catalog(&opts)?;
            let a = pipeline::assess_inputs(&args.inputs, &catalog, &opts)?;
            print_warnings(&load.warnings, 10);
            print_warnings(&a.warnings, usize::MAX);
            let verdict = crate::gate::evaluate(&a, &gates);
            if args.json {
                println!("{}", to_json(&verdict)?);
            } else {
                print!("{}", summary_text(&a));
            }
            if !verdict.passed {
                return Err(Error::Gate(crate::gate::summary_line(&verdict)));
            }
            if !gates.is_empty() {
                eprintln!("{}", crate::gate::summary_line(&verdict));
            }
            Ok(0)
        }
        Command::Diff(args) => {
            let opts = args.common.options()?;
            let (old, new) = if args.new.is_empty() {
                match args.old.as_slice() {
                    [o, n] => (vec![o.clone()], vec![n.clone()]),
                    _ => {
                        return Err(Error::Usage(
                            "give the baseline and the current review: `wafr diff OLD NEW`, or with several files per side `wafr diff OLD... -- NEW...`".into(),
                        ));
                    }
                }
            } else {
                (args.old.clone(), args.new.clone())
            };
            let (catalog, load) = pipeline::load_catalog(&opts)?;
            let a = pipeline::assess_with_baseline(&new, &old, &catalog, &opts)?;
            print_warnings(&load.warnings, 10);
            let Some(c) = &a.comparison else {
                return Err(Error::Internal("no comparison was made".into()));
            };
            print_warnings(&c.baseline_warnings, 10);
            if args.json {
                println!("{}", to_json(c)?);
            } else {
                print!("{}", crate::render::changes::text(c));
            }
            Ok(0)
        }
        Command::Backlog(args) => {
            let opts = args.common.options()?;
            let format =
                crate::render::backlog::BacklogFormat::parse(&args.format).ok_or_else(|| {
                    Error::Usage(format!(
                        "unknown backlog format \"{}\"; available: {}",
                        args.format,
                        crate::render::backlog::BacklogFormat::ALL
                            .iter()
                            .map(|(_, n)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            let templates = crate::render::TemplateSet::load(args.templates.as_deref())?;
            let (bytes, warnings) =
                pipeline::backlog(&args.inputs, format, &templates, args.out.as_deref(), &opts)?;
            print_warnings(&warnings, 20);
            match &args.out {
                Some(p) => eprintln!("wrote {}", crate::error::display_path(p)),
                None => std::io::stdout()
                    .lock()
                    .write_all(&bytes)
                    .map_err(|e| Error::Internal(format!("writing to standard output: {e}")))?,
            }
            Ok(0)
        }
        Command::Mappings(MappingsCommand::Check(m)) => {
            let (catalog, report) = catalog::load(&m.sources())?;
            for r in &report.replaced {
                eprintln!("note: {r}");
            }
            if !report.warnings.is_empty() {
                return Err(Error::Invalid {
                    what: "mappings".into(),
                    problems: report.warnings,
                });
            }
            println!(
                "mappings ok: lens {} ({} practices), {} framework(s), {} crosswalk rows, data {}",
                catalog.lens.version,
                catalog.lens.practices.len(),
                catalog.frameworks.len(),
                catalog.crosswalk.len(),
                catalog.version
            );
            Ok(0)
        }
        Command::Template(args) => {
            let mut opts = Options::new(AssessOptions {
                date: report_date(args.date.as_deref())?,
                period: None,
            });
            opts.mappings = args.mappings.sources();
            let warnings = pipeline::write_questionnaire(&args.out, &args.from, args.force, &opts)?;
            print_warnings(&warnings, 20);
            println!("wrote {}", crate::error::display_path(&args.out));
            Ok(0)
        }
        Command::Templates(TemplatesCommand::Export { dir }) => {
            let written = crate::render::TemplateSet::export_builtin(&dir)?;
            for w in written {
                println!("wrote {}", crate::error::display_path(&dir.join(w)));
            }
            Ok(0)
        }
        Command::Portfolio(args) => run_portfolio(args),
        Command::Verify(args) => {
            let v = crate::manifest::verify(&args.dir)?;
            let m = &v.manifest;
            println!(
                "{} of {} ({}), written by {} for {}",
                m.kind,
                m.subject,
                m.report_date,
                m.tool,
                crate::error::display_path(&args.dir)
            );
            for (file, verdict) in &v.files {
                let word = match verdict {
                    crate::manifest::Verdict::Unchanged => "ok",
                    crate::manifest::Verdict::Changed => "CHANGED",
                    crate::manifest::Verdict::Missing => "MISSING",
                };
                println!("  {word:<8} {file}");
            }
            for f in &v.unlisted {
                println!("  note: {f} is not in the manifest (not written by this run)");
            }
            let bad = v
                .files
                .iter()
                .filter(|(_, x)| *x != crate::manifest::Verdict::Unchanged)
                .count();
            if bad == 0 {
                println!("every output matches its SHA-256 in manifest.json");
                Ok(0)
            } else {
                eprintln!(
                    "error: {bad} of {} output(s) differ from manifest.json",
                    v.files.len()
                );
                Ok(1)
            }
        }
        Command::Mappings(MappingsCommand::List(m)) => {
            let (catalog, report) = catalog::load(&m.sources())?;
            print!("{}", mappings_list(&catalog));
            print_warnings(&report.warnings, usize::MAX);
            Ok(0)
        }
    }
}

fn run_portfolio(args: PortfolioArgs) -> Result<u8> {
    let mut opts = args.common.options()?;
    opts.render = args.render.options()?;
    args.pdf.apply(&mut opts.render)?;
    let each = args.each.then(|| formats(&args.format)).transpose()?;
    let progress = crate::portfolio::progress::Progress::new(!args.quiet);
    let w = pipeline::portfolio(
        &args.inputs,
        &args.out,
        each.as_deref(),
        args.emit_typst.as_deref(),
        &opts,
        &progress,
    )?;
    let p = &w.portfolio;
    if !args.quiet {
        for t in &w.pdf_warnings {
            eprintln!("warning: {}", t.to_string().replace('\n', "\n  "));
        }
        for s in &p.skipped {
            eprintln!("note: skipped {}: {}", s.path, s.reason);
        }
    }
    // Failed inputs are errors: always shown, each with its located problems.
    for f in &p.failed {
        eprintln!("error: {} ({}): {}", f.name, f.stage, f.error);
        for d in f
            .problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .take(20)
        {
            eprintln!("  {}", d.to_string().replace('\n', "\n  "));
        }
    }
    if !args.quiet {
        print!("{}", portfolio_text(p));
        let shown = w.files.len().min(12);
        for f in w.files.iter().rev().take(shown).rev() {
            println!("wrote {}", crate::error::display_path(f));
        }
        if w.files.len() > shown {
            println!("wrote {} more files", w.files.len() - shown);
        }
    }
    if p.failed.is_empty() {
        Ok(0)
    } else {
        eprintln!(
            "error: {} of {} inputs failed; they are listed in the consolidated reports",
            p.failed.len(),
            p.totals.workloads_found
        );
        Ok(1)
    }
}

/// The terminal summary of a portfolio.
pub fn portfolio_text(p: &crate::portfolio::model::Portfolio) -> String {
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
            f.pooled
                .percent
                .map(|p| format!("{p:.1}%"))
                .unwrap_or_else(|| "n/a".into()),
            f.pooled.evidenced,
            f.pooled.assessed,
        ));
    }
    out
}

/// Text of `wafr mappings list`.
pub fn mappings_list(c: &crate::model::catalog::Catalog) -> String {
    let mut out = format!(
        "lens {} `{}` version {}: {} questions, {} practices, {} ids of older versions\nmapping data {}\n\nframeworks:\n",
        c.lens.name,
        c.lens.id,
        c.lens.version,
        c.lens.questions.len(),
        c.lens.practices.len(),
        c.lens.legacy.len(),
        c.version
    );
    for f in &c.frameworks {
        let rows: Vec<_> = c.crosswalk.iter().filter(|r| r.framework == f.id).collect();
        let driven: std::collections::BTreeSet<&str> = rows
            .iter()
            .filter(|r| r.relation.drives_status())
            .filter_map(|r| r.control.as_deref())
            .collect();
        let bps: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.bp.as_str()).collect();
        out.push_str(&format!(
            "  {:<15} {} ({}): {} {}, {} driven by a practice, {} crosswalk rows, {}/{} practices mapped\n",
            f.id,
            f.name,
            f.edition,
            f.controls.len(),
            crate::model::catalog::plural(&f.control_noun),
            driven.len(),
            rows.len(),
            bps.len(),
            c.lens.practices.len()
        ));
    }
    out.push_str("\nfiles:\n");
    for f in &c.files {
        out.push_str(&format!(
            "  {:<10} {:<48} {:<10} {}{}\n",
            f.kind,
            f.path,
            f.id,
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
}

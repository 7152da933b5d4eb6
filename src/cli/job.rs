//! The command line checked and turned into the pipeline's options and requests ([`Job`]):
//! the one place where arguments become library types, as typst-cli's `CompileConfig::new`
//! does. The library below never sees clap types.

use std::path::PathBuf;

use time::Date;

use super::args::*;
use crate::error::{Error, Result};
use crate::pipeline::commands::{BacklogRequest, MappingsFormat};
use crate::pipeline::portfolio::PortfolioRequest;
use crate::pipeline::{
    AssessOptions, BrandingFlags, Format, Gate, ImportOptions, MappingSources, Options, Period,
    RenderSources, ReportRequest, RequestsFormat, TemplateLimits, parse_date,
};
use crate::textfmt::Named;

/// A command with its arguments checked and turned into library types.
#[derive(Debug)]
pub(crate) enum Job {
    /// `wafr report`.
    Report {
        opts: Options,
        req: ReportRequest,
        json: bool,
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
    MappingsCheck(MappingSources, bool),
    /// `wafr mappings list` (`--json`).
    MappingsList(MappingSources, bool),
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
    /// `wafr questionnaire`.
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
        json: bool,
    },
    /// `wafr verify`.
    Verify(PathBuf),
    /// `wafr completions`.
    Completions(clap_complete::Shell),
    /// `wafr man`.
    Man(Option<PathBuf>),
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
            Command::Mappings(MappingsCommand::Check(a)) => {
                Job::MappingsCheck(a.mappings.sources(), a.cross_check)
            }
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
            Command::Mappings(MappingsCommand::List(a)) => {
                Job::MappingsList(a.mappings.sources(), a.json)
            }
            Command::Questionnaire(a) => {
                let mut opts =
                    Options::new(AssessOptions::new(report_date(a.date.as_deref())?, None));
                opts.mappings = a.mappings.sources();
                opts.assess.pillars = pillars(&a.pillars)?;
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
            Command::Completions(a) => Job::Completions(a.shell),
            Command::Man(a) => Job::Man(a.out),
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
        json: a.json,
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
            baseline: a.baseline,
        },
        json: a.json,
    })
}

/// `--pillars` as pillar ids.
fn pillars(given: &[String]) -> Result<Vec<String>> {
    given
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            crate::model::catalog::pillar_id(p).map(str::to_owned).ok_or_else(|| {
                Error::Usage(format!(
                    "--pillars \"{p}\" is not a pillar: operational-excellence, security, reliability, performance, cost, sustainability"
                ))
            })
        })
        .collect()
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
            appendices: pdf.appendices.unwrap_or_default(),
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
            pillars: pillars(&self.pillars)?,
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
    use crate::pipeline::PdfStandard;
    use clap::{CommandFactory, Parser};

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

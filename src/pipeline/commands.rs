//! The other commands, each import → assess → render with its own output: `validate` (a
//! verdict, no file), `diff` (a comparison, no file), `backlog` (one file or standard output),
//! `template` (the questionnaire workbook), `templates export`, `mappings check|list` and
//! `verify`. Each returns what the CLI prints, already rendered; files are written here.

use std::path::{Path, PathBuf};

use super::context::{Context, Options, load_catalog};
use crate::catalog;
use crate::catalog::Sources as MappingSources;
use crate::error::{Diagnostic, Error, Result, display_path};
use crate::fsutil;
use crate::gate::Gate;
use crate::gate::{self, GateReport};
use crate::import;
use crate::manifest::{self, Verification};
use crate::model::assessment::Assessment;
use crate::render::backlog::BacklogFormat;
use crate::render::{self, terminal};

/// What `wafr validate` found.
#[derive(Debug, Clone)]
pub(crate) struct Validated {
    /// The assessment.
    pub assessment: Assessment,
    /// The verdict of the gates (passed when none was asked for).
    pub verdict: GateReport,
    /// The verdict's one line for stderr.
    pub verdict_line: String,
    /// The summary for the terminal.
    pub summary: String,
    /// The verdict as JSON (`--json`).
    pub json: String,
}

/// `wafr validate`: import and assess, check the gates; write nothing.
pub(crate) fn validate(ctx: &Context, inputs: &[PathBuf], gates: &[Gate]) -> Result<Validated> {
    let assessment = ctx.assess(inputs)?;
    let verdict = gate::evaluate(&assessment, gates);
    let mut problems = ctx.mapping_warnings.clone();
    problems.extend(assessment.warnings.iter().cloned());
    Ok(Validated {
        verdict_line: gate::summary_line(&verdict),
        summary: terminal::summary(&assessment),
        json: validation_json(&problems, Some(&verdict))?,
        verdict,
        assessment,
    })
}

/// Schema of `wafr validate --json`.
pub(crate) const VALIDATION_SCHEMA: &str = "wafr/validation/1";

/// `wafr validate --json`: whether the input is valid, every problem (errors and warnings) with
/// its code and place, and the gates' verdict when the input could be assessed
/// (docs/backlog.md, "Validation JSON").
pub(crate) fn validation_json(
    problems: &[Diagnostic],
    verdict: Option<&GateReport>,
) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        schema: &'static str,
        valid: bool,
        errors: usize,
        warnings: usize,
        problems: &'a [Diagnostic],
        gate: Option<&'a GateReport>,
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == crate::error::Severity::Error)
        .count();
    json_text(&Out {
        schema: VALIDATION_SCHEMA,
        valid: errors == 0,
        errors,
        warnings: problems.len() - errors,
        problems,
        gate: verdict,
    })
}

/// What `wafr diff` found.
#[derive(Debug, Clone)]
pub(crate) struct Diffed {
    /// As text for the terminal.
    pub text: String,
    /// As JSON (`--json`).
    pub json: String,
    /// The current side's warnings (the baseline's stay in the comparison: what was expiring
    /// then is history, not something to act on).
    pub warnings: Vec<Diagnostic>,
}

/// `wafr diff`: both sides imported and assessed (or read back from an `assessment.json`),
/// then compared.
pub(crate) fn diff(ctx: &Context, old: &[PathBuf], new: &[PathBuf]) -> Result<Diffed> {
    let a = ctx.assess_with_baseline(new, old)?;
    let comparison = a
        .comparison
        .ok_or_else(|| Error::Internal("no comparison was made".into()))?;
    Ok(Diffed {
        text: terminal::changes::text(&comparison),
        json: json_text(&comparison)?,
        warnings: a.warnings,
    })
}

/// What `wafr backlog` is asked for.
#[derive(Debug, Clone)]
pub(crate) struct BacklogRequest {
    /// Review files.
    pub inputs: Vec<PathBuf>,
    /// The format.
    pub format: BacklogFormat,
    /// The file to write (atomically); standard output when absent.
    pub out: Option<PathBuf>,
}

/// `wafr backlog`: import, assess, render the backlog; write it to `out` when given. Returns
/// the bytes either way, and the assessment's warnings.
pub(crate) fn backlog(ctx: &Context, req: &BacklogRequest) -> Result<(Vec<u8>, Vec<Diagnostic>)> {
    let assessment = ctx.assess(&req.inputs)?;
    let text = render::text::TextTemplates::new(&ctx.options.render.templates)?;
    let bytes = render::backlog::render(&assessment, req.format, &text)?;
    if let Some(path) = &req.out {
        fsutil::write_atomic(path, &bytes)?;
    }
    Ok((bytes, assessment.warnings))
}

/// `wafr template`: writes the fill-in questionnaire, pre-filled from `from` when given. Refuses
/// to replace an existing file unless `force` (it may be a filled-in questionnaire).
pub(crate) fn write_questionnaire(
    out: &Path,
    from: &[PathBuf],
    force: bool,
    opts: &Options,
) -> Result<Vec<Diagnostic>> {
    if out.exists() && !force {
        return Err(Error::Usage(format!(
            "`{}` exists; give --force to replace it (a filled-in questionnaire would be lost)",
            display_path(out)
        )));
    }
    let (full, _) = load_catalog(opts)?;
    let review = if from.is_empty() {
        None
    } else {
        Some(import::load(from, &full, &opts.import)?)
    };
    // The pillars asked for (`--pillars`), else the review's, else the Security Pillar.
    let pillars = match &review {
        Some(r) => crate::assess::pillars_in_scope(r, &full, &opts.assess),
        None if !opts.assess.pillars.is_empty() => opts.assess.pillars.clone(),
        None => crate::assess::pillars_in_scope(&Default::default(), &full, &opts.assess),
    };
    let catalog = full.restricted(&pillars);
    let bytes = crate::render::questionnaire::build(&catalog, opts.assess.date, review.as_ref())?;
    fsutil::write_atomic(out, &bytes)?;
    Ok(review.map(|r| r.warnings).unwrap_or_default())
}

/// `wafr templates export DIR`: writes the built-in templates into `dir`, all or none, and
/// never over an existing file. Returns the paths written.
pub(crate) fn export_templates(dir: &Path) -> Result<Vec<PathBuf>> {
    let files: Vec<(PathBuf, Vec<u8>)> = render::TemplateSet::builtin()
        .export()
        .into_iter()
        .map(|(rel, bytes)| (dir.join(rel), bytes))
        .collect();
    if let Some((target, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(Error::Usage(format!(
            "`{}` already exists; export into an empty folder",
            display_path(target)
        )));
    }
    fsutil::write_all_atomic(dir, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// What `wafr mappings check` found: the replaced built-in files (notes), then the summary
/// line, or the coverage gaps, which are errors here.
#[derive(Debug)]
pub(crate) struct MappingsChecked {
    /// Which files replaced built-in ones.
    pub replaced: Vec<String>,
    /// `mappings ok: …`, or every coverage gap.
    pub verdict: Result<String>,
    /// With `--cross-check`: the disagreements with authoritative crosswalks, as text.
    pub cross_check: Option<String>,
}

/// `wafr mappings check`: loads the mapping data; a coverage gap is an error here.
pub(crate) fn mappings_check(sources: &MappingSources, cross: bool) -> Result<MappingsChecked> {
    let (catalog, report) = catalog::load(sources)?;
    let cross_check =
        cross.then(|| catalog::cross_check::text(&catalog::cross_check::cross_check(&catalog)));
    if !report.warnings.is_empty() {
        return Ok(MappingsChecked {
            cross_check,
            replaced: report.replaced,
            verdict: Err(Error::Invalid {
                what: "mappings".into(),
                problems: report.warnings,
            }),
        });
    }
    Ok(MappingsChecked {
        cross_check,
        replaced: report.replaced,
        verdict: Ok(format!(
            "mappings ok: lens {} ({} practices), {}, {} crosswalk rows, data {}",
            catalog.lens.version,
            catalog.lens.practices.len(),
            crate::textfmt::count(catalog.frameworks.len() as u32, "framework", "frameworks"),
            catalog.crosswalk.len(),
            catalog.version
        )),
    })
}

/// `wafr mappings list`: the frameworks, counts, coverage and files, as text, with the mapping
/// warnings.
pub(crate) fn mappings_list(
    sources: &MappingSources,
    json: bool,
) -> Result<(String, Vec<Diagnostic>)> {
    let (catalog, report) = catalog::load(sources)?;
    let summary = catalog::summary::summary(&catalog);
    let text = if json {
        format!("{}\n", json_text(&summary)?)
    } else {
        terminal::mappings(&summary)
    };
    Ok((text, report.warnings))
}

/// What `wafr mappings export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingsFormat {
    /// CISO Assistant libraries: the lens as a framework, and a mapping set per framework
    /// CISO Assistant ships.
    CisoAssistant,
    /// The crosswalk as a CSV in NIST IR 8477's vocabulary.
    Ir8477,
}

impl crate::textfmt::Named for MappingsFormat {
    const VARIANTS: &'static [MappingsFormat] =
        &[MappingsFormat::CisoAssistant, MappingsFormat::Ir8477];

    fn name(self) -> &'static str {
        match self {
            MappingsFormat::CisoAssistant => "ciso-assistant",
            MappingsFormat::Ir8477 => "ir8477",
        }
    }
}

/// `wafr mappings export DIR`: renders every file first, then writes them all or none.
pub(crate) fn mappings_export(
    sources: &MappingSources,
    dir: &Path,
    formats: &[MappingsFormat],
    date: time::Date,
) -> Result<Vec<PathBuf>> {
    let (catalog, _) = catalog::load(sources)?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for f in formats {
        match f {
            MappingsFormat::CisoAssistant => files.extend(
                render::ciso_assistant::libraries(&catalog, date)
                    .into_iter()
                    .map(|(name, bytes)| (dir.join("ciso-assistant").join(name), bytes)),
            ),
            MappingsFormat::Ir8477 => files.push((
                dir.join("crosswalk-ir8477.csv"),
                render::ir8477::render(&catalog)?,
            )),
        }
    }
    fsutil::write_all_atomic(dir, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// `wafr evidence-requests`: the requests of the assessment, written to `out` when given.
pub(crate) fn evidence_requests(
    ctx: &Context,
    inputs: &[PathBuf],
    format: render::requests::RequestsFormat,
    out: Option<&Path>,
) -> Result<(Vec<u8>, Vec<Diagnostic>)> {
    let assessment = ctx.assess(inputs)?;
    let bytes = render::requests::render(&assessment, format)?;
    if let Some(path) = out {
        fsutil::write_atomic(path, &bytes)?;
    }
    Ok((bytes, assessment.warnings))
}

/// `wafr verify DIR`: the verification and its text.
pub(crate) fn verify(dir: &Path) -> Result<(Verification, String)> {
    let v = manifest::verify(dir)?;
    let text = v.text(&display_path(dir));
    Ok((v, text))
}

fn json_text(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string_pretty(v).map_err(|e| Error::Internal(format!("serialising JSON: {e}")))
}

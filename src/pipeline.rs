//! The only place the stages are wired together and files are written.

use std::path::PathBuf;

use crate::assess::compare::{self, BaselineKind};
use crate::assess::{self, AssessOptions};
use crate::catalog::{self, LoadReport};
use crate::error::{Diagnostic, Result};
use crate::fsutil;
use crate::import::{self, ImportOptions};
use crate::model::assessment::Assessment;
use crate::model::catalog::Catalog;
use crate::render::{self, Format};

/// Everything the stages need, built from the command line by `cli`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Mapping sources.
    pub mappings: catalog::Sources,
    /// Frameworks to keep (all when empty).
    pub frameworks: Vec<String>,
    /// Import options.
    pub import: ImportOptions,
    /// Assessment options (report date, audit period).
    pub assess: AssessOptions,
    /// Templates and branding.
    pub render: render::RenderOptions,
    /// Baseline inputs to compare with (`--baseline`): review files, or one previous
    /// `assessment.json`. Empty: no comparison.
    pub baseline: Vec<PathBuf>,
}

impl Options {
    /// Defaults (built-in mappings and templates, every framework, no baseline) for a report
    /// date and audit period.
    pub fn new(assess: AssessOptions) -> Self {
        Options {
            mappings: Default::default(),
            frameworks: Vec::new(),
            import: Default::default(),
            assess,
            render: Default::default(),
            baseline: Vec::new(),
        }
    }
}

/// Loads the catalog and keeps only the frameworks asked for.
pub fn load_catalog(opts: &Options) -> Result<(Catalog, LoadReport)> {
    let (mut catalog, report) = catalog::load(&opts.mappings)?;
    if !opts.frameworks.is_empty() {
        for f in &opts.frameworks {
            if catalog.framework(f).is_none() {
                return Err(crate::Error::Usage(format!(
                    "unknown framework `{f}`; available: {}",
                    catalog
                        .frameworks
                        .iter()
                        .map(|f| f.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        let (keep, drop): (Vec<_>, Vec<_>) = std::mem::take(&mut catalog.frameworks)
            .into_iter()
            .partition(|f| opts.frameworks.contains(&f.id));
        catalog.frameworks = keep;
        catalog.excluded_frameworks = drop;
        catalog
            .crosswalk
            .retain(|r| opts.frameworks.contains(&r.framework));
    }
    Ok((catalog, report))
}

/// Imports and assesses inputs against a loaded catalog.
pub fn assess_inputs(inputs: &[PathBuf], catalog: &Catalog, opts: &Options) -> Result<Assessment> {
    let review = import::load(inputs, catalog, &opts.import)?;
    assess::assess(&review, catalog, &opts.assess)
}

/// One side of a comparison: review files assessed now, or a previous `assessment.json` read
/// back (it must then be the only file). A baseline's review files are assessed as of the
/// baseline review's own date (never after the report date), so its evidence is judged as it
/// stood then; the current side is assessed as of the report date.
pub fn load_side(
    inputs: &[PathBuf],
    catalog: &Catalog,
    opts: &Options,
    is_baseline: bool,
) -> Result<(Assessment, BaselineKind)> {
    let mut prior = None;
    for p in inputs {
        if let Some(a) = import::prior::read(p)? {
            if inputs.len() > 1 {
                return Err(crate::Error::Usage(format!(
                    "`{}` is an assessment written by wafr; give it alone, not with other files",
                    crate::error::display_path(p)
                )));
            }
            prior = Some(a);
        }
    }
    if let Some(mut a) = prior {
        if !opts.frameworks.is_empty() {
            a.frameworks.retain(|f| opts.frameworks.contains(&f.id));
        }
        return Ok((a, BaselineKind::Assessment));
    }
    let review = import::load(inputs, catalog, &opts.import)?;
    let date = if is_baseline {
        review
            .workload
            .review_date
            .filter(|d| *d <= opts.assess.date)
            .unwrap_or(opts.assess.date)
    } else {
        opts.assess.date
    };
    let a = assess::assess(
        &review,
        catalog,
        &AssessOptions {
            date,
            period: opts.assess.period,
        },
    )?;
    Ok((a, BaselineKind::Review))
}

/// Imports and assesses inputs, and compares them with a baseline when one is given.
pub fn assess_with_baseline(
    inputs: &[PathBuf],
    baseline: &[PathBuf],
    catalog: &Catalog,
    opts: &Options,
) -> Result<Assessment> {
    if baseline.is_empty() {
        return assess_inputs(inputs, catalog, opts);
    }
    let (mut current, _) = load_side(inputs, catalog, opts, false)?;
    let (before, kind) = load_side(baseline, catalog, opts, true)?;
    current.comparison = Some(compare::compare(&before, &current, kind));
    Ok(current)
}

/// What `report` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The assessment.
    pub assessment: Assessment,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Mapping warnings (coverage gaps of user mappings).
    pub mapping_warnings: Vec<Diagnostic>,
    /// Typst warnings of the PDF template (`file:line:column: warning: …`).
    pub template_warnings: Vec<String>,
}

/// `wafr report`: import, assess, render every format, write each file atomically.
pub fn report(
    inputs: &[PathBuf],
    out_dir: &std::path::Path,
    formats: &[Format],
    opts: &Options,
) -> Result<Written> {
    report_emitting(inputs, out_dir, formats, opts, None)
}

/// `wafr report --emit-typst DIR`: as [`report`], and first (so that a failing template can
/// still be compiled and debugged with the typst CLI) writes the PDF's typst sources and its
/// `data.json` into `emit_typst`.
pub fn report_emitting(
    inputs: &[PathBuf],
    out_dir: &std::path::Path,
    formats: &[Format],
    opts: &Options,
    emit_typst: Option<&std::path::Path>,
) -> Result<Written> {
    let (catalog, load) = load_catalog(opts)?;
    let assessment = assess_with_baseline(inputs, &opts.baseline, &catalog, opts)?;
    let mut files = Vec::new();
    if let Some(dir) = emit_typst {
        for (rel, bytes) in render::pdf::sources(&assessment, &opts.render)? {
            let path = dir.join(rel);
            fsutil::write_atomic(&path, &bytes)?;
            files.push(path);
        }
    }
    // Render everything first, so a failing renderer leaves every earlier output untouched.
    let mut rendered = Vec::new();
    let mut template_warnings = Vec::new();
    for &f in formats {
        let bytes = if f == Format::Pdf {
            let c = render::pdf::compile(&assessment, &opts.render)?;
            template_warnings.extend(c.warnings);
            c.pdf
        } else {
            render::render(f, &assessment, &opts.render)?
        };
        rendered.push((out_dir.join(f.file_name()), bytes));
    }
    // Then write them all or none: see `fsutil::write_all_atomic`.
    fsutil::write_all_atomic(&rendered)?;
    files.extend(rendered.into_iter().map(|(path, _)| path));
    Ok(Written {
        assessment,
        files,
        mapping_warnings: load.warnings,
        template_warnings,
    })
}

/// `wafr backlog`: import, assess, render the backlog; write it atomically to `out` when
/// given. Returns the bytes either way, and the assessment's warnings.
pub fn backlog(
    inputs: &[PathBuf],
    format: render::backlog::BacklogFormat,
    templates: &render::TemplateSet,
    out: Option<&std::path::Path>,
    opts: &Options,
) -> Result<(Vec<u8>, Vec<Diagnostic>)> {
    let (catalog, _) = load_catalog(opts)?;
    let assessment = assess_inputs(inputs, &catalog, opts)?;
    let text = render::text::TextTemplates::new(templates)?;
    let bytes = render::backlog::render(&assessment, format, &text)?;
    if let Some(path) = out {
        fsutil::write_atomic(path, &bytes)?;
    }
    Ok((bytes, assessment.warnings))
}

/// `wafr template`: writes the fill-in questionnaire, pre-filled from `from` when given. Refuses
/// to replace an existing file unless `force` (it may be a filled-in questionnaire).
pub fn write_questionnaire(
    out: &std::path::Path,
    from: &[PathBuf],
    force: bool,
    opts: &Options,
) -> Result<Vec<Diagnostic>> {
    if out.exists() && !force {
        return Err(crate::Error::Usage(format!(
            "`{}` exists; give --force to replace it (a filled-in questionnaire would be lost)",
            crate::error::display_path(out)
        )));
    }
    let (catalog, _) = load_catalog(opts)?;
    let review = if from.is_empty() {
        None
    } else {
        Some(import::load(from, &catalog, &opts.import)?)
    };
    let bytes = crate::questionnaire::build(&catalog, opts.assess.date, review.as_ref())?;
    fsutil::write_atomic(out, &bytes)?;
    Ok(review.map(|r| r.warnings).unwrap_or_default())
}

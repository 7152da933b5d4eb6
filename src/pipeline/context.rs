//! What a run is made of: its [`Options`] (built by the CLI), where its templates and branding
//! come from ([`RenderSources`]), and the [`Context`] loaded once from them (the catalog); with
//! the import-and-assess steps every command shares. A leaf of the pipeline: the commands
//! import from here.

use std::path::{Path, PathBuf};

use crate::assess::compare::{self, BaselineKind};
use crate::assess::{self, AssessOptions};
use crate::catalog::{self, LoadReport};
use crate::error::{Diagnostic, Result};
use crate::import::{self, ImportOptions};
use crate::model::assessment::Assessment;
use crate::model::catalog::Catalog;
use crate::render::branding::Branding;
use crate::render::branding::BrandingFlags;
use crate::render::guard::Limits as TemplateLimits;
use crate::render::pdf;
use crate::render::pdf::standard::PdfStandard;
use crate::render::seam::{RenderOptions, Subject};
use crate::render::templates::TemplateSet;

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
    /// Templates, branding, PDF standard and template limits.
    pub render: RenderOptions,
}

impl Options {
    /// Defaults (built-in mappings and templates, every framework) for a report date and audit
    /// period.
    pub fn new(assess: AssessOptions) -> Self {
        Options {
            mappings: Default::default(),
            frameworks: Vec::new(),
            import: Default::default(),
            assess,
            render: Default::default(),
        }
    }
}

/// Where the templates and the branding come from, with the PDF standard and the template
/// limits: what `--templates`, `--config`, `--logo`, `--pdf-standard`, … ask for, loaded once
/// into [`RenderOptions`] by [`RenderSources::load`].
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderSources {
    /// A folder overlaying the built-in templates.
    pub templates: Option<PathBuf>,
    /// Branding: config file and flags.
    pub branding: BrandingFlags,
    /// PDF standard.
    pub pdf_standard: PdfStandard,
    /// Where the report's appendices go (`--appendices`).
    pub appendices: crate::render::pdf::Appendices,
    /// Time and memory each template may take.
    pub limits: TemplateLimits,
}

impl RenderSources {
    /// Reads the templates, the branding and the logo.
    pub(crate) fn load(&self) -> Result<RenderOptions> {
        Ok(RenderOptions {
            templates: TemplateSet::load(self.templates.as_deref())?,
            branding: Branding::load(&self.branding)?,
            pdf_standard: self.pdf_standard,
            appendices: self.appendices,
            template_limits: self.limits,
        })
    }
}

/// What a run shares, loaded once: the catalog (only the frameworks asked for), the warnings
/// its loading gave, and the options. `report` and `portfolio` (and every workload of a
/// portfolio) run within one context.
#[derive(Debug, Clone)]
pub struct Context {
    /// The catalog.
    pub catalog: Catalog,
    /// Mapping warnings (coverage gaps of user mappings).
    pub mapping_warnings: Vec<Diagnostic>,
    /// The options.
    pub options: Options,
}

impl Context {
    /// Loads the catalog for the options.
    pub fn load(options: Options) -> Result<Self> {
        let (catalog, load) = load_catalog(&options)?;
        Ok(Context {
            catalog,
            mapping_warnings: load.warnings,
            options,
        })
    }

    /// Imports and assesses inputs.
    pub fn assess(&self, inputs: &[PathBuf]) -> Result<Assessment> {
        assess_inputs(inputs, &self.catalog, &self.options)
    }

    /// Imports and assesses inputs, and compares them with a baseline when one is given.
    pub fn assess_with_baseline(
        &self,
        inputs: &[PathBuf],
        baseline: &[PathBuf],
    ) -> Result<Assessment> {
        assess_with_baseline(inputs, baseline, &self.catalog, &self.options)
    }
}

/// Loads the catalog and keeps only the frameworks asked for.
pub fn load_catalog(opts: &Options) -> Result<(Catalog, LoadReport)> {
    let (mut catalog, report) = catalog::load(&opts.mappings)?;
    // Without --framework: the default frameworks (SOC 2, ISO 27001, GDPR); packs such as NIST
    // CSF 2.0, NIS2, DORA and PCI DSS only when asked for.
    let asked: Vec<String> = if opts.frameworks.is_empty() {
        catalog
            .frameworks
            .iter()
            .filter(|f| f.default)
            .map(|f| f.id.clone())
            .collect()
    } else {
        opts.frameworks.clone()
    };
    let opts = &Options {
        frameworks: asked,
        ..opts.clone()
    };
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
pub(crate) fn load_side(
    inputs: &[PathBuf],
    catalog: &Catalog,
    opts: &Options,
    is_baseline: bool,
) -> Result<(Assessment, BaselineKind)> {
    if let Some(mut a) = prior_assessment(inputs)? {
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
            ..opts.assess.clone()
        },
    )?;
    Ok((a, BaselineKind::Review))
}

/// A previous `assessment.json` among the inputs, read back; it must be the only file.
fn prior_assessment(inputs: &[PathBuf]) -> Result<Option<Assessment>> {
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
    Ok(prior)
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

/// Writes the typst sources of a subject's PDF and their `data.json` into `dir`
/// (`--emit-typst`), all or none; returns the paths written.
pub(super) fn emit_typst(
    subject: Subject<'_>,
    dir: &Path,
    opts: &RenderOptions,
) -> Result<Vec<PathBuf>> {
    let files: Vec<(PathBuf, Vec<u8>)> = pdf::sources(subject, opts)?
        .into_iter()
        .map(|(rel, bytes)| (dir.join(rel), bytes))
        .collect();
    crate::fsutil::write_all_atomic(dir, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

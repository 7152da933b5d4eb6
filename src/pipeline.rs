//! The only place the stages are wired together and files are written.

use std::path::PathBuf;

use crate::assess::compare::{self, BaselineKind};
use crate::assess::{self, AssessOptions};
use crate::catalog::{self, LoadReport};
use crate::error::{Diagnostic, Result};
use crate::fsutil;
use crate::import::{self, ImportOptions};
use crate::manifest;
use crate::model::assessment::Assessment;
use crate::model::catalog::Catalog;
use crate::render::pdf::PdfWarning;
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
    /// Warnings about the PDF: the template's (`template file:line:column: warning: …`) and
    /// characters its fonts cannot print.
    pub pdf_warnings: Vec<render::pdf::PdfWarning>,
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
    let mut w = report_with_catalog(inputs, out_dir, formats, opts, emit_typst, &catalog)?;
    w.mapping_warnings = load.warnings;
    Ok(w)
}

/// [`report_emitting`] with a catalog already loaded (a portfolio loads it once for all its
/// workloads). The written set's mapping warnings are left empty.
pub fn report_with_catalog(
    inputs: &[PathBuf],
    out_dir: &std::path::Path,
    formats: &[Format],
    opts: &Options,
    emit_typst: Option<&std::path::Path>,
    catalog: &Catalog,
) -> Result<Written> {
    let assessment = assess_with_baseline(inputs, &opts.baseline, catalog, opts)?;
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
    let mut pdf_warnings = Vec::new();
    for &f in formats {
        let bytes = if f == Format::Pdf {
            let c = render::pdf::compile(&assessment, &opts.render)?;
            pdf_warnings.extend(c.warnings);
            c.pdf
        } else {
            render::render(f, &assessment, &opts.render)?
        };
        rendered.push((out_dir.join(f.file_name()), bytes));
    }
    // The manifest: inputs, mappings, templates and options, and every output's SHA-256.
    let m = manifest::build(
        manifest::Subject::report(&assessment),
        &opts.render,
        out_dir,
        &rendered,
    );
    rendered.push((out_dir.join(manifest::FILE), manifest::to_bytes(&m)?));
    // Then write them all or none: see `fsutil::write_all_atomic`.
    fsutil::write_all_atomic(&rendered)?;
    files.extend(rendered.into_iter().map(|(path, _)| path));
    Ok(Written {
        assessment,
        files,
        mapping_warnings: Vec::new(),
        pdf_warnings,
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
    let bytes = crate::render::questionnaire::build(&catalog, opts.assess.date, review.as_ref())?;
    fsutil::write_atomic(out, &bytes)?;
    Ok(review.map(|r| r.warnings).unwrap_or_default())
}

/// What `portfolio` wrote.
#[derive(Debug, Clone)]
pub struct PortfolioWritten {
    /// The roll-up.
    pub portfolio: crate::portfolio::model::Portfolio,
    /// Files written (the consolidated reports; with `each`, also every workload's reports).
    pub files: Vec<PathBuf>,
    /// Warnings about the PDFs: the templates' and characters their fonts cannot print.
    pub pdf_warnings: Vec<render::pdf::PdfWarning>,
}

/// `wafr portfolio`: finds the workloads of the inputs, imports and assesses each on its own
/// over all cores, rolls them up and writes `portfolio.json`, `portfolio.pdf` (with the `pdf`
/// feature) and `portfolio.xlsx` into `out_dir`; with `each`, also every workload's own
/// reports (`formats`) into `out_dir/<slug>/`. A workload that fails is listed in the roll-up
/// (`failed`) and the others go on; the catalog, templates and fonts are loaded once.
pub fn portfolio(
    inputs: &[PathBuf],
    out_dir: &std::path::Path,
    each: Option<&[Format]>,
    emit_typst: Option<&std::path::Path>,
    opts: &Options,
    progress: &crate::portfolio::progress::Progress,
) -> Result<PortfolioWritten> {
    use crate::portfolio::{self, inputs::WorkloadInput, rollup};
    use rayon::prelude::*;

    let (catalog, _) = load_catalog(opts)?;
    let found = portfolio::inputs::discover(inputs, Some(out_dir))?;
    let shown = |w: &WorkloadInput| -> Vec<String> {
        w.files
            .iter()
            .map(|f| crate::error::display_path(f))
            .collect()
    };

    // Import and assess every workload; keep only its digest.
    progress.stage("assessing workloads", found.workloads.len());
    let results: Vec<std::result::Result<rollup::Digest, portfolio::model::FailedWorkload>> = found
        .workloads
        .par_iter()
        .map(|w| {
            let r = match &w.problem {
                Some(p) => Err(portfolio::model::FailedWorkload {
                    name: w.label.clone(),
                    inputs: shown(w),
                    stage: "input".into(),
                    error: p.clone(),
                    problems: Vec::new(),
                }),
                None => assess_inputs(&w.files, &catalog, opts)
                    .map(|a| rollup::digest(&a, &w.label, shown(w)))
                    .map_err(|e| portfolio::failure(&w.label, shown(w), "input", &e)),
            };
            progress.tick();
            r
        })
        .collect();
    let mut failed = Vec::new();
    let mut digests = Vec::new();
    let mut files_of = Vec::new();
    for (w, r) in found.workloads.iter().zip(results) {
        match r {
            Ok(d) => {
                digests.push(d);
                files_of.push(w);
            }
            Err(f) => failed.push(f),
        }
    }
    let slugs = portfolio::slug::unique(digests.iter().map(|d| d.row.name.as_str()));
    for (d, s) in digests.iter_mut().zip(slugs) {
        d.row.slug = s;
    }

    // Each workload's own reports: assessed again (cheap next to rendering) so that no
    // assessment is held for the whole run.
    let mut files = Vec::new();
    let mut pdf_warnings = Vec::new();
    if let Some(formats) = each {
        progress.stage("writing workload reports", digests.len());
        // Plain worker threads, not rayon: see `map_on_workers`.
        let jobs: Vec<(&str, &WorkloadInput)> = digests
            .iter()
            .map(|d| d.row.slug.as_str())
            .zip(files_of.iter().copied())
            .collect();
        let written: Vec<Result<(Vec<PathBuf>, Vec<PdfWarning>)>> =
            portfolio::map_on_workers(&jobs, |(slug, w)| {
                let dir = out_dir.join(slug);
                let r = report_with_catalog(&w.files, &dir, formats, opts, None, &catalog)
                    .map(|x| (x.files, x.pdf_warnings));
                progress.tick();
                r
            })?;
        for ((d, w), r) in digests.iter_mut().zip(&files_of).zip(written) {
            match r {
                Ok((f, warnings)) => {
                    d.row.report_dir = Some(d.row.slug.clone());
                    files.extend(f);
                    for t in warnings {
                        // A template warning is the same for every workload: shown once. The
                        // others are about one workload's text: they name it.
                        let t = match t {
                            PdfWarning::Template(_) => t,
                            PdfWarning::Text(x) => {
                                PdfWarning::Text(format!("{}/report.pdf: {x}", d.row.slug))
                            }
                        };
                        if !pdf_warnings.contains(&t) {
                            pdf_warnings.push(t);
                        }
                    }
                }
                Err(e) => failed.push(portfolio::failure(&d.row.name, shown(w), "report", &e)),
            }
        }
    }

    progress.stage("consolidated reports", 1);
    let mut inputs: Vec<crate::model::review::SourceFile> =
        digests.iter().flat_map(|d| d.sources.clone()).collect();
    inputs.sort();
    inputs.dedup();
    let redacted_notes = digests.iter().map(|d| d.redacted_notes).sum();
    let p = rollup::build(
        digests,
        rollup::Context {
            catalog: &catalog,
            date: opts.assess.date,
            period: opts.assess.period,
            found: found.workloads.len() as u32,
            failed,
            skipped: found.skipped,
        },
    );
    if let Some(dir) = emit_typst {
        for (rel, bytes) in portfolio_sources(&p, opts)? {
            let path = dir.join(rel);
            fsutil::write_atomic(&path, &bytes)?;
            files.push(path);
        }
    }
    // Render everything first, so a failing renderer leaves earlier outputs untouched.
    let mut rendered = vec![(out_dir.join(portfolio::JSON_FILE), portfolio::json(&p)?)];
    if Format::ALL.contains(&Format::Pdf) {
        let data = portfolio::view::to_json(&portfolio::view::build(&p, &opts.render.branding))?;
        let c = render::pdf::compile_document(
            portfolio::view::MAIN,
            data,
            p.generated_on,
            format!(
                "wafr-portfolio:{}:{}:{}",
                p.workloads.len(),
                p.generated_on,
                opts.render.branding.report_version
            ),
            format!("{} {}", p.tool.name, p.tool.version),
            &opts.render,
        )?;
        pdf_warnings.extend(c.warnings);
        rendered.push((out_dir.join(portfolio::PDF_FILE), c.pdf));
    }
    rendered.push((
        out_dir.join(portfolio::XLSX_FILE),
        render::xlsx::portfolio::render(&p, &opts.render)?,
    ));
    let m = manifest::build(
        manifest::Subject {
            kind: "portfolio",
            date: p.generated_on,
            period: p.period.as_ref().map(|x| format!("{}..{}", x.start, x.end)),
            subject: format!("{} workload(s)", p.workloads.len()),
            inputs,
            baseline: Vec::new(),
            mappings: crate::model::assessment::MappingInfo::of(&catalog),
            redacted_notes,
        },
        &opts.render,
        out_dir,
        &rendered,
    );
    rendered.push((out_dir.join(manifest::FILE), manifest::to_bytes(&m)?));
    // Then write them all or none, as `wafr report` does.
    fsutil::write_all_atomic(&rendered)?;
    files.extend(rendered.into_iter().map(|(path, _)| path));
    progress.finish();
    Ok(PortfolioWritten {
        portfolio: p,
        files,
        pdf_warnings,
    })
}

/// `wafr portfolio --emit-typst DIR`: the consolidated PDF's typst sources and `data.json`,
/// to compile with `typst compile --root DIR DIR/pdf/portfolio.typ`.
pub fn portfolio_sources(
    p: &crate::portfolio::model::Portfolio,
    opts: &Options,
) -> Result<Vec<(String, Vec<u8>)>> {
    let data =
        crate::portfolio::view::to_json(&crate::portfolio::view::build(p, &opts.render.branding))?;
    let mut out: Vec<(String, Vec<u8>)> = opts
        .render
        .templates
        .files()
        .filter(|(rel, _)| rel.starts_with("pdf/"))
        .map(|(rel, f)| (rel.to_owned(), f.bytes.clone()))
        .collect();
    out.push(("data.json".into(), data));
    if let Some(logo) = &opts.render.branding.logo {
        out.push(("assets/logo".into(), logo.bytes.clone()));
    }
    Ok(out)
}

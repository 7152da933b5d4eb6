//! The only place the stages are wired together and files are written.

use std::path::PathBuf;

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
        catalog
            .frameworks
            .retain(|f| opts.frameworks.contains(&f.id));
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
    let assessment = assess_inputs(inputs, &catalog, opts)?;
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
    for (path, bytes) in rendered {
        fsutil::write_atomic(&path, &bytes)?;
        files.push(path);
    }
    Ok(Written {
        assessment,
        files,
        mapping_warnings: load.warnings,
        template_warnings,
    })
}

//! `wafr portfolio`: discover the workloads → assess each (in parallel) → roll up → render the
//! consolidated reports → write all or none. With `--each`, every workload's own reports are
//! written too, into `DIR/<slug>/`. The rules are in `docs/portfolio.md`.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::context::{Context, emit_typst};
use super::discover::{self, WorkloadInput};
use super::report::{ReportRequest, remove_stale, render_folder, stage_report};
use super::{slug, workers};
use crate::assess::portfolio::{self as rollup, Digest, RollupContext};
use crate::error::{Result, display_path};
use crate::fsutil;
use crate::manifest;
use crate::model::assessment::MappingInfo;
use crate::model::portfolio::{FailedWorkload, Portfolio};
use crate::render::{self, Format, Subject, Warning};

/// What a long run tells as it goes; the CLI shows it as a progress bar. Every method does
/// nothing by default, so `&()` is a run that shows nothing.
pub trait Progress: Sync {
    /// A stage of `len` steps starts.
    fn stage(&self, _message: &'static str, _len: usize) {}
    /// One step is done.
    fn tick(&self) {}
    /// The run is over.
    fn finish(&self) {}
}

impl Progress for () {}

/// What `wafr portfolio` is asked for.
#[derive(Debug, Clone)]
pub struct PortfolioRequest {
    /// Review files, folders of workloads, or glob patterns.
    pub inputs: Vec<PathBuf>,
    /// The output folder (never read as an input).
    pub out_dir: PathBuf,
    /// With `--each`: the formats of every workload's own reports.
    pub each: Option<Vec<Format>>,
    /// `--emit-typst DIR`: the consolidated PDF's typst sources and `data.json`.
    pub emit_typst: Option<PathBuf>,
    /// `--baseline FILE`: an earlier run's `portfolio.json`, for the trend.
    pub baseline: Option<PathBuf>,
}

/// What `portfolio` wrote.
#[derive(Debug, Clone)]
pub struct PortfolioWritten {
    /// The roll-up.
    pub portfolio: Portfolio,
    /// Files written (the consolidated reports; with `each`, also every workload's reports).
    pub files: Vec<PathBuf>,
    /// Warnings about the PDFs: the templates' and characters their fonts cannot print.
    pub warnings: Vec<Warning>,
    /// The summary for the terminal.
    pub summary: String,
}

/// `wafr portfolio`: finds the workloads of the inputs, imports and assesses each on its own
/// over all cores, rolls them up and writes `portfolio.json`, `portfolio.pdf` (with the `pdf`
/// feature), `portfolio.xlsx` and `manifest.json` into the output folder, all or none. A
/// workload that fails is listed in the roll-up (`failed`) and the others go on; the catalog,
/// templates and fonts are loaded once, in the context.
pub fn portfolio(
    ctx: &Context,
    req: &PortfolioRequest,
    progress: &dyn Progress,
) -> Result<PortfolioWritten> {
    // The baseline is read first: a wrong file stops the run before any work.
    let baseline = match &req.baseline {
        Some(path) => Some((
            crate::import::prior_portfolio::read(path)?,
            display_path(path),
        )),
        None => None,
    };
    let _lock = fsutil::OutputLock::acquire(&req.out_dir)?;
    remove_stale(&req.out_dir, true);
    let found = discover::discover(&req.inputs, Some(&req.out_dir))?;
    let mut run = assess_each(ctx, &found.workloads, progress);
    // Every workload's reports are staged (written to temporary files), not yet in place: if
    // anything after fails, none of them replaces an earlier one.
    let (mut staged, mut warnings) = match &req.each {
        Some(formats) => stage_each(ctx, &req.out_dir, formats, &mut run, progress)?,
        None => (fsutil::Staged::new(), Vec::new()),
    };

    progress.stage("consolidated reports", 1);
    let (inputs, redacted_notes) = rollup::sources(&run.digests);
    let p = rollup::build(
        run.digests,
        RollupContext {
            catalog: &ctx.catalog,
            date: ctx.options.assess.date,
            period: ctx.options.assess.period,
            found: found.workloads.len() as u32,
            failed: run.failed,
            skipped: found.skipped,
            baseline: baseline
                .as_ref()
                .map(|((then, _), name)| (then, name.clone())),
        },
    );
    let opts = &ctx.options.render;
    let subject = Subject::Portfolio(&p);
    let files = match &req.emit_typst {
        Some(dir) => emit_typst(subject, dir, opts)?,
        None => Vec::new(),
    };
    let baseline = baseline
        .into_iter()
        .map(|((_, sha256), path)| manifest::Hashed { path, sha256 })
        .collect();
    let manifest = manifest::Subject::portfolio(
        &p,
        MappingInfo::of(&ctx.catalog),
        (inputs, baseline),
        redacted_notes,
    );
    let (outputs, w) = render_folder(subject, subject.formats(), &req.out_dir, opts, manifest)?;
    warnings.extend(w);
    // Then write them all or none, the workloads' reports with the consolidated ones.
    let each = staged.len();
    staged.add_all(&req.out_dir, outputs)?;
    let mut written = staged.commit()?;
    let consolidated = written.split_off(each);
    written.extend(files);
    written.extend(consolidated);
    progress.finish();
    Ok(PortfolioWritten {
        summary: render::terminal::portfolio(&p),
        portfolio: p,
        files: written,
        warnings,
    })
}

/// The workloads assessed: the digest of each that could be, with its input, and the failures.
struct Assessed<'a> {
    digests: Vec<Digest>,
    /// The input of each digest.
    inputs: Vec<&'a WorkloadInput>,
    failed: Vec<FailedWorkload>,
}

fn shown(w: &WorkloadInput) -> Vec<String> {
    w.files.iter().map(|f| display_path(f)).collect()
}

/// Imports and assesses every workload over all cores, keeping only its digest; then names
/// each one with a unique slug, in input order.
fn assess_each<'a>(
    ctx: &Context,
    workloads: &'a [WorkloadInput],
    progress: &dyn Progress,
) -> Assessed<'a> {
    progress.stage("assessing workloads", workloads.len());
    let results: Vec<std::result::Result<Digest, FailedWorkload>> = workloads
        .par_iter()
        .map(|w| {
            let r = match &w.problem {
                Some(p) => Err(FailedWorkload {
                    name: w.label.clone(),
                    inputs: shown(w),
                    stage: "input".into(),
                    error: p.clone(),
                    problems: Vec::new(),
                }),
                None => ctx
                    .assess(&w.files)
                    .map(|a| rollup::digest(&a, &ctx.catalog, &w.label, shown(w)))
                    .map_err(|e| FailedWorkload::new(&w.label, shown(w), "input", &e)),
            };
            progress.tick();
            r
        })
        .collect();
    let mut run = Assessed {
        digests: Vec::new(),
        inputs: Vec::new(),
        failed: Vec::new(),
    };
    for (w, r) in workloads.iter().zip(results) {
        match r {
            Ok(d) => {
                run.digests.push(d);
                run.inputs.push(w);
            }
            Err(f) => run.failed.push(f),
        }
    }
    let slugs = slug::unique(run.digests.iter().map(|d| d.row.name.as_str()));
    for (d, s) in run.digests.iter_mut().zip(slugs) {
        d.row.slug = s;
    }
    run
}

/// `--each`: every workload's own reports into `DIR/<slug>/`, assessed again (cheap next to
/// rendering) so that no assessment is held for the whole run, and staged: written to
/// temporary files on disk (so memory stays bounded), renamed into place only with the
/// consolidated reports. A workload whose reports fail is listed as failed at the `report`
/// stage and stays in every count. Returns the staged files and the warnings.
fn stage_each(
    ctx: &Context,
    out_dir: &Path,
    formats: &[Format],
    run: &mut Assessed<'_>,
    progress: &dyn Progress,
) -> Result<(fsutil::Staged, Vec<Warning>)> {
    progress.stage("writing workload reports", run.digests.len());
    let jobs: Vec<(&str, &WorkloadInput)> = run
        .digests
        .iter()
        .map(|d| d.row.slug.as_str())
        .zip(run.inputs.iter().copied())
        .collect();
    // Plain worker threads, not rayon: see `workers::map_on_workers`.
    let done = workers::map_on_workers(&jobs, |(slug, w)| {
        let req = ReportRequest {
            formats: formats.to_vec(),
            ..ReportRequest::new(w.files.clone(), out_dir.join(slug))
        };
        // The assessment is dropped here: only the staged files are kept.
        let r = fsutil::check_folder(out_dir, &req.out_dir).and_then(|()| {
            remove_stale(&req.out_dir, false);
            stage_report(ctx, &req, out_dir).map(|(_, staged, _, ws)| (staged, ws))
        });
        progress.tick();
        r
    })?;
    let mut staged = fsutil::Staged::new();
    let mut warnings = Vec::new();
    for ((d, w), r) in run.digests.iter_mut().zip(&run.inputs).zip(done) {
        match r {
            Ok((s, ws)) => {
                d.row.report_dir = Some(d.row.slug.clone());
                staged.append(s);
                for t in ws {
                    // A template warning is the same for every workload: shown once. The
                    // others are about one workload's text: they name it.
                    let t = match t {
                        Warning::Template(_) => t,
                        Warning::Text(x) => {
                            Warning::Text(format!("{}/report.pdf: {x}", d.row.slug))
                        }
                    };
                    if !warnings.contains(&t) {
                        warnings.push(t);
                    }
                }
            }
            Err(e) => run
                .failed
                .push(FailedWorkload::new(&d.row.name, shown(w), "report", &e)),
        }
    }
    Ok((staged, warnings))
}

/// What `wafr portfolio --json` prints (schema `wafr/run/1`): the files written, the totals,
/// and the workloads that failed or were skipped.
pub fn run_json(w: &PortfolioWritten) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        schema: &'static str,
        command: &'static str,
        files: Vec<String>,
        totals: &'a crate::model::portfolio::Totals,
        failed: &'a [crate::model::portfolio::FailedWorkload],
        skipped: &'a [crate::model::portfolio::Skipped],
        render_warnings: Vec<String>,
    }
    let p = &w.portfolio;
    let out = Out {
        schema: super::report::RUN_SCHEMA,
        command: "portfolio",
        files: w
            .files
            .iter()
            .map(|f| crate::error::display_path(f))
            .collect(),
        totals: &p.totals,
        failed: &p.failed,
        skipped: &p.skipped,
        render_warnings: w.warnings.iter().map(ToString::to_string).collect(),
    };
    serde_json::to_string_pretty(&out)
        .map_err(|e| crate::error::Error::Internal(format!("serialising JSON: {e}")))
}

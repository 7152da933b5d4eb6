//! `wafr report`: import → assess (→ compare with a baseline) → render every format → write
//! all or none.

use std::path::{Path, PathBuf};

use super::context::{Context, emit_typst};
use crate::error::{Diagnostic, Result};
use crate::fsutil;
use crate::manifest;
use crate::model::assessment::Assessment;
use crate::render::{self, Format, RenderOptions, Subject, Warning};

/// Files about to be written: (path, bytes).
pub(super) type Files = Vec<(PathBuf, Vec<u8>)>;

/// One format's files and warnings.
type Rendered = (Files, Vec<Warning>);

/// What `wafr report` is asked for.
#[derive(Debug, Clone)]
pub(crate) struct ReportRequest {
    /// Review files.
    pub inputs: Vec<PathBuf>,
    /// A baseline to compare with (`--baseline`): review files, or one previous
    /// `assessment.json`. Empty: no comparison.
    pub baseline: Vec<PathBuf>,
    /// The output folder.
    pub out_dir: PathBuf,
    /// The formats to write, in order.
    pub formats: Vec<Format>,
    /// `--emit-typst DIR`: also the PDF's typst sources and `data.json`, written first (so
    /// that a failing template can still be compiled and debugged with the typst CLI).
    pub emit_typst: Option<PathBuf>,
}

impl ReportRequest {
    /// Every format of `inputs` into `out_dir`, no baseline, no typst sources.
    pub(crate) fn new(inputs: Vec<PathBuf>, out_dir: PathBuf) -> Self {
        ReportRequest {
            inputs,
            baseline: Vec::new(),
            out_dir,
            formats: Format::ALL.to_vec(),
            emit_typst: None,
        }
    }
}

/// What `report` wrote.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    /// The assessment.
    pub assessment: Assessment,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Mapping warnings (coverage gaps of user mappings).
    pub mapping_warnings: Vec<Diagnostic>,
    /// Warnings of the renderers: the PDF template's (`template file:line:column: warning: …`)
    /// and characters its fonts cannot print.
    pub warnings: Vec<Warning>,
    /// The summary for the terminal.
    pub summary: String,
}

/// `wafr report`: import, assess, render every format, write the files all or none.
pub(crate) fn report(ctx: &Context, req: &ReportRequest) -> Result<Written> {
    let (assessment, files, warnings) = write_report(ctx, req)?;
    Ok(Written {
        summary: render::terminal::summary(&assessment),
        assessment,
        files,
        mapping_warnings: ctx.mapping_warnings.clone(),
        warnings,
    })
}

/// [`report`] without the terminal text: holds the output folder's lock, removes what a killed
/// run left there, then renders, stages and writes every file, all or none.
fn write_report(
    ctx: &Context,
    req: &ReportRequest,
) -> Result<(Assessment, Vec<PathBuf>, Vec<Warning>)> {
    let _lock = fsutil::OutputLock::acquire(&req.out_dir)?;
    remove_stale(&req.out_dir, false);
    let (assessment, staged, mut files, warnings) = stage_report(ctx, req, &req.out_dir)?;
    files.extend(staged.commit()?);
    Ok((assessment, files, warnings))
}

/// What a report folder was staged as: the assessment, the staged files, the typst sources
/// already written (`--emit-typst`), and the warnings.
pub(super) type StagedReport = (Assessment, fsutil::Staged, Vec<PathBuf>, Vec<Warning>);

/// Imports, assesses and renders one report, and stages its files in `req.out_dir` without
/// replacing any ([`fsutil::Staged`]), checked from `root` down (the output folder of the
/// command: no link below it is followed); the caller holds `root`'s lock and commits.
pub(super) fn stage_report(
    ctx: &Context,
    req: &ReportRequest,
    root: &Path,
) -> Result<StagedReport> {
    let opts = &ctx.options.render;
    let assessment = ctx.assess_with_baseline(&req.inputs, &req.baseline)?;
    let subject = Subject::Report(&assessment);
    let files = match &req.emit_typst {
        Some(dir) => emit_typst(subject, dir, opts)?,
        None => Vec::new(),
    };
    let manifest = manifest::Subject::report(&assessment);
    let (outputs, warnings) = render_folder(subject, &req.formats, &req.out_dir, opts, manifest)?;
    let mut staged = fsutil::Staged::new();
    staged.add_all(root, outputs)?;
    Ok((assessment, staged, files, warnings))
}

/// Removes the temporary files a killed run left in a report folder or (`portfolio`) a
/// portfolio's folder; the caller holds the folder's lock.
pub(super) fn remove_stale(dir: &Path, portfolio: bool) {
    let mut names = render::output_file_names(portfolio);
    names.push(manifest::FILE);
    fsutil::temp::remove_stale(dir, &names);
}

/// The files of an output folder, rendered but not written: every format of the subject, then
/// its `manifest.json` (the inputs, mappings, templates and options, and every output's
/// SHA-256). Everything is rendered before anything is written, so a failing renderer leaves
/// every earlier output untouched.
///
/// The formats render side by side on worker threads, the PDF first: it is most of the time
/// (typst, in a child process for the `wafr` command), and the others fit beside it. Files,
/// warnings and the first error come in the order of `formats` all the same, so the output is
/// what rendering one after the other gives.
pub(super) fn render_folder(
    subject: Subject<'_>,
    formats: &[Format],
    dir: &Path,
    opts: &RenderOptions,
    manifest: manifest::Subject<'_>,
) -> Result<(Files, Vec<Warning>)> {
    let mut order: Vec<usize> = (0..formats.len()).collect();
    order.sort_by_key(|&i| formats[i] != Format::Pdf);
    let done =
        super::workers::map_on_workers(&order, |&i| render_format(subject, formats[i], dir, opts))?;
    let mut slots: Vec<Option<Result<Rendered>>> = (0..formats.len()).map(|_| None).collect();
    for (i, r) in order.into_iter().zip(done) {
        slots[i] = Some(r);
    }
    let mut outputs = Vec::new();
    let mut warnings = Vec::new();
    for slot in slots.into_iter().flatten() {
        let (files, w) = slot?;
        outputs.extend(files);
        warnings.extend(w);
    }
    let m = manifest::build(manifest, opts, dir, &outputs);
    outputs.push((dir.join(manifest::FILE), manifest::to_bytes(&m)?));
    Ok((outputs, warnings))
}

/// One format's files (the PDF report may come with its appendices) and warnings.
fn render_format(
    subject: Subject<'_>,
    format: Format,
    dir: &Path,
    opts: &RenderOptions,
) -> Result<Rendered> {
    let Some(name) = subject.file_name(format) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let r = render::render(format, subject, opts)?;
    let mut warnings = r.warnings;
    let mut files = vec![(dir.join(name), r.bytes)];
    if let (Format::Pdf, Subject::Report(a)) = (format, subject)
        && opts.appendices == crate::render::pdf::Appendices::Separate
    {
        let r = render::pdf_appendices(a, opts)?;
        warnings.extend(r.warnings);
        files.push((dir.join(crate::render::pdf::APPENDICES_FILE), r.bytes));
    }
    Ok((files, warnings))
}

/// What `wafr report --json` prints (schema `wafr/run/1`): the files written, the summary and
/// readiness per framework, and every warning with its code and place.
pub(crate) fn run_json(w: &Written) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Readiness<'a> {
        framework: &'a str,
        readiness: &'a crate::model::controls::Readiness,
    }
    #[derive(serde::Serialize)]
    struct Out<'a> {
        schema: &'static str,
        command: &'static str,
        files: Vec<String>,
        summary: &'a crate::model::assessment::Summary,
        readiness: Vec<Readiness<'a>>,
        warnings: Vec<&'a Diagnostic>,
        render_warnings: Vec<String>,
    }
    let a = &w.assessment;
    let out = Out {
        schema: RUN_SCHEMA,
        command: "report",
        files: w
            .files
            .iter()
            .map(|p| crate::error::display_path(p))
            .collect(),
        summary: &a.summary,
        readiness: a
            .frameworks
            .iter()
            .map(|f| Readiness {
                framework: &f.id,
                readiness: &f.readiness,
            })
            .collect(),
        warnings: w.mapping_warnings.iter().chain(&a.warnings).collect(),
        render_warnings: w.warnings.iter().map(ToString::to_string).collect(),
    };
    serde_json::to_string_pretty(&out)
        .map_err(|e| crate::error::Error::Internal(format!("serialising JSON: {e}")))
}

/// Schema of `wafr report --json` and `wafr portfolio --json`.
pub(crate) const RUN_SCHEMA: &str = "wafr/run/1";

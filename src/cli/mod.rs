//! The `wafr` command: parse the command line ([`args`]), turn it into a checked [`job::Job`],
//! run it through the pipeline, print what it returns ([`ui`]), and exit with 0 (ok), 1 (a
//! data, mapping or template problem to fix, a gate tripped, a verification failed) or 2
//! (usage, I/O or internal error). Nothing here computes: the text printed comes rendered from
//! the pipeline.

pub mod args;
mod choice;
mod job;
mod progress;
mod ui;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::error::{Error, Result, Severity};
use crate::pipeline::commands::{self, BacklogRequest};
use crate::pipeline::portfolio::{PortfolioRequest, PortfolioWritten};
use crate::pipeline::{self, Context, Gate, MappingSources, Options, ReportRequest};
pub use args::Cli;
use job::Job;
use ui::Ui;
pub(crate) use ui::print_error;

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    if std::env::var_os("WAFR_CHECK_CODES").is_some() {
        crate::codes::check_strictly();
    }
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    #[cfg(feature = "pdf")]
    if argv.len() == 2 && argv[1] == pipeline::TYPESET_CHILD_COMMAND {
        // A typesetting child of another wafr: not a command of the command line.
        return pipeline::typeset_child_main();
    }
    let color = match ui::color_choice(&argv) {
        anstream::ColorChoice::Always => clap::ColorChoice::Always,
        anstream::ColorChoice::Never => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let cli = match Cli::command()
        .color(color)
        .try_get_matches_from(&argv)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let ui = Ui::new(&cli.global);
    // Ctrl-C, a kill or a closed terminal remove this run's temporary files before it exits.
    crate::fsutil::temp::install_signal_cleanup();
    isolate_typesetting();
    let outcome = Job::try_from(cli.command).and_then(|j| run(j, ui));
    pipeline::finish_typesetting();
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Every PDF of this run is typeset in a child process of this executable, which is killed
/// past the template limits (`pipeline::isolate_typesetting_in`, i.e. `render::pdf::isolate_in`).
/// On Linux the executable is named through `/proc/self/exe`, which stays this very binary even
/// if the file is replaced while wafr runs; where the executable cannot be found, PDFs are
/// typeset in-process, on a guarded thread.
fn isolate_typesetting() {
    #[cfg(feature = "pdf")]
    {
        let proc_exe = std::path::Path::new("/proc/self/exe");
        let exe = if cfg!(target_os = "linux") && proc_exe.exists() {
            Some(proc_exe.to_path_buf())
        } else {
            std::env::current_exe().ok()
        };
        if let Some(exe) = exe {
            pipeline::isolate_typesetting_in(exe);
        }
    }
}

/// Runs one checked command; returns the exit code.
fn run(job: Job, ui: Ui) -> Result<u8> {
    match job {
        Job::Report { opts, req, json } => report(opts, &req, json, ui),
        Job::Validate {
            opts,
            inputs,
            gates,
            json,
        } => validate(opts, &inputs, &gates, json, ui),
        Job::Diff {
            opts,
            old,
            new,
            json,
        } => diff(opts, &old, &new, json, ui),
        Job::Backlog { opts, req } => backlog(opts, &req, ui),
        Job::MappingsCheck(sources, cross) => mappings_check(&sources, cross, ui),
        Job::MappingsList(sources, json) => mappings_list(&sources, json, ui),
        Job::MappingsExport {
            sources,
            dir,
            formats,
            date,
        } => {
            ui.wrote(&commands::mappings_export(&sources, &dir, &formats, date)?);
            Ok(0)
        }
        Job::EvidenceRequests {
            opts,
            inputs,
            format,
            out,
        } => {
            let ctx = Context::load(opts)?;
            let (bytes, warnings) =
                commands::evidence_requests(&ctx, &inputs, format, out.as_deref())?;
            ui.warnings(&warnings);
            to_file_or_stdout(&bytes, out.as_deref(), ui)
        }
        Job::Questionnaire {
            opts,
            out,
            from,
            force,
        } => {
            ui.warnings(&commands::write_questionnaire(&out, &from, force, &opts)?);
            ui.wrote([&out]);
            Ok(0)
        }
        Job::ExportTemplates(dir) => {
            ui.wrote(&commands::export_templates(&dir)?);
            Ok(0)
        }
        Job::Portfolio { opts, req, json } => portfolio(opts, &req, json, ui),
        Job::Verify(dir) => verify(&dir, ui),
        Job::Completions(shell) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "wafr", &mut out);
            ui.data(&out)?;
            Ok(0)
        }
        Job::Man(dir) => man(dir.as_deref(), ui),
    }
}

/// Data on stdout, or `wrote <file>` when it went to a file.
fn to_file_or_stdout(bytes: &[u8], out: Option<&Path>, ui: Ui) -> Result<u8> {
    match out {
        // Standard output is for the data: say where it went on standard error.
        Some(p) => ui.status(&format!("wrote {}", crate::error::display_path(p))),
        None => ui.data(bytes)?,
    }
    Ok(0)
}

fn report(opts: Options, req: &ReportRequest, json: bool, ui: Ui) -> Result<u8> {
    if req.formats.contains(&pipeline::Format::Pdf) {
        pipeline::prepare_typesetting(opts.render.template_limits);
    }
    let ctx = Context::load(opts)?;
    let w = pipeline::report(&ctx, req)?;
    ui.warnings(&w.mapping_warnings);
    ui.render_warnings(&w.warnings);
    ui.warnings(&w.assessment.warnings);
    if json {
        ui.data(format!("{}\n", pipeline::report_json(&w)?).as_bytes())?;
    } else {
        ui.out(&w.summary);
        ui.wrote(&w.files);
    }
    Ok(0)
}

fn validate(opts: Options, inputs: &[PathBuf], gates: &[Gate], json: bool, ui: Ui) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let v = match commands::validate(&ctx, inputs, gates) {
        Ok(v) => v,
        // Scripts get the located problems as JSON too; people get them on stderr.
        Err(Error::Invalid { what, problems }) if json => {
            ui.data(format!("{}\n", commands::validation_json(&problems, None)?).as_bytes())?;
            return Err(Error::Invalid { what, problems });
        }
        Err(e) => return Err(e),
    };
    ui.warnings(&ctx.mapping_warnings);
    ui.warnings(&v.assessment.warnings);
    if json {
        ui.data(format!("{}\n", v.json).as_bytes())?;
    } else {
        ui.out(&v.summary);
    }
    if !v.verdict.passed {
        return Err(Error::Gate(v.verdict_line));
    }
    if !gates.is_empty() {
        ui.status(&v.verdict_line);
    }
    Ok(0)
}

fn diff(opts: Options, old: &[PathBuf], new: &[PathBuf], json: bool, ui: Ui) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let d = commands::diff(&ctx, old, new)?;
    ui.warnings(&ctx.mapping_warnings);
    ui.warnings(&d.warnings);
    if json {
        ui.data(format!("{}\n", d.json).as_bytes())?;
    } else {
        ui.out(&d.text);
    }
    Ok(0)
}

fn backlog(opts: Options, req: &BacklogRequest, ui: Ui) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let (bytes, warnings) = commands::backlog(&ctx, req)?;
    ui.warnings(&warnings);
    to_file_or_stdout(&bytes, req.out.as_deref(), ui)
}

fn mappings_check(sources: &MappingSources, cross: bool, ui: Ui) -> Result<u8> {
    let checked = commands::mappings_check(sources, cross)?;
    for r in &checked.replaced {
        ui.note(r);
    }
    ui.out(&checked.verdict?);
    if let Some(x) = &checked.cross_check {
        ui.out(x);
    }
    Ok(0)
}

fn mappings_list(sources: &MappingSources, json: bool, ui: Ui) -> Result<u8> {
    let (text, warnings) = commands::mappings_list(sources, json)?;
    if json {
        ui.data(text.as_bytes())?;
    } else {
        ui.out(&text);
    }
    ui.warnings(&warnings);
    Ok(0)
}

fn verify(dir: &Path, ui: Ui) -> Result<u8> {
    let (v, text) = commands::verify(dir)?;
    ui.out(&text);
    let bad = v.differing();
    if bad == 0 {
        return Ok(0);
    }
    ui.error_line(&format!(
        "{bad} of {} outputs differ from manifest.json",
        v.files.len()
    ));
    Ok(1)
}

/// `wafr man`: wafr.1 on stdout, or every page into a folder.
fn man(dir: Option<&Path>, ui: Ui) -> Result<u8> {
    let cmd = Cli::command();
    match dir {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| Error::Internal(format!("rendering the manual page: {e}")))?;
            ui.data(&out)?;
        }
        Some(d) => {
            // Rendered first, then written like every output: regular files only, never
            // through a link, all or none.
            let mut cmd = cmd.disable_help_subcommand(true);
            cmd.build();
            let mut pages = Vec::new();
            man_pages(cmd, d, &mut pages)?;
            pages.sort_by(|a, b| a.0.cmp(&b.0));
            crate::fsutil::write_all_atomic(d, &pages)?;
            ui.wrote(pages.iter().map(|(p, _)| p));
        }
    }
    Ok(0)
}

/// Every manual page of `cmd` and its visible sub-commands, as `clap_mangen::generate_to`
/// names them (`wafr.1`, `wafr-report.1` …).
fn man_pages(cmd: clap::Command, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        man_pages(sub, dir, out)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let mut bytes = Vec::new();
    man.render(&mut bytes)
        .map_err(|e| Error::Internal(format!("rendering the manual page: {e}")))?;
    out.push((dir.join(man.get_filename()), bytes));
    Ok(())
}

fn portfolio(opts: Options, req: &PortfolioRequest, json: bool, ui: Ui) -> Result<u8> {
    // The consolidated PDF is typeset last; with `--each`, every workload's before it.
    pipeline::prepare_typesetting(opts.render.template_limits);
    let ctx = Context::load(opts)?;
    let bar = progress::Bar::new(!ui.quiet);
    let w = pipeline::portfolio(&ctx, req, &bar)?;
    let p = &w.portfolio;
    ui.render_warnings(&w.warnings);
    for s in &p.skipped {
        ui.note(&format!("skipped {}: {}", s.path, s.reason));
    }
    // Failed inputs are errors: always shown, each with its located problems.
    for f in &p.failed {
        let mut text = format!("{} ({}): {}", f.name, f.stage, f.error);
        for d in f
            .problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .take(20)
        {
            text.push_str(&format!("\n{d}"));
        }
        ui.error_line(&text);
    }
    if json {
        ui.data(format!("{}\n", pipeline::portfolio::run_json(&w)?).as_bytes())?;
    } else {
        ui.out(&w.summary);
        print_written(&w, ui);
    }
    if p.failed.is_empty() {
        return Ok(0);
    }
    ui.error_line(&format!(
        "{} of {} inputs failed; they are listed in the consolidated reports",
        p.failed.len(),
        p.totals.workloads_found
    ));
    Ok(1)
}

/// The last files a portfolio wrote (its consolidated reports), and how many more.
fn print_written(w: &PortfolioWritten, ui: Ui) {
    let shown = w.files.len().min(12);
    ui.wrote(&w.files[w.files.len() - shown..]);
    if w.files.len() > shown && !ui.quiet {
        println!("wrote {} more files", w.files.len() - shown);
    }
}

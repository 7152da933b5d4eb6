//! The `wafr` command: parse the command line ([`args`]), turn it into a checked [`args::Job`],
//! run it through the pipeline, print what it returns, and exit with 0 (ok), 1 (a data,
//! mapping or template problem to fix, a gate tripped, a verification failed) or 2 (usage,
//! I/O or internal error). Nothing here computes: the text printed comes rendered from the
//! pipeline.

pub mod args;
mod progress;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::error::{Diagnostic, Error, Result, Severity, display_path};
use crate::pipeline::commands::{self, BacklogRequest};
use crate::pipeline::portfolio::{PortfolioRequest, PortfolioWritten};
use crate::pipeline::{self, Context, Gate, MappingSources, Options, ReportRequest, Warning};
pub use args::Cli;
use args::Job;

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match Job::try_from(cli.command).and_then(run) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            print_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs one checked command; returns the exit code.
fn run(job: Job) -> Result<u8> {
    match job {
        Job::Report { opts, req, quiet } => report(opts, &req, quiet),
        Job::Validate {
            opts,
            inputs,
            gates,
            json,
        } => validate(opts, &inputs, &gates, json),
        Job::Diff {
            opts,
            old,
            new,
            json,
        } => diff(opts, &old, &new, json),
        Job::Backlog { opts, req } => backlog(opts, &req),
        Job::MappingsCheck(sources) => mappings_check(&sources),
        Job::MappingsList(sources) => mappings_list(&sources),
        Job::MappingsExport {
            sources,
            dir,
            formats,
            date,
        } => {
            for p in commands::mappings_export(&sources, &dir, &formats, date)? {
                println!("wrote {}", display_path(&p));
            }
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
            print_warnings(&warnings, 20);
            match &out {
                Some(p) => eprintln!("wrote {}", display_path(p)),
                None => std::io::stdout()
                    .lock()
                    .write_all(&bytes)
                    .map_err(|e| Error::Internal(format!("writing to standard output: {e}")))?,
            }
            Ok(0)
        }
        Job::Questionnaire {
            opts,
            out,
            from,
            force,
        } => questionnaire(&opts, &out, &from, force),
        Job::ExportTemplates(dir) => export_templates(&dir),
        Job::Portfolio { opts, req, quiet } => portfolio(opts, &req, quiet),
        Job::Verify(dir) => verify(&dir),
    }
}

fn report(opts: Options, req: &ReportRequest, quiet: bool) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let w = pipeline::report(&ctx, req)?;
    if !quiet {
        print_warnings(&w.mapping_warnings, 10);
        print_render_warnings(&w.warnings);
        print_warnings(&w.assessment.warnings, 20);
        if let Some(c) = &w.assessment.comparison {
            print_warnings(&c.baseline_warnings, 10);
        }
        print!("{}", w.summary);
        for f in &w.files {
            println!("wrote {}", display_path(f));
        }
    }
    Ok(0)
}

fn validate(opts: Options, inputs: &[PathBuf], gates: &[Gate], json: bool) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let v = commands::validate(&ctx, inputs, gates)?;
    print_warnings(&ctx.mapping_warnings, 10);
    print_warnings(&v.assessment.warnings, usize::MAX);
    if json {
        println!("{}", v.json);
    } else {
        print!("{}", v.summary);
    }
    if !v.verdict.passed {
        return Err(Error::Gate(v.verdict_line));
    }
    if !gates.is_empty() {
        eprintln!("{}", v.verdict_line);
    }
    Ok(0)
}

fn diff(opts: Options, old: &[PathBuf], new: &[PathBuf], json: bool) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let d = commands::diff(&ctx, old, new)?;
    print_warnings(&ctx.mapping_warnings, 10);
    print_warnings(&d.comparison.baseline_warnings, 10);
    if json {
        println!("{}", d.json);
    } else {
        print!("{}", d.text);
    }
    Ok(0)
}

fn backlog(opts: Options, req: &BacklogRequest) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let (bytes, warnings) = commands::backlog(&ctx, req)?;
    print_warnings(&warnings, 20);
    match &req.out {
        Some(p) => eprintln!("wrote {}", display_path(p)),
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .map_err(|e| Error::Internal(format!("writing to standard output: {e}")))?,
    }
    Ok(0)
}

fn mappings_check(sources: &MappingSources) -> Result<u8> {
    let checked = commands::mappings_check(sources)?;
    for r in &checked.replaced {
        eprintln!("note: {r}");
    }
    println!("{}", checked.verdict?);
    Ok(0)
}

fn mappings_list(sources: &MappingSources) -> Result<u8> {
    let (text, warnings) = commands::mappings_list(sources)?;
    print!("{text}");
    print_warnings(&warnings, usize::MAX);
    Ok(0)
}

fn questionnaire(
    opts: &Options,
    out: &std::path::Path,
    from: &[PathBuf],
    force: bool,
) -> Result<u8> {
    let warnings = commands::write_questionnaire(out, from, force, opts)?;
    print_warnings(&warnings, 20);
    println!("wrote {}", display_path(out));
    Ok(0)
}

fn export_templates(dir: &std::path::Path) -> Result<u8> {
    for path in commands::export_templates(dir)? {
        println!("wrote {}", display_path(&path));
    }
    Ok(0)
}

fn verify(dir: &std::path::Path) -> Result<u8> {
    let (v, text) = commands::verify(dir)?;
    print!("{text}");
    let bad = v.differing();
    if bad == 0 {
        return Ok(0);
    }
    eprintln!(
        "error: {bad} of {} output(s) differ from manifest.json",
        v.files.len()
    );
    Ok(1)
}

fn portfolio(opts: Options, req: &PortfolioRequest, quiet: bool) -> Result<u8> {
    let ctx = Context::load(opts)?;
    let bar = progress::Bar::new(!quiet);
    let w = pipeline::portfolio(&ctx, req, &bar)?;
    let p = &w.portfolio;
    if !quiet {
        print_render_warnings(&w.warnings);
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
    if !quiet {
        print!("{}", w.summary);
        print_written(&w);
    }
    if p.failed.is_empty() {
        return Ok(0);
    }
    eprintln!(
        "error: {} of {} inputs failed; they are listed in the consolidated reports",
        p.failed.len(),
        p.totals.workloads_found
    );
    Ok(1)
}

/// The last files a portfolio wrote (its consolidated reports), and how many more.
fn print_written(w: &PortfolioWritten) {
    let shown = w.files.len().min(12);
    for f in w.files.iter().rev().take(shown).rev() {
        println!("wrote {}", display_path(f));
    }
    if w.files.len() > shown {
        println!("wrote {} more files", w.files.len() - shown);
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

fn print_render_warnings(ws: &[Warning]) {
    for t in ws {
        eprintln!("warning: {}", t.to_string().replace('\n', "\n  "));
    }
}

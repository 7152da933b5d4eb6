//! wafr's benchmark suite: one command prints every figure of `benches/README.md`.
//!
//!   cargo bench --bench suite                 # everything but --each (about a minute once built)
//!   cargo bench --bench suite -- --each       # also `portfolio --each` over 100 and 1,000 (+8 min)
//!   cargo bench --bench suite -- --quick      # fewer runs, no 1,000-workload portfolio
//!
//! (a) one synthetic workload: each stage alone in-process (import, assess, JSON, XLSX, PDF,
//!     Markdown) and `wafr report` end to end as a child process; the typst CLI compiling
//!     the same document, when `typst` is installed; (b) `wafr portfolio` over 10, 100 and
//!     1,000 synthetic workloads; (c) a 100,000-row spreadsheet imported by `wafr validate`.
//! Child processes are timed with a wall clock and their peak memory read from the kernel
//! (wait4's ru_maxrss). The reviews are generated from a fixed seed, so every machine
//! measures the same work. Nothing is asserted: targets are printed next to the figures.

#![allow(clippy::unwrap_used, missing_docs, unreachable_pub)]

#[path = "support/sheet.rs"]
mod sheet;
#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const DATE: &str = "2026-11-29";
const PERIOD: &str = "2026-01-01..2026-12-31";
const SEED: u64 = 2026;
const MIB: f64 = 1024.0 * 1024.0;

/// One child-process run.
struct Run {
    secs: f64,
    peak_bytes: u64,
}

/// Runs a child to its end; wall time and peak resident memory (the kernel's high-water
/// mark for that child). Panics on a failing exit code: a benchmark of a failure is void.
#[allow(clippy::zombie_processes)] // reaped by wait4 below
fn child(cmd: &mut Command) -> Run {
    let log = tempfile::NamedTempFile::new().unwrap();
    cmd.stdout(Stdio::null())
        .stderr(Stdio::from(log.reopen().unwrap()))
        .env_remove("SOURCE_DATE_EPOCH");
    let t = Instant::now();
    let c = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it for our own child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child we just spawned; status and ru outlive the call.
    let r = unsafe { libc::wait4(c.id() as libc::pid_t, &mut status, 0, &mut ru) };
    let secs = t.elapsed().as_secs_f64();
    assert!(r > 0, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    if code != 0 {
        panic!(
            "{cmd:?} exited with {code}:\n{}",
            std::fs::read_to_string(log.path()).unwrap_or_default()
        );
    }
    Run {
        secs,
        // ru_maxrss is in KiB on Linux.
        peak_bytes: ru.ru_maxrss as u64 * 1024,
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) / 2]
}

fn fmt_secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

/// Median wall time, range, median peak memory of `runs` child runs.
struct Figures {
    runs: usize,
    median: f64,
    min: f64,
    max: f64,
    peak: f64,
}

fn repeat(runs: usize, mut make: impl FnMut() -> Command) -> Figures {
    let mut secs = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        let r = child(&mut make());
        secs.push(r.secs);
        peaks.push(r.peak_bytes as f64);
    }
    let (min, max) = (
        secs.iter().copied().fold(f64::MAX, f64::min),
        secs.iter().copied().fold(0.0, f64::max),
    );
    Figures {
        runs,
        median: median(&mut secs),
        min,
        max,
        peak: median(&mut peaks),
    }
}

fn row(name: &str, f: &Figures, throughput: &str, target: &str) {
    let peak = if f.peak > 0.0 {
        format!("{:.1} MiB", f.peak / MIB)
    } else {
        "—".into()
    };
    println!(
        "  {name:<40} {:>4} {:>10} {:>21} {:>18} {:>10}  {target}",
        f.runs,
        fmt_secs(f.median),
        format!("{}–{}", fmt_secs(f.min), fmt_secs(f.max)),
        throughput,
        peak
    );
}

fn header() {
    println!(
        "  {:<40} {:>4} {:>10} {:>21} {:>18} {:>10}  target",
        "what", "runs", "median", "range", "throughput", "peak RSS"
    );
}

/// Median of in-process timings of `f`.
fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Figures, T) {
    let mut secs = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        secs.push(t.elapsed().as_secs_f64());
        last = Some(out);
    }
    let (min, max) = (
        secs.iter().copied().fold(f64::MAX, f64::min),
        secs.iter().copied().fold(0.0, f64::max),
    );
    (
        Figures {
            runs,
            median: median(&mut secs),
            min,
            max,
            peak: 0.0,
        },
        last.unwrap(),
    )
}

/// How many files a run wrote under `dir`, counted on disk.
fn files_under(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => files_under(&e.path()),
            Ok(_) => 1,
            Err(_) => 0,
        })
        .sum()
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

fn wafr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wafr"))
}

/// The typst CLI, when installed (PATH or ~/.cargo/bin).
fn typst_cli() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("typst")).collect())
        .unwrap_or_default();
    if let Some(h) = std::env::var_os("CARGO_HOME") {
        candidates.push(Path::new(&h).join("bin/typst"));
    }
    if let Some(h) = std::env::var_os("HOME") {
        candidates.push(Path::new(&h).join(".cargo/bin/typst"));
    }
    candidates.into_iter().find(|p| p.is_file())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|k| format!("{:.0} GiB", k / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cores} cores ({cpu}), {mem}")
}

/// Runs this benchmark binary again for work that takes memory (generating data, the
/// in-process stages), so that the measuring process stays small: a child's peak memory as
/// the kernel reports it includes the memory of the process that started it.
fn helper(args: &[&str]) {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "helper {args:?} failed");
}

/// Each stage alone, in-process, on one review (run in a helper process).
fn stages(one: &Path, quick: bool) {
    let date = time::macros::date!(2026 - 11 - 29);
    let opts = wafr::pipeline::Options::new(wafr::assess::AssessOptions {
        date,
        period: Some(wafr::model::assessment::Period {
            start: time::macros::date!(2026 - 01 - 01),
            end: time::macros::date!(2026 - 12 - 31),
        }),
        audit: Default::default(),
        pillars: Vec::new(),
    });
    let runs = if quick { 5 } else { 20 };
    let (f, (catalog, _)) = timed(runs, || wafr::pipeline::load_catalog(&opts).unwrap());
    row("load mappings (once per process)", &f, "", "");
    let inputs = [one.to_owned()];
    let (f, rev) = timed(runs, || {
        wafr::import::load(&inputs, &catalog, &opts.import).unwrap()
    });
    row(
        "import (JSON → review)",
        &f,
        &format!("{:.0} reviews/s", 1.0 / f.median),
        "",
    );
    let (f, a) = timed(runs, || {
        wafr::assess::assess(&rev, &catalog, &opts.assess).unwrap()
    });
    row(
        "assess (review → assessment)",
        &f,
        &format!("{:.0} reviews/s", 1.0 / f.median),
        "",
    );
    let (f, json) = timed(runs, || wafr::render::json(&a).unwrap());
    row(
        "render assessment.json",
        &f,
        &format!("{:.0} MB/s", json.len() as f64 / 1e6 / f.median),
        "",
    );
    let (f, xlsx) = timed(runs, || {
        wafr::render::xlsx::render(&a, &opts.render).unwrap()
    });
    row(
        "render control-matrix.xlsx",
        &f,
        &format!("{:.1} workbooks/s", 1.0 / f.median),
        &format!("{:.0} KB", xlsx.len() as f64 / 1e3),
    );
    let (f, md) = timed(runs, || {
        wafr::render::render(wafr::render::Format::Markdown, &a, &opts.render)
            .unwrap()
            .bytes
    });
    row(
        "render summary.md",
        &f,
        &format!("{:.0} /s", 1.0 / f.median),
        &format!("{} B", md.len()),
    );
    let pdf_runs = if quick { 3 } else { 10 };
    let (pdf_inproc, c) = timed(pdf_runs, || {
        wafr::render::pdf::compile(&a, &opts.render).unwrap()
    });
    row(
        "render report.pdf (typst, in-process)",
        &pdf_inproc,
        &format!("{:.0} pages/s", c.pages as f64 / pdf_inproc.median),
        &format!("{} pages, {:.0} KB", c.pages, c.pdf.len() as f64 / 1e3),
    );
    // The same document typeset in a child process of the wafr binary, as the `wafr` command
    // does: the difference is the cost of the child (start, job over a pipe, fonts loaded).
    let exe = Path::new(env!("CARGO_BIN_EXE_wafr"));
    let doc = wafr::render::pdf::report_document(&a, &opts.render).unwrap();
    let (pdf_child, c2) = timed(pdf_runs, || {
        wafr::render::pdf::typeset_isolated(doc.clone(), &opts.render, exe).unwrap()
    });
    assert!(
        c2.pdf == c.pdf,
        "the child's PDF differs from the in-process one"
    );
    row(
        "render report.pdf (typst, child process)",
        &pdf_child,
        &format!("{:.0} pages/s", c2.pages as f64 / pdf_child.median),
        &format!(
            "+{} per PDF",
            fmt_secs(pdf_child.median - pdf_inproc.median)
        ),
    );

    std::fs::write(
        one.with_extension("pdf-median"),
        pdf_inproc.median.to_string(),
    )
    .unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let each = args.iter().any(|a| a == "--each");
    let date = time::macros::date!(2026 - 11 - 29);
    match args.first().map(String::as_str) {
        Some("--helper-stages") => return stages(Path::new(&args[1]), quick),
        Some("--helper-reviews") => {
            let n = args[2].parse().unwrap();
            return synth::write_portfolio(Path::new(&args[1]), n, SEED, date);
        }
        Some("--helper-sheet") => {
            sheet::write(Path::new(&args[1]), args[2].parse().unwrap());
            return;
        }
        _ => {}
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();

    println!("wafr benchmark suite: wafr {}", env!("CARGO_PKG_VERSION"));
    println!("machine: {}", machine());
    println!(
        "binary: {} (profile {})",
        env!("CARGO_BIN_EXE_wafr"),
        if cfg!(debug_assertions) {
            "debug: figures are not comparable"
        } else {
            "release"
        }
    );

    // ---------------------------------------------------------------- (a) one workload
    let t = Instant::now();
    let (practices, lens) = synth::practices();
    let one = root.join("one.json");
    let review = synth::review(0, SEED, &practices, &lens, date);
    std::fs::write(&one, serde_json::to_vec_pretty(&review).unwrap()).unwrap();
    let sizes = (
        review["answers"].as_array().map_or(0, Vec::len),
        review["evidence"].as_array().map_or(0, Vec::len),
    );
    println!(
        "\n(a) one workload: synthetic review #0 ({} answers, {} evidence items; generated in {})",
        sizes.0,
        sizes.1,
        fmt_secs(t.elapsed().as_secs_f64())
    );
    header();
    helper(&[
        "--helper-stages",
        one.to_str().unwrap(),
        if quick { "--quick" } else { "--full" },
    ]);
    let pdf_inproc_median: f64 = std::fs::read_to_string(one.with_extension("pdf-median"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();

    let out = root.join("report");
    let e2e_runs = if quick { 3 } else { 5 };
    let f = repeat(e2e_runs, || {
        let mut c = wafr();
        c.args(["report"])
            .arg(&one)
            .arg("--out")
            .arg(&out)
            .args(["--date", DATE, "--period", PERIOD, "--quiet"]);
        c
    });
    row(
        "wafr report, end to end (4 files)",
        &f,
        &format!("{:.1} reports/s", 1.0 / f.median),
        &format!(
            "≤ 0.5 s, ≤ 150 MiB: {}",
            verdict(f.median <= 0.5 && f.peak <= 150.0 * MIB)
        ),
    );
    let pdf_only = repeat(e2e_runs, || {
        let mut c = wafr();
        c.args(["report"]).arg(&one).arg("--out").arg(&out).args([
            "--format", "pdf", "--date", DATE, "--period", PERIOD, "--quiet",
        ]);
        c
    });
    row("wafr report --format pdf (process)", &pdf_only, "", "");

    // The alternative a user has: the typst CLI on the same sources.
    let src = root.join("typst-src");
    child(
        wafr()
            .args(["report"])
            .arg(&one)
            .arg("--out")
            .arg(&out)
            .args(["--format", "json", "--emit-typst"])
            .arg(&src)
            .args(["--date", DATE, "--period", PERIOD, "--quiet"]),
    );
    match typst_cli() {
        Some(typst) => {
            let cli = repeat(e2e_runs, || {
                let mut c = Command::new(&typst);
                c.arg("compile")
                    .arg("--root")
                    .arg(&src)
                    .arg("--ignore-system-fonts")
                    .arg(src.join("pdf/report.typ"))
                    .arg(root.join("typst-cli.pdf"));
                c
            });
            row("typst compile, same sources (typst CLI)", &cli, "", "");
            println!(
                "  ratio: in-process render {} vs typst CLI {} = {:.2}×; wafr process (PDF only) {} vs typst CLI {} = {:.2}×",
                fmt_secs(pdf_inproc_median),
                fmt_secs(cli.median),
                pdf_inproc_median / cli.median,
                fmt_secs(pdf_only.median),
                fmt_secs(cli.median),
                pdf_only.median / cli.median
            );
        }
        None => println!(
            "  typst CLI not found: `cargo install typst-cli --version 0.15.1 --locked` to compare"
        ),
    }

    // ---------------------------------------------------------------- (b) portfolios
    let sizes: &[usize] = if quick { &[10, 100] } else { &[10, 100, 1000] };
    let largest = *sizes.last().unwrap();
    let t = Instant::now();
    let all = root.join("reviews");
    helper(&[
        "--helper-reviews",
        all.to_str().unwrap(),
        &largest.to_string(),
    ]);
    println!(
        "\n(b) portfolio: {largest} synthetic reviews generated in {} (seed {SEED})",
        fmt_secs(t.elapsed().as_secs_f64())
    );
    header();
    let mut medians = Vec::new();
    for &n in sizes {
        // The first n reviews, as a folder of their own.
        let dir = root.join(format!("p{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..n {
            let name = format!("w{i:04}.json");
            std::fs::hard_link(all.join(&name), dir.join(&name))
                .or_else(|_| std::fs::copy(all.join(&name), dir.join(&name)).map(|_| ()))
                .unwrap();
        }
        let runs = match (quick, n) {
            (true, _) => 2,
            (false, 1000) => 3,
            _ => 5,
        };
        let out = root.join(format!("out{n}"));
        let f = repeat(runs, || {
            let mut c = wafr();
            c.arg("portfolio")
                .arg(&dir)
                .arg("--out")
                .arg(&out)
                .args(["--date", DATE, "--period", PERIOD, "--quiet"]);
            c
        });
        let target = if n == 1000 {
            format!(
                "≤ 60 s, ≤ 1 GiB: {}",
                verdict(f.median <= 60.0 && f.peak <= 1024.0 * MIB)
            )
        } else {
            String::new()
        };
        row(
            &format!("wafr portfolio, {n} workloads"),
            &f,
            &format!("{:.0} workloads/s", n as f64 / f.median),
            &target,
        );
        medians.push((n, f.median));
    }
    for w in medians.windows(2) {
        let ((n1, t1), (n2, t2)) = (w[0], w[1]);
        println!(
            "  growth {n1} → {n2} workloads: time × {:.2} for × {:.0} workloads ({})",
            t2 / t1,
            n2 as f64 / n1 as f64,
            if t2 / t1 <= n2 as f64 / n1 as f64 {
                "no worse than linear"
            } else {
                "WORSE than linear"
            }
        );
    }
    if each {
        for &n in sizes.iter().filter(|&&n| n >= 100) {
            let dir = root.join(format!("p{n}"));
            let out = root.join(format!("each{n}"));
            let f = repeat(1, || {
                let mut c = wafr();
                c.arg("portfolio")
                    .arg(&dir)
                    .arg("--out")
                    .arg(&out)
                    .arg("--each")
                    .args(["--date", DATE, "--period", PERIOD, "--quiet"]);
                c
            });
            // Issue 18's target: 1,000 workloads in at most 150 s.
            let target = if n == 1000 {
                format!("; ≤ 150 s: {}", verdict(f.median <= 150.0))
            } else {
                String::new()
            };
            row(
                &format!("wafr portfolio --each, {n} workloads"),
                &f,
                &format!("{:.1} workloads/s", n as f64 / f.median),
                &format!("{} files{target}", files_under(&out)),
            );
            let _ = std::fs::remove_dir_all(&out);
        }
    }

    // ---------------------------------------------------------------- (c) spreadsheet
    let rows = 100_000;
    let t = Instant::now();
    helper(&["--helper-sheet", root.to_str().unwrap(), &rows.to_string()]);
    let (xlsx, csv) = (root.join("register.xlsx"), root.join("register.csv"));
    println!(
        "\n(c) spreadsheet import: {rows}-row evidence register (+63 answers), generated in {}",
        fmt_secs(t.elapsed().as_secs_f64())
    );
    header();
    for (name, path) in [("XLSX", &xlsx), ("CSV (register only)", &csv)] {
        let size = std::fs::metadata(path).unwrap().len() as f64;
        let f = repeat(if quick { 1 } else { 3 }, || {
            let mut c = wafr();
            c.arg("validate").arg(path).args(["--date", DATE]);
            c
        });
        row(
            &format!("wafr validate, {name}"),
            &f,
            &format!("{:.0} rows/s", rows as f64 / f.median),
            &format!("{:.1} MB; ≤ 3 s: {}", size / 1e6, verdict(f.median <= 3.0)),
        );
    }
}

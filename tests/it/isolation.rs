//! Issue 17: the `wafr` command typesets every PDF in a child process (`wafr __typeset`) that
//! is killed past the template limits and whose failed allocation is not wafr's. The same
//! document gives the same bytes in-process and in the child; a runaway template under
//! `portfolio --each` ends the run in bounded time and memory. The hostile templates of the
//! corpus (`hostile.rs`) go through the child too.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;

/// The same document typeset in this process (the library's default) and in a child of the
/// real binary gives the same bytes, the same pages and the same warnings.
#[test]
fn in_process_and_child_give_the_same_bytes() {
    let a = example_assessment();
    let opts = wafr::render::RenderOptions::default();
    let exe = Path::new(env!("CARGO_BIN_EXE_wafr"));
    for part in [
        wafr::render::pdf::Part::Report,
        wafr::render::pdf::Part::Appendices,
    ] {
        let doc = wafr::render::pdf::part_document(&a, &opts, part).unwrap();
        let here = wafr::render::pdf::typeset(doc.clone(), &opts).unwrap();
        let there = wafr::render::pdf::typeset_isolated(doc, &opts, exe).unwrap();
        assert!(here.pdf == there.pdf, "{part:?}: the child's PDF differs");
        assert_eq!(here.pages, there.pages);
        assert_eq!(here.warnings, there.warnings);
    }
    // And `wafr report` (a child of the command) writes what the library renders of the same
    // input, named as the command names it (the report shows the input's path).
    let a = assess(&[std::path::PathBuf::from("examples/northwind/review.json")]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = wafr_within_deadline(&[
        "report",
        "examples/northwind/review.json",
        "--out",
        path_str(out.path()),
        "--date",
        DATE,
        "--period",
        PERIOD,
        "--format",
        "pdf",
    ]);
    check_run("report", &o, 0, &[]);
    let written = std::fs::read(out.path().join("report.pdf")).unwrap();
    let rendered = wafr::render::pdf::render(&a, &opts).unwrap();
    assert!(written == rendered, "wafr report and the library differ");
}

/// A template error in the child comes back as the in-process one: the same text, file, line
/// and column; a panic inside typst is a template error on both paths.
#[test]
fn errors_come_back_from_the_child_as_they_are_made_in_process() {
    let a = example_assessment();
    let exe = Path::new(env!("CARGO_BIN_EXE_wafr"));
    for dir in ["typst-syntax", "typst-capacity-overflow"] {
        let dir = path(&format!("tests/corpus/templates/{dir}"));
        let opts = wafr::render::RenderOptions {
            templates: wafr::render::TemplateSet::load(Some(&dir)).unwrap(),
            ..Default::default()
        };
        let doc = wafr::render::pdf::report_document(&a, &opts).unwrap();
        let here = wafr::render::pdf::typeset(doc.clone(), &opts).unwrap_err();
        let there = wafr::render::pdf::typeset_isolated(doc, &opts, exe).unwrap_err();
        assert_eq!(here.to_string(), there.to_string());
        assert_eq!((here.exit_code(), there.exit_code()), (1, 1), "{here}");
    }
}

/// `"x" * 100000000000` with the default limits: the child's allocation fails, wafr reports
/// the memory limit with the template's name and exits with 1 (not 134, an abort).
#[cfg(unix)]
#[test]
fn one_huge_allocation_is_the_memory_limit_not_an_abort() {
    let out = tempfile::tempdir().unwrap();
    let templates = path("tests/corpus/templates/typst-huge-string");
    let o = wafr_within_deadline(&[
        "report",
        "examples/northwind/review.json",
        "--out",
        path_str(out.path()),
        "--date",
        DATE,
        "--format",
        "pdf",
        "--templates",
        path_str(&templates),
    ]);
    check_run(
        "huge string",
        &o,
        1,
        &[
            "typst-huge-string/pdf/report.typ` failed",
            "the template used more than 2048 MiB of memory (the limit, --template-memory-limit)",
        ],
    );
}

/// The child is not a command: not in the help, the completions or the manual page.
#[test]
fn the_child_command_is_hidden() {
    let help = stdout(&wafr(["--help"]));
    let bash = stdout(&wafr(["completions", "bash"]));
    let man = stdout(&wafr(["man"]));
    for text in [help, bash, man] {
        assert!(!text.contains("__typeset"), "{text}");
    }
    // With other arguments it is an unknown command, as any other word.
    let o = wafr(["__typeset", "x"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

/// What `/proc` says about the process tree of `root`: resident memory of it and its
/// children, and the children's ids.
#[cfg(target_os = "linux")]
fn tree(root: u32) -> (u64, Vec<u32>) {
    let mut total = 0;
    let mut children = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return (0, children);
    };
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(e.path().join("status")) else {
            continue;
        };
        let field = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        };
        let parent = field("PPid:") == Some(u64::from(root));
        if pid == root || parent {
            total += field("VmRSS:").unwrap_or(0) * 1024;
        }
        if parent {
            children.push(pid);
        }
    }
    (total, children)
}

/// A run of wafr watched from outside: its output, the peak resident memory of its process
/// tree, the most children it had at once and every child seen.
#[cfg(target_os = "linux")]
struct Watched {
    output: std::process::Output,
    peak: u64,
    most_children: usize,
    children: Vec<u32>,
}

/// Runs wafr, sampling its process tree every 20 ms; kills it past `deadline` (a failure).
#[cfg(target_os = "linux")]
fn watched(args: &[&str], deadline: Duration) -> Watched {
    let mut child = wafr_command(args).spawn().unwrap();
    let pid = child.id();
    let start = Instant::now();
    let (mut peak, mut most, mut seen) = (0, 0, Vec::new());
    // Pipes are drained on threads: a full pipe would stop wafr.
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let (out, err) = (read(Box::new(out)), read(Box::new(err)));
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        let (rss, children) = tree(pid);
        peak = peak.max(rss);
        most = most.max(children.len());
        for c in children {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "wafr {args:?} did not finish within {deadline:?} (killed)\nstderr:\n{}",
                String::from_utf8_lossy(&err.join().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Watched {
        output: std::process::Output {
            status,
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
        },
        peak,
        most_children: most,
        children: seen,
    }
}

/// True while a process is one of wafr's typesetting children.
#[cfg(target_os = "linux")]
fn is_typesetting(pid: u32) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .is_ok_and(|c| c.windows(9).any(|w| w == b"__typeset"))
}

/// `portfolio --each --format pdf` over `n` copies of the example (`in/w0.json`, … into
/// `out/` of the returned folder), with `extra` arguments, watched.
#[cfg(target_os = "linux")]
fn each_portfolio(n: usize, extra: &[&str]) -> (Watched, tempfile::TempDir) {
    let t = tempfile::tempdir().unwrap();
    let inputs = t.path().join("in");
    for i in 0..n {
        example_in(&inputs, &format!("w{i}.json"));
    }
    let out = t.path().join("out");
    let mut args = vec![
        "portfolio",
        path_str(&inputs),
        "--each",
        "--format",
        "pdf",
        "--out",
        path_str(&out),
        "--date",
        DATE,
    ];
    args.extend(extra);
    // Generous: the run takes a few seconds; a hang is a failure, never a stuck suite.
    let w = watched(&args, Duration::from_secs(300));
    (w, t)
}

/// [`each_portfolio`] with the report template of `dir` and the given limits.
#[cfg(target_os = "linux")]
fn runaway_portfolio(dir: &str, n: usize, limits: &[&str]) -> (Watched, tempfile::TempDir) {
    let templates = path(&format!("tests/corpus/templates/{dir}"));
    let mut extra = vec!["--templates", path_str(&templates)];
    extra.extend(limits);
    each_portfolio(n, &extra)
}

/// How many reports wafr typesets at once (`pipeline::workers`): one per core.
#[cfg(target_os = "linux")]
fn workers(n: usize) -> u64 {
    std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(n) as u64
}

/// Issue 17: a `report.typ` that loops forever, under `portfolio --each`: every workload's
/// child is killed at the time limit (none runs on), the run ends, and the consolidated
/// report is written (the workloads are listed as failed).
#[cfg(target_os = "linux")]
#[test]
fn a_runaway_report_template_under_each_is_killed_for_every_workload() {
    let n = 5;
    let (w, t) = runaway_portfolio("typst-nested-loops", n, &["--template-time-limit", "2"]);
    let err = stderr(&w.output);
    check_run("runaway --each", &w.output, 1, &[]);
    assert_eq!(
        err.matches("the template ran for more than 2 s").count(),
        n,
        "{err}"
    );
    assert!(err.contains(&format!("{n} of {n} inputs failed")), "{err}");
    assert!(t.path().join("out/portfolio.pdf").is_file());
    assert!(w.most_children as u64 <= workers(n), "{}", w.most_children);
    assert!(!w.children.is_empty(), "no typesetting child was seen");
    // Every child is gone: killed and waited for, none left running.
    assert!(
        !w.children.iter().any(|&c| is_typesetting(c)),
        "a typesetting child outlived wafr"
    );
    // Nothing allocates here: wafr and its children stay small (the memory limit is 2 GiB).
    assert!(w.peak < 1024 * 1024 * 1024, "peak {} bytes", w.peak);
}

/// Issue 17: a `report.typ` whose memory grows without end, under `portfolio --each`: each
/// child is killed at the memory limit, so the whole process tree stays within one limit per
/// worker plus wafr's own memory (before: 6.9 GB for 6 workloads, as stopped threads ran on).
#[cfg(target_os = "linux")]
#[test]
fn a_template_that_grows_without_end_is_held_to_the_limit_in_every_child() {
    let n = 4;
    let limit_mib = 256;
    let (w, _t) = runaway_portfolio(
        "typst-huge-array",
        n,
        &[
            "--template-memory-limit",
            "256",
            "--template-time-limit",
            "60",
        ],
    );
    let err = stderr(&w.output);
    check_run("growing --each", &w.output, 1, &[]);
    assert_eq!(
        err.matches("the template used more than 256 MiB of memory")
            .count(),
        n,
        "{err}"
    );
    // Per child: the limit, plus what it can add in one 20 ms tick of the watch; wafr itself
    // (the portfolio, the consolidated PDF is typeset in a child too) well under 300 MiB.
    let mib = 1024 * 1024;
    let bound = workers(n) * (limit_mib + 128) * mib + 300 * mib;
    assert!(
        w.peak < bound,
        "peak of the process tree {} MiB, bound {} MiB",
        w.peak / mib,
        bound / mib
    );
}

/// Issue 18: a typesetting child takes one document after another. Under `portfolio --each`
/// each worker keeps its child for the next workload (a process start and the fonts cost
/// about a fifth of a short report), so a run over many workloads starts at most one child
/// per worker, plus the one started ahead while the inputs are read; every child is ended
/// and waited for before wafr exits; and each workload's PDF is the bytes its own `wafr
/// report` writes (nothing of one document stays in the child for the next).
#[cfg(target_os = "linux")]
#[test]
fn a_child_typesets_one_workload_after_another() {
    let n = 6;
    let (w, t) = each_portfolio(n, &[]);
    let (inputs, out) = (t.path().join("in"), t.path().join("out"));
    check_run("portfolio --each", &w.output, 0, &[]);
    assert!(!w.children.is_empty(), "no typesetting child was seen");
    assert!(
        w.children.len() as u64 <= workers(n) + 1,
        "{} children for {n} workloads and {} workers",
        w.children.len(),
        workers(n)
    );
    assert!(
        !w.children.iter().any(|&c| is_typesetting(c)),
        "a typesetting child outlived wafr"
    );
    // The PDFs of the workloads typeset in turn by one child equal a report of their own.
    let one = t.path().join("one");
    let o = wafr_within_deadline(&[
        "report",
        path_str(&inputs.join("w0.json")),
        "--out",
        path_str(&one),
        "--date",
        DATE,
        "--format",
        "pdf",
    ]);
    check_run("report", &o, 0, &[]);
    let alone = std::fs::read(one.join("report.pdf")).unwrap();
    let mut same = 0;
    for dir in std::fs::read_dir(&out).unwrap().flatten() {
        let pdf = dir.path().join("report.pdf");
        if pdf.is_file() && std::fs::read(&pdf).unwrap() == alone {
            same += 1;
        }
    }
    assert_eq!(
        same, 1,
        "the workload of w0.json, typeset after others, differs from its own report"
    );
}

/// Issue 18: after a child is killed at a limit, or gave a template error (it is then not
/// kept), the next document gets a fresh child and typesets as before.
#[test]
fn a_lost_child_is_replaced_for_the_next_document() {
    let a = example_assessment();
    let exe = Path::new(env!("CARGO_BIN_EXE_wafr"));
    let plain = wafr::render::RenderOptions {
        template_limits: wafr::pipeline::TemplateLimits {
            time: Duration::from_secs(3),
            ..Default::default()
        },
        ..Default::default()
    };
    let looping = wafr::render::RenderOptions {
        templates: wafr::render::TemplateSet::load(Some(&path(
            "tests/corpus/templates/typst-nested-loops",
        )))
        .unwrap(),
        ..plain.clone()
    };
    let broken = wafr::render::RenderOptions {
        templates: wafr::render::TemplateSet::load(Some(&path(
            "tests/corpus/templates/typst-syntax",
        )))
        .unwrap(),
        ..plain.clone()
    };
    let doc = |o: &wafr::render::RenderOptions| wafr::render::pdf::report_document(&a, o).unwrap();
    let first = wafr::render::pdf::typeset_isolated(doc(&plain), &plain, exe).unwrap();
    let e = wafr::render::pdf::typeset_isolated(doc(&looping), &looping, exe).unwrap_err();
    assert!(e.to_string().contains("ran for more than 3 s"), "{e}");
    let again = wafr::render::pdf::typeset_isolated(doc(&plain), &plain, exe).unwrap();
    assert!(first.pdf == again.pdf, "the PDF after a lost child differs");
    let e = wafr::render::pdf::typeset_isolated(doc(&broken), &broken, exe).unwrap_err();
    assert_eq!(e.exit_code(), 1, "{e}");
    let third = wafr::render::pdf::typeset_isolated(doc(&plain), &plain, exe).unwrap();
    assert!(
        first.pdf == third.pdf,
        "the PDF after a template error differs"
    );
}

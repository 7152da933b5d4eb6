//! Issue 17, second round of hardening: what a folder or a link could do to a run. Each case
//! runs the real binary and checks what it printed and what is (and is not) on disk
//! afterwards; the inputs are made here (named pipes and links cannot be committed). The text side is in `hardening_text`. The guarantees are in docs/limits.md
//! ("Files and folders").

use std::path::Path;

use crate::common::*;

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(path_str(p)).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {p:?}"
    );
}

// 1. Named pipes and other files that are not regular files in folders.

#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_portfolio_folder_is_skipped_and_the_run_ends() {
    let t = tempfile::tempdir().unwrap();
    let pf = t.path().join("pf");
    example_in(&pf, "a.json");
    mkfifo(&pf.join("b.json"));
    std::fs::create_dir(pf.join("team")).unwrap();
    example_in(&pf.join("team"), "review.json");
    mkfifo(&pf.join("team/evidence.json"));
    let out = t.path().join("out");
    let o = wafr_within_deadline(&[
        "portfolio",
        path_str(&pf),
        "--out",
        path_str(&out),
        "--date",
        DATE,
    ]);
    check_run(
        "fifo in portfolio",
        &o,
        0,
        &[
            "b.json: a named pipe (FIFO), not a regular file; wafr reads only regular files from folders",
            "team/evidence.json: a named pipe (FIFO), not a regular file",
        ],
    );
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("portfolio.json")).unwrap()).unwrap();
    assert_eq!(p["totals"]["workloads_found"], 2, "{p:#}");
    assert_eq!(p["skipped"].as_array().unwrap().len(), 2);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_mapping_or_template_folder_is_refused_by_name() {
    let t = tempfile::tempdir().unwrap();
    let maps = t.path().join("maps");
    std::fs::create_dir_all(maps.join("crosswalks")).unwrap();
    mkfifo(&maps.join("crosswalks/x.csv"));
    let o = wafr_within_deadline(&["mappings", "check", "--mappings", path_str(&maps)]);
    check_run(
        "fifo in mappings",
        &o,
        2,
        &[
            "crosswalks/x.csv` is a named pipe (FIFO), not a regular file; a mapping or template folder may hold only regular files",
        ],
    );
    let tpl = t.path().join("tpl");
    std::fs::create_dir_all(tpl.join("text")).unwrap();
    mkfifo(&tpl.join("text/summary.md.tera"));
    let out = t.path().join("out");
    let o = report_into(&out, &["--templates", path_str(&tpl)]);
    check_run(
        "fifo in templates",
        &o,
        2,
        &["text/summary.md.tera` is a named pipe (FIFO), not a regular file"],
    );
    assert!(!out.exists(), "a refused run leaves no output folder");
}

// 2. Link loops in portfolio folders.

#[cfg(unix)]
#[test]
fn link_loops_in_a_portfolio_folder_count_each_workload_once() {
    let t = tempfile::tempdir().unwrap();
    let pf = t.path().join("pf");
    example_in(&pf, "a.json");
    example_in(&pf.join("team-b"), "review.json");
    for l in ["l1", "l2", "l3"] {
        std::os::unix::fs::symlink(".", pf.join(l)).unwrap();
        std::os::unix::fs::symlink("..", pf.join("team-b").join(l)).unwrap();
    }
    let out = t.path().join("out");
    let o = wafr_within_deadline(&[
        "portfolio",
        path_str(&pf),
        "--out",
        path_str(&out),
        "--date",
        DATE,
    ]);
    check_run("link loops", &o, 0, &["l1: a folder already read"]);
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("portfolio.json")).unwrap()).unwrap();
    assert_eq!(p["totals"]["workloads_found"], 2, "{p:#}");
    let inputs: Vec<String> = p["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["inputs"].as_array().unwrap().clone())
        .map(|i| {
            i.as_str()
                .unwrap()
                .rsplit("/pf/")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(inputs, ["a.json", "team-b/review.json"]);
    // The same with a pattern that walks every folder.
    let o = wafr_within_deadline(&[
        "portfolio",
        &format!("{}/**/*.json", path_str(&pf)),
        "--out",
        path_str(&out),
        "--date",
        DATE,
    ]);
    check_run("link loops, pattern", &o, 0, &[]);
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("portfolio.json")).unwrap()).unwrap();
    assert_eq!(p["totals"]["workloads_found"], 2, "{p:#}");
}

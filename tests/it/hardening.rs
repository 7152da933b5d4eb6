//! Issue 17, second round of hardening: what a folder, a link, a signal or a second run could
//! do to a run. Each case runs the real binary and checks what it printed and what is (and is
//! not) on disk afterwards; the inputs are made here (named pipes and links cannot be
//! committed). The text side is in `hardening_text`. The guarantees are in docs/limits.md
//! ("Files and folders").

use std::path::Path;

use crate::common::*;

fn temp_files(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|f| f.ends_with(".tmp") || f.ends_with(".wafr.lock"))
        .collect()
}

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

// 3. Writes: regular files only, never through a link.

#[cfg(unix)]
#[test]
fn a_link_in_the_output_folder_is_never_written_through() {
    let t = tempfile::tempdir().unwrap();
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("x"), "keep").unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(outside.join("x"), out.join("summary.md")).unwrap();
    let o = report_into(&out, &[]);
    check_run(
        "link named like an output",
        &o,
        2,
        &[
            "summary.md` is a symbolic link; wafr writes its outputs only as regular files and never through a link",
        ],
    );
    assert_eq!(std::fs::read(outside.join("x")).unwrap(), b"keep");
    assert_eq!(
        tree(&out),
        ["summary.md"],
        "all or none: nothing else written"
    );
    assert_eq!(tree(&outside), ["x"]);

    // `-o` names a link: refused the same way.
    std::os::unix::fs::symlink(outside.join("x"), t.path().join("backlog.csv")).unwrap();
    let o = wafr_within_deadline(&[
        "backlog",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "-o",
        path_str(&t.path().join("backlog.csv")),
    ]);
    check_run("-o link", &o, 2, &["backlog.csv` is a symbolic link"]);
    assert_eq!(std::fs::read(outside.join("x")).unwrap(), b"keep");
}

#[cfg(unix)]
#[test]
fn a_link_named_like_a_workload_folder_is_not_followed() {
    let t = tempfile::tempdir().unwrap();
    let pf = t.path().join("pf");
    example_in(&pf, "a.json");
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The example's workload is named card-payments-api: its folder with --each.
    std::os::unix::fs::symlink(&outside, out.join("card-payments-api")).unwrap();
    let o = wafr_within_deadline(&[
        "portfolio",
        path_str(&pf),
        "--out",
        path_str(&out),
        "--date",
        DATE,
        "--each",
        "--format",
        "json,md",
    ]);
    check_run(
        "slug link",
        &o,
        1,
        &[
            "card-payments-api` is a symbolic link",
            "1 of 1 inputs failed",
        ],
    );
    assert!(
        tree(&outside).is_empty(),
        "nothing written outside: {:?}",
        tree(&outside)
    );
    assert!(out.join("portfolio.json").is_file());
    assert!(temp_files(&out).is_empty(), "{:?}", temp_files(&out));
}

#[cfg(unix)]
#[test]
fn devices_and_named_pipes_are_not_written() {
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("requests.csv");
    mkfifo(&fifo);
    let o = wafr_within_deadline(&[
        "evidence-requests",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "-o",
        path_str(&fifo),
    ]);
    check_run(
        "-o fifo",
        &o,
        2,
        &[
            "requests.csv` is a named pipe (FIFO), not a regular file; wafr writes only regular files",
        ],
    );
    // A device is refused before anything is written next to it (as root, writing would
    // replace /dev/null itself).
    let o = wafr_within_deadline(&[
        "backlog",
        "examples/northwind/review.json",
        "--date",
        DATE,
        "-o",
        "/dev/null",
    ]);
    check_run(
        "-o /dev/null",
        &o,
        2,
        &["`/dev/null` is a character device, not a regular file"],
    );
    use std::os::unix::fs::FileTypeExt;
    let null = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device());
}

// 4. `wafr verify` stays inside the folder.

#[cfg(unix)]
#[test]
fn verify_does_not_follow_links_out_of_the_folder() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    check_run("report", &report_into(&out, &[]), 0, &[]);
    // The same bytes, but outside the folder: not verified.
    let outside = t.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::rename(out.join("summary.md"), outside.join("summary.md")).unwrap();
    std::os::unix::fs::symlink(outside.join("summary.md"), out.join("summary.md")).unwrap();
    // An output in a sub-folder that is a link.
    std::fs::create_dir(outside.join("sub")).unwrap();
    std::fs::write(outside.join("sub/x.json"), "{}").unwrap();
    std::os::unix::fs::symlink(outside.join("sub"), out.join("sub")).unwrap();
    let mut m = manifest_of(&out);
    m["outputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "file": "sub/x.json",
            "sha256": wafr::fsutil::sha256_hex(b"{}"),
            "bytes": 2
        }));
    std::fs::write(out.join("manifest.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    let o = wafr_within_deadline(&["verify", path_str(&out)]);
    check_run(
        "verify links",
        &o,
        1,
        &[
            "LINK     summary.md (a symbolic link: not followed, not verified)",
            "LINK     sub/x.json",
            "ok       assessment.json",
            "2 of 4 outputs differ from manifest.json",
        ],
    );
    assert!(!stdout(&o).contains("ok       summary.md"));

    // A manifest that is a link is not read.
    std::fs::rename(out.join("manifest.json"), outside.join("manifest.json")).unwrap();
    std::os::unix::fs::symlink(outside.join("manifest.json"), out.join("manifest.json")).unwrap();
    let o = wafr_within_deadline(&["verify", path_str(&out)]);
    check_run(
        "verify linked manifest",
        &o,
        1,
        &["manifest.json is a symbolic link, not a regular file of the folder"],
    );
}

// 5. Nothing half-done: temporary files go on a signal, and a killed run's at the next run.

#[test]
fn the_next_run_removes_temporary_files_a_killed_run_left() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let stale = [".assessment.json.Ab12cD.tmp", ".manifest.json.zzzzzz.tmp"];
    let kept = [
        ".notes.txt.Ab12cD.tmp",
        ".assessment.json.abcd.tmp",
        "assessment.json.Ab12cD.tmp",
    ];
    for f in stale.iter().chain(&kept) {
        std::fs::write(out.join(f), "half").unwrap();
    }
    // A lock file a killed run left, too.
    std::fs::write(out.join(".wafr.lock"), "").unwrap();
    check_run("report", &report_into(&out, &[]), 0, &[]);
    for f in stale {
        assert!(!out.join(f).exists(), "{f} was left");
    }
    for f in kept {
        assert!(out.join(f).exists(), "{f} is not wafr's and was removed");
    }
    // The manifest lists the outputs only.
    let m = manifest_of(&out);
    let files: Vec<&str> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["assessment.json", "control-matrix.csv", "summary.md"]
    );
    // Neither the clean-up nor the lock changes a byte: a run into a fresh folder is the same.
    let fresh = t.path().join("fresh");
    check_run("fresh", &report_into(&fresh, &[]), 0, &[]);
    for f in [
        "assessment.json",
        "control-matrix.csv",
        "summary.md",
        "manifest.json",
    ] {
        assert!(
            std::fs::read(out.join(f)).unwrap() == std::fs::read(fresh.join(f)).unwrap(),
            "{f} differs"
        );
    }
    assert_eq!(
        tree(&fresh),
        [
            "assessment.json",
            "control-matrix.csv",
            "manifest.json",
            "summary.md"
        ]
    );
}

#[cfg(all(unix, feature = "pdf"))]
#[test]
fn sigterm_mid_run_leaves_no_temporary_file() {
    let t = tempfile::tempdir().unwrap();
    let pf = t.path().join("pf");
    example_in(&pf, "a.json");
    example_in(&pf, "b.json");
    let out = t.path().join("out");
    // The workloads' reports are staged (temporary files) while the consolidated PDF's
    // template loops until its time limit: the signal comes then.
    let tpl = path("tests/corpus/templates/portfolio-typst-nested-loops");
    let mut child = wafr_command(&[
        "portfolio",
        path_str(&pf),
        "--out",
        path_str(&out),
        "--date",
        DATE,
        "--each",
        "--format",
        "md",
        "--templates",
        path_str(&tpl),
        "--template-time-limit",
        "60",
    ])
    .spawn()
    .unwrap();
    let start = std::time::Instant::now();
    while !tree(&out).iter().any(|f| f.ends_with(".tmp")) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before staging"
        );
        assert!(start.elapsed() < DEADLINE, "no temporary file appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(out.join(wafr::fsutil::LOCK_FILE).exists());
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < DEADLINE, "wafr did not stop on SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(143), "{}", stderr(&o));
    assert!(temp_files(&out).is_empty(), "left: {:?}", tree(&out));
    assert!(!tree(&out).iter().any(|f| f.ends_with("summary.md")));
}

// 6. One run at a time per output folder.

#[test]
fn a_second_run_into_the_same_folder_stops_at_once() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let lock = std::fs::File::create(out.join(".wafr.lock")).unwrap();
    lock.lock().unwrap();
    let o = report_into(&out, &[]);
    check_run(
        "locked folder",
        &o,
        2,
        &[&format!(
            "another wafr run is writing into `{}`; wait for it to finish, or give another --out",
            path_str(&out)
        )],
    );
    assert_eq!(tree(&out), [".wafr.lock"], "nothing written");
    drop(lock);
    check_run("after", &report_into(&out, &[]), 0, &[]);
    assert!(
        !out.join(".wafr.lock").exists(),
        "the lock file goes with the run"
    );
    // A lock file left by a killed run is not an output: verify does not name it.
    std::fs::write(out.join(".wafr.lock"), "").unwrap();
    let o = wafr_within_deadline(&["verify", path_str(&out)]);
    check_run("verify", &o, 0, &["every output matches"]);
    assert!(!stdout(&o).contains("wafr.lock"));
    assert!(
        !std::fs::read_to_string(out.join("manifest.json"))
            .unwrap()
            .contains("wafr.lock")
    );
    assert!(read("docs/limits.md").contains(&format!("`DIR/{}`", wafr::fsutil::LOCK_FILE)));
    // And the next run takes it over.
    check_run("stale lock", &report_into(&out, &[]), 0, &[]);
}

// 7. `portfolio --each`: all or none across the whole folder.

#[cfg(feature = "pdf")]
#[test]
fn a_failing_consolidated_report_replaces_no_workload_report() {
    let t = tempfile::tempdir().unwrap();
    let pf = t.path().join("pf");
    example_in(&pf, "a.json");
    let out = t.path().join("out");
    let args = |date: &'static str, extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "portfolio",
            path_str(&pf),
            "--out",
            path_str(&out),
            "--date",
            date,
            "--each",
            "--format",
            "json,md",
        ]
        .iter()
        .map(|x| x.to_string())
        .collect();
        a.extend(extra.iter().map(|x| x.to_string()));
        a
    };
    let first = args(DATE, &[]);
    let o = wafr_within_deadline(&first.iter().map(String::as_str).collect::<Vec<_>>());
    check_run("first run", &o, 0, &[]);
    let before: Vec<(String, Vec<u8>)> = tree(&out)
        .into_iter()
        .filter(|f| out.join(f).is_file())
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    assert!(
        before
            .iter()
            .any(|(f, _)| f == "card-payments-api/summary.md")
    );
    let tpl = t.path().join("tpl");
    std::fs::create_dir_all(tpl.join("pdf")).unwrap();
    std::fs::write(tpl.join("pdf/portfolio.typ"), "#let x = (\n").unwrap();
    // Another date: every file would change.
    let second = args("2027-01-05", &["--templates", path_str(&tpl)]);
    let o = wafr_within_deadline(&second.iter().map(String::as_str).collect::<Vec<_>>());
    check_run("failing run", &o, 1, &["pdf/portfolio.typ"]);
    let after: Vec<(String, Vec<u8>)> = tree(&out)
        .into_iter()
        .filter(|f| out.join(f).is_file())
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    assert_eq!(
        before.iter().map(|b| &b.0).collect::<Vec<_>>(),
        after.iter().map(|a| &a.0).collect::<Vec<_>>()
    );
    assert!(before == after, "a workload's report was replaced");
}

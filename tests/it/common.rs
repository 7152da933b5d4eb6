//! Helpers: run the real `wafr` binary, load the example through the library, golden files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the project root.
pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The bundled example review (native format).
pub fn example() -> PathBuf {
    path("examples/northwind/review.json")
}

/// The report date every test uses, so outputs are reproducible.
pub const DATE: &str = "2026-11-29";
/// The audit period every test uses.
pub const PERIOD: &str = "2026-01-01..2026-12-31";

/// Runs `wafr` with arguments, from the project root.
pub fn wafr<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_wafr"))
        .args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("WAFR_CHECK_CODES", "1")
        .output()
        .expect("the wafr binary runs")
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code (panics when killed by a signal: a crash is a failure).
pub fn code(o: &Output) -> i32 {
    o.status
        .code()
        .unwrap_or_else(|| panic!("wafr was killed by a signal\nstderr:\n{}", stderr(o)))
}

/// Library options for the test date and period.
pub fn options() -> wafr::pipeline::Options {
    wafr::codes::check_strictly();
    wafr::pipeline::Options {
        mappings: Default::default(),
        frameworks: Vec::new(),
        import: Default::default(),
        assess: wafr::assess::AssessOptions {
            date: wafr::import::text::parse_date(DATE).unwrap(),
            period: Some(wafr::model::assessment::Period {
                start: wafr::import::text::parse_date("2026-01-01").unwrap(),
                end: wafr::import::text::parse_date("2026-12-31").unwrap(),
            }),
            audit: Default::default(),
            pillars: Vec::new(),
        },
        render: Default::default(),
    }
}

/// Imports and assesses files through the library.
pub fn assess(files: &[PathBuf]) -> wafr::Result<wafr::model::assessment::Assessment> {
    let opts = options();
    let (catalog, _) = wafr::pipeline::load_catalog(&opts)?;
    wafr::pipeline::assess_inputs(files, &catalog, &opts)
}

/// The example's assessment.
pub fn example_assessment() -> wafr::model::assessment::Assessment {
    assess(&[example()]).expect("the example assesses")
}

/// Writes `text` to a file in a temporary folder and returns both.
pub fn temp_file(name: &str, text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    (dir, p)
}

/// Compares `actual` with the golden file `tests/golden/<name>`; `WAFR_BLESS=1` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let p = path(&format!("tests/golden/{name}"));
    if std::env::var_os("WAFR_BLESS").is_some() {
        std::fs::write(&p, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&p).unwrap_or_else(|_| {
        panic!(
            "golden file {} is missing; run with WAFR_BLESS=1 to create it",
            p.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(10)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "{} differs from the output ({} vs {} lines); re-bless with WAFR_BLESS=1 if the change is intended\n{}",
            p.display(),
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// Reads a file relative to the project root.
pub fn read(rel: impl AsRef<Path>) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// A generous bound for a run that must end on its own (it takes a second or two): past it
/// the run is killed and the test fails, so a hang is a failure, never a stuck test suite.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// The `wafr` command, from the project root, its output captured.
pub fn wafr_command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wafr"));
    c.args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs wafr and waits for it at most [`DEADLINE`]; panics if it had to be killed.
pub fn wafr_within_deadline(args: &[&str]) -> Output {
    let mut child = wafr_command(args).spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let o = child.wait_with_output().unwrap();
            panic!(
                "wafr {args:?} did not finish within {DEADLINE:?} (killed)\nstderr:\n{}",
                stderr(&o)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A path as `&str`, for argument lists.
pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Checks a run: no panic, the exit code, and every fragment in its stdout or stderr.
pub fn check_run(what: &str, o: &Output, exit: i32, fragments: &[&str]) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what} panicked:\n{err}");
    assert_eq!(code(o), exit, "{what}: exit code\n{err}{}", stdout(o));
    for f in fragments {
        assert!(
            err.contains(f) || stdout(o).contains(f),
            "{what}: expected {f:?} in:\n{err}{}",
            stdout(o)
        );
    }
}

/// Every file under `dir` (relative, sorted), links not followed.
pub fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            out.push(p.strip_prefix(root).unwrap().display().to_string());
            if e.file_type().unwrap().is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The example as a review file in `dir`.
pub fn example_in(dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::copy(example(), &p).unwrap();
    p
}

/// `wafr report` of the example (JSON, Markdown, CSV) into `out`, with `extra` arguments.
pub fn report_into(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "examples/northwind/review.json",
        "--out",
        path_str(out),
        "--date",
        DATE,
        "--format",
        "json,md,csv",
    ];
    args.extend(extra);
    wafr_within_deadline(&args)
}

/// The manifest of an output folder.
pub fn manifest_of(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

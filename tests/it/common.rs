//! Helpers: run the real `wafr` binary, load the example through the library, golden files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

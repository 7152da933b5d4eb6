//! Importers: from input files to one [`Review`].
//!
//! Each file is read with a size limit, hashed, and its format detected from its content (magic
//! bytes, then JSON keys or CSV headers), not from its extension. Each importer returns a partial
//! review whose answers carry their [`Location`]; [`merge`] combines the partials, and a conflict
//! between two files (or two rows) is an error that names both places.
//!
//! The importers: [`native`] (wafr's review JSON), [`wa_json`] (WA Tool JSON), [`tables`]
//! (XLSX, XLS, ODS and CSV: read into tables, then into answers and registers); [`prior`] reads
//! a previous `assessment.json` as a baseline; [`text`] holds the text helpers they share.
// Input-derived data must never panic here (issue 8): no unwrap, expect, panic, indexing or
// slicing; bad input becomes a located error. Tests may index.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod engagement;
mod estimates;
mod format;
pub mod merge;
pub mod native;
mod not_a_review;
pub(crate) mod prior;
pub(crate) mod prior_portfolio;
pub mod tables;
pub mod text;
pub mod wa_json;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
use crate::fsutil::{self, limits};
use crate::model::catalog::Catalog;
use crate::model::review::{Review, SourceFile};
pub use format::Format;
pub use text::MAX_TEXT_CHARS;

/// Detects the format from the bytes. JSON is told apart later, by its keys.
pub(crate) fn sniff(bytes: &[u8], at: &Location) -> Result<Format> {
    if bytes.is_empty() {
        return Err(Error::data(at.clone(), "empty-file", "file is empty"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // Both XLSX and ODS are zip files. ODS stores an uncompressed `mimetype` entry first.
        let head = bytes.get(..256).unwrap_or(bytes);
        if head
            .windows(46)
            .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Ok(Format::Ods);
        }
        if head.windows(8).any(|w| w == b"mimetype") {
            return Err(Error::data(
                at.clone(),
                "unsupported-format",
                "this is an OpenDocument file, but not a spreadsheet",
            ));
        }
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    if let Some(what) = not_a_review::explain_bytes(bytes) {
        return Err(Error::data(
            at.clone(),
            "unsupported-format",
            format!("this is {what}, not a review (wafr reads JSON, XLSX, XLS, ODS and CSV)"),
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(Error::data(
            at.clone(),
            "unsupported-format",
            "this is a PDF document, not a review (wafr reads JSON, XLSX, XLS, ODS and CSV)",
        ));
    }
    let text_start = text::strip_bom(bytes);
    let first = text_start.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'<') {
        // Web pages and XML spreadsheets saved with an .xls name, as some exports do.
        let head = String::from_utf8_lossy(text_start.get(..4096).unwrap_or(text_start))
            .to_ascii_lowercase();
        let what = if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            "an Excel 2003 XML spreadsheet"
        } else if head.contains("<html") || head.contains("<table") {
            "a web page (HTML)"
        } else {
            "an XML document"
        };
        return Err(Error::data(
            at.clone(),
            "unsupported-format",
            format!(
                "this is {what}, not a review: open it in a spreadsheet program and save it as .xlsx or .csv"
            ),
        ));
    }
    match first {
        Some(b'{') | Some(b'[') => Ok(Format::Native), // refined by the JSON keys
        None => Err(Error::data(
            at.clone(),
            "empty-file",
            "file holds only white space",
        )),
        // A bare JSON value (`null`, `"text"`, `42`) is JSON, not a one-cell CSV.
        _ if serde_json::from_slice::<serde_json::Value>(text_start).is_ok() => Ok(Format::Native),
        _ => Ok(Format::Csv),
    }
}

/// Options of the import stage.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Treat warnings as errors.
    pub strict: bool,
    /// Replace every free-text note with `[redacted]` (`--redact-notes`).
    pub redact_notes: bool,
}

/// Reads every input and merges them into one review.
pub fn load(inputs: &[PathBuf], catalog: &Catalog, opts: &ImportOptions) -> Result<Review> {
    if inputs.is_empty() {
        return Err(Error::Usage("no input file given".into()));
    }
    let mut partials = Vec::new();
    let mut diags = Diagnostics::new();
    for path in inputs {
        match load_one(path, catalog) {
            Ok(r) => partials.push(r),
            Err(Error::Invalid { problems, .. }) => {
                for p in problems {
                    diags.push(p);
                }
            }
            Err(e) => return Err(e),
        }
    }
    let what = match inputs {
        [one] => crate::error::display_path(one),
        _ => format!("{} input files", inputs.len()),
    };
    if diags.has_errors() {
        diags.finish(&what)?;
    }
    let mut review = merge::merge(partials, catalog)?;
    statusless_tables(&mut review, &what)?;
    if opts.redact_notes {
        review.redact_notes();
    }
    if opts.strict && !review.warnings.is_empty() {
        let problems = review
            .warnings
            .iter()
            .cloned()
            .map(|mut d| {
                d.severity = crate::error::Severity::Error;
                d
            })
            .collect::<Vec<Diagnostic>>();
        return Err(Error::Invalid {
            what: format!("{what} (--strict)"),
            problems,
        });
    }
    Ok(review)
}

/// A practice-keyed table without a status column only adds data to answers another input
/// gives. When no other input gives any status, its answers would be lost (every practice
/// unanswered) and the run would still succeed: an error instead (issue 16).
fn statusless_tables(review: &mut Review, what: &str) -> Result<()> {
    let answered_elsewhere = |file: &str| {
        review
            .answers
            .iter()
            .any(|a| a.status_given && a.source.file != file)
    };
    let lost: Vec<Diagnostic> = review
        .warnings
        .iter()
        .filter(|d| d.code == tables::NO_STATUS_COLUMN)
        .filter(|d| !d.at.as_ref().is_some_and(|at| answered_elsewhere(&at.file)))
        .cloned()
        .map(|mut d| {
            d.severity = crate::error::Severity::Error;
            d.message = "this answers table has no status column and no other input answers its practices: every answer would be lost".into();
            d
        })
        .collect();
    if lost.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid {
        what: what.to_owned(),
        problems: lost,
    })
}

/// Reads one input file into a partial review.
pub(crate) fn load_one(path: &Path, catalog: &Catalog) -> Result<Review> {
    let bytes = fsutil::read_limited(path, limits::INPUT_BYTES)?;
    let at = Location::path(path);
    load_bytes(&bytes, &at, catalog)
}

/// Imports bytes named by `at` (the file name only matters for messages).
pub fn load_bytes(bytes: &[u8], at: &Location, catalog: &Catalog) -> Result<Review> {
    // UTF-16 text (with a byte-order mark, as Excel's "Unicode text" writes it): decode, then
    // read the text like any other, JSON or CSV. The source keeps the original file's hash.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let decoded = text::decode(bytes, at)?;
        let mut review = load_bytes(decoded.text.as_bytes(), at, catalog)?;
        if let Some(src) = review.sources.last_mut() {
            src.sha256 = fsutil::sha256_hex(bytes);
            src.bytes = bytes.len() as u64;
        }
        review.warnings.extend(decoded.warning);
        return Ok(review);
    }
    let format = sniff(bytes, at)?;
    load_bytes_as(bytes, format, at, catalog)
}

/// Imports bytes as `format`, without sniffing: [`load_bytes`] once the format is known. JSON
/// (`Native` or `WaToolJson`) is still told apart by its keys. The fuzz targets call this to
/// keep each one on its importer.
pub fn load_bytes_as(
    bytes: &[u8],
    format: Format,
    at: &Location,
    catalog: &Catalog,
) -> Result<Review> {
    let (mut review, format) = match format {
        Format::Native | Format::WaToolJson => {
            let text = text::decode_utf8(bytes, at)?;
            let value: serde_json::Value = native::parse_json_value(&text, at)?;
            if let Some((path, n)) = longest_list(&value, String::new()) {
                return Err(Error::data(
                    at.clone().json_path(path),
                    "too-many-items",
                    format!(
                        "the list holds {n} items; the limit is {} (as for the rows of a sheet): split the review into several files",
                        tables::table::MAX_ROWS
                    ),
                ));
            }
            if native::is_native(&value) {
                // The typed parse reads the text again: the untyped tree goes first.
                drop(value);
                (native::import(&text, at, catalog)?, Format::Native)
            } else if wa_json::is_wa_tool(&value) {
                (wa_json::import(&value, at, catalog)?, Format::WaToolJson)
            } else if let Some(what) = not_a_review::explain_json(&value) {
                return Err(Error::data(at.clone(), "not-a-review", what));
            } else {
                return Err(Error::data(
                    at.clone(),
                    "unknown-json",
                    "JSON is neither a wafr review (`\"schema\": \"wafr/review/1\"`) nor WA Tool output \
                     (list-answers, get-answer, get-workload, get-lens-review or the labs export bundle)",
                ));
            }
        }
        Format::Xlsx | Format::Ods => {
            let (tables, format) = contain_panics(at, || {
                let format = match tables::zip_guard::check_zip(bytes, at)? {
                    tables::zip_guard::ZipKind::Xlsx => Format::Xlsx,
                    tables::zip_guard::ZipKind::Ods => Format::Ods,
                };
                Ok((tables::workbook_read::read(bytes, format, at)?, format))
            })?;
            (tables::import(&tables, at, catalog)?, format)
        }
        Format::Xls => {
            let tables =
                contain_panics(at, || tables::workbook_read::read(bytes, Format::Xls, at))?;
            (tables::import(&tables, at, catalog)?, Format::Xls)
        }
        Format::Csv => {
            let decoded = text::decode(bytes, at)?;
            let table = tables::delimited::read(&decoded.text, at)?;
            let mut review = match tables::import(std::slice::from_ref(&table), at, catalog) {
                Ok(r) => r,
                Err(Error::Invalid { what, mut problems }) => {
                    if let Some(w) = extension_mismatch(at, Format::Csv) {
                        problems.insert(0, w);
                    }
                    return Err(Error::Invalid { what, problems });
                }
                Err(e) => return Err(e),
            };
            review.warnings.extend(decoded.warning);
            (review, Format::Csv)
        }
    };
    review.warnings.extend(extension_mismatch(at, format));
    review.sources.push(SourceFile {
        path: at.file.clone(),
        format: format.name().into(),
        sha256: fsutil::sha256_hex(bytes),
        bytes: bytes.len() as u64,
    });
    Ok(review)
}

thread_local! {
    /// Set while a third-party reader runs under [`contain_panics`]: its panic is reported as a
    /// located error, so the panic hook stays quiet.
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party reader (calamine, zip, quick-xml) so that a panic inside it on a damaged
/// file (calamine 0.38 overflows on a cell reference such as `ZZZZZZZZZZ2` in debug builds)
/// becomes an error that names the file, not a crash. In the fuzz targets (`cfg(fuzzing)`) the
/// same happens, so the fuzzer looks past calamine's known panics for what wafr does not
/// contain (aborts, out-of-memory, timeouts, panics in wafr); with the environment variable
/// `WAFR_FUZZ_REPORT_CONTAINED` set, libFuzzer's hook stays and reports those panics too.
fn contain_panics<T>(at: &Location, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let quiet_hook = cfg!(not(fuzzing)) || std::env::var_os("WAFR_FUZZ_REPORT_CONTAINED").is_none();
    if quiet_hook {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !CONTAINED.with(|c| c.get()) {
                    previous(info);
                }
            }));
        });
    }
    let was = CONTAINED.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(was));
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".into());
        Err(Error::Invalid {
            what: at.file.clone(),
            problems: vec![
                Diagnostic::error(
                    "unreadable-workbook",
                    Some(at.clone()),
                    format!("the spreadsheet reader stopped on damaged content ({why})"),
                )
                .with_hint("open the file in a spreadsheet program and save it again"),
            ],
        })
    })
}

/// A warning when the file's extension names another format than its content: the content
/// wins (a workbook named `.csv` is read as a workbook).
fn extension_mismatch(at: &Location, format: Format) -> Option<Diagnostic> {
    let ext = at.file.rsplit_once('.')?.1.to_ascii_lowercase();
    let named = match ext.as_str() {
        "xlsx" | "xlsm" => Format::Xlsx,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        "csv" | "tsv" | "psv" => Format::Csv,
        "json" => Format::Native,
        _ => return None,
    };
    let same = named == format || (named == Format::Native && format == Format::WaToolJson);
    (!same).then(|| {
        Diagnostic::warning(
            "extension-mismatch",
            Some(at.clone()),
            format!(
                "the file is named .{ext} but holds {}; it was read as {}",
                match format {
                    Format::Xlsx => "an XLSX workbook",
                    Format::Xls => "an XLS workbook",
                    Format::Ods => "an ODS spreadsheet",
                    Format::Csv => "text",
                    Format::Native | Format::WaToolJson => "JSON",
                },
                format.name()
            ),
        )
    })
}

/// The first JSON list (by path) longer than [`tables::table::MAX_ROWS`] items, and its length. A 64 MiB
/// file of tiny evidence items would otherwise hold over a million of them, and take gigabytes.
fn longest_list(v: &serde_json::Value, path: String) -> Option<(String, usize)> {
    use serde_json::Value;
    match v {
        Value::Array(items) if items.len() > tables::table::MAX_ROWS as usize => {
            Some((path, items.len()))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| longest_list(x, format!("{path}[{i}]"))),
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            longest_list(x, p)
        }),
        _ => None,
    }
}

//! Zip-based workbooks (XLSX, ODS) checked before calamine opens them, and told apart.
//!
//! [`check_zip`] reads the archive's central directory, then inflates every entry into nothing,
//! counting: more than [`MAX_ENTRIES`] entries, a total above [`MAX_UNZIPPED`], an entry that
//! claims a ratio above [`MAX_RATIO`] or inflates to more than it declares, or an encrypted
//! entry is refused, with bounded memory. The entry names then say what the archive is.

use std::io::{Cursor, Read};

use super::corrupt::corrupt;
use crate::error::{Error, Location, Result};
use crate::import::text::truncate;

/// Largest total uncompressed size of a zip-based workbook.
pub const MAX_UNZIPPED: u64 = 256 * 1024 * 1024;
/// Largest compression ratio of one entry (deflate cannot do better than about 1032:1; real
/// workbooks stay under 100:1).
pub const MAX_RATIO: u64 = 500;
/// Most entries in a zip-based workbook.
pub const MAX_ENTRIES: usize = 10_000;

/// What the zip holds, judged from its entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZipKind {
    /// Office Open XML spreadsheet (`xl/…`).
    Xlsx,
    /// OpenDocument (has `content.xml`).
    Ods,
}

type Archive<'b> = zip::ZipArchive<Cursor<&'b [u8]>>;

/// What damaged archives are reported as.
const ZIP: &str = "a workbook (a zip archive)";

/// Checks a zip archive before it is opened (see the module documentation) and says what it is.
pub(crate) fn check_zip(bytes: &[u8], at: &Location) -> Result<ZipKind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(at, ZIP, e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::data(
            at.clone(),
            "zip-too-large",
            format!(
                "the archive holds {} files; a workbook holds far fewer (limit {MAX_ENTRIES})",
                zip.len()
            ),
        ));
    }
    let names = check_declared(&mut zip, at)?;
    check_inflated(&mut zip, &names, at)?;
    kind_of(&names, at)
}

/// What the central directory claims: no encrypted entry, no absurd ratio, a total within
/// [`MAX_UNZIPPED`]. Returns the entry names, in archive order.
fn check_declared(zip: &mut Archive, at: &Location) -> Result<Vec<String>> {
    let mut names = Vec::with_capacity(zip.len());
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| corrupt(at, ZIP, e))?;
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        if f.encrypted() {
            return Err(Error::data(
                at.clone(),
                "password-protected",
                "the workbook is password-protected (encrypted): open it, remove the password and save it again",
            ));
        }
        let (size, packed) = (f.size(), f.compressed_size());
        declared = declared.saturating_add(size);
        if size > 1024 * 1024 && size / packed.max(1) > MAX_RATIO {
            return Err(Error::data(
                at.clone(),
                "zip-bomb",
                format!(
                    "archive entry `{}` claims to expand {} times (from {packed} to {size} bytes): refused as a likely zip bomb",
                    truncate(&name, 80),
                    size / packed.max(1)
                ),
            ));
        }
        names.push(name);
    }
    if declared > MAX_UNZIPPED {
        return Err(too_big(at, declared));
    }
    Ok(names)
}

/// The sizes the archive claims, checked by inflating each entry into nothing.
fn check_inflated(zip: &mut Archive, names: &[String], at: &Location) -> Result<()> {
    let mut total: u64 = 0;
    for (i, name) in names.iter().enumerate() {
        let mut f = zip.by_index(i).map_err(|e| corrupt(at, ZIP, e))?;
        let claimed = f.size();
        let n = std::io::copy(
            &mut (&mut f).take(claimed.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| corrupt(at, ZIP, format!("`{name}`: {e}")))?;
        if n > claimed {
            return Err(Error::data(
                at.clone(),
                "zip-bomb",
                format!(
                    "archive entry `{}` expands to more than the {claimed} bytes it declares: refused",
                    truncate(name, 80)
                ),
            ));
        }
        total = total.saturating_add(n);
        if total > MAX_UNZIPPED {
            return Err(too_big(at, total));
        }
    }
    Ok(())
}

/// XLSX or ODS, from the entry names; any other archive is an error that says what it is.
fn kind_of(names: &[String], at: &Location) -> Result<ZipKind> {
    let has = |p: &str| names.iter().any(|n| n == p);
    let prefix = |p: &str| names.iter().any(|n| n.starts_with(p));
    if has("content.xml") && has("mimetype") {
        return Ok(ZipKind::Ods);
    }
    if has("xl/workbook.bin") {
        return Err(Error::data(
            at.clone(),
            "unsupported-format",
            "this is an Excel binary workbook (.xlsb): save it as .xlsx (Excel Workbook) and try again",
        ));
    }
    if prefix("xl/") {
        return Ok(ZipKind::Xlsx);
    }
    let what = if prefix("word/") {
        "a Word document"
    } else if prefix("ppt/") {
        "a PowerPoint presentation"
    } else {
        "a zip archive, not a workbook"
    };
    Err(Error::data(
        at.clone(),
        "unsupported-format",
        format!("this is {what}: wafr reads JSON, XLSX, XLS, ODS and CSV reviews"),
    ))
}

fn too_big(at: &Location, n: u64) -> Error {
    Error::data(
        at.clone(),
        "zip-too-large",
        format!(
            "the workbook expands to more than {} MiB ({} bytes or more): refused (limit {} MiB uncompressed)",
            n / (1024 * 1024),
            n,
            MAX_UNZIPPED / (1024 * 1024)
        ),
    )
}

//! `manifest.json`: what a report folder was made from and what it holds, so an auditor can check
//! later that the files are the ones wafr wrote (`wafr verify DIR`, or `sha256sum` by hand) and
//! reproduce them (same inputs, mappings, templates, options and `--date` give the same bytes).
//!
//! It holds no clock time and no machine or user name: it is as deterministic as the outputs.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Location, Result};
use crate::fsutil;
use crate::model::assessment::{Assessment, MappingInfo};
use crate::model::portfolio::Portfolio;
use crate::model::review::SourceFile;
use crate::render::RenderOptions;
use crate::textfmt::Named;

/// File name of the manifest in an output folder.
pub const FILE: &str = "manifest.json";

/// Schema id written in every manifest.
pub(crate) const SCHEMA: &str = "wafr/manifest/1";

/// The manifest of one output folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`SCHEMA`].
    pub schema: String,
    /// The tool and version that wrote the folder.
    pub tool: String,
    /// What the folder is: `report` or `portfolio`.
    pub kind: String,
    /// Report date (`--date`): the only date the outputs depend on.
    pub report_date: String,
    /// Audit period (`--period`), when given.
    pub period: Option<String>,
    /// Workload name (a report) or number of workloads (a portfolio).
    pub subject: String,
    /// Review files read, with their SHA-256 as read.
    pub inputs: Vec<SourceFile>,
    /// Baseline files compared with (`--baseline`), with their SHA-256.
    pub baseline: Vec<Hashed>,
    /// Mapping data version and every mapping file (built-in or from `--mappings`).
    pub mappings: MappingInfo,
    /// Report templates in force: built-in or overridden, each with its SHA-256.
    pub templates: Vec<TemplateInfo>,
    /// Options that change the outputs' bytes.
    pub options: ManifestOptions,
    /// Free-text notes redacted on request (`--redact-notes`); 0 when none.
    pub redacted_notes: u32,
    /// Every other file of the folder, with its SHA-256 and size (not the manifest itself).
    pub outputs: Vec<Output>,
}

/// A file and its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hashed {
    /// Path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// One template file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateInfo {
    /// Path within the template set (`pdf/report.typ`).
    pub path: String,
    /// `<builtin>` or the `--templates` folder.
    pub origin: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// Options that change the outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestOptions {
    /// PDF standard (`--pdf-standard`).
    pub pdf_standard: String,
    /// Organisation (branding).
    pub organisation: Option<String>,
    /// Classification label.
    pub classification: String,
    /// Report version.
    pub report_version: String,
    /// SHA-256 of the logo, when one was given.
    pub logo_sha256: Option<String>,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// File name, relative to the folder (`/` separated).
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// What a manifest needs besides the outputs.
pub struct Subject<'a> {
    /// `report` or `portfolio`.
    pub kind: &'a str,
    /// Report date.
    pub date: time::Date,
    /// Audit period, formatted.
    pub period: Option<String>,
    /// Workload name or a count of workloads.
    pub subject: String,
    /// Review files read.
    pub inputs: Vec<SourceFile>,
    /// Baseline files.
    pub baseline: Vec<Hashed>,
    /// Mapping data.
    pub mappings: MappingInfo,
    /// Notes redacted on request.
    pub redacted_notes: u32,
}

impl Subject<'_> {
    /// The subject of one workload's report.
    pub(crate) fn report(a: &Assessment) -> Subject<'static> {
        Subject {
            kind: "report",
            date: a.generated_on,
            period: a.period.as_ref().map(|p| format!("{}..{}", p.start, p.end)),
            subject: a.workload.name.clone(),
            inputs: a.sources.clone(),
            baseline: a
                .comparison
                .iter()
                .flat_map(|c| &c.baseline.sources)
                .map(|s| Hashed {
                    path: s.path.clone(),
                    sha256: s.sha256.clone(),
                })
                .collect(),
            mappings: a.mapping.clone(),
            redacted_notes: a.redacted_notes,
        }
    }

    /// The subject of a portfolio's consolidated reports: every assessed workload's input
    /// files (with their SHA-256), the baseline `portfolio.json` when one was given, redacted
    /// notes, and the one catalog they were assessed against.
    pub fn portfolio(
        p: &Portfolio,
        mappings: MappingInfo,
        (inputs, baseline): (Vec<SourceFile>, Vec<Hashed>),
        redacted_notes: u32,
    ) -> Subject<'static> {
        Subject {
            kind: "portfolio",
            date: p.generated_on,
            period: p.period.as_ref().map(|x| format!("{}..{}", x.start, x.end)),
            subject: format!("{} workload(s)", p.workloads.len()),
            inputs,
            baseline,
            mappings,
            redacted_notes,
        }
    }
}

/// Builds the manifest of a folder about to hold `outputs` (path, bytes); only their file names
/// relative to `dir` are kept.
pub fn build(
    subject: Subject<'_>,
    opts: &RenderOptions,
    dir: &Path,
    outputs: &[(PathBuf, Vec<u8>)],
) -> Manifest {
    let b = &opts.branding;
    let mut outputs: Vec<Output> = outputs
        .iter()
        .map(|(path, bytes)| Output {
            file: path
                .strip_prefix(dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/"),
            sha256: fsutil::sha256_hex(bytes),
            bytes: bytes.len() as u64,
        })
        .collect();
    outputs.sort_by(|x, y| x.file.cmp(&y.file));
    Manifest {
        schema: SCHEMA.into(),
        tool: format!("wafr {}", env!("CARGO_PKG_VERSION")),
        kind: subject.kind.into(),
        report_date: subject.date.to_string(),
        period: subject.period,
        subject: subject.subject,
        inputs: subject.inputs,
        baseline: subject.baseline,
        mappings: subject.mappings,
        templates: opts
            .templates
            .files()
            .map(|(path, f)| TemplateInfo {
                path: path.to_owned(),
                origin: f.origin.clone(),
                sha256: fsutil::sha256_hex(&f.bytes),
            })
            .collect(),
        options: ManifestOptions {
            pdf_standard: opts.pdf_standard.name().into(),
            organisation: b.organisation.clone(),
            classification: b.classification.clone(),
            report_version: b.report_version.clone(),
            logo_sha256: b.logo.as_ref().map(|l| fsutil::sha256_hex(&l.bytes)),
        },
        redacted_notes: subject.redacted_notes,
        outputs,
    }
}

/// The manifest as pretty JSON with a final newline.
pub(crate) fn to_bytes(m: &Manifest) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(m)
        .map_err(|e| Error::Internal(format!("manifest serialisation: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// One file's verdict in `wafr verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Same SHA-256 as recorded.
    Unchanged,
    /// Different bytes.
    Changed,
    /// Not in the folder any more.
    Missing,
    /// A symbolic link, or inside a linked folder: not followed, so not verified (it could
    /// point anywhere).
    Link,
    /// Not a regular file (a folder, a named pipe, a device): not read, so not verified.
    NotAFile,
}

impl Verdict {
    /// The word `wafr verify` prints.
    fn word(&self) -> &'static str {
        match self {
            Verdict::Unchanged => "ok",
            Verdict::Changed => "CHANGED",
            Verdict::Missing => "MISSING",
            Verdict::Link => "LINK",
            Verdict::NotAFile => "NOT-FILE",
        }
    }
}

/// What `wafr verify` found: every output of the manifest with its verdict, and files of the
/// folder the manifest does not list.
#[derive(Debug, Clone)]
pub(crate) struct Verification {
    /// The manifest read.
    pub manifest: Manifest,
    /// (file, verdict), in the manifest's order.
    pub files: Vec<(String, Verdict)>,
    /// Files and links in the folder (not in sub-folders) that the manifest does not list
    /// (wafr's lock file aside).
    pub unlisted: Vec<String>,
}

impl Verification {
    /// What `wafr verify DIR` prints: the manifest's subject, then each output with `ok`,
    /// `CHANGED`, `MISSING`, `LINK` or `NOT-FILE`, files the manifest does not list, and a
    /// closing line when all match. Every text from the manifest or the folder is printed
    /// with its control and invisible format characters as `<U+XXXX>`.
    pub(crate) fn text(&self, dir: &str) -> String {
        use crate::textfmt::visible;
        let v = self;
        let m = &v.manifest;
        let mut out = format!(
            "{} of {} ({}), written by {} for {}\n",
            visible(&m.kind),
            visible(&m.subject),
            visible(&m.report_date),
            visible(&m.tool),
            visible(dir)
        );
        for (file, verdict) in &v.files {
            let why = match verdict {
                Verdict::Link => " (a symbolic link: not followed, not verified)",
                Verdict::NotAFile => " (not a regular file: not read, not verified)",
                _ => "",
            };
            out.push_str(&format!("  {:<8} {}{why}\n", verdict.word(), visible(file)));
        }
        for f in &v.unlisted {
            out.push_str(&format!(
                "  note: {} is not in the manifest (not written by this run)\n",
                visible(f)
            ));
        }
        if v.differing() == 0 {
            out.push_str("every output matches its SHA-256 in manifest.json\n");
        }
        out
    }

    /// How many listed files changed, are missing, or could not be verified.
    pub(crate) fn differing(&self) -> usize {
        self.files
            .iter()
            .filter(|(_, v)| *v != Verdict::Unchanged)
            .count()
    }
}

/// Checks a folder against its `manifest.json`. Nothing outside the folder is read: the
/// manifest must be a regular file of the folder, each output a plain path below it, and a
/// link on the way to an output (the file itself or a folder above it) is not followed.
pub(crate) fn verify(dir: &Path) -> Result<Verification> {
    let path = dir.join(FILE);
    let at = Location::file(path.display().to_string());
    let manifest = read_manifest(&path, &at)?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for o in &manifest.outputs {
        // Only plain names below the folder: a manifest cannot make verify read elsewhere.
        let rel = Path::new(&o.file);
        if o.file.is_empty()
            || rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            problems.push(Diagnostic::error(
                "invalid-manifest",
                Some(at.clone()),
                format!("output `{}` is not a path inside the folder", o.file),
            ));
            continue;
        }
        files.push((o.file.clone(), verdict_of(dir, rel, &o.sha256)?));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid {
            what: path.display().to_string(),
            problems,
        });
    }
    let unlisted = unlisted(dir, &manifest)?;
    Ok(Verification {
        manifest,
        files,
        unlisted,
    })
}

/// The manifest of a folder: a regular file there (not a link: it would vouch for the folder
/// from elsewhere), of this schema.
fn read_manifest(path: &Path, at: &Location) -> Result<Manifest> {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_file()
    {
        return Err(Error::data(
            at.clone(),
            "invalid-manifest",
            format!(
                "manifest.json is {}, not a regular file of the folder; wafr verify reads only the folder's own files",
                fsutil::describe(meta.file_type())
            ),
        ));
    }
    let bytes = fsutil::read_limited(path, fsutil::limits::INPUT_BYTES)?;
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
        Error::data(
            at.clone().line(
                u32::try_from(e.line()).unwrap_or(0),
                u32::try_from(e.column()).unwrap_or(0).max(1),
            ),
            "invalid-manifest",
            format!("not a wafr manifest: {e}"),
        )
    })?;
    if manifest.schema != SCHEMA {
        return Err(Error::data(
            at.clone(),
            "invalid-manifest",
            format!(
                "schema `{}` is not `{SCHEMA}`: written by another wafr version",
                manifest.schema
            ),
        ));
    }
    Ok(manifest)
}

/// The verdict of one output at `rel` (plain names only) below `dir`, links never followed.
fn verdict_of(dir: &Path, rel: &Path, sha256: &str) -> Result<Verdict> {
    let mut p = dir.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for (i, part) in parts.iter().enumerate() {
        p.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            return Ok(Verdict::Missing);
        };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Ok(Verdict::Link);
        }
        if !last && !meta.is_dir() {
            return Ok(Verdict::Missing);
        }
        if last && !meta.is_file() {
            return Ok(Verdict::NotAFile);
        }
    }
    Ok(if fsutil::sha256_file(&p)? == sha256 {
        Verdict::Unchanged
    } else {
        Verdict::Changed
    })
}

/// Files and links directly in `dir` that the manifest does not list, but for the manifest
/// itself and wafr's lock file.
fn unlisted(dir: &Path, manifest: &Manifest) -> Result<Vec<String>> {
    let listed: std::collections::BTreeSet<&str> =
        manifest.outputs.iter().map(|o| o.file.as_str()).collect();
    let mut unlisted = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(ft) = e.file_type() else { continue };
        if (ft.is_file() || ft.is_symlink())
            && name != FILE
            && name != fsutil::LOCK_FILE
            && !listed.contains(name.as_str())
        {
            unlisted.push(name);
        }
    }
    unlisted.sort();
    Ok(unlisted)
}

//! Loads `mappings/`: the embedded defaults overlaid, file by file, with user folders.
//!
//! Sources in order: the built-in files, then each `--mappings DIR` in the order given. A user
//! file at the same relative path replaces the built-in one; a new path adds a file. Files are
//! never merged. A file's identity is its `id` field: two files defining the same lens or
//! framework id is an error that names both. See `mappings/README.md` for the schemas.
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

mod checks;
pub(crate) mod cross_check;
pub(crate) mod custom_lens;
mod schema;
pub(crate) mod summary;

use std::collections::{BTreeMap, HashMap};

use include_dir::{Dir, include_dir};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
use crate::fsutil::{self, limits};
use crate::model::catalog::{Catalog, CatalogFile, Framework, Lens, MappingRow, PILLARS, Pillar};
use schema::Parsed;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/mappings");

/// Where mapping files come from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// User folders, later ones win.
    pub dirs: Vec<std::path::PathBuf>,
    /// Custom lenses in the WA Tool's custom lens JSON format (`--lens`).
    pub lenses: Vec<std::path::PathBuf>,
    /// Leave out the built-in files (the user folders must then hold a whole catalog).
    pub no_builtin: bool,
}

/// A mapping file before parsing.
#[derive(Debug, Clone)]
struct RawFile {
    rel: String,
    origin: String,
    shown: String,
    bytes: Vec<u8>,
    replaces_builtin: bool,
    /// 0 for built-in files, then 1, 2… for each user folder: on a duplicate id, the file of the
    /// earlier source is kept and the later one is reported.
    rank: usize,
}

/// What `load` found besides the catalog: warnings (coverage gaps…) for `mappings check`.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Warnings; `mappings check` treats them as errors.
    pub warnings: Vec<Diagnostic>,
    /// Which files replaced built-in ones (for logging).
    pub replaced: Vec<String>,
}

/// The built-in mapping files, as (relative path, bytes).
pub(crate) fn builtin_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    collect_builtin(&BUILTIN, &mut out);
    out.sort();
    out
}

fn collect_builtin(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

/// Loads and cross-checks the catalog. Errors (syntax, unknown ids, duplicates, mixed
/// editions) fail; coverage gaps are returned as warnings.
pub fn load(sources: &Sources) -> Result<(Catalog, LoadReport)> {
    let mut files = if sources.no_builtin {
        BTreeMap::new()
    } else {
        builtin_raw()
    };
    let mut report = LoadReport::default();
    for (rank, dir) in sources.dirs.iter().enumerate() {
        for found in fsutil::walk_dir(dir, &["toml", "csv"])? {
            let bytes = fsutil::read_limited(&found.path, limits::MAPPING_BYTES)?;
            let origin = crate::error::display_path(dir);
            let shown = format!("{}/{}", origin.trim_end_matches('/'), found.rel);
            overlay(
                &mut files,
                &mut report,
                found.rel,
                origin,
                shown,
                bytes,
                rank + 1,
            );
        }
    }
    let mut custom = Vec::new();
    for path in &sources.lenses {
        let bytes = fsutil::read_limited(path, limits::MAPPING_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::data(
                Location::path(path),
                "not-utf8",
                "a custom lens is UTF-8 JSON",
            )
        })?;
        custom.push((Location::path(path), text));
    }
    finish_load_with(files, report, custom)
}

/// Loads the built-in catalog overlaid with in-memory files, given as (relative path such as
/// `crosswalks/x.csv`, bytes): what `load` does with one `--mappings` folder, without the disk.
/// The fuzz target of the mapping loader feeds its input through here.
pub fn load_files(extra: &[(String, Vec<u8>)]) -> Result<(Catalog, LoadReport)> {
    let mut files = builtin_raw();
    let mut report = LoadReport::default();
    for (rel, bytes) in extra {
        let shown = format!("<memory>/{rel}");
        overlay(
            &mut files,
            &mut report,
            rel.clone(),
            "<memory>".into(),
            shown,
            bytes.clone(),
            1,
        );
    }
    finish_load(files, report)
}

fn builtin_raw() -> BTreeMap<String, RawFile> {
    let mut files = BTreeMap::new();
    for (rel, bytes) in builtin_files() {
        if !(rel.ends_with(".toml") || rel.ends_with(".csv")) {
            continue;
        }
        let shown = format!("<builtin>/mappings/{rel}");
        files.insert(
            rel.clone(),
            RawFile {
                rel,
                origin: "<builtin>".into(),
                shown,
                bytes: bytes.to_vec(),
                replaces_builtin: false,
                rank: 0,
            },
        );
    }
    files
}

/// Puts a user file in place of (or next to) the files loaded so far.
fn overlay(
    files: &mut BTreeMap<String, RawFile>,
    report: &mut LoadReport,
    rel: String,
    origin: String,
    shown: String,
    bytes: Vec<u8>,
    rank: usize,
) {
    let replaced = files
        .get(&rel)
        .filter(|f| f.origin == "<builtin>" || f.replaces_builtin)
        .map(|f| f.shown.clone());
    let replaces_builtin = replaced.is_some();
    if let Some(prev) = replaced {
        report.replaced.push(format!("{shown} replaces {prev}"));
    }
    files.insert(
        rel.clone(),
        RawFile {
            rel,
            origin,
            shown,
            bytes,
            replaces_builtin,
            rank,
        },
    );
}

fn finish_load(
    files: BTreeMap<String, RawFile>,
    report: LoadReport,
) -> Result<(Catalog, LoadReport)> {
    finish_load_with(files, report, Vec::new())
}

fn finish_load_with(
    files: BTreeMap<String, RawFile>,
    mut report: LoadReport,
    custom: Vec<(Location, String)>,
) -> Result<(Catalog, LoadReport)> {
    let mut files: Vec<RawFile> = files.into_values().collect();
    files.sort_by(|a, b| (a.rank, &a.rel).cmp(&(b.rank, &b.rel)));
    let (catalog, warnings) = parse_and_check(files, custom)?;
    report.warnings = warnings;
    Ok((catalog, report))
}

/// What the mapping files hold, gathered file by file before the checks.
#[derive(Default)]
struct Loaded {
    lenses: Vec<(Lens, String)>,
    frameworks: Vec<(Framework, String)>,
    crosswalk: Vec<MappingRow>,
    legacy: Vec<crate::model::catalog::LegacyPractice>,
    equivalents: Vec<crate::model::catalog::Equivalence>,
    cross_references: Vec<crate::model::catalog::CrossReference>,
    infos: Vec<CatalogFile>,
    /// `path sha256` lines of every file read: the mapping data's version.
    digest_input: String,
}

impl Loaded {
    /// Reads one file: UTF-8 text, parsed by its kind (a bad file is reported and skipped).
    fn read(&mut self, f: &RawFile, diags: &mut Diagnostics) {
        let at = Location::file(&f.shown);
        let text = match std::str::from_utf8(&f.bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
            Err(e) => {
                let good = f.bytes.get(..e.valid_up_to()).unwrap_or_default();
                let line = good.iter().filter(|&&c| c == b'\n').count() as u32 + 1;
                let col = good.iter().rev().take_while(|&&c| c != b'\n').count() as u32 + 1;
                diags.error(
                    "not-utf8",
                    Some(at.line(line, col)),
                    "file is not UTF-8 text (save it as UTF-8)",
                );
                return;
            }
        };
        let sha = fsutil::sha256_hex(&f.bytes);
        self.digest_input.push_str(&format!("{} {}\n", f.rel, sha));
        let parsed = if f.rel.ends_with(".toml") {
            schema::parse_toml(text, &at, diags)
        } else {
            schema::parse_csv(text, &at, diags)
        };
        let Some(parsed) = parsed else { return };
        let (kind, id) = self.keep(parsed, &f.shown);
        self.infos.push(CatalogFile {
            path: f.rel.clone(),
            origin: f.origin.clone(),
            kind: kind.into(),
            id,
            sha256: sha,
            replaces_builtin: f.replaces_builtin,
        });
    }

    /// Keeps a parsed file; returns its kind and the id it defines or maps to.
    fn keep(&mut self, parsed: Parsed, shown: &str) -> (&'static str, String) {
        match parsed {
            Parsed::Lens(l) => {
                let id = l.id.clone();
                self.lenses.push((l, shown.to_owned()));
                ("lens", id)
            }
            Parsed::Framework(fw) => {
                let id = fw.id.clone();
                self.frameworks.push((fw, shown.to_owned()));
                ("framework", id)
            }
            Parsed::Crosswalk(rows) => {
                let id = rows
                    .first()
                    .map(|r| r.framework.clone())
                    .unwrap_or_default();
                self.crosswalk.extend(rows);
                ("crosswalk", id)
            }
            Parsed::Legacy(rows) => {
                self.legacy.extend(rows);
                ("legacy-ids", "wa-security".to_owned())
            }
            Parsed::Equivalents(rows) => {
                self.equivalents.extend(rows);
                ("equivalents", String::new())
            }
            Parsed::CrossReferences(rows) => {
                let id = rows
                    .first()
                    .map(|r| format!("{}__{}", r.a.0, r.b.0))
                    .unwrap_or_default();
                self.cross_references.extend(rows);
                ("cross-references", id)
            }
        }
    }

    /// Custom lenses (`--lens`): their ids must not collide with the loaded lenses'.
    fn add_custom(&mut self, custom: Vec<(Location, String)>, diags: &mut Diagnostics) {
        for (at, text) in custom {
            let lenses = &self.lenses;
            let taken = |id: &str| {
                lenses.iter().any(|(l, _)| {
                    l.questions
                        .iter()
                        .any(|q| q.id == id || q.wa_id == id || q.none_choice_id == id)
                        || l.practices.iter().any(|p| p.id == id || p.choice_id == id)
                })
            };
            let parsed = custom_lens::parse(&text, &at, &taken, diags);
            self.lenses
                .extend(parsed.into_iter().map(|l| (l, at.file.clone())));
        }
    }
}

/// Framework ids are unique across files; sorted by id.
fn unique_frameworks(
    frameworks: Vec<(Framework, String)>,
    diags: &mut Diagnostics,
) -> Vec<Framework> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut fws = Vec::new();
    for (fw, shown) in frameworks {
        if let Some(prev) = seen.get(&fw.id) {
            diags.error(
                "duplicate-framework",
                Some(Location::file(&shown)),
                format!("framework id `{}` is also defined in {prev}", fw.id),
            );
            continue;
        }
        seen.insert(fw.id.clone(), shown);
        fws.push(fw);
    }
    fws.sort_by(|a, b| a.id.cmp(&b.id));
    fws
}

fn parse_and_check(
    files: Vec<RawFile>,
    custom: Vec<(Location, String)>,
) -> Result<(Catalog, Vec<Diagnostic>)> {
    let mut diags = Diagnostics::new();
    let mut loaded = Loaded::default();
    for f in &files {
        loaded.read(f, &mut diags);
    }
    loaded.add_custom(custom, &mut diags);
    // The lenses: one file per pillar, merged in the WA Tool's pillar order.
    let lens = if loaded.lenses.is_empty() {
        // When a file failed to parse, its errors already say why; do not add a cascade.
        if !diags.has_errors() {
            diags.error(
                "no-lens",
                None,
                "no lens catalog found (a TOML file with kind = \"lens\")",
            );
        }
        None
    } else {
        Some(merge_lenses(std::mem::take(&mut loaded.lenses), &mut diags))
    };
    let fws = unique_frameworks(std::mem::take(&mut loaded.frameworks), &mut diags);
    let Some((mut lens, pillars)) = lens else {
        return Err(Error::Invalid {
            what: "mappings".into(),
            problems: diags.items().to_vec(),
        });
    };
    lens.legacy = loaded.legacy;
    let mut warnings = Vec::new();
    checks::lens(&lens, &mut diags);
    checks::crosswalk(&lens, &fws, &loaded.crosswalk, &mut diags, &mut warnings);
    checks::scopes(&fws, &mut warnings);
    checks::equivalents(
        &fws,
        &loaded.crosswalk,
        &loaded.equivalents,
        &mut diags,
        &mut warnings,
    );
    let mut problems = diags.finish("mappings")?;
    problems.extend(warnings);
    let version = format!(
        "sha256:{}",
        fsutil::sha256_hex(loaded.digest_input.as_bytes())
            .get(..12)
            .unwrap_or_default()
    );
    let mut catalog = Catalog::new(lens, fws, loaded.crosswalk, loaded.infos, version);
    catalog.equivalents = loaded.equivalents;
    catalog.cross_references = loaded.cross_references;
    catalog.pillars = pillars;
    Ok((catalog, problems))
}

/// Merges the lens files (one per pillar) into one lens, pillars in the WA Tool's order (other
/// pillars, such as a custom lens's, after them in file order). Two files for one pillar, or an
/// id or choice id defined in two pillars, are errors naming both files.
fn merge_lenses(mut lenses: Vec<(Lens, String)>, diags: &mut Diagnostics) -> (Lens, Vec<Pillar>) {
    let rank = |l: &Lens| {
        PILLARS
            .iter()
            .position(|(id, _, _)| *id == l.pillar_id)
            .unwrap_or(PILLARS.len())
    };
    lenses.sort_by_key(|(l, _)| rank(l));
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    let mut kept: Vec<(Lens, String)> = Vec::new();
    for (l, shown) in lenses {
        let key = (l.lens_alias.clone(), l.pillar_id.clone());
        if let Some(prev) = seen.get(&key) {
            diags.error(
                "duplicate-lens",
                Some(Location::file(&shown)),
                format!(
                    "a second lens file for pillar `{}` of lens `{}` (`{}`); it is already defined in {prev}",
                    l.pillar_id, l.lens_alias, l.id
                ),
            );
            continue;
        }
        seen.insert(key, shown.clone());
        kept.push((l, shown));
    }
    let pillars: Vec<Pillar> = kept
        .iter()
        .map(|(l, _)| {
            let known = PILLARS.iter().find(|(id, _, _)| *id == l.pillar_id);
            Pillar {
                id: l.pillar_id.clone(),
                name: known
                    .map(|k| k.1.to_owned())
                    .unwrap_or_else(|| l.name.clone()),
                lens_id: l.id.clone(),
                lens_name: l.name.clone(),
                lens_alias: l.lens_alias.clone(),
                version: l.version.clone(),
                prefix: known.map(|k| k.2.to_owned()).unwrap_or_default(),
            }
        })
        .collect();
    let mut it = kept.into_iter().map(|(l, _)| l);
    let Some(mut merged) = it.next() else {
        return (
            Lens {
                id: String::new(),
                name: String::new(),
                lens_alias: String::new(),
                pillar_id: String::new(),
                version: String::new(),
                questions: Vec::new(),
                practices: Vec::new(),
                legacy: Vec::new(),
            },
            pillars,
        );
    };
    let mut many = false;
    for l in it {
        many = true;
        merged.questions.extend(l.questions);
        merged.practices.extend(l.practices);
    }
    if many {
        merged.id = merged.lens_alias.clone();
        merged.name = "AWS Well-Architected Framework".into();
        merged.pillar_id = String::new();
    }
    (merged, pillars)
}

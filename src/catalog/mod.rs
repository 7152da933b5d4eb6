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

mod schema;

use std::collections::{BTreeMap, HashMap, HashSet};

use include_dir::{Dir, include_dir};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result, Severity};
use crate::fsutil::{self, limits};
use crate::model::catalog::{Catalog, CatalogFile, Framework, Lens, MappingRow, Relation};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/mappings");

/// Where mapping files come from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// User folders, later ones win.
    pub dirs: Vec<std::path::PathBuf>,
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
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
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
    finish_load(files, report)
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
    mut report: LoadReport,
) -> Result<(Catalog, LoadReport)> {
    let mut files: Vec<RawFile> = files.into_values().collect();
    files.sort_by(|a, b| (a.rank, &a.rel).cmp(&(b.rank, &b.rel)));
    let (catalog, warnings) = parse_and_check(files)?;
    report.warnings = warnings;
    Ok((catalog, report))
}

/// Parsed content of one file.
enum Parsed {
    Lens(Lens),
    Framework(Framework),
    Crosswalk(Vec<MappingRow>),
    Legacy(Vec<crate::model::catalog::LegacyPractice>),
}

fn parse_and_check(files: Vec<RawFile>) -> Result<(Catalog, Vec<Diagnostic>)> {
    let mut diags = Diagnostics::new();
    let mut lenses: Vec<(Lens, String)> = Vec::new();
    let mut frameworks: Vec<(Framework, String)> = Vec::new();
    let mut crosswalk: Vec<MappingRow> = Vec::new();
    let mut legacy = Vec::new();
    let mut infos = Vec::new();
    let mut digest_input = String::new();

    for f in &files {
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
                continue;
            }
        };
        let sha = fsutil::sha256_hex(&f.bytes);
        digest_input.push_str(&format!("{} {}\n", f.rel, sha));
        let parsed = if f.rel.ends_with(".toml") {
            schema::parse_toml(text, &at, &mut diags)
        } else {
            schema::parse_csv(text, &at, &mut diags)
        };
        let (kind, id) = match parsed {
            None => continue,
            Some(Parsed::Lens(l)) => {
                let id = l.id.clone();
                lenses.push((l, f.shown.clone()));
                ("lens", id)
            }
            Some(Parsed::Framework(fw)) => {
                let id = fw.id.clone();
                frameworks.push((fw, f.shown.clone()));
                ("framework", id)
            }
            Some(Parsed::Crosswalk(rows)) => {
                let id = rows
                    .first()
                    .map(|r| r.framework.clone())
                    .unwrap_or_default();
                crosswalk.extend(rows);
                ("crosswalk", id)
            }
            Some(Parsed::Legacy(rows)) => {
                legacy.extend(rows);
                ("legacy-ids", "wa-security".to_owned())
            }
        };
        infos.push(CatalogFile {
            path: f.rel.clone(),
            origin: f.origin.clone(),
            kind: kind.into(),
            id,
            sha256: sha,
            replaces_builtin: f.replaces_builtin,
        });
    }

    // One lens.
    let lens = match lenses.len() {
        // When a file failed to parse, its errors already say why; do not add a cascade.
        0 if diags.has_errors() => None,
        0 => {
            diags.error(
                "no-lens",
                None,
                "no lens catalog found (a TOML file with kind = \"lens\")",
            );
            None
        }
        1 => lenses.pop().map(|(l, _)| l),
        _ => {
            let (first, first_shown) = lenses
                .first()
                .map(|(l, s)| (l.id.clone(), s.clone()))
                .unwrap_or_default();
            for (l, shown) in lenses.iter().skip(1) {
                diags.error(
                    "duplicate-lens",
                    Some(Location::file(shown)),
                    format!(
                        "a second lens catalog (`{}`) is defined; `{}` is already defined in {}",
                        l.id, first, first_shown
                    ),
                );
            }
            lenses.into_iter().next().map(|(l, _)| l)
        }
    };

    // Framework ids are unique across files.
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

    let Some(mut lens) = lens else {
        return Err(Error::Invalid {
            what: "mappings".into(),
            problems: diags.items().to_vec(),
        });
    };
    lens.legacy = legacy;
    let mut warnings = Vec::new();
    check_lens(&lens, &mut diags);
    check_crosswalk(&lens, &fws, &crosswalk, &mut diags, &mut warnings);

    let mut problems = diags.finish("mappings")?;
    problems.extend(warnings);
    let version = format!(
        "sha256:{}",
        fsutil::sha256_hex(digest_input.as_bytes())
            .get(..12)
            .unwrap_or_default()
    );
    Ok((Catalog::new(lens, fws, crosswalk, infos, version), problems))
}

fn check_lens(lens: &Lens, diags: &mut Diagnostics) {
    let mut ids = HashSet::new();
    let mut choices = HashSet::new();
    let qids: HashSet<&str> = lens.questions.iter().map(|q| q.id.as_str()).collect();
    for p in &lens.practices {
        if !ids.insert(p.id.as_str()) {
            diags.error(
                "duplicate-practice",
                None,
                format!(
                    "best practice `{}` is defined twice in lens `{}`",
                    p.id, lens.id
                ),
            );
        }
        if !choices.insert(p.choice_id.as_str()) {
            diags.error(
                "duplicate-choice",
                None,
                format!(
                    "choice id `{}` is used twice in lens `{}`",
                    p.choice_id, lens.id
                ),
            );
        }
        if !qids.contains(p.question.as_str()) {
            diags.error(
                "unknown-question",
                None,
                format!(
                    "best practice `{}` names unknown question `{}`",
                    p.id, p.question
                ),
            );
        }
    }
    let asked: HashSet<&str> = lens.practices.iter().map(|p| p.question.as_str()).collect();
    let mut seen_q = HashSet::new();
    for q in &lens.questions {
        if !seen_q.insert(q.id.as_str()) {
            diags.error(
                "duplicate-question",
                None,
                format!("question `{}` is defined twice in lens `{}`", q.id, lens.id),
            );
        }
        if !asked.contains(q.id.as_str()) {
            diags.error(
                "empty-question",
                None,
                format!("question `{}` has no best practice", q.id),
            );
        }
    }
    for l in &lens.legacy {
        if let Some(cur) = &l.current
            && !ids.contains(cur.as_str())
        {
            diags.error(
                "unknown-practice",
                None,
                format!(
                    "legacy id `{}` maps to `{cur}`, which is not a best practice of lens `{}`",
                    l.old_bp_id, lens.id
                ),
            );
        }
    }
}

fn check_crosswalk(
    lens: &Lens,
    fws: &[Framework],
    rows: &[MappingRow],
    diags: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    let bps: HashSet<&str> = lens.practices.iter().map(|p| p.id.as_str()).collect();
    let fw_by_id: HashMap<&str, &Framework> = fws.iter().map(|f| (f.id.as_str(), f)).collect();
    // Control ids per framework, so a large crosswalk looks them up instead of scanning.
    let controls: HashMap<(&str, &str), &crate::model::catalog::Control> = fws
        .iter()
        .flat_map(|f| {
            f.controls
                .iter()
                .map(move |c| ((f.id.as_str(), c.id.as_str()), c))
        })
        .collect();
    let successors: HashMap<(&str, &str), &crate::model::catalog::Control> = fws
        .iter()
        .flat_map(|f| {
            // Reversed: of two controls with one predecessor, the first is kept (as `find` did).
            f.controls.iter().rev().flat_map(move |c| {
                c.predecessors
                    .iter()
                    .map(move |p| ((f.id.as_str(), p.as_str()), c))
            })
        })
        .collect();
    let mut pairs: HashMap<(String, String, String), Location> = HashMap::new();
    for r in rows {
        if !bps.contains(r.bp.as_str()) {
            let mut d = Diagnostic::error(
                "unknown-practice",
                Some(r.at.clone()),
                format!("unknown best practice `{}`", r.bp),
            );
            if let Some(l) = lens.legacy.iter().find(|l| l.old_bp_id == r.bp) {
                d = d.with_hint(match &l.current {
                    Some(c) => format!(
                        "`{}` is an id of an older lens version; the current id is `{c}`",
                        r.bp
                    ),
                    None => format!("`{}` was removed from the lens", r.bp),
                });
            }
            diags.push(d);
            continue;
        }
        let Some(fw) = fw_by_id.get(r.framework.as_str()) else {
            diags.error(
                "unknown-framework",
                Some(r.at.clone()),
                format!(
                    "unknown framework `{}` (no framework catalog defines it)",
                    r.framework
                ),
            );
            continue;
        };
        match (&r.control, r.relation) {
            (None, Relation::None) => {}
            (Some(_), Relation::None) => diags.error(
                "none-with-control",
                Some(r.at.clone()),
                "a row with relation `none` must leave control_id empty",
            ),
            (None, _) => diags.error(
                "missing-control",
                Some(r.at.clone()),
                "control_id is empty; use relation `none` for an explicit no-mapping row",
            ),
            (Some(c), rel) => match controls.get(&(fw.id.as_str(), c.as_str())) {
                None => {
                    let mut d = Diagnostic::error(
                        "unknown-control",
                        Some(r.at.clone()),
                        format!("unknown control `{c}` in `{}`", fw.id),
                    );
                    if let Some(succ) = successors.get(&(fw.id.as_str(), c.as_str())) {
                        d = d.with_hint(format!(
                            "`{c}` is an id of an earlier edition; in {} it became `{}` ({}). Editions are never mixed",
                            fw.edition, succ.id, succ.title
                        ));
                    }
                    diags.push(d);
                }
                Some(ctrl) => {
                    if rel.drives_status()
                        && ctrl.scope == crate::model::catalog::ControlScope::Organisational
                    {
                        warnings.push(Diagnostic::warning(
                            "driving-organisational",
                            Some(r.at.clone()),
                            format!(
                                "`{c}` is organisational (outside any review's scope); relation `{}` cannot drive its status, use `supports`",
                                rel.as_str()
                            ),
                        ));
                    }
                }
            },
        }
        if r.rationale.trim().is_empty() {
            diags.error(
                "missing-rationale",
                Some(r.at.clone()),
                "every crosswalk row needs a rationale",
            );
        }
        let key = (
            r.bp.clone(),
            r.framework.clone(),
            r.control.clone().unwrap_or_default(),
        );
        if let Some(prev) = pairs.get(&key) {
            diags.error(
                "duplicate-mapping",
                Some(r.at.clone()),
                format!(
                    "`{}` → `{}` `{}` is mapped twice (also at {prev})",
                    r.bp,
                    r.framework,
                    r.control.as_deref().unwrap_or("none")
                ),
            );
        } else {
            pairs.insert(key, r.at.clone());
        }
    }
    // Coverage: every BP has a row per framework (a mapping or an explicit `none`).
    for fw in fws {
        let covered: HashSet<&str> = rows
            .iter()
            .filter(|r| r.framework == fw.id)
            .map(|r| r.bp.as_str())
            .collect();
        // (rows × frameworks: frameworks are few, each file at most 8 MiB.)
        let missing: Vec<&str> = lens
            .practices
            .iter()
            .map(|p| p.id.as_str())
            .filter(|b| !covered.contains(b))
            .collect();
        if !missing.is_empty() {
            let shown = if missing.len() > 8 {
                format!(
                    "{} … ({} in all)",
                    missing
                        .iter()
                        .take(8)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                    missing.len()
                )
            } else {
                missing.join(", ")
            };
            warnings.push(
                Diagnostic::warning(
                    "unmapped-practice",
                    None,
                    format!("framework `{}`: no crosswalk row for {shown}", fw.id),
                )
                .with_hint(
                    "add a mapping row or an explicit row with relation `none` and the reason",
                ),
            );
        }
    }
}

/// Severity filter helper for callers that want only warnings.
pub fn warnings_only(d: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    d.iter().filter(|x| x.severity == Severity::Warning)
}

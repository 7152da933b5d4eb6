//! How the inputs of `wafr portfolio` become workloads.
//!
//! * A **file** is one workload.
//! * A **folder** holds workloads: each review file directly in it is one workload, and each
//!   sub-folder is one workload made of every review file inside it (at any depth), so a WA
//!   Tool export and its evidence file stay together.
//! * A **glob pattern** the shell did not expand (`'reviews/*.json'`, `'teams/**/*.xlsx'`) is
//!   expanded by wafr, sorted; each match counts as if it were listed in a folder: a matched
//!   file is one workload, a matched folder is one workload made of its files.
//!
//! Review files are those with the extensions in [`REVIEW_EXTENSIONS`]; other files in a folder
//! are listed as skipped, never dropped silently. Hidden files (`.name`) are ignored, the
//! output folder is never read, links must stay inside the folder they are in, and a file
//! already part of a workload is not read twice. Only regular files are read from folders: a
//! named pipe, socket or device there is listed as skipped (reading one could wait forever);
//! given on the command line, it is read. Each folder is read once, whatever the links that
//! lead to it, so a link loop (`ln -s . again`) neither repeats workloads nor makes the walk
//! explode. A path that does not exist, or a pattern that matches nothing, becomes a failed
//! input, and the others go on.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;

use crate::error::{Error, Result, display_path};
use crate::fsutil::{self, Identity, limits};
use crate::model::portfolio::Skipped;

/// Extensions of review files inside folders (lowercase).
pub(crate) const REVIEW_EXTENSIONS: &[&str] = &["json", "xlsx", "xlsm", "xls", "ods", "csv", "tsv"];

/// Most workloads one portfolio may hold.
pub(crate) const MAX_WORKLOADS: usize = 100_000;

/// Deepest folder nesting read under a folder or a pattern's base.
const MAX_DEPTH: usize = limits::FOLDER_DEPTH;

/// One workload before import: its name and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadInput {
    /// The file or folder as given or found (used for messages and when the review names no
    /// workload).
    pub label: String,
    /// The files, in order.
    pub files: Vec<PathBuf>,
    /// Set when the input cannot be read at all (a missing path, an empty pattern); the
    /// workload is then reported as failed with this message.
    pub problem: Option<String>,
}

/// The workloads of the inputs, and what was skipped.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Workloads, in input order.
    pub workloads: Vec<WorkloadInput>,
    /// Files and folders not read.
    pub skipped: Vec<Skipped>,
}

struct Finder {
    out: Discovered,
    /// Files already part of a workload.
    seen: BTreeSet<Identity>,
    /// Folders already read.
    dirs: BTreeSet<Identity>,
    /// Canonical output folder, never read.
    exclude: Option<PathBuf>,
}

fn is_pattern(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

fn has_review_ext(p: &Path) -> bool {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| REVIEW_EXTENSIONS.contains(&e.as_str()))
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Entries of a folder, sorted by name, hidden ones left out.
fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| !hidden(p))
        .collect();
    v.sort();
    Ok(v)
}

impl Finder {
    fn push(&mut self, w: WorkloadInput) -> Result<()> {
        if self.out.workloads.len() >= MAX_WORKLOADS {
            return Err(Error::Usage(format!(
                "more than {MAX_WORKLOADS} workloads; split the portfolio"
            )));
        }
        self.out.workloads.push(w);
        Ok(())
    }

    fn skip(&mut self, p: &Path, reason: impl Into<String>) {
        self.out.skipped.push(Skipped {
            path: display_path(p),
            reason: reason.into(),
        });
    }

    /// The canonical path of `p` and what it is when it stays inside `root` (links included),
    /// else a skip.
    fn inside(&mut self, p: &Path, root: &Path) -> Option<(PathBuf, fs::Metadata)> {
        match p
            .canonicalize()
            .and_then(|r| fs::metadata(&r).map(|m| (r, m)))
        {
            Ok((real, meta)) if real.starts_with(root) => Some((real, meta)),
            Ok(_) => {
                self.skip(p, "a link to outside its folder; links must stay inside it");
                None
            }
            Err(e) => {
                self.skip(p, format!("cannot be read: {e}"));
                None
            }
        }
    }

    /// True the first time a folder is reached; afterwards false, with a skip.
    fn first_visit(&mut self, shown: &Path, real: &Path, meta: &fs::Metadata) -> bool {
        if self.dirs.insert(Identity::of(real, meta)) {
            true
        } else {
            self.skip(shown, "a folder already read (through a link)");
            false
        }
    }

    /// A skip for what is neither a folder nor a regular file.
    fn special(&mut self, shown: &Path, meta: &fs::Metadata) {
        self.skip(
            shown,
            format!(
                "{}, not a regular file; wafr reads only regular files from folders",
                fsutil::describe(meta.file_type())
            ),
        );
    }

    fn excluded(&self, real: &Path) -> bool {
        self.exclude.as_deref().is_some_and(|x| real.starts_with(x))
    }

    /// A file claimed by a workload, or false (with a skip) when another workload has it.
    fn claim(&mut self, shown: &Path, real: &Path, meta: &fs::Metadata) -> bool {
        if self.seen.insert(Identity::of(real, meta)) {
            true
        } else {
            self.skip(shown, "already part of another workload");
            false
        }
    }

    /// One file given or matched: one workload.
    fn file(&mut self, shown: &Path, real: &Path, meta: &fs::Metadata) -> Result<()> {
        if self.claim(shown, real, meta) {
            self.push(WorkloadInput {
                label: display_path(shown),
                files: vec![shown.to_owned()],
                problem: None,
            })?;
        }
        Ok(())
    }

    /// One folder that is one workload: every review file under it.
    fn workload_folder(&mut self, shown: &Path, real: &Path) -> Result<()> {
        let mut files = Vec::new();
        self.collect(shown, real, real, 0, &mut files)?;
        if files.is_empty() {
            self.skip(shown, "holds no review file");
            return Ok(());
        }
        self.push(WorkloadInput {
            label: display_path(shown),
            files,
            problem: None,
        })
    }

    fn collect(
        &mut self,
        shown: &Path,
        dir: &Path,
        root: &Path,
        depth: usize,
        files: &mut Vec<PathBuf>,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            self.skip(shown, format!("nested deeper than {MAX_DEPTH} folders"));
            return Ok(());
        }
        for p in entries(dir)? {
            let name = p.strip_prefix(dir).unwrap_or(&p).to_owned();
            let shown_p = shown.join(&name);
            let Some((real, meta)) = self.inside(&p, root) else {
                continue;
            };
            if self.excluded(&real) {
                continue;
            }
            if meta.is_dir() {
                if self.first_visit(&shown_p, &real, &meta) {
                    self.collect(&shown_p, &real, root, depth + 1, files)?;
                }
            } else if !meta.is_file() {
                self.special(&shown_p, &meta);
            } else if !has_review_ext(&real) {
                self.skip(&shown_p, "not a review file (by its extension)");
            } else if files.len() >= limits::FOLDER_FILES {
                self.skip(
                    &shown_p,
                    format!(
                        "the workload folder holds more than {} files",
                        limits::FOLDER_FILES
                    ),
                );
            } else if self.claim(&shown_p, &real, &meta) {
                files.push(shown_p);
            }
        }
        Ok(())
    }

    /// A folder of workloads.
    fn portfolio_folder(&mut self, shown: &Path) -> Result<()> {
        let read_err = |source| Error::Read {
            path: shown.to_owned(),
            source,
        };
        let root = shown.canonicalize().map_err(read_err)?;
        let meta = fs::metadata(&root).map_err(read_err)?;
        if !self.first_visit(shown, &root, &meta) {
            return Ok(());
        }
        for p in entries(&root)? {
            let name = p.strip_prefix(&root).unwrap_or(&p).to_owned();
            let shown_p = shown.join(&name);
            let Some((real, meta)) = self.inside(&p, &root) else {
                continue;
            };
            if self.excluded(&real) {
                continue;
            }
            self.member(&shown_p, &real, &meta)?;
        }
        Ok(())
    }

    /// A member of a folder or a pattern's match: a file is a workload, a folder is one.
    fn member(&mut self, shown: &Path, real: &Path, meta: &fs::Metadata) -> Result<()> {
        if meta.is_dir() {
            if self.first_visit(shown, real, meta) {
                self.workload_folder(shown, real)?;
            }
        } else if !meta.is_file() {
            self.special(shown, meta);
        } else if has_review_ext(real) {
            self.file(shown, real, meta)?;
        } else {
            self.skip(shown, "not a review file (by its extension)");
        }
        Ok(())
    }

    fn failed(&mut self, arg: &str, problem: String) -> Result<()> {
        self.push(WorkloadInput {
            label: arg.to_owned(),
            files: vec![PathBuf::from(arg)],
            problem: Some(problem),
        })
    }

    /// A pattern: walk its base folder, keep the matches in order.
    fn pattern(&mut self, pattern: &str) -> Result<()> {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::Usage(format!("`{pattern}` is not a valid pattern: {e}")))?
            .compile_matcher();
        // The base: the leading components without pattern characters.
        let mut base = PathBuf::new();
        for c in Path::new(pattern).components() {
            if is_pattern(&c.as_os_str().to_string_lossy()) {
                break;
            }
            base.push(c);
        }
        let base_shown = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.clone()
        };
        let Ok(root) = base_shown.canonicalize() else {
            return self.failed(
                pattern,
                format!(
                    "the pattern matches nothing: its folder `{}` does not exist",
                    display_path(&base_shown)
                ),
            );
        };
        let mut matches = Vec::new();
        let mut walked = BTreeSet::new();
        if let Ok(meta) = fs::metadata(&root) {
            walked.insert(Identity::of(&root, &meta));
        }
        walk_pattern(&glob, &base, &root, &root, 0, &mut walked, &mut matches);
        if matches.is_empty() {
            return self.failed(pattern, "the pattern matches no file or folder".into());
        }
        for (shown, real, meta) in matches {
            if self.excluded(&real) {
                continue;
            }
            self.member(&shown, &real, &meta)?;
        }
        Ok(())
    }
}

/// A pattern's matches: (as shown, canonical path, what it is).
type Matches = Vec<(PathBuf, PathBuf, fs::Metadata)>;

/// Collects matches under `dir`; a matched folder is not descended into, and each folder is
/// walked once (`walked`).
fn walk_pattern(
    glob: &globset::GlobMatcher,
    shown_dir: &Path,
    dir: &Path,
    root: &Path,
    depth: usize,
    walked: &mut BTreeSet<Identity>,
    out: &mut Matches,
) {
    if depth > MAX_DEPTH || out.len() > MAX_WORKLOADS {
        return;
    }
    let Ok(list) = entries(dir) else { return };
    for p in list {
        let name = p.strip_prefix(dir).unwrap_or(&p).to_owned();
        let shown = shown_dir.join(&name);
        let Ok(real) = p.canonicalize() else { continue };
        let Ok(meta) = fs::metadata(&real) else {
            continue;
        };
        if !real.starts_with(root) {
            continue;
        }
        if glob.is_match(&shown) {
            out.push((shown, real, meta));
        } else if meta.is_dir() && walked.insert(Identity::of(&real, &meta)) {
            walk_pattern(glob, &shown, &real, root, depth + 1, walked, out);
        }
    }
}

/// Turns the command-line inputs into workloads. `exclude` (the output folder) is never read.
pub fn discover(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Discovered> {
    let mut f = Finder {
        out: Discovered::default(),
        seen: BTreeSet::new(),
        dirs: BTreeSet::new(),
        exclude: exclude.and_then(|x| x.canonicalize().ok()),
    };
    for input in inputs {
        let arg = display_path(input);
        if input.is_dir() {
            f.portfolio_folder(input)?;
        } else if input.exists() {
            // Given by name, any file is read: a named pipe too (`<(aws …)`), as asked.
            match input
                .canonicalize()
                .and_then(|r| fs::metadata(&r).map(|m| (r, m)))
            {
                Ok((real, meta)) => f.file(input, &real, &meta)?,
                Err(e) => f.failed(&arg, format!("cannot be read: {e}"))?,
            }
        } else if is_pattern(&arg) {
            f.pattern(&arg)?;
        } else {
            f.failed(&arg, "no such file or folder".into())?;
        }
    }
    if f.out.workloads.is_empty() {
        return Err(Error::Usage(format!(
            "no review file found in {}{}",
            inputs
                .iter()
                .map(|p| format!("`{}`", display_path(p)))
                .collect::<Vec<_>>()
                .join(", "),
            if f.out.skipped.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} skipped: {})",
                    f.out.skipped.len(),
                    f.out
                        .skipped
                        .iter()
                        .take(3)
                        .map(|s| format!("{}: {}", s.path, s.reason))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        )));
    }
    Ok(f.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        if let Some(d) = p.parent() {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(p, b"{}").unwrap();
    }

    fn labels(d: &Discovered) -> Vec<(String, usize)> {
        d.workloads
            .iter()
            .map(|w| {
                (
                    w.label.rsplit('/').next().unwrap_or_default().to_owned(),
                    w.files.len(),
                )
            })
            .collect()
    }

    #[test]
    fn folders_files_and_patterns() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path().join("reviews");
        touch(&r.join("a.json"));
        touch(&r.join("b.xlsx"));
        touch(&r.join("notes.txt"));
        touch(&r.join(".hidden.json"));
        touch(&r.join("team-c/export.json"));
        touch(&r.join("team-c/evidence/evidence.json"));
        fs::create_dir_all(r.join("empty")).unwrap();

        let d = discover(std::slice::from_ref(&r), None).unwrap();
        assert_eq!(
            labels(&d),
            [
                ("a.json".into(), 1),
                ("b.xlsx".into(), 1),
                ("team-c".into(), 2)
            ]
        );
        let skipped: Vec<_> = d.skipped.iter().map(|s| s.path.clone()).collect();
        assert!(skipped.iter().any(|s| s.ends_with("notes.txt")));
        assert!(skipped.iter().any(|s| s.ends_with("empty")));

        let pat = PathBuf::from(format!("{}/*.json", display_path(&r)));
        let d = discover(&[pat], None).unwrap();
        assert_eq!(labels(&d), [("a.json".into(), 1)]);

        let pat = PathBuf::from(format!("{}/**/*.json", display_path(&r)));
        let d = discover(&[pat], None).unwrap();
        assert_eq!(
            labels(&d),
            [
                ("a.json".into(), 1),
                ("evidence.json".into(), 1),
                ("export.json".into(), 1)
            ]
        );

        // The same file twice: read once.
        let d = discover(&[r.join("a.json"), r.clone()], None).unwrap();
        assert_eq!(d.workloads.len(), 3);
        assert!(d.skipped.iter().any(|s| s.reason.contains("already part")));

        // A missing path and an empty pattern are failed inputs; the rest go on.
        let d = discover(
            &[
                r.join("missing.json"),
                PathBuf::from(format!("{}/*.ods", display_path(&r))),
                r.join("a.json"),
            ],
            None,
        )
        .unwrap();
        assert_eq!(d.workloads.len(), 3);
        assert!(d.workloads[0].problem.is_some());
        assert!(d.workloads[1].problem.is_some());
        assert!(d.workloads[2].problem.is_none());

        // The output folder is never read.
        let d = discover(std::slice::from_ref(&r), Some(&r.join("team-c"))).unwrap();
        assert_eq!(d.workloads.len(), 2);

        // Nothing at all is a usage error.
        assert!(discover(&[r.join("empty")], None).is_err());
    }
}

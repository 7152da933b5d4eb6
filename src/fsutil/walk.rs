//! Walking a user folder (`--mappings DIR`, `--templates DIR`): regular files only, links only
//! inside the folder, each folder once.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::kind::{Identity, describe};
use super::limits;
use crate::error::{Error, Result, display_path};

/// A file found in a user folder.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Path relative to the folder, with `/` separators.
    pub rel: String,
    /// Full path.
    pub path: PathBuf,
}

/// Lists the files under `dir` whose extension is in `exts` (all files when empty), sorted by
/// relative path. Symbolic links are followed only when their target stays inside `dir`;
/// anything else is an error that names the link, so a folder can never make wafr read a file
/// outside it. A file wafr would read must be a regular file: a named pipe, socket or device
/// is an error that names it (reading one would wait forever or never end). A folder reached
/// twice (a link to a folder already walked, such as `ln -s . loop`) is walked once.
pub fn walk_dir(dir: &Path, exts: &[&str]) -> Result<Vec<FoundFile>> {
    let root = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let meta = fs::metadata(&root).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder",
            display_path(dir)
        )));
    }
    let mut w = Walk {
        root: &root,
        shown: dir,
        exts,
        out: Vec::new(),
        dirs: BTreeSet::from([Identity::of(&root, &meta)]),
    };
    w.walk(&root, 0)?;
    let mut out = w.out;
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

struct Walk<'a> {
    root: &'a Path,
    shown: &'a Path,
    exts: &'a [&'a str],
    out: Vec<FoundFile>,
    /// Folders already walked.
    dirs: BTreeSet<Identity>,
}

impl Walk<'_> {
    fn walk(&mut self, cur: &Path, depth: usize) -> Result<()> {
        if depth > limits::FOLDER_DEPTH {
            return Err(Error::Usage(format!(
                "`{}` is nested deeper than {} folders",
                display_path(self.shown),
                limits::FOLDER_DEPTH
            )));
        }
        let rd = fs::read_dir(cur).map_err(|source| Error::Read {
            path: cur.to_owned(),
            source,
        })?;
        let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let rel_path = path.strip_prefix(self.root).unwrap_or(&path).to_owned();
            let shown_path = self.shown.join(&rel_path);
            let read_err = |source| Error::Read {
                path: shown_path.clone(),
                source,
            };
            let real = path.canonicalize().map_err(read_err)?;
            if !real.starts_with(self.root) {
                return Err(Error::Usage(format!(
                    "`{}` is a link to a file outside the folder; links must stay inside it",
                    display_path(&shown_path)
                )));
            }
            let meta = fs::metadata(&real).map_err(read_err)?;
            if meta.is_dir() {
                if self.dirs.insert(Identity::of(&real, &meta)) {
                    self.walk(&real, depth + 1)?;
                }
                continue;
            }
            self.file(&rel_path, &shown_path, real, &meta)?;
        }
        Ok(())
    }

    fn file(
        &mut self,
        rel_path: &Path,
        shown_path: &Path,
        real: PathBuf,
        meta: &fs::Metadata,
    ) -> Result<()> {
        let ext = rel_path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !self.exts.is_empty() && !self.exts.contains(&ext.as_str()) {
            return Ok(());
        }
        if !meta.is_file() {
            return Err(Error::Usage(format!(
                "`{}` is {}, not a regular file; a mapping or template folder may hold only regular files",
                display_path(shown_path),
                describe(meta.file_type())
            )));
        }
        if self.out.len() >= limits::FOLDER_FILES {
            return Err(Error::Usage(format!(
                "`{}` holds more than {} files",
                display_path(self.shown),
                limits::FOLDER_FILES
            )));
        }
        let rel = rel_path.to_string_lossy().replace('\\', "/");
        self.out.push(FoundFile { rel, path: real });
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.csv"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.csv"), dir.path().join("a.csv"))
            .unwrap();
        let err = walk_dir(dir.path(), &["csv"]).unwrap_err();
        assert!(err.to_string().contains("outside the folder"), "{err}");
    }

    #[test]
    fn loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.csv"), "x").unwrap();
        for l in ["l1", "l2", "l3"] {
            std::os::unix::fs::symlink(".", dir.path().join(l)).unwrap();
            std::os::unix::fs::symlink("..", dir.path().join("sub").join(l)).unwrap();
        }
        let found = walk_dir(dir.path(), &["csv"]).unwrap();
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["sub/a.csv"]);
    }
}

//! Writing outputs: only as regular files, never through a link, and all or none.
//!
//! Every file is first written to a temporary file next to its target and synced
//! ([`Staged::add`]); only when everything is staged are they renamed into place
//! ([`Staged::commit`]). Before staging, and again right before renaming, the target is
//! checked ([`check_target`]): below the folder the command writes into, no part of the path
//! may be a symbolic link (so a link named like an output, or like a workload's folder, can
//! never make wafr write outside the folder), and the target must be a regular file or not
//! exist (a device, named pipe or socket is refused).

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::kind::describe;
use super::temp::Temp;
use crate::error::{Error, Result, display_path};

/// Checks that wafr may write `path` inside `root` (the folder the command writes into; the
/// folder of an `-o FILE`): every part of the path below `root` is a folder or does not exist
/// yet, none is a symbolic link, and the file itself is a regular file or does not exist.
/// `root` itself is the user's choice and may be a link.
pub(crate) fn check_target(root: &Path, path: &Path) -> Result<()> {
    check_path(root, path, false)
}

/// Like [`check_target`] for a folder inside `root` that wafr writes into (a workload's folder
/// of `wafr portfolio --each`): a folder or new, and no link.
pub(crate) fn check_folder(root: &Path, dir: &Path) -> Result<()> {
    check_path(root, dir, true)
}

fn check_path(root: &Path, path: &Path, folder: bool) -> Result<()> {
    // A path outside `root` (not made by joining names to it) has only its file checked.
    let (mut cur, rel) = match path.strip_prefix(root) {
        Ok(rel) => (root.to_owned(), rel.to_owned()),
        Err(_) => (
            path.parent().unwrap_or(Path::new("")).to_owned(),
            PathBuf::from(path.file_name().unwrap_or_default()),
        ),
    };
    let parts: Vec<Component<'_>> = rel.components().collect();
    for (i, part) in parts.iter().enumerate() {
        cur.push(part);
        if !matches!(part, Component::Normal(_)) {
            continue;
        }
        let meta = match fs::symlink_metadata(&cur) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(Error::Write { path: cur, source }),
        };
        let ft = meta.file_type();
        let last = i + 1 == parts.len() && !folder;
        if ft.is_symlink() {
            return Err(Error::Usage(format!(
                "`{}` is a symbolic link; wafr writes its outputs only as regular files and never \
                 through a link: remove the link (its target is left as it is)",
                display_path(&cur)
            )));
        }
        if last && ft.is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is a folder; wafr writes a file there: move the folder away",
                display_path(&cur)
            )));
        }
        if last && !ft.is_file() {
            return Err(Error::Usage(format!(
                "`{}` is {}, not a regular file; wafr writes only regular files: give the path of a file",
                display_path(&cur),
                describe(ft)
            )));
        }
        if !last && !ft.is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is {}, not a folder; wafr writes into a folder there",
                display_path(&cur),
                describe(ft)
            )));
        }
    }
    Ok(())
}

/// Files written to temporary files next to their targets, not yet renamed into place.
/// Dropping it removes them all, so an error before [`Staged::commit`] leaves every existing
/// file as it was.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    files: Vec<StagedFile>,
}

#[derive(Debug)]
struct StagedFile {
    root: PathBuf,
    path: PathBuf,
    temp: Temp,
}

impl Staged {
    /// Nothing staged.
    pub(crate) fn new() -> Staged {
        Staged::default()
    }

    /// Writes `bytes` to a temporary file next to `path` (written and synced, with the
    /// permissions `path` has, or 0644), once [`check_target`] allows `path` in `root`.
    pub(crate) fn add(&mut self, root: &Path, path: PathBuf, bytes: &[u8]) -> Result<()> {
        check_target(root, &path)?;
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(write_err)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let (mut file, temp) = Temp::create(&dir, &name).map_err(write_err)?;
        file.write_all(bytes).map_err(write_err)?;
        file.sync_all().map_err(write_err)?;
        // Temporary files are private (0600); a report is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::symlink_metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0o644);
            fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode))
                .map_err(write_err)?;
        }
        self.files.push(StagedFile {
            root: root.to_owned(),
            path,
            temp,
        });
        Ok(())
    }

    /// Stages every (path, bytes) in `root`; none is kept unless all could be.
    pub(crate) fn add_all(&mut self, root: &Path, files: Vec<(PathBuf, Vec<u8>)>) -> Result<()> {
        for (path, bytes) in files {
            self.add(root, path, &bytes)?;
        }
        Ok(())
    }

    /// Takes over the files `other` staged.
    pub(crate) fn append(&mut self, other: Staged) {
        self.files.extend(other.files);
    }

    /// How many files are staged.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Renames every staged file into place, in order, each target checked again first;
    /// returns the paths written.
    pub(crate) fn commit(self) -> Result<Vec<PathBuf>> {
        for f in &self.files {
            check_target(&f.root, &f.path)?;
        }
        let mut written = Vec::with_capacity(self.files.len());
        for f in self.files {
            f.temp.persist(&f.path).map_err(|source| Error::Write {
                path: f.path.clone(),
                source,
            })?;
            written.push(f.path);
        }
        Ok(written)
    }
}

/// Writes `bytes` to `path` (an `-o FILE`) through a temporary file in the same folder and a
/// rename, so that a failed run never leaves a half-written file in place of a good one. The
/// file must be a regular file or new, and not a link ([`check_target`]).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let root = path.parent().unwrap_or(Path::new(""));
    let mut s = Staged::new();
    s.add(root, path.to_owned(), bytes)?;
    s.commit()?;
    Ok(())
}

/// Writes several files into `root` so that none is replaced unless all could be written: each
/// goes to a temporary file next to its target first (written and synced), and only then are
/// they renamed into place, one after the other. A failure before the renames (a full disk, a
/// target that is a folder or a link) leaves every existing file untouched and removes the
/// temporary files.
pub(crate) fn write_all_atomic(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut s = Staged::new();
    for (path, bytes) in files {
        s.add(root, path.clone(), bytes)?;
    }
    s.commit()?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_and_devices_are_not_written() {
        let t = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("x");
        fs::write(&target, "keep").unwrap();
        std::os::unix::fs::symlink(&target, t.path().join("report.pdf")).unwrap();
        let err = write_atomic(&t.path().join("report.pdf"), b"new").unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        std::os::unix::fs::symlink(outside.path(), t.path().join("slug")).unwrap();
        let err = write_all_atomic(t.path(), &[(t.path().join("slug/a.json"), b"{}".to_vec())])
            .unwrap_err();
        assert!(
            err.to_string().contains("slug` is a symbolic link"),
            "{err}"
        );
        assert_eq!(fs::read(&target).unwrap(), b"keep");
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_plain_name_is_written_in_the_current_folder() {
        // `-o backlog.csv`: the folder is the current one; checked like any other.
        assert!(check_target(Path::new(""), Path::new("no-such-file.csv")).is_ok());
        let err = check_target(Path::new(""), Path::new("/dev/null")).unwrap_err();
        assert!(err.to_string().contains("a character device"), "{err}");
    }
}

//! One run at a time per output folder: `wafr report` and `wafr portfolio` hold an exclusive
//! lock on `DIR/.wafr.lock` while they write into `DIR`, so two runs never leave a mixed set of
//! files. The second run stops at once with a usage error (exit 2) that names the folder.

use std::fs;
use std::path::{Path, PathBuf};

use super::temp;
use crate::error::{Error, Result, display_path};

/// Name of the lock file in an output folder. It is not an output: the manifest never lists
/// it, `wafr verify` does not report it, and it is removed when the run ends.
pub const LOCK_FILE: &str = ".wafr.lock";

/// An exclusive lock on an output folder, held until dropped; dropping it removes the lock
/// file, and the folder itself when the run created it and left it empty.
#[derive(Debug)]
pub(crate) struct OutputLock {
    file: Option<fs::File>,
    path: PathBuf,
    /// The folders this run created for it, deepest first.
    created: Vec<PathBuf>,
}

impl OutputLock {
    /// Creates `dir` when it does not exist and locks it (without waiting): an error that
    /// names the folder when another run holds it. A file system that cannot lock at all is
    /// written without a lock.
    pub(crate) fn acquire(dir: &Path) -> Result<OutputLock> {
        let created: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(LOCK_FILE);
        let mut lock = OutputLock {
            file: None,
            path,
            created,
        };
        // A run that ends removes its lock file: a file opened just before that is no longer
        // the one in the folder, so the lock is taken again on the one that is.
        for _ in 0..3 {
            let file = open(&lock.path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => return Err(busy(dir)),
                Err(fs::TryLockError::Error(_)) => return Ok(lock),
            }
            if same_file(&file, &lock.path) {
                temp::register_lock(&lock.path);
                lock.file = Some(file);
                return Ok(lock);
            }
        }
        Err(busy(dir))
    }
}

fn busy(dir: &Path) -> Error {
    Error::Usage(format!(
        "another wafr run is writing into `{}`; wait for it to finish, or give another --out",
        display_path(dir)
    ))
}

/// Opens (or creates) the lock file, never through a link.
fn open(path: &Path) -> Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path).map_err(|source| {
        if path.is_symlink() {
            Error::Usage(format!(
                "`{}` is a symbolic link; remove it (wafr keeps its lock file there)",
                display_path(path)
            ))
        } else {
            Error::Write {
                path: path.to_owned(),
                source,
            }
        }
    })
}

/// True when `path` still names the open file.
fn same_file(file: &fs::File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        #[cfg(unix)]
        (Ok(a), Ok(b)) => {
            use std::os::unix::fs::MetadataExt;
            (a.dev(), a.ino()) == (b.dev(), b.ino())
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(b)) => b.is_file(),
        _ => false,
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            // Removed while still locked, then unlocked by closing.
            let _ = fs::remove_file(&self.path);
            temp::unregister_lock(&self.path);
            drop(file);
        }
        // Only when empty: a run that failed before writing leaves no folder behind.
        for dir in &self.created {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_folder_fails_and_the_lock_file_goes() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("new/out");
        let first = OutputLock::acquire(&dir).unwrap();
        assert!(dir.join(LOCK_FILE).is_file());
        let err = OutputLock::acquire(&dir).unwrap_err();
        assert!(err.to_string().contains("another wafr run is writing into"));
        drop(first);
        assert!(
            !t.path().join("new").exists(),
            "the folders this run created and left empty are removed"
        );
        let again = OutputLock::acquire(&dir).unwrap();
        fs::write(dir.join("report.pdf"), "x").unwrap();
        drop(again);
        assert!(dir.join("report.pdf").exists() && !dir.join(LOCK_FILE).exists());
    }
}

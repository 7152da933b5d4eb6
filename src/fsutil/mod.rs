//! File-system access that always names the path, enforces size limits and writes atomically.
//!
//! Limits protect against huge or hostile files: nothing is read whole unless it is smaller
//! than the limit of its kind (see [`limits`]). Folders are walked for regular files only
//! ([`walk_dir`]).

mod walk;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, display_path};

pub use walk::{FoundFile, walk_dir};

/// What a file is, for messages: "a named pipe (FIFO)", "a character device" …
pub fn describe(ft: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a folder"
    } else if ft.is_file() {
        "a file"
    } else {
        "a special file"
    }
}

/// Which file or folder a path is, whatever the links that lead to it: its device and inode on
/// Unix, its canonical path elsewhere. Used to read each folder and file once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Identity {
    /// Device and inode.
    Inode(u64, u64),
    /// Canonical path (where there are no inodes).
    Path(PathBuf),
}

impl Identity {
    /// The identity of `real` (a canonical path) with its metadata (links followed).
    pub fn of(real: &Path, meta: &fs::Metadata) -> Identity {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = real;
            Identity::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            Identity::Path(real.to_owned())
        }
    }
}

/// Size limits, documented in the README ("Limits").
pub mod limits {
    /// Largest input review file (JSON, CSV, XLSX, ODS, XLS): 64 MiB.
    pub const INPUT_BYTES: u64 = 64 * 1024 * 1024;
    /// Largest mapping or template file: 8 MiB.
    pub const MAPPING_BYTES: u64 = 8 * 1024 * 1024;
    /// Most files in a mapping or template folder.
    pub const FOLDER_FILES: usize = 500;
    /// Deepest folder nesting walked in a mapping or template folder.
    pub const FOLDER_DEPTH: usize = 8;
}

/// Reads a whole file, refusing files larger than `max` bytes.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let read_err = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = fs::File::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    if meta.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is a folder, not a file",
            display_path(path)
        )));
    }
    if meta.len() > max {
        return Err(Error::data(
            crate::error::Location::path(path),
            "file-too-large",
            format!("file is {} bytes; the limit is {} bytes", meta.len(), max),
        ));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    // `take` also bounds files that grow while being read (or report a wrong size).
    file.take(max + 1).read_to_end(&mut buf).map_err(read_err)?;
    if buf.len() as u64 > max {
        return Err(Error::data(
            crate::error::Location::path(path),
            "file-too-large",
            format!("file is larger than the limit of {max} bytes"),
        ));
    }
    Ok(buf)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that a
/// failed run never leaves a half-written file in place of a good one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?
        .persist(path)
        .map_err(|e| Error::Write {
            path: path.to_owned(),
            source: e.error,
        })?;
    Ok(())
}

/// Writes several files so that none is replaced unless all could be written: each goes to a
/// temporary file next to its target first (written and synced), and only then are they renamed
/// into place, one after the other. A failure before the renames (a full disk, a target that is
/// a folder) leaves every existing file untouched and removes the temporary files.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is a folder; wafr writes a file there: move the folder away",
                display_path(path)
            )));
        }
        staged.push((path, stage(path, bytes)?));
    }
    for (path, tmp) in staged {
        tmp.persist(path).map_err(|e| Error::Write {
            path: path.to_owned(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// A temporary file next to `path` holding `bytes`, written and synced, with the permissions
/// `path` has (or 0644).
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let write_err = |source| Error::Write {
        path: path.to_owned(),
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
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    // Temporary files are private (0600); a report is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0o644);
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(mode)).map_err(write_err)?;
    }
    Ok(tmp)
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Hex SHA-256 of a file's bytes, read as a stream (any size).
pub fn sha256_file(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let read_err = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let mut file = fs::File::open(path).map_err(read_err)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(read_err)?;
    let mut s = String::with_capacity(64);
    for b in hasher.finalize() {
        s.push_str(&format!("{b:02x}"));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_only_when_complete() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn read_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        fs::write(&p, vec![b'x'; 100]).unwrap();
        assert!(read_limited(&p, 100).is_ok());
        let err = read_limited(&p, 99).unwrap_err();
        assert_eq!(err.exit_code(), 1);
    }

    #[test]
    fn sha256_known() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

//! File-system access that always names the path, enforces size limits and writes atomically.
//!
//! Limits protect against huge or hostile files: nothing is read whole unless it is smaller
//! than the limit of its kind (see [`limits`]). Folders are walked for regular files only
//! ([`walk_dir`]); outputs are written through temporary files that a signal or the next run
//! cleans up ([`Staged`], [`temp`]), only as regular files and never through a link, into an
//! output folder one run at a time ([`OutputLock`]).

mod lock;
pub(crate) mod temp;
mod walk;
mod write;

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result, display_path};

pub use lock::LOCK_FILE;
pub(crate) use lock::OutputLock;
pub(crate) use walk::walk_dir;
pub(crate) use write::{Staged, check_folder, write_all_atomic, write_atomic};

/// What a file is, for messages: "a named pipe (FIFO)", "a character device" …
pub(crate) fn describe(ft: fs::FileType) -> &'static str {
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
pub(crate) enum Identity {
    /// Device and inode.
    Inode(u64, u64),
    /// Canonical path (where there are no inodes).
    #[cfg(not(unix))]
    Path(std::path::PathBuf),
}

impl Identity {
    /// The identity of `real` (a canonical path) with its metadata (links followed).
    pub(crate) fn of(real: &Path, meta: &fs::Metadata) -> Identity {
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
pub(crate) fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
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
pub(crate) fn sha256_file(path: &Path) -> Result<String> {
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

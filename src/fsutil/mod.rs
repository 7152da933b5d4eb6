//! File-system access that always names the path, enforces size limits and writes atomically.
//!
//! Limits protect against huge or hostile files: nothing is read whole unless it is smaller
//! than the limit of its kind (see [`limits`]). Folders are walked for regular files only
//! ([`walk_dir`]); outputs are written through temporary files that a signal or the next run
//! cleans up ([`Staged`], [`temp`]), only as regular files and never through a link, into an
//! output folder one run at a time ([`OutputLock`]).

mod kind;
pub mod limits;
mod lock;
pub(crate) mod temp;
mod walk;
mod write;

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result, display_path};

pub(crate) use kind::{Identity, describe};
pub use lock::LOCK_FILE;
pub(crate) use lock::OutputLock;
// Public for the folder_walk fuzz target.
pub use walk::{FoundFile, walk_dir};
pub(crate) use write::{Staged, check_folder, write_all_atomic, write_atomic};

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

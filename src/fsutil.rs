//! File-system access that always names the path, enforces size limits and writes atomically.
//!
//! Limits protect against huge or hostile files: nothing is read whole unless it is smaller
//! than the limit of its kind (see [`limits`]).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, display_path};

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
/// outside it.
pub fn walk_dir(dir: &Path, exts: &[&str]) -> Result<Vec<FoundFile>> {
    let root = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder",
            display_path(dir)
        )));
    }
    let mut out = Vec::new();
    walk(&root, &root, dir, exts, 0, &mut out)?;
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn walk(
    root: &Path,
    cur: &Path,
    shown: &Path,
    exts: &[&str],
    depth: usize,
    out: &mut Vec<FoundFile>,
) -> Result<()> {
    if depth > limits::FOLDER_DEPTH {
        return Err(Error::Usage(format!(
            "`{}` is nested deeper than {} folders",
            display_path(shown),
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
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel_path = path.strip_prefix(root).unwrap_or(&path);
        let shown_path = shown.join(rel_path);
        let real = path.canonicalize().map_err(|source| Error::Read {
            path: shown_path.clone(),
            source,
        })?;
        if !real.starts_with(root) {
            return Err(Error::Usage(format!(
                "`{}` is a link to a file outside the folder; links must stay inside it",
                display_path(&shown_path)
            )));
        }
        if real.is_dir() {
            walk(root, &real, shown, exts, depth + 1, out)?;
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !exts.is_empty() && !exts.contains(&ext.as_str()) {
            continue;
        }
        if out.len() >= limits::FOLDER_FILES {
            return Err(Error::Usage(format!(
                "`{}` holds more than {} files",
                display_path(shown),
                limits::FOLDER_FILES
            )));
        }
        let rel = rel_path.to_string_lossy().replace('\\', "/");
        out.push(FoundFile { rel, path: real });
    }
    Ok(())
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

    #[cfg(unix)]
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
    fn sha256_known() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

//! What a file is: a phrase for messages ([`describe`]) and an identity that survives links
//! ([`Identity`]). A leaf: the other files of `fsutil` use it, it uses none of them.

use std::fs;
use std::path::Path;

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

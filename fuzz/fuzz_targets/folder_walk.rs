//! The folder walks (issue 17): a fuzzed description of a folder tree — folders, files, links
//! to anywhere (`.`, `..`, `/etc`, each other, missing targets) and named pipes — is built in a
//! fresh temporary folder, then read as a portfolio folder (`pipeline::discover`) and as a
//! template folder (`fsutil::walk_dir`). Neither may hang (a FIFO read, a link loop walked
//! without end: libFuzzer's 20 s timeout), panic, read outside the folder, or count a file
//! twice.
#![no_main]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

/// Names the tree is made of: few, so that paths collide and links meet folders.
const NAMES: &[&str] = &["a", "b", "c.json", "d.csv", "e.typ", "..", "."];
/// Where a link may point.
const TARGETS: &[&str] = &[
    ".", "..", "../..", "a", "b", "a/b", "c.json", "/etc", "/etc/passwd", "/dev/zero", "missing",
    "../a", "a/../..",
];

/// A path of up to three names under `root`, from the next bytes.
fn path(root: &Path, bytes: &mut impl Iterator<Item = u8>) -> PathBuf {
    let depth = bytes.next().unwrap_or(0) % 3 + 1;
    let mut p = root.to_path_buf();
    for _ in 0..depth {
        let n = NAMES[bytes.next().unwrap_or(0) as usize % NAMES.len()];
        p.push(n);
    }
    p
}

/// True when `p` or a folder between `root` and it is a link.
fn through_link(root: &Path, p: &Path) -> bool {
    p.ancestors()
        .take_while(|a| *a != root)
        .any(|a| std::fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()))
}

fn build(root: &Path, data: &[u8]) {
    let mut bytes = data.iter().copied();
    // At most 24 operations: enough for loops and nests, small enough to stay fast.
    for _ in 0..24 {
        let Some(op) = bytes.next() else { break };
        let p = path(root, &mut bytes);
        // Never write outside the temporary folder: `..` in a path is only for links' targets,
        // and nothing is made through a link (one may point at /etc).
        if !p.starts_with(root)
            || p.components().any(|c| c.as_os_str() == "..")
            || through_link(root, &p)
        {
            continue;
        }
        let _ = std::fs::create_dir_all(p.parent().unwrap_or(root));
        match op % 4 {
            0 => {
                let _ = std::fs::create_dir_all(&p);
            }
            1 => {
                let body: &[u8] = match bytes.next().unwrap_or(0) % 3 {
                    0 => br#"{"schema":"wafr/review/1","workload":{"name":"w"},"answers":[]}"#,
                    1 => b"BP ID,Status\nSEC01-BP01,Implemented\n",
                    _ => b"#let x = 1",
                };
                // Through a link this would write outside: only where nothing exists yet.
                if std::fs::symlink_metadata(&p).is_err() {
                    let _ = std::fs::write(&p, body);
                }
            }
            2 => {
                let t = TARGETS[bytes.next().unwrap_or(0) as usize % TARGETS.len()];
                let _ = std::os::unix::fs::symlink(t, &p);
            }
            _ => {
                if std::fs::symlink_metadata(&p).is_err() {
                    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
                    // SAFETY: a valid C string; mkfifo only creates a file.
                    unsafe { libc_mkfifo(c.as_ptr(), 0o600) };
                }
            }
        }
    }
}

unsafe extern "C" {
    #[link_name = "mkfifo"]
    fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("root");
    std::fs::create_dir(&root).expect("the root");
    build(&root, data);
    let real_root = root.canonicalize().expect("the root resolves");

    if let Ok(found) = wafr::pipeline::discover::discover(&[root.clone()], None) {
        let mut seen = BTreeSet::new();
        for w in &found.workloads {
            for f in &w.files {
                let real = f.canonicalize().expect("a found file resolves");
                assert!(real.starts_with(&real_root), "read outside: {real:?}");
                assert!(seen.insert(real.clone()), "counted twice: {real:?}");
                let meta = std::fs::metadata(&real).expect("a found file is there");
                assert!(meta.is_file(), "not a regular file: {real:?}");
            }
        }
    }
    if let Ok(files) = wafr::fsutil::walk_dir(&root, &[]) {
        for f in &files {
            let real = f.path.canonicalize().expect("a walked file resolves");
            assert!(real.starts_with(&real_root), "walked outside: {real:?}");
            assert!(std::fs::metadata(&real).expect("there").is_file());
        }
    }
});

//! wafr's temporary files: every output is written to `.<name>.XXXXXX.tmp` next to its target
//! first, then renamed into place. While one exists its path is in a registry, so that
//! SIGINT, SIGTERM or SIGHUP removes them all (and the output folder's lock file) before wafr
//! exits with 128 + the signal's number ([`install_signal_cleanup`]); a run killed outright
//! (SIGKILL, a power cut) leaves them behind, and the next run into the same folder removes
//! the ones of its own names ([`remove_stale`]).

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Random characters in a temporary file's name (`.report.pdf.a1B2c3.tmp`).
const RANDOM_CHARS: usize = 6;
/// End of a temporary file's name.
const SUFFIX: &str = ".tmp";

/// What a signal must remove: the temporary files that exist now, and the lock files held.
#[derive(Default)]
struct Live {
    temps: BTreeSet<PathBuf>,
    locks: BTreeSet<PathBuf>,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    temps: BTreeSet::new(),
    locks: BTreeSet::new(),
});

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file of wafr's, registered while it exists: removed when dropped, unless it was
/// renamed into place ([`Temp::persist`]).
#[derive(Debug)]
pub(crate) struct Temp {
    path: Option<tempfile::TempPath>,
}

impl Temp {
    /// Creates `.<name>.XXXXXX.tmp` in `dir` and registers it. The registry stays locked while
    /// the file is created, so a signal handler never misses a file that exists.
    pub(crate) fn create(dir: &Path, name: &str) -> io::Result<(fs::File, Temp)> {
        let mut live = live();
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(SUFFIX)
            .rand_bytes(RANDOM_CHARS)
            .tempfile_in(dir)?;
        let (file, path) = tmp.into_parts();
        live.temps.insert(path.to_path_buf());
        Ok((file, Temp { path: Some(path) }))
    }

    /// Where the file is.
    pub(crate) fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Renames the file to `to` (replacing what is there; a link there is replaced itself,
    /// never followed) and forgets it. On failure the file is removed.
    pub(crate) fn persist(mut self, to: &Path) -> io::Result<()> {
        let mut live = live();
        let Some(path) = self.path.take() else {
            return Ok(());
        };
        live.temps.remove(&path.to_path_buf());
        path.persist(to).map_err(|e| e.error)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let mut live = live();
            live.temps.remove(&path.to_path_buf());
            // Dropping the TempPath removes the file, under the lock.
            drop(path);
        }
    }
}

/// Registers a lock file a signal must remove (see [`super::OutputLock`]).
pub(crate) fn register_lock(path: &Path) {
    live().locks.insert(path.to_owned());
}

/// Forgets a lock file (released as usual).
pub(crate) fn unregister_lock(path: &Path) {
    live().locks.remove(path);
}

/// Removes every registered temporary and lock file and returns the registry, still locked:
/// nothing can create another one until the process exits.
#[cfg_attr(not(unix), allow(dead_code))]
fn remove_all() -> MutexGuard<'static, Live> {
    let live = live();
    for p in live.temps.iter().chain(&live.locks) {
        let _ = fs::remove_file(p);
    }
    live
}

/// Installs the handler of SIGINT, SIGTERM and SIGHUP: a thread that, on the first of them,
/// removes the temporary files and lock files of the run and exits with 128 + the signal's
/// number (130, 143, 129), as a shell reports a process the signal ended. Does nothing where
/// there are no such signals, or when the handler cannot be installed (the next run then
/// removes what is left).
pub(crate) fn install_signal_cleanup() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // Registered on the thread that waits for them, which says when it is ready: if it
        // cannot start, the signals keep their default action.
        let (ready, wait) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("wafr-signals".into())
            .spawn(move || {
                let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]);
                let _ = ready.send(());
                if let Ok(mut signals) = signals
                    && let Some(sig) = signals.forever().next()
                {
                    let _held = remove_all();
                    std::process::exit(128 + sig);
                }
            });
        if spawned.is_ok() {
            let _ = wait.recv();
        }
    }
}

/// True when `file_name` is a temporary file wafr made for one of `names`:
/// `.<name>.` + six letters or digits + `.tmp`, exactly.
pub(crate) fn is_temp_of(file_name: &str, names: &[&str]) -> bool {
    let Some(rest) = file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_suffix(SUFFIX))
    else {
        return false;
    };
    let Some((name, random)) = rest.rsplit_once('.') else {
        return false;
    };
    random.len() == RANDOM_CHARS
        && random.bytes().all(|b| b.is_ascii_alphanumeric())
        && names.contains(&name)
}

/// Removes the temporary files a killed run left in `dir` for the outputs `names` (only
/// regular files of exactly wafr's pattern, [`is_temp_of`]); returns how many. Call it only
/// while holding the folder's [`super::OutputLock`], so that no other run's files are touched.
pub(crate) fn remove_stale(dir: &Path, names: &[&str]) -> usize {
    let Ok(rd) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for e in rd.flatten() {
        let is_file = e.file_type().is_ok_and(|t| t.is_file());
        if is_file
            && is_temp_of(&e.file_name().to_string_lossy(), names)
            && fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_pattern_is_stale() {
        let names = ["report.pdf", "assessment.json"];
        assert!(is_temp_of(".report.pdf.a1B2c3.tmp", &names));
        assert!(is_temp_of(".assessment.json.zzzzzz.tmp", &names));
        for other in [
            ".report.pdf.a1B2c.tmp",
            ".report.pdf.a1B2c34.tmp",
            ".report.pdf.a1-2c3.tmp",
            ".notes.txt.a1B2c3.tmp",
            "report.pdf.a1B2c3.tmp",
            ".report.pdf.a1B2c3.tmpx",
            ".report.pdf.tmp",
        ] {
            assert!(!is_temp_of(other, &names), "{other}");
        }
    }

    #[test]
    fn temp_files_are_registered_until_persisted_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (_, t) = Temp::create(dir.path(), "a.json").unwrap();
        let p = t.path().to_owned();
        assert!(live().temps.contains(&p));
        drop(t);
        assert!(!p.exists() && !live().temps.contains(&p));
        let (_, t) = Temp::create(dir.path(), "b.json").unwrap();
        let p = t.path().to_owned();
        t.persist(&dir.path().join("b.json")).unwrap();
        assert!(!live().temps.contains(&p) && dir.path().join("b.json").is_file());
        fs::write(dir.path().join(".a.json.abc123.tmp"), "x").unwrap();
        fs::write(dir.path().join(".c.json.abc123.tmp"), "x").unwrap();
        assert_eq!(remove_stale(dir.path(), &["a.json", "b.json"]), 1);
        assert!(dir.path().join(".c.json.abc123.tmp").exists());
    }
}

//! Noticing changes to the files of a knowledge base, for `annals watch` and `annals
//! serve`: a recursive file-system watch on the KB directory that reports, debounced,
//! the `*.ron` files created, changed or removed, and ignores annals' own lock,
//! journal and temporary files and any output file given.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the files must stay quiet before a change is reported: an editor's save
/// (write, rename, chmod) or an annals edit across files is then reported once.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// How often a wait looks at its stop flag.
const POLL: Duration = Duration::from_millis(100);

/// A watch on the files of one KB directory.
pub struct KbWatcher {
    // Kept alive: dropping it ends the watch.
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    ignored: Vec<PathBuf>,
}

/// Returns `path` absolute and with its directories resolved (the file itself may not
/// exist), so that paths from the watch and from the command line compare equal.
fn normal(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| absolute.clone(), |dir| dir.join(name)),
        _ => absolute,
    }
}

/// Returns true for a file that is part of a KB: a `*.ron` file that is not one of
/// annals' temporary files.
pub fn is_kb_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.extension().is_some_and(|e| e == "ron")
        && !crate::edit::journal::is_temp_name(&name)
        && !name.starts_with(".annals")
}

impl KbWatcher {
    /// Starts watching the directory `root` and everything under it; changes to the
    /// files `ignored` (an output file inside the KB) are never reported.
    pub fn new(root: &Path, ignored: &[PathBuf]) -> Result<KbWatcher, String> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        Ok(KbWatcher {
            _watcher: watcher,
            events,
            ignored: ignored.iter().map(|p| normal(p)).collect(),
        })
    }

    /// Returns the KB files an event names, if it is a change.
    fn changed(&self, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
        let Ok(event) = event else {
            return Vec::new();
        };
        if !matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
        ) {
            return Vec::new();
        }
        event
            .paths
            .into_iter()
            .filter(|p| is_kb_file(p))
            .filter(|p| !self.ignored.contains(&normal(p)))
            .collect()
    }

    /// Waits until a file of the KB changes and then until the files have been quiet
    /// for [`DEBOUNCE`]; returns the files changed, sorted, or `None` once `stop` is set
    /// (or the watch ended).
    pub fn next_change(&self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while changed.is_empty() {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            match self.events.recv_timeout(POLL) {
                Ok(event) => changed.extend(self.changed(event)),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        loop {
            match self.events.recv_timeout(DEBOUNCE) {
                Ok(event) => changed.extend(self.changed(event)),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ron_files_that_annals_did_not_make_for_itself_count() {
        assert!(is_kb_file(Path::new("kb/events/2021.ron")));
        assert!(!is_kb_file(Path::new("kb/.annals.lock")));
        assert!(!is_kb_file(Path::new("kb/.annals.journal")));
        assert!(!is_kb_file(Path::new("kb/.a.ron.annals-12.tmp")));
        assert!(!is_kb_file(Path::new("kb/out.svg")));
        assert!(!is_kb_file(Path::new("kb/.a.ron.swp")));
    }
}

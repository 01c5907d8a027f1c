//! Helpers shared by the suites: the real `annals` binary, paths, temporary KBs.
//! New tests use the `Test` builder of `test.rs`, which pins output exactly.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Returns the repository root (the package directory).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Returns the cache directory every test run of `annals` uses (SPEC §8), inside
/// cargo's target directory, so that tests neither read nor fill the user's cache.
pub fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("annals-cache")
}

/// Returns a command running the real `annals` binary from the repository root, with
/// colour off and no KB directory inherited from the environment.
pub fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").expect("the annals binary is built");
    cmd.current_dir(repo())
        .env_remove("ANNALS_DATA")
        .env_remove("COLUMNS")
        .env("ANNALS_CACHE_DIR", cache_dir())
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `annals` with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    annals().args(args).output().expect("annals runs")
}

/// Returns stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Returns stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Writes `files` (relative path, text) into a fresh temporary KB directory.
pub fn temp_kb(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (relative, text) in files {
        let path = dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("directory created");
        }
        std::fs::write(path, text).expect("fixture written");
    }
    dir
}

/// Returns the files of a synthetic KB as the loader takes texts: path, relative path
/// and bytes.
pub fn synth_texts(spec: annals::synth::SynthSpec) -> Vec<(PathBuf, String, Vec<u8>)> {
    annals::synth::generate(spec)
        .into_iter()
        .map(|(name, text)| (PathBuf::from(&name), name, text.into_bytes()))
        .collect()
}

/// Writes a synthetic KB into a temporary directory.
pub fn synth_kb(spec: annals::synth::SynthSpec) -> tempfile::TempDir {
    let files = annals::synth::generate(spec);
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    temp_kb(&files)
}

/// Returns a `std::process::Command` for the real binary (for spawning and killing).
pub fn annals_process() -> std::process::Command {
    #[allow(deprecated)]
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("annals"));
    cmd.current_dir(repo())
        .env_remove("ANNALS_DATA")
        .env("ANNALS_CACHE_DIR", cache_dir())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}

/// Returns every file under `dir` but the lock, by path relative to `dir` (a link as
/// its target), so that tests can tell that nothing changed.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("directory") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("meta");
            if meta.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != ".annals.lock") {
                let relative = path.strip_prefix(dir).expect("inside");
                let bytes = if meta.file_type().is_symlink() {
                    std::fs::read_link(&path)
                        .expect("link")
                        .into_os_string()
                        .into_encoded_bytes()
                } else {
                    std::fs::read(&path).expect("read")
                };
                out.insert(relative.to_string_lossy().into_owned(), bytes);
            }
        }
    }
    out
}

/// Runs each refused request of `cases` (its arguments, the lines of its diagnostic)
/// with the KB at `dir/kb` and checks its whole stderr, exit status 1, and that no
/// file under `dir/kb` changed.
pub fn assert_all_refused(dir: &Path, cases: &[(&[&str], &[&str])]) {
    let kb = dir.join("kb");
    let before = snapshot(&kb);
    for (args, lines) in cases {
        crate::suite::test::Test::new()
            .current_dir(dir)
            .data("kb")
            .args(*args)
            .stderr(format!("{}\n\n", lines.join("\n")))
            .status(1)
            .run();
        assert_eq!(snapshot(&kb), before, "{args:?} changed a file");
    }
}

/// Returns every file ending in `.EXT` under the directories `roots` (recursively, links
/// to directories not followed), sorted by path.
pub fn files_with_extension(roots: &[PathBuf], ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = roots.to_vec();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

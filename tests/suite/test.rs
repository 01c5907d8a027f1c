//! The one way the suites run the real binary and pin what it prints: the `Test` builder.
//!
//! A `Test` runs `annals` from the repository root with `NO_COLOR=1`, no `COLUMNS` and
//! no inherited `ANNALS_DATA`, and compares stdout, stderr and the exit status EXACTLY.
//! What a test does not specify is expected to be nothing: empty stdout, empty stderr,
//! status 0.
//!
//! ```text
//! Test::new().data("tests/fixtures/valid/bce").args(["timeline", "--format", "csv"])
//!     .stdout("id,date,…\n")
//!     .run();
//! ```
//!
//! Golden files. `.golden("dir/name")` compares the whole result with files under
//! `tests/golden/`:
//!
//! - `dir/name.stdout`: stdout; always present (an empty file for empty stdout). A
//!   missing `.stdout` file is a failure, never read as empty.
//! - `dir/name.stderr`: stderr; present exactly when stderr is not empty.
//! - `dir/name.status`: the exit code and a newline; present exactly when it is not 0.
//!
//! `ANNALS_BLESS=1 cargo test` rewrites every golden file of the suite (this builder's
//! and the edited-file trees of `editing.rs`, `tests/fixtures/edit/*/after/`) from what
//! the binary prints now, removing `.stderr` and `.status` files that no longer apply.
//! It is the only bless variable; review the diff before committing.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The environment variable that rewrites golden files instead of comparing them.
pub const BLESS: &str = "ANNALS_BLESS";

/// Returns true when this run rewrites golden files (`ANNALS_BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os(BLESS).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Returns the directory of the golden files, `tests/golden/`.
pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Returns the path of the `annals` debug binary that cargo built for the tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annals"))
}

/// Returns a unified diff of `expected` → `actual`, for failure messages.
pub fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

fn write_file(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("golden directory created");
    }
    std::fs::write(path, text).expect("golden file written");
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Output {
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
    /// The exit code.
    pub status: i32,
}

/// One run of the binary and what it must print.
#[must_use]
pub struct Test {
    args: Vec<OsString>,
    current_dir: PathBuf,
    data: Option<OsString>,
    env: BTreeMap<OsString, Option<OsString>>,
    stdin: Vec<u8>,
    stdout: Option<String>,
    stderr: String,
    status: i32,
    golden: Option<String>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    /// Returns a test of `annals` with no arguments that expects no output and status 0.
    pub fn new() -> Self {
        Test {
            args: Vec::new(),
            current_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            data: None,
            env: BTreeMap::new(),
            stdin: Vec::new(),
            stdout: Some(String::new()),
            stderr: String::new(),
            status: 0,
            golden: None,
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Reads the KB in `dir` (`--data DIR` before the other arguments).
    pub fn data(mut self, dir: impl AsRef<OsStr>) -> Self {
        self.data = Some(dir.as_ref().to_owned());
        self
    }

    /// Sets an environment variable for the run.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .insert(key.as_ref().to_owned(), Some(value.as_ref().to_owned()));
        self
    }

    /// Removes an environment variable for the run.
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.env.insert(key.as_ref().to_owned(), None);
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.current_dir = dir.as_ref().to_owned();
        self
    }

    /// Feeds `text` on standard input.
    pub fn stdin(mut self, text: impl AsRef<[u8]>) -> Self {
        self.stdin = text.as_ref().to_owned();
        self
    }

    /// Expects exactly this stdout.
    pub fn stdout(mut self, expected: impl Into<String>) -> Self {
        self.stdout = Some(expected.into());
        self
    }

    /// Expects exactly this stderr.
    pub fn stderr(mut self, expected: impl Into<String>) -> Self {
        self.stderr = expected.into();
        self
    }

    /// Expects this exit code.
    pub fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// Compares stdout, stderr and status with the golden files `tests/golden/NAME.*`.
    pub fn golden(mut self, name: impl Into<String>) -> Self {
        self.golden = Some(name.into());
        self
    }

    /// Returns the command line, for messages.
    fn describe(&self) -> String {
        let mut words = vec!["annals".to_string()];
        if let Some(data) = &self.data {
            words.push("--data".into());
            words.push(data.to_string_lossy().into_owned());
        }
        words.extend(self.args.iter().map(|a| a.to_string_lossy().into_owned()));
        words.join(" ")
    }

    /// Runs the binary and returns what it printed, checking nothing.
    pub fn execute(&self) -> Output {
        let mut command = Command::new(binary());
        command
            .current_dir(&self.current_dir)
            .env_remove("ANNALS_DATA")
            .env_remove("COLUMNS")
            .env("ANNALS_CACHE_DIR", crate::suite::common::cache_dir())
            .env("NO_COLOR", "1");
        for (key, value) in &self.env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        if let Some(data) = &self.data {
            command.arg("--data").arg(data);
        }
        command
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("annals starts");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let input = self.stdin.clone();
        let feeder = std::thread::spawn(move || {
            // The binary may exit without reading its input; that is not our failure.
            let _ = stdin.write_all(&input);
        });
        let output = child.wait_with_output().expect("annals runs");
        feeder.join().expect("stdin written");
        Output {
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            status: output
                .status
                .code()
                .unwrap_or_else(|| panic!("{} was killed: {}", self.describe(), output.status)),
        }
    }

    /// Runs the binary and checks stderr and status, but not stdout, which it returns
    /// (for tests that parse it).
    pub fn stdout_text(mut self) -> String {
        self.stdout = None;
        self.run().stdout
    }

    /// Runs the binary and panics with a diff unless it printed exactly what is expected.
    pub fn run(self) -> Output {
        self.check().unwrap_or_else(|message| panic!("{message}"))
    }

    /// Runs the binary and returns what it printed, or, unless it printed exactly what
    /// is expected, a message naming the command with a diff of each difference.
    pub fn check(self) -> Result<Output, String> {
        let output = self.execute();
        let command = self.describe();
        if let Some(name) = &self.golden {
            return self.check_golden(name, &command, &output).map(|()| output);
        }
        let mut failures = Vec::new();
        if let Some(expected) = &self.stdout
            && *expected != output.stdout
        {
            failures.push(format!(
                "stdout differs:\n{}",
                diff(expected, &output.stdout)
            ));
        }
        if self.stderr != output.stderr {
            failures.push(format!(
                "stderr differs:\n{}",
                diff(&self.stderr, &output.stderr)
            ));
        }
        if self.status != output.status {
            failures.push(format!(
                "exit status {}, expected {}",
                output.status, self.status
            ));
        }
        if failures.is_empty() {
            Ok(output)
        } else {
            Err(format!("{command}\n{}", failures.join("\n")))
        }
    }

    fn check_golden(&self, name: &str, command: &str, output: &Output) -> Result<(), String> {
        assert!(
            self.stdout == Some(String::new()) && self.stderr.is_empty() && self.status == 0,
            "{command}: a golden test takes no other expectation"
        );
        let base = golden_dir().join(name);
        let file = |extension: &str| {
            let mut path = base.clone().into_os_string();
            path.push(".");
            path.push(extension);
            PathBuf::from(path)
        };
        let status = if output.status == 0 {
            String::new()
        } else {
            format!("{}\n", output.status)
        };
        let parts = [
            ("stdout", &output.stdout),
            ("stderr", &output.stderr),
            ("status", &status),
        ];
        if blessing() {
            for (extension, actual) in parts {
                let path = file(extension);
                if actual.is_empty() && extension != "stdout" {
                    if path.exists() {
                        std::fs::remove_file(&path).expect("stale golden file removed");
                    }
                } else {
                    write_file(&path, actual);
                }
            }
            return Ok(());
        }
        let mut failures = Vec::new();
        for (extension, actual) in parts {
            let path = file(extension);
            let expected = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(_) if extension != "stdout" => String::new(),
                Err(_) => {
                    failures.push(format!(
                        "missing golden file {} (run with {BLESS}=1 to create it)",
                        path.display()
                    ));
                    continue;
                }
            };
            if expected != *actual {
                failures.push(format!(
                    "{extension} differs from {}:\n{}",
                    path.display(),
                    diff(&expected, actual)
                ));
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{command}\n{}\n({BLESS}=1 rewrites the golden files)",
                failures.join("\n")
            ))
        }
    }
}

#[test]
fn the_builder_compares_everything_exactly() {
    Test::new()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"))
        .env("ANNALS_DATA", "bce")
        .stdin("stdin is not read")
        .arg("check")
        .stderr("bce in 1 file: 3 actors, 1 place, 1 source, 5 events, 1 relation\nok\n")
        .run();
    let unexpected_stdout = Test::new().arg("--version").check();
    assert!(unexpected_stdout.is_err(), "unexpected stdout passed");
    let wrong_status = std::panic::catch_unwind(|| {
        Test::new()
            .env("ANNALS_DATA", "tests/fixtures/valid/bce")
            .env_remove("ANNALS_DATA")
            .args(["show", "ides"])
            .status(1)
            .stdout_text()
    });
    assert!(wrong_status.is_err(), "a wrong status passed");
}

#[test]
fn a_missing_golden_file_is_a_failure() {
    if blessing() {
        // Blessing would create the file this test needs to be missing.
        return;
    }
    let message = Test::new()
        .arg("--version")
        .golden("no-such-directory/no-such-case")
        .check()
        .expect_err("a missing golden file passed");
    assert!(message.contains("missing golden file"), "{message}");
}

//! `annals init [DIR] [--title T]`: starts a knowledge base, written through the same
//! lock and journal as every edit.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use crate::cli::edit::report;
use crate::cli::{Ctx, Failed, Outcome};
use crate::edit::{self, EditError};

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to create [default: the `--data` directory].
    pub dir: Option<PathBuf>,
    /// The title of the knowledge base.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

/// Runs `annals init`.
pub fn cmd_init(ctx: &Ctx, a: &InitArgs) -> Outcome {
    let dir = a.dir.as_ref().unwrap_or(&ctx.global.data);
    let io_error = |what: &str, err: io::Error| {
        report(
            ctx,
            EditError::Io(format!("cannot {what} `{}`: {err}", dir.display())),
        )
    };
    if dir.exists() && !dir.is_dir() {
        return Err(report(
            ctx,
            EditError::refused(
                format!("`{}` exists and is not a directory", dir.display()),
                Some("give `annals init` a new or empty directory".into()),
            ),
        ));
    }
    // Checked before anything is created (a refusal leaves no lock behind), and again
    // under the lock, in case another writer started a KB there meanwhile.
    let existing = || -> Result<Vec<String>, Failed> {
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        Ok(crate::load::find_files(dir)
            .map_err(|e| report(ctx, EditError::Io(e.to_string())))?
            .into_iter()
            .map(|(_, relative)| relative)
            .collect())
    };
    let title = a.title.as_deref();
    edit::init::init(dir, &existing()?, title).map_err(|e| report(ctx, e))?;
    std::fs::create_dir_all(dir).map_err(|e| io_error("create", e))?;
    let lock = edit::lock(dir).map_err(|e| report(ctx, e))?;
    let changes = edit::init::init(dir, &existing()?, title).map_err(|e| report(ctx, e))?;
    edit::commit(&changes, &lock).map_err(|e| report(ctx, e))?;
    if !ctx.global.quiet {
        let line = format!(
            "started a knowledge base in `{}` ({})",
            dir.display(),
            edit::init::FILE
        );
        let _ = writeln!(io::stderr().lock(), "{}", crate::diag::safe_text(&line));
    }
    Ok::<(), Failed>(())
}

//! `annals fmt [--check]`: lays out every file of the KB canonically, all at once or
//! not at all, or lists the files that are not laid out so.

use std::io::{self, Write};

use clap::Args;

use crate::cli::edit::report;
use crate::cli::{Ctx, Failed, Outcome, plural, print};
use crate::edit::{self, canonical};

/// Arguments of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing: list the files not in the canonical layout, and exit 1 if any.
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Print the diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `annals fmt`.
pub fn cmd_fmt(ctx: &Ctx, a: &FmtArgs) -> Outcome {
    let lock = if a.check || a.dry_run {
        None
    } else {
        Some(edit::lock(&ctx.global.data).map_err(|e| report(ctx, e))?)
    };
    let (kb, _) = ctx.load_clean_allowing_empty(false, lock.is_some())?;
    let changes = canonical::fmt(&kb).map_err(|e| report(ctx, e))?;
    let note = |line: &str| {
        if !ctx.global.quiet {
            let _ = writeln!(io::stderr().lock(), "{}", crate::diag::safe_text(line));
        }
    };
    if a.check {
        if changes.is_empty() {
            return Ok(());
        }
        let list: String = changes
            .iter()
            .map(|c| {
                format!(
                    "{}\n",
                    crate::diag::safe_text(&c.path.display().to_string())
                )
            })
            .collect();
        print(&list)?;
        note(&format!(
            "{} not in the canonical layout (run `annals fmt`)",
            plural(changes.len(), "file")
        ));
        return Err(Failed(1));
    }
    edit::verify(&kb, &changes).map_err(|e| report(ctx, e))?;
    match &lock {
        None => print(&edit::diff(&changes)),
        Some(_) if changes.is_empty() => {
            note(&format!(
                "{} already in the canonical layout",
                plural(kb.files().len(), "file")
            ));
            Ok(())
        }
        Some(lock) => {
            edit::commit(&changes, lock).map_err(|e| report(ctx, e))?;
            let files: Vec<&str> = changes.iter().map(|c| c.relative.as_str()).collect();
            note(&format!(
                "formatted {} ({})",
                plural(changes.len(), "file"),
                files.join(", ")
            ));
            Ok(())
        }
    }
}

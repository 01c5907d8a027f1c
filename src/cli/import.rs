//! `annals import`: reads another tool's export and writes it into the KB as one
//! checked, all-or-nothing edit.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use crate::cli::edit::{WriteArgs, apply};
use crate::cli::{Ctx, Outcome};
use crate::edit::EditError;
use crate::import::{self, acled, timelinejs};

/// What a TimelineJS group becomes (`--group-as`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum GroupAsArg {
    /// A tag of the event.
    #[default]
    Tag,
    /// An actor taking part in the event.
    Actor,
}

/// The formats `annals import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A TimelineJS timeline: the Google Sheets template as CSV, or TimelineJS JSON.
    Timelinejs {
        /// The CSV or JSON file.
        input: PathBuf,
        /// What each slide's group becomes.
        #[arg(long, value_enum, default_value_t = GroupAsArg::Tag)]
        group_as: GroupAsArg,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// An ACLED export (CSV with ACLED's columns).
    Acled {
        /// The CSV file.
        input: PathBuf,
        #[command(flatten)]
        write: WriteArgs,
    },
}

/// Opens `input` for reading as a stream (a 200 MB export is never held whole), or says
/// why it cannot.
fn open_input(input: &Path) -> Result<(String, BufReader<File>), EditError> {
    let file = File::open(input)
        .map_err(|e| EditError::Io(format!("cannot read `{}`: {e}", input.display())))?;
    let origin = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((origin, BufReader::with_capacity(1 << 16, file)))
}

/// Runs `annals import …`.
pub fn cmd_import(ctx: &Ctx, command: &ImportCommand) -> Outcome {
    match command {
        ImportCommand::Timelinejs {
            input,
            group_as,
            write,
        } => {
            let group_as = match group_as {
                GroupAsArg::Tag => timelinejs::GroupAs::Tag,
                GroupAsArg::Actor => timelinejs::GroupAs::Actor,
            };
            run(ctx, "timelinejs", input, write, |origin, reader, source| {
                timelinejs::read(origin, reader, group_as, source)
            })
        }
        ImportCommand::Acled { input, write } => run(ctx, "acled", input, write, acled::read),
    }
}

/// Reads `input` with `read` and writes what it made as one checked edit.
fn run(
    ctx: &Ctx,
    format: &str,
    input: &Path,
    write: &WriteArgs,
    read: impl FnOnce(&str, BufReader<File>, &str) -> Result<import::Import, EditError>,
) -> Outcome {
    let name = input.file_name().unwrap_or(input.as_os_str());
    let done = format!("imported `{}`", name.to_string_lossy());
    apply(ctx, write.dry_run, &done, |kb| {
        let (origin, reader) = open_input(input)?;
        let target = import::Target::new(kb, format, write.file.as_deref())?;
        let made = read(&origin, reader, &target.source_id())?;
        import::plan(kb, &made, target)
    })
}

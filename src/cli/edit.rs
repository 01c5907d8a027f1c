//! The writing commands: `add`, `link`, `set`, `rm`, `rename`, each checked in memory
//! before anything is written, with `--dry-run` printing the diff instead.

use std::io::{self, Write};

use clap::{Args, Subcommand};

use crate::cli::{Ctx, Failed, Outcome, print};
use crate::diag::Diagnostic;
use crate::edit::{self, EditError, FileChange};
use crate::kb::Kb;
use crate::model::schema::Record;
use crate::model::{Actor, Event, Place, Relation, Source};
use crate::source::SourceMap;

/// What `annals add` adds.
#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add an event.
    Event {
        /// The new id.
        #[arg(long)]
        id: String,
        /// A short title.
        #[arg(long)]
        title: String,
        /// When, in EDTF.
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
        /// The event kind.
        #[arg(long)]
        kind: Option<String>,
        /// A participant as `ACTOR:ROLE` (repeatable).
        #[arg(long = "actor", value_name = "ID:ROLE")]
        actors: Vec<String>,
        /// Where.
        #[arg(long)]
        place: Option<String>,
        /// A tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// A source id (repeatable).
        #[arg(long = "source")]
        sources: Vec<String>,
        /// How long, as an ISO 8601 period.
        #[arg(long)]
        duration: Option<String>,
        /// Free text.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Add an actor.
    Actor {
        /// The new id.
        #[arg(long)]
        id: String,
        /// The display name.
        #[arg(long)]
        name: String,
        /// The actor kind.
        #[arg(long)]
        kind: Option<String>,
        /// Another name (repeatable).
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// Birth or founding date (EDTF).
        #[arg(long, allow_hyphen_values = true)]
        born: Option<String>,
        /// Death or dissolution date (EDTF).
        #[arg(long, allow_hyphen_values = true)]
        died: Option<String>,
        /// A source id (repeatable).
        #[arg(long = "source")]
        sources: Vec<String>,
        /// Free text.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Add a place.
    Place {
        /// The new id.
        #[arg(long)]
        id: String,
        /// The display name.
        #[arg(long)]
        name: String,
        /// The place kind.
        #[arg(long)]
        kind: Option<String>,
        /// The place it lies in.
        #[arg(long)]
        within: Option<String>,
        /// Free text.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Add a source.
    Source {
        /// The new id.
        #[arg(long)]
        id: String,
        /// The title.
        #[arg(long)]
        title: String,
        /// The publication date (EDTF).
        #[arg(long, allow_hyphen_values = true)]
        date: Option<String>,
        /// Where to find it.
        #[arg(long)]
        url: Option<String>,
        /// Who published it.
        #[arg(long)]
        publisher: Option<String>,
        /// Who wrote it.
        #[arg(long)]
        author: Option<String>,
        /// Free text.
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        write: WriteArgs,
    },
}

/// Flags every writing command takes.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// The file for the new entry, relative to the KB directory (created if absent).
    #[arg(long, value_name = "FILE")]
    pub file: Option<String>,
    /// Print the diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Flags of `link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The source entity.
    pub from: String,
    /// The relation kind.
    pub kind: String,
    /// The target entity.
    pub to: String,
    /// The gap between the events (before/after), e.g. `P16D`.
    #[arg(long)]
    pub gap: Option<String>,
    /// The claim status.
    #[arg(long)]
    pub status: Option<String>,
    /// An actor making the claim (repeatable).
    #[arg(long = "by", value_name = "ID")]
    pub by: Vec<String>,
    /// A source of the claim (repeatable).
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

fn split_actor(value: &str) -> Result<(String, String), EditError> {
    match value.split_once(':') {
        Some((actor, role)) if !actor.is_empty() && !role.is_empty() => {
            Ok((actor.to_string(), role.to_string()))
        }
        _ => Err(EditError::refused(
            format!("`{value}` is not `ACTOR:ROLE`"),
            Some("write the participant as e.g. `--actor navalny:defendant`".into()),
        )),
    }
}

/// Collects flag values under the names of the fields they fill: each flag's variable
/// is named after its field, so the name is written once.
macro_rules! given {
    ($($field:ident),* $(,)?) => {
        vec![$((stringify!($field), edit::Given::from($field))),*]
    };
}

/// Runs `annals add …`.
pub fn cmd_add(ctx: &Ctx, command: &AddCommand) -> Outcome {
    match command {
        AddCommand::Event {
            id,
            title,
            date,
            kind,
            actors,
            place,
            tags,
            sources,
            duration,
            note,
            write,
        } => {
            let run = |kb: &Kb| {
                let date = &entry_date(date)?;
                let actors = &actors
                    .iter()
                    .map(|a| split_actor(a))
                    .collect::<Result<Vec<_>, _>>()?;
                let values = given![
                    id, title, date, kind, actors, place, tags, sources, duration, note
                ];
                add::<Event>(kb, values, write)
            };
            apply(ctx, write.dry_run, &added::<Event>(id), run)
        }
        AddCommand::Actor {
            id,
            name,
            kind,
            aliases,
            born,
            died,
            sources,
            note,
            write,
        } => {
            let run = |kb: &Kb| {
                let (born, died) = (&entry_date(born)?, &entry_date(died)?);
                let values = given![id, name, kind, aliases, born, died, sources, note];
                add::<Actor>(kb, values, write)
            };
            apply(ctx, write.dry_run, &added::<Actor>(id), run)
        }
        AddCommand::Place {
            id,
            name,
            kind,
            within,
            note,
            write,
        } => {
            let values = given![id, name, kind, within, note];
            let run = |kb: &Kb| add::<Place>(kb, values, write);
            apply(ctx, write.dry_run, &added::<Place>(id), run)
        }
        AddCommand::Source {
            id,
            title,
            date,
            url,
            publisher,
            author,
            note,
            write,
        } => {
            let run = |kb: &Kb| {
                let date = &entry_date(date)?;
                let values = given![id, title, date, url, publisher, author, note];
                add::<Source>(kb, values, write)
            };
            apply(ctx, write.dry_run, &added::<Source>(id), run)
        }
    }
}

fn add<R: Record>(
    kb: &Kb,
    values: Vec<(&'static str, edit::Given)>,
    write: &WriteArgs,
) -> Result<Vec<FileChange>, EditError> {
    let new = edit::NewRecord {
        values,
        file: write.file.clone(),
    };
    edit::add::<R>(kb, &new)
}

/// Returns the message of a successful `add` ("added event `arrest`").
fn added<R: Record>(id: &str) -> String {
    format!("added {} `{id}`", R::NAME.to_lowercase())
}

/// Runs `annals link`.
pub fn cmd_link(ctx: &Ctx, a: &LinkArgs) -> Outcome {
    let LinkArgs {
        from,
        kind,
        to,
        gap,
        status,
        by,
        sources,
        note,
        write,
    } = a;
    let values = given![from, kind, to, gap, status, by, sources, note];
    apply(
        ctx,
        write.dry_run,
        &format!("linked `{from}` {kind} `{to}`"),
        // An identical relation gets the position instead of a duplicate.
        |kb: &Kb| match edit::position::find_relation(kb, from, kind, to) {
            Some(index) => {
                let linked = edit::position::Linked {
                    status: status.as_deref(),
                    by,
                    sources,
                    note: note.as_deref(),
                    gap: gap.as_deref(),
                };
                edit::position::link_position(kb, index, &linked)
            }
            None => add::<Relation>(kb, values, write),
        },
    )
}

/// Runs `annals set`.
pub fn cmd_set(ctx: &Ctx, id: &str, field: &str, value: &str, dry_run: bool) -> Outcome {
    apply(
        ctx,
        dry_run,
        &format!("set `{field}` of `{id}`"),
        |kb: &Kb| {
            // Date fields take dates in words too, and are written as EDTF.
            let value = match field {
                "date" | "born" | "died" => crate::date::natural::entry(value).map_err(refused)?,
                _ => value.into(),
            };
            edit::set(kb, id, field, &value)
        },
    )
}

/// Returns the EDTF to write for a date flag: a date in words becomes its EDTF form;
/// an ambiguous one ("04/03/2018") is refused with both readings.
fn entry_date(value: &Option<String>) -> Result<Option<String>, EditError> {
    value
        .as_deref()
        .map(|v| crate::date::natural::entry(v).map(|edtf| edtf.into_owned()))
        .transpose()
        .map_err(refused)
}

/// Returns the refusal of an ambiguous date.
fn refused(err: crate::date::DateError) -> EditError {
    EditError::refused(format!("invalid date: {}", err.message), err.help)
}

/// Runs `annals rm`.
pub fn cmd_rm(ctx: &Ctx, id: &str, cascade: bool, dry_run: bool) -> Outcome {
    apply(ctx, dry_run, &format!("removed `{id}`"), |kb: &Kb| {
        edit::rm(kb, id, cascade)
    })
}

/// Runs `annals rename`.
pub fn cmd_rename(ctx: &Ctx, old: &str, new: &str, dry_run: bool) -> Outcome {
    apply(
        ctx,
        dry_run,
        &format!("renamed `{old}` to `{new}`"),
        |kb: &Kb| edit::rename(kb, old, new),
    )
}

/// Locks the KB, loads and checks it, computes the edit, re-checks the result in
/// memory, then writes it (or prints the diff).
pub(super) fn apply(
    ctx: &Ctx,
    dry_run: bool,
    done: &str,
    run: impl FnOnce(&Kb) -> Result<Vec<FileChange>, EditError>,
) -> Outcome {
    ctx.require_kb_dir()?;
    let data = &ctx.global.data;
    // The lock is taken before reading, so that no other writer's edit is lost.
    let lock = if dry_run {
        None
    } else {
        Some(edit::lock(data).map_err(|e| report(ctx, e))?)
    };
    let kb = match lock.as_ref().and_then(|_| ctx.load_known_clean()) {
        Some(kb) => kb,
        None => ctx.load_clean_allowing_empty(true, lock.is_some())?.0,
    };
    let changes = run(&kb).map_err(|e| report(ctx, e))?;
    let texts = edit::edited_texts(&kb, &changes);
    drop(kb);
    let verified = edit::check_texts(texts).map_err(|e| report(ctx, e))?;
    if let Some(lock) = &lock {
        edit::commit(&changes, lock).map_err(|e| report(ctx, e))?;
        // The edited KB was checked whole: it refills the compiled cache, so that the
        // next command answers from it instead of loading the KB again. The stamps are
        // taken now, under the lock, of the files just written; the cache keeps the
        // hashes of the texts checked, so another program's edit since is still seen.
        if let Some(slot) = ctx.cache_slot()
            && let Some(stamps) = slot.stamps()
        {
            ctx.fill_cache(
                &slot,
                stamps,
                &verified.kb,
                &verified.analysis,
                &verified.diagnostics,
            );
        }
        if !ctx.global.quiet {
            let files: Vec<&str> = changes.iter().map(|c| c.relative.as_str()).collect();
            let mut err = io::stderr().lock();
            let line = format!("{done} ({})", files.join(", "));
            let _ = writeln!(err, "{}", crate::diag::safe_text(&line));
        }
        Ok(())
    } else {
        print(&edit::diff(&changes))
    }
}

/// Prints why an edit (or the lock around a read) failed, and fails with 1.
pub(crate) fn report(ctx: &Ctx, err: EditError) -> Failed {
    match err {
        EditError::Refused { message, help } => {
            let mut diag = Diagnostic::error("refused", message);
            for h in help {
                diag = diag.help(h);
            }
            ctx.emit(&[diag], &SourceMap::default());
        }
        EditError::Check { diagnostics, files } => {
            ctx.emit(&diagnostics, &files);
            let mut err = io::stderr().lock();
            let _ = writeln!(
                err,
                "error: the edit was not made: it would leave the knowledge base with errors\n\
                 note: the positions above are in the files as the edit would have left them"
            );
        }
        EditError::Io(message) => {
            ctx.emit(&[Diagnostic::error("io", message)], &SourceMap::default());
        }
    }
    Failed(1)
}

#[cfg(test)]
mod tests {
    use clap::{ArgAction, Args, Command, Subcommand};

    use super::*;
    use crate::model::schema::{Spec, spec};

    /// Checks that every flag of `command` fills a field of `R` of the same shape.
    fn flags_fill_fields<R: Record>(command: &Command) {
        for arg in command.get_arguments() {
            let name = arg.get_id().as_str();
            if matches!(name, "file" | "dry_run" | "help") {
                continue;
            }
            let field: Spec =
                spec::<R>(name).unwrap_or_else(|| panic!("`{}` has no field `{name}`", R::NAME));
            let repeated = matches!(arg.get_action(), ArgAction::Append);
            assert_eq!(repeated, field.is_list(), "{} `{name}`", R::NAME);
            assert_eq!(
                arg.is_required_set() || arg.is_positional(),
                field.required,
                "{} `{name}`",
                R::NAME
            );
        }
    }

    #[test]
    fn every_add_and_link_flag_is_a_field_of_its_record() {
        let add = AddCommand::augment_subcommands(Command::new("add"));
        for sub in add.get_subcommands() {
            match sub.get_name() {
                "event" => flags_fill_fields::<Event>(sub),
                "actor" => flags_fill_fields::<Actor>(sub),
                "place" => flags_fill_fields::<Place>(sub),
                "source" => flags_fill_fields::<Source>(sub),
                other => panic!("unexpected `add {other}`"),
            }
        }
        flags_fill_fields::<Relation>(&LinkArgs::augment_args(Command::new("link")));
    }
}

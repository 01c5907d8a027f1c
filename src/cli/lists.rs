//! `annals add-to` and `annals remove-from`: items of a list field of one entity or
//! one relation, each checked in memory before anything is written.

use clap::Args;

use crate::cli::edit::apply;
use crate::cli::{Ctx, Outcome};
use crate::kb::Kb;

/// Arguments of `add-to` and `remove-from`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The entity's id, or a relation as `FROM:KIND:TO` (`gru:perpetrator_of:poisoning`).
    pub id: String,
    /// The list field: actors, tags, sources, aliases, by, claims.
    pub field: String,
    /// The items: `ACTOR:ROLE[:POSITION]` for actors, `STATUS[:ACTOR,…][+SOURCE,…]`
    /// for claims, else ids, tags or aliases.
    #[arg(required = true, value_name = "VALUE")]
    pub values: Vec<String>,
    /// Print the diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `annals add-to`.
pub fn cmd_add_to(ctx: &Ctx, a: &ListArgs) -> Outcome {
    apply(
        ctx,
        a.dry_run,
        &format!("added to `{}` of `{}`", a.field, a.id),
        |kb: &Kb| crate::edit::add_to(kb, &a.id, &a.field, &a.values),
    )
}

/// Runs `annals remove-from`.
pub fn cmd_remove_from(ctx: &Ctx, a: &ListArgs) -> Outcome {
    apply(
        ctx,
        a.dry_run,
        &format!("removed from `{}` of `{}`", a.field, a.id),
        |kb: &Kb| crate::edit::remove_from(kb, &a.id, &a.field, &a.values),
    )
}

//! `annals unlink FROM KIND TO`: removes one relation, checked in memory before
//! anything is written.

use clap::Args;

use crate::cli::edit::apply;
use crate::cli::{Ctx, Outcome};
use crate::kb::Kb;

/// Arguments of `unlink`.
#[derive(Debug, Args)]
pub struct UnlinkArgs {
    /// The relation's source entity.
    pub from: String,
    /// The relation kind.
    pub kind: String,
    /// The relation's target entity.
    pub to: String,
    /// Remove only a relation with a position of this claim status.
    #[arg(long)]
    pub status: Option<String>,
    /// Remove only a relation with a position taken by this actor (repeatable).
    #[arg(long = "by", value_name = "ID")]
    pub by: Vec<String>,
    /// Print the diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `annals unlink`.
pub fn cmd_unlink(ctx: &Ctx, a: &UnlinkArgs) -> Outcome {
    let request = crate::edit::Unlink {
        from: &a.from,
        kind: &a.kind,
        to: &a.to,
        status: a.status.as_deref(),
        by: &a.by,
    };
    apply(
        ctx,
        a.dry_run,
        &format!("unlinked `{}` {} `{}`", a.from, a.kind, a.to),
        |kb: &Kb| crate::edit::unlink(kb, &request),
    )
}

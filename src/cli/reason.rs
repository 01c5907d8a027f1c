//! The reasoning commands: `path`, `chain`, `between`, `relate`, and the inference
//! shared with `timeline` and `show`.

use std::collections::HashSet;
use std::fmt::Write;
use std::io::Write as _;

use clap::Args;

use super::{Ctx, Failed, Format, print, print_typed, render::plain, usage_error};
use crate::analysis::Analysis;
use crate::diag::did_you_mean;
use crate::kb::{Entity, Kb};
use crate::model::Sym;
use crate::query::between::Between;
use crate::query::chain::{Link, Written};
use crate::query::filter::resolve_any;
use crate::query::path::{Direction, Paths};
use crate::query::{between, chain, path, relate};
use crate::time::{self, Inference, network};

/// Arguments of `path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// The first entity.
    from: String,
    /// The second entity.
    to: String,
    /// Look no further than this many hops.
    #[arg(long, default_value_t = 6, value_name = "N")]
    max_hops: usize,
}

/// Arguments of `chain`.
#[derive(Debug, Args)]
pub struct ChainArgs {
    /// The event to start from.
    id: String,
    /// Show what led to it (the default).
    #[arg(long, conflicts_with = "down")]
    up: bool,
    /// Show what followed from it.
    #[arg(long)]
    down: bool,
    /// Follow relations of these kinds (default: the causal and part-of kinds).
    #[arg(long, value_delimiter = ',', value_name = "KIND,…")]
    kinds: Vec<String>,
}

/// Arguments of `between`.
#[derive(Debug, Args)]
pub struct BetweenArgs {
    /// The earlier event.
    a: String,
    /// The later event.
    b: String,
}

/// Arguments of `relate`.
#[derive(Debug, Args)]
pub struct RelateArgs {
    /// The first event.
    a: String,
    /// The second event.
    b: String,
}

/// Infers the bounds of every event; a contradiction (among stated claims, or among
/// all claims with `--include-claims`) is reported and fails the command.
pub(super) fn infer<'a>(
    ctx: &Ctx,
    kb: &Kb,
    analysis: &'a Analysis,
) -> Result<&'a Inference, Failed> {
    let inference = analysis.inference();
    warn_far_dates(ctx, far_dates(kb));
    match inference.diagnostic(kb) {
        Some(diag) => Err(contradiction(ctx, kb, diag)),
        None => Ok(inference),
    }
}

/// Returns how many written dates lie too far from 1970 for the time network.
pub(super) fn far_dates(kb: &Kb) -> usize {
    kb.events()
        .iter()
        .filter_map(|e| e.date.as_ref())
        .filter(|d| network::out_of_range(&d.node.edtf))
        .count()
}

/// Warns, unless `-q`, that `left_out` dates were left out of the inferred bounds.
pub(super) fn warn_far_dates(ctx: &Ctx, left_out: usize) {
    if left_out > 0 && !ctx.global.quiet {
        let _ = writeln!(
            std::io::stderr().lock(),
            "warning: {} too far from 1970 to reason with {} left out of the inferred bounds (run `annals check`)",
            if left_out == 1 {
                "1 date".to_string()
            } else {
                format!("{left_out} dates")
            },
            if left_out == 1 { "is" } else { "are" },
        );
    }
}

fn contradiction(ctx: &Ctx, kb: &Kb, diag: crate::diag::Diagnostic) -> Failed {
    ctx.emit(&[diag], kb.files());
    Failed(1)
}

fn cycle_error(ctx: &Ctx, kb: &Kb, net: &network::Network, cycle: Vec<u32>) -> Failed {
    let chain: Vec<_> = cycle.iter().map(|&i| net.constraints[i as usize]).collect();
    contradiction(ctx, kb, time::explain::contradiction(kb, &chain))
}

fn event_of(ctx: &Ctx, kb: &Kb, id: &str) -> Result<u32, Failed> {
    match resolve_any(kb, id).map_err(|e| ctx.filter_error(e))? {
        Entity::Event(i) => {
            // Never answer from a network that silently left the event's date out.
            if let Some(date) = &kb.events()[i as usize].date
                && network::out_of_range(&date.node.edtf)
            {
                return Err(ctx.request_error(
                    &format!(
                        "the date `{}` of `{id}` is too far from 1970 to reason with",
                        date.node.text
                    ),
                    Some("time reasoning covers about 140 million years either side of 1970"),
                ));
            }
            Ok(i)
        }
        other => Err(ctx.request_error(
            &format!("`{id}` is {}, not an event", other.ty().with_article()),
            Some("`between` and `relate` compare events"),
        )),
    }
}

/// `annals between A B`.
pub(super) fn cmd_between(ctx: &Ctx, args: &BetweenArgs) -> Result<(), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let (a, b) = (event_of(ctx, &kb, &args.a)?, event_of(ctx, &kb, &args.b)?);
    infer(ctx, &kb, &analysis)?;
    let answer = between::between(&kb, &analysis, a, b)
        .map_err(|c| cycle_error(ctx, &kb, analysis.network(), c))?;
    match ctx.global.format {
        Format::Json => print_typed(&answer),
        Format::Csv | Format::Md => Err(usage_error(
            "`between` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => print(&between_table(&answer)),
    }
}

fn between_table(answer: &Between) -> String {
    let mut out = String::new();
    let (from, to) = (answer.from, answer.to);
    let _ = writeln!(out, "{from} → {to}: {}", answer.text);
    let _ = writeln!(out, "  (from the start of `{from}` to the start of `{to}`)");
    for (heading, list) in [
        ("events starting between", &answer.events),
        ("events possibly starting between", &answer.possible),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({}):", list.len());
        for e in list {
            let date = match (&e.date_shown, e.date) {
                (Some(shown), _) => shown.clone(),
                (None, Some(d)) => d.to_string(),
                (None, None) => e.bounds.approx_text(),
            };
            let _ = writeln!(out, "  {date:<24} {}  {}", e.id, plain(e.title));
        }
    }
    out
}

/// `annals relate A B`.
pub(super) fn cmd_relate(ctx: &Ctx, args: &RelateArgs) -> Result<(), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let (a, b) = (event_of(ctx, &kb, &args.a)?, event_of(ctx, &kb, &args.b)?);
    infer(ctx, &kb, &analysis)?;
    let answer = relate::relate(&kb, &analysis, a, b)
        .map_err(|c| cycle_error(ctx, &kb, analysis.network(), c))?;
    match ctx.global.format {
        Format::Json => print_typed(&answer),
        Format::Csv | Format::Md => Err(usage_error(
            "`relate` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => {
            let list = |l: &[&str]| {
                if l.is_empty() {
                    "none".to_string()
                } else {
                    l.join(", ")
                }
            };
            print(&format!(
                "{} → {}\n  certain   {}\n  possible  {}\n",
                answer.a,
                answer.b,
                list(&answer.certain),
                list(&answer.possible)
            ))
        }
    }
}

/// `annals path FROM TO`.
pub(super) fn cmd_path(ctx: &Ctx, args: &PathArgs) -> Result<(), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let from = resolve_any(&kb, &args.from).map_err(|e| ctx.filter_error(e))?;
    let to = resolve_any(&kb, &args.to).map_err(|e| ctx.filter_error(e))?;
    let answer = path::path(&kb, analysis.graph(), from, to, args.max_hops);
    match ctx.global.format {
        Format::Json => print_typed(&answer),
        Format::Csv | Format::Md => Err(usage_error(
            "`path` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => print(&path_table(&answer)),
    }
}

fn path_table(answer: &Paths) -> String {
    let (from, to, paths) = (answer.from, answer.to, &answer.paths);
    let Some(hops) = answer.hops.filter(|_| !paths.is_empty()) else {
        let max = answer.max_hops;
        let s = if max == 1 { "" } else { "s" };
        return format!("no connection from `{from}` to `{to}` within {max} hop{s}\n");
    };
    let mut out = String::new();
    let more = if answer.truncated {
        " (first ones)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{from} → {to}: {} of {hops} hop{}{more}",
        if paths.len() == 1 {
            "1 path".to_string()
        } else {
            format!("{} paths", paths.len())
        },
        if hops == 1 { "" } else { "s" }
    );
    for (n, p) in paths.iter().enumerate() {
        let mut line = format!("{:>3}. {from}", n + 1);
        for hop in p {
            let edges: Vec<String> = hop
                .edges
                .iter()
                .map(|e| {
                    let status = if e.status.contested {
                        format!(" ({})", e.status.name)
                    } else {
                        String::new()
                    };
                    match e.direction {
                        Direction::Forward => format!("-[{}{status}]->", e.label),
                        Direction::Backward => format!("<-[{}{status}]-", e.label),
                    }
                })
                .collect();
            let _ = write!(line, " {} {}", edges.join("/"), hop.to);
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// `annals chain ID`.
pub(super) fn cmd_chain(ctx: &Ctx, args: &ChainArgs) -> Result<(), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let root = resolve_any(&kb, &args.id).map_err(|e| ctx.filter_error(e))?;
    if !matches!(root, Entity::Event(_)) {
        return Err(ctx.request_error(
            &format!("`{}` is {}, not an event", args.id, root.ty().with_article()),
            Some("`chain` follows relations between events; `annals show` or `annals path` connect other entities"),
        ));
    }
    let kinds = chain_kinds(ctx, &kb, &args.kinds)?;
    let up = !args.down;
    let answer = chain::chain(&kb, analysis.graph(), root, &kinds, up);
    match ctx.global.format {
        Format::Json => print_typed(&answer),
        Format::Csv | Format::Md => Err(usage_error(
            "`chain` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => {
            let mut out = String::new();
            let root = &answer.root;
            let _ = writeln!(
                out,
                "{}  {}{}",
                root.id,
                plain(root.name),
                date_suffix(root)
            );
            let mut expanded = HashSet::from([root.id]);
            tree(&mut out, &answer.children, "", &mut expanded);
            if answer.children.is_empty() {
                let what = if up {
                    "nothing led to it"
                } else {
                    "nothing followed from it"
                };
                let kinds: Vec<&str> = kinds.iter().map(|k| kb.str(*k)).collect();
                let _ = writeln!(out, "  ({what} over {})", kinds.join(", "));
            }
            print(&out)
        }
    }
}

/// Returns the relation kinds `--kinds` names, or the default ones when it names none.
fn chain_kinds(ctx: &Ctx, kb: &Kb, names: &[String]) -> Result<Vec<Sym>, Failed> {
    if names.is_empty() {
        return Ok(chain::default_kinds(kb));
    }
    let mut kinds = Vec::new();
    for k in names {
        match kb
            .syms()
            .get(k)
            .filter(|s| kb.vocab().relation(*s).is_some())
        {
            Some(sym) => kinds.push(sym),
            None => {
                let known: Vec<&str> = kb
                    .vocab()
                    .relation_kinds()
                    .map(|(s, _)| kb.str(s))
                    .collect();
                let help =
                    did_you_mean(k, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                return Err(
                    ctx.request_error(&format!("unknown relation kind `{k}`"), help.as_deref())
                );
            }
        }
    }
    Ok(kinds)
}

fn date_suffix(node: &chain::Node) -> String {
    node.date
        .as_ref()
        .map(|d| format!("  ({d})"))
        .unwrap_or_default()
}

/// Writes the links of a chain as a tree; `expanded` holds the ids whose subtree is
/// already written, so that a repeat says where its subtree is.
fn tree<'k>(
    out: &mut String,
    children: &[Link<'k>],
    prefix: &str,
    expanded: &mut HashSet<&'k str>,
) {
    for (i, child) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let arrow = match child.written {
            Written::ParentToChild => "→",
            Written::ChildToParent => "←",
        };
        let status = if child.status.contested {
            format!(" [{}]", child.status.name.to_uppercase())
        } else {
            String::new()
        };
        let mut tail = String::new();
        if child.seen && expanded.contains(child.node.id) {
            tail.push_str("  (see above)");
        } else if child.seen {
            tail.push_str("  (see below)");
        } else if child.children.is_some() {
            expanded.insert(child.node.id);
        }
        if child.truncated {
            tail.push_str("  (…)");
        }
        let _ = writeln!(
            out,
            "{prefix}{} {arrow}{}{status}  {}  {}{}{tail}",
            if last { "└─" } else { "├─" },
            child.via,
            child.node.id,
            plain(child.node.name),
            date_suffix(&child.node)
        );
        let deeper = format!("{prefix}{}", if last { "   " } else { "│  " });
        tree(
            out,
            child.children.as_deref().unwrap_or_default(),
            &deeper,
            expanded,
        );
    }
}

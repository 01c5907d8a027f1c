//! The reasoning commands: `path`, `chain`, `between`, `relate`, and the inference
//! shared with `timeline` and `show`.

use std::fmt::Write;
use std::io::Write as _;

use clap::Args;
use serde_json::{Value, json};

use super::{Ctx, Failed, Format, print, print_json, render::plain, usage_error};
use crate::analysis::Analysis;
use crate::diag::did_you_mean;
use crate::kb::{Entity, Kb};
use crate::model::Sym;
use crate::query::filter::resolve_any;
use crate::query::{between, chain, path};
use crate::time::{self, Inference, allen, network, solve};

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
    let left_out = kb
        .events()
        .iter()
        .filter_map(|e| e.date.as_ref())
        .filter(|d| network::out_of_range(&d.node.edtf))
        .count();
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
    match inference.diagnostic(kb) {
        Some(diag) => Err(contradiction(ctx, kb, diag)),
        None => Ok(inference),
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
    let inference = infer(ctx, &kb, &analysis)?;
    let net = analysis.network();
    let value = between::between(&kb, net, &inference.bounds, a, b)
        .map_err(|c| cycle_error(ctx, &kb, net, c))?;
    match ctx.global.format {
        Format::Json => print_json(&value),
        Format::Csv | Format::Md => Err(usage_error(
            "`between` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} → {}: {}",
                s(&value["from"]),
                s(&value["to"]),
                s(&value["text"])
            );
            let _ = writeln!(
                out,
                "  (from the start of `{}` to the start of `{}`)",
                s(&value["from"]),
                s(&value["to"])
            );
            if let Some(events) = value["events"].as_array().filter(|l| !l.is_empty()) {
                let _ = writeln!(out, "\nevents starting between ({}):", events.len());
                for e in events {
                    let date = match e["date"].as_str() {
                        Some(d) => d.to_string(),
                        None => format!("≈ {}..{}", s(&e["start"]), s(&e["end"])),
                    };
                    let _ = writeln!(
                        out,
                        "  {date:<24} {}  {}",
                        s(&e["id"]),
                        plain(&s(&e["title"]))
                    );
                }
            }
            print(&out)
        }
    }
}

/// `annals relate A B`.
pub(super) fn cmd_relate(ctx: &Ctx, args: &RelateArgs) -> Result<(), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let (a, b) = (event_of(ctx, &kb, &args.a)?, event_of(ctx, &kb, &args.b)?);
    infer(ctx, &kb, &analysis)?;
    let net = analysis.network();
    let nodes = [
        network::start_node(a),
        network::end_node(a),
        network::start_node(b),
        network::end_node(b),
    ];
    let d = solve::distances(net, &nodes).map_err(|c| cycle_error(ctx, &kb, net, c))?;
    let m: [[Option<i64>; 4]; 4] =
        std::array::from_fn(|i| std::array::from_fn(|j| d.from[i][nodes[j] as usize]));
    let r = allen::relate(&m);
    let value = json!({
        "a": args.a,
        "b": args.b,
        "certain": r.certain,
        "possible": r.possible,
    });
    match ctx.global.format {
        Format::Json => print_json(&value),
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
                args.a,
                args.b,
                list(&r.certain),
                list(&r.possible)
            ))
        }
    }
}

/// `annals path FROM TO`.
pub(super) fn cmd_path(ctx: &Ctx, args: &PathArgs) -> Result<(), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let from = resolve_any(&kb, &args.from).map_err(|e| ctx.filter_error(e))?;
    let to = resolve_any(&kb, &args.to).map_err(|e| ctx.filter_error(e))?;
    let graph = analysis.graph();
    let value = path::path(&kb, graph, from, to, args.max_hops);
    match ctx.global.format {
        Format::Json => print_json(&value),
        Format::Csv | Format::Md => Err(usage_error(
            "`path` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => {
            let mut out = String::new();
            let paths = value["paths"].as_array().cloned().unwrap_or_default();
            if paths.is_empty() {
                let _ = writeln!(
                    out,
                    "no connection from `{}` to `{}` within {} hop{}",
                    args.from,
                    args.to,
                    args.max_hops,
                    if args.max_hops == 1 { "" } else { "s" }
                );
            } else {
                let hops = value["hops"].as_u64().unwrap_or(0);
                let more = if value["truncated"] == Value::Bool(true) {
                    " (first ones)"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "{} → {}: {} of {hops} hop{}{more}",
                    args.from,
                    args.to,
                    if paths.len() == 1 {
                        "1 path".to_string()
                    } else {
                        format!("{} paths", paths.len())
                    },
                    if hops == 1 { "" } else { "s" }
                );
                for (n, p) in paths.iter().enumerate() {
                    let hops = p.as_array().cloned().unwrap_or_default();
                    let mut line = format!("{:>3}. {}", n + 1, args.from);
                    for hop in &hops {
                        let edges: Vec<String> = hop["edges"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|e| {
                                let status = match e["status"].as_str() {
                                    Some("stated") | None => String::new(),
                                    Some(other) => format!(" ({other})"),
                                };
                                match e["direction"].as_str() {
                                    Some("forward") => format!("-[{}{status}]->", s(&e["label"])),
                                    _ => format!("<-[{}{status}]-", s(&e["label"])),
                                }
                            })
                            .collect();
                        let _ = write!(line, " {} {}", edges.join("/"), s(&hop["to"]));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            print(&out)
        }
    }
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
    let kinds: Vec<Sym> = if args.kinds.is_empty() {
        chain::default_kinds(&kb)
    } else {
        let mut kinds = Vec::new();
        for k in &args.kinds {
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
                    let help = did_you_mean(k, known.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"));
                    return Err(
                        ctx.request_error(&format!("unknown relation kind `{k}`"), help.as_deref())
                    );
                }
            }
        }
        kinds
    };
    let up = !args.down;
    let graph = analysis.graph();
    let value = chain::chain(&kb, graph, root, &kinds, up);
    match ctx.global.format {
        Format::Json => print_json(&value),
        Format::Csv | Format::Md => Err(usage_error(
            "`chain` has no CSV or Markdown form; use --format table or json",
        )),
        Format::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{}  {}{}",
                s(&value["id"]),
                plain(&s(&value["name"])),
                date_suffix(&value)
            );
            tree(&mut out, &value, "", up);
            if value["children"].as_array().is_none_or(Vec::is_empty) {
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

fn date_suffix(v: &Value) -> String {
    v["date"]
        .as_str()
        .map(|d| format!("  ({d})"))
        .unwrap_or_default()
}

fn tree(out: &mut String, node: &Value, prefix: &str, up: bool) {
    let children = node["children"].as_array().cloned().unwrap_or_default();
    for (i, child) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let arrow = match (child["written"].as_str(), up) {
            (Some("parent to child"), _) => "→",
            _ => "←",
        };
        let status = match child["status"].as_str() {
            Some("stated") | None => String::new(),
            Some(other) => format!(" [{}]", other.to_uppercase()),
        };
        let mut tail = String::new();
        if child["seen"] == Value::Bool(true) {
            tail.push_str("  (see above)");
        }
        if child["truncated"] == Value::Bool(true) {
            tail.push_str("  (…)");
        }
        let _ = writeln!(
            out,
            "{prefix}{} {arrow}{}{status}  {}  {}{}{tail}",
            if last { "└─" } else { "├─" },
            s(&child["via"]),
            s(&child["id"]),
            plain(&s(&child["name"])),
            date_suffix(child)
        );
        let deeper = format!("{prefix}{}", if last { "   " } else { "│  " });
        tree(out, child, &deeper, up);
    }
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

//! The drawing commands: `export dot`, `export svg` and `render`.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{Ctx, Failed, Filters, Outcome, print, print_with};
use crate::analysis::Analysis;
use crate::export::dot::{DotOptions, to_dot, write_dot};
use crate::export::html::{self, PageOptions};
use crate::export::svg::{Engine, render as graphviz};
use crate::export::timeline::{Lanes, TimelineOptions, render};
use crate::export::timelinejs::{Group, to_timelinejs};
use crate::export::{Selection, publish, select};
use crate::kb::Kb;
use crate::query::filter::Filter;
use crate::time::bounds::Key;

/// What `export` writes.
#[derive(Debug, Subcommand)]
pub(super) enum ExportCommand {
    /// The event graph as Graphviz DOT.
    Dot(GraphArgs),
    /// The event graph laid out by Graphviz `dot` as SVG.
    Svg(GraphArgs),
    /// The selection as one JSON document: events, actors, places, sources, relations.
    Json(PublishArgs),
    /// The events as CSV (the columns of `timeline --format csv`), formulas neutralised.
    Csv(CsvArgs),
    /// A TimelineJS 3 timeline (JSON), ready for its embed.
    Timelinejs(TimelinejsArgs),
    /// One self-contained interactive page: the drawn timeline with zoom, filters,
    /// search and each event's details; works offline.
    Html(PublishArgs),
    /// Parquet tables in a directory, events partitioned by year (DuckDB, Spark, Trino).
    Parquet(ParquetArgs),
}

/// Flags of `export parquet`.
#[derive(Debug, Args)]
pub(super) struct ParquetArgs {
    #[command(flatten)]
    filters: Filters,
    /// The directory to write the tables into (created when missing; a directory of an
    /// earlier export is replaced table by table).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

/// Flags of `export json|csv|timelinejs|html`.
#[derive(Debug, Args)]
pub(super) struct PublishArgs {
    #[command(flatten)]
    filters: Filters,
    /// The title of the timeline or page [default: the KB's title, else `Timeline`].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Flags of `export csv`.
#[derive(Debug, Args)]
pub(super) struct CsvArgs {
    #[command(flatten)]
    publish: PublishArgs,
    /// Keep cells that start like a spreadsheet formula (`=`, `+`, `-`, `@`) as
    /// written instead of prefixing them with `'`.
    #[arg(long)]
    raw: bool,
}

/// What the slides of `export timelinejs` are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum GroupArg {
    /// The name of the event's first actor.
    Actor,
    /// The kind of the event.
    Kind,
}

/// Flags of `export timelinejs`.
#[derive(Debug, Args)]
pub(super) struct TimelinejsArgs {
    #[command(flatten)]
    publish: PublishArgs,
    /// Group the slides into rows by actor or by kind [default: no groups].
    #[arg(long, value_enum, value_name = "BY")]
    group: Option<GroupArg>,
}

/// Flags of `export dot` and `export svg`.
#[derive(Debug, Args)]
pub(super) struct GraphArgs {
    #[command(flatten)]
    filters: Filters,
    /// Draw sources and citations too.
    #[arg(long)]
    sources: bool,
    /// The title drawn at the top [default: the KB's title, if it has one].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// What the lanes of `render` stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum LanesArg {
    /// One lane per actor.
    Actor,
    /// One lane per event kind.
    Kind,
}

/// Flags of `render`.
#[derive(Debug, Args)]
pub(super) struct RenderArgs {
    #[command(flatten)]
    filters: Filters,
    /// One lane per actor or per kind of event.
    #[arg(long, value_enum, default_value_t = LanesArg::Actor)]
    lanes: LanesArg,
    /// Draw relations between events as arrows.
    #[arg(long)]
    relations: bool,
    /// The title drawn at the top [default: the KB's title, else `Timeline`].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The width of the picture in pixels.
    #[arg(long, value_name = "PX", default_value_t = 1200, value_parser = clap::value_parser!(u32).range(600..=20000))]
    width: u32,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Loads the KB, infers the bounds of every event, and selects what to draw.
fn prepare(
    ctx: &Ctx,
    filters: &Filters,
    sources: bool,
) -> Result<(Kb, Analysis, Selection), Failed> {
    let (kb, analysis) = ctx.load_clean()?;
    let filter = Filter::resolve(&kb, analysis.graph(), &filters.to_args())
        .map_err(|e| ctx.filter_error(e))?
        .under(&kb, analysis.view());
    let bounds = super::reason::infer(ctx, &kb, &analysis)?;
    let selection = select(&kb, analysis.graph(), &filter, sources, &bounds.bounds);
    Ok((kb, analysis, selection))
}

/// The title of a drawing or page when neither `--title` nor the KB gives one.
const DEFAULT_TITLE: &str = "Timeline";

/// Returns `--title`, else the KB's title, else [`DEFAULT_TITLE`].
fn title_of(given: Option<&String>, kb: &Kb) -> String {
    given
        .map(String::as_str)
        .or(kb.title())
        .unwrap_or(DEFAULT_TITLE)
        .to_string()
}

/// Writes `text` to `output`, or to stdout without one.
fn write_out(ctx: &Ctx, output: Option<&PathBuf>, text: &str) -> Outcome {
    match output {
        None => print(text),
        Some(path) => std::fs::write(path, text).map_err(|err| {
            ctx.request_error(&format!("cannot write `{}`: {err}", path.display()), None)
        }),
    }
}

fn warn(ctx: &Ctx, message: &str) {
    if !ctx.global.quiet {
        let _ = writeln!(io::stderr().lock(), "warning: {message}");
    }
}

/// Runs `export dot` or `export svg`.
pub(super) fn cmd_export(ctx: &Ctx, command: &ExportCommand) -> Outcome {
    let (args, svg) = match command {
        ExportCommand::Dot(args) => (args, false),
        ExportCommand::Svg(args) => (args, true),
        ExportCommand::Json(args) | ExportCommand::Html(args) => {
            return cmd_publish(ctx, command, args);
        }
        ExportCommand::Csv(CsvArgs { publish: args, .. })
        | ExportCommand::Timelinejs(TimelinejsArgs { publish: args, .. }) => {
            return cmd_publish(ctx, command, args);
        }
        ExportCommand::Parquet(args) => return cmd_parquet(ctx, args),
    };
    let (kb, analysis, selection) = prepare(ctx, &args.filters, args.sources)?;
    let (graph, inferred) = (analysis.graph(), analysis.bounds());
    let bounds = |i: u32| inferred[i as usize];
    let options = DotOptions {
        title: args
            .title
            .clone()
            .or_else(|| kb.title().map(str::to_string)),
    };
    if !svg {
        // Streamed: a big graph is never held as one string.
        let write = |out: &mut dyn Write| write_dot(out, &kb, graph, &selection, &bounds, &options);
        return match args.output.as_ref() {
            None => print_with(write),
            Some(path) => std::fs::File::create(path)
                .and_then(|file| {
                    let mut out = io::BufWriter::new(file);
                    write(&mut out)?;
                    out.flush()
                })
                .map_err(|err| {
                    ctx.request_error(&format!("cannot write `{}`: {err}", path.display()), None)
                }),
        };
    }
    let dot = to_dot(&kb, graph, &selection, &bounds, &options);
    let nodes = selection.nodes.len();
    let engine =
        Engine::for_size(nodes).map_err(|err| ctx.request_error(&err.to_string(), err.help()))?;
    if engine == Engine::Sfdp {
        warn(
            ctx,
            &format!(
                "{nodes} nodes are too many for a timely `dot` layout; using `sfdp`, which does not keep time order (narrow the selection to keep it)"
            ),
        );
    }
    let text =
        graphviz(&dot, engine).map_err(|err| ctx.request_error(&err.to_string(), err.help()))?;
    write_out(ctx, args.output.as_ref(), &text)
}

/// Runs `export json|csv|timelinejs|html`.
fn cmd_publish(ctx: &Ctx, command: &ExportCommand, args: &PublishArgs) -> Outcome {
    let sources = matches!(command, ExportCommand::Json(_));
    let (kb, analysis, selection) = prepare(ctx, &args.filters, sources)?;
    let (graph, bounds) = (analysis.graph(), analysis.bounds());
    let title = &title_of(args.title.as_ref(), &kb);
    let text = match command {
        ExportCommand::Json(_) => {
            let value = publish::to_json(&kb, graph, &selection, bounds, title);
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        ExportCommand::Csv(CsvArgs { raw, .. }) => {
            let rows = crate::query::timeline::rows(&kb, &selection.events, bounds);
            super::render::timeline_csv(&rows, !raw)
        }
        ExportCommand::Timelinejs(TimelinejsArgs { group, .. }) => {
            let group = match group {
                None => Group::None,
                Some(GroupArg::Actor) => Group::Actor,
                Some(GroupArg::Kind) => Group::Kind,
            };
            let (value, unplaced) =
                to_timelinejs(&kb, analysis.graph(), &selection, bounds, title, group);
            if unplaced > 0 {
                warn(
                    ctx,
                    &format!(
                        "{unplaced} events with no known start, written or inferred, are left out (TimelineJS needs a year)"
                    ),
                );
            }
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        _ => {
            let options = PageOptions {
                title: title.clone(),
            };
            html::page(&kb, &analysis, &selection, &options)
        }
    };
    write_out(ctx, args.output.as_ref(), &text)
}

/// Runs `export parquet`.
fn cmd_parquet(ctx: &Ctx, args: &ParquetArgs) -> Outcome {
    let (kb, analysis, selection) = prepare(ctx, &args.filters, true)?;
    let summary = crate::export::parquet::write(
        &kb,
        analysis.graph(),
        &selection,
        analysis.bounds(),
        &args.output,
    )
    .map_err(|err| ctx.request_error(&err.to_string(), err.help()))?;
    if !ctx.global.quiet {
        let [
            events,
            actors,
            places,
            sources,
            participations,
            relations,
            citations,
            claims,
        ] = summary.rows;
        let _ = writeln!(
            io::stderr().lock(),
            "exported {} in {}, {}, {}, {}, {}, {}, {} and {} to `{}` ({})",
            super::plural(events as usize, "event"),
            super::plural(summary.partitions, "year partition"),
            super::plural(actors as usize, "actor"),
            super::plural(places as usize, "place"),
            super::plural(sources as usize, "source"),
            super::plural(participations as usize, "participation"),
            super::plural(relations as usize, "relation"),
            super::plural(citations as usize, "citation"),
            super::plural(claims as usize, "claim"),
            crate::diag::safe_text(&args.output.display().to_string()),
            super::plural(summary.files, "file"),
        );
    }
    Ok(())
}

/// Returns the window of time `--from` and `--to` ask for, in seconds.
fn window(kb: &Kb, analysis: &Analysis, filters: &Filters) -> (Option<f64>, Option<f64>) {
    let Ok(filter) = Filter::resolve(kb, analysis.graph(), &filters.to_args()) else {
        return (None, None);
    };
    let seconds = |key: Option<Key>| match key {
        Some(Key::At(day, second)) => Some(day as f64 * 86_400.0 + f64::from(second)),
        _ => None,
    };
    (seconds(filter.from), seconds(filter.to))
}

/// Runs `render`.
pub(super) fn cmd_render(ctx: &Ctx, args: &RenderArgs) -> Outcome {
    let (kb, analysis, selection) = prepare(ctx, &args.filters, false)?;
    let (graph, inferred) = (analysis.graph(), analysis.bounds());
    let bounds = |i: u32| inferred[i as usize];
    let options = TimelineOptions {
        title: title_of(args.title.as_ref(), &kb),
        summary: kb.summary().map(str::to_string),
        lanes: match args.lanes {
            LanesArg::Actor => Lanes::Actor,
            LanesArg::Kind => Lanes::Kind,
        },
        relations: args.relations,
        width: f64::from(args.width),
        window: window(&kb, &analysis, &args.filters),
    };
    let (svg, omitted) = render(&kb, graph, &selection, &bounds, &options);
    if omitted.labels > 0 {
        warn(
            ctx,
            &format!(
                "{} labels left out for lack of room (marks keep tooltips); narrow the selection",
                omitted.labels
            ),
        );
    }
    write_out(ctx, args.output.as_ref(), &svg)
}

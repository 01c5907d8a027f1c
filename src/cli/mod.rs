//! The command line: argument types, one function per command, and the only code
//! that prints. Exit codes: 0 success, 1 the KB or the request is wrong, 2 usage.

mod cached;
mod docs;
mod draw;
mod edit;
mod fmt;
mod import;
mod init;
mod lists;
mod reason;
mod render;
mod serve;
mod unlink;
mod watch;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::Analysis;
use crate::check;
use crate::date::Calendar;
use crate::date::explain::{DateExplanation, End};
use crate::diag::{self, Diagnostic, MessageFormat};
use crate::kb::{Entity, Kb};
use crate::load;
use crate::query::filter::{Filter, FilterArgs, FilterError, resolve_any};
use crate::query::{show, stats, timeline};
use crate::source::{SourceFile, SourceMap, Span};
use crate::time::bounds::EventBounds;
use crate::vocab::ClaimView;

/// annals: a plain-text knowledge base for chronologies.
#[derive(Debug, Parser)]
#[command(name = "annals", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Flags every command accepts, before or after the subcommand.
#[derive(Debug, Args)]
struct Global {
    /// The knowledge base directory.
    #[arg(
        long,
        global = true,
        env = "ANNALS_DATA",
        default_value = "data",
        value_name = "DIR"
    )]
    data: PathBuf,
    /// Output format of reading commands.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// When to colour output; `NO_COLOR` turns `auto` off.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print nothing but results and errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// How diagnostics are written.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormatArg::Human)]
    message_format: MessageFormatArg,
    /// Reason with alleged, disputed and refuted claims too, not only stated ones.
    #[arg(long, global = true)]
    include_claims: bool,
    /// Tell the chronology as this actor does: its claims taken as stated, what it
    /// disputes or refutes left out (repeatable).
    #[arg(
        long,
        global = true,
        value_name = "ACTOR",
        conflicts_with = "include_claims"
    )]
    according_to: Vec<String>,
    /// Load the KB from its files, neither reading nor filling the compiled cache.
    #[arg(long, global = true)]
    no_cache: bool,
}

/// Output formats of reading commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table for people.
    Table,
    /// JSON for programs.
    Json,
    /// CSV (RFC 4180).
    Csv,
    /// A Markdown table.
    Md,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MessageFormatArg {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the whole knowledge base and report every problem.
    Check {
        /// Treat warnings as errors (`--deny warnings`).
        #[arg(long, value_name = "LINT", value_parser = ["warnings"])]
        deny: Vec<String>,
        /// Print every diagnostic, not only the first 20 of each code.
        #[arg(long)]
        all: bool,
    },
    /// List events in chronological order.
    Timeline {
        #[command(flatten)]
        filters: Filters,
    },
    /// Show one entity: fields, edges in and out, dates, sources.
    Show {
        /// The id of an actor, place, source or event.
        id: String,
    },
    /// Explain an EDTF date: level, precision, qualifiers and strict bounds.
    Date {
        /// The date, e.g. `2020-08~` or `2020-08-20/2021-01-17`.
        #[arg(allow_hyphen_values = true)]
        expr: String,
        /// The calendar the date is written in; its bounds are shown as Gregorian days.
        #[arg(long, value_enum, default_value_t = CalendarArg::Gregorian)]
        calendar: CalendarArg,
    },
    /// Count entities, kinds, relations and claim statuses.
    Stats,
    /// Show the shortest connections between two entities, each hop with its edge kind.
    Path(reason::PathArgs),
    /// Show what led to an event (--up) or what followed from it (--down), as a tree.
    Chain(reason::ChainArgs),
    /// Show the time elapsed from one event to another and the events in between.
    Between(reason::BetweenArgs),
    /// Show the Allen relations of one event to another, certain and possible.
    Relate(reason::RelateArgs),
    /// Start a knowledge base: the directory and one file with a commented example of each record.
    Init(init::InitArgs),
    /// Add an event, actor, place or source to the files.
    #[command(subcommand)]
    Add(edit::AddCommand),
    /// Add a relation `FROM KIND TO`.
    Link(edit::LinkArgs),
    /// Remove a relation `FROM KIND TO` (`--status`/`--by` single one out).
    Unlink(unlink::UnlinkArgs),
    /// Change one field of one entity (`attrs.KEY` for an attribute).
    Set {
        /// The entity.
        id: String,
        /// The field: title, name, date, kind, note, place, duration, …, or `attrs.KEY`.
        field: String,
        /// The new value.
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// Print the diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Remove an entity; refused while anything refers to it, unless --cascade.
    Rm {
        /// The entity.
        id: String,
        /// Also remove every reference to it (participations, relations, citations).
        #[arg(long)]
        cascade: bool,
        /// Print the diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add items to a list field of an entity or relation (`claims` for positions).
    AddTo(lists::ListArgs),
    /// Remove items from a list field of an entity or relation.
    RemoveFrom(lists::ListArgs),
    /// Lay out every file canonically, keeping every comment and value (`--check` lists
    /// the files that differ).
    Fmt(fmt::FmtArgs),
    /// Rename an id and every reference to it, in every file.
    Rename {
        /// The current id.
        old: String,
        /// The new id.
        new: String,
        /// Print the diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the selection: Graphviz DOT or SVG, JSON, CSV, TimelineJS or an HTML page.
    Export {
        #[command(subcommand)]
        what: draw::ExportCommand,
    },
    /// Import a TimelineJS sheet or JSON file, or an ACLED export, into the KB.
    Import {
        #[command(subcommand)]
        what: import::ImportCommand,
    },
    /// Draw annals' own SVG timeline (no Graphviz needed).
    Render(draw::RenderArgs),
    /// Re-run `check`, and the annals command after `--`, each time a file of the KB changes.
    Watch(watch::WatchArgs),
    /// Serve the page of `export html` on 127.0.0.1, reloading it when the KB changes.
    Serve(serve::ServeArgs),
    /// Print a completion script for a shell (`annals completions bash > …`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (`annals man > annals.1`).
    Man,
    /// Run the language server for editors (LSP over stdin and stdout).
    Lsp,
}

/// Event filters shared by `timeline` and the drawings.
#[derive(Debug, Args)]
struct Filters {
    /// Keep events this actor takes part in (repeatable).
    #[arg(long = "actor", value_name = "ID")]
    actors: Vec<String>,
    /// Keep events of this kind (repeatable).
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<String>,
    /// Keep events with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Keep events that may end on or after this date.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    from: Option<String>,
    /// Keep events that may start on or before this date.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    to: Option<String>,
    /// Keep only events that lie certainly within --from/--to.
    #[arg(long)]
    strict: bool,
    /// Keep events with an edge of this claim status (repeatable).
    #[arg(long = "status", value_name = "STATUS")]
    statuses: Vec<String>,
    /// Keep only what lies within --depth edges of this entity.
    #[arg(long, value_name = "ID")]
    around: Option<String>,
    /// How many edges from --around, in either direction.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    depth: usize,
}

impl Filters {
    fn to_args(&self) -> FilterArgs {
        FilterArgs {
            actors: self.actors.clone(),
            kinds: self.kinds.clone(),
            tags: self.tags.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            strict: self.strict,
            statuses: self.statuses.clone(),
            around: self.around.clone(),
            depth: self.depth,
        }
    }
}

/// A command's failure, already explained on stderr.
struct Failed(u8);

type Outcome = Result<(), Failed>;

/// Parses the command line, runs the command and returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failed(code)) => ExitCode::from(code),
    }
}

struct Ctx {
    global: Global,
    color_out: bool,
    color_err: bool,
}

fn color_enabled(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn run(cli: &Cli) -> Outcome {
    let g = &cli.global;
    let ctx = Ctx {
        global: Global {
            data: g.data.clone(),
            format: g.format,
            color: g.color,
            quiet: g.quiet,
            message_format: g.message_format,
            include_claims: g.include_claims,
            according_to: g.according_to.clone(),
            no_cache: g.no_cache,
        },
        color_out: color_enabled(g.color, io::stdout().is_terminal()),
        color_err: color_enabled(g.color, io::stderr().is_terminal()),
    };
    match &cli.command {
        Command::Check { deny, all } => cmd_check(&ctx, !deny.is_empty(), *all),
        Command::Timeline { filters } => cmd_timeline(&ctx, filters),
        Command::Show { id } => cmd_show(&ctx, id),
        Command::Date { expr, calendar } => cmd_date(&ctx, expr, calendar.calendar()),
        Command::Stats => cmd_stats(&ctx),
        Command::Path(args) => reason::cmd_path(&ctx, args),
        Command::Chain(args) => reason::cmd_chain(&ctx, args),
        Command::Between(args) => reason::cmd_between(&ctx, args),
        Command::Relate(args) => reason::cmd_relate(&ctx, args),
        Command::Init(args) => init::cmd_init(&ctx, args),
        Command::Add(command) => edit::cmd_add(&ctx, command),
        Command::Link(args) => edit::cmd_link(&ctx, args),
        Command::Unlink(args) => unlink::cmd_unlink(&ctx, args),
        Command::Set {
            id,
            field,
            value,
            dry_run,
        } => edit::cmd_set(&ctx, id, field, value, *dry_run),
        Command::Rm {
            id,
            cascade,
            dry_run,
        } => edit::cmd_rm(&ctx, id, *cascade, *dry_run),
        Command::Rename { old, new, dry_run } => edit::cmd_rename(&ctx, old, new, *dry_run),
        Command::AddTo(args) => lists::cmd_add_to(&ctx, args),
        Command::Fmt(args) => fmt::cmd_fmt(&ctx, args),
        Command::RemoveFrom(args) => lists::cmd_remove_from(&ctx, args),
        Command::Export { what } => draw::cmd_export(&ctx, what),
        Command::Import { what } => import::cmd_import(&ctx, what),
        Command::Render(args) => draw::cmd_render(&ctx, args),
        Command::Watch(args) => watch::cmd_watch(&ctx, args),
        Command::Serve(args) => serve::cmd_serve(&ctx, args),
        Command::Completions { shell } => docs::cmd_completions(*shell),
        Command::Man => docs::cmd_man(),
        Command::Lsp => cmd_lsp(&ctx),
    }
}

impl Ctx {
    fn message_format(&self) -> MessageFormat {
        match self.global.message_format {
            MessageFormatArg::Human => MessageFormat::Human,
            MessageFormatArg::Json => MessageFormat::Json,
        }
    }

    fn emit(&self, diags: &[Diagnostic], files: &SourceMap) {
        // Buffered: stderr is not, and a JSON object is written in many small pieces.
        let mut err = io::BufWriter::new(io::stderr().lock());
        let _ = diag::emit(
            &mut err,
            diags,
            files,
            self.message_format(),
            self.color_err,
        );
        let _ = err.flush();
    }

    /// Prints a diagnostic about the request itself (not the KB) and fails with 1.
    fn request_error(&self, message: &str, help: Option<&str>) -> Failed {
        let mut diag = Diagnostic::error("request", message);
        if let Some(help) = help {
            diag = diag.help(help);
        }
        self.emit(&[diag], &SourceMap::default());
        Failed(1)
    }

    /// Fails, naming the directory, when the KB directory a command must find (to write
    /// into, watch or serve) is not there.
    fn require_kb_dir(&self) -> Result<(), Failed> {
        let data = &self.global.data;
        if data.is_dir() {
            return Ok(());
        }
        let message = format!(
            "cannot read the knowledge base directory `{}`",
            data.display()
        );
        Err(self.request_error(
            &message,
            Some("point --data (or ANNALS_DATA) at a directory of `*.ron` files"),
        ))
    }

    fn filter_error(&self, err: FilterError) -> Failed {
        self.request_error(&err.message, err.help.as_deref())
    }

    /// Loads and checks the KB; on any error, prints the diagnostics and fails.
    fn load(&self) -> Result<(Kb, Analysis, Vec<Diagnostic>), Failed> {
        self.load_allowing_empty(false, false)
    }

    /// Loads and checks the KB; an empty KB is an error unless `empty_ok` (a writing
    /// command may start the first file). Unless the caller holds the write lock
    /// (`locked`), the files are read under a shared lock, after completing an
    /// interrupted edit, so that no edit is seen half applied.
    fn load_allowing_empty(
        &self,
        empty_ok: bool,
        locked: bool,
    ) -> Result<(Kb, Analysis, Vec<Diagnostic>), Failed> {
        let guard = if locked {
            None
        } else {
            crate::edit::read_lock(&self.global.data).map_err(|e| edit::report(self, e))?
        };
        // The cache is filled from this load when it is missing or stale; the files'
        // stamps are taken before they are read, so an edit made meanwhile is noticed.
        let slot = (!locked)
            .then(|| self.cache_slot())
            .flatten()
            .filter(|slot| slot.open().is_none());
        let stamps = slot.as_ref().and_then(|slot| slot.stamps());
        let loaded = crate::timing::phase("load", || load::load(&self.global.data));
        drop(guard);
        let (kb, mut diags) = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                let help = "point --data (or ANNALS_DATA) at a directory of `*.ron` files; the default is `data`".to_string();
                return Err(self.request_error(&err.to_string(), Some(&help)));
            }
        };
        if kb.files().is_empty() && !empty_ok {
            let message = format!("no `*.ron` files in `{}`", self.global.data.display());
            return Err(self.request_error(
                &message,
                Some("create one with `Chronicle()` in it, or start one with `annals add … --file NAME.ron`"),
            ));
        }
        let view = self.claim_view(&kb)?;
        let analysis = check::analyse(&kb, view, &mut diags);
        if let (Some(slot), Some(stamps)) = (slot, stamps) {
            crate::timing::phase("cache fill", || {
                self.fill_cache(&slot, stamps, &kb, &analysis, &diags)
            });
        }
        Ok((kb, analysis, diags))
    }

    /// Returns the claims this run takes as facts; an `--according-to` naming no actor
    /// fails the run.
    fn claim_view(&self, kb: &Kb) -> Result<ClaimView, Failed> {
        if self.global.include_claims {
            return Ok(ClaimView::All);
        }
        let mut parties = Vec::new();
        for id in &self.global.according_to {
            let sym = crate::query::filter::resolve_id(kb, id, crate::model::EntityType::Actor)
                .map_err(|err| self.filter_error(err))?;
            parties.push(sym);
        }
        Ok(ClaimView::according(parties))
    }

    /// Loads the KB for a reading command: errors fail it, warnings stay quiet.
    fn load_clean(&self) -> Result<(Kb, Analysis), Failed> {
        self.load_clean_allowing_empty(false, false)
    }

    /// Like [`Ctx::load_clean`], optionally accepting a KB with no files, and reading
    /// without the shared lock when the caller holds the write lock.
    fn load_clean_allowing_empty(
        &self,
        empty_ok: bool,
        locked: bool,
    ) -> Result<(Kb, Analysis), Failed> {
        let (kb, analysis, diags) = self.load_allowing_empty(empty_ok, locked)?;
        let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
        if !errors.is_empty() {
            self.emit(&errors, kb.files());
            let mut err = io::stderr().lock();
            let _ = writeln!(
                err,
                "error: the knowledge base has {} (run `annals check`)",
                plural(errors.len(), "error")
            );
            return Err(Failed(1));
        }
        Ok((kb, analysis))
    }
}

fn print(text: &str) -> Outcome {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// Writes to stdout through a buffer, for answers too big to build whole first.
fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Outcome {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`annals timeline | head`) is not an error of ours.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(_) => Err(Failed(1)),
    }
}

/// Prints a typed answer as pretty JSON, the form `--format json` promises, written
/// as it is serialised.
fn print_typed<T: serde::Serialize>(value: &T) -> Outcome {
    print_with(|out| {
        serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// A sequence serialised straight from its iterator, so that a long answer (a
/// timeline of every event) is never held whole.
struct Streamed<I>(std::cell::RefCell<Option<I>>);

impl<I> Streamed<I> {
    fn new(items: I) -> Self {
        Streamed(std::cell::RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: serde::Serialize> serde::Serialize for Streamed<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.borrow_mut().take() {
            Some(items) => serializer.collect_seq(items),
            None => Err(serde::ser::Error::custom("a stream is serialised once")),
        }
    }
}

/// Returns "1 error" or "3 errors".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Runs the language server until the client says `exit`; exits 1 when the client
/// went away without shutting the server down first (as LSP asks).
fn cmd_lsp(ctx: &Ctx) -> Outcome {
    match crate::lsp::run(&ctx.global.data) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Failed(1)),
        // The client closed the pipe: nothing is left to tell it.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Err(Failed(1)),
        Err(err) => {
            let _ = writeln!(io::stderr(), "error: annals lsp: {err}");
            Err(Failed(1))
        }
    }
}

fn cmd_check(ctx: &Ctx, deny_warnings: bool, all: bool) -> Outcome {
    // The cache keeps the report a terminal gets: the first of each code, no colour.
    if !all
        && ctx.message_format() == MessageFormat::Human
        && !ctx.color_err
        && let Some(snapshot) = ctx.snapshot()
    {
        return cached::check(ctx, deny_warnings, &snapshot);
    }
    let (kb, _, diags) = ctx.load()?;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    // JSON is for tools, which get every diagnostic; a terminal gets the first of each code.
    if all || ctx.message_format() == MessageFormat::Json {
        ctx.emit(&diags, kb.files());
    } else {
        let text = cached::report_text(&diags, kb.files(), ctx.color_err);
        let mut err = io::stderr().lock();
        let _ = err.write_all(&text);
    }
    let root = kb.root().display().to_string();
    check_summary(
        ctx,
        &root,
        cached::counts(&kb),
        errors,
        warnings,
        deny_warnings,
    )
}

/// Prints `check`'s summary (unless `-q` or JSON) and fails when errors were found, or
/// warnings with `--deny warnings`.
fn check_summary(
    ctx: &Ctx,
    root: &str,
    counts: [usize; 6],
    errors: usize,
    warnings: usize,
    deny_warnings: bool,
) -> Outcome {
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    if !ctx.global.quiet && ctx.message_format() == MessageFormat::Human {
        let [files, actors, places, sources, events, relations] = counts;
        let summary = format!(
            "{root} in {}: {}, {}, {}, {}, {}",
            plural(files, "file"),
            plural(actors, "actor"),
            plural(places, "place"),
            plural(sources, "source"),
            plural(events, "event"),
            plural(relations, "relation"),
        );
        let verdict = match (errors, warnings) {
            (0, 0) => "ok".to_string(),
            (0, w) => format!("ok with {}", plural(w, "warning")),
            (e, 0) => format!("failed: {}", plural(e, "error")),
            (e, w) => format!("failed: {}, {}", plural(e, "error"), plural(w, "warning")),
        };
        let verdict = if errors == 0 && failed {
            format!("failed: {} denied", plural(warnings, "warning"))
        } else {
            verdict
        };
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "{summary}\n{verdict}");
    }
    if failed { Err(Failed(1)) } else { Ok(()) }
}

fn cmd_timeline(ctx: &Ctx, filters: &Filters) -> Outcome {
    if let Some(snapshot) = ctx.snapshot()
        && let Some(outcome) = cached::timeline(ctx, filters, &snapshot)
    {
        return outcome;
    }
    let (kb, analysis) = ctx.load_clean()?;
    let filter = Filter::resolve(&kb, analysis.graph(), &filters.to_args())
        .map_err(|e| ctx.filter_error(e))?
        .under(&kb, analysis.view());
    let bounds = &reason::infer(ctx, &kb, &analysis)?.bounds;
    let order = timeline::timeline(&kb, &filter, bounds);
    match ctx.global.format {
        Format::Json => print_typed(&Streamed::new(timeline::row_iter(&kb, &order, bounds))),
        format => {
            let rows = timeline::rows(&kb, &order, bounds);
            print(&render::timeline(&rows, format, ctx.color_out))
        }
    }
}

fn cmd_show(ctx: &Ctx, id: &str) -> Outcome {
    if ctx.global.format != Format::Csv
        && let Some(snapshot) = ctx.snapshot()
        && let Some(outcome) = cached::show(ctx, id, &snapshot)
    {
        return outcome;
    }
    let (kb, analysis) = ctx.load_clean()?;
    let entity = resolve_any(&kb, id).map_err(|e| ctx.filter_error(e))?;
    // Only an event's bounds are inferred, so only an event can meet a contradiction.
    let bounds: &[EventBounds] = match entity {
        Entity::Event(_) => &reason::infer(ctx, &kb, &analysis)?.bounds,
        _ => &[],
    };
    let shown = show::show(&kb, analysis.graph(), bounds, entity);
    match ctx.global.format {
        Format::Json => print_typed(&shown),
        Format::Table | Format::Md => print(&render::show(&shown, ctx.global.format == Format::Md)),
        Format::Csv => Err(usage_error(
            "`show` has no CSV form; use --format table, md or json",
        )),
    }
}

fn cmd_stats(ctx: &Ctx) -> Outcome {
    if let Some(snapshot) = ctx.snapshot() {
        return cached::stats(ctx, &snapshot);
    }
    let (kb, analysis) = ctx.load_clean()?;
    let stats = stats::stats(&kb, analysis.graph());
    match ctx.global.format {
        Format::Json => print_typed(&stats),
        format => print(&render::stats(&stats, format)),
    }
}

fn usage_error(message: &str) -> Failed {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "error: {message}");
    Failed(2)
}

/// The calendars `annals date --calendar` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum CalendarArg {
    /// The proleptic Gregorian calendar (the default).
    Gregorian,
    /// The Julian calendar.
    Julian,
}

impl CalendarArg {
    fn calendar(self) -> Calendar {
        match self {
            CalendarArg::Gregorian => Calendar::Gregorian,
            CalendarArg::Julian => Calendar::Julian,
        }
    }
}

fn cmd_date(ctx: &Ctx, expr: &str, calendar: Calendar) -> Outcome {
    if matches!(ctx.global.format, Format::Csv | Format::Md) {
        return Err(usage_error(
            "`date` has no CSV or Markdown form; use --format table or json",
        ));
    }
    let json_out = ctx.global.format == Format::Json;
    match DateExplanation::of_in(expr, calendar) {
        Ok(date) if json_out => print_typed(&date),
        Ok(date) => print(&date_table(&date)),
        Err(invalid) => {
            if json_out {
                print_typed(&invalid)?;
            } else {
                let mut files = SourceMap::default();
                let file = files.add(SourceFile::new(
                    PathBuf::from("<date>"),
                    "<date>".into(),
                    expr.to_string(),
                ));
                let start = invalid.bytes.start.min(expr.len());
                // At least one character under the caret, ending on a character boundary.
                let mut end = invalid.bytes.end.max(start + 1).min(expr.len().max(1));
                while end < expr.len() && !expr.is_char_boundary(end) {
                    end += 1;
                }
                let diag =
                    Diagnostic::error("invalid-date", format!("invalid date: {}", invalid.error))
                        .at(Span::new(file, start, end))
                        .maybe_help(invalid.help);
                ctx.emit(&[diag], &files);
            }
            Err(Failed(1))
        }
    }
}

/// Renders `date` output for people.
fn date_table(date: &DateExplanation) -> String {
    use std::fmt::Write as _;
    let bound = |point: &Option<String>, end: End| match (point, end) {
        (Some(point), _) => point.clone(),
        (None, End::Open) => "open (..)".to_string(),
        (None, _) => "unknown".to_string(),
    };
    let mut qualifiers = Vec::new();
    if date.uncertain {
        qualifiers.push("uncertain");
    }
    if date.approximate {
        qualifiers.push("approximate");
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", render::plain(date.input));
    // A phrase in words shows the EDTF it reads as; an EDTF input is its own form.
    if date.edtf != date.input {
        let _ = writeln!(out, "  edtf        {}", render::plain(&date.edtf));
    }
    let _ = writeln!(out, "  valid       yes, EDTF level {}", date.level);
    let _ = writeln!(out, "  meaning     {}", date.meaning);
    let _ = writeln!(out, "  precision   {}", date.precision);
    if let Some(shown) = &date.shown {
        let _ = writeln!(out, "  calendar    {}", render::plain(shown));
    }
    let _ = writeln!(
        out,
        "  qualifiers  {}",
        if qualifiers.is_empty() {
            "none".to_string()
        } else {
            qualifiers.join(", ")
        }
    );
    let _ = writeln!(out, "  earliest    {}", bound(&date.lower, date.lower_end));
    let _ = writeln!(out, "  latest      {}", bound(&date.upper, date.upper_end));
    if let Some(weekday) = date.weekday {
        let _ = writeln!(out, "  weekday     {weekday}");
    }
    out
}

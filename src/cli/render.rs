//! Text forms of answers: aligned tables, CSV, Markdown, and the human layout of
//! `show`, `stats` and `date`.

use std::fmt::Write;
use std::io::IsTerminal;

use comfy_table::{Attribute, Cell, ColumnConstraint, ContentArrangement, Table, Width};

use crate::claims::Position;
use crate::cli::Format;
use crate::query::show::{Fields, Shown, ShownBounds, ShownDate, ShownEdge};
use crate::query::stats::Stats;
use crate::query::timeline::{Row, RowActor};

/// Renders timeline rows as a table, CSV or Markdown.
pub fn timeline(rows: &[Row], format: Format, color: bool) -> String {
    let headers = ["date", "kind", "title", "actors"];
    let data: Vec<[String; 4]> = rows
        .iter()
        .map(|row| {
            let written = row.date_text();
            let date = match &row.duration {
                Some(duration) => format!("{written} ({duration})"),
                None => written,
            };
            let actors: Vec<String> = row.actors.iter().map(RowActor::label).collect();
            [
                date,
                row.kind.to_string(),
                row.title_text(),
                actors.join(", "),
            ]
        })
        .collect();
    match format {
        Format::Csv => timeline_csv(rows, false),
        Format::Md => markdown(&headers, data.iter().map(|r| r.as_slice())),
        _ => {
            let mut table = new_table(color);
            table.set_header(headers.iter().map(|h| header_cell(h)));
            for row in &data {
                table.add_row(row.iter().map(|c| Cell::new(plain(c))));
            }
            if let Some(column) = table.column_mut(0) {
                column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(30)));
            }
            if let Some(column) = table.column_mut(1) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
            if let Some(column) = table.column_mut(3) {
                column.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(25)));
            }
            let mut out = table.trim_fmt();
            out.push('\n');
            out
        }
    }
}

/// Writes the timeline as CSV for programs: one row per event with its id, the date as
/// written, the (possibly inferred) bounds and every reference. With `for_spreadsheets`
/// (`export csv` without `--raw`), a cell that a spreadsheet would run as a formula is
/// prefixed with `'` ([`crate::export::escape::spreadsheet_cell`]).
pub(super) fn timeline_csv(rows: &[Row], for_spreadsheets: bool) -> String {
    let headers = [
        "id", "date", "start", "end", "inferred", "duration", "kind", "title", "actors", "place",
        "tags", "sources", "status",
    ];
    let data: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let actors: Vec<String> = row.actors.iter().map(RowActor::csv).collect();
            let text = |s: Option<&str>| s.unwrap_or_default().to_string();
            vec![
                row.id.to_string(),
                text(row.date),
                text(row.start.as_deref()),
                text(row.end.as_deref()),
                row.inferred.to_string(),
                text(row.duration.as_deref()),
                row.kind.to_string(),
                row.title.to_string(),
                actors.join(" "),
                text(row.place),
                row.tags.join(" "),
                row.sources.join(" "),
                row.status.to_string(),
            ]
        })
        .map(|cells: Vec<String>| {
            if for_spreadsheets {
                cells
                    .into_iter()
                    .map(|c| crate::export::escape::spreadsheet_cell(&c).into_owned())
                    .collect()
            } else {
                cells
            }
        })
        .collect();
    csv(&headers, data.iter().map(Vec::as_slice))
}

fn new_table(color: bool) -> Table {
    let mut table = Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // Wrap to $COLUMNS, else to the terminal when there is one, else to 80 columns.
    match terminal_width() {
        Some(width) => {
            table.set_width(width);
        }
        // A terminal that reports no size (some containers) gets 80 columns too.
        None if std::io::stdout().is_terminal() && table.width().is_some_and(|w| w >= 40) => {}
        None => {
            table.set_width(80);
        }
    }
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

fn terminal_width() -> Option<u16> {
    if let Some(cols) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(cols);
    }
    None
}

fn header_cell(text: &str) -> Cell {
    Cell::new(text.to_uppercase()).add_attribute(Attribute::Bold)
}

/// Shows control characters escaped (`\u{1b}`) so that KB text cannot move the cursor,
/// recolour a terminal or reverse the text around it (bidirectional controls), as in
/// diagnostics; line breaks and tabs become spaces, and a cell longer than
/// [`crate::diag::MAX_MESSAGE`] characters is cut with an ellipsis (SPEC §6).
pub fn plain(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::diag::safe_cell(&spaced)
}

/// Writes RFC 4180 CSV: fields with a comma, quote or line break are quoted.
pub fn csv<'a>(headers: &[&str], rows: impl Iterator<Item = &'a [String]>) -> String {
    let mut out = String::new();
    let line = |out: &mut String, fields: &mut dyn Iterator<Item = &str>| {
        let fields: Vec<String> = fields.map(csv_field).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(&mut out, &mut headers.iter().copied());
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Writes a GitHub-flavoured Markdown table; text is escaped so it cannot break the
/// table or inject HTML.
pub fn markdown<'a>(headers: &[&str], rows: impl Iterator<Item = &'a [String]>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md_escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// Escapes text for a Markdown table cell.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push_str("\\`"),
            '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Renders `show` output for people (or as Markdown).
pub fn show(v: &Shown, md: bool) -> String {
    let mut out = String::new();
    let esc = |t: &str| if md { md_escape(t) } else { plain(t) };
    let (ty, id, name) = (v.ty.as_str(), plain(v.id), plain(v.fields.name()));
    if md {
        let _ = writeln!(out, "## {ty} `{id}`: {}\n", esc(&name));
    } else {
        let _ = writeln!(out, "{ty} {id}  {name}");
    }
    for (label, value) in show_fields(v, md) {
        if md {
            let _ = writeln!(out, "- **{label}**: {value}");
        } else {
            let _ = writeln!(out, "  {label:<10} {value}");
        }
    }
    for (edges, arrow, title) in [(&v.out, "→", "edges out"), (&v.incoming, "←", "edges in")] {
        if edges.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}{title} ({})",
            if md { "\n### " } else { "\n" },
            edges.len()
        );
        for edge in edges {
            let line = show_edge(edge, arrow, &esc);
            if md {
                let _ = writeln!(out, "- {line}");
            } else {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    out
}

/// Returns the labelled fields of `show`, in the order they are shown.
fn show_fields(v: &Shown, md: bool) -> Vec<(&'static str, String)> {
    let esc = |t: &str| if md { md_escape(t) } else { plain(t) };
    let mut fields = vec![("defined", plain(&v.location))];
    if let Some(kind) = v.fields.kind() {
        fields.push(("kind", esc(&plain(kind))));
    }
    // An entity that is only claimed says so before anything else.
    for position in &v.claims {
        fields.push(("claimed", show_position(position, &esc)));
    }
    let date = |d: &ShownDate| {
        let bound = |b: &Option<String>| b.clone().unwrap_or_else(|| "unbounded".into());
        let (start, end) = (bound(&d.start), bound(&d.end));
        format!(
            "{} ({}; {start} .. {end})",
            plain(d.text),
            plain(&d.meaning)
        )
    };
    match &v.fields {
        Fields::Actor(a) => {
            for (label, born_or_died) in [("born", &a.born), ("died", &a.died)] {
                if let Some(d) = born_or_died {
                    fields.push((label, date(d)));
                }
            }
        }
        Fields::Place(_) => {}
        Fields::Source(s) => {
            for (label, text) in [
                ("publisher", s.publisher),
                ("author", s.author),
                ("url", s.url),
            ] {
                if let Some(text) = text {
                    fields.push((label, esc(&plain(text))));
                }
            }
            if let Some(d) = &s.date {
                fields.push(("date", date(d)));
            }
        }
        Fields::Event(e) => {
            fields.push(("date", e.date.as_ref().map_or("undated".into(), date)));
            if let Some(bounds) = &v.bounds {
                fields.extend(show_bounds(bounds));
            }
            if let Some(d) = &e.duration {
                fields.push((
                    "duration",
                    format!("{} ({})", plain(&d.iso), plain(&d.text)),
                ));
            }
        }
    }
    for (label, list) in [("aliases", v.fields.aliases()), ("tags", v.fields.tags())] {
        if !list.is_empty() {
            let items: Vec<String> = list.iter().map(|x| esc(&plain(x))).collect();
            fields.push((label, items.join(", ")));
        }
    }
    if let Some(note) = v.fields.note() {
        fields.push(("note", esc(&plain(note))));
    }
    let attrs = &v.fields.attrs().0;
    if !attrs.is_empty() {
        let items: Vec<String> = attrs
            .iter()
            .map(|(k, value)| format!("{} = {}", esc(k), esc(&plain(value))))
            .collect();
        let joiner = if md { ", " } else { "\n             " };
        fields.push(("attrs", items.join(joiner)));
    }
    fields
}

/// Returns the `starts` and `ends` lines of an event: the inferred range, and the
/// given one when inference narrowed it.
fn show_bounds(bounds: &ShownBounds) -> [(&'static str, String); 2] {
    let range = |pair: &[Option<String>; 2]| {
        let side = |b: &Option<String>| b.as_deref().unwrap_or("unbounded").to_string();
        format!("{} .. {}", side(&pair[0]), side(&pair[1]))
    };
    let line = |given: &[Option<String>; 2], inferred: &[Option<String>; 2]| {
        let (given, inferred) = (range(given), range(inferred));
        if given == inferred {
            given
        } else {
            format!("{inferred} (inferred; given {given})")
        }
    };
    let (given, inferred) = (&bounds.given, &bounds.inferred);
    [
        ("starts", line(&given.start, &inferred.start)),
        ("ends", line(&given.end, &inferred.end)),
    ]
}

/// Returns one edge line of `show`, without its list marker.
fn show_edge(e: &ShownEdge, arrow: &str, esc: &dyn Fn(&str) -> String) -> String {
    let mut line = format!(
        "{arrow} {} {} `{}` {}",
        plain(e.label),
        e.ty.as_str(),
        plain(e.id),
        esc(&plain(e.name))
    );
    if !e.stated {
        let _ = write!(line, "  [{}]", plain(e.status).to_uppercase());
    }
    if let Some(gap) = &e.gap {
        let _ = write!(line, "  gap {}", plain(gap));
    }
    let _ = write!(line, "  ({})", plain(&e.location));
    for position in &e.claims {
        let _ = write!(line, "\n      {}", show_position(position, esc));
    }
    line
}

/// Returns one position of an edge or entity in `show`: status and claimants by
/// name, sources, note and where it is written.
pub fn show_position(p: &Position, esc: &dyn Fn(&str) -> String) -> String {
    let mut line = esc(&plain(&p.wording()));
    if !p.sources.is_empty() {
        let list: Vec<String> = p.sources.iter().map(|s| plain(s)).collect();
        let _ = write!(line, "  sources: {}", list.join(", "));
    }
    if let Some(note) = p.note {
        let _ = write!(line, "  note: {}", esc(&plain(note)));
    }
    let _ = write!(line, "  ({})", plain(&p.location));
    line
}

/// Renders `stats` output as a table, CSV or Markdown.
pub fn stats(stats: &Stats, format: Format) -> String {
    let mut rows: Vec<[String; 3]> = Vec::new();
    rows.push(["files".into(), String::new(), stats.files.to_string()]);
    for (name, n) in stats.entities.named() {
        rows.push(["entities".into(), name.into(), n.to_string()]);
    }
    let events = [
        ("dated", stats.events_dated),
        ("undated", stats.events_undated),
    ];
    for (name, n) in events {
        rows.push(["events".into(), name.into(), n.to_string()]);
    }
    rows.push([
        "relations".into(),
        String::new(),
        stats.relations.to_string(),
    ]);
    rows.push(["edges".into(), String::new(), stats.edges.to_string()]);
    for (counts, label) in [
        (&stats.event_kinds, "event kind"),
        (&stats.actor_kinds, "actor kind"),
        (&stats.roles, "role"),
        (&stats.relation_kinds, "relation kind"),
        (&stats.claim_statuses, "claim status"),
        (&stats.claimants, "claimant"),
    ] {
        for (name, n) in counts {
            rows.push([label.into(), name.to_string(), n.to_string()]);
        }
    }
    let headers = ["group", "name", "count"];
    match format {
        Format::Csv => csv(&headers, rows.iter().map(|r| r.as_slice())),
        Format::Md => markdown(&headers, rows.iter().map(|r| r.as_slice())),
        _ => {
            let mut out = String::new();
            let mut last = String::new();
            for [group, name, count] in &rows {
                let shown = if *group == last { "" } else { group.as_str() };
                let _ = writeln!(out, "{shown:<14} {name:<22} {count:>7}");
                last = group.clone();
            }
            out
        }
    }
}

//! Reading TimelineJS timelines: the Google Sheets template as CSV, and the JSON
//! that TimelineJS (and `annals export timelinejs`) reads.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde_json::Value;

use crate::date::Edtf;
use crate::edit::EditError;
use crate::edit::format;
use crate::import::{Import, Record, RowError, attrs, html_to_text, refuse_rows, slug};

/// The columns of the TimelineJS Google Sheets template, in its order.
pub const COLUMNS: &[&str] = &[
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Alt Text",
    "Type",
    "Group",
    "Background",
];

/// Older spellings the template has used, and the column each stands for.
const ALIASES: &[(&str, &str)] = &[("Tag", "Group"), ("Start Date", ""), ("End Date", "")];

/// What a TimelineJS group becomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupAs {
    /// A tag of the event (the default).
    #[default]
    Tag,
    /// An actor taking part in the event.
    Actor,
}

/// One slide, whatever the file it came from.
#[derive(Clone, Debug, Default)]
struct Slide {
    at: String,
    unique_id: Option<String>,
    start: Option<String>,
    end: Option<String>,
    display: Option<String>,
    headline: String,
    text: String,
    media: Option<String>,
    credit: Option<String>,
    caption: Option<String>,
    kind: String,
    group: Option<String>,
}

/// Reads a TimelineJS CSV or JSON file (told apart by its first character).
/// `source_id` is the id of the source standing for the file; every event cites it.
/// Every bad row is reported at once, and then nothing is imported.
///
/// A sheet (CSV) is streamed from `input` one row at a time; JSON is read whole
/// (TimelineJS JSON files are small).
pub fn read(
    origin: &str,
    mut input: impl BufRead,
    group_as: GroupAs,
    source_id: &str,
) -> Result<Import, EditError> {
    super::skip_bom(&mut input)?;
    let io = |e: std::io::Error| EditError::Io(format!("cannot read `{origin}`: {e}"));
    let first = input
        .fill_buf()
        .map_err(io)?
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace());
    let mut errors = Vec::new();
    let slides = if first == Some(b'{') {
        let mut text = String::new();
        input.read_to_string(&mut text).map_err(io)?;
        from_json(&text, &mut errors)?
    } else {
        from_csv(input, &mut errors)?
    };
    build(origin, source_id, slides, group_as, errors)
}

/// Returns the EDTF of a TimelineJS date at the precision given. TimelineJS counts
/// years BCE without a year 0 (44 BCE is `-44`); EDTF counts astronomically (`-0043`).
/// A year ending in `~` or starting with `c.` is approximate.
fn edtf(year: &str, month: &str, day: &str, time: &str) -> Result<Option<String>, String> {
    let year = year.trim();
    if year.is_empty() {
        return Ok(None);
    }
    let (year, approximate) = match year.strip_suffix('~').or_else(|| year.strip_prefix("c.")) {
        Some(y) => (y.trim(), true),
        None => (year, false),
    };
    let y: i64 = year
        .parse()
        .map_err(|_| format!("the year `{year}` is not a whole number"))?;
    let astronomical = match y {
        0 => return Err("TimelineJS has no year 0 (1 BCE is `-1`)".into()),
        y if y < 0 => y + 1,
        y => y,
    };
    let mut out = if astronomical < 0 {
        format!("-{:04}", -astronomical)
    } else {
        format!("{astronomical:04}")
    };
    for (part, what) in [(month.trim(), "month"), (day.trim(), "day")] {
        if part.is_empty() {
            break;
        }
        let n: u32 = part
            .parse()
            .map_err(|_| format!("the {what} `{part}` is not a number"))?;
        out.push_str(&format!("-{n:02}"));
    }
    let time = time.trim();
    if !time.is_empty() && out.len() >= 10 {
        out.push_str(&format!("T{}", clock(time)?));
    }
    if approximate {
        out.push('~');
    }
    Ok(Some(out))
}

/// Returns `HH:MM:SS` for a time cell (`11:48`, `11:48:05`, `9:05 PM`).
fn clock(time: &str) -> Result<String, String> {
    let lower = time.trim().to_ascii_lowercase();
    let (body, meridiem) = match (lower.strip_suffix("pm"), lower.strip_suffix("am")) {
        (Some(b), _) => (b.trim(), Some(12)),
        (_, Some(b)) => (b.trim(), Some(0)),
        _ => (lower.as_str(), None),
    };
    let numbers: Option<Vec<u32>> = body.split(':').map(|p| p.trim().parse().ok()).collect();
    let (hour, minute, second) = match numbers.as_deref() {
        Some(&[h, m]) => (h, m, 0),
        Some(&[h, m, s]) => (h, m, s),
        _ => return Err(format!("the time `{time}` is not `HH:MM` or `HH:MM:SS`")),
    };
    let hour = match meridiem {
        Some(shift) if hour <= 12 => hour % 12 + shift,
        _ => hour,
    };
    Ok(format!("{hour:02}:{minute:02}:{second:02}"))
}

/// Returns the checked EDTF of a start and an end: `start` alone, or `start/end`.
fn date(start: Option<String>, end: Option<String>) -> Result<Option<String>, String> {
    let text = match (start, end) {
        (Some(s), Some(e)) => format!("{s}/{e}"),
        (Some(s), None) => s,
        (None, Some(_)) => return Err("an end date without a start date".into()),
        (None, None) => return Ok(None),
    };
    match Edtf::parse(&text) {
        Ok(_) => Ok(Some(text)),
        Err(err) => Err(format!("impossible date `{text}`: {}", err.message)),
    }
}

/// Reads the rows of a sheet; a missing or unknown column refuses the whole file.
fn from_csv(input: impl BufRead, errors: &mut Vec<RowError>) -> Result<Vec<Slide>, EditError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| EditError::refused(format!("cannot read the CSV header: {e}"), None))?
        .clone();
    let mut index = BTreeMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim();
        let column = ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
            .map(|(alias, to)| if to.is_empty() { *alias } else { *to })
            .or_else(|| {
                COLUMNS
                    .iter()
                    .copied()
                    .find(|c| c.eq_ignore_ascii_case(name))
            });
        match column {
            Some(column) => {
                index.insert(column, i);
            }
            None => return Err(columns_refusal(&format!("unknown column `{name}`"))),
        }
    }
    if !index.contains_key("Headline")
        || !(index.contains_key("Year") || index.contains_key("Start Date"))
    {
        return Err(columns_refusal(
            "the sheet lacks `Headline`, or both `Year` and `Start Date`",
        ));
    }
    let mut slides = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| EditError::refused(format!("cannot read the CSV: {e}"), None))?
    {
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .to_string()
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match csv_slide(&cell, line) {
            Ok(slide) => slides.push(slide),
            Err(message) => errors.push(RowError {
                at: format!("line {line}"),
                message,
            }),
        }
    }
    Ok(slides)
}

/// Returns the refusal of a sheet whose columns are not the template's.
fn columns_refusal(problem: &str) -> EditError {
    EditError::refused(
        format!("the CSV is not a TimelineJS sheet: {problem}"),
        Some(format!(
            "the template's columns are: {} (`Tag` for `Group`, `Start Date`/`End Date` for the date columns)",
            COLUMNS.join(", ")
        )),
    )
}

/// Returns the slide of one sheet row.
fn csv_slide(cell: &dyn Fn(&str) -> String, line: u64) -> Result<Slide, String> {
    let (start, end) = if cell("Year").trim().is_empty() && !cell("Start Date").trim().is_empty() {
        (old_date(&cell("Start Date"))?, old_date(&cell("End Date"))?)
    } else {
        (
            edtf(&cell("Year"), &cell("Month"), &cell("Day"), &cell("Time"))?,
            edtf(
                &cell("End Year"),
                &cell("End Month"),
                &cell("End Day"),
                &cell("End Time"),
            )?,
        )
    };
    let kind = cell("Type").trim().to_ascii_lowercase();
    if kind != "title" && start.is_none() {
        return Err("no `Year`: TimelineJS cannot place a slide without one".into());
    }
    let headline = html_to_text(&cell("Headline"));
    if headline.is_empty() && kind != "title" {
        return Err("no `Headline`".into());
    }
    Ok(Slide {
        at: format!("line {line}"),
        unique_id: None,
        start,
        end,
        display: Some(cell("Display Date")),
        headline,
        text: html_to_text(&cell("Text")),
        media: Some(cell("Media")),
        credit: Some(html_to_text(&cell("Media Credit"))),
        caption: Some(html_to_text(&cell("Media Caption"))),
        kind,
        group: Some(cell("Group")),
    })
}

/// Returns the EDTF of an old-style `Start Date` cell (`1969,7,20` or `1969/07/20`).
fn old_date(cell: &str) -> Result<Option<String>, String> {
    let parts: Vec<&str> = cell.trim().split([',', '/']).map(str::trim).collect();
    match parts.as_slice() {
        [""] => Ok(None),
        [y] => edtf(y, "", "", ""),
        [y, m] => edtf(y, m, "", ""),
        [y, m, d, ..] => edtf(y, m, d, ""),
        [] => Ok(None),
    }
}

/// Reads a TimelineJS JSON file.
fn from_json(text: &str, errors: &mut Vec<RowError>) -> Result<Vec<Slide>, EditError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        EditError::refused(
            format!("the file is not valid JSON: {e}"),
            Some("a TimelineJS JSON file is an object with `events` (and optionally `title` and `eras`)".into()),
        )
    })?;
    let Some(events) = value.get("events").and_then(Value::as_array) else {
        return Err(EditError::refused(
            "the JSON has no `events` list: it is not a TimelineJS timeline",
            Some("a TimelineJS JSON file is an object with `events` (and optionally `title` and `eras`)".into()),
        ));
    };
    let mut slides = Vec::new();
    if let Some(title) = value.get("title") {
        slides.extend(json_slide(title, "the title slide", "title", errors));
    }
    for (i, event) in events.iter().enumerate() {
        slides.extend(json_slide(event, &format!("event {}", i + 1), "", errors));
    }
    let eras = value.get("eras").and_then(Value::as_array);
    for (i, era) in eras.into_iter().flatten().enumerate() {
        slides.extend(json_slide(era, &format!("era {}", i + 1), "era", errors));
    }
    Ok(slides)
}

/// Returns a string field of a JSON object (numbers written as text).
fn field(value: &Value, name: &str) -> String {
    match value.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Returns the EDTF of a TimelineJS date object.
fn json_date(value: Option<&Value>) -> Result<Option<String>, String> {
    let Some(v) = value.filter(|v| v.is_object()) else {
        return Ok(None);
    };
    let time = match field(v, "hour").as_str() {
        "" => String::new(),
        hour => {
            let minute = field(v, "minute");
            let second = field(v, "second");
            format!(
                "{hour}:{}:{}",
                if minute.is_empty() { "0" } else { &minute },
                if second.is_empty() { "0" } else { &second }
            )
        }
    };
    edtf(
        &field(v, "year"),
        &field(v, "month"),
        &field(v, "day"),
        &time,
    )
}

/// Returns the slide of one JSON object, or records why it cannot be read.
fn json_slide(value: &Value, at: &str, kind: &str, errors: &mut Vec<RowError>) -> Option<Slide> {
    let text = value.get("text").cloned().unwrap_or_default();
    let media = value.get("media").cloned().unwrap_or_default();
    let dates = json_date(value.get("start_date"))
        .and_then(|s| json_date(value.get("end_date")).map(|e| (s, e)));
    let (start, end) = match dates {
        Ok(dates) => dates,
        Err(message) => {
            errors.push(RowError {
                at: at.into(),
                message,
            });
            return None;
        }
    };
    let headline = html_to_text(&field(&text, "headline"));
    if kind != "title" && (start.is_none() || headline.is_empty()) {
        let missing = if start.is_none() {
            "`start_date`"
        } else {
            "`text.headline`"
        };
        errors.push(RowError {
            at: at.into(),
            message: format!("no {missing}"),
        });
        return None;
    }
    Some(Slide {
        at: at.into(),
        unique_id: Some(field(value, "unique_id")).filter(|u| !u.is_empty()),
        start,
        end,
        display: Some(html_to_text(&field(value, "display_date"))),
        headline,
        text: html_to_text(&field(&text, "text")),
        media: Some(field(&media, "url")),
        credit: Some(html_to_text(&field(&media, "credit"))),
        caption: Some(html_to_text(&field(&media, "caption"))),
        kind: kind.into(),
        group: Some(html_to_text(&field(value, "group"))),
    })
}

/// Turns slides into records: ids, dates, notes, sources, tags or actors.
fn build(
    origin: &str,
    origin_id: &str,
    slides: Vec<Slide>,
    group_as: GroupAs,
    mut errors: Vec<RowError>,
) -> Result<Import, EditError> {
    let mut import = Import {
        format: "timelinejs",
        origin: origin.into(),
        ..Import::default()
    };
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    // The imported file is the source every event cites.
    import.sources.push(
        Record::new("Source", origin_id)
            .string("title", origin)
            .string("note", "The file imported by `annals import timelinejs`."),
    );
    ids.insert(origin_id.into(), "the imported file's source".into());
    for slide in slides {
        if slide.kind == "title" {
            import.title = Some(slide.headline).filter(|t| !t.is_empty());
            import.summary = Some(slide.text).filter(|t| !t.is_empty());
            continue;
        }
        let date = match date(slide.start.clone(), slide.end.clone()) {
            // `annals export timelinejs` places an undated event at its inferred start
            // and says so in its display date: it stays undated.
            Ok(_)
                if slide
                    .display
                    .as_deref()
                    .is_some_and(|d| d.ends_with("(inferred)")) =>
            {
                None
            }
            Ok(date) => date,
            Err(message) => {
                errors.push(RowError {
                    at: slide.at,
                    message,
                });
                continue;
            }
        };
        // Without a `unique_id` the headline names the event, and its date too when
        // another slide has the same headline: ids stay the same on each import.
        let id = match &slide.unique_id {
            Some(unique) => slug(unique, "event"),
            None if !ids.contains_key(&slug(&slide.headline, "event")) => {
                slug(&slide.headline, "event")
            }
            None => slug(
                &format!("{} {}", slide.headline, date.as_deref().unwrap_or("")),
                "event",
            ),
        };
        if let Some(first) = ids.insert(id.clone(), slide.at.clone()) {
            errors.push(RowError {
                at: slide.at,
                message: format!("the id `{id}` is also the id of {first}"),
            });
            continue;
        }
        event(&mut import, &slide, [id, origin_id.into()], date, group_as);
    }
    if !errors.is_empty() {
        return Err(refuse_rows(origin, errors));
    }
    if import.events.is_empty() {
        return Err(EditError::refused(
            format!("`{origin}` has no events to import"),
            None,
        ));
    }
    Ok(import)
}

/// Adds the records of one slide: its event, and its source and actor if any.
fn event(
    import: &mut Import,
    slide: &Slide,
    [id, origin]: [String; 2],
    date: Option<String>,
    group_as: GroupAs,
) {
    let mut sources = vec![origin];
    let mut record = Record::new("Event", &id)
        .string("title", &slide.headline)
        .maybe("date", date.as_deref());
    if slide.kind == "era" {
        import.event_kinds.insert("era".into());
        record = record.raw("kind", "era".into());
    }
    let group = slide.group.as_deref().map(str::trim).unwrap_or("");
    if !group.is_empty() {
        let group_id = slug(group, "group");
        match group_as {
            GroupAs::Tag => record = record.raw("tags", format::string_list(&[group_id])),
            GroupAs::Actor => {
                record = record.raw(
                    "actors",
                    format!("[({}, participant)]", format::string(&group_id)),
                );
                if !import.actors.iter().any(|a| a.id == group_id) {
                    import
                        .actors
                        .push(Record::new("Actor", &group_id).string("name", group));
                }
            }
        }
    }
    let media = slide.media.as_deref().map(str::trim).unwrap_or("");
    if !media.is_empty() {
        let source_id = format!("{id}.media");
        let title = [slide.caption.as_deref(), slide.credit.as_deref()]
            .into_iter()
            .flatten()
            .find(|t| !t.trim().is_empty())
            .unwrap_or(media);
        import.sources.push(
            Record::new("Source", &source_id)
                .string("title", title)
                .string("url", media)
                .maybe("author", slide.credit.as_deref()),
        );
        sources.push(source_id);
    }
    record = record.raw("sources", format::string_list(&sources));
    record = record.maybe("note", Some(&slide.text));
    let display = slide.display.clone().unwrap_or_default();
    if let Some(map) = attrs(&[("display_date", display)]) {
        record = record.raw("attrs", map);
    }
    import.events.push(record);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelinejs_dates_become_edtf_at_their_precision() {
        let date = |y, m, d, t| edtf(y, m, d, t).expect("valid");
        assert_eq!(date("-44", "3", "15", ""), Some("-0043-03-15".into()));
        assert_eq!(date("-1", "", "", ""), Some("0000".into()));
        assert_eq!(date("2021", "2", "", ""), Some("2021-02".into()));
        assert_eq!(
            date("1969", "7", "20", "20:17"),
            Some("1969-07-20T20:17:00".into())
        );
        assert_eq!(
            date("1969", "7", "21", "2:56 AM"),
            Some("1969-07-21T02:56:00".into())
        );
        assert_eq!(
            date("1969", "7", "21", "12:05 pm"),
            Some("1969-07-21T12:05:00".into())
        );
        assert_eq!(date("c.1500", "", "", ""), Some("1500~".into()));
        assert_eq!(date("", "", "", ""), None);
        assert!(edtf("0", "", "", "").is_err());
        assert!(edtf("1969", "7", "20", "noon").is_err());
    }

    #[test]
    fn old_start_date_cells_are_read() {
        assert_eq!(old_date("1969,7,20"), Ok(Some("1969-07-20".into())));
        assert_eq!(old_date("-44/3"), Ok(Some("-0043-03".into())));
        assert_eq!(old_date(""), Ok(None));
    }
}

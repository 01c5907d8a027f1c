//! Reading ACLED exports (Armed Conflict Location & Event Data): one event per row,
//! with its actors, its place within the admin levels above it, and its source.

use std::collections::{BTreeMap, BTreeSet};

use crate::date::Edtf;
use crate::edit::EditError;
use crate::edit::format;
use crate::import::{Import, Record, RowError, attrs, refuse_rows, slug};

/// The columns of an ACLED export, in its order.
pub const COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// The columns a row cannot do without.
const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "country",
    "location",
];

/// The columns kept in an event's `attrs`.
const EVENT_ATTRS: &[&str] = &[
    "disorder_type",
    "sub_event_type",
    "fatalities",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "source_scale",
    "tags",
    "timestamp",
];

/// One row, by column name.
type Row<'a> = BTreeMap<&'static str, &'a str>;

/// Reads an ACLED CSV export, streamed: one row at a time from `input`, so that the
/// file's text is never held whole. `source_id` is the id of the source standing for
/// the file. Every bad row is reported at once, and then nothing is imported.
pub fn read(
    origin: &str,
    mut input: impl std::io::BufRead,
    source_id: &str,
) -> Result<Import, EditError> {
    super::skip_bom(&mut input)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| EditError::refused(format!("cannot read the CSV header: {e}"), None))?
        .clone();
    let index: BTreeMap<&'static str, usize> = COLUMNS
        .iter()
        .filter_map(|c| headers.iter().position(|h| h.trim() == *c).map(|i| (*c, i)))
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(EditError::refused(
            format!(
                "the CSV is not an ACLED export: it lacks `{}`",
                missing.join("`, `")
            ),
            Some(format!("ACLED's columns are: {}", COLUMNS.join(", "))),
        ));
    }
    let mut import = Import {
        format: "acled",
        origin: origin.into(),
        ..Import::default()
    };
    import.sources.push(
        Record::new("Source", source_id)
            .string("title", origin)
            .string("note", "The file imported by `annals import acled`."),
    );
    let mut state = State::default();
    state
        .ids
        .insert(source_id.into(), "the imported file's source".into());
    // One record, reused for every row.
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| EditError::refused(format!("cannot read the CSV: {e}"), None))?
    {
        let line = record.position().map_or(0, |p| p.line());
        let row: Row = index
            .iter()
            .map(|(c, &i)| (*c, record.get(i).unwrap_or("").trim()))
            .collect();
        if let Err(message) = state.row(&mut import, &row, line, source_id) {
            state.errors.push(RowError {
                at: format!("line {line}"),
                message,
            });
        }
    }
    if !state.errors.is_empty() {
        return Err(refuse_rows(origin, state.errors));
    }
    if import.events.is_empty() {
        return Err(EditError::refused(
            format!("`{origin}` has no events to import"),
            None,
        ));
    }
    Ok(import)
}

/// What the rows read so far have made.
#[derive(Default)]
struct State {
    /// Event ids and where each came from.
    ids: BTreeMap<String, String>,
    /// Actor, place and source ids already made.
    made: BTreeSet<String>,
    errors: Vec<RowError>,
}

impl State {
    /// Adds the records of one row.
    fn row(
        &mut self,
        import: &mut Import,
        row: &Row,
        line: u64,
        origin_id: &str,
    ) -> Result<(), String> {
        let get = |c: &str| row.get(c).copied().unwrap_or("");
        let date = date(get("event_date"), get("time_precision"))?;
        let id = slug(get("event_id_cnty"), "");
        if id.is_empty() {
            return Err("no `event_id_cnty`".into());
        }
        if let Some(first) = self.ids.insert(id.clone(), format!("line {line}")) {
            return Err(format!(
                "`event_id_cnty` `{}` is also on {first}",
                get("event_id_cnty")
            ));
        }
        let kind = slug(get("event_type"), "event").replace(['-', '.'], "_");
        import.event_kinds.insert(kind.clone());
        let mut participants = Vec::new();
        for column in ["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"] {
            // Associated actors are listed with `;` between them.
            for name in get(column)
                .split(';')
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let actor = self.actor(import, name);
                if !participants.contains(&actor) {
                    participants.push(actor);
                }
            }
        }
        let place = self.place(import, row);
        let mut sources = vec![origin_id.to_string()];
        // Several sources are listed with `;` between them.
        for name in get("source")
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let source = format!("source.{}", slug(name, "acled"));
            if self.made.insert(source.clone()) {
                import
                    .sources
                    .push(Record::new("Source", &source).string("title", name));
            }
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        let title = match get("sub_event_type") {
            "" => format!("{} in {}", get("event_type"), get("location")),
            sub => format!("{sub} in {}", get("location")),
        };
        let pairs: Vec<String> = participants
            .iter()
            .map(|a| format!("({}, participant)", format::string(a)))
            .collect();
        let mut record = Record::new("Event", &id)
            .string("title", &title)
            .string("date", &date)
            .raw("kind", kind);
        if !pairs.is_empty() {
            record = record.raw("actors", format!("[{}]", pairs.join(", ")));
        }
        record = record
            .string("place", &place)
            .raw("sources", format::string_list(&sources))
            .maybe("note", Some(get("notes")));
        let values: Vec<(&str, String)> = EVENT_ATTRS.iter().map(|c| (*c, get(c).into())).collect();
        if let Some(map) = attrs(&values) {
            record = record.raw("attrs", map);
        }
        import.events.push(record);
        Ok(())
    }

    /// Returns the id of the actor `name`, adding it the first time.
    fn actor(&mut self, import: &mut Import, name: &str) -> String {
        let id = slug(name, "actor");
        if self.made.insert(id.clone()) {
            import
                .actors
                .push(Record::new("Actor", &id).string("name", name));
        }
        id
    }

    /// Returns the id of the row's location, adding it and the admin levels above it
    /// (`within`) the first time; ids follow the levels (`kenya.nairobi.kibera`).
    fn place(&mut self, import: &mut Import, row: &Row) -> String {
        let get = |c: &str| row.get(c).copied().unwrap_or("");
        let mut parent: Option<String> = None;
        let levels = ["country", "admin1", "admin2", "admin3", "location"];
        let names: Vec<(&str, &str)> = levels
            .iter()
            .map(|c| (*c, get(c)))
            .filter(|(_, n)| !n.is_empty())
            .collect();
        for (i, (column, name)) in names.iter().enumerate() {
            // A location named like the admin level it lies in is that level.
            if i > 0 && names[i - 1].1 == *name {
                continue;
            }
            let part = slug(name, "place");
            let id = match &parent {
                Some(p) => format!("{p}.{part}"),
                None => part,
            };
            if self.made.insert(id.clone()) {
                let mut record = Record::new("Place", &id).string("name", name);
                if let Some(p) = &parent {
                    record = record.string("within", p);
                }
                if *column == "location" {
                    let coords = [
                        ("latitude", get("latitude").to_string()),
                        ("longitude", get("longitude").to_string()),
                        ("geo_precision", get("geo_precision").to_string()),
                    ];
                    if let Some(map) = attrs(&coords) {
                        record = record.raw("attrs", map);
                    }
                }
                import.places.push(record);
            }
            parent = Some(id);
        }
        parent.unwrap_or_default()
    }
}

/// Returns the EDTF of an ACLED date at its `time_precision`: 1 the day, 2 the day
/// made approximate (ACLED: "within the week"), 3 the month.
fn date(text: &str, precision: &str) -> Result<String, String> {
    let day = crate::date::natural::entry(text)
        .map_err(|e| format!("the date `{text}`: {}", e.message))?
        .into_owned();
    if day.len() != 10 || Edtf::parse(&day).is_err() {
        return Err(format!("impossible date `{text}`"));
    }
    match precision {
        "1" => Ok(day),
        "2" => Ok(format!("{day}~")),
        "3" => Ok(day[..7].to_string()),
        other => Err(format!(
            "`time_precision` is `{other}`; ACLED uses 1 (day), 2 (week) or 3 (month)"
        )),
    }
}

//! `add-to` and `remove-from`: items added to or removed from a list field of one
//! entity or one relation (`actors`, `tags`, `sources`, `aliases`, `by`, and the
//! `claims` of an edge or event). Which fields are lists comes from the schema; new
//! items are written like their neighbours, removed ones take their line with them.

use std::ops::Range;

use crate::diag::did_you_mean;
use crate::edit::change::{entity, insert_field, removal};
use crate::edit::format::{self, Style, indent_at, starts_line};
use crate::edit::position::{self, Position, known_id, known_term, position_span};
use crate::edit::scan;
use crate::edit::{EditError, FileChange, Plan};
use crate::kb::{Entity, Kb};
use crate::load::lexer::{Lexer, Tok};
use crate::model::schema::{self, Item, Record, Spec, TermClass, Value};
use crate::model::{Actor, Claim, EntityType, Event, Place, Relation, Source};
use crate::source::{FileId, Span};

/// A line longer than this gets an added item on a line of its own.
const MAX_COLUMNS: usize = 100;

/// The entity or relation whose list is edited, as the messages name it.
struct Subject<'k> {
    /// The id or `FROM:KIND:TO` as given.
    target: String,
    /// The whole record.
    span: Span,
    /// "the event `poisoning`".
    what: String,
    /// "an event", for the list of its fields.
    article: &'static str,
    specs: Vec<Spec>,
    /// The fields of its inline claim.
    inline: &'static [&'static str],
    /// Its positions as loaded (none for a plain fact).
    positions: &'k [Claim],
    /// True when its positions are written as a `claims` list.
    listed: bool,
}

fn subject<'k>(kb: &'k Kb, target: &str) -> Result<Subject<'k>, EditError> {
    if target.contains(':') {
        let r = &kb.relations()[position::resolve_relation(kb, target)?];
        let (from, kind, to) = (kb.str(r.from.node), kb.str(r.kind.node), kb.str(r.to.node));
        return Ok(Subject {
            target: target.to_string(),
            span: r.span,
            what: format!("the relation `{from}` {kind} `{to}`"),
            article: "a relation",
            specs: schema::specs::<Relation>().collect(),
            inline: Relation::INLINE_CLAIM,
            positions: r.positions(),
            listed: !r.claims.is_empty(),
        });
    }
    let entity = entity(kb, target)?;
    let ty = entity.ty();
    // Every entity takes positions on itself; the inline claim fields are the same
    // (`status`, `by`) for each type, declared once in the schema.
    let inline: &'static [&'static str] = match entity {
        Entity::Event(_) => Event::INLINE_CLAIM,
        Entity::Actor(_) => Actor::INLINE_CLAIM,
        Entity::Place(_) => Place::INLINE_CLAIM,
        Entity::Source(_) => Source::INLINE_CLAIM,
    };
    let positions = kb.positions_of(entity);
    let listed = kb.own_claims(entity).nth(1).is_some();
    Ok(Subject {
        target: target.to_string(),
        span: kb.record_span(entity),
        what: format!("the {} `{target}`", ty.as_str()),
        article: ty.with_article(),
        specs: schema::entity_specs(ty),
        inline,
        positions,
        listed,
    })
}

/// Returns what the list field `field` of the subject holds, or why it cannot be edited.
fn list_field(subject: &Subject<'_>, field: &str) -> Result<Item, EditError> {
    let found = subject.specs.iter().find(|s| s.name == field);
    if let Some(Spec {
        value: Value::List(item),
        ..
    }) = found
    {
        if subject.listed && subject.inline.contains(&field) {
            return Err(EditError::refused(
                format!(
                    "{} has several positions (`claims`), each with its own `{field}`",
                    subject.what
                ),
                Some(format!(
                    "add or remove a whole position: `annals add-to {} claims STATUS:ACTOR[+SOURCE]`",
                    subject.target
                )),
            ));
        }
        return Ok(*item);
    }
    let lists: Vec<&str> = subject
        .specs
        .iter()
        .filter(|s| s.is_list())
        .map(|s| s.name)
        .collect();
    let help = match did_you_mean(field, lists.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if lists.is_empty() => format!("{} has no list fields", subject.article),
        None => format!(
            "the list fields of {} are {}",
            subject.article,
            lists.join(", ")
        ),
    };
    let message = match found {
        Some(_) => format!("`{field}` of {} is not a list", subject.article),
        None => format!("{} has no field `{field}`", subject.article),
    };
    Err(EditError::refused(message, Some(help)))
}

/// One item given on the command line, for a list other than `claims`.
#[derive(Clone, Debug)]
enum Wanted {
    /// A string: a tag, an alias or an id.
    Plain(String),
    /// A participant, `ID:ROLE[:POSITION]`.
    Participant(String, String, Option<Position>),
}

impl Wanted {
    /// Returns what identifies the item in its list (`petrov:participant`).
    fn key(&self) -> String {
        match self {
            Wanted::Plain(s) => s.clone(),
            Wanted::Participant(actor, role, _) => format!("{actor}:{role}"),
        }
    }

    /// Returns the item as written in a file.
    fn text(&self) -> String {
        match self {
            Wanted::Plain(s) => format::string(s),
            Wanted::Participant(actor, role, None) => {
                format!("({}, {role})", format::string(actor))
            }
            Wanted::Participant(actor, role, Some(p)) => {
                format!("({}, {role}, {})", format::string(actor), p.text())
            }
        }
    }
}

/// The type of entity the ids of a list field name, when the schema's field says so.
fn id_type(field: &str) -> Option<EntityType> {
    match field {
        "sources" => Some(EntityType::Source),
        "by" => Some(EntityType::Actor),
        _ => None,
    }
}

/// Parses one item for `add-to`, checking ids and terms against `kb`.
fn wanted(kb: &Kb, item: Item, field: &str, value: &str) -> Result<Wanted, EditError> {
    match item {
        Item::Text | Item::Tag if !value.is_empty() => Ok(Wanted::Plain(value.to_string())),
        Item::Id | Item::Ref => {
            match id_type(field) {
                Some(ty) => known_id(kb, value, ty)?,
                None if kb.lookup_str(value).is_none() => {
                    let ids: Vec<&str> = kb.entities().map(|e| kb.id_str(e)).collect();
                    return Err(EditError::refused(
                        format!("no entity has the id `{value}`"),
                        did_you_mean(value, ids.iter().copied())
                            .map(|s| format!("did you mean `{s}`?")),
                    ));
                }
                None => {}
            }
            Ok(Wanted::Plain(value.to_string()))
        }
        Item::Participant => {
            let mut parts = value.splitn(3, ':');
            let (Some(actor), Some(role)) = (parts.next(), parts.next()) else {
                return Err(EditError::refused(
                    format!("`{value}` is not `ACTOR:ROLE`"),
                    Some("write a participant as e.g. `navalny:defendant`, or `petrov:participant:alleged:uk-government` with a position".into()),
                ));
            };
            known_id(kb, actor, EntityType::Actor)?;
            known_term(kb, role, TermClass::Role)?;
            let position = parts.next().map(Position::parse).transpose()?;
            if let Some(p) = &position {
                p.check(kb)?;
            }
            Ok(Wanted::Participant(
                actor.to_string(),
                role.to_string(),
                position,
            ))
        }
        _ => Err(EditError::refused(
            format!("`{value}` is not a valid item of `{field}`"),
            Some("an item cannot be empty".into()),
        )),
    }
}

/// Reads what identifies the item at `at`: its string, or `actor:role` for a
/// participant (a trailing `Claim(...)` does not count).
fn read_key(text: &str, at: usize, item: Item) -> Result<String, EditError> {
    let mut lexer = Lexer::at(text, at);
    let mut tokens = Vec::new();
    for _ in 0..4 {
        match lexer.next_token() {
            Ok(token) => tokens.push(token.tok),
            Err(_) => return Err(scan::ScanError(at).into()),
        }
    }
    let skip = usize::from(tokens[0] == Tok::LParen);
    let Tok::Str(first) = &tokens[skip] else {
        return Err(scan::ScanError(at).into());
    };
    match (&tokens[skip + 2], item) {
        (Tok::Ident(role), Item::Participant) => Ok(format!("{first}:{role}")),
        (_, Item::Participant) => Err(scan::ScanError(at).into()),
        _ => Ok(first.to_string()),
    }
}

/// `annals add-to ID FIELD VALUE…`.
pub fn add_to(
    kb: &Kb,
    target: &str,
    field: &str,
    values: &[String],
) -> Result<Vec<FileChange>, EditError> {
    let subject = subject(kb, target)?;
    let item = list_field(&subject, field)?;
    if item == Item::Claim {
        let positions = values
            .iter()
            .map(|v| Position::parse(v))
            .collect::<Result<Vec<_>, _>>()?;
        return add_claims(kb, &subject, &positions);
    }
    let wanted = values
        .iter()
        .map(|v| wanted(kb, item, field, v))
        .collect::<Result<Vec<_>, _>>()?;
    let file = subject.span.file;
    let text = &kb.files().get(file).text;
    let rec = scan::record(text, subject.span.start as usize)?;
    let present = match rec.field(field) {
        Some(f) => {
            let (items, _) = scan::list(text, f.value.start)?;
            items
                .iter()
                .map(|i| read_key(text, i.range.start, item))
                .collect::<Result<Vec<_>, _>>()?
        }
        None => Vec::new(),
    };
    for (i, w) in wanted.iter().enumerate() {
        let key = w.key();
        if present.contains(&key) {
            return Err(EditError::refused(
                format!("{} already has `{key}` in `{field}`", subject.what),
                None,
            ));
        }
        if wanted[..i].iter().any(|o| o.key() == key) {
            return Err(EditError::refused(format!("`{key}` is given twice"), None));
        }
    }
    let texts: Vec<String> = wanted.iter().map(Wanted::text).collect();
    let mut plan = Plan::default();
    let style = Style::detect(text);
    match rec.field(field) {
        Some(f) => append_items(&mut plan, file, text, f, &texts, &style)?,
        None => {
            let value = format!("[{}]", texts.join(", "));
            insert_field(&mut plan, file, text, &rec, field, &value, &style);
        }
    }
    Ok(plan.changes(kb))
}

/// Adds positions to the relation at `FROM:KIND:TO` or to the event `ID`.
pub fn add_positions(
    kb: &Kb,
    target: &str,
    positions: &[Position],
) -> Result<Vec<FileChange>, EditError> {
    add_claims(kb, &subject(kb, target)?, positions)
}

/// Returns the positions of the subject; a plain fact holds one, stated by no one.
fn current_positions(kb: &Kb, subject: &Subject<'_>) -> Vec<Position> {
    if subject.positions.is_empty() {
        return vec![position::stated()];
    }
    subject
        .positions
        .iter()
        .map(|c| Position::of(kb, c))
        .collect()
}

/// Adds positions to a relation or event: to its `claims` list, or by turning its
/// inline claim (or its plain fact) into a list of the old position and the new ones.
fn add_claims(
    kb: &Kb,
    subject: &Subject<'_>,
    positions: &[Position],
) -> Result<Vec<FileChange>, EditError> {
    let current = current_positions(kb, subject);
    for (i, p) in positions.iter().enumerate() {
        p.check(kb)?;
        if let Some(j) = current.iter().position(|c| c.same_stand(p)) {
            let at = subject
                .positions
                .get(j)
                .map_or(subject.span, |c| position_span(c, subject.span));
            return Err(EditError::refused(
                format!(
                    "{} already has the position {}, at {}",
                    subject.what,
                    p.stand(),
                    kb.files().location(at)
                ),
                Some("a position is its status and its claimants; other sources or a note do not make another one".into()),
            ));
        }
        if positions[..i].iter().any(|o| o.same_stand(p)) {
            return Err(EditError::refused(
                format!("the position {} is given twice", p.stand()),
                None,
            ));
        }
    }
    let file = subject.span.file;
    let text = &kb.files().get(file).text;
    let rec = scan::record(text, subject.span.start as usize)?;
    let style = Style::detect(text);
    let new: Vec<String> = positions.iter().map(Position::text).collect();
    let mut plan = Plan::default();
    match rec.field("claims") {
        Some(f) => append_items(&mut plan, file, text, f, &new, &style)?,
        None => convert(&mut plan, file, text, &rec, subject.inline, &new, &style),
    }
    Ok(plan.changes(kb))
}

/// Returns the column (in characters) of byte `at` in its line.
fn column(text: &str, at: usize) -> usize {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[start..at].chars().count()
}

/// Returns the length (in characters) of the line holding byte `at`.
fn line_length(text: &str, at: usize) -> usize {
    let end = text[at..].find(['\r', '\n']).map_or(text.len(), |i| at + i);
    column(text, end)
}

/// Writes `claims: [OLD, NEW…]` in place of the record's inline claim fields (the
/// old position keeps its fields as written), or adds it when the record has none.
fn convert(
    plan: &mut Plan,
    file: FileId,
    text: &str,
    rec: &scan::Record,
    inline: &[&str],
    new: &[String],
    style: &Style,
) {
    let indices: Vec<usize> = (0..rec.fields.len())
        .filter(|&i| inline.contains(&rec.fields[i].name.as_str()))
        .collect();
    let old: Vec<&str> = indices
        .iter()
        .map(|&i| &text[rec.fields[i].range.clone()])
        .collect();
    let mut items = vec![if old.is_empty() {
        "Claim(status: stated)".to_string()
    } else {
        format!("Claim({})", old.join(", "))
    }];
    items.extend(new.iter().cloned());
    let Some(&first) = indices.first() else {
        add_claims_field(plan, file, text, rec, &items, style);
        return;
    };
    // The first inline field becomes the list, the others are removed: comments
    // beside them stay where they were.
    let f = &rec.fields[first];
    let pad = column(text, f.range.start) + "claims: [".len();
    let one_line: usize = items.iter().map(|i| i.chars().count() + 2).sum();
    let separator = if pad + one_line + 2 > MAX_COLUMNS {
        format!(",{}{}", style.newline, " ".repeat(pad))
    } else {
        ", ".to_string()
    };
    let list = format!("claims: [{}]", items.join(&separator));
    plan.replace(file, f.range.clone(), list);
    let mut kept = first;
    for i in first + 1..rec.fields.len() {
        let f = &rec.fields[i];
        if indices.contains(&i) {
            let previous = rec.fields[kept].value.end;
            plan.replace(
                file,
                removal(text, f.range.clone(), f.comma_end, Some(previous)),
                String::new(),
            );
        } else {
            kept = i;
        }
    }
}

/// Adds `claims: [ITEMS]` to a record that has no claim yet: on a line of its own,
/// aligned with the record's first field, when the record's last line would grow past
/// 100 columns.
fn add_claims_field(
    plan: &mut Plan,
    file: FileId,
    text: &str,
    rec: &scan::Record,
    items: &[String],
    style: &Style,
) {
    let one_line = format!("[{}]", items.join(", "));
    let (Some(first), Some(last)) = (rec.fields.first(), rec.fields.last()) else {
        return insert_field(plan, file, text, rec, "claims", &one_line, style);
    };
    let long = line_length(text, last.value.end) + one_line.chars().count() + 10 > MAX_COLUMNS;
    if starts_line(text, last.range.start) || !long {
        return insert_field(plan, file, text, rec, "claims", &one_line, style);
    }
    let pad = column(text, first.range.start);
    let list_pad = " ".repeat(pad + "claims: [".len());
    let value = items.join(&format!(",{}{list_pad}", style.newline));
    let line = format!("{}{}claims: [{value}]", style.newline, " ".repeat(pad));
    match last.comma_end {
        Some(c) => plan.replace(file, c..c, format!("{line},")),
        None => plan.replace(file, last.value.end..last.value.end, format!(",{line}")),
    }
}

/// Appends `new` items to the list `field`, in the list's layout: one per line when
/// its items stand on lines of their own, aligned under the first item when the list
/// continues over lines, else on the same line unless it grows past 100 columns.
fn append_items(
    plan: &mut Plan,
    file: FileId,
    text: &str,
    field: &scan::Field,
    new: &[String],
    style: &Style,
) -> Result<(), EditError> {
    let nl = style.newline;
    let (items, close) = scan::list(text, field.value.start)?;
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        plan.replace(file, field.value.start + 1..close, new.join(", "));
        return Ok(());
    };
    if starts_line(text, first.range.start) {
        let indent = indent_at(text, last.range.start);
        let addition: Vec<String> = new.iter().map(|n| format!("{nl}{indent}{n}")).collect();
        let (range, insert) =
            super::add::append_after(text, last.range.end, last.comma_end, &addition.join(","));
        plan.replace(file, range, insert);
        return Ok(());
    }
    let added: usize = new.iter().map(|n| n.chars().count() + 2).sum();
    let wrap = text[field.value.clone()].contains('\n')
        || line_length(text, last.range.end) + added > MAX_COLUMNS;
    let separator = if wrap {
        format!("{nl}{}", " ".repeat(column(text, first.range.start)))
    } else {
        " ".to_string()
    };
    let addition: Vec<String> = new.iter().map(|n| format!("{separator}{n}")).collect();
    match last.comma_end {
        Some(c) => plan.replace(file, c..c, format!("{},", addition.join(","))),
        None => plan.replace(
            file,
            last.range.end..last.range.end,
            format!(",{}", addition.join(",")),
        ),
    }
    Ok(())
}

/// Returns the range that removes item `i` of a list: its whole lines when it stands
/// on lines of its own, else up to the next item, else from the end of the previous.
fn item_cut(text: &str, items: &[scan::Item], i: usize) -> Range<usize> {
    let item = &items[i];
    let end = item.comma_end.unwrap_or(item.range.end);
    let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    let rest = text[end..line_end].trim();
    if starts_line(text, item.range.start) && (rest.is_empty() || rest.starts_with("//")) {
        let line_start = text[..item.range.start].rfind('\n').map_or(0, |n| n + 1);
        return line_start..line_end;
    }
    match (items.get(i + 1), i.checked_sub(1)) {
        (Some(next), _) => item.range.start..next.range.start,
        (None, Some(previous)) => items[previous].range.end..item.range.end,
        (None, None) => item.range.start..end,
    }
}

/// `annals remove-from ID FIELD VALUE…`.
pub fn remove_from(
    kb: &Kb,
    target: &str,
    field: &str,
    values: &[String],
) -> Result<Vec<FileChange>, EditError> {
    let subject = subject(kb, target)?;
    let item = list_field(&subject, field)?;
    let file = subject.span.file;
    let text = &kb.files().get(file).text;
    let rec = scan::record(text, subject.span.start as usize)?;
    let present: Vec<String> = match (item, rec.field(field)) {
        (Item::Claim, _) => subject
            .positions
            .iter()
            .map(|c| Position::of(kb, c).written())
            .collect(),
        (_, Some(f)) => scan::list(text, f.value.start)?
            .0
            .iter()
            .map(|i| read_key(text, i.range.start, item))
            .collect::<Result<Vec<_>, _>>()?,
        (_, None) => Vec::new(),
    };
    let mut indices = Vec::new();
    for value in values {
        let index = if item == Item::Claim {
            let given = Position::parse(value)?;
            subject
                .positions
                .iter()
                .position(|c| given.names(&Position::of(kb, c)))
        } else {
            present.iter().position(|k| k == value)
        };
        let Some(index) = index else {
            return Err(absent(&subject, field, value, &present));
        };
        if indices.contains(&index) {
            return Err(EditError::refused(
                format!("`{value}` is given twice"),
                None,
            ));
        }
        indices.push(index);
    }
    if item == Item::Claim && indices.len() == present.len() {
        return Err(EditError::refused(
            format!("{} would be left without any position", subject.what),
            Some("without a position it would read as a fact; add the position that replaces it first".into()),
        ));
    }
    let f = rec
        .field(field)
        .ok_or_else(|| EditError::Io(format!("internal error: no `{field}` to remove from")))?;
    let mut plan = Plan::default();
    if indices.len() == present.len() {
        let i = rec.fields.iter().position(|g| g.name == field).unwrap_or(0);
        let previous = i.checked_sub(1).map(|p| rec.fields[p].value.end);
        plan.replace(
            file,
            removal(text, f.range.clone(), f.comma_end, previous),
            String::new(),
        );
    } else {
        let (items, _) = scan::list(text, f.value.start)?;
        if items.len() != present.len() {
            return Err(scan::ScanError(f.value.start).into());
        }
        for i in indices {
            plan.replace(file, item_cut(text, &items, i), String::new());
        }
    }
    Ok(plan.changes(kb))
}

/// The refusal for an item `remove-from` does not find, with "did you mean".
fn absent(subject: &Subject<'_>, field: &str, value: &str, present: &[String]) -> EditError {
    let help = match did_you_mean(value, present.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None if present.is_empty() => format!("it has no `{field}`"),
        None => {
            let listed: Vec<String> = present.iter().map(|p| format!("`{p}`")).collect();
            format!("its `{field}` are {}", listed.join(", "))
        }
    };
    EditError::refused(
        format!("{} has no `{value}` in `{field}`", subject.what),
        Some(help),
    )
}

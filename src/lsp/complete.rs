//! Completion: ids (found by id or by name, the name shown beside), vocabulary terms
//! and field names, chosen by where the cursor stands in the record being written.

use lsp_types as lsp;

use super::snapshot::Snapshot;
use super::text::{Encoding, offset_position};
use crate::kb::Entity;
use crate::model::schema::{self, Item, Spec, TermClass, Value};
use crate::model::{self, EntityType};

/// The most items one answer holds; the list says when it was cut, so the editor asks
/// again as the user types on.
const MAX_ITEMS: usize = 200;

/// One open bracket around the cursor.
#[derive(Clone, Debug, Default)]
struct Frame {
    /// `(` or `[` (a `{` map counts as `[`).
    open: u8,
    /// The record name before a `(`.
    name: Option<String>,
    /// The field whose value is being written, after `name:`.
    field: Option<String>,
    /// The item's index among its siblings (commas seen).
    index: usize,
}

/// Where the cursor stands.
#[derive(Debug, Default)]
struct Context {
    /// The open brackets, outermost first.
    frames: Vec<Frame>,
    /// The opening quote of the string the cursor is in.
    string: Option<usize>,
    /// The start of the word the cursor is in or after.
    word: usize,
    /// The cursor is inside a comment.
    comment: bool,
}

/// Reads `text` up to `end` and returns the context there.
fn context(text: &str, end: usize) -> Context {
    let bytes = &text.as_bytes()[..end];
    let mut cx = Context {
        frames: vec![Frame::default()],
        ..Context::default()
    };
    let mut ident: Option<String> = None;
    let mut last_ident: Option<String> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            ident = Some(text[start..i].to_string());
            cx.word = start;
            continue;
        }
        let previous = ident.take();
        cx.word = i + 1;
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    cx.string = Some(start);
                    return cx;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => match memchr::memchr(b'\n', &bytes[i..]) {
                Some(n) => i += n,
                None => {
                    cx.comment = true;
                    return cx;
                }
            },
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                match memchr::memmem::find(&bytes[i + 2..], b"*/") {
                    Some(n) => i += n + 3,
                    None => {
                        cx.comment = true;
                        return cx;
                    }
                }
            }
            b'(' | b'[' | b'{' => cx.frames.push(Frame {
                open: if b == b'(' { b'(' } else { b'[' },
                name: if b == b'(' {
                    previous.clone().or(last_ident.clone())
                } else {
                    None
                },
                ..Frame::default()
            }),
            b')' | b']' | b'}' if cx.frames.len() > 1 => {
                cx.frames.pop();
            }
            b',' => {
                if let Some(top) = cx.frames.last_mut() {
                    top.index += 1;
                    top.field = None;
                }
            }
            b':' => {
                if let Some(top) = cx.frames.last_mut() {
                    top.field = previous.clone().or(last_ident.clone());
                }
            }
            _ => {}
        }
        if previous.is_some() {
            last_ident = previous;
        }
        if !b.is_ascii_whitespace() {
            last_ident = None;
        }
        i += 1;
    }
    cx
}

/// Returns the fields of the record named `name`.
fn record_fields(name: &str) -> Option<Vec<Spec>> {
    Some(match name {
        "Chronicle" => schema::specs::<schema::Chronicle>().collect(),
        "Actor" => schema::specs::<model::Actor>().collect(),
        "Place" => schema::specs::<model::Place>().collect(),
        "Source" => schema::specs::<model::Source>().collect(),
        "Event" => schema::specs::<model::Event>().collect(),
        "Relation" => schema::specs::<model::Relation>().collect(),
        "Claim" => schema::specs::<model::Claim>().collect(),
        "Vocabulary" => schema::specs::<model::VocabularyDecl>().collect(),
        "RelationKind" => schema::specs::<model::RelationKindDecl>().collect(),
        _ => return None,
    })
}

/// What the cursor's value is: the record and field it belongs to, and its place in
/// a tuple (a participant's actor or role).
struct Slot {
    record: Option<String>,
    field: Option<String>,
    value: Option<Value>,
    tuple: Option<usize>,
    /// The cursor is where a field name goes.
    field_name: bool,
}

fn slot(cx: &Context) -> Slot {
    let mut tuple = None;
    let mut in_list = false;
    for (depth, frame) in cx.frames.iter().enumerate().rev() {
        let innermost = depth + 1 == cx.frames.len();
        if frame.open == b'(' && frame.name.is_some() {
            let record = frame.name.clone();
            let field = frame.field.clone();
            let value = record
                .as_deref()
                .and_then(record_fields)
                .and_then(|specs| specs.into_iter().find(|s| Some(s.name) == field.as_deref()))
                .map(|s| s.value);
            return Slot {
                record,
                field_name: innermost && frame.field.is_none(),
                field,
                value,
                tuple,
            };
        }
        if frame.open == b'(' && innermost {
            tuple = Some(frame.index);
        }
        in_list |= frame.open == b'[';
    }
    let _ = in_list;
    Slot {
        record: None,
        field: None,
        value: None,
        tuple,
        field_name: false,
    }
}

/// Returns the entity types an id in `field` may name; `None` when it is no id.
fn id_types(slot: &Slot) -> Option<Vec<EntityType>> {
    let all = || {
        vec![
            EntityType::Actor,
            EntityType::Place,
            EntityType::Source,
            EntityType::Event,
        ]
    };
    let Some(value) = slot.value else {
        // An unknown place (a record without its name): any id.
        return slot.field.as_deref().is_none_or(|f| f != "id").then(all);
    };
    let by_field = match slot.field.as_deref() {
        Some("place" | "within") => vec![EntityType::Place],
        Some("sources") => vec![EntityType::Source],
        Some("by" | "actors") => vec![EntityType::Actor],
        _ => all(),
    };
    match value {
        Value::Id | Value::Ref | Value::List(Item::Id | Item::Ref) => Some(by_field),
        Value::List(Item::Participant) if slot.tuple.is_none_or(|i| i == 0) => {
            Some(vec![EntityType::Actor])
        }
        _ => None,
    }
}

/// Returns the completions at byte `offset` of `text`, the buffer being edited.
pub fn complete(
    snap: &Snapshot,
    text: &str,
    offset: usize,
    enc: Encoding,
) -> lsp::CompletionResponse {
    let offset = floor_boundary(text, offset);
    let cx = context(text, offset);
    if cx.comment {
        return list(Vec::new(), false);
    }
    let slot = slot(&cx);
    if let Some(quote) = cx.string {
        let Some(types) = id_types(&slot) else {
            return list(Vec::new(), false);
        };
        let range = offset_position(text, quote + 1, enc)..offset_position(text, offset, enc);
        let range = lsp::Range::new(range.start, range.end);
        return ids(snap, &types, &text[quote + 1..offset], range);
    }
    // The word starts after the last byte that is not part of one: maybe inside a
    // character of several bytes, so at the next character boundary.
    let mut start = cx.word.min(offset);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let word = &text[start..offset];
    let range = lsp::Range::new(
        offset_position(text, start, enc),
        offset_position(text, offset, enc),
    );
    let mut items = Vec::new();
    if slot.field_name {
        if let Some(specs) = slot.record.as_deref().and_then(record_fields) {
            for spec in specs {
                items.push(item(
                    spec.name,
                    Some(format!("{} field", slot.record.as_deref().unwrap_or(""))),
                    lsp::CompletionItemKind::FIELD,
                    format!("{}: ", spec.name),
                    range,
                ));
            }
        }
    } else {
        values(snap, &slot, range, &mut items);
    }
    items.retain(|i| i.label.starts_with(word));
    list(items, false)
}

/// Adds the bare values that may stand at the cursor: terms, record names, flags.
fn values(snap: &Snapshot, slot: &Slot, range: lsp::Range, items: &mut Vec<lsp::CompletionItem>) {
    let class = match slot.value {
        Some(Value::Term(class) | Value::List(Item::Term(class))) => Some(class),
        Some(Value::List(Item::Participant)) if slot.tuple == Some(1) => Some(TermClass::Role),
        _ => None,
    };
    if let Some(class) = class {
        let kb = &snap.kb;
        for term in kb.vocab().terms(class) {
            let name = kb.str(term);
            items.push(item(
                name,
                Some(class.as_str().to_string()),
                lsp::CompletionItemKind::ENUM_MEMBER,
                name.to_string(),
                range,
            ));
        }
        return;
    }
    let words: &[&str] = match slot.value {
        Some(Value::Bool) => &["true", "false"],
        Some(Value::Calendar) => &["julian", "gregorian"],
        Some(Value::Endpoint) => &["actor", "place", "source", "event", "any"],
        Some(Value::List(Item::Record(name))) => {
            items.push(item(
                name,
                Some("record".into()),
                lsp::CompletionItemKind::STRUCT,
                format!("{name}("),
                range,
            ));
            return;
        }
        Some(Value::List(Item::Claim)) => &["Claim"],
        Some(Value::Vocabulary) => &["Vocabulary"],
        _ => &[],
    };
    for w in words {
        items.push(item(
            w,
            None,
            lsp::CompletionItemKind::KEYWORD,
            w.to_string(),
            range,
        ));
    }
}

/// Returns the ids of `types` whose id or name holds `typed`, best first.
fn ids(
    snap: &Snapshot,
    types: &[EntityType],
    typed: &str,
    range: lsp::Range,
) -> lsp::CompletionResponse {
    let kb = &snap.kb;
    let needle = typed.to_lowercase();
    let mut found: Vec<(u8, Entity)> = kb
        .entities()
        .filter(|e| types.contains(&e.ty()))
        .filter_map(|e| {
            let id = kb.id_str(e);
            let rank = if id.starts_with(&needle) {
                0
            } else if id.contains(&needle) {
                1
            } else if kb.label(e).to_lowercase().contains(&needle) {
                2
            } else {
                return None;
            };
            Some((rank, e))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(kb.id_str(a.1).cmp(kb.id_str(b.1))));
    let cut = found.len() > MAX_ITEMS;
    found.truncate(MAX_ITEMS);
    let items = found
        .into_iter()
        .enumerate()
        .map(|(i, (_, e))| {
            let id = kb.id_str(e);
            let name = kb.label(e);
            let mut it = item(
                id,
                Some(format!("{} · {}", e.ty().as_str(), name)),
                lsp::CompletionItemKind::REFERENCE,
                id.to_string(),
                range,
            );
            // Typing a name finds the id: the editor filters on both.
            it.filter_text = Some(format!("{id} {name}"));
            it.sort_text = Some(format!("{i:04}"));
            it
        })
        .collect();
    list(items, cut)
}

fn item(
    label: &str,
    detail: Option<String>,
    kind: lsp::CompletionItemKind,
    insert: String,
    range: lsp::Range,
) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: label.to_string(),
        detail,
        kind: Some(kind),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            range, insert,
        ))),
        ..Default::default()
    }
}

fn list(items: Vec<lsp::CompletionItem>, incomplete: bool) -> lsp::CompletionResponse {
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: incomplete,
        items,
    })
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (Context, Slot) {
        let end = text.find('|').expect("cursor");
        let cx = context(&text.replace('|', ""), end);
        let slot = slot(&cx);
        (cx, slot)
    }

    #[test]
    fn the_cursor_knows_its_record_and_field() {
        let (cx, s) = at("Chronicle(events: [Event(id: \"a\", place: \"ru|");
        assert!(cx.string.is_some());
        assert_eq!(s.record.as_deref(), Some("Event"));
        assert_eq!(s.field.as_deref(), Some("place"));
        assert_eq!(id_types(&s), Some(vec![EntityType::Place]));

        let (_, s) = at("Event(id: \"a\", actors: [(\"navalny\", vic|");
        assert_eq!(s.field.as_deref(), Some("actors"));
        assert_eq!(s.tuple, Some(1));
        let (_, s) = at("Event(id: \"a\", actors: [(\"x\", victim), (\"na|");
        assert_eq!(s.tuple, Some(0));
        assert_eq!(id_types(&s), Some(vec![EntityType::Actor]));

        let (_, s) = at("Event(id: \"a\", ki|");
        assert!(s.field_name);
        let (_, s) = at("Event(id: \"a\", kind: att|");
        assert_eq!(s.value, Some(Value::Term(TermClass::EventKind)));
        let (_, s) = at("Event(id: \"a\", title: \"x, y: (\\\"|");
        assert_eq!(s.field.as_deref(), Some("title"));
        assert_eq!(id_types(&s), None);
        let (cx, _) = at("Event(id: \"a\", // kind: \"|");
        assert!(cx.comment);
    }
}

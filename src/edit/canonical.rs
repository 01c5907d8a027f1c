//! The canonical layout of `annals fmt`: every bracketed value (a record, a list, a
//! tuple, a map) on one line when its line fits in [`WIDTH`] columns, else one item per
//! line, indented four spaces deeper, each item followed by a comma; the fields of a
//! record in the order of the format doc (the schema tables); the `Chronicle` and its
//! sections always one item per line. Values and comments are kept byte for byte: the
//! text is split into tokens and the comments between them, and written again.

use rustc_hash::FxHashMap;
use unicode_width::UnicodeWidthStr;

use crate::edit::{EditError, FileChange};
use crate::kb::Kb;
use crate::load::lexer::{Lexer, Tok};
use crate::model::schema;

/// The width, in terminal columns, a line is kept within when it can be.
pub const WIDTH: usize = 100;

/// One level of indentation.
const UNIT: &str = "    ";

/// Why a text could not be laid out (it does not lex or is not one RON value; `fmt`
/// only lays out checked files, so this is a bug or a file changed under us).
#[derive(Debug, thiserror::Error)]
#[error("cannot lay out the text at byte {0}")]
pub struct LayoutError(pub usize);

/// A comment, as written, and whether an empty line stood before it.
#[derive(Clone, Debug)]
struct Comment<'a> {
    text: &'a str,
    blank_before: bool,
}

/// What stands between two tokens, apart from spaces.
#[derive(Clone, Copy, Debug)]
enum Piece<'a> {
    Newline,
    Comment(&'a str),
}

/// A value: a token as written, or a bracketed group.
#[derive(Debug)]
enum Node<'a> {
    Atom(&'a str),
    Group(Box<Group<'a>>),
}

/// A bracketed value: `Name(...)`, `(...)`, `[...]` or `{...}`.
#[derive(Debug)]
struct Group<'a> {
    name: Option<&'a str>,
    open: char,
    /// Comments on the line of the opening bracket.
    open_comments: Vec<Comment<'a>>,
    items: Vec<Elem<'a>>,
    /// Comments after the last item.
    inner: Vec<Comment<'a>>,
    /// The record it is, when known (from its name or the field holding it).
    record: Option<&'static str>,
}

/// One item of a group: `value`, or `key: value` in a record or map.
#[derive(Debug)]
struct Elem<'a> {
    leading: Vec<Comment<'a>>,
    blank_before: bool,
    key: Option<Node<'a>>,
    value: Node<'a>,
    /// Comments on the line where the item ends.
    trailing: Vec<Comment<'a>>,
}

/// A token with the text between it and the token before.
struct Token<'a> {
    tok: Tok<'a>,
    start: usize,
    end: usize,
    gap: &'a str,
}

/// Splits the text between two tokens into newlines and comments.
fn pieces(gap: &str, at: usize) -> Result<Vec<Piece<'_>>, LayoutError> {
    let bytes = gap.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\n', _) => {
                out.push(Piece::Newline);
                i += 1;
            }
            (b' ' | b'\t' | b'\r', _) => i += 1,
            (b'/', Some(b'/')) => {
                let end = gap[i..].find('\n').map_or(gap.len(), |n| i + n);
                let text = &gap[i..end];
                out.push(Piece::Comment(text.strip_suffix('\r').unwrap_or(text)));
                i = end;
            }
            (b'/', Some(b'*')) => {
                let mut depth = 0usize;
                let start = i;
                loop {
                    match (bytes.get(i), bytes.get(i + 1)) {
                        (Some(b'/'), Some(b'*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (Some(b'*'), Some(b'/')) => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        (Some(_), _) => i += 1,
                        (None, _) => return Err(LayoutError(at + start)),
                    }
                }
                out.push(Piece::Comment(&gap[start..i]));
            }
            _ => return Err(LayoutError(at + i)),
        }
    }
    Ok(out)
}

/// Splits pieces after an item into the comments on its line and the rest.
fn split_line<'a, 'p>(pieces: &'p [Piece<'a>]) -> (Vec<Comment<'a>>, &'p [Piece<'a>]) {
    let cut = pieces
        .iter()
        .position(|p| matches!(p, Piece::Newline))
        .unwrap_or(pieces.len());
    let same_line = pieces[..cut]
        .iter()
        .filter_map(|p| match p {
            Piece::Comment(text) => Some(Comment {
                text,
                blank_before: false,
            }),
            Piece::Newline => None,
        })
        .collect();
    (same_line, &pieces[cut..])
}

/// Returns the comments of `pieces` and whether an empty line follows the last one.
fn comments<'a>(pieces: &[Piece<'a>]) -> (Vec<Comment<'a>>, bool) {
    let mut out = Vec::new();
    let mut newlines = 0;
    for piece in pieces {
        match piece {
            Piece::Newline => newlines += 1,
            Piece::Comment(text) => {
                out.push(Comment {
                    text,
                    blank_before: newlines >= 2,
                });
                newlines = 0;
            }
        }
    }
    (out, newlines >= 2)
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Result<Parser<'a>, LayoutError> {
        let mut lexer = Lexer::new(text);
        let mut tokens = Vec::new();
        let mut prev = lexer.position();
        loop {
            let token = lexer.next_token().map_err(|e| LayoutError(e.start))?;
            let eof = token.tok == Tok::Eof;
            let start = if eof { text.len() } else { token.start };
            tokens.push(Token {
                tok: token.tok,
                start,
                end: token.end,
                gap: &text[prev..start],
            });
            prev = token.end;
            if eof {
                return Ok(Parser { tokens, at: 0 });
            }
        }
    }

    fn peek(&self) -> &Token<'a> {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn gap(&self) -> Result<Vec<Piece<'a>>, LayoutError> {
        let token = self.peek();
        pieces(token.gap, token.start - token.gap.len())
    }

    fn text(&self, token: &Token<'a>, source: &'a str) -> &'a str {
        &source[token.start..token.end]
    }

    /// Parses one value; comments between a name and its `(` join the group's first line.
    fn value(&mut self, source: &'a str) -> Result<Node<'a>, LayoutError> {
        let token = self.peek();
        let start = token.start;
        match token.tok {
            Tok::Ident(name) if matches!(self.tokens.get(self.at + 1), Some(t) if t.tok == Tok::LParen) =>
            {
                self.at += 1;
                let (before_open, _) = comments(&self.gap()?);
                let mut group = self.group(source, ')')?;
                group.name = Some(name);
                let mut open = before_open;
                open.append(&mut group.open_comments);
                group.open_comments = open;
                Ok(Node::Group(Box::new(group)))
            }
            Tok::LParen => Ok(Node::Group(Box::new(self.group(source, ')')?))),
            Tok::LBracket => Ok(Node::Group(Box::new(self.group(source, ']')?))),
            Tok::LBrace => Ok(Node::Group(Box::new(self.group(source, '}')?))),
            Tok::Ident(_) | Tok::Str(_) | Tok::Number(_) => {
                let text = self.text(self.peek(), source);
                self.at += 1;
                Ok(Node::Atom(text))
            }
            _ => Err(LayoutError(start)),
        }
    }

    /// Parses a group whose opening bracket is the current token.
    fn group(&mut self, source: &'a str, close: char) -> Result<Group<'a>, LayoutError> {
        let open = match close {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };
        self.at += 1;
        let after_open = self.gap()?;
        let (open_comments, rest) = split_line(&after_open);
        let mut rest = rest.to_vec();
        let mut items = Vec::new();
        loop {
            let token = self.peek();
            if is_close(&token.tok, close) {
                self.at += 1;
                let (inner, _) = comments(&rest);
                return Ok(Group {
                    name: None,
                    open,
                    open_comments,
                    items,
                    inner,
                    record: None,
                });
            }
            if token.tok == Tok::Eof {
                return Err(LayoutError(token.start));
            }
            let (mut leading, blank_before) = comments(&rest);
            let first = self.value(source)?;
            let (key, value) = if self.peek().tok == Tok::Colon {
                leading.extend(comments(&self.gap()?).0);
                self.at += 1;
                leading.extend(comments(&self.gap()?).0);
                (Some(first), self.value(source)?)
            } else {
                (None, first)
            };
            let mut after = self.gap()?;
            if self.peek().tok == Tok::Comma {
                self.at += 1;
                after.extend(self.gap()?);
            } else if !is_close(&self.peek().tok, close) {
                return Err(LayoutError(self.peek().start));
            }
            let (trailing, tail) = split_line(&after);
            rest = tail.to_vec();
            items.push(Elem {
                leading,
                blank_before,
                key,
                value,
                trailing,
            });
        }
    }
}

fn is_close(tok: &Tok<'_>, close: char) -> bool {
    matches!(
        (tok, close),
        (Tok::RParen, ')') | (Tok::RBracket, ']') | (Tok::RBrace, '}')
    )
}

/// Names each record (from its name, or from the field holding it) and puts its fields
/// in canonical order; comments move with their fields.
fn canonicalize(node: &mut Node<'_>, context: Option<&'static str>) {
    let Node::Group(group) = node else {
        return;
    };
    let is_record =
        group.open == '(' && !group.items.is_empty() && group.items.iter().all(|i| i.key.is_some());
    if is_record {
        let known = match group.name {
            Some(name) => schema::field_names(name),
            None => context.and_then(schema::field_names),
        };
        let record = known.as_ref().map(|(name, _)| *name);
        group.record = record;
        if let Some((_, order)) = known {
            group.items.sort_by_key(|item| {
                let key = item.key.as_ref().and_then(atom).unwrap_or("");
                order.iter().position(|f| *f == key).unwrap_or(usize::MAX)
            });
        }
        for item in &mut group.items {
            let key = item.key.as_ref().and_then(atom).unwrap_or("");
            let child = record.and_then(|r| schema::field_record(r, key));
            canonicalize(&mut item.value, child);
        }
    } else {
        // Lists, tuples and `Some(...)` hand their context to their items; maps do not.
        let child = if group.open == '{' { None } else { context };
        for item in &mut group.items {
            canonicalize(&mut item.value, child);
        }
    }
}

fn atom<'a>(node: &Node<'a>) -> Option<&'a str> {
    match node {
        Node::Atom(text) => Some(text),
        Node::Group(_) => None,
    }
}

fn close_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Returns the node on one line, or `None` when it cannot be (a comment inside, a
/// string spanning lines).
fn flat(node: &Node<'_>) -> Option<String> {
    match node {
        Node::Atom(text) => (!text.contains('\n')).then(|| (*text).to_string()),
        Node::Group(group) => {
            if !group.open_comments.is_empty() || !group.inner.is_empty() {
                return None;
            }
            let mut out = String::new();
            out.push_str(group.name.unwrap_or(""));
            out.push(group.open);
            for (i, item) in group.items.iter().enumerate() {
                if !item.leading.is_empty() || !item.trailing.is_empty() {
                    return None;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                if let Some(key) = &item.key {
                    out.push_str(&flat(key)?);
                    out.push_str(": ");
                }
                out.push_str(&flat(&item.value)?);
            }
            out.push(close_of(group.open));
            Some(out)
        }
    }
}

struct Printer {
    out: String,
    newline: &'static str,
}

impl Printer {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str(UNIT);
        }
    }

    /// Writes comments each on its own line at `level`; returns false when any was written.
    fn comment_lines(&mut self, comments: &[Comment<'_>], level: usize, mut first: bool) -> bool {
        for comment in comments {
            if comment.blank_before && !first {
                self.out.push_str(self.newline);
            }
            self.indent(level);
            self.out.push_str(comment.text);
            self.out.push_str(self.newline);
            first = false;
        }
        first
    }

    fn same_line(&mut self, comments: &[Comment<'_>]) {
        for comment in comments {
            self.out.push(' ');
            self.out.push_str(comment.text);
        }
    }

    /// Writes `node`, whose first line already holds `column` columns and will be
    /// followed by `suffix` more; `force` breaks it even when it would fit.
    fn node(&mut self, node: &Node<'_>, level: usize, column: usize, suffix: usize, force: bool) {
        if !force
            && let Some(text) = flat(node)
            && column + text.width() + suffix <= WIDTH
        {
            self.out.push_str(&text);
            return;
        }
        let group = match node {
            Node::Atom(text) => {
                self.out.push_str(text);
                return;
            }
            Node::Group(group) => group,
        };
        self.out.push_str(group.name.unwrap_or(""));
        self.out.push(group.open);
        if group.items.is_empty() && group.open_comments.is_empty() && group.inner.is_empty() {
            self.out.push(close_of(group.open));
            return;
        }
        self.same_line(&group.open_comments);
        self.out.push_str(self.newline);
        let mut first = true;
        for item in &group.items {
            first = self.comment_lines(&item.leading, level + 1, first);
            if item.blank_before && !first {
                self.out.push_str(self.newline);
            }
            first = false;
            let line_start = self.out.len();
            self.indent(level + 1);
            let key = item.key.as_ref().and_then(atom);
            if let Some(key_node) = &item.key {
                self.node(key_node, level + 1, 0, 0, false);
                self.out.push_str(": ");
            }
            let column = self.out[line_start..].width();
            let section = group.record == Some("Chronicle") && key.is_some_and(schema::is_section);
            self.node(&item.value, level + 1, column, 1, section);
            self.out.push(',');
            self.same_line(&item.trailing);
            self.out.push_str(self.newline);
        }
        self.comment_lines(&group.inner, level + 1, first);
        self.indent(level);
        self.out.push(close_of(group.open));
    }
}

/// Returns true when `text` is in the canonical layout.
pub fn is_canonical(text: &str) -> bool {
    laid_out(text).is_ok_and(|f| f == text)
}

/// Returns `text` in the canonical layout; a text without any value (only comments)
/// is returned as it is. The result is checked to hold the same tokens and comments.
pub fn format(text: &str) -> Result<String, LayoutError> {
    let out = laid_out(text)?;
    if out != text && !same_content(text, &out) {
        return Err(LayoutError(0));
    }
    Ok(out)
}

/// Returns `text` in the canonical layout, unchecked.
fn laid_out(text: &str) -> Result<String, LayoutError> {
    let mut parser = Parser::new(text)?;
    if parser.peek().tok == Tok::Eof {
        return Ok(text.to_string());
    }
    let (leading, blank_before) = comments(&parser.gap()?);
    let mut value = parser.value(text)?;
    let end = parser.peek();
    if end.tok != Tok::Eof {
        return Err(LayoutError(end.start));
    }
    let after = parser.gap()?;
    let (same_line, rest) = split_line(&after);
    let (after, _) = comments(rest);
    canonicalize(&mut value, Some("Chronicle"));
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut p = Printer {
        out: String::with_capacity(text.len() + text.len() / 8),
        newline,
    };
    if text.starts_with('\u{feff}') {
        p.out.push('\u{feff}');
    }
    let first = p.comment_lines(&leading, 0, true);
    if blank_before && !first {
        p.out.push_str(newline);
    }
    let force = matches!(&value, Node::Group(_));
    p.node(&value, 0, 0, 0, force);
    p.same_line(&same_line);
    p.out.push_str(newline);
    p.comment_lines(&after, 0, false);
    Ok(p.out)
}

/// Returns the changes that lay out every file of `kb` canonically, one per file that
/// is not laid out so yet.
pub fn fmt(kb: &Kb) -> Result<Vec<FileChange>, EditError> {
    let mut changes = Vec::new();
    for (_, file) in kb.files().files() {
        let after = format(&file.text).map_err(|e| {
            EditError::Io(format!(
                "internal error: `{}` could not be laid out: {e}",
                file.relative
            ))
        })?;
        if after != file.text {
            changes.push(FileChange {
                path: file.path.clone(),
                relative: file.relative.clone(),
                before: Some(file.text.clone()),
                after,
            });
        }
    }
    Ok(changes)
}

/// Returns true when both texts hold the same tokens (commas aside) and the same
/// comments, in any order: the guard that formatting changed layout only.
fn same_content(before: &str, after: &str) -> bool {
    fn count<'a>(text: &'a str, counts: &mut FxHashMap<&'a str, i64>, by: i64) -> bool {
        let Ok(parser) = Parser::new(text) else {
            return false;
        };
        for token in parser.tokens {
            let Ok(pieces) = pieces(token.gap, 0) else {
                return false;
            };
            for piece in pieces {
                if let Piece::Comment(c) = piece {
                    *counts.entry(c).or_default() += by;
                }
            }
            if !matches!(token.tok, Tok::Comma | Tok::Eof) {
                *counts.entry(&text[token.start..token.end]).or_default() += by;
            }
        }
        true
    }
    let mut counts = FxHashMap::default();
    count(before, &mut counts, 1)
        && count(after, &mut counts, -1)
        && counts.values().all(|n| *n == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_records_go_on_one_line_and_long_ones_one_field_per_line() {
        let text = "// head\nChronicle(events: [Event(title: \"A\", id: \"a\",\n    date: \"2020\"), // a\n\n\n  // b\n  Event(id: \"b\", title: \"A title long enough that the record cannot stay on one line of a hundred columns\")],\n)\n";
        let expected = "// head\nChronicle(\n    events: [\n        Event(id: \"a\", title: \"A\", date: \"2020\"), // a\n\n        // b\n        Event(\n            id: \"b\",\n            title: \"A title long enough that the record cannot stay on one line of a hundred columns\",\n        ),\n    ],\n)\n";
        let formatted = format(text).expect("formats");
        assert_eq!(formatted, expected);
        assert_eq!(format(&formatted).expect("formats"), formatted);
    }

    #[test]
    fn the_guard_tells_a_lost_or_changed_token_or_comment() {
        assert!(same_content(
            "A(b: 1, c: [2]) // x",
            "A(\n    c: [2],\n    b: 1,\n) // x\n"
        ));
        assert!(!same_content("A(b: 1)", "A(b: 2)"));
        assert!(!same_content("A(b: 1) // x", "A(b: 1)"));
        assert!(!same_content("A(b: 1, c: 1)", "A(b: 1)"));
    }

    #[test]
    fn comments_on_the_opening_line_and_before_the_close_stay() {
        let text = "Chronicle( // top\n  actors: [ /* none yet */ ],\r\n  relations: [(from: \"a\", to: \"b\", kind: before)],\n)";
        let formatted = format(text).expect("formats");
        assert_eq!(
            formatted,
            "Chronicle( // top\r\n    actors: [ /* none yet */\r\n    ],\r\n    relations: [\r\n        (from: \"a\", kind: before, to: \"b\"),\r\n    ],\r\n)\r\n"
        );
        assert_eq!(format(&formatted).expect("formats"), formatted);
    }
}

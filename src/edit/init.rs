//! `annals init`: the first file of a new knowledge base, holding its title and a
//! commented example of each record, which checks clean as written and uncommented.

use std::path::Path;

use crate::edit::format;
use crate::edit::{EditError, FileChange};

/// The name of the file `init` writes.
pub const FILE: &str = "chronicle.ron";

/// The examples, one record per group of lines, each line written after the prefix
/// that comments it out.
const EXAMPLES: [(&str, &[&str]); 6] = [
    (
        "actors",
        &[r#"Actor(id: "jane-doe", name: "Jane Doe", kind: person, born: "1970-05"),"#],
    ),
    (
        "places",
        &[r#"Place(id: "springfield", name: "Springfield", kind: city),"#],
    ),
    (
        "sources",
        &[
            r#"Source(id: "first-report", title: "The first report", date: "2024-03-01","#,
            r#"       url: "https://example.org/first-report"),"#,
        ],
    ),
    (
        "events",
        &[
            r#"Event(id: "founding", title: "Jane Doe founds the society", date: "2024-02-10","#,
            r#"      kind: meeting, actors: [("jane-doe", organizer)], place: "springfield","#,
            r#"      sources: ["first-report"]),"#,
            r#"Event(id: "first-meeting", title: "The society meets", date: "2024-02-24","#,
            r#"      kind: meeting, actors: [("jane-doe", host)], sources: ["first-report"]),"#,
        ],
    ),
    (
        "relations",
        &[r#"Relation(from: "founding", kind: before, to: "first-meeting", gap: "P14D"),"#],
    ),
    ("vocabulary", &["event_kinds: [ceremony],"]),
];

/// Returns the text of the new file: the title (or a commented one without `title`),
/// a commented summary, and every section with its example commented out by `prefix`
/// (`"// "`; the tests pass `""` to check the examples themselves).
pub fn template(title: Option<&str>, prefix: &str) -> String {
    let mut out = String::from(
        "// A knowledge base started by `annals init`. Every `*.ron` file under this\n\
         // directory is part of it; ids are global across files. Uncomment the examples\n\
         // to try them, or add records with `annals add`; the format is in docs/format.md.\n\
         Chronicle(\n",
    );
    match title {
        Some(title) => out.push_str(&format!("    title: {},\n", format::string(title))),
        None => out.push_str("    // title: \"The title of the whole chronology\",\n"),
    }
    out.push_str("    // summary: \"One sentence on what it covers.\",\n");
    for (section, lines) in EXAMPLES {
        let (open, close) = if section == "vocabulary" {
            ("Vocabulary(", ")")
        } else {
            ("[", "]")
        };
        out.push_str(&format!("    {section}: {open}\n"));
        for line in lines {
            out.push_str(&format!("        {prefix}{line}\n"));
        }
        out.push_str(&format!("    {close},\n"));
    }
    out.push_str(")\n");
    out
}

/// Returns the one file that starts a KB in `dir`; refused when `dir` already holds
/// `*.ron` files (`existing`, relative paths), so nothing of a KB is ever overwritten.
pub fn init(
    dir: &Path,
    existing: &[String],
    title: Option<&str>,
) -> Result<Vec<FileChange>, EditError> {
    if let Some(first) = existing.first() {
        let more = match existing.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        return Err(EditError::refused(
            format!(
                "`{}` already holds a knowledge base (`{first}`{more})",
                dir.display()
            ),
            Some("give `annals init` a new or empty directory".into()),
        ));
    }
    Ok(vec![FileChange {
        path: dir.join(FILE),
        relative: FILE.to_string(),
        before: None,
        after: template(title, "// "),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::vocab::ClaimView;

    fn diagnostics(text: &str) -> Vec<String> {
        let files = vec![(FILE.into(), FILE.to_string(), text.as_bytes().to_vec())];
        let (kb, mut diags) = crate::load::load_texts(Path::new("kb"), files);
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        diags.extend(crate::check::run(&kb, &analysis));
        diags.iter().map(|d| format!("{d:?}")).collect()
    }

    #[test]
    fn the_new_file_checks_clean_with_its_examples_commented_and_uncommented() {
        for title in [None, Some("A \"quoted\" title")] {
            assert_eq!(diagnostics(&template(title, "// ")), Vec::<String>::new());
            assert_eq!(diagnostics(&template(title, "")), Vec::<String>::new());
        }
    }
}

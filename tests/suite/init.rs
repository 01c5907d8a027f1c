//! `init`: the whole new file pinned, the new KB checked clean, and every refusal pinned
//! with its exact stderr and exit status, writing nothing.

use std::collections::BTreeMap;
use std::path::Path;

use crate::suite::test::Test;

/// Returns every file under `dir` (the lock file too) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside");
                let relative = relative.to_string_lossy().to_string();
                out.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

#[test]
fn init_writes_one_file_that_checks_clean() {
    let dir = tempfile::tempdir().expect("temp");
    Test::new()
        .current_dir(dir.path())
        .args(["init", "kb", "--title", "The \"Skripal\" case"])
        .stderr("started a knowledge base in `kb` (chronicle.ron)\n")
        .run();
    let text = std::fs::read_to_string(dir.path().join("kb/chronicle.ron")).expect("read");
    assert_eq!(text, TITLED);
    Test::new()
        .current_dir(dir.path())
        .data("kb")
        .arg("check")
        .stderr("kb in 1 file: 0 actors, 0 places, 0 sources, 0 events, 0 relations\nok\n")
        .run();
}

#[test]
fn init_without_dir_starts_the_data_directory_with_a_commented_title() {
    let dir = tempfile::tempdir().expect("temp");
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "new/kb", "init"])
        .stderr("started a knowledge base in `new/kb` (chronicle.ron)\n")
        .run();
    let text = std::fs::read_to_string(dir.path().join("new/kb/chronicle.ron")).expect("read");
    let titled_line = "    title: \"The \\\"Skripal\\\" case\",\n";
    let commented = "    // title: \"The title of the whole chronology\",\n";
    assert_eq!(text, TITLED.replace(titled_line, commented));
    Test::new()
        .current_dir(dir.path())
        .data("new/kb")
        .arg("check")
        .stderr("new/kb in 1 file: 0 actors, 0 places, 0 sources, 0 events, 0 relations\nok\n")
        .run();
}

#[test]
fn init_refuses_a_directory_that_holds_a_kb_or_a_file_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir_all(dir.path().join("kb/events")).expect("mkdir");
    std::fs::write(dir.path().join("kb/events/2021.ron"), "Chronicle()\n").expect("write");
    std::fs::write(dir.path().join("kb/notes.txt"), "not part of the KB\n").expect("write");
    std::fs::write(dir.path().join("plain-file"), "").expect("write");
    let before = files(dir.path());
    Test::new()
        .current_dir(dir.path())
        .args(["init", "kb"])
        .stderr(
            "error[refused]: `kb` already holds a knowledge base (`events/2021.ron`)\n \
             = help: give `annals init` a new or empty directory\n\n",
        )
        .status(1)
        .run();
    Test::new()
        .current_dir(dir.path())
        .args(["--data", "plain-file", "init", "--title", "T"])
        .stderr(
            "error[refused]: `plain-file` exists and is not a directory\n \
             = help: give `annals init` a new or empty directory\n\n",
        )
        .status(1)
        .run();
    assert_eq!(files(dir.path()), before);
}

const TITLED: &str = r#"// A knowledge base started by `annals init`. Every `*.ron` file under this
// directory is part of it; ids are global across files. Uncomment the examples
// to try them, or add records with `annals add`; the format is in docs/format.md.
Chronicle(
    title: "The \"Skripal\" case",
    // summary: "One sentence on what it covers.",
    actors: [
        // Actor(id: "jane-doe", name: "Jane Doe", kind: person, born: "1970-05"),
    ],
    places: [
        // Place(id: "springfield", name: "Springfield", kind: city),
    ],
    sources: [
        // Source(id: "first-report", title: "The first report", date: "2024-03-01",
        //        url: "https://example.org/first-report"),
    ],
    events: [
        // Event(id: "founding", title: "Jane Doe founds the society", date: "2024-02-10",
        //       kind: meeting, actors: [("jane-doe", organizer)], place: "springfield",
        //       sources: ["first-report"]),
        // Event(id: "first-meeting", title: "The society meets", date: "2024-02-24",
        //       kind: meeting, actors: [("jane-doe", host)], sources: ["first-report"]),
    ],
    relations: [
        // Relation(from: "founding", kind: before, to: "first-meeting", gap: "P14D"),
    ],
    vocabulary: Vocabulary(
        // event_kinds: [ceremony],
    ),
)
"#;

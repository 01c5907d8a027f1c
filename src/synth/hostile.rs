//! Knowledge bases in the shapes that once made annals quadratic or worse, for the
//! complexity benchmark (`scripts/bench-complexity`) and its regression tests. Each
//! returns the text of one file.

use std::fmt::Write as _;

const SOURCE: &str = "    sources: [Source(id: \"s\", title: \"S\", date: \"2100\")],\n";

/// Returns a chain of `n` `before` relations over `n + 1` events.
pub fn before_chain(n: usize) -> String {
    let mut out = format!("Chronicle(\n{SOURCE}    events: [\n");
    for i in 0..=n {
        let date = match i {
            0 => ", date: \"1900-01-01\"",
            _ if i == n => ", date: \"2090-01-01\"",
            _ => "",
        };
        let _ = writeln!(
            out,
            "        Event(id: \"e{i}\", title: \"E{i}\"{date}, sources: [\"s\"]),"
        );
    }
    out.push_str("    ],\n    relations: [\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "        Relation(from: \"e{i}\", kind: before, to: \"e{}\"),",
            i + 1
        );
    }
    out.push_str("    ],\n)\n");
    out
}

/// Returns `n` unsourced events on one line.
pub fn one_line(n: usize) -> String {
    let mut out = String::from("Chronicle(events: [");
    for i in 0..n {
        let _ = write!(out, "Event(id: \"e{i}\", title: \"E\"), ");
    }
    out.push_str("])\n");
    out
}

/// Returns `k` events linked by `causes` in every ordered pair.
pub fn dense(k: usize) -> String {
    let mut out = format!("Chronicle(\n{SOURCE}    events: [\n");
    for i in 0..k {
        let _ = writeln!(
            out,
            "        Event(id: \"e{i}\", title: \"E{i}\", sources: [\"s\"]),"
        );
    }
    out.push_str("    ],\n    relations: [\n");
    for i in 0..k {
        for j in (0..k).filter(|&j| j != i) {
            let _ = writeln!(
                out,
                "        Relation(from: \"e{i}\", kind: causes, to: \"e{j}\"),"
            );
        }
    }
    out.push_str("    ],\n)\n");
    out
}

/// Returns about `mb` megabytes of dated events with notes.
pub fn notes(mb: usize) -> String {
    let note = "A long note about what happened, who was there and what the \
                reports disagree on, written out so that every record is big.";
    let mut out = format!("Chronicle(\n{SOURCE}    events: [\n");
    let mut i = 0usize;
    while out.len() < mb * 1_000_000 {
        let (year, day) = (1900 + i % 190, 1 + i % 28);
        let _ = writeln!(
            out,
            "        Event(id: \"e{i}\", title: \"Event number {i}\", date: \"{year}-03-{day:02}\", \
             sources: [\"s\"], note: \"{note} ({i})\"),"
        );
        i += 1;
    }
    out.push_str("    ],\n)\n");
    out
}

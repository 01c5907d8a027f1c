//! A property of every output: on random KBs, no contested edge or claimed event is
//! ever reasoned with, exported or drawn as a fact unless a flag asked for it (SPEC §2).

use annals::analysis::Analysis;
use annals::claims::ClaimView;
use annals::graph::claims_of;
use annals::kb::Kb;
use annals::time::network::Why;
use proptest::prelude::*;

/// The statuses a random claim may have.
const STATUSES: [&str; 5] = ["stated", "alleged", "disputed", "refuted", "stated"];

/// One random edge: which events it joins and the status of each of its positions.
#[derive(Clone, Debug)]
struct RandomEdge {
    from: usize,
    to: usize,
    kind: usize,
    statuses: Vec<usize>,
}

/// Writes the claims of an edge: inline for one position, a list for more.
fn claims_text(statuses: &[usize], inline_prefix: &str) -> String {
    match statuses {
        [] => String::new(),
        [one] => format!(
            "{inline_prefix}Claim(status: {}, by: [\"b\"])",
            STATUSES[*one]
        ),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|s| format!("Claim(status: {}, by: [\"b\"])", STATUSES[*s]))
                .collect();
            format!("{inline_prefix}[{}]", list.join(", "))
        }
    }
}

/// Returns the text of a KB with `events` events, participations and relations.
fn kb_text(events: usize, parts: &[(usize, Vec<usize>)], relations: &[RandomEdge]) -> String {
    let mut out = String::from(
        "Chronicle(\n  actors: [Actor(id: \"a\", name: \"Ann\"), Actor(id: \"b\", name: \"Bob\")],\n  sources: [Source(id: \"s\", title: \"S\", date: \"2030\")],\n  events: [\n",
    );
    for e in 0..events {
        let part = parts
            .iter()
            .find(|(p, _)| *p == e)
            .map(|(_, statuses)| format!("(\"a\", subject{})", claims_text(statuses, ", ")))
            .unwrap_or_default();
        out.push_str(&format!(
            "    Event(id: \"e{e}\", title: \"Event {e}\", date: \"2020-0{}\", actors: [{part}], sources: [\"s\"]),\n",
            1 + e % 9
        ));
    }
    out.push_str("  ],\n  relations: [\n");
    for r in relations {
        let kind = ["before", "causes", "during"][r.kind];
        let claims = match r.statuses.as_slice() {
            [] => String::new(),
            [one] => format!(", status: {}, by: [\"b\"]", STATUSES[*one]),
            _ => claims_text(&r.statuses, ", claims: "),
        };
        out.push_str(&format!(
            "    Relation(from: \"e{}\", kind: {kind}, to: \"e{}\"{claims}),\n",
            r.from, r.to
        ));
    }
    out.push_str("  ],\n)\n");
    out
}

fn load(text: &str) -> Kb {
    let files = vec![(
        "kb.ron".into(),
        "kb.ron".to_string(),
        text.as_bytes().to_vec(),
    )];
    let (kb, _) = annals::load::load_texts(std::path::Path::new("kb"), files);
    kb
}

fn edge_strategy(events: usize) -> impl Strategy<Value = RandomEdge> {
    (
        0..events,
        0..events,
        0..3usize,
        prop::collection::vec(0..5usize, 0..3),
    )
        .prop_map(|(from, to, kind, statuses)| RandomEdge {
            from,
            to,
            kind,
            statuses,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_contested_edge_is_taken_as_a_fact(
        parts in prop::collection::vec((0..6usize, prop::collection::vec(0..5usize, 0..3)), 0..6),
        relations in prop::collection::vec(edge_strategy(6), 0..8),
    ) {
        let text = kb_text(6, &parts, &relations);
        let kb = load(&text);
        let vocab = kb.vocab();
        let stated = Analysis::new(&kb, ClaimView::Stated);
        // Reasoning: no constraint comes from a relation that is not a fact.
        for c in &stated.network().constraints {
            if let Why::Relation(r) = c.why {
                let rel = &kb.relations()[r as usize];
                prop_assert!(vocab.is_fact(rel.positions()), "a contested relation reasoned with:\n{text}");
            }
        }
        // The graph: a contested edge carries its status and does not hold.
        let graph = stated.graph();
        for e in graph.graph.edge_indices() {
            let edge = graph.graph[e];
            prop_assert_eq!(edge.claims(&kb), claims_of(&kb, edge.origin), "an edge's claims as written:\n{}", text);
            if !vocab.is_fact(claims_of(&kb, edge.origin)) {
                prop_assert!(edge.status.is_some(), "a contested edge without its status:\n{text}");
                prop_assert!(!edge.holds, "a contested edge taken as a fact:\n{text}");
            }
        }
        // Asked for, every claim is taken as stated.
        let all = Analysis::new(&kb, ClaimView::All);
        let reasoned = |a: &Analysis| a.network().constraints.iter().filter(|c| matches!(c.why, Why::Relation(_))).count();
        prop_assert!(reasoned(&all) >= reasoned(&stated));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The outputs people read: the timeline JSON gives a contested participation its
    /// status, DOT draws a contested relation dashed or dotted, and the drawn timeline
    /// draws a contested participation with a claim's dash, never solid.
    #[test]
    fn outputs_never_show_a_contested_edge_as_stated(
        parts in prop::collection::vec((0..4usize, prop::collection::vec(0..5usize, 1..3)), 1..4),
        relations in prop::collection::vec(edge_strategy(4), 1..5),
    ) {
        let text = kb_text(4, &parts, &relations);
        let kb = load(&text);
        prop_assume!(annals::check::run(&kb, &Analysis::new(&kb, ClaimView::Stated)).iter().all(|d| !d.is_error()));
        let dir = crate::suite::common::temp_kb(&[("kb.ron", text.as_bytes())]);
        let run = |args: &[&str]| crate::suite::test::Test::new().data(dir.path()).args(args).execute();
        let timeline = run(&["timeline", "--format", "json"]);
        prop_assume!(timeline.status == 0);
        let rows: serde_json::Value = serde_json::from_str(&timeline.stdout).expect("timeline JSON");
        let dot = run(&["export", "dot"]).stdout;
        let svg = run(&["-q", "render"]).stdout;
        for event in kb.events() {
            let id = kb.str(event.id.node);
            for p in &event.actors {
                if kb.vocab().is_fact(&p.claims) {
                    continue;
                }
                let row = rows.as_array().expect("rows").iter().find(|r| r["id"] == id).expect("a row");
                prop_assert_ne!(&row["actors"][0]["status"], "stated", "timeline JSON:\n{}", text);
                let mark = svg.split(&format!("<g data-id=\"{id}\">")).nth(1).unwrap_or("");
                let mark = mark.split("</g>").next().unwrap_or("");
                prop_assert!(
                    ["5 3", "2 2", "4 3"].iter().any(|d| mark.contains(&format!("stroke-dasharray=\"{d}\""))),
                    "render drew `{}`'s contested participation solid: {}\n{}", id, mark, text
                );
            }
        }
        for r in kb.relations() {
            if kb.vocab().is_fact(r.positions()) {
                continue;
            }
            let (from, to) = (kb.str(r.from.node), kb.str(r.to.node));
            let arrow = format!("\"{from}\" -> \"{to}\" [label=\"{}", kb.str(r.kind.node));
            for line in dot.lines().filter(|l| l.trim_start().starts_with(&arrow)) {
                let dashed = line.contains("style=dashed") || line.contains("style=dotted");
                // The same pair may also be joined by a stated relation of the same kind.
                let stated_twin = kb.relations().iter().any(|o| {
                    (o.from.node, o.kind.node, o.to.node) == (r.from.node, r.kind.node, r.to.node)
                        && kb.vocab().is_fact(o.positions())
                });
                prop_assert!(dashed || stated_twin, "DOT drew a contested relation solid: {}\n{}", line, text);
            }
        }
    }
}

//! Property tests of the temporal network: KBs generated from a hidden assignment of
//! days are consistent, the hidden days lie within the inferred bounds, one impossible
//! relation more always yields a contradiction that names it, and on small networks
//! mixing instants, days and months every assignment found by brute force lies within
//! the inferred bounds.

use annals::time::network::{DAY, Why, end_node, start_node};
use proptest::prelude::*;

/// A hidden event: start and end day (days since 1970), and how its date is written.
#[derive(Clone, Debug)]
struct Hidden {
    start: i64,
    end: i64,
    date: u8,
    duration: bool,
}

fn day_text(day: i64) -> String {
    annals::date::format_day(day)
}

fn date_of(h: &Hidden) -> Option<String> {
    let (y, m, _) = annals::date::civil_from_days(h.start);
    match (h.start == h.end, h.date % 5) {
        (_, 0) => None,
        (true, 1) => Some(day_text(h.start)),
        (true, 2) => Some(format!("{y:04}-{m:02}")),
        (true, _) => Some(format!("{y:04}")),
        (false, _) => Some(format!("{}/{}", day_text(h.start), day_text(h.end))),
    }
}

/// Returns the relation kinds (and gap) that hold between two hidden events.
fn holds(a: &Hidden, b: &Hidden, pick: usize) -> Option<String> {
    let (s1, e1, s2, e2) = (a.start, a.end, b.start, b.end);
    let mut kinds: Vec<String> = Vec::new();
    if e1 < s2 {
        kinds.push("kind: before".into());
        kinds.push(format!("kind: before, gap: \"P{}D\"", s2 - e1));
        kinds.push(format!(
            "kind: before, gap: (\"P{}D\", \"P{}D\")",
            (s2 - e1 - 2).max(1),
            s2 - e1 + 3
        ));
    }
    if e2 < s1 {
        kinds.push("kind: after".into());
    }
    for (kind, ok) in [
        ("meets", e1 == s2),
        ("overlaps", s1 <= s2 && s2 <= e1 && e1 <= e2),
        ("during", s2 <= s1 && e1 <= e2),
        ("part_of", s2 <= s1 && e1 <= e2),
        ("contains", s1 <= s2 && e2 <= e1),
        ("starts", s1 == s2 && e1 <= e2),
        ("finishes", e1 == e2 && s2 <= s1),
        ("equals", s1 == s2 && e1 == e2),
        ("causes", s1 <= s2),
        ("responds_to", s2 <= s1),
        ("follows", e2 <= s1),
    ] {
        if ok {
            kinds.push(format!("kind: {kind}"));
        }
    }
    (!kinds.is_empty()).then(|| kinds[pick % kinds.len()].clone())
}

fn events() -> impl Strategy<Value = Vec<Hidden>> {
    let first = annals::date::days_from_civil(2020, 1, 1);
    prop::collection::vec((0i64..400, 0i64..3, any::<u8>(), any::<bool>()), 2..9).prop_map(
        move |v| {
            let mut out: Vec<Hidden> = v
                .into_iter()
                .map(|(s, len, date, duration)| Hidden {
                    start: first + s,
                    end: first + s + len,
                    date,
                    duration,
                })
                .collect();
            // The first two are day-dated instants in order, for the impossible relation.
            out.sort_by_key(|h| h.start);
            for h in out.iter_mut().take(2) {
                h.end = h.start;
                h.date = 1;
            }
            // On different days: two events of one day can be in either order (SPEC §4).
            if out[1].start == out[0].start {
                out[1].start += 1;
                out[1].end = out[1].start;
            }
            out
        },
    )
}

fn kb_text(hidden: &[Hidden], relations: &[(usize, usize, usize)], extra: Option<&str>) -> String {
    let mut text = String::from("Chronicle(\n  events: [\n");
    for (i, h) in hidden.iter().enumerate() {
        let date = date_of(h)
            .map(|d| format!(", date: \"{d}\""))
            .unwrap_or_default();
        let duration = if h.duration {
            format!(", duration: \"P{}D\"", h.end - h.start)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "    Event(id: \"e{i}\", title: \"E{i}\"{date}{duration}),\n"
        ));
    }
    text.push_str("  ],\n  relations: [\n");
    for &(a, b, pick) in relations {
        let (a, b) = (a % hidden.len(), b % hidden.len());
        if a == b {
            continue;
        }
        if let Some(kind) = holds(&hidden[a], &hidden[b], pick) {
            text.push_str(&format!(
                "    Relation(from: \"e{a}\", {kind}, to: \"e{b}\"),\n"
            ));
        }
    }
    if let Some(extra) = extra {
        text.push_str(extra);
    }
    text.push_str("  ],\n)\n");
    text
}

fn load(text: &str) -> (tempfile::TempDir, annals::kb::Kb) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("kb.ron"), text).expect("written");
    let (kb, diags) = annals::load::load(dir.path()).expect("loaded");
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    (dir, kb)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn consistent_networks_contain_the_hidden_days(
        hidden in events(),
        relations in prop::collection::vec((0usize..9, 0usize..9, 0usize..16), 0..14),
    ) {
        let text = kb_text(&hidden, &relations, None);
        let (_dir, kb) = load(&text);
        let inference = annals::analysis::Analysis::new(&kb, annals::vocab::ClaimView::Stated).inference().clone();
        prop_assert!(inference.contradiction.is_none(), "{:?}\n{text}", inference.diagnostic(&kb));
        let s = &inference.solution;
        for (i, h) in hidden.iter().enumerate() {
            for (node, day) in [(start_node(i as u32), h.start), (end_node(i as u32), h.end)] {
                let x = day * DAY;
                prop_assert!(s.earliest[node as usize].is_none_or(|lo| lo <= x), "e{i}: {:?} > {x}\n{text}", s.earliest[node as usize]);
                prop_assert!(s.latest[node as usize].is_none_or(|hi| x <= hi), "e{i}: {:?} < {x}\n{text}", s.latest[node as usize]);
            }
        }
    }

    #[test]
    fn one_impossible_relation_is_named(
        hidden in events(),
        relations in prop::collection::vec((0usize..9, 0usize..9, 0usize..16), 0..14),
    ) {
        // e0 and e1 are day-dated with e0 no later than e1, so `e0 after e1` is impossible.
        let extra = "    Relation(from: \"e0\", kind: after, to: \"e1\"),\n";
        let text = kb_text(&hidden, &relations, Some(extra));
        let (_dir, kb) = load(&text);
        let last = kb.relations().len() as u32 - 1;
        let inference = annals::analysis::Analysis::new(&kb, annals::vocab::ClaimView::Stated).inference().clone();
        let cycle = inference.contradiction.clone();
        prop_assert!(cycle.is_some(), "{text}");
        let names_it = cycle.iter().flatten().any(|c| c.why == Why::Relation(last));
        prop_assert!(names_it, "{text}");
        let diag = inference.diagnostic(&kb).expect("a diagnostic");
        let span = kb.relations()[last as usize].span;
        prop_assert!(diag.span == Some(span) || diag.labels.iter().any(|l| l.span == span));
    }
}

/// The dates of the brute-force networks: an instant, a minute, a day, a month, none.
const MIXED_DATES: [Option<&str>; 5] = [
    Some("2020-02-01T10:00:30Z"),
    Some("2020-02-01T10:00Z"),
    Some("2020-02-01"),
    Some("2020-02"),
    None,
];

/// The points the brute force tries, in seconds: the edges of every date above and
/// the seconds beside them.
fn candidate_points() -> Vec<i64> {
    let day = annals::date::days_from_civil(2020, 2, 1) * DAY;
    let t = |h: i64, m: i64, s: i64| day + h * 3600 + m * 60 + s;
    vec![
        day - 1,
        day,
        t(10, 0, 0),
        t(10, 0, 30),
        t(10, 0, 59),
        t(10, 1, 0),
        day + DAY - 1,
        day + 29 * DAY - 1,
        day + 29 * DAY,
    ]
}

/// Returns the strict first and last second of a date of [`MIXED_DATES`].
fn date_range(date: Option<&str>) -> (i64, i64) {
    let Some(text) = date else {
        return (i64::MIN, i64::MAX);
    };
    let e = annals::date::Edtf::parse(text).expect("valid");
    let lo = annals::time::network::lower_seconds(e.lower()).expect("bounded");
    let hi = annals::time::network::upper_seconds(e.upper()).expect("bounded");
    (lo, hi)
}

/// Whether relation `kind` holds between `(s1, e1)` and `(s2, e2)`, by the SPEC §4 table.
fn relation_holds(kind: &str, (s1, e1): (i64, i64), (s2, e2): (i64, i64)) -> bool {
    match kind {
        "before" => s2 > e1,
        "after" => s1 > e2,
        "meets" => e1 == s2,
        "overlaps" => s1 <= s2 && s2 <= e1 && e1 <= e2,
        "during" => s2 <= s1 && e1 <= e2,
        "starts" => s1 == s2 && e1 <= e2,
        "equals" => s1 == s2 && e1 == e2,
        "causes" => s1 <= s2,
        _ => e2 <= s1,
    }
}

const MIXED_KINDS: [&str; 9] = [
    "before", "after", "meets", "overlaps", "during", "starts", "equals", "causes", "follows",
];

/// Every assignment of candidate points to three events (start ≤ end) that satisfies
/// their dates and `relations`.
fn brute_force(dates: &[usize; 3], relations: &[(usize, usize, usize)]) -> Vec<[(i64, i64); 3]> {
    let points = candidate_points();
    let spans: Vec<Vec<(i64, i64)>> = dates
        .iter()
        .map(|&d| {
            let (lo, hi) = date_range(MIXED_DATES[d]);
            let inside: Vec<i64> = points
                .iter()
                .copied()
                .filter(|p| (lo..=hi).contains(p))
                .collect();
            let mut spans = Vec::new();
            for &s in &inside {
                spans.extend(inside.iter().filter(|&&e| e >= s).map(|&e| (s, e)));
            }
            spans
        })
        .collect();
    let mut found = Vec::new();
    for &a in &spans[0] {
        for &b in &spans[1] {
            for &c in &spans[2] {
                let x = [a, b, c];
                if relations
                    .iter()
                    .all(|&(f, t, k)| relation_holds(MIXED_KINDS[k], x[f], x[t]))
                {
                    found.push(x);
                }
            }
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn bounds_contain_every_brute_force_assignment(
        dates in prop::array::uniform3(0usize..5),
        relations in prop::collection::vec((0usize..3, 0usize..3, 0usize..9), 0..4),
    ) {
        let relations: Vec<_> = relations.into_iter().filter(|(a, b, _)| a != b).collect();
        let mut text = String::from("Chronicle(events: [\n");
        for (i, &d) in dates.iter().enumerate() {
            let date = MIXED_DATES[d].map(|t| format!(", date: \"{t}\"")).unwrap_or_default();
            text.push_str(&format!("  Event(id: \"e{i}\", title: \"E{i}\"{date}),\n"));
        }
        text.push_str("], relations: [\n");
        for &(a, b, k) in &relations {
            text.push_str(&format!("  Relation(from: \"e{a}\", kind: {}, to: \"e{b}\"),\n", MIXED_KINDS[k]));
        }
        text.push_str("])\n");
        let found = brute_force(&dates, &relations);
        let (_dir, kb) = load(&text);
        let inference = annals::analysis::Analysis::new(&kb, annals::vocab::ClaimView::Stated).inference().clone();
        if found.is_empty() {
            return Ok(());
        }
        prop_assert!(inference.contradiction.is_none(), "{found:?}\n{text}");
        let s = &inference.solution;
        for x in &found {
            for (i, &(start, end)) in x.iter().enumerate() {
                for (node, v) in [(start_node(i as u32), start), (end_node(i as u32), end)] {
                    let n = node as usize;
                    prop_assert!(s.earliest[n].is_none_or(|lo| lo <= v), "e{i}: {:?} > {v}\n{text}", s.earliest[n]);
                    prop_assert!(s.latest[n].is_none_or(|hi| v <= hi), "e{i}: {:?} < {v}\n{text}", s.latest[n]);
                }
            }
        }
    }
}

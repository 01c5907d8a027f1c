//! A synthetic knowledge base generator for benchmarks and scale tests: consistent by
//! construction (every event has a hidden day; dates and relations agree with it).

pub mod hostile;
pub mod sqlite;

use std::fmt::Write;

use crate::date::{civil_from_days, days_from_civil, format_day};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct SynthSpec {
    /// The number of events.
    pub events: usize,
    /// Relations per event (about).
    pub relations_per_event: usize,
    /// Events per file.
    pub events_per_file: usize,
    /// The seed of the pseudo-random sequence.
    pub seed: u64,
}

impl Default for SynthSpec {
    fn default() -> SynthSpec {
        SynthSpec {
            events: 1000,
            relations_per_event: 2,
            events_per_file: 10_000,
            seed: 1,
        }
    }
}

/// A small, fast, deterministic pseudo-random generator (SplitMix64), seeded with
/// its one field; the suites' random KBs use it too.
pub struct Rng(pub u64);

impl Rng {
    /// Returns the next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number below `n` (zero when `n` is zero).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Returns true one time in `one_in`.
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const KINDS: &[&str] = &[
    "event",
    "attack",
    "arrest",
    "trial",
    "verdict",
    "protest",
    "statement",
    "meeting",
];
const ROLES: &[&str] = &["participant", "subject", "victim", "organizer", "witness"];

/// Returns the files of a synthetic KB as (relative path, text) pairs.
pub fn generate(spec: SynthSpec) -> Vec<(String, String)> {
    let mut rng = Rng(spec.seed);
    let actors = (spec.events / 10).max(1);
    let places = (spec.events / 100).max(1);
    let sources = (spec.events / 50).max(1);
    let first = days_from_civil(1990, 1, 1);
    let span = days_from_civil(2025, 12, 31) - first;
    // Hidden days, increasing with the index so relations can point forward in time.
    let mut days: Vec<i64> = (0..spec.events)
        .map(|_| first + rng.below(span as usize) as i64)
        .collect();
    days.sort_unstable();
    let mut files = Vec::new();
    let mut text = String::from("Chronicle(\n    actors: [\n");
    for a in 0..actors {
        let _ = writeln!(
            text,
            "        Actor(id: \"a{a}\", name: \"Actor {a}\", kind: person),"
        );
    }
    text.push_str("    ],\n    places: [\n");
    for p in 0..places {
        let _ = writeln!(
            text,
            "        Place(id: \"p{p}\", name: \"Place {p}\", kind: city),"
        );
    }
    text.push_str("    ],\n    sources: [\n");
    for s in 0..sources {
        let _ = writeln!(
            text,
            "        Source(id: \"s{s}\", title: \"Source {s}\", date: \"2026\"),"
        );
    }
    text.push_str("    ],\n)\n");
    files.push(("entities.ron".to_string(), text));
    let per_file = spec.events_per_file.max(1);
    for (chunk, start) in (0..spec.events).step_by(per_file).enumerate() {
        let end = (start + per_file).min(spec.events);
        let mut text = String::with_capacity((end - start) * 260);
        text.push_str("Chronicle(\n    events: [\n");
        for (i, &day) in days.iter().enumerate().take(end).skip(start) {
            let kind = KINDS[rng.below(KINDS.len())];
            let (y, m, _) = civil_from_days(day);
            let date = match rng.below(10) {
                0 | 1 => String::new(),
                2 => format!(", date: \"{y:04}-{m:02}\""),
                3 => format!(", date: \"{y:04}\""),
                _ => format!(", date: \"{}\"", format_day(day)),
            };
            let _ = write!(
                text,
                "        Event(id: \"e{i}\", title: \"Event number {i} of the synthetic chronicle\"{date}, kind: {kind},\n              actors: [(\"a{}\", {}), (\"a{}\", {})], place: \"p{}\", tags: [\"t{}\"], sources: [\"s{}\"]),\n",
                rng.below(actors),
                ROLES[rng.below(ROLES.len())],
                rng.below(actors),
                ROLES[rng.below(ROLES.len())],
                rng.below(places),
                rng.below(20),
                rng.below(sources),
            );
        }
        text.push_str("    ],\n    relations: [\n");
        for i in start..end {
            for _ in 0..spec.relations_per_event {
                // Relate to a later event; `before` needs a strictly later hidden day.
                let j = (i + 1 + rng.below(50)).min(spec.events - 1);
                if j == i {
                    continue;
                }
                if days[j] > days[i] && rng.below(4) > 0 {
                    if rng.below(5) == 0 {
                        let gap = days[j] - days[i];
                        let _ = writeln!(
                            text,
                            "        Relation(from: \"e{i}\", kind: before, to: \"e{j}\", gap: \"P{gap}D\"),"
                        );
                    } else {
                        let _ = writeln!(
                            text,
                            "        Relation(from: \"e{i}\", kind: before, to: \"e{j}\"),"
                        );
                    }
                } else {
                    let _ = writeln!(
                        text,
                        "        Relation(from: \"e{i}\", kind: causes, to: \"e{j}\"),"
                    );
                }
            }
        }
        text.push_str("    ],\n)\n");
        files.push((format!("events/{chunk:05}.ron"), text));
    }
    files
}

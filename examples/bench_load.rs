//! Measures loading a KB: annals' own path (read, check, graph) against a baseline of
//! plain serde + `ron::from_str` + petgraph on the same files. Prints wall time and
//! peak memory (VmHWM) of this process.
//!
//! `cargo run --release --example gen -- --events 1000000 /tmp/kb1m`
//! `cargo run --release --example bench_load -- annals /tmp/kb1m`
//! `cargo run --release --example bench_load -- baseline /tmp/kb1m`

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

/// A bare vocabulary word (`attack`), read with `deserialize_identifier`.
#[derive(Debug)]
#[allow(dead_code)]
struct Term(String);

impl<'de> Deserialize<'de> for Term {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Term, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Term;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an identifier")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Term, E> {
                Ok(Term(v.to_string()))
            }
        }
        d.deserialize_identifier(V)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(dead_code)]
struct Chronicle {
    actors: Vec<Actor>,
    places: Vec<Place>,
    sources: Vec<Source>,
    events: Vec<Event>,
    relations: Vec<Relation>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Actor {
    id: String,
    name: String,
    kind: Option<Term>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Place {
    id: String,
    name: String,
    kind: Option<Term>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Source {
    id: String,
    title: String,
    date: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Event {
    id: String,
    title: String,
    date: Option<String>,
    kind: Option<Term>,
    #[serde(default)]
    actors: Vec<(String, Term)>,
    place: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Relation {
    from: String,
    kind: Term,
    to: String,
    gap: Option<String>,
}

fn baseline(root: &Path) -> Result<(usize, usize), String> {
    let files = annals::load::find_files(root).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    for (path, _) in files {
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        // annals files never need `Some(..)`: that is ron's `implicit_some` extension.
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let chronicle: Chronicle = options
            .from_str(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        all.push(chronicle);
    }
    let mut graph = petgraph::graph::DiGraph::<String, String>::new();
    let mut index = HashMap::new();
    for c in &all {
        for id in c
            .actors
            .iter()
            .map(|a| &a.id)
            .chain(c.places.iter().map(|p| &p.id))
            .chain(c.sources.iter().map(|s| &s.id))
            .chain(c.events.iter().map(|e| &e.id))
        {
            index.insert(id.clone(), graph.add_node(id.clone()));
        }
    }
    for c in &all {
        for e in &c.events {
            let node = index[&e.id];
            for (actor, role) in &e.actors {
                graph.add_edge(index[actor], node, role.0.clone());
            }
            if let Some(place) = &e.place {
                graph.add_edge(node, index[place], "place".into());
            }
            for s in &e.sources {
                graph.add_edge(node, index[s], "cites".into());
            }
        }
        for r in &c.relations {
            graph.add_edge(index[&r.from], index[&r.to], r.kind.0.clone());
        }
    }
    Ok((graph.node_count(), graph.edge_count()))
}

fn annals_path(root: &Path) -> Result<(usize, usize), String> {
    let t = Instant::now();
    let (kb, mut diags) = annals::load::load(root).map_err(|e| e.to_string())?;
    let loaded = t.elapsed();
    // What every command runs: the analysis and the checks (side by side on a large KB).
    let analysis = annals::check::analyse(&kb, annals::vocab::ClaimView::Stated, &mut diags);
    let checked = t.elapsed();
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        return Err(format!("{}: {}", d.code, d.message));
    }
    eprintln!(
        "  read+parse {:.3} s, analysis (graph, network, inference) and checks {:.3} s",
        loaded.as_secs_f64(),
        (checked - loaded).as_secs_f64(),
    );
    let graph = analysis.graph();
    Ok((graph.graph.node_count(), graph.graph.edge_count()))
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench_load annals|baseline DIR");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let result = match mode.as_str() {
        "annals" => annals_path(Path::new(dir)),
        "baseline" => baseline(Path::new(dir)),
        _ => Err(format!("unknown mode `{mode}`")),
    };
    let elapsed = start.elapsed();
    match result {
        Ok((nodes, edges)) => {
            println!(
                "{mode}: {nodes} nodes, {edges} edges in {:.3} s, peak {:.0} MiB",
                elapsed.as_secs_f64(),
                peak_rss_mib().unwrap_or(f64::NAN)
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

//! Loading again after an edit (`annals lsp`) re-reads only the files that changed, and
//! gives exactly what a fresh load gives: the same records, symbols, diagnostics (in the
//! same order, with the same spans) and the same checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annals::kb::Kb;
use annals::load::incremental::{self, ParseCache};

/// Everything a load produced, symbols by number: the two loads must agree exactly.
fn dump(kb: &Kb, diags: &[annals::diag::Diagnostic]) -> String {
    let syms: Vec<(&str, Option<annals::kb::Entity>)> = kb
        .syms()
        .strings()
        .zip(kb.syms().iter().map(|(sym, _)| kb.lookup(sym)))
        .collect();
    let files: Vec<(&str, &str)> = kb
        .files()
        .files()
        .map(|(_, f)| (f.relative.as_str(), f.text.as_str()))
        .collect();
    let analysis = annals::analysis::Analysis::new(kb, annals::vocab::ClaimView::Stated);
    let checks = annals::check::run(kb, &analysis);
    format!(
        "files {files:?}\nsyms {syms:?}\nactors {:?}\nplaces {:?}\nsources {:?}\nevents {:?}\n\
         relations {:?}\nvocab {:?}\ntitle {:?} {:?} {:?}\nallowed {:?}\ndiags {diags:?}\nchecks {checks:?}",
        kb.actors(),
        kb.places(),
        kb.sources(),
        kb.events(),
        kb.relations(),
        kb.vocab_decls(),
        kb.title(),
        kb.summary(),
        kb.title_file(),
        kb.allowed(),
    )
}

/// Loads `root` with `buffers` both ways and asserts they agree; returns how many files
/// the incremental load read again.
fn same(
    root: &Path,
    buffers: &BTreeMap<String, String>,
    cache: &mut ParseCache,
    what: &str,
) -> usize {
    let (fresh, fresh_diags) = annals::load::load_overlaid(root, buffers).expect("loads");
    let (kept, kept_diags) =
        incremental::load_overlaid_cached(root, buffers, cache).expect("loads");
    let (a, b) = (dump(&fresh, &fresh_diags), dump(&kept, &kept_diags));
    if a != b {
        let line = a.lines().zip(b.lines()).find(|(x, y)| x != y);
        panic!("{what}: the incremental load differs from a fresh one: {line:?}");
    }
    assert_eq!(cache.len(), fresh.files().len(), "{what}");
    cache.reread()
}

/// Returns the codes of what a fresh load reports, to be sure each edit is what it says.
fn codes(root: &Path, buffers: &BTreeMap<String, String>) -> Vec<String> {
    let (_, diags) = annals::load::load_overlaid(root, buffers).expect("loads");
    diags.iter().map(|d| d.code.to_string()).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("listed") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("created");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copied");
        }
    }
}

#[test]
fn loading_again_after_edits_gives_what_a_fresh_load_gives() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    copy_dir(&crate::suite::common::repo().join("data/navalny"), root);
    let file = "events/2021-aftermath.ron";
    let text = std::fs::read_to_string(root.join(file)).expect("read");
    let mut cache = ParseCache::new();
    let mut buffers = BTreeMap::new();
    let n = annals::load::find_files(root).expect("listed").len();
    assert_eq!(same(root, &buffers, &mut cache, "first load"), n);
    assert_eq!(same(root, &buffers, &mut cache, "nothing changed"), 0);

    // A half-typed id dangles, then is fixed.
    buffers.insert(
        file.to_string(),
        text.replacen("\"navalny\"", "\"navaln\"", 2),
    );
    assert_eq!(same(root, &buffers, &mut cache, "dangling id"), 1);
    // A parse error appears, and disappears.
    let cut = text.find("Event(").expect("an event") + 6;
    buffers.insert(
        file.to_string(),
        format!("{}title: \"x\" ((, {}", &text[..cut], &text[cut..]),
    );
    assert_eq!(same(root, &buffers, &mut cache, "syntax error"), 1);
    assert!(codes(root, &buffers).contains(&"syntax".to_string()));
    buffers.insert(file.to_string(), text.clone());
    assert_eq!(same(root, &buffers, &mut cache, "syntax error fixed"), 1);

    // A new, unsaved file before the events (each of them, and the files after, moves), with a duplicate
    // id and a second title; then saved, then removed.
    let new = "events/2000-before.ron";
    let dup = "Chronicle(title: \"Second\", events: [Event(id: \"poisoning\", title: \"Again\", \
               date: \"2000\", actors: [(\"putin\", subject)])])";
    buffers.insert(new.to_string(), dup.to_string());
    assert_eq!(same(root, &buffers, &mut cache, "new buffer"), n);
    assert!(codes(root, &buffers).contains(&"duplicate-id".to_string()));
    buffers.remove(new);
    std::fs::write(root.join(new), dup).expect("written");
    assert_eq!(same(root, &buffers, &mut cache, "new file saved"), 0);
    std::fs::remove_file(root.join("actors.ron")).expect("removed");
    same(root, &buffers, &mut cache, "a file removed");
    std::fs::remove_file(root.join(new)).expect("removed");
    same(root, &buffers, &mut cache, "the new file removed");

    // A file that is not UTF-8, then fixed; a buffer emptied.
    std::fs::write(root.join("sources.ron"), b"Chronicle(\xff)").expect("written");
    assert_eq!(same(root, &buffers, &mut cache, "invalid UTF-8"), 1);
    assert!(codes(root, &buffers).contains(&"invalid-utf8".to_string()));
    buffers.insert("sources.ron".to_string(), String::new());
    assert_eq!(same(root, &buffers, &mut cache, "emptied buffer"), 1);
    buffers.clear();
    std::fs::write(root.join("actors.ron"), "Chronicle(actors: [])").expect("written");
    same(root, &buffers, &mut cache, "all back on disk");
}

#[test]
fn loading_again_on_several_threads_gives_what_a_fresh_load_gives() {
    let spec = annals::synth::SynthSpec {
        events: 3000,
        events_per_file: 250,
        ..Default::default()
    };
    let mut files: Vec<(PathBuf, String, Vec<u8>)> = crate::suite::common::synth_texts(spec);
    let root = Path::new("kb");
    for threads in [1, 2, 3, 7] {
        let mut cache = ParseCache::new();
        for round in 0..4 {
            let last = files.len() - 1 - round;
            if round > 0 {
                let edited = String::from_utf8_lossy(&files[last].2).replacen("\"", "\"x-", 3);
                files[last].2 = edited.into_bytes();
            }
            let fresh = annals::load::load_texts_on(root, files.clone(), threads);
            let kept = incremental::load_texts_cached_on(root, files.clone(), threads, &mut cache);
            assert!(
                dump(&fresh.0, &fresh.1) == dump(&kept.0, &kept.1),
                "{threads} threads, round {round}"
            );
            assert_eq!(cache.reread(), if round == 0 { files.len() } else { 1 });
        }
    }
}

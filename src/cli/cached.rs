//! Answers from the compiled cache (SPEC §8): `check`, `timeline` and `stats` on an
//! unchanged KB read a few blocks of the cache instead of loading the KB; the full
//! load that any other run makes fills it.

use std::io::{self, Write};

use super::{Ctx, Filters, Format, Outcome, print, print_typed, reason, render};
use crate::analysis::Analysis;
use crate::cache::{Prepared, Report, Slot, Snapshot, Stamps, StatsTexts};
use crate::check;
use crate::diag::{self, Diagnostic, MessageFormat};
use crate::kb::Kb;
use crate::query::filter::{from_key, to_key};
use crate::query::stats;
use crate::source::SourceMap;

impl Ctx {
    /// Returns the cache slot of the KB, unless `--no-cache` or a claim view other
    /// than the default (the cache keeps the default view's answers only).
    pub(super) fn cache_slot(&self) -> Option<Slot> {
        if self.global.no_cache
            || self.global.include_claims
            || !self.global.according_to.is_empty()
        {
            return None;
        }
        Slot::of(&self.global.data)
    }

    /// Loads the records of a KB that the cache knows to check clean (it is filled only
    /// from a KB without errors, and is fresh only while no file has changed), for a
    /// writing command, which then checks the edited KB whole: the analysis and the
    /// checks of the KB before the edit are skipped. `None` when the cache cannot
    /// tell, or the load finds an error after all (a file changed meanwhile): the
    /// caller then loads and checks as usual. The caller holds the write lock.
    pub(super) fn load_known_clean(&self) -> Option<Kb> {
        let slot = self.cache_slot()?;
        slot.open()?;
        cache_log(&slot, "fresh");
        let (kb, diags) = crate::load::load(&self.global.data).ok()?;
        (!kb.files().is_empty() && !diags.iter().any(Diagnostic::is_error)).then_some(kb)
    }

    /// Opens the cache when it is fresh, after completing any interrupted edit.
    pub(super) fn snapshot(&self) -> Option<Snapshot> {
        let slot = self.cache_slot()?;
        let guard = crate::edit::read_lock(&self.global.data).ok()?;
        let snapshot = slot.open();
        drop(guard);
        cache_log(
            &slot,
            if snapshot.is_some() {
                "fresh"
            } else {
                "missing or stale"
            },
        );
        snapshot
    }

    /// Fills the cache from a KB just loaded without errors; a cache that cannot be
    /// written is one warning, and the command goes on without it.
    pub(super) fn fill_cache(
        &self,
        slot: &Slot,
        stamps: Stamps,
        kb: &Kb,
        analysis: &Analysis,
        diags: &[Diagnostic],
    ) {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        if errors > 0 || kb.files().is_empty() || analysis.inference().diagnostic(kb).is_some() {
            return;
        }
        let stats = stats::stats(kb, analysis.graph());
        let json = serde_json::to_string_pretty(&stats).map(|mut s| {
            s.push('\n');
            s
        });
        let Ok(json) = json else { return };
        let prepared = Prepared {
            report: Report {
                counts: counts(kb).map(|n| n as u64),
                errors: 0,
                warnings: diags.len() as u64,
                text: String::from_utf8_lossy(&report_text(diags, kb.files(), false)).into_owned(),
            },
            stats: StatsTexts {
                table: render::stats(&stats, Format::Table),
                md: render::stats(&stats, Format::Md),
                csv: render::stats(&stats, Format::Csv),
                json,
            },
            far_dates: reason::far_dates(kb) as u64,
        };
        let filled = slot.fill(stamps, kb, analysis, prepared);
        cache_log(
            slot,
            if filled.is_ok() {
                "filled"
            } else {
                "not written"
            },
        );
        if let Err(err) = filled
            && !self.global.quiet
        {
            let _ = writeln!(
                io::stderr().lock(),
                "warning: cannot write the cache `{}`: {err}; annals runs without it (set ANNALS_CACHE_DIR, or pass --no-cache)",
                diag::safe_text(&slot.path().display().to_string()),
            );
        }
    }
}

/// With `ANNALS_CACHE_LOG=1`, says on stderr what became of the cache: `fresh`,
/// `missing or stale`, `filled`, `not written` (for tests and for the curious).
fn cache_log(slot: &Slot, what: &str) {
    cache_log_path(slot.path(), what);
}

fn cache_log_path(path: &std::path::Path, what: &str) {
    if std::env::var_os("ANNALS_CACHE_LOG").is_some_and(|v| !v.is_empty() && v != "0") {
        let _ = writeln!(
            io::stderr().lock(),
            "annals cache: {what} ({})",
            diag::safe_text(&path.display().to_string())
        );
    }
}

/// Returns the files, actors, places, sources, events and relations of a KB.
pub(super) fn counts(kb: &Kb) -> [usize; 6] {
    [
        kb.files().len(),
        kb.actors().len(),
        kb.places().len(),
        kb.sources().len(),
        kb.events().len(),
        kb.relations().len(),
    ]
}

/// Returns what `check` prints before its summary: the first diagnostics of each code
/// by position and a line for the rest of each.
pub(super) fn report_text(diags: &[Diagnostic], files: &SourceMap, color: bool) -> Vec<u8> {
    let (shown, hidden) = check::limit::limit(diags.to_vec(), check::limit::SHOWN_PER_CODE);
    let mut out = Vec::new();
    let _ = diag::emit(&mut out, &shown, files, MessageFormat::Human, color);
    for h in hidden {
        let _ = writeln!(out, "{}", h.line());
    }
    out
}

/// `check` on a fresh cache: the report it made, and the summary.
pub(super) fn check(ctx: &Ctx, deny_warnings: bool, snapshot: &Snapshot) -> Outcome {
    let report = snapshot.report();
    let mut err = io::stderr().lock();
    let _ = err.write_all(report.text.as_bytes());
    drop(err);
    let counts = report.counts.map(|n| n as usize);
    super::check_summary(
        ctx,
        &ctx.global.data.display().to_string(),
        counts,
        report.errors as usize,
        report.warnings as usize,
        deny_warnings,
    )
}

/// `timeline` on a fresh cache; `None` when the cache cannot answer exactly (an
/// unknown name or date: the full load explains it).
pub(super) fn timeline(ctx: &Ctx, filters: &Filters, snapshot: &Snapshot) -> Option<Outcome> {
    if filters.around.is_some() {
        return None;
    }
    let request = crate::cache::Request {
        actors: strs(&filters.actors),
        kinds: strs(&filters.kinds),
        tags: strs(&filters.tags),
        statuses: strs(&filters.statuses),
        from: match &filters.from {
            Some(text) => Some(from_key(text).ok()?),
            None => None,
        },
        to: match &filters.to {
            Some(text) => Some(to_key(text).ok()?),
            None => None,
        },
        strict: filters.strict,
    };
    let selection = snapshot.timeline(&request);
    let archived = selection.as_ref().map(|s| s.as_ref().map(|s| s.rows()));
    let archived = match archived {
        Ok(None) => return None,
        Ok(Some(Ok(rows))) => rows,
        Err(_) | Ok(Some(Err(_))) => {
            snapshot.discard();
            cache_log_path(snapshot.path(), "damaged");
            return None;
        }
    };
    reason::warn_far_dates(ctx, snapshot.far_dates() as usize);
    let paths = snapshot.paths();
    let rows = archived.iter().map(|r| r.row(&paths));
    Some(match ctx.global.format {
        Format::Json => print_typed(&super::Streamed::new(rows)),
        format => print(&render::timeline(
            &rows.collect::<Vec<_>>(),
            format,
            ctx.color_out,
        )),
    })
}

/// `show` on a fresh cache; `None` when the cache does not know the id (the full
/// load explains the mistake).
pub(super) fn show(ctx: &Ctx, id: &str, snapshot: &Snapshot) -> Option<Outcome> {
    let damaged = || {
        cache_log_path(snapshot.path(), "damaged");
        snapshot.discard();
    };
    let found = match snapshot.show(id) {
        Ok(found) => found?,
        Err(_) => {
            damaged();
            return None;
        }
    };
    let terms = snapshot.shown_terms();
    let paths = snapshot.paths();
    let (Ok(ty), Ok(shown)) = (found.ty(), found.shown(&terms, &paths)) else {
        damaged();
        return None;
    };
    if ty == crate::model::EntityType::Event {
        reason::warn_far_dates(ctx, snapshot.far_dates() as usize);
    }
    Some(match ctx.global.format {
        Format::Json => print_typed(&shown),
        format => print(&render::show(&shown, format == Format::Md)),
    })
}

/// `stats` on a fresh cache.
pub(super) fn stats(ctx: &Ctx, snapshot: &Snapshot) -> Outcome {
    let texts = snapshot.stats();
    let text = match ctx.global.format {
        Format::Table => &texts.table,
        Format::Md => &texts.md,
        Format::Csv => &texts.csv,
        Format::Json => &texts.json,
    };
    print(text.as_str())
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

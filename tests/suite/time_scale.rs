//! Time on one scale of seconds (SPEC §4): exact inferred bounds where times of day,
//! days and months meet, timed spans, `scheduled` citations and Julian dates.

use annals::analysis::Analysis;
use annals::date::{days_from_civil, format_day};
use annals::kb::{Entity, Kb};
use annals::time::network::{DAY, end_node, start_node};
use annals::vocab::ClaimView;

/// Loads one file of KB text; returns the KB and its diagnostics' codes.
pub fn load(text: &str) -> (tempfile::TempDir, Kb, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("kb.ron"), text).expect("written");
    let (kb, diags) = annals::load::load(dir.path()).expect("loaded");
    let codes = diags.iter().map(|d| d.code.to_string()).collect();
    (dir, kb, codes)
}

/// Seconds since 1970 of a UTC day and time of day.
fn at(y: i64, m: u32, d: u32, hh: i64, mm: i64, ss: i64) -> i64 {
    days_from_civil(y, m, d) * DAY + hh * 3600 + mm * 60 + ss
}

/// The solved `(earliest start, latest start, earliest end, latest end)` of an event.
fn bounds(kb: &Kb, view: ClaimView, id: &str) -> [Option<i64>; 4] {
    let analysis = Analysis::new(kb, view);
    let inference = analysis.inference();
    assert!(
        inference.contradiction.is_none(),
        "{:?}",
        inference.diagnostic(kb)
    );
    let Some(Entity::Event(e)) = kb.lookup_str(id) else {
        panic!("no event `{id}`");
    };
    let s = &inference.solution;
    let (a, b) = (start_node(e) as usize, end_node(e) as usize);
    [s.earliest[a], s.latest[a], s.earliest[b], s.latest[b]]
}

fn contradicts(kb: &Kb, view: ClaimView) -> bool {
    Analysis::new(kb, view).inference().contradiction.is_some()
}

#[test]
fn a_minute_before_an_undated_event_is_one_second_not_a_day() {
    let (_d, kb, codes) = load(
        r#"Chronicle(events: [
            Event(id: "seen", title: "Suspects seen near the house", date: "2018-03-04T11:48Z"),
            Event(id: "door", title: "Door handle contaminated"),
            Event(id: "bench", title: "Found on a bench", date: "2018-03-04T13:30Z"),
        ], relations: [
            Relation(from: "seen", kind: before, to: "door"),
            Relation(from: "door", kind: before, to: "bench"),
        ])"#,
    );
    assert!(!codes.contains(&"contradiction".to_string()), "{codes:?}");
    // `11:48` covers 11:48:00–11:48:59: the door handle can start a second after the
    // earliest of it, and must end a second before the latest of `13:30`.
    let expected = [
        Some(at(2018, 3, 4, 11, 48, 1)),
        Some(at(2018, 3, 4, 13, 30, 58)),
        Some(at(2018, 3, 4, 11, 48, 1)),
        Some(at(2018, 3, 4, 13, 30, 58)),
    ];
    assert_eq!(bounds(&kb, ClaimView::Stated, "door"), expected);
    let seen = bounds(&kb, ClaimView::Stated, "seen");
    assert_eq!(seen[0], Some(at(2018, 3, 4, 11, 48, 0)));
    assert_eq!(seen[3], Some(at(2018, 3, 4, 11, 48, 59)));
}

#[test]
fn two_events_of_one_day_can_be_in_order() {
    let (_d, kb, codes) = load(
        r#"Chronicle(events: [
            Event(id: "flight", title: "Flight home", date: "2021-01-17"),
            Event(id: "arrest", title: "Arrest on landing", date: "2021-01-17"),
        ], relations: [Relation(from: "flight", kind: before, to: "arrest")])"#,
    );
    assert!(
        codes.is_empty() || codes.iter().all(|c| c == "no-source"),
        "{codes:?}"
    );
    assert!(!contradicts(&kb, ClaimView::Stated));
    let arrest = bounds(&kb, ClaimView::Stated, "arrest");
    assert_eq!(arrest[0], Some(at(2021, 1, 17, 0, 0, 1)));
    let flight = bounds(&kb, ClaimView::Stated, "flight");
    assert_eq!(flight[3], Some(at(2021, 1, 17, 23, 59, 58)));
}

#[test]
fn a_timed_event_lasts_its_duration() {
    let (_d, kb, _) = load(
        r#"Chronicle(events: [
            Event(id: "visit", title: "A visit", date: "2018-03-04T14:20Z", duration: "PT1H15M"),
            Event(id: "exact", title: "To the second", date: "2018-03-04T14:20:00Z", duration: "PT1H15M"),
        ])"#,
    );
    assert_eq!(
        bounds(&kb, ClaimView::Stated, "exact"),
        [
            Some(at(2018, 3, 4, 14, 20, 0)),
            Some(at(2018, 3, 4, 14, 20, 0)),
            Some(at(2018, 3, 4, 15, 35, 0)),
            Some(at(2018, 3, 4, 15, 35, 0)),
        ]
    );
    assert_eq!(
        bounds(&kb, ClaimView::Stated, "visit"),
        [
            Some(at(2018, 3, 4, 14, 20, 0)),
            Some(at(2018, 3, 4, 14, 20, 59)),
            Some(at(2018, 3, 4, 15, 35, 0)),
            Some(at(2018, 3, 4, 15, 35, 59)),
        ]
    );
}

#[test]
fn a_single_date_with_a_duration_is_when_it_starts() {
    let (_d, kb, _) = load(
        r#"Chronicle(events: [
            Event(id: "house-arrest", title: "House arrest", date: "2014-02-28", duration: "P10M"),
            Event(id: "window", title: "Both constrain", date: "2014-02/2014-03", duration: "P40D"),
        ])"#,
    );
    let [s0, s1, e0, e1] = bounds(&kb, ClaimView::Stated, "house-arrest");
    assert_eq!(s0, Some(at(2014, 2, 28, 0, 0, 0)));
    assert_eq!(s1, Some(at(2014, 2, 28, 23, 59, 59)));
    // Ten months are the day range they can span (303 to 306 days); 2014-12-28 is
    // inside it, and nothing caps the end at the start's date.
    let (e0, e1) = (e0.expect("bounded"), e1.expect("bounded"));
    assert_eq!(format_day(e0.div_euclid(DAY)), "2014-12-28");
    assert_eq!(format_day(e1.div_euclid(DAY)), "2014-12-31");
    assert!(e0 <= at(2014, 12, 28, 0, 0, 0) && at(2014, 12, 28, 23, 59, 59) <= e1);
    let [s0, s1, e0, e1] = bounds(&kb, ClaimView::Stated, "window");
    assert_eq!(s0, Some(at(2014, 2, 1, 0, 0, 0)));
    assert_eq!(s1, Some(at(2014, 2, 19, 23, 59, 59)));
    assert_eq!(e0, Some(at(2014, 3, 13, 0, 0, 0)));
    assert_eq!(e1, Some(at(2014, 3, 31, 23, 59, 59)));
}

#[test]
fn launch_to_splashdown_is_eight_days_three_hours_eighteen_minutes_thirty_five_seconds() {
    let (_d, kb, codes) = load(
        r#"Chronicle(events: [
            Event(id: "apollo-11", title: "Apollo 11", date: "1969-07-16T13:32Z/1969-07-24T16:50:35Z"),
        ])"#,
    );
    assert!(!codes.contains(&"invalid-date".to_string()), "{codes:?}");
    let [s0, s1, e0, e1] = bounds(&kb, ClaimView::Stated, "apollo-11");
    assert_eq!(s0, Some(at(1969, 7, 16, 13, 32, 0)));
    assert_eq!(s1, Some(at(1969, 7, 16, 13, 32, 59)));
    assert_eq!(e0, e1);
    let whole = e1.expect("known") - s0.expect("known");
    assert_eq!(whole, 8 * DAY + 3 * 3600 + 18 * 60 + 35);
}

#[test]
fn a_scheduled_citation_does_not_cap_the_start() {
    let text = |status: &str| {
        format!(
            r#"Chronicle(
            sources: [Source(id: "notice", title: "Trial set for February", date: "2021-01-20")],
            events: [
                Event(id: "arrest", title: "Arrest", date: "2021-01-17"),
                Event(id: "trial", title: "Trial", sources: [("notice", Claim(status: {status}))]),
            ],
            relations: [Relation(from: "arrest", kind: before, to: "trial", gap: "P16D")])"#
        )
    };
    // As a stated citation the notice caps the trial at 20 January: a contradiction.
    let (_d, kb, _) = load(&text("stated"));
    assert!(contradicts(&kb, ClaimView::Stated));
    // Announced ahead of time it does not, even when every claim is taken as stated.
    let (_d, kb, codes) = load(&text("scheduled"));
    assert!(!codes.contains(&"unknown-term".to_string()), "{codes:?}");
    for view in [ClaimView::Stated, ClaimView::All] {
        let [s0, ..] = bounds(&kb, view, "trial");
        assert_eq!(s0, Some(at(2021, 2, 2, 0, 0, 0)));
    }
    assert_eq!(
        kb.vocab().standing(kb.syms().get("scheduled")),
        annals::vocab::Standing::Scheduled
    );
}

#[test]
fn julian_dates_are_reasoned_with_as_gregorian_days() {
    let (_d, kb, codes) = load(
        r#"Chronicle(
            actors: [Actor(id: "caesar", name: "Julius Caesar", born: "-0100-07-12", calendar: julian)],
            sources: [Source(id: "chronicle", title: "A Russian chronicle", date: "1917-11", calendar: julian)],
            events: [
                Event(id: "october", title: "October Revolution", date: "1917-10-25", calendar: julian),
                Event(id: "ides", title: "Ides of March", date: "-0043-03-15", calendar: julian),
                Event(id: "leap", title: "A Julian leap day", date: "1900-02-29", calendar: julian),
                Event(id: "month", title: "Februrary 1917 (Julian)", date: "1917-02", calendar: julian),
                Event(id: "gregorian", title: "Written Gregorian", date: "1917-11-07", calendar: gregorian),
            ])"#,
    );
    assert!(
        !codes
            .iter()
            .any(|c| c.contains("date") || c.contains("calendar")),
        "{codes:?}"
    );
    let day = |id: &str| {
        let [s0, s1, ..] = bounds(&kb, ClaimView::Stated, id);
        (
            format_day(s0.expect("known").div_euclid(DAY)),
            format_day(s1.expect("known").div_euclid(DAY)),
        )
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(day("october"), pair("1917-11-07", "1917-11-07"));
    assert_eq!(day("gregorian"), pair("1917-11-07", "1917-11-07"));
    assert_eq!(day("ides"), pair("-0043-03-13", "-0043-03-13"));
    assert_eq!(day("leap"), pair("1900-03-13", "1900-03-13"));
    // A Julian month runs from its first to its last Julian day.
    assert_eq!(day("month"), pair("1917-02-14", "1917-03-13"));
    let october = &kb.events()[0];
    let date = october.date.as_ref().expect("dated");
    assert_eq!(&*date.node.text, "1917-10-25");
    assert!(date.node.edtf.is_julian());
    let source = kb.sources()[0].date.as_ref().expect("dated");
    assert!(source.node.edtf.is_julian());
    let born = kb.actors()[0].born.as_ref().expect("dated");
    assert!(born.node.edtf.is_julian());
}

/// `between` answers to the second once a start is known to a time of day, and lists
/// apart the events that possibly start in between.
#[test]
fn between_measures_to_the_second_and_lists_possible_events_apart() {
    let dir = crate::suite::common::temp_kb(&[(
        "kb.ron",
        br#"Chronicle(events: [
    Event(id: "launch", title: "Apollo 11 lifts off", date: "1969-07-16T13:32:00Z"),
    Event(id: "landing", title: "Eagle lands", date: "1969-07-20T20:17:40Z"),
    Event(id: "walk", title: "Moonwalk", date: "1969-07-21"),
    Event(id: "splashdown", title: "Splashdown", date: "1969-07-24T16:50:35Z"),
    Event(id: "quarantine", title: "Quarantine", date: "1969-07"),
])"#,
    )]);
    crate::suite::test::Test::new()
        .data(dir.path())
        .args(["between", "launch", "splashdown"])
        .stdout(
            "launch → splashdown: 8 days 3 hours 18 minutes 35 seconds
  (from the start of `launch` to the start of `splashdown`)

events starting between (2):
  1969-07-20T20:17:40Z     landing  Eagle lands
  1969-07-21               walk  Moonwalk

events possibly starting between (1):
  1969-07                  quarantine  Quarantine
",
        )
        .run();
}

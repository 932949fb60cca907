//! The paths a user's bytes take through twohats, one function per fuzz
//! target. Each writes the input to a file (the readers take paths), runs
//! the reader and everything after it that a `twohats week` run would, and
//! checks what must hold whatever the input: no panic, no hang (libFuzzer's
//! `-timeout`), errors and warnings that name their place, and outputs that
//! keep the invariants the rest of the pipeline relies on.
//!
//! `tests/fuzz_regressions.rs` includes this file with `#[path]`, so a
//! finding replays through exactly the code the fuzzer ran.

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use twohats::calendar::{self, CalendarOptions, Occurrence};
use twohats::classify::{Classifier, RuleRef};
use twohats::git::{self, GitOptions, Timestamp};
use twohats::timeline::{self, Interval, Kind, Piece};
use twohats::Warning;

/// The manager the fuzzed inputs are read for (the fixtures' manager).
pub const ME: &str = "ada@example.com";

/// The window the calendar target expands into: six weeks around the end of
/// DST in Europe (25 Oct 2026) and the fixtures' week 47.
pub fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(2026, 10, 19, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap(),
    )
}

/// How every calendar target reads: Ada in Berlin over [`window`], the
/// default drop rules, and (as with the default rules) descriptions,
/// locations and categories left out.
fn options() -> CalendarOptions {
    let (from, to) = window();
    CalendarOptions {
        me: vec![ME.to_string()],
        zone: chrono_tz::Europe::Berlin,
        from,
        to,
        count_tentative: false,
        count_transparent: false,
        max_event_hours: 12.0,
        rule_texts: false,
    }
}

/// The default rules, compiled once: compiling them costs more than reading
/// most inputs, and a run of twohats compiles them once too.
pub fn default_classifier() -> &'static Classifier {
    static DEFAULTS: OnceLock<Classifier> = OnceLock::new();
    DEFAULTS.get_or_init(|| Classifier::new(&[], true))
}

/// A file holding the input for as long as the value lives.
pub struct InputFile {
    pub path: PathBuf,
}

impl InputFile {
    pub fn new(data: &[u8], ext: &str) -> InputFile {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("twohats-fuzz-{}-{n}.{ext}", std::process::id()));
        std::fs::write(&path, data).expect("write the fuzz input to a temp file");
        InputFile { path }
    }

    /// Nothing the user gives may be modified.
    pub fn check_unchanged(&self, data: &[u8]) {
        let now = std::fs::read(&self.path).expect("the input is still there");
        assert!(now == data, "the input file was modified");
    }

    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

impl Drop for InputFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What one calendar input gave.
#[derive(Debug)]
pub struct IcsOutcome {
    /// `Err` holds the error's one-line message.
    pub result: Result<Vec<Occurrence>, String>,
    pub warnings: Vec<Warning>,
    pub pieces: Vec<Piece>,
}

/// .ics bytes → `calendar::read` over a six-week window → every occurrence
/// classified by the default rules → the timeline sweep.
pub fn ics(data: &[u8]) -> IcsOutcome {
    let file = InputFile::new(data, "ics");
    let opts = options();
    let (from, to) = (opts.from, opts.to);
    let mut warnings = Vec::new();
    let result = calendar::read(&[file.shown()], &opts, &mut warnings);
    file.check_unchanged(data);
    check_warnings(&warnings);
    let occurrences = match result {
        Ok(o) => o,
        Err(e) => {
            let message = one_line_error(&e);
            assert!(
                message.contains(&file.shown()),
                "a calendar error names the file: {message}"
            );
            return IcsOutcome {
                result: Err(message),
                warnings,
                pieces: Vec::new(),
            };
        }
    };

    let classifier = default_classifier();
    let mut intervals = Vec::new();
    for (i, occ) in occurrences.iter().enumerate() {
        assert!(
            occ.end >= occ.start,
            "occurrence {i} ends before it starts: {occ:?}"
        );
        assert!(
            occ.start < to && (occ.end > from || (occ.start == occ.end && occ.start >= from)),
            "occurrence {i} is outside the window: {occ:?}"
        );
        if i > 0 {
            assert!(
                occurrences[i - 1].start <= occ.start,
                "occurrences are sorted by start"
            );
        }
        let class = classifier.classify(&occ.event);
        assert!(
            !class.category.is_empty(),
            "every occurrence gets a category"
        );
        if occ.dropped.is_none() {
            intervals.push(Interval {
                start: occ.start,
                end: occ.end,
                kind: class.kind,
                category: class.category,
                key: occ.event.source.uid.clone(),
            });
        }
    }
    let pieces = timeline::resolve(&intervals);
    check_pieces(&intervals, &pieces);
    IcsOutcome {
        result: Ok(occurrences),
        warnings,
        pieces,
    }
}

/// What one `git log` text gave.
#[derive(Debug)]
pub struct GitOutcome {
    /// `Err` holds the error's one-line message.
    pub result: Result<Vec<git::Commit>, String>,
    pub warnings: Vec<Warning>,
    pub sessions: Vec<git::Session>,
}

/// `git log` text → `git::read` (merges kept or not, from the first byte)
/// → sessions by author and by committer time → the timeline sweep.
pub fn gitlog(data: &[u8]) -> GitOutcome {
    let file = InputFile::new(data, "log");
    let opts = GitOptions {
        me: vec![ME.to_string()],
        zone: chrono_tz::Europe::Berlin,
        include_merges: data.first().is_some_and(|b| b & 1 == 1),
        timestamp: Timestamp::Author,
        reach: None,
    };
    let mut warnings = Vec::new();
    let result = git::read(&[], &[file.shown()], &opts, &mut warnings);
    file.check_unchanged(data);
    check_warnings(&warnings);
    let commits = match result {
        Ok(c) => c,
        Err(e) => {
            let message = one_line_error(&e);
            assert!(
                message.contains(&file.shown()),
                "a git log error names the file: {message}"
            );
            return GitOutcome {
                result: Err(message),
                warnings,
                sessions: Vec::new(),
            };
        }
    };
    let mut seen = std::collections::HashSet::new();
    for c in &commits {
        assert!(seen.insert(&c.hash), "each hash once: {}", c.hash);
        assert!(
            c.hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "hashes are lower-case hex: {:?}",
            c.hash
        );
        assert!(
            opts.include_merges || c.parents <= 1,
            "merges are left out unless asked for: {c:?}"
        );
    }

    let mut kept = Vec::new();
    for timestamp in [Timestamp::Author, Timestamp::Committer] {
        let sessions = git::sessions(
            &commits,
            timestamp,
            Duration::minutes(120),
            Duration::minutes(30),
        );
        let mut count = 0;
        for (i, s) in sessions.iter().enumerate() {
            assert!(s.start <= s.end, "session {i} ends before it starts: {s:?}");
            assert!(!s.commits.is_empty(), "session {i} has commits");
            assert!(s.commits.iter().all(|&c| c < commits.len()));
            if i > 0 {
                assert!(sessions[i - 1].end <= s.end, "sessions are in time order");
            }
            count += s.commits.len();
        }
        assert_eq!(count, commits.len(), "every commit is in one session");
        let intervals: Vec<Interval> = sessions
            .iter()
            .map(|s| Interval {
                start: s.start,
                end: s.end,
                kind: Kind::Coding,
                category: "commits".into(),
                key: commits[s.commits[0]].hash.as_str().into(),
            })
            .collect();
        let pieces = timeline::resolve(&intervals);
        check_pieces(&intervals, &pieces);
        kept = sessions;
    }
    GitOutcome {
        result: Ok(commits),
        warnings,
        sessions: kept,
    }
}

/// What one config text gave.
#[derive(Debug)]
pub struct ConfigOutcome {
    /// `Err` holds the error's one-line message.
    pub result: Result<twohats::config::Config, String>,
}

/// Config bytes (lossy UTF-8) → `config::parse` → a classifier from its
/// rules, run over a few occurrences; every band's limit.
pub fn config(data: &[u8]) -> ConfigOutcome {
    let text = String::from_utf8_lossy(data);
    let result = twohats::config::parse(&text, "fuzz.toml", Path::new("."));
    let config = match result {
        Ok(c) => c,
        Err(e) => {
            let message = one_line_error(&e);
            assert!(
                message.starts_with("fuzz.toml:"),
                "a config error names the file and line: {message}"
            );
            return ConfigOutcome {
                result: Err(message),
            };
        }
    };
    // Whatever band a team size falls in, its limit is a number.
    for band in &config.thresholds.bands {
        assert!(
            band.limit_pct.is_finite(),
            "band limits are numbers: {band:?}"
        );
    }
    // The user's rules, then (where the config keeps them) the defaults: the
    // order `Classifier::new(rules, true)` has, without compiling the
    // default rules again for every input.
    let user = Classifier::new(&config.rules, false);
    let (from, _) = window();
    for (title, attendees) in [
        ("1:1 Ada / Grace", 2),
        ("Sprint planning", 5),
        ("Focus: refactor the parser", 0),
        ("", 1),
        ("Ünïcödé — 会议", 3),
    ] {
        let occ = Occurrence {
            start: from,
            end: from + Duration::minutes(30),
            all_day: false,
            dropped: None,
            recurrence_id: None,
            event: std::sync::Arc::new(calendar::EventDetails {
                title: title.into(),
                description: "agenda".into(),
                location: "Room Kepler".into(),
                categories: vec!["Work".to_string()].into(),
                attendees: (0..attendees)
                    .map(|i| format!("p{i}@example.com"))
                    .collect(),
                declined: Vec::new().into(),
                organizer: Some(ME.into()),
                organizer_is_me: true,
                participation: calendar::Participation::NotInvited,
                event_type: None,
                source: calendar::EventSource {
                    file: "fuzz.ics".into(),
                    line: 1,
                    uid: "fuzz".into(),
                    calendar_name: Some("Work".into()),
                },
            }),
        };
        let mut class = user.classify(&occ.event);
        if config.use_default_rules && matches!(class.rule, RuleRef::Default(_)) {
            // No user rule matched (the fallback "blocks" row): the defaults decide.
            class = default_classifier().classify(&occ.event);
        }
        assert!(
            !class.category.is_empty(),
            "every occurrence gets a category"
        );
    }
    ConfigOutcome { result: Ok(config) }
}

/// What one share file gave.
#[derive(Debug)]
pub struct ShareOutcome {
    /// `Err` holds the error's one-line message.
    pub result: Result<twohats::share::SharedManager, String>,
}

/// Share bytes → `share::read_manager` (size cap, JSON, every check) → the
/// reader's verdicts over the weeks it holds → written again as a share and
/// read back, which must give the same figures.
pub fn share(data: &[u8]) -> ShareOutcome {
    let file = InputFile::new(data, "json");
    let result = twohats::share::read_manager(&[file.shown()]);
    file.check_unchanged(data);
    let shared = match result {
        Ok(m) => m,
        Err(e) => {
            let message = one_line_error(&e);
            assert!(
                message.contains(&file.shown()),
                "a share error names the file: {message}"
            );
            return ShareOutcome {
                result: Err(message),
            };
        }
    };
    for (week, w) in &shared.weeks {
        let (from, to) = week.bounds(shared.zone);
        let length = (to - from).num_seconds();
        assert_eq!(*week, w.week, "weeks are keyed by their own week");
        for seconds in [w.coding, w.people, w.other, w.tracked, w.after_hours_coding] {
            assert!(
                (0..=length + 1).contains(&seconds),
                "figures fit in the week: {w:?}"
            );
        }
        let sum = w.coding + w.people + w.other;
        assert!(
            (sum - w.tracked).abs() <= 3 * 36 + 3,
            "the kinds add up: {w:?}"
        );
        assert!(
            w.categories.iter().all(|(_, &s)| s >= 0),
            "categories are not negative: {w:?}"
        );
    }
    let thresholds = twohats::config::Config::default().thresholds;
    let weeks: Vec<twohats::period::Week> = shared.weeks.keys().copied().collect();
    if weeks.is_empty() {
        return ShareOutcome { result: Ok(shared) };
    }
    let identity = twohats::figures::Identity {
        name: &shared.name,
        reports: shared.reports().unwrap_or(None),
        zone: shared.zone,
    };
    let figures = twohats::figures::shared::manager_figures(
        identity,
        |w| shared.weeks.get(&w),
        (&thresholds, 0.5),
        &weeks,
    );
    for w in &figures.weeks {
        assert!(w.coding_share_pct.is_finite(), "shares are numbers: {w:?}");
    }
    let written = twohats::share::render(&figures, &[], Utc::now());
    let again = InputFile::new(&written, "json");
    let back = twohats::share::read_manager(&[again.shown()])
        .unwrap_or_else(|e| panic!("a share twohats wrote reads back: {}", one_line_error(&e)));
    assert_eq!(
        back.weeks.len(),
        shared.weeks.len(),
        "every week written reads back"
    );
    for (week, w) in &back.weeks {
        let before = &figures.weeks[weeks.binary_search(week).unwrap()];
        assert_eq!(
            (w.coding, w.people, w.other, w.tracked),
            (before.coding, before.people, before.other, before.tracked),
            "{week} reads back as written"
        );
        assert_eq!(
            w.categories, before.categories,
            "{week} reads back as written"
        );
    }
    ShareOutcome { result: Ok(shared) }
}

/// The error as the binary prints it (the chain joined with ": "), which
/// must be one line.
fn one_line_error(e: &anyhow::Error) -> String {
    let message = e
        .chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ");
    assert!(
        !message.contains(['\n', '\r']),
        "an error is one line: {message:?}"
    );
    message
}

/// Every warning names its source and says something.
fn check_warnings(warnings: &[Warning]) {
    for w in warnings {
        assert!(!w.source.is_empty(), "a warning names its source: {w:?}");
        assert!(!w.message.is_empty(), "a warning says something: {w:?}");
        assert!(w.line != Some(0), "lines are 1-based: {w:?}");
        assert!(
            !w.message.contains(['\n', '\r']),
            "a warning is one line on stderr: {w:?}"
        );
    }
}

/// The sweep's pieces are non-empty, in time order, disjoint, and each lies
/// inside the interval that owns it.
fn check_pieces(intervals: &[Interval], pieces: &[Piece]) {
    for (i, p) in pieces.iter().enumerate() {
        assert!(p.start < p.end, "piece {i} is empty: {p:?}");
        let owner = &intervals[p.owner];
        assert!(
            owner.start <= p.start && p.end <= owner.end,
            "piece {i} lies inside its owner: {p:?} {owner:?}"
        );
        assert!(owner.kind != Kind::Ignore, "ignore claims no time");
        if i > 0 {
            assert!(
                pieces[i - 1].end <= p.start,
                "pieces are disjoint and sorted"
            );
        }
    }
}

/// What one CalDAV answer gave: the calendar objects kept, or the error.
#[derive(Debug)]
pub struct CaldavOutcome {
    pub result: Result<Vec<String>, String>,
    pub warnings: Vec<Warning>,
}

/// A server's answer to a calendar-query (untrusted bytes) → the
/// multistatus reader → the calendar data kept for the collection
/// `https://cal.example.com/dav/ada/work/`. Errors are one line; warnings
/// name the shown URL and quote nothing of the answer (an href is a
/// secret); every object kept is non-empty text.
pub fn caldav(data: &[u8]) -> CaldavOutcome {
    use twohats::net::{caldav, multistatus, redact};
    let collection = "https://cal.example.com/dav/ada/work/";
    let url = redact::Url::parse(collection).expect("a valid URL");
    let shown = redact::shown(collection);
    let responses = match multistatus::parse(data) {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.contains('\n'), "errors are one line: {e}");
            assert!(
                !e.contains("/dav/"),
                "an error quotes nothing of the answer: {e}"
            );
            return CaldavOutcome {
                result: Err(e),
                warnings: Vec::new(),
            };
        }
    };
    let mut warnings = Vec::new();
    let objects = caldav::calendar_data(&url, responses, &shown, &mut warnings);
    for w in &warnings {
        assert_eq!(w.source, shown, "a warning names the shown URL");
        assert!(
            !w.message.contains("/dav/"),
            "a warning quotes no href: {w}"
        );
    }
    for o in &objects {
        assert!(!o.trim().is_empty(), "no empty object is kept");
    }
    CaldavOutcome {
        result: Ok(objects),
        warnings,
    }
}

/// Known findings not fixed yet, so that a long run can look past them:
/// with `TWOHATS_FUZZ_SKIP_KNOWN` set (scripts/fuzz.sh leaves it unset), a
/// panic at one of these places is caught and the input dropped instead of
/// stopping the fuzzer. Matching the panic's place, not the input, means a
/// fix (which moves or removes the line) brings any such input back as a
/// crash. Each entry names its regression test; drop it once that passes.
/// What the forge target found.
pub struct ForgeOutcome {
    /// `Err` holds the error's one-line message; `Ok` the review events and
    /// commits read.
    pub result: Result<(usize, usize), String>,
    pub warnings: Vec<Warning>,
}

/// Saved GitHub / GitLab API responses (untrusted bytes) → the forge file
/// reader (each JSON value's shape, every entry checked) → review sessions
/// → the timeline. Errors name the file on one line; every event read
/// names its pull request and repository; sessions cover their events.
pub fn forge(data: &[u8]) -> ForgeOutcome {
    use twohats::forge::{self, saved, Account, Sources};
    let file = InputFile::new(data, "json");
    let account = |user: &str| Account {
        user: user.to_string(),
        token: None,
        api: "https://api.github.com".to_string(),
        api_named: "github.api".to_string(),
        commits: true,
        live: false,
    };
    let sources = Sources {
        github: Some(account("rui-dev")),
        gitlab: Some(account("rcosta")),
        files: vec![file.shown()],
    };
    let mut warnings = Vec::new();
    let result = saved::read(&file.shown(), &sources, &mut warnings);
    file.check_unchanged(data);
    let found = match result {
        Ok(found) => found,
        Err(e) => {
            let message = one_line_error(&e);
            assert!(
                message.contains(&file.shown()),
                "a forge file error names the file: {message}"
            );
            return ForgeOutcome {
                result: Err(message),
                warnings,
            };
        }
    };
    for w in &warnings {
        assert_eq!(w.source, file.shown(), "a warning names the file: {w}");
        assert!(
            !w.message.contains(['\n', '\r']),
            "a warning is one line: {w}"
        );
    }
    for e in &found.events {
        assert!(
            !e.repo.is_empty() && e.pull.starts_with(&*e.repo),
            "an event names its pull: {e:?}"
        );
    }
    for c in &found.commits {
        assert!(
            c.hash.len() == 40 && c.hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "a full hash: {c:?}"
        );
    }
    let mut events = found.events.clone();
    events.sort_by_key(|e| e.time);
    let sessions = forge::sessions(&events, Duration::minutes(60), Duration::minutes(30));
    let intervals: Vec<Interval> = sessions
        .iter()
        .map(|s| {
            assert!(s.start <= s.end, "a session starts before it ends: {s:?}");
            for &i in &s.commits {
                assert!(
                    (s.start..=s.end).contains(&events[i].time),
                    "a session covers its events"
                );
            }
            Interval {
                start: s.start,
                end: s.end,
                kind: Kind::Coding,
                category: std::sync::Arc::from(forge::REVIEW_CATEGORY),
                key: std::sync::Arc::from(events[s.commits[0]].id.as_str()),
            }
        })
        .collect();
    let pieces: Vec<Piece> = timeline::resolve(&intervals);
    for p in &pieces {
        assert!(p.start < p.end, "pieces are not empty");
    }
    ForgeOutcome {
        result: Ok((found.events.len(), found.commits.len())),
        warnings,
    }
}

/// What the calendar API target found, for each reader in turn
/// (Microsoft Graph, then Google Calendar).
pub struct CalendarApiOutcome {
    /// `Err` holds the error's one-line message; `Ok` the occurrences read.
    pub results: Vec<Result<usize, String>>,
    pub warnings: Vec<Warning>,
}

/// Saved Microsoft Graph `calendarView` and Google `events.list`
/// responses (untrusted bytes, read by both readers) → occurrences over
/// the six-week window → classified → the timeline. Errors name the file
/// on one line; warnings name the file; every occurrence kept overlaps the
/// window, ends no earlier than it starts, and lists its people in lower
/// case.
pub fn calendar_api(data: &[u8]) -> CalendarApiOutcome {
    use twohats::calendar::api::{read_files, Service};
    let file = InputFile::new(data, "json");
    let opts = options();
    let to = opts.to;
    let mut warnings = Vec::new();
    let mut results = Vec::new();
    for service in [Service::Outlook, Service::Google] {
        let read = read_files(service, &[file.shown()], &opts, &mut warnings);
        file.check_unchanged(data);
        let occurrences = match read {
            Ok((occurrences, _, _)) => occurrences,
            Err(e) => {
                let message = one_line_error(&e);
                assert!(
                    message.contains(&file.shown()),
                    "an API file error names the file: {message}"
                );
                results.push(Err(message));
                continue;
            }
        };
        let mut intervals = Vec::new();
        for o in &occurrences {
            assert!(
                o.start <= o.end,
                "an occurrence ends after it starts: {o:?}"
            );
            assert!(
                o.start < to,
                "an occurrence starts inside the window: {o:?}"
            );
            assert!(
                o.event.attendees.iter().all(|a| a.to_lowercase() == *a),
                "people are lower-case: {o:?}"
            );
            if o.dropped.is_none() {
                let class = default_classifier().classify(&o.event);
                intervals.push(Interval {
                    start: o.start,
                    end: o.end,
                    kind: class.kind,
                    category: class.category,
                    key: o.event.source.uid.clone(),
                });
            }
        }
        for p in timeline::resolve(&intervals) {
            assert!(p.start < p.end, "pieces are not empty");
        }
        results.push(Ok(occurrences.len()));
    }
    for w in &warnings {
        assert_eq!(w.source, file.shown(), "a warning names the file: {w}");
        assert!(
            !w.message.contains(['\n', '\r']),
            "a warning is one line: {w}"
        );
    }
    CalendarApiOutcome { results, warnings }
}

pub mod known {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Once;

    /// A known panic: where (file suffix and line; line 0 is any line),
    /// what its message starts with, and the test that reproduces it.
    pub struct Known {
        pub file: &'static str,
        pub line: u32,
        pub message: &'static str,
        pub test: &'static str,
    }

    /// Empty: every finding so far is fixed in `src` and its test passes.
    /// An entry looks like
    /// `Known { file: "src/calendar/event.rs", line: 215, message: "end byte
    /// index 7 is not a char boundary", test: "ics_attendee_..." }`.
    pub const PANICS: &[Known] = &[];

    fn is_known(info: &std::panic::PanicHookInfo<'_>) -> bool {
        let Some(at) = info.location() else {
            return false;
        };
        let message = info.payload_as_str().unwrap_or("");
        PANICS.iter().any(|k| {
            at.file().ends_with(k.file)
                && (k.line == 0 || at.line() == k.line)
                && message.starts_with(k.message)
        })
    }

    static HIT: AtomicBool = AtomicBool::new(false);

    fn enabled() -> bool {
        std::env::var_os("TWOHATS_FUZZ_SKIP_KNOWN").is_some_and(|v| !v.is_empty())
    }

    /// Runs `f`; `None` when it panicked at a known place (skipping is on).
    /// Any other panic still aborts, as libFuzzer needs.
    pub fn run<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
        static HOOK: Once = Once::new();
        if !enabled() {
            return Some(f());
        }
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if is_known(info) {
                    HIT.store(true, Ordering::SeqCst);
                } else {
                    previous(info);
                    std::process::abort();
                }
            }));
        });
        HIT.store(false, Ordering::SeqCst);
        match std::panic::catch_unwind(f) {
            Ok(v) => Some(v),
            Err(_) if HIT.load(Ordering::SeqCst) => None,
            Err(e) => std::panic::resume_unwind(e),
        }
    }
}

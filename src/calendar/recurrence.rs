//! Recurrence: one UID's master and overrides → instances inside the
//! window.
//!
//! RRULEs are expanded in *wall-clock* time (`rrule.rs`), so DST never
//! shifts a series; each wall time is then turned into an instant in the
//! series' real zone, gaps and folds resolved by the one rule of
//! `period.rs`. RDATE, EXDATE and RECURRENCE-ID
//! (incl. RANGE=THISANDFUTURE) are applied here on those wall times.

use super::event::{Event, PeriodEnd, RDate, Span, Stamp};
use super::rrule;
use super::zone::{Zone, Zones};
use crate::Warning;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
// foldhash: expansion hashes every instance time (std's SipHash is slower).
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// Most instances one series may generate (before and inside the window);
/// past it the series stops with a warning.
pub const INSTANCE_CAP: usize = 100_000;

/// The longest event considered at all; longer ones are skipped with a
/// warning (they could only be mistakes, and would overflow date sums).
const LONGEST_DAYS: i64 = 3_660;

/// One expanded instance.
#[derive(Debug, Clone)]
pub(crate) struct Instance<'a> {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    /// The component whose properties it has (the master, or an override).
    pub event: &'a Event,
    /// The instance of the master it stands for, where it is one.
    pub recurrence_id: Option<DateTime<Utc>>,
}

/// How long instances last.
#[derive(Debug, Clone, Copy)]
enum Length {
    /// Seconds, the same for every instance.
    Exact(TimeDelta),
    /// Wall-clock days (23 or 25 hours across DST) plus exact seconds.
    Nominal(Span),
}

/// The zone a series lives in, and its DTSTART as a wall time there.
fn series_zone(start: &Stamp, zones: &Zones) -> (Zone, NaiveDateTime) {
    match start {
        // A date is a day of the manager's own week, whatever zone the
        // calendar was written in.
        Stamp::Date(d) => (
            Zone::Tz(zones.manager),
            d.and_hms_opt(0, 0, 0).unwrap_or_default(),
        ),
        Stamp::Floating(t) => (zones.floating(), *t),
        // Google means the UTC times of a calendar with X-WR-TIMEZONE as
        // local times of that zone (what the x-wr-timezone library does).
        Stamp::Utc(t) => match &zones.x_wr {
            Some(z) => (z.clone(), z.to_wall(t.and_utc())),
            None => (Zone::Tz(chrono_tz::UTC), *t),
        },
        Stamp::Zoned(t, id) => (zones.get(id), *t),
    }
}

/// Any stamp as a wall time of the series' zone.
fn wall_in(stamp: &Stamp, zone: &Zone, zones: &Zones) -> NaiveDateTime {
    match stamp {
        Stamp::Date(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
        Stamp::Floating(t) => *t,
        Stamp::Utc(t) => zone.to_wall(t.and_utc()),
        Stamp::Zoned(t, id) => {
            let own = zones.get(id);
            if own.name() == zone.name() {
                *t
            } else {
                zone.to_wall(own.to_utc(*t))
            }
        }
    }
}

/// A stamp as an instant, each in its own zone. A UTC time is exact
/// (not via the wall clock, which repeats an hour at the end of DST).
fn instant(stamp: &Stamp, zones: &Zones) -> DateTime<Utc> {
    if let Stamp::Utc(t) = stamp {
        return t.and_utc();
    }
    let (zone, wall) = series_zone(stamp, zones);
    zone.to_utc(wall)
}

/// What a series needs to know of its window and file.
pub(crate) struct Context<'z> {
    pub zones: &'z Zones,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub label: &'z str,
}

impl Context<'_> {
    fn warn(&self, ev: &Event, msg: String, warnings: &mut Vec<Warning>) {
        warnings.push(Warning::new(self.label, Some(ev.line), msg));
    }
}

/// Length of an event from DTEND, DURATION or neither; `None` when it is
/// absurd (skipped with a warning).
fn length(ev: &Event, cx: &Context<'_>, warnings: &mut Vec<Warning>) -> Option<Option<Length>> {
    let len = if let Some(end) = &ev.end {
        if ev.start.is_date() && end.is_date() {
            let (Stamp::Date(a), Stamp::Date(b)) = (&ev.start, end) else {
                unreachable!()
            };
            Length::Nominal(Span {
                days: (*b - *a).num_days(),
                seconds: 0,
            })
        } else {
            Length::Exact(instant(end, cx.zones) - instant(&ev.start, cx.zones))
        }
    } else if let Some(d) = ev.duration {
        Length::Nominal(d)
    } else {
        return Some(None);
    };
    let negative = match len {
        Length::Exact(d) => d < TimeDelta::zero(),
        Length::Nominal(s) => s.is_negative(),
    };
    if negative {
        let what = if ev.end.is_some() {
            "DTEND is before DTSTART"
        } else {
            "DURATION is negative"
        };
        cx.warn(
            ev,
            format!("{what} (UID {}); counted as zero length", ev.uid),
            warnings,
        );
        return Some(Some(Length::Exact(TimeDelta::zero())));
    }
    let approx = match len {
        Length::Exact(d) => d,
        Length::Nominal(s) => s.approx(),
    };
    if approx > TimeDelta::days(LONGEST_DAYS) {
        cx.warn(
            ev,
            format!("skipped event UID {}: it lasts more than 10 years", ev.uid),
            warnings,
        );
        return None;
    }
    Some(Some(len))
}

fn default_length(ev: &Event) -> Length {
    if ev.start.is_date() {
        Length::Nominal(Span {
            days: 1,
            seconds: 0,
        })
    } else {
        Length::Exact(TimeDelta::zero())
    }
}

fn approx(len: Length) -> TimeDelta {
    match len {
        Length::Exact(d) => d,
        Length::Nominal(s) => s.approx(),
    }
}

/// Start and end instants of an instance starting at `wall` in `zone`
/// (or exactly at `exact`, where the file gave the instant).
fn place(
    zone: &Zone,
    wall: NaiveDateTime,
    exact: Option<DateTime<Utc>>,
    len: Length,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = exact.unwrap_or_else(|| zone.to_utc(wall));
    let end = match len {
        Length::Exact(d) => start.checked_add_signed(d)?,
        Length::Nominal(s) => zone
            .to_utc(wall.checked_add_signed(TimeDelta::try_days(s.days)?)?)
            .checked_add_signed(TimeDelta::try_seconds(s.seconds)?)?,
    };
    // Wall-clock days in a zone with odd transitions (a custom VTIMEZONE
    // can say anything) must still not end before they start.
    Some((start, end.max(start)))
}

fn overlaps(start: DateTime<Utc>, end: DateTime<Utc>, cx: &Context<'_>) -> bool {
    start < cx.to && (end > cx.from || (start == end && start >= cx.from))
}

/// A standalone component: a single event, an override, an orphan.
fn single<'a>(
    ev: &'a Event,
    recurrence_id: Option<DateTime<Utc>>,
    cx: &Context<'_>,
    out: &mut Vec<Instance<'a>>,
    warnings: &mut Vec<Warning>,
) {
    let Some(len) = length(ev, cx, warnings) else {
        return;
    };
    // An override is a whole component: without DTEND or DURATION it has
    // the model's default length, not its series' (docs/model.md).
    let len = len.unwrap_or_else(|| default_length(ev));
    emit(ev, len, recurrence_id, cx, out);
}

/// Places a standalone component of known length, if it is in the window.
fn emit<'a>(
    ev: &'a Event,
    len: Length,
    recurrence_id: Option<DateTime<Utc>>,
    cx: &Context<'_>,
    out: &mut Vec<Instance<'a>>,
) {
    let (zone, wall) = series_zone(&ev.start, cx.zones);
    let exact = match &ev.start {
        Stamp::Utc(t) => Some(t.and_utc()),
        _ => None,
    };
    if let Some((start, end)) = place(&zone, wall, exact, len) {
        if overlaps(start, end, cx) {
            out.push(Instance {
                start,
                end,
                all_day: ev.start.is_date(),
                event: ev,
                recurrence_id,
            });
        }
    }
}

/// Expands one UID of one file: its master (if any) and its overrides.
pub(crate) fn expand<'a>(
    master: Option<&'a Event>,
    overrides: &[&'a Event],
    cx: &Context<'_>,
    warnings: &mut Vec<Warning>,
) -> Vec<Instance<'a>> {
    let mut out = Vec::new();
    let Some(master) = master else {
        // Overrides whose master is missing still happened, once each.
        singles(overrides, cx, &mut out, warnings);
        return out;
    };
    let recurring = !master.rrules.is_empty() || !master.rdates.is_empty();
    let Some(master_len) = length(master, cx, warnings) else {
        return out;
    };
    let master_len = master_len.unwrap_or_else(|| default_length(master));
    if !recurring {
        emit(master, master_len, None, cx, &mut out);
        singles(overrides, cx, &mut out, warnings);
        return out;
    }
    let series = Series::new(master, master_len, overrides, cx);
    let walls = series.walls(cx, warnings);
    let excluded = Excluded::of(master, &series.zone, cx.zones);
    let moved = Overrides::of(overrides, &series, cx.zones);
    for o in moved.exact.values() {
        let rid =
            (o.recurrence_id.as_ref()).map(|r| series.zone.to_utc(series.rid_wall(r, cx.zones)));
        single(o, rid, cx, &mut out, warnings);
    }
    for (w, own_len) in walls {
        if excluded.contains(w) || moved.exact.contains_key(&w) {
            continue;
        }
        let instance = moved.this_and_future(w, &series.zone, cx).unwrap_or((
            w,
            own_len.unwrap_or(master_len),
            master,
        ));
        if let Some(i) = series.place(w, instance, cx) {
            out.push(i);
        }
    }
    out
}

/// Standalone components, each at its own RECURRENCE-ID where it has one.
fn singles<'a>(
    events: &[&'a Event],
    cx: &Context<'_>,
    out: &mut Vec<Instance<'a>>,
    warnings: &mut Vec<Warning>,
) {
    for o in events {
        let rid = o.recurrence_id.as_ref().map(|r| instant(r, cx.zones));
        single(o, rid, cx, out, warnings);
    }
}

/// A recurring master: its zone, its DTSTART there, and the wall times
/// worth generating.
struct Series<'a> {
    master: &'a Event,
    zone: Zone,
    start_wall: NaiveDateTime,
    /// Instances starting in `wall_from..=wall_to` may overlap the window.
    wall_from: NaiveDateTime,
    wall_to: NaiveDateTime,
}

impl<'a> Series<'a> {
    /// The wall time of the instance a RECURRENCE-ID names. A date on a
    /// timed series (`RECURRENCE-ID;VALUE=DATE:20261103`, as some exporters
    /// write it) names that day's instance at the series' time of day.
    fn rid_wall(&self, rid: &Stamp, zones: &Zones) -> NaiveDateTime {
        match (rid, &self.master.start) {
            (Stamp::Date(d), start) if !matches!(start, Stamp::Date(_)) => {
                d.and_time(self.start_wall.time())
            }
            _ => wall_in(rid, &self.zone, zones),
        }
    }

    fn new(master: &'a Event, master_len: Length, overrides: &[&Event], cx: &Context<'_>) -> Self {
        let (zone, start_wall) = series_zone(&master.start, cx.zones);
        let slack = TimeDelta::days(1);
        let longest = overrides
            .iter()
            .filter_map(|o| o.duration.map(|d| d.approx()))
            .fold(approx(master_len), |a, b| a.max(b));
        // A RANGE=THISANDFUTURE override may move later instances into or
        // out of the window: look that much further on both sides.
        let shift = overrides
            .iter()
            .filter(|o| o.this_and_future)
            .filter_map(|o| {
                let rid = wall_in(o.recurrence_id.as_ref()?, &zone, cx.zones);
                Some((wall_in(&o.start, &zone, cx.zones) - rid).abs())
            })
            .fold(TimeDelta::zero(), |a, b| a.max(b))
            .min(TimeDelta::days(LONGEST_DAYS));
        let wall_from =
            zone.to_wall(cx.from) - longest.min(TimeDelta::days(LONGEST_DAYS)) - slack - shift;
        let wall_to = zone.to_wall(cx.to) + slack + shift;
        Series {
            master,
            zone,
            start_wall,
            wall_from,
            wall_to,
        }
    }

    /// DTSTART, the RRULEs' and the RDATEs' wall times near the window,
    /// sorted, each once; an RDATE PERIOD has its own length.
    fn walls(
        &self,
        cx: &Context<'_>,
        warnings: &mut Vec<Warning>,
    ) -> Vec<(NaiveDateTime, Option<Length>)> {
        let mut walls = vec![(self.start_wall, None)];
        for rule in &self.master.rrules {
            walls.extend(
                self.rule_walls((rule, false), cx, warnings)
                    .map(|w| (w, None)),
            );
        }
        for r in &self.master.rdates {
            walls.push(self.rdate(r, cx));
        }
        let excluded: HashSet<NaiveDateTime> = (self.master.exrules.iter())
            .flat_map(|rule| self.rule_walls((rule, true), cx, warnings))
            .collect();
        walls.retain(|(w, _)| *w >= self.wall_from && *w <= self.wall_to && !excluded.contains(w));
        walls.sort_by_key(|(w, _)| *w);
        walls.dedup_by_key(|(w, _)| *w);
        walls
    }

    /// The wall times of one RRULE, or with `exrule` one EXRULE; a rule not
    /// understood gives none, with a warning (an RRULE's series keeps its
    /// first instance, an EXRULE takes nothing out).
    fn rule_walls(
        &self,
        (rule, exrule): (&str, bool),
        cx: &Context<'_>,
        warnings: &mut Vec<Warning>,
    ) -> impl Iterator<Item = NaiveDateTime> {
        let master = self.master;
        let result = rrule::expand(
            rule,
            self.start_wall,
            |utc| self.zone.to_wall(utc.and_utc()),
            master.start.is_date(),
            rrule::Reach {
                after: Some(self.wall_from),
                stop: |w| w > self.wall_to,
                cap: INSTANCE_CAP,
            },
        );
        let walls = match result {
            Ok(generated) => {
                if generated.capped {
                    let uid = &master.uid;
                    let msg = format!("series UID {uid} stopped after {INSTANCE_CAP} instances");
                    cx.warn(master, msg, warnings);
                }
                generated.walls
            }
            Err(e) => {
                let (what, so) = match exrule {
                    true => ("EXRULE", "it takes no instance out"),
                    false => ("RRULE", "only its first instance counts"),
                };
                cx.warn(
                    master,
                    format!(
                        "{what} '{rule}' of UID {} not understood ({e}); {so}",
                        master.uid
                    ),
                    warnings,
                );
                Vec::new()
            }
        };
        walls.into_iter()
    }

    /// An RDATE as a wall time of the series, with its own length for a
    /// PERIOD (a negative one counts as zero).
    fn rdate(&self, r: &RDate, cx: &Context<'_>) -> (NaiveDateTime, Option<Length>) {
        let w = wall_in(&r.start, &self.zone, cx.zones);
        let len = match &r.end {
            None => None,
            Some(PeriodEnd::Lasting(s)) if !s.is_negative() => Some(Length::Nominal(*s)),
            Some(PeriodEnd::Lasting(_)) => Some(Length::Exact(TimeDelta::zero())),
            Some(PeriodEnd::At(end)) => {
                let d = instant(end, cx.zones) - self.zone.to_utc(w);
                Some(Length::Exact(d.max(TimeDelta::zero())))
            }
        };
        (w, len)
    }

    /// The instance generated at `w`, starting at `wall` with length `len`
    /// and the properties of `ev`, if it overlaps the window.
    fn place(
        &self,
        w: NaiveDateTime,
        (wall, len, ev): (NaiveDateTime, Length, &'a Event),
        cx: &Context<'_>,
    ) -> Option<Instance<'a>> {
        // The generated time is the instance's id, and its start unless a
        // THISANDFUTURE override moved it: one conversion, not two.
        let id = self.zone.to_utc(w);
        let (start, end) = place(&self.zone, wall, (wall == w).then_some(id), len)?;
        overlaps(start, end, cx).then(|| Instance {
            start,
            end,
            all_day: self.master.start.is_date(),
            event: ev,
            recurrence_id: Some(id),
        })
    }
}

/// EXDATEs: exact wall times, and whole days for date EXDATEs.
struct Excluded {
    times: HashSet<NaiveDateTime>,
    days: HashSet<NaiveDate>,
}

impl Excluded {
    fn of(master: &Event, zone: &Zone, zones: &Zones) -> Self {
        let mut excluded = Excluded {
            times: HashSet::new(),
            days: HashSet::new(),
        };
        for x in &master.exdates {
            match x {
                Stamp::Date(d) => {
                    excluded.days.insert(*d);
                }
                other => {
                    excluded.times.insert(wall_in(other, zone, zones));
                }
            }
        }
        excluded
    }

    fn contains(&self, w: NaiveDateTime) -> bool {
        self.times.contains(&w) || self.days.contains(&w.date())
    }
}

/// Overrides by the wall time of the instance they replace; of two for the
/// same instance the higher SEQUENCE (then the later one) wins.
struct Overrides<'a> {
    exact: HashMap<NaiveDateTime, &'a Event>,
    /// RANGE=THISANDFUTURE ones, by the wall time they start from, sorted.
    future: Vec<(NaiveDateTime, &'a Event)>,
}

impl<'a> Overrides<'a> {
    fn of(overrides: &[&'a Event], series: &Series<'_>, zones: &Zones) -> Self {
        let mut exact: HashMap<NaiveDateTime, &Event> = HashMap::new();
        let mut future = Vec::new();
        for o in overrides {
            let Some(rid) = &o.recurrence_id else {
                continue;
            };
            let w = series.rid_wall(rid, zones);
            match exact.get(&w) {
                Some(prev) if prev.sequence > o.sequence => {}
                _ => {
                    exact.insert(w, o);
                }
            }
            if o.this_and_future {
                future.push((w, *o));
            }
        }
        future.sort_by_key(|(w, _)| *w);
        Overrides { exact, future }
    }

    /// RANGE=THISANDFUTURE: an instance after such an override takes its
    /// shift, length and properties (of the latest one before it).
    fn this_and_future(
        &self,
        w: NaiveDateTime,
        zone: &Zone,
        cx: &Context<'_>,
    ) -> Option<(NaiveDateTime, Length, &'a Event)> {
        let (from, o) = self.future.iter().rev().find(|(fw, _)| *fw < w)?;
        let ostart = wall_in(&o.start, zone, cx.zones);
        let len = length(o, cx, &mut Vec::new())
            .flatten()
            .unwrap_or_else(|| default_length(o));
        Some((w.checked_add_signed(ostart - *from)?, len, *o))
    }
}

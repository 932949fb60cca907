//! Recurrence: one UID's master and overrides → instances inside the
//! window.
//!
//! RRULEs are expanded in *wall-clock* time (`rrule.rs`), so DST never
//! shifts a series; each wall time is then turned into an instant in the
//! series' real zone, gaps and folds resolved by the one rule of
//! `period.rs`. RDATE, EXDATE and RECURRENCE-ID
//! (incl. RANGE=THISANDFUTURE) are applied here on those wall times.

use super::event::{Event, PeriodEnd, Span, Stamp};
use super::rrule;
use super::zone::{Zone, Zones};
use crate::Warning;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use std::collections::{HashMap, HashSet};

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
    // the SPEC's default length, not its series'.
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
        for o in overrides {
            let rid = o.recurrence_id.as_ref().map(|r| instant(r, cx.zones));
            single(o, rid, cx, &mut out, warnings);
        }
        return out;
    };
    let recurring = !master.rrules.is_empty() || !master.rdates.is_empty();
    let Some(master_len) = length(master, cx, warnings) else {
        return out;
    };
    let master_len = master_len.unwrap_or_else(|| default_length(master));
    if !recurring {
        emit(master, master_len, None, cx, &mut out);
        for o in overrides {
            let rid = o.recurrence_id.as_ref().map(|r| instant(r, cx.zones));
            single(o, rid, cx, &mut out, warnings);
        }
        return out;
    }

    let (zone, start_wall) = series_zone(&master.start, cx.zones);
    let all_day = master.start.is_date();
    let slack = TimeDelta::days(1);
    let longest = overrides
        .iter()
        .filter_map(|o| o.duration.map(|d| d.approx()))
        .fold(approx(master_len), |a, b| a.max(b));
    // A RANGE=THISANDFUTURE override may move later instances into or out
    // of the window: look that much further on both sides.
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

    // Wall start → its own length, where an RDATE PERIOD gives one.
    let mut walls: Vec<(NaiveDateTime, Option<Length>)> = vec![(start_wall, None)];
    for rule in &master.rrules {
        let result = rrule::expand(
            rule,
            start_wall,
            |utc| zone.to_wall(utc.and_utc()),
            rrule::Reach {
                after: Some(wall_from),
                stop: |w| w > wall_to,
                cap: INSTANCE_CAP,
            },
        );
        match result {
            Ok(generated) => {
                if generated.capped {
                    cx.warn(
                        master,
                        format!(
                            "series UID {} stopped after {INSTANCE_CAP} instances",
                            master.uid
                        ),
                        warnings,
                    );
                }
                walls.extend(generated.walls.into_iter().map(|w| (w, None)));
            }
            Err(e) => cx.warn(
                master,
                format!(
                    "RRULE '{rule}' of UID {} not understood ({e}); only its first instance counts",
                    master.uid
                ),
                warnings,
            ),
        }
    }
    for r in &master.rdates {
        let w = wall_in(&r.start, &zone, cx.zones);
        let len = match &r.end {
            None => None,
            Some(PeriodEnd::Lasting(s)) if !s.is_negative() => Some(Length::Nominal(*s)),
            Some(PeriodEnd::Lasting(_)) => Some(Length::Exact(TimeDelta::zero())),
            Some(PeriodEnd::At(end)) => {
                let d = instant(end, cx.zones) - zone.to_utc(w);
                Some(Length::Exact(d.max(TimeDelta::zero())))
            }
        };
        walls.push((w, len));
    }
    walls.retain(|(w, _)| *w >= wall_from && *w <= wall_to);
    walls.sort_by_key(|(w, _)| *w);
    walls.dedup_by_key(|(w, _)| *w);

    let mut ex_times: HashSet<NaiveDateTime> = HashSet::new();
    let mut ex_days = HashSet::new();
    for x in &master.exdates {
        match x {
            Stamp::Date(d) => {
                ex_days.insert(*d);
            }
            other => {
                ex_times.insert(wall_in(other, &zone, cx.zones));
            }
        }
    }

    // Overrides by the wall time of the instance they replace; of two for
    // the same instance the higher SEQUENCE (then the later one) wins.
    let mut exact: HashMap<NaiveDateTime, &Event> = HashMap::new();
    let mut future: Vec<(NaiveDateTime, &Event)> = Vec::new();
    for o in overrides {
        let Some(rid) = &o.recurrence_id else {
            continue;
        };
        let w = wall_in(rid, &zone, cx.zones);
        match exact.get(&w) {
            Some(prev) if prev.sequence > o.sequence => {}
            _ => {
                exact.insert(w, o);
            }
        }
        if o.this_and_future {
            future.push((w, o));
        }
    }
    future.sort_by_key(|(w, _)| *w);
    for o in exact.values() {
        let rid = o
            .recurrence_id
            .as_ref()
            .map(|r| zone.to_utc(wall_in(r, &zone, cx.zones)));
        single(o, rid, cx, &mut out, warnings);
    }

    for (w, own_len) in walls {
        if ex_times.contains(&w) || ex_days.contains(&w.date()) || exact.contains_key(&w) {
            continue;
        }
        let rid = Some(zone.to_utc(w));
        // RANGE=THISANDFUTURE: later instances take the override's shift,
        // length and properties.
        let applied = future
            .iter()
            .rev()
            .find(|(fw, _)| *fw < w)
            .and_then(|(fw, o)| {
                let ostart = wall_in(&o.start, &zone, cx.zones);
                let len = length(o, cx, &mut Vec::new())
                    .flatten()
                    .unwrap_or_else(|| default_length(o));
                Some((w.checked_add_signed(ostart - *fw)?, len, *o))
            });
        let (wall, len, ev) = applied.unwrap_or((w, own_len.unwrap_or(master_len), master));
        if let Some((start, end)) = place(&zone, wall, None, len) {
            if overlaps(start, end, cx) {
                out.push(Instance {
                    start,
                    end,
                    all_day,
                    event: ev,
                    recurrence_id: rid,
                });
            }
        }
    }
    out
}

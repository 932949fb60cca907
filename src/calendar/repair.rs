//! What real exports get wrong and twohats repairs, reading each as its
//! calendar app shows it (docs/model.md, step 2, "What twohats repairs").
//! Each repair is named in one warning per component and kind, and counted
//! for `twohats doctor`.

use super::event::{Event, PeriodEnd, Stamp};
use std::fmt;

/// A kind of repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Repair {
    /// A floating time next to a zoned or UTC one, read in that zone.
    MixedZones,
    /// Lines of text inside a component that are not properties, left out.
    StrayLines,
    /// A VEVENT outside any VCALENDAR, read.
    OutsideCalendar,
    /// Copies of one UID (and RECURRENCE-ID): one kept.
    Copies,
    /// An indented BEGIN or END line, read as if it were not indented.
    Indented,
}

impl Repair {
    pub const ALL: [Repair; 5] = [
        Repair::MixedZones,
        Repair::StrayLines,
        Repair::OutsideCalendar,
        Repair::Copies,
        Repair::Indented,
    ];

    /// What `twohats doctor` calls it.
    pub fn as_str(self) -> &'static str {
        match self {
            Repair::MixedZones => "floating times read in their event's zone",
            Repair::StrayLines => "stray lines left out",
            Repair::OutsideCalendar => "VEVENTs outside VCALENDAR read",
            Repair::Copies => "copies of one event, one kept",
            Repair::Indented => "indented BEGIN/END read",
        }
    }

    /// Its key in `twohats doctor --format json`.
    pub fn key(self) -> &'static str {
        match self {
            Repair::MixedZones => "mixed_floating_and_zoned",
            Repair::StrayLines => "stray_lines",
            Repair::OutsideCalendar => "outside_vcalendar",
            Repair::Copies => "copies",
            Repair::Indented => "indented_begin_end",
        }
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Repairs made in one calendar, by kind.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally([usize; Repair::ALL.len()]);

impl Tally {
    pub fn add(&mut self, kind: Repair, n: usize) {
        self.0[kind as usize] += n;
    }

    /// The kinds made, in the order of [`Repair::ALL`], with their counts.
    pub fn made(&self) -> Vec<(Repair, usize)> {
        (Repair::ALL.into_iter())
            .map(|k| (k, self.0[k as usize]))
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

/// The zone a floating time of `ev` is read in: that of DTSTART, else of
/// DTEND, when it has one. `None` also for a UTC one in a calendar with
/// X-WR-TIMEZONE: there floating times are already read in that zone, the
/// one Google means its UTC times in (docs/model.md, step 2).
fn anchor(ev: &Event, x_wr_timezone: bool) -> Option<Stamp> {
    let zoned = |s: &Stamp| matches!(s, Stamp::Zoned(..) | Stamp::Utc(_));
    let anchor = if zoned(&ev.start) {
        &ev.start
    } else if matches!(ev.start, Stamp::Floating(_)) {
        ev.end.as_ref().filter(|e| zoned(e))?
    } else {
        return None;
    };
    (!(matches!(anchor, Stamp::Utc(_)) && x_wr_timezone)).then(|| anchor.clone())
}

/// A floating time of an event whose DTSTART or DTEND has a zone or is
/// UTC is read in that zone, so the event's length never depends on the
/// manager's zone: DTSTART, DTEND, EXDATE, RDATE (start and end). A
/// RECURRENCE-ID is read in its series' zone where the series is expanded.
/// Returns the warning's text when something was repaired.
pub(crate) fn floating_in_event_zone(ev: &mut Event, x_wr_timezone: bool) -> Option<String> {
    // Most events have nothing floating: they are let be before anything
    // is copied or written. (A floating RECURRENCE-ID alone comes to
    // nothing repaired below.)
    if !ev.stamps().any(|s| matches!(s, Stamp::Floating(_))) {
        return None;
    }
    let anchor = anchor(ev, x_wr_timezone)?;
    let (from, zone) = match (&anchor, &ev.start) {
        (Stamp::Utc(_), Stamp::Floating(_)) => ("DTEND", "UTC".to_string()),
        (Stamp::Utc(_), _) => ("DTSTART", "UTC".to_string()),
        (Stamp::Zoned(_, id), Stamp::Floating(_)) => ("DTEND", format!("'{id}'")),
        (Stamp::Zoned(_, id), _) => ("DTSTART", format!("'{id}'")),
        _ => return None,
    };
    let mut names: Vec<&str> = Vec::new();
    let mut repair = |s: &mut Stamp, name: &'static str| {
        if let Stamp::Floating(t) = s {
            *s = match &anchor {
                Stamp::Zoned(_, id) => Stamp::Zoned(*t, id.clone()),
                _ => Stamp::Utc(*t),
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
    };
    repair(&mut ev.start, "DTSTART");
    if let Some(end) = &mut ev.end {
        repair(end, "DTEND");
    }
    for x in &mut ev.exdates {
        repair(x, "EXDATE");
    }
    for r in &mut ev.rdates {
        repair(&mut r.start, "RDATE");
        if let Some(PeriodEnd::At(end)) = &mut r.end {
            repair(end, "RDATE");
        }
    }
    if names.is_empty() {
        return None;
    }
    let verb = if names.len() == 1 { "has" } else { "have" };
    Some(format!(
        "{} {verb} no zone; read in {from}'s zone {zone} (UID {})",
        names.join(", "),
        ev.uid
    ))
}

/// A date or date-time as the file writes it, for a warning.
pub(crate) fn written(s: &Stamp) -> String {
    match s {
        Stamp::Date(d) => d.format("%Y%m%d").to_string(),
        Stamp::Floating(t) => t.format("%Y%m%dT%H%M%S").to_string(),
        Stamp::Utc(t) => t.format("%Y%m%dT%H%M%SZ").to_string(),
        Stamp::Zoned(t, id) => format!("{} ({id})", t.format("%Y%m%dT%H%M%S")),
    }
}

/// The warning for the copies of one event: `which` says which
/// ("without RECURRENCE-ID", "with RECURRENCE-ID …"), `kept` is the line
/// of the copy kept, `others` those of the copies it replaces.
pub(crate) fn copies_message(uid: &str, which: &str, kept: u64, others: &[u64]) -> String {
    if others.len() == 1 {
        return format!(
            "UID {uid} appears twice {which}; the copy at line {kept} replaces this one"
        );
    }
    let n = others.len() + 1;
    let lines: Vec<String> = others.iter().map(u64::to_string).collect();
    format!(
        "UID {uid} appears {n} times {which} ({n} copies); the copy at line {kept} (the highest SEQUENCE, then the later) replaces the other {} (lines {})",
        n - 1,
        lines.join(", ")
    )
}

//! Who is in an event, the manager's own answer, and the drop rules
//! (docs/model.md, step 2).

use super::{CalendarOptions, Dropped, Participation};
use chrono::{DateTime, TimeDelta, Utc};
use foldhash::HashSet;
use std::sync::Arc;

/// The people of an event, as the model counts them (docs/model.md).
#[derive(Debug, Clone)]
pub(crate) struct People {
    pub attendees: Arc<[String]>,
    /// Of them, those whose own answer is PARTSTAT=DECLINED.
    pub declined: Arc<[String]>,
    pub organizer: Option<Arc<str>>,
    pub organizer_is_me: bool,
    pub participation: Participation,
}

/// An ATTENDEE line as read.
#[derive(Debug, Clone)]
pub(crate) struct Attendee {
    /// Lower-case, without `mailto:`.
    pub address: String,
    /// Their answer, read as the manager's own would be; NEEDS-ACTION when
    /// absent (RFC 5545 default) or an extension value.
    pub partstat: Participation,
    /// CUTYPE=ROOM or RESOURCE: not a person.
    pub is_room: bool,
}

impl People {
    /// An event without ATTENDEE or ORGANIZER; `no_list` is an empty list
    /// shared by the events of a batch.
    pub fn nobody(no_list: &Arc<[String]>) -> Self {
        People {
            attendees: no_list.clone(),
            declined: no_list.clone(),
            organizer: None,
            organizer_is_me: false,
            participation: Participation::NotInvited,
        }
    }
}

/// Distinct ATTENDEE addresses (rooms and resources left out; a GROUP is
/// one address) plus the ORGANIZER when not among them; the manager's
/// PARTSTAT from their own ATTENDEE line, under any of their addresses.
/// The addresses read are moved, not copied, into the lists.
pub(crate) fn people(
    attendees_read: Vec<Attendee>,
    organizer: Option<String>,
    me: &[String],
    no_list: &Arc<[String]>,
) -> People {
    if attendees_read.is_empty() && organizer.is_none() {
        return People::nobody(no_list);
    }
    let is_me = |a: &str| me.iter().any(|m| m.eq_ignore_ascii_case(a));
    let mut attendees = Addresses::default();
    let mut participation = Participation::NotInvited;
    let mut declined = Vec::new();
    for a in attendees_read {
        if participation == Participation::NotInvited && is_me(&a.address) {
            participation = a.partstat;
        }
        if a.is_room {
            continue;
        }
        let is_declined = a.partstat == Participation::Declined;
        if let Some(new) = attendees.add_owned(a.address) {
            if is_declined {
                declined.push(new.to_string());
            }
        }
    }
    let organizer_is_me = organizer.as_deref().is_some_and(is_me);
    let organizer_shared = organizer.as_deref().map(Arc::from);
    if let Some(org) = organizer {
        attendees.add_owned(org);
    }
    People {
        organizer_is_me,
        organizer: organizer_shared,
        attendees: Arc::from(attendees.into_vec()),
        declined: if declined.is_empty() {
            no_list.clone()
        } else {
            Arc::from(declined)
        },
        participation,
    }
}

/// Distinct addresses in the order first met: a meeting's handful compared
/// directly, an all-hands' thousands through a set (no quadratic
/// de-duplication, no hashing for a 1:1).
#[derive(Debug, Default)]
pub(crate) struct Addresses {
    list: Vec<String>,
    seen: HashSet<String>,
}

impl Addresses {
    /// Adds `address` (already as the model compares it, owned: moved into
    /// the list) unless it was met before; the address as kept, when new.
    pub fn add_owned(&mut self, address: String) -> Option<&str> {
        let known = match self.list.len() {
            0..=16 => self.list.contains(&address),
            _ => {
                if self.seen.is_empty() {
                    self.seen.extend(self.list.iter().cloned());
                }
                !self.seen.insert(address.clone())
            }
        };
        if known {
            return None;
        }
        self.list.push(address);
        self.list.last().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn into_vec(self) -> Vec<String> {
        self.list
    }
}

/// What the drop rules look at, whichever source an event came from (a
/// file's VEVENT, an API's event).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    pub cancelled: bool,
    pub transparent: bool,
    pub participation: Participation,
    pub all_day: bool,
}

/// The drop rules (docs/model.md, step 2), in the order the user sees them.
pub(crate) fn decide(
    Facts {
        cancelled,
        transparent,
        participation,
        all_day,
    }: Facts,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    opts: &CalendarOptions,
) -> Option<Dropped> {
    if cancelled {
        return Some(Dropped::Cancelled);
    }
    if participation == Participation::Declined {
        return Some(Dropped::Declined);
    }
    // All-day and over-long first: that is what the user sees (an OOO
    // day is also shown as free).
    if all_day {
        return Some(Dropped::AllDay);
    }
    let max = TimeDelta::try_milliseconds((opts.max_event_hours * 3_600_000.0).round() as i64)
        .unwrap_or(TimeDelta::MAX);
    if end - start > max {
        return Some(Dropped::TooLong);
    }
    if transparent && !opts.count_transparent {
        return Some(Dropped::Transparent);
    }
    if matches!(
        participation,
        Participation::Tentative | Participation::NeedsAction
    ) && !opts.count_tentative
    {
        return Some(Dropped::Tentative);
    }
    None
}

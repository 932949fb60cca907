#!/usr/bin/env python3
"""Write a dense 10-year manager calendar (Outlook style) for the scaling
benchmark: is a 10-year `report` cheap once the file is read?

About 10 MB, 10,000 VEVENTs and 20,000 occurrences over 2016-2025, as an Outlook export writes
them (Windows TZIDs with their VTIMEZONE blocks, CRLF, folded lines):

- a weekly 1:1 with each of 13 reports, re-planned every quarter (a new
  series with a new UID, the old one ended by UNTIL), half of the
  instances moved (RECURRENCE-ID overrides) and some cancelled (EXDATE);
- a daily stand-up (weekdays), re-planned every 6 months, with EXDATEs on
  holidays and moved instances;
- a weekly team meeting, a fortnightly sprint planning across sites
  (Pacific), a daily focus block and a daily lunch (shown as free),
  re-planned yearly;
- about 1.5 single events a day (interviews, reviews, focus blocks,
  lunches shown as free, declined invitations).

Deterministic (standard library only):

    python3 benches/calendar/generate_dense.py --out dense.ics
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent))
from generate import VTIMEZONES, ZONES  # noqa: E402

ME = "ada@example.com"
REPORTS = [f"report{i}@example.com" for i in range(13)]
SINGLE = ["Interview: backend candidate", "Design review", "Incident review",
          "Vendor call", "Focus time", "Hiring debrief", "Customer call",
          "Architecture discussion", "Budget review", "Lunch"]
DAYS = ["MO", "TU", "WE", "TH", "FR"]


def fold(line: str) -> str:
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, start = [], 0
    while start < len(raw):
        end = min(start + (75 if start == 0 else 74), len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(raw[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def stamp(t: datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%S")


def utc(t: datetime, tzid: str) -> str:
    local = t.replace(tzinfo=ZoneInfo(ZONES[tzid]))
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[str] = []
        self.events = 0

    def event(self, uid, start, minutes, title, tzid, attendees, extra=(),
              recurrence_id=None):
        self.events += 1
        end = start + timedelta(minutes=minutes)
        w = self.lines
        w += ["BEGIN:VEVENT", "CLASS:PUBLIC", "CREATED:20151201T090000Z"]
        w.append(f"DESCRIPTION:{title}. Agenda in the shared notes; join with the"
                 " Teams link below.\\n\\nMicrosoft Teams meeting\\nJoin on your "
                 "computer or mobile app: https://teams.example.com/l/meetup-join/"
                 f"{uid[:12]}\\n")
        w.append(f"DTEND;TZID=\"{tzid}\":{stamp(end)}")
        w.append("DTSTAMP:20251231T120000Z")
        w.append(f"DTSTART;TZID=\"{tzid}\":{stamp(start)}")
        w += list(extra)
        if not any(e.startswith("TRANSP") for e in extra):
            w.append("TRANSP:OPAQUE")
        if recurrence_id is not None:
            w.append(f"RECURRENCE-ID;TZID=\"{tzid}\":{stamp(recurrence_id)}")
        w.append("LOCATION:Microsoft Teams Meeting")
        w.append(f"ORGANIZER;CN=Ada Lovelace:mailto:{ME}")
        for a in attendees:
            w.append(f"ATTENDEE;CN={a.split('@')[0]};ROLE=REQ-PARTICIPANT;"
                     f"PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:{a}")
        w += ["PRIORITY:5", "SEQUENCE:0", f"SUMMARY;LANGUAGE=en-US:{title}",
              f"UID:{uid}", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
              "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
              "END:VEVENT"]

    def series(self, uid, first, last, minutes, title, tzid, attendees, byday,
               interval=1, holidays=(), move_share=0.0, exdate_share=0.0,
               transparent=False):
        """A weekly series from `first` to `last`; some instances moved or
        cancelled."""
        rng = self.rng
        instances = []
        t = first
        while t.date() <= last:
            if t.strftime("%a")[:2].upper() in byday:
                instances.append(t)
            t += timedelta(days=1)
        if interval > 1:
            instances = [i for i in instances
                         if ((i - first).days // 7) % interval == 0]
        exdates = [i for i in instances if i.date() in holidays
                   or rng.random() < exdate_share]
        until = datetime.combine(last, first.time())
        rule = (f"RRULE:FREQ=WEEKLY;UNTIL={utc(until, tzid)};INTERVAL={interval};"
                f"BYDAY={','.join(byday)};WKST=MO")
        extra = [rule] + [f"EXDATE;TZID=\"{tzid}\":{stamp(x)}" for x in exdates]
        if transparent:
            extra.append("TRANSP:TRANSPARENT")
        self.event(uid, first, minutes, title, tzid, attendees, extra)
        for i in instances:
            if i in exdates or rng.random() >= move_share:
                continue
            moved = i + timedelta(minutes=rng.choice([-60, -30, 30, 60, 120, 1440]))
            self.event(uid, moved, minutes, title, tzid, attendees, (), i)


def holidays_of(year: int) -> set[date]:
    fixed = [(1, 1), (5, 1), (10, 3), (12, 24), (12, 25), (12, 26), (12, 31)]
    return {date(year, m, d) for m, d in fixed}


def calendar(seed: int, per_day: float, years: int) -> str:
    """The calendar's text: `years` years from 2016, CRLF, folded."""
    rng = random.Random(seed)
    w = Writer(rng)
    first_year = 2016
    end = date(first_year + years - 1, 12, 31)
    holidays = set().union(*(holidays_of(y) for y in range(first_year, first_year + years)))
    berlin = "W. Europe Standard Time"

    # 1:1s, re-planned every quarter.
    quarter = date(first_year, 1, 4)
    q = 0
    while quarter <= end:
        last = min(quarter + timedelta(weeks=13) - timedelta(days=1), end)
        for n, report in enumerate(REPORTS):
            day = DAYS[(n + q) % 5]
            offset = DAYS.index(day)
            start = datetime.combine(quarter + timedelta(days=offset),
                                     datetime.min.time()) + timedelta(hours=10 + n % 6)
            w.series(f"one-on-one-{n}-{q:03}-{seed}@example.com", start, last, 30,
                     f"1:1 Ada / {report.split('@')[0]}", berlin, [ME, report], [day],
                     holidays=holidays, move_share=0.5, exdate_share=0.05)
        quarter = last + timedelta(days=1)
        q += 1

    # Stand-up, re-planned every 6 months.
    half = date(first_year, 1, 4)
    h = 0
    while half <= end:
        last = min(half + timedelta(weeks=26) - timedelta(days=1), end)
        start = datetime.combine(half, datetime.min.time()) + timedelta(hours=9, minutes=15 * (h % 2))
        w.series(f"standup-{h:02}-{seed}@example.com", start, last, 15, "Daily stand-up",
                 berlin, [ME] + REPORTS, DAYS, holidays=holidays, move_share=0.05)
        half = last + timedelta(days=1)
        h += 1

    # Team meeting (weekly) and sprint planning (fortnightly, Pacific), yearly.
    for y in range(first_year, first_year + years):
        first = date(y, 1, 4)
        last = date(y, 12, 31)
        start = datetime.combine(first, datetime.min.time()) + timedelta(days=2, hours=14)
        w.series(f"team-{y}-{seed}@example.com", start, last, 60, "Team meeting",
                 berlin, [ME] + REPORTS, ["WE"], holidays=holidays, move_share=0.1)
        start = datetime.combine(first, datetime.min.time()) + timedelta(hours=13)
        w.series(f"focus-{y}-{seed}@example.com", start, last, 90, "Focus time",
                 berlin, [ME], DAYS, holidays=holidays, move_share=0.05)
        start = datetime.combine(first, datetime.min.time()) + timedelta(hours=12)
        w.series(f"lunch-{y}-{seed}@example.com", start, last, 45, "Lunch",
                 berlin, [ME], DAYS, holidays=holidays, transparent=True)
        pst = "Pacific Standard Time"
        start = datetime.combine(first, datetime.min.time()) + timedelta(days=1, hours=7)
        w.series(f"sprint-{y}-{seed}@example.com", start, last, 90, "Sprint planning",
                 pst, [ME] + REPORTS[:4], ["TU"], interval=2, holidays=holidays)

    # Single events.
    day = date(first_year, 1, 1)
    n = 0
    while day <= end:
        # 1.5 a day on average: 2.1 a weekday, none at weekends.
        weekday = per_day * 7 / 5
        count = int(weekday) + (1 if rng.random() < weekday - int(weekday) else 0)
        if day.weekday() >= 5:
            count = 0
        for _ in range(count):
            title = rng.choice(SINGLE)
            start = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=rng.randint(8, 17), minutes=rng.choice([0, 30]))
            extra = ["TRANSP:TRANSPARENT"] if title == "Lunch" else []
            tzid = berlin if rng.random() < 0.9 else "India Standard Time"
            w.event(f"single-{n:06}-{seed}@example.com", start,
                    rng.choice([30, 45, 60, 90, 120]), title, tzid,
                    [ME, rng.choice(REPORTS)], extra)
            n += 1
        day += timedelta(days=1)

    head = ["BEGIN:VCALENDAR", "METHOD:PUBLISH",
            "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
            "X-WR-CALNAME:Calendar"]
    body = head + VTIMEZONES.strip("\n").split("\n") + w.lines + ["END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in body) + "\r\n"


def write(out: Path, seed: int, per_day: float, years: int) -> None:
    text = calendar(seed, per_day, years)
    out.write_bytes(text.encode())
    print(f"wrote {out}: {len(text.encode()) / 1e6:.1f} MB", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events-per-day", type=float, default=1.5)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    write(Path(args.out), args.seed, args.events_per_day, args.years)


if __name__ == "__main__":
    main()

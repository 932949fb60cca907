#!/usr/bin/env python3
"""Write a large, realistic Outlook calendar export for the calendar benchmark.

Ten years (2016-2025) of a busy engineering manager's calendar as Outlook 16
exports it: VTIMEZONE blocks with Windows TZIDs (and one custom zone), a
yearly set of recurring series (1:1s with every report, standups, sprint
rituals, cross-site syncs in Pacific, Eastern, GMT and India time, monthly
and yearly meetings, a few unbounded series) with moved, cancelled and
excluded instances, and 6 or so one-off events a working day (interviews,
vendor calls, focus blocks, lunches shown as free, vacations, declined and
tentative invitations, offsites). Meetings carry Teams descriptions and the
HTML copy Outlook writes in X-ALT-DESC, lines are folded at 75 octets and
end in CRLF.

Deterministic: the same --seed and --events-per-day give the same bytes
(standard library only). About 50 MB with the defaults:

    python3 benches/calendar/generate.py --out /tmp/calendar.ics
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_YEAR = 2016
YEARS = 10
ME = ("Ada Lovelace", "ada@example.com")

# TZID as written in the file → the IANA zone it means (used here only to
# write UNTIL in UTC, as Outlook does).
ZONES = {
    "W. Europe Standard Time": "Europe/Berlin",
    "Pacific Standard Time": "America/Los_Angeles",
    "Eastern Standard Time": "America/New_York",
    "GMT Standard Time": "Europe/London",
    "India Standard Time": "Asia/Kolkata",
    "Customized Time Zone": "Australia/Sydney",
    "Europe/Berlin": "Europe/Berlin",
}

VTIMEZONES = """\
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:Pacific Standard Time
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0700
TZOFFSETTO:-0800
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0800
TZOFFSETTO:-0700
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:GMT Standard Time
BEGIN:STANDARD
DTSTART:16011028T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0100
TZOFFSETTO:-0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T010000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:-0000
TZOFFSETTO:+0100
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:India Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+1100
TZOFFSETTO:+1000
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=4
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+1000
TZOFFSETTO:+1100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=10
END:DAYLIGHT
END:VTIMEZONE
"""

FIRST_NAMES = (
    "Grace Alan Katherine Edsger Barbara Donald Margaret Dennis Ken Radia Frances "
    "John Leslie Shafi Tim Vint Whitfield Adele Jean Sophie Niklaus Tony Butler "
    "Fran Hedy Lynn Mary Dorothy Annie Evelyn Joan Karen Ruth Susan Guido Bjarne "
    "Linus Anders Yukihiro Rasmus Brendan James Larry Rob Andrew Ward"
).split()
LAST_NAMES = (
    "Hopper Turing Johnson Dijkstra Liskov Knuth Hamilton Ritchie Thompson Perlman "
    "Allen Backus Lamport Goldwasser Berners-Lee Cerf Diffie Goldberg Sammet Wilson "
    "Wirth Hoare Lampson Elias Lamarr Conway Jackson Vaughan Easley Boyd Clarke "
    "Sparck-Jones Lawrence Kare Rossum Stroustrup Torvalds Hejlsberg Matsumoto Lerdorf "
    "Eich Gosling Wall Pike Tanenbaum Cunningham"
).split()

MEETING_TITLES = (
    "Design review: {topic}",
    "{topic} sync",
    "Interview: {person} (backend)",
    "Interview: {person} (frontend)",
    "Debrief: {person}",
    "Vendor call: {vendor}",
    "Incident postmortem: {topic}",
    "RFC discussion: {topic}",
    "Architecture review: {topic}",
    "Roadmap planning",
    "Quarterly planning: {topic}",
    "Budget check-in",
    "Hiring sync",
    "Customer call: {vendor}",
    "Security review: {topic}",
    "Product/engineering sync",
    "Coffee chat with {person}",
    "Skip-level with {person}",
    "Performance review: {person}",
    "Onboarding: {person}",
)
SOLO_TITLES = (
    "Focus time",
    "Deep work",
    "Code review",
    "Heads-down: {topic}",
    "Prep: {topic}",
    "Pairing with {person}",
    "Admin",
    "Doctor",
    "Travel to office",
)
TOPICS = (
    "payments API",
    "search indexing",
    "auth service",
    "mobile release",
    "data pipeline",
    "billing migration",
    "observability",
    "CI speed",
    "on-call rotation",
    "storage tier",
    "feature flags",
    "GDPR export",
    "rate limiting",
    "edge cache",
    "k8s upgrade",
)
VENDORS = ("Acme Cloud", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries")
ROOMS = (
    "Berlin HQ 3.14 (8)",
    "Berlin HQ 2.01 Hopper (4)",
    "Berlin HQ 5.22 Turing (12)",
    "Microsoft Teams Meeting",
    "Microsoft Teams Meeting",
    "Microsoft Teams Meeting",
)

TEAMS_TEXT = (
    "\n\n________________________________________________________________________________\n"
    "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
    "Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_{mid}%40thread.v2/0?context=%7b%22Tid%22%3a%22{tid}%22%7d>\n"
    "Meeting ID: {num}\nPasscode: {code}\nDownload Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | "
    "Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>\n"
    "Learn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft.com/meetingOptions/?organizerId={tid}&threadId=19_meeting_{mid}@thread.v2>\n"
    "________________________________________________________________________________\n"
)
HTML_HEAD = (
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2//EN\">\n<HTML>\n<HEAD>\n"
    "<META NAME=\"Generator\" CONTENT=\"MS Exchange Server version rmj.rmm.rup.incr\">\n"
    "<TITLE></TITLE>\n</HEAD>\n<BODY>\n<!-- Converted from text/rtf format -->\n"
)


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 folding at 75 octets, never inside a UTF-8 sequence."""
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    parts = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74
    parts.append(data)
    return "\r\n ".join(p.decode() for p in parts) + "\r\n"


def stamp(t: datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%S")


def dt_prop(name: str, t: datetime, tzid: str) -> str:
    if tzid == "UTC":
        return f"{name}:{stamp(t)}Z"
    quoted = f'"{tzid}"' if " " in tzid else tzid
    return f"{name};TZID={quoted}:{stamp(t)}"


def until_utc(t: datetime, tzid: str) -> str:
    zone = ZoneInfo(ZONES.get(tzid, "UTC"))
    utc = t.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
    return utc.strftime("%Y%m%dT%H%M%SZ")


class Writer:
    def __init__(self, out, rng: random.Random):
        self.out = out
        self.rng = rng
        self.uid_counter = 0
        self.people = [f"{f} {l}" for f in FIRST_NAMES for l in LAST_NAMES]

    def write(self, line: str):
        self.out.write(fold(line))

    def uid(self) -> str:
        self.uid_counter += 1
        digest = hashlib.sha1(f"uid-{self.uid_counter}".encode()).hexdigest().upper()
        return (
            "040000008200E00074C5B7101A82E00800000000"
            + digest[:16]
            + "01000000000000000010000000"
            + digest[16:40]
        )

    def person(self) -> tuple[str, str]:
        name = self.rng.choice(self.people)
        return name, name.lower().replace(" ", ".") + "@example.com"

    def fill(self, template: str) -> str:
        return template.format(
            topic=self.rng.choice(TOPICS),
            person=self.rng.choice(self.people),
            vendor=self.rng.choice(VENDORS),
        )

    def description(self, summary: str, teams: bool) -> tuple[str, str | None]:
        rng = self.rng
        lines = [f"Agenda for {summary}:"]
        for i in range(rng.randint(1, 4)):
            lines.append(f"{i + 1}. {rng.choice(TOPICS)}: status, risks, next steps")
        text = "\n".join(lines)
        if not teams:
            return text, None
        mid = hashlib.md5(f"{self.uid_counter}".encode()).hexdigest()
        tid = hashlib.md5(f"t{self.uid_counter}".encode()).hexdigest()
        text += TEAMS_TEXT.format(
            mid=mid,
            tid=tid,
            num=f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            code="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789") for _ in range(6)),
        )
        html = HTML_HEAD + "".join(
            f"<P DIR=LTR><SPAN LANG=\"en-us\"><FONT FACE=\"Segoe UI\">{l}</FONT></SPAN></P>\n"
            for l in text.split("\n")
        ) + "\n</BODY>\n</HTML>"
        return text, html

    def event(
        self,
        *,
        uid: str,
        summary: str,
        start: datetime,
        end: datetime | None,
        tzid: str,
        all_day: bool = False,
        organizer: tuple[str, str] | None = None,
        attendees: list[tuple[str, str, str]] = (),
        rrule: str | None = None,
        exdates: list[datetime] = (),
        recurrence_id: datetime | None = None,
        status: str | None = None,
        transparent: bool = False,
        teams: bool = False,
        duration: str | None = None,
    ):
        rng = self.rng
        created = datetime.combine(start.date() - timedelta(days=rng.randint(1, 40)), time(9, rng.randint(0, 59)))
        w = self.write
        w("BEGIN:VEVENT")
        w("CLASS:PUBLIC")
        w(f"CREATED:{stamp(created)}Z")
        text, html = self.description(summary, teams) if organizer else ("", None)
        w(f"DESCRIPTION:{escape(text)}")
        if all_day:
            w(f"DTEND;VALUE=DATE:{end:%Y%m%d}")
        elif duration:
            pass
        else:
            w(dt_prop("DTEND", end, tzid))
        w(f"DTSTAMP:{stamp(created + timedelta(days=1))}Z")
        if all_day:
            w(f"DTSTART;VALUE=DATE:{start:%Y%m%d}")
        else:
            w(dt_prop("DTSTART", start, tzid))
        if duration:
            w(f"DURATION:{duration}")
        for t in exdates:
            w(dt_prop("EXDATE", t, tzid))
        w(f"LAST-MODIFIED:{stamp(created + timedelta(days=1))}Z")
        w(f"LOCATION:{escape(rng.choice(ROOMS)) if organizer else ''}")
        if organizer:
            w(f'ORGANIZER;CN="{organizer[0]}":mailto:{organizer[1]}')
        for name, email, partstat in attendees:
            params = f'CN="{name}";RSVP=TRUE'
            if partstat:
                params = f"{params};PARTSTAT={partstat}"
            w(f"ATTENDEE;{params}:mailto:{email}")
        w("PRIORITY:5")
        if recurrence_id is not None:
            w(dt_prop("RECURRENCE-ID", recurrence_id, tzid))
        if rrule:
            w(f"RRULE:{rrule}")
        w(f"SEQUENCE:{1 if recurrence_id else 0}")
        if status:
            w(f"STATUS:{status}")
        w(f"SUMMARY;LANGUAGE=en-us:{escape(summary)}")
        w(f"TRANSP:{'TRANSPARENT' if transparent else 'OPAQUE'}")
        w(f"UID:{uid}")
        if html:
            w(f"X-ALT-DESC;FMTTYPE=text/html:{escape(html)}")
        w(f"X-MICROSOFT-CDO-BUSYSTATUS:{'FREE' if transparent else 'BUSY'}")
        w("X-MICROSOFT-CDO-IMPORTANCE:1")
        if all_day:
            w("X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")
        w("X-MICROSOFT-DISALLOW-COUNTER:FALSE")
        w("X-MS-OLK-AUTOFILLLOCATION:FALSE")
        w(f"X-MS-OLK-CONFTYPE:{1 if teams else 0}")
        if organizer and not transparent:
            w("BEGIN:VALARM")
            w("TRIGGER:-PT15M")
            w("ACTION:DISPLAY")
            w("DESCRIPTION:Reminder")
            w("END:VALARM")
        w("END:VEVENT")

    def invitees(self, n: int, organizer_is_me: bool) -> list[tuple[str, str, str]]:
        people = [self.person() for _ in range(n)]
        if organizer_is_me:
            return [(name, email, "") for name, email in people]
        r = self.rng.random()
        mine = "DECLINED" if r < 0.08 else "TENTATIVE" if r < 0.13 else "ACCEPTED"
        return [(ME[0], ME[1], mine)] + [(name, email, "") for name, email in people]


def weekly_instances(first: datetime, weekdays: set[int], interval: int, last: date, count: int | None):
    """The wall times of a weekly series (Monday week start), as an RRULE
    with BYDAY and INTERVAL gives them."""
    out = []
    week0 = first.date() - timedelta(days=first.weekday())
    day = first.date()
    while day <= last and (count is None or len(out) < count):
        weeks = (day - timedelta(days=day.weekday()) - week0).days // 7
        if weeks % interval == 0 and day.weekday() in weekdays:
            out.append(datetime.combine(day, first.time()))
        day += timedelta(days=1)
    return out


BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def series(w: Writer, year: int, summary: str, tzid: str, weekdays: set[int], hour: float,
           minutes: int, interval: int = 1, count: int | None = None, attendees: int = 1,
           organizer_is_me: bool = True, moved: int = 4, cancelled: int = 1, excluded: int = 2,
           teams: bool = True):
    """One weekly series of `year` with moved, cancelled and excluded instances."""
    rng = w.rng
    jan = date(year, 1, 4)
    first_day = jan + timedelta(days=(min(weekdays) - jan.weekday()) % 7 + 7 * rng.randint(0, 1))
    first = datetime.combine(first_day, time(int(hour), int(hour * 60) % 60))
    last = date(year, 12, 18)
    instances = weekly_instances(first, weekdays, interval, last, count)
    rule = "FREQ=WEEKLY;"
    rule += f"COUNT={count};" if count else f"UNTIL={until_utc(instances[-1], tzid)};"
    rule += f"INTERVAL={interval};BYDAY={','.join(BYDAY[d] for d in sorted(weekdays))};WKST=MO"
    uid = w.uid()
    me_org = organizer_is_me
    organizer = ME if me_org else w.person()
    people = w.invitees(attendees, me_org)
    picks = rng.sample(instances[1:], min(len(instances) - 1, moved + cancelled + excluded))
    moves, cancels, excludes = picks[:moved], picks[moved:moved + cancelled], picks[moved + cancelled:]
    w.event(uid=uid, summary=summary, start=first, end=first + timedelta(minutes=minutes), tzid=tzid,
            organizer=organizer, attendees=people, rrule=rule, exdates=sorted(excludes), teams=teams)
    for original in sorted(moves):
        shift = rng.choice((timedelta(days=1), timedelta(hours=2), timedelta(hours=-1), timedelta(days=-1)))
        start = original + shift
        w.event(uid=uid, summary=summary, start=start, end=start + timedelta(minutes=rng.choice((minutes, 30, 45))),
                tzid=tzid, organizer=organizer, attendees=people, recurrence_id=original, teams=teams)
    for original in cancels:
        w.event(uid=uid, summary=f"Canceled: {summary}", start=original, end=original + timedelta(minutes=minutes),
                tzid=tzid, organizer=organizer, attendees=people, recurrence_id=original, status="CANCELLED")


def one_offs(w: Writer, day: date, per_day: float):
    rng = w.rng
    n = max(0, round(rng.gauss(per_day, 2)))
    for _ in range(n):
        r = rng.random()
        tzid = (
            "W. Europe Standard Time" if r < 0.70 else
            "Europe/Berlin" if r < 0.78 else
            "UTC" if r < 0.84 else
            "Pacific Standard Time" if r < 0.90 else
            "Eastern Standard Time" if r < 0.95 else
            "GMT Standard Time"
        )
        # daytime in the event's zone, clear of DST changes (at night)
        start = datetime.combine(day, time(rng.randint(7, 18), rng.choice((0, 15, 30, 45))))
        minutes = rng.choice((15, 30, 30, 45, 60, 60, 60, 90, 120))
        kind = rng.random()
        if kind < 0.22:
            w.event(uid=w.uid(), summary=w.fill(rng.choice(SOLO_TITLES)), start=start,
                    end=start + timedelta(minutes=minutes), tzid=tzid)
        elif kind < 0.30:
            w.event(uid=w.uid(), summary="Lunch", start=datetime.combine(day, time(12, 30)),
                    end=datetime.combine(day, time(13, 30)), tzid="W. Europe Standard Time", transparent=True)
        elif kind < 0.32:
            w.event(uid=w.uid(), summary=w.fill(rng.choice(MEETING_TITLES)), start=start, end=None,
                    tzid=tzid, organizer=w.person(), attendees=w.invitees(3, False),
                    duration=f"PT{minutes // 60}H{minutes % 60}M" if minutes >= 60 else f"PT{minutes}M")
        else:
            me_org = rng.random() < 0.4
            status = "CANCELLED" if rng.random() < 0.03 else None
            w.event(uid=w.uid(), summary=w.fill(rng.choice(MEETING_TITLES)), start=start,
                    end=start + timedelta(minutes=minutes), tzid=tzid,
                    organizer=ME if me_org else w.person(),
                    attendees=w.invitees(rng.randint(1, 8), me_org), status=status,
                    teams=rng.random() < 0.75)


def year_of(w: Writer, year: int, per_day: float):
    rng = w.rng
    reports = rng.randint(6, 9)
    for _ in range(reports):
        name = w.person()[0]
        series(w, year, f"1:1 Ada / {name.split()[0]}", "W. Europe Standard Time", {rng.randint(0, 4)},
               rng.choice((9, 10, 11, 14, 15, 16)) + rng.choice((0, 0.5)), 30, moved=6, cancelled=1, excluded=3)
    series(w, year, "Team standup", "W. Europe Standard Time", {0, 1, 2, 3, 4}, 9.25, 15, count=235,
           attendees=8, moved=3, cancelled=2, excluded=8)
    series(w, year, "Team sync", "W. Europe Standard Time", {0}, 10, 60, attendees=9, moved=4, excluded=2)
    series(w, year, "Sprint planning", "W. Europe Standard Time", {1}, 13, 120, interval=2, attendees=9)
    series(w, year, "Retrospective", "W. Europe Standard Time", {3}, 15, 60, interval=2, count=24, attendees=9)
    series(w, year, "Engineering staff meeting", "Pacific Standard Time", {2}, 8, 60, attendees=12,
           organizer_is_me=False, moved=3)
    series(w, year, "Bengaluru sync", "India Standard Time", {0, 2}, 14, 30, attendees=4, moved=3)
    series(w, year, "Partner sync (NYC)", "Eastern Standard Time", {4}, 10, 45, interval=2, attendees=3,
           organizer_is_me=False)
    series(w, year, "Sydney sync", "Customized Time Zone", {3}, 8, 60, attendees=3, moved=2)
    series(w, year, "Focus time", "W. Europe Standard Time", {1, 3}, 8, 90, attendees=0, teams=False,
           moved=5, cancelled=0, excluded=6)
    # monthly and yearly rituals
    w.event(uid=w.uid(), summary="Budget review (London)", start=datetime(year, 1, 15, 9), end=datetime(year, 1, 15, 10),
            tzid="GMT Standard Time", organizer=w.person(), attendees=w.invitees(4, False),
            rrule="FREQ=MONTHLY;COUNT=12;BYMONTHDAY=15", teams=True)
    first_thursday = date(year, 1, 31) - timedelta(days=(date(year, 1, 31).weekday() - 3) % 7)
    w.event(uid=w.uid(), summary="Leads retro", start=datetime.combine(first_thursday, time(16)),
            end=datetime.combine(first_thursday, time(17)), tzid="W. Europe Standard Time", organizer=ME,
            attendees=w.invitees(5, True), rrule=f"FREQ=MONTHLY;UNTIL={year}1231T230000Z;BYDAY=TH;BYSETPOS=-1",
            teams=True)
    # vacations: two or three blocks of all-day OOO
    for _ in range(rng.randint(2, 3)):
        begin = date(year, rng.randint(1, 12), rng.randint(1, 20))
        w.event(uid=w.uid(), summary="Out of office", start=datetime.combine(begin, time()),
                end=datetime.combine(begin + timedelta(days=rng.randint(3, 10)), time()), tzid="", all_day=True,
                transparent=rng.random() < 0.5)
    # an offsite: longer than 12 h
    off = date(year, rng.randint(3, 10), rng.randint(1, 25))
    w.event(uid=w.uid(), summary="Team offsite", start=datetime.combine(off, time(8)),
            end=datetime.combine(off, time(22)), tzid="W. Europe Standard Time", organizer=ME,
            attendees=w.invitees(9, True), teams=False)
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5:
            one_offs(w, day, per_day)
        day += timedelta(days=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="where to write the .ics")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events-per-day", type=float, default=6.3,
                        help="one-off events per working day (6.3 → about 50 MB)")
    parser.add_argument("--years", type=int, default=YEARS)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        w = Writer(out, rng)
        for line in (
            "BEGIN:VCALENDAR",
            "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
            "VERSION:2.0",
            "METHOD:PUBLISH",
            f"X-CALSTART:{FIRST_YEAR}0101T000000Z",
            f"X-CALEND:{FIRST_YEAR + args.years}0101T000000Z",
            "X-WR-RELCALID:{0000002E-3AF1-77D4-5C7A-16F1A8A0C5E2}",
            "X-WR-CALNAME:Calendar",
            "X-PRIMARY-CALENDAR:TRUE",
            f'X-OWNER;CN="{ME[0]}":mailto:{ME[1]}',
        ):
            w.write(line)
        out.write(VTIMEZONES.replace("\n", "\r\n"))
        # Unbounded series, created in the first year: only the window limits them.
        w.event(uid=w.uid(), summary="Engineering all-hands", start=datetime(FIRST_YEAR, 1, 6, 17),
                end=datetime(FIRST_YEAR, 1, 6, 18), tzid="W. Europe Standard Time", organizer=w.person(),
                attendees=w.invitees(30, False), rrule="FREQ=MONTHLY;BYDAY=1WE", teams=True)
        w.event(uid=w.uid(), summary="Performance calibration", start=datetime(FIRST_YEAR, 11, 8, 9),
                end=datetime(FIRST_YEAR, 11, 8, 12), tzid="Europe/Berlin", organizer=w.person(),
                attendees=w.invitees(6, False), rrule="FREQ=YEARLY;BYMONTH=11;BYDAY=2TU", teams=True)
        w.event(uid=w.uid(), summary="Grace's birthday", start=datetime(FIRST_YEAR, 7, 9), end=datetime(FIRST_YEAR, 7, 10),
                tzid="", all_day=True, rrule="FREQ=YEARLY", transparent=True)
        for year in range(FIRST_YEAR, FIRST_YEAR + args.years):
            year_of(w, year, args.events_per_day)
        w.write("END:VCALENDAR")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generates a large org for benchmarking `twohats report`: a config with
N managers (default 500), each with a calendar export (.ics) and a
`git log` text covering W weeks (default 52), deterministically (the same
seed gives byte-identical files).

    scripts/generate_org.py [--out DIR] [--managers 500] [--weeks 52]
                            [--last-week-monday 2026-11-16] [--seed 5]
                            [--density light|heavy]

Writes DIR/twohats.toml, DIR/mNNN/calendar.ics and DIR/mNNN/git.log, and
prints the `twohats report` command to run against them. To measure time
and peak memory, run that command (a release build) under
`/usr/bin/time -v`; `cargo bench --bench report_folder` times the report
folder's own parts on generated figures. DIR defaults to
twohats-org-N under the system's temporary folder; the files are for
measuring and are not meant to be committed.

What a manager's calendar holds, per week: a daily stand-up (recurring,
with a few EXDATEs and a moved occurrence), a 1:1 series per direct report,
a fortnightly sprint planning, focus-time blocks, and single events
(interviews, design reviews, incidents, lunches, an all-day offsite now and
then, a declined and a cancelled meeting). Git: bursts of commits on up to
four days a week (none for some managers), some in the evening.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benches", "calendar"))
import generate_dense  # noqa: E402

ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo",
         "Europe/Helsinki", "America/Los_Angeles"]
FIRST = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis",
         "Frances", "Alan", "Radia", "Edsger", "Katherine", "Donald", "Shafi",
         "Tony", "Sophie", "John", "Hedy", "Niklaus", "Jean"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton",
        "Ritchie", "Allen", "Turing", "Perlman", "Dijkstra", "Johnson",
        "Knuth", "Goldwasser", "Hoare", "Wilson", "Backus", "Lamarr", "Wirth",
        "Sammet", "Kay"]
SINGLE_TITLES = ["Interview: backend candidate", "Design review: billing",
                 "Incident review", "Roadmap sync", "Hiring debrief",
                 "Architecture RFC discussion", "Customer call",
                 "Quarterly planning", "Perf review calibration",
                 "Lunch", "Doctor", "Mentoring session", "Budget meeting"]
DAYS = ["MO", "TU", "WE", "TH", "FR"]


def ics_time(t):
    return t.strftime("%Y%m%dT%H%M%S")


def event(lines, uid, start, minutes, title, zone, attendees=(), extra=()):
    end = start + dt.timedelta(minutes=minutes)
    lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z",
              f"DTSTART;TZID={zone}:{ics_time(start)}",
              f"DTEND;TZID={zone}:{ics_time(end)}", f"SUMMARY:{title}"]
    lines += list(extra)
    for a in attendees:
        lines.append(f"ATTENDEE;CN={a[0]};PARTSTAT={a[2]}:mailto:{a[1]}")
    lines.append("END:VEVENT")


def calendar(rng, m, first_monday, weeks):
    me = (m["name"], m["email"], "ACCEPTED")
    zone = m["zone"]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//twohats//generate_org//EN",
             f"X-WR-CALNAME:{m['name']}"]
    start = dt.datetime.combine(first_monday, dt.time(9, 30))
    until = first_monday + dt.timedelta(weeks=weeks)
    team = [(f"Report {i}", f"{m['slug']}.r{i}@example.com", "ACCEPTED")
            for i in range(m["reports"])]
    # Daily stand-up, with holidays removed and one occurrence moved.
    exdates = sorted({first_monday + dt.timedelta(days=rng.randrange(weeks * 7))
                      for _ in range(6)})
    exdates = [d for d in exdates if d.weekday() < 5]
    extra = [f"RRULE:FREQ=WEEKLY;BYDAY={','.join(DAYS)};UNTIL={until:%Y%m%d}T000000Z"]
    extra += [f"EXDATE;TZID={zone}:{ics_time(dt.datetime.combine(d, dt.time(9, 30)))}"
              for d in exdates]
    event(lines, f"standup-{m['slug']}", start, 15, "Team standup", zone,
          [me] + team[:6], extra)
    moved = dt.datetime.combine(first_monday + dt.timedelta(days=rng.randrange(weeks) * 7 + 2),
                                dt.time(9, 30))
    event(lines, f"standup-{m['slug']}", moved + dt.timedelta(hours=1), 15,
          "Team standup", zone, [me] + team[:6],
          [f"RECURRENCE-ID;TZID={zone}:{ics_time(moved)}"])
    # A weekly 1:1 per direct report.
    for i, person in enumerate(team):
        day = i % 5
        hour = 10 + (i // 5) % 6
        first = dt.datetime.combine(first_monday + dt.timedelta(days=day), dt.time(hour, 0))
        event(lines, f"1on1-{m['slug']}-{i}", first, 30, f"1:1 {person[0]}", zone,
              [me, person], [f"RRULE:FREQ=WEEKLY;COUNT={weeks}"])
    # Fortnightly sprint planning, unbounded (expanded only inside the weeks asked for).
    event(lines, f"planning-{m['slug']}", dt.datetime.combine(first_monday, dt.time(14, 0)),
          90, "Sprint planning", zone, [me] + team, ["RRULE:FREQ=WEEKLY;INTERVAL=2"])
    # Focus time on zero to two afternoons (the manager's own blocks).
    focus_days = rng.sample(DAYS, rng.choice([0, 1, 1, 2]))
    if focus_days:
        event(lines, f"focus-{m['slug']}",
              dt.datetime.combine(first_monday, dt.time(15, 0)), 120, "Focus time", zone, (),
              [f"RRULE:FREQ=WEEKLY;BYDAY={','.join(focus_days)};"
               f"COUNT={weeks * len(focus_days)}"])
    # Single events.
    n = 0
    for week in range(weeks):
        monday = first_monday + dt.timedelta(weeks=week)
        for _ in range(rng.randrange(8, 18)):
            n += 1
            day = monday + dt.timedelta(days=rng.randrange(5))
            t = dt.datetime.combine(day, dt.time(rng.randrange(9, 17), rng.choice([0, 30])))
            title = rng.choice(SINGLE_TITLES)
            guests = [me] + rng.sample(team, min(len(team), rng.randrange(0, 4)))
            extra = []
            roll = rng.random()
            if roll < 0.04:
                guests[0] = (me[0], me[1], "DECLINED")
            elif roll < 0.07:
                extra.append("STATUS:CANCELLED")
            elif roll < 0.10:
                guests[0] = (me[0], me[1], "TENTATIVE")
            event(lines, f"single-{m['slug']}-{n}", t, rng.choice([30, 45, 60, 90]),
                  title, zone, guests + [("Guest", f"guest{n % 50}@example.org", "ACCEPTED")],
                  extra)
        if rng.random() < 0.08:
            n += 1
            lines += ["BEGIN:VEVENT", f"UID:offsite-{m['slug']}-{n}", "DTSTAMP:20261101T000000Z",
                      f"DTSTART;VALUE=DATE:{monday + dt.timedelta(days=3):%Y%m%d}",
                      f"DTEND;VALUE=DATE:{monday + dt.timedelta(days=5):%Y%m%d}",
                      "SUMMARY:Team offsite", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def git_log(rng, m, first_monday, weeks, offset_hours):
    # Newest first, as `git log` prints.
    commits = []
    # How much this manager codes: some hardly, some a lot.
    appetite = rng.choice([0, 0.3, 0.6, 1.0, 1.5, 2.5])
    for week in range(weeks):
        monday = first_monday + dt.timedelta(weeks=week)
        if appetite == 0:
            continue
        for day in rng.sample(range(5), min(4, rng.randrange(0, 3) + int(appetite))):
            burst = max(1, int(rng.randrange(1, 6) * appetite))
            hour = rng.choice([11, 14, 16, 20])
            t = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, 0))
            for _ in range(burst):
                t += dt.timedelta(minutes=rng.randrange(5, 50))
                commits.append(t)
    commits.sort()
    out = []
    sign = "+" if offset_hours >= 0 else "-"
    offset = f"{sign}{abs(offset_hours):02d}00"
    for i, t in enumerate(reversed(commits)):
        digest = "%040x" % rng.getrandbits(160)
        out.append(f"commit {digest}")
        if i % 97 == 3:
            out.append(f"Merge: {digest[:7]} {digest[7:14]}")
        out.append(f"Author: {m['name']} <{m['email']}>")
        out.append(f"Date:   {t:%a %b %-d %H:%M:%S %Y} {offset}")
        out.append("")
        out.append(f"    Change {len(commits) - i} of {m['slug']}")
        out.append("")
    return "\n".join(out) + "\n" if out else ""


# Standard offsets of the zones above (good enough for generated commits;
# the calendar times carry real TZIDs).
OFFSETS = {"Europe/Berlin": 1, "Europe/London": 0, "America/New_York": -5,
           "Asia/Tokyo": 9, "Europe/Helsinki": 2, "America/Los_Angeles": -8}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--managers", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--last-week-monday", default="2026-11-16",
                        help="Monday of the last generated week")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out")
    parser.add_argument("--density", choices=["light", "heavy"], default="light",
                        help="heavy: each calendar ~450 KB of 2016 in Outlook's style "
                             "(benches/calendar/generate_dense.py, one year, "
                             "Windows TZIDs, series re-planned, overrides); "
                             "--weeks and --last-week-monday are then 52 and 2016-12-26")
    args = parser.parse_args()
    if args.density == "heavy":
        args.weeks, args.last_week_monday = 52, "2016-12-26"
    out = args.out or os.path.join(tempfile.gettempdir(), f"twohats-org-{args.managers}")
    last = dt.date.fromisoformat(args.last_week_monday)
    if last.weekday() != 0:
        parser.error("--last-week-monday must be a Monday")
    first_monday = last - dt.timedelta(weeks=args.weeks - 1)
    rng = random.Random(args.seed)
    os.makedirs(out, exist_ok=True)
    config = ["# Generated by scripts/generate_org.py: a made-up org for benchmarks.",
              'timezone = "Europe/Berlin"', ""]
    total_bytes = 0
    for i in range(args.managers):
        slug = f"m{i:03d}"
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i // 420 + 1}"
        m = {"slug": slug, "name": name, "email": f"{slug}@example.com",
             "reports": rng.randrange(0, 16), "zone": rng.choice(ZONES)}
        os.makedirs(os.path.join(out, slug), exist_ok=True)
        if args.density == "heavy":
            # A year of a dense Outlook calendar with this manager's address.
            m["zone"] = "Europe/Berlin"
            ics = generate_dense.calendar(i, 0.0, 1).replace(generate_dense.ME, m["email"])
        else:
            ics = calendar(rng, m, first_monday, args.weeks)
        log = git_log(rng, m, first_monday, args.weeks, OFFSETS[m["zone"]])
        # A manager who does not code has no git log to give.
        files = [("calendar.ics", ics)] + ([("git.log", log)] if log.strip() else [])
        for file, text in files:
            with open(os.path.join(out, slug, file), "w", newline="") as f:
                f.write(text)
            total_bytes += len(text)
        config += ["[[manager]]", f'name = "{name}"', f'emails = ["{m["email"]}"]',
                   f"reports = {m['reports']}", f'timezone = "{m["zone"]}"',
                   f'calendars = ["{slug}/calendar.ics"]']
        if log.strip():
            config.append(f'git_logs = ["{slug}/git.log"]')
        config.append("")
    with open(os.path.join(out, "twohats.toml"), "w") as f:
        f.write("\n".join(config))
    first_day = first_monday.isoformat()
    last_day = (last + dt.timedelta(days=6)).isoformat()
    today = (last + dt.timedelta(days=8)).isoformat()
    print(f"wrote {args.managers} managers x {args.weeks} weeks to {out} "
          f"({total_bytes / 1048576:.1f} MiB of calendars and git logs)")
    print("run:")
    print(f"  twohats report --config {out}/twohats.toml --from {first_day} --to {last_day} "
          f"--today {today} --out {out}-report")


if __name__ == "__main__":
    main()

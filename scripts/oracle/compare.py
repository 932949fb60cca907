#!/usr/bin/env python3
"""Compare twohats' calendar occurrences with an independent implementation.

The oracle is the Python stack `icalendar` + `recurring-ical-events` (which
applies `x-wr-timezone` itself). For every calendar in a manifest (default:
fixtures/oracle/calendars.toml) both expand the same window in the same
manager's zone; occurrences are matched exactly on (UID, start, end) in UTC.

Install the oracle once (any virtualenv will do):

    python3 -m venv ~/.cache/twohats-oracle-venv
    ~/.cache/twohats-oracle-venv/bin/pip install -r scripts/oracle/requirements.txt

Run from the repository root:

    ~/.cache/twohats-oracle-venv/bin/python scripts/oracle/compare.py

It builds the `occurrences` example (debug unless --release) and prints, per
calendar and overall, how many occurrences agree and every one that does not.
A second table checks the drop decisions (cancelled, declined, shown as free,
all-day, too long) against what docs/model.md says of the oracle's instance.
Exit status: 0 when everything agrees, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import io
import json
import multiprocessing
import os
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

try:
    import icalendar
    import recurring_ical_events
except ImportError:  # say how to get the oracle rather than a traceback
    sys.exit(
        "the oracle needs icalendar, recurring-ical-events and x-wr-timezone:\n"
        "  pip install -r scripts/oracle/requirements.txt"
    )

REPO = Path(__file__).resolve().parents[2]
DEFAULT_MANIFEST = REPO / "fixtures" / "oracle" / "calendars.toml"
MAX_EVENT_HOURS = 12.0  # the default `max_event_hours` (docs/model.md, step 2)


@dataclass(frozen=True, order=True)
class Instance:
    uid: str
    start: datetime  # UTC
    end: datetime  # UTC


@dataclass
class Found:
    instance: Instance
    title: str
    all_day: bool
    # twohats: the reason it gave; oracle: every reason docs/model.md gives.
    dropped: set[str] = field(default_factory=set)
    where: str = ""


# --------------------------------------------------------------------- oracle


def calendars_in(path: Path) -> list[tuple[str, bytes]]:
    """The .ics texts in a file, a folder (recursively) or a Google zip."""
    if path.is_dir():
        return [
            (str(p), p.read_bytes())
            for p in sorted(path.rglob("*"))
            if p.suffix.lower() == ".ics" and p.is_file()
        ]
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            return [
                (f"{path}/{name}", z.read(name))
                for name in sorted(z.namelist())
                if name.lower().endswith(".ics")
            ]
    return [(str(path), path.read_bytes())]


def to_utc(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A DTSTART/DTEND value as a UTC instant: dates are the manager's-zone
    midnight, floating times are in the manager's zone."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(timezone.utc)


def address(value) -> str:
    text = str(value).strip().lower()
    return text[len("mailto:") :] if text.startswith("mailto:") else text


def spec_drop_reasons(event, me: set[str], all_day: bool, hours: float) -> set[str]:
    """Every reason docs/model.md, step 2, gives to drop this instance (with the
    default options: tentative counts, transparent does not)."""
    reasons = set()
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        reasons.add("cancelled")
    if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        reasons.add("shown as free")
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        if address(attendee) in me:
            if str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED":
                reasons.add("declined")
    if all_day:
        reasons.add("all-day")
    elif hours > MAX_EVENT_HOURS:
        reasons.add("longer than max_event_hours")
    return reasons


def oracle(path: Path, zone: ZoneInfo, lo: datetime, hi: datetime, me: set[str]):
    found: list[Found] = []
    for name, text in calendars_in(path):
        cal = icalendar.Calendar.from_ical(text)
        # recurring-ical-events fails the whole file on a VEVENT without
        # DTSTART (skip_bad_series does not cover it): drop those, as
        # twohats skips them with a warning.
        cal.subcomponents = [
            c for c in cal.subcomponents if c.name != "VEVENT" or "DTSTART" in c
        ]
        # Like twohats, skip a broken event rather than the whole file.
        query = recurring_ical_events.of(cal, skip_bad_series=True)
        # A day of margin each side, then the model's overlap rule below, so
        # the two libraries' window edges cannot differ.
        for event in query.between(lo - timedelta(days=1), hi + timedelta(days=1)):
            start_value = event.start
            end_value = event.end
            all_day = not isinstance(start_value, datetime)
            start = to_utc(start_value, zone)
            end = to_utc(end_value, zone)
            if not overlaps(start, end, lo, hi):
                continue
            hours = (end - start).total_seconds() / 3600
            found.append(
                Found(
                    Instance(str(event.get("UID", "")), start, end),
                    str(event.get("SUMMARY", "")),
                    all_day,
                    spec_drop_reasons(event, me, all_day, hours),
                    name,
                )
            )
    return found


def oracle_in_fresh_process(path, zone, lo, hi, me):
    """icalendar caches the zones of VTIMEZONE blocks process-wide by TZID,
    so a second file's "Customized Time Zone" would get the first file's
    rules: each calendar gets an interpreter of its own."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(oracle, path, zone, lo, hi, me).result()


def overlaps(start: datetime, end: datetime, lo: datetime, hi: datetime) -> bool:
    if start == end:  # zero length: inside when its instant is
        return lo <= start < hi
    return start < hi and end > lo


# -------------------------------------------------------------------- twohats


def build_example(release: bool) -> Path:
    profile = ["--release"] if release else []
    subprocess.run(
        ["cargo", "build", "--quiet", "--example", "occurrences", *profile],
        cwd=REPO,
        check=True,
    )
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps"],
            cwd=REPO,
            check=True,
            capture_output=True,
        ).stdout
    )
    folder = "release" if release else "debug"
    return Path(meta["target_directory"]) / folder / "examples" / "occurrences"


def twohats(exe: Path, path: Path, tz: str, first: date, last: date, me: list[str]):
    args = [str(exe), "--tz", tz, "--from", str(first), "--to", str(last)]
    for m in me:
        args += ["--me", m]
    run = subprocess.run(args + [str(path)], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip() or f"exit status {run.returncode}")
    found = []
    for line in run.stdout.splitlines():
        o = json.loads(line)
        found.append(
            Found(
                Instance(o["uid"], parse_utc(o["start"]), parse_utc(o["end"])),
                o["title"],
                o["all_day"],
                {o["dropped"]} if o["dropped"] else set(),
                f'{o["file"]}:{o["line"]}',
            )
        )
    warnings = [l for l in run.stderr.splitlines() if l.startswith("warning:")]
    return found, warnings


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


# ----------------------------------------------------------------- comparison


def fmt(i: Instance, zone: ZoneInfo) -> str:
    s = i.start.astimezone(zone)
    e = i.end.astimezone(zone)
    return f"{s:%Y-%m-%d %H:%M%z} → {e:%Y-%m-%d %H:%M%z}"


def compare(name: str, ours: list[Found], theirs: list[Found], zone: ZoneInfo, out):
    """Prints the disagreements; returns (matched, ours, theirs, drop_ok, drop_n)."""
    left = collections.Counter(f.instance for f in ours)
    right = collections.Counter(f.instance for f in theirs)
    matched = sum((left & right).values())
    only_ours = left - right
    only_theirs = right - left

    by_uid: dict[str, list[tuple[str, Instance]]] = collections.defaultdict(list)
    for i in only_ours.elements():
        by_uid[i.uid].append(("twohats only", i))
    for i in only_theirs.elements():
        by_uid[i.uid].append(("oracle only ", i))
    titles = {f.instance.uid: f.title for f in ours + theirs}
    for uid in sorted(by_uid):
        out.write(f"  ✗ {uid}  {titles.get(uid, '')!r}\n")
        for side, i in sorted(by_uid[uid], key=lambda p: (p[1].start, p[0])):
            out.write(f"      {side}  {fmt(i, zone)}\n")

    # Drop decisions, on the instances both found.
    oracle_reasons = {}
    for f in theirs:
        oracle_reasons.setdefault(f.instance, f.dropped)
    drop_ok = drop_n = 0
    for f in ours:
        if f.instance not in oracle_reasons:
            continue
        expected = oracle_reasons[f.instance]
        drop_n += 1
        ours_reason = next(iter(f.dropped), None)
        if (ours_reason is None and not expected) or ours_reason in expected:
            drop_ok += 1
        else:
            out.write(
                f"  ✗ drop {f.instance.uid} {fmt(f.instance, zone)} {f.title!r}: "
                f"twohats {ours_reason or 'kept'}, model on the oracle's instance "
                f"{' or '.join(sorted(expected)) or 'kept'}\n"
            )
    return matched, len(ours), len(theirs), drop_ok, drop_n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--release", action="store_true", help="build the example in release")
    parser.add_argument("--exe", type=Path, help="a built `occurrences` example to use as is")
    parser.add_argument(
        "--oracle-only", action="store_true", help="only list the oracle's occurrences"
    )
    parser.add_argument("--ics", type=Path, help="compare on this calendar instead of the manifest's")
    parser.add_argument("--tz", default="Europe/Berlin", help="with --ics: the manager's zone")
    parser.add_argument("--from", dest="first", help="with --ics: first day")
    parser.add_argument("--to", dest="last", help="with --ics: last day")
    parser.add_argument("--me", action="append", default=[], help="with --ics: the manager's address")
    parser.add_argument("only", nargs="*", help="only calendars whose file contains one of these")
    args = parser.parse_args()

    if args.ics:
        if not (args.first and args.last):
            parser.error("--ics needs --from and --to")
        entry = {"file": str(args.ics.resolve()), "tz": args.tz, "me": args.me}
        manifest = {"calendar": [{**entry, "from": args.first, "to": args.last}]}
    else:
        manifest = tomllib.loads(args.manifest.read_text())
    exe = None if args.oracle_only else args.exe or build_example(args.release)
    base = args.manifest.parent
    totals = [0, 0, 0, 0, 0]
    raw_totals = [0, 0, 0, 0, 0]
    rows = []
    for entry in manifest["calendar"]:
        if args.only and not any(o in entry["file"] for o in args.only):
            continue
        # relative to where the script runs, so messages name it as a user would
        path = Path(os.path.relpath(base / entry["file"]))
        zone = ZoneInfo(entry["tz"])
        first = date.fromisoformat(str(entry["from"]))
        last = date.fromisoformat(str(entry["to"]))
        lo = to_utc(first, zone)
        hi = to_utc(last + timedelta(days=1), zone)
        me = [address(m) for m in entry.get("me", [])]
        print(f"{entry['file']}  ({entry['tz']}, {first} … {last})")
        report = io.StringIO()
        try:
            theirs = oracle_in_fresh_process(path, zone, lo, hi, set(me))
        except Exception as e:  # the oracle refusing a file is a finding too
            print(f"  oracle failed: {type(e).__name__}: {e}")
            rows.append((entry["file"], None, None))
            continue
        if exe is None:
            for f in sorted(theirs, key=lambda f: f.instance.start):
                drop = ", ".join(sorted(f.dropped)) or "kept"
                print(f"  {fmt(f.instance, zone)}  {f.title!r}  [{drop}]")
            continue
        try:
            ours, warnings = twohats(exe, path, entry["tz"], first, last, me)
        except RuntimeError as e:
            print(f"  twohats failed: {e}")
            rows.append((entry["file"], None, None))
            continue
        for w in warnings:
            print(f"  {w}")
        raw = compare(entry["file"], ours, theirs, zone, io.StringIO())
        theirs = correct(theirs, manifest.get("correction", []), entry["file"], sys.stdout)
        counts = compare(entry["file"], ours, theirs, zone, report)
        sys.stdout.write(report.getvalue())
        if not entry.get("in_overall", True):
            rows.append((entry["file"] + " (*)", counts, raw))
            continue
        rows.append((entry["file"], counts, raw))
        totals = [a + b for a, b in zip(totals, counts)]
        raw_totals = [a + b for a, b in zip(raw_totals, raw)]

    print()
    print("agree = occurrences equal on (UID, start, end) / all distinct ones;")
    print("raw = before the manifest's hand corrections of the oracle, each explained there")
    print(f"{'calendar':<44} {'twohats':>7} {'oracle':>7} {'match':>6} {'agree':>7} {'raw':>7} {'drops':>9}")
    for file, counts, raw in rows:
        if counts is None:
            print(f"{file:<44} {'failed':>7}")
            continue
        print(row(file, counts, raw))
    print(row("overall", totals, raw_totals))
    if any(file.endswith("(*)") for file, _, _ in rows):
        print("(*) broken or invalid input, where the model (docs/model.md) decides rather than the oracle: not in overall")
    failed = any(c is None for _, c, _ in rows)
    matched, ours, theirs, drop_ok, drop_n = totals
    return 0 if not failed and matched == ours == theirs and drop_ok == drop_n else 1


def rate(matched: int, ours: int, theirs: int) -> float:
    union = ours + theirs - matched
    return 100.0 * matched / union if union else 100.0


def row(name: str, counts, raw) -> str:
    matched, ours, theirs, drop_ok, drop_n = counts
    return (
        f"{name:<44} {ours:>7} {theirs:>7} {matched:>6} {rate(*counts[:3]):>6.1f}% "
        f"{rate(*raw[:3]):>6.1f}% {drop_ok:>4}/{drop_n:<4}"
    )


def correct(found: list[Found], corrections: list[dict], file: str, out) -> list[Found]:
    """Replaces the oracle's instances that the manifest shows to be wrong by
    the hand-written ones, saying so."""
    for c in corrections:
        if c["file"] != file:
            continue
        right = Instance(c["uid"], parse_utc(c["expected"][0]), parse_utc(c["expected"][1]))
        if not c["oracle"]:  # an instance the oracle misses
            found.append(Found(right, c.get("title", ""), False, set(c.get("dropped", [])), file))
            out.write(f"  ~ oracle corrected by hand: {c['uid']} missing → {c['expected']}\n")
            continue
        wrong = Instance(c["uid"], parse_utc(c["oracle"][0]), parse_utc(c["oracle"][1]))
        hits = [f for f in found if f.instance == wrong]
        if not hits:
            out.write(f"  ! correction for {c['uid']} {c['oracle']} did not apply: the oracle changed?\n")
        for f in hits:
            f.instance = right
            out.write(f"  ~ oracle corrected by hand: {c['uid']} {c['oracle']} → {c['expected']}\n")
    return found


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Calendar benchmark: twohats against the Python stack, side by side, on the
same generated ~50 MB Outlook calendar and the same 10-year window.

    python3 scripts/bench_calendar.py [--python ~/.cache/twohats-oracle-venv/bin/python] [--runs 3]

Generates the calendar (benches/calendar/generate.py, deterministic) into a
cache folder unless it is already there, builds the `occurrences` example in
release, then runs both under /usr/bin/time -v (Debian package `time`) and
prints wall time, MB/s, speed-up, peak memory (maximum resident set size)
and the number of occurrences each found. twohats is run --runs times and
its fastest run is reported; the Python stack (about 50 s) once.

The Python stack is icalendar + recurring-ical-events + x-wr-timezone:
    python3 -m venv ~/.cache/twohats-oracle-venv
    ~/.cache/twohats-oracle-venv/bin/pip install -r scripts/oracle/requirements.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "benches" / "calendar" / "generate.py"
PYTHON_STACK = REPO / "benches" / "calendar" / "python_stack.py"
TZ, FIRST, LAST = "Europe/Berlin", "2016-01-01", "2025-12-31"


def cache_dir() -> Path:
    base = os.environ.get("TWOHATS_BENCH_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "twohats-bench"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def timed(cmd: list[str]) -> dict:
    """Runs cmd under /usr/bin/time -v; its stdout, stderr, wall and CPU
    (user + system) seconds and peak RSS in bytes."""
    run = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{run.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", run.stderr)
    hours, minutes, seconds = wall.groups()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", run.stderr).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", run.stderr).group(1))
    return {
        "cpu": user + system,
        "stdout": run.stdout,
        "stderr": run.stderr,
        "wall": int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds),
        "rss": int(rss.group(1)) * 1024,
    }


def build_example() -> Path:
    """The release `occurrences` example, built where cargo puts it
    (CARGO_TARGET_DIR is honoured)."""
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "occurrences"],
                   cwd=REPO, check=True)
    meta = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                                     cwd=REPO, check=True, capture_output=True).stdout)
    return Path(meta["target_directory"]) / "release" / "examples" / "occurrences"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="a Python with the oracle installed")
    parser.add_argument("--runs", type=int, default=3, help="twohats runs (the fastest is reported)")
    parser.add_argument("--events-per-day", default="6.3", help="passed to the generator")
    parser.add_argument("--exe", type=Path, help="a release `occurrences` example to use as is")
    parser.add_argument("--skip-python", action="store_true", help="only run twohats")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs /usr/bin/time (Debian: apt-get install time)")

    # The file is named by the generator's own content, so a changed
    # generator makes a new file.
    digest = hashlib.sha1(GENERATOR.read_bytes()).hexdigest()[:10]
    ics = cache_dir() / f"calendar-{args.events_per_day}-{digest}.ics"
    if not ics.exists():
        print(f"generating {ics} …", file=sys.stderr)
        tmp = ics.with_suffix(".tmp")
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp),
                        "--events-per-day", args.events_per_day], check=True)
        tmp.rename(ics)
    size = ics.stat().st_size
    mb = size / 1e6

    exe = args.exe or build_example()

    window = ["--tz", TZ, "--from", FIRST, "--to", LAST]
    ours = []
    for _ in range(args.runs):
        r = timed([str(exe), "--summary-only", *window, str(ics)])
        summary = json.loads(r["stderr"].split("summary: ", 1)[1].splitlines()[0])
        r["count"] = summary["occurrences"]
        r["inner"] = summary["elapsed_seconds"]
        ours.append(r)
    best = min(ours, key=lambda r: r["wall"])

    load = os.getloadavg()[0]
    print(f"calendar: {ics} ({mb:.1f} MB), window {FIRST} … {LAST} in {TZ}")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} when twohats ran "
          "(other work on the machine slows both sides)")
    print(f"{'':<30} {'wall s':>8} {'MB/s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'RSS/file':>9} {'occurrences':>12}")
    print(f"{'twohats (release example)':<30} {best['wall']:>8.3f} {mb / best['wall']:>8.1f} {best['cpu']:>8.2f} "
          f"{best['rss'] / 1e6:>12.1f} {best['rss'] / size:>8.2f}x {best['count']:>12}")
    print(f"{'  read() alone':<30} {best['inner']:>8.3f} {mb / best['inner']:>8.1f}")
    print(f"{'  all runs (wall s)':<30} " + " ".join(f"{r['wall']:.3f}" for r in ours))
    if args.skip_python:
        return 0
    theirs = timed([args.python, str(PYTHON_STACK), str(ics), "--tz", TZ, "--from", FIRST, "--to", LAST])
    result = json.loads(theirs["stdout"])
    print(f"{'Python stack':<30} {theirs['wall']:>8.3f} {mb / theirs['wall']:>8.1f} {theirs['cpu']:>8.2f} "
          f"{theirs['rss'] / 1e6:>12.1f} {theirs['rss'] / size:>8.2f}x {result['occurrences']:>12}")
    print(f"speed-up, whole process: {theirs['wall'] / best['wall']:.0f}x in wall time, "
          f"{theirs['cpu'] / best['cpu']:.0f}x in CPU time")
    if result["occurrences"] != best["count"]:
        print(f"note: the two found different numbers of occurrences "
              f"({best['count']} vs {result['occurrences']}): run scripts/oracle/compare.py --ics on the file")
    return 0


if __name__ == "__main__":
    sys.exit(main())

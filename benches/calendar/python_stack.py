#!/usr/bin/env python3
"""The Python side of the calendar benchmark: icalendar + recurring-ical-events
(+ x-wr-timezone, which recurring-ical-events applies itself) parse a file
and expand every occurrence in a window, as twohats' `occurrences` example
does. Prints one JSON line: occurrences found and seconds taken.

    python benches/calendar/python_stack.py FILE --tz Europe/Berlin --from 2016-01-01 --to 2025-12-31
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

try:
    import icalendar
    import recurring_ical_events
except ImportError:
    sys.exit(
        "the Python stack needs icalendar, recurring-ical-events and x-wr-timezone:\n"
        "  pip install -r scripts/oracle/requirements.txt"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--tz", required=True)
    parser.add_argument("--from", dest="first", required=True, type=date.fromisoformat)
    parser.add_argument("--to", dest="last", required=True, type=date.fromisoformat)
    args = parser.parse_args()

    zone = ZoneInfo(args.tz)
    # the same window as the example: --from 00:00 to the day after --to
    lo = datetime.combine(args.first, clock(), zone)
    hi = datetime.combine(args.last + timedelta(days=1), clock(), zone)

    started = time.perf_counter()
    with open(args.file, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    parsed = time.perf_counter()
    occurrences = recurring_ical_events.of(calendar).between(lo, hi)
    count = sum(1 for _ in occurrences)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "occurrences": count,
                "parse_seconds": round(parsed - started, 3),
                "elapsed_seconds": round(done - started, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

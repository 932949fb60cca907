#!/usr/bin/env python3
"""Benchmark: a year of a heavy Microsoft 365 calendar read from Microsoft
Graph on 127.0.0.1.

Serves, in the shape of Graph's `calendarView` (msgraph-metadata v1.0
`event`), a manager's year 2026 of about EVENTS occurrences (default 5,000:
some twenty a working day: weekly 1:1s and stand-ups as series instances,
meetings of 3-12 people, focus blocks, declined and cancelled ones, times in
Windows zones), 100 a page behind `@odata.nextLink`, the token required.
Then times `twohats report` over the year with an empty cache folder (cold:
every page downloaded) and again with `--offline` (the cache alone), each
RUNS times.

Usage: scripts/bench-calendar-api.py [--events 5000] [--runs 3] [--twohats PATH]
Builds twohats in release (CARGO_TARGET_DIR, default
~/.cache/twohats-release) unless --twohats names a binary.
"""

import argparse
import datetime as dt
import http.server
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse

TOKEN = "eyJ0eXAiBenchGraphAccessToken0000"
PEOPLE = [f"p{i}@contoso.com" for i in range(40)]


def events(n):
    """About n Graph events over 2026's working days, in time order."""
    out = []
    days = [dt.date(2026, 1, 5) + dt.timedelta(d) for d in range(357)]
    days = [d for d in days if d.weekday() < 5]
    per_day = max(1, round(n / len(days)))
    for d in days:
        for k in range(per_day):
            i = len(out)
            start = dt.datetime(d.year, d.month, d.day, 8) + dt.timedelta(minutes=30 * k)
            end = start + dt.timedelta(minutes=30 if k % 3 else 60)
            series = f"SERIES{k % 7}" if k % 4 == 0 else None
            people = PEOPLE[(i * 7) % 30:(i * 7) % 30 + 2 + (i % 11)]
            out.append({
                "@odata.etag": f"W/\"DwAAABYAAAAiIsqMbYjsT5e{i}\"",
                "id": f"AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAA{i:08d}AAA=",
                "subject": ["1:1", "Team standup", "Design review", "Focus time", "Sync", "Interview"][k % 6] + f" {i % 50}",
                "categories": [],
                "start": {"dateTime": start.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "W. Europe Standard Time"},
                "end": {"dateTime": end.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "W. Europe Standard Time"},
                "originalStart": None,
                "isAllDay": False,
                "isCancelled": i % 97 == 0,
                "isOrganizer": i % 5 == 0,
                "responseStatus": {"response": "declined" if i % 41 == 0 else "accepted", "time": "2026-01-02T08:00:00Z"},
                "showAs": "busy",
                "type": "occurrence" if series else "singleInstance",
                "seriesMasterId": f"AAMkAGVmMDEzMTM4{series}AAA=" if series else None,
                "location": {"displayName": "", "locationType": "default", "uniqueIdType": "unknown"},
                "attendees": [{"type": "required", "status": {"response": "accepted", "time": "2026-01-02T08:00:00Z"},
                               "emailAddress": {"name": p, "address": p}} for p in ["ada@contoso.com"] + people],
                "organizer": {"emailAddress": {"name": "Ada", "address": "ada@contoso.com" if i % 5 == 0 else people[0]}},
            })
    return out


class Graph(http.server.BaseHTTPRequestHandler):
    pages = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.headers.get("authorization") != f"Bearer {TOKEN}":
            return self.answer(401, {"error": {"code": "InvalidAuthenticationToken"}})
        url = urllib.parse.urlparse(self.path)
        if url.path != "/v1.0/me/calendarView":
            return self.answer(404, {"error": {"code": "ResourceNotFound"}})
        query = urllib.parse.parse_qs(url.query)
        page = int(query.get("$skiptoken", ["0"])[0])
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('ada')/calendarView",
                "value": self.pages[page]}
        if page + 1 < len(self.pages):
            host = self.headers.get("host")
            body["@odata.nextLink"] = f"http://{host}{url.path}?{url.query.split('&$skiptoken')[0]}&$skiptoken={page + 1}"
        self.answer(200, body)

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--twohats")
    args = ap.parse_args()
    binary = args.twohats
    if not binary:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/twohats-release"))
        subprocess.run(["cargo", "build", "--release", "--bin", "twohats"], cwd=here, check=True,
                       env=dict(os.environ, CARGO_TARGET_DIR=target))
        binary = os.path.join(target, "release", "twohats")
    all_events = events(args.events)
    Graph.pages = [all_events[i:i + 100] for i in range(0, len(all_events), 100)]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Graph)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = f"http://127.0.0.1:{server.server_address[1]}/v1.0"
    print(f"{len(all_events)} events in {len(Graph.pages)} pages of 100")
    with tempfile.TemporaryDirectory() as home:
        config = os.path.join(home, "twohats.toml")
        with open(config, "w") as f:
            f.write(f'[[manager]]\nname = "Ada"\nemails = ["ada@contoso.com"]\nreports = 6\n'
                    f'timezone = "Europe/Berlin"\noutlook = {{ api = "{api}" }}\n')
        for label, extra in [("cold (empty cache)", []), ("--offline (cache only)", ["--offline"])]:
            times = []
            for run in range(args.runs):
                cache = os.path.join(home, "cache")
                if not extra:
                    subprocess.run(["rm", "-rf", cache], check=True)
                env = dict(os.environ, XDG_CACHE_HOME=cache, TWOHATS_OUTLOOK_TOKEN=TOKEN, TZ="UTC")
                # --today after the year: every week complete, whatever the date.
                cmd = [binary, "report", *extra, "--config", config, "--from", "2026-01-05",
                       "--to", "2026-12-27", "--today", "2027-01-04", "--format", "json"]
                t0 = time.perf_counter()
                out = subprocess.run(cmd, env=env, capture_output=True)
                times.append(time.perf_counter() - t0)
                if out.returncode != 0:
                    raise SystemExit(out.stderr.decode())
                weeks = json.loads(out.stdout)["managers"][0]["weeks"]
            print(f"{label}: median {statistics.median(times):.2f} s over {args.runs} runs "
                  f"({', '.join(f'{t:.2f}' for t in times)}); {len(weeks)} weeks, "
                  f"{sum(w['events'] for w in weeks)} events counted")


main()

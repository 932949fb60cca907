#!/usr/bin/env python3
"""Benchmark: a week of code review read from a GitHub API on 127.0.0.1.

Serves, in the shapes of GitHub's REST description, a reviewer who reviewed
PULLS pull requests (default 200) in one week: the issue search (100 a
page, `Link: rel="next"`), each pull's reviews and review comments, ETags
and 304s, the token required. Then times `twohats week --github` with an
empty cache folder (cold: every page downloaded) and again (warm: every page
asked for conditionally, 304), each RUNS times, and prints the requests the
server answered per run.

Usage: scripts/bench-forge.py [--pulls 200] [--runs 5] [--twohats PATH]
Builds twohats in release (CARGO_TARGET_DIR, default
~/.cache/twohats-release) unless --twohats names a binary.
"""

import argparse
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

TOKEN = "ghp_bench000000000000000000000000000000"
USER = "rui-dev"
API = "/api/v3"


def pull_payloads(pulls):
    """Every path (without query) → list of pages (JSON bytes)."""
    out = {}
    items = []
    for n in range(1, pulls + 1):
        repo = f"acme/service-{n % 12}"
        items.append({
            "url": f"https://ghe.example/api/v3/repos/{repo}/issues/{n}",
            "repository_url": f"https://ghe.example/api/v3/repos/{repo}",
            "html_url": f"https://ghe.example/{repo}/pull/{n}",
            "id": 900000 + n, "number": n, "title": f"Change {n}", "state": "open",
            "user": {"login": "author", "id": 2}, "labels": [], "comments": 3,
            "created_at": "2026-11-16T08:00:00Z", "updated_at": "2026-11-19T12:00:00Z",
            "pull_request": {"url": f"https://ghe.example/api/v3/repos/{repo}/pulls/{n}"},
            "score": 1.0,
        })
        # Spread over the working week: Mon-Fri, 09:00-17:00.
        day = 16 + (n % 5)
        hour = 9 + (n * 7) % 8
        minute = (n * 13) % 60
        at = f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00Z"
        pr_url = f"https://ghe.example/api/v3/repos/{repo}/pulls/{n}"
        reviews = [{
            "id": 700000 + n, "user": {"login": USER, "id": 1}, "body": "",
            "state": "APPROVED" if n % 3 else "COMMENTED", "submitted_at": at,
            "pull_request_url": pr_url, "commit_id": "9c48853fa3dc5c1c3d6f1f1cd1f2743e72652840",
            "html_url": f"https://ghe.example/{repo}/pull/{n}#pullrequestreview-{700000 + n}",
            "author_association": "MEMBER",
        }, {
            "id": 800000 + n, "user": {"login": "author", "id": 2}, "body": "thanks",
            "state": "COMMENTED", "submitted_at": at, "pull_request_url": pr_url,
        }]
        comments = [{
            "id": 600000 + n * 10 + k, "pull_request_review_id": 700000 + n,
            "user": {"login": USER, "id": 1}, "body": "nit", "path": "src/lib.rs",
            "diff_hunk": "@@ -1,3 +1,4 @@", "created_at": at, "updated_at": at,
            "pull_request_url": pr_url,
        } for k in range(2)]
        out[f"{API}/repos/{repo}/pulls/{n}/reviews"] = [json.dumps(reviews).encode()]
        out[f"{API}/repos/{repo}/pulls/{n}/comments"] = [json.dumps(comments).encode()]
    pages = [items[i:i + 100] for i in range(0, len(items), 100)] or [[]]
    out[f"{API}/search/issues"] = [
        json.dumps({"total_count": len(items), "incomplete_results": False, "items": p}).encode()
        for p in pages
    ]
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One send per answer, no Nagle: otherwise headers and body go out in
    # two writes and the client's delayed ACK stalls each answer by 40 ms.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    payloads = {}
    counts = {"200": 0, "304": 0}

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.headers.get("authorization") != f"Bearer {TOKEN}":
            return self.answer(401, b'{"message":"Bad credentials"}')
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        pages = self.payloads.get(url.path)
        if pages is None:
            return self.answer(404, b'{"message":"Not Found"}')
        page = int(query.get("page", ["1"])[0])
        body = pages[page - 1]
        etag = f'W/"{hash(body) & 0xffffffff:x}"'
        headers = {"etag": etag, "content-type": "application/json; charset=utf-8"}
        if page < len(pages):
            host = self.headers.get("host")
            rest = [(k, v) for k, v in urllib.parse.parse_qsl(url.query) if k != "page"]
            nxt = urllib.parse.urlencode(rest + [("page", str(page + 1))], safe=":+")
            headers["link"] = f'<http://{host}{url.path}?{nxt}>; rel="next"'
        if self.headers.get("if-none-match") == etag:
            self.counts["304"] += 1
            return self.answer(304, b"", headers)
        self.counts["200"] += 1
        self.answer(200, body, headers)

    def answer(self, status, body, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def build():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/twohats-release"))
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run(["cargo", "build", "--release", "--bin", "twohats"], cwd=here, check=True,
                   env=dict(os.environ, CARGO_TARGET_DIR=target))
    return os.path.join(target, "release", "twohats")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pulls", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--twohats")
    args = ap.parse_args()
    binary = args.twohats or build()
    Handler.payloads = pull_payloads(args.pulls)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = f"http://127.0.0.1:{server.server_address[1]}{API}"
    cmd = [binary, "week", "--github", USER, "--tz", "UTC", "--reports", "6",
           "--week", "2026-W47", "--format", "json"]
    times = {"cold": [], "warm": []}
    for _ in range(args.runs):
        cache = tempfile.mkdtemp(prefix="twohats-bench-forge-")
        env = dict(os.environ, GITHUB_TOKEN=TOKEN, GITHUB_API_URL=api, XDG_CACHE_HOME=cache,
                   HOME=cache, XDG_CONFIG_HOME=cache, TWOHATS_TODAY="2026-11-25")
        for kind in ("cold", "warm"):
            Handler.counts.update({"200": 0, "304": 0})
            start = time.perf_counter()
            out = subprocess.run(cmd, env=env, capture_output=True)
            if out.returncode != 0:
                sys.exit(f"twohats failed: {out.stderr.decode()}")
            times[kind].append(time.perf_counter() - start)
            week = json.loads(out.stdout)["managers"][0]["weeks"][0]
            requests = dict(Handler.counts)
            if kind == "warm" and requests["200"] > 0:
                sys.exit(f"the warm run downloaded pages again: {requests}")
        shutil.rmtree(cache)
        print(f"  last run: {week['reviews']} review events, code review "
              f"{week['categories'].get('code review', 0)} h; warm run answered {requests}",
              file=sys.stderr)
    for kind, ts in times.items():
        print(f"{kind}: median {statistics.median(ts):.3f} s  (min {min(ts):.3f}, max {max(ts):.3f}, "
              f"{len(ts)} runs, {args.pulls} pull requests)")


if __name__ == "__main__":
    main()

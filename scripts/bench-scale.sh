#!/bin/sh
# Cost as the work grows (issues 9 and 20), side by side for two builds of
# twohats: a report folder for generated orgs (time, peak memory), one of
# them an org of 500 managers with heavy (~415 KB) Outlook calendars, a
# dense 10-year calendar (MB/s) against the Python stack and against its
# own first year, and a one-week audit of a 1,000,000-commit repository
# against `git log`, with an empty cache and a warm one.
#
# Usage: scripts/bench-scale.sh BEFORE_BIN AFTER_BIN [DATA_DIR] [ORG_SIZES]
#   DATA_DIR defaults to ~/.cache/twohats-scale (inputs are generated there
#   when missing: ~2 GB for ORG_SIZES="500 1500 5000", ~1 GB for the repo);
#   ORG_SIZES defaults to "500 1500". Needs GNU time (/usr/bin/time), git,
#   and the Python stack in $PYTHON (default ~/.cache/twohats-oracle-venv/
#   bin/python, from scripts/oracle/requirements.txt).
set -eu
before="$1"; after="$2"
dir="${3:-$HOME/.cache/twohats-scale}"
sizes="${4:-500 1500}"
python="${PYTHON:-$HOME/.cache/twohats-oracle-venv/bin/python}"
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
measure() { # label, command...
    label="$1"; shift
    /usr/bin/time -f "$label	%e s wall	%U+%S s CPU	%M KB peak" "$@" >/dev/null 2>>"$dir/times.txt" || true
    tail -1 "$dir/times.txt"
}
: > "$dir/times.txt"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

for n in $sizes; do
    [ -f "$dir/org$n/twohats.toml" ] ||
        python3 "$here/scripts/generate_org.py" --out "$dir/org$n" --managers "$n" --weeks 52 >/dev/null
    for bin in "$before" "$after"; do
        # A new folder each run, as a CI job's dated one: deleting thousands
        # of files just before creating as many slows ext4's inode
        # allocation down for both builds. The folders go at the end.
        out="$dir/out/$n-$(basename "$bin")"
        rm -rf "$out"
        measure "org $n x 52 weeks, report --out: $(basename "$bin")" "$bin" report \
            --config "$dir/org$n/twohats.toml" --from 2025-11-24 --to 2026-11-22 \
            --today 2026-11-24 --out "$out"
    done
done
# Heavy calendars: a year of generate_dense.py's Outlook calendar each.
[ -f "$dir/heavy500/twohats.toml" ] ||
    python3 "$here/scripts/generate_org.py" --out "$dir/heavy500" --managers 500 --density heavy >/dev/null
for bin in "$before" "$after"; do
    out="$dir/out/heavy-$(basename "$bin")"
    rm -rf "$out"
    measure "heavy org 500 x 52 weeks (~415 KB calendars), report --out: $(basename "$bin")" "$bin" report \
        --config "$dir/heavy500/twohats.toml" --from 2016-01-04 --to 2017-01-01 \
        --today 2017-01-03 --out "$out"
done
rm -rf "$dir/out"

ics="$dir/dense10.ics"
[ -f "$ics" ] || python3 "$here/benches/calendar/generate_dense.py" --out "$ics"
# Ten runs each: one takes a tenth of a second, below the timer's resolution.
for bin in "$before" "$after"; do
    for range in "2016-01-04 2025-12-28 10y" "2016-01-04 2017-01-01 1y"; do
        set -- $range
        measure "dense calendar, report $3, 10 runs: $(basename "$bin")" sh -c '
            for i in 1 2 3 4 5 6 7 8 9 10; do
                "$0" report --ics "$1" --me ada@example.com --reports 13 \
                    --tz Europe/Berlin --format json --from "$2" --to "$3" >/dev/null
            done' "$bin" "$ics" "$1" "$2"
    done
done
# Reading speed: ten reads of the file over the 10-year runs' wall time.
bytes=$(wc -c < "$ics")
grep "dense calendar, report 10y" "$dir/times.txt" | awk -F'\t' -v b="$bytes" \
    '{ split($2, t, " "); printf "%s: %.0f MB/s\n", $1, 10 * b / 1e6 / t[1] }'
measure "dense calendar, Python stack 10y" "$python" "$here/benches/calendar/python_stack.py" "$ics" \
    --tz Europe/Berlin --from 2016-01-04 --to 2025-12-28

repo="$dir/repo1m"
[ -d "$repo" ] || python3 "$here/scripts/gen-git-bench-repo.py" "$repo" --commits 1000000
export XDG_CACHE_HOME="$dir/xdg-cache"
# --today after the week: the generated history runs into the 2040s, and a
# week after today is a week ahead of its time, with nothing done yet.
# Commits committed more than 28 days after now are walked in the
# commit-graph, not read: here some 536,000 (a CI job's HEAD is now).
week="week --repo $repo --me ada@example.com --reports 4 --tz Europe/Berlin --week 2031-W10 --today 2031-03-11 --format json"
# The same week audited on the day of HEAD: every commit committed since
# the week is read for its author date (a rebased commit may be among them).
old_week="week --repo $repo --me ada@example.com --reports 4 --tz Europe/Berlin --week 2031-W10 --today 2042-01-05 --format json"
for bin in "$before" "$after"; do
    # Each build's own commit cache, from nothing, then warm.
    rm -rf "$XDG_CACHE_HOME"
    measure "1M commits, week, cold cache: $(basename "$bin")" "$bin" $week
    measure "1M commits, week, warm cache: $(basename "$bin")" "$bin" $week
    rm -rf "$XDG_CACHE_HOME"
    measure "1M commits, week 10 years before HEAD, cold cache: $(basename "$bin")" "$bin" $old_week
    measure "1M commits, week 10 years before HEAD, warm cache: $(basename "$bin")" "$bin" $old_week
done
measure "1M commits, git log --since --until --author" git -C "$repo" log \
    --since=2031-03-03T00:00:00+01:00 --until=2031-03-09T23:59:59+01:00 \
    --author=ada@example.com --format="%H %aI"
# What twohats must read to find a commit authored in the week but rebased
# (committed) later: every commit committed since the week, each decoded
# for its author (--until lets git skip those by commit date).
measure "1M commits, git log --since --author (no --until)" git -C "$repo" log \
    --since=2031-03-03T00:00:00+01:00 --author=ada@example.com --format="%H %aI"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

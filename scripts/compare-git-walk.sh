#!/bin/sh
# Whether two builds of twohats give the same commits and sessions for the
# weeks of a repository: `explain --format json` (every session with its
# commits' hashes, every row's hours) and `week --format json`, each build
# with its own empty cache folder. Used to check that reading a
# repository back from HEAD only as far as the weeks need (src/git/mod.rs)
# gives what reading its whole history gave.
#
# Usage: scripts/compare-git-walk.sh BEFORE_BIN AFTER_BIN REPO EMAIL WEEK...
#   e.g. scripts/compare-git-walk.sh old/twohats new/twohats ~/src/git \
#        gitster@pobox.com 2006-W10 2015-W30 2026-W20
# Prints one line per week and command; exits 1 if any differed.
set -eu
before="$1"; after="$2"; repo="$3"; email="$4"; shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for week in "$@"; do
    for command in explain week; do
        for bin in before after; do
            eval "exe=\$$bin"
            rm -rf "$work/cache"
            XDG_CACHE_HOME="$work/cache" "$exe" "$command" --repo "$repo" --me "$email" \
                --reports 4 --tz UTC --week "$week" --format json > "$work/$bin.json"
        done
        if cmp -s "$work/before.json" "$work/after.json"; then
            sessions=$(grep -o '"commits": *\[' "$work/after.json" | wc -l)
            echo "$week $command: same ($(wc -c < "$work/after.json") bytes, $sessions sessions listed)"
        else
            echo "$week $command: DIFFERENT"
            diff "$work/before.json" "$work/after.json" | head -20
            status=1
        fi
    done
done
exit $status

#!/bin/sh
# One week of one author read from a repository with an empty twohats
# cache, beside `git log` asked for the same week: wall time (hyperfine)
# and peak memory (GNU time), then the same week again with the cache kept.
#
# Usage: scripts/bench-git-cold.sh TWOHATS_BIN REPO EMAIL WEEK TZ SINCE UNTIL
#   e.g. scripts/bench-git-cold.sh target/release/twohats ~/big-repo \
#        ada@example.com 2031-W10 Europe/Berlin \
#        2031-03-02T00:00:00+01:00 2031-03-08T23:59:59+01:00
# `git log --since --until` reads only the commits committed in the week;
# twohats also reads every commit committed after it (one authored in the
# week may have been rebased later), so git's figure is a floor, not a
# like-for-like rival. Needs hyperfine and GNU time (/usr/bin/time).
set -eu
bin="$1"; repo="$2"; email="$3"; week="$4"; tz="$5"; since="$6"; until="$7"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
twohats="env XDG_CACHE_HOME=$cache $bin week --repo $repo --me $email --reports 4 --tz $tz --week $week --format json"
git="git -C $repo log --since=$since --until=$until --author=$email --format=%H%x20%aI"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 1 --runs 5 --prepare "rm -rf $cache/twohats" \
    --command-name "twohats week, empty cache" "$twohats" \
    --command-name "git log, the week" "$git"
rm -rf "$cache/twohats"
/usr/bin/time -f 'twohats, empty cache: %e s, peak %M KB' sh -c "exec $twohats" > /dev/null
/usr/bin/time -f 'twohats, cache kept: %e s, peak %M KB' sh -c "exec $twohats" > /dev/null
/usr/bin/time -f 'git log: %e s, peak %M KB' sh -c "exec $git" > /dev/null
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/bin/sh
# Benchmark of twohats' git reader beside git's own `git log`, on the
# generated repository (scripts/gen-git-bench-repo.py) and its log text.
# Usage: scripts/bench-git.sh [BENCH_DIR]   (default ~/.cache/twohats-bench)
# Needs hyperfine (Debian: apt-get install hyperfine).
set -eu
dir="${1:-$HOME/.cache/twohats-bench}"
[ -d "$dir/repo" ] || scripts/gen-git-bench-repo.py "$dir/repo"
[ -f "$dir/repo.log" ] || git -C "$dir/repo" log --pretty=fuller --stat > "$dir/repo.log"
bench=$(cargo bench --bench git --no-run --message-format=json 2>/dev/null |
    grep '"kind":\["bench"\]' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Side by side: the repository walk (one author's commits and sessions) and
# git's own walk printing hash, author email, time and parents.
TWOHATS_BENCH_ROUNDS=1 TWOHATS_BENCH_SKIP_GIT=1 TWOHATS_BENCH_REPO="$dir/repo" \
hyperfine --warmup 1 --runs 10 -N \
    --command-name "twohats read repo + sessions" "$bench" \
    --command-name "git log --format=%H%x09%aE%x09%at%x09%P HEAD" \
    "git -C $dir/repo log --format=%H%x09%aE%x09%at%x09%P HEAD"
# Log text throughput (the bench prints MB/s).
TWOHATS_BENCH_ROUNDS=10 TWOHATS_BENCH_LOG="$dir/repo.log" "$bench"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

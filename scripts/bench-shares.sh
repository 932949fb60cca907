#!/bin/sh
# Benchmark of a director's roll-up from shared figures: 2,000 managers'
# share files × 52 weeks (scripts/gen_shares.py) into a report folder
# (every format, every chart), timed with /usr/bin/time -v (wall time, peak
# memory). Builds twohats in release into its own target folder.
# Usage: scripts/bench-shares.sh [BENCH_DIR] [MANAGERS] [WEEKS]
#        (default ~/.cache/twohats-bench-shares, 2000, 52)
set -eu
dir="${1:-$HOME/.cache/twohats-bench-shares}"
here=$(cd "$(dirname "$0")/.." && pwd)
managers="${2:-2000}"
weeks="${3:-52}"
target="${CARGO_TARGET_DIR:-$HOME/.cache/twohats-release}"
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build --release --bin twohats)
rm -rf "$dir"
python3 "$here/scripts/gen_shares.py" "$dir" --managers "$managers" --weeks "$weeks"
echo "shares: $(du -sh "$dir/shares" | cut -f1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$dir"
# 52 weeks ending 2026-W47: Monday 2025-11-24 to Sunday 2026-11-22.
from=$(python3 -c "import datetime as d; print(d.date(2026,11,16)-d.timedelta(weeks=$weeks-1))")
/usr/bin/time -v "$target/release/twohats" report --config director.toml \
    --from "$from" --to 2026-11-22 --out report 2> time.log
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time" time.log
/usr/bin/time -v "$target/release/twohats" report --config director.toml \
    --from "$from" --to 2026-11-22 --groups-only --out skip-level 2> time-groups.log
echo "--groups-only:"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" time-groups.log
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

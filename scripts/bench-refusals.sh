#!/bin/sh
# How fast untrusted inputs too big to read are refused (the figures the
# tests in tests/doctor.rs and tests/share.rs used to time): a zip bomb of
# 1 GiB of zeros as a calendar, and a 2 GiB (sparse) share file. Each is
# run 5 times with /usr/bin/time (wall time, peak memory). Builds twohats
# in release into its own target folder.
# Usage: scripts/bench-refusals.sh [BENCH_DIR]   (default ~/.cache/twohats-bench-refusals)
set -eu
dir="${1:-$HOME/.cache/twohats-bench-refusals}"
here=$(cd "$(dirname "$0")/.." && pwd)
target="${CARGO_TARGET_DIR:-$HOME/.cache/twohats-release}"
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build --release --bin twohats)
rm -rf "$dir"
mkdir -p "$dir/in"
cd "$dir"
python3 - <<'PY'
import zipfile
# 1 GiB of zeros, deflated (about 1 MB): a real zip bomb, written in pieces.
with zipfile.ZipFile("in/export.zip", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("calendar.ics", "w", force_zip64=True) as f:
        piece = bytes(1 << 20)
        for _ in range(1024):
            f.write(piece)
with open("huge.json", "wb") as f:
    f.truncate(2 << 30)
PY
for what in zip share; do
    echo "$what:"
    for _ in 1 2 3 4 5; do
        if [ "$what" = zip ]; then
            set -- week --ics in --tz UTC --week 2026-W47
        else
            set -- report --figures huge.json --weeks 2
        fi
        /usr/bin/time -f "  %e s, %M KB peak" "$target/release/twohats" "$@" 2>&1 >/dev/null | grep -E "KB peak"
    done
done

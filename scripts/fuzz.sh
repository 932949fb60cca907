#!/usr/bin/env bash
# Fuzz twohats' readers with libFuzzer (cargo-fuzz). Not part of CI.
#
#   scripts/fuzz.sh TARGET [SECONDS] [-- LIBFUZZER_ARGS...]
#   scripts/fuzz.sh all    [SECONDS]          # each target in turn
#   scripts/fuzz.sh seed   [TARGET]           # only (re)seed the corpora
#
# TARGET is one of: ics (the .ics reader: parse, expand over a six-week
# window, classify, timeline sweep), gitlog (`git log` text: read, sessions,
# sweep), config (the TOML config: parse, validate, classify with its rules),
# share (a twohats-share/v1 file: size cap, JSON, every check, verdicts,
# written again and read back), caldav (a CalDAV server's multistatus
# answer: the XML reader, then the calendar data kept for a collection),
# forge (saved GitHub / GitLab API responses: the forge file reader, review
# sessions, sweep), calendar_api (saved Microsoft Graph calendarView and
# Google events.list responses: both JSON readers, classify, sweep).
# SECONDS defaults to 900. The fuzz crate builds on the stable toolchain with
# RUSTC_BOOTSTRAP=1, without a sanitizer (-s none; still coverage-guided) and
# with debug assertions (-a, so overflows count as findings), into
# $TWOHATS_FUZZ_TARGET_DIR (default ~/.cache/twohats-fuzz-target).
#
# Corpora (fuzz/corpus/TARGET, not committed) are seeded from fuzz/seeds/TARGET
# and from every matching file under fixtures/ (.ics and .zip; .log; .toml;
# .json; .xml),
# plus any folders listed in TWOHATS_FUZZ_EXTRA_SEEDS (colon-separated).
# Findings land in fuzz/artifacts/TARGET/ (crash-*, timeout-*, oom-*): keep
# each as fixtures/fuzz/<target>-<what>.<ext> with a test in
# tests/fuzz_regressions.rs. Replay one with
#   scripts/fuzz.sh TARGET 0 -- fuzz/artifacts/TARGET/crash-...
# To fuzz past findings not fixed yet, set TWOHATS_FUZZ_SKIP_KNOWN=1 (panics
# listed in fuzz/src/lib.rs `known::PANICS` are then caught, not reported)
# and keep going after new ones with libFuzzer's fork mode:
#   scripts/fuzz.sh ics 1800 -- -fork=1 -ignore_crashes=1 -ignore_timeouts=1
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${TWOHATS_FUZZ_TARGET_DIR:-$HOME/.cache/twohats-fuzz-target}"
targets=(ics gitlog config share caldav forge calendar_api)

exts_of() {
    case "$1" in
        ics) echo "ics zip" ;;
        gitlog) echo "log" ;;
        config) echo "toml" ;;
        share) echo "json" ;;
        caldav) echo "xml" ;;
        forge) echo "json" ;;
        calendar_api) echo "json" ;;
        *) echo "unknown target '$1': use ics, gitlog, config, share, caldav, forge, calendar_api or all" >&2; exit 2 ;;
    esac
}

# Copies the seeds of one target into its corpus, named by content hash so
# that reseeding never duplicates a file.
seed() {
    local t="$1" corpus="fuzz/corpus/$1" dirs=("fuzz/seeds/$1")
    mkdir -p "$corpus"
    [ -d fixtures ] && dirs+=(fixtures)
    if [ -n "${TWOHATS_FUZZ_EXTRA_SEEDS:-}" ]; then
        IFS=: read -r -a extra <<<"$TWOHATS_FUZZ_EXTRA_SEEDS"
        dirs+=("${extra[@]}")
    fi
    local n=0 ext f
    for ext in $(exts_of "$t"); do
        while IFS= read -r -d '' f; do
            # fixtures/fuzz holds findings: they seed the corpus too.
            cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
            n=$((n + 1))
        done < <(find "${dirs[@]}" -type f -iname "*.$ext" -print0 2>/dev/null)
    done
    echo "fuzz.sh: $t: $n seed files, $(ls "$corpus" | wc -l) in fuzz/corpus/$t"
}

ensure_cargo_fuzz() {
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "fuzz.sh: installing cargo-fuzz" >&2
        cargo install cargo-fuzz --locked
    fi
}

run() {
    local t="$1" secs="$2"
    shift 2
    exts_of "$t" >/dev/null
    seed "$t"
    mkdir -p "fuzz/artifacts/$t"
    # One rayon thread: the readers parallelise per file, the fuzzer per process.
    RAYON_NUM_THREADS="${RAYON_NUM_THREADS:-1}" RUSTC_BOOTSTRAP=1 \
        cargo fuzz run --fuzz-dir fuzz -s none -a --target-dir "$target_dir" \
        "$t" "fuzz/corpus/$t" -- \
        -dict="fuzz/dict/$t.dict" -timeout=10 -rss_limit_mb=2048 \
        -max_total_time="$secs" -print_final_stats=1 "$@" \
        2> >(tee "fuzz/artifacts/$t/last-run.log" >&2)
}

case "${1:-}" in
    "" | -h | --help)
        sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
        ;;
    seed)
        for t in ${2:-${targets[@]}}; do seed "$t"; done
        ;;
    all)
        ensure_cargo_fuzz
        secs="${2:-900}"
        for t in "${targets[@]}"; do run "$t" "$secs"; done
        ;;
    *)
        ensure_cargo_fuzz
        t="$1"
        secs="${2:-900}"
        shift $(($# >= 2 ? 2 : 1))
        [ "${1:-}" = "--" ] && shift
        run "$t" "$secs" "$@"
        ;;
esac

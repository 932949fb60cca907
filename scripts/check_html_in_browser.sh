#!/usr/bin/env bash
# Opens a twohats report.html in headless Chromium (Debian's package,
# installed with apt-get when missing), fails on any console error, and
# saves a phone-width and a desktop-width screenshot.
#
#   scripts/check_html_in_browser.sh REPORT.html [SCREENSHOT_PREFIX]
#
# Writes SCREENSHOT_PREFIX-phone.png (390 px wide) and
# SCREENSHOT_PREFIX-desktop.png (1280 px wide); the prefix defaults to the
# report's path without ".html". The browser is kept off the network:
# the page must need nothing from it.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1" ]]; then
    echo "usage: $0 REPORT.html [SCREENSHOT_PREFIX]" >&2
    exit 2
fi
html=$(realpath "$1")
prefix=${2:-${html%.html}}

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    echo "installing Debian's chromium…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=$(command -v chromium)
fi

profile=$(mktemp -d)
logs=$(mktemp -d)
trap 'rm -rf "$profile" "$logs"' EXIT

# Flags: no sandbox (root in a container), no GPU, and nothing that phones
# home, so the only requests are the page's own.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --hide-scrollbars --enable-logging=stderr --v=0
    --user-data-dir="$profile")

run() { # run NAME WIDTHxHEIGHT-args...
    local name=$1
    shift
    "$browser" "${flags[@]}" "$@" "file://$html" >"$logs/$name.out" 2>"$logs/$name.err" || {
        echo "chromium failed ($name):" >&2
        cat "$logs/$name.err" >&2
        exit 1
    }
}

# The DOM after load: proves the page parsed and rendered its content.
run dom --dump-dom
grep -q "Ranked summary" "$logs/dom.out" || {
    echo "the page did not render its summary" >&2
    exit 1
}
run phone --window-size=390,1400 --screenshot="$prefix-phone.png"
run desktop --window-size=1280,2400 --screenshot="$prefix-desktop.png"

# Console messages reach stderr as lines with "CONSOLE"; a blocked request
# (the page's Content-Security-Policy) or a script error shows up there too.
errors=$(grep -hiE 'CONSOLE|Uncaught|Refused to|net::ERR' "$logs"/*.err || true)
if [[ -n "$errors" ]]; then
    echo "console errors in $1:" >&2
    echo "$errors" >&2
    exit 1
fi
echo "ok: $1 renders without console errors; screenshots $prefix-phone.png, $prefix-desktop.png"

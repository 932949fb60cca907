#!/usr/bin/env bash
# Checks a twohats report.html in headless Chromium, driven by Playwright
# (scripts/check_report_page.mjs): no console error and no request beyond
# the file; the ranked table sorts by a column (over-limit hours, or mean
# share) and filters to one band; a manager's chart opens with that
# manager's weeks; a click on the heatmap opens one; the page fits 390 px.
# Prints the time to first render and saves a desktop (1280 px) and a
# phone (390 px) screenshot.
#
#   scripts/check_html_in_browser.sh REPORT.html [SCREENSHOT_PREFIX]
#
# The prefix defaults to the report's path without ".html". Installs what
# is missing: Debian's chromium (apt-get) and playwright-core (npm, into
# $TWOHATS_PLAYWRIGHT, by default ~/.cache/twohats-playwright; it uses
# Debian's browser, never downloads one).
set -euo pipefail

PLAYWRIGHT_VERSION=1.65.1

if [[ $# -lt 1 || ! -f "$1" ]]; then
    echo "usage: $0 REPORT.html [SCREENSHOT_PREFIX]" >&2
    exit 2
fi
html=$(realpath "$1")
prefix=${2:-${html%.html}}
here=$(dirname "$(realpath "$0")")

browser=$(command -v chromium || true)
if [[ -z "$browser" ]]; then
    echo "installing Debian's chromium…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=$(command -v chromium)
fi

export TWOHATS_PLAYWRIGHT=${TWOHATS_PLAYWRIGHT:-$HOME/.cache/twohats-playwright}
installed=$(node -p "require('$TWOHATS_PLAYWRIGHT/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
if [[ "$installed" != "$PLAYWRIGHT_VERSION" ]]; then
    echo "installing playwright-core $PLAYWRIGHT_VERSION into $TWOHATS_PLAYWRIGHT…" >&2
    mkdir -p "$TWOHATS_PLAYWRIGHT"
    npm install --silent --no-audit --no-fund --prefix "$TWOHATS_PLAYWRIGHT" \
        "playwright-core@$PLAYWRIGHT_VERSION" >&2
fi

CHROMIUM=$browser node "$here/check_report_page.mjs" "$html" "$prefix"

#!/usr/bin/env bash
# Installs Radicale (a CalDAV server, from PyPI) into a venv for the CalDAV
# tests, if it is not there yet, and prints the path of its python.
#
#   scripts/radicale.sh        # install when missing; print the venv's python
#
# The venv lives in $TWOHATS_RADICALE_VENV (default
# ~/.cache/twohats-radicale-venv). tests/caldav.rs calls this script when the
# venv is missing; .ci/run calls it before the tests.
set -euo pipefail
venv="${TWOHATS_RADICALE_VENV:-$HOME/.cache/twohats-radicale-venv}"
if ! "$venv/bin/python" -c 'import radicale' >/dev/null 2>&1; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'radicale>=3.2,<4' >&2
fi
echo "$venv/bin/python"

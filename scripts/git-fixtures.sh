#!/bin/sh
# Rebuilds the `git log` fixtures under fixtures/git/week47/ from a small
# story repository made with fixed dates (hashes are the same on every run).
# The expected times are worked out by hand in fixtures/git/README.md.
# Usage: scripts/git-fixtures.sh   (from the project root; needs git)
set -eu
out="$(pwd)/fixtures/git/week47"
mkdir -p "$out"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
cd "$repo"
git init -q -b main .

# commit NAME EMAIL AUTHOR_DATE COMMITTER_DATE FILE MESSAGE
commit() {
    printf '%s\n' "$6" >> "$5"
    git add "$5"
    GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" \
    GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$4" \
        git commit -q -m "$6"
}
ada="Ada Lovelace"; grace="Grace Hopper"

printf 'Ada Lovelace <ada@example.com> <ada@oldcorp.example>\n' > .mailmap
git add .mailmap
commit "$ada" ada@example.com "2026-11-16T09:30:00+01:00" "2026-11-16T09:30:00+01:00" parser.rs "Fix the date parser"
commit "$ada" ada@example.com "2026-11-16T10:15:00+01:00" "2026-11-16T10:15:00+01:00" parser.rs "Handle folded lines"
commit "$grace" grace@example.com "2026-11-16T10:20:00+01:00" "2026-11-16T10:20:00+01:00" README.md "Document the flags"
commit "$ada" ada@example.com "2026-11-16T11:45:00+01:00" "2026-11-16T11:45:00+01:00" parser.rs "Test DST edges"
commit "$ada" ada@example.com "2026-11-17T14:00:00-05:00" "2026-11-17T14:00:00-05:00" client.rs "Retry on timeout (from New York)"
git checkout -q -b feature HEAD~1
commit "$grace" grace@example.com "2026-11-17T15:00:00+01:00" "2026-11-17T15:00:00+01:00" docs.md "Add a usage page"
git checkout -q main
GIT_AUTHOR_NAME="$ada" GIT_AUTHOR_EMAIL=ada@example.com GIT_AUTHOR_DATE="2026-11-17T20:30:00+01:00" \
GIT_COMMITTER_NAME="$ada" GIT_COMMITTER_EMAIL=ada@example.com GIT_COMMITTER_DATE="2026-11-17T20:30:00+01:00" \
    git merge -q --no-ff -m "Merge branch 'feature'" feature
commit "$ada" ada@oldcorp.example "2026-11-18T08:00:00+01:00" "2026-11-18T08:00:00+01:00" client.rs "Old laptop, old address"
commit "$ada" ADA@Example.COM "2026-11-18T09:00:00+01:00" "2026-11-18T09:00:00+01:00" client.rs "Shouting address"
commit "$ada" ada@example.com "2026-11-19T09:00:00+01:00" "2026-11-20T16:00:00+01:00" parser.rs "Rebased onto main on Friday"
commit "$ada" ada@example.com "2026-11-22T23:30:00+01:00" "2026-11-22T23:30:00+01:00" parser.rs "Sunday night fix"
commit "$ada" ada@example.com "2026-11-23T00:45:00+01:00" "2026-11-23T00:45:00+01:00" parser.rs "After midnight"

export TZ=Europe/Berlin
git log                                              > "$out/default.log"
git log --stat                                       > "$out/default-stat.log"
git log --pretty=fuller --date=iso-strict --stat     > "$out/fuller-iso-strict-stat.log"
git log --pretty=fuller                              > "$out/fuller.log"
git log --pretty=full                                > "$out/full.log"
git log --date=iso --numstat                         > "$out/iso-numstat.log"
git log --pretty=fuller --date=rfc --shortstat       > "$out/fuller-rfc-shortstat.log"
git log --pretty=fuller --date=local                 > "$out/fuller-local.log"
git log --date=raw                                   > "$out/raw-date.log"
git log --pretty=fuller --date=unix                  > "$out/fuller-unix.log"
git log --pretty=raw                                 > "$out/pretty-raw.log"
git log --decorate --parents --date=iso              > "$out/decorate-parents.log"
git log --source --all --date=iso-local             > "$out/source-all-iso-local.log"
git log --date=short                                 > "$out/short.log"
git log --graph                                      > "$out/graph.log"

#!/usr/bin/env python3
"""Builds the benchmark repository for twohats' git reader, deterministically.

About 200k commits by 2,000 authors over four years, with feature branches
merged back (about one commit in 30 is a merge), several files per commit, a
.mailmap, and the manager "Ada Lovelace <ada@example.com>" among the authors
(about 1% of the commits, some under her old address that .mailmap maps).
The same arguments always give the same hashes.

Usage:
    scripts/gen-git-bench-repo.py DIR [--commits N]
    (then, to get a large `git log` text:)
    git -C DIR log --pretty=fuller --stat > DIR.log

DIR must not exist; keep it out of the project tree (e.g. under
~/.cache/twohats-bench). Needs git. The stream is fed to `git fast-import`,
then `git gc` packs it as a clone would be, with a commit-graph.
"""

import argparse
import os
import random
import subprocess
import sys

ZONES = ["+0000", "+0100", "+0200", "-0500", "-0800", "+0530", "+0900", "-0300"]
MANAGER = ("Ada Lovelace", "ada@example.com")
MANAGER_OLD = ("Ada Lovelace", "ada@oldcorp.example")
START = 1641200400  # Mon 2022-01-03 09:00:00 UTC


def stream(commits, out):
    rng = random.Random(47)
    authors = [(f"Developer {i:04}", f"dev{i:04}@example.com", ZONES[i % len(ZONES)])
               for i in range(1999)]
    # Zipf-like weights: a few prolific authors, a long tail; Ada ~1%.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(authors))]
    manager_weight = sum(weights) / 99
    authors.append((MANAGER[0], MANAGER[1], "+0100"))
    weights.append(manager_weight)
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)

    def data(text):
        raw = text.encode()
        out.write(b"data %d\n" % len(raw))
        out.write(raw)
        out.write(b"\n")

    mailmap = "".join(f"Developer {i:04} <dev{i:04}@example.com> <dev{i:04}@old.example>\n"
                      for i in range(0, 1999, 20))
    mailmap += f"{MANAGER[0]} <{MANAGER[1]}> <{MANAGER_OLD[1]}>\n"

    t = START
    mark = 0
    main_tip = None
    side_tip = None
    file_versions = {}
    for n in range(commits):
        t += rng.randint(1, 1260)  # mean 630 s: 200k commits span about four years
        name, email, zone = authors[rng.choices(range(len(authors)), cum_weights=cumulative)[0]]
        if email == MANAGER[1] and rng.random() < 0.2:
            name, email = MANAGER_OLD
        elif email != MANAGER[1] and rng.random() < 0.01:
            email = email.replace("@example.com", "@old.example")
        # Most commits are committed when written; some were rebased later.
        committed = t if rng.random() < 0.8 else t + rng.randint(60, 3 * 86400)

        merge = main_tip is not None and side_tip is not None and rng.random() < 0.2
        on_side = not merge and main_tip is not None and rng.random() < 0.15
        branch = "refs/heads/side" if on_side else "refs/heads/main"
        mark += 1
        out.write(b"commit %s\nmark :%d\n" % (branch.encode(), mark))
        out.write(f"author {name} <{email}> {t} {zone}\n".encode())
        out.write(f"committer {name} <{email}> {committed} {zone}\n".encode())
        if merge:
            data(f"Merge branch 'feature-{side_tip}'\n")
            out.write(b"from :%d\nmerge :%d\n" % (main_tip, side_tip))
            side_tip = None
        else:
            body = f"Change {n}: adjust module {n % 211}\n"
            if rng.random() < 0.4:
                body += "\nLonger explanation of why this change was needed,\n" \
                        "with a second line of prose.\n"
            data(body)
            if on_side:
                out.write(b"from :%d\n" % (side_tip if side_tip else main_tip))
            elif n == 0:
                out.write(b"M 100644 inline .mailmap\n")
                data(mailmap)
            for _ in range(rng.randint(1, 4)):
                path = f"src/module{rng.randrange(200):03}/file{rng.randrange(40):02}.rs"
                version = file_versions.get(path, 0) + 1
                file_versions[path] = version
                out.write(f"M 100644 inline {path}\n".encode())
                data(f"// {path} version {version}\npub fn f() -> u32 {{ {version} }}\n")
        out.write(b"\n")
        if on_side:
            side_tip = mark
        else:
            main_tip = mark
    # HEAD is main; the side branch is merged or dropped
    out.write(b"reset refs/heads/side\nfrom :%d\n\n" % main_tip)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--commits", type=int, default=200_000)
    args = parser.parse_args()
    if os.path.exists(args.dir):
        sys.exit(f"{args.dir}: exists; give a new folder")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.dir], check=True, env=env)
    importer = subprocess.Popen(["git", "-C", args.dir, "fast-import", "--quiet"],
                                stdin=subprocess.PIPE, env=env)
    stream(args.commits, importer.stdin)
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", args.dir, "checkout", "-q", "-f", "main"], check=True, env=env)
    subprocess.run(["git", "-C", args.dir, "gc", "-q"], check=True, env=env)
    print(subprocess.run(["git", "-C", args.dir, "rev-list", "--count", "HEAD"],
                         check=True, env=env, capture_output=True, text=True).stdout.strip(),
          "commits reachable from HEAD in", args.dir)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The longest functions under a folder of Rust code, test modules aside.

    python3 scripts/function_lengths.py [FOLDER] [COUNT]     # default: src 10

Counts the lines from `fn` to its closing brace by matching braces outside
strings, characters and line comments: good enough for this project's
style (rustfmt), not a Rust parser. The house rule is 80 lines at most.
"""

import os
import re
import sys

FN = re.compile(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?fn\s+(\w+)")


def code_of(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split("//")[0]


def end_of_tests(lines):
    for k, line in enumerate(lines[:-1]):
        if line.startswith("#[cfg(test)]") and lines[k + 1].startswith("mod tests"):
            return k
    return len(lines)


def function_end(lines, i):
    depth, started = 0, False
    for j in range(i, len(lines)):
        code = code_of(lines[j])
        for ch in code:
            if ch == "{":
                depth, started = depth + 1, True
            elif ch == "}":
                depth -= 1
        if started and depth <= 0:
            return j
        if not started and code.rstrip().endswith(";"):
            return None
    return None


def lengths(folder):
    for root, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            lines = open(path, encoding="utf-8").read().split("\n")
            for i in range(end_of_tests(lines)):
                m = FN.match(lines[i])
                if m and not lines[i].strip().startswith("//"):
                    end = function_end(lines, i)
                    if end is not None:
                        yield end - i + 1, path, i + 1, m.group(5)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "src"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    for n, path, line, name in sorted(lengths(folder), reverse=True)[:count]:
        print(f"{n:4} {path}:{line} {name}")


if __name__ == "__main__":
    main()

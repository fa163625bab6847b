#!/usr/bin/env python3
"""Source files over a line budget, tests aside.

    scripts/file-lines.py 700 crates/gateway/src      # fail when a file has more than 700 lines of non-test code

A file's count leaves out its `#[cfg(test)]` / `#[cfg(all(test, …))]` items
(the inline test module) and files that are only tests (`tests.rs`,
`*_tests.rs`). Lines are counted as they are, comments and blank lines
included: what a reader scrolls through.
"""

import os
import re
import sys

TEST_ATTR = re.compile(r"^\s*#\[cfg\((?:test|all\(test[^\]]*)\)\]\s*$")


def non_test_lines(text):
    lines = text.split("\n")
    out, i = 0, 0
    while i < len(lines):
        if TEST_ATTR.match(lines[i]):
            # Skip the item the attribute is on: to its closing brace (or `;`).
            depth, j, opened = 0, i + 1, False
            while j < len(lines):
                line = lines[j]
                depth += line.count("{") - line.count("}")
                opened |= "{" in line
                j += 1
                if (opened and depth <= 0) or (not opened and line.rstrip().endswith(";")):
                    break
            i = j
            continue
        out += 1
        i += 1
    return out


def main(argv):
    limit, roots = int(argv[0]), argv[1:]
    over = []
    for root in roots:
        for d, _, names in os.walk(root):
            for n in sorted(names):
                if not n.endswith(".rs") or n == "tests.rs" or n.endswith("_tests.rs"):
                    continue
                p = os.path.join(d, n)
                count = non_test_lines(open(p, encoding="utf-8").read())
                if count > limit:
                    over.append((count, p))
    for count, p in sorted(over, reverse=True):
        print(f"{p}: {count} lines (over {limit}, tests aside)")
    if over:
        print(f"file-lines: {len(over)} file(s) over {limit} lines", file=sys.stderr)
        return 1
    print(f"file-lines: every file within {limit} lines (tests aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

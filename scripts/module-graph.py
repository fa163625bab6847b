#!/usr/bin/env python3
"""The module graph of a Rust crate's source folder, file by file, and its cycles.

    scripts/module-graph.py crates/gateway/src            # report
    scripts/module-graph.py --check 2 crates/gateway/src src   # fail on a cycle of more than 2 files

A file depends on another when it names an item of that file's module: a
`use crate::a::b` / `use super::x` line, or a path `crate::a::b::f(...)` in
code. Test code (`#[cfg(test)] mod … { … }` blocks) is left out: a test may
reach anywhere. Paths are resolved to the longest module prefix that has a
file (`a/b.rs`, `a/b/mod.rs`, or a module inline in a file is its file).

The cycles are the strongly connected components of that graph (Tarjan);
a component of N files is "a cycle through N files". Written for this
project rather than taken from cargo-modules: that needs a rust-analyzer
build of its own (minutes on two cores), where this needs python3 and reads
the same `use` lines.
"""

import os
import re
import sys

USE_RE = re.compile(r"\buse\s+((?:crate|super|self)\b[^;]*);", re.S)
BARE_USE_RE = re.compile(r"\buse\s+([a-z_][a-z0-9_]*::[^;]*);", re.S)
PATH_RE = re.compile(r"\b((?:crate|super)(?:::[A-Za-z_][A-Za-z0-9_]*)+)")
MOD_DECL_RE = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([a-z_][a-z0-9_]*)\s*;", re.M)


def strip_comments_and_strings(text):
    """Comments and string literals blanked (keeps line structure)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + len(m.group(0)))
            j = n if j < 0 else j + len(end)
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]):
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            out.append("' '")
            i += len(m.group(0)) if m else 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_test_blocks(text):
    """`#[cfg(test)]` items (a `mod … { … }` or a single item) removed."""
    out, i = [], 0
    pat = re.compile(r"#\[cfg\((?:test|all\(test[^\]]*)\)\]")
    while True:
        m = pat.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        j = m.end()
        # The item ends at its matching brace, or at a ';' before any brace.
        depth = 0
        while j < len(text):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    j += 1
                    break
            elif text[j] == ";" and depth == 0:
                j += 1
                break
            j += 1
        i = j
    return "".join(out)


def inline_modules(text):
    """The inline modules of a file (comments and strings blanked): a list of
    (start, end, path) for every `mod x { … }`, `path` the names from the
    file's module down (nested ones included)."""
    found = []
    for m in re.finditer(r"\bmod\s+([a-z_][a-z0-9_]*)\s*\{", text):
        depth, j = 0, m.end() - 1
        while j < len(text):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        found.append((m.end(), j, m.group(1)))
    return [
        (start, end, tuple(n for (s, e, n) in found if s <= start and end <= e))
        for (start, end, _) in found
    ]


def module_at(inline, pos):
    """The inline module path (relative to the file's module) at `pos`."""
    best = ()
    for start, end, path in inline:
        if start <= pos < end and len(path) > len(best):
            best = path
    return best


def expand_use(tree):
    """`a::{b, c::{d}}` -> ['a::b', 'a::c::d']."""
    tree = re.sub(r"\s+", "", tree)
    results = []

    def walk(prefix, s):
        # split s at top-level commas
        parts, depth, cur = [], 0, ""
        for ch in s:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        if cur:
            parts.append(cur)
        for p in parts:
            if "{" in p:
                head, rest = p.split("{", 1)
                walk(prefix + head, rest[: rest.rfind("}")])
            else:
                p = re.sub(r"\bas\b.*$", "", p.replace("as", " as ", 1)) if "as" in p else p
                p = p.split(" as ")[0] if " as " in p else p
                results.append((prefix + p).rstrip(":"))

    walk("", tree)
    return results


class Crate:
    def __init__(self, root):
        self.root = root.rstrip("/")
        self.files = {}  # module path tuple -> file (relative)
        self.file_mod = {}  # file -> module path tuple
        self.inline = {}  # module path tuple -> file, for `mod x { }` inside a file
        roots = [f for f in ("lib.rs", "main.rs") if os.path.exists(os.path.join(self.root, f))]
        self.crate_roots = roots
        for dirpath, _, names in os.walk(self.root):
            for name in names:
                if not name.endswith(".rs"):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, self.root)
                self.file_mod[rel] = self.module_of(rel)
        self.reexports = {}  # module path -> {name: target module path + name}
        for rel, mod in self.file_mod.items():
            self.files.setdefault(mod, rel)
            text = strip_comments_and_strings(open(os.path.join(self.root, rel), encoding="utf-8").read())
            for m in re.finditer(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([a-z_][a-z0-9_]*)\s*\{", text, re.M):
                self.inline.setdefault(mod + (m.group(1),), rel)
            # `#[macro_export] macro_rules! m` is named at the crate's root: `crate::m` is this file.
            for m in re.finditer(r"#\[macro_export\]\s*macro_rules!\s*([A-Za-z_][A-Za-z0-9_]*)", text):
                self.reexports.setdefault((mod[:1] if mod and mod[0].startswith("bin:") else ()), {})[m.group(1)] = mod + ("<macro " + m.group(1) + ">",)
            # `pub use child::x;` in a module file: a path through this module to `x`
            # depends on the child's file, not on this one.
            for m in re.finditer(r"^pub use\s+([^;]*);", text, re.M | re.S):
                for r in expand_use(m.group(1)):
                    segs = [x for x in r.split("::") if x]
                    if not segs:
                        continue
                    if segs[0] == "self":
                        segs = segs[1:]
                    if segs and segs[0] not in ("crate", "super", "std", "core", "alloc"):
                        target = mod + tuple(segs)
                    elif segs and segs[0] == "crate":
                        target = (mod[:1] if mod and mod[0].startswith("bin:") else ()) + tuple(segs[1:])
                    else:
                        continue
                    self.reexports.setdefault(mod, {})[segs[-1]] = target

    def module_of(self, rel):
        parts = rel[:-3].split(os.sep)
        # src/bin/NAME.rs and src/bin/NAME/main.rs are crates of their own: module paths
        # inside them start at their root, marked with the bin's name.
        if parts[0] == "bin":
            if len(parts) == 2:
                return ("bin:" + parts[1],)
            base = ("bin:" + parts[1],)
            rest = parts[2:]
            if rest == ["main"]:
                return base
            if rest[-1] == "mod":
                rest = rest[:-1]
            return base + tuple(rest)
        if parts == ["main"] and os.path.exists(os.path.join(self.root, "lib.rs")):
            return ("bin:main",)
        if parts in (["lib"], ["main"]):
            return ()
        if parts[-1] == "mod":
            parts = parts[:-1]
        return tuple(parts)

    def file_for(self, path, depth=0):
        """The file holding module path `path` (longest prefix with a file), through re-exports."""
        for k in range(len(path), -1, -1):
            pre = path[:k]
            if k < len(path) and depth < 8:
                target = self.reexports.get(pre, {}).get(path[k])
                if target is not None and target != pre + (path[k],):
                    return self.file_for(target + tuple(path[k + 1:]), depth + 1)
            if pre in self.inline:
                return self.inline[pre]
            if pre in self.files:
                if pre == () and path and path[0].startswith("bin:"):
                    continue
                return self.files[pre]
        return None

    def deps(self):
        graph = {f: set() for f in self.file_mod}
        for rel, mod in self.file_mod.items():
            text = open(os.path.join(self.root, rel), encoding="utf-8").read()
            text = strip_test_blocks(strip_comments_and_strings(text))
            crate_base = mod[:1] if mod and mod[0].startswith("bin:") else ()
            # `super`/`self` and bare `use child::x` are relative to the module
            # they are written in: an inline `mod x { … }` is a module of its own.
            inline = inline_modules(text)
            refs = []  # (path, the module it is written in)
            for m in USE_RE.finditer(text):
                at = mod + module_at(inline, m.start())
                refs.extend((r, at) for r in expand_use(m.group(1)))
            # Paths in code (use statements are read above, whole: blanked here,
            # keeping every position).
            blank = lambda m: " " * len(m.group(0))
            code = USE_RE.sub(blank, BARE_USE_RE.sub(blank, text))
            for m in PATH_RE.finditer(code):
                refs.append((m.group(1), mod + module_at(inline, m.start())))
            # `use child::x` names a module declared in this one (2018 paths).
            for m in BARE_USE_RE.finditer(text):
                at = mod + module_at(inline, m.start())
                for r in expand_use(m.group(1)):
                    head = r.split("::")[0]
                    if at + (head,) in self.files or at + (head,) in self.inline:
                        refs.append(("self::" + r, at))
            for ref, at in refs:
                segs = [s for s in ref.split("::") if s]
                if not segs:
                    continue
                if segs[0] == "crate":
                    target = crate_base + tuple(segs[1:])
                elif segs[0] in ("super", "self"):
                    cur = list(at)
                    while segs and segs[0] in ("super", "self"):
                        if segs[0] == "super":
                            cur = cur[:-1]
                        segs = segs[1:]
                    target = tuple(cur) + tuple(segs)
                else:
                    continue
                f = self.file_for(target)
                if f and f != rel:
                    graph[rel].add(f)
        return graph


def sccs(graph):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def main(argv):
    check = None
    if argv and argv[0] == "--check":
        check = int(argv[1])
        argv = argv[2:]
    if argv and argv[0] == "--edges":
        edges = True
        argv = argv[1:]
    else:
        edges = False
    failed = False
    for root in argv or ["crates/gateway/src"]:
        crate = Crate(root)
        graph = crate.deps()
        comps = [c for c in sccs(graph) if len(c) > 1]
        comps.sort(key=len, reverse=True)
        largest = len(comps[0]) if comps else 1
        n_edges = sum(len(v) for v in graph.values())
        print(f"{root}: {len(graph)} files, {n_edges} edges, largest cycle through {largest} file(s)")
        for c in comps:
            print(f"  cycle of {len(c)}: {', '.join(c)}")
        if edges:
            for f in sorted(graph):
                print(f"  {f} -> {', '.join(sorted(graph[f]))}")
        if check is not None and largest > check:
            failed = True
    if failed:
        print(f"module-graph: a cycle through more than {check} files (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

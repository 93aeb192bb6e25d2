#!/usr/bin/env python3
"""Inputs that once made `okr check` quadratic (issue 14), for scripts/bench-scale.sh.

    gen-pathological.py chain DIR 10000   # a 10,000-deep `parent` chain
    gen-pathological.py wide DIR 20000    # one file with 20,000 KRs of distinct titles
    gen-pathological.py files DIR 100000  # 100,000 files of one KR each

Each writes DIR/okr.toml and DIR/okrs/2026-Q1/...; deterministic.
"""
import os
import sys

def word(seed):
    # A pseudo-random word of six letters (a linear congruential generator).
    out = []
    for _ in range(6):
        seed = (seed * 1103515245 + 12345) % 2**31
        out.append(chr(ord("a") + seed % 26))
    return "".join(out), seed


def title(i):
    """Unrelated titles: five pseudo-random words and a number."""
    words, seed = [], i + 1
    for _ in range(5):
        w, seed = word(seed)
        words.append(w)
    return f"Raise {' '.join(words)} from {i} to {i + 100}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def kr(kid, t, n):
    return f"  - id: {kid}\n    title: {t}\n    baseline: {n}\n    target: {n + 100}\n    current: {n + 50}\n"


def main():
    shape, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    root = os.path.join(out, "okrs", "2026-Q1")
    write(os.path.join(out, "okr.toml"), 'root = "okrs"\n\n[check]\nmax_key_results = 1000000\n')
    if shape == "chain":
        for i in range(n):
            parent = f'parent: "growth/o{i - 1:05}#k"\n' if i else ""
            write(os.path.join(root, "growth", f"o{i:05}.md"),
                  f"---\nowner: a\n{parent}key_results:\n{kr('k', title(i), i)}---\n# Objective {word(i + 7)[0]} {word(i + 11)[0]}\n")
    elif shape == "wide":
        # Distinct titles of one template, all alike: "Key result 123".
        krs = "".join(kr(f"k{i}", f"Key result {i}", i) for i in range(n))
        write(os.path.join(root, "growth", "wide.md"), f"---\nowner: a\nkey_results:\n{krs}---\n# One objective with many KRs\n")
    elif shape == "files":
        for i in range(n):
            write(os.path.join(root, f"team{i % 100:02}", f"o{i:06}.md"),
                  f"---\nowner: a\nkey_results:\n{kr('k', title(i), i)}---\n# Objective {word(i + 7)[0]} {word(i + 11)[0]}\n")
    else:
        sys.exit(f"unknown shape {shape}")


main()

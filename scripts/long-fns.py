#!/usr/bin/env python3
"""Lists the functions of src/ longer than a limit (80 lines by default).

A long function is the exception (CONTRIBUTING.md, "Long functions"): it
is split along a seam, or a comment line starting with `// Long:` right
above it (above its doc comment and attributes) says why it stays whole.

    python3 scripts/long-fns.py            # every long function, and whether it says why
    python3 scripts/long-fns.py --check    # exit 1 when one does not say why
    python3 scripts/long-fns.py --limit 60 src/render

A function's length counts the lines from `fn` to its closing brace. Test
code (`tests.rs` files and `mod tests` blocks) is left out. The scanner
knows Rust's comments, strings, raw strings and character literals well
enough to match braces; it is not a parser.
"""

import argparse
import os
import re
import sys

FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")
MARK = "// Long:"


def code_mask(text):
    """`text` with comments, strings and char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
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
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif re.match(r'b?r#*"', text[i:i + 12]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            close = '"' + m.group(1)
            j = text.find(close, i + m.end())
            j = n if j < 0 else j + len(close)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append(" " * m.end())
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def test_ranges(code):
    """Line ranges (0-based, inclusive) of `mod tests { ... }` blocks."""
    ranges = []
    for m in re.finditer(r"\bmod\s+\w*tests\w*\s*\{", code):
        end = matching_brace(code, m.end() - 1)
        ranges.append((code.count("\n", 0, m.start()), code.count("\n", 0, end)))
    return ranges


def matching_brace(code, open_at):
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def says_why(lines, fn_line):
    """Whether a `// Long:` line sits in the comments and attributes right above the fn."""
    k = fn_line - 1
    while k >= 0:
        s = lines[k].strip()
        if s.startswith(MARK):
            return True
        if s.startswith("//") or s.startswith("#[") or s.startswith("#!["):
            k -= 1
            continue
        return False
    return False


def long_fns(path, limit):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    code = code_mask(text)
    lines = text.split("\n")
    tests = test_ranges(code)
    found = []
    for m in FN.finditer(code):
        # The body's opening brace: the first `{` or `;` at bracket depth 0 after the signature.
        depth, j = 0, m.end()
        while j < len(code):
            ch = code[j]
            if ch in "([<" and not (ch == "<" and code[j - 1] == "-"):
                depth += 1
            elif ch in ")]>" and not (ch == ">" and code[j - 1] in "-="):
                depth -= 1
            elif ch == ";" and depth <= 0:
                j = -1
                break
            elif ch == "{" and depth <= 0:
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        end = matching_brace(code, j)
        first = code.count("\n", 0, m.start())
        last = code.count("\n", 0, end)
        if any(a <= first <= b for a, b in tests):
            continue
        length = last - first + 1
        if length > limit:
            found.append((path, first + 1, m.group(1), length, says_why(lines, first)))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=["src"])
    ap.add_argument("--limit", type=int, default=80)
    ap.add_argument("--check", action="store_true", help="exit 1 when a long function does not say why")
    args = ap.parse_args()
    files = []
    for p in args.paths:
        if os.path.isfile(p):
            files.append(p)
        for root, _, names in os.walk(p):
            files += [os.path.join(root, n) for n in names if n.endswith(".rs") and n != "tests.rs"]
    found = [f for path in sorted(files) for f in long_fns(path, args.limit)]
    found.sort(key=lambda f: (-f[3], f[0], f[1]))
    for path, line, name, length, why in found:
        print(f"{length:5} {path}:{line} {name}{'' if why else '  (does not say why)'}")
    unexplained = sum(1 for f in found if not f[4])
    print(f"{len(found)} functions over {args.limit} lines, {unexplained} without a `{MARK}` comment", file=sys.stderr)
    return 1 if args.check and unexplained else 0


if __name__ == "__main__":
    sys.exit(main())

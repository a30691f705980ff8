#!/usr/bin/env python3
"""Every operation of the OpenAPI document has a code example in the API docs.

  python3 scripts/check_api_examples.py --spec openapi.yaml --docs docs/api

An operation is covered when a Markdown file under --docs has a heading "METHOD /path" followed by a fenced code
block before the next heading. Exit 1 lists the operations without one.
"""
import argparse
import pathlib
import re
import sys

METHODS = ("get", "put", "post", "delete", "patch")


def operations(spec):
    ops, path, in_paths = [], None, False
    for line in pathlib.Path(spec).read_text(encoding="utf-8").splitlines():
        if re.match(r"^paths:\s*$", line):
            in_paths = True
            continue
        if in_paths and re.match(r"^\S", line):
            in_paths = False
        if not in_paths:
            continue
        m = re.match(r"^  (/\S*):\s*$", line)
        if m:
            path = m.group(1)
            continue
        m = re.match(r"^    ([a-z]+):", line)
        if m and m.group(1) in METHODS and path:
            ops.append(f"{m.group(1).upper()} {path}")
    return ops


def examples(docs):
    covered = set()
    for md in sorted(pathlib.Path(docs).rglob("*.md")):
        heading, has_code = None, False
        for line in md.read_text(encoding="utf-8").splitlines() + ["# end"]:
            m = re.match(r"^#+\s+(.*?)\s*$", line)
            if m:
                if heading and has_code:
                    covered.add(heading)
                heading, has_code = m.group(1).strip("` "), False
            elif line.startswith("```"):
                has_code = True
    return covered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    parser.add_argument("--docs", required=True)
    args = parser.parse_args()
    ops = operations(args.spec)
    if not ops:
        print(f"api examples: {args.spec} has no operations")
        return 1
    missing = [op for op in ops if op not in examples(args.docs)]
    for op in missing:
        print(f"api examples: no code example for {op}")
    print(f"api examples: {len(ops) - len(missing)} of {len(ops)} operations have an example")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

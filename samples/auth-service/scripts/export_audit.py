#!/usr/bin/env python3
"""Exports the audit log (JSON lines) to CSV for auditors.

  python3 scripts/export_audit.py --source audit/security.jsonl --out export.csv
  python3 scripts/export_audit.py --source audit/security.jsonl --verify   exports into a temporary folder, reads the
                                                                           CSV back and compares it with the source
Every event must carry timestamp, type and actor; a line that is not such an event fails the export.
"""
import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

REQUIRED = ("timestamp", "type", "actor")


def read_events(source):
    events, problems = [], []
    for number, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number} is not JSON ({e.msg})")
            continue
        missing = [f for f in REQUIRED if not event.get(f)]
        if missing:
            problems.append(f"line {number} lacks {', '.join(missing)}")
            continue
        events.append(event)
    return events, problems


def export(events, out):
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["timestamp", "type", "actor", "details"])
        for e in events:
            details = {k: v for k, v in e.items() if k not in REQUIRED}
            writer.writerow([e["timestamp"], e["type"], e["actor"], json.dumps(details, sort_keys=True)])


def read_back(out):
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [dict(timestamp=r["timestamp"], type=r["type"], actor=r["actor"], **json.loads(r["details"])) for r in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--out")
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    events, problems = read_events(args.source)
    for p in problems:
        print(f"audit export: {p}")
    if problems:
        return 1
    if not events:
        print(f"audit export: {args.source} holds no events")
        return 1
    if not args.verify:
        export(events, args.out or "audit-export.csv")
        print(f"audit export: {len(events)} events written to {args.out or 'audit-export.csv'}")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "audit-export.csv"
        export(events, out)
        back = read_back(out)
    if back != events:
        print(f"audit export: the CSV read back differs from the source ({len(back)} rows, {len(events)} events)")
        return 1
    print(f"audit export: {len(events)} events exported, round trip verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())

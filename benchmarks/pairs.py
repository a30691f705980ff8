#!/usr/bin/env python3
"""Runs two commands interleaved (ours, peer, peer, ours, ...) and prints one ROW line.

Every benchmark script compares Readiness with a peer tool through this one helper, so every comparison is measured
the same way: the same number of warm-up runs on both sides (not timed), then N pairs in which the side that goes
first alternates, wall time and CPU time (user+sys of the process tree, from wait4) per run, and the ratio
ours/peer per pair. It prints every pair, then the medians and the min-max of the per-pair ratios, and the machine line

    ROW<TAB>measure<TAB>ours-median<TAB>peer-median<TAB>ratio-median<TAB>ratio-min<TAB>ratio-max<TAB>mode<TAB>loadavg

that benchmarks/run-all.sh collects. ratio = ours / peer of the named measure (wall seconds unless --metric says
otherwise), so below 1 means Readiness is faster. The load average is read before the first and after the last
run; both are printed, the row carries the higher.

Usage: pairs.py --measure NAME --ours CMD --peer CMD [--pairs 5] [--warmup 1] [--mode cold] [--metric wall|cpu|rss]
       [--ok-codes 0,1] [--cwd DIR]
Commands run through bash -c. A run whose exit code is not in --ok-codes aborts the comparison (exit 1).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(command, cwd, ok_codes):
    """Wall seconds, CPU seconds (children's user+sys) and peak RSS in MiB of one bash -c run."""
    start = time.perf_counter()
    process = subprocess.Popen(["bash", "-c", command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage; bash waits for its pipeline, so the figures cover the whole tree.
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = code
    if code not in ok_codes:
        sys.stderr.write(f"command failed with exit code {code}: {command}\n{error[-2000:]}\n")
        sys.exit(1)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--measure", required=True)
    p.add_argument("--ours", required=True)
    p.add_argument("--peer", required=True)
    p.add_argument("--pairs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--mode", default="cold", choices=["cold", "warm"])
    p.add_argument("--metric", default="wall", choices=["wall", "cpu", "rss"])
    p.add_argument("--ok-codes", default="0")
    p.add_argument("--cwd", default=None)
    a = p.parse_args()
    ok = {int(c) for c in a.ok_codes.split(",")}

    load_before = load_average()
    for _ in range(a.warmup):
        run(a.ours, a.cwd, ok)
        run(a.peer, a.cwd, ok)
    ours, peer = [], []
    for i in range(a.pairs):
        if i % 2 == 0:
            o = run(a.ours, a.cwd, ok)
            q = run(a.peer, a.cwd, ok)
        else:
            q = run(a.peer, a.cwd, ok)
            o = run(a.ours, a.cwd, ok)
        ours.append(o)
        peer.append(q)
        print(f"  pair {i + 1}: ours wall {o['wall']:.3f} s cpu {o['cpu']:.3f} s rss {o['rss']:.0f} MiB | "
              f"peer wall {q['wall']:.3f} s cpu {q['cpu']:.3f} s rss {q['rss']:.0f} MiB | "
              f"ratio {o[a.metric] / q[a.metric]:.2f} ({'ours first' if i % 2 == 0 else 'peer first'})")
    load_after = load_average()
    ratios = [o[a.metric] / q[a.metric] for o, q in zip(ours, peer)]
    om = statistics.median(o[a.metric] for o in ours)
    pm = statistics.median(q[a.metric] for q in peer)
    unit = {"wall": "s", "cpu": "s", "rss": "MiB"}[a.metric]
    print(f"  {a.measure}: ours median {om:.3f} {unit}, peer median {pm:.3f} {unit}; ratio median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}) over {a.pairs} pairs, {a.mode}; load average {load_before:.2f} -> {load_after:.2f}")
    print("\t".join(["ROW", a.measure, f"{om:.3f}", f"{pm:.3f}", f"{statistics.median(ratios):.2f}", f"{min(ratios):.2f}",
                     f"{max(ratios):.2f}", a.mode, f"{max(load_before, load_after):.2f}"]))


if __name__ == "__main__":
    main()

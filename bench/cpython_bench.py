#!/usr/bin/env python3
"""CPython's side of `./mpkit bench`: process start-up with the stdlib's multiprocessing.

Measures, for each start method (fork, spawn, forkserver), the rows the Java bench measures for mpkit:

  process.start_join  a no-op child, start() to join() returning, ms (median of SAMPLES after WARMUPS)
  process.burst20     20 children started back to back, then joined, processes/s (median of BURSTS after 1)

Prints one JSON object on stdout (with every sample, so that a caller can pool several runs) and progress on
stderr. Standard library only.

  python3 cpython_bench.py [--rows start_join,burst20] [--samples 20] [--warmups 2] [--bursts 3]
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

SAMPLES = 20
WARMUPS = 2
BURSTS = 3
BURST_SIZE = 20
METHODS = ("fork", "spawn", "forkserver")


def noop():
    pass


def summary(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
        "samples": values,
    }


def start_join_ms(ctx, samples_wanted, warmups):
    samples = []
    for i in range(warmups + samples_wanted):
        p = ctx.Process(target=noop)
        t0 = time.perf_counter()
        p.start()
        p.join()
        t1 = time.perf_counter()
        if p.exitcode != 0:
            raise RuntimeError(f"no-op child exited with {p.exitcode}")
        p.close()
        if i >= warmups:
            samples.append((t1 - t0) * 1000.0)
    return summary(samples)


def burst_per_s(ctx, bursts):
    rates = []
    for i in range(1 + bursts):
        procs = [ctx.Process(target=noop) for _ in range(BURST_SIZE)]
        t0 = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        t1 = time.perf_counter()
        for p in procs:
            if p.exitcode != 0:
                raise RuntimeError(f"no-op child exited with {p.exitcode}")
            p.close()
        if i >= 1:
            rates.append(BURST_SIZE / (t1 - t0))
    return summary(rates)


def main():
    ap = argparse.ArgumentParser(description="CPython multiprocessing start-up figures for ./mpkit bench")
    ap.add_argument("--rows", default="start_join,burst20")
    ap.add_argument("--samples", type=int, default=SAMPLES)
    ap.add_argument("--warmups", type=int, default=WARMUPS)
    ap.add_argument("--bursts", type=int, default=BURSTS)
    args = ap.parse_args()
    rows = args.rows.split(",")
    result = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpus": os.cpu_count(),
        "start_join_ms": {},
        "burst20_per_s": {},
    }
    for method in METHODS:
        if method not in mp.get_all_start_methods():
            continue
        ctx = mp.get_context(method)
        if "start_join" in rows:
            print(f"cpython: {method} start+join ...", file=sys.stderr, flush=True)
            result["start_join_ms"][method] = start_join_ms(ctx, args.samples, args.warmups)
        if "burst20" in rows:
            print(f"cpython: {method} burst of {BURST_SIZE} ...", file=sys.stderr, flush=True)
            result["burst20_per_s"][method] = burst_per_s(ctx, args.bursts)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

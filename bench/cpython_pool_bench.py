#!/usr/bin/env python3
"""CPython's side of `./mpkit bench` for pools, with the stdlib's multiprocessing.

Measures the rows the Java bench (PoolBench) measures for mpkit:

  pool.create_apply_close   Pool(2) created, one apply(), close(), join(); ms, with the spawn start method (the
                            issue's comparison), and with fork for information
  pool.floor_2_start_join   no pool: 2 processes that do nothing started at once and joined, spawn; ms: the floor
                            under pool.create_apply_close, what its 2 new interpreters cost alone
  pool.create_apply_close_warm   the same with forkserver, whose pre-started server is CPython's counterpart of
                            mpkit's pre-started spare JVMs
  pool.apply_async_rtt      apply_async(sqr, (i,)).get() on a warm Pool(2), us per round trip
  pool.map_100k_chunk1      map(sqr, range(100000), chunksize=1) on a warm Pool(2), tasks/s
  pool.map_100k_default     map(sqr, range(100000)) (default chunk size) on a warm Pool(2), tasks/s
  *_cold                    the same map as the first work of a fresh Pool(2), timed from the map call

Every row checks its result, as the Java side does. Warm rows keep one pool for all their repetitions, of which
the first is not measured. Uses the default start method (fork on Linux) except where said.
Prints one JSON object on stdout and progress on stderr. Standard library only.

  python3 cpython_pool_bench.py [--reps 5] [--quick] [--part all|create|rest] [--create-rounds 10]

--part create measures only pool.create_apply_close (spawn) and pool.floor_2_start_join, --create-rounds samples
each after one unmeasured: ./mpkit bench runs it in rounds interleaved with the JVMs' (these two rows are the most
sensitive to the machine's drift), and the other rows once with --part rest.
"""
import argparse
import json
import multiprocessing as mp
import platform
import statistics
import sys
import time

MAP_ITEMS = 100_000
RTT_ROUNDS = 2_000
CREATE_ROUNDS = 10


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "samples": values}


def sqr(x):
    return x * x


def progress(msg):
    print("cpython: " + msg, file=sys.stderr, flush=True)


def create_apply_close_ms(ctx, rounds):
    out = []
    for i in range(1 + rounds):
        t0 = time.perf_counter_ns()
        p = ctx.Pool(2)
        if p.apply(sqr, (7,)) != 49:
            raise RuntimeError("apply(sqr, (7,)) is not 49")
        p.close()
        p.join()
        if i >= 1:
            out.append((time.perf_counter_ns() - t0) / 1e6)
    return summary(out)


def noop():
    pass


def two_start_join_ms(ctx, rounds):
    out = []
    for i in range(1 + rounds):
        t0 = time.perf_counter_ns()
        a, b = ctx.Process(target=noop), ctx.Process(target=noop)
        a.start()
        b.start()
        a.join()
        b.join()
        if a.exitcode != 0 or b.exitcode != 0:
            raise RuntimeError(f"a process that does nothing exited with {a.exitcode}, {b.exitcode}")
        if i >= 1:
            out.append((time.perf_counter_ns() - t0) / 1e6)
    return summary(out)


def apply_async_rtt_us(ctx, reps, rounds):
    out = []
    with ctx.Pool(2) as p:
        for r in range(1 + reps):
            t0 = time.perf_counter_ns()
            for i in range(rounds):
                if p.apply_async(sqr, (i,)).get() != i * i:
                    raise RuntimeError(f"apply_async(sqr, ({i},)) is not {i * i}")
            if r >= 1:
                out.append((time.perf_counter_ns() - t0) / rounds / 1000.0)
        p.close()
        p.join()
    return summary(out)


def check(result, n):
    if len(result) != n or any(result[i] != i * i for i in range(0, n, 997)) or result[-1] != (n - 1) ** 2:
        raise RuntimeError("map returned a wrong result")


def map_warm(ctx, reps, n, chunksize):
    out = []
    with ctx.Pool(2) as p:
        for r in range(1 + reps):
            t0 = time.perf_counter_ns()
            result = p.map(sqr, range(n), chunksize) if chunksize else p.map(sqr, range(n))
            dt = (time.perf_counter_ns() - t0) / 1e9
            check(result, n)
            if r >= 1:
                out.append(n / dt)
        p.close()
        p.join()
    return summary(out)


def map_cold(ctx, reps, n, chunksize):
    out = []
    for _ in range(reps):
        with ctx.Pool(2) as p:
            t0 = time.perf_counter_ns()
            result = p.map(sqr, range(n), chunksize) if chunksize else p.map(sqr, range(n))
            dt = (time.perf_counter_ns() - t0) / 1e9
            check(result, n)
            out.append(n / dt)
            p.close()
            p.join()
    return summary(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--part", choices=["all", "create", "rest"], default="all")
    ap.add_argument("--create-rounds", type=int, default=CREATE_ROUNDS)
    a = ap.parse_args()
    scale = 20 if a.quick else 1
    ctx = mp.get_context()
    out = {"python": platform.python_version(), "start_method": ctx.get_start_method()}
    if a.part != "rest":
        rounds = max(2, a.create_rounds // scale)
        progress("pool.create_apply_close (spawn)")
        out["pool_create_apply_close_ms"] = create_apply_close_ms(mp.get_context("spawn"), rounds)
        progress("pool.floor_2_start_join (spawn)")
        out["pool_floor_2_start_join_ms"] = two_start_join_ms(mp.get_context("spawn"), rounds)
    if a.part == "create":
        json.dump(out, sys.stdout)
        sys.stdout.flush()
        return
    progress("pool.create_apply_close (fork, for information)")
    out["pool_create_apply_close_fork_ms"] = create_apply_close_ms(mp.get_context("fork"),
                                                                    max(2, CREATE_ROUNDS // scale))
    progress("pool.create_apply_close (forkserver, against mpkit's warm figure)")
    out["pool_create_apply_close_warm_ms"] = create_apply_close_ms(mp.get_context("forkserver"),
                                                                    max(2, CREATE_ROUNDS // scale))
    progress("pool.apply_async_rtt")
    out["pool_apply_async_rtt_us"] = apply_async_rtt_us(ctx, a.reps, RTT_ROUNDS // scale)
    n = MAP_ITEMS // scale
    progress("pool.map_100k_chunk1")
    out["pool_map_100k_chunk1"] = map_warm(ctx, a.reps, n, 1)
    progress("pool.map_100k_chunk1_cold")
    out["pool_map_100k_chunk1_cold"] = map_cold(ctx, a.reps, n, 1)
    progress("pool.map_100k_default")
    out["pool_map_100k_default"] = map_warm(ctx, a.reps, n, None)
    progress("pool.map_100k_default_cold")
    out["pool_map_100k_default_cold"] = map_cold(ctx, a.reps, n, None)
    json.dump(out, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

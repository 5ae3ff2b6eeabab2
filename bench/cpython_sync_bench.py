#!/usr/bin/env python3
"""CPython's side of `./mpkit bench` for locks and semaphores, with the stdlib's multiprocessing.

Measures, with the default start method (fork on Linux), the rows the Java bench (SyncBench) measures for mpkit:

  lock.uncontended          Lock acquire()+release() in one process, ns per pair (median of REPS runs of N pairs)
  semaphore.handoff_rtt     two processes passing control through two Semaphore(0), us per round trip
  lock.contended_2proc      two processes each doing lock, increment a shared counter, unlock; ops/s in total
  lock.blocked_waiter_cpu   CPU used by a process blocked 2 s in acquire(), ms (process CPU time)

Prints one JSON object on stdout and progress on stderr. Standard library only.

  python3 cpython_sync_bench.py [--reps 5] [--quick]
"""
import argparse
import json
import multiprocessing as mp
import platform
import statistics
import sys
import time

UNCONTENDED_PAIRS = 1_000_000
HANDOFF_ROUNDS = 5_000
CONTENDED_OPS = 200_000
BLOCKED_S = 2.0


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "samples": values}


def lock_uncontended_ns(ctx, reps, pairs):
    lock = ctx.Lock()
    acquire, release = lock.acquire, lock.release
    out = []
    for _ in range(1 + reps):
        t0 = time.perf_counter_ns()
        for _ in range(pairs):
            acquire()
            release()
        out.append((time.perf_counter_ns() - t0) / pairs)
    return summary(out[1:])


def _ponger(a, b, rounds):
    for _ in range(rounds):
        a.acquire()
        b.release()


def semaphore_handoff_rtt_us(ctx, reps, rounds):
    a, b = ctx.Semaphore(0), ctx.Semaphore(0)
    p = ctx.Process(target=_ponger, args=(a, b, rounds * (1 + reps)))
    p.start()
    out = []
    for _ in range(1 + reps):
        t0 = time.perf_counter_ns()
        for _ in range(rounds):
            a.release()
            b.acquire()
        out.append((time.perf_counter_ns() - t0) / rounds / 1000.0)
    p.join()
    if p.exitcode != 0:
        raise RuntimeError(f"handoff child exited with {p.exitcode}")
    return summary(out[1:])


def _incrementer(lock, counter, elapsed, slot, ready, go, ops):
    ready.release()
    go.acquire()
    t0 = time.perf_counter()
    for _ in range(ops):
        lock.acquire()
        counter.value += 1
        lock.release()
    elapsed[slot] = time.perf_counter() - t0


def lock_contended_ops(ctx, reps, ops):
    out = []
    for _ in range(reps):
        lock = ctx.Lock()
        counter = ctx.Value("q", 0, lock=False)
        elapsed = ctx.Array("d", 2, lock=False)
        ready, go = ctx.Semaphore(0), ctx.Semaphore(0)
        ps = [ctx.Process(target=_incrementer, args=(lock, counter, elapsed, i, ready, go, ops)) for i in range(2)]
        for p in ps:
            p.start()
        for _ in ps:
            ready.acquire()
        for _ in ps:
            go.release()
        for p in ps:
            p.join()
            if p.exitcode != 0:
                raise RuntimeError(f"incrementer exited with {p.exitcode}")
        if counter.value != 2 * ops:
            raise RuntimeError(f"lost updates under the lock: {counter.value} != {2 * ops}")
        out.append(2 * ops / max(elapsed[0], elapsed[1]))
    return summary(out)


def _blocked(lock, ready, cpu_ms):
    if lock.acquire(timeout=0.5):  # one unmeasured blocked wait first, as the Java side does
        raise RuntimeError("acquired a lock the parent holds")
    ready.release()
    c0 = time.process_time()
    lock.acquire()
    cpu_ms.value = (time.process_time() - c0) * 1000.0
    lock.release()


def blocked_waiter_cpu_ms(ctx, reps, blocked_s):
    out = []
    for _ in range(reps):
        lock, ready = ctx.Lock(), ctx.Semaphore(0)
        cpu_ms = ctx.Value("d", -1.0, lock=False)
        lock.acquire()
        p = ctx.Process(target=_blocked, args=(lock, ready, cpu_ms))
        p.start()
        ready.acquire()
        time.sleep(blocked_s)
        lock.release()
        p.join()
        if p.exitcode != 0 or cpu_ms.value < 0:
            raise RuntimeError(f"blocked waiter exited with {p.exitcode}")
        out.append(cpu_ms.value)
    return summary(out)


def main():
    ap = argparse.ArgumentParser(description="CPython multiprocessing lock and semaphore figures for ./mpkit bench")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script runs")
    args = ap.parse_args()
    scale = 100 if args.quick else 1
    ctx = mp.get_context()
    result = {"python": platform.python_version(), "start_method": ctx.get_start_method()}
    print("cpython: lock.uncontended ...", file=sys.stderr, flush=True)
    result["lock_uncontended_ns"] = lock_uncontended_ns(ctx, args.reps, UNCONTENDED_PAIRS // scale)
    print("cpython: semaphore.handoff_rtt ...", file=sys.stderr, flush=True)
    result["semaphore_handoff_rtt_us"] = semaphore_handoff_rtt_us(ctx, args.reps, HANDOFF_ROUNDS // scale)
    print("cpython: lock.contended_2proc ...", file=sys.stderr, flush=True)
    result["lock_contended_2proc_ops_per_s"] = lock_contended_ops(ctx, args.reps, CONTENDED_OPS // scale)
    print("cpython: lock.blocked_waiter_cpu ...", file=sys.stderr, flush=True)
    result["lock_blocked_waiter_cpu_ms"] = blocked_waiter_cpu_ms(ctx, min(args.reps, 3), BLOCKED_S / scale)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

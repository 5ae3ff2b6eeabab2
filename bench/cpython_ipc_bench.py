#!/usr/bin/env python3
"""CPython's side of `./mpkit bench` for pipes and queues, with the stdlib's multiprocessing.

Measures, with the default start method (fork on Linux), the rows the Java bench (ChannelBench) measures for mpkit:

  pipe.rtt_8B               a child echoes 8-byte send_bytes messages on Pipe(), us per round trip
  pipe.bandwidth_1MiB       a child sends 1 MiB send_bytes messages on Pipe(duplex=False), MB/s (10^6 bytes)
  queue.throughput_1to1     one child puts the ints 0..n-1 into a Queue(), the parent gets them; msgs/s from go
  queue.throughput_4to1     four children put n/4 ints each, the parent gets them all

Every row checks its own result, as the Java side does. Each row keeps its child processes for all its
repetitions, of which the first is not measured: steady-state figures, as on the Java side.
Prints one JSON object on stdout and progress on stderr. Standard library only.

  python3 cpython_ipc_bench.py [--reps 5] [--quick]
"""
import argparse
import json
import multiprocessing as mp
import platform
import statistics
import sys
import time

RTT_ROUNDS = 5_000
BANDWIDTH_MIB = 256
QUEUE_ITEMS = 200_000
MIB = 1 << 20


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "samples": values}


def _echo(conn, rounds):
    for _ in range(rounds):
        conn.send_bytes(conn.recv_bytes())
    conn.close()


def pipe_rtt_8b_us(ctx, reps, rounds):
    left, right = ctx.Pipe()
    p = ctx.Process(target=_echo, args=(right, rounds * (1 + reps)))
    p.start()
    right.close()
    msg = bytearray(b"\x01\x02\x03\x04\x05\x06\x07\x08")
    out = []
    for _ in range(1 + reps):
        t0 = time.perf_counter_ns()
        for i in range(rounds):
            msg[0] = i & 0xFF
            left.send_bytes(msg)
            back = left.recv_bytes()
            if len(back) != 8 or back[0] != msg[0]:
                raise RuntimeError(f"the echo of round {i} is not the message sent")
        out.append((time.perf_counter_ns() - t0) / rounds / 1000.0)
    left.close()
    p.join()
    if p.exitcode != 0:
        raise RuntimeError(f"echo child exited with {p.exitcode}")
    return summary(out[1:])


def _send(data, control, rounds, mib):
    buf = bytearray(MIB)
    for _ in range(rounds):
        control.recv()
        for i in range(mib):
            buf[0] = i & 0xFF
            data.send_bytes(buf)
    data.close()
    control.close()


def pipe_bandwidth_mb_s(ctx, reps, mib):
    reader, writer = ctx.Pipe(duplex=False)
    c_left, c_right = ctx.Pipe()
    p = ctx.Process(target=_send, args=(writer, c_right, 1 + reps, mib))
    p.start()
    writer.close()
    c_right.close()
    buf = bytearray(MIB)
    out = []
    for r in range(1 + reps):
        t0 = time.perf_counter()
        c_left.send(r)
        for i in range(mib):
            n = reader.recv_bytes_into(buf)
            if n != MIB or buf[0] != (i & 0xFF):
                raise RuntimeError(f"message {i} of round {r} arrived with {n} bytes or out of order")
        out.append(mib * MIB / 1e6 / (time.perf_counter() - t0))
    reader.close()
    c_left.close()
    p.join()
    if p.exitcode != 0:
        raise RuntimeError(f"sending child exited with {p.exitcode}")
    return summary(out[1:])


def _produce(q, ready, go, start, n, rounds):
    put = q.put
    for _ in range(rounds):
        ready.release()
        go.acquire()
        for i in range(start, start + n):
            put(i)
    q.close()
    q.join_thread()


def queue_throughput(ctx, reps, items, producers):
    each = items // producers
    out = []
    q = ctx.Queue()
    ready = ctx.Semaphore(0)
    go = [ctx.Semaphore(0) for _ in range(producers)]  # one each: a fast producer must not take another's go
    ps = [ctx.Process(target=_produce, args=(q, ready, go[i], i * each, each, 1 + reps)) for i in range(producers)]
    for p in ps:
        p.start()
    get = q.get
    for r in range(1 + reps):
        for _ in ps:
            ready.acquire()
        t0 = time.perf_counter()
        for g in go:
            g.release()
        seen = bytearray(each * producers)
        for _ in range(len(seen)):
            v = get()
            if v < 0 or v >= len(seen) or seen[v]:
                raise RuntimeError(f"got {v} in round {r}, which was not put or was got twice")
            seen[v] = 1
        out.append(len(seen) / (time.perf_counter() - t0))
    for p in ps:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"producer exited with {p.exitcode}")
    q.close()
    return summary(out[1:])


def main():
    ap = argparse.ArgumentParser(description="CPython multiprocessing pipe and queue figures for ./mpkit bench")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script runs")
    args = ap.parse_args()
    scale = 20 if args.quick else 1
    ctx = mp.get_context()
    result = {"python": platform.python_version(), "start_method": ctx.get_start_method()}
    print("cpython: pipe.rtt_8B ...", file=sys.stderr, flush=True)
    result["pipe_rtt_8b_us"] = pipe_rtt_8b_us(ctx, args.reps, RTT_ROUNDS // scale)
    print("cpython: pipe.bandwidth_1MiB ...", file=sys.stderr, flush=True)
    result["pipe_bandwidth_1mib_mb_s"] = pipe_bandwidth_mb_s(ctx, args.reps, max(8, BANDWIDTH_MIB // scale))
    print("cpython: queue.throughput_1to1 ...", file=sys.stderr, flush=True)
    result["queue_throughput_1to1"] = queue_throughput(ctx, args.reps, QUEUE_ITEMS // scale, 1)
    print("cpython: queue.throughput_4to1 ...", file=sys.stderr, flush=True)
    result["queue_throughput_4to1"] = queue_throughput(ctx, args.reps, QUEUE_ITEMS // scale, 4)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

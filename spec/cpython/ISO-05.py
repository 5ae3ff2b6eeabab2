"""ISO-05: two CPU-bound children run in parallel on two cores."""
# probe: exclusive (measures wall-clock time; run alone)
import os
import sys
import time

from _probe import check, main, recv, spawn

CPU_SECONDS = 0.5
LIMIT = 1.7 * CPU_SECONDS
ATTEMPTS = 3


def spin(conn):
    began = time.time()
    deadline = time.process_time() + CPU_SECONDS
    n = 0
    while time.process_time() < deadline:
        n += 1
    conn.send((began, time.time()))


def body():
    if len(os.sched_getaffinity(0)) < 2:
        print('[ISO-05] SKIPPED: fewer than 2 CPUs available; nothing to probe', file=sys.stderr)
        sys.exit(0)
    mp = spawn()
    spans = []
    for _ in range(ATTEMPTS):  # noise can only slow a parallel run down; a serial one never meets the limit
        r, w = mp.Pipe(duplex=False)
        procs = [mp.Process(target=spin, args=(w,)) for _ in range(2)]
        for p in procs:
            p.start()
        runs = [recv(r) for _ in procs]
        for p in procs:
            p.join()
        spans.append(max(end for _, end in runs) - min(began for began, _ in runs))
        if spans[-1] < LIMIT:
            return
    check(False, f'two {CPU_SECONDS} s CPU-bound children took {", ".join(f"{s:.3f}" for s in spans)} s wall '
                 f'in {ATTEMPTS} attempts; limit {LIMIT:.2f} s')


if __name__ == '__main__':
    main(body)

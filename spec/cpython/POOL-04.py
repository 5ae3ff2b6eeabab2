"""POOL-04: the number of live workers never exceeds processes, replacements included: Pool(2,
maxtasksperchild=1) runs 8 tasks in 8 worker processes, and no sample of the live workers (from /proc) nor of the
tasks' run intervals ever sees more than 2 at once."""
import os
import threading
import time

from _probe import check, expect, main, spawn


def stamp(_):
    began = time.time()
    time.sleep(0.02)
    return os.getpid(), began, time.time()


def live_workers():
    """Live, non-zombie children of this process that are spawn workers (not the resource tracker)."""
    me = str(os.getpid())
    found = set()
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmdline = f.read()
        except OSError:
            continue
        if fields[1] == me and fields[0] != 'Z' and b'spawn_main' in cmdline:
            found.add(int(pid))
    return found


def body():
    mp = spawn()
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], len(live_workers()))
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with mp.Pool(2, maxtasksperchild=1) as pool:
            runs = pool.map(stamp, range(8), chunksize=1)
            pool.close()
            pool.join()
    finally:
        done.set()
        sampler.join()
    expect(len({pid for pid, _, _ in runs}), 8, 'distinct workers for 8 tasks with maxtasksperchild=1')
    check(peak[0] <= 2, f'{peak[0]} live workers sampled at once')
    events = sorted([(b, 1) for _, b, _ in runs] + [(e, -1) for _, _, e in runs], key=lambda x: (x[0], x[1]))
    running = overlap = 0
    for _, delta in events:
        running += delta
        overlap = max(overlap, running)
    check(overlap <= 2, f'{overlap} tasks ran at once')


if __name__ == '__main__':
    main(body)

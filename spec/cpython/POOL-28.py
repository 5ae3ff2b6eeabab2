"""POOL-28: maxtasksperchild=k replaces a worker after k tasks: Pool(1, maxtasksperchild=2) with six apply calls
gives the pid pattern A A B B C C; a map chunk counts as one task."""
import os

from _probe import check, expect, main, spawn


def pid(_=None):
    return os.getpid()


def body():
    mp = spawn()
    with mp.Pool(1, maxtasksperchild=2) as pool:
        pids = [pool.apply(pid) for _ in range(6)]
        expect(len(set(pids)), 3, f'workers for six tasks {pids}')
        expect([pids[i] == pids[i + 1] for i in range(0, 6, 2)], [True] * 3, 'two tasks per worker')
    pool.join()
    with mp.Pool(1, maxtasksperchild=1) as pool:
        expect(len(set(pool.map(pid, range(10), chunksize=5))), 2, 'workers for two chunks of five items')
        check(len(mp.active_children()) <= 1, 'more than one live worker')
    pool.join()


if __name__ == '__main__':
    main(body)

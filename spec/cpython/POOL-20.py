"""POOL-20: a chunk is one task in one worker; map's default chunk size is ceil(n / (4 * processes)) and imap's is 1.
With maxtasksperchild=1 each chunk has its own worker: map of 6 items on Pool(1) uses 3 workers, two consecutive
items each, and imap of 2 items uses 2."""
from _probe import expect, main, spawn
import os


def pid(_):
    return os.getpid()


def sqr(x):
    return x * x


def body():
    mp = spawn()
    with mp.Pool(2) as pool:
        for n, size in ((20, 3), (16, 2), (17, 3), (1, 1)):
            expect(pool.map_async(sqr, range(n))._chunksize, size, f'default chunk size of {n} items on Pool(2)')
    pool.join()
    with mp.Pool(1, maxtasksperchild=1) as pool:
        pids = pool.map(pid, range(6))
        expect(len(set(pids)), 3, f'workers of map(6 items) on Pool(1) {pids}')
        expect([pids[i] == pids[i + 1] for i in range(0, 6, 2)], [True] * 3, 'pairs of items share a worker')
        expect(len(set(pool.imap(pid, range(2)))), 2, 'workers of imap(2 items)')
    pool.join()


if __name__ == '__main__':
    main(body)

"""POOL-01: Pool() has os.cpu_count() workers; Pool(3) has 3 whatever the CPU count, and three tasks that wait for
each other run in three distinct worker processes."""
import os

from _probe import check, expect, main, spawn

BARRIER = None


def keep(barrier):
    global BARRIER
    BARRIER = barrier


def meet(_):
    BARRIER.wait(10)  # returns only once three workers are here at once
    return os.getpid()


def workers():
    return [p for p in spawn().active_children() if p.name.startswith('SpawnPoolWorker-')]


def body():
    mp = spawn()
    with mp.Pool() as pool:
        expect(len(pool._pool), os.cpu_count(), 'workers of Pool()')
        expect(len(workers()), os.cpu_count(), 'pool workers among active_children()')
    pool.join()
    with mp.Pool(3, initializer=keep, initargs=(mp.Barrier(3),)) as pool:
        expect(len(pool._pool), 3, 'workers of Pool(3)')
        pids = pool.map(meet, range(3), chunksize=1)
        expect(len(set(pids)), 3, f'distinct pids of three tasks that meet at a barrier {pids}')
        check(set(pids) == {p.pid for p in workers()}, f'task pids {pids} are the workers of active_children()')
    pool.join()


if __name__ == '__main__':
    main(body)

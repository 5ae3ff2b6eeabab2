"""POOL-30 (deviation): a worker that dies while running a task (os._exit(3)) leaves that task's result not ready
forever: get(timeout) raises TimeoutError; the pool replaces the worker and serves later tasks, never with more
than processes workers alive."""
import multiprocessing
import os

from _probe import check, expect, main, raises, spawn


def die(_):
    os._exit(3)


def pid(_=None):
    return os.getpid()


def body():
    mp = spawn()
    with mp.Pool(1) as pool:
        first = pool.apply(pid)
        r = pool.apply_async(die, (None,))
        raises(multiprocessing.TimeoutError, r.get, timeout=0.5)
        second = pool.apply(pid)
        check(second != first, 'the task after the death ran in the dead worker')
        expect(r.ready(), False, 'ready() of the lost result')
        raises(multiprocessing.TimeoutError, r.get, timeout=0.1)
        expect(len(mp.active_children()), 1, 'live workers of Pool(1)')
    pool.join()


if __name__ == '__main__':
    main(body)

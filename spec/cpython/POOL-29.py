"""POOL-29: initializer(*initargs) runs once in every worker, replacements included, before its first task, and the
globals it sets are seen by that worker's tasks."""
import os

from _probe import expect, main, spawn

STATE = None


def init(tag):
    global STATE
    runs = STATE[2] + 1 if STATE else 1
    STATE = (tag, os.getpid(), runs)


def report(_=None):
    return os.getpid(), STATE


def body():
    mp = spawn()
    with mp.Pool(1, initializer=init, initargs=('jobs',), maxtasksperchild=2) as pool:
        seen = [pool.apply(report) for _ in range(4)]
    pool.join()
    expect(len({pid for pid, _ in seen}), 2, 'workers, the replacement included')
    for pid, state in seen:
        expect(state, ('jobs', pid, 1), f'what a task in worker {pid} sees')


if __name__ == '__main__':
    main(body)

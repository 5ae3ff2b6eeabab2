"""POOL-06: apply blocks until the task is done and returns its value; the tutorial's Pool(3) with four apply calls
runs them one after another, never overlapping."""
import time

from _probe import check, expect, main, spawn


def sqr(x):
    return x * x


def mul(x, y):
    return x * y


def function(index):
    began = time.time()
    time.sleep(0.05)
    return index, began, time.time()


def body():
    mp = spawn()
    with mp.Pool(3) as pool:
        expect(pool.apply(sqr, (7,)), 49, 'apply(sqr, (7,))')
        expect(pool.apply(mul, (), {'x': 3, 'y': 4}), 12, 'apply(mul, (), {x: 3, y: 4})')
        runs = []
        for i in range(4):
            before = time.time()
            index, began, ended = pool.apply(function, (i,))
            check(began >= before - 0.02 and time.time() >= ended - 0.02, f'apply({i}) returned before its task ended')
            runs.append((index, began, ended))
        expect([r[0] for r in runs], [0, 1, 2, 3], 'the order of the tasks')
        for (_, _, end), (i, start, _) in zip(runs, runs[1:]):
            check(start >= end - 0.02, f'task {i} started before the previous one ended')
    pool.join()


if __name__ == '__main__':
    main(body)

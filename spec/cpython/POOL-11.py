"""POOL-11: callback(value) on success and error_callback(exception) on failure, exactly one of them, once, in the
parent's result-handler thread; map_async's callback gets the whole list and its error_callback the first failure to
arrive."""
import os
import threading

from _probe import check, expect, main, spawn


def sqr(x):
    return x * x


def fail_on(x):
    if x in (3, 7):
        raise ValueError(f'fail {x}')
    return x


def body():
    mp = spawn()
    calls = []

    def record(kind):
        return lambda v: calls.append((kind, v, os.getpid(), threading.current_thread().name))

    with mp.Pool(2) as pool:
        r = pool.apply_async(sqr, (3,), callback=record('ok'), error_callback=record('error'))
        r.wait(10)
        expect([c[:2] for c in calls], [('ok', 9)], 'callbacks after a success')
        check(calls[0][2] == os.getpid() and '_handle_results' in calls[0][3], f'callback ran in {calls[0][2:]}')
        calls.clear()
        r = pool.apply_async(fail_on, (3,), callback=record('ok'), error_callback=record('error'))
        r.wait(10)
        expect([(k, repr(v)) for k, v, *_ in calls], [('error', "ValueError('fail 3')")], 'callbacks after a failure')
        calls.clear()
        pool.map_async(sqr, range(5), callback=record('ok'), error_callback=record('error')).wait(10)
        expect([c[:2] for c in calls], [('ok', [0, 1, 4, 9, 16])], 'map_async callbacks')
        calls.clear()
        pool.map_async(fail_on, range(10), chunksize=1, callback=record('ok'),
                       error_callback=record('error')).wait(10)
        check(len(calls) == 1 and calls[0][0] == 'error' and str(calls[0][1]) in ('fail 3', 'fail 7'),
              f'map_async with failures: {calls}')
    pool.join()


if __name__ == '__main__':
    main(body)

"""SEM-06: acquire(timeout=t) at zero returns False no earlier than t; a negative timeout counts as zero."""
import time

from _probe import check, expect, main, spawn

TIMEOUT = 0.2
SLACK = 0.001  # CPython computes the deadline from gettimeofday(), in whole microseconds


def timed(fn, *args, **kwargs):
    began = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - began


def body():
    mp = spawn()
    for make in (mp.Semaphore, mp.BoundedSemaphore):
        sem = make(0)
        kind = type(sem).__name__
        result, took = timed(sem.acquire, timeout=TIMEOUT)
        expect(result, False, f'acquire(timeout={TIMEOUT}) on {kind}(0)')
        check(TIMEOUT - SLACK <= took < TIMEOUT + 2, f'acquire(timeout={TIMEOUT}) returned False after {took:.4f} s')
        for how, kwargs in (('acquire(True, -1)', dict(block=True, timeout=-1)), ('acquire(timeout=-5)', dict(timeout=-5))):
            result, took = timed(sem.acquire, **kwargs)
            expect(result, False, f'{how} on {kind}(0)')
            check(took < 0.1, f'{how} on {kind}(0) took {took:.3f} s; expected no wait')
        sem = make(1)
        expect(sem.acquire(timeout=-1), True, f'acquire(timeout=-1) on {kind}(1)')
        expect(sem.get_value(), 0, 'value after it')


if __name__ == '__main__':
    main(body)

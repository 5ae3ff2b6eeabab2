"""LOCK-03: a held Lock refuses acquire(False) and a zero timeout at once, even from the thread that holds it."""
import time

from _probe import check, expect, main, spawn


def timed(fn, *args, **kwargs):
    began = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - began


def body():
    lock = spawn().Lock()
    expect(lock.acquire(), True, 'acquire() on a free Lock')
    for how, kwargs in (('acquire(False)', dict(block=False)), ('acquire(timeout=0)', dict(timeout=0)),
                        ('acquire(True, 0)', dict(block=True, timeout=0))):
        result, took = timed(lock.acquire, **kwargs)
        expect(result, False, f'{how} by the holder of a Lock')
        check(took < 0.1, f'{how} by the holder took {took:.3f} s; expected no wait')
    result, took = timed(lock.acquire, timeout=0.2)
    expect(result, False, 'acquire(timeout=0.2) by the holder of a Lock (not recursive)')
    check(took >= 0.199, f'acquire(timeout=0.2) by the holder returned after {took:.3f} s')
    lock.release()
    expect(lock.acquire(False), True, 'acquire(False) once released')  # one release undid one acquire


if __name__ == '__main__':
    main(body)

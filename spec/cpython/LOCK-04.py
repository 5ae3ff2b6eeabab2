"""LOCK-04: acquire(timeout=t) on a lock held elsewhere returns False, and not before t has passed."""
import time

from _probe import check, expect, main, spawn

TIMEOUT = 0.3
SLACK = 0.001  # CPython computes the deadline from gettimeofday(), in whole microseconds


def hold(lock, held, done):
    lock.acquire()
    held.set()
    done.wait(10)


def body():
    mp = spawn()
    for make in (mp.Lock, mp.RLock):
        lock, held, done = make(), mp.Event(), mp.Event()
        kind = type(lock).__name__
        p = mp.Process(target=hold, args=(lock, held, done))
        p.start()
        check(held.wait(10), 'the child did not take the lock')
        began = time.monotonic()
        result = lock.acquire(timeout=TIMEOUT)
        took = time.monotonic() - began
        expect(result, False, f'acquire(timeout={TIMEOUT}) on a {kind} held by a child')
        check(took >= TIMEOUT - SLACK, f'acquire(timeout={TIMEOUT}) returned False after only {took:.4f} s')
        check(took < TIMEOUT + 2, f'acquire(timeout={TIMEOUT}) returned after {took:.3f} s')
        done.set()
        p.join()


if __name__ == '__main__':
    main(body)

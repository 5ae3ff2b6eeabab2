"""LOCK-05: a negative timeout counts as zero: acquire(timeout=-1) does not wait, unlike threading.Lock."""
import threading
import time

from _probe import check, expect, main, spawn


def body():
    mp = spawn()
    for make in (mp.Lock, mp.RLock):
        lock = make()
        kind = type(lock).__name__
        expect(lock.acquire(timeout=-1), True, f'acquire(timeout=-1) on a free {kind}')
        box = []

        def other_thread():
            began = time.monotonic()
            box.append((lock.acquire(True, -1), lock.acquire(timeout=-0.5), time.monotonic() - began))

        t = threading.Thread(target=other_thread)
        t.start()
        t.join(10)
        check(not t.is_alive(), f'acquire(True, -1) on a held {kind} waited (as threading.Lock does, forever)')
        first, second, took = box[0]
        expect((first, second), (False, False), f'acquire(True, -1), acquire(timeout=-0.5) on a held {kind}')
        check(took < 0.1, f'the two negative-timeout acquires took {took:.3f} s; expected no wait')
        lock.release()
    # The contrast the clause draws: threading.Lock treats -1 as "wait forever" and rejects other negatives.
    plain = threading.Lock()
    expect(plain.acquire(True, -1), True, 'threading.Lock().acquire(True, -1) on a free lock')
    try:
        plain.acquire(timeout=-0.5)
    except ValueError:
        pass
    else:
        check(False, 'threading.Lock().acquire(timeout=-0.5) did not raise ValueError')


if __name__ == '__main__':
    main(body)

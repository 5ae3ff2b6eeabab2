"""SEM-03: acquire takes one permit; at zero, acquire(False) and a zero timeout return False at once."""
import time

from _probe import check, expect, main, spawn


def body():
    mp = spawn()
    for make in (mp.Semaphore, mp.BoundedSemaphore):
        sem = make(2)
        kind = f'{type(sem).__name__}(2)'
        expect(sem.acquire(), True, f'acquire() on {kind}')
        expect(sem.get_value(), 1, f'value after one acquire() on {kind}')
        expect(sem.acquire(timeout=5), True, 'acquire(timeout=5) at value 1')
        expect(sem.get_value(), 0, f'value after two acquires on {kind}')
        began = time.monotonic()
        expect((sem.acquire(False), sem.acquire(timeout=0)), (False, False), 'acquire(False), acquire(timeout=0) at 0')
        check(time.monotonic() - began < 0.1, 'acquire(False) or acquire(timeout=0) waited at value 0')
        expect(sem.get_value(), 0, 'value after the refused acquires')
        expect(sem.release(), None, 'release()')
        expect(sem.get_value(), 1, 'value after one release()')


if __name__ == '__main__':
    main(body)

"""MGR-05: manager semaphores count across processes: Semaphore(2) lets two holders in and a child's third acquire
waits; BoundedSemaphore(1) released above its value raises ValueError('Semaphore released too many times');
Semaphore(-1) fails in the server with ValueError('semaphore initial value must be >= 0'), re-raised as a
RemoteError."""
from multiprocessing.managers import RemoteError

from _probe import check, expect, main, raises, recv, spawn


def third(sem, conn):
    conn.send(sem.acquire(timeout=0.3))
    conn.send(sem.acquire(timeout=10))


def body():
    mp = spawn()
    with mp.Manager() as m:
        sem = m.Semaphore(2)
        check(sem.acquire(False) and sem.acquire(False), 'two holders')
        mine, theirs = mp.Pipe()
        p = mp.Process(target=third, args=(sem, theirs))
        p.start()
        expect(recv(mine), False, "a third holder's acquire(timeout=0.3) in a child")
        sem.release()
        expect(recv(mine), True, "the child's acquire after a release")
        p.join()
        bounded = m.BoundedSemaphore(1)
        expect(str(raises(ValueError, bounded.release)), 'Semaphore released too many times', 'bounded release')
        error = raises(RemoteError, m.Semaphore, -1)
        check('ValueError: semaphore initial value must be >= 0' in str(error), f'Semaphore(-1): {error}')


if __name__ == '__main__':
    main(body)

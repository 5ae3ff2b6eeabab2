"""SEM-07: release() in one process wakes a waiter in another; one release lets exactly one of two waiters through."""
import time

from _probe import check, expect, main, recv, spawn

BLOCKED = 0.2


def wait_for(sem, conn, timed):
    conn.send('waiting')
    acquired = sem.acquire(timeout=10) if timed else sem.acquire()
    conn.send((acquired, time.time()))


def body():
    mp = spawn()
    sem = mp.Semaphore(0)
    r, w = mp.Pipe(duplex=False)
    waiters = [mp.Process(target=wait_for, args=(sem, w, timed)) for timed in (False, True)]
    for p in waiters:
        p.start()
    expect((recv(r), recv(r)), ('waiting', 'waiting'), 'first messages from the two children')
    check(not r.poll(BLOCKED), 'a child acquired from Semaphore(0) before any release()')
    for n in (1, 2):
        released_at = time.time()
        sem.release()
        acquired, acquired_at = recv(r)
        expect(acquired, True, f'what a waiting child got after release() number {n}')
        check(-0.02 <= acquired_at - released_at < 1.0,
              f'a waiting child acquired {acquired_at - released_at:.3f} s after release() number {n}')
        if n == 1:
            check(not r.poll(BLOCKED), 'one release() let both waiting children through')
    for p in waiters:
        p.join()
    expect(sem.get_value(), 0, 'value after two releases taken by two waiters')


if __name__ == '__main__':
    main(body)

"""LOCK-10: release() in one process wakes a thread blocked in acquire() in another, promptly."""
import time

from _probe import check, expect, main, recv, spawn

BLOCKED = 0.1  # how long the child stays blocked before the parent releases


def wait_for(lock, conn, timed):
    conn.send('waiting')
    acquired = lock.acquire(timeout=10) if timed else lock.acquire()
    conn.send((acquired, time.time()))
    lock.release()


def body():
    mp = spawn()
    for make in (mp.Lock, mp.RLock):
        for timed in (False, True):
            lock = make()
            kind = f'{type(lock).__name__}.acquire({"timeout=10" if timed else ""})'
            lock.acquire()
            r, w = mp.Pipe(duplex=False)
            p = mp.Process(target=wait_for, args=(lock, w, timed))
            p.start()
            expect(recv(r), 'waiting', 'first message from the child')
            check(not r.poll(BLOCKED), f'{kind} in a child returned while the parent held the lock')
            released_at = time.time()
            lock.release()
            acquired, acquired_at = recv(r)
            p.join()
            expect(acquired, True, f'{kind} in a child after the parent released')
            latency = acquired_at - released_at
            check(-0.02 <= latency < 1.0, f'{kind} in a child returned {latency:.3f} s after the release')


if __name__ == '__main__':
    main(body)

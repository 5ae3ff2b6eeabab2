"""LOCK-07: releasing an unlocked Lock raises ValueError, in any process, and leaves the lock free (value 1)."""
from _probe import expect, main, raises, recv, spawn

MESSAGE = 'semaphore or lock released too many times'


def release_unlocked(lock, conn):
    try:
        lock.release()
    except ValueError as e:
        conn.send(str(e))
    else:
        conn.send(None)


def body():
    mp = spawn()
    lock = mp.Lock()
    expect(str(raises(ValueError, lock.release)), MESSAGE, 'release() of a never-acquired Lock')
    lock.acquire()
    lock.release()
    expect(str(raises(ValueError, lock.release)), MESSAGE, 'a second release() of a Lock')
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=release_unlocked, args=(lock, w))
    p.start()
    expect(recv(r), MESSAGE, "a child's release() of an unlocked Lock")
    p.join()
    # Nothing changed: the lock is free, and holds one "permit", not two.
    expect(lock.acquire(False), True, 'acquire(False) after the refused releases')
    expect(lock.acquire(False), False, 'a second acquire(False): the refused releases added nothing')


if __name__ == '__main__':
    main(body)

"""MGR-04: a manager lock excludes across processes: held by the parent, a child's acquire(timeout=0.3) is False no
earlier than 0.3 s; after the parent's release the child acquires; release() of an unlocked manager lock raises
RuntimeError('release unlocked lock')."""
import time

from _probe import check, expect, main, raises, recv, spawn


def contend(lock, conn):
    began = time.monotonic()
    got = lock.acquire(timeout=0.3)
    conn.send((got, time.monotonic() - began))
    conn.recv()  # the parent has released
    conn.send(lock.acquire(timeout=10))
    lock.release()


def body():
    mp = spawn()
    with mp.Manager() as m:
        lock = m.Lock()
        lock.acquire()
        mine, theirs = mp.Pipe()
        p = mp.Process(target=contend, args=(lock, theirs))
        p.start()
        got, took = recv(mine)
        check(got is False and took >= 0.3, f'the child acquire(timeout=0.3) gave {got} after {took:.4f} s')
        lock.release()
        mine.send('released')
        expect(recv(mine), True, "the child's acquire after the release")
        p.join()
        expect(str(raises(RuntimeError, lock.release)), 'release unlocked lock', 'release() of an unlocked lock')


if __name__ == '__main__':
    main(body)

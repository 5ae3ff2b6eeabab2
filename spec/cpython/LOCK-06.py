"""LOCK-06: any process or thread may release a Lock, not only the one that acquired it."""
import threading

from _probe import expect, main, recv, spawn


def release_it(lock, conn):
    lock.release()
    conn.send('released')


def acquire_it(lock, conn):
    conn.send(lock.acquire(False))


def run(mp, target, lock):
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=target, args=(lock, w))
    p.start()
    result = recv(r)
    p.join()
    expect(p.exitcode, 0, f'exitcode of the child running {target.__name__}')
    return result


def body():
    mp = spawn()
    lock = mp.Lock()
    lock.acquire()
    run(mp, release_it, lock)  # the parent acquired, a child releases
    expect(lock.acquire(False), True, 'acquire(False) in the parent after a child released its lock')
    t = threading.Thread(target=lock.release)  # the main thread acquired, another thread releases
    t.start()
    t.join()
    expect(run(mp, acquire_it, lock), True, "a child's acquire(False) after another thread released the lock")
    lock.release()  # the child acquired, the parent releases
    expect(lock.acquire(False), True, 'acquire(False) in the parent after it released the lock a child took')


if __name__ == '__main__':
    main(body)

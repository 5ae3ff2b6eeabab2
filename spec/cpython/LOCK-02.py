"""LOCK-02: acquire() on a free lock succeeds and holds it against every thread of every process."""
import threading

from _probe import expect, main, recv, spawn


def try_in_child(lock, conn):
    conn.send(lock.acquire(False))
    conn.send(lock.acquire(timeout=0.1))


def try_in_thread(lock):
    box = []
    t = threading.Thread(target=lambda: box.append((lock.acquire(False), lock.acquire(timeout=0.1))))
    t.start()
    t.join()
    return box[0]


def try_from_child(mp, lock):
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=try_in_child, args=(lock, w))
    p.start()
    results = (recv(r), recv(r))
    p.join()
    return results


def body():
    mp = spawn()
    for make in (mp.Lock, mp.RLock):
        lock = make()
        kind = type(lock).__name__
        expect(lock.acquire(), True, f'{kind}.acquire() on a free lock')
        expect(try_in_thread(lock), (False, False), f'another thread: acquire(False), acquire(timeout=0.1) on a held {kind}')
        expect(try_from_child(mp, lock), (False, False), f'a child: acquire(False), acquire(timeout=0.1) on a held {kind}')
        lock.release()
        expect(try_from_child(mp, lock)[0], True, f"a child's acquire(False) once the {kind} is released")


if __name__ == '__main__':
    main(body)

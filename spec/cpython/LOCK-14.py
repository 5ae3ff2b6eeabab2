"""LOCK-14: RLock ownership is visible: its repr names the owner and the hold count, as seen from each thread and process."""
import threading

from _probe import expect, main, recv, spawn


def look_in_child(lock, conn):
    conn.send(repr(lock))
    lock.acquire()
    lock.acquire()
    conn.send(repr(lock))
    lock.release()
    lock.release()


def repr_in_thread(lock, take=False):
    box = []

    def run():
        if take:
            lock.acquire()
        box.append(repr(lock))
        if take:
            lock.release()

    t = threading.Thread(target=run, name='Worker')
    t.start()
    t.join()
    return box[0]


def body():
    mp = spawn()
    lock = mp.RLock()
    expect(repr(lock), '<RLock(None, 0)>', 'repr of a free RLock')
    for n in (1, 2, 3):
        lock.acquire()
        expect(repr(lock), f'<RLock(MainProcess, {n})>', f'repr in the owner after {n} acquires')
    expect(repr_in_thread(lock), '<RLock(SomeOtherThread, nonzero)>', 'repr in another thread of the owner process')
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=look_in_child, args=(lock, w), name='Looker')
    p.start()
    expect(recv(r), '<RLock(SomeOtherProcess, nonzero)>', 'repr in a child while the parent owns the RLock')
    for _ in range(3):
        lock.release()
    expect(recv(r), '<RLock(Looker, 2)>', 'repr in the child once it owns the RLock twice')
    p.join()
    expect(repr(lock), '<RLock(None, 0)>', 'repr in the parent once the child released')
    expect(repr_in_thread(lock, take=True), '<RLock(MainProcess|Worker, 1)>', 'repr in a non-main thread that owns it')


if __name__ == '__main__':
    main(body)

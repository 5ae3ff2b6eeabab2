"""LOCK-13: releasing an RLock from a non-owner (thread or process), or when unowned, raises and changes nothing."""
import threading

from _probe import expect, main, raises, recv, spawn

MESSAGE = 'attempt to release recursive lock not owned by thread'


def release_in_child(lock, conn):
    try:
        lock.release()
    except AssertionError as e:
        conn.send(str(e))
    else:
        conn.send(None)


def release_in_thread(lock):
    box = []

    def run():
        try:
            lock.release()
        except AssertionError as e:
            box.append(str(e))

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return box[0] if box else None


def body():
    mp = spawn()
    lock = mp.RLock()
    expect(str(raises(AssertionError, lock.release)), MESSAGE, 'release() of an unowned RLock')
    lock.acquire()
    lock.acquire()
    expect(release_in_thread(lock), MESSAGE, 'release() from another thread of the owner process')
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=release_in_child, args=(lock, w))
    p.start()
    expect(recv(r), MESSAGE, 'release() from a child while the parent owns the RLock')
    p.join()
    expect(repr(lock), '<RLock(MainProcess, 2)>', 'owner and count after the refused releases')
    lock.release()
    lock.release()
    expect(repr(lock), '<RLock(None, 0)>', 'repr after the owner released twice')
    expect(str(raises(AssertionError, lock.release)), MESSAGE, 'a release() more than the acquires')


if __name__ == '__main__':
    main(body)

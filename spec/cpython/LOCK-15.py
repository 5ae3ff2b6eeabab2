"""LOCK-15: an RLock whose owner died stays held, and no other process or thread may release it."""
import os
import threading

from _probe import check, expect, main, raises, spawn

MESSAGE = 'attempt to release recursive lock not owned by thread'


def take_and_exit(lock, held):
    lock.acquire()
    held.set()
    os._exit(0)


def body():
    mp = spawn()
    lock, held = mp.RLock(), mp.Event()
    p = mp.Process(target=take_and_exit, args=(lock, held))
    p.start()
    check(held.wait(10), 'the child did not take the RLock')
    p.join()
    expect(lock.acquire(timeout=0.1), False, 'acquire(timeout=0.1) after the owner process died')
    expect(str(raises(AssertionError, lock.release)), MESSAGE, 'release() after the owner process died')
    expect(lock.acquire(False), False, 'acquire(False) after the refused release(): still held')
    # The same when the owner is a thread that ended in a process that lives on.
    orphan = mp.RLock()
    t = threading.Thread(target=orphan.acquire)
    t.start()
    t.join()
    expect(orphan.acquire(timeout=0.1), False, 'acquire(timeout=0.1) after the owner thread ended')
    expect(str(raises(AssertionError, orphan.release)), MESSAGE, 'release() after the owner thread ended')


if __name__ == '__main__':
    main(body)

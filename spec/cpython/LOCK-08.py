"""LOCK-08: `with lock:` holds the lock in the block and releases it when the block ends, normally or by an exception."""
import threading

from _probe import check, expect, main, spawn


def held_elsewhere(lock):
    box = []
    t = threading.Thread(target=lambda: box.append(lock.acquire(False) and (lock.release() or True)))
    t.start()
    t.join()
    return box[0]


class Boom(Exception):
    pass


def body():
    mp = spawn()
    for make in (mp.Lock, mp.RLock):
        lock = make()
        kind = type(lock).__name__
        with lock as entered:
            expect(entered, True, f'the value of `with {kind}() as v`')
            check(not held_elsewhere(lock), f'another thread acquired a {kind} inside its with block')
        check(held_elsewhere(lock), f'the {kind} was still held after the with block ended normally')
        try:
            with lock:
                raise Boom()
        except Boom:
            pass
        check(held_elsewhere(lock), f'the {kind} was still held after the with block ended by an exception')
    rlock = mp.RLock()
    with rlock:
        with rlock:
            expect(repr(rlock), '<RLock(MainProcess, 2)>', 'repr of an RLock in two nested with blocks')
        expect(repr(rlock), '<RLock(MainProcess, 1)>', 'repr of an RLock after the inner block')
    expect(repr(rlock), '<RLock(None, 0)>', 'repr of an RLock after both blocks')


if __name__ == '__main__':
    main(body)

"""LOCK-19: a Lock's repr names its holder: None, this process (and thread), another thread or another process."""
import threading

from _probe import check, expect, main, recv, spawn


def hold(lock, conn, go):
    lock.acquire()
    conn.send(repr(lock))
    go.wait(10)
    lock.release()


def in_thread(fn):
    box = []
    t = threading.Thread(target=lambda: box.append(fn()), name='Worker')
    t.start()
    t.join()
    return box[0]


def body():
    mp = spawn()
    lock = mp.Lock()
    expect(repr(lock), '<Lock(owner=None)>', 'repr of a free Lock')
    lock.acquire()
    expect(repr(lock), '<Lock(owner=MainProcess)>', 'repr in the main thread that holds it')
    expect(in_thread(lambda: repr(lock)), '<Lock(owner=SomeOtherThread)>', 'repr in another thread')
    lock.release()
    expect(in_thread(lambda: (lock.acquire(), repr(lock))[1]), '<Lock(owner=MainProcess|Worker)>',
           'repr in a non-main thread that holds it')
    lock.release()
    r, w = mp.Pipe(duplex=False)
    go = mp.Event()
    p = mp.Process(target=hold, args=(lock, w, go), name='Holder')
    p.start()
    expect(recv(r), '<Lock(owner=Holder)>', 'repr in the child that holds it')
    expect(repr(lock), '<Lock(owner=SomeOtherProcess)>', 'repr in the parent while a child holds it')
    go.set()
    p.join()
    check(repr(lock) == '<Lock(owner=None)>', f'repr after the child released: {lock!r}')


if __name__ == '__main__':
    main(body)

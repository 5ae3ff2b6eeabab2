"""SEM-09: a BoundedSemaphore refuses release() above its initial value, in any process, and keeps its value."""
from _probe import expect, main, raises, recv, spawn

MESSAGE = 'semaphore or lock released too many times'


def release_in_child(sem, conn):
    try:
        sem.release()
    except ValueError as e:
        conn.send(str(e))
    else:
        conn.send(None)


def body():
    mp = spawn()
    sem = mp.BoundedSemaphore(2)
    expect(str(raises(ValueError, sem.release)), MESSAGE, 'release() of BoundedSemaphore(2) at value 2')
    expect(sem.get_value(), 2, 'value after the refused release()')
    sem.acquire()
    sem.release()  # back up to the bound: allowed
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=release_in_child, args=(sem, w))
    p.start()
    expect(recv(r), MESSAGE, "a child's release() of the BoundedSemaphore at its bound")
    p.join()
    expect(sem.get_value(), 2, "value after the child's refused release()")
    zero = mp.BoundedSemaphore(0)
    expect(str(raises(ValueError, zero.release)), MESSAGE, 'release() of BoundedSemaphore(0)')
    expect(zero.get_value(), 0, 'value of BoundedSemaphore(0) after the refused release()')


if __name__ == '__main__':
    main(body)

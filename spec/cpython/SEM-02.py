"""SEM-02: a negative initial value is rejected at construction; CPython raises OSError(EINVAL) from sem_open."""
import errno
import threading

from _probe import expect, main, raises, spawn


def body():
    mp = spawn()
    for make in (mp.Semaphore, mp.BoundedSemaphore):
        e = raises(OSError, make, -1)
        expect(e.errno, errno.EINVAL, f'errno of {make.__name__}(-1)')
        expect(str(e), '[Errno 22] Invalid argument', f'message of {make.__name__}(-1)')
    # threading checks the argument itself, as mpkit does.
    e = raises(ValueError, threading.Semaphore, -1)
    expect(str(e), 'semaphore initial value must be >= 0', 'message of threading.Semaphore(-1)')


if __name__ == '__main__':
    main(body)

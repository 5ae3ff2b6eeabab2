"""SEM-16: a semaphore's repr shows its value, and its bound if it has one."""
from _probe import expect, main, spawn


def body():
    mp = spawn()
    sem = mp.Semaphore(2)
    expect(repr(sem), '<Semaphore(value=2)>', 'repr of Semaphore(2)')
    sem.acquire()
    expect(repr(sem), '<Semaphore(value=1)>', 'repr of Semaphore(2) after one acquire()')
    bounded = mp.BoundedSemaphore(2)
    expect(repr(bounded), '<BoundedSemaphore(value=2, maxvalue=2)>', 'repr of BoundedSemaphore(2)')
    bounded.acquire()
    bounded.acquire()
    expect(repr(bounded), '<BoundedSemaphore(value=0, maxvalue=2)>', 'repr of BoundedSemaphore(2) at 0')


if __name__ == '__main__':
    main(body)

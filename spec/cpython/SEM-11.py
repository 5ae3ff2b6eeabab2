"""SEM-11: get_value() reports the current number of permits as every process sees it, never below 0."""
import _multiprocessing

from _probe import check, expect, main, recv, spawn


def wait_for(sem, conn):
    conn.send('waiting')
    conn.send(sem.acquire(timeout=10))


def body():
    check(not getattr(_multiprocessing, 'HAVE_BROKEN_SEM_GETVALUE', False), 'this platform has no sem_getvalue()')
    mp = spawn()
    sem = mp.Semaphore(3)
    sem.acquire()
    expect(sem.get_value(), 2, 'get_value() after one acquire() on Semaphore(3)')
    sem.acquire()
    sem.acquire()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=wait_for, args=(sem, w))
    p.start()
    expect(recv(r), 'waiting', 'first message from the child')
    check(not r.poll(0.2), 'the child acquired from a semaphore at 0')
    expect(sem.get_value(), 0, 'get_value() while a child waits (some sem_getvalue() report waiters as negative)')
    sem.release()
    expect(recv(r), True, "the waiting child's acquire()")
    p.join()
    expect(sem.get_value(), 0, 'get_value() after the child took the released permit')


if __name__ == '__main__':
    main(body)

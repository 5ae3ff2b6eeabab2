"""SEM-04: a plain Semaphore is unbounded: release() adds a permit above the initial value, from any process."""
from _probe import expect, main, spawn


def release_twice(sem):
    sem.release()
    sem.release()


def body():
    mp = spawn()
    sem = mp.Semaphore(2)
    sem.release()
    sem.release()
    expect(sem.get_value(), 4, 'value of Semaphore(2) after two release() calls and no acquire')
    zero = mp.Semaphore(0)
    for _ in range(4):
        zero.release()
    expect(zero.get_value(), 4, 'value of Semaphore(0) after four release() calls')
    p = mp.Process(target=release_twice, args=(zero,))  # a process that never acquired
    p.start()
    p.join()
    expect(p.exitcode, 0, "exitcode of the child that released")
    expect(zero.get_value(), 6, "value after a child's two release() calls")
    expect(sum(zero.acquire(False) for _ in range(7)), 6, 'permits acquirable after the releases')


if __name__ == '__main__':
    main(body)

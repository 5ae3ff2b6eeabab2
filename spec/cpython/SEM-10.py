"""SEM-10: release() of a plain Semaphore at SEM_VALUE_MAX (2**31 - 1 here, Integer.MAX_VALUE) fails and keeps the value."""
from multiprocessing.synchronize import SEM_VALUE_MAX

from _probe import expect, main, raises, spawn


def body():
    expect(SEM_VALUE_MAX, 2 ** 31 - 1, 'SEM_VALUE_MAX on this platform')
    sem = spawn().Semaphore(SEM_VALUE_MAX)
    expect(str(raises(ValueError, sem.release)), 'semaphore or lock released too many times', 'release() at SEM_VALUE_MAX')
    expect(sem.get_value(), SEM_VALUE_MAX, 'value after the refused release()')
    sem.acquire()
    sem.release()
    expect(sem.get_value(), SEM_VALUE_MAX, 'value after acquire() and release() below the maximum')


if __name__ == '__main__':
    main(body)

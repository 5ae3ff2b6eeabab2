"""SEM-15: permits taken by a process that dies are not given back; any process may release to make up for them."""
import os
import time

from _probe import check, expect, fd_captured, main, spawn


def take_and_die(sem, how, took):
    sem.acquire()
    took.release()
    if how == 'exit':
        os._exit(0)
    if how == 'raise':
        raise RuntimeError('dies holding a permit')
    time.sleep(30)  # 'kill': the parent kills it


def body():
    mp = spawn()
    for make in (mp.Semaphore, mp.BoundedSemaphore):
        sem, took = make(3), mp.Semaphore(0)
        kind = f'{type(sem).__name__}(3)'
        procs = {how: mp.Process(target=take_and_die, args=(sem, how, took)) for how in ('exit', 'raise', 'kill')}
        with fd_captured(2):  # keeps the 'raise' child's traceback out of the probe's output
            for p in procs.values():
                p.start()
            for _ in procs:
                check(took.acquire(timeout=10), 'a child did not take its permit')
            procs['kill'].kill()
            for p in procs.values():
                p.join()
        expect(sem.get_value(), 0, f'value of {kind} after three children took a permit each and died')
        expect(sem.acquire(timeout=0.1), False, f'acquire(timeout=0.1) on {kind} after the holders died')
        for _ in range(3):
            sem.release()  # the parent never acquired, and makes up for the dead children
        expect(sem.get_value(), 3, f'value of {kind} after the parent released three times')


if __name__ == '__main__':
    main(body)

"""LOCK-09: a Lock held by a process that dies (exit, exception, SIGKILL) stays held; any process may release it."""
import os
import signal
import time

from _probe import check, expect, fd_captured, main, spawn


def take_and_exit(lock, how, held):
    lock.acquire()
    held.set()
    if how == 'exit':
        os._exit(0)
    if how == 'raise':
        raise RuntimeError('dies holding the lock')
    time.sleep(30)  # 'kill': the parent kills it


def body():
    mp = spawn()
    for how, code in (('exit', 0), ('raise', 1), ('kill', -signal.SIGKILL)):
        lock, held = mp.Lock(), mp.Event()
        p = mp.Process(target=take_and_exit, args=(lock, how, held))
        with fd_captured(2):  # keeps the 'raise' child's traceback out of the probe's output
            p.start()
            check(held.wait(10), 'the child did not take the lock')
            if how == 'kill':
                p.kill()
            p.join()
        expect(p.exitcode, code, f'exitcode of the child that held the lock ({how})')
        expect(repr(lock), '<Lock(owner=SomeOtherProcess)>', f'repr after the holder died ({how})')
        expect(lock.acquire(timeout=0.1), False, f'acquire(timeout=0.1) after the holder died ({how})')
        lock.release()  # no owner: the parent may release what the dead child held
        expect(lock.acquire(False), True, f'acquire(False) after the parent released the dead child\'s lock ({how})')


if __name__ == '__main__':
    main(body)

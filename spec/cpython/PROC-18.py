"""PROC-18: terminate() runs no finally block and no exit handler (atexit) in the child."""
import atexit
import os
import tempfile
import time

from _probe import check, expect, main, spawn


def target(ready, folder):
    atexit.register(lambda: open(os.path.join(folder, 'atexit'), 'w').close())
    try:
        ready.set()
        time.sleep(30)
    finally:
        open(os.path.join(folder, 'finally'), 'w').close()


def body():
    mp = spawn()
    with tempfile.TemporaryDirectory() as folder:
        ready = mp.Event()
        p = mp.Process(target=target, args=(ready, folder))
        p.start()
        check(ready.wait(10), 'the child never got ready')
        p.terminate()
        p.join()
        expect(p.exitcode, -15, 'exitcode after terminate()')
        expect(sorted(os.listdir(folder)), [], 'files written by finally/atexit in the terminated child')


if __name__ == '__main__':
    main(body)

"""PROC-17: a child that calls sys.exit(143) is told apart from one that was terminated (and 137 from killed)."""
import signal
import sys
import time

from _probe import expect, main, spawn


def sleeper(ready):
    ready.set()
    time.sleep(30)


def body():
    mp = spawn()
    exit143 = mp.Process(target=sys.exit, args=(128 + signal.SIGTERM,))
    exit137 = mp.Process(target=sys.exit, args=(128 + signal.SIGKILL,))
    ready_t, ready_k = mp.Event(), mp.Event()
    terminated = mp.Process(target=sleeper, args=(ready_t,))
    killed = mp.Process(target=sleeper, args=(ready_k,))
    for p in (exit143, exit137, terminated, killed):
        p.start()
    ready_t.wait(10)
    ready_k.wait(10)
    terminated.terminate()
    killed.kill()
    for p in (exit143, exit137, terminated, killed):
        p.join()
    expect((exit143.exitcode, terminated.exitcode), (143, -15), 'sys.exit(143) versus terminate()')
    expect((exit137.exitcode, killed.exitcode), (137, -9), 'sys.exit(137) versus kill()')


if __name__ == '__main__':
    main(body)

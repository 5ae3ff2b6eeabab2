"""JOIN-11: an exception raised by a signal handler interrupts join(); the child is unaffected."""
import os
import signal
import threading
import time

from _probe import ProbeFailure, check, expect, main, spawn


class Interrupted(Exception):
    pass


def target(release):
    release.wait(10)


def interrupt(signum, frame):
    raise Interrupted()


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    p.start()
    signal.signal(signal.SIGUSR1, interrupt)
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR1)).start()
    started = time.monotonic()
    try:
        p.join()
        raise ProbeFailure('join() returned although the child was still waiting')
    except Interrupted:
        elapsed = time.monotonic() - started
    check(elapsed < 2, f'join() was interrupted only after {elapsed:.3f} s')
    expect((p.is_alive(), p.exitcode), (True, None), '(is_alive(), exitcode) after the interrupted join()')
    release.set()
    p.join()
    expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)

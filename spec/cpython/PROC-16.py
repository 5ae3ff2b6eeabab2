"""PROC-16: kill() sends SIGKILL and gives exit code -9."""
import signal
import time

from _probe import expect, main, spawn


def target(ready):
    ready.set()
    time.sleep(30)


def body():
    mp = spawn()
    ready = mp.Event()
    running = mp.Process(target=target, args=(ready,))
    running.start()
    ready.wait(10)
    running.kill()
    running.join()
    expect(running.exitcode, -signal.SIGKILL, 'exitcode after kill()')
    booting = mp.Process(target=target, args=(mp.Event(),))
    booting.start()
    booting.kill()
    booting.join()
    expect(booting.exitcode, -signal.SIGKILL, 'exitcode after kill() right after start()')


if __name__ == '__main__':
    main(body)

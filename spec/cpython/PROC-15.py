"""PROC-15: terminate() sends SIGTERM and gives exit code -15, even right after start()."""
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
    running.terminate()
    running.join()
    expect(running.exitcode, -signal.SIGTERM, 'exitcode after terminate()')
    booting = mp.Process(target=target, args=(mp.Event(),))
    booting.start()
    booting.terminate()  # before the child interpreter has even started
    booting.join()
    expect(booting.exitcode, -signal.SIGTERM, 'exitcode after terminate() right after start()')


if __name__ == '__main__':
    main(body)

"""JOIN-05: join() with a zero or negative timeout returns at once."""
import time

from multiprocessing.connection import wait

from _probe import check, expect, main, pid_running, spawn, wait_until


def target(release):
    release.wait(10)


def timed_join(p, timeout):
    started = time.monotonic()
    result = p.join(timeout)
    return result, time.monotonic() - started


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    p.start()
    for timeout in (0, -1):
        result, elapsed = timed_join(p, timeout)
        expect(result, None, f'join({timeout}) result')
        check(elapsed < 0.5, f'join({timeout}) on a running child took {elapsed:.3f} s')
        expect(p.is_alive(), True, f'is_alive() after join({timeout})')
    release.set()
    check(wait([p.sentinel], 10), 'the child did not exit')
    wait_until(lambda: not pid_running(p.pid), what='the child becoming a zombie')
    p.join(0)
    expect(p.exitcode, 0, 'exitcode after join(0) on an exited child')


if __name__ == '__main__':
    main(body)

"""JOIN-03: join(timeout) on a running child waits at least the timeout, returns None, the child still alive."""
import time

from _probe import check, expect, main, spawn


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    p.start()
    started = time.monotonic()
    expect(p.join(0.2), None, 'join(0.2) result')
    elapsed = time.monotonic() - started
    check(0.2 <= elapsed < 2, f'join(0.2) returned after {elapsed:.3f} s')
    expect((p.is_alive(), p.exitcode), (True, None), '(is_alive(), exitcode) after join(0.2) timed out')
    release.set()
    p.join()


if __name__ == '__main__':
    main(body)

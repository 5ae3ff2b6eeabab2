"""JOIN-07: several threads may join the same child; each returns once the child has exited."""
import threading
from multiprocessing.connection import wait

from _probe import check, expect, main, spawn


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    p.start()
    outcomes = []

    def joiner():
        try:
            p.join()
            outcomes.append(bool(wait([p.sentinel], 0)))  # has the child exited when join() returned?
        except BaseException as e:  # noqa: B902 - any error is the finding
            outcomes.append(e)

    threads = [threading.Thread(target=joiner) for _ in range(3)]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    check(not any(t.is_alive() for t in threads), 'a joining thread never returned')
    expect(outcomes, [True, True, True], 'per thread: child exited when join() returned')
    expect(p.exitcode, 0, 'exitcode')


if __name__ == '__main__':
    main(body)

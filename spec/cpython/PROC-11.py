"""PROC-11: exitcode is None before start and while the child runs."""
from _probe import expect, main, spawn


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    expect(p.exitcode, None, 'exitcode before start')
    p.start()
    expect(p.exitcode, None, 'exitcode while running')
    release.set()
    p.join()
    expect(p.exitcode, 0, 'exitcode after exit')


if __name__ == '__main__':
    main(body)

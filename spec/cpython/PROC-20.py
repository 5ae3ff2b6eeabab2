"""PROC-20: start() twice raises AssertionError('cannot start a process twice') and leaves the first child alone."""
from _probe import expect, main, raises, spawn


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    p.start()
    e = raises(AssertionError, p.start)
    expect(str(e), 'cannot start a process twice', 'message')
    expect(p.is_alive(), True, 'the first child after the second start()')
    expect(mp.active_children(), [p], 'children after the second start()')
    release.set()
    p.join()
    expect(p.exitcode, 0, "the first child's exitcode")
    expect(str(raises(AssertionError, p.start)), 'cannot start a process twice', 'message after exit')


if __name__ == '__main__':
    main(body)

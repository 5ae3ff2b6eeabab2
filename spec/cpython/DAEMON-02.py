"""DAEMON-02: setting daemon after start() raises AssertionError('process has already started')."""
from _probe import expect, main, raises, spawn


def target(release):
    release.wait(10)


def set_daemon(p, value):
    p.daemon = value


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    p.start()
    expect(str(raises(AssertionError, set_daemon, p, True)), 'process has already started', 'message')
    expect(p.daemon, False, 'flag after the refused change')
    release.set()
    p.join()
    expect(str(raises(AssertionError, set_daemon, p, True)), 'process has already started', 'message after exit')


if __name__ == '__main__':
    main(body)

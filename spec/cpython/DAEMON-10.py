"""DAEMON-10: daemonic children are listed by active_children() and report daemon == True."""
from _probe import check, expect, main, spawn


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,), daemon=True)
    p.start()
    check(p in mp.active_children(), 'the daemonic child is missing from active_children()')
    expect(p.daemon, True, 'daemon flag of the running child')
    release.set()
    p.join()


if __name__ == '__main__':
    main(body)

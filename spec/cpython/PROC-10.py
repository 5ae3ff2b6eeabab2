"""PROC-10: is_alive() is False before start, True until the child exits, False after exit even without join."""
from _probe import check, expect, main, spawn, wait_until


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    expect(p.is_alive(), False, 'is_alive() before start')
    p.start()
    expect(p.is_alive(), True, 'is_alive() right after start() returned')
    release.set()
    wait_until(lambda: not p.is_alive(), what='is_alive() turning False without join()')
    expect(p.exitcode, 0, 'exitcode, read without join()')
    check(p not in mp.active_children(), 'is_alive() did not reap the finished child')


if __name__ == '__main__':
    main(body)

"""PROC-24: active_children() lists the live children and reaps finished ones."""
from multiprocessing.connection import wait

from _probe import check, expect, main, pid_running, spawn, wait_until


def target(release):
    release.wait(10)


def body():
    mp = spawn()
    release = mp.Event()
    p = mp.Process(target=target, args=(release,))
    first = mp.active_children()
    expect(first, [], 'active_children() before start')
    check(mp.active_children() is not first, 'active_children() returned the same list twice')
    p.start()
    expect(mp.active_children(), [p], 'active_children() while the child runs')
    release.set()
    check(wait([p.sentinel], 10), 'the child did not exit')
    wait_until(lambda: not pid_running(p.pid), what='the child becoming a zombie')
    expect(p._popen.returncode, None, 'the exited child before active_children()')  # not yet reaped
    expect(mp.active_children(), [], 'active_children() after the child exited, without join()')
    expect(p._popen.returncode, 0, 'the exited child after active_children()')      # reaped by the call


if __name__ == '__main__':
    main(body)

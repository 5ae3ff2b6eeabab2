"""PROC-01: start() runs the target with its arguments in a new process, without waiting for it to finish."""
import os

from _probe import check, expect, main, recv, spawn


def target(conn, release, a, b):
    release.wait(10)
    conn.send((os.getpid(), a, b))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    release = mp.Event()
    p = mp.Process(target=target, args=(w, release, 'x', 2))
    p.start()  # returns while the target is still blocked on `release`
    check(p.is_alive(), 'start() returned after the target had finished')
    release.set()
    pid, a, b = recv(r)
    p.join()
    check(pid != os.getpid(), 'the target ran in the parent process')
    expect(pid, p.pid, "the target's os.getpid()")
    expect((a, b), ('x', 2), 'the arguments the target received')
    expect(p.exitcode, 0, 'exitcode')


if __name__ == '__main__':
    main(body)

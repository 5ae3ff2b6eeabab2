"""PROC-09: pid is None before start() and the child's real OS pid after."""
import multiprocessing
import os

from _probe import expect, main, recv, spawn


def target(conn):
    conn.send((os.getpid(), multiprocessing.current_process().pid))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=target, args=(w,))
    expect(p.pid, None, 'pid before start')
    p.start()
    pid = p.pid
    expect(recv(r), (pid, pid), "the child's (os.getpid(), current_process().pid)")
    p.join()
    expect(p.pid, pid, 'pid after exit')


if __name__ == '__main__':
    main(body)

"""PROC-28: parent_process().is_alive() turns False once the parent has died."""
import multiprocessing
import os
import time

from _probe import become_subreaper, check, expect, main, recv, spawn


def grandchild(conn):
    parent = multiprocessing.parent_process()
    conn.send(('alive' if parent.is_alive() else 'not alive', os.getpid()))
    deadline = time.monotonic() + 5
    while parent.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    conn.send('alive' if parent.is_alive() else 'not alive')


def child(conn):
    multiprocessing.Process(target=grandchild, args=(conn,)).start()
    time.sleep(30)


def body():
    become_subreaper()  # the orphaned grandchild is adopted by this probe, which reaps it
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=child, args=(w,))
    p.start()
    status, grandchild_pid = recv(r)
    expect(status, 'alive', "the grandchild's parent_process().is_alive() while its parent runs")
    p.terminate()
    p.join()
    died = time.monotonic()
    expect(recv(r), 'not alive', "the grandchild's parent_process().is_alive() after its parent died")
    check(time.monotonic() - died < 2, 'is_alive() took 2 s or more to turn False')
    os.waitpid(grandchild_pid, 0)  # adopted by this probe when its parent died


if __name__ == '__main__':
    main(body)

"""PROC-27: parent_process() is None in the main process and names the parent in a child."""
import multiprocessing
import os

from _probe import expect, main, recv, spawn


def report_parent(conn):
    parent = multiprocessing.parent_process()
    conn.send((parent.name, parent.pid))


def middle(conn):
    report_parent(conn)
    g = multiprocessing.Process(target=report_parent, args=(conn,))
    g.start()
    g.join()
    conn.send(('middle', os.getpid()))


def body():
    mp = spawn()
    expect(mp.parent_process(), None, 'parent_process() in the main process')
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=middle, args=(w,), name='middle')
    p.start()
    expect(recv(r), ('MainProcess', os.getpid()), "the child's parent_process() (name, pid)")
    from_grandchild = recv(r)
    expect(recv(r), ('middle', p.pid), 'the child')
    expect(from_grandchild, ('middle', p.pid), "the grandchild's parent_process() (name, pid)")
    p.join()


if __name__ == '__main__':
    main(body)

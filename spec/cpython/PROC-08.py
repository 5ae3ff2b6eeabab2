"""PROC-08: a given name is kept, and is the child's current_process().name."""
import multiprocessing

from _probe import expect, main, recv, spawn


def target(conn):
    conn.send(multiprocessing.current_process().name)


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=target, args=(w,), name='worker')
    expect(p.name, 'worker', 'name before start')
    p.start()
    expect(recv(r), 'worker', "the child's current_process().name")
    p.join()
    expect(p.name, 'worker', 'name after exit')
    q = mp.Process(target=target, args=(w,), name='worker')
    q.name = 'renamed'
    q.start()
    expect(recv(r), 'renamed', "the child's name after a rename before start")
    q.join()


if __name__ == '__main__':
    main(body)

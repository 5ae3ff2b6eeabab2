"""PROC-26: current_process() in a child has the name, pid and daemon flag of the parent's handle."""
import multiprocessing

from _probe import expect, main, recv, spawn


def target(conn):
    me = multiprocessing.current_process()
    conn.send((me.name, me.pid, me.daemon, me.is_alive(), me.exitcode))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    for daemon in (True, False):
        p = mp.Process(target=target, args=(w,), name=f'probe-{daemon}', daemon=daemon)
        p.start()
        expect(recv(r), (p.name, p.pid, p.daemon, True, None),
               "the child's current_process() (name, pid, daemon, is_alive(), exitcode)")
        p.join()


if __name__ == '__main__':
    main(body)

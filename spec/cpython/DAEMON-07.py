"""DAEMON-07: processes created inside a daemonic child are daemonic by default."""
import multiprocessing

from _probe import expect, main, recv, spawn


def report(conn):
    conn.send(multiprocessing.Process().daemon)


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    for daemon in (True, False):
        p = mp.Process(target=report, args=(w,), daemon=daemon)
        p.start()
        expect(recv(r), daemon, f'default flag of a process created inside a child with daemon={daemon}')
        p.join()


if __name__ == '__main__':
    main(body)

"""ISO-01: each child is a separate OS process whose OS parent is the process that started it."""
import os

from _probe import check, expect, main, recv, spawn


def report(conn):
    conn.send((os.getpid(), os.getppid()))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    procs = [mp.Process(target=report, args=(w,)) for _ in range(2)]
    for p in procs:
        p.start()
    seen = sorted(recv(r) for _ in procs)
    for p in procs:
        p.join()
    pids = [pid for pid, _ in seen]
    check(os.getpid() not in pids and len(set(pids)) == 2, f'children are not separate processes: {seen}')
    expect(sorted(pids), sorted(p.pid for p in procs), "children's os.getpid()")
    expect([ppid for _, ppid in seen], [os.getpid()] * 2, "children's os.getppid()")


if __name__ == '__main__':
    main(body)

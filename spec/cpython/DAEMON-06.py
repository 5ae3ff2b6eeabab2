"""DAEMON-06: a daemonic process cannot start children: AssertionError, and no process is launched."""
import multiprocessing

from _probe import expect, main, recv, spawn


def noop():
    pass


def daemonic(conn):
    results = []
    for p in (multiprocessing.Process(target=noop), multiprocessing.Process(target=noop, daemon=False)):
        try:
            p.start()
            results.append(('started', p.pid))
            p.join()
        except AssertionError as e:
            results.append((type(e).__name__, str(e), p.pid))
    conn.send(results)


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=daemonic, args=(w,), daemon=True)
    p.start()
    refused = ('AssertionError', 'daemonic processes are not allowed to have children', None)
    expect(recv(r), [refused, refused], 'start() inside a daemonic child (default flag, then daemon=False)')
    p.join()


if __name__ == '__main__':
    main(body)

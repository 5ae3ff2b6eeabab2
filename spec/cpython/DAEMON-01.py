"""DAEMON-01: the daemon flag defaults to the creating process's, and can be set before start."""
import multiprocessing

from _probe import expect, main, recv, spawn


def report(conn):
    conn.send(multiprocessing.current_process().daemon)


def body():
    mp = spawn()
    expect(mp.Process().daemon, mp.current_process().daemon, 'default flag in the main process')
    expect(mp.Process().daemon, False, 'default flag in the main process')
    expect(mp.Process(daemon=True).daemon, True, 'daemon=True')
    expect(mp.Process(daemon=False).daemon, False, 'daemon=False')
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=report, args=(w,))
    p.daemon = True  # before start
    p.start()
    expect(recv(r), True, "the child's current_process().daemon after setting the flag before start")
    p.join()


if __name__ == '__main__':
    main(body)

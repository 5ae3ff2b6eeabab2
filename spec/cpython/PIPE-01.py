"""PIPE-01: both ends of Pipe(duplex=True) send and receive, also across processes (fork and spawn)."""
import multiprocessing

from _probe import expect, main, recv


def echo(conn):
    conn.send(('echo', recv(conn)))


def body():
    for method in ('fork', 'spawn'):
        mp = multiprocessing.get_context(method)
        a, b = mp.Pipe()
        for end in (a, b):
            expect((end.readable, end.writable), (True, True), f'(readable, writable) of a two-way end ({method})')
        a.send('to b')
        expect(recv(b), 'to b', f'what b received from a ({method})')
        b.send('to a')
        expect(recv(a), 'to a', f'what a received from b ({method})')
        for here, there in ((a, b), (b, a)):
            p = mp.Process(target=echo, args=(there,))
            p.start()
            here.send('ping')
            expect(recv(here), ('echo', 'ping'), f'answer of a child holding the other end ({method})')
            p.join()
            expect(p.exitcode, 0, f'exitcode of the echo child ({method})')


if __name__ == '__main__':
    main(body)

"""PIPE-20: connection ends reach a child as Process arguments or as fields of a Process subclass, under fork and
spawn, and work there in both directions."""
import multiprocessing

from _probe import expect, main, recv


def echo(conn):
    conn.send(('echo', conn.recv()))


class Fields:
    def __init__(self, conn):
        super().__init__()
        self.conn = conn

    def run(self):
        echo(self.conn)


class ForkEcho(Fields, multiprocessing.get_context('fork').Process):
    pass


class SpawnEcho(Fields, multiprocessing.get_context('spawn').Process):
    pass


def body():
    for method, subclass in (('fork', ForkEcho), ('spawn', SpawnEcho)):
        mp = multiprocessing.get_context(method)
        a1, b1 = mp.Pipe()
        a2, b2 = mp.Pipe()
        children = [mp.Process(target=echo, args=(b1,)), subclass(b2)]
        for p in children:
            p.start()
        for a in (a1, a2):
            a.send('ping')
            expect(recv(a), ('echo', 'ping'), f'answer through an end passed to a {method} child')
        for p in children:
            p.join()
            expect(p.exitcode, 0, f'exitcode ({method})')


if __name__ == '__main__':
    main(body)

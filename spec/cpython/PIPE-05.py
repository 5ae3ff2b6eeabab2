"""PIPE-05: recv() returns an equal, distinct copy of what send() sent, None and nested objects included."""
from _probe import check, expect, main, recv, spawn


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)


def echo(conn):
    while True:
        obj = conn.recv()
        conn.send(obj)
        if obj == 'stop':
            return


def body():
    mp = spawn()
    values = [None, 'héllo', 42, 2 ** 70, 3.5, True, b'\x00\xff', [1, [2, 3]], {'a': [1, None], 'b': {'c': 2}},
              (1, 'two'), Point(1, 2), {'points': [Point(3, 4), None]}]
    a, b = mp.Pipe()
    for v in values:
        a.send(v)
        got = b.recv()
        expect(got, v, 'what recv() returned')
        if isinstance(v, (list, dict, Point)):  # small ints, strings and None may be interned: only mutables can tell
            check(got is not v, f'recv() returned the very object sent: {v!r}')
    p = mp.Process(target=echo, args=(b,))
    p.start()
    for v in values + ['stop']:
        a.send(v)
        expect(recv(a), v, 'what a spawn child echoed')
    p.join()


if __name__ == '__main__':
    main(body)

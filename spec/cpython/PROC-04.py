"""PROC-04: arguments arrive in the child in order, equal to those passed (pickled copies)."""
from _probe import expect, main, recv, spawn

ARGS = (1, 'two', [3, 4], {'five': 5}, None, 6.5, (7,))


def target(conn, *args):
    conn.send((args, [type(a).__name__ for a in args]))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=target, args=(w,) + ARGS)
    p.start()
    args, types = recv(r)
    p.join()
    expect(args, ARGS, 'arguments seen by the child')
    expect(types, [type(a).__name__ for a in ARGS], 'argument types seen by the child')


if __name__ == '__main__':
    main(body)

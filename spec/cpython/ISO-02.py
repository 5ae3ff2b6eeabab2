"""ISO-02: a module global changed in the child is unchanged in the parent."""
from _probe import expect, main, recv, spawn

COUNTER = 0
NAMES = []


def mutate(conn):
    global COUNTER
    COUNTER += 1
    NAMES.append('child')
    conn.send((COUNTER, NAMES))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=mutate, args=(w,))
    p.start()
    expect(recv(r), (1, ['child']), 'the globals as the child changed them')
    p.join()
    expect((COUNTER, NAMES), (0, []), 'the globals in the parent after join()')


if __name__ == '__main__':
    main(body)

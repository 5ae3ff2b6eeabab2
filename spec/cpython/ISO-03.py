"""ISO-03: an argument object changed in the child is unchanged in the parent."""
from _probe import expect, main, recv, spawn


def mutate(conn, items, table):
    items.append('child')
    table['child'] = True
    conn.send((items, table))


def body():
    mp = spawn()
    r, w = mp.Pipe(duplex=False)
    items, table = ['parent'], {'parent': True}
    p = mp.Process(target=mutate, args=(w, items, table))
    p.start()
    expect(recv(r), (['parent', 'child'], {'parent': True, 'child': True}), 'the arguments as the child changed them')
    p.join()
    expect((items, table), (['parent'], {'parent': True}), 'the arguments in the parent after join()')


if __name__ == '__main__':
    main(body)

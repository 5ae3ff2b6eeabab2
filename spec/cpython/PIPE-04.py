"""PIPE-04: messages arrive whole and in order, never merged or split, also from another process."""
from _probe import expect, main, recv, spawn

COUNT = 5000


def count(w):
    for i in range(COUNT):
        w.send(i)


def body():
    mp = spawn()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        for m in (b'a', b'b', b'cd'):
            w.send_bytes(m)
        expect([r.recv_bytes() for _ in range(3)], [b'a', b'b', b'cd'], f'three byte messages (duplex={duplex})')
        expect(r.poll(), False, f'poll() after the three messages (duplex={duplex})')
        p = mp.Process(target=count, args=(w,))
        p.start()
        expect([recv(r) for _ in range(COUNT)], list(range(COUNT)), f'{COUNT} send(i) from a child (duplex={duplex})')
        p.join()


if __name__ == '__main__':
    main(body)

"""PIPE-10: poll() answers at once and consumes nothing: False when nothing is pending, True (repeatedly) once a
message, an empty one too, is pending; the message is still received afterwards."""
import time

from _probe import check, expect, main, spawn


def body():
    mp = spawn()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        began = time.monotonic()
        expect(r.poll(), False, f'poll() with nothing pending (duplex={duplex})')
        check(time.monotonic() - began < 0.1, 'poll() waited')
        w.send_bytes(b'')
        expect([r.poll() for _ in range(3)], [True] * 3, f'poll() three times with an empty message pending')
        expect(r.recv_bytes(), b'', 'the empty message, received after the polls')
        expect(r.poll(), False, 'poll() once it was received')
        w.send('x')
        expect((r.poll(), r.poll(), r.recv(), r.poll()), (True, True, 'x', False), 'poll, poll, recv, poll')


if __name__ == '__main__':
    main(body)

"""PIPE-19: recv() of bytes that are not a pickle raises UnpicklingError, consumes the message and leaves the
connection usable; recv_bytes() of a send() message returns its (non-empty) pickle."""
import pickle

from _probe import check, expect, main, raises, spawn


def body():
    a, b = spawn().Pipe()
    a.send_bytes(b'not a pickle')
    e = raises(pickle.UnpicklingError, b.recv)
    expect(str(e), "invalid load key, 'n'.", 'the error of recv() of b"not a pickle"')
    expect(b.poll(), False, 'poll() afterwards (the message was consumed)')
    a.send('next')
    expect(b.recv(), 'next', 'the next message')
    a.send([1, 2])
    raw = b.recv_bytes()
    check(len(raw) > 0 and raw[:1] == b'\x80', f'recv_bytes() of send([1, 2]) returned {raw!r}')
    expect(pickle.loads(raw), [1, 2], 'what the raw bytes unpickle to')


if __name__ == '__main__':
    main(body)

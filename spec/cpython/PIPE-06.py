"""PIPE-06: send_bytes(buf, offset, size) sends exactly that slice; empty messages exist; bad bounds raise ValueError
and send nothing."""
from _probe import expect, main, raises, spawn


def body():
    r, w = spawn().Pipe(duplex=False)
    w.send_bytes(b'abcdefghij', 2, 3)
    expect(r.recv_bytes(), b'cde', 'send_bytes(b"abcdefghij", 2, 3)')
    w.send_bytes(b'abcdefghij', 7)
    expect(r.recv_bytes(), b'hij', 'send_bytes(b"abcdefghij", 7)')
    w.send_bytes(b'abc', 3)
    expect(r.recv_bytes(), b'', 'send_bytes(b"abc", 3): an empty message')
    w.send_bytes(b'')
    expect(r.poll(), True, 'poll() with an empty message pending')
    expect(r.recv_bytes(), b'', 'send_bytes(b"")')
    buf = b'0123456789'
    for args, message in (((11,), 'buffer length < offset'), ((-1,), 'offset is negative'),
                          ((0, -1), 'size is negative'), ((5, 6), 'buffer length < offset + size')):
        e = raises(ValueError, w.send_bytes, buf, *args)
        expect(str(e), message, f'send_bytes(<10 bytes>, {", ".join(map(str, args))})')
    expect(r.poll(), False, 'poll() after the refused send_bytes (nothing was sent)')


if __name__ == '__main__':
    main(body)

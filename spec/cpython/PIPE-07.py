"""PIPE-07: recv_bytes_into(buf, offset) writes at offset (in bytes) and returns the length; BufferTooShort carries
the whole message and the connection stays usable; a bad offset raises ValueError and consumes nothing."""
import array
import multiprocessing

from _probe import expect, main, raises, spawn


def body():
    r, w = spawn().Pipe(duplex=False)
    w.send_bytes(array.array('i', [1, 2, 3]))
    into = array.array('i', [0] * 6)
    expect(r.recv_bytes_into(into, 4), 12, 'recv_bytes_into(array of 6 ints, 4) of a 12-byte message')
    expect(into.tolist(), [0, 1, 2, 3, 0, 0], 'the array after recv_bytes_into at byte offset 4')
    w.send_bytes(b'0123456789')
    buf = bytearray(8)
    e = raises(multiprocessing.BufferTooShort, r.recv_bytes_into, buf, 2)
    expect(e.args[0], b'0123456789', 'BufferTooShort.args[0]')
    w.send_bytes(b'next')
    expect(r.recv_bytes(), b'next', 'the message after BufferTooShort (the connection stays usable)')
    w.send_bytes(b'kept')
    expect(str(raises(ValueError, r.recv_bytes_into, bytearray(4), -1)), 'negative offset', 'offset -1')
    expect(str(raises(ValueError, r.recv_bytes_into, bytearray(4), 5)), 'offset too large', 'offset 5 into 4 bytes')
    expect(r.recv_bytes_into(bytearray(4), 0), 4, 'the message after the refused offsets (nothing consumed)')


if __name__ == '__main__':
    main(body)

"""PIPE-03: the wrong direction of a one-way pipe raises OSError at once and sends or consumes nothing."""
import time

from _probe import check, expect, main, raises, spawn


def body():
    reader, writer = spawn().Pipe(duplex=False)
    for name, call in (('send', lambda: reader.send('x')), ('send_bytes', lambda: reader.send_bytes(b'x'))):
        e = raises(OSError, call)
        expect(str(e), 'connection is read-only', f'message of reader.{name}()')
    expect(reader.poll(), False, 'reader.poll() after the refused sends (nothing was sent)')
    writer.send('kept')
    for name, call in (('recv', writer.recv), ('recv_bytes', writer.recv_bytes),
                       ('recv_bytes_into', lambda: writer.recv_bytes_into(bytearray(10))),
                       ('poll', writer.poll), ('poll(0.5)', lambda: writer.poll(0.5))):
        began = time.monotonic()
        e = raises(OSError, call)
        check(time.monotonic() - began < 0.1, f'writer.{name} took {time.monotonic() - began:.3f} s to fail')
        expect(str(e), 'connection is write-only', f'message of writer.{name}')
    expect(reader.recv(), 'kept', 'the message sent before the refused receives (nothing was consumed)')


if __name__ == '__main__':
    main(body)

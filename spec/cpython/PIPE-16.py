"""PIPE-16: a closed connection refuses every operation with OSError('handle is closed'); close() twice is fine;
closed is True (readable and writable keep their values in CPython); `with conn:` closes."""
from _probe import expect, main, raises, spawn


def body():
    mp = spawn()
    a, b = mp.Pipe()
    a.close()
    a.close()
    expect(a.closed, True, 'closed after close()')
    expect((a.readable, a.writable), (True, True), '(readable, writable) after close() in CPython')
    for name, call in (('send', lambda: a.send(1)), ('send_bytes', lambda: a.send_bytes(b'x')),
                       ('recv', a.recv), ('recv_bytes', a.recv_bytes),
                       ('recv_bytes_into', lambda: a.recv_bytes_into(bytearray(4))),
                       ('poll()', a.poll), ('poll(0.2)', lambda: a.poll(0.2)), ('fileno', a.fileno)):
        expect(str(raises(OSError, call)), 'handle is closed', f'{name} on a closed connection')
    with b:
        pass
    expect(b.closed, True, 'closed after leaving `with conn:`')


if __name__ == '__main__':
    main(body)

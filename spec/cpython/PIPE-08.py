"""PIPE-08: recv_bytes(maxlength) accepts exactly maxlength and raises OSError('bad message length') for more;
then a two-way end is write-only and a receive-only end is closed. A negative maxlength raises ValueError."""
from _probe import expect, main, raises, spawn


def body():
    mp = spawn()
    a, b = mp.Pipe()
    a.send_bytes(b'12345')
    expect(b.recv_bytes(5), b'12345', 'recv_bytes(5) of a 5-byte message')
    a.send_bytes(b'kept')
    expect(str(raises(ValueError, b.recv_bytes, -1)), 'negative maxlength', 'recv_bytes(-1)')
    expect(b.recv_bytes(), b'kept', 'the message after recv_bytes(-1) (nothing consumed)')
    a.send_bytes(b'123456')
    expect(str(raises(OSError, b.recv_bytes, 5)), 'bad message length', 'recv_bytes(5) of a 6-byte message')
    expect((b.readable, b.writable, b.closed), (False, True, False), 'a two-way end after the refusal')
    expect(str(raises(OSError, b.recv)), 'connection is write-only', 'recv() on it afterwards')
    b.send('still sends')
    expect(a.recv(), 'still sends', 'what it sent afterwards')

    r, w = mp.Pipe(duplex=False)
    w.send_bytes(b'123456')
    expect(str(raises(OSError, r.recv_bytes, 5)), 'bad message length', 'recv_bytes(5) on a receive-only end')
    expect(r.closed, True, 'closed of the receive-only end afterwards')
    expect(str(raises(OSError, r.recv)), 'handle is closed', 'recv() on it afterwards')


if __name__ == '__main__':
    main(body)

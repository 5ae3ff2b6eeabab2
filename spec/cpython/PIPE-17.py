"""PIPE-17: sending when every copy of the other end is closed, or its holder died, raises BrokenPipeError at once."""
import errno

from _probe import expect, main, raises, spawn


def close_it(conn):
    conn.close()


def body():
    mp = spawn()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        r.close()
        for name, call in (('send', lambda: w.send('x')), ('send_bytes', lambda: w.send_bytes(b'x'))):
            e = raises(OSError, call)
            expect(e.errno, errno.EPIPE, f'errno of {name} to a closed end (duplex={duplex})')
            expect(type(e), BrokenPipeError, f'type of the error of {name}')
        r, w = mp.Pipe(duplex=duplex)
        p = mp.Process(target=close_it, args=(r,))
        p.start()
        r.close()
        p.join()
        expect(raises(OSError, w.send, 'x').errno, errno.EPIPE, f'errno of send once the child holding the other '
                                                                f'end exited (duplex={duplex})')


if __name__ == '__main__':
    main(body)

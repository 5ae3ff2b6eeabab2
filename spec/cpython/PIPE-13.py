"""PIPE-13: after the other end is closed, messages already sent are received in order, then recv(), recv_bytes()
and recv_bytes_into() raise EOFError, and poll() is True."""
from _probe import expect, main, raises, spawn


def send_and_close(w):
    for i in range(3):
        w.send(i)
    w.close()


def body():
    mp = spawn()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        for i in range(3):
            w.send(i)
        w.close()
        expect(r.poll(), True, f'poll() with messages pending (duplex={duplex})')
        expect([r.recv() for _ in range(3)], [0, 1, 2], 'messages sent before close()')
        expect(r.poll(), True, 'poll() at end of stream')
        for name, call in (('recv', r.recv), ('recv_bytes', r.recv_bytes),
                           ('recv_bytes_into', lambda: r.recv_bytes_into(bytearray(8)))):
            e = raises(EOFError, call)
            expect(e.args, (), f'args of the EOFError of {name}()')
        r, w = mp.Pipe(duplex=duplex)
        p = mp.Process(target=send_and_close, args=(w,))
        p.start()
        w.close()  # the parent's copy: only the child's is left
        expect([r.recv() for _ in range(3)], [0, 1, 2], 'messages a child sent before it closed its end')
        raises(EOFError, r.recv)
        p.join()


if __name__ == '__main__':
    main(body)

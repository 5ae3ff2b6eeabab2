"""PIPE-14: when the process holding the other end exits, raises or is killed, recv() gets end of stream."""
import os
import signal
import time

from _probe import check, expect, fd_captured, main, raises, spawn


def hold(w, how):
    w.send('before')
    if how == 'exit':
        os._exit(0)
    if how == 'raise':
        raise RuntimeError('dies holding the pipe')
    time.sleep(30)


def body():
    mp = spawn()
    for duplex in (True, False):
        for how, code in (('exit', 0), ('raise', 1), ('kill', -signal.SIGKILL)):
            r, w = mp.Pipe(duplex=duplex)
            p = mp.Process(target=hold, args=(w, how))
            with fd_captured(2):
                p.start()
                w.close()
                expect(r.recv(), 'before', f'message sent before the child ended ({how})')
                if how == 'kill':
                    p.kill()
                began = time.monotonic()
                raises(EOFError, r.recv)
                check(time.monotonic() - began < 5, 'EOFError came late')
                p.join()
            expect(p.exitcode, code, f'exitcode ({how})')


if __name__ == '__main__':
    main(body)

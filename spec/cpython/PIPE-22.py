"""PIPE-22: a sender that outpaces its receiver waits while the pipe is full and loses nothing: a child sends 1000
messages of 1000 bytes before the parent receives any; all arrive intact, in order."""
import time

from _probe import check, expect, main, recv, spawn

COUNT = 1000
SIZE = 1000


def flood(w, done):
    for i in range(COUNT):
        w.send_bytes(i.to_bytes(4, 'big') * (SIZE // 4))
    done.set()


def body():
    mp = spawn()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        done = mp.Event()
        p = mp.Process(target=flood, args=(w, done))
        p.start()
        check(r.poll(10), 'the child sent nothing')
        time.sleep(0.2)
        expect(done.is_set(), False, f'the sender finished 1 MB with nobody receiving (duplex={duplex}): '
                                     f'the pipe is not full')
        for i in range(COUNT):
            expect(r.recv_bytes(), i.to_bytes(4, 'big') * (SIZE // 4), f'message {i} (duplex={duplex})')
        check(done.wait(10), 'the sender did not finish')
        p.join()
        expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)

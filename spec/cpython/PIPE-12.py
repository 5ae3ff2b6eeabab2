"""PIPE-12: recv() waits for a message from another process: it returns after the child sends, not before."""
import time

from _probe import check, expect, main, spawn


def send_later(w, delay):
    time.sleep(delay)
    sent_at = time.time()
    w.send(sent_at)


def body():
    mp = spawn()
    for duplex in (True, False):
        r, w = mp.Pipe(duplex=duplex)
        p = mp.Process(target=send_later, args=(w, 0.3))
        p.start()
        sent_at = r.recv()  # blocks: no poll first
        returned_at = time.time()
        check(returned_at >= sent_at - 0.02, f'recv() returned {sent_at - returned_at:.3f} s before the child sent')
        check(returned_at - sent_at < 5, f'recv() returned {returned_at - sent_at:.3f} s after the child sent')
        p.join()
        expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)

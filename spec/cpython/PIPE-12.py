"""PIPE-12: recv() waits for a message from another process: it returns after the child sends, not before."""
import time

from _probe import check, expect, main, spawn


def send_later(w, delay):
    time.sleep(delay)
    sent_at = time.time()
    w.send(sent_at)


def body():
    mp = spawn()
    pipes = [mp.Pipe(duplex=duplex) for duplex in (True, False)]
    children = [mp.Process(target=send_later, args=(w, 0.3)) for _, w in pipes]
    for p in children:
        p.start()
    for r, _ in pipes:
        sent_at = r.recv()  # blocks: no poll first
        returned_at = time.time()
        check(returned_at >= sent_at - 0.02, f'recv() returned {sent_at - returned_at:.3f} s before the child sent')
        check(returned_at - sent_at < 5, f'recv() returned {returned_at - sent_at:.3f} s after the child sent')
    for p in children:
        p.join()
        expect(p.exitcode, 0, "the child's exitcode")


if __name__ == '__main__':
    main(body)

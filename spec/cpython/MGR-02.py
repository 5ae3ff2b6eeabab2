"""MGR-02: a manager queue carries items both ways between processes in FIFO order; get(timeout=0.3) on an empty one
raises queue.Empty no earlier than 0.3 s, and put(x, timeout=0.3) on a full Queue(1) raises queue.Full no earlier
than 0.3 s."""
import queue
import time

from _probe import check, expect, main, raises, spawn


def echo_three(inbox, outbox):
    for _ in range(3):
        outbox.put(inbox.get(timeout=10))
    outbox.put('from the child')


def body():
    mp = spawn()
    with mp.Manager() as m:
        inbox, outbox = m.Queue(), m.Queue()
        for x in (1, 'two', [3]):
            inbox.put(x)
        p = mp.Process(target=echo_three, args=(inbox, outbox))
        p.start()
        expect([outbox.get(timeout=10) for _ in range(4)], [1, 'two', [3], 'from the child'], 'items got back')
        p.join()
        began = time.monotonic()
        raises(queue.Empty, inbox.get, timeout=0.3)
        check(time.monotonic() - began >= 0.3, 'get(timeout=0.3) raised Empty early')
        full = m.Queue(1)
        full.put('only')
        began = time.monotonic()
        raises(queue.Full, full.put, 'more', timeout=0.3)
        check(time.monotonic() - began >= 0.3, 'put(timeout=0.3) raised Full early')
        expect(full.qsize(), 1, 'qsize() after the refused put')


if __name__ == '__main__':
    main(body)

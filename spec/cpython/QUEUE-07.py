"""QUEUE-07: maxsize <= 0 is unbounded: 10 000 puts with no consumer all return and full() stays False."""
import gc
from _probe import expect, main, spawn

COUNT = 10_000


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    for maxsize, count in ((0, COUNT), (-5, 1000)):
        q = mp.Queue(maxsize)
        for i in range(count):
            q.put_nowait(i)
        expect(q.full(), False, f'full() of Queue({maxsize}) after {count} puts')
        expect(q._maxsize, 2147483647, f'the bound CPython uses for Queue({maxsize})')
        expect([q.get(timeout=10) for _ in range(count)], list(range(count)), 'the items')
        settle(q)


if __name__ == '__main__':
    main(body)

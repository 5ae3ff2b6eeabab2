"""QUEUE-16: a process that puts and then exits normally loses nothing: after it is joined, every item it put is got
(items that fit in the pipe; a larger backlog keeps the child from exiting until someone gets it)."""
import gc
import os

from _probe import expect, main, spawn

COUNT = 200


def put_and_return(q):
    for i in range(COUNT):
        q.put(i)


def put_and_exit(q):
    put_and_return(q)
    import sys
    sys.exit(0)


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    for target in (put_and_return, put_and_exit):
        q = mp.Queue()
        p = mp.Process(target=target, args=(q,))
        p.start()
        p.join(10)
        expect(p.exitcode, 0, f"the child's exitcode ({target.__name__})")
        expect([q.get(timeout=10) for _ in range(COUNT)], list(range(COUNT)), 'items got after the child was joined')
        settle(q)


if __name__ == '__main__':
    main(body)

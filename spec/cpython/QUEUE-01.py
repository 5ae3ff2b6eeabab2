"""QUEUE-01: what one process puts another gets: an equal copy, None included, parent to child and child to parent."""
import gc
from _probe import expect, main, spawn

VALUES = [None, 'text', 7, 2.5, [1, [2, None]], {'k': (1, 2)}, b'\x00\x01']


def echo(inbox, outbox):
    for _ in VALUES:
        outbox.put(inbox.get(timeout=10))


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    inbox, outbox = mp.Queue(), mp.Queue()
    p = mp.Process(target=echo, args=(inbox, outbox))
    p.start()
    for v in VALUES:
        inbox.put(v)
    expect([outbox.get(timeout=10) for _ in VALUES], VALUES, 'items the child got from the parent and put back')
    p.join()
    expect(p.exitcode, 0, "the child's exitcode")
    settle(inbox, outbox)


if __name__ == '__main__':
    main(body)

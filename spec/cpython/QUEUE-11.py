"""QUEUE-11: empty() and full() describe a queue no process is changing: a new queue is empty and not full; once a
put has been flushed, not empty; a bounded queue with maxsize items is full (at once: full() counts like qsize()); an
unbounded queue is never full."""
import gc

from _probe import expect, main, spawn, wait_until


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q = mp.Queue(2)
    expect((q.empty(), q.full()), (True, False), '(empty(), full()) of a new Queue(2)')
    q.put('a')
    wait_until(lambda: not q.empty(), what='empty() becomes False after a put')
    expect(q.full(), False, 'full() with one item of two')
    q.put('b')
    expect(q.full(), True, 'full() right after the second put')
    q.get(timeout=10)
    q.get(timeout=10)
    expect((q.empty(), q.full()), (True, False), '(empty(), full()) after every item was got')
    unbounded = mp.Queue()
    for i in range(1000):
        unbounded.put(i)
    expect(unbounded.full(), False, 'full() of an unbounded queue after 1000 puts')
    for _ in range(1000):
        unbounded.get(timeout=10)
    settle(q, unbounded)


if __name__ == '__main__':
    main(body)

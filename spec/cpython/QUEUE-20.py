"""QUEUE-20: a full bounded JoinableQueue refuses a put as a Queue does: queue.Full."""
import gc
import queue
import time

from _probe import check, expect, main, raises, spawn


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    q = spawn().JoinableQueue(1)
    q.put('a')
    raises(queue.Full, q.put, 'b', False)
    raises(queue.Full, q.put_nowait, 'b')
    began = time.monotonic()
    raises(queue.Full, q.put, 'b', timeout=0.2)
    check(time.monotonic() - began >= 0.2, 'put(timeout=0.2) raised Full early')
    expect(q.qsize(), 1, 'qsize() after the refused puts')
    expect(q._unfinished_tasks.get_value(), 1, 'unfinished count after the refused puts')
    q.get(timeout=10)
    q.task_done()
    settle(q)


if __name__ == '__main__':
    main(body)

"""QUEUE-19: task_done() called more times than items were put raises ValueError('task_done() called too many
times') and leaves the count of unfinished items as it was (zero)."""
import gc
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
    q = spawn().JoinableQueue()
    expect(str(raises(ValueError, q.task_done)), 'task_done() called too many times', 'task_done() on a new queue')
    q.put('a')
    q.get(timeout=10)
    q.task_done()
    expect(str(raises(ValueError, q.task_done)), 'task_done() called too many times', 'a second task_done()')
    began = time.monotonic()
    q.join()  # the count is still zero, not -1
    check(time.monotonic() - began < 0.1, 'join() waited after the refused task_done()')
    q.put('b')
    expect(q._unfinished_tasks.get_value(), 1, 'unfinished count after one more put')
    q.get(timeout=10)
    q.task_done()
    settle(q)


if __name__ == '__main__':
    main(body)

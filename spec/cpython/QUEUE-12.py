"""QUEUE-12 (deviation): in CPython a put is not visible at once: put() only hands the item to the feeder thread, so
right after put() returns empty() can be True and get_nowait() can raise queue.Empty while qsize() is already 1.
Made deterministic by holding the queue's write lock, which keeps the feeder from writing; then measured without."""
import gc
import queue

from _probe import expect, main, raises, spawn

TRIALS = 100


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q = mp.Queue()
    q._wlock.acquire()  # the feeder pickles the item, then waits for this lock before writing it to the pipe
    q.put('item')
    expect(q.qsize(), 1, 'qsize() right after put()')
    expect(q.empty(), True, 'empty() right after put() while the feeder has not written')
    raises(queue.Empty, q.get_nowait)
    q._wlock.release()
    expect(q.get(timeout=10), 'item', 'get() once the feeder could write')
    empty_after_put = 0
    for i in range(TRIALS):
        q.put(i)
        empty_after_put += q.empty()
        q.get(timeout=10)
    print(f'[QUEUE-12] empty() was True right after put() in {empty_after_put} of {TRIALS} trials')
    settle(q)


if __name__ == '__main__':
    main(body)

"""QUEUE-15 (deviation): CPython pickles an item lazily, in the feeder thread, so a list changed after put() returns
can arrive changed. Made deterministic by holding the write lock so the feeder is still busy with an earlier item."""
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
    q = mp.Queue()
    q._wlock.acquire()
    q.put('earlier')  # the feeder pickles it and waits for the write lock
    wait_until(lambda: not q._buffer, what='the feeder took the earlier item')
    lst = [1]
    q.put(lst)
    lst.append(2)  # after put() returned
    q._wlock.release()
    expect(q.get(timeout=10), 'earlier', 'the earlier item')
    expect(q.get(timeout=10), [1, 2], 'the list, changed after put() returned')
    settle(q)


if __name__ == '__main__':
    main(body)

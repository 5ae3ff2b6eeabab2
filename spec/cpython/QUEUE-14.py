"""QUEUE-14 (deviation): in CPython, put() of an unpicklable item does not raise: the feeder thread prints the
traceback to stderr and drops the item; qsize() goes back to 0 and the queue stays usable."""
import gc
import queue

from _probe import check, expect, fd_captured, main, raises, spawn, wait_until


class Unpicklable:
    def __reduce__(self):
        raise TypeError('nope, not picklable')


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
    with fd_captured(2) as stderr:
        q.put(Unpicklable())  # returns normally
        wait_until(lambda: 'nope, not picklable' in stderr(), what='the traceback on stderr')
        wait_until(lambda: q.qsize() == 0, what='qsize() back to 0')
        raises(queue.Empty, q.get, timeout=0.2)
        check('Traceback' in stderr() and 'TypeError: nope, not picklable' in stderr(), f'stderr: {stderr()!r}')
    q.put('ok')
    expect(q.get(timeout=10), 'ok', 'an item put afterwards')
    settle(q)


if __name__ == '__main__':
    main(body)

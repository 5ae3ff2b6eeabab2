"""QUEUE-03: get(timeout) on an empty queue raises queue.Empty no earlier than the timeout; zero or a negative
timeout raises at once; an item another process puts meanwhile is returned promptly."""
import gc
import queue
import time

from _probe import check, expect, main, raises, spawn


def put_later(q):
    time.sleep(0.3)
    q.put('late')


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
    began = time.monotonic()
    message = str(raises(queue.Empty, q.get, timeout=0.3))
    took = time.monotonic() - began
    check(took >= 0.3, f'get(timeout=0.3) raised Empty after {took:.4f} s')
    expect(message, '', 'str() of queue.Empty')
    for kwargs in (dict(timeout=0), dict(timeout=-1), dict(block=True, timeout=-1)):
        began = time.monotonic()
        raises(queue.Empty, q.get, **kwargs)
        check(time.monotonic() - began < 0.1, f'get({kwargs}) waited {time.monotonic() - began:.3f} s')
    p = mp.Process(target=put_later, args=(q,))
    p.start()
    expect(q.get(timeout=10), 'late', 'get(timeout=10) while a child puts after 0.3 s')
    p.join()
    settle(q)


if __name__ == '__main__':
    main(body)

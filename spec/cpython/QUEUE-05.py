"""QUEUE-05: on a full Queue(2), put_nowait() raises queue.Full at once, put(x, timeout=0.3) no earlier than 0.3 s,
a zero or negative timeout at once; the item is not put."""
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
    q = spawn().Queue(2)
    q.put(1)
    q.put(2)
    expect(q.full(), True, 'full() after two puts')
    for name, call in (('put_nowait(3)', lambda: q.put_nowait(3)), ('put(3, False)', lambda: q.put(3, False)),
                       ('put(3, False, 5)', lambda: q.put(3, False, 5)), ('put(3, timeout=0)', lambda: q.put(3, timeout=0)),
                       ('put(3, True, -1)', lambda: q.put(3, True, -1))):
        began = time.monotonic()
        raises(queue.Full, call)
        check(time.monotonic() - began < 0.1, f'{name} waited {time.monotonic() - began:.3f} s')
    began = time.monotonic()
    raises(queue.Full, q.put, 3, timeout=0.3)
    took = time.monotonic() - began
    check(took >= 0.3, f'put(3, timeout=0.3) raised Full after {took:.4f} s')
    expect(q.qsize(), 2, 'qsize() after the refused puts')
    expect([q.get(timeout=10), q.get(timeout=10)], [1, 2], 'the items')
    raises(queue.Empty, q.get, timeout=0.1)
    settle(q)


if __name__ == '__main__':
    main(body)

"""QUEUE-04: get_nowait() and get(False) on an empty queue raise queue.Empty at once."""
import gc
import queue
import time

from _probe import check, main, raises, spawn


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    q = spawn().Queue()
    for name, call in (('get_nowait()', q.get_nowait), ('get(False)', lambda: q.get(False)),
                       ('get(False, 5)', lambda: q.get(False, 5))):
        began = time.monotonic()
        raises(queue.Empty, call)
        check(time.monotonic() - began < 0.1, f'{name} waited {time.monotonic() - began:.3f} s')
    settle(q)


if __name__ == '__main__':
    main(body)

"""QUEUE-02: get() waits until another process puts: it returns after the child's put, not before."""
import gc
import time

from _probe import check, expect, main, spawn


def put_later(q):
    time.sleep(0.3)
    q.put(time.time())


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
    p = mp.Process(target=put_later, args=(q,))
    p.start()
    put_at = q.get()  # blocks, no timeout
    returned_at = time.time()
    check(returned_at >= put_at - 0.02, f'get() returned {put_at - returned_at:.3f} s before the child put')
    check(returned_at - put_at < 5, f'get() returned {returned_at - put_at:.3f} s after the child put')
    p.join()
    expect(p.exitcode, 0, "the child's exitcode")
    settle(q)


if __name__ == '__main__':
    main(body)

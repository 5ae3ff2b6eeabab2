"""QUEUE-21: SimpleQueue carries items across processes, get() waits for a put, one producer's items keep their
order, and empty() is False as soon as put() has returned (no feeder thread)."""
import time

from _probe import check, expect, main, spawn

COUNT = 500


def produce(q, delay):
    time.sleep(delay)
    q.put(time.time())
    for i in range(COUNT):
        q.put(i)


def body():
    mp = spawn()
    q = mp.SimpleQueue()
    q.put('x')
    expect(q.empty(), False, 'empty() right after put()')
    expect(q.get(), 'x', 'get()')
    expect(q.empty(), True, 'empty() after get()')
    p = mp.Process(target=produce, args=(q, 0.3))
    p.start()
    put_at = q.get()  # waits for the child
    returned_at = time.time()
    check(returned_at >= put_at - 0.02, f'get() returned {put_at - returned_at:.3f} s before the child put')
    expect([q.get() for _ in range(COUNT)], list(range(COUNT)), "the child's items, in order")
    p.join()
    q.close()


if __name__ == '__main__':
    main(body)

"""QUEUE-06: put() on a full queue waits until another process gets, then puts."""
import gc
import time

from _probe import check, expect, main, spawn


def get_later(q, got):
    time.sleep(0.3)
    got.put((time.time(), q.get(timeout=10)))


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q, got = mp.Queue(1), mp.Queue()
    q.put('first')
    p = mp.Process(target=get_later, args=(q, got))
    p.start()
    q.put('second')  # blocks until the child gets 'first'
    returned_at = time.time()
    got_at, item = got.get(timeout=10)
    expect(item, 'first', 'what the child got')
    check(returned_at >= got_at - 0.02, f'put() returned {got_at - returned_at:.3f} s before the child got')
    expect(q.get(timeout=10), 'second', 'the item put once there was room')
    p.join()
    settle(q, got)


if __name__ == '__main__':
    main(body)

"""QUEUE-18: JoinableQueue.join() returns at once with no unfinished items, and otherwise only after task_done() was
called, in any process, for every item put."""
import gc
import time

from _probe import check, expect, main, spawn

ITEMS = 6


def work(q, done):
    while True:
        item = q.get()
        time.sleep(0.05)
        with done.get_lock():
            done.value += 1
        q.task_done()


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q = mp.JoinableQueue()
    began = time.monotonic()
    q.join()
    check(time.monotonic() - began < 0.1, 'join() with no unfinished items waited')
    done = mp.Value('i', 0)
    workers = [mp.Process(target=work, args=(q, done), daemon=True) for _ in range(2)]
    for p in workers:
        p.start()
    for i in range(ITEMS):
        q.put(i)
    q.join()
    expect(done.value, ITEMS, 'items processed when join() returned')
    for p in workers:
        p.kill()
        p.join()
    settle(q)


if __name__ == '__main__':
    main(body)

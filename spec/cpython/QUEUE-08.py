"""QUEUE-08: FIFO per producer: items one process (one thread) puts are got in the order put; several producer
processes and threads interleave, each keeping its own order."""
import gc
import multiprocessing
import threading

from _probe import expect, main

PRODUCERS = 3
EACH = 300


def produce(q, k):
    threads = [threading.Thread(target=lambda t=t: [q.put((k, t, i)) for i in range(EACH)]) for t in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    for method in ('fork', 'spawn'):
        mp = multiprocessing.get_context(method)
        q = mp.Queue()
        procs = [mp.Process(target=produce, args=(q, k)) for k in range(PRODUCERS)]
        for p in procs:
            p.start()
        got = [q.get(timeout=10) for _ in range(PRODUCERS * 2 * EACH)]
        for p in procs:
            p.join()
        for k in range(PRODUCERS):
            for t in range(2):
                expect([i for kk, tt, i in got if (kk, tt) == (k, t)], list(range(EACH)),
                       f'items of process {k}, thread {t}, in the order got ({method})')
        settle(q)


if __name__ == '__main__':
    main(body)

"""QUEUE-09: nothing lost, nothing duplicated: with 3 producer and 2 consumer processes the multiset got equals the
multiset put."""
import gc
from collections import Counter

from _probe import expect, main, spawn

PRODUCERS, CONSUMERS, EACH = 3, 2, 200


def produce(q, k):
    for i in range(EACH):
        q.put((k, i))


def consume(q, results):
    got = []
    while (item := q.get(timeout=10)) is not None:
        got.append(item)
    results.put(got)


def settle(*queues):
    """Closes the queues, waits for their feeders and collects the exceptions' reference cycles, so that no
    semaphore outlives the probe's resource tracker."""
    for q in queues:
        q.close()
        q.join_thread()
    gc.collect()


def body():
    mp = spawn()
    q, results = mp.Queue(), mp.Queue()
    producers = [mp.Process(target=produce, args=(q, k)) for k in range(PRODUCERS)]
    consumers = [mp.Process(target=consume, args=(q, results)) for _ in range(CONSUMERS)]
    for p in producers + consumers:
        p.start()
    for p in producers:
        p.join()
    for _ in consumers:
        q.put(None)
    got = Counter()
    for _ in consumers:
        got.update(results.get(timeout=10))
    for p in consumers:
        p.join()
    expect(got, Counter((k, i) for k in range(PRODUCERS) for i in range(EACH)), 'the multiset of items got')
    settle(q, results)


if __name__ == '__main__':
    main(body)

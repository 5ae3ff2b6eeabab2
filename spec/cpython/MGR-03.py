"""MGR-03: manager proxies travel anywhere: a queue proxy as a pool task argument and map item, as a Process argument,
through a Connection and through a multiprocessing Queue, and a lock proxy as a task argument, all reach the same
object. Tutorial 003: a manager queue, a consumer Process and Pool(3) with ten apply_async calls: the consumer gets
all ten."""
from _probe import expect, main, spawn


def spider(q, i):
    q.put(i)


def put_item(q):
    q.put('via map')
    return 'ok'


def toggle(lock):
    lock.acquire()
    lock.release()
    return 'toggled'


def insert_data(q, out):
    out.put(sorted(q.get(timeout=10) for _ in range(10)))


def body():
    mp = spawn()
    with mp.Manager() as m:
        q, out = m.Queue(), m.Queue()
        consumer = mp.Process(target=insert_data, args=(q, out))
        consumer.start()
        with mp.Pool(3) as pool:
            for i in range(1, 11):
                pool.apply_async(spider, (q, i))
            pool.close()
            pool.join()
            expect(out.get(timeout=10), list(range(1, 11)), 'what the consumer got')
            consumer.join()
        with mp.Pool(1) as pool:
            expect(pool.map(put_item, [q]), ['ok'], 'map with a queue proxy item')
            expect(q.get(timeout=10), 'via map', 'the item a map task put')
            expect(pool.apply(toggle, (m.Lock(),)), 'toggled', 'a lock proxy as a task argument')
        pool.join()
        a, b = mp.Pipe()
        a.send(q)
        b.recv().put('via a pipe')
        expect(q.get(timeout=10), 'via a pipe', 'a proxy received through a Connection')
        carrier = mp.Queue()
        carrier.put(q)
        carrier.get(timeout=10).put('via a queue')
        expect(q.get(timeout=10), 'via a queue', 'a proxy got from a multiprocessing Queue')
        carrier.close()
        carrier.join_thread()


if __name__ == '__main__':
    main(body)

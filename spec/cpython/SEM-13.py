"""SEM-13: the tutorial's producer-consumer, with its semaphores, lock and buffer passed to the children (spawn),
alternates and loses nothing: 0 <= produced - consumed <= 2 at every step, and every item arrives once, in order."""
from _probe import check, expect, main, recv, spawn

ITEMS = 8
SLOTS = 2


class Producer:
    def __init__(self, buffer, empty, full, lock, log):
        self.buffer, self.empty, self.full, self.lock, self.log = buffer, empty, full, lock, log

    def __call__(self):
        for item in range(ITEMS):
            self.empty.acquire()
            self.lock.acquire()
            self.buffer.put(item)
            self.log.send(('P', item))  # under the lock: the log's order is the lock's order
            self.lock.release()
            self.full.release()


class Consumer(Producer):
    def __call__(self):
        for _ in range(ITEMS):
            self.full.acquire()
            self.lock.acquire()
            self.log.send(('C', self.buffer.get(timeout=10)))
            self.lock.release()
            self.empty.release()


def body():
    mp = spawn()
    buffer, empty, full, lock = mp.Queue(10), mp.Semaphore(SLOTS), mp.Semaphore(0), mp.Lock()
    log, log_in = mp.Pipe(duplex=False)
    args = (buffer, empty, full, lock, log_in)
    children = [mp.Process(target=Producer(*args)), mp.Process(target=Consumer(*args))]
    for p in children:
        p.start()
    events = [recv(log) for _ in range(2 * ITEMS)]
    for p in children:
        p.join()
        expect(p.exitcode, 0, 'exitcode of the producer or the consumer')
    in_buffer = 0
    for step, (who, _) in enumerate(events):
        in_buffer += 1 if who == 'P' else -1
        check(0 <= in_buffer <= SLOTS, f'after step {step} the buffer held {in_buffer} items: {events}')
    expect([item for who, item in events if who == 'C'], list(range(ITEMS)), 'items the consumer took, in order')


if __name__ == '__main__':
    main(body)

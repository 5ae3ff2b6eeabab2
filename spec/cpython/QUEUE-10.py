"""QUEUE-10: qsize() counts the items put and not yet got, exactly while no process puts or gets (right after put()
in CPython, whose count includes items still in the feeder's buffer), and is never negative."""
import gc

from _probe import expect, main, recv, spawn


def take_one(q, conn):
    conn.send(q.get(timeout=10))


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
    expect(q.qsize(), 0, 'qsize() of a new queue')
    for i in range(3):
        q.put(i)
        expect(q.qsize(), i + 1, f'qsize() right after put number {i + 1}')
    here, there = mp.Pipe()
    p = mp.Process(target=take_one, args=(q, there))
    p.start()
    expect(recv(here), 0, 'what the child got')
    p.join()
    expect(q.qsize(), 2, 'qsize() after a child got one item')
    q.get(timeout=10)
    q.get(timeout=10)
    expect(q.qsize(), 0, 'qsize() after every item was got')
    settle(q)


if __name__ == '__main__':
    main(body)

"""LOCK-12: an RLock is recursive per (process, thread) and needs one release() per acquire()."""
import threading

from _probe import expect, main, recv, spawn


def probe_in_child(lock, requests, replies):
    while recv(requests) == 'try':
        acquired = lock.acquire(False)
        if acquired:
            lock.release()
        replies.send(acquired)


def in_thread(lock):
    box = []
    t = threading.Thread(target=lambda: box.append(lock.acquire(False)))
    t.start()
    t.join()
    return box[0]


def body():
    mp = spawn()
    lock = mp.RLock()
    child_requests, requests = mp.Pipe(duplex=False)
    replies, child_replies = mp.Pipe(duplex=False)
    p = mp.Process(target=probe_in_child, args=(lock, child_requests, child_replies))
    p.start()

    def child_acquires():
        requests.send('try')
        return recv(replies)

    expect([lock.acquire(), lock.acquire(False), lock.acquire(timeout=0)], [True, True, True],
           'acquire(), acquire(False), acquire(timeout=0) by the owner of an RLock')
    for remaining in (3, 2, 1):
        expect(child_acquires(), False, f"a child's acquire(False) while the parent holds the RLock {remaining} times")
        expect(in_thread(lock), False, f"another thread's acquire(False) while the main thread holds it {remaining} times")
        lock.release()
    expect(child_acquires(), True, "a child's acquire(False) after the third release()")
    expect(in_thread(lock), True, "another thread's acquire(False) after the third release() (that thread keeps it)")
    requests.send('stop')
    p.join()


if __name__ == '__main__':
    main(body)
